"""Unit tests of utils/checks/week06_cnn.py: no notebook execution.

The reference solutions come from the source notebook (conftest.solutions), the wrong and alternative
implementations from tests/mutants/week06_cnn.py.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import failure_message, mutant_source, mutant_message, define, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week06_cnn as week

WEEK = "week06_cnn"
MUT = mutants(WEEK)


def test_mlp_param_counts_match_keras():
    import keras

    for (shape, n_classes), count in week.MLP_PARAMS.items():
        mlp = keras.Sequential([keras.Input((int(np.prod(shape)),))] + [keras.layers.Dense(u) for u in week.MLP_HIDDEN]
                               + [keras.layers.Dense(n_classes)])
        assert mlp.count_params() == count, (shape, n_classes)


def test_tables_name_graded_functions():
    assert week.MAY_MODIFY == {}
    assert set(week.OWN_WORK) <= set(week.POINTS) and "build_cnn" not in week.OWN_WORK
    assert all(name.count(".") >= 1 for names in week.OWN_WORK.values() for name in names)


# ------------------------------------------------------------------------- messages a student can act on
def test_kernel_flip_is_named():
    message = mutant_message(WEEK, "conv2d", "flips the kernel (true convolution)")
    assert "check 1/" in message and "without flipping" in message


def test_missing_plus_one_is_named():
    assert "+ 1" in mutant_message(WEEK, "conv_output_size", "no + 1")


def test_padding_the_batch_axis_shows_the_shape():
    message = mutant_message(WEEK, "zero_pad", "pads every axis, batch and channels too")
    assert "expected result.shape (1, 4, 4, 1), got (3, 4, 4, 3)" in message


def test_overwriting_gradients_is_named():
    message = mutant_message(WEEK, "max_pool_backward", "overwrites instead of adding where windows overlap")
    assert "overlapping" in message and "+=" in message


def test_avg_pool_wrong_count_is_caught():
    assert "failed" in mutant_message(WEEK, "avg_pool", "divides by size instead of size**2")


def test_dense_only_model_is_named():
    message = mutant_message(WEEK, "build_cnn", "dense only, no Conv2D")
    assert "Conv2D" in message and "found only" in message


def test_too_many_parameters_is_named():
    message = mutant_message(WEEK, "build_cnn", "no pooling and a big Dense layer: more parameters than the MLP")
    assert "parameters" in message and "must have fewer" in message


def test_a_model_that_does_not_learn_fails_the_learning_case():
    message = mutant_message(WEEK, "build_cnn", "cannot learn: learning rate 1e-6")
    assert "test accuracy" in message and f"at least {week.LEARN_TARGET}" in message


def test_float32_conv_accepted():
    conv = solutions(WEEK)["conv2d"]
    rng = np.random.default_rng(0)
    x = rng.normal(size=(1, 5, 5, 2)).astype(np.float32)
    W = rng.normal(size=(3, 3, 2, 2)).astype(np.float32)
    out = conv(x, W, np.zeros(2, dtype=np.float32), pad=1)
    assert out.shape == (1, 5, 5, 2)


def test_tie_rule_accepts_both_stated_rules_and_names_them():
    ref = solutions(WEEK)["max_pool_backward"]           # every tied maximum gets dout
    week.max_pool_backward(ref)
    for label in ("vectorised: first maximum of each window (np.argmax) and np.add.at",
                  "tf.GradientTape through tf.nn.max_pool2d"):
        week.max_pool_backward(define(WEEK, dict(MUT.ALTERNATIVES["max_pool_backward"])[label], "max_pool_backward"))
    message = failure_message(WEEK, "max_pool_backward", mutant_source(WEEK, "max_pool_backward",
                                                    "ties: the gradient goes to the LAST tied maximum "
                                                    "(>= in a running comparison)"))
    assert "ties" in message and "row-major" in message


@pytest.mark.parametrize("fn,label,argument", [
    ("conv2d_backward", "right result, but clears the caller's x afterwards (x.fill(0), to save memory)", "`x`"),
    ("zero_pad", "right result, but clears the caller's x afterwards (x.fill(0), to save memory)", "`x`"),
    ("conv2d", "right result, but W.shape = ... reshapes the caller's filters in place", "`W`"),
    ("max_pool_backward", "right result, but marks each routed maximum in x with -inf", "`x`"),
    ("max_pool_backward", "right result, but dout.shape = ... reshapes the caller's dout in place", "`dout`"),
])
def test_changing_an_input_in_place_is_named(fn, label, argument):
    message = failure_message(WEEK, fn, mutant_source(WEEK, fn, label))
    assert "in place" in message and argument in message


def test_compile_configuration_survives_a_keras_file(tmp_path):
    """In grading the model comes back re-loaded from a .keras file: the compile check reads what that keeps."""
    import keras

    ref = solutions(WEEK)["build_cnn"]
    model = ref((8, 8, 1), 10)
    model.save(tmp_path / "m.keras")
    assert week._compiled(keras.models.load_model(tmp_path / "m.keras")) is None
    bad = define(WEEK, mutant_source(WEEK, "build_cnn", "compiled without metrics"), "build_cnn")((8, 8, 1), 10)
    bad.save(tmp_path / "bad.keras")
    assert "metric accuracy" in week._compiled(keras.models.load_model(tmp_path / "bad.keras"))


def test_int_result_is_required():
    message = mutant_message(WEEK, "conv_output_size", "returns a 0-d array, not an int")
    assert "expected an int" in message


# ------------------------------------------------------------------------------------------ backward passes
def _scaled(fn, factor):
    """The reference, every returned gradient multiplied by `factor`: inside the value tolerances (rtol 1e-6 and more),
    outside the shared gradient check's (relative error 1e-7)."""
    ref = solutions(WEEK)[fn]

    def wrong(*args, **kwargs):
        result = ref(*args, **kwargs)
        return tuple(g * factor for g in result) if isinstance(result, tuple) else result * factor
    return wrong


@pytest.mark.parametrize("fn", ["max_pool_backward", "conv2d_backward"])
def test_backward_checks_use_the_shared_gradient_check(fn):
    getattr(week, fn)(solutions(WEEK)[fn])
    with pytest.raises(CheckFailed) as info:
        getattr(week, fn)(_scaled(fn, 1 + 5e-7))
    assert "gradient check: relative error of dx" in str(info.value)


def test_conv2d_backward_uncropped_padding_shows_the_shape():
    message = failure_message(WEEK, "conv2d_backward", mutant_source(WEEK, "conv2d_backward",
                                                  "padding not cropped from dx (returns the padded input's gradient)"))
    assert "expected dx.shape (2, 4, 4, 2), got (2, 6, 6, 2)" in message and "padded" in message


def test_conv2d_backward_overwriting_is_named():
    message = failure_message(WEEK, "conv2d_backward", mutant_source(WEEK, 
        "conv2d_backward", "dx not accumulated across overlapping windows (= instead of +=, one window at a time)"))
    assert "check 1/" in message and "adds up" in message


def test_conv2d_backward_tables():
    assert "tensorflow.GradientTape" in week.OWN_WORK["conv2d_backward"]
    assert "tensorflow.nn.conv2d_transpose" in week.OWN_WORK["conv2d_backward"]
    assert week.POINTS["conv2d_backward"] == 3 and sum(week.POINTS.values()) == 16   # + two written answers = 20
