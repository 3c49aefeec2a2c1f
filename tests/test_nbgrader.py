"""The grading loop through nbgrader itself, in a temporary course built from source/.

- release/ equals a fresh `nbgrader generate_assignment` of source/ and holds no solution or hidden test;
- `nbgrader validate --invert` says every release notebook passes no test;
- autograde round trip, one nbgrader run per week with three students:
  * `reference`: the source notebook -> every autograded point;
  * `untouched`: the release notebook as handed out -> 0;
  * `tampered`: every answer correct except one function left as the stub whose test cell was edited to
    `assert True`, one function replaced by a wrong implementation, and one test cell deleted ->
    loses exactly the points of the first two (edited and deleted test cells are restored by nbgrader).
"""
from __future__ import annotations

import copy

import nbformat
import pytest

from conftest import RELEASE, WEEKS, grade_id, mutants, notebook_path
from course import make_course, nbgrader, scores, submit


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return make_course(tmp_path_factory.mktemp("nbgrader"), WEEKS)


def _nbgrader_view(nb):
    return [(c.cell_type, c.source, c.get("metadata", {}).get("nbgrader")) for c in nb.cells]


@pytest.mark.parametrize("week", WEEKS)
def test_release_equals_fresh_generate_assignment(course, week):
    committed = notebook_path(week, RELEASE)
    fresh = course / "release" / week / committed.name
    assert fresh.exists(), f"generate_assignment made no {fresh.name}"
    a = nbformat.read(str(committed), as_version=4)
    b = nbformat.read(str(fresh), as_version=4)
    assert len(a.cells) == len(b.cells), f"{week}: release/ is stale, run `make release`"
    for i, (x, y) in enumerate(zip(_nbgrader_view(a), _nbgrader_view(b))):
        assert x == y, f"{week}: release/ cell {i} differs from a fresh generate_assignment; run `make release`"


@pytest.mark.parametrize("week", WEEKS)
def test_release_has_no_solution_hidden_test_or_output(week):
    nb = nbformat.read(str(notebook_path(week, RELEASE)), as_version=4)
    for i, cell in enumerate(nb.cells):
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
            assert marker not in cell.source, f"{week}: release cell {i} contains {marker}"
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{week}: release cell {i} has output"


@pytest.mark.parametrize("week", WEEKS)
def test_validate_invert_passes_on_release(week):
    path = notebook_path(week, RELEASE)
    proc = nbgrader(path.parent, "validate", "--invert", path.name)
    assert "Success! The notebook does not pass any tests." in proc.stdout, proc.stdout[-2000:]


def _tampered(week: str, release_nb, source_nb):
    """The release notebook answered correctly except for a stubbed and a wrong function."""
    nb = copy.deepcopy(release_nb)
    answers = {grade_id(c): c.source for c in source_nb.cells if grade_id(c).startswith("answer_")}
    functions = [gid[len("answer_"):] for gid in answers]
    plan = getattr(mutants(week), "ROUND_TRIP", {})
    stubbed = plan.get("stub", functions[-1])
    wrong = plan.get("wrong", functions[-2])
    deleted = plan.get("delete", functions[0])
    label, wrong_source = mutants(week).MUTANTS[wrong][0]
    cells = []
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid.startswith("answer_") and gid != f"answer_{stubbed}":
            cell.source = answers[gid]
            if gid == f"answer_{wrong}":
                cell.source = answers[gid] + "\n\n# a wrong second definition wins\n" + wrong_source
        if gid == f"test_{stubbed}":
            cell.source = "assert True"
        if gid == f"test_{deleted}":
            continue
        cells.append(cell)
    nb.cells = cells
    return nb, stubbed, wrong, deleted


@pytest.mark.parametrize("week", WEEKS)
def test_autograde_round_trip(course, week):
    source_nb = nbformat.read(str(notebook_path(week)), as_version=4)
    release_path = course / "release" / week / notebook_path(week).name
    release_nb = nbformat.read(str(release_path), as_version=4)
    tampered, stubbed, wrong, deleted = _tampered(week, release_nb, source_nb)
    name = release_path.name
    submit(course, "reference", week, source_nb, name)
    submit(course, "untouched", week, release_nb, name)
    submit(course, "tampered", week, tampered, name)
    nbgrader(course, "autograde", week, "--force")
    got = scores(course, week, ["reference", "untouched", "tampered"])
    points = {grade_id(c): c.metadata["nbgrader"]["points"] for c in source_nb.cells
              if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")}
    total = sum(points.values())

    assert got["reference"] == points, f"{week}: the reference solution lost points: {got['reference']}"
    assert sum(got["untouched"].values()) == 0, f"{week}: the untouched stubs scored: {got['untouched']}"
    expected = dict(points, **{f"test_{stubbed}": 0, f"test_{wrong}": 0})
    assert got["tampered"] == expected, (
        f"{week}: with test_{stubbed} edited to `assert True` on a stub, a wrong {wrong} and test_{deleted} "
        f"deleted, expected {sum(expected.values())}/{total}: {expected}, got {got['tampered']}")
