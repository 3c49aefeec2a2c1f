"""Unit tests of utils/checks/week09_rnn.py and of week 9's shipped text: no notebook execution.

The reference solutions come from the source notebook (conftest.solutions), the wrong and alternative
implementations from tests/mutants/week09_rnn.py. Agreement with TensorFlow/Keras is checked here on the reference
solutions, independently of the checks (which compare with the same libraries).
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import failure_message, mutant_source, mutant_message, ROOT, define, mutants, solutions
from utils import data
from utils.checks import CheckFailed, engine
from utils.checks import week09_rnn as week

WEEK = "week09_rnn"
MUT = mutants(WEEK)


def test_tables_name_graded_functions():
    assert week.MAY_MODIFY == {}
    assert set(week.OWN_WORK) <= set(week.POINTS)
    assert all(name.count(".") >= 1 for names in week.OWN_WORK.values() for name in names)
    assert set(MUT.ROUND_TRIP.values()) <= set(week.POINTS) and len(set(MUT.ROUND_TRIP.values())) == 3


# ------------------------------------------------------------------------- the shipped text
def test_text_is_the_shipped_public_domain_page():
    text = data.text()
    assert text == data.text("alice")
    assert text.startswith("Alice was beginning to get very tired of sitting by her sister")
    assert 3_000 <= len(text.encode("utf-8")) <= 10_000 and text.isascii()
    assert not any(word in text for word in ("Gutenberg", "License", "eBook"))
    readme = (ROOT / "utils" / "texts" / "README.md").read_text()
    assert "alice.txt" in readme and "public domain" in readme and "1865" in readme


def test_unknown_text_names_the_available_ones():
    with pytest.raises(ValueError, match="alice"):
        data.text("no-such-text")


# ------------------------------------------------------------------------- the reference against TensorFlow/Keras
def test_reference_rnn_equals_keras_simple_rnn_and_its_gradients():
    import keras
    import tensorflow as tf

    ref = solutions(WEEK)
    r = np.random.default_rng(0)
    x = r.normal(size=(3, 9, 4))
    layer = keras.layers.SimpleRNN(6, return_sequences=True, dtype="float64")
    layer.build((None, 9, 4))
    Wx, Wh, b = layer.get_weights()
    h, cache = ref["rnn_forward"](x, np.zeros((3, 6)), Wx, Wh, b)
    dh = r.normal(size=h.shape)
    xv = tf.Variable(x)
    with tf.GradientTape() as tape:
        out = layer(xv)
        loss = tf.reduce_sum(out * dh)
    np.testing.assert_allclose(h, out.numpy(), rtol=1e-10, atol=1e-12)
    want = tape.gradient(loss, [xv] + layer.trainable_weights)
    dx, _, dWx, dWh, db = ref["rnn_backward"](dh, cache)
    for got, expected in zip((dx, dWx, dWh, db), want):
        np.testing.assert_allclose(got, expected.numpy(), rtol=1e-9, atol=1e-11)


def test_reference_lstm_cell_over_a_sequence_equals_keras_lstm():
    import keras

    ref = solutions(WEEK)
    r = np.random.default_rng(1)
    x = r.normal(size=(2, 7, 3))
    layer = keras.layers.LSTM(5, dtype="float64")
    layer.build((None, 7, 3))
    Wx, Wh, b = layer.get_weights()
    b = b + r.normal(size=b.shape) * 0.3           # Keras starts with a bias of 1 on the forget gate only
    layer.set_weights([Wx, Wh, b])
    h, c = np.zeros((2, 5)), np.zeros((2, 5))
    for t in range(7):
        h, c, cache = ref["lstm_step_forward"](x[:, t], h, c, Wx, Wh, b)
        assert {"i", "f", "g", "o"} <= set(cache)
    np.testing.assert_allclose(h, np.asarray(layer(x)), rtol=1e-9, atol=1e-11)


def test_reference_clip_and_softmax_equal_tensorflow():
    import tensorflow as tf

    ref = solutions(WEEK)
    r = np.random.default_rng(2)
    for scale in (0.1, 1.0, 10.0):
        grads = [r.normal(size=(3, 4)) * scale, r.normal(size=5) * scale]
        clipped, norm = ref["clip_by_global_norm"](grads, 2.0)
        tf_clipped, tf_norm = tf.clip_by_global_norm([tf.constant(g) for g in grads], 2.0)
        assert norm == pytest.approx(float(tf_norm), rel=1e-12)
        for got, want in zip(clipped, tf_clipped):
            np.testing.assert_allclose(got, want.numpy(), rtol=1e-12)
    z = r.normal(size=(4, 3, 7)) * 5
    for t in (0.05, 1.0, 4.0):
        np.testing.assert_allclose(ref["softmax_with_temperature"](z, t), tf.nn.softmax(z / t, axis=-1).numpy(),
                                   rtol=1e-10, atol=1e-14)


# ------------------------------------------------------------------------- messages a student can act on
def test_transposed_recurrent_weights_are_named():
    message = mutant_message(WEEK, "rnn_step_forward", "recurrent weights transposed (h_prev @ Wh.T)")
    assert "not transposed" in message or "from the right" in message


def test_keras_gate_order_is_named():
    message = mutant_message(WEEK, "lstm_step_forward", "CS231n's gate order i, f, o, g")
    assert "check 1/" in message and "order" in message and "keras.layers.LSTMCell" in message


def test_per_array_clipping_is_named():
    message = mutant_message(WEEK, "clip_by_global_norm", "clips each array by its own norm")
    assert "ALL arrays" in message and "not a norm per array" in message


def test_overflow_names_the_max_trick():
    message = mutant_message(WEEK, "softmax_with_temperature", "no max subtraction (overflows)")
    assert "overflow" in message and "subtract the largest" in message


def test_missing_value_error_is_named():
    message = mutant_message(WEEK, "softmax_with_temperature", "no ValueError for a temperature <= 0")
    assert "ValueError" in message


def test_missing_backward_path_through_time_is_named():
    message = mutant_message(WEEK, "rnn_backward", "no gradient from later steps (each step sees only dh[:, t])")
    assert "tf.GradientTape" in message and "step t + 1" in message


def test_in_place_changes_of_the_upstream_gradient_are_named():
    message = mutant_message(WEEK, "rnn_step_backward", "right values, but scales dh_next in place")
    assert "`dh_next`" in message and "in place" in message
    message = mutant_message(WEEK, "rnn_backward", "right values, but zeroes dh in place afterwards")
    assert "`dh`" in message


def test_a_repeated_failure_shows_the_formula():
    src = mutant_source(WEEK, "rnn_step_backward", "tanh' forgotten (da = dh_next)")
    engine._FAILURES.clear()
    first = failure_message(WEEK, "rnn_step_backward", src)
    second = failure_message(WEEK, "rnn_step_backward", src)
    assert "formula:" not in first and "still stuck" in first
    assert "formula:" in second and "1 − h_next²" in second


def test_backward_checks_say_when_the_forward_is_a_stub():
    namespace_src = ("def rnn_step_forward(*args, **kwargs):\n    raise NotImplementedError()\n"
                     + MUT.ALTERNATIVES["rnn_step_backward"][0][1])
    with pytest.raises(CheckFailed, match="rnn_step_forward raised NotImplementedError"):
        week.rnn_step_backward(define(WEEK, namespace_src, "rnn_step_backward"))


def test_gradient_checks_use_the_shared_helper():
    source = (ROOT / "utils" / "checks" / "week09_rnn.py").read_text()
    assert "gradient_check(" in source and "numerical_gradient" not in source
