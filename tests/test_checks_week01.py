"""Unit tests of utils/checks/week01_perceptron.py: no notebook execution.

The reference solutions come from the source notebook (conftest.solutions), the wrong and alternative
implementations from tests/mutants/week01_perceptron.py.
"""
from __future__ import annotations

import pytest

from conftest import define, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week01_perceptron as week

WEEK = "week01_perceptron"
MUT = mutants(WEEK)


def _mutant(fn, label):
    return define(WEEK, dict(MUT.MUTANTS[fn])[label], fn)


@pytest.mark.parametrize("fn,label,words", [
    ("step", "strict inequality z > 0", "z >= 0"),
    ("step", "returns booleans instead of ints", "dtype int"),
    ("perceptron_train", "counts the errors after the epoch instead of during it", "WHEN VISITED"),
    ("perceptron_train", "forgets the bias update", "bias must be updated"),
    ("perceptron_train", "shuffles the samples every epoch", "given order"),
    ("perceptron_train", "stops early once an epoch has no errors", "no early stop"),
    ("perceptron_train", "errors as floats", "integers"),
    ("xor_network", "thresholds through the corners (x1 + x2 >= 1, x1 + x2 <= 1)", "between the corners"),
    ("count_parameters", "forgets the biases", "biases"),
    ("count_parameters", "off by one: skips the last layer", "len(sizes) - 1"),
])
def test_messages_point_at_the_mistake(fn, label, words):
    with pytest.raises(CheckFailed) as info:
        getattr(week, fn)(_mutant(fn, label))
    assert words in str(info.value), str(info.value)


def test_private_reference_matches_hand_computed_and():
    w, b, errors = week._train_ref(week._GATE_X, week._AND, lr=1.0, epochs=10)
    assert w.tolist() == [2.0, 1.0] and b == -3.0
    assert errors.tolist() == [2, 3, 3, 2, 1, 0, 0, 0, 0, 0]


@pytest.mark.parametrize("sizes", [[4, 8, 4, 1], [4, 16, 8, 1], [4, 8, 8, 4, 1], [2, 2, 1], [10, 3], [7, 1, 5, 2]])
def test_count_parameters_matches_keras(sizes):
    keras = pytest.importorskip("keras")
    layers = [keras.Input(shape=(sizes[0],))] + [keras.layers.Dense(n) for n in sizes[1:]]
    model = keras.Sequential(layers)
    assert solutions(WEEK)["count_parameters"](sizes) == model.count_params()
