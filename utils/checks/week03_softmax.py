"""Checks for week 3: softmax, cross-entropy and numerical round-off.

Expected values come from TensorFlow/Keras (`tf.nn.softmax`, `tf.math.reduce_logsumexp`, `tf.nn.log_softmax`,
`tf.nn.sparse_softmax_cross_entropy_with_logits`, `tf.nn.sigmoid_cross_entropy_with_logits` and the Keras losses),
imported inside each check, on ordinary and extreme inputs (|logits| up to 1e4), in float64 and in float32, or
from literals and expressions written inside the check. Float32 cases use a float32 tolerance and, for the
functions returning arrays, require float32 back. Cases marked strict fail on any overflow / divide-by-zero /
invalid-value warning.

Hints come in two tiers (docs/AUTHORING.md): `hint` names the idea, the shape or the usual mistake in words; `formula`
(shown only when the same case fails again in the same session) gives the formula in mathematical notation. Neither
prints code.

`RULES` maps every rule the notebook states for a graded function to the cases that exercise it (a visible case
name, or the message of a hidden assertion, starting with "hidden:"); `MAY_MODIFY` lists the arguments a function
may change in place (none this week); `OWN_WORK` lists the library functions that compute a graded function's
result, which the class report flags when a solution calls them.
"""
from __future__ import annotations

import os

import numpy as np

from .engine import Case, functions_only, run_cases

WEEK = "week03_softmax"
POINTS = {
    "softmax": 3,
    "logsumexp": 2,
    "log_softmax": 2,
    "cross_entropy": 2,
    "cross_entropy_from_logits": 2,
    "binary_cross_entropy_from_logits": 3,
    "predict_multiclass": 1,
    "predict_multilabel": 1,
}
__all__ = list(POINTS)

# Every graded function of this week leaves its inputs as they were (the notebook's "How to work" says so).
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

# The notebook asks for these to be written with NumPy: a solution calling one of these is flagged for review.
OWN_WORK: dict[str, list[str]] = {
    "softmax": ["tensorflow.nn.softmax", "tensorflow.math.softmax", "scipy.special.softmax",
                "keras.activations.softmax", "keras.ops.softmax", "keras.ops.nn.softmax",
                "sklearn.utils.extmath.softmax", "torch.softmax", "torch.nn.functional.softmax", "jax.nn.softmax"],
    "logsumexp": ["scipy.special.logsumexp", "tensorflow.math.reduce_logsumexp", "tensorflow.reduce_logsumexp",
                  "keras.ops.logsumexp", "torch.logsumexp", "jax.nn.logsumexp", "jax.scipy.special.logsumexp"],
    "log_softmax": ["tensorflow.nn.log_softmax", "tensorflow.math.log_softmax", "scipy.special.log_softmax",
                    "keras.activations.log_softmax", "keras.ops.log_softmax", "keras.ops.nn.log_softmax",
                    "torch.log_softmax", "torch.nn.functional.log_softmax", "jax.nn.log_softmax"],
    "cross_entropy": ["keras.losses.SparseCategoricalCrossentropy", "keras.losses.sparse_categorical_crossentropy",
                      "keras.metrics.sparse_categorical_crossentropy", "keras.ops.sparse_categorical_crossentropy",
                      "tensorflow.keras.losses.SparseCategoricalCrossentropy",
                      "tensorflow.keras.losses.sparse_categorical_crossentropy", "sklearn.metrics.log_loss",
                      "torch.nn.functional.nll_loss"],
    "cross_entropy_from_logits": ["tensorflow.nn.sparse_softmax_cross_entropy_with_logits",
                                  "tensorflow.nn.softmax_cross_entropy_with_logits",
                                  "keras.losses.SparseCategoricalCrossentropy",
                                  "keras.losses.sparse_categorical_crossentropy",
                                  "keras.ops.sparse_categorical_crossentropy",
                                  "tensorflow.keras.losses.SparseCategoricalCrossentropy",
                                  "tensorflow.keras.losses.sparse_categorical_crossentropy",
                                  "torch.nn.functional.cross_entropy"],
    "binary_cross_entropy_from_logits": ["tensorflow.nn.sigmoid_cross_entropy_with_logits",
                                         "keras.losses.BinaryCrossentropy", "keras.losses.binary_crossentropy",
                                         "keras.ops.binary_crossentropy",
                                         "tensorflow.keras.losses.BinaryCrossentropy",
                                         "tensorflow.keras.losses.binary_crossentropy",
                                         "torch.nn.functional.binary_cross_entropy_with_logits"],
}

EPS = 1e-7  # Keras' epsilon: probabilities are clipped to at least EPS before the log
F64 = {"rtol": 1e-9, "atol": 1e-12}
F32 = {"rtol": 1e-5, "atol": 1e-6}
# float32 logits of magnitude 1e4 are only known to ~1e4 * 6e-8 = 6e-4 (absolute), so probabilities computed from
# them by any correct formula carry a relative error of that size: the extreme float32 cases allow 2e-3.
LOSS64 = {"rtol": 1e-9, "atol": 1e-9}
LOSS32 = {"rtol": 1e-5, "atol": 1e-5}

_SHIFT_HINT = ("subtract the maximum along `axis` before the exponential (keep the reduced axis, with length 1, "
               "so it broadcasts back), so that the largest exponential is exactly 1 and nothing can overflow")
_AXIS_HINT = ("reduce only along `axis` and keep the reduced axis (with length 1), so the maximum and the sum "
              "broadcast back against z")
# Second tier (shown after a repeated failure of the same case): the formulas, in mathematical notation.
_SOFTMAX_FORMULA = "softmax(z)ₖ = e^(zₖ − m) / Σⱼ e^(zⱼ − m), with m = maxⱼ zⱼ taken along `axis` (one m per sample)"
_LSE_FORMULA = "logsumexp(z) = m + log Σⱼ e^(zⱼ − m), with m = maxⱼ zⱼ taken along `axis` (one m per sample)"
_LOG_SOFTMAX_FORMULA = "log softmax(z)ₖ = zₖ − logsumexp(z) = (zₖ − m) − log Σⱼ e^(zⱼ − m), with m = maxⱼ zⱼ"
_F32_HINT = ("keep z's dtype: do not convert to float64 inside; NumPy keeps float32 when z is only combined "
             "with its own reductions")
_F32_OVERFLOW_HINT = ("float32's exp overflows already at 89 (float64's at 710): shift by the maximum always, "
                      "not only when the logits look large")
_N1_HINT = ("a batch of ONE sample still has its batch axis: reduce only along `axis` and never squeeze "
            "away the other axes")

# Logits of a few tens to a hundred: harmless in float64, but exp(100) and the sum 3 * exp(88) overflow float32.
_F32_100 = np.array([[100.0, 99.0, 90.0], [-100.0, 0.0, 50.0], [88.0, 88.0, 88.0]], dtype=np.float32)
_EXTREME = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1.0, -1e4 + 2.0]])


def _tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    return tf


def _np(tensor) -> np.ndarray:
    return np.asarray(tensor.numpy())


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _numpy_array(result) -> str | None:
    """The docstring promises an array: a list (of rows) is not one."""
    if isinstance(result, np.ndarray):
        return None
    return f"expected a NumPy array, got {type(result).__name__}: return an array (as NumPy's operations give it)"


# ---------------------------------------------------------------------------------------------------------------
# softmax family
# ---------------------------------------------------------------------------------------------------------------
def softmax(func):
    """softmax(z, axis=-1) against tf.nn.softmax."""
    tf = _tf()

    def ref(z, axis=-1):
        return _np(tf.nn.softmax(z, axis=axis))

    r = _rng(3)
    one = np.array([1.0, 2.0, 3.0])
    batch = r.normal(size=(4, 5)) * 3
    single = np.array([[0.5, -1.0, 2.0, 0.0]])
    cols = r.normal(size=(3, 4)) * 2
    cube = r.normal(size=(2, 3, 4))
    ints = np.array([[1, 2, 3], [0, 0, 4]])
    big = np.array([1000.0, 1001.0, 1002.0])
    b32 = (r.normal(size=(3, 6)) * 4).astype(np.float32)
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("one sample, z = [1, 2, 3]", args=(one,), expect=ref(one), **F64,
             hint="each probability is the exponential of its logit divided by the sum of the exponentials of "
                  "all the logits of the sample; a 1-D z is one sample", formula=_SOFTMAX_FORMULA),
        Case("batch of 4 samples, 5 classes (each row sums to 1)", args=(batch,), expect=ref(batch), **F64,
             hint="normalise each row separately: " + _AXIS_HINT, formula=_SOFTMAX_FORMULA),
        Case("a batch of one sample, shape (1, 4), keeps its shape (1, 4)", args=(single,), expect=ref(single),
             **F64, hint=_N1_HINT),
        Case("axis=0 on a (3, 4) array (each column sums to 1)", args=(cols,), kwargs={"axis": 0},
             expect=ref(cols, 0), **F64, hint="use the `axis` argument everywhere: " + _AXIS_HINT),
        Case("3-D array (2, 3, 4), axis=1", args=(cube,), kwargs={"axis": 1}, expect=ref(cube, 1), **F64,
             hint=_AXIS_HINT),
        Case("integer logits give float probabilities", args=(ints,), expect=ref(ints.astype(np.float64)),
             dtype="float", **F64,
             hint="probabilities are fractions: do not cast the result back to z's dtype when z holds integers"),
        Case("large logits [1000, 1001, 1002] (exp(1000) overflows)", args=(big,), expect=ref(big), **F64,
             strict=True, hint=_SHIFT_HINT, formula=_SOFTMAX_FORMULA),
        Case("extreme logits, |z| up to 1e4, rows of very different size", args=(_EXTREME,),
             expect=ref(_EXTREME), **F64, strict=True,
             hint="shift each row by its OWN maximum (along `axis`), not by the maximum of the whole array; "
                  + _SHIFT_HINT, formula=_SOFTMAX_FORMULA),
        Case("float32 batch stays float32", args=(b32,), expect=ref(b32), dtype="float32", **F32,
             hint=_F32_HINT),
        Case("float32 logits around 100 (exp(100) overflows float32)", args=(_F32_100,), expect=ref(_F32_100),
             dtype="float32", **F32, strict=True, hint=_F32_OVERFLOW_HINT),
        Case("float32, extreme logits", args=(e32,), expect=ref(e32), dtype="float32", rtol=2e-3, atol=1e-6,
             strict=True, hint=_SHIFT_HINT, formula=_SOFTMAX_FORMULA),
    ], name="softmax", may_modify=MAY_MODIFY.get("softmax", ()))


def logsumexp(func):
    """logsumexp(z, axis=-1) against tf.math.reduce_logsumexp."""
    tf = _tf()

    def ref(z, axis=-1):
        return _np(tf.math.reduce_logsumexp(z, axis=axis))

    r = _rng(4)
    one = np.array([1.0, 2.0, 3.0])
    batch = r.normal(size=(4, 5)) * 3
    single = np.array([[0.5, -1.0, 2.0, 0.0]])
    cols = r.normal(size=(3, 4)) * 2
    big = np.array([1000.0, 1000.0])
    b32 = (r.normal(size=(3, 6)) * 4).astype(np.float32)
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("one sample, z = [1, 2, 3] (a single number comes back)", args=(one,), expect=ref(one), **F64,
             hint="the log of the sum of the exponentials reduces the axis away: a 1-D z gives one number",
             formula=_LSE_FORMULA),
        Case("batch of 4 samples, 5 classes -> shape (4,)", args=(batch,), expect=ref(batch), **F64,
             hint="one value per row: reduce along `axis` and drop that axis from the result"),
        Case("a batch of one sample, shape (1, 4) -> shape (1,)", args=(single,), expect=ref(single), **F64,
             hint=_N1_HINT + " (remove exactly the reduced axis)"),
        Case("axis=0 on a (3, 4) array -> shape (4,)", args=(cols,), kwargs={"axis": 0}, expect=ref(cols, 0),
             **F64, hint="use the `axis` argument in both the max and the sum"),
        Case("large logits [1000, 1000] -> 1000 + log 2", args=(big,), expect=ref(big), **F64, strict=True,
             hint="factor the exponential of the maximum out of the sum: subtract the maximum before the "
                  "exponential and add it back after the log", formula=_LSE_FORMULA),
        Case("extreme logits, |z| up to 1e4, rows of very different size", args=(_EXTREME,),
             expect=ref(_EXTREME), **F64, strict=True,
             hint="use each row's own maximum (keep the reduced axis so it broadcasts), and add it back after "
                  "the log", formula=_LSE_FORMULA),
        Case("float32 batch stays float32", args=(b32,), expect=ref(b32), dtype="float32", **F32,
             hint=_F32_HINT),
        Case("float32 logits around 100 (exp(100) overflows float32)", args=(_F32_100,), expect=ref(_F32_100),
             dtype="float32", rtol=1e-6, atol=1e-4, strict=True, hint=_F32_OVERFLOW_HINT),
        Case("float32, extreme logits", args=(e32,), expect=ref(e32), dtype="float32", rtol=1e-6, atol=1e-3,
             strict=True, hint="subtract the row maximum before the exponential and add it back after the log",
             formula=_LSE_FORMULA),
    ], name="logsumexp", may_modify=MAY_MODIFY.get("logsumexp", ()))


def log_softmax(func):
    """log_softmax(z, axis=-1) against tf.nn.log_softmax."""
    tf = _tf()

    def ref(z, axis=-1):
        return _np(tf.nn.log_softmax(z, axis=axis))

    r = _rng(5)
    one = np.array([1.0, 2.0, 3.0])
    batch = r.normal(size=(4, 5)) * 3
    single = np.array([[0.5, -1.0, 2.0, 0.0]])
    cols = r.normal(size=(3, 4)) * 2
    tiny = np.array([[0.0, -1e4], [1e4, 0.0], [-800.0, 0.0]])
    b32 = (r.normal(size=(3, 6)) * 4).astype(np.float32)
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("one sample, z = [1, 2, 3]", args=(one,), expect=ref(one), **F64,
             hint="take the log of the softmax definition: the log of a quotient is a difference",
             formula=_LOG_SOFTMAX_FORMULA),
        Case("batch of 4 samples, 5 classes", args=(batch,), expect=ref(batch), **F64,
             hint="each row has its own logsumexp: keep it as a column (the reduced axis with length 1) so it "
                  "broadcasts against the row", formula=_LOG_SOFTMAX_FORMULA),
        Case("a batch of one sample, shape (1, 4), keeps its shape (1, 4)", args=(single,), expect=ref(single),
             **F64, hint=_N1_HINT),
        Case("axis=0 on a (3, 4) array", args=(cols,), kwargs={"axis": 0}, expect=ref(cols, 0), **F64,
             hint="use the `axis` argument in the max and in the sum"),
        Case("probabilities that underflow to 0: log_softmax([0, -1e4]) = [0, -1e4]", args=(tiny,),
             expect=ref(tiny), **F64, strict=True,
             hint="the log of a probability that underflowed to 0 is minus infinity: never take the log of a "
                  "probability, work with the shifted logits directly", formula=_LOG_SOFTMAX_FORMULA),
        Case("extreme logits, |z| up to 1e4, rows of very different size", args=(_EXTREME,),
             expect=ref(_EXTREME), **F64, strict=True, hint=_SHIFT_HINT, formula=_LOG_SOFTMAX_FORMULA),
        Case("float32 batch stays float32", args=(b32,), expect=ref(b32), dtype="float32", **F32,
             hint=_F32_HINT),
        Case("float32 logits around 100 (exp(100) overflows float32)", args=(_F32_100,), expect=ref(_F32_100),
             dtype="float32", rtol=1e-6, atol=1e-4, strict=True, hint=_F32_OVERFLOW_HINT),
        Case("float32, extreme logits", args=(e32,), expect=ref(e32), dtype="float32", rtol=1e-6, atol=2e-3,
             strict=True, hint="never take the log of a probability that may be 0: stay with the shifted logits",
             formula=_LOG_SOFTMAX_FORMULA),
    ], name="log_softmax", may_modify=MAY_MODIFY.get("log_softmax", ()))


# ---------------------------------------------------------------------------------------------------------------
# losses
# ---------------------------------------------------------------------------------------------------------------
_MEAN_HINT = "return the MEAN over the batch, not the sum"
_PICK_HINT = ("pick one probability per sample: in row i, the column of that sample's label; index with the row "
              "numbers AND the labels together, not whole columns of all the labels for every row")
_CE_FORMULA = "L = −(1/N) Σᵢ log max(p(i, yᵢ), ε): the true class's probability of each sample, clipped at ε"
_CEL_FORMULA = "L = (1/N) Σᵢ (logsumexp(zᵢ) − z(i, yᵢ)), the mean of minus log softmax(zᵢ) at the true class"
_CLIP_HINT = ("clip the true-class probability from below at eps before the log, every probability under eps "
              "(not only exact zeros), as Keras does")


def cross_entropy(func):
    """cross_entropy(probs, y, eps=1e-7) against keras.losses.SparseCategoricalCrossentropy (probabilities,
    eps = 1e-7) and against the docstring's formula -mean_i log(max(probs[i, y[i]], eps))."""
    tf = _tf()
    import keras

    def ref(probs, y):
        dtype = "float64" if probs.dtype == np.float64 else "float32"
        loss = keras.losses.SparseCategoricalCrossentropy(dtype=dtype)
        return float(loss(tf.constant(y), tf.constant(probs)))

    r = _rng(6)
    p2 = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    y2 = np.array([0, 2])
    logits = r.normal(size=(6, 4)) * 2
    p6 = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    y6 = np.array([0, 3, 1, 1, 2, 0])
    p1 = np.array([[0.25, 0.75]])
    y1 = np.array([1])
    p0 = np.array([[1.0, 0.0], [0.5, 0.5]])
    y0 = np.array([1, 0])
    # true-class probabilities 1e-9, 0.25, 3e-8: the two tiny ones are below eps = 1e-7 without being 0
    ps = np.array([[1e-9, 0.6, 0.4 - 1e-9], [0.5, 0.25, 0.25], [0.3, 0.7 - 3e-8, 3e-8]])
    ys = np.array([0, 1, 2])
    # eps = 0.01: true-class probabilities 0.001, 0, 0.3, 0.9 -> 0.01, 0.01, 0.3, 0.9 (all below 1 - eps)
    pe = np.array([[0.001, 0.5, 0.499], [0.0, 0.3, 0.7], [0.3, 0.6, 0.1], [0.05, 0.9, 0.05]])
    ye = np.array([0, 0, 0, 1])
    p32 = p6.astype(np.float32)
    return run_cases(func, [
        Case("2 samples, 3 classes", args=(p2, y2), expect=ref(p2, y2), **LOSS64,
             hint="the loss is the average over the samples of minus the log of the probability given to the "
                  "true class; " + _MEAN_HINT, formula=_CE_FORMULA),
        Case("batch of 6 samples, 4 classes", args=(p6, y6), expect=ref(p6, y6), **LOSS64,
             hint=_PICK_HINT + "; natural log, and a minus sign", formula=_CE_FORMULA),
        Case("one sample", args=(p1, y1), expect=ref(p1, y1), **LOSS64,
             hint="one sample with probability 0.75 on its true class costs minus log 0.75, about 0.288; a batch "
                  "of one still has its batch axis", formula=_CE_FORMULA),
        Case("probability 0 on the true class is clipped to eps = 1e-7 (loss -log(1e-7) ~ 16.1, not inf)",
             args=(p0, y0), expect=ref(p0, y0), rtol=1e-9, atol=1e-6, strict=True, hint=_CLIP_HINT,
             formula=_CE_FORMULA),
        Case("probabilities 1e-9 and 3e-8 on the true class are below eps = 1e-7: clipped to eps too",
             args=(ps, ys), expect=-np.mean(np.log([EPS, 0.25, EPS])), **LOSS64, strict=True, hint=_CLIP_HINT,
             formula=_CE_FORMULA),
        Case("eps=0.01: true-class probabilities 0.001 and 0 are clipped to 0.01", args=(pe, ye),
             kwargs={"eps": 0.01}, expect=-np.mean(np.log([0.01, 0.01, 0.3, 0.9])), **LOSS64, strict=True,
             hint="clip with the `eps` argument, not a fixed number"),
        Case("float32 probabilities", args=(p32, y6), expect=ref(p32, y6), dtype="float", **LOSS32,
             hint=_PICK_HINT),
    ], name="cross_entropy", may_modify=MAY_MODIFY.get("cross_entropy", ()))


def cross_entropy_from_logits(func):
    """cross_entropy_from_logits(logits, y) against tf.nn.sparse_softmax_cross_entropy_with_logits and Keras."""
    tf = _tf()
    import keras

    def ref(logits, y):
        return float(tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits)))

    def ref_keras(logits, y):
        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True, dtype=str(logits.dtype))
        return float(loss(tf.constant(y), tf.constant(logits)))

    r = _rng(7)
    l2 = np.array([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])
    y2 = np.array([0, 1])
    l8 = r.normal(size=(8, 5)) * 3
    y8 = np.array([0, 4, 2, 2, 1, 3, 0, 4])
    l1 = np.array([[0.5, -1.0, 2.0]])
    y1 = np.array([0])
    confident = np.array([[1000.0, 0.0], [0.0, 1000.0]])
    yc = np.array([1, 1])
    y_ext = np.array([1, 0])
    l32 = l8.astype(np.float32)
    y100 = np.array([2, 0, 1])
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("2 samples, 3 classes", args=(l2, y2), expect=ref(l2, y2), **LOSS64,
             hint="each sample costs minus its log-probability of the true class, computed from the logits "
                  "(your log_softmax), then the mean over the batch", formula=_CEL_FORMULA),
        Case("batch of 8 samples, 5 classes (same as Keras' SparseCategoricalCrossentropy(from_logits=True))",
             args=(l8, y8), expect=ref_keras(l8, y8), **LOSS64,
             hint=_MEAN_HINT + "; pick one log-probability per sample (in row i, the column of its label)",
             formula=_CEL_FORMULA),
        Case("one sample, logits of shape (1, 3)", args=(l1, y1), expect=ref(l1, y1), **LOSS64,
             hint=_N1_HINT),
        Case("confident and wrong: logits [1000, 0] with label 1 costs exactly 1000", args=(confident, yc),
             expect=ref(confident, yc), **LOSS64, strict=True,
             hint="through the probabilities the loss is clipped at -log(1e-7) ~ 16.1 or overflows; work with "
                  "log-probabilities (log_softmax), never the log of softmax", formula=_CEL_FORMULA),
        Case("extreme logits, |z| up to 1e4", args=(_EXTREME, y_ext), expect=ref(_EXTREME, y_ext), **LOSS64,
             strict=True, hint="subtract each row's maximum before exp (or use your log_softmax)"),
        Case("float32 logits", args=(l32, y8), expect=ref(l32, y8), dtype="float", **LOSS32,
             hint="work with log-probabilities (log_softmax)"),
        Case("float32 logits around 100 (exp(100) overflows float32)", args=(_F32_100, y100),
             expect=ref(_F32_100, y100), dtype="float", **LOSS32, strict=True, hint=_F32_OVERFLOW_HINT),
        Case("float32, extreme logits", args=(e32, y_ext), expect=ref(e32, y_ext), dtype="float",
             rtol=1e-6, atol=1e-3, strict=True, hint="work with log-probabilities, never the log of a softmax",
             formula=_CEL_FORMULA),
    ], name="cross_entropy_from_logits", may_modify=MAY_MODIFY.get("cross_entropy_from_logits", ()))


def binary_cross_entropy_from_logits(func):
    """binary_cross_entropy_from_logits(logits, y) against tf.nn.sigmoid_cross_entropy_with_logits and Keras."""
    tf = _tf()
    import keras

    def ref(logits, y):
        return float(tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)))

    def ref_keras(logits, y):
        loss = keras.losses.BinaryCrossentropy(from_logits=True, dtype=str(logits.dtype))
        return float(loss(tf.constant(y), tf.constant(logits)))

    stable = ("never form the probability: write both logs as softplus terms (the notebook's derivation) and "
              "compute the softplus as in week 2, where the exponential never sees a large positive number")
    bce = "ℓ(z, y) = −y log σ(z) − (1 − y) log(1 − σ(z)), averaged over every entry"
    stable_formula = "ℓ(z, y) = softplus(z) − z·y = max(z, 0) − z·y + log(1 + e^(−|z|)) (with `np.log1p`)"
    r = _rng(8)
    l4 = np.array([2.0, -1.0, 0.5, -3.0])
    y4 = np.array([1.0, 0.0, 0.0, 1.0])
    lm = r.normal(size=(5, 3)) * 3
    ym = (r.random(size=(5, 3)) < 0.5).astype(np.float64)
    big = np.array([1000.0, -1000.0, 1000.0, -1000.0])
    yb = np.array([1.0, 0.0, 0.0, 1.0])
    ext = np.array([[1e4, -1e4], [-1e4, 1e4]])
    ye = np.array([[1.0, 1.0], [1.0, 0.0]])
    l32 = lm.astype(np.float32)
    y32 = ym.astype(np.float32)
    mid32 = np.array([30.0, -30.0, 20.0, -20.0], dtype=np.float32)
    ymid = np.array([0.0, 1.0, 1.0, 0.0], dtype=np.float32)
    big32 = np.array([100.0, -100.0, 1e4, -1e4, 100.0, -100.0], dtype=np.float32)
    ybig32 = np.array([0.0, 1.0, 1.0, 0.0, 1.0, 0.0], dtype=np.float32)
    return run_cases(func, [
        Case("4 samples, one output each", args=(l4, y4), expect=ref(l4, y4), **LOSS64,
             hint="each entry costs minus the log of the probability the model gives to its label (the sigmoid "
                  "for a 1, one minus it for a 0); then the mean", formula=bce),
        Case("multi-label: 5 samples x 3 outputs (same as Keras' BinaryCrossentropy(from_logits=True))",
             args=(lm, ym), expect=ref_keras(lm, ym), **LOSS64,
             hint="average over every entry of the matrix, not the sum", formula=bce),
        Case("large |logits|: right costs 0, wrong costs 1000", args=(big, yb), expect=ref(big, yb), **LOSS64,
             strict=True, hint=stable + "; no log of 0 is ever taken", formula=stable_formula),
        Case("extreme logits, |z| up to 1e4", args=(ext, ye), expect=ref(ext, ye), **LOSS64, strict=True,
             hint=stable, formula=stable_formula),
        Case("float32 logits", args=(l32, y32), expect=ref(l32, y32), dtype="float", **LOSS32, hint=stable,
             formula=stable_formula),
        Case("float32, |z| = 20..30 (sigmoid rounds to exactly 1 in float32)", args=(mid32, ymid),
             expect=ref(mid32, ymid), dtype="float", **LOSS32, strict=True,
             hint="in float32 the sigmoid of 20 rounds to exactly 1, so the log of one minus it is a log of 0; "
                  + stable, formula=stable_formula),
        Case("float32, |z| = 100 and 1e4 (exp(100) overflows float32)", args=(big32, ybig32),
             expect=ref(big32, ybig32), dtype="float", **LOSS32, strict=True,
             hint="float32's exp overflows already at 89: " + stable, formula=stable_formula),
    ], name="binary_cross_entropy_from_logits", may_modify=MAY_MODIFY.get("binary_cross_entropy_from_logits", ()))


# ---------------------------------------------------------------------------------------------------------------
# predictions
# ---------------------------------------------------------------------------------------------------------------
def predict_multiclass(func):
    """predict_multiclass(logits) -> index of the largest logit of each row, the first one on ties."""
    batch = np.array([[0.1, 2.0, -1.0, 0.5], [3.0, -2.0, 0.0, 2.9], [-1.0, -0.5, -3.0, -0.2]])
    square = np.array([[5.0, 1.0, 0.0], [4.0, 0.0, 6.0], [0.0, 3.0, 2.0]])
    one = np.array([[0.3, -1.0, 0.2, 4.0, 1.0]])
    ties = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, 2.0, 2.0], [-1.0, 0.0, -1.0, 0.0]])
    ext = np.array([[-1e4, 1e4, 0.0], [1e4, -1e4, 9999.0]])
    row_hint = "the predicted class is the INDEX (not the value) of the largest logit of each row"
    return run_cases(func, [
        Case("3 samples, 4 classes (an integer NumPy array comes back)", args=(batch,), expect=np.array([1, 0, 3]),
             dtype="int", check=_numpy_array, hint=row_hint),
        Case("3 samples, 3 classes (square: rows, not columns)", args=(square,), expect=np.array([0, 2, 1]),
             dtype="int", hint="look along the classes of one sample (the last axis), not down the batch"),
        Case("one sample (1, 5) -> shape (1,)", args=(one,), expect=np.array([3]), dtype="int",
             hint="keep one prediction per row, also for a batch of one: reduce along the classes only"),
        Case("ties: the first of the largest logits wins", args=(ties,), expect=np.array([1, 0, 1]), dtype="int",
             hint="when several logits share the largest value, return the smallest of their indices"),
        Case("extreme logits", args=(ext,), expect=np.array([1, 0]), dtype="int",
             hint="the largest logit is the largest probability: no softmax needed"),
    ], name="predict_multiclass", may_modify=MAY_MODIFY.get("predict_multiclass", ()))


def predict_multilabel(func):
    """predict_multilabel(logits, threshold=0.5) -> (sigmoid(logits) > threshold) as 0/1 integers."""
    logits = np.array([[2.0, -1.0, 0.3], [-0.2, 1.0, -3.0], [0.4, 1.5, 4.0]])
    # sigmoid(logits) = [[.881 .269 .574] [.450 .731 .047] [.599 .818 .982]]
    at_half = np.array([[0.0, 0.1, -0.1], [2.0, 0.0, -2.0]])   # sigmoid(0) is exactly 0.5
    ext = np.array([[1e4, -1e4, 50.0, -50.0]])
    return run_cases(func, [
        Case("3 images x (car, bus, pedestrian), threshold 0.5 (an integer NumPy array comes back)",
             args=(logits,), expect=np.array([[1, 0, 1], [0, 1, 0], [1, 1, 1]]), dtype="int", check=_numpy_array,
             hint="threshold the PROBABILITIES sigmoid(logits), not the logits: a logit of 0.3 is a probability "
                  "of 0.57 > 0.5"),
        Case("threshold=0.8", args=(logits,), kwargs={"threshold": 0.8},
             expect=np.array([[1, 0, 0], [0, 0, 0], [0, 1, 1]]), dtype="int",
             hint="use the `threshold` argument, and compare sigmoid(logits) with it (sigmoid(1.0) = 0.73 < 0.8)"),
        Case("threshold=0.2", args=(logits,), kwargs={"threshold": 0.2},
             expect=np.array([[1, 1, 1], [1, 1, 0], [1, 1, 1]]), dtype="int",
             hint="each output is its own yes/no question: one sigmoid per entry, not a softmax over the row"),
        Case("a logit of exactly 0 is a probability of exactly 0.5: not above the threshold 0.5, so 0",
             args=(at_half,), expect=np.array([[0, 1, 0], [1, 0, 0]]), dtype="int",
             hint="1 only where the probability is strictly greater than the threshold"),
        Case("extreme logits, one sample (1, 4) keeps its shape", args=(ext,), expect=np.array([[1, 0, 1, 0]]),
             dtype="int", hint="return integers 0/1 (not booleans) of the logits' shape, also for one sample"),
    ], name="predict_multilabel", may_modify=MAY_MODIFY.get("predict_multilabel", ()))


# ---------------------------------------------------------------------------------------------------------------
# What the notebook states about each graded function, and the cases that exercise it
# ---------------------------------------------------------------------------------------------------------------
_UNCHANGED = "leaves its inputs unchanged (How to work: graded functions return new arrays)"

RULES: dict[str, dict[str, list[str]]] = {
    "softmax": {
        "softmax(z)_k = exp(z_k) / sum_j exp(z_j): entries in [0, 1] that sum to 1 along axis": [
            "batch of 4 samples, 5 classes (each row sums to 1)", "hidden: softmax values on a (6, 4) batch"],
        "a 1-D z is one sample (K,)": ["one sample, z = [1, 2, 3]"],
        "returns an array of z's shape": [
            "hidden: softmax of a (6, 4) batch has shape (6, 4)",
            "a batch of one sample, shape (1, 4), keeps its shape (1, 4)"],
        "a batch of one sample (N = 1) keeps its batch axis": [
            "a batch of one sample, shape (1, 4), keeps its shape (1, 4)",
            "hidden: softmax of a batch of one sample keeps the shape (1, 5)"],
        "axis defaults to -1 (the last axis)": ["batch of 4 samples, 5 classes (each row sums to 1)"],
        "axis says along which axis the probabilities sum to 1 (any axis, any number of dimensions)": [
            "axis=0 on a (3, 4) array (each column sums to 1)", "3-D array (2, 3, 4), axis=1",
            "hidden: softmax with axis=0"],
        "returns a float dtype (integer logits give float probabilities)": [
            "integer logits give float probabilities"],
        "float32 stays float32": ["float32 batch stays float32", "hidden: float32 logits give float32 probabilities"],
        "stable for logits of any size (float64: |z| up to 1e4, no overflow warning)": [
            "large logits [1000, 1001, 1002] (exp(1000) overflows)",
            "extreme logits, |z| up to 1e4, rows of very different size",
            "hidden: softmax(z + 5000) must equal softmax(z)",
            "hidden: softmax(z - 5000) must equal softmax(z)"],
        "stable in float32 too, where exp overflows already at 89": [
            "float32 logits around 100 (exp(100) overflows float32)", "float32, extreme logits",
            "hidden: float32 logits around 100"],
        "each row is shifted by its own maximum": [
            "extreme logits, |z| up to 1e4, rows of very different size",
            "hidden: rows shifted by very different amounts (each row needs its own maximum)"],
        _UNCHANGED: ["batch of 4 samples, 5 classes (each row sums to 1)"],
    },
    "logsumexp": {
        "logsumexp(z) = log sum_j exp(z_j) along axis": [
            "batch of 4 samples, 5 classes -> shape (4,)", "hidden: logsumexp values on a (5, 7) batch"],
        "the axis `axis` is removed: (N,) for an (N, K) batch": [
            "batch of 4 samples, 5 classes -> shape (4,)", "hidden: logsumexp of a (5, 7) array has shape (5,)"],
        "a single number for a 1-D z": ["one sample, z = [1, 2, 3] (a single number comes back)"],
        "a batch of one sample (N = 1) gives shape (1,)": [
            "a batch of one sample, shape (1, 4) -> shape (1,)",
            "hidden: logsumexp of a batch of one sample has shape (1,)"],
        "axis defaults to -1": ["batch of 4 samples, 5 classes -> shape (4,)"],
        "the `axis` argument is used (non-default axis)": [
            "axis=0 on a (3, 4) array -> shape (4,)", "hidden: logsumexp with axis=0"],
        "without overflow or log(0), for logits of any size": [
            "large logits [1000, 1000] -> 1000 + log 2",
            "extreme logits, |z| up to 1e4, rows of very different size",
            "hidden: logsumexp(z + 3000) = logsumexp(z) + 3000", "hidden: logsumexp(z - 3000) = logsumexp(z) - 3000",
            "hidden: rows shifted by very different amounts (each row needs its own maximum)"],
        "float32 stays float32": ["float32 batch stays float32", "hidden: float32 logits give a float32 logsumexp"],
        "stable in float32 too, where exp overflows already at 89": [
            "float32 logits around 100 (exp(100) overflows float32)", "float32, extreme logits"],
        _UNCHANGED: ["batch of 4 samples, 5 classes -> shape (4,)"],
    },
    "log_softmax": {
        "log_softmax(z) = z - logsumexp(z) along axis": [
            "batch of 4 samples, 5 classes", "hidden: log_softmax values on a (4, 6) batch"],
        "returns an array of z's shape": [
            "hidden: log_softmax of a (4, 6) batch has shape (4, 6)",
            "a batch of one sample, shape (1, 4), keeps its shape (1, 4)"],
        "a batch of one sample (N = 1) keeps its batch axis": [
            "a batch of one sample, shape (1, 4), keeps its shape (1, 4)",
            "hidden: log_softmax of a batch of one sample keeps the shape (1, 3)"],
        "a 1-D z is one sample": ["one sample, z = [1, 2, 3]"],
        "axis defaults to -1": ["batch of 4 samples, 5 classes"],
        "the `axis` argument is used (non-default axis)": [
            "axis=0 on a (3, 4) array", "hidden: log_softmax with axis=0"],
        "exact even where the probabilities underflow to 0 (never the log of a probability)": [
            "probabilities that underflow to 0: log_softmax([0, -1e4]) = [0, -1e4]",
            "hidden: log_softmax([0, -2000, 5]) (a probability that underflows)"],
        "stable for logits of any size": [
            "extreme logits, |z| up to 1e4, rows of very different size",
            "hidden: rows shifted by very different amounts (each row needs its own maximum)"],
        "float32 stays float32": ["float32 batch stays float32",
                                  "hidden: float32 logits give float32 log-probabilities"],
        "stable in float32 too, where exp overflows already at 89": [
            "float32 logits around 100 (exp(100) overflows float32)", "float32, extreme logits"],
        _UNCHANGED: ["batch of 4 samples, 5 classes"],
    },
    "cross_entropy": {
        "L = -1/N sum_i log p[i, y_i] (natural log, the true class's probability)": [
            "2 samples, 3 classes", "batch of 6 samples, 4 classes", "hidden: cross_entropy on a random (9, 5) batch"],
        "the mean over the batch, one number": [
            "2 samples, 3 classes", "hidden: cross_entropy returns one number (the batch mean)"],
        "integer labels, a batch of one sample": ["one sample", "hidden: cross_entropy of one sample is -log p"],
        "a probability of exactly 0 on the true class is clipped to eps = 1e-7 (costs ~16.1, not inf)": [
            "probability 0 on the true class is clipped to eps = 1e-7 (loss -log(1e-7) ~ 16.1, not inf)",
            "hidden: cross_entropy with a zero true-class probability"],
        "the probability is clipped to at least eps: max(p, eps), also for probabilities below eps that are not 0": [
            "probabilities 1e-9 and 3e-8 on the true class are below eps = 1e-7: clipped to eps too",
            "hidden: cross_entropy with eps=1e-3 clips a true-class probability of 1e-4 up to 1e-3"],
        "eps is a keyword argument (default 1e-7) that sets the clip": [
            "eps=0.01: true-class probabilities 0.001 and 0 are clipped to 0.01",
            "hidden: cross_entropy with eps=1e-3 clips a true-class probability of 1e-4 up to 1e-3"],
        "float32 probabilities are accepted": ["float32 probabilities"],
        _UNCHANGED: ["probability 0 on the true class is clipped to eps = 1e-7 (loss -log(1e-7) ~ 16.1, not inf)"],
    },
    "cross_entropy_from_logits": {
        "L = mean_i (logsumexp(z_i) - z_i[y_i]), as Keras' SparseCategoricalCrossentropy(from_logits=True)": [
            "2 samples, 3 classes",
            "batch of 8 samples, 5 classes (same as Keras' SparseCategoricalCrossentropy(from_logits=True))",
            "hidden: cross_entropy_from_logits on a (7, 4) batch"],
        "returns one number": ["2 samples, 3 classes", "hidden: cross_entropy_from_logits returns one number"],
        "a batch of one sample": ["one sample, logits of shape (1, 3)"],
        "exact for any logits: no overflow, no log(0), no clip": [
            "confident and wrong: logits [1000, 0] with label 1 costs exactly 1000", "extreme logits, |z| up to 1e4",
            "hidden: huge logits: expected mean(6000, 0) = 3000"],
        "float32 logits are accepted and stay stable (exp overflows float32 at 89)": [
            "float32 logits", "float32 logits around 100 (exp(100) overflows float32)", "float32, extreme logits",
            "hidden: cross_entropy_from_logits in float32"],
        _UNCHANGED: ["batch of 8 samples, 5 classes (same as Keras' SparseCategoricalCrossentropy(from_logits=True))"],
    },
    "binary_cross_entropy_from_logits": {
        "l(z, y) = -y log sigmoid(z) - (1 - y) log(1 - sigmoid(z))": [
            "4 samples, one output each", "hidden: BCE on a (6, 3) multi-label batch"],
        "logits (N,) or (N, K); the mean over ALL entries, one number": [
            "4 samples, one output each",
            "multi-label: 5 samples x 3 outputs (same as Keras' BinaryCrossentropy(from_logits=True))",
            "hidden: binary_cross_entropy_from_logits returns one number"],
        "stable for any |logits| (no overflow, no log(0))": [
            "large |logits|: right costs 0, wrong costs 1000", "extreme logits, |z| up to 1e4",
            "hidden: huge logits: expected mean(2000, 2000, 0) = 1333.33"],
        "stable in float32 too (sigmoid rounds to 1 at 17, exp overflows at 89)": [
            "float32 logits", "float32, |z| = 20..30 (sigmoid rounds to exactly 1 in float32)",
            "float32, |z| = 100 and 1e4 (exp(100) overflows float32)", "hidden: BCE in float32"],
        _UNCHANGED: ["4 samples, one output each"],
    },
    "predict_multiclass": {
        "the index of the largest logit of each row": [
            "3 samples, 4 classes (an integer NumPy array comes back)",
            "3 samples, 3 classes (square: rows, not columns)", "hidden: predict_multiclass on random"],
        "returns an integer array of shape (N,)": [
            "3 samples, 4 classes (an integer NumPy array comes back)", "hidden: predict_multiclass returns integers",
            "hidden: predict_multiclass of"],
        "a batch of one sample gives shape (1,)": ["one sample (1, 5) -> shape (1,)"],
        "ties: the first (lowest) index of the largest logits wins": [
            "ties: the first of the largest logits wins", "hidden: predict_multiclass with tied logits"],
        "no softmax needed: argmax of the logits is argmax of the probabilities": ["extreme logits"],
        _UNCHANGED: ["3 samples, 4 classes (an integer NumPy array comes back)"],
    },
    "predict_multilabel": {
        "1 where sigmoid(logit) > threshold, one sigmoid per entry (the probability, not the logit)": [
            "3 images x (car, bus, pedestrian), threshold 0.5 (an integer NumPy array comes back)",
            "threshold=0.2", "hidden: predict_multilabel with threshold"],
        "threshold defaults to 0.5": [
            "3 images x (car, bus, pedestrian), threshold 0.5 (an integer NumPy array comes back)",
            "hidden: predict_multilabel default threshold 0.5"],
        "the `threshold` argument is used (non-default threshold)": [
            "threshold=0.8", "threshold=0.2", "hidden: predict_multilabel with threshold"],
        "strictly greater: a probability exactly at the threshold gives 0": [
            "a logit of exactly 0 is a probability of exactly 0.5: not above the threshold 0.5, so 0",
            "hidden: a logit of 0 (probability exactly 0.5) is not above the default threshold"],
        "returns integers 0/1 (not booleans) in an array of shape (N, K)": [
            "3 images x (car, bus, pedestrian), threshold 0.5 (an integer NumPy array comes back)",
            "extreme logits, one sample (1, 4) keeps its shape", "hidden: predict_multilabel returns integers 0/1",
            "hidden: predict_multilabel keeps the shape"],
        _UNCHANGED: ["3 images x (car, bus, pedestrian), threshold 0.5 (an integer NumPy array comes back)"],
    },
}


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
