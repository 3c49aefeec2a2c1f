"""Unit tests of utils/checks/week05_training.py: no notebook execution.

The reference solutions come from the source notebook (conftest.solutions), the wrong and alternative
implementations from tests/mutants/week05_training.py.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import define, mutants
from utils.checks import CheckFailed
from utils.checks import week05_training as week

WEEK = "week05_training"
MUT = mutants(WEEK)


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
