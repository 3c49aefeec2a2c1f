"""Unit tests of the week-7 checks (utils/checks/week07_regularization.py); no notebook is executed.

Each check must pass on the notebook's reference solution and on every correct alternative, fail with a
CheckFailed that says something useful on every mutant, and say "not implemented" for the release stub.
The private references of the checks are compared with Keras itself (EarlyStopping driven with scripted
losses, and once in a real `fit`; BatchNormalization in training mode; the L1/L2 regularizers).
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import define, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week07_regularization as checks_w07

WEEK = "week07_regularization"
MUT = mutants(WEEK)


def _run(fn, func):
    check = getattr(checks_w07, fn)
    if fn == "batchnorm_backward":
        return check(func, solutions(WEEK)["batchnorm_forward"])
    return check(func)


def test_batchnorm_backward_finds_forward_next_to_it(capsys):
    """As in the notebook and the self-check table: the forward is looked up in the backward's globals."""
    backward = define(WEEK, "def batchnorm_backward(dout, cache):\n"
                      "    x_hat, gamma, inv_std = cache\n"
                      "    g = dout * gamma\n"
                      "    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))\n"
                      "    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)\n", "batchnorm_backward")
    checks_w07.batchnorm_backward(backward)
    assert "batchnorm_backward: 5/5 checks passed" in capsys.readouterr().out


def test_batchnorm_backward_with_unimplemented_forward_says_so():
    def forward(*args, **kwargs):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="not implemented yet - batchnorm_forward"):
        checks_w07.batchnorm_backward(solutions(WEEK)["batchnorm_backward"], forward)


def test_hints_on_typical_mistakes():
    """The failure messages point at the mistake, not just at a number."""
    expectations = {
        ("l2_penalty", "gradient lam * w (the 1/2 convention, not Keras')"): "2 * lam * w",
        ("l1_penalty", "gradient +lam at zero (w >= 0 counts as positive)"): "w == 0",
        ("dropout_forward", "keeps with probability rate"): "DROPPING",
        ("dropout_forward", "scales at inference too"): "inference",
        ("batchnorm_forward", "unbiased variance (ddof=1)"): "biased",
        ("augment", "vertical flips (a 6 becomes a 9)"): "no flips",
        ("early_stopping_epoch", "global minimum of the whole list"): "later epochs never happen",
        ("early_stopping_epoch", "ties count as improvement (<=)"): "strictly smaller",
        ("ensemble_predict", "vote ties go to the largest class"): "smallest",
    }
    for (fn, label), phrase in expectations.items():
        src = dict(MUT.MUTANTS[fn])[label]
        with pytest.raises(CheckFailed) as info:
            _run(fn, define(WEEK, src, fn))
        assert phrase in str(info.value), f"{fn}/{label}: {info.value}"


# ------------------------------------------------------------------------------------------------
# The private references agree with Keras
# ------------------------------------------------------------------------------------------------
def _keras_restored_epoch(losses, patience):
    """The correct alternative that drives a real keras.callbacks.EarlyStopping with the scripted losses."""
    source = dict(MUT.ALTERNATIVES["early_stopping_epoch"])["a real keras.callbacks.EarlyStopping driven with "
                                                             "scripted logs"]
    return define(WEEK, source, "early_stopping_epoch")(losses, patience)


def test_early_stopping_reference_matches_keras_callback():
    rng = np.random.default_rng(0)
    sequences = [(list(s), p) for s, p, _, _ in checks_w07.EARLY_STOPPING_SEQUENCES]
    for _ in range(60):                                       # random walks with many exact ties
        steps = rng.choice([-1.0, 0.0, 0.0, 1.0], size=rng.integers(1, 25))
        sequences.append(((5.0 + np.cumsum(steps)).tolist(), int(rng.integers(0, 6))))
    for losses, patience in sequences:
        assert checks_w07._early_stopping_ref(losses, patience) == _keras_restored_epoch(losses, patience), \
            (losses, patience)


def test_early_stopping_reference_matches_a_real_fit():
    """A real model.fit: a callback placed before EarlyStopping writes the scripted val_loss into the logs."""
    import keras

    script = [1.0, 0.6, 0.7, 0.8, 0.3, 0.2, 0.1]
    patience = 2

    class Script(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            logs["val_loss"] = script[epoch]

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    stopper = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    history = model.fit(np.zeros((4, 1)), np.zeros((4, 1)), epochs=len(script), verbose=0,
                        callbacks=[Script(), stopper])
    assert len(history.history["loss"]) == 4                  # stopped after epoch 3
    assert stopper.best_epoch == checks_w07._early_stopping_ref(script, patience) == 1
    assert solutions(WEEK)["early_stopping_epoch"](script, patience) == 1


def test_batchnorm_reference_matches_keras_in_training_mode():
    x, gamma, beta, state = checks_w07._bn_inputs(1, 12, 4)
    out, new_state = checks_w07._bn_forward_ref(x, gamma, beta, state, True, momentum=0.9, eps=1e-3)
    k_out, k_state = checks_w07._keras_bn(x, gamma, beta, state, True, 0.9, 1e-3)
    np.testing.assert_allclose(out, k_out, rtol=1e-4, atol=1e-4)
    for key in new_state:
        np.testing.assert_allclose(new_state[key], k_state[key], rtol=1e-4, atol=1e-5)


def test_batchnorm_backward_reference_matches_tensorflow():
    import tensorflow as tf

    rng = np.random.default_rng(2)
    x, gamma, beta, dout = rng.normal(size=(6, 3)), rng.uniform(0.5, 2, 3), rng.normal(size=3), rng.normal(size=(6, 3))
    tx, tg, tb = (tf.Variable(v) for v in (x, gamma, beta))
    with tf.GradientTape() as tape:
        mean, var = tf.nn.moments(tx, axes=[0])
        out = tf.nn.batch_normalization(tx, mean, var, tb, tg, 1e-5)
        loss = tf.reduce_sum(out * dout)
    grads = tape.gradient(loss, [tx, tg, tb])
    for mine, theirs in zip(checks_w07._bn_backward_ref(x, gamma, dout), grads):
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=1e-6, atol=1e-9)


def test_dropout_reference_statistics_match_keras():
    import keras

    ones = np.ones((200, 500), dtype="float32")
    out, mask = solutions(WEEK)["dropout_forward"](ones, 0.3, True, seed=0)
    theirs = keras.layers.Dropout(0.3, seed=0)(ones, training=True).numpy()
    assert abs(np.mean(out != 0) - np.mean(theirs != 0)) < 0.01
    np.testing.assert_allclose(np.unique(theirs), [0.0, 1 / 0.7], rtol=1e-6)
    np.testing.assert_allclose(np.unique(out), [0.0, 1 / 0.7], rtol=1e-6)


def test_augment_check_accepts_a_batch_shift():
    """Shifting the whole batch by one common random shift is label-preserving too."""
    src = '''
def augment(images, seed=0):
    shifts = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
    dy, dx = shifts[np.random.default_rng(seed).integers(8)]
    out = np.zeros_like(images)
    H, W = images.shape[1:3]
    out[:, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\
        images[:, max(-dy, 0):H + min(-dy, 0), max(-dx, 0):W + min(-dx, 0)]
    return out
'''
    checks_w07.augment(define(WEEK, src, "augment"))
