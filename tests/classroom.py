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

from .course import Template, nbgrader_meta

SOLUTION_MARKER = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)


def reference_namespace(source_notebook: Path, name: str = "reference") -> dict:
    """The source notebook's setup cell and every answer cell (the reference solutions) executed in a
    fresh namespace: no plots, no tests. For the tests and the benchmark."""
    namespace: dict = {"__name__": name}
    for cell in nbformat.read(str(source_notebook), as_version=4).cells:
        gid = nbgrader_meta(cell).get("grade_id", "")
        if cell.cell_type == "code" and (gid == "setup" or gid.startswith("answer_")):
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
        _cell(nb, f"answer_{first}")[1].source += (f"\n\ndef {first}(*args, **kwargs):\n"
                                                  "    while True:\n        pass\n")
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
