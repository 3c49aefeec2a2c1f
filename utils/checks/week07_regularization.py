"""Checks of week 7 (regularization): penalties, dropout, batch normalization (dense and spatial),
augmentation, early stopping and ensembles.

Expected values are computed inside each check function (NumPy expressions written out there, stored
literals) or by TensorFlow/Keras, imported inside the check functions that compare with it (L1/L2
regularizers, the Dropout layer, the BatchNormalization layer in float64 in training and inference mode for
both batch norms' forward passes, tf.nn.moments with tf.nn.batch_normalization and tf.GradientTape for their
backward passes, tf.image padding and cropping for augmentation's shifts). Gradient checks go through
`utils.checks.gradients`. No function of this module maps a graded function's inputs to its result.
"""
from __future__ import annotations

import numpy as np

from .engine import Case, compare, functions_only, run_cases
from .gradients import backward_through_forward, gradient_check

WEEK = "week07_regularization"
POINTS = {
    "l2_penalty": 1,
    "l1_penalty": 1,
    "dropout_forward": 2,
    "dropout_backward": 1,
    "batchnorm_forward": 2,
    "batchnorm_backward": 2,
    "spatial_batchnorm_forward": 1,
    "spatial_batchnorm_backward": 1,
    "augment": 2,
    "early_stopping_epoch": 2,
    "ensemble_predict": 1,
}
__all__ = list(POINTS)

# Arguments a graded function may change in place (none: every docstring of the week says the inputs are
# left as they were; batchnorm_forward returns a NEW state dict). The grader applies the same table.
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

# Library functions that compute what the student is asked to write with NumPy (flagged in the class report).
OWN_WORK: dict[str, list[str]] = {
    "l2_penalty": ["keras.regularizers.L2", "keras.regularizers.l2", "keras.regularizers.L1L2",
                   "keras.regularizers.l1_l2", "tensorflow.keras.regularizers.L2", "tensorflow.keras.regularizers.l2",
                   "tensorflow.keras.regularizers.L1L2", "tensorflow.nn.l2_loss"],
    "l1_penalty": ["keras.regularizers.L1", "keras.regularizers.l1", "keras.regularizers.L1L2",
                   "keras.regularizers.l1_l2", "tensorflow.keras.regularizers.L1", "tensorflow.keras.regularizers.l1",
                   "tensorflow.keras.regularizers.L1L2"],
    "dropout_forward": ["keras.layers.Dropout", "tensorflow.keras.layers.Dropout", "keras.random.dropout",
                        "tensorflow.nn.dropout", "tensorflow.compat.v1.nn.dropout"],
    "batchnorm_forward": ["keras.layers.BatchNormalization", "tensorflow.keras.layers.BatchNormalization",
                          "keras.ops.batch_normalization", "tensorflow.nn.batch_normalization",
                          "tensorflow.nn.fused_batch_norm", "tensorflow.compat.v1.layers.batch_normalization"],
    "spatial_batchnorm_forward": ["keras.layers.BatchNormalization", "tensorflow.keras.layers.BatchNormalization",
                                  "keras.ops.batch_normalization", "keras.ops.moments", "tensorflow.nn.batch_normalization",
                                  "tensorflow.nn.moments", "tensorflow.nn.fused_batch_norm",
                                  "tensorflow.compat.v1.layers.batch_normalization"],
    "spatial_batchnorm_backward": ["tensorflow.GradientTape", "tensorflow.gradients",
                                   "tensorflow.nn.batch_normalization", "tensorflow.nn.fused_batch_norm"],
    "augment": ["keras.layers.RandomTranslation", "tensorflow.keras.layers.RandomTranslation",
                "scipy.ndimage.shift", "tensorflow.image.random_crop"],
    "early_stopping_epoch": ["keras.callbacks.EarlyStopping", "tensorflow.keras.callbacks.EarlyStopping"],
}


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------------------------
# L2 and L1 penalties
# ----------------------------------------------------------------------------------------------
def _penalty_check(expected_penalty, expected_grads, *, rtol=1e-6, atol=1e-10, keras=None):
    """A Case.check comparing (penalty, grads) with the expectation (and, optionally, with Keras').

    keras: None or (penalty, grads) computed by the Keras regularizer and tf.GradientTape.
    """

    def check(result):
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return f"expected a tuple (penalty, grads), got {type(result).__name__}"
        penalty, grads = result
        if isinstance(penalty, np.ndarray) or not isinstance(penalty, (float, np.floating)):
            return (f"expected penalty to be one float (the sum over every array), got {type(penalty).__name__} "
                    f"{np.shape(penalty) if isinstance(penalty, np.ndarray) else ''}".rstrip())
        msg = compare(penalty, expected_penalty, label="penalty", rtol=rtol, atol=atol)
        if msg:
            return msg
        if not isinstance(grads, list):
            return f"expected grads to be a list of arrays (one per weight array), got {type(grads).__name__}"
        if len(grads) != len(expected_grads):
            return f"expected {len(expected_grads)} gradient arrays (one per weight array), got {len(grads)}"
        for i, (g, e) in enumerate(zip(grads, expected_grads)):
            if not isinstance(g, np.ndarray):
                return f"expected grads[{i}] to be a NumPy array shaped like weights[{i}], got {type(g).__name__}"
            msg = compare(g, e, label=f"grads[{i}]", rtol=rtol, atol=atol)
            if msg:
                return msg
        if keras is not None:
            k_penalty, k_grads = keras
            msg = compare(penalty, k_penalty, label="penalty (vs Keras)", rtol=1e-5, atol=1e-7)
            if msg:
                return msg
            for i, (g, kg) in enumerate(zip(grads, k_grads)):
                msg = compare(g, kg, label=f"grads[{i}] (vs tf.GradientTape on the Keras regularizer)",
                              rtol=1e-5, atol=1e-7)
                if msg:
                    return msg
        return None

    return check


def _penalty_cases(kind: str) -> list[Case]:
    import keras
    import tensorflow as tf

    l2 = kind == "l2"
    grad_hint = ("differentiate the penalty entry by entry: Keras' L2 has no factor 1/2, so the 2 of the square "
                 "stays in the gradient" if l2
                 else "differentiate |w| entry by entry: its slope is the sign of w, and exactly 0 where w is 0 "
                      "(the sign of 0 is 0)")
    grad_formula = ("∂Ω/∂w = 2λw for Ω = λ Σ w²" if l2 else "∂Ω/∂w = λ sign(w), with sign(0) = 0, for Ω = λ Σ |w|")
    sum_hint = ("; the penalty adds up the squares of every entry of every array" if l2
                else "; the penalty adds up the absolute values of every entry of every array")
    r = _rng(70 if l2 else 71)
    kernel, bias = r.normal(size=(4, 3)), r.normal(size=3)
    float32 = [r.normal(size=(5, 2)).astype(np.float32), r.normal(size=(2,)).astype(np.float32)]
    keras_name = "keras.regularizers." + ("L2" if l2 else "L1")
    specs = [
        # (name, weights, lam, hint, compare with Keras)
        ("one 2x2 weight matrix, lam=0.1", [np.array([[1.0, -2.0], [0.5, 0.0]])], 0.1, grad_hint + sum_hint, False),
        ("a kernel (4, 3) and a bias (3,), lam=0.01: sum over every array", [kernel, bias], 0.01,
         "add the penalties of all arrays in the list, and return one gradient array per weight array", False),
        ("lam=0 gives no penalty and zero gradients", [kernel, bias], 0.0, "scale everything by lam", False),
        ("entries that are exactly zero, lam=0.25", [np.array([0.0, -0.0, 1.5, -3.0, 0.0])], 0.25, grad_hint, False),
        ("arrays of shapes (2, 3, 1), (1, 1) and (5,): a float penalty and a list of arrays of those shapes",
         [r.normal(size=(2, 3, 1)), np.array([[-0.75]]), r.normal(size=5)], 0.3,
         "return (penalty, grads): penalty one float, grads a list with one array per weight array, each of "
         "its weight's shape (do not flatten or squeeze)", False),
        (f"float32 arrays, lam=1e-3, compared with {keras_name}", float32, 1e-3, grad_hint, True),
    ]
    cases = [Case("the weights list and its arrays stay as they were", args=([kernel, bias], 0.3),
                  check=lambda result: None if isinstance(result, (tuple, list)) and len(result) == 2
                  else f"expected a tuple (penalty, grads), got {type(result).__name__}",
                  hint="build new arrays for the gradients; do not assign into `weights` or change its arrays in "
                       "place (*=, out=W)")]
    for name, weights, lam, hint, with_keras in specs:
        w64 = [np.asarray(w, np.float64) for w in weights]
        if l2:
            penalty = lam * sum(float(np.sum(w * w)) for w in w64)
            grads = [2.0 * lam * w for w in w64]
        else:
            penalty = lam * sum(float(np.sum(np.abs(w))) for w in w64)
            grads = [lam * np.sign(w) for w in w64]
        keras_result = None
        if with_keras:
            reg = keras.regularizers.L2(l2=lam) if l2 else keras.regularizers.L1(l1=lam)
            variables = [tf.Variable(w) for w in weights]
            with tf.GradientTape() as tape:
                total = tf.add_n([reg(v) for v in variables])
            keras_result = (float(total), [g.numpy() for g in tape.gradient(total, variables)])
        tol = dict(rtol=1e-5, atol=1e-7) if with_keras else {}
        cases.append(Case(name, args=([np.array(w, copy=True) for w in weights], lam),
                          check=_penalty_check(penalty, grads, keras=keras_result, **tol), hint=hint,
                          formula=grad_formula if hint.startswith(grad_hint) else ""))
    return cases


def l2_penalty(func):
    """Check l2_penalty(weights, lam) -> (penalty, grads) against lam * sum(w**2) and Keras' L2."""
    return run_cases(func, _penalty_cases("l2"), name="l2_penalty", may_modify=MAY_MODIFY.get("l2_penalty", ()))


def l1_penalty(func):
    """Check l1_penalty(weights, lam) -> (penalty, grads) against lam * sum(|w|) and Keras' L1."""
    return run_cases(func, _penalty_cases("l1"), name="l1_penalty", may_modify=MAY_MODIFY.get("l1_penalty", ()))


# ----------------------------------------------------------------------------------------------
# Dropout
# ----------------------------------------------------------------------------------------------
def _unpack_out_mask(result, x):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return None, None, f"expected a tuple (out, mask), got {type(result).__name__}"
    out, mask = (np.asarray(v) for v in result)
    for label, v in (("out", out), ("mask", mask)):
        if v.shape != np.shape(x):
            return None, None, f"expected {label}.shape {np.shape(x)} (the shape of x), got {v.shape}"
    if not np.issubdtype(mask.dtype, np.floating):
        return None, None, (f"expected mask to be a float array (0 or 1 / (1 - rate)), got dtype {mask.dtype}")
    return out.astype(np.float64), mask.astype(np.float64), None


def _dropout_values_check(x, rate):
    """One training-mode call: shapes, a float mask of 0 and 1/(1 - rate), out == x * mask."""

    def check(result):
        out, mask, problem = _unpack_out_mask(result, x)
        if problem:
            return problem
        scale = 1.0 / (1.0 - rate)
        values = np.unique(np.round(mask, 9))
        if not np.all(np.isclose(values[:, None], [0.0, scale], rtol=1e-6, atol=1e-9).any(axis=1)):
            return (f"expected mask to hold only 0 (dropped) and 1/(1 - rate) = {scale:.4g} (kept), "
                    f"got values {values[:6]}")
        if not np.allclose(out, np.asarray(x, np.float64) * mask, rtol=1e-6, atol=1e-9):
            return "expected out == x * mask"
        return None

    return check


def _dropout_stats_check(x, rate):
    """Statistics of one training-mode call, compared with 1 - rate and with keras.layers.Dropout."""
    values_check = _dropout_values_check(x, rate)

    def check(result):
        problem = values_check(result)
        if problem:
            return problem
        out, mask, _ = _unpack_out_mask(result, x)
        kept = float(np.mean(mask > 0))
        if abs(kept - (1 - rate)) > 0.01:
            return (f"expected a fraction 1 - rate = {1 - rate:.2f} of the units kept, got {kept:.3f} "
                    f"(rate is the probability of DROPPING a unit)")
        if mask.ndim == 2 and not ((mask > 0).any(axis=0).all() and (mask == 0).any(axis=0).all()
                                   and (mask > 0).any(axis=1).all() and (mask == 0).any(axis=1).all()):
            return ("some row or column of the mask is all kept or all dropped: draw an independent "
                    "keep/drop for every entry of x (a mask of shape x.shape)")
        mean_out = float(out.mean())
        if abs(mean_out - float(np.mean(x))) > 0.02:
            return (f"expected the mean to be preserved (inverted dropout): mean(x) = {np.mean(x):.4f}, "
                    f"mean(out) = {mean_out:.4f}")
        import keras

        k_out = np.asarray(keras.layers.Dropout(rate, seed=1)(np.asarray(x, np.float32), training=True),
                           dtype=np.float64)
        k_kept, k_mean = float(np.mean(k_out != 0)), float(k_out.mean())
        if abs(kept - k_kept) > 0.015 or abs(mean_out - k_mean) > 0.03:
            return (f"keras.layers.Dropout({rate}) keeps {k_kept:.3f} of the units with mean {k_mean:.4f}; "
                    f"yours keeps {kept:.3f} with mean {mean_out:.4f}")
        return None

    return check


def _dropout_seed_check(func, x, rate, seed, *, default=False):
    """The mask of the case's call must equal another call's with the same seed, and differ for other seeds.
    default=True: the case called without a seed, which must mean seed=0."""

    def check(result):
        out, mask, problem = _unpack_out_mask(result, x)
        if problem:
            return problem
        again = func(np.array(x, copy=True), rate, True, seed=seed)
        _, mask_again, problem = _unpack_out_mask(again, x)
        if problem:
            return problem
        if not np.array_equal(mask, mask_again):
            if default:
                return ("a call without seed gave another mask than seed=0: the default seed is 0, and every draw "
                        "comes from np.random.default_rng(seed)")
            return f"two calls with seed={seed} gave different masks: draw from np.random.default_rng(seed)"
        others = [seed + 1, seed + 2]
        if all(np.array_equal(mask, _unpack_out_mask(func(np.array(x, copy=True), rate, True, seed=s), x)[1])
               for s in others):
            return f"seeds {seed}, {others[0]} and {others[1]} gave the same mask: the seed must change the draw"
        return None

    return check


def dropout_forward(func):
    """Check dropout_forward(x, rate, training, seed=0) -> (out, mask): inverted dropout."""
    may_modify = MAY_MODIFY.get("dropout_forward", ())
    r = _rng(72)
    x_small = r.normal(size=(4, 5))
    x_img = r.normal(size=(3, 4, 4, 2))
    ones = np.ones((200, 500))
    x_big = r.uniform(0.5, 1.5, size=(100, 400))
    x_seed = r.normal(size=(10, 20))
    x_kw = r.uniform(-2.0, 2.0, size=(150, 200))
    x_flat = r.normal(size=1000)
    return run_cases(func, [
        Case("training, rate=0.5: x stays as it was", args=(x_small, 0.5, True),
             check=lambda result: None if isinstance(result, (tuple, list)) and len(result) == 2
             else f"expected a tuple (out, mask), got {type(result).__name__}",
             hint="build the output as a new array; do not multiply x in place"),
        Case("inference, rate=0.5: nothing dropped or scaled, out == x, a float mask of ones",
             args=(x_small, 0.5, False), expect=(x_small, np.ones_like(x_small)), names=("out", "mask"), dtype="float",
             hint="at inference (training=False) dropout does nothing and does not rescale either; "
                  "the mask is float ones"),
        Case("training, rate=0.2 on ones (200, 500): fraction kept and mean, compared with keras.layers.Dropout",
             args=(ones, 0.2, True), check=_dropout_stats_check(ones, 0.2),
             hint="keep each unit with probability 1 - rate, and scale kept units by 1 / (1 - rate)"),
        Case("training, rate=0.5 on values in [0.5, 1.5]: mask and mean", args=(x_big, 0.5, True),
             check=_dropout_stats_check(x_big, 0.5),
             hint="the mask is 0 where a unit is dropped and the scale one over (1 - rate) where it is kept; "
                  "the output is x times the mask, entry by entry (a new array: x stays as it was)",
             formula="mᵢ = bᵢ / (1 − rate) with bᵢ ∈ {0, 1} kept with probability 1 − rate; out = x ⊙ m"),
        Case("keywords rate=0.6, training=True, seed=7 on a (150, 200) array", args=(x_kw,),
             kwargs={"rate": 0.6, "training": True, "seed": 7}, check=_dropout_stats_check(x_kw, 0.6),
             hint="keep the argument names of the signature (x, rate, training, seed); "
                  "kept units are scaled by 1 / (1 - rate) = 2.5 here"),
        Case("training, rate=0: nothing dropped, a float mask of ones", args=(x_small, 0.0, True),
             expect=(x_small, np.ones_like(x_small)), names=("out", "mask"), dtype="float",
             hint="with rate=0 every unit is kept and scaled by 1 / (1 - 0) = 1; the mask holds floats, not booleans"),
        Case("training on a (3, 4, 4, 2) batch of images keeps the shape", args=(x_img, 0.25, True),
             check=_dropout_values_check(x_img, 0.25), hint="draw the mask with shape x.shape"),
        Case("training on a 1-D x of 1000 units, rate=0.3", args=(x_flat, 0.3, True),
             check=_dropout_values_check(x_flat, 0.3), hint="x may have any shape: draw the mask with shape x.shape"),
        Case("same seed, same mask; another seed, another mask", args=(x_seed, 0.3, True), kwargs={"seed": 3},
             check=_dropout_seed_check(func, x_seed, 0.3, 3),
             hint="draw from a generator made by `np.random.default_rng` with the seed, not from `np.random.rand`"),
        Case("the default seed is 0", args=(x_seed, 0.3, True), check=_dropout_seed_check(func, x_seed, 0.3, 0,
                                                                                          default=True),
             hint="keep the signature's default seed of 0 and draw from a generator made by `np.random.default_rng` with it"),
    ], name="dropout_forward", may_modify=may_modify)


def dropout_backward(func):
    """Check dropout_backward(dout, mask) -> dx = dout * mask."""
    r = _rng(73)
    mask = (r.random((5, 6)) >= 0.4) / 0.6
    dout = r.normal(size=(5, 6))
    x = r.normal(size=(5, 6))
    # the numerical gradient of sum((x * mask) * dout) with respect to x (the course's one gradient check)
    gradcheck = gradient_check(lambda x_: x_ * mask, [x], dout, ("dx",))

    ones = np.ones((3, 4))
    dout2 = r.normal(size=(3, 4))
    mask_img = (r.random((2, 3, 3, 2)) >= 0.5) / 0.5
    dout_img = r.normal(size=(2, 3, 3, 2))
    return run_cases(func, [
        Case("dout and mask stay as they were", args=(dout, mask),
             hint="build dx as a new array; do not multiply dout in place"),
        Case("mask from training with rate=0.4 (0 or 1/0.6)", args=(dout, mask), expect=dout * mask,
             hint="the gradient flows only through the kept units, scaled like them (return a new array)",
             formula="∂L/∂x = ∂L/∂out ⊙ m"),
        Case("gradient check against out = x * mask", args=(dout, mask), check=gradcheck,
             hint="out is x times the mask entry by entry, and the mask already holds the scale: the gradient "
                  "flows back through the same mask",
             formula="∂L/∂x = ∂L/∂out ⊙ m"),
        Case("inference mask of ones: the gradient passes unchanged", args=(dout2, ones), expect=dout2),
        Case("a batch of images (2, 3, 3, 2), rate=0.5: dx has the shape of dout", args=(dout_img, mask_img),
             expect=dout_img * mask_img, hint="multiply entry by entry; do not reshape"),
    ], name="dropout_backward", may_modify=MAY_MODIFY.get("dropout_backward", ()))


# ----------------------------------------------------------------------------------------------
# Batch normalization
# ----------------------------------------------------------------------------------------------
def _bn_inputs(seed, n, d):
    r = _rng(seed)
    x = r.normal(loc=r.normal(size=d) * 3, scale=r.uniform(0.5, 3, size=d), size=(n, d))
    gamma, beta = r.uniform(0.5, 2.0, size=d), r.normal(size=d)
    state = {"running_mean": r.normal(size=d), "running_var": r.uniform(0.5, 2.0, size=d)}
    return x, gamma, beta, state


def _bn_result_check(expected_out, expected_state, rtol=1e-6, atol=1e-8, keras=None):
    """keras: None or (out, state, mode) of keras.layers.BatchNormalization with the same parameters."""

    def check(result):
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return f"expected a tuple (out, cache, state), got {type(result).__name__}"
        out, _, state = result
        msg = compare(out, expected_out, label="out", rtol=rtol, atol=atol)
        if msg:
            return msg
        if not isinstance(state, dict):
            return f"expected state to be a dict with 'running_mean' and 'running_var', got {type(state).__name__}"
        msg = compare(state, expected_state, label="state", rtol=rtol, atol=atol)
        if msg:
            return msg
        if keras is not None:
            k_out, k_state, mode = keras
            msg = compare(out, k_out, label=f"out (vs keras.layers.BatchNormalization, {mode})", rtol=1e-4, atol=1e-4)
            if msg:
                return msg
            return compare(state, k_state, label=f"state (vs the Keras layer's moving statistics, {mode})",
                           rtol=1e-4, atol=1e-5)
        return None

    return check


def _keras_bn64(xs, g, b, st, training, momentum, eps):
    """(out, state) of keras.layers.BatchNormalization(axis=-1) in float64, its weights set to gamma, beta and
    the running statistics of `st`: the expected values, computed by Keras (training=True updates the moving
    statistics with the batch's, training=False leaves them and normalises with them)."""
    import keras

    f64 = lambda v: np.asarray(v, np.float64)                                         # noqa: E731
    layer = keras.layers.BatchNormalization(axis=-1, momentum=momentum, epsilon=eps, dtype="float64")
    layer.build((None,) + tuple(np.shape(xs)[1:]))
    layer.set_weights([f64(v) for v in (g, b, st["running_mean"], st["running_var"])])
    out = f64(layer(f64(xs), training=training))
    return out, {"running_mean": f64(layer.moving_mean), "running_var": f64(layer.moving_variance)}


def _bn_structure_check(result):
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        return f"expected a tuple (out, cache, state), got {type(result).__name__}"
    if not isinstance(result[2], dict) or not {"running_mean", "running_var"} <= set(result[2]):
        return "expected state to be a dict with 'running_mean' and 'running_var'"
    return None


BN_FORWARD_FORMULA = ("per feature: μ = (1/N) Σᵢ xᵢ, σ² = (1/N) Σᵢ (xᵢ − μ)², x̂ = (x − μ) / √(σ² + ε), "
                      "out = γ x̂ + β; in training running ← momentum · running + (1 − momentum) · batch statistic, "
                      "at inference μ and σ² are the running ones")


def batchnorm_forward(func):
    """Check batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5) -> (out, cache, state)."""
    import keras

    x, gamma, beta, state = _bn_inputs(74, 8, 3)
    x2, gamma2, beta2, state2 = _bn_inputs(75, 16, 5)
    x3, gamma3, beta3, state3 = _bn_inputs(76, 6, 4)
    # a feature with a tiny variance (about 1e-5): there the default eps=1e-5 changes the result a lot
    x4, gamma4, beta4, state4 = _bn_inputs(82, 10, 3)
    x4[:, 1] = 2.0 + 3e-3 * _rng(83).normal(size=10)
    specs = [
        # (name, args, momentum and eps passed (None: the defaults), hint, compare with Keras)
        ("training, batch of 8, D=3: batch statistics and running update", (x, gamma, beta, state, True), None,
         "normalise each feature (column) with its mean and its biased variance over the batch (divide by N, not "
         "N - 1); the running statistics keep a momentum share of the old value", False),
        ("inference, same inputs: running statistics, state unchanged", (x, gamma, beta, state, False), None,
         "at inference use state['running_mean'] and state['running_var'], not the batch's", False),
        ("training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization",
         (x2, gamma2, beta2, state2, True), (0.99, 1e-3),
         "use the momentum and eps passed in; eps is added to the variance, inside the square root", True),
        ("inference, eps=1e-3, compared with keras.layers.BatchNormalization", (x3, gamma3, beta3, state3, False),
         (0.8, 1e-3), "at inference normalise with the running mean and variance from the state, then scale by "
                      "gamma and shift by beta", True),
        ("training with the default eps=1e-5 on a feature whose variance is about 1e-5",
         (x4, gamma4, beta4, state4, True), None,
         "the default eps is 1e-5 (the signature's), added to the variance inside the square root", False),
        ("inference on a single sample (N = 1)", (x3[:1], gamma3, beta3, state3, False), None,
         "at inference one sample is normalised with the running statistics; out keeps the shape (1, D)", False),
    ]
    cases = [Case("training returns a new state dict: the caller's state and its arrays stay as they were",
                  args=(x, gamma, beta, state, True), check=_bn_structure_check,
                  hint="build a new dict for the updated statistics; do not assign into `state` or update its "
                       "arrays in place (+=, *=)")]
    for name, args, kw, hint, with_keras in specs:
        xs, g, b, st, training = args
        momentum, eps = kw if kw else (0.9, 1e-5)
        out, new_state = _keras_bn64(xs, g, b, st, training, momentum, eps)
        keras_result = None
        if with_keras:
            layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=eps)
            layer.build((None, xs.shape[1]))
            layer.set_weights([np.asarray(v, np.float32) for v in (g, b, st["running_mean"], st["running_var"])])
            k_out = np.asarray(layer(np.asarray(xs, np.float32), training=training), np.float64)
            keras_result = (k_out, {"running_mean": np.asarray(layer.moving_mean, np.float64),
                                    "running_var": np.asarray(layer.moving_variance, np.float64)},
                            "training" if training else "inference")
        cases.append(Case(name, args=args, kwargs={"momentum": kw[0], "eps": kw[1]} if kw else {},
                          check=_bn_result_check(out, new_state, keras=keras_result), hint=hint,
                          formula=BN_FORWARD_FORMULA))
    return run_cases(func, cases, name="batchnorm_forward", may_modify=MAY_MODIFY.get("batchnorm_forward", ()))


BN_BACKWARD_FORMULA = ("with g = γ ⊙ ∂L/∂out and means over the batch: ∂L/∂x = (1/√(σ² + ε)) · (g − mean(g) − "
                       "x̂ ⊙ mean(g ⊙ x̂)); ∂L/∂γ = Σᵢ ∂L/∂outᵢ ⊙ x̂ᵢ, ∂L/∂β = Σᵢ ∂L/∂outᵢ")


def _through_forward(func, forward, bname: str, fname: str):
    """backward_of(x, gamma, beta, dout): the student's forward in training mode with fresh running statistics
    for its cache, then the student's backward (see gradients.backward_through_forward)."""
    def fresh_state(x, gamma, beta):
        channels = x.shape[-1]
        return {"running_mean": np.zeros(channels), "running_var": np.ones(channels)}, True

    return backward_through_forward(func, forward, bname, fname, ("x", "gamma", "beta", "dout"), "dout",
                                    returns="(out, cache, state)", extra=fresh_state)


def _bn_tape_grads(x, gamma, beta, dout, axes):
    """(dx, dgamma, dbeta) of sum(batch_norm(x) * dout) with batch statistics over `axes`, by TensorFlow's
    autodiff: the expected values, with no backward pass written out here."""
    import tensorflow as tf

    tx, tg, tb = (tf.Variable(v) for v in (x, gamma, beta))
    with tf.GradientTape() as tape:
        mean, var = tf.nn.moments(tx, axes=axes)
        loss = tf.reduce_sum(tf.nn.batch_normalization(tx, mean, var, tb, tg, 1e-5) * dout)
    return tuple(g.numpy() for g in tape.gradient(loss, [tx, tg, tb]))


def _tf_bn_train(x, gamma, beta, axes, eps=1e-5):
    """tf.nn.batch_normalization with the batch statistics of tf.nn.moments over `axes` (float64 in, float64
    out): the forward of the gradient checks, computed by TensorFlow."""
    import tensorflow as tf

    tx = tf.constant(np.asarray(x, np.float64))
    mean, var = tf.nn.moments(tx, axes=axes)
    return tf.nn.batch_normalization(tx, mean, var, tf.constant(np.asarray(beta, np.float64)),
                                     tf.constant(np.asarray(gamma, np.float64)), eps).numpy()


def batchnorm_backward(func, forward=None):
    """Check batchnorm_backward(dout, cache) -> (dx, dgamma, dbeta), with the cache made by the student's
    batchnorm_forward in training mode (forward defaults to the batchnorm_forward defined next to func):
    values, a gradient check against central differences (relative error < 1e-7), and dout and the cache
    left as they were."""
    backward_of, cache_changed = _through_forward(func, forward, "batchnorm_backward", "batchnorm_forward")

    def unchanged_cache():
        if cache_changed and cache_changed[-1]:
            return ("batchnorm_backward changed the cache in place (an array the forward pass stored); "
                    "compute new arrays and leave the cache as it was")
        return None

    def values_check(expected):
        def check(result):
            problem = unchanged_cache()
            if problem:
                return problem
            if not isinstance(result, (tuple, list)) or len(result) != 3:
                return f"expected a tuple (dx, dgamma, dbeta), got {type(result).__name__}"
            for label, got, want in zip(("dx", "dgamma", "dbeta"), result, expected):
                msg = compare(got, want, label=label, rtol=1e-6, atol=1e-9)
                if msg:
                    return msg
            return None

        return check

    def gradcheck(x, gamma, beta, dout):
        def bn_out(x_, g_, b_):                  # the forward pass in training mode, output only (float64, TF)
            return _tf_bn_train(x_, g_, b_, axes=[0])

        numeric = gradient_check(bn_out, [x, gamma, beta], dout, ("dx", "dgamma", "dbeta"))

        def check(result):
            problem = unchanged_cache()
            if problem:
                return problem
            if not isinstance(result, (tuple, list)) or len(result) != 3:
                return f"expected a tuple (dx, dgamma, dbeta), got {type(result).__name__}"
            return numeric(result)

        return check

    def structure(result):
        problem = unchanged_cache()
        if problem:
            return problem
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return f"expected a tuple (dx, dgamma, dbeta), got {type(result).__name__}"
        return None

    cases = []
    for seed, n, d, what, hint in [
        (77, 4, 3, "batch of 4, D=3", "beta and gamma touch every sample of their column: their gradients add up "
                                      "over the batch, one number per feature"),
        (78, 10, 2, "batch of 10, D=2", "dx needs all three paths: the mean and the variance depend on every x of "
                                        "the column"),
        (79, 7, 5, "batch of 7, D=5", "x reaches the output directly, through the mean and through the variance; "
                                      "dropping the last two gives the gradient of inference mode"),
    ]:
        r = _rng(seed)
        x = r.normal(loc=2.0, scale=r.uniform(0.5, 2, size=d), size=(n, d))
        gamma, beta, dout = r.uniform(0.5, 2, size=d), r.normal(size=d), r.normal(size=(n, d))
        if seed == 77:
            cases.append(Case("dout and the cache stay as they were", args=(x, gamma, beta, dout), check=structure,
                              hint="compute dx, dgamma and dbeta into new arrays; do not update dout or the "
                                   "cached arrays in place (-=, *=)"))
        expected = _bn_tape_grads(x, gamma, beta, dout, axes=[0])
        cases.append(Case(what, args=(x, gamma, beta, dout), check=values_check(expected), hint=hint,
                          formula=BN_BACKWARD_FORMULA))
        if seed != 78:
            cases.append(Case(what + ": gradient check against central differences", args=(x, gamma, beta, dout),
                              check=gradcheck(x, gamma, beta, dout), hint=hint, formula=BN_BACKWARD_FORMULA))
    return run_cases(backward_of, cases, name="batchnorm_backward",
                     may_modify=MAY_MODIFY.get("batchnorm_backward", ()))


# ----------------------------------------------------------------------------------------------
# Spatial batch normalization (NHWC input, statistics per channel)
# ----------------------------------------------------------------------------------------------
def _sbn_inputs(seed, shape, dtype=np.float64):
    r = _rng(seed)
    c = shape[-1]
    x = r.normal(loc=r.normal(size=c) * 3, scale=r.uniform(0.5, 3, size=c), size=shape)
    gamma, beta = r.uniform(0.5, 2.0, size=c), r.normal(size=c)
    state = {"running_mean": r.normal(size=c), "running_var": r.uniform(0.5, 2.0, size=c)}
    cast = lambda v: np.asarray(v, dtype=dtype)                                       # noqa: E731
    return cast(x), cast(gamma), cast(beta), {k: cast(v) for k, v in state.items()}


SBN_FORWARD_FORMULA = ("per channel c, over every sample n and position (h, w): μ_c = mean of x over N, H, W, "
                       "σ²_c = mean of (x − μ_c)² over N, H, W; out = γ_c (x − μ_c) / √(σ²_c + ε) + β_c; "
                       "running ← momentum · running + (1 − momentum) · batch statistic")


def spatial_batchnorm_forward(func):
    """Check spatial_batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5) ->
    (out, cache, state) on NHWC input: the output and the running statistics against
    keras.layers.BatchNormalization(axis=-1) in float64 in training and inference mode, and the state
    returned new."""
    import keras

    base = _sbn_inputs(90, (4, 3, 5, 2))
    specs = [
        # (name, inputs, training, momentum and eps passed (None: the defaults), hint, compare with Keras, dtype)
        ("training, (4, 3, 5, 2): one mean and variance per channel over N, H and W, compared with "
         "keras.layers.BatchNormalization(axis=-1)", base, True, None,
         "one mean and one variance per channel: average over the samples AND the rows and columns, so that the "
         "statistics have shape (C,) like gamma and beta", True, None),
        ("inference, same inputs: running statistics, state unchanged, compared with Keras", base, False, None,
         "at inference use the running mean and variance of the state, one per channel; the state stays as it was",
         True, None),
        ("training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization(axis=-1)",
         _sbn_inputs(91, (6, 4, 4, 3)), True, (0.99, 1e-3),
         "use the momentum and eps passed in; eps is added to the variance inside the square root", True, None),
        ("inference, momentum=0.5, eps=1e-2: the momentum plays no part, eps does",
         _sbn_inputs(92, (3, 2, 3, 4)), False, (0.5, 1e-2),
         "at inference normalise with the running statistics and the eps passed in; do not update the state", True,
         None),
        ("a single image (N = 1, H x W = 4 x 5), training: statistics over its 20 positions",
         _sbn_inputs(93, (1, 4, 5, 3)), True, None,
         "with one image the statistics still come from its H x W positions, one mean and variance per channel",
         False, None),
        ("one channel (C = 1), training", _sbn_inputs(94, (5, 3, 3, 1)), True, (0.8, 1e-4),
         "C may be 1: the statistics, gamma and beta keep the shape (1,)", False, None),
        ("float32 in, float32 out (as Keras), training", _sbn_inputs(95, (4, 3, 3, 2), np.float32), True, None,
         "with float32 inputs keep float32 arithmetic (no conversion to float64 of the output)", True, "float32"),
        ("inference on a single image (N = 1)", tuple(v[:1] if i == 0 else v for i, v in enumerate(base)), False,
         None, "at inference one image is normalised with the running statistics; out keeps the shape (1, H, W, C)",
         False, None),
    ]
    cases = [Case("training returns a new state dict: the caller's state and its arrays stay as they were",
                  args=base + (True,), check=_bn_structure_check,
                  hint="build a new dict for the updated statistics; do not assign into `state` or update its "
                       "arrays in place")]
    for name, (xs, g, b, st), training, kw, hint, with_keras, dtype in specs:
        momentum, eps = kw if kw else (0.9, 1e-5)
        out, new_state = _keras_bn64(xs, g, b, st, training, momentum, eps)
        keras_result = None
        if with_keras:
            layer = keras.layers.BatchNormalization(axis=-1, momentum=momentum, epsilon=eps)
            layer.build((None,) + xs.shape[1:])
            layer.set_weights([np.asarray(v, np.float32) for v in (g, b, st["running_mean"], st["running_var"])])
            k_out = np.asarray(layer(np.asarray(xs, np.float32), training=training), np.float64)
            keras_result = (k_out, {"running_mean": np.asarray(layer.moving_mean, np.float64),
                                    "running_var": np.asarray(layer.moving_variance, np.float64)},
                            "training" if training else "inference")
        tol = dict(rtol=1e-4, atol=1e-4) if dtype == "float32" else {}
        value_check = _bn_result_check(out, new_state, keras=keras_result, **tol)

        def check(result, value_check=value_check, dtype=dtype):
            problem = value_check(result)
            if problem or dtype is None:
                return problem
            got = np.asarray(result[0])
            return None if got.dtype == np.float32 else f"expected out.dtype float32 (x was float32), got {got.dtype}"

        cases.append(Case(name, args=(xs, g, b, st, training), kwargs={"momentum": kw[0], "eps": kw[1]} if kw else {},
                          check=check, hint=hint, formula=SBN_FORWARD_FORMULA))
    return run_cases(func, cases, name="spatial_batchnorm_forward",
                     may_modify=MAY_MODIFY.get("spatial_batchnorm_forward", ()))


SBN_BACKWARD_FORMULA = ("per channel, with g = γ ⊙ ∂L/∂out and means over N, H and W: ∂L/∂x = (1/√(σ² + ε)) · "
                        "(g − mean(g) − x̂ ⊙ mean(g ⊙ x̂)); ∂L/∂γ = Σ over N, H, W of ∂L/∂out ⊙ x̂, "
                        "∂L/∂β = Σ over N, H, W of ∂L/∂out")


def spatial_batchnorm_backward(func, forward=None):
    """Check spatial_batchnorm_backward(dout, cache) -> (dx, dgamma, dbeta), the cache made by the student's
    spatial_batchnorm_forward in training mode (forward defaults to the one defined next to func): values
    against tf.GradientTape on tf.nn.batch_normalization, the course's gradient check, and dout and the cache
    left as they were."""
    backward_of, cache_changed = _through_forward(func, forward, "spatial_batchnorm_backward",
                                                  "spatial_batchnorm_forward")

    def structure(result):
        if cache_changed and cache_changed[-1]:
            return ("spatial_batchnorm_backward changed the cache in place (an array the forward pass stored); "
                    "compute new arrays and leave the cache as it was")
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return f"expected a tuple (dx, dgamma, dbeta), got {type(result).__name__}"
        return None

    def tape_check(x, gamma, beta, dout):
        expected = _bn_tape_grads(x, gamma, beta, dout, axes=[0, 1, 2])

        def check(result):
            problem = structure(result)
            if problem:
                return problem
            for label, got, want in zip(("dx", "dgamma", "dbeta"), result, expected):
                msg = compare(got, want, label=f"{label} (vs tf.GradientTape)", rtol=1e-6, atol=1e-9)
                if msg:
                    return msg
            return None

        return check

    def numeric_check(x, gamma, beta, dout):
        def sbn_out(x_, g_, b_):                 # the forward pass in training mode, output only (float64, TF)
            return _tf_bn_train(x_, g_, b_, axes=[0, 1, 2])

        numeric = gradient_check(sbn_out, [x, gamma, beta], dout, ("dx", "dgamma", "dbeta"))

        def check(result):
            return structure(result) or numeric(result)

        return check

    def inputs(seed, shape):
        r = _rng(seed)
        c = shape[-1]
        x = r.normal(loc=1.0, scale=r.uniform(0.5, 2, size=c), size=shape)
        return x, r.uniform(0.5, 2, size=c), r.normal(size=c), r.normal(size=shape)

    sum_hint = ("gamma and beta touch every sample and every position of their channel: their gradients add up "
                "over N, H and W, one number per channel")
    path_hint = ("x reaches the output directly, through the channel's mean and through its variance; the means "
                 "run over N, H and W (N times H times W values per channel)")
    cases = [Case("dout and the cache stay as they were", args=inputs(96, (2, 3, 3, 2)), check=structure,
                  hint="compute dx, dgamma and dbeta into new arrays; do not update dout or the cached arrays in "
                       "place")]
    for seed, shape, what, hint, checker in [
        (96, (2, 3, 3, 2), "(2, 3, 3, 2): dx, dgamma, dbeta against tf.GradientTape", sum_hint, tape_check),
        (97, (3, 2, 4, 3), "(3, 2, 4, 3): gradient check against central differences", path_hint, numeric_check),
        (98, (1, 3, 4, 2), "a single image (N = 1, H x W = 3 x 4): gradient check", path_hint, numeric_check),
        (99, (4, 2, 2, 1), "one channel (C = 1): against tf.GradientTape", sum_hint, tape_check),
    ]:
        x, gamma, beta, dout = inputs(seed, shape)
        cases.append(Case(what, args=(x, gamma, beta, dout), check=checker(x, gamma, beta, dout), hint=hint,
                          formula=SBN_BACKWARD_FORMULA))
    return run_cases(backward_of, cases, name="spatial_batchnorm_backward",
                     may_modify=MAY_MODIFY.get("spatial_batchnorm_backward", ()))


# ----------------------------------------------------------------------------------------------
# Data augmentation
# ----------------------------------------------------------------------------------------------
def augment(func):
    """Check augment(images, seed=0): one shift (dy, dx) in {-1, 0, 1}^2 per image with zero fill, no flips,
    same shape and dtype, the input untouched, seeded."""

    def shifts_of(images, out, max_shift):
        """Per image: the shifts (dy, dx) with |dy|, |dx| <= max_shift that turn the input into the output."""
        import tensorflow as tf

        found = []
        h, w = images.shape[1:3]
        # max_shift zeros around every image (TensorFlow), then each shift is an h x w window offset by (-dy, -dx);
        # each window is cropped once for the whole batch (one eager op per shift, not one per image and shift)
        padded = tf.image.pad_to_bounding_box(tf.constant(images), max_shift, max_shift, h + 2 * max_shift,
                                              w + 2 * max_shift)
        windows = {(dy, dx): tf.image.crop_to_bounding_box(padded, max_shift - dy, max_shift - dx, h, w).numpy()
                   for dy in range(-max_shift, max_shift + 1) for dx in range(-max_shift, max_shift + 1)}
        for i, img in enumerate(out):
            found.append([shift for shift, moved in windows.items() if np.array_equal(moved[i], img)])
        return found

    def shift_check(images, *, per_image=False, seeded=True):
        def check(result):
            out = np.asarray(result)
            if out.shape != images.shape:
                return f"expected shape {images.shape} (the shape of images), got {out.shape}"
            if out.dtype != images.dtype:
                return f"expected dtype {images.dtype} (the dtype of images), got {out.dtype}"
            low, high = min(images.min(), 0), images.max()
            if out.min() < low or out.max() > high:
                return f"pixel values must stay in [{low}, {high}], got [{out.min()}, {out.max()}]"
            found = shifts_of(images, out, 1)
            for i, matches in enumerate(found):
                if not matches:
                    if shifts_of(images[i:i + 1], out[i:i + 1], 2)[0]:
                        return (f"image {i} moved by 2 pixels: dy and dx each come from {{-1, 0, 1}}, "
                                f"a shift of at most one pixel")
                    return (f"image {i} is not its input shifted by at most 1 pixel with zero fill "
                            f"(a flip, a wrap-around or a change of values?)")
            if len(images) > 1 and all(m == [(0, 0)] for m in found):
                return "every image came back unchanged: augment must shift (some of) them"
            if per_image:
                # every pixel is non-zero here, so each image has exactly one matching shift
                shifts = [m[0] for m in found]
                if len(set(shifts)) == 1:
                    return (f"all {len(images)} images were moved by the same shift {shifts[0]}: draw a new "
                            f"(dy, dx) for every image, not one for the whole batch")
                for axis, label in ((0, "dy"), (1, "dx")):
                    values = {s[axis] for s in shifts}
                    if not {-1, 1} <= values:
                        return (f"over {len(images)} images {label} only took the values {sorted(values)}: it is "
                                f"drawn from {{-1, 0, 1}} (rng.integers excludes its upper bound)")
            if seeded:
                again = np.asarray(func(images.copy(), seed=0))
                if not np.array_equal(again, out):
                    return "two calls with seed=0 gave different results: draw from np.random.default_rng(seed)"
                if all(np.array_equal(np.asarray(func(images.copy(), seed=s)), out) for s in (1, 2, 3)):
                    return "seeds 0, 1, 2 and 3 all gave the same result: the seed must change the shifts"
            return None

        return check

    def default_seed(images):
        def check(result):
            problem = shift_check(images, seeded=False)(result)
            if problem:
                return problem
            if not np.array_equal(np.asarray(result), np.asarray(func(images.copy(), seed=0))):
                return "a call without seed gave another result than seed=0: the default seed is 0"
            return None

        return check

    r = _rng(80)
    digits_like = (r.random((16, 8, 8, 1)) * (r.random((16, 8, 8, 1)) > 0.3)).astype(np.float32)
    color = r.uniform(0.1, 1.0, size=(10, 6, 7, 3))
    uint8 = r.integers(1, 256, size=(12, 5, 5, 1)).astype(np.uint8)
    many = r.uniform(0.1, 1.0, size=(40, 5, 6, 1)).astype(np.float32)
    single = r.uniform(0.1, 1.0, size=(1, 5, 6, 1))
    return run_cases(func, [
        Case("the input array is left unchanged", args=(digits_like.copy(),), kwargs={"seed": 0},
             hint="write into a new array (`np.zeros_like` makes one of the same shape and dtype), not into images"),
        Case("16 float32 digit-like images (16, 8, 8, 1), seed=0", args=(digits_like,),
             kwargs={"seed": 0}, check=shift_check(digits_like),
             hint="shift each image by (dy, dx) in {-1, 0, 1} with zero fill: no flips, no np.roll (it wraps)"),
        Case("10 float64 colour images (10, 6, 7, 3): shift rows and columns, never channels", args=(color,),
             kwargs={"seed": 0}, check=shift_check(color),
             hint="images are (N, H, W, C): shift axes 1 and 2 only"),
        Case("12 uint8 images (12, 5, 5, 1) stay uint8", args=(uint8,), kwargs={"seed": 0},
             check=shift_check(uint8), hint="build the output with `np.zeros_like`: it keeps the input's dtype"),
        Case("40 images: one random shift per image, dy and dx each from {-1, 0, 1}", args=(many,),
             kwargs={"seed": 5}, check=shift_check(many, per_image=True, seeded=False),
             hint="draw (dy, dx) for every image separately; each takes the values -1, 0 and 1"),
        Case("a single image (1, 5, 6, 1) keeps its shape", args=(single,), kwargs={"seed": 1},
             check=shift_check(single, seeded=False), hint="N may be 1: index the batch axis, do not squeeze it"),
        Case("the default seed is 0", args=(color,), check=default_seed(color),
             hint="keep the signature's default seed=0"),
    ], name="augment", may_modify=MAY_MODIFY.get("augment", ()))


# ----------------------------------------------------------------------------------------------
# Early stopping
# ----------------------------------------------------------------------------------------------
# (val_losses, patience, epoch restored by keras.callbacks.EarlyStopping(restore_best_weights=True), what, hint);
# tests/test_checks_week07.py drives a real Keras callback with each of them.
EARLY_STOPPING_SEQUENCES = [
    ([1.0, 0.8, 0.6, 0.5, 0.4], 2, 4, "always improving: the last epoch",
     "the best epoch is 0-based, returned as an int"),
    ([1.0, 0.7, 0.8, 0.9, 1.0, 1.1], 3, 1, "a minimum at epoch 1, then worse",
     "return the epoch of the best loss (0-based), not the epoch where training stopped"),
    ([1.0, 0.6, 0.7, 0.8, 0.3, 0.2], 2, 1, "stops at epoch 3, before the lower losses of epochs 4 and 5",
     "training stops after `patience` epochs without improvement: later epochs never happen, "
     "so their losses cannot be the best"),
    ([1.0, 0.6, 0.7, 0.8, 0.3, 0.2], 3, 5, "patience 3 survives the bump and reaches epoch 5",
     "stop only once `patience` epochs in a row have passed without improvement"),
    ([0.9, 0.5, 0.5, 0.4, 0.3], 1, 1, "a tie is not an improvement (patience 1 stops at epoch 2)",
     "improvement means strictly smaller (Keras' min_delta=0): an equal loss counts as no improvement"),
    ([0.9, 0.5, 0.5, 0.5, 0.4], 3, 4, "ties then a real improvement, patience 3",
     "an equal loss does not move the best epoch: keep the first epoch that reached it"),
    ([1.0, 0.5, 0.8, 0.7, 0.6, 0.55, 0.9], 2, 1, "improvement is measured against the best so far, not the "
     "previous epoch", "an epoch improves only if its loss is below the BEST loss so far"),
    ([0.5, 0.6, 0.4, 0.45, 0.41, 0.39, 0.5, 0.52, 0.6, 0.1], 3, 5, "a noisy curve, patience 3",
     "reset the count of epochs without improvement whenever the loss improves"),
    ([0.5, 0.6, 0.4, 0.45, 0.41, 0.39, 0.5, 0.52, 0.6, 0.1], 4, 9, "the same curve, patience 4 reaches epoch 9",
     "count the epochs without improvement, and stop when the count reaches patience"),
    ([0.3, 0.4, 0.2], 0, 0, "patience 0 stops at the first epoch without improvement",
     "with patience 0 training stops as soon as one epoch fails to improve"),
    ([0.3, 0.3, 0.2], 0, 0, "patience 0 and a tie at epoch 1: stops there",
     "with patience 0 training stops as soon as one epoch fails to improve, and a tie does not improve"),
    ([0.8, 0.6, 0.4], 0, 2, "patience 0, always improving: never stops", "an improvement resets the count to 0"),
    ([2.0], 5, 0, "a single epoch", ""),
    ([3.0, 2.0, 1.0], 10, 2, "training never stops: the best of all epochs", ""),
]


def early_stopping_epoch(func):
    """Check early_stopping_epoch(val_losses, patience) against Keras' EarlyStopping(restore_best_weights=True)."""

    def python_int(result):
        if isinstance(result, (bool, np.bool_)) or not isinstance(result, (int, np.integer)):
            return f"expected an int (the epoch index), got {type(result).__name__} {result!r}"
        return None

    cases = [Case(what, args=(list(losses), patience), expect=want, dtype="int", check=python_int, hint=hint)
             for losses, patience, want, what, hint in EARLY_STOPPING_SEQUENCES]
    arr = np.array([1.2, 1.0, 1.1, 0.9, 0.95, 0.97, 0.99, 0.5])
    cases.append(Case("a NumPy array of losses, patience 3", args=(arr, 3), expect=3, dtype="int", check=python_int,
                      hint="val_losses may be a list or an array; return a Python or NumPy int"))
    return run_cases(func, cases, name="early_stopping_epoch", may_modify=MAY_MODIFY.get("early_stopping_epoch", ()))


# ----------------------------------------------------------------------------------------------
# Ensembles
# ----------------------------------------------------------------------------------------------
def ensemble_predict(func):
    """Check ensemble_predict(probabilities, method='mean'): averaging, majority vote, ValueError."""

    def call(probabilities, method="mean", *, default=False):
        if default:
            return func(probabilities)
        if method in ("mean", "vote"):
            return func(probabilities, method=method)
        try:
            func(probabilities, method=method)
        except ValueError:
            return "ValueError"
        return "no error"

    def int_array(result):
        if not isinstance(result, np.ndarray):
            return f"expected a NumPy array of class indices, got {type(result).__name__}"
        return None

    # three models, four samples, three classes; one confident model vs two mildly sure ones
    p = np.array([
        [[0.90, 0.05, 0.05], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.34, 0.33, 0.33]],
        [[0.30, 0.40, 0.30], [0.1, 0.8, 0.1], [0.3, 0.4, 0.3], [0.10, 0.20, 0.70]],
        [[0.30, 0.40, 0.30], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.20, 0.20, 0.60]],
    ])
    r = _rng(81)
    logits = r.normal(size=(5, 40, 4)) * 2
    p_big = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    votes_big = p_big.argmax(axis=-1)                                       # (5 models, 40 samples)
    vote_big = np.array([np.bincount(votes_big[:, i], minlength=4).argmax() for i in range(40)])
    # two models that disagree: every sample is a tie between two classes
    p_tie = np.array([
        [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3]],
        [[0.8, 0.1, 0.1], [0.1, 0.2, 0.7], [0.1, 0.2, 0.7]],
    ])
    one = p[:1]
    sample = np.array([[[0.5, 0.3, 0.2]], [[0.1, 0.6, 0.3]], [[0.2, 0.1, 0.7]]])   # mean -> 2; vote: 1-1-1 tie -> 0
    return run_cases(call, [
        Case("probabilities stay as they were, 'mean'", args=(p, "mean"),
             hint="compute the average into a new array; do not divide the probabilities in place (/=)"),
        Case("probabilities stay as they were, 'vote'", args=(p, "vote"),
             hint="count the votes into a new array; leave the probabilities as they were"),
        Case("mean of 3 models, 4 samples, 3 classes", args=(p, "mean"), expect=np.array([0, 1, 2, 2]),
             dtype="int", check=int_array,
             hint="average over the models (axis 0), then argmax over the classes (last axis)"),
        Case("vote of the same 3 models (differs from the mean on 2 samples)", args=(p, "vote"),
             expect=np.array([1, 1, 1, 2]), dtype="int", check=int_array,
             hint="each model votes for its own argmax class; count the votes per class"),
        Case("the default method is 'mean'", args=(p_big,), kwargs={"default": True}, expect=p_big.mean(0).argmax(-1),
             dtype="int", check=int_array, hint="keep the signature's default method='mean'"),
        Case("vote of 5 models, 40 samples, 4 classes", args=(p_big, "vote"), expect=vote_big, dtype="int",
             check=int_array,
             hint="count votes per sample (the result has shape (n_samples,)); ties go to the smallest class index"),
        Case("vote ties go to the smallest class index", args=(p_tie, "vote"), expect=np.array([0, 0, 1]),
             dtype="int", check=int_array,
             hint="np.argmax of the vote counts picks the first (smallest) class among ties"),
        Case("a single model, 'vote': its argmax", args=(one, "vote"), expect=one[0].argmax(-1), dtype="int",
             check=int_array),
        Case("a single model, 'mean': its argmax", args=(one, "mean"), expect=one[0].argmax(-1), dtype="int",
             check=int_array),
        Case("a single sample, 'mean': shape (1,)", args=(sample, "mean"), expect=np.array([2]), dtype="int",
             check=int_array, hint="n_samples may be 1: keep the samples axis (no squeeze)"),
        Case("a single sample, 'vote' (a three-way tie): shape (1,)", args=(sample, "vote"), expect=np.array([0]),
             dtype="int", check=int_array, hint="n_samples may be 1: keep the samples axis (no squeeze)"),
        Case("an unknown method raises ValueError", args=(p, "median"), expect="ValueError",
             hint="raise ValueError(...) for a method other than 'mean' and 'vote'"),
    ], name="ensemble_predict", may_modify=MAY_MODIFY.get("ensemble_predict", ()))


# ----------------------------------------------------------------------------------------------
# Stated rules -> the cases that exercise them (visible case names, or hidden assertion messages)
# ----------------------------------------------------------------------------------------------
def _penalty_rules(kind: str) -> dict[str, list[str]]:
    l2 = kind == "l2"
    keras_case = "float32 arrays, lam=1e-3, compared with keras.regularizers." + ("L2" if l2 else "L1")
    shapes_case = ("arrays of shapes (2, 3, 1), (1, 1) and (5,): a float penalty and a list of arrays of those "
                   "shapes")
    rules = {
        ("penalty = lam * sum of w**2 over every entry of every array" if l2 else
         "penalty = lam * sum of |w| over every entry of every array"): [
            "one 2x2 weight matrix, lam=0.1", "a kernel (4, 3) and a bias (3,), lam=0.01: sum over every array",
            f"hidden: {kind} penalty is lam * sum({'w**2' if l2 else '|w|'}) over every array"],
        ("gradient 2 * lam * W (Keras' convention, no 1/2)" if l2 else "gradient lam * sign(W)"): [
            "one 2x2 weight matrix, lam=0.1", keras_case, f"hidden: {kind} gradient is "
            + ("2 * lam * w" if l2 else "lam * sign(w), and 0 at w == 0")],
        "the same number and gradients as the Keras regularizer": [keras_case],
        "lam is any float >= 0 (0 gives no penalty)": ["lam=0 gives no penalty and zero gradients",
                                                       "entries that are exactly zero, lam=0.25"],
        "penalty is one float": [shapes_case, f"hidden: the {kind} penalty is one float"],
        "grads is a list with one array per weight array, each of its weight's shape (any shapes)": [
            shapes_case, "a kernel (4, 3) and a bias (3,), lam=0.01: sum over every array",
            "hidden: grads is a list, one gradient per weight array"],
        "the weights list and its arrays are left unchanged": [
            "the weights list and its arrays stay as they were",
            f"hidden: {kind}_penalty leaves the weights list and its arrays unchanged"],
    }
    if l2:
        rules["weights that are all zero give a zero penalty"] = ["hidden: zero weights, zero penalty"]
    else:
        rules["the gradient is exactly 0 where w == 0 (subgradient, np.sign(0) == 0)"] = [
            "entries that are exactly zero, lam=0.25", "hidden: l1 gradient is lam * sign(w), and 0 at w == 0"]
    return rules


RULES: dict[str, dict[str, list[str]]] = {
    "l2_penalty": _penalty_rules("l2"),
    "l1_penalty": _penalty_rules("l1"),
    "dropout_forward": {
        "returns (out, mask), both shaped like x (any shape)": [
            "training on a (3, 4, 4, 2) batch of images keeps the shape", "training on a 1-D x of 1000 units, rate=0.3",
            "hidden: out and mask have the shape of x", "hidden: a 1-D x keeps its shape, out = x * mask"],
        "out = x * mask": ["training, rate=0.5 on values in [0.5, 1.5]: mask and mean",
                           "hidden: a 1-D x keeps its shape, out = x * mask"],
        "training: each entry is kept with probability 1 - rate, independently": [
            "training, rate=0.2 on ones (200, 500): fraction kept and mean, compared with keras.layers.Dropout",
            "hidden: rate=0.3 should keep about 70% of the units"],
        "inverted dropout: mask is 1 / (1 - rate) where kept, 0 where dropped (the mean is kept)": [
            "training, rate=0.5 on values in [0.5, 1.5]: mask and mean", "hidden: kept units are scaled by 1/(1 - rate)",
            "hidden: dropped units are 0", "hidden: with rate=0.75 the mask holds 0 and 4"],
        "the same statistics as keras.layers.Dropout(rate)": [
            "training, rate=0.2 on ones (200, 500): fraction kept and mean, compared with keras.layers.Dropout"],
        "rate is any value 0 <= rate < 1, passed by position or keyword": [
            "keywords rate=0.6, training=True, seed=7 on a (150, 200) array",
            "training, rate=0: nothing dropped, a float mask of ones"],
        "training=False: nothing dropped or scaled, out equals x, mask all ones": [
            "inference, rate=0.5: nothing dropped or scaled, out == x, a float mask of ones",
            "hidden: inference leaves x unchanged (no scaling)", "hidden: inference mask is all ones"],
        "mask is a float array": ["inference, rate=0.5: nothing dropped or scaled, out == x, a float mask of ones",
                                  "training, rate=0: nothing dropped, a float mask of ones",
                                  "hidden: the mask is a float array"],
        "drawn with np.random.default_rng(seed): the seed fixes the mask, another seed changes it": [
            "same seed, same mask; another seed, another mask", "hidden: the seed fixes the mask"],
        "the default seed is 0": ["the default seed is 0"],
        "x is left unchanged": ["training, rate=0.5: x stays as it was",
                                "hidden: dropout_forward leaves x unchanged"],
    },
    "dropout_backward": {
        "dx = dout * mask (the mask holds the scale)": [
            "mask from training with rate=0.4 (0 or 1/0.6)", "gradient check against out = x * mask",
            "hidden: dx = dout * mask (0 where dropped, dout / (1 - rate) where kept)"],
        "an inference mask of ones passes the gradient unchanged": [
            "inference mask of ones: the gradient passes unchanged"],
        "dx has the shape of dout (any shape)": ["a batch of images (2, 3, 3, 2), rate=0.5: dx has the shape of dout",
                                                 "hidden: dx has the shape of dout (3-D)"],
        "dout and mask are left unchanged": ["dout and mask stay as they were",
                                             "hidden: dropout_backward leaves dout unchanged"],
    },
    "batchnorm_forward": {
        "training: batch mean and biased batch variance (divide by N), one per feature": [
            "training, batch of 8, D=3: batch statistics and running update",
            "hidden: training output uses the batch mean and the biased batch variance"],
        "training: running = momentum * running + (1 - momentum) * batch statistic (mean and biased variance)": [
            "training, batch of 8, D=3: batch statistics and running update",
            "hidden: running_mean = momentum * running_mean + (1 - momentum) * batch mean",
            "hidden: running_var = momentum * running_var + (1 - momentum) * biased batch variance"],
        "training returns a new state dict; the caller's state dict and its arrays are unchanged": [
            "training returns a new state dict: the caller's state and its arrays stay as they were",
            "hidden: training returns a new state dict and leaves the caller's state unchanged"],
        "x, gamma and beta are left unchanged": ["training, batch of 8, D=3: batch statistics and running update"],
        "inference: running statistics, state unchanged": [
            "inference, same inputs: running statistics, state unchanged",
            "hidden: inference uses the running statistics", "hidden: inference leaves the state unchanged"],
        "momentum and eps passed in are used (non-default values)": [
            "training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization",
            "inference, eps=1e-3, compared with keras.layers.BatchNormalization",
            "hidden: training output uses the batch mean and the biased batch variance"],
        "the defaults momentum=0.9 and eps=1e-5": [
            "training, batch of 8, D=3: batch statistics and running update",
            "training with the default eps=1e-5 on a feature whose variance is about 1e-5"],
        "eps is added to the variance inside the square root": [
            "training with the default eps=1e-5 on a feature whose variance is about 1e-5",
            "training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization"],
        "the same output and moving statistics as keras.layers.BatchNormalization": [
            "training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization",
            "inference, eps=1e-3, compared with keras.layers.BatchNormalization"],
        "inference works one sample at a time (N = 1), out of shape (1, D)": [
            "inference on a single sample (N = 1)",
            "hidden: inference on a single sample (default eps 1e-5), out of shape (1, D)"],
    },
    "batchnorm_backward": {
        "dbeta = sum of dout, dgamma = sum of dout * x_hat over the batch": ["batch of 4, D=3", "batch of 10, D=2"],
        "dx follows the three paths (through x_hat, the mean and the variance)": [
            "batch of 7, D=5", "batch of 10, D=2"],
        "passes the course's gradient check (relative error < 1e-7)": [
            "batch of 4, D=3: gradient check against central differences",
            "batch of 7, D=5: gradient check against central differences",
            "hidden: gradient check:"],
        "shapes (N, D), (D,), (D,)": ["batch of 7, D=5", "hidden: gradient shapes:"],
        "works with the cache of the student's batchnorm_forward in training mode": ["batch of 4, D=3"],
        "dout and cache are left unchanged": ["dout and the cache stay as they were",
                                              "hidden: batchnorm_backward leaves dout unchanged"],
    },
    "spatial_batchnorm_forward": {
        "training: one mean and one biased variance per channel, over N, H and W": [
            "training, (4, 3, 5, 2): one mean and variance per channel over N, H and W, compared with "
            "keras.layers.BatchNormalization(axis=-1)",
            "hidden: training normalises each channel with its mean and biased variance over N, H and W"],
        "gamma and beta have one entry per channel (C,)": [
            "training, (4, 3, 5, 2): one mean and variance per channel over N, H and W, compared with "
            "keras.layers.BatchNormalization(axis=-1)", "one channel (C = 1), training"],
        "training: running = momentum * running + (1 - momentum) * batch statistic, per channel": [
            "training, (4, 3, 5, 2): one mean and variance per channel over N, H and W, compared with "
            "keras.layers.BatchNormalization(axis=-1)",
            "hidden: running_mean = momentum * running_mean + (1 - momentum) * channel mean",
            "hidden: running_var = momentum * running_var + (1 - momentum) * biased channel variance"],
        "training returns a new state dict; the caller's state dict and its arrays are unchanged": [
            "training returns a new state dict: the caller's state and its arrays stay as they were",
            "hidden: training returns a new state dict and leaves the caller's state unchanged"],
        "x, gamma and beta are left unchanged": [
            "training returns a new state dict: the caller's state and its arrays stay as they were",
            "hidden: spatial_batchnorm_forward leaves x unchanged"],
        "inference: the running statistics, state unchanged": [
            "inference, same inputs: running statistics, state unchanged, compared with Keras",
            "inference, momentum=0.5, eps=1e-2: the momentum plays no part, eps does",
            "hidden: inference uses the running statistics of each channel",
            "hidden: inference leaves the state unchanged"],
        "momentum and eps passed in are used (non-default values); eps inside the square root": [
            "training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization(axis=-1)",
            "inference, momentum=0.5, eps=1e-2: the momentum plays no part, eps does", "one channel (C = 1), training"],
        "the defaults momentum=0.9 and eps=1e-5": [
            "training, (4, 3, 5, 2): one mean and variance per channel over N, H and W, compared with "
            "keras.layers.BatchNormalization(axis=-1)",
            "hidden: a single image (N = 1) is normalised over its H x W positions (default eps 1e-5)"],
        "the same output and moving statistics as keras.layers.BatchNormalization(axis=-1)": [
            "training, (4, 3, 5, 2): one mean and variance per channel over N, H and W, compared with "
            "keras.layers.BatchNormalization(axis=-1)",
            "inference, same inputs: running statistics, state unchanged, compared with Keras",
            "training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization(axis=-1)"],
        "works for N = 1 (statistics over the H x W positions) and for C = 1": [
            "a single image (N = 1, H x W = 4 x 5), training: statistics over its 20 positions",
            "inference on a single image (N = 1)", "one channel (C = 1), training",
            "hidden: a single image (N = 1) is normalised over its H x W positions (default eps 1e-5)",
            "hidden: one channel (C = 1) keeps statistics of shape (1,)"],
        "float32 inputs give a float32 output": ["float32 in, float32 out (as Keras), training"],
    },
    "spatial_batchnorm_backward": {
        "dbeta and dgamma sum over N, H and W, one number per channel": [
            "(2, 3, 3, 2): dx, dgamma, dbeta against tf.GradientTape", "one channel (C = 1): against tf.GradientTape"],
        "dx follows the three paths, with means over N, H and W": [
            "(2, 3, 3, 2): dx, dgamma, dbeta against tf.GradientTape",
            "(3, 2, 4, 3): gradient check against central differences"],
        "the same gradients as tf.GradientTape on tf.nn.batch_normalization": [
            "(2, 3, 3, 2): dx, dgamma, dbeta against tf.GradientTape", "one channel (C = 1): against tf.GradientTape"],
        "passes the course's gradient check (relative error < 1e-7)": [
            "(3, 2, 4, 3): gradient check against central differences",
            "a single image (N = 1, H x W = 3 x 4): gradient check", "hidden: gradient check:"],
        "shapes (N, H, W, C), (C,), (C,); N = 1 and C = 1 work": [
            "a single image (N = 1, H x W = 3 x 4): gradient check", "one channel (C = 1): against tf.GradientTape",
            "hidden: gradient shapes:"],
        "works with the cache of the student's spatial_batchnorm_forward in training mode": [
            "(2, 3, 3, 2): dx, dgamma, dbeta against tf.GradientTape"],
        "dout and cache are left unchanged": ["dout and the cache stay as they were",
                                              "hidden: spatial_batchnorm_backward leaves dout unchanged"],
    },
    "augment": {
        "each image is shifted by (dy, dx), each from {-1, 0, 1} (at most one pixel), with zero fill": [
            "16 float32 digit-like images (16, 8, 8, 1), seed=0",
            "40 images: one random shift per image, dy and dx each from {-1, 0, 1}",
            "hidden: every image must be its input shifted by at most 1 pixel with zero fill (no flips)"],
        "one random draw per image, not one for the whole batch": [
            "40 images: one random shift per image, dy and dx each from {-1, 0, 1}",
            "hidden: one shift per image, not one for the whole batch"],
        "no flips (digits), no wrap-around": ["16 float32 digit-like images (16, 8, 8, 1), seed=0",
                                              "10 float64 colour images (10, 6, 7, 3): shift rows and columns, never channels"],
        "images are NHWC: shift rows and columns, never channels": [
            "10 float64 colour images (10, 6, 7, 3): shift rows and columns, never channels"],
        "some images move": ["16 float32 digit-like images (16, 8, 8, 1), seed=0",
                             "hidden: at least some images must move"],
        "same shape and dtype (uint8 stays uint8)": [
            "12 uint8 images (12, 5, 5, 1) stay uint8", "10 float64 colour images (10, 6, 7, 3): shift rows and "
            "columns, never channels", "hidden: same shape and dtype", "hidden: uint8 images stay uint8"],
        "works for a single image (N = 1)": ["a single image (1, 5, 6, 1) keeps its shape",
                                             "hidden: a single image (N = 1) keeps the shape (1, H, W, C)"],
        "the input is not modified (a new array is returned)": ["the input array is left unchanged",
                                                                "hidden: augment must not modify its input"],
        "drawn with np.random.default_rng(seed): the seed fixes the result, other seeds change it": [
            "16 float32 digit-like images (16, 8, 8, 1), seed=0", "hidden: the same seed gives the same result",
            "hidden: other seeds give other shifts"],
        "the default seed is 0": ["the default seed is 0"],
    },
    "early_stopping_epoch": {
        "returns the 0-based epoch of the best loss up to the stop": [
            "always improving: the last epoch", "a minimum at epoch 1, then worse",
            "stops at epoch 3, before the lower losses of epochs 4 and 5"],
        "improvement means strictly smaller than the best so far (a tie is not an improvement)": [
            "a tie is not an improvement (patience 1 stops at epoch 2)", "ties then a real improvement, patience 3",
            "patience 0 and a tie at epoch 1: stops there"],
        "improvement is measured against the best so far, not the previous epoch": [
            "improvement is measured against the best so far, not the previous epoch"],
        "the counter resets on improvement; training stops when it reaches patience": [
            "patience 3 survives the bump and reaches epoch 5", "a noisy curve, patience 3",
            "the same curve, patience 4 reaches epoch 9"],
        "patience 0 stops at the first epoch without improvement": [
            "patience 0 stops at the first epoch without improvement", "patience 0, always improving: never stops",
            "patience 0 and a tie at epoch 1: stops there"],
        "training may never stop; a single epoch": ["training never stops: the best of all epochs",
                                                    "a single epoch"],
        "returns an int": ["always improving: the last epoch", "hidden: early_stopping_epoch returns an int"],
        "val_losses may be a list or an array": ["a NumPy array of losses, patience 3"],
        "the same epoch as keras.callbacks.EarlyStopping(restore_best_weights=True)": [
            "a noisy curve, patience 3", "hidden: early_stopping_epoch("],
    },
    "ensemble_predict": {
        "'mean': argmax of the probabilities averaged over the models": [
            "mean of 3 models, 4 samples, 3 classes", "hidden: mean of 7 models"],
        "'vote': each model votes for its argmax, most votes wins": [
            "vote of the same 3 models (differs from the mean on 2 samples)", "vote of 5 models, 40 samples, 4 classes",
            "hidden: majority vote of 7 models"],
        "vote ties go to the smallest class index": [
            "vote ties go to the smallest class index", "a single sample, 'vote' (a three-way tie): shape (1,)",
            "hidden: vote ties go to the smallest class"],
        "the default method is 'mean'": ["the default method is 'mean'"],
        "any other method raises ValueError": ["an unknown method raises ValueError",
                                               "hidden: an unknown method must raise ValueError"],
        "returns an int array of shape (n_samples,)": [
            "mean of 3 models, 4 samples, 3 classes", "hidden: a single sample gives an int array (1,)"],
        "works for n_samples = 1": ["a single sample, 'mean': shape (1,)",
                                    "a single sample, 'vote' (a three-way tie): shape (1,)"],
        "works for n_models = 1": ["a single model, 'vote': its argmax", "a single model, 'mean': its argmax",
                                   "hidden: a single model gives its own argmax with both methods"],
        "probabilities is left unchanged": ["probabilities stay as they were, 'mean'",
                                            "probabilities stay as they were, 'vote'",
                                            "hidden: ensemble_predict leaves probabilities unchanged"],
    },
}


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
