"""Checks of week 2 (activation functions): `checks.sigmoid(sigmoid)`, ...

Expected values come from literals or from the private references below (`_sigmoid_ref`, ...), never
from the student's other functions, so one wrong function fails only its own check.
Conventions checked here (and stated in the notebook):
- relu'(z) is 0 at z <= 0 (Keras/TensorFlow use 0 at z = 0 too);
- `collapse_linear_layers` uses the Keras layout `x @ W + b`;
- `gradient_through_depth(depth, g, z)` is g(z) multiplied `depth` times (the same z at every layer).
"""
from __future__ import annotations

import numpy as np

from .engine import Case, run_cases

WEEK = "week02_activations"
POINTS = {
    "sigmoid": 2,
    "sigmoid_grad": 1,
    "tanh": 1,
    "tanh_grad": 1,
    "relu": 1,
    "relu_grad": 1,
    "leaky_relu": 1,
    "softplus": 2,
    "collapse_linear_layers": 3,
    "output_activation": 2,
    "gradient_through_depth": 2,
}
__all__ = list(POINTS)

# float64 cases: tight; float32 cases: about 100 float32 ulps.
_F64 = dict(rtol=1e-6, atol=1e-12)
_F32 = dict(rtol=1e-5, atol=1e-6)

# --- private references (float64, stable) -------------------------------------------------------------


def _sigmoid_ref(z):
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _sigmoid_grad_ref(z):
    s = _sigmoid_ref(z)
    return s * (1.0 - s)


def _tanh_ref(z):
    return np.tanh(np.asarray(z, dtype=np.float64))


def _softplus_ref(z):
    z = np.asarray(z, dtype=np.float64)
    return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))


def _relu_grad_ref(z):
    return (np.asarray(z) > 0).astype(np.float64)


def _keeps_input(func):
    """Call func and also return its first argument afterwards, to see whether it was changed in place."""
    def call(z, *args, **kwargs):
        return func(z, *args, **kwargs), z
    return call


_GRID = np.linspace(-6.0, 6.0, 25)                       # includes 0.0 exactly
_M23 = np.array([[-3.0, -0.5, 0.0], [0.25, 1.0, 4.0]])
_HUGE = np.array([-1e4, -1000.0, -50.0, 50.0, 1000.0, 1e4])
_F32_EDGE = np.array([-1e4, -100.0, -88.0, -30.0, 0.0, 30.0, 88.0, 100.0, 1e4], dtype=np.float32)

_NO_OVERFLOW = ("np.exp(-z) overflows for very negative z (and np.exp(z) for positive z); use only "
                "np.exp(-np.abs(z)), which is at most 1, e.g. sigmoid = 1/(1+e) for z >= 0 and e/(1+e) for z < 0 "
                "with e = exp(-|z|). np.where evaluates BOTH branches, so each branch must be safe for every z")

# --- checks -----------------------------------------------------------------------------------------------


def sigmoid(func):
    return run_cases(func, [
        Case("z = 0 gives 0.5", args=(np.array([0.0]),), expect=np.array([0.5]), dtype="float", **_F64,
             hint="sigmoid(z) = 1 / (1 + exp(-z))"),
        Case("a grid of z in [-6, 6]", args=(_GRID,), expect=_sigmoid_ref(_GRID), dtype="float", **_F64,
             hint="sigmoid(z) = 1 / (1 + exp(-z)); note the minus sign"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=_sigmoid_ref(_M23), dtype="float", **_F64,
             hint="work elementwise with NumPy (np.exp), not with math.exp or a 1-D loop"),
        Case("a plain number", args=(2.0,), expect=_sigmoid_ref(2.0), **_F64,
             hint="the function should also accept a single number"),
        Case("|z| up to 1e4, no overflow warning", args=(_HUGE,), expect=_sigmoid_ref(_HUGE), dtype="float",
             strict=True, **_F64, hint=_NO_OVERFLOW),
        Case("float32 input, exp overflows float32 already at z ~ 89", args=(_F32_EDGE,),
             expect=_sigmoid_ref(_F32_EDGE), dtype="float", strict=True, **_F32,
             hint="clipping z to +-500 is not enough in float32 (exp(89) is already inf); " + _NO_OVERFLOW),
    ], name="sigmoid")


def sigmoid_grad(func):
    z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])
    return run_cases(func, [
        Case("z = 0 gives 0.25 (the largest value)", args=(np.array([0.0]),), expect=np.array([0.25]),
             dtype="float", **_F64, hint="sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z)); at 0 that is 0.5 * 0.5"),
        Case("a few z", args=(z,), expect=_sigmoid_grad_ref(z), dtype="float", **_F64,
             hint="sigmoid'(z) = s * (1 - s) with s = sigmoid(z), not s * (1 + s) and not 1 - s"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=_sigmoid_grad_ref(_M23), dtype="float", **_F64),
        Case("far from 0 the slope is ~0, not NaN", args=(np.array([-800.0, -40.0, 40.0, 800.0]),),
             expect=_sigmoid_grad_ref(np.array([-800.0, -40.0, 40.0, 800.0])), dtype="float", **_F64,
             hint="compute it from your stable sigmoid: exp(-z) / (1 + exp(-z))**2 gives inf/inf = NaN"),
    ], name="sigmoid_grad")


def tanh(func):
    big = np.array([-1000.0, -400.0, 400.0, 1000.0])
    z32 = np.array([-100.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 100.0], dtype=np.float32)
    return run_cases(func, [
        Case("z = 0 gives 0", args=(np.array([0.0]),), expect=np.array([0.0]), dtype="float", **_F64,
             hint="tanh(z) = (e^z - e^-z) / (e^z + e^-z)"),
        Case("a grid of z in [-6, 6]", args=(_GRID,), expect=_tanh_ref(_GRID), dtype="float", **_F64,
             hint="tanh(z) = (e^z - e^-z) / (e^z + e^-z) = 2 * sigmoid(2z) - 1 (note the 2z)"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=_tanh_ref(_M23), dtype="float", **_F64),
        Case("|z| = 400 and 1000 give -1 and 1, not NaN", args=(big,), expect=_tanh_ref(big), dtype="float",
             **_F64, hint="e^1000 is inf and inf/inf is NaN; use 2 * sigmoid(2z) - 1 or exp(-2|z|)"),
        Case("float32 input", args=(z32,), expect=_tanh_ref(z32), dtype="float", **_F32),
    ], name="tanh")


def tanh_grad(func):
    z = np.array([-3.0, -0.5, 0.0, 0.7, 2.0])
    big = np.array([-1000.0, -30.0, 30.0, 1000.0])
    return run_cases(func, [
        Case("z = 0 gives 1 (the largest value)", args=(np.array([0.0]),), expect=np.array([1.0]),
             dtype="float", **_F64, hint="tanh'(z) = 1 - tanh(z)**2"),
        Case("a few z, negative and positive", args=(z,), expect=1.0 - np.tanh(z) ** 2, dtype="float", **_F64,
             hint="tanh'(z) = 1 - tanh(z)**2 (squared!), an even function: tanh'(-z) = tanh'(z)"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=1.0 - np.tanh(_M23) ** 2, dtype="float", **_F64),
        Case("far from 0 the slope is ~0, not NaN", args=(big,), expect=1.0 - np.tanh(big) ** 2, dtype="float",
             **_F64, hint="compute it from your (stable) tanh"),
    ], name="tanh_grad")


def relu(func):
    z1 = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    z32 = np.array([-1.5, 0.0, 2.5], dtype=np.float32)
    names = ("relu(z)", "z after the call")
    untouched = "Also: do not change z in place (z[z < 0] = 0 edits the caller's array); np.maximum(z, 0) makes a new one"
    return run_cases(_keeps_input(func), [
        Case("negative, zero and positive z", args=(z1,), expect=(np.maximum(z1, 0.0), z1), names=names,
             **_F64, hint="relu(z) = max(0, z) elementwise: np.maximum(z, 0). " + untouched),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=(np.maximum(_M23, 0.0), _M23), names=names,
             **_F64, hint="use np.maximum (elementwise), not Python's max. " + untouched),
        Case("large values pass through unchanged", args=(np.array([-1e6, 1e6]),),
             expect=(np.array([0.0, 1e6]), np.array([-1e6, 1e6])), names=names, **_F64,
             hint="relu does not saturate for positive z (no clipping at 1). " + untouched),
        Case("float32 input", args=(z32,), expect=(np.maximum(z32, 0), z32), names=names, **_F32),
    ], name="relu")


def relu_grad(func):
    z = np.array([-3.0, -1e-9, 0.0, 1e-9, 2.0])
    return run_cases(func, [
        Case("z = 0: derivative 0 (our convention, as in Keras/TensorFlow)", args=(np.array([0.0]),),
             expect=np.array([0.0]), **_F64, hint="the derivative is 1 where z > 0 and 0 where z <= 0; use z > 0"),
        Case("negative, zero and positive z", args=(z,), expect=_relu_grad_ref(z), **_F64,
             hint="the derivative is 1 for z > 0 (whatever the size of z) and 0 for z <= 0 (not -1, not z)"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=_relu_grad_ref(_M23), **_F64),
        Case("large positive z", args=(np.array([5.0, 1e6]),), expect=np.array([1.0, 1.0]), **_F64,
             hint="relu's slope is 1 for every positive z; return the derivative, not relu(z)"),
    ], name="relu_grad")


def leaky_relu(func):
    z = np.array([-4.0, -0.5, 0.0, 0.5, 3.0])
    names = ("leaky_relu(z)", "z after the call")
    return run_cases(_keeps_input(func), [
        Case("default alpha = 0.01", args=(z,), expect=(np.where(z > 0, z, 0.01 * z), z), names=names, **_F64,
             hint="leaky_relu(z) = z for z > 0 and alpha * z for z <= 0, with alpha=0.01 by default; "
                  "do not change z in place"),
        Case("alpha = 0.2 is used, not ignored", args=(z,), kwargs={"alpha": 0.2},
             expect=(np.where(z > 0, z, 0.2 * z), z), names=names, **_F64,
             hint="use the alpha argument, not a hard-coded 0.01"),
        Case("alpha = 0 is plain relu", args=(z,), kwargs={"alpha": 0.0}, expect=(np.maximum(z, 0.0), z),
             names=names, **_F64, hint="negative z are multiplied by alpha: alpha * z, not alpha itself"),
        Case("a 2x3 array, alpha = 0.1", args=(_M23, 0.1), expect=(np.where(_M23 > 0, _M23, 0.1 * _M23), _M23),
             names=names, **_F64, hint="alpha is the second positional argument; positive z pass unchanged"),
    ], name="leaky_relu")


def softplus(func):
    z32 = _F32_EDGE
    return run_cases(func, [
        Case("z = 0 gives log(2)", args=(np.array([0.0]),), expect=np.array([np.log(2.0)]), dtype="float",
             **_F64, hint="softplus(z) = log(1 + exp(z))"),
        Case("a grid of z in [-6, 6]", args=(_GRID,), expect=_softplus_ref(_GRID), dtype="float", **_F64,
             hint="softplus(z) = log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|))"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=_softplus_ref(_M23), dtype="float", **_F64),
        Case("|z| up to 1e4, no overflow warning", args=(_HUGE,), expect=_softplus_ref(_HUGE), dtype="float",
             strict=True, **_F64,
             hint="log(1 + exp(z)) overflows for large z; use max(z, 0) + log1p(exp(-|z|)), where the exp "
                  "is at most 1. np.where evaluates BOTH branches, so each must be safe for every z"),
        Case("float32 input, exp overflows float32 already at z ~ 89", args=(z32,), expect=_softplus_ref(z32),
             dtype="float", strict=True, **_F32,
             hint="use max(z, 0) + log1p(exp(-|z|)): no exp of a positive number anywhere"),
    ], name="softplus")


def _stack_ref(weights, biases):
    W, b = weights[0], biases[0]
    for W_next, b_next in zip(weights[1:], biases[1:]):
        W, b = W @ W_next, b @ W_next + b_next
    return W, b


def _agrees_with_stack(weights, biases):
    """Property: x @ W + b must equal the stack's output for a random batch x."""
    x = np.random.default_rng(11).normal(size=(6, weights[0].shape[0]))

    def check(result):
        W, b = result
        h = x
        for W_i, b_i in zip(weights, biases):
            h = h @ W_i + b_i
        out = x @ np.asarray(W) + np.asarray(b)
        if not np.allclose(out, h, rtol=1e-9, atol=1e-9):
            return "expected x @ W + b to equal the stack's output for a random batch x, but it differs"
        return None
    return check


def _layers(sizes, seed):
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(m, n)) for m, n in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=n) for n in sizes[1:]]
    return weights, biases


def collapse_linear_layers(func):
    order_hint = "x meets W1 first, so W = W1 @ W2 @ ... (shapes (D0, D1) @ (D1, D2) -> (D0, D2)), not W2 @ W1"
    bias_hint = ("each bias passes through the LATER layers' weights: for two layers "
                 "x @ W1 @ W2 + (b1 @ W2 + b2), so b = b1 @ W2 + b2, not b1 + b2")
    one_w, one_b = _layers([3, 2], seed=1)
    two_w, two_b = _layers([4, 3, 2], seed=2)
    three_w, three_b = _layers([2, 5, 4, 3], seed=3)
    sq_w, sq_b = _layers([3, 3, 3], seed=4)
    names = ("W", "b")
    return run_cases(func, [
        Case("one layer: nothing to collapse", args=(one_w, one_b), expect=(one_w[0], one_b[0]), names=names,
             **_F64, hint="with a single layer return (W1, b1) unchanged"),
        Case("two layers 4 -> 3 -> 2", args=(two_w, two_b), expect=_stack_ref(two_w, two_b), names=names,
             rtol=1e-9, atol=1e-10, hint=order_hint + "; and " + bias_hint),
        Case("two square layers 3 -> 3 -> 3 (order matters even when the shapes fit)", args=(sq_w, sq_b),
             expect=_stack_ref(sq_w, sq_b), names=names, rtol=1e-9, atol=1e-10, hint=order_hint),
        Case("three layers 2 -> 5 -> 4 -> 3", args=(three_w, three_b), expect=_stack_ref(three_w, three_b),
             names=names, rtol=1e-9, atol=1e-10, check=_agrees_with_stack(three_w, three_b),
             hint=bias_hint + "; with three layers b = (b1 @ W2 + b2) @ W3 + b3"),
        Case("biases zero: W alone", args=(three_w, [np.zeros(5), np.zeros(4), np.zeros(3)]),
             expect=(three_w[0] @ three_w[1] @ three_w[2], np.zeros(3)), names=names, rtol=1e-9, atol=1e-10,
             hint=order_hint),
    ], name="collapse_linear_layers")


_TASKS = {
    "binary": "sigmoid",
    "multiclass": "softmax",
    "multilabel": "sigmoid",
    "regression": "linear",
    "nonnegative_regression": "relu",
}


def _value_error_outcome(func):
    """Turn a ValueError into a returned marker so the case can say what was raised."""
    def call(task):
        try:
            return func(task)
        except ValueError as exc:
            return ("ValueError", str(exc))
    return call


def _raised_value_error(task):
    def check(result):
        if not (isinstance(result, tuple) and len(result) == 2 and result[0] == "ValueError"):
            return f"expected a ValueError for the unknown task {task!r}, got the return value {result!r}"
        if task not in result[1]:
            return (f"expected the ValueError message to name the unknown task {task!r} (and list the valid "
                    f"ones), got the message {result[1]!r}")
        return None
    return check


def output_activation(func):
    hints = {
        "binary": "one probability P(y=1) in (0, 1): a single sigmoid unit",
        "multiclass": "exactly one class per sample: the probabilities over the classes must sum to 1",
        "multilabel": "several labels can be on at once: an independent sigmoid per label, not a softmax",
        "regression": "any real number: no squashing at all",
        "nonnegative_regression": "outputs >= 0 but otherwise unbounded (prices, counts): relu",
    }
    cases = [Case(f"task {task!r}", args=(task,), expect=act, hint=hints[task]) for task, act in _TASKS.items()]
    cases.append(Case("an unknown task raises ValueError", args=("segmentation",),
                      check=_raised_value_error("segmentation"),
                      hint="raise ValueError(f\"unknown task {task!r}; choose one of ...\") - a dict lookup "
                           "alone raises KeyError, and returning a default hides the typo"))
    return run_cases(_value_error_outcome(func), cases, name="output_activation")


class _Named:
    """A derivative function that shows a readable name in failure messages."""

    def __init__(self, name, func):
        self.name, self.func = name, func

    def __call__(self, z):
        return self.func(z)

    def __repr__(self):
        return self.name


def _const_grad(value):
    return _Named(f"<derivative {value:g} everywhere>", lambda z: np.full(np.shape(z), value, dtype=np.float64))


def gradient_through_depth(func):
    z = np.array([-2.0, 0.0, 1.0, 3.0])
    tight = dict(rtol=1e-9, atol=0.0)
    sig = _Named("<sigmoid derivative>", _sigmoid_grad_ref)
    relu_d = _Named("<relu derivative>", _relu_grad_ref)
    return run_cases(func, [
        Case("depth 1 is the derivative itself", args=(1, sig, z), expect=sig(z), dtype="float", **tight,
             hint="the product of activation_grad(z) over `depth` layers; with depth 1 that is activation_grad(z)"),
        Case("sigmoid, depth 10, z = 0: 0.25**10", args=(10, sig, np.array([0.0])), expect=np.array([0.25 ** 10]),
             dtype="float", **tight,
             hint="multiply the derivatives (0.25 * 0.25 * ... = 0.25**10), do not add them (10 * 0.25)"),
        Case("sigmoid, depth 5, several z (elementwise)", args=(5, sig, z), expect=sig(z) ** 5, dtype="float",
             **tight, hint="the product runs over the layers, elementwise in z: activation_grad(z) ** depth, "
                           "not np.prod over the entries of z"),
        Case("relu, depth 30: 1 where z > 0, 0 where z <= 0", args=(30, relu_d, z),
             expect=_relu_grad_ref(z), **tight),
        Case("constant derivative 0.9 over 7 layers", args=(7, _const_grad(0.9), np.array([0.3, -0.3])),
             expect=np.full(2, 0.9 ** 7), **tight,
             hint="exactly `depth` factors: not depth - 1, not depth + 1"),
        Case("constant derivative 2 over 20 layers explodes", args=(20, _const_grad(2.0), np.zeros((2, 2))),
             expect=np.full((2, 2), 2.0 ** 20), **tight),
    ], name="gradient_through_depth")
