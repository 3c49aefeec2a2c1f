"""The student's side of a graded call. Runs INSIDE the student's (sandboxed) kernel, so nothing here is
trusted: it is a convenience that turns calls from the trusted kernel into calls of the student's functions.

grader.execute sends this file's text (after grader.wire's) into the student's kernel, where it lives as a
module object `__dlf_agent__`. The trusted kernel (grader.trusted) then sends code such as
`__dlf_agent__.call('<json>')`; the reply is a display message of type REPLY holding JSON data. Student
code can replace all of this; it then only spoils its own answers, since every reply is decoded strictly
as data on the trusted side and checked there.

A call: decode the arguments (handles back to the objects they stand for, callbacks to stubs that call
the trusted side through the kernel's stdin channel), call the function with its output captured, and
reply with the result as data (iterators materialised, Keras models as `.keras` files, anything else as a
handle), the arguments it changed in place, what it printed, and the exception it raised, if any.
"""
import builtins
import copy
import itertools
import os
import sys
import traceback
import uuid
import warnings

REPLY = "application/x-dlf-reply+json"
CALLBACK = "\x00dlf-callback:"
MAX_ITEMS = 100_000
MAX_TEXT = 200_000

_handles: dict = {}
_state = {"shared": None, "sync": None, "synced": set()}


def setup(shared):
    """`shared`: the folder both kernels see, for model files."""
    _state["shared"] = shared


def _ns():
    return get_ipython().user_ns  # noqa: F821 - the kernel's shell


def _handle(obj):
    key = len(_handles) + 1
    _handles[key] = obj
    return {"t": "handle", "id": key, "type": type(obj).__name__, "call": callable(obj)}


def _export(obj):
    """Encode what is not plain data: arrays in disguise, iterators, Keras models, the rest as handles."""
    keras = sys.modules.get("keras")
    if keras is not None and isinstance(obj, keras.Model):
        path = os.path.join(_state["shared"] or ".", f"model-{uuid.uuid4().hex}.keras")
        obj.save(path)
        os.chmod(path, 0o644)
        return {"t": "keras", "path": path}
    if hasattr(obj, "__array__") and not callable(obj):
        array = np.asarray(obj)  # noqa: F821 - numpy from grader.wire, sent with this file
        if array.dtype.char in DTYPES:  # noqa: F821
            return _array(array)  # noqa: F821
    if hasattr(obj, "__next__") and hasattr(obj, "__iter__"):
        items = list(itertools.islice(obj, MAX_ITEMS + 1))
        if len(items) > MAX_ITEMS:
            raise WireError(f"returned an iterator with more than {MAX_ITEMS} items")  # noqa: F821
        return {"t": "iter", "v": [encode(v, _export) for v in items]}  # noqa: F821
    return _handle(obj)


class _Callback:
    """Stands for a function of the trusted side; calling it asks that side to run it."""

    def __init__(self, key, name):
        self.key, self.__name__ = key, name

    def __repr__(self):
        return f"<function {self.__name__}>"

    def __call__(self, *args, **kwargs):
        message = dumps({"cb": self.key, "args": list(args), "kwargs": kwargs, "sync": _sync()}, _export)  # noqa: F821
        while True:
            answer = loads(get_ipython().kernel.raw_input(CALLBACK + message), _import)  # noqa: F821
            if "call" not in answer:
                break
            # the trusted function called a student function in turn: run it here, send its result back
            saved = _state["sync"], _state["synced"]
            message = json.dumps({"result": _run(answer["call"])}, separators=(",", ":"))  # noqa: F821
            _state["sync"], _state["synced"] = saved
        if "error" in answer:
            raise _exception(answer["error"])
        return answer["value"]


def _import(node):
    tag = node["t"]
    if tag == "handle":
        return _handles[int(node["id"])]
    if tag == "fn":
        return _ns()[str(node["name"])]
    if tag == "cb":
        return _Callback(int(node["id"]), str(node.get("name", "f")))
    if tag == "keras":
        import keras
        return keras.models.load_model(str(node["path"]), safe_mode=True)
    if tag == "iter":
        return iter([decode(v, _import) for v in node["v"]])  # noqa: F821
    raise WireError(f"unknown tag {tag!r}")  # noqa: F821


def _exception(info):
    kind = getattr(builtins, str(info.get("type")), None)
    if not (isinstance(kind, type) and issubclass(kind, Exception)):
        kind = RuntimeError
    return kind(str(info.get("msg", "")))


def _sync():
    """The call's arguments that changed since the last look, so a callback sees the caller's objects as they
    are now (a finite-difference probe changes x in place and calls f, which may read x)."""
    sync = _state["sync"]
    if sync is None:
        return {}
    values, shadow = sync
    changed = {}
    for index, value in enumerate(values):
        if not _same(shadow[index], value):
            changed[str(index)] = value
            shadow[index] = copy.deepcopy(value)
            _state["synced"].add(index)
    return changed


def _same(a, b):
    """Deep equality of data (arrays, lists, tuples, dicts, numbers, strings); other objects count as same."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):  # noqa: F821 - numpy from grader.wire
        return (type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
                and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))  # noqa: F821
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) or isinstance(b, dict):
        return type(a) is type(b) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (int, float, complex, str, bytes, np.generic)) or a is None:  # noqa: F821
        try:
            return type(a) is type(b) and (bool(a == b) or (a != a and b != b))
        except Exception:  # noqa: BLE001
            return False
    return True


class _Capture:
    """sys.stdout / sys.stderr during a call. Text written from the student's own cells is theirs; text a
    library writes (TensorFlow's and Keras' notices, progress bars) is noise and is kept apart."""

    def __init__(self, name, sink):
        self.name, self.sink = name, sink
        self.encoding, self.errors = "utf-8", "replace"

    def write(self, text):
        # who wrote: print() is C code, so the frame above is the student's own line; a library writes
        # from its own module (logging, tqdm, absl)
        own = _own_file(sys._getframe(1).f_code.co_filename)
        self.sink.append((self.name if own else "noise", str(text)))
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False


def _own_file(filename):
    return "ipykernel_" in filename or filename.startswith("<ipython-input")


def _output(sink, caught):
    out = {"stdout": "", "stderr": "", "noise": ""}
    for name, text in sink:
        out[name] += text
    for w in caught:
        line = warnings.formatwarning(w.message, w.category, w.filename, w.lineno, "")
        out["stderr" if _own_file(w.filename) else "noise"] += line
    return {k: v[-MAX_TEXT:] for k, v in out.items()}


def seed(value):
    """The trusted side seeded Keras (keras.utils.set_random_seed): seed the student's kernel the same way,
    so a model the student's function builds starts from the same weights in every grading run."""
    try:
        import keras
        keras.utils.set_random_seed(int(value))
    except Exception:  # noqa: BLE001 - no Keras here: nothing to seed
        pass
    _reply({"value": None})


def _errstate(numerics):
    err = numerics.get("err") if isinstance(numerics.get("err"), dict) else {}
    allowed = {"ignore", "warn", "raise", "call", "print", "log"}
    return {k: v for k, v in err.items() if k in ("divide", "over", "under", "invalid") and v in allowed}


def _filters(numerics):
    """The caller's warning filters (builtin categories), in the caller's order."""
    warnings.resetwarnings()
    for action, message, kind, module, lineno in numerics.get("filters", []) or []:
        category = getattr(builtins, str(kind), None)
        if isinstance(category, type) and issubclass(category, Warning):
            try:
                warnings.filterwarnings(str(action), message=str(message), category=category, module=str(module),
                                        lineno=int(lineno), append=True)
            except (ValueError, TypeError, AssertionError):
                pass


def describe(request):
    """What the names a test cell uses are in the student's namespace: a function (with its parameter
    names), data, something else, or missing."""
    import inspect
    names, ns, info = loads(request), _ns(), {}  # noqa: F821
    for name in names:
        if name not in ns:
            info[name] = {"kind": "missing"}
        elif isinstance(ns[name], type(sys)):
            info[name] = {"kind": "module", "module": str(getattr(ns[name], "__name__", ""))}
        elif callable(ns[name]):
            params = []
            try:
                for p in inspect.signature(ns[name]).parameters.values():
                    try:
                        default = None if p.default is p.empty else encode(p.default)  # noqa: F821
                    except Exception:  # noqa: BLE001 - a default that is not data is left out
                        default = None
                    params.append([p.name, p.kind.name, p.default is not p.empty, default])
            except (TypeError, ValueError):
                pass
            info[name] = {"kind": "function", "params": params, "stub": _is_stub(ns[name]),
                          "module": str(getattr(ns[name], "__module__", "") or ""),
                          "qualname": str(getattr(ns[name], "__qualname__", "") or "")}
        else:
            try:
                info[name] = {"kind": "data", "value": encode(ns[name])}  # noqa: F821
            except Exception:  # noqa: BLE001 - not data: a handle stands for it
                info[name] = {"kind": "data", "value": _handle(ns[name])}
    _reply({"names": info})


def _is_stub(fn) -> bool:
    """Whether the function is a release stub (utils.checks.engine.is_stub, here in the student's kernel: what
    it says can only cost the student the points of that function, which a stub gets none of anyway)."""
    try:
        from utils.checks.engine import is_stub
        return is_stub(fn) is True
    except Exception:  # noqa: BLE001 - then it is taken for an answer, and the check runs in full
        return False


def call(request):
    """Run one call of a student function and reply with its result as data."""
    _reply(_run(loads(request, _import)))  # noqa: F821


def _run(req):
    target = req["fn"]
    fn = _ns().get(target) if isinstance(target, str) else target
    args, kwargs = list(req["args"]), dict(req["kwargs"])
    if fn is None:
        return {"error": {"type": "NameError", "msg": f"name '{target}' is not defined"}}
    try:
        before = copy.deepcopy(args + list(kwargs.values()))
    except Exception:  # noqa: BLE001 - an argument that cannot be copied is not compared
        before = None
    sink, old = [], (sys.stdout, sys.stderr)
    _state["sync"] = (args + list(kwargs.values()), copy.deepcopy(before) if before is not None else [])
    _state["synced"] = set()
    reply = {}
    numerics = req.get("numerics") if isinstance(req.get("numerics"), dict) else {}
    with warnings.catch_warnings(record=True) as caught, np.errstate(**_errstate(numerics)):  # noqa: F821
        _filters(numerics)
        sys.stdout, sys.stderr = _Capture("stdout", sink), _Capture("stderr", sink)
        try:
            result = fn(*args, **kwargs)
            reply["value"] = encode(result, _export)  # noqa: F821
        except KeyboardInterrupt:
            reply["error"] = {"type": "KeyboardInterrupt", "msg": "interrupted"}
        except SystemExit as exc:
            reply["error"] = {"type": "RuntimeError", "msg": f"the function called sys.exit({exc.code!r})"}
        except BaseException as exc:  # noqa: BLE001 - every student error becomes data
            kind = next((k.__name__ for k in type(exc).__mro__ if getattr(builtins, k.__name__, None) is k), "Exception")
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if _own_file(f.filename)]
            reply["error"] = {"type": kind, "name": type(exc).__name__, "msg": str(exc)[:4000],
                              "where": [f"line {f.lineno}: {f.line}" for f in frames[-3:]]}
        finally:
            sys.stdout, sys.stderr = old
            _state["sync"] = None
            synced, _state["synced"] = _state["synced"], set()
    reply["output"] = _output(sink, [])
    reply["warnings"] = [[w.category.__name__, str(w.message)[:2000], w.filename, w.lineno] for w in caught
                         if _own_file(w.filename) and getattr(builtins, w.category.__name__, None) is w.category]
    if before is not None:
        after = args + list(kwargs.values())
        changed, modified = {}, []
        for index, (old_value, new_value) in enumerate(zip(before, after)):
            differs = not _same(old_value, new_value)
            if differs:
                modified.append(index)
            if differs or index in synced:   # a callback saw a probed value: the caller gets the final one
                try:
                    changed[str(index)] = encode(new_value, _export)  # noqa: F821
                except Exception:  # noqa: BLE001
                    changed[str(index)] = None
        reply["changed"], reply["modified"] = changed, modified
    return reply


def _reply(reply):
    from IPython.display import publish_display_data
    publish_display_data({REPLY: json.dumps(reply, separators=(",", ":"))})  # noqa: F821 - json from grader.wire
