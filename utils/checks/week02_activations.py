"""Checks of week 2 (activation functions): `checks.sigmoid(sigmoid)`, ...

Expected values are literals or are computed inline in each check (NumPy expressions over the case's
inputs, in float64), never by a function of this module and never by the student's other functions, so
one wrong function fails only its own check and nothing here can stand in for a graded answer.
Conventions checked here (and stated in the notebook):
- relu'(z) is 0 at z <= 0 (Keras/TensorFlow use 0 at z = 0 too), as a float array;
- the activations and their derivatives raise no overflow warning for |z| up to 1e4, float64 or float32;
- `collapse_linear_layers` uses the Keras layout `x @ W + b`;
- `gradient_through_depth(depth, g, z)` is g(z) multiplied `depth` times (the same z at every layer);
- `output_activation` returns a str, and its ValueError names the unknown task and lists the valid ones.

The module-level tables: MAY_MODIFY (arguments a function may change in place: none this week), RULES
(each stated rule -> the visible cases or hidden assertions that exercise it) and OWN_WORK (library
functions that compute what a graded function asks the student to write; a solution calling one is
flagged for the instructor).
"""
from __future__ import annotations

import re

import numpy as np

from .engine import Case, functions_only, run_cases

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
    "collapse_linear_layers": 2,
    "output_activation": 2,
    "gradient_through_depth": 1,
}
__all__ = list(POINTS)

MAY_MODIFY: dict[str, tuple[str, ...]] = {}

OWN_WORK: dict[str, list[str]] = {
    "sigmoid": ["scipy.special.expit", "tensorflow.math.sigmoid", "tensorflow.sigmoid", "tensorflow.nn.sigmoid",
                "keras.activations.sigmoid", "keras.ops.sigmoid"],
    "sigmoid_grad": ["tensorflow.raw_ops.SigmoidGrad"],
    "tanh": ["numpy.tanh", "math.tanh", "tensorflow.math.tanh", "tensorflow.tanh", "tensorflow.nn.tanh",
             "keras.activations.tanh", "keras.ops.tanh"],
    "tanh_grad": ["tensorflow.raw_ops.TanhGrad"],
    "relu": ["tensorflow.nn.relu", "keras.activations.relu", "keras.ops.relu"],
    "relu_grad": ["tensorflow.raw_ops.ReluGrad"],
    "leaky_relu": ["tensorflow.nn.leaky_relu", "keras.activations.leaky_relu", "keras.ops.leaky_relu"],
    "softplus": ["tensorflow.math.softplus", "tensorflow.nn.softplus", "keras.activations.softplus",
                 "keras.ops.softplus"],
}

_NOT_IN_PLACE = "does not modify z (returns a new array)"
_STABLE = "no overflow warning for |z| up to 1e4, float64 and float32"

RULES: dict[str, dict[str, list[str]]] = {
    "sigmoid": {
        "sigmoid(z) = 1 / (1 + exp(-z)), elementwise": ["a grid of z in [-6, 6]", "hidden: sigmoid values"],
        "sigmoid(0) = 0.5": ["z = 0 gives 0.5"],
        "keeps the shape of z": ["a 2x3 array keeps its shape", "hidden: sigmoid shape"],
        "z may be a number": ["a plain number"],
        "no overflow warning for |z| up to 1e4 (float64)": [
            "|z| up to 1e4, no overflow warning", "hidden: sigmoid at |z| = 5000"],
        "no overflow warning for float32 inputs (exp overflows float32 at z ~ 89)": [
            "float32 input, exp overflows float32 already at z ~ 89", "hidden: sigmoid of float32 inputs"],
        "values in [0, 1], sigmoid(-z) = 1 - sigmoid(z)": [
            "|z| up to 1e4, no overflow warning", "hidden: sigmoid(-z) = 1 - sigmoid(z)"],
        _NOT_IN_PLACE: ["a grid of z in [-6, 6]"],
    },
    "sigmoid_grad": {
        "sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))": [
            "a few z", "hidden: sigmoid_grad values", "hidden: sigmoid_grad vs central differences"],
        "largest value 0.25 at z = 0": ["z = 0 gives 0.25 (the largest value)"],
        "keeps the shape of z": ["a 2x3 array keeps its shape", "hidden: sigmoid_grad shape"],
        "z may be a number": ["a plain number"],
        "about 0 far from 0, never NaN": [
            "far from 0 the slope is ~0, not NaN", "hidden: sigmoid_grad far from 0 (NaN?)"],
        _STABLE: ["|z| up to 1e4, no overflow warning", "float32 input up to 1e4, no overflow warning"],
        _NOT_IN_PLACE: ["a few z"],
    },
    "tanh": {
        "tanh(z) = (e^z - e^-z) / (e^z + e^-z) = 2 sigmoid(2z) - 1": ["a grid of z in [-6, 6]", "hidden: tanh values"],
        "tanh(0) = 0, tanh is odd": ["z = 0 gives 0", "hidden: tanh is odd"],
        "keeps the shape of z": ["a 2x3 array keeps its shape", "hidden: tanh shape"],
        "z may be a number": ["a plain number"],
        "finite for every z: -1 and 1 far from 0, not NaN": [
            "|z| = 400 and 1000 give -1 and 1, not NaN", "hidden: tanh values"],
        _STABLE: ["|z| up to 1e4, no overflow warning", "float32 input up to 1e4, no overflow warning"],
        "float32 inputs": ["float32 input"],
        _NOT_IN_PLACE: ["a grid of z in [-6, 6]"],
    },
    "tanh_grad": {
        "tanh'(z) = 1 - tanh(z)^2": [
            "a few z, negative and positive", "hidden: tanh_grad values", "hidden: tanh_grad vs central differences"],
        "largest value 1 at z = 0": ["z = 0 gives 1 (the largest value)"],
        "keeps the shape of z": ["a 2x3 array keeps its shape", "hidden: tanh_grad shape"],
        "z may be a number": ["a plain number"],
        "about 0 far from 0, never NaN": ["far from 0 the slope is ~0, not NaN"],
        _STABLE: ["|z| up to 1e4, no overflow warning", "float32 input up to 1e4, no overflow warning"],
        _NOT_IN_PLACE: ["a few z, negative and positive"],
    },
    "relu": {
        "relu(z) = max(0, z), elementwise (relu(0) = 0)": ["negative, zero and positive z", "hidden: relu values"],
        "keeps the shape of z": ["a 2x3 array keeps its shape", "hidden: relu shape"],
        "does not saturate for positive z": ["large values pass through unchanged"],
        "float32 inputs": ["float32 input"],
        "does not modify z (returns a new array; z[z < 0] = 0 edits the caller's data)": [
            "negative, zero and positive z", "a 2x3 array keeps its shape", "hidden: relu changed its input in place"],
    },
    "relu_grad": {
        "1 where z > 0, 0 where z < 0": ["negative, zero and positive z", "large positive z",
                                         "hidden: relu_grad values (0 at z <= 0, 1 at z > 0)"],
        "0 at exactly z = 0 (the Keras/TensorFlow convention)": [
            "z = 0: derivative 0 (our convention, as in Keras/TensorFlow)",
            "hidden: relu_grad values (0 at z <= 0, 1 at z > 0)"],
        "returns a float array (not booleans, not ints)": [
            "z = 0: derivative 0 (our convention, as in Keras/TensorFlow)", "negative, zero and positive z",
            "hidden: relu_grad must return floats"],
        "keeps the shape of z": ["a 2x3 array keeps its shape", "hidden: relu_grad shape"],
        _NOT_IN_PLACE: ["negative, zero and positive z"],
    },
    "leaky_relu": {
        "z where z > 0, alpha * z where z <= 0": ["default alpha = 0.01", "alpha = 0.2 is used, not ignored"],
        "default alpha = 0.01": ["default alpha = 0.01", "hidden: default alpha"],
        "a non-default alpha is used (keyword or positional)": [
            "alpha = 0.2 is used, not ignored", "a 2x3 array, alpha = 0.1", "float32 input, alpha = 0.25",
            "hidden: leaky_relu values with alpha="],
        "alpha = 0 gives relu": ["alpha = 0 is plain relu"],
        "keeps the shape of z": ["a 2x3 array, alpha = 0.1", "hidden: leaky_relu shape"],
        "does not modify z": ["default alpha = 0.01", "hidden: leaky_relu changed its input in place"],
    },
    "softplus": {
        "softplus(z) = log(1 + exp(z)) = max(z, 0) + log(1 + exp(-|z|))": [
            "a grid of z in [-6, 6]", "hidden: softplus values"],
        "softplus(0) = log 2": ["z = 0 gives log(2)"],
        "keeps the shape of z": ["a 2x3 array keeps its shape", "hidden: softplus shape"],
        "z may be a number": ["a plain number"],
        "no overflow warning for |z| up to 1e4 (float64)": ["|z| up to 1e4, no overflow warning"],
        "no overflow warning for float32 inputs": [
            "float32 input, exp overflows float32 already at z ~ 89", "hidden: softplus of float32 inputs"],
        _NOT_IN_PLACE: ["a grid of z in [-6, 6]"],
    },
    "collapse_linear_layers": {
        "W = W1 @ W2 @ ... @ WL (x meets W1 first)": [
            "two layers 4 -> 3 -> 2", "two square layers 3 -> 3 -> 3 (order matters even when the shapes fit)"],
        "every bias is carried through the later weights": [
            "two layers 4 -> 3 -> 2", "three layers 2 -> 5 -> 4 -> 3"],
        "x @ W + b equals the stack's output": [
            "three layers 2 -> 5 -> 4 -> 3", "hidden: x @ W + b != stack output"],
        "a single layer is returned as it is": ["one layer: nothing to collapse"],
        "W has shape (D0, DL) and b shape (DL,), also for DL = 1": [
            "two layers 4 -> 3 -> 1 (one output unit)", "hidden: W shape", "hidden: b shape"],
        "zero biases give b = 0": ["biases zero: W alone"],
        "does not modify its inputs (the lists and their arrays)": [
            "two layers 4 -> 3 -> 2", "three layers 2 -> 5 -> 4 -> 3"],
    },
    "output_activation": {
        "binary -> sigmoid, multiclass -> softmax, multilabel -> sigmoid, regression -> linear, "
        "nonnegative_regression -> relu": [
            "task 'binary'", "task 'multiclass'", "task 'multilabel'", "task 'regression'",
            "task 'nonnegative_regression'", "hidden: output_activation value for a known task"],
        "returns a str (a Keras activation name)": ["task 'binary'", "hidden: output_activation must return a str"],
        "a task not in the table raises ValueError (names are case-sensitive)": [
            "an unknown task raises ValueError", "'Binary' (capitalised) is not in the table",
            "hidden: an unknown task must raise ValueError"],
        "the ValueError message names the task": [
            "an unknown task raises ValueError", "hidden: the ValueError should name the task"],
        "the ValueError message lists the valid tasks": [
            "the ValueError lists the valid tasks", "hidden: the ValueError should list the valid tasks"],
    },
    "gradient_through_depth": {
        "the product of activation_grad(z) over `depth` layers (exactly depth factors)": [
            "sigmoid, depth 10, z = 0: 0.25**10", "constant derivative 0.9 over 7 layers",
            "hidden: gradient_through_depth, depth"],
        "depth 1 is the derivative itself": ["depth 1 is the derivative itself"],
        "elementwise in z, same shape as z (never a product over z)": [
            "sigmoid, depth 5, several z (elementwise)", "hidden: gradient_through_depth shape"],
        "works with any derivative function passed in": [
            "relu, depth 30: 1 where z > 0, 0 where z <= 0", "constant derivative 2 over 20 layers explodes",
            "hidden: gradient_through_depth with a 0/1 derivative"],
        "z may be a number": ["a plain number z"],
        _NOT_IN_PLACE: ["sigmoid, depth 5, several z (elementwise)"],
    },
}

# float64 cases: tight; float32 cases: about 100 float32 ulps.
_F64 = dict(rtol=1e-6, atol=1e-12)
_F32 = dict(rtol=1e-5, atol=1e-6)

_GRID = np.linspace(-6.0, 6.0, 25)                       # includes 0.0 exactly
_M23 = np.array([[-3.0, -0.5, 0.0], [0.25, 1.0, 4.0]])
_HUGE = np.array([-1e4, -1000.0, -50.0, 50.0, 1000.0, 1e4])
_F32_EDGE = np.array([-1e4, -100.0, -88.0, -30.0, 0.0, 30.0, 88.0, 100.0, 1e4], dtype=np.float32)

_NO_OVERFLOW = ("e to the power of a large positive number overflows (e^(-z) for very negative z, e^z for large z): "
                "only ever exponentiate minus the absolute value of z, which gives a number in (0, 1], and treat "
                "z >= 0 and z < 0 as two cases. np.where evaluates BOTH branches for every entry, so each branch "
                "must be safe for every z")
_NO_OVERFLOW_FORMULA = "with e = e^(−|z|) ∈ (0, 1]: σ(z) = 1 / (1 + e) for z ≥ 0 and σ(z) = e / (1 + e) for z < 0"
_NEW_ARRAY = "build a new array for the result: do not write into z (the caller's array)"
_NUMBER = "the function should also accept a single Python number: `np.asarray` turns it into an array"

# --- checks -----------------------------------------------------------------------------------------------


def sigmoid(func):
    with np.errstate(over="ignore"):          # expectations in float64: 1/(1 + inf) is exactly 0
        expected = {k: 1.0 / (1.0 + np.exp(-np.asarray(v, dtype=np.float64)))
                    for k, v in {"grid": _GRID, "m23": _M23, "two": 2.0, "huge": _HUGE, "f32": _F32_EDGE}.items()}
    return run_cases(func, [
        Case("z = 0 gives 0.5", args=(np.array([0.0]),), expect=np.array([0.5]), dtype="float", **_F64,
             hint="the sigmoid squashes z into (0, 1) and is exactly one half at z = 0",
             formula="σ(z) = 1 / (1 + e^(−z))"),
        Case("a grid of z in [-6, 6]", args=(_GRID,), expect=expected["grid"], dtype="float", **_F64,
             hint="the sigmoid rises with z: near 0 for very negative z, near 1 for large z (a sign error flips "
                  "it). " + _NEW_ARRAY,
             formula="σ(z) = 1 / (1 + e^(−z)), with a minus sign in the exponent"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=expected["m23"], dtype="float", **_F64,
             hint="work elementwise with NumPy's `np.exp`, not with `math.exp` or a loop over one axis"),
        Case("a plain number", args=(2.0,), expect=expected["two"], **_F64, hint=_NUMBER),
        Case("|z| up to 1e4, no overflow warning", args=(_HUGE,), expect=expected["huge"], dtype="float",
             strict=True, **_F64, hint=_NO_OVERFLOW, formula=_NO_OVERFLOW_FORMULA),
        Case("float32 input, exp overflows float32 already at z ~ 89", args=(_F32_EDGE,),
             expect=expected["f32"], dtype="float", strict=True, **_F32,
             hint="clipping z to ±500 is not enough in float32 (e to the 89 is already inf there); " + _NO_OVERFLOW,
             formula=_NO_OVERFLOW_FORMULA),
    ], name="sigmoid", may_modify=MAY_MODIFY.get("sigmoid", ()))


def sigmoid_grad(func):
    z = np.array([-4.0, -1.0, 0.0, 0.5, 3.0])
    far = np.array([-800.0, -40.0, 40.0, 800.0])
    with np.errstate(over="ignore"):
        s = {k: 1.0 / (1.0 + np.exp(-np.asarray(v, dtype=np.float64)))
             for k, v in {"z": z, "m23": _M23, "far": far, "two": 2.0, "huge": _HUGE, "f32": _F32_EDGE}.items()}
    expected = {k: v * (1.0 - v) for k, v in s.items()}
    stable_hint = ("reuse your stable sigmoid's output instead of exponentials of your own: e^(−z) overflows for "
                   "very negative z, and infinity over infinity is NaN")
    formula = "σ'(z) = σ(z)(1 − σ(z)), with σ(z) from your stable sigmoid"
    return run_cases(func, [
        Case("z = 0 gives 0.25 (the largest value)", args=(np.array([0.0]),), expect=np.array([0.25]),
             dtype="float", **_F64,
             hint="derive σ' with the chain rule (section 2), then write it with σ(z) alone, no exponential left",
             formula="σ'(z) = σ(z)(1 − σ(z)); at 0 that is 0.5 × 0.5"),
        Case("a few z", args=(z,), expect=expected["z"], dtype="float", **_F64,
             hint="the slope is positive everywhere and largest at 0; check the sign of each factor of your "
                  "derivative. " + _NEW_ARRAY,
             formula="σ'(z) = σ(z)(1 − σ(z)), not σ(z)(1 + σ(z)) and not 1 − σ(z)"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=expected["m23"], dtype="float", **_F64),
        Case("a plain number", args=(2.0,), expect=expected["two"], **_F64, hint=_NUMBER),
        Case("far from 0 the slope is ~0, not NaN", args=(far,), expect=expected["far"], dtype="float", **_F64,
             hint=stable_hint, formula=formula),
        Case("|z| up to 1e4, no overflow warning", args=(_HUGE,), expect=expected["huge"], dtype="float",
             strict=True, **_F64, hint=stable_hint, formula=formula),
        Case("float32 input up to 1e4, no overflow warning", args=(_F32_EDGE,), expect=expected["f32"],
             dtype="float", strict=True, **_F32, hint=stable_hint + "; in float32 e^z overflows already at z ~ 89",
             formula=formula),
    ], name="sigmoid_grad", may_modify=MAY_MODIFY.get("sigmoid_grad", ()))


def tanh(func):
    big = np.array([-1000.0, -400.0, 400.0, 1000.0])
    z32 = np.array([-100.0, -1.0, -1e-3, 0.0, 1e-3, 1.0, 100.0], dtype=np.float32)
    exp = {k: np.tanh(np.asarray(v, dtype=np.float64))
           for k, v in {"grid": _GRID, "m23": _M23, "big": big, "z32": z32, "two": 2.0, "huge": _HUGE,
                        "f32": _F32_EDGE}.items()}
    stable_hint = ("only exponentiate numbers <= 0: go through your stable sigmoid (tanh is a sigmoid stretched "
                   "to (-1, 1)), or use e^(−2|z|) and put the sign of z back")
    stable_formula = ("tanh(z) = 2σ(2z) − 1 with your stable σ, or tanh(z) = sign(z)(1 − e) / (1 + e) "
                      "with e = e^(−2|z|)")
    return run_cases(func, [
        Case("z = 0 gives 0", args=(np.array([0.0]),), expect=np.array([0.0]), dtype="float", **_F64,
             hint="tanh is odd and passes through the origin; its values lie in (-1, 1)",
             formula="tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z))"),
        Case("a grid of z in [-6, 6]", args=(_GRID,), expect=exp["grid"], dtype="float", **_F64,
             hint="tanh is the sigmoid stretched to (-1, 1): both its input and its output are rescaled (mind the "
                  "factor 2 inside). " + _NEW_ARRAY,
             formula="tanh(z) = (e^z − e^(−z)) / (e^z + e^(−z)) = 2σ(2z) − 1 (note the 2z)"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=exp["m23"], dtype="float", **_F64),
        Case("a plain number", args=(2.0,), expect=exp["two"], **_F64, hint=_NUMBER),
        Case("|z| = 400 and 1000 give -1 and 1, not NaN", args=(big,), expect=exp["big"], dtype="float",
             **_F64, hint="e to the 1000 is inf, and inf over inf is NaN; " + stable_hint, formula=stable_formula),
        Case("float32 input", args=(z32,), expect=exp["z32"], dtype="float", **_F32),
        Case("|z| up to 1e4, no overflow warning", args=(_HUGE,), expect=exp["huge"], dtype="float", strict=True,
             **_F64, hint="e^z overflows for z > 709.78: " + stable_hint, formula=stable_formula),
        Case("float32 input up to 1e4, no overflow warning", args=(_F32_EDGE,), expect=exp["f32"], dtype="float",
             strict=True, **_F32, hint="in float32 e^z overflows already for z > 88.72: " + stable_hint,
             formula=stable_formula),
    ], name="tanh", may_modify=MAY_MODIFY.get("tanh", ()))


def tanh_grad(func):
    z = np.array([-3.0, -0.5, 0.0, 0.7, 2.0])
    big = np.array([-1000.0, -30.0, 30.0, 1000.0])
    exp = {k: 1.0 - np.tanh(np.asarray(v, dtype=np.float64)) ** 2
           for k, v in {"z": z, "m23": _M23, "big": big, "two": 2.0, "huge": _HUGE, "f32": _F32_EDGE}.items()}
    stable_hint = ("reuse your stable tanh's output instead of exponentials or cosh of your own (cosh overflows "
                   "for large |z|)")
    formula = "tanh'(z) = 1 − tanh²(z), with tanh(z) from your stable tanh"
    return run_cases(func, [
        Case("z = 0 gives 1 (the largest value)", args=(np.array([0.0]),), expect=np.array([1.0]),
             dtype="float", **_F64,
             hint="tanh is steepest at 0; differentiate it with the chain rule (through your sigmoid result) and "
                  "write the derivative with tanh(z) alone",
             formula="tanh'(z) = 1 − tanh²(z); at 0 that is 1"),
        Case("a few z, negative and positive", args=(z,), expect=exp["z"], dtype="float", **_F64,
             hint="the slope of tanh is even (the same at -z as at z) and lies in (0, 1]: a square is "
                  "involved. " + _NEW_ARRAY,
             formula="tanh'(z) = 1 − tanh²(z) (squared), not 1 − tanh(z) and not tanh(z)(1 − tanh(z))"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=exp["m23"], dtype="float", **_F64),
        Case("a plain number", args=(2.0,), expect=exp["two"], **_F64, hint=_NUMBER),
        Case("far from 0 the slope is ~0, not NaN", args=(big,), expect=exp["big"], dtype="float",
             **_F64, hint=stable_hint, formula=formula),
        Case("|z| up to 1e4, no overflow warning", args=(_HUGE,), expect=exp["huge"], dtype="float", strict=True,
             **_F64, hint=stable_hint, formula=formula),
        Case("float32 input up to 1e4, no overflow warning", args=(_F32_EDGE,), expect=exp["f32"], dtype="float",
             strict=True, **_F32, hint=stable_hint, formula=formula),
    ], name="tanh_grad", may_modify=MAY_MODIFY.get("tanh_grad", ()))


def relu(func):
    z1 = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    z32 = np.array([-1.5, 0.0, 2.5], dtype=np.float32)
    untouched = "Also: do not change z in place (z[z < 0] = 0 edits the caller's array); build a new array"
    return run_cases(func, [
        Case("negative, zero and positive z", args=(z1,), expect=np.array([0.0, 0.0, 0.0, 0.5, 3.0]), **_F64,
             hint="relu keeps positive z and replaces the rest by 0, elementwise. " + untouched,
             formula="relu(z) = max(0, z), entry by entry"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=np.array([[0.0, 0.0, 0.0], [0.25, 1.0, 4.0]]),
             **_F64, hint="take the elementwise maximum with NumPy's `np.maximum`, not Python's max. " + untouched),
        Case("large values pass through unchanged", args=(np.array([-1e6, 1e6]),), expect=np.array([0.0, 1e6]),
             **_F64, hint="relu does not saturate for positive z (no clipping at 1). " + untouched),
        Case("float32 input", args=(z32,), expect=np.array([0.0, 0.0, 2.5]), **_F32),
    ], name="relu", may_modify=MAY_MODIFY.get("relu", ()))


def relu_grad(func):
    z = np.array([-3.0, -1e-9, 0.0, 1e-9, 2.0])
    float_hint = "return floats 0.0/1.0 (a float array), not booleans or integers: convert the comparison"
    return run_cases(func, [
        Case("z = 0: derivative 0 (our convention, as in Keras/TensorFlow)", args=(np.array([0.0]),),
             expect=np.array([0.0]), dtype="float", **_F64,
             hint="the slope is 1 where z > 0 and 0 where z <= 0, also at exactly 0 (the Keras convention); "
                  + float_hint,
             formula="relu'(z) = 1 for z > 0 and 0 for z ≤ 0"),
        Case("negative, zero and positive z", args=(z,), expect=np.array([0.0, 0.0, 0.0, 1.0, 1.0]), dtype="float",
             **_F64, hint="the slope is 1 for z > 0 (whatever the size of z) and 0 for z <= 0 (not -1, not z); "
                          + float_hint + "; " + _NEW_ARRAY,
             formula="relu'(z) = 1 for z > 0 and 0 for z ≤ 0"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]),
             dtype="float", **_F64),
        Case("large positive z", args=(np.array([5.0, 1e6]),), expect=np.array([1.0, 1.0]), dtype="float", **_F64,
             hint="relu's slope is 1 for every positive z; return the derivative, not relu(z)"),
    ], name="relu_grad", may_modify=MAY_MODIFY.get("relu_grad", ()))


def leaky_relu(func):
    z = np.array([-4.0, -0.5, 0.0, 0.5, 3.0])
    z32 = np.array([-8.0, -0.5, 0.0, 2.0], dtype=np.float32)
    return run_cases(func, [
        Case("default alpha = 0.01", args=(z,), expect=np.where(z > 0, z, 0.01 * z), **_F64,
             hint="positive z pass unchanged, the others are scaled by the small slope alpha (0.01 by "
                  "default). " + _NEW_ARRAY,
             formula="leaky_relu(z) = z for z > 0 and αz for z ≤ 0, α = 0.01 by default"),
        Case("alpha = 0.2 is used, not ignored", args=(z,), kwargs={"alpha": 0.2}, expect=np.where(z > 0, z, 0.2 * z),
             **_F64, hint="use the alpha argument, not a hard-coded 0.01"),
        Case("alpha = 0 is plain relu", args=(z,), kwargs={"alpha": 0.0}, expect=np.maximum(z, 0.0),
             **_F64, hint="negative z are scaled by alpha (a product), not replaced by alpha itself",
             formula="leaky_relu(z) = αz for z ≤ 0"),
        Case("a 2x3 array, alpha = 0.1", args=(_M23, 0.1), expect=np.where(_M23 > 0, _M23, 0.1 * _M23),
             **_F64, hint="alpha is the second positional argument; positive z pass unchanged"),
        Case("float32 input, alpha = 0.25", args=(z32,), kwargs={"alpha": 0.25},
             expect=np.array([-2.0, -0.125, 0.0, 2.0]), **_F32,
             hint="negative z are scaled by alpha (here 0.25), positive z pass unchanged"),
    ], name="leaky_relu", may_modify=MAY_MODIFY.get("leaky_relu", ()))


def softplus(func):
    exp = {k: np.logaddexp(0.0, np.asarray(v, dtype=np.float64))        # log(e^0 + e^z), in float64
           for k, v in {"grid": _GRID, "m23": _M23, "two": 2.0, "huge": _HUGE, "f32": _F32_EDGE}.items()}
    return run_cases(func, [
        Case("z = 0 gives log(2)", args=(np.array([0.0]),), expect=np.array([np.log(2.0)]), dtype="float",
             **_F64, hint="softplus is a smooth relu; at z = 0 it is the natural log of 2",
             formula="softplus(z) = log(1 + e^z)"),
        Case("a grid of z in [-6, 6]", args=(_GRID,), expect=exp["grid"], dtype="float", **_F64,
             hint="softplus is close to z for large z and close to 0 (but positive) for very negative z. "
                  + _NEW_ARRAY,
             formula="softplus(z) = log(1 + e^z) = max(z, 0) + log(1 + e^(−|z|))"),
        Case("a 2x3 array keeps its shape", args=(_M23,), expect=exp["m23"], dtype="float", **_F64),
        Case("a plain number", args=(2.0,), expect=exp["two"], **_F64, hint=_NUMBER),
        Case("|z| up to 1e4, no overflow warning", args=(_HUGE,), expect=exp["huge"], dtype="float",
             strict=True, **_F64,
             hint="e^z overflows for large z: take the large part out of the logarithm (for z > 0 softplus is "
                  "about z), so that the only exponential left is of a number <= 0; `np.log1p` stays accurate "
                  "for tiny arguments. np.where evaluates BOTH branches, so each must be safe for every z",
             formula="softplus(z) = max(z, 0) + log(1 + e^(−|z|)): the exponential is at most 1"),
        Case("float32 input, exp overflows float32 already at z ~ 89", args=(_F32_EDGE,), expect=exp["f32"],
             dtype="float", strict=True, **_F32,
             hint="no exponential of a positive number anywhere: in float32 e^z overflows already at z ~ 89",
             formula="softplus(z) = max(z, 0) + log(1 + e^(−|z|))"),
    ], name="softplus", may_modify=MAY_MODIFY.get("softplus", ()))


def _agrees_with_stack(weights, biases):
    """Property: x @ W + b must equal the stack's output for a random batch x."""
    x = np.random.default_rng(11).normal(size=(6, weights[0].shape[0]))
    h = x
    for W_i, b_i in zip(weights, biases):
        h = h @ W_i + b_i

    def check(result):
        W, b = result
        out = x @ np.asarray(W) + np.asarray(b)
        if not np.allclose(out, h, rtol=1e-9, atol=1e-9):
            return "expected x @ W + b to equal the stack's output for a random batch x, but it differs"
        return None
    return check


def collapse_linear_layers(func):
    order_hint = ("x meets W1 first: the product of the weights starts with W1, and its shape is (D0, DL) "
                  "(each product needs matching inner sizes)")
    order_formula = "W = W₁W₂⋯W_L (shapes (D₀, D₁)(D₁, D₂) → (D₀, D₂)), not W₂W₁"
    bias_hint = ("each bias passes through the weights of every LATER layer before the next bias is added: "
                 "b is not the sum of the biases")
    bias_formula = "for two layers (xW₁ + b₁)W₂ + b₂ = x(W₁W₂) + (b₁W₂ + b₂), so b = b₁W₂ + b₂"
    rng = np.random.default_rng(2)

    def layers(*sizes):
        return ([rng.normal(size=(m, n)) for m, n in zip(sizes[:-1], sizes[1:])],
                [rng.normal(size=n) for n in sizes[1:]])
    one_w, one_b = layers(3, 2)
    two_w, two_b = layers(4, 3, 2)
    three_w, three_b = layers(2, 5, 4, 3)
    sq_w, sq_b = layers(3, 3, 3)
    out1_w, out1_b = layers(4, 3, 1)
    names = ("W", "b")
    tight = dict(rtol=1e-9, atol=1e-10)
    untouched = "; leave the lists and their arrays as they were (no pop, no writing into their arrays)"
    return run_cases(func, [
        Case("one layer: nothing to collapse", args=(one_w, one_b), expect=(one_w[0], one_b[0]), names=names,
             **_F64, hint="with a single layer return (W1, b1) unchanged"),
        Case("two layers 4 -> 3 -> 2", args=(two_w, two_b),
             expect=(two_w[0] @ two_w[1], two_b[0] @ two_w[1] + two_b[1]), names=names,
             **tight, hint=order_hint + "; and " + bias_hint + untouched, formula=order_formula + "; " + bias_formula),
        Case("two square layers 3 -> 3 -> 3 (order matters even when the shapes fit)", args=(sq_w, sq_b),
             expect=(sq_w[0] @ sq_w[1], sq_b[0] @ sq_w[1] + sq_b[1]), names=names, **tight, hint=order_hint,
             formula=order_formula),
        Case("three layers 2 -> 5 -> 4 -> 3", args=(three_w, three_b),
             expect=(three_w[0] @ three_w[1] @ three_w[2],
                     (three_b[0] @ three_w[1] + three_b[1]) @ three_w[2] + three_b[2]),
             names=names, **tight, check=_agrees_with_stack(three_w, three_b),
             hint=bias_hint + untouched,
             formula=bias_formula + "; with three layers b = (b₁W₂ + b₂)W₃ + b₃"),
        Case("two layers 4 -> 3 -> 1 (one output unit)", args=(out1_w, out1_b),
             expect=(out1_w[0] @ out1_w[1], out1_b[0] @ out1_w[1] + out1_b[1]), names=names, **tight,
             hint="W keeps the shape (D0, DL) = (4, 1) and b the shape (DL,) = (1,): do not squeeze them"),
        Case("biases zero: W alone", args=(three_w, [np.zeros(5), np.zeros(4), np.zeros(3)]),
             expect=(three_w[0] @ three_w[1] @ three_w[2], np.zeros(3)), names=names, **tight,
             hint=order_hint, formula=order_formula),
    ], name="collapse_linear_layers", may_modify=MAY_MODIFY.get("collapse_linear_layers", ()))


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


def _raised_value_error(task, lists_valid=False):
    def check(result):
        if not (isinstance(result, tuple) and len(result) == 2 and result[0] == "ValueError"):
            return f"expected a ValueError for the task {task!r} (not in the table), got the return value {result!r}"
        if task not in result[1]:
            return (f"expected the ValueError message to name the unknown task {task!r} (and list the valid "
                    f"ones), got the message {result[1]!r}")
        missing = [t for t in _TASKS if not re.search(rf"(?<!\w){t}(?!\w)", result[1])]
        if lists_valid and missing:
            return (f"expected the ValueError message to list the valid tasks {list(_TASKS)}, but it does not "
                    f"mention {missing}: got the message {result[1]!r}")
        return None
    return check


def _is_str(result):
    if not isinstance(result, str):
        return f"expected a str (the Keras activation name), got {type(result).__name__}: {result!r}"
    return None


def output_activation(func):
    hints = {
        "binary": "one probability P(y=1) in (0, 1): a single sigmoid unit",
        "multiclass": "exactly one class per sample: the probabilities over the classes must sum to 1",
        "multilabel": "several labels can be on at once: an independent sigmoid per label, not a softmax",
        "regression": "any real number: no squashing at all",
        "nonnegative_regression": "outputs >= 0 but otherwise unbounded (prices, counts): relu",
    }
    cases = [Case(f"task {task!r}", args=(task,), expect=act, check=_is_str,
                  hint=hints[task] + "; return the name as a plain str") for task, act in _TASKS.items()]
    raise_hint = ("raise a ValueError whose message names the task and lists the valid ones - a dict lookup "
                  "alone raises KeyError, and returning a default hides the typo")
    cases += [
        Case("an unknown task raises ValueError", args=("segmentation",), check=_raised_value_error("segmentation"),
             hint=raise_hint),
        Case("'Binary' (capitalised) is not in the table", args=("Binary",), check=_raised_value_error("Binary"),
             hint="the task names are exact, lower-case strings: do not change the case of the task, " + raise_hint),
        Case("the ValueError lists the valid tasks", args=("multi-label",),
             check=_raised_value_error("multi-label", lists_valid=True),
             hint="the message should name the task AND list every valid task, so a typo is easy to fix"),
    ]
    return run_cases(_value_error_outcome(func), cases, name="output_activation",
                     may_modify=MAY_MODIFY.get("output_activation", ()))


class _Named:
    """A derivative function that shows a readable name in failure messages."""

    def __init__(self, name, func):
        self.name, self.func = name, func

    def __call__(self, z):
        return self.func(z)

    def __repr__(self):
        return self.name


def gradient_through_depth(func):
    z = np.array([-2.0, 0.0, 1.0, 3.0])
    tight = dict(rtol=1e-9, atol=0.0)
    with np.errstate(over="ignore"):
        sig_z = 1.0 / (1.0 + np.exp(-z))
    # the derivative functions handed to the student's function (called back with z)
    def sigmoid_derivative(v):
        s = 1.0 / (1.0 + np.exp(-np.asarray(v, dtype=np.float64)))
        return s * (1.0 - s)

    sig = _Named("<sigmoid derivative>", sigmoid_derivative)
    relu_d = _Named("<relu derivative>", lambda v: (np.asarray(v) > 0).astype(np.float64))
    const = {c: _Named(f"<derivative {c:g} everywhere>",
                       lambda v, c=c: np.full(np.shape(v), c, dtype=np.float64)) for c in (0.9, 2.0)}
    return run_cases(func, [
        Case("depth 1 is the derivative itself", args=(1, sig, z), expect=sig_z * (1 - sig_z), dtype="float", **tight,
             hint="the product of activation_grad(z) over `depth` layers; with depth 1 that is activation_grad(z)"),
        Case("sigmoid, depth 10, z = 0: 0.25**10", args=(10, sig, np.array([0.0])), expect=np.array([0.25 ** 10]),
             dtype="float", **tight,
             hint="multiply the derivatives layer after layer, do not add them",
             formula="g'(z) multiplied depth times: 0.25¹⁰ here, not 10 × 0.25"),
        Case("sigmoid, depth 5, several z (elementwise)", args=(5, sig, z), expect=(sig_z * (1 - sig_z)) ** 5,
             dtype="float", **tight,
             hint="the product runs over the layers, elementwise in z (one product per entry of z), not over "
                  "the entries of z; and do not write the result into z"),
        Case("relu, depth 30: 1 where z > 0, 0 where z <= 0", args=(30, relu_d, z),
             expect=np.array([0.0, 0.0, 1.0, 1.0]), **tight),
        Case("constant derivative 0.9 over 7 layers", args=(7, const[0.9], np.array([0.3, -0.3])),
             expect=np.full(2, 0.9 ** 7), **tight,
             hint="exactly `depth` factors: not one fewer, not one more",
             formula="g'(z)^depth, here 0.9⁷"),
        Case("constant derivative 2 over 20 layers explodes", args=(20, const[2.0], np.zeros((2, 2))),
             expect=np.full((2, 2), 2.0 ** 20), **tight),
        Case("a plain number z", args=(3, const[0.9], 0.5), expect=0.9 ** 3, **tight,
             hint="z may be a single number: do not rely on its shape attribute; `np.asarray` gives an array"),
    ], name="gradient_through_depth", may_modify=MAY_MODIFY.get("gradient_through_depth", ()))


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
