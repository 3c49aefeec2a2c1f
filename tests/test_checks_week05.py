"""Unit tests of utils/checks/week05_training.py: no notebook execution.

The reference solutions come from the source notebook (conftest.solutions), the wrong and alternative
implementations from tests/mutants/week05_training.py.
"""
from __future__ import annotations

import nbformat
import numpy as np
import pytest

from conftest import define, grade_id, mutants, notebook_path, solutions
from utils.checks import CheckFailed
from utils.checks import week05_training as week

WEEK = "week05_training"
FUNCTIONS = week.__all__
MUT = mutants(WEEK)

MUTANT_CASES = [(fn, label, src) for fn, items in MUT.MUTANTS.items() for label, src in items]
ALTERNATIVE_CASES = [(fn, label, src) for fn, items in MUT.ALTERNATIVES.items() for label, src in items]


def test_module_layout():
    assert week.WEEK == WEEK
    assert FUNCTIONS == ["minibatches", "iterations_per_epoch", "sgd_step", "momentum_step", "rmsprop_step",
                         "adam_step", "he_init", "xavier_init", "step_decay", "exponential_decay", "mae", "mse",
                         "rmse", "rmsle", "r2_score", "train_val_test_split", "build_mlp"]
    assert set(week.POINTS) == set(FUNCTIONS)
    for fn in FUNCTIONS:
        assert callable(getattr(week, fn))


def test_points_match_notebook():
    nb = nbformat.read(str(notebook_path(WEEK)), as_version=4)
    tests, total, answers = {}, 0, []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            total += meta["points"]
            if grade_id(cell).startswith("test_"):
                tests[grade_id(cell)[len("test_"):]] = meta["points"]
        if grade_id(cell).startswith("answer_"):
            answers.append(grade_id(cell)[len("answer_"):])
    assert tests == week.POINTS
    assert answers == FUNCTIONS, "answer cells in curriculum order"
    assert total == 20


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_reference_passes(fn, capsys):
    getattr(week, fn)(solutions(WEEK)[fn])
    assert "checks passed" in capsys.readouterr().out


@pytest.mark.parametrize("fn", FUNCTIONS)
def test_not_implemented(fn):
    def stub(*args, **kwargs):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not implemented"):
        getattr(week, fn)(stub)


def test_mutants_cover_every_function():
    for fn in FUNCTIONS:
        assert len(MUT.MUTANTS[fn]) >= 3, fn
        assert len(MUT.ALTERNATIVES[fn]) >= 1, fn


@pytest.mark.parametrize("fn,label,src", MUTANT_CASES, ids=[f"{f}-{l}" for f, l, _ in MUTANT_CASES])
def test_mutant_fails(fn, label, src):
    func = define(WEEK, src, fn)
    with pytest.raises(CheckFailed) as info:
        getattr(week, fn)(func)
    message = str(info.value)
    assert message.startswith(f"{fn}: check ") and "failed" in message, message
    assert "\n" in message, f"no detail or hint in: {message}"


@pytest.mark.parametrize("fn,label,src", ALTERNATIVE_CASES, ids=[f"{f}-{l}" for f, l, _ in ALTERNATIVE_CASES])
def test_alternative_passes(fn, label, src):
    getattr(week, fn)(define(WEEK, src, fn))


def _message(fn, label):
    src = dict(MUT.MUTANTS[fn])[label]
    with pytest.raises(CheckFailed) as info:
        getattr(week, fn)(define(WEEK, src, fn))
    return str(info.value)


def test_messages_name_the_mistake():
    assert "batch sizes" in _message("minibatches", "drops the last partial batch")
    assert "labels no longer belong" in _message("minibatches", "shuffles X and y independently")
    assert "round up" in _message("iterations_per_epoch", "rounds down")
    assert "Keras' convention" in _message("momentum_step", "opposite sign of v")
    assert "INSIDE the square root" in _message("rmsprop_step", "eps outside the square root")
    assert "m_hat = m / (1 - beta1**t)" in _message("adam_step", "no bias correction")
    assert "standard deviation" in _message("he_init", "variance 1 / fan_in")
    assert "log1p" in _message("rmsle", "log instead of log1p")
    assert "mean of y_TRUE" in _message("r2_score", "denominator without the mean")
    assert "overlap" in _message("train_val_test_split", "test drawn independently: parts overlap")
    assert "'softmax'" in _message("build_mlp", "linear output layer")
    assert "sparse_categorical_crossentropy" in _message("build_mlp", "categorical (one-hot) cross-entropy")


def test_optimizer_checks_use_keras_states():
    """The reference trajectories really come from Keras: spot-check one Adam step by hand."""
    w, m, v = week._keras_run(lambda k: k.optimizers.Adam(learning_rate=0.125), np.array([1.0]), np.array([[2.0]]),
                              [lambda o: o._momentums[0], lambda o: o._velocities[0]])
    np.testing.assert_allclose(m, [[0.2]], rtol=1e-12)
    np.testing.assert_allclose(v, [[0.004]], rtol=1e-12)
    np.testing.assert_allclose(w, [[0.875]], rtol=1e-5)     # lr * sign(g) on the first step
