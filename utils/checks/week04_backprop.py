"""Checks for week 4: backpropagation by hand.

Forward functions are compared with NumPy references written here. Every backward pass (and every
loss's gradient) is checked twice, in float64:

- against TensorFlow: the expected gradients come from `tf.GradientTape` on the same inputs
  (TensorFlow is imported inside the check, so importing this module stays cheap);
- with a gradient check: central differences of the true function (`utils.gradcheck`) must agree
  with the student's gradients to a relative error below 1e-7.

The cache is the student's choice, so a backward check always calls the student's forward first and
passes its cache on: `checks.dense_backward(dense_backward, dense_forward)`.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .. import gradcheck
from .engine import Case, CheckFailed, run_cases

WEEK = "week04_backprop"
POINTS = {
    "numerical_gradient": 2,
    "dense_forward": 1,
    "dense_backward": 3,
    "relu_forward": 1,
    "relu_backward": 1,
    "sigmoid_forward": 1,
    "sigmoid_backward": 1,
    "mse_loss": 2,
    "softmax_cross_entropy_loss": 2,
    "two_layer_net_loss": 4,
}
__all__ = list(POINTS)

GRADCHECK_THRESHOLD = 1e-7  # largest relative error allowed between analytic and numerical gradients


# ----------------------------------------------------------------------------------------------------
# private NumPy references (float64)

def _dense(x, W, b):
    return x @ W + b


def _relu(x):
    return np.maximum(x, 0.0)


def _sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # equal to 1 / (1 + exp(-x)), without overflow


def _mse(pred, y):
    return float(np.mean((pred - y) ** 2))


def _softmax_ce(logits, y):
    z = logits - logits.max(axis=1, keepdims=True)
    log_probs = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(y)), y].mean())


def _two_layer_loss(params, X, y):
    hidden = _relu(X @ params["W1"] + params["b1"])
    return _softmax_ce(hidden @ params["W2"] + params["b2"], y)


def _away_from_zero(x, gap=0.05):
    """Push values out of (-gap, gap): the ReLU kink must not sit inside a finite-difference step."""
    return np.where(np.abs(x) < gap, np.sign(x + 1e-12) * (gap + np.abs(x)), x)


# ----------------------------------------------------------------------------------------------------
# TensorFlow gradients (imported lazily)

def _tf():
    import tensorflow as tf

    return tf


def _tf_layer_grads(tf_forward: Callable, inputs: Sequence[np.ndarray], dout: np.ndarray) -> tuple:
    """Gradients of sum(forward(*inputs) * dout) with respect to every input, by tf.GradientTape."""
    tf = _tf()
    variables = [tf.Variable(np.asarray(v, dtype=np.float64)) for v in inputs]
    with tf.GradientTape() as tape:
        objective = tf.reduce_sum(tf_forward(*variables) * tf.constant(dout, dtype=tf.float64))
    return tuple(g.numpy() for g in tape.gradient(objective, variables))


def _tf_loss_and_grad(tf_loss: Callable, pred: np.ndarray, y: np.ndarray) -> tuple:
    tf = _tf()
    variable = tf.Variable(np.asarray(pred, dtype=np.float64))
    with tf.GradientTape() as tape:
        loss = tf_loss(variable, tf.constant(y))
    return float(loss.numpy()), tape.gradient(loss, variable).numpy()


# ----------------------------------------------------------------------------------------------------
# gradient-check properties (Case.check callables)

def _gradcheck_message(label: str, numeric: np.ndarray, analytic) -> str | None:
    analytic = np.asarray(analytic, dtype=np.float64)
    if analytic.shape != numeric.shape:
        return f"gradient check: {label} has shape {analytic.shape}, expected {numeric.shape}"
    error = gradcheck.rel_error(numeric, analytic)
    if not error < GRADCHECK_THRESHOLD:
        return (f"gradient check: relative error of {label} against central differences is {error:.2e} "
                f"(must be < {GRADCHECK_THRESHOLD:g})")
    return None


def _layer_gradcheck(forward: Callable, inputs: Sequence[np.ndarray], dout: np.ndarray,
                     labels: Sequence[str]) -> Callable:
    """Case.check: the returned gradients (a tuple, one per input) pass a numerical gradient check."""
    def check(result):
        grads = result if isinstance(result, tuple) else (result,)
        for i, (label, analytic) in enumerate(zip(labels, grads)):
            def f_i(value, i=i):
                args = [np.array(v, dtype=np.float64) for v in inputs]
                args[i] = value
                return forward(*args)
            numeric = gradcheck.numerical_gradient_array(f_i, np.array(inputs[i], dtype=np.float64), dout)
            msg = _gradcheck_message(label, numeric, analytic)
            if msg:
                return msg
        return None
    return check


def _loss_gradcheck(loss: Callable, pred: np.ndarray, y: np.ndarray, label: str) -> Callable:
    def check(result):
        numeric = gradcheck.numerical_gradient(lambda p: loss(p, y), np.array(pred, dtype=np.float64))
        return _gradcheck_message(label, numeric, result[1])
    return check


def _pair(backward: Callable, forward: Callable | None, backward_name: str, forward_name: str) -> Callable:
    """Run the student's forward for its cache, then the student's backward on (dout, cache).

    Without an explicit forward (e.g. from the self-check table), the forward defined next to the backward
    (in the same notebook namespace) is used.
    """
    if forward is None:
        forward = getattr(backward, "__globals__", {}).get(forward_name)
        if not callable(forward):
            raise CheckFailed(f"{backward_name}: {forward_name} is not defined - run the cell that defines it "
                              f"(its cache feeds {backward_name})")

    def run(*args):
        *inputs, dout = args
        try:
            returned = forward(*inputs)
        except NotImplementedError:
            raise CheckFailed(f"{backward_name}: not implemented yet - {forward_name} raised NotImplementedError; "
                              f"implement {forward_name} first (its cache feeds {backward_name})") from None
        except Exception as exc:
            raise CheckFailed(f"{backward_name}: {forward_name} raised {type(exc).__name__}: {exc} - fix "
                              f"{forward_name} first (its cache feeds {backward_name})") from None
        if not isinstance(returned, (tuple, list)) or len(returned) != 2:
            raise CheckFailed(f"{backward_name}: {forward_name} must return a tuple (out, cache); "
                              f"fix it first (its cache feeds {backward_name})")
        return backward(dout, returned[1])
    return run


# ----------------------------------------------------------------------------------------------------
# numerical_gradient

def numerical_gradient(func):
    """Check numerical_gradient(f, x, h=1e-5): central differences, every entry of x, x restored."""
    def call(f, x, **kwargs):
        grad = func(f, x, **kwargs)
        return grad, np.array(x, copy=True)

    rng = np.random.default_rng(40)
    x1 = np.array([1.0, -2.0, 0.5])
    x2 = rng.normal(size=(4, 3))
    x3 = np.array([[0.5, -1.0], [2.0, 1.5]])
    x4 = np.array([0.3, -0.7, 1.1])
    cube = lambda x: float(np.sum(x ** 3))  # noqa: E731
    coupled = lambda x: float(np.sin(x[0] * x[1]) + x[0] * x[2] ** 2)  # noqa: E731
    coupled_grad = np.array([np.cos(x4[0] * x4[1]) * x4[1] + x4[2] ** 2,
                             np.cos(x4[0] * x4[1]) * x4[0],
                             2 * x4[0] * x4[2]])
    names = ("grad", "x after the call")
    restore = "restore each entry after probing it: x[idx] = old"
    cases = [
        Case("f(x) = sum(x**2) on a vector of 3", args=(lambda x: float(np.sum(x ** 2)), x1),
             expect=(2 * x1, x1), names=names, rtol=1e-6, atol=1e-8,
             hint="grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2h); " + restore),
        Case("f(x) = sum(x**3) on a 4x3 matrix (every entry, not only the first axis)", args=(cube, x2),
             expect=(3 * x2 ** 2, x2), names=names, rtol=1e-6, atol=1e-8,
             hint="loop over every index of x, e.g. `for idx in np.ndindex(x.shape)`; " + restore),
        Case("h is used: for a cube, central differences with h=0.1 give exactly 3*x**2 + h**2",
             args=(cube, x3), kwargs={"h": 0.1}, expect=(3 * x3 ** 2 + 0.01, x3), names=names,
             rtol=1e-9, atol=1e-9,
             hint="use the h passed in, and central differences (f(x+h) - f(x-h)) / (2h), "
                  "not the forward difference (f(x+h) - f(x)) / h"),
        Case("f couples the entries: sin(x0*x1) + x0*x2**2", args=(coupled, x4),
             expect=(coupled_grad, x4), names=names, rtol=1e-6, atol=1e-8,
             hint="probe one entry at a time and put it back before probing the next: " + restore),
    ]
    return run_cases(call, cases, name="numerical_gradient")


# ----------------------------------------------------------------------------------------------------
# dense layer

def dense_forward(func):
    """Check dense_forward(x, W, b) -> (out, cache) with out = x @ W + b."""
    rng = np.random.default_rng(41)
    cases = []
    for name, (n, d, m) in [("one sample, D=3, M=2", (1, 3, 2)), ("batch of 4, D=3, M=5", (4, 3, 5)),
                            ("batch of 3, D=4, M=4 (square W)", (3, 4, 4))]:
        x, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        cases.append(Case(name, args=(x, W, b), expect=(_dense(x, W, b),), names=("out", "_"),
                          rtol=1e-7, atol=1e-9,
                          hint="out = x @ W + b: rows of x are samples, b is added to every row; "
                               "return the tuple (out, cache)"))
    return run_cases(func, cases, name="dense_forward")


def dense_backward(func, forward=None):
    """Check dense_backward(dout, cache) -> (dx, dW, db), with the cache from the student's dense_forward.

    forward defaults to the dense_forward defined next to func.
    """
    tf = _tf()
    rng = np.random.default_rng(42)
    cases = []
    for name, (n, d, m) in [("one sample, D=3, M=2", (1, 3, 2)), ("batch of 4, D=3, M=5", (4, 3, 5)),
                            ("batch of 3, D=4, M=4 (square W: shapes cannot catch a transpose)", (3, 4, 4))]:
        x, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        dout = rng.normal(size=(n, m))
        expect = _tf_layer_grads(lambda x_, W_, b_: tf.matmul(x_, W_) + b_, (x, W, b), dout)
        cases.append(Case(name, args=(x, W, b, dout), expect=expect, names=("dx", "dW", "db"),
                          check=_layer_gradcheck(_dense, (x, W, b), dout, ("dx", "dW", "db")),
                          rtol=1e-7, atol=1e-9,
                          hint="dx = dout @ W.T (N, D), dW = x.T @ dout (D, M), db = dout.sum(axis=0) (M,): "
                               "each gradient has the shape of what it differentiates"))
    return run_cases(_pair(func, forward, "dense_backward", "dense_forward"), cases, name="dense_backward")


# ----------------------------------------------------------------------------------------------------
# ReLU and sigmoid

def relu_forward(func):
    """Check relu_forward(x) -> (out, cache) with out = max(x, 0) elementwise."""
    x1 = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    x2 = np.random.default_rng(43).normal(size=(4, 3))
    hint = "out = np.maximum(x, 0) (elementwise; np.max(x, 0) reduces over an axis instead); return (out, cache)"
    cases = [
        Case("a vector with negatives, zero and positives", args=(x1,), expect=(_relu(x1),),
             names=("out", "_"), rtol=0, atol=0, hint=hint),
        Case("a 4x3 matrix keeps its shape", args=(x2,), expect=(_relu(x2),), names=("out", "_"),
             rtol=0, atol=0, hint=hint),
    ]
    return run_cases(func, cases, name="relu_forward")


def relu_backward(func, forward=None):
    """Check relu_backward(dout, cache) -> dx, with the cache from the student's relu_forward.

    forward defaults to the relu_forward defined next to func.
    """
    tf = _tf()
    rng = np.random.default_rng(44)
    cases = []
    for name, shape in [("a vector of 6", (6,)), ("a 4x5 matrix", (4, 5))]:
        x = _away_from_zero(rng.normal(size=shape))
        dout = rng.normal(size=shape)
        (expect,) = _tf_layer_grads(tf.nn.relu, (x,), dout)
        cases.append(Case(name, args=(x, dout), expect=expect, names=None,
                          check=_layer_gradcheck(_relu, (x,), dout, ("dx",)), rtol=1e-12, atol=1e-12,
                          hint="dx = dout * (x > 0): the mask comes from the forward INPUT x (keep it in the "
                               "cache), not from dout"))
    return run_cases(_pair(func, forward, "relu_backward", "relu_forward"), cases, name="relu_backward")


def sigmoid_forward(func):
    """Check sigmoid_forward(x) -> (out, cache) with out = 1 / (1 + exp(-x))."""
    x1 = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])
    x2 = np.random.default_rng(45).normal(scale=3.0, size=(3, 4))
    hint = "out = 1 / (1 + np.exp(-x)); return (out, cache)"
    cases = [
        Case("a vector around 0 (sigmoid(0) = 0.5)", args=(x1,), expect=(_sigmoid(x1),), names=("out", "_"),
             rtol=1e-7, atol=1e-12, hint=hint),
        Case("a 3x4 matrix keeps its shape", args=(x2,), expect=(_sigmoid(x2),), names=("out", "_"),
             rtol=1e-7, atol=1e-12, hint=hint),
    ]
    return run_cases(func, cases, name="sigmoid_forward")


def sigmoid_backward(func, forward=None):
    """Check sigmoid_backward(dout, cache) -> dx, with the cache from the student's sigmoid_forward.

    forward defaults to the sigmoid_forward defined next to func.
    """
    tf = _tf()
    rng = np.random.default_rng(46)
    cases = []
    for name, shape in [("a vector of 5", (5,)), ("a 3x4 matrix", (3, 4))]:
        x = rng.normal(scale=2.0, size=shape)
        dout = rng.normal(size=shape)
        (expect,) = _tf_layer_grads(tf.sigmoid, (x,), dout)
        cases.append(Case(name, args=(x, dout), expect=expect, names=None,
                          check=_layer_gradcheck(_sigmoid, (x,), dout, ("dx",)), rtol=1e-7, atol=1e-12,
                          hint="dx = dout * s * (1 - s) with s = sigmoid(x), the forward output "
                               "(keep it in the cache)"))
    return run_cases(_pair(func, forward, "sigmoid_backward", "sigmoid_forward"), cases, name="sigmoid_backward")


# ----------------------------------------------------------------------------------------------------
# losses

def mse_loss(func):
    """Check mse_loss(pred, y) -> (loss, dpred), the mean over ALL entries of (pred - y)**2."""
    tf = _tf()
    rng = np.random.default_rng(47)
    tf_mse = lambda p, t: tf.reduce_mean(tf.square(p - t))  # noqa: E731
    cases = []
    for name, shape, hint in [
        ("a vector of 4 targets", (4,), "loss = np.mean((pred - y)**2); dpred = 2 * (pred - y) / pred.size"),
        ("5 samples x 3 outputs: the mean runs over all 15 entries", (5, 3),
         "average over ALL entries: divide by pred.size (15 here), not by the batch size"),
    ]:
        pred, y = rng.normal(size=shape), rng.normal(size=shape)
        cases.append(Case(name, args=(pred, y), expect=_tf_loss_and_grad(tf_mse, pred, y), names=("loss", "dpred"),
                          check=_loss_gradcheck(_mse, pred, y, "dpred"), rtol=1e-7, atol=1e-12, hint=hint))
    perfect = rng.normal(size=(3, 2))
    cases.append(Case("a perfect prediction: zero loss, zero gradient", args=(perfect, perfect.copy()),
                      expect=(0.0, np.zeros_like(perfect)), names=("loss", "dpred"), rtol=0, atol=1e-12,
                      hint="dpred = 2 * (pred - y) / pred.size"))
    return run_cases(func, cases, name="mse_loss")


def softmax_cross_entropy_loss(func):
    """Check softmax_cross_entropy_loss(logits, y) -> (loss, dlogits), integer labels, mean over the batch."""
    tf = _tf()
    tf_ce = lambda z, t: tf.reduce_mean(  # noqa: E731
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=t, logits=z))
    rng = np.random.default_rng(48)
    hint = ("loss = mean over samples of -log softmax(logits)[i, y_i]; dlogits = (softmax(logits) - one_hot(y)) / N: "
            "subtract 1 at the true class, divide by the batch size")
    cases = []
    for name, (n, c) in [("one sample, 3 classes", (1, 3)), ("batch of 6, 4 classes", (6, 4))]:
        logits, y = rng.normal(size=(n, c)), rng.integers(0, c, size=n)
        cases.append(Case(name, args=(logits, y), expect=_tf_loss_and_grad(tf_ce, logits, y),
                          names=("loss", "dlogits"), check=_loss_gradcheck(_softmax_ce, logits, y, "dlogits"),
                          rtol=1e-7, atol=1e-12, hint=hint))
    big = np.array([[1000.0, 1002.0, 999.0], [-500.0, -497.0, -499.0], [3.0, 1.0, 2.0]])
    y_big = np.array([2, 1, 0])
    cases.append(Case("large logits (around +-1000): no overflow", args=(big, y_big),
                      expect=_tf_loss_and_grad(tf_ce, big, y_big), names=("loss", "dlogits"),
                      rtol=1e-7, atol=1e-12, strict=True,
                      hint="subtract each row's max from the logits before np.exp (the softmax does not change); "
                           "np.exp(1000) overflows to inf"))
    return run_cases(func, cases, name="softmax_cross_entropy_loss")


# ----------------------------------------------------------------------------------------------------
# two-layer network

def _params(rng, d, h, c):
    return {"W1": rng.normal(scale=0.8, size=(d, h)), "b1": rng.normal(scale=0.3, size=h),
            "W2": rng.normal(scale=0.8, size=(h, c)), "b2": rng.normal(scale=0.3, size=c)}


def _keras_loss_and_grads(params, X, y):
    """The same network in Keras (float64), its mean sparse categorical cross-entropy and tape gradients."""
    tf = _tf()
    import keras

    d, h = params["W1"].shape
    c = params["W2"].shape[1]
    model = keras.Sequential([keras.Input((d,), dtype="float64"),
                              keras.layers.Dense(h, activation="relu", dtype="float64"),
                              keras.layers.Dense(c, dtype="float64")])
    model.layers[0].set_weights([params["W1"], params["b1"]])
    model.layers[1].set_weights([params["W2"], params["b2"]])
    with tf.GradientTape() as tape:
        logits = model(tf.constant(X, dtype=tf.float64))
        loss = tf.reduce_mean(keras.losses.sparse_categorical_crossentropy(y, logits, from_logits=True))
    grads = tape.gradient(loss, model.trainable_variables)
    return float(loss.numpy()), dict(zip(["W1", "b1", "W2", "b2"], (g.numpy() for g in grads)))


def _net_gradcheck(params, X, y):
    def check(result):
        grads = result[1]
        for key in ("W1", "b1", "W2", "b2"):
            def f(value, key=key):
                probe = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
                probe[key] = value
                return _two_layer_loss(probe, X, y)
            numeric = gradcheck.numerical_gradient(f, np.array(params[key], dtype=np.float64))
            msg = _gradcheck_message(f"grads[{key!r}]", numeric, grads[key])
            if msg:
                return msg
        return None
    return check


def two_layer_net_loss(func):
    """Check two_layer_net_loss(params, X, y) -> (loss, grads) against Keras, GradientTape and a gradient check."""
    rng = np.random.default_rng(49)
    cases = []
    for name, (n, d, h, c) in [("N=5, D=4, H=6, C=3", (5, 4, 6, 3)), ("one sample, D=3, H=4, C=2", (1, 3, 4, 2)),
                               ("N=8, D=2, H=10, C=2", (8, 2, 10, 2))]:
        params = _params(rng, d, h, c)
        X, y = rng.normal(size=(n, d)), rng.integers(0, c, size=n)
        cases.append(Case(name, args=(params, X, y), expect=_keras_loss_and_grads(params, X, y),
                          names=("loss", "grads"), check=_net_gradcheck(params, X, y), rtol=1e-7, atol=1e-12,
                          hint="forward: hidden = relu(X @ W1 + b1), scores = hidden @ W2 + b2, softmax "
                               "cross-entropy (mean over the batch); backward in reverse order: dense, ReLU mask, "
                               "dense; grads[k] has the shape of params[k]"))
    return run_cases(func, cases, name="two_layer_net_loss")
