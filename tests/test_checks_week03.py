"""Unit tests of week 3's checks (utils/checks/week03_softmax.py), without executing the notebook.

Each check must pass on the notebook's reference solution and on every correct alternative, fail with CheckFailed
on every mutant, and say "not implemented" for a stub (tests/test_checks.py, tests/test_weeks.py). Here: the
messages of the usual mistakes, and the rules the notebook states (float32 overflow, N = 1, ties, the threshold
boundary, eps below and above its default, inputs left unchanged).
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import define, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week03_softmax as week

WEEK = week.WEEK
MUT = mutants(WEEK)


def _mutant(fn: str, label_start: str):
    matches = [src for label, src in MUT.MUTANTS[fn] if label.startswith(label_start)]
    assert len(matches) == 1, f"no single mutant of {fn} labelled {label_start!r}..."
    return define(WEEK, matches[0], fn)


def test_messages_carry_the_usual_hints():
    with pytest.raises(CheckFailed, match="numeric warning.*overflow.*\n.*hint: subtract the maximum"):
        week.softmax(_mutant("softmax", "no max shift"))
    with pytest.raises(CheckFailed, match="PROBABILITIES"):
        week.predict_multilabel(_mutant("predict_multilabel", "thresholds the logits"))
    with pytest.raises(CheckFailed, match="MEAN"):
        week.cross_entropy(_mutant("cross_entropy", "sum instead of mean"))


def test_float32_result_must_stay_float32():
    with pytest.raises(CheckFailed, match="dtype float32, got float64"):
        week.softmax(_mutant("softmax", "casts to float64"))


@pytest.mark.parametrize("fn", ["softmax", "logsumexp", "log_softmax", "cross_entropy_from_logits"])
def test_float32_logits_around_100_catch_a_shift_tuned_to_float64(fn):
    with pytest.raises(CheckFailed, match=r"float32 logits around 100[\s\S]*overflow"):
        getattr(week, fn)(_mutant(fn, "shifts only when"))


def test_bce_float32_large_logits():
    with pytest.raises(CheckFailed, match=r"\|z\| = 100 and 1e4[\s\S]*overflow"):
        week.binary_cross_entropy_from_logits(_mutant("binary_cross_entropy_from_logits", "softplus guarded"))


@pytest.mark.parametrize("fn,label", [("softmax", "squeezes z first"), ("logsumexp", "np.squeeze without an axis"),
                                      ("log_softmax", "squeezes z first"),
                                      ("predict_multiclass", "squeezes the logits first"),
                                      ("predict_multilabel", "squeezes the logits first")])
def test_a_batch_of_one_keeps_its_batch_axis(fn, label):
    with pytest.raises(CheckFailed, match=r"(one sample|batch of one)[\s\S]*expected result\.shape"):
        getattr(week, fn)(_mutant(fn, label))


@pytest.mark.parametrize("fn", list(week.POINTS))
def test_changing_an_input_in_place_is_named(fn):
    label = next(label for label, _ in MUT.MUTANTS[fn] if "in place" in label)
    with pytest.raises(CheckFailed, match="changed its input `[a-z]+` in place"):
        getattr(week, fn)(_mutant(fn, label))


def test_cross_entropy_clips_below_eps_and_uses_the_eps_argument():
    with pytest.raises(CheckFailed, match="below eps = 1e-7: clipped to eps too"):
        week.cross_entropy(_mutant("cross_entropy", "replaces only exact zeros"))
    with pytest.raises(CheckFailed, match="eps=0.01"):
        week.cross_entropy(_mutant("cross_entropy", "hard-codes 1e-7"))


def test_prediction_boundaries_and_types():
    with pytest.raises(CheckFailed, match="ties: the first"):
        week.predict_multiclass(_mutant("predict_multiclass", "the last of tied maxima"))
    with pytest.raises(CheckFailed, match="exactly 0.5"):
        week.predict_multilabel(_mutant("predict_multilabel", ">= instead of >"))
    with pytest.raises(CheckFailed, match="expected a NumPy array, got list"):
        week.predict_multiclass(_mutant("predict_multiclass", "returns a Python list"))
    with pytest.raises(CheckFailed, match="expected a NumPy array, got list"):
        week.predict_multilabel(_mutant("predict_multilabel", "returns a list of rows"))
    with pytest.raises(CheckFailed, match="float probabilities[\\s\\S]*dtype float"):
        week.softmax(_mutant("softmax", "casts the result back"))


def test_literal_expectations_agree_with_first_principles():
    """The predictions' expected arrays are literals: recompute them from the sigmoid / argmax definitions."""
    z = np.array([[2.0, -1.0, 0.3], [-0.2, 1.0, -3.0], [0.4, 1.5, 4.0]])
    p = 1.0 / (1.0 + np.exp(-z))
    ref = solutions(WEEK)["predict_multilabel"]
    for t in (0.5, 0.8, 0.2):
        assert np.array_equal(ref(z, threshold=t), (p > t).astype(int))
    assert np.array_equal(ref(np.array([[0.0, 0.1, -0.1], [2.0, 0.0, -2.0]])), [[0, 1, 0], [1, 0, 0]])
    ties = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0], [-1.0, 0.0, -1.0, 0.0]])
    assert [max(range(4), key=lambda k: row[k]) for row in ties] == [1, 0, 1]


def test_every_week3_library_equivalent_is_fully_qualified():
    assert set(week.OWN_WORK) <= set(week.POINTS)
    assert all("." in name for names in week.OWN_WORK.values() for name in names)
    assert week.MAY_MODIFY == {}


def test_checks_are_deterministic(capsys):
    ref = solutions(WEEK)["cross_entropy_from_logits"]
    assert week.cross_entropy_from_logits(ref) == week.cross_entropy_from_logits(ref)
    assert np.isfinite(ref(np.array([[1e4, -1e4]]), np.array([1])))


@pytest.mark.parametrize("fn,label,formula", [
    ("softmax", "no max shift", "formula: softmax(z)ₖ = e^(zₖ − m) / Σⱼ e^(zⱼ − m)"),
    ("log_softmax", "log of the softmax", "formula: log softmax(z)ₖ = zₖ − logsumexp(z)"),
    ("binary_cross_entropy_from_logits", "unstable softplus", "formula: ℓ(z, y) = softplus(z) − z·y"),
])
def test_hints_are_tiered_the_idea_first_the_formula_on_a_repeated_failure(monkeypatch, fn, label, formula):
    """The first failure names the idea and promises more; the same case failing again shows the formula."""
    from utils.checks import engine

    monkeypatch.setattr(engine, "_FAILURES", {})
    wrong = _mutant(fn, label)
    with pytest.raises(CheckFailed) as first:
        getattr(week, fn)(wrong)
    assert "hint:" in str(first.value) and "formula:" not in str(first.value)
    assert "still stuck" in str(first.value)
    with pytest.raises(CheckFailed) as second:
        getattr(week, fn)(wrong)
    assert formula in str(second.value)
