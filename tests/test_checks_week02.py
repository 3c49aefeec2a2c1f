"""Unit tests of the week-2 checks (utils/checks/week02_activations.py); no notebook is executed.

Each check must pass on the notebook's reference solution and on every correct alternative, fail with a
CheckFailed that says something useful on every mutant, and say "not implemented" for the release stub.
"""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import numpy as np
import pytest

from conftest import define, mutants, notebook_path, solutions
from utils.checks import CheckFailed
from utils.checks import week02_activations as checks_w02

WEEK = "week02_activations"
FUNCTIONS = list(checks_w02.POINTS)
MUT = mutants(WEEK)


def test_no_tensorflow_in_week():
    """Week 2 is NumPy only: neither the notebook, the checks nor the mutants import TensorFlow or Keras."""
    nb = nbformat.read(str(notebook_path(WEEK)), as_version=4)
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    sources.append(Path(checks_w02.__file__).read_text())
    sources.append(Path(__file__).read_text().split("def test_no_tensorflow_in_week")[0])
    for source in sources:
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n.split(".")[0] in {"tensorflow", "keras"} for n in names), names


def _fail_twice(check, func):
    """The messages of two failures of the same case in a fresh session: the idea, then the formula."""
    messages = []
    for _ in range(2):
        with pytest.raises(CheckFailed) as info:
            check(func)
        messages.append(str(info.value))
    return messages


@pytest.fixture
def fresh_session(monkeypatch):
    """A kernel session in which no case has failed yet (the engine counts failures per session)."""
    from utils.checks import engine
    monkeypatch.setattr(engine, "_FAILURES", {})


def test_naive_sigmoid_fails_on_overflow_with_tiered_hint(fresh_session):
    func = define(WEEK, "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", "sigmoid")
    first, second = _fail_twice(checks_w02.sigmoid, func)
    assert "numeric warning: overflow" in first
    assert "minus the absolute value of z" in first and "formula:" not in first, first
    assert "still stuck" in first
    assert "formula:" in second and "e^(−|z|)" in second and "e / (1 + e)" in second, second


@pytest.mark.parametrize("fn,label,idea,formula", [
    ("sigmoid_grad", "s * (1 + s)", "chain rule", "σ(z)(1 − σ(z))"),
    ("sigmoid_grad", "exp(-z) / (1 + exp(-z))**2 is NaN for very negative z", "reuse your stable sigmoid",
     "σ(z)(1 − σ(z))"),
    ("tanh_grad", "1 - tanh (not squared)", "a square is involved", "1 − tanh²(z)"),
    ("tanh", "2 * sigmoid(z) - 1 (forgot the 2z)", "factor 2 inside", "2σ(2z) − 1"),
    ("softplus", "naive log(1 + exp(z)) overflows", "take the large part out", "max(z, 0) + log(1 + e^(−|z|))"),
    ("collapse_linear_layers", "biases summed, not carried through later weights", "not the sum of the biases", "b = b₁W₂ + b₂"),
])
def test_first_failure_names_the_idea_second_gives_the_formula(fresh_session, fn, label, idea, formula):
    """Derive, then code: the derivative's formula is shown only after a repeated failure, never as code."""
    src = dict(MUT.MUTANTS[fn])[label]
    first, second = _fail_twice(getattr(checks_w02, fn), define(WEEK, src, fn))
    assert idea in first and formula not in first, first
    assert formula in second, second


def test_relu_grad_message_states_convention():
    func = define(WEEK, "def relu_grad(z):\n    return (np.asarray(z) >= 0).astype(float)\n", "relu_grad")
    with pytest.raises(CheckFailed, match="z <= 0"):
        checks_w02.relu_grad(func)


def test_in_place_relu_reported():
    """The engine's generic check (the course default: graded functions leave their inputs as they were)
    names the argument, and the case's hint keeps week 2's lesson about z[z < 0] = 0."""
    func = define(WEEK, "def relu(z):\n    z[z < 0] = 0\n    return z\n", "relu")
    with pytest.raises(CheckFailed, match="changed its input `z` in place") as info:
        checks_w02.relu(func)
    assert "z[z < 0] = 0" in str(info.value)


@pytest.mark.parametrize("fn,label,words", [
    ("relu_grad", "returns booleans", "dtype float"),
    ("output_activation", "returns a 0-d NumPy array, not a str", "expected a str"),
    ("output_activation", "the ValueError names the task but not the valid ones", "list the valid tasks"),
    ("tanh", "2 * textbook sigmoid(2z) - 1: overflow warning for large |z|", "numeric warning: overflow"),
    ("tanh_grad", "1 / cosh(z)**2 overflows for large |z|", "numeric warning: overflow"),
    ("gradient_through_depth", "reuses z's memory for the result (np.asarray does not copy)", "`z` in place"),
    ("collapse_linear_layers", "consumes the caller's lists with pop", "`weights`, `biases` in place"),
])
def test_messages_point_at_the_mistake(fn, label, words):
    src = dict(MUT.MUTANTS[fn])[label]
    with pytest.raises(CheckFailed) as info:
        getattr(checks_w02, fn)(define(WEEK, src, fn))
    assert words in str(info.value), str(info.value)


def test_no_reference_function_in_the_module():
    """Nothing in the check module maps a graded function's inputs to its result (issue 10, item 6)."""
    import inspect
    names = [n for n, f in vars(checks_w02).items()
             if inspect.isfunction(f) and f.__module__ == checks_w02.__name__ and n.startswith("_")]
    assert not any(n.endswith("_ref") or n in {"_keeps_input", "_stack_ref"} for n in names), names


def test_tables_cover_every_graded_function():
    assert checks_w02.MAY_MODIFY == {}
    assert set(checks_w02.RULES) == set(FUNCTIONS)
    assert set(checks_w02.OWN_WORK) <= set(FUNCTIONS)


def test_output_activation_keyerror_reported():
    src = dict(MUT.MUTANTS["output_activation"])["a dict lookup raises KeyError for an unknown task"]
    with pytest.raises(CheckFailed, match="KeyError"):
        checks_w02.output_activation(define(WEEK, src, "output_activation"))


def test_checks_are_deterministic(capsys):
    ref = solutions(WEEK)
    for fn in FUNCTIONS:
        assert getattr(checks_w02, fn)(ref[fn]) == getattr(checks_w02, fn)(ref[fn])


def test_reference_does_not_warn_on_extremes():
    ref = solutions(WEEK)
    z = np.array([-1e4, -1e3, 0.0, 1e3, 1e4])
    with np.errstate(all="raise", under="ignore"):
        for fn in ("sigmoid", "sigmoid_grad", "tanh", "tanh_grad", "softplus"):
            assert np.all(np.isfinite(ref[fn](z))), fn
            assert np.all(np.isfinite(ref[fn](z.astype(np.float32)))), fn
