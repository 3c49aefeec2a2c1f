"""Synthetic classes for the tests and the benchmark: students made from a week's own notebooks.

`Classroom(tpl, source_notebook)` knows the release notebook (what students got) and the reference
solutions (the source's answer cells without the SOLUTION markers). From those it writes ordinary
students (solved, untouched stub, one function wrong) and the bad submissions of the robustness batch
(`write_robustness_batch`). Everything is generic over the week: graded functions come from the
`answer_<function>` grade ids.
"""
from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import nbformat

from grader.course import Template, nbgrader_meta

SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)


def reference_namespace(source_notebook: Path, name: str = "reference") -> dict:
    """The source notebook's setup cell and every answer cell (the reference solutions) executed in a
    fresh namespace: no plots, no tests. For the tests and the benchmark."""
    namespace: dict = {"__name__": name}
    for cell in nbformat.read(str(source_notebook), as_version=4).cells:
        gid = nbgrader_meta(cell).get("grade_id", "")
        if cell.cell_type == "code" and (gid == "setup" or gid.startswith("answer_")
                                         or cell.metadata.get("nbgrader", {}).get("solution")):
            exec(compile(cell.source, f"<{Path(source_notebook).stem}:{gid}>", "exec"), namespace)
    return namespace


def _cell(nb, grade_id):
    for index, cell in enumerate(nb.cells):
        if nbgrader_meta(cell).get("grade_id") == grade_id:
            return index, cell
    raise KeyError(grade_id)


class Classroom:
    def __init__(self, tpl: Template, source_notebook: Path):
        self.tpl = tpl
        self.release = nbformat.read(str(tpl.release), as_version=4)
        source = nbformat.read(str(source_notebook), as_version=4)
        self.solutions = {nbgrader_meta(c)["grade_id"]: SOLUTION_MARKER.sub("", c.source)
                          for c in source.cells if nbgrader_meta(c).get("solution") and c.cell_type == "code"}
        self.functions = [g[len("answer_"):] for g in tpl.grade_ids if g.startswith("answer_")]

    # --- ordinary students ------------------------------------------------------------------
    def stub(self):
        return copy.deepcopy(self.release)

    def solved(self, wrong: tuple[str, ...] = ()):
        """The release with every answer cell solved; functions in `wrong` return None instead."""
        nb = self.stub()
        for cell in nb.cells:
            gid = nbgrader_meta(cell).get("grade_id", "")
            if gid in self.solutions:
                cell.source = self.solutions[gid]
                fn = gid[len("answer_"):]
                if fn in wrong:
                    cell.source += f"\n\ndef {fn}(*args, **kwargs):\n    return None\n"
        return nb

    def points(self, function: str) -> float:
        return sum(q.points for q in self.tpl.auto_questions if q.grade_id == f"test_{function}")

    @property
    def total(self) -> float:
        return sum(q.points for q in self.tpl.auto_questions)

    # --- helpers to make bad ones ------------------------------------------------------------
    def with_cell(self, nb, source: str, after: str | None = None):
        """Insert an ordinary code cell after grade id `after` (default: at the end)."""
        cell = nbformat.v4.new_code_cell(source)
        index = _cell(nb, after)[0] + 1 if after else len(nb.cells)
        nb.cells.insert(index, cell)
        return nb

    def write_robustness_batch(self, folder: Path, *, protected: list[str] = ()) -> dict:
        """Write the ordinary and bad submissions as `<student>.ipynb`; returns {student: what it is}.

        `protected`: absolute paths the "vandal" submission tries to delete and overwrite.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        first, last = self.functions[0], self.functions[-1]
        made = {}

        def save(name, nb, what):
            nbformat.write(nb, str(folder / f"{name}.ipynb"))
            made[name] = what

        save("good_ann", self.solved(), "ordinary: every function solved")
        save("good_ben", self.solved(), "ordinary: every function solved")
        save("stub_cat", self.stub(), "ordinary: the untouched release")
        save("partial_dan", self.solved(wrong=(last,)), f"ordinary: {last} wrong")

        nb = self.solved()
        _cell(nb, f"answer_{first}")[1].source = "while True:\n    pass\n\n" + self.solutions[f"answer_{first}"]
        save("loop_answer", nb, f"infinite loop in the answer cell of {first} (before its def)")

        nb = self.solved()
        # It waits rather than spins: the grader gives up on it by the clock all the same (loop_answer spins),
        # and the other tests sharing the machine keep the CPU.
        _cell(nb, f"answer_{first}")[1].source += (f"\n\ndef {first}(*args, **kwargs):\n    import time\n"
                                                  "    while True:\n        time.sleep(0.05)\n")
        save("loop_function", nb, f"infinite loop inside {first}")

        nb = self.solved()
        nb.cells.pop(_cell(nb, f"test_{last}")[0])
        save("deleted_test", nb, f"test cell of {last} deleted")

        nb = self.solved()
        index, cell = _cell(nb, f"answer_{first}")
        nb.cells.insert(index + 1, copy.deepcopy(cell))
        nb.cells[index + 1].id = cell.id + "-copy"
        save("duplicated_answer", nb, f"answer cell of {first} duplicated")

        nb = self.solved(wrong=(first,))
        _cell(nb, f"test_{first}")[1].source = "assert True"
        save("assert_true", nb, f"test cell of {first} edited to `assert True`, {first} wrong")

        text = json.dumps(nbformat.from_dict(self.solved()), indent=1)
        (folder / "bad_json.ipynb").write_text(text[: len(text) // 2])
        made["bad_json"] = "not valid JSON (truncated)"
        (folder / "empty.ipynb").write_bytes(b"")
        made["empty"] = "empty file"

        save("big_print", self.with_cell(self.solved(), "for _i in range(1_000_000):\n"
                                                        "    print('0123456789' * 5)\n"), "prints 51 MB")
        save("sys_exit", self.with_cell(self.solved(), "import sys\nsys.exit()\n", after=f"answer_{first}"),
             "sys.exit() in a cell")
        save("os_exit", self.with_cell(self.solved(), "import os\nos._exit(0)\n", after="setup"),
             "os._exit(0) in a cell")
        save("crash", self.with_cell(self.solved(), "import ctypes\nctypes.string_at(0)\n", after="setup"),
             "kernel crash (segfault)")
        vandal = (
            "import glob, os, shutil\n"
            f"_targets = {list(map(str, protected))!r}\n"
            "_targets += glob.glob('/tmp/**/*.ipynb', recursive=True) + glob.glob('/tmp/**/gradebook.db', recursive=True)\n"
            "_targets += glob.glob('/var/tmp/**/*', recursive=True)\n"
            "_done = []\n"
            "for _p in _targets:\n"
            "    for _how in ('append', 'remove'):\n"
            "        try:\n"
            "            if _how == 'append':\n"
            "                open(_p, 'a').write('pwned')\n"
            "            else:\n"
            "                shutil.rmtree(_p) if os.path.isdir(_p) else os.remove(_p)\n"
            "            _done.append((_how, _p))\n"
            "        except OSError:\n"
            "            pass\n"
            "print('vandal managed:', _done)\n")
        save("vandal", self.with_cell(self.solved(), vandal), "deletes and rewrites files outside its folder")
        tamper = ("import numpy as np\nimport utils.checks.engine as _engine\n"
                  "np.allclose = lambda *a, **k: True\n"
                  "np.testing.assert_allclose = lambda *a, **k: None\n"
                  "_engine.compare = lambda *a, **k: None\n"
                  "isinstance = lambda *a, **k: True\n")
        save("tamper", self.with_cell(self.solved(wrong=(last,)), tamper, after="setup"),
             f"monkeypatches numpy, utils and a builtin; {last} wrong")
        save("history", self.with_cell(self.solved(), "print(In)\nprint(open('gradebook.db', 'rb').read()[:10])\n"),
             "prints the input history (hidden tests ran in it) and reads the gradebook")
        return made

    def write_attack_batch(self, folder: Path, *, secrets: list[str] = (), port: int = 0) -> dict:
        """Submissions that try to raise their own score, read answers or hurt their neighbours; each
        leaves every graded function as the release stub (so any point it gets is a forged one) unless
        said otherwise. Returns {student: what it tries}.

        `secrets`: files holding solutions elsewhere on the machine (another copy of the course) that the
        snoop tries to find and read; `port`: a listener of the test on the host's loopback.
        """
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        first = self.functions[0]
        made = {}

        def save(name, code, what, nb=None, after="setup"):
            nbformat.write(self.with_cell(nb or self.stub(), code, after=after), str(folder / f"{name}.ipynb"))
            made[name] = what

        save("forge_displayhook",
             "_ip = get_ipython()\n_ip.events.register('pre_run_cell', lambda *a: _ip.displayhook(2.0))\n"
             "_ip.events.register('post_run_cell', lambda *a: _ip.displayhook(3.0))\n",
             "a display hook that emits an execute_result (nbgrader's partial credit) in every cell")
        save("forge_transformer",
             "_ip = get_ipython()\n_keep = lambda lines: ['pass\\n'] if any('run_cases' in l or 'checks.' in l "
             "or 'HIDDEN' in l or 'assert' in l for l in lines) else lines\n"
             "_ip.input_transformers_post.append(_keep)\n",
             "an IPython input transformer, kept in a variable, that empties every test cell")
        save("forge_exec_alias",
             "_e = __builtins__.__dict__['ex' + 'ec'] if isinstance(__builtins__, dict) else "
             "getattr(__builtins__, 'ex' + 'ec')\n"
             "_e('import utils.checks.engine as _m\\n_m.run_cases = lambda *a, **k: 1\\n'"
             " 'import utils.checks as _c\\n_c.run_cases = _m.run_cases\\n'"
             " 'import builtins\\nbuiltins.AssertionError = type(\"X\", (Exception,), {})\\n')\n",
             "exec through the builtins dict: patches the check engine and AssertionError")
        save("forge_np_dict",
             "import numpy\nnumpy.__dict__.update(allclose=lambda *a, **k: True, array_equal=lambda *a, **k: True,"
             " isclose=lambda *a, **k: True)\nnumpy.testing.__dict__.update(assert_allclose=lambda *a, **k: None)\n",
             "np.__dict__.update(...) replaces NumPy's comparisons")
        save("forge_sys_modules",
             "import sys, types\n_fake = types.ModuleType('utils.checks.engine')\n"
             "_fake.run_cases = lambda *a, **k: 1\n_fake.Case = lambda *a, **k: None\n"
             "sys.modules['utils.checks.engine'] = _fake\n_np = types.ModuleType('numpy')\n"
             "_np.__getattr__ = lambda name: (lambda *a, **k: True)\nsys.modules['numpy'] = _np\n",
             "sys.modules replacements of the check engine and NumPy")
        save("forge_fake_package",
             "import os, importlib, sys\nos.makedirs('utils/checks', exist_ok=True)\n"
             "open('utils/__init__.py', 'w').write('')\n"
             "open('utils/checks/__init__.py', 'w').write('def __getattr__(n):\\n    return lambda *a, **k: 1\\n')\n"
             "open('utils/checks/engine.py', 'w').write('run_cases = lambda *a, **k: 1\\nCase = lambda *a, **k: 0\\n')\n"
             "open('numpy.py', 'w').write('def __getattr__(n):\\n    return lambda *a, **k: True\\n')\n"
             "sys.path.insert(0, os.getcwd())\n",
             "a fake utils/ package and numpy.py written to the working directory")
        frames = (
            "import sys, numpy as _np\n"
            "def _steal(*args, **kwargs):\n"
            "    found = []\n"
            "    try:\n        raise RuntimeError\n    except RuntimeError as exc:\n        tb = exc.__traceback__\n"
            "    frame = sys._getframe(1)\n"
            "    while frame is not None:\n"
            "        found += [v for k, v in frame.f_locals.items() if isinstance(v, _np.ndarray) and k not in "
            "('args',)]\n"
            "        frame = frame.f_back\n"
            "    return found[-1] if found else None\n"
            f"{first} = _steal\n")
        save("forge_frames", frames, "frame inspection (through a traceback and sys._getframe) for the expected values",
             after=f"answer_{first}")
        agent = ("import json\nfrom IPython.display import publish_display_data\n"
                 "def _forged(request):\n"
                 "    publish_display_data({'application/x-dlf-reply+json': json.dumps("
                 "{'value': {'t': 'handle', 'id': 1, 'type': 'ndarray', 'call': False}, 'output': {'stdout': 'ok'}})})\n"
                 "    publish_display_data({'application/x-dlf-reply+json': '{\"value\": {\"t\": \"evil\"}}'})\n"
                 "_ip = get_ipython()\n"
                 "def _hijack(*a):\n"
                 "    agent = _ip.user_ns.get('__dlf_agent__')\n"
                 "    if agent is not None:\n        agent.call = _forged\n"
                 "_ip.events.register('pre_execute', _hijack)\n")
        save("forge_agent", agent, "replaces the grader's agent in its kernel with one that forges replies")
        snoop = (
            "import os\n"
            f"_secrets = {list(map(str, secrets))!r}\n"
            "_found = []\n"
            "for _root in ('/', '/tmp', '/var/tmp', '/srv', '/opt', '/home', '/root', '/work', '/run', '/dev/shm', "
            "os.path.expanduser('~')):\n"
            "    for _dir, _subdirs, _files in os.walk(_root):\n"
            "        _subdirs[:] = [d for d in _subdirs if d not in ('proc', 'sys', 'usr', 'dev', '.venv', "
            "'site-packages', 'lib')]\n"
            "        for _f in _files:\n"
            "            if _f.endswith('.ipynb') or _f == 'gradebook.db':\n"
            "                _p = os.path.join(_dir, _f)\n"
            "                try:\n"
            "                    if 'BEGIN SOLUTION' in open(_p, errors='ignore').read() or _f == 'gradebook.db':\n"
            "                        _found.append(_p)\n"
            "                except OSError:\n"
            "                    pass\n"
            "for _p in _secrets:\n"
            "    try:\n        open(_p).read()\n        _found.append(_p)\n    except OSError:\n        pass\n"
            "print('snoop found', len(set(_found)), sorted(set(_found))[:5])\n")
        save("snoop", snoop, "searches the machine for solutions (source notebooks, other copies, gradebooks)")
        shared = ("import os\n_seen = []\n"
                  "for _d in ('/tmp', '/var/tmp', '/run/lock', '/dev/shm', '/run'):\n"
                  "    try:\n        _seen += [f for f in os.listdir(_d) if f.startswith('dlf-token')]\n"
                  "    except OSError:\n        pass\n"
                  "print('shared tokens seen:', _seen)\n"
                  "for _d in ('/tmp', '/var/tmp', '/run/lock', '/dev/shm'):\n"
                  "    try:\n        os.makedirs(_d, exist_ok=True)\n"
                  "        open(os.path.join(_d, 'dlf-token-' + os.urandom(4).hex()), 'w').write('x' * 1000)\n"
                  "    except OSError:\n        pass\n")
        save("shared_a", shared, "writes tokens to /tmp, /var/tmp, /run/lock, /dev/shm; looks for others'",
             nb=self.solved())
        save("shared_b", shared, "the same, graded after shared_a", nb=self.solved())
        network = ("import socket\ntry:\n"
                   f"    socket.create_connection(('127.0.0.1', {port}), timeout=5).close()\n"
                   "    print('network: reached the grader')\nexcept OSError as exc:\n"
                   "    print('network: blocked,', type(exc).__name__)\n")
        save("network", network, "connects to a listener on the grading machine", nb=self.solved())
        memory = ("import os\n_kids = []\nfor _i in range(4):\n    _pid = os.fork()\n    if _pid == 0:\n"
                  "        _b = bytearray(1500 * 2**20)\n        for _j in range(0, len(_b), 4096):\n"
                  "            _b[_j] = 1\n        os._exit(0)\n    _kids.append(_pid)\n"
                  "print('children:', [os.waitpid(p, 0)[1] for p in _kids])\n")
        save("fork_memory", memory, "4 forked children allocate 1.5 GB each", nb=self.solved())
        spin = ("import os\nfor _i in range(48):\n    if os.fork() == 0:\n        os.setsid()\n"
                "        while True:\n            pass\n")
        save("spinner", spin, "48 spinning processes in new sessions, left running", nb=self.solved())
        flood = ("from IPython.display import display\n_h = display('start', display_id=True)\n"
                 "for _i in range(20000):\n    _h.update('x' * 5000)\n")
        save("display_flood", flood, "100 MB of update_display_data", nb=self.solved())
        html = ("from IPython.display import HTML, Javascript, display\n"
                "display(HTML('<b>bold</b><script>document.title=\"pwned\"</script>"
                "<img src=x onerror=\"alert(1)\"><iframe srcdoc=\"<script>alert(2)</script>\"></iframe>'))\n"
                "display(Javascript('alert(3)'))\n")
        nb = self.solved()
        for cell in nb.cells:
            if cell.cell_type == "markdown" and nbgrader_meta(cell).get("solution"):
                cell.source = "My answer <script>alert(4)</script><img src=x onload=alert(5)>"
        save("scripts", html, "script, onerror, iframe srcdoc and JavaScript in outputs and its written answer", nb=nb)
        last = self.functions[-1]
        own = (f"import sys\n_{last} = {last}\n"
               f"def {last}(*args, **kwargs):\n    print('debug: called', file=sys.stderr)\n"
               f"    return _{last}(*args, **kwargs)\n")
        save("stderr_own", own, f"{last} prints to stderr itself (nbgrader scores stderr as a failure)",
             nb=self.solved(), after=f"answer_{last}")
        noise = (f"import logging, warnings\n_{last} = {last}\n"
                 f"def {last}(*args, **kwargs):\n"
                 "    logging.getLogger('absl').warning('I0000 absl noise from a library')\n"
                 "    warnings.warn_explicit('a library notice', UserWarning, "
                 "'/usr/lib/python3/dist-packages/keras/src/fake.py', 1)\n"
                 f"    return _{last}(*args, **kwargs)\n")
        save("stderr_noise", noise, f"{last} makes libraries write notices to stderr (never costs a point)",
             nb=self.solved(), after=f"answer_{last}")
        leak = ("import base64\n_text = repr(globals().get('In', '')) + repr(globals().get('_ih', ''))\n"
                "print(base64.b64encode(_text.encode()).decode())\nprint(_text[::-1])\n")
        save("leak_encoded", leak, "prints its history base64-encoded and reversed", nb=self.solved(),
             after=None)
        return made
