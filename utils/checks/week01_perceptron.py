"""Checks of week 1 (the perceptron): `checks.step(step)`, `checks.perceptron_train(perceptron_train)`, ...

Expected values are literals or come from the small private references below (`_step_ref`,
`_train_ref`); nothing here imports TensorFlow. The perceptron cases use integer-valued inputs and
learning rates that are powers of two, so every correct implementation (loops, an augmented weight
vector, float32) computes exactly the same numbers and the comparisons can be tight.
"""
from __future__ import annotations

import numpy as np

from .engine import Case, compare, run_cases

WEEK = "week01_perceptron"
POINTS = {"step": 2, "perceptron_predict": 2, "perceptron_train": 6, "xor_network": 3, "count_parameters": 3}
__all__ = ["step", "perceptron_predict", "perceptron_train", "xor_network", "count_parameters"]

_GATE_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
_AND = np.array([0, 0, 0, 1])
_OR = np.array([0, 1, 1, 1])
_XOR = np.array([0, 1, 1, 0])


def _step_ref(z):
    return (np.asarray(z) >= 0).astype(np.int64)


def _train_ref(X, y, lr=1.0, epochs=20):
    """Rosenblatt's rule, samples in the given order, from zero weights (the notebook's definition)."""
    X = np.asarray(X, dtype=np.float64)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            delta = y_i - int(x_i @ w + b >= 0)
            if delta:
                w, b, mistakes = w + lr * delta * x_i, b + lr * delta, mistakes + 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=np.int64)


# --------------------------------------------------------------------------------------------- step
def step(func):
    """step(z): 1 where z >= 0, else 0, as integers, same shape as z."""
    z1 = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    z2 = np.array([[-1e-9, 0.0], [1e-9, -7.0], [4.0, 0.0]])
    return run_cases(func, [
        Case("z = [-2, -0.5, 0, 0.5, 3]", args=(z1,), expect=_step_ref(z1), dtype="int",
             hint="step(0) is 1: use z >= 0, not z > 0, and return integers, e.g. (z >= 0).astype(int)"),
        Case("exactly zero maps to 1", args=(np.zeros(3),), expect=np.ones(3, dtype=int), dtype="int",
             hint="use z >= 0, not z > 0"),
        Case("a 3x2 matrix keeps its shape", args=(z2,), expect=_step_ref(z2), dtype="int",
             hint="work element-wise on the whole array; do not flatten or sum"),
        Case("float32 input", args=(z1.astype(np.float32),), expect=_step_ref(z1), dtype="int",
             hint="the result holds integers 0/1 whatever the input dtype"),
        Case("a scalar", args=(-0.25,), expect=np.int64(0), dtype="int",
             hint="np.asarray(z) turns a Python number into an array you can compare"),
    ], name="step")


# ----------------------------------------------------------------------------------- perceptron_predict
def perceptron_predict(func):
    """perceptron_predict(X, w, b) = step(X @ w + b) with X (n, d)."""
    rng = np.random.default_rng(11)
    X5 = rng.integers(-3, 4, size=(5, 3)).astype(np.float64)
    w5, b5 = np.array([1.0, -2.0, 0.5]), 1.0
    X5[0] = [2.0, 1.0, -2.0]                      # lies exactly on the boundary: z = 0 -> 1
    return run_cases(func, [
        Case("AND weights w=[1, 1], b=-1.5 on the truth table", args=(_GATE_X, np.array([1.0, 1.0]), -1.5),
             expect=_AND, dtype="int", hint="compute z = X @ w + b for every row, then step(z)"),
        Case("points on the boundary (z = 0) are class 1", args=(_GATE_X, np.array([1.0, 1.0]), -1.0),
             expect=_OR, dtype="int", hint="z >= 0 gives 1: reuse your step function"),
        Case("the bias matters: w=[0, 0], b=-1", args=(_GATE_X, np.zeros(2), -1.0), expect=np.zeros(4, dtype=int),
             dtype="int", hint="add the bias b to X @ w before the step"),
        Case("n=5 samples, d=3 features", args=(X5, w5, b5), expect=_step_ref(X5 @ w5 + b5), dtype="int",
             hint="X is (n, d) and w is (d,): X @ w has one score per sample (shape (n,))"),
        Case("a single sample, X of shape (1, 2)", args=(np.array([[0.4, 0.7]]), np.array([1.0, 1.0]), -1.0),
             expect=np.array([1]), dtype="int", hint="return one label per row of X, shape (n,)"),
    ], name="perceptron_predict")


# ------------------------------------------------------------------------------------- perceptron_train
def _train_case(name, X, y, lr=None, epochs=None, extra=None):
    """A Case comparing (w, b, errors) with the reference, with a diagnosis of the usual mistakes."""
    kwargs = {}
    if lr is not None:
        kwargs["lr"] = lr
    if epochs is not None:
        kwargs["epochs"] = epochs
    w_exp, b_exp, err_exp = _train_ref(X, y, **kwargs)

    def check(result):
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return f"expected a tuple (w, b, errors) of 3 values, got {type(result).__name__}"
        w, b, errors = result
        errors_arr = np.asarray(errors)
        if errors_arr.ndim != 1 or len(errors_arr) != len(err_exp):
            return (f"expected errors to hold one count per epoch, len {len(err_exp)}, got shape {errors_arr.shape}"
                    "\n  likely cause: run every epoch (no early stop) and append one count per epoch")
        if not np.issubdtype(errors_arr.dtype, np.integer):
            return (f"expected errors to hold integers (counts of samples), got dtype {errors_arr.dtype}"
                    "\n  likely cause: return e.g. np.array(errors, dtype=int)")
        msgs = [compare(w, w_exp, label="w", rtol=1e-6, atol=1e-6),
                compare(b, b_exp, label="b", rtol=1e-6, atol=1e-6),
                compare(errors_arr, err_exp, label="errors")]
        first = next((m for m in msgs if m), None)
        if first is None:
            return extra(result) if extra is not None else None
        if msgs[0] is None and msgs[1] is None:
            cause = ("errors[e] must count the samples misclassified WHEN VISITED during epoch e "
                     "(before their update), not the mistakes of the weights at the end of the epoch")
        elif msgs[1] and np.ndim(b) == 0 and float(b) == 0.0 and b_exp != 0.0:
            cause = "the bias must be updated too: b <- b + lr * (y_i - y_hat)"
        else:
            cause = ("start from w = 0, b = 0; visit the samples in the given order (no shuffling); "
                     "predict with step(x_i @ w + b) (z >= 0 -> 1) using the CURRENT weights; update only "
                     "misclassified samples: w <- w + lr * (y_i - y_hat) * x_i")
        return f"{first}\n  likely cause: {cause}"

    return Case(name, args=(X, y), kwargs=kwargs, check=check)


def _never_zero(result):
    errors = np.asarray(result[2])
    if (errors == 0).any():
        return f"XOR is not linearly separable: no epoch can be free of mistakes, got errors {errors.tolist()}"
    return None


def _converged(result):
    errors = np.asarray(result[2])
    if errors[-1] != 0:
        return f"AND is linearly separable: the last epochs should have no mistakes, got errors {errors.tolist()}"
    return None


def perceptron_train(func):
    """perceptron_train(X, y, lr=1.0, epochs=20) -> (w, b, errors), compared exactly with Rosenblatt's rule."""
    rng = np.random.default_rng(3)
    Xr = rng.integers(-3, 4, size=(12, 3)).astype(np.float64)
    yr = (Xr @ np.array([2.0, -1.0, 1.0]) + 0.5 >= 0).astype(np.int64)
    return run_cases(func, [
        _train_case("AND, lr=1, 10 epochs", _GATE_X, _AND, lr=1.0, epochs=10),
        _train_case("OR, lr=0.5, 6 epochs", _GATE_X, _OR, lr=0.5, epochs=6),
        _train_case("AND with the default arguments (lr=1.0, epochs=20)", _GATE_X, _AND, extra=_converged),
        _train_case("XOR, lr=1, 20 epochs", _GATE_X, _XOR, lr=1.0, epochs=20, extra=_never_zero),
        _train_case("12 samples with 3 integer features, lr=1, 8 epochs", Xr, yr, lr=1.0, epochs=8),
        _train_case("1 epoch only", _GATE_X, _OR, lr=1.0, epochs=1),
    ], name="perceptron_train")


# ---------------------------------------------------------------------------------------- xor_network
def xor_network(func):
    """xor_network(X): XOR of the two inputs, also for inputs close to 0/1 (within 0.1)."""
    noisy = np.array([[0.9, 0.1], [0.1, 0.9], [0.1, 0.1], [0.9, 0.9], [0.9, 0.0], [0.0, 0.9],
                      [1.0, 0.9], [0.1, 1.0], [1.0, 1.0], [0.0, 0.0]])
    expected_noisy = (np.round(noisy[:, 0]) != np.round(noisy[:, 1])).astype(np.int64)
    return run_cases(func, [
        Case("the four corners (0,0), (0,1), (1,0), (1,1)", args=(_GATE_X,), expect=_XOR, dtype="int",
             hint="hidden units OR and NAND, output unit AND of the two: XOR = AND(OR, NAND)"),
        Case("inputs near the corners (0.9 / 0.1)", args=(noisy,), expect=expected_noisy, dtype="int",
             hint="put every threshold between the corners (e.g. x1 + x2 >= 0.5 and x1 + x2 <= 1.5), "
                  "not through them, so that slightly noisy inputs get the same label"),
        Case("a single input (1, 0), X of shape (1, 2)", args=(np.array([[1.0, 0.0]]),), expect=np.array([1]),
             dtype="int", hint="return one label per row of X, shape (n,)"),
    ], name="xor_network")


# ------------------------------------------------------------------------------------ count_parameters
def count_parameters(func):
    """count_parameters(layer_sizes): weights plus biases of a stack of Dense layers."""
    return run_cases(func, [
        Case("[4, 8, 4, 1] (this week's baseline)", args=([4, 8, 4, 1],), expect=81, dtype="int",
             hint="there are len(sizes) - 1 Dense layers, one per consecutive pair (n_in, n_out), and each has "
                  "n_in * n_out weights AND n_out biases: (4*8 + 8) + (8*4 + 4) + (4*1 + 1) = 81"),
        Case("[2, 1]: a single perceptron", args=([2, 1],), expect=3, dtype="int",
             hint="2 weights and 1 bias"),
        Case("[2, 2, 1]: the XOR network", args=([2, 2, 1],), expect=9, dtype="int",
             hint="hidden layer 2*2 + 2, output layer 2*1 + 1"),
        Case("[784, 128, 10]", args=([784, 128, 10],), expect=784 * 128 + 128 + 128 * 10 + 10, dtype="int",
             hint="one bias per unit of the NEXT layer (n_out), not of the previous one"),
        Case("a tuple (3, 5, 5, 2)", args=((3, 5, 5, 2),), expect=3 * 5 + 5 + 5 * 5 + 5 + 5 * 2 + 2, dtype="int",
             hint="pair every layer with the next one: zip(sizes[:-1], sizes[1:]); there are len(sizes) - 1 layers"),
        Case("[6]: inputs only, no layer", args=([6],), expect=0, dtype="int",
             hint="a network with no Dense layer has no parameters"),
    ], name="count_parameters")
