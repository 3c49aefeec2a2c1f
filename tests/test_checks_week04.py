"""Unit tests of the week-4 checks (utils/checks/week04_backprop.py); no notebook is executed.

Each check must pass on the notebook's reference solution and on every correct alternative, fail with a
CheckFailed that says something useful on every mutant, and say "not implemented" for the release stub.
Backward checks get the cache from a forward function: the reference one here, unless a test says otherwise.
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import define, mutants, solutions
from utils import gradcheck
from utils.checks import CheckFailed, engine, gradients
from utils.checks import week04_backprop as checks_w04

WEEK = "week04_backprop"
BACKWARD = {"dense_backward": "dense_forward", "relu_backward": "relu_forward", "sigmoid_backward": "sigmoid_forward"}
MUT = mutants(WEEK)


def _run(fn, func, forward=None):
    check = getattr(checks_w04, fn)
    if fn in BACKWARD:
        return check(func, forward if forward is not None else solutions(WEEK)[BACKWARD[fn]])
    return check(func)


def _stub(*args, **kwargs):
    raise NotImplementedError()


def test_tensorflow_only_inside_checks():
    """Importing the checks module must not import TensorFlow (it is imported inside the check functions)."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(checks_w04.__file__).read_text())
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
            assert not any(n.split(".")[0] in {"tensorflow", "keras"} for n in names), names


@pytest.mark.parametrize("fn", sorted(BACKWARD))
def test_backward_with_stub_forward_says_not_implemented(fn):
    """In the release both stubs are there: the backward check names the forward to implement first."""
    with pytest.raises(CheckFailed, match=f"not implemented yet - {BACKWARD[fn]}"):
        _run(fn, solutions(WEEK)[fn], forward=_stub)


@pytest.mark.parametrize("fn", sorted(BACKWARD))
def test_backward_finds_forward_next_to_it(fn, capsys):
    """Called with the backward only (the self-check table does that), the check uses the forward defined in
    the backward's own namespace."""
    check = getattr(checks_w04, fn)
    assert check(solutions(WEEK)[fn]) >= 2
    lone = define(WEEK, f"def {fn}(dout, cache):\n    return dout\n", fn)   # an answer, if a wrong one: no stub
    namespace = lone.__globals__
    del namespace[BACKWARD[fn]]
    with pytest.raises(CheckFailed, match="is not defined"):
        check(lone)


def test_backward_uses_the_students_cache():
    """A forward/backward pair with its own cache layout (a dict) passes: the check never builds a cache."""
    fwd = define(WEEK, "def dense_forward(x, W, b):\n    return x @ W + b, {'inputs': x, 'weights': W}\n",
                 "dense_forward")
    bwd = define(WEEK, "def dense_backward(dout, cache):\n    x, W = cache['inputs'], cache['weights']\n"
                       "    return dout @ W.T, x.T @ dout, dout.sum(axis=0)\n", "dense_backward")
    checks_w04.dense_forward(fwd)
    checks_w04.dense_backward(bwd, fwd)


def test_forward_without_cache_blocks_backward_with_message():
    fwd = define(WEEK, "def relu_forward(x):\n    return np.maximum(x, 0)\n", "relu_forward")
    with pytest.raises(CheckFailed, match=r"must return a tuple \(out, cache\)"):
        checks_w04.relu_backward(solutions(WEEK)["relu_backward"], fwd)


def test_transposed_dw_message_names_dw_and_hint(monkeypatch):
    """Hints are tiered: the first failure names the shapes, the same failure again shows the formula (in
    mathematical notation, never code)."""
    monkeypatch.setattr(engine, "_FAILURES", {})
    src = dict(MUT.MUTANTS["dense_backward"])["transposed dW: dout.T @ x"]
    with pytest.raises(CheckFailed, match=r"expected dW\.shape") as info:
        _run("dense_backward", define(WEEK, src, "dense_backward"))
    first = str(info.value)
    assert "dW like W (D, M)" in first and "db sums over the samples" in first
    assert "formula:" not in first and "still stuck" in first
    with pytest.raises(CheckFailed) as info:
        _run("dense_backward", define(WEEK, src, "dense_backward"))
    assert "formula: ∂L/∂x = ∂L/∂out · Wᵀ" in str(info.value) and "∂L/∂W = xᵀ · ∂L/∂out" in str(info.value)
    assert "@" not in str(info.value).split("hint:")[1]


def test_square_w_transpose_gets_its_own_hint(monkeypatch):
    """With a square W the shapes fit either way: the hint says so and points at one entry of dW."""
    monkeypatch.setattr(engine, "_FAILURES", {})
    bad = define(WEEK, "def dense_backward(dout, cache):\n    x, W = cache\n"
                       "    return dout @ W.T, (x.T @ dout).T if W.shape[0] == W.shape[1] else x.T @ dout, "
                       "dout.sum(axis=0)\n", "dense_backward")
    with pytest.raises(CheckFailed, match="square W") as info:
        _run("dense_backward", bad)
    assert "transpose goes unnoticed by the shapes" in str(info.value)


def test_softmax_gradient_formula_only_after_a_second_failure(monkeypatch):
    monkeypatch.setattr(engine, "_FAILURES", {})
    src = "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n" \
          "    z = logits - logits.max(axis=1, keepdims=True)\n" \
          "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n" \
          "    d = p.copy()\n    d[np.arange(N), y] -= 1\n" \
          "    return -np.log(p[np.arange(N), y]).mean(), d\n"
    bad = define(WEEK, src, "softmax_cross_entropy_loss")
    with pytest.raises(CheckFailed) as info:
        checks_w04.softmax_cross_entropy_loss(bad)
    assert "divided by N" in str(info.value) and "formula:" not in str(info.value)
    with pytest.raises(CheckFailed) as info:
        checks_w04.softmax_cross_entropy_loss(bad)
    assert "formula: ∂L/∂z_nk = (p_nk − [k = y_n]) / N" in str(info.value)


def test_unrestored_x_reported():
    src = dict(MUT.MUTANTS["numerical_gradient"])["x not restored after probing"]
    with pytest.raises(CheckFailed, match="changed its input `x` in place") as info:
        checks_w04.numerical_gradient(define(WEEK, src, "numerical_gradient"))
    assert "put each entry back after probing it" in str(info.value)


def test_numerical_gradient_is_pinned_to_central_differences():
    """utils.gradcheck (five-point stencil) wrapped in one line does not pass: the h=0.1 cube and the default-h
    cases tell the two stencils apart."""
    src = dict(MUT.MUTANTS["numerical_gradient"])["one line around utils.gradcheck.numerical_gradient_array"]
    with pytest.raises(CheckFailed, match="h is used|default h"):
        checks_w04.numerical_gradient(define(WEEK, src, "numerical_gradient"))


def test_no_reference_implementation_is_left_in_the_module():
    """The module computes expectations inline (TensorFlow, literals): no private NumPy reference of a graded
    function remains (they shipped answers to students)."""
    for name in ("_dense", "_relu", "_sigmoid", "_mse", "_softmax_ce", "_two_layer_loss", "_keras_loss_and_grads",
                 "_tf_loss_and_grad", "_tf_layer_grads"):
        assert not hasattr(checks_w04, name), name
    assert not hasattr(gradcheck, "numerical_gradient")


def test_backward_that_changes_its_cache_is_reported():
    src = dict(MUT.MUTANTS["sigmoid_backward"])["updates the cached s in place (s *= 1 - s)"]
    with pytest.raises(CheckFailed, match="changed the cache of sigmoid_forward in place"):
        _run("sigmoid_backward", define(WEEK, src, "sigmoid_backward"))
    src = dict(MUT.MUTANTS["dense_backward"])["reuses the cached x as the buffer for dx (changes the cache)"]
    with pytest.raises(CheckFailed, match="changed the cache of dense_forward in place"):
        _run("dense_backward", define(WEEK, src, "dense_backward"))


def test_backward_that_changes_dout_is_reported():
    src = dict(MUT.MUTANTS["relu_backward"])["zeros dout in place (dout[x <= 0] = 0)"]
    with pytest.raises(CheckFailed, match="changed its input `dout` in place"):
        _run("relu_backward", define(WEEK, src, "relu_backward"))


def test_relu_derivative_at_zero_is_zero():
    src = dict(MUT.MUTANTS["relu_backward"])["mask x >= 0: derivative 1 at x = 0"]
    with pytest.raises(CheckFailed, match="x exactly 0"):
        _run("relu_backward", define(WEEK, src, "relu_backward"))


def test_unstable_sigmoid_fails_with_a_numeric_warning():
    src = dict(MUT.MUTANTS["sigmoid_forward"])["unstable 1 / (1 + exp(-x)): overflow warning for x = -1000"]
    with pytest.raises(CheckFailed, match="numeric warning: overflow") as info:
        checks_w04.sigmoid_forward(define(WEEK, src, "sigmoid_forward"))
    assert "no overflow warning" in str(info.value)


def test_textbook_sigmoid_fails_the_check():
    """The plain 1 / (1 + exp(-x)) (the week's former reference) overflows for x < -709.78: the check's
    x = -1000 ... 1000 case catches it, and the hint names the threshold."""
    textbook = define(WEEK, "def sigmoid_forward(x):\n    out = 1.0 / (1.0 + np.exp(-x))\n    return out, out\n",
                      "sigmoid_forward")
    with pytest.raises(CheckFailed, match="no overflow warning") as info:
        checks_w04.sigmoid_forward(textbook)
    assert "709.78" in str(info.value)


def test_reference_sigmoid_is_quiet_at_minus_1000():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            out, _ = solutions(WEEK)["sigmoid_forward"](np.array([-1000.0, 0.0, 1000.0]))
    assert np.array_equal(out, [0.0, 0.5, 1.0])


def test_extra_key_in_grads_is_reported():
    src = dict(MUT.MUTANTS["two_layer_net_loss"])["an extra key in grads (the hidden activations)"]
    with pytest.raises(CheckFailed, match="exactly the keys"):
        checks_w04.two_layer_net_loss(define(WEEK, src, "two_layer_net_loss"))


def test_no_max_shift_fails_on_overflow():
    src = dict(MUT.MUTANTS["softmax_cross_entropy_loss"])["no max-shift: overflows for large logits"]
    with pytest.raises(CheckFailed, match="large logits"):
        checks_w04.softmax_cross_entropy_loss(define(WEEK, src, "softmax_cross_entropy_loss"))


def test_gradcheck_property_catches_a_gradient_that_matches_no_expectation():
    """The gradient check (Case.check) fails on its own, with the relative error in the message."""
    x = np.array([0.3, -1.2, 2.0])
    dout = np.array([1.0, -2.0, 0.5])
    check = checks_w04._gradcheck(lambda v: 1.0 / (1.0 + np.exp(-v)), (x,), dout, ("dx",))
    s = 1.0 / (1.0 + np.exp(-x))
    assert check(dout * s * (1 - s)) is None
    message = check(dout * s)
    assert message and "gradient check" in message and "relative error" in message


def test_checks_are_deterministic():
    ref = solutions(WEEK)
    for fn in ("numerical_gradient", "dense_backward", "two_layer_net_loss"):
        assert _run(fn, ref[fn]) == _run(fn, ref[fn])


def test_reference_gradients_pass_gradcheck_on_other_inputs():
    """The reference's two-layer gradients pass the 1e-7 gradient check on inputs other than the check's too."""
    ref = solutions(WEEK)
    rng = np.random.default_rng(0)
    params = checks_w04._params(rng, 4, 6, 3)
    X, y = rng.normal(size=(5, 4)), rng.integers(0, 3, size=5)
    _, grads = ref["two_layer_net_loss"](params, X, y)
    for key in params:
        def f(w, key=key):
            p = {**params, key: w}
            hidden = np.maximum(X @ p["W1"] + p["b1"], 0)
            z = hidden @ p["W2"] + p["b2"]
            z = z - z.max(axis=1, keepdims=True)
            return float(np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(y)), y]))
        numeric = gradcheck.numerical_gradient_array(f, params[key], 1.0)
        assert gradcheck.rel_error(numeric, grads[key]) < gradients.TOLERANCE, key
