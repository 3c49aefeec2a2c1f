"""Static promises of the repository: pins agree, notebooks are clean, nbgrader metadata is well formed,
the points add up, and the checks of `utils` know the same points as the notebooks."""
from __future__ import annotations

import ast
import importlib
import re
from collections import Counter

import nbformat
import pytest

from conftest import RELEASE, ROOT, SOURCE, WEEKS, grade_id, notebook_path

POINTS_PER_WEEK = 20


def _pins(text: str, pattern: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) for m in re.finditer(pattern, text, re.M)}


def test_requirements_and_environment_agree():
    req = _pins((ROOT / "requirements.txt").read_text(), r"^([A-Za-z0-9_.\-]+)==([^\s#]+)")
    env = _pins((ROOT / "environment.yml").read_text(), r"^\s*-\s+([A-Za-z0-9_.\-]+)==([^\s#]+)")
    assert req, "requirements.txt pins nothing"
    assert req == env, f"pins differ: only in requirements {set(req.items()) - set(env.items())}, " \
                       f"only in environment.yml {set(env.items()) - set(req.items())}"
    assert "-e ." in (ROOT / "requirements.txt").read_text(), "requirements.txt must install utils (-e .)"


def test_every_week_has_source_and_release():
    assert WEEKS, "no week in source/"
    for week in WEEKS:
        assert notebook_path(week, RELEASE).name == notebook_path(week).name


@pytest.mark.parametrize("week", WEEKS)
def test_source_has_no_outputs(week):
    nb = nbformat.read(str(notebook_path(week)), as_version=4)
    dirty = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and (c.outputs or c.execution_count)]
    assert not dirty, f"{week}: committed outputs in cells {dirty}; run `make clean-outputs`"


@pytest.mark.parametrize("week", WEEKS)
def test_nbgrader_metadata_is_well_formed(week):
    nb = nbformat.read(str(notebook_path(week)), as_version=4)
    nbformat.validate(nb)
    ids = [grade_id(c) for c in nb.cells if grade_id(c)]
    dupes = [g for g, n in Counter(ids).items() if n > 1]
    assert not dupes, f"{week}: duplicated grade ids {dupes}"
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if not meta:
            continue
        gid = meta["grade_id"]
        assert meta.get("schema_version") == 3 and meta.get("task") is False, f"{week}/{gid}: schema v3 metadata"
        if gid.startswith("answer_"):
            assert meta["solution"] and not meta["grade"] and cell.cell_type == "code", f"{week}/{gid}"
            assert "### BEGIN SOLUTION" in cell.source, f"{week}/{gid}: no solution block"
        if gid.startswith("test_"):
            assert meta["grade"] and meta["locked"] and not meta["solution"], f"{week}/{gid}"
            assert meta.get("points", 0) > 0, f"{week}/{gid}: a test cell without points"
            assert "### BEGIN HIDDEN TESTS" in cell.source, f"{week}/{gid}: no hidden tests"
            hidden = cell.source.split("### BEGIN HIDDEN TESTS", 1)[1]
            assert not re.search(r"\b(utils|checks)\.", hidden), f"{week}/{gid}: hidden tests must not call utils"
        if meta["grade"] and meta["solution"]:
            assert cell.cell_type == "markdown", f"{week}/{gid}: written answers are markdown cells"
            assert re.search(r"rubric", cell.source, re.I), f"{week}/{gid}: a written answer needs a rubric"


@pytest.mark.parametrize("week", WEEKS)
def test_week_is_worth_twenty_points_and_checks_agree(week):
    nb = nbformat.read(str(notebook_path(week)), as_version=4)
    graded = {grade_id(c): c.metadata["nbgrader"]["points"] for c in nb.cells
              if c.metadata.get("nbgrader", {}).get("grade")}
    assert sum(graded.values()) == POINTS_PER_WEEK, f"{week}: {sum(graded.values())} points, not {POINTS_PER_WEEK}"
    assert any(not g.startswith("test_") for g in graded), f"{week}: no manually graded written answer"
    module = importlib.import_module(f"utils.checks.{week}")
    tests = {g[len("test_"):]: p for g, p in graded.items() if g.startswith("test_")}
    assert module.POINTS == tests, f"utils.checks.{week}.POINTS disagrees with the notebook: {tests}"
    assert module.WEEK == week
    missing = [fn for fn in tests if fn not in module.__all__]
    assert not missing, f"utils.checks.{week} has no check for {missing}"


@pytest.mark.parametrize("week", WEEKS)
def test_week_asks_to_derive_and_to_predict(week):
    """Derive, then code: every week has a derivation among its written answers (grade id `derive_...`) and a
    "predict, then run" question followed by the code that answers it and an explanation."""
    nb = nbformat.read(str(notebook_path(week)), as_version=4)
    derive = [c for c in nb.cells if grade_id(c).startswith("derive_") and c.metadata["nbgrader"].get("grade")]
    assert derive, f"{week}: no derivation written answer (grade id derive_...)"
    predict = [i for i, c in enumerate(nb.cells)
               if c.cell_type == "markdown" and c.source.lstrip().startswith("### Predict, then run")]
    assert predict, f"{week}: no '### Predict, then run' question"
    i = predict[0]
    after = nb.cells[i + 1:i + 4]
    assert any(c.cell_type == "code" for c in after) and any(c.cell_type == "markdown" for c in after), \
        f"{week}: a prediction is followed by the code that answers it and a short explanation"


def test_weeks_one_and_two_leave_tensorflow_alone():
    for week in WEEKS[:2]:
        tree = ast.parse((ROOT / "utils" / "checks" / f"{week}.py").read_text())
        imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                    for alias in node.names} | {(node.module or "").split(".")[0] for node in ast.walk(tree)
                                                if isinstance(node, ast.ImportFrom)}
        assert not imported & {"tensorflow", "keras"}, f"{week} checks import TensorFlow"  # (OWN_WORK may name it)
        nb = nbformat.read(str(notebook_path(week)), as_version=4)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id", "").startswith(("setup", "answer_", "test_")):
                assert "tensorflow" not in cell.source and "keras" not in cell.source, \
                    f"{week}/{grade_id(cell)} imports TensorFlow"


def test_no_sys_path_tricks():
    for path in list(SOURCE.rglob("*.ipynb")) + list((ROOT / "utils").rglob("*.py")):
        assert "sys.path" not in path.read_text(), f"{path.relative_to(ROOT)} edits sys.path"


def test_badges_and_bootstrap_cells_are_current():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "release.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_readme_table_and_overview_are_current():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "overview.py"), "--check"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
