"""Checks for week 3: softmax, cross-entropy and numerical round-off.

Expected values come from TensorFlow/Keras (`tf.nn.softmax`, `tf.math.reduce_logsumexp`, `tf.nn.log_softmax`,
`tf.nn.sparse_softmax_cross_entropy_with_logits`, `tf.nn.sigmoid_cross_entropy_with_logits` and the Keras losses),
imported inside each check, on ordinary and extreme inputs (|logits| up to 1e4), in float64 and in float32.
Float32 cases use a float32 tolerance and, for the functions returning arrays, require float32 back.
Cases marked strict fail on any overflow / divide-by-zero / invalid-value warning.
"""
from __future__ import annotations

import os

import numpy as np

from .engine import Case, run_cases

WEEK = "week03_softmax"
POINTS = {
    "softmax": 3,
    "logsumexp": 2,
    "log_softmax": 2,
    "cross_entropy": 2,
    "cross_entropy_from_logits": 3,
    "binary_cross_entropy_from_logits": 3,
    "predict_multiclass": 1,
    "predict_multilabel": 1,
}
__all__ = list(POINTS)

EPS = 1e-7  # Keras' epsilon: probabilities are clipped to [EPS, 1 - EPS] before the log
F64 = {"rtol": 1e-9, "atol": 1e-12}
F32 = {"rtol": 1e-5, "atol": 1e-6}
# float32 logits of magnitude 1e4 are only known to ~1e4 * 6e-8 = 6e-4 (absolute), so probabilities computed from
# them by any correct formula carry a relative error of that size: the extreme float32 cases allow 2e-3.
LOSS64 = {"rtol": 1e-9, "atol": 1e-9}
LOSS32 = {"rtol": 1e-5, "atol": 1e-5}

_SHIFT_HINT = ("subtract the maximum along `axis` (np.max(z, axis=axis, keepdims=True)) before np.exp, "
               "so the largest exponent is exp(0) = 1")
_AXIS_HINT = "reduce with axis=axis and keepdims=True, so the max/sum broadcast back against z"
_F32_HINT = "keep z's dtype: no np.array(z, dtype=float) or np.float64(...) inside; NumPy keeps float32 by itself"


def _tf():
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import tensorflow as tf

    return tf


def _np(tensor) -> np.ndarray:
    return np.asarray(tensor.numpy())


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ---------------------------------------------------------------------------------------------------------------
# softmax family
# ---------------------------------------------------------------------------------------------------------------
_EXTREME = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1.0, -1e4 + 2.0]])


def softmax(func):
    """softmax(z, axis=-1) against tf.nn.softmax."""
    tf = _tf()

    def ref(z, axis=-1):
        return _np(tf.nn.softmax(z, axis=axis))

    r = _rng(3)
    one = np.array([1.0, 2.0, 3.0])
    batch = r.normal(size=(4, 5)) * 3
    cols = r.normal(size=(3, 4)) * 2
    cube = r.normal(size=(2, 3, 4))
    big = np.array([1000.0, 1001.0, 1002.0])
    b32 = (r.normal(size=(3, 6)) * 4).astype(np.float32)
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("one sample, z = [1, 2, 3]", args=(one,), expect=ref(one), **F64,
             hint="softmax(z)_k = exp(z_k) / sum_j exp(z_j); a 1-D z is one sample"),
        Case("batch of 4 samples, 5 classes (each row sums to 1)", args=(batch,), expect=ref(batch), **F64,
             hint="normalise each row separately: " + _AXIS_HINT),
        Case("axis=0 on a (3, 4) array (each column sums to 1)", args=(cols,), kwargs={"axis": 0},
             expect=ref(cols, 0), **F64, hint="use the `axis` argument everywhere: " + _AXIS_HINT),
        Case("3-D array (2, 3, 4), axis=1", args=(cube,), kwargs={"axis": 1}, expect=ref(cube, 1), **F64,
             hint=_AXIS_HINT),
        Case("large logits [1000, 1001, 1002] (exp(1000) overflows)", args=(big,), expect=ref(big), **F64,
             strict=True, hint=_SHIFT_HINT),
        Case("extreme logits, |z| up to 1e4, rows of very different size", args=(_EXTREME,),
             expect=ref(_EXTREME), **F64, strict=True,
             hint="shift each row by its OWN maximum (axis=axis, keepdims=True), not by the maximum of the "
                  "whole array: " + _SHIFT_HINT),
        Case("float32 batch stays float32", args=(b32,), expect=ref(b32), dtype="float32", **F32,
             hint=_F32_HINT),
        Case("float32, extreme logits", args=(e32,), expect=ref(e32), dtype="float32", rtol=2e-3, atol=1e-6,
             strict=True, hint=_SHIFT_HINT),
    ], name="softmax")


def logsumexp(func):
    """logsumexp(z, axis=-1) against tf.math.reduce_logsumexp."""
    tf = _tf()

    def ref(z, axis=-1):
        return _np(tf.math.reduce_logsumexp(z, axis=axis))

    r = _rng(4)
    one = np.array([1.0, 2.0, 3.0])
    batch = r.normal(size=(4, 5)) * 3
    cols = r.normal(size=(3, 4)) * 2
    big = np.array([1000.0, 1000.0])
    b32 = (r.normal(size=(3, 6)) * 4).astype(np.float32)
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("one sample, z = [1, 2, 3] (a single number comes back)", args=(one,), expect=ref(one), **F64,
             hint="log(sum(exp(z))) reduces the axis away: a 1-D z gives one number"),
        Case("batch of 4 samples, 5 classes -> shape (4,)", args=(batch,), expect=ref(batch), **F64,
             hint="one value per row: reduce along axis=-1 and drop that axis (no keepdims in the result)"),
        Case("axis=0 on a (3, 4) array -> shape (4,)", args=(cols,), kwargs={"axis": 0}, expect=ref(cols, 0),
             **F64, hint="use the `axis` argument in both the max and the sum"),
        Case("large logits [1000, 1000] -> 1000 + log 2", args=(big,), expect=ref(big), **F64, strict=True,
             hint="logsumexp(z) = m + log(sum(exp(z - m))) with m = max(z): subtract m before exp, add it back "
                  "after the log"),
        Case("extreme logits, |z| up to 1e4, rows of very different size", args=(_EXTREME,),
             expect=ref(_EXTREME), **F64, strict=True,
             hint="use each row's own maximum (keepdims=True), and add it back after the log"),
        Case("float32 batch stays float32", args=(b32,), expect=ref(b32), dtype="float32", **F32,
             hint=_F32_HINT),
        Case("float32, extreme logits", args=(e32,), expect=ref(e32), dtype="float32", rtol=1e-6, atol=1e-3,
             strict=True, hint="subtract the row maximum before exp and add it back after the log"),
    ], name="logsumexp")


def log_softmax(func):
    """log_softmax(z, axis=-1) against tf.nn.log_softmax."""
    tf = _tf()

    def ref(z, axis=-1):
        return _np(tf.nn.log_softmax(z, axis=axis))

    r = _rng(5)
    one = np.array([1.0, 2.0, 3.0])
    batch = r.normal(size=(4, 5)) * 3
    cols = r.normal(size=(3, 4)) * 2
    tiny = np.array([[0.0, -1e4], [1e4, 0.0], [-800.0, 0.0]])
    b32 = (r.normal(size=(3, 6)) * 4).astype(np.float32)
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("one sample, z = [1, 2, 3]", args=(one,), expect=ref(one), **F64,
             hint="log_softmax(z) = z - logsumexp(z)"),
        Case("batch of 4 samples, 5 classes", args=(batch,), expect=ref(batch), **F64,
             hint="subtract each row's logsumexp, kept as a column (keepdims=True)"),
        Case("axis=0 on a (3, 4) array", args=(cols,), kwargs={"axis": 0}, expect=ref(cols, 0), **F64,
             hint="use the `axis` argument in the max and in the sum"),
        Case("probabilities that underflow to 0: log_softmax([0, -1e4]) = [0, -1e4]", args=(tiny,),
             expect=ref(tiny), **F64, strict=True,
             hint="np.log(softmax(z)) gives log(0) = -inf when a probability underflows; compute "
                  "z - max - log(sum(exp(z - max))) instead, never the log of a probability"),
        Case("extreme logits, |z| up to 1e4, rows of very different size", args=(_EXTREME,),
             expect=ref(_EXTREME), **F64, strict=True, hint=_SHIFT_HINT),
        Case("float32 batch stays float32", args=(b32,), expect=ref(b32), dtype="float32", **F32,
             hint=_F32_HINT),
        Case("float32, extreme logits", args=(e32,), expect=ref(e32), dtype="float32", rtol=1e-6, atol=2e-3,
             strict=True, hint="never take the log of a probability that may be 0: z - max - log(sum(exp(z - max)))"),
    ], name="log_softmax")


# ---------------------------------------------------------------------------------------------------------------
# losses
# ---------------------------------------------------------------------------------------------------------------
_MEAN_HINT = "return the MEAN over the batch (np.mean), not the sum"
_PICK_HINT = "pick one probability per sample, probs[np.arange(n), y], not the column block probs[:, y]"


def cross_entropy(func):
    """cross_entropy(probs, y) against keras.losses.SparseCategoricalCrossentropy (probabilities, eps = 1e-7)."""
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
    p32 = p6.astype(np.float32)
    return run_cases(func, [
        Case("2 samples, 3 classes", args=(p2, y2), expect=ref(p2, y2), **LOSS64,
             hint="loss = -mean_i log(probs[i, y_i]); " + _MEAN_HINT),
        Case("batch of 6 samples, 4 classes", args=(p6, y6), expect=ref(p6, y6), **LOSS64,
             hint=_PICK_HINT + "; natural log (np.log), and a minus sign"),
        Case("one sample", args=(p1, y1), expect=ref(p1, y1), **LOSS64, hint="-log(0.75) for one sample"),
        Case("probability 0 on the true class is clipped to eps = 1e-7 (loss -log(1e-7) ~ 16.1, not inf)",
             args=(p0, y0), expect=ref(p0, y0), rtol=1e-9, atol=1e-6, strict=True,
             hint="clip the true-class probability to at least eps before the log: "
                  "np.log(np.clip(p, eps, 1.0)) (Keras does the same with eps = 1e-7)"),
        Case("float32 probabilities", args=(p32, y6), expect=ref(p32, y6), dtype="float", **LOSS32,
             hint=_PICK_HINT),
    ], name="cross_entropy")


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
    confident = np.array([[1000.0, 0.0], [0.0, 1000.0]])
    yc = np.array([1, 1])
    y_ext = np.array([1, 0])
    l32 = l8.astype(np.float32)
    e32 = _EXTREME.astype(np.float32)
    return run_cases(func, [
        Case("2 samples, 3 classes", args=(l2, y2), expect=ref(l2, y2), **LOSS64,
             hint="loss_i = logsumexp(z_i) - z_i[y_i], then the mean over the batch"),
        Case("batch of 8 samples, 5 classes (same as Keras' SparseCategoricalCrossentropy(from_logits=True))",
             args=(l8, y8), expect=ref_keras(l8, y8), **LOSS64,
             hint=_MEAN_HINT + "; pick one log-probability per sample: log_p[np.arange(n), y]"),
        Case("confident and wrong: logits [1000, 0] with label 1 costs exactly 1000", args=(confident, yc),
             expect=ref(confident, yc), **LOSS64, strict=True,
             hint="cross_entropy(softmax(logits), y) clips at -log(1e-7) ~ 16.1 or overflows; work with "
                  "log-probabilities: log_softmax(logits), never log(softmax(logits))"),
        Case("extreme logits, |z| up to 1e4", args=(_EXTREME, y_ext), expect=ref(_EXTREME, y_ext), **LOSS64,
             strict=True, hint="subtract each row's maximum before exp (or use your log_softmax)"),
        Case("float32 logits", args=(l32, y8), expect=ref(l32, y8), dtype="float", **LOSS32,
             hint="work with log-probabilities (log_softmax)"),
        Case("float32, extreme logits", args=(e32, y_ext), expect=ref(e32, y_ext), dtype="float",
             rtol=1e-6, atol=1e-3, strict=True, hint="work with log-probabilities, never log(softmax(logits))"),
    ], name="cross_entropy_from_logits")


def binary_cross_entropy_from_logits(func):
    """binary_cross_entropy_from_logits(logits, y) against tf.nn.sigmoid_cross_entropy_with_logits and Keras."""
    tf = _tf()
    import keras

    def ref(logits, y):
        return float(tf.reduce_mean(tf.nn.sigmoid_cross_entropy_with_logits(labels=y, logits=logits)))

    def ref_keras(logits, y):
        loss = keras.losses.BinaryCrossentropy(from_logits=True, dtype=str(logits.dtype))
        return float(loss(tf.constant(y), tf.constant(logits)))

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
    return run_cases(func, [
        Case("4 samples, one output each", args=(l4, y4), expect=ref(l4, y4), **LOSS64,
             hint="loss = mean(-y log(sigmoid(z)) - (1 - y) log(1 - sigmoid(z)))"),
        Case("multi-label: 5 samples x 3 outputs (same as Keras' BinaryCrossentropy(from_logits=True))",
             args=(lm, ym), expect=ref_keras(lm, ym), **LOSS64,
             hint="average over every entry (np.mean of the whole matrix), not the sum"),
        Case("large |logits|: right costs 0, wrong costs 1000", args=(big, yb), expect=ref(big, yb), **LOSS64,
             strict=True, hint="use the stable form max(z, 0) - z*y + log1p(exp(-|z|)): exp never sees a "
                                "large positive number and no log of 0 is taken"),
        Case("extreme logits, |z| up to 1e4", args=(ext, ye), expect=ref(ext, ye), **LOSS64, strict=True,
             hint="max(z, 0) - z*y + log1p(exp(-|z|))"),
        Case("float32 logits", args=(l32, y32), expect=ref(l32, y32), dtype="float", **LOSS32,
             hint="max(z, 0) - z*y + log1p(exp(-|z|))"),
        Case("float32, |z| = 20..30 (sigmoid rounds to exactly 1 in float32)", args=(mid32, ymid),
             expect=ref(mid32, ymid), dtype="float", **LOSS32, strict=True,
             hint="in float32 sigmoid(20) == 1.0, so log(1 - sigmoid(z)) = log(0); never form the probability, "
                  "use max(z, 0) - z*y + log1p(exp(-|z|))"),
    ], name="binary_cross_entropy_from_logits")


# ---------------------------------------------------------------------------------------------------------------
# predictions
# ---------------------------------------------------------------------------------------------------------------
def predict_multiclass(func):
    """predict_multiclass(logits) -> argmax of each row."""
    batch = np.array([[0.1, 2.0, -1.0, 0.5], [3.0, -2.0, 0.0, 2.9], [-1.0, -0.5, -3.0, -0.2]])
    square = np.array([[5.0, 1.0, 0.0], [4.0, 0.0, 6.0], [0.0, 3.0, 2.0]])
    one = np.array([[0.3, -1.0, 0.2, 4.0, 1.0]])
    ext = np.array([[-1e4, 1e4, 0.0], [1e4, -1e4, 9999.0]])
    return run_cases(func, [
        Case("3 samples, 4 classes", args=(batch,), expect=np.array([1, 0, 3]), dtype="int",
             hint="the predicted class is the index of the largest logit of each ROW: np.argmax(logits, axis=-1)"),
        Case("3 samples, 3 classes (square: rows, not columns)", args=(square,), expect=np.array([0, 2, 1]),
             dtype="int", hint="take the argmax along axis=-1 (over the classes of one sample), not axis=0"),
        Case("one sample (1, 5) -> shape (1,)", args=(one,), expect=np.array([3]), dtype="int",
             hint="keep one prediction per row: np.argmax(logits, axis=-1), not np.argmax(logits)"),
        Case("extreme logits", args=(ext,), expect=np.array([1, 0]), dtype="int",
             hint="argmax of the logits equals argmax of the probabilities: no softmax needed"),
    ], name="predict_multiclass")


def predict_multilabel(func):
    """predict_multilabel(logits, threshold=0.5) -> (sigmoid(logits) > threshold) as 0/1 integers."""
    logits = np.array([[2.0, -1.0, 0.3], [-0.2, 1.0, -3.0], [0.4, 1.5, 4.0]])

    def ref(z, threshold=0.5):
        return (np.exp(-np.logaddexp(0.0, -z)) > threshold).astype(np.int64)

    ext = np.array([[1e4, -1e4, 50.0, -50.0]])
    return run_cases(func, [
        Case("3 images x (car, bus, pedestrian), threshold 0.5", args=(logits,), expect=ref(logits),
             dtype="int", hint="threshold the PROBABILITIES sigmoid(logits), not the logits: a logit of 0.3 "
                               "is a probability of 0.57 > 0.5"),
        Case("threshold=0.8", args=(logits,), kwargs={"threshold": 0.8}, expect=ref(logits, 0.8), dtype="int",
             hint="use the `threshold` argument, and compare sigmoid(logits) with it (sigmoid(1.0) = 0.73 < 0.8)"),
        Case("threshold=0.2", args=(logits,), kwargs={"threshold": 0.2}, expect=ref(logits, 0.2), dtype="int",
             hint="each output is its own yes/no question: sigmoid per entry, not softmax over the row"),
        Case("extreme logits, one sample", args=(ext,), expect=ref(ext), dtype="int",
             hint="return integers 0/1 of the logits' shape: (probs > threshold).astype(int)"),
    ], name="predict_multilabel")
