"""Unit tests of the week-7 checks (utils/checks/week07_regularization.py); no notebook is executed.

Each check must pass on the notebook's reference solution and on every correct alternative, fail with a
CheckFailed that says something useful on every mutant, and say "not implemented" for the release stub.
The checks hold no reference function (their expectations are literals or computed inline), so the stored
early-stopping epochs and the notebook's reference solutions are compared with Keras and TensorFlow here
(EarlyStopping driven with scripted losses, and once in a real `fit`; BatchNormalization in training mode;
the gradients of tf.nn.batch_normalization).
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
    if fn in ("batchnorm_backward", "spatial_batchnorm_backward"):
        return check(func, solutions(WEEK)[fn.replace("backward", "forward")])
    return check(func)


def test_batchnorm_backward_finds_forward_next_to_it(capsys):
    """As in the notebook and the self-check table: the forward is looked up in the backward's globals."""
    backward = define(WEEK, "def batchnorm_backward(dout, cache):\n"
                      "    x_hat, gamma, inv_std = cache\n"
                      "    g = dout * gamma\n"
                      "    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))\n"
                      "    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)\n", "batchnorm_backward")
    checks_w07.batchnorm_backward(backward)
    assert "batchnorm_backward: 6/6 checks passed" in capsys.readouterr().out


def test_batchnorm_backward_with_unimplemented_forward_says_so():
    def forward(*args, **kwargs):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="not implemented yet - batchnorm_forward"):
        checks_w07.batchnorm_backward(solutions(WEEK)["batchnorm_backward"], forward)


def test_hints_on_typical_mistakes():
    """The failure messages point at the mistake, not just at a number."""
    expectations = {
        ("l2_penalty", "gradient lam * w (the 1/2 convention, not Keras')"): "no factor 1/2",
        ("l1_penalty", "gradient +lam at zero (w >= 0 counts as positive)"): "exactly 0 where w is 0",
        ("dropout_forward", "keeps with probability rate"): "DROPPING",
        ("dropout_forward", "scales at inference too"): "inference",
        ("batchnorm_forward", "unbiased variance (ddof=1)"): "biased",
        ("augment", "vertical flips (a 6 becomes a 9)"): "no flips",
        ("early_stopping_epoch", "global minimum of the whole list"): "later epochs never happen",
        ("early_stopping_epoch", "ties count as improvement (<=)"): "strictly smaller",
        ("ensemble_predict", "vote ties go to the largest class"): "smallest",
        ("augment", "one shift for the whole batch"): "not one for the whole batch",
        ("augment", "shifts of up to 2 pixels"): "at most one pixel",
        ("augment", "draws from {-1, 0} only (integers(-1, 1))"): "excludes its upper bound",
        ("batchnorm_forward", "assigns the new statistics into the caller's state dict"): "new dict",
        ("batchnorm_backward", "overwrites the cached x_hat in place"): "changed the cache in place",
        ("dropout_forward", "boolean mask at inference"): "float",
        ("l2_penalty", "grads as a tuple"): "list of arrays",
        ("early_stopping_epoch", "returns a float"): "int",
        ("ensemble_predict", "returns a list"): "NumPy array",
        ("spatial_batchnorm_forward", "statistics per (H, W) location (over N only)"): "one mean and one variance per channel",
        ("spatial_batchnorm_forward", "float32 input turned into a float64 output"): "float32",
        ("spatial_batchnorm_forward", "running statistics updated at inference too"): "state stays as it was",
        ("spatial_batchnorm_backward", "dgamma and dbeta summed over N only"): "over N, H and W",
        ("spatial_batchnorm_backward", "scales dout in place"): "in place",
    }
    for (fn, label), phrase in expectations.items():
        src = dict(MUT.MUTANTS[fn])[label]
        with pytest.raises(CheckFailed) as info:
            _run(fn, define(WEEK, src, fn))
        assert phrase in str(info.value), f"{fn}/{label}: {info.value}"


# ------------------------------------------------------------------------------------------------
# Stored expectations and the reference solutions agree with Keras / TensorFlow
# ------------------------------------------------------------------------------------------------
def _keras_restored_epoch(losses, patience):
    """The correct alternative that drives a real keras.callbacks.EarlyStopping with the scripted losses."""
    source = dict(MUT.ALTERNATIVES["early_stopping_epoch"])["a real keras.callbacks.EarlyStopping driven with "
                                                             "scripted logs"]
    return define(WEEK, source, "early_stopping_epoch")(losses, patience)


def test_stored_early_stopping_epochs_match_keras_callback():
    for losses, patience, want, what, _ in checks_w07.EARLY_STOPPING_SEQUENCES:
        assert _keras_restored_epoch(list(losses), patience) == want, (what, losses, patience)


def test_early_stopping_reference_matches_keras_callback_on_random_walks():
    reference = solutions(WEEK)["early_stopping_epoch"]
    rng = np.random.default_rng(0)
    for _ in range(60):                                       # random walks with many exact ties
        steps = rng.choice([-1.0, 0.0, 0.0, 1.0], size=rng.integers(1, 25))
        losses, patience = (5.0 + np.cumsum(steps)).tolist(), int(rng.integers(0, 6))
        assert reference(losses, patience) == _keras_restored_epoch(losses, patience), (losses, patience)


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
    assert stopper.best_epoch == solutions(WEEK)["early_stopping_epoch"](script, patience) == 1


def test_batchnorm_reference_matches_keras_in_training_mode():
    import keras

    x, gamma, beta, state = checks_w07._bn_inputs(1, 12, 4)
    out, _, new_state = solutions(WEEK)["batchnorm_forward"](x, gamma, beta, state, True, momentum=0.9, eps=1e-3)
    layer = keras.layers.BatchNormalization(momentum=0.9, epsilon=1e-3)
    layer.build((None, 4))
    layer.set_weights([np.asarray(v, np.float32) for v in (gamma, beta, state["running_mean"], state["running_var"])])
    k_out = np.asarray(layer(x.astype(np.float32), training=True))
    np.testing.assert_allclose(out, k_out, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(new_state["running_mean"], np.asarray(layer.moving_mean), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(new_state["running_var"], np.asarray(layer.moving_variance), rtol=1e-4, atol=1e-5)


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
    reference = solutions(WEEK)
    _, cache, _ = reference["batchnorm_forward"](x, gamma, beta, {"running_mean": np.zeros(3),
                                                                  "running_var": np.ones(3)}, True)
    for mine, theirs in zip(reference["batchnorm_backward"](dout, cache), grads):
        np.testing.assert_allclose(mine, theirs.numpy(), rtol=1e-6, atol=1e-9)


def test_dropout_reference_statistics_match_keras():
    import keras

    ones = np.ones((200, 500), dtype="float32")
    out, mask = solutions(WEEK)["dropout_forward"](ones, 0.3, True, seed=0)
    theirs = keras.layers.Dropout(0.3, seed=0)(ones, training=True).numpy()
    assert abs(np.mean(out != 0) - np.mean(theirs != 0)) < 0.01
    np.testing.assert_allclose(np.unique(theirs), [0.0, 1 / 0.7], rtol=1e-6)
    np.testing.assert_allclose(np.unique(out), [0.0, 1 / 0.7], rtol=1e-6)


def test_augment_check_rejects_a_batch_shift():
    """The text asks for one draw per image: one common random shift for the whole batch loses the points."""
    src = dict(MUT.MUTANTS["augment"])["one shift for the whole batch, never (0, 0)"]
    with pytest.raises(CheckFailed, match="not one for the whole batch"):
        checks_w07.augment(define(WEEK, src, "augment"))


def test_tables_name_graded_functions_and_no_exceptions_to_the_input_rule():
    assert set(checks_w07.RULES) == set(checks_w07.POINTS)
    assert set(checks_w07.OWN_WORK) <= set(checks_w07.POINTS)
    assert checks_w07.MAY_MODIFY == {}


def test_hints_are_tiered_the_formula_comes_with_a_repeated_failure():
    """The first failure of a case names the idea; the same case failing again in the session shows the formula."""
    from utils.checks import engine

    engine._FAILURES.clear()
    wrong = define(WEEK, dict(MUT.MUTANTS["batchnorm_backward"])["missing the variance term"], "batchnorm_backward")
    messages = []
    for _ in range(2):
        with pytest.raises(CheckFailed) as info:
            checks_w07.batchnorm_backward(wrong, solutions(WEEK)["batchnorm_forward"])
        messages.append(str(info.value))
    assert "formula:" not in messages[0] and "still stuck" in messages[0], messages[0]
    assert "formula: with g = γ ⊙ ∂L/∂out" in messages[1], messages[1]


def test_spatial_batchnorm_backward_finds_forward_next_to_it(capsys):
    """As in the notebook and the self-check table: the forward is looked up in the backward's globals."""
    backward = define(WEEK, dict(MUT.ALTERNATIVES["spatial_batchnorm_backward"])[
        "reshape to (N*H*W, C) and reuse batchnorm_backward"], "spatial_batchnorm_backward")
    checks_w07.spatial_batchnorm_backward(backward)
    assert "spatial_batchnorm_backward: 5/5 checks passed" in capsys.readouterr().out


def test_spatial_batchnorm_backward_with_unimplemented_forward_says_so():
    def forward(*args, **kwargs):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="not implemented yet - spatial_batchnorm_forward"):
        checks_w07.spatial_batchnorm_backward(solutions(WEEK)["spatial_batchnorm_backward"], forward)


def test_spatial_batchnorm_reference_is_batchnorm_on_the_flattened_view():
    """Per channel over N, H and W is the 2-D batch norm of the (N*H*W, C) view, forward and backward."""
    reference = solutions(WEEK)
    x, gamma, beta, state = checks_w07._sbn_inputs(5, (3, 4, 2, 3))
    dout = np.random.default_rng(6).normal(size=x.shape)
    for training in (True, False):
        out, cache, new_state = reference["spatial_batchnorm_forward"](x, gamma, beta, state, training, momentum=0.7)
        flat, flat_cache, flat_state = reference["batchnorm_forward"](x.reshape(-1, 3), gamma, beta, state, training,
                                                                     momentum=0.7)
        np.testing.assert_allclose(out, flat.reshape(x.shape), rtol=1e-12, atol=1e-12)
        for key in ("running_mean", "running_var"):
            np.testing.assert_allclose(new_state[key], flat_state[key], rtol=1e-12)
    _, cache, _ = reference["spatial_batchnorm_forward"](x, gamma, beta, state, True)
    _, flat_cache, _ = reference["batchnorm_forward"](x.reshape(-1, 3), gamma, beta, state, True)
    for mine, theirs in zip(reference["spatial_batchnorm_backward"](dout, cache),
                            reference["batchnorm_backward"](dout.reshape(-1, 3), flat_cache)):
        np.testing.assert_allclose(mine, np.reshape(theirs, np.shape(mine)), rtol=1e-10, atol=1e-12)
