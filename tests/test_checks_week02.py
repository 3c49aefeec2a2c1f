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


def test_naive_sigmoid_fails_on_overflow_with_hint():
    func = define(WEEK, "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n", "sigmoid")
    with pytest.raises(CheckFailed, match="numeric warning: overflow") as info:
        checks_w02.sigmoid(func)
    assert "np.exp(-np.abs(z))" in str(info.value)


def test_relu_grad_message_states_convention():
    func = define(WEEK, "def relu_grad(z):\n    return (np.asarray(z) >= 0).astype(float)\n", "relu_grad")
    with pytest.raises(CheckFailed, match="z <= 0"):
        checks_w02.relu_grad(func)


def test_in_place_relu_reported():
    func = define(WEEK, "def relu(z):\n    z[z < 0] = 0\n    return z\n", "relu")
    with pytest.raises(CheckFailed, match="z after the call"):
        checks_w02.relu(func)


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
