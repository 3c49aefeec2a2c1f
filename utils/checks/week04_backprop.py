"""Checks for week 4: backpropagation by hand.

Expected values are literals or come from TensorFlow, computed inside each check function (TensorFlow is
imported there, so importing this module stays cheap): forward outputs from TensorFlow's own ops, gradients
from `tf.GradientTape` on the same inputs. Every backward pass (and every loss's gradient) is also put through
a gradient check (`utils.checks.gradients.gradient_check`, the one every week uses): the five-point numerical
gradient of the forward computation, written inline in the check with NumPy, must agree with the student's
gradients to a relative error below 1e-7.
No function of this module computes a graded function's result: students install it.

Hints come in two tiers (`Case.hint`, then `Case.formula` after a repeated failure of the same case): the idea or
the shape first, the formula in mathematical notation second, never the code of an answer.

The cache is the student's choice, so a backward check always calls the student's forward first and
passes its cache on: `checks.dense_backward(dense_backward, dense_forward)`. A backward pass must leave
that cache (and dout) as it was.
"""
from __future__ import annotations

import copy
import inspect
from typing import Callable, Sequence

import numpy as np

from .engine import Case, CheckFailed, functions_only, run_cases, same
from .gradients import gradient_check as _gradcheck

WEEK = "week04_backprop"
POINTS = {
    "numerical_gradient": 2,
    "dense_forward": 1,
    "dense_backward": 3,
    "relu_forward": 1,
    "relu_backward": 1,
    "sigmoid_forward": 1,
    "sigmoid_backward": 1,
    "mse_loss": 1,
    "softmax_cross_entropy_loss": 2,
    "two_layer_net_loss": 3,
}
__all__ = list(POINTS)

# Arguments a graded function may change (none: numerical_gradient probes x in place but restores it).
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

_AUTODIFF = ["tensorflow.GradientTape", "tensorflow.autodiff.GradientTape", "tensorflow.gradients",
             "jax.grad", "jax.vjp", "torch.autograd.grad", "autograd.grad"]
_SOFTMAX = ["scipy.special.softmax", "scipy.special.log_softmax", "tensorflow.nn.softmax", "tensorflow.math.softmax",
            "tensorflow.nn.log_softmax", "tensorflow.math.log_softmax", "keras.activations.softmax",
            "keras.ops.softmax", "keras.ops.log_softmax"]
# Library functions that do what a graded function asks the student to write with NumPy (the class report
# flags a solution that calls one).
OWN_WORK: dict[str, list[str]] = {
    "numerical_gradient": ["scipy.optimize.approx_fprime", "scipy.optimize.check_grad",
                           "scipy.differentiate.derivative", "scipy.differentiate.jacobian",
                           "numdifftools.Gradient", "utils.gradcheck.numerical_gradient_array",
                           "utils.gradcheck.check_layer"],
    "dense_forward": ["keras.layers.Dense", "tensorflow.keras.layers.Dense"],
    "dense_backward": list(_AUTODIFF),
    "relu_forward": ["tensorflow.nn.relu", "keras.activations.relu", "keras.ops.relu", "keras.layers.ReLU"],
    "relu_backward": list(_AUTODIFF),
    "sigmoid_forward": ["scipy.special.expit", "tensorflow.sigmoid", "tensorflow.math.sigmoid",
                        "tensorflow.nn.sigmoid", "keras.activations.sigmoid", "keras.ops.sigmoid"],
    "sigmoid_backward": list(_AUTODIFF),
    "mse_loss": ["keras.losses.mean_squared_error", "keras.losses.MeanSquaredError", "keras.losses.mse",
                 "keras.metrics.mean_squared_error", "sklearn.metrics.mean_squared_error"] + _AUTODIFF,
    "softmax_cross_entropy_loss": ["tensorflow.nn.sparse_softmax_cross_entropy_with_logits",
                                   "tensorflow.nn.softmax_cross_entropy_with_logits",
                                   "keras.losses.sparse_categorical_crossentropy",
                                   "keras.losses.SparseCategoricalCrossentropy",
                                   "keras.ops.sparse_categorical_crossentropy", "sklearn.metrics.log_loss"]
                                  + _SOFTMAX + _AUTODIFF,
    "two_layer_net_loss": ["keras.Sequential", "keras.Model", "keras.layers.Dense", "tensorflow.keras.Sequential",
                           "keras.losses.sparse_categorical_crossentropy",
                           "tensorflow.nn.sparse_softmax_cross_entropy_with_logits"] + _AUTODIFF,
}


# ----------------------------------------------------------------------------------------------------
# The rules each function's specification states (docstring, notebook text, CURRICULUM.md), each with the
# visible cases (names as below) or hidden assertions (messages starting with "hidden:") that exercise it.
_NG = {
    "vector": "f(x) = sum(x**2) on a vector of 3",
    "matrix": "f(x) = sum(x**3) on a 4x3 matrix (every entry, not only the first axis)",
    "h": "h is used: for a cube, central differences with h=0.1 give exactly 3*x**2 + h**2",
    "default": "default h = 1e-5: at x = 0 the central difference of sum(x**3) is exactly h**2 = 1e-10",
    "coupled": "f couples the entries: sin(x0*x1) + x0*x2**2",
    "3d": "a 2x1x3 array: f reads v[1, 0, 2] (f gets an array of x's shape)",
}
_DB = {
    "one": "one sample, D=3, M=2",
    "batch": "batch of 4, D=3, M=5",
    "square": "batch of 3, D=4, M=4 (square W: shapes cannot catch a transpose)",
    "n1m1": "one sample, one output (N=1, M=1): dx (1, D), dW (D, 1), db (1,)",
}
RULES: dict[str, dict[str, list[str]]] = {
    "numerical_gradient": {
        "central differences (f(x + h e_i) - f(x - h e_i)) / (2h), not forward differences nor another stencil":
            [_NG["h"], _NG["default"], "hidden: central differences with the given h"],
        "h is the step: a non-default h is used": [_NG["h"], "hidden: central differences with the given h"],
        "the default step is h=1e-5": [_NG["default"]],
        "every entry of x, of any shape": [_NG["matrix"], _NG["3d"], "hidden: numerical_gradient values"],
        "f gets an array shaped like x": [_NG["3d"], "hidden: numerical_gradient values"],
        "one entry at a time (entries that f couples)": [_NG["coupled"], "hidden: numerical_gradient values"],
        "returns a float64 array of x's shape": [_NG["vector"], _NG["matrix"], _NG["3d"],
                                                  "hidden: numerical_gradient must return an array of x's shape"],
        "x is restored before returning (unchanged after the call)":
            [_NG["vector"], _NG["coupled"], "hidden: numerical_gradient must restore x"],
    },
    "dense_forward": {
        "out = x @ W + b, b added to every row": ["one sample, D=3, M=2", "batch of 4, D=3, M=5",
                                                  "hidden: dense_forward values"],
        "rows of x are samples: out has shape (N, M), also for N = 1":
            ["one sample, D=3, M=2", "batch of 3, D=4, M=4 (square W)", "hidden: dense_forward output shape (N, M)"],
        "returns the tuple (out, cache)": ["batch of 4, D=3, M=5", "hidden: dense_forward returns (out, cache)"],
        "does not modify x, W, b": ["one sample, D=3, M=2", "batch of 4, D=3, M=5"],
    },
    "dense_backward": {
        "dx = dout @ W.T of shape (N, D)": [_DB["batch"], _DB["square"], "hidden: dense_backward dx",
                                            "hidden: dense_backward dx with a square W"],
        "dW = x.T @ dout of shape (D, M)": [_DB["batch"], _DB["square"], "hidden: dense_backward dW",
                                            "hidden: dense_backward dW with a square W"],
        "db sums dout over the batch, shape (M,)": [_DB["batch"], _DB["n1m1"], "hidden: dense_backward db"],
        "each gradient has the shape of what it differentiates, also for N = 1":
            [_DB["one"], _DB["n1m1"], "hidden: dense_backward shapes"],
        "takes the cache of the student's own dense_forward": [_DB["one"], _DB["batch"]],
        "leaves dout and the cache unchanged": [_DB["one"], _DB["batch"], _DB["square"]],
        "gradients pass a numerical gradient check": [_DB["batch"], _DB["square"]],
    },
    "relu_forward": {
        "out = max(x, 0) elementwise, 0 at x = 0": ["a vector with negatives, zero and positives",
                                                    "hidden: relu_forward values"],
        "x of any shape; out keeps it": ["a 4x3 matrix keeps its shape", "hidden: relu_forward keeps the shape"],
        "returns the tuple (out, cache)": ["a 4x3 matrix keeps its shape", "hidden: relu_forward returns (out, cache)"],
        "does not modify x": ["a vector with negatives, zero and positives", "a 4x3 matrix keeps its shape"],
    },
    "relu_backward": {
        "dx = dout * [x > 0], the mask from the forward input": ["a vector of 6", "a 4x5 matrix",
                                                                 "hidden: relu_backward values"],
        "at exactly x = 0 the derivative is 0 (as TensorFlow)": ["x exactly 0 gets derivative 0, as in TensorFlow",
                                                                  "hidden: relu_backward is 0 at x = 0"],
        "dx is shaped like dout": ["a 4x5 matrix", "hidden: relu_backward shape"],
        "leaves dout and the cache unchanged": ["a vector of 6", "a 4x5 matrix"],
    },
    "sigmoid_forward": {
        "out = 1 / (1 + exp(-x)), sigmoid(0) = 0.5": ["a vector around 0 (sigmoid(0) = 0.5)",
                                                      "hidden: sigmoid_forward values"],
        "x of any shape; out keeps it": ["a 3x4 matrix keeps its shape"],
        "returns the tuple (out, cache)": ["a 3x4 matrix keeps its shape",
                                           "hidden: sigmoid_forward returns (out, cache)"],
        "no overflow warning for large |x| (x = -1000)": ["x = -1000 ... 1000: no overflow warning",
                                                          "hidden: sigmoid_forward stable for |x| up to 1000"],
        "does not modify x": ["a vector around 0 (sigmoid(0) = 0.5)", "a 3x4 matrix keeps its shape"],
    },
    "sigmoid_backward": {
        "dx = dout * s * (1 - s)": ["a vector of 5", "a 3x4 matrix", "hidden: sigmoid_backward values"],
        "dx is shaped like dout": ["a 3x4 matrix", "hidden: sigmoid_backward shape"],
        "leaves dout and the cache unchanged": ["a vector of 5", "a 3x4 matrix"],
    },
    "mse_loss": {
        "loss = mean of (pred - y)**2 over ALL entries": ["5 samples x 3 outputs: the mean runs over all 15 entries",
                                                          "hidden: mse_loss value (mean over all entries)"],
        "dpred = 2 (pred - y) / pred.size": ["a vector of 4 targets",
                                             "5 samples x 3 outputs: the mean runs over all 15 entries",
                                             "hidden: mse_loss gradient 2 (pred - y) / pred.size"],
        "pred of shape (N,) or (N, K); dpred shaped like pred, also for N = 1":
            ["a vector of 4 targets", "one sample, one output: shape (1, 1) kept", "hidden: mse_loss of one value"],
        "loss is a float (a number, not an array)": ["a vector of 4 targets",
                                                     "one sample, one output: shape (1, 1) kept"],
        "a perfect prediction gives zero loss and zero gradient": ["a perfect prediction: zero loss, zero gradient"],
        "does not modify pred, y": ["a vector of 4 targets", "a perfect prediction: zero loss, zero gradient"],
    },
    "softmax_cross_entropy_loss": {
        "loss = mean over the batch of -log softmax(logits)[i, y_i]": ["batch of 6, 4 classes",
                                                                       "hidden: softmax CE loss value"],
        "dlogits = (softmax(logits) - one_hot(y)) / N": ["batch of 6, 4 classes",
                                                         "hidden: softmax CE gradient (p - onehot) / N"],
        "integer labels y of shape (N,); N = 1 works": ["one sample, 3 classes"],
        "loss is a float; dlogits has shape (N, C)": ["one sample, 3 classes", "batch of 6, 4 classes"],
        "stable: logits of size 1000 do not overflow": ["large logits (around +-1000): no overflow",
                                                        "hidden: softmax CE stable for large logits"],
        "does not modify logits, y": ["batch of 6, 4 classes", "large logits (around +-1000): no overflow"],
    },
    "two_layer_net_loss": {
        "loss of dense -> ReLU -> dense -> softmax cross-entropy, mean over the batch":
            ["N=5, D=4, H=6, C=3", "hidden: two-layer loss value"],
        "grads are the exact gradients of that loss": ["N=5, D=4, H=6, C=3", "N=8, D=2, H=10, C=2",
                                                       "hidden: two-layer gradients W1, b1, W2, b2"],
        "grads has exactly the keys W1, b1, W2, b2": ["N=5, D=4, H=6, C=3",
                                                      "hidden: grads must have exactly the keys W1, b1, W2, b2"],
        "grads[k] has the shape of params[k], also for N = 1": ["one sample, D=3, H=4, C=2",
                                                                "hidden: grads[k] has the shape of params[k]"],
        "loss is a float": ["N=5, D=4, H=6, C=3"],
        "does not modify params, X, y": ["N=5, D=4, H=6, C=3", "one sample, D=3, H=4, C=2",
                                         "hidden: two_layer_net_loss leaves params unchanged"],
    },
}


# ----------------------------------------------------------------------------------------------------
# helpers: TensorFlow gradients, gradient checks, forward/backward pairs

def _tf():
    import tensorflow as tf

    return tf


def _tape(objective: Callable, values: Sequence[np.ndarray]) -> tuple:
    """(value, gradients) of a scalar TensorFlow objective of float64 variables holding `values`."""
    tf = _tf()
    variables = [tf.Variable(np.asarray(v, dtype=np.float64)) for v in values]
    with tf.GradientTape() as tape:
        result = objective(*variables)
    return float(result.numpy()), tuple(g.numpy() for g in tape.gradient(result, variables))


def _away_from_zero(x, gap=0.05):
    """Push values out of (-gap, gap): the ReLU kink must not sit inside a finite-difference step."""
    return np.where(np.abs(x) < gap, np.sign(x + 1e-12) * (gap + np.abs(x)), x)


class _Pair:
    """Runs the student's forward (on copies of the inputs) for its cache, then the student's backward on
    (dout, cache), and remembers whether the backward changed the cache.

    Without an explicit forward (e.g. from the self-check table), the forward defined next to the backward
    (in the same notebook namespace) is used.
    """

    def __init__(self, backward: Callable, forward: Callable | None, backward_name: str, forward_name: str,
                 input_names: Sequence[str]):
        if forward is None:
            forward = getattr(backward, "__globals__", {}).get(forward_name)
            if not callable(forward):
                raise CheckFailed(f"{backward_name}: {forward_name} is not defined - run the cell that defines "
                                  f"it (its cache feeds {backward_name})")
        self.backward, self.forward = backward, forward
        self.backward_name, self.forward_name = backward_name, forward_name
        self.cache_changed = False
        self.__signature__ = inspect.Signature(
            [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in (*input_names, "dout")])

    def __call__(self, *args):
        *inputs, dout = args
        bname, fname = self.backward_name, self.forward_name
        try:
            returned = self.forward(*copy.deepcopy(inputs))
        except NotImplementedError:
            raise CheckFailed(f"{bname}: not implemented yet - {fname} raised NotImplementedError; "
                              f"implement {fname} first (its cache feeds {bname})") from None
        except Exception as exc:
            raise CheckFailed(f"{bname}: {fname} raised {type(exc).__name__}: {exc} - fix "
                              f"{fname} first (its cache feeds {bname})") from None
        if not isinstance(returned, (tuple, list)) or len(returned) != 2:
            raise CheckFailed(f"{bname}: {fname} must return a tuple (out, cache); "
                              f"fix it first (its cache feeds {bname})")
        cache = returned[1]
        try:
            before = copy.deepcopy(cache)
        except Exception:  # an object that cannot be copied is not compared
            before = cache
        result = self.backward(dout, cache)
        self.cache_changed = not same(before, cache)
        return result

    def guard(self, check: Callable | None = None) -> Callable:
        """Case.check: the cache is as the forward left it, then `check` (a gradient check)."""
        def combined(result):
            if self.cache_changed:
                return (f"{self.backward_name} changed the cache of {self.forward_name} in place; a backward pass "
                        f"leaves its cache as it was (the same cache may be used again): build new arrays")
            return check(result) if check is not None else None
        return combined


# ----------------------------------------------------------------------------------------------------
# numerical_gradient

def numerical_gradient(func):
    """Check numerical_gradient(f, x, h=1e-5): central differences, every entry of x, x restored."""
    rng = np.random.default_rng(40)
    x1 = np.array([1.0, -2.0, 0.5])
    x2 = rng.normal(size=(4, 3))
    x3 = np.array([[0.5, -1.0], [2.0, 1.5]])
    x4 = np.array([0.3, -0.7, 1.1])
    x5 = np.array([[[0.4, -0.3, 1.2]], [[-0.8, 0.6, 0.9]]])
    cube = lambda v: float(np.sum(v ** 3))  # noqa: E731
    coupled = lambda v: float(np.sin(v[0] * v[1]) + v[0] * v[2] ** 2)  # noqa: E731
    coupled_grad = np.array([np.cos(x4[0] * x4[1]) * x4[1] + x4[2] ** 2,
                             np.cos(x4[0] * x4[1]) * x4[0],
                             2 * x4[0] * x4[2]])
    indexed = lambda v: float(np.sum(v ** 2) + v[1, 0, 2] * v[0, 0, 0])  # noqa: E731
    indexed_grad = 2 * x5
    indexed_grad[1, 0, 2] += x5[0, 0, 0]
    indexed_grad[0, 0, 0] += x5[1, 0, 2]

    def is_array(result):
        if not isinstance(result, np.ndarray):
            return f"expected grad to be a NumPy array (float64, x's shape), got {type(result).__name__}"
        return None

    restore = "put each entry back after probing it, so that x is as it was when you return"
    central = "∂f/∂xᵢ ≈ (f(x + h·eᵢ) − f(x − h·eᵢ)) / (2h), eᵢ the array that is 1 at entry i and 0 elsewhere"
    common = {"dtype": "float64", "check": is_array}
    cases = [
        Case(_NG["vector"], args=(lambda v: float(np.sum(v ** 2)), x1), expect=2 * x1, rtol=1e-6, atol=1e-8,
             hint="nudge one entry up by h and down by h, and divide the change of f by the distance between the "
                  "two points; return a float64 array shaped like x; " + restore, formula=central, **common),
        Case(_NG["matrix"], args=(cube, x2), expect=3 * x2 ** 2, rtol=1e-6, atol=1e-8,
             hint="every entry of x, not only the first axis: `np.ndindex` walks over every index of an array "
                  "of any shape; " + restore,
             formula="one central difference per index (i, j) of x: grad has x's shape (4, 3) here", **common),
        Case(_NG["h"], args=(cube, x3), kwargs={"h": 0.1}, expect=3 * x3 ** 2 + 0.01, rtol=1e-9, atol=1e-9,
             hint="use the step h you are given, the same distance on both sides of the entry, and the two-point "
                  "central difference: not the forward difference, nor another stencil",
             formula=central + "; for f = Σ xᵢ³ it gives exactly 3xᵢ² + h²", **common),
        Case(_NG["default"], args=(cube, np.zeros(3)), expect=np.full(3, 1e-10), rtol=1e-6, atol=0.0,
             hint="the default step is the one in the signature, 1e-5, used as it is on both sides of the entry",
             formula=central + " with h = 10⁻⁵: at x = 0 and f = Σ xᵢ³ that is exactly h² = 10⁻¹⁰", **common),
        Case(_NG["coupled"], args=(coupled, x4), expect=coupled_grad, rtol=1e-6, atol=1e-8,
             hint="probe one entry at a time: f couples the entries, so a nudge left over from the previous entry "
                  "changes the next difference; " + restore, formula=central, **common),
        Case(_NG["3d"], args=(indexed, x5), expect=indexed_grad, rtol=1e-6, atol=1e-8,
             hint="call f with the whole array, shaped like x (x itself, probed in place, works), not with a "
                  "flattened copy or a single entry", formula=central, **common),
    ]
    return run_cases(func, cases, name="numerical_gradient", may_modify=MAY_MODIFY.get("numerical_gradient", ()))


# ----------------------------------------------------------------------------------------------------
# dense layer

def dense_forward(func):
    """Check dense_forward(x, W, b) -> (out, cache) with out = x @ W + b."""
    tf = _tf()
    rng = np.random.default_rng(41)
    cases = []
    for name, (n, d, m) in [("one sample, D=3, M=2", (1, 3, 2)), ("batch of 4, D=3, M=5", (4, 3, 5)),
                            ("batch of 3, D=4, M=4 (square W)", (3, 4, 4))]:
        x, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        expect = (tf.matmul(x, W) + b).numpy()
        cases.append(Case(name, args=(x, W, b), expect=(expect,), names=("out", "_"), rtol=1e-7, atol=1e-9,
                          hint="rows of x are samples: the output has one row per sample and one column per unit, "
                               "and the bias is added to every row; return the pair (out, cache) and leave x, W, b "
                               "as they were",
                          formula="out = x·W + b: (N×D)(D×M) gives N×M, b broadcast over the N rows"))
    return run_cases(func, cases, name="dense_forward", may_modify=MAY_MODIFY.get("dense_forward", ()))


def dense_backward(func, forward=None):
    """Check dense_backward(dout, cache) -> (dx, dW, db), with the cache from the student's dense_forward.

    forward defaults to the dense_forward defined next to func.
    """
    tf = _tf()
    pair = _Pair(func, forward, "dense_backward", "dense_forward", ("x", "W", "b"))
    rng = np.random.default_rng(42)
    hint = ("each gradient has the shape of what it differentiates: dx like x (N, D), dW like W (D, M), db like b "
            "(M,); the bias is added to every sample, so db sums over the samples; read x and W from the cache "
            "without changing it")
    formula = ("∂L/∂x = ∂L/∂out · Wᵀ (N×D), ∂L/∂W = xᵀ · ∂L/∂out (D×M), ∂L/∂b = Σₙ ∂L/∂outₙ, the sum of the N "
               "rows (M)")
    hints = {"square": "with a square W every product has the right shape, so a transpose goes unnoticed by the "
                       "shapes: write one entry of dW out as a sum over the samples and see which factors meet",
             "n1m1": "with one sample and one output the gradients keep their shapes: dx (1, D), dW (D, 1), db (1,), "
                     "nothing squeezed away; db still sums over the (single) sample"}
    cases = []
    for key, (n, d, m) in [("one", (1, 3, 2)), ("batch", (4, 3, 5)), ("square", (3, 4, 4)), ("n1m1", (1, 3, 1))]:
        x, W, b = rng.normal(size=(n, d)), rng.normal(size=(d, m)), rng.normal(size=m)
        dout = rng.normal(size=(n, m))
        _, expect = _tape(lambda x_, W_, b_: tf.reduce_sum((tf.matmul(x_, W_) + b_) * dout), (x, W, b))
        gradient_check = _gradcheck(lambda x_, W_, b_: x_ @ W_ + b_, (x, W, b), dout, ("dx", "dW", "db"))
        cases.append(Case(_DB[key], args=(x, W, b, dout), expect=expect, names=("dx", "dW", "db"),
                          check=pair.guard(gradient_check), rtol=1e-7, atol=1e-9, hint=hints.get(key, hint),
                          formula=formula))
    return run_cases(pair, cases, name="dense_backward", may_modify=MAY_MODIFY.get("dense_backward", ()))


# ----------------------------------------------------------------------------------------------------
# ReLU and sigmoid

def relu_forward(func):
    """Check relu_forward(x) -> (out, cache) with out = max(x, 0) elementwise."""
    tf = _tf()
    x1 = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    x2 = np.random.default_rng(43).normal(size=(4, 3))
    hint = ("the larger of each entry and 0, entry by entry (NumPy's elementwise maximum, not its max, which "
            "reduces over an axis), into a new array: leave x as it was; return (out, cache)")
    formula = "outᵢ = max(xᵢ, 0) for every entry i"
    cases = [
        Case("a vector with negatives, zero and positives", args=(x1,), expect=(np.array([0.0, 0.0, 0.0, 0.5, 3.0]),),
             names=("out", "_"), rtol=0, atol=0, hint=hint, formula=formula),
        Case("a 4x3 matrix keeps its shape", args=(x2,), expect=(tf.nn.relu(x2).numpy(),), names=("out", "_"),
             rtol=0, atol=0, hint=hint, formula=formula),
    ]
    return run_cases(func, cases, name="relu_forward", may_modify=MAY_MODIFY.get("relu_forward", ()))


def relu_backward(func, forward=None):
    """Check relu_backward(dout, cache) -> dx, with the cache from the student's relu_forward.

    forward defaults to the relu_forward defined next to func.
    """
    tf = _tf()
    pair = _Pair(func, forward, "relu_backward", "relu_forward", ("x",))
    rng = np.random.default_rng(44)
    hint = ("the gradient passes where the forward INPUT was positive and is blocked elsewhere: keep what you need "
            "of x in the cache (dout alone cannot tell); build a new array, do not change dout or the cache")
    formula = "∂L/∂x = ∂L/∂out ⊙ [x > 0] (1 where x > 0, else 0; entry by entry)"
    cases = []
    for name, shape in [("a vector of 6", (6,)), ("a 4x5 matrix", (4, 5))]:
        x = _away_from_zero(rng.normal(size=shape))
        dout = rng.normal(size=shape)
        _, (expect,) = _tape(lambda x_: tf.reduce_sum(tf.nn.relu(x_) * dout), (x,))
        gradient_check = _gradcheck(lambda x_: np.maximum(x_, 0.0), (x,), dout, ("dx",))
        cases.append(Case(name, args=(x, dout), expect=expect, check=pair.guard(gradient_check),
                          rtol=1e-12, atol=1e-12, hint=hint, formula=formula))
    x0 = np.array([[0.0, 1.5, -2.0], [0.0, -0.5, 0.0]])
    d0 = np.array([[3.0, -1.0, 2.0], [-4.0, 5.0, 0.5]])
    _, (expect0,) = _tape(lambda x_: tf.reduce_sum(tf.nn.relu(x_) * d0), (x0,))
    cases.append(Case("x exactly 0 gets derivative 0, as in TensorFlow", args=(x0, d0), expect=expect0,
                      check=pair.guard(), rtol=0, atol=0,
                      hint="at exactly x = 0 the derivative is taken to be 0, as TensorFlow does: the mask keeps "
                           "strictly positive inputs only", formula=formula))
    return run_cases(pair, cases, name="relu_backward", may_modify=MAY_MODIFY.get("relu_backward", ()))


def sigmoid_forward(func):
    """Check sigmoid_forward(x) -> (out, cache) with out = 1 / (1 + exp(-x)), stable for large |x|."""
    tf = _tf()
    x1 = np.array([-3.0, -1.0, 0.0, 1.0, 3.0])
    x2 = np.random.default_rng(45).normal(scale=3.0, size=(3, 4))
    x3 = np.array([-1000.0, -750.0, -40.0, 0.0, 40.0, 750.0, 1000.0])
    hint = "week 2's logistic function, entry by entry, into a new array; return the pair (out, cache)"
    formula = "σ(x) = 1 / (1 + e⁻ˣ), entry by entry"
    cases = [
        Case("a vector around 0 (sigmoid(0) = 0.5)", args=(x1,), expect=(tf.sigmoid(x1).numpy(),), names=("out", "_"),
             rtol=1e-7, atol=1e-12, hint=hint, formula=formula),
        Case("a 3x4 matrix keeps its shape", args=(x2,), expect=(tf.sigmoid(x2).numpy(),), names=("out", "_"),
             rtol=1e-7, atol=1e-12, hint=hint, formula=formula),
        Case("x = -1000 ... 1000: no overflow warning", args=(x3,), expect=(tf.sigmoid(x3).numpy(),),
             names=("out", "_"), rtol=1e-7, atol=1e-12, strict=True,
             hint="the exponential of anything above about 709.78 overflows float64 (with a warning), and for x "
                  "below about -709.78 the textbook form asks for exactly that: only ever exponentiate minus the "
                  "absolute value of x (at most 0), and pick the form of the sigmoid that fits the sign of x, as in "
                  "week 2",
             formula="σ(x) = 1 / (1 + e^(−|x|)) for x ≥ 0 and σ(x) = e^(−|x|) / (1 + e^(−|x|)) for x < 0"),
    ]
    return run_cases(func, cases, name="sigmoid_forward", may_modify=MAY_MODIFY.get("sigmoid_forward", ()))


def sigmoid_backward(func, forward=None):
    """Check sigmoid_backward(dout, cache) -> dx, with the cache from the student's sigmoid_forward.

    forward defaults to the sigmoid_forward defined next to func.
    """
    tf = _tf()
    pair = _Pair(func, forward, "sigmoid_backward", "sigmoid_forward", ("x",))
    rng = np.random.default_rng(46)
    cases = []
    for name, shape in [("a vector of 5", (5,)), ("a 3x4 matrix", (3, 4))]:
        x = rng.normal(scale=2.0, size=shape)
        dout = rng.normal(size=shape)
        _, (expect,) = _tape(lambda x_: tf.reduce_sum(tf.sigmoid(x_) * dout), (x,))
        gradient_check = _gradcheck(lambda x_: 1.0 / (1.0 + np.exp(-x_)), (x,), dout, ("dx",))
        cases.append(Case(name, args=(x, dout), expect=expect, check=pair.guard(gradient_check),
                          rtol=1e-7, atol=1e-12,
                          hint="multiply dout entry by entry by the sigmoid's local derivative, which week 2 wrote "
                               "with the forward OUTPUT s alone (keep s in the cache); build a new array, do not "
                               "change dout or the cache",
                          formula="∂L/∂x = ∂L/∂out ⊙ s(1 − s), s = σ(x) the forward output"))
    return run_cases(pair, cases, name="sigmoid_backward", may_modify=MAY_MODIFY.get("sigmoid_backward", ()))


# ----------------------------------------------------------------------------------------------------
# losses

def mse_loss(func):
    """Check mse_loss(pred, y) -> (loss, dpred), the mean over ALL entries of (pred - y)**2."""
    tf = _tf()
    rng = np.random.default_rng(47)
    cases = []
    formula = "L = (1/n) Σᵢ (predᵢ − yᵢ)², ∂L/∂predᵢ = 2 (predᵢ − yᵢ) / n, n the number of entries of pred"
    for name, shape, hint in [
        ("a vector of 4 targets", (4,),
         "the loss is the mean of the squared differences, one float; each entry of pred appears in exactly one "
         "term of that mean, so dpred has pred's shape"),
        ("5 samples x 3 outputs: the mean runs over all 15 entries", (5, 3),
         "average over ALL entries (15 here, the size of pred), not over the samples only: the gradient carries "
         "the same count"),
        ("one sample, one output: shape (1, 1) kept", (1, 1),
         "dpred has pred's shape, also (1, 1): nothing squeezed away; the loss is one float"),
    ]:
        pred, y = rng.normal(size=shape), rng.normal(size=shape)
        loss, (dpred,) = _tape(lambda p_: tf.reduce_mean(tf.square(p_ - y)), (pred,))
        gradient_check = _gradcheck(lambda p_: np.mean((p_ - y) ** 2), (pred,), 1.0, ("dpred",),
                                    pick=lambda result: result[1])
        cases.append(Case(name, args=(pred, y), expect=(loss, dpred), names=("loss", "dpred"), dtype="float",
                          check=gradient_check, rtol=1e-7, atol=1e-12, hint=hint, formula=formula))
    perfect = rng.normal(size=(3, 2))
    cases.append(Case("a perfect prediction: zero loss, zero gradient", args=(perfect, perfect.copy()),
                      expect=(0.0, np.zeros_like(perfect)), names=("loss", "dpred"), rtol=0, atol=1e-12,
                      hint="with pred equal to y the loss and every entry of the gradient are zero; compute the "
                           "differences into a new array", formula=formula))
    return run_cases(func, cases, name="mse_loss", may_modify=MAY_MODIFY.get("mse_loss", ()))


def softmax_cross_entropy_loss(func):
    """Check softmax_cross_entropy_loss(logits, y) -> (loss, dlogits), integer labels, mean over the batch."""
    tf = _tf()
    rng = np.random.default_rng(48)
    hint = ("the loss is the mean over the samples of minus the log-probability of each sample's true class; "
            "dlogits has the logits' shape (N, C), and since the loss is a mean, each sample's part of it is "
            "divided by N; differentiate one sample's loss with respect to one logit first")
    formula = "∂L/∂z_nk = (p_nk − [k = y_n]) / N, with p = softmax(z) row by row"

    def expected(logits, y):
        loss, (dlogits,) = _tape(lambda z_: tf.reduce_mean(
            tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=z_)), (logits,))
        return loss, dlogits

    cases = []
    for name, (n, c) in [("one sample, 3 classes", (1, 3)), ("batch of 6, 4 classes", (6, 4))]:
        logits, y = rng.normal(size=(n, c)), rng.integers(0, c, size=n)
        gradient_check = _gradcheck(
            lambda z_, y=y: np.mean(np.log(np.exp(z_).sum(axis=1)) - z_[np.arange(len(y)), y]),
            (logits,), 1.0, ("dlogits",), pick=lambda result: result[1])
        cases.append(Case(name, args=(logits, y), expect=expected(logits, y), names=("loss", "dlogits"),
                          dtype="float", check=gradient_check, rtol=1e-7, atol=1e-12, hint=hint,
                          formula=formula))
    big = np.array([[1000.0, 1002.0, 999.0], [-500.0, -497.0, -499.0], [3.0, 1.0, 2.0]])
    y_big = np.array([2, 1, 0])
    cases.append(Case("large logits (around +-1000): no overflow", args=(big, y_big),
                      expect=expected(big, y_big), names=("loss", "dlogits"), dtype="float",
                      rtol=1e-7, atol=1e-12, strict=True,
                      hint="subtract each row's largest logit before exponentiating, into a new array (the softmax "
                           "does not change); the exponential of 1000 overflows to inf",
                      formula="softmax(z)ₖ = e^(zₖ − m) / Σⱼ e^(zⱼ − m) with m = maxⱼ zⱼ, the same for any m"))
    return run_cases(func, cases, name="softmax_cross_entropy_loss",
                     may_modify=MAY_MODIFY.get("softmax_cross_entropy_loss", ()))


# ----------------------------------------------------------------------------------------------------
# two-layer network

def _params(rng, d, h, c):
    return {"W1": rng.normal(scale=0.8, size=(d, h)), "b1": rng.normal(scale=0.3, size=h),
            "W2": rng.normal(scale=0.8, size=(h, c)), "b2": rng.normal(scale=0.3, size=c)}


def two_layer_net_loss(func):
    """Check two_layer_net_loss(params, X, y) -> (loss, grads) against tf.GradientTape and a gradient check."""
    tf = _tf()
    rng = np.random.default_rng(49)
    keys = ("W1", "b1", "W2", "b2")
    hint = ("forward: dense, ReLU, dense, softmax cross-entropy (mean over the batch), keeping each cache; backward "
            "in reverse order with your own functions: the loss's gradient, the second dense layer, the ReLU mask, the "
            "first dense layer; grads has exactly the keys of params, each shaped like its parameter; params stay "
            "as they were")
    formula = ("a = X·W₁ + b₁, h = max(a, 0), z = h·W₂ + b₂, L = CE(softmax(z), y); backward: ∂L/∂z, then "
               "∂L/∂h = ∂L/∂z · W₂ᵀ, ∂L/∂a = ∂L/∂h ⊙ [a > 0], then ∂L/∂W₁ = Xᵀ · ∂L/∂a")
    cases = []
    for name, (n, d, h, c) in [("N=5, D=4, H=6, C=3", (5, 4, 6, 3)), ("one sample, D=3, H=4, C=2", (1, 3, 4, 2)),
                               ("N=8, D=2, H=10, C=2", (8, 2, 10, 2))]:
        params = _params(rng, d, h, c)
        X, y = rng.normal(size=(n, d)), rng.integers(0, c, size=n)

        def loss_of(W1, b1, W2, b2, X=X, y=y):
            hidden = tf.nn.relu(tf.matmul(X, W1) + b1)
            return tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(
                labels=y, logits=tf.matmul(hidden, W2) + b2))

        def loss_np(W1, b1, W2, b2, X=X, y=y):  # the same loss in NumPy, for the gradient check
            z = np.maximum(X @ W1 + b1, 0.0) @ W2 + b2
            z = z - z.max(axis=1, keepdims=True)
            return np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(y)), y])

        values = [params[k] for k in keys]
        loss, grads = _tape(loss_of, values)
        gradient_check = _gradcheck(loss_np, values, 1.0, [f"grads[{k!r}]" for k in keys],
                                    pick=lambda result: [result[1][k] for k in keys])

        def check(result, gradient_check=gradient_check):
            extra = sorted(map(str, set(result[1]) - set(keys)))
            if extra:
                return f"expected grads to have exactly the keys {list(keys)}, got extra keys {extra}"
            return gradient_check(result)

        cases.append(Case(name, args=(params, X, y), expect=(loss, dict(zip(keys, grads))), names=("loss", "grads"),
                          dtype="float", check=check, rtol=1e-7, atol=1e-12, hint=hint, formula=formula))
    return run_cases(func, cases, name="two_layer_net_loss", may_modify=MAY_MODIFY.get("two_layer_net_loss", ()))


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
