"""Unit tests of utils/checks/week08_modern_cnn.py: no notebook execution.

The reference solutions come from the source notebook (conftest.solutions), the wrong and alternative
implementations from tests/mutants/week08_modern_cnn.py. Every NumPy graded function is compared with
TensorFlow here too (tf.GradientTape on a Keras residual block, GlobalAveragePooling2D, a GAP + Dense head).
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import failure_message, mutant_source, mutant_message, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week08_modern_cnn as week

WEEK = "week08_modern_cnn"
MUT = mutants(WEEK)


def test_tables():
    assert week.MAY_MODIFY == {}
    assert set(week.OWN_WORK) <= set(week.POINTS)
    assert "tensorflow.GradientTape" in week.OWN_WORK["residual_block_backward"]
    assert sum(week.POINTS.values()) == 16            # + two written answers of 2 points = 20


def test_receptive_field_of_the_classic_networks():
    rf = solutions(WEEK)["receptive_field"]
    vgg16 = ([(3, 1)] * 2 + [(2, 2)]) * 2 + ([(3, 1)] * 3 + [(2, 2)]) * 3
    assert rf([(5, 1), (2, 2), (5, 1), (2, 2)]) == 16 and rf(vgg16) == 212
    assert rf([(7, 2), (3, 2)] + [(3, 1)] * 4 + ([(3, 2)] + [(3, 1)] * 3) * 3) == 435


def test_residual_block_against_keras_and_gradient_tape():
    import keras
    import tensorflow as tf

    ns = solutions(WEEK)
    fwd, bwd = ns["residual_block_forward"], ns["residual_block_backward"]
    rng = np.random.default_rng(0)
    for projection in (False, True):
        d, h, m = 4, 5, (3 if projection else 4)
        x, W1, b1 = rng.normal(size=(6, d)), rng.normal(size=(d, h)), rng.normal(size=h)
        W2, b2 = rng.normal(size=(h, m)), rng.normal(size=m)
        Ws = rng.normal(size=(d, m)) if projection else None
        dout = rng.normal(size=(6, m))
        inp = keras.Input((d,), dtype="float64")
        branch = keras.layers.Dense(m, dtype="float64")(keras.layers.Dense(h, activation="relu", dtype="float64")(inp))
        skip = keras.layers.Dense(m, use_bias=False, dtype="float64")(inp) if projection else inp
        model = keras.Model(inp, keras.layers.ReLU(dtype="float64")(keras.layers.Add(dtype="float64")([branch, skip])))
        model.set_weights([W1, b1, W2, b2] + ([Ws] if projection else []))
        xt = tf.constant(x)
        with tf.GradientTape() as tape:
            tape.watch(xt)
            loss = tf.reduce_sum(model(xt) * dout)
        variables = [xt] + model.trainable_weights
        want = tape.gradient(loss, variables)
        out, cache = fwd(x, W1, b1, W2, b2, Ws)
        np.testing.assert_allclose(out, model(xt).numpy(), rtol=1e-10, atol=1e-12)
        got = bwd(dout, cache)
        for g, w in zip([got[0], got[1], got[2], got[3], got[4]] + ([got[5]] if projection else []), want):
            np.testing.assert_allclose(g, np.asarray(w), rtol=1e-9, atol=1e-12)
        assert (got[5] is None) == (not projection)


def test_gap_and_cam_against_keras():
    import keras

    ns = solutions(WEEK)
    rng = np.random.default_rng(1)
    f = rng.normal(size=(3, 5, 4, 6)).astype("float32")
    np.testing.assert_allclose(ns["global_average_pool"](f), keras.layers.GlobalAveragePooling2D()(f).numpy(),
                               rtol=1e-6, atol=1e-6)
    w, b = rng.normal(size=(6, 4)), rng.normal(size=4)
    head = keras.Sequential([keras.Input((5, 4, 6)), keras.layers.GlobalAveragePooling2D(), keras.layers.Dense(4)])
    head.set_weights([w, b])
    cls = np.array([3, 1, 1])
    cams = ns["class_activation_map"](f.astype(float), w, cls)
    scores = head(f).numpy()[np.arange(3), cls]
    np.testing.assert_allclose(cams.mean(axis=(1, 2)) + b[cls], scores, rtol=1e-5, atol=1e-5)


def test_backward_check_uses_the_shared_gradient_check():
    ref = solutions(WEEK)["residual_block_backward"]
    week.residual_block_backward(ref)

    def scaled(dout, cache):
        return tuple(None if g is None else g * (1 + 5e-7) for g in ref(dout, cache))
    with pytest.raises(CheckFailed) as info:
        week.residual_block_backward(scaled, forward=solutions(WEEK)["residual_block_forward"])
    assert "gradient check: relative error of dx" in str(info.value)


def test_missing_skip_gradient_is_named():
    message = mutant_message(WEEK, "residual_block_backward", "skip path missing from dx")
    assert "two paths" in message or "skip" in message


def test_value_error_is_required():
    message = mutant_message(WEEK, "residual_block_forward", "raises a TypeError instead of a ValueError")
    assert "ValueError" in message


def test_changing_x_in_place_is_named():
    message = mutant_message(WEEK, "residual_block_forward",
                             "right result, but clears the caller's x afterwards (x.fill(0), to save memory)")
    assert "in place" in message and "`x`" in message


def test_float32_gap_is_required():
    message = mutant_message(WEEK, "global_average_pool", "float64 result for float32 input")
    assert "float32" in message


def test_cam_per_image_class_is_named():
    message = mutant_message(WEEK, "class_activation_map", "uses the first image's class for every image")
    assert "ITS class" in message


def test_repeated_failure_shows_the_formula():
    src = mutant_source(WEEK, "receptive_field", "ignores strides (sum of kernel - 1)")
    first = failure_message(WEEK, "receptive_field", src)
    second = failure_message(WEEK, "receptive_field", src)
    assert "formula:" not in first and "formula:" in second
