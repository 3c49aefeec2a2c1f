"""Unit tests of utils/checks/week05_training.py: no notebook execution.

The reference solutions come from the source notebook (conftest.solutions), the wrong and alternative
implementations from tests/mutants/week05_training.py.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import mutant_message, define, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week05_training as week

WEEK = "week05_training"
MUT = mutants(WEEK)

def test_messages_name_the_mistake():
    assert "batch sizes" in mutant_message(WEEK, "minibatches", "drops the last partial batch")
    assert "labels no longer belong" in mutant_message(WEEK, "minibatches", "shuffles X and y independently")
    assert "round up" in mutant_message(WEEK, "iterations_per_epoch", "rounds down")
    assert "Keras' convention" in mutant_message(WEEK, "momentum_step", "opposite sign of v")
    assert "INSIDE the square root" in mutant_message(WEEK, "rmsprop_step", "eps outside the square root")
    assert "bias correction" in mutant_message(WEEK, "adam_step", "no bias correction")
    assert "standard deviation" in mutant_message(WEEK, "he_init", "variance 1 / fan_in")
    assert "log1p" in mutant_message(WEEK, "rmsle", "log instead of log1p")
    assert "mean of y_TRUE" in mutant_message(WEEK, "r2_score", "denominator without the mean")
    assert "overlap" in mutant_message(WEEK, "train_val_test_split", "test drawn independently: parts overlap")
    assert "'softmax'" in mutant_message(WEEK, "build_mlp", "linear output layer")
    assert "SPARSE categorical cross-entropy" in mutant_message(WEEK, "build_mlp", "categorical (one-hot) cross-entropy")


def test_optimizer_checks_use_keras_states():
    """The reference trajectories really come from Keras: spot-check one Adam step by hand."""
    w, m, v = week._keras_run(lambda k: k.optimizers.Adam(learning_rate=0.125), np.array([1.0]), np.array([[2.0]]),
                              [lambda o: o._momentums[0], lambda o: o._velocities[0]])
    np.testing.assert_allclose(m, [[0.2]], rtol=1e-12)
    np.testing.assert_allclose(v, [[0.004]], rtol=1e-12)
    np.testing.assert_allclose(w, [[0.875]], rtol=1e-5)     # lr * sign(g) on the first step


def test_messages_name_the_new_rules():
    assert "in place" in mutant_message(WEEK, "sgd_step", "updates w in place")
    assert "in place" in mutant_message(WEEK, "adam_step", "updates m and v in place")
    assert "the paper's form" in mutant_message(WEEK, "adam_step", "Keras' form: corrected learning rate, epsilon-hat")
    assert "default beta=0.9" in mutant_message(WEEK, "momentum_step", "default beta 0.99")
    assert "keeps the batch axis" in mutant_message(WEEK, "minibatches", "squeezes each batch")
    assert "expected a float" in mutant_message(WEEK, "mae", "returns a 0-d array")
    assert "the default seed is 0" in mutant_message(WEEK, "he_init", "default seed 42")
    assert "expected the Adam optimizer, got AdamW" in mutant_message(WEEK, "build_mlp", "AdamW optimizer")


def _round_trip(build, tmp_path):
    """The model as the grader gets it back: saved to a `.keras` file and loaded again (compiled)."""
    import keras

    def rebuilt(*args):
        path = tmp_path / f"model_{len(list(tmp_path.iterdir()))}.keras"
        build(*args).save(path)
        return keras.models.load_model(path)
    return rebuilt


def test_build_mlp_check_survives_save_and_load(tmp_path):
    """The compile configuration (Adam, sparse categorical cross-entropy, accuracy) is read in ways that hold
    for a model re-loaded from a `.keras` file, so the reference passes and the mutants still fail."""
    week.build_mlp(_round_trip(define(WEEK, dict(MUT.ALTERNATIVES["build_mlp"])[
        "add() with loss and optimizer objects, separate activation layers"], "build_mlp"), tmp_path))
    week.build_mlp(_round_trip(solutions(WEEK)["build_mlp"], tmp_path))
    for label in ("SGD optimizer", "AdamW optimizer", "no metric", "categorical (one-hot) cross-entropy",
                  "top-5 accuracy instead of accuracy"):
        src = dict(MUT.MUTANTS["build_mlp"])[label]
        with pytest.raises(CheckFailed):
            week.build_mlp(_round_trip(define(WEEK, src, "build_mlp"), tmp_path))


def test_adam_eps_cases_follow_the_paper_not_keras():
    """With the default eps the reference agrees with Keras; with another eps the expected values are the
    paper's form, which Keras' epsilon-hat form misses."""
    adam = solutions(WEEK)["adam_step"]
    w, m, v = adam(np.array([1.0]), np.array([0.5]), np.zeros(1), np.zeros(1), 1, lr=0.1, eps=0.5)
    np.testing.assert_allclose(w, [1.0 - 0.1 * 0.5 / (0.5 + 0.5)], rtol=1e-12)
    keras_form = define(WEEK, dict(MUT.MUTANTS["adam_step"])["Keras' form: corrected learning rate, epsilon-hat"],
                        "adam_step")
    w_k, _, _ = keras_form(np.array([1.0]), np.array([0.5]), np.zeros(1), np.zeros(1), 1, lr=0.1, eps=0.5)
    assert abs(float(w_k[0]) - float(w[0])) > 1e-2


def test_adagrad_messages_name_the_mistake():
    assert "running SUM" in mutant_message(WEEK, "adagrad_step", "s not accumulated: only the last squared gradient")
    assert "INSIDE the square root" in mutant_message(WEEK, "adagrad_step", "eps outside the square root")
    assert "in place" in mutant_message(WEEK, "adagrad_step", "updates s in place")
    assert "float32" in mutant_message(WEEK, "adagrad_step", "float64 always")


def test_adagrad_reference_matches_keras_and_its_start():
    """The Keras trajectory of the check starts the accumulator at initial_accumulator_value: spot-check the first
    step by hand (s = 0.1 + g**2, w = w - lr * g / sqrt(s + eps))."""
    w, s = week._keras_run(lambda k: k.optimizers.Adagrad(learning_rate=0.5), np.array([1.0]), np.array([[2.0]]),
                           [lambda o: o._accumulators[0]])
    np.testing.assert_allclose(s, [[4.1]], rtol=1e-8)          # Keras holds 0.1 as a float32 initializer
    np.testing.assert_allclose(w, [[1.0 - 0.5 * 2.0 / np.sqrt(4.1 + 1e-7)]], rtol=1e-8)
    week.adagrad_step(solutions(WEEK)["adagrad_step"])


def test_adagrad_eps_inside_and_outside_differ_at_a_checked_input():
    """The docstring puts eps inside the root, as Keras does: the tiny-gradient case tells the two apart by far more
    than its tolerance."""
    tiny = np.array([1e-4, -1e-4])
    inside = 1e-3 * tiny / np.sqrt(tiny ** 2 + 1e-7)
    outside = 1e-3 * tiny / (np.abs(tiny) + 1e-7)
    assert np.all(np.abs(inside - outside) > 100 * (1e-6 * 2.0 + 1e-12))


def test_the_formula_waits_for_a_repeated_failure():
    """Tiered hints: the first failure of a case names the idea, the same failure again shows the formula."""
    from utils.checks import engine

    wrong = define(WEEK, dict(MUT.MUTANTS["adagrad_step"])["no square root"], "adagrad_step")
    engine._FAILURES.clear()
    first = mutant_message(WEEK, "adagrad_step", "no square root")
    assert "formula:" not in first and "hint:" in first
    with pytest.raises(CheckFailed) as info:
        week.adagrad_step(wrong)
    assert "formula: s ← s + g²" in str(info.value)
