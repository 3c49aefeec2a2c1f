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
    ("count_parameters", "off by one: skips the last layer", "one layer fewer than sizes"),
    ("count_parameters", "returns a 0-d array, not an int", "expected an int"),
    ("perceptron_train", "integer weights", "float array"),
    ("perceptron_train", "wrong default learning rate (lr=0.1)", "defaults lr=1.0"),
    ("step", "sign bit test: -0.0 maps to 0", "-0.0"),
])
def test_messages_point_at_the_mistake(fn, label, words):
    with pytest.raises(CheckFailed) as info:
        getattr(week, fn)(_mutant(fn, label))
    assert words in str(info.value), str(info.value)


def test_stored_expectations_match_the_reference_solution():
    """The literal (w, b, errors) of the perceptron_train cases are what Rosenblatt's rule gives (the notebook's
    reference solution, run here), and the AND case is the one worked out by hand in the notebook."""
    w, b, errors = solutions(WEEK)["perceptron_train"](week._GATE_X, week._AND, lr=1.0, epochs=10)
    assert w.tolist() == [2.0, 1.0] and b == -3.0
    assert errors.tolist() == [2, 3, 3, 2, 1, 0, 0, 0, 0, 0]
    week.perceptron_train(solutions(WEEK)["perceptron_train"])


def test_in_place_edits_are_reported():
    with pytest.raises(CheckFailed, match="changed its input `y` in place"):
        week.perceptron_train(_mutant("perceptron_train", "turns the caller's labels into -1/+1 in place"))
    with pytest.raises(CheckFailed, match="changed its input `layer_sizes` in place"):
        week.count_parameters(_mutant("count_parameters", "consumes the caller's list with pop"))


def test_no_reference_function_in_the_module():
    """The check module ships no callable that computes a graded result (issue: no graded answer in utils)."""
    import inspect
    names = [n for n, f in vars(week).items() if inspect.isfunction(f) and f.__module__ == week.__name__]
    assert not any(n.endswith("_ref") for n in names), names


def test_rules_tables_are_declared():
    assert week.MAY_MODIFY == {}
    assert set(week.RULES) == set(week.POINTS)
    assert set(week.OWN_WORK) <= set(week.POINTS)


@pytest.mark.parametrize("sizes", [[4, 8, 4, 1], [4, 16, 8, 1], [4, 4, 8, 8, 4, 1], [4, 8, 16, 16, 8, 1], [2, 2, 1],
                                   [10, 3], [7, 1, 5, 2]])
def test_count_parameters_matches_keras(sizes):
    keras = pytest.importorskip("keras")
    layers = [keras.Input(shape=(sizes[0],))] + [keras.layers.Dense(n) for n in sizes[1:]]
    model = keras.Sequential(layers)
    assert solutions(WEEK)["count_parameters"](sizes) == model.count_params()


def test_hints_are_tiered():
    """A first failure names the idea; the same case failing again adds the formula (issue 12)."""
    from utils.checks import engine

    wrong = _mutant("count_parameters", "forgets the biases")
    engine._FAILURES.pop(("count_parameters", "[4, 8, 4, 1] (this week's baseline)"), None)
    messages = []
    for _ in range(2):
        with pytest.raises(CheckFailed) as info:
            week.count_parameters(wrong)
        messages.append(str(info.value))
    assert "formula:" not in messages[0] and "still stuck" in messages[0]
    assert "formula: P = Σ" in messages[1]


def test_stated_numbers_of_the_notebook():
    """Numbers the notebook's text states (convention: every stated number is re-computed)."""
    import nbformat

    from conftest import notebook_path

    nb = nbformat.read(str(notebook_path(WEEK)), as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    ref = solutions(WEEK)
    counts = {"4-8-4-1": [4, 8, 4, 1], "4-16-8-1": [4, 16, 8, 1], "4-4-8-8-4-1": [4, 4, 8, 8, 4, 1],
              "4-8-16-16-8-1": [4, 8, 16, 16, 8, 1]}
    assert [ref["count_parameters"](s) for s in counts.values()] == [81, 225, 173, 601]
    assert "81, 225, 173 and 601 parameters" in text and "4-8-8-4-1" not in text.replace("4-4-8-8-4-1", "")
    assert ref["count_parameters"]([2, 2, 1]) == 9 and "has 9 parameters" in text
    gates = {"and": week._AND, "or": week._OR, "xor": week._XOR}
    errors = {g: ref["perceptron_train"](week._GATE_X, y, lr=1.0, epochs=20)[2].tolist() for g, y in gates.items()}
    assert errors["and"][:6] == [2, 3, 3, 2, 1, 0] and "(2, 3, 3, 2, 1 of them) and is clean from epoch 6" in text
    assert errors["or"][:4] == [2, 2, 1, 0] and "OR is clean from epoch 4 on (2, 2, 1 mistakes)" in text
    assert sum(errors["and"]) == 11 and sum(errors["or"]) == 5 and "11 corrections for AND, 5 for OR" in text
    assert errors["xor"][:2] == [3, 3] and set(errors["xor"][2:]) == {4}
    for lr in (0.25, 10.0):   # powers of two and integers are exact: the learning rate changes nothing
        assert ref["perceptron_train"](week._GATE_X, week._AND, lr=lr, epochs=20)[2].tolist() == errors["and"]
    assert ref["perceptron_train"](week._GATE_X, week._AND, lr=0.1, epochs=20)[2].tolist()[:4] == [2, 3, 3, 0]
