"""Checks of week 1 (the perceptron): `checks.step(step)`, `checks.perceptron_train(perceptron_train)`, ...

Expected values are literals or are computed inline in each check (NumPy expressions over the case's
inputs); no function here computes a graded function's result, and nothing here imports TensorFlow. The
perceptron cases use integer-valued inputs and learning rates that are powers of two, so every correct
implementation (loops, an augmented weight vector, float32) computes exactly the same numbers and the
comparisons can be tight; their expected (w, b, errors) are stored literals, worked out by hand with
Rosenblatt's rule.

The module-level tables:
- MAY_MODIFY: the arguments a graded function may change in place (none this week: the course default,
  stated in the notebook, is that a graded function leaves its inputs as they were);
- RULES: every rule the notebook states for a graded function, mapped to the cases (visible case names,
  or messages of the hidden tests) that exercise it;
- OWN_WORK: library functions that compute what a graded function asks the student to write (a solution
  that calls one is flagged for the instructor, not failed).
"""
from __future__ import annotations

import numpy as np

from .engine import Case, compare, functions_only, run_cases

WEEK = "week01_perceptron"
POINTS = {"step": 1, "perceptron_predict": 2, "perceptron_train": 6, "xor_network": 3, "count_parameters": 3}
__all__ = ["step", "perceptron_predict", "perceptron_train", "xor_network", "count_parameters"]

MAY_MODIFY: dict[str, tuple[str, ...]] = {}

OWN_WORK: dict[str, list[str]] = {
    "step": ["numpy.heaviside"],
    "perceptron_train": ["sklearn.linear_model.Perceptron"],
    "xor_network": ["numpy.logical_xor", "numpy.bitwise_xor", "operator.xor"],
    "count_parameters": ["keras.Model.count_params", "keras.Sequential.count_params",
                         "tensorflow.keras.Model.count_params"],
}

RULES: dict[str, dict[str, list[str]]] = {
    "step": {
        "1 where z >= 0, else 0, element-wise": ["z = [-2, -0.5, 0, 0.5, 3]", "hidden: step values around 0"],
        "step(0) = 1 (the convention at the threshold, -0.0 included)": [
            "exactly zero maps to 1, also -0.0", "hidden: step values around 0"],
        "returns integers 0/1, not booleans or floats": [
            "z = [-2, -0.5, 0, 0.5, 3]", "float32 input", "hidden: step must return integers"],
        "works on an array of any shape and keeps it": [
            "a 3x2 matrix keeps its shape", "hidden: step must keep the shape (2, 3)"],
        "z may be a number": ["a scalar", "hidden: step of Python scalars"],
        "any numeric dtype (float32, integers)": ["float32 input", "hidden: step of an integer array"],
        "does not modify z (course default)": ["z = [-2, -0.5, 0, 0.5, 3]", "a 3x2 matrix keeps its shape"],
    },
    "perceptron_predict": {
        "label 1 where X @ w + b >= 0, else 0, one score per row": [
            "AND weights w=[1, 1], b=-1.5 on the truth table", "n=5 samples, d=3 features",
            "hidden: perceptron_predict on 7 samples with 4 features"],
        "a point on the boundary (z = 0) is class 1": [
            "points on the boundary (z = 0) are class 1", "n=5 samples, d=3 features"],
        "the bias b is added to X @ w": ["the bias matters: w=[0, 0], b=-1", "hidden: NAND weights w=[-1,-1], b=1.5"],
        "returns an int array of shape (n,), also for n = 1": [
            "a single sample, X of shape (1, 2)", "hidden: perceptron_predict must return shape (n,)",
            "hidden: labels must be integers"],
        "does not modify X or w (course default)": ["the bias matters: w=[0, 0], b=-1", "n=5 samples, d=3 features"],
    },
    "perceptron_train": {
        "w and b start at zero": ["OR, lr=1, 1 epoch only", "AND, lr=1, 10 epochs"],
        "samples visited in the given order (no shuffling)": [
            "AND with the samples in reversed order, lr=1, 9 epochs",
            "12 samples with 3 integer features, lr=1, 8 epochs", "hidden: final weights w"],
        "predict with the current weights, step(z) with z = 0 -> 1": [
            "AND, lr=1, 10 epochs", "12 samples with 3 integer features, lr=1, 8 epochs"],
        "update only misclassified samples: w += lr (y - y_hat) x, b += lr (y - y_hat)": [
            "AND, lr=1, 10 epochs", "OR, lr=0.5, 6 epochs", "hidden: final bias b"],
        "errors[e] counts the samples misclassified when visited during epoch e": [
            "AND, lr=1, 10 epochs", "hidden: errors per epoch"],
        "errors is an int array of shape (epochs,): every epoch runs (no early stop)": [
            "AND with the default arguments (lr=1.0, epochs=20)", "hidden: one error count per epoch",
            "hidden: errors must be integers"],
        "w is a float array of shape (d,), b a number": ["AND, lr=1, 10 epochs", "a single sample, X of shape (1, 2)"],
        "lr scales every update (non-default lr)": ["OR, lr=0.5, 6 epochs", "AND, lr=0.25, default epochs (20)"],
        "defaults lr=1.0 and epochs=20": [
            "AND with the default arguments (lr=1.0, epochs=20)", "AND, lr=0.25, default epochs (20)",
            "OR, 3 epochs, default lr (1.0)"],
        "converges on AND (errors reach 0 and stay there)": ["AND with the default arguments (lr=1.0, epochs=20)"],
        "never reaches 0 errors on XOR": [
            "XOR, lr=1, 20 epochs", "hidden: XOR with the default 20 epochs never reaches 0 errors"],
        "works for a single sample (n = 1)": ["a single sample, X of shape (1, 2)"],
        "does not modify X or y (course default)": [
            "AND, lr=1, 10 epochs", "12 samples with 3 integer features, lr=1, 8 epochs"],
    },
    "xor_network": {
        "XOR of the four corners": [
            "the four corners (0,0), (0,1), (1,0), (1,1)", "hidden: xor_network on the four corners"],
        "inputs within 0.1 of a corner get that corner's label (thresholds between the corners)": [
            "inputs near the corners (0.9 / 0.1)", "hidden: xor_network on inputs near the corners"],
        "returns an int array of shape (n,), also for n = 1": [
            "a single input (1, 0), X of shape (1, 2)", "hidden: xor_network must return shape (n,)",
            "hidden: labels must be integers"],
        "does not modify X (course default)": ["inputs near the corners (0.9 / 0.1)"],
    },
    "count_parameters": {
        "sum over consecutive pairs (n_in, n_out) of n_in * n_out + n_out": [
            "[4, 8, 4, 1] (this week's baseline)", "[2, 2, 1]: the XOR network", "hidden: count_parameters("],
        "one bias per unit of the next layer": ["[784, 128, 10]"],
        "equals Keras' count_params() for the same network": ["[4, 8, 4, 1] (this week's baseline)"],
        "returns an int (not a float, not an array)": [
            "[2, 1]: a single perceptron", "hidden: count_parameters must return an int"],
        "layer_sizes may be a list or a tuple": ["a tuple (3, 5, 5, 2)", "hidden: count_parameters("],
        "sizes with no pair (inputs only) have no parameters": ["[6]: inputs only, no layer"],
        "does not modify layer_sizes (course default)": ["[4, 8, 4, 1] (this week's baseline)"],
    },
}

_GATE_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
_AND = np.array([0, 0, 0, 1])
_OR = np.array([0, 1, 1, 1])
_XOR = np.array([0, 1, 1, 0])


# --------------------------------------------------------------------------------------------- step
_INT_HINT = "and return integers 0/1: a comparison gives booleans, convert them to an integer dtype"
_STEP_FORMULA = "step(z) = 1 where z ≥ 0, 0 where z < 0, entry by entry, as integers"


def step(func):
    """step(z): 1 where z >= 0, else 0, as integers, same shape as z."""
    z1 = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    z2 = np.array([[-1e-9, 0.0], [1e-9, -7.0], [4.0, 0.0]])
    return run_cases(func, [
        Case("z = [-2, -0.5, 0, 0.5, 3]", args=(z1,), expect=np.array([0, 0, 1, 1, 1]), dtype="int",
             hint="step(0) is 1: the threshold itself fires, so test z >= 0, not z > 0; " + _INT_HINT,
             formula=_STEP_FORMULA),
        Case("exactly zero maps to 1, also -0.0", args=(np.array([0.0, -0.0, 0.0]),), expect=np.ones(3, dtype=int),
             dtype="int", hint="zero itself gives 1, and -0.0 is equal to 0 so it gives 1 too (test z >= 0, not the sign bit)",
             formula=_STEP_FORMULA),
        Case("a 3x2 matrix keeps its shape", args=(z2,), expect=np.array([[0, 1], [1, 0], [1, 1]]), dtype="int",
             hint="work entry by entry on the whole array: the result has the shape of z (do not flatten or add up)"),
        Case("float32 input", args=(z1.astype(np.float32),), expect=np.array([0, 0, 1, 1, 1]), dtype="int",
             hint="the result holds integers 0/1 whatever the input dtype"),
        Case("a scalar", args=(-0.25,), expect=np.int64(0), dtype="int",
             hint="a Python number has no array methods: `np.asarray` turns it into a 0-d array first"),
    ], name="step", may_modify=MAY_MODIFY.get("step", ()))


# ----------------------------------------------------------------------------------- perceptron_predict
def perceptron_predict(func):
    """perceptron_predict(X, w, b) = step(X @ w + b) with X (n, d)."""
    X5 = np.array([[2.0, 1.0, -2.0], [0.0, 1.0, 1.0], [1.0, -3.0, 0.0], [-2.0, -1.0, 3.0], [0.0, -3.0, 0.0]])
    w5, b5 = np.array([1.0, -2.0, 0.5]), 1.0      # row 0 lies exactly on the boundary: z = 0 -> 1
    return run_cases(func, [
        Case("AND weights w=[1, 1], b=-1.5 on the truth table", args=(_GATE_X, np.array([1.0, 1.0]), -1.5),
             expect=_AND, dtype="int",
             hint="one score per row: the weighted sum of that row's features plus the bias, then your step",
             formula="ŷ = step(Xw + b), that is ŷᵢ = step(Σⱼ Xᵢⱼ wⱼ + b) for every row i"),
        Case("points on the boundary (z = 0) are class 1", args=(_GATE_X, np.array([1.0, 1.0]), -1.0),
             expect=_OR, dtype="int", hint="a score of exactly 0 gives class 1: reuse your step function"),
        Case("the bias matters: w=[0, 0], b=-1", args=(_GATE_X, np.zeros(2), -1.0), expect=np.zeros(4, dtype=int),
             dtype="int", hint="add the bias to every score before the step; build a new array rather than scaling X in place",
             formula="ŷ = step(Xw + b)"),
        Case("n=5 samples, d=3 features", args=(X5, w5, b5), expect=(X5 @ w5 + b5 >= 0).astype(np.int64), dtype="int",
             hint="X is (n, d) and w is (d,): the matrix-vector product gives one score per sample, shape (n,)",
             formula="zᵢ = Σⱼ Xᵢⱼ wⱼ + b for i = 1..n (a matrix-vector product, then the bias)"),
        Case("a single sample, X of shape (1, 2)", args=(np.array([[0.4, 0.7]]), np.array([1.0, 1.0]), -1.0),
             expect=np.array([1]), dtype="int", hint="return one label per row of X, shape (n,)"),
    ], name="perceptron_predict", may_modify=MAY_MODIFY.get("perceptron_predict", ()))


# ------------------------------------------------------------------------------------- perceptron_train
def _train_case(name, X, y, expected, lr=None, epochs=None, extra=None):
    """A Case comparing (w, b, errors) with `expected` (worked out by hand with Rosenblatt's rule), with a
    diagnosis of the usual mistakes."""
    kwargs = {}
    if lr is not None:
        kwargs["lr"] = lr
    if epochs is not None:
        kwargs["epochs"] = epochs
    w_exp, b_exp, err_exp = np.array(expected[0], dtype=np.float64), float(expected[1]), np.array(expected[2])

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
                    "\n  likely cause: the counts are whole numbers: return them as an integer array")
        msgs = [compare(w, w_exp, label="w", rtol=1e-6, atol=1e-6),
                compare(b, b_exp, label="b", rtol=1e-6, atol=1e-6),
                compare(errors_arr, err_exp, label="errors")]
        first = next((m for m in msgs if m), None)
        if first is None:
            if not np.issubdtype(np.asarray(w).dtype, np.floating):
                return (f"expected w to be a float array, got dtype {np.asarray(w).dtype}"
                        "\n  likely cause: keep the float zeros the given code starts from; do not turn w into integers")
            return extra(result) if extra is not None else None
        if msgs[0] is None and msgs[1] is None:
            cause = ("each epoch's count must be the samples misclassified WHEN VISITED during that epoch "
                     "(before their update), not the mistakes of the weights at the end of the epoch")
        elif msgs[1] and np.ndim(b) == 0 and float(b) == 0.0 and b_exp != 0.0:
            cause = ("the bias must be updated too, on every correction, like a weight whose input is "
                     "always 1")
        else:
            cause = ("start from zero weights and a zero bias; visit the samples in the given order (no "
                     "shuffling); predict each one with the CURRENT weights (a score of exactly 0 is class 1); "
                     "correct only misclassified samples, in proportion to lr and to the error; use the lr and "
                     "epochs passed in (defaults lr=1.0, epochs=20)")
        return f"{first}\n  likely cause: {cause}"

    return Case(name, args=(X, y), kwargs=kwargs, check=check,
                hint="Rosenblatt's rule: weights and bias start at zero, samples are visited in the given order, "
                     "and only a mistake moves the weights and the bias; leave X and y as they were",
                formula="for each sample i in order: ŷᵢ = step(xᵢ·w + b); if ŷᵢ ≠ yᵢ then "
                        "w ← w + η(yᵢ − ŷᵢ)xᵢ, b ← b + η(yᵢ − ŷᵢ), and the epoch's error count goes up by one")


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
    Xr = np.array([[2, -3, -2], [-2, -2, 2], [3, 1, -3], [-3, -1, 0], [1, 0, -2], [-2, 1, 2], [-3, -3, 0],
                   [-1, 3, 0], [-1, 0, 1], [1, -2, 2], [2, 3, 2], [-2, -1, 1]], dtype=np.float64)
    yr = np.array([1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 0])
    and_default = ([2.0, 1.0], -3.0, [2, 3, 3, 2, 1] + [0] * 15)
    return run_cases(func, [
        _train_case("AND, lr=1, 10 epochs", _GATE_X, _AND, ([2.0, 1.0], -3.0, [2, 3, 3, 2, 1, 0, 0, 0, 0, 0]),
                    lr=1.0, epochs=10),
        _train_case("OR, lr=0.5, 6 epochs", _GATE_X, _OR, ([0.5, 0.5], -0.5, [2, 2, 1, 0, 0, 0]), lr=0.5, epochs=6),
        _train_case("AND with the default arguments (lr=1.0, epochs=20)", _GATE_X, _AND, and_default,
                    extra=_converged),
        _train_case("AND, lr=0.25, default epochs (20)", _GATE_X, _AND,
                    ([0.5, 0.25], -0.75, [2, 3, 3, 2, 1] + [0] * 15), lr=0.25),
        _train_case("OR, 3 epochs, default lr (1.0)", _GATE_X, _OR, ([1.0, 1.0], -1.0, [2, 2, 1]), epochs=3),
        _train_case("XOR, lr=1, 20 epochs", _GATE_X, _XOR, ([-1.0, 0.0], 0.0, [3, 3] + [4] * 18), lr=1.0, epochs=20,
                    extra=_never_zero),
        _train_case("AND with the samples in reversed order, lr=1, 9 epochs", _GATE_X[::-1].copy(), _AND[::-1].copy(),
                    ([1.0, 2.0], -3.0, [1, 3, 2, 2, 3, 2, 2, 0, 0]), lr=1.0, epochs=9),
        _train_case("12 samples with 3 integer features, lr=1, 8 epochs", Xr, yr,
                    ([7.0, -3.0, 2.0], 4.0, [1, 2, 2, 3, 2, 3, 2, 3]), lr=1.0, epochs=8),
        _train_case("OR, lr=1, 1 epoch only", _GATE_X, _OR, ([0.0, 1.0], 0.0, [2]), lr=1.0, epochs=1),
        _train_case("a single sample, X of shape (1, 2)", np.array([[2.0, -1.0]]), np.array([0]),
                    ([-1.0, 0.5], -0.5, [1, 0, 0]), lr=0.5, epochs=3),
    ], name="perceptron_train", may_modify=MAY_MODIFY.get("perceptron_train", ()))


# ---------------------------------------------------------------------------------------- xor_network
_XOR_FORMULA = ("h₁ = OR fires when x₁ + x₂ ≥ 0.5; h₂ = NAND fires when x₁ + x₂ ≤ 1.5; "
                "the output (AND) fires when h₁ + h₂ ≥ 1.5")
def xor_network(func):
    """xor_network(X): XOR of the two inputs, also for inputs close to 0/1 (within 0.1)."""
    noisy = np.array([[0.9, 0.1], [0.1, 0.9], [0.1, 0.1], [0.9, 0.9], [0.9, 0.0], [0.0, 0.9],
                      [1.0, 0.9], [0.1, 1.0], [1.0, 1.0], [0.0, 0.0]])
    return run_cases(func, [
        Case("the four corners (0,0), (0,1), (1,0), (1,1)", args=(_GATE_X,), expect=_XOR, dtype="int",
             hint="hidden units OR and NAND, output unit AND of the two hidden units",
             formula=_XOR_FORMULA),
        Case("inputs near the corners (0.9 / 0.1)", args=(noisy,), expect=np.array([1, 1, 0, 0, 1, 1, 0, 1, 0, 0]),
             dtype="int",
             hint="put every threshold halfway between the corners, not through them, so that slightly noisy "
                  "inputs keep their corner's label; and compute new arrays rather than rounding X in place",
             formula=_XOR_FORMULA),
        Case("a single input (1, 0), X of shape (1, 2)", args=(np.array([[1.0, 0.0]]),), expect=np.array([1]),
             dtype="int", hint="return one label per row of X, shape (n,)"),
    ], name="xor_network", may_modify=MAY_MODIFY.get("xor_network", ()))


# ------------------------------------------------------------------------------------ count_parameters
def _plain_int(result):
    if isinstance(result, (bool, np.bool_)) or not isinstance(result, (int, np.integer)):
        return (f"expected an int (a Python int or a NumPy integer), got {type(result).__name__}: {result!r}"
                "\n  likely cause: a count is a whole number; convert it to a Python int, not an array or a float")
    return None


_COUNT_FORMULA = "P = Σ over the layers of (n_in·n_out + n_out): n_in·n_out weights and n_out biases per layer"


def count_parameters(func):
    """count_parameters(layer_sizes): weights plus biases of a stack of Dense layers."""
    return run_cases(func, [
        Case("[4, 8, 4, 1] (this week's baseline)", args=([4, 8, 4, 1],), expect=81, dtype="int", check=_plain_int,
             hint="one Dense layer per consecutive pair of sizes (one layer fewer than sizes); each layer has "
                  "one weight per (input, unit) pair AND its biases, one per unit; read layer_sizes, do not "
                  "change it",
             formula=_COUNT_FORMULA),
        Case("[2, 1]: a single perceptron", args=([2, 1],), expect=3, dtype="int", check=_plain_int,
             hint="2 weights and 1 bias"),
        Case("[2, 2, 1]: the XOR network", args=([2, 2, 1],), expect=9, dtype="int",
             hint="count each layer on its own (its weights, then its biases) and add the layers up",
             formula=_COUNT_FORMULA),
        Case("[784, 128, 10]", args=([784, 128, 10],), expect=784 * 128 + 128 + 128 * 10 + 10, dtype="int",
             hint="one bias per unit of the layer (its outputs), not per input",
             formula=_COUNT_FORMULA),
        Case("a tuple (3, 5, 5, 2)", args=((3, 5, 5, 2),), expect=3 * 5 + 5 + 5 * 5 + 5 + 5 * 2 + 2, dtype="int",
             hint="pair every size with the next one (one layer fewer than sizes); a tuple reads like a list",
             formula=_COUNT_FORMULA),
        Case("[6]: inputs only, no layer", args=([6],), expect=0, dtype="int",
             hint="a network with no Dense layer has no parameters"),
    ], name="count_parameters", may_modify=MAY_MODIFY.get("count_parameters", ()))


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
