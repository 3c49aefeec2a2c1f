"""Scaffold an nbgrader source notebook from Python, with the cell metadata right (schema v3).

The committed `.ipynb` in `source/` is the source of truth; instructors edit it in Jupyter. This helper
only saves typing the metadata when a week is first written:

    nb = Notebook("Week 1 - The perceptron")
    nb.md("## Learning goals ...")                       # read-only explanation (locked)
    nb.setup("import numpy as np\\nfrom utils import checks, plots, data")
    nb.answer("step", "def step(z):\\n    ### BEGIN SOLUTION\\n    ...\\n    ### END SOLUTION\\n")
    nb.tests("step", points=2, source="checks.step(step)\\n### BEGIN HIDDEN TESTS\\n...")
    nb.code("plots.decision_boundary(...)")             # ordinary cell, free to edit
    nb.written("why_hidden_layer", points=2, prompt="...", answer="### BEGIN SOLUTION\\nModel answer...")
    nb.save("source/week01_perceptron/perceptron.ipynb")

Grade ids follow one convention that the tests rely on: `answer_<function>` for the cell that
defines a graded function, `test_<function>` for the test cell that grades it.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat


def _meta(grade_id: str, *, grade: bool, solution: bool, locked: bool, points: float | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _clean(text: str) -> str:
    return text.strip("\n")


class Notebook:
    def __init__(self, title: str):
        self.nb = nbformat.v4.new_notebook()
        self.nb.metadata = {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        }
        self._ids: set[str] = set()
        self._n_md = 0
        self.md(f"# {title}")

    def _add(self, cell, grade_id: str | None = None):
        cell.id = re.sub(r"[^A-Za-z0-9-]", "-", grade_id or f"cell-{len(self.nb.cells):03d}")[:64]
        if grade_id is not None:
            if grade_id in self._ids:
                raise ValueError(f"grade_id {grade_id!r} used twice")
            self._ids.add(grade_id)
        self.nb.cells.append(cell)
        return cell

    def md(self, text: str, locked: bool = True):
        """Explanation cell; locked (read-only) by default so autograde restores it."""
        self._n_md += 1
        gid = f"md_{self._n_md:02d}"
        cell = nbformat.v4.new_markdown_cell(_clean(text))
        if locked:
            cell.metadata.update(_meta(gid, grade=False, solution=False, locked=True))
        return self._add(cell, gid if locked else None)

    def setup(self, source: str, grade_id: str = "setup"):
        """The imports cell: locked so a student cannot swap what the tests import."""
        cell = nbformat.v4.new_code_cell(_clean(source))
        cell.metadata.update(_meta(grade_id, grade=False, solution=False, locked=True))
        return self._add(cell, grade_id)

    def code(self, source: str):
        """An ordinary code cell: plots, experiments, comparisons. Not graded, not locked."""
        return self._add(nbformat.v4.new_code_cell(_clean(source)))

    def answer(self, function: str, source: str):
        """The student's cell for one graded function (autograded answer)."""
        if "### BEGIN SOLUTION" not in source:
            raise ValueError(f"answer_{function}: the source needs a ### BEGIN SOLUTION block")
        cell = nbformat.v4.new_code_cell(_clean(source))
        cell.metadata.update(_meta(f"answer_{function}", grade=False, solution=True, locked=False))
        return self._add(cell, f"answer_{function}")

    def tests(self, function: str, points: float, source: str, suffix: str = ""):
        """Autograder tests for one graded function: the visible check, then hidden tests."""
        gid = f"test_{function}{suffix}"
        cell = nbformat.v4.new_code_cell(_clean(source))
        cell.metadata.update(_meta(gid, grade=True, solution=False, locked=True, points=points))
        return self._add(cell, gid)

    def written(self, grade_id: str, points: float, prompt: str, answer: str):
        """A manually graded written answer: a locked prompt, then the student's markdown cell.

        `answer` holds the model answer and the rubric inside ### BEGIN/END SOLUTION, so the release
        shows "YOUR ANSWER HERE"; autograde puts them under the student's answer for the formgrader (grader/rubric.py).
        """
        if "### BEGIN SOLUTION" not in answer:
            raise ValueError(f"{grade_id}: the model answer and rubric go inside ### BEGIN SOLUTION")
        self.md(prompt)
        cell = nbformat.v4.new_markdown_cell(_clean(answer))
        cell.metadata.update(_meta(grade_id, grade=True, solution=True, locked=False, points=points))
        return self._add(cell, grade_id)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.validate(self.nb)
        nbformat.write(self.nb, str(path))
        return path
