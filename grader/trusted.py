"""The trusted side of grading: test cells run here, in a kernel no student code runs in.

grader.execute starts this kernel beside the student's, runs `connect(...)` in it, and before each test
cell `prepare(names)`: every name the cell uses that the student's notebook defines becomes a `Remote`
here. Calling a `Remote` runs the student's function in the student's kernel (through grader.agent)
and brings back only data (grader.wire): the verdict of the test cell (its assertions, the checks'
comparisons, the expected values) is computed here, where student code cannot reach.

- Arguments cross as copies; what the student's function changed in place is copied back into the
  caller's objects, and a change to an argument the function may not modify (everything but the week's
  `utils.checks.<week>.MAY_MODIFY`) raises `InputChanged`, so hidden tests get the engine's guarantee.
- A callable argument (e.g. `f` in `numerical_gradient(f, x)`) stays here and is called back through
  the student kernel's stdin channel; a student function called from inside such a callback runs within
  the same exchange.
- What the student's function printed is shown with the test's output (its own stderr as stderr, which
  nbgrader scores as a failure, as it documents); library noise (TensorFlow, absl, Keras) is dropped,
  and nothing at all is shown while the hidden part of a test cell runs.
"""
from __future__ import annotations

import ast
import builtins
import inspect
import json
import os
import sys
import uuid
from pathlib import Path

import numpy as np

from . import wire
from .agent import CALLBACK, REPLY

STDERR = "application/x-dlf-stderr"
_AGENT = "\n\n".join(Path(__file__).with_name(name).read_text() for name in ("wire.py", "agent.py"))
_BOOT = ("import types as _dlf_types\n__dlf_agent__ = _dlf_types.ModuleType('dlf_agent')\n"
         "exec(compile({source!r}, '<dlf-agent>', 'exec'), __dlf_agent__.__dict__)\n"
         "__dlf_agent__.setup({shared!r})\ndel _dlf_types\n")


class InputChanged(AssertionError):
    """A graded function changed an argument it may not modify."""


class StudentError(Exception):
    """The student's kernel could not run a call (it gave no answer)."""


class _Session:
    def __init__(self, connection: dict, shared: str, week: str):
        from jupyter_client import BlockingKernelClient

        self.kc = BlockingKernelClient()
        self.kc.load_connection_info(connection)
        self.kc.start_channels()
        self.shared, self.week = shared, week
        self.hidden = False
        self.callbacks: dict[int, object] = {}
        self.calls: list[list] = []      # the argument lists of the calls in progress (innermost last)
        self.nested = 0                  # > 0 while a callback runs: a student call is then sent as its answer
        self.reemitting = False          # a student's warning is being raised again here
        try:
            module = __import__(f"utils.checks.{week}", fromlist=["MAY_MODIFY"])
            self.may_modify = dict(getattr(module, "MAY_MODIFY", {}))
        except ImportError:
            self.may_modify = {}

    # --- what crosses -------------------------------------------------------------------------------
    def export(self, obj):
        if isinstance(obj, Remote):
            return obj._target
        if isinstance(obj, StudentObject):
            return {"t": "handle", "id": obj._id}
        keras = sys.modules.get("keras")
        if keras is not None and isinstance(obj, keras.Model):
            path = os.path.join(self.shared, f"trusted-{uuid.uuid4().hex}.keras")
            obj.save(path)
            os.chmod(path, 0o644)
            return {"t": "keras", "path": path}
        if callable(obj):
            key = len(self.callbacks) + 1
            self.callbacks[key] = obj
            return {"t": "cb", "id": key, "name": getattr(obj, "__name__", "f")}
        raise wire.WireError(f"a {type(obj).__name__} cannot be passed to a student function")

    def imports(self, node):
        tag = node["t"]
        if tag == "iter":
            return iter([wire.decode(v, self.imports) for v in node["v"]])
        if tag == "handle":
            key, kind = int(node["id"]), str(node.get("type", "object"))[:80]
            if node.get("call") is True:
                return Remote({"t": "handle", "id": key}, f"<{kind}>")
            return StudentObject(key, kind)
        if tag == "keras":
            path = os.path.realpath(str(node["path"]))
            if os.path.dirname(path) != os.path.realpath(self.shared) or not path.endswith(".keras"):
                raise wire.WireError("a model file outside the shared folder")
            import keras
            return keras.models.load_model(path, safe_mode=True)
        raise wire.WireError(f"unknown data tag {tag!r}")

    # --- one call ------------------------------------------------------------------------------------
    def call(self, remote: "Remote", args: tuple, kwargs: dict):
        request = {"fn": remote._target if remote._target["t"] == "handle" else remote._target["name"],
                   "args": list(args), "kwargs": kwargs, "numerics": _numerics()}
        values = list(args) + list(kwargs.values())
        self.calls.append(values)
        try:
            if self.nested:
                self.kc.input(json.dumps({"t": "dict", "v": [["call", wire.encode(request, self.export)]]}))
                reply = self._wait(None)
            else:
                code = f"__dlf_agent__.call({wire.dumps(request, self.export)!r})"
                reply = self._wait(self.kc.execute(code, silent=False, store_history=False, allow_stdin=True))
        finally:
            self.calls.pop()
        return self._outcome(remote, reply, values, list(args), kwargs)

    def _wait(self, msg_id: str | None):
        """Serve callbacks until the call answers: the reply display (top level, `msg_id`) or the
        `result` sent through stdin (a call made from inside a callback)."""
        import zmq

        kc, reply, replied, idle = self.kc, None, False, False
        poller = zmq.Poller()
        for channel in (kc.shell_channel, kc.iopub_channel, kc.stdin_channel):
            poller.register(channel.socket, zmq.POLLIN)
        while True:
            if msg_id is not None and replied and idle:
                break
            poller.poll(200)
            while kc.stdin_channel.msg_ready():
                msg = kc.stdin_channel.get_msg(timeout=0)
                prompt = str(msg["content"].get("prompt", ""))
                if msg["msg_type"] != "input_request" or not prompt.startswith(CALLBACK):
                    kc.input("")  # the student's own input(): there is no one to answer it
                    continue
                try:
                    node = json.loads(prompt[len(CALLBACK):])
                    if isinstance(node, dict) and "result" in node and "t" not in node:
                        return node["result"]   # a student call made from a callback has finished
                    answer = self._callback(wire.decode(node, self.imports))
                except (ValueError, wire.WireError) as exc:
                    answer = wire.dumps({"error": {"type": "ValueError", "msg": f"malformed callback: {exc}"}})
                kc.input(answer)
            while kc.iopub_channel.msg_ready():
                msg = kc.iopub_channel.get_msg(timeout=0)
                if msg_id is None or msg["parent_header"].get("msg_id") != msg_id:
                    continue
                kind, content = msg["msg_type"], msg["content"]
                if kind == "display_data" and REPLY in content.get("data", {}):
                    reply = content["data"][REPLY]
                elif kind == "status" and content.get("execution_state") == "idle":
                    idle = True
            while kc.shell_channel.msg_ready():
                msg = kc.shell_channel.get_msg(timeout=0)
                if msg_id is not None and msg["parent_header"].get("msg_id") == msg_id:
                    replied = True
                    if reply is None and msg["content"].get("status") == "error":
                        reply = {"error": {"type": "RuntimeError", "msg": "the student's kernel could not run the "
                                           f"call: {msg['content'].get('ename')}: {msg['content'].get('evalue')}"}}
        if isinstance(reply, str):
            try:
                reply = json.loads(reply)
            except ValueError:
                reply = None
        if not isinstance(reply, dict):
            raise StudentError("the student's kernel gave no answer to the call")
        return reply

    def _callback(self, payload) -> str:
        """Run a function of this side that a student function called; the answer as stdin text."""
        try:
            func = self.callbacks[int(payload["cb"])]
            for index, value in dict(payload.get("sync", {})).items():
                _copy_into(self.calls[-1], int(index), value)
            self.nested += 1
            try:
                value = func(*payload["args"], **payload["kwargs"])
            finally:
                self.nested -= 1
            return json.dumps({"t": "dict", "v": [["value", wire.encode(value, self.export)]]})
        except Exception as exc:  # noqa: BLE001 - the student's function sees it as the callable raising
            return wire.dumps({"error": {"type": type(exc).__name__, "msg": str(exc)}})

    def _outcome(self, remote, reply, values, args, kwargs):
        self._show(reply.get("output"))
        changed = reply.get("changed") or {}
        if not isinstance(changed, dict):
            changed = {}
        names = list(remote._params[:len(args)]) + [f"argument {i + 1}" for i in range(len(remote._params), len(args))]
        names += list(kwargs)
        for index, node in changed.items():
            i = int(index)
            if 0 <= i < len(values) and node is not None:
                _copy_into(values, i, wire.decode(node, self.imports))
        listed = reply.get("modified") if isinstance(reply.get("modified"), list) else []
        modified = [names[i] for i in listed if isinstance(i, int) and 0 <= i < len(values)
                    and names[i] not in self.may_modify.get(remote._name, ())]
        self._warn(reply.get("warnings"))
        error = reply.get("error")
        if isinstance(error, dict):
            raise _exception(error)
        if modified:
            which = ", ".join(f"`{n}`" for n in modified)
            raise InputChanged(f"{remote._name} changed its input {which} in place; graded functions leave the "
                               f"caller's arrays, lists and dicts as they were (work on a copy or build a new array)")
        return wire.decode(reply.get("value"), self.imports)

    def _warn(self, caught) -> None:
        """Warnings the student's own code raised: raised again here, under the caller's filters, so that a
        test recording warnings sees them and a default filter shows them as the student's stderr."""
        import warnings

        for item in caught if isinstance(caught, list) else []:
            try:
                kind, message, filename, lineno = item
                category = getattr(builtins, str(kind), None)
                if not (isinstance(category, type) and issubclass(category, Warning)):
                    category = UserWarning
                self.reemitting = True
                warnings.warn_explicit(str(message), category, str(filename), int(lineno), registry={})
            except (TypeError, ValueError):
                continue
            finally:
                self.reemitting = False

    def _show(self, output) -> None:
        if self.hidden or not isinstance(output, dict):
            return
        if isinstance(output.get("stdout"), str) and output["stdout"]:
            sys.stdout.write(output["stdout"])
            sys.stdout.flush()
        if isinstance(output.get("stderr"), str) and output["stderr"]:
            from IPython.display import publish_display_data
            sys.stdout.flush()
            publish_display_data({STDERR: output["stderr"]})


def _numerics() -> dict:
    """The caller's NumPy error handling and warning filters, for the student's side to call under: a test
    that turns overflow into an error, or warnings into exceptions, gets the same there."""
    import warnings

    filters = []
    for action, message, category, module, lineno in warnings.filters:
        if isinstance(category, type) and getattr(builtins, category.__name__, None) is category:
            filters.append([action, getattr(message, "pattern", "") or "", category.__name__,
                            getattr(module, "pattern", "") or "", int(lineno)])
    return {"err": dict(np.geterr()), "filters": filters}


def _show_warning(message, category, filename, lineno, file=None, line=None):
    """The trusted kernel's warnings.showwarning: a student's warning raised again by a proxy is shown as the
    student's stderr (nbgrader scores stderr as a failure); the trusted side's own warnings are noise."""
    import warnings

    session = _SESSION
    if session is None or not session.reemitting:
        return
    session._show({"stderr": warnings.formatwarning(message, category, filename, lineno, "")})


def _copy_into(values: list, index: int, new) -> None:
    """Make the caller's object at values[index] equal to `new`, in place where it is mutable."""
    old = values[index]
    try:
        if isinstance(old, np.ndarray) and isinstance(new, np.ndarray) and old.shape == new.shape:
            np.copyto(old, new, casting="unsafe")
        elif isinstance(old, list) and isinstance(new, list):
            old[:] = new
        elif isinstance(old, dict) and isinstance(new, dict):
            old.clear()
            old.update(new)
    except (TypeError, ValueError):
        pass


def _exception(error: dict) -> BaseException:
    kind = getattr(builtins, str(error.get("type")), None)
    if not (isinstance(kind, type) and issubclass(kind, BaseException)) or kind in (SystemExit, GeneratorExit):
        kind = RuntimeError
    message = str(error.get("msg", ""))
    where = error.get("where")
    if isinstance(where, list) and where and kind is not NotImplementedError:
        message += "\n    in your code, " + "\n    ".join(str(w)[:300] for w in where)
    return kind(message)


class _StudentGlobals:
    """What a Remote offers as `__globals__`: the student's other functions, looked up on demand (a check of
    a backward pass finds the student's forward pass there, as it would in one kernel)."""

    def get(self, name, default=None):
        namespace: dict = {}
        prepare_names = [name] if isinstance(name, str) and name.isidentifier() else []
        _bind(prepare_names, namespace)
        return namespace.get(name, default)

    def __getitem__(self, name):
        missing = object()
        value = self.get(name, missing)
        if value is missing:
            raise KeyError(name)
        return value

    def __contains__(self, name):
        return self.get(name) is not None


class Remote:
    """A student's function, called in the student's kernel."""

    __globals__ = _StudentGlobals()

    def __init__(self, target: dict, name: str, params=(), stub: bool = False):
        """`params`: [name, kind, has default, default] of each parameter, as the student's kernel saw them;
        `stub`: the student's kernel found it a release stub (the checks then say "not implemented" at once)."""
        self._target, self._name, self._dlf_stub = target, name, stub
        self._params = [p[0] for p in params if p[1] in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
        self.__name__ = self.__qualname__ = name
        try:
            self.__signature__ = inspect.Signature([
                inspect.Parameter(p[0], getattr(inspect.Parameter, p[1]),
                                  **({"default": wire.decode(p[3])} if p[2] else {})) for p in params])
        except (TypeError, ValueError, AttributeError, IndexError, wire.WireError):
            pass

    def __call__(self, *args, **kwargs):
        return _SESSION.call(self, args, kwargs)

    def __repr__(self):
        return f"<function {self._name} (the student's, in the student's kernel)>"


class StudentObject:
    """An object of the student's kernel that is not data: it can only be passed back to student functions."""

    def __init__(self, key: int, kind: str):
        self._id, self._kind = key, kind

    def __repr__(self):
        return f"<{self._kind} object of the student's kernel>"


_SESSION: _Session | None = None


def connect(connection: dict, shared: str, week: str) -> None:
    """Connect this kernel to the student's (its connection info) for the test cells of `week`."""
    import warnings

    global _SESSION
    _SESSION = _Session(connection, shared, week)
    warnings.showwarning = _show_warning


def warm_up(week: str, libraries: bool = True) -> None:
    """Import now, while the student's cells run, what the week's checks will import at their first call
    (TensorFlow only if `libraries`: a submission whose answers are all as handed out meets checks that stop
    at its stubs). The seeding hook is installed either way, Keras with it: a check that seeds before it calls
    the student's function must seed the student's kernel too, wherever that function was defined."""
    import importlib

    try:
        module = importlib.import_module(f"utils.checks.{week}")
        text = Path(module.__file__).read_text()
        # Only a module that imports TensorFlow (a mention, e.g. in OWN_WORK's names, is not one): weeks 1 and 2
        # never need it, and its import is most of a trusted kernel's start-up.
        if libraries and _imported_packages(text) & {"tensorflow", "keras"}:
            import tensorflow  # noqa: F401
        if "set_random_seed" in text:
            _seed_both_kernels()
    except Exception:  # noqa: BLE001 - only a head start; the tests import what they need themselves
        pass


def _imported_packages(source: str) -> set[str]:
    """The top-level packages a module's source imports anywhere (at the top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def install_agent() -> None:
    """(Re)install the agent in the student's kernel: it is student-writable, so do it before each test."""
    s = _SESSION
    code = _BOOT.format(source=_AGENT, shared=s.shared)
    msg_id = s.kc.execute(code, silent=True, store_history=False, allow_stdin=False)
    reply = s.kc.get_shell_msg(timeout=120)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = s.kc.get_shell_msg(timeout=120)


# A test cell may use what the notebook imported (np, math, ...): the trusted kernel imports the same module
# itself, if it is one of these packages; `checks` is always the trusted kernel's own utils.checks.
MODULES = {"numpy", "math", "cmath", "utils", "tensorflow", "keras", "sklearn", "scipy", "matplotlib", "random",
           "itertools", "collections", "functools", "statistics", "copy", "operator", "string", "re"}
OWN = {"checks"}


def _seed_both_kernels() -> None:
    """Make keras.utils.set_random_seed seed the student's kernel too: a hidden test seeds, then calls the
    student's builder, whose weights are drawn over there."""
    import keras

    original = keras.utils.set_random_seed
    if getattr(original, "_dlf", False):
        return

    def set_random_seed(seed):
        original(seed)
        session = _SESSION
        session._wait(session.kc.execute(f"__dlf_agent__.seed({int(seed)})", silent=False, store_history=False,
                                         allow_stdin=False))
    set_random_seed._dlf = True
    keras.utils.set_random_seed = set_random_seed


def prepare(names: list[str], namespace: dict, seeds: bool = False) -> None:
    """Bind, in `namespace`, each of `names` that the student's notebook defines: functions as Remotes,
    modules as the trusted kernel's own import of them, data as its value; a name the notebook does not
    define is removed, so the test meets a NameError as it would in one kernel."""
    names = [n for n in names if n not in OWN]
    install_agent()
    if seeds:
        _seed_both_kernels()
    _bind(names, namespace)


def _bind(names: list[str], namespace: dict) -> None:
    import importlib

    s = _SESSION
    reply = s._wait(s.kc.execute(f"__dlf_agent__.describe({json.dumps(json.dumps(names))})", silent=False,
                                 store_history=False, allow_stdin=False))
    info = reply.get("names") if isinstance(reply, dict) else None
    for name in names:
        entry = info.get(name) if isinstance(info, dict) else None
        namespace.pop(name, None)
        if not isinstance(entry, dict) or entry.get("kind") == "missing":
            continue
        if entry.get("kind") == "module":
            module = str(entry.get("module", ""))
            if module.split(".")[0] in MODULES:
                try:
                    namespace[name] = importlib.import_module(module)
                except ImportError:
                    pass
            continue
        if entry.get("kind") == "function" and _library(entry, namespace, name):
            continue
        if entry.get("kind") == "function":
            params = [p for p in entry.get("params", []) if isinstance(p, list) and len(p) == 4
                      and isinstance(p[0], str) and p[0].isidentifier() and isinstance(p[1], str)]
            namespace[name] = Remote({"t": "fn", "name": name}, name, params, stub=entry.get("stub") is True)
        else:
            namespace[name] = wire.decode(entry.get("value"), s.imports)


def _library(entry: dict, namespace: dict, name: str) -> bool:
    """A function or class of a library the notebook imported (utils.checks' run_cases, np.maximum): the
    trusted kernel uses its own copy of it, so a test's tools never run on the student's side."""
    import importlib

    module, qualname = str(entry.get("module", "")), str(entry.get("qualname", ""))
    if module.split(".")[0] not in MODULES or not qualname or "<" in qualname:
        return False
    try:
        value = importlib.import_module(module)
        for part in qualname.split("."):
            value = getattr(value, part)
    except (ImportError, AttributeError):
        return False
    namespace[name] = value
    return True


def hidden(on: bool) -> None:
    """While the hidden part of a test cell runs, nothing the student's code prints is shown."""
    _SESSION.hidden = bool(on)
