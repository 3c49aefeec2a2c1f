"""Unit tests of week 3's checks (utils/checks/week03_softmax.py), without executing the notebook.

Each check must pass on the notebook's reference solution and on every correct alternative, fail with
CheckFailed on every mutant, and say "not implemented" for a stub.
"""
from __future__ import annotations

import nbformat
import numpy as np
import pytest

from conftest import define, grade_id, mutants, notebook_path, solutions
from utils.checks import CheckFailed
from utils.checks import week03_softmax as week

WEEK = week.WEEK
FUNCTIONS = list(week.POINTS)
MUT = mutants(WEEK)


def _cases(table):
    return [pytest.param(fn, label, src, id=f"{fn}-{label}") for fn, rows in table.items() for label, src in rows]


def test_module_declares_every_graded_function():
    assert week.__all__ == FUNCTIONS
    assert set(MUT.MUTANTS) == set(FUNCTIONS) and set(MUT.ALTERNATIVES) == set(FUNCTIONS)
    for fn in FUNCTIONS:
        assert len(MUT.MUTANTS[fn]) >= 3, f"{fn}: at least three mutants"
        assert len(MUT.ALTERNATIVES[fn]) >= 1, f"{fn}: at least one alternative"


def test_points_match_the_notebook():
    nb = nbformat.read(str(notebook_path(WEEK)), as_version=4)
    tests = {grade_id(c)[len("test_"):]: c.metadata["nbgrader"]["points"]
             for c in nb.cells if grade_id(c).startswith("test_")}
    written = sum(c.metadata["nbgrader"]["points"] for c in nb.cells
                  if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("grade"))
    assert tests == week.POINTS
    assert sum(tests.values()) + written == 20


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_reference_solution_passes(fn, capsys):
    getattr(week, fn)(solutions(WEEK)[fn])
    assert "checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("fn, label, src", _cases(MUT.ALTERNATIVES))
def test_alternative_passes(fn, label, src):
    getattr(week, fn)(define(WEEK, src, fn))


@pytest.mark.parametrize("fn, label, src", _cases(MUT.MUTANTS))
def test_mutant_fails_with_a_message(fn, label, src):
    with pytest.raises(CheckFailed) as info:
        getattr(week, fn)(define(WEEK, src, fn))
    message = str(info.value)
    assert message.startswith(f"{fn}: check ") and "failed" in message, message


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_stub_says_not_implemented(fn):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not implemented"):
        getattr(week, fn)(stub)


def test_messages_carry_the_usual_hints():
    no_shift = define(WEEK, MUT.MUTANTS["softmax"][0][1], "softmax")
    with pytest.raises(CheckFailed, match="numeric warning.*overflow.*\n.*hint: subtract the maximum"):
        week.softmax(no_shift)
    logits_threshold = define(WEEK, MUT.MUTANTS["predict_multilabel"][0][1], "predict_multilabel")
    with pytest.raises(CheckFailed, match="PROBABILITIES"):
        week.predict_multilabel(logits_threshold)
    summed = define(WEEK, MUT.MUTANTS["cross_entropy"][0][1], "cross_entropy")
    with pytest.raises(CheckFailed, match="MEAN"):
        week.cross_entropy(summed)


def test_float32_result_must_stay_float32():
    as64 = define(WEEK, MUT.MUTANTS["softmax"][-1][1], "softmax")
    with pytest.raises(CheckFailed, match="dtype float32, got float64"):
        week.softmax(as64)


def test_checks_are_deterministic(capsys):
    ref = solutions(WEEK)["cross_entropy_from_logits"]
    assert week.cross_entropy_from_logits(ref) == week.cross_entropy_from_logits(ref)
    assert np.isfinite(ref(np.array([[1e4, -1e4]]), np.array([1])))
