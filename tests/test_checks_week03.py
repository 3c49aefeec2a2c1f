"""Unit tests of week 3's checks (utils/checks/week03_softmax.py), without executing the notebook.

Each check must pass on the notebook's reference solution and on every correct alternative, fail with
CheckFailed on every mutant, and say "not implemented" for a stub.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import define, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week03_softmax as week

WEEK = week.WEEK
MUT = mutants(WEEK)


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
