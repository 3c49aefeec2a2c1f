"""Checks of week 7 (regularization): penalties, dropout, batch normalization, augmentation,
early stopping and ensembles.

Expected values come from the small private references below (`_bn_forward_ref`, ...) or from Keras,
imported inside the check functions that compare with it (L1/L2 regularizers, the Dropout layer,
the BatchNormalization layer in training and inference mode).
"""
from __future__ import annotations

import numpy as np

from .engine import Case, CheckFailed, compare, run_cases

WEEK = "week07_regularization"
POINTS = {
    "l2_penalty": 2,
    "l1_penalty": 2,
    "dropout_forward": 2,
    "dropout_backward": 1,
    "batchnorm_forward": 2,
    "batchnorm_backward": 3,
    "augment": 2,
    "early_stopping_epoch": 2,
    "ensemble_predict": 2,
}
__all__ = list(POINTS)


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------------------------
# L2 and L1 penalties
# ----------------------------------------------------------------------------------------------
def _penalty_check(expected_penalty, expected_grads, *, rtol=1e-6, atol=1e-10, keras_reg=None, weights=None):
    """A Case.check comparing (penalty, grads) with the expectation (and, optionally, with Keras)."""

    def check(result):
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return f"expected a tuple (penalty, grads), got {type(result).__name__}"
        penalty, grads = result
        if np.ndim(penalty) != 0:
            return f"expected penalty to be one number, got shape {np.shape(penalty)}"
        msg = compare(penalty, expected_penalty, label="penalty", rtol=rtol, atol=atol)
        if msg:
            return msg
        if not isinstance(grads, (list, tuple)):
            return f"expected grads to be a list of arrays (one per weight array), got {type(grads).__name__}"
        if len(grads) != len(expected_grads):
            return f"expected {len(expected_grads)} gradient arrays (one per weight array), got {len(grads)}"
        for i, (g, e) in enumerate(zip(grads, expected_grads)):
            msg = compare(g, e, label=f"grads[{i}]", rtol=rtol, atol=atol)
            if msg:
                return msg
        if keras_reg is not None:
            return _compare_with_keras(keras_reg, weights, penalty, grads)
        return None

    return check


def _compare_with_keras(make_reg, weights, penalty, grads):
    import tensorflow as tf

    reg = make_reg()
    variables = [tf.Variable(w) for w in weights]
    with tf.GradientTape() as tape:
        total = tf.add_n([reg(v) for v in variables])
    k_grads = tape.gradient(total, variables)
    msg = compare(penalty, float(total), label="penalty (vs Keras)", rtol=1e-5, atol=1e-7)
    if msg:
        return msg
    for i, (g, kg) in enumerate(zip(grads, k_grads)):
        msg = compare(g, kg.numpy(), label=f"grads[{i}] (vs tf.GradientTape on the Keras regularizer)",
                      rtol=1e-5, atol=1e-7)
        if msg:
            return msg
    return None


def _penalty_cases(kind: str) -> list[Case]:
    import keras

    def ref(weights, lam):
        if kind == "l2":
            return lam * sum(float(np.sum(np.square(w))) for w in weights), [2 * lam * w for w in weights]
        return lam * sum(float(np.sum(np.abs(w))) for w in weights), [lam * np.sign(w) for w in weights]

    grad_hint = ("the derivative of lam * w**2 is 2 * lam * w (Keras' L2 has no 1/2)" if kind == "l2"
                 else "the derivative of lam * |w| is lam * sign(w), and 0 where w == 0 (np.sign(0) == 0)")
    make_reg = ((lambda lam: (lambda: keras.regularizers.L2(l2=lam))) if kind == "l2"
                else (lambda lam: (lambda: keras.regularizers.L1(l1=lam))))
    r = _rng(70 if kind == "l2" else 71)
    one = [np.array([[1.0, -2.0], [0.5, 0.0]])]
    kernel, bias = r.normal(size=(4, 3)), r.normal(size=3)
    two = [kernel, bias]
    with_zeros = [np.array([0.0, -0.0, 1.5, -3.0, 0.0])]
    float32 = [r.normal(size=(5, 2)).astype(np.float32), r.normal(size=(2,)).astype(np.float32)]
    cases = [
        Case("one 2x2 weight matrix, lam=0.1", args=(one, 0.1),
             check=_penalty_check(*ref(one, 0.1)),
             hint=grad_hint + ("; the penalty is lam * sum(w**2) over every entry" if kind == "l2"
                               else "; the penalty is lam * sum(|w|) over every entry")),
        Case("a kernel (4, 3) and a bias (3,), lam=0.01: sum over every array", args=(two, 0.01),
             check=_penalty_check(*ref(two, 0.01)),
             hint="add the penalties of all arrays in the list, and return one gradient array per weight array"),
        Case("lam=0 gives no penalty and zero gradients", args=(two, 0.0),
             check=_penalty_check(*ref(two, 0.0)), hint="scale everything by lam"),
        Case("entries that are exactly zero, lam=0.5", args=(with_zeros, 0.5),
             check=_penalty_check(*ref(with_zeros, 0.5)), hint=grad_hint),
        Case("float32 arrays, lam=1e-3, compared with keras.regularizers." + ("L2" if kind == "l2" else "L1"),
             args=(float32, 1e-3),
             check=_penalty_check(*ref([w.astype(np.float64) for w in float32], 1e-3), rtol=1e-5, atol=1e-7,
                                  keras_reg=make_reg(1e-3), weights=float32),
             hint=grad_hint),
    ]
    return cases


def l2_penalty(func):
    """Check l2_penalty(weights, lam) -> (penalty, grads) against lam * sum(w**2) and Keras' L2."""
    return run_cases(func, _penalty_cases("l2"), name="l2_penalty")


def l1_penalty(func):
    """Check l1_penalty(weights, lam) -> (penalty, grads) against lam * sum(|w|) and Keras' L1."""
    return run_cases(func, _penalty_cases("l1"), name="l1_penalty")


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
    return out.astype(np.float64), mask.astype(np.float64), None


def _dropout_stats_check(func, x, rate):
    """Statistics of one training-mode call, compared with 1 - rate and with keras.layers.Dropout."""

    def check(result):
        out, mask, problem = _unpack_out_mask(result, x)
        if problem:
            return problem
        scale = 1.0 / (1.0 - rate)
        values = np.unique(np.round(mask, 9))
        if not np.all(np.isclose(values[:, None], [0.0, scale], rtol=1e-6, atol=1e-9).any(axis=1)):
            return (f"expected mask to hold only 0 (dropped) and 1/(1 - rate) = {scale:.4g} (kept), "
                    f"got values {values[:6]}")
        kept = float(np.mean(mask > 0))
        if abs(kept - (1 - rate)) > 0.01:
            return (f"expected a fraction 1 - rate = {1 - rate:.2f} of the units kept, got {kept:.3f} "
                    f"(rate is the probability of DROPPING a unit)")
        if not np.allclose(out, np.asarray(x, np.float64) * mask, rtol=1e-6, atol=1e-9):
            return "expected out == x * mask"
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


def _dropout_seed_check(func, x, rate):
    def check(result):
        out, mask, problem = _unpack_out_mask(result, x)
        if problem:
            return problem
        again = func(np.array(x, copy=True), rate, True, seed=3)
        _, mask_again, problem = _unpack_out_mask(again, x)
        if problem:
            return problem
        if not np.array_equal(mask, mask_again):
            return "two calls with the same seed gave different masks: draw from np.random.default_rng(seed)"
        other = [_unpack_out_mask(func(np.array(x, copy=True), rate, True, seed=s), x)[1] for s in (4, 5)]
        if all(m is not None and np.array_equal(mask, m) for m in other):
            return "seeds 3, 4 and 5 gave the same mask: the seed must change the draw"
        return None

    return check


def dropout_forward(func):
    """Check dropout_forward(x, rate, training, seed=0) -> (out, mask): inverted dropout."""
    r = _rng(72)
    x_small = r.normal(size=(4, 5))
    x_img = r.normal(size=(3, 4, 4, 2))
    ones = np.ones((200, 500))
    x_big = r.uniform(0.5, 1.5, size=(100, 400))
    x_seed = r.normal(size=(10, 20))
    return run_cases(func, [
        Case("inference: nothing dropped, out == x, mask of ones", args=(x_small, 0.5, False),
             expect=(x_small, np.ones_like(x_small)), names=("out", "mask"),
             hint="at inference (training=False) dropout does nothing and does not rescale either"),
        Case("training, rate=0.2 on ones (200, 500): fraction kept and mean, compared with keras.layers.Dropout",
             args=(ones, 0.2, True), check=_dropout_stats_check(func, ones, 0.2),
             hint="keep each unit with probability 1 - rate, and scale kept units by 1 / (1 - rate)"),
        Case("training, rate=0.5 on values in [0.5, 1.5]: mask and mean", args=(x_big, 0.5, True),
             check=_dropout_stats_check(func, x_big, 0.5),
             hint="mask = keep / (1 - rate) where keep is 0/1; out = x * mask"),
        Case("training, rate=0: nothing dropped", args=(x_small, 0.0, True),
             expect=(x_small, np.ones_like(x_small)), names=("out", "mask"),
             hint="with rate=0 every unit is kept and scaled by 1 / (1 - 0) = 1"),
        Case("training on a (3, 4, 4, 2) batch of images keeps the shape", args=(x_img, 0.25, True),
             check=lambda res: _unpack_out_mask(res, x_img)[2], hint="draw the mask with shape x.shape"),
        Case("same seed, same mask; another seed, another mask", args=(x_seed, 0.3, True), kwargs={"seed": 3},
             check=_dropout_seed_check(func, x_seed, 0.3),
             hint="use rng = np.random.default_rng(seed), not np.random.rand"),
    ], name="dropout_forward")


def dropout_backward(func):
    """Check dropout_backward(dout, mask) -> dx = dout * mask."""
    from utils.gradcheck import numerical_gradient_array, rel_error

    r = _rng(73)
    keep = r.random((5, 6)) >= 0.4
    mask = keep / 0.6
    dout = r.normal(size=(5, 6))
    x = r.normal(size=(5, 6))
    numeric = numerical_gradient_array(lambda z: z * mask, x.copy(), dout)

    def gradcheck(result):
        err = rel_error(numeric, np.asarray(result))
        if err > 1e-7:
            return f"relative error {err:.2e} against the numerical gradient of out = x * mask (should be < 1e-7)"
        return None

    ones = np.ones((3, 4))
    dout2 = r.normal(size=(3, 4))
    return run_cases(func, [
        Case("mask from training with rate=0.4 (0 or 1/0.6)", args=(dout, mask), expect=dout * mask,
             hint="the gradient flows only through the kept units, scaled like them: dout * mask"),
        Case("gradient check against out = x * mask", args=(dout, mask), check=gradcheck,
             hint="dx = dout * mask (the mask already holds the 1/(1 - rate) scale)"),
        Case("inference mask of ones: the gradient passes unchanged", args=(dout2, ones), expect=dout2),
    ], name="dropout_backward")


# ----------------------------------------------------------------------------------------------
# Batch normalization
# ----------------------------------------------------------------------------------------------
def _bn_forward_ref(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        new_state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                     "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
        new_state = {k: np.array(v, copy=True) for k, v in state.items()}
    x_hat = (x - mean) / np.sqrt(var + eps)
    return gamma * x_hat + beta, new_state


def _bn_backward_ref(x, gamma, dout, eps=1e-5):
    mean, var = x.mean(axis=0), x.var(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)


def _bn_inputs(seed, n, d):
    r = _rng(seed)
    x = r.normal(loc=r.normal(size=d) * 3, scale=r.uniform(0.5, 3, size=d), size=(n, d))
    gamma, beta = r.uniform(0.5, 2.0, size=d), r.normal(size=d)
    state = {"running_mean": r.normal(size=d), "running_var": r.uniform(0.5, 2.0, size=d)}
    return x, gamma, beta, state


def _bn_result_check(expected_out, expected_state, rtol=1e-6, atol=1e-8, keras_check=None):
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
        return keras_check(out, state) if keras_check else None

    return check


def _keras_bn(x, gamma, beta, state, training, momentum, eps):
    """Output and moving statistics of keras.layers.BatchNormalization with the same parameters."""
    import keras

    layer = keras.layers.BatchNormalization(momentum=momentum, epsilon=eps)
    layer.build((None, x.shape[1]))
    layer.set_weights([np.asarray(v, np.float32) for v in
                       (gamma, beta, state["running_mean"], state["running_var"])])
    out = np.asarray(layer(np.asarray(x, np.float32), training=training), np.float64)
    return out, {"running_mean": np.asarray(layer.moving_mean, np.float64),
                 "running_var": np.asarray(layer.moving_variance, np.float64)}


def _keras_bn_check(x, gamma, beta, state, training, momentum, eps):
    def check(out, new_state):
        k_out, k_state = _keras_bn(x, gamma, beta, state, training, momentum, eps)
        mode = "training" if training else "inference"
        msg = compare(out, k_out, label=f"out (vs keras.layers.BatchNormalization, {mode})", rtol=1e-4, atol=1e-4)
        if msg:
            return msg
        return compare(new_state, k_state, label=f"state (vs the Keras layer's moving statistics, {mode})",
                       rtol=1e-4, atol=1e-5)

    return check


def batchnorm_forward(func):
    """Check batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5) -> (out, cache, state)."""
    x, gamma, beta, state = _bn_inputs(74, 8, 3)
    x2, gamma2, beta2, state2 = _bn_inputs(75, 16, 5)
    x3, gamma3, beta3, state3 = _bn_inputs(76, 6, 4)
    cases = []
    out, st = _bn_forward_ref(x, gamma, beta, state, True)
    cases.append(Case("training, batch of 8, D=3: batch statistics and running update",
                      args=(x, gamma, beta, state, True), check=_bn_result_check(out, st),
                      hint="normalise with x.mean(axis=0) and the biased x.var(axis=0) (divide by N); "
                           "running = momentum * running + (1 - momentum) * batch statistic"))
    out, st = _bn_forward_ref(x, gamma, beta, state, False)
    cases.append(Case("inference, same inputs: running statistics, state unchanged",
                      args=(x, gamma, beta, state, False), check=_bn_result_check(out, st),
                      hint="at inference use state['running_mean'] and state['running_var'], not the batch's"))
    out, st = _bn_forward_ref(x2, gamma2, beta2, state2, True, momentum=0.99, eps=1e-3)
    cases.append(Case("training, momentum=0.99, eps=1e-3, compared with keras.layers.BatchNormalization",
                      args=(x2, gamma2, beta2, state2, True), kwargs={"momentum": 0.99, "eps": 1e-3},
                      check=_bn_result_check(out, st, keras_check=_keras_bn_check(
                          x2, gamma2, beta2, state2, True, 0.99, 1e-3)),
                      hint="eps goes inside the square root: (x - mean) / sqrt(var + eps)"))
    out, st = _bn_forward_ref(x3, gamma3, beta3, state3, False, momentum=0.8, eps=1e-3)
    cases.append(Case("inference, eps=1e-3, compared with keras.layers.BatchNormalization",
                      args=(x3, gamma3, beta3, state3, False), kwargs={"momentum": 0.8, "eps": 1e-3},
                      check=_bn_result_check(out, st, keras_check=_keras_bn_check(
                          x3, gamma3, beta3, state3, False, 0.8, 1e-3)),
                      hint="inference: gamma * (x - running_mean) / sqrt(running_var + eps) + beta"))
    return run_cases(func, cases, name="batchnorm_forward")


def batchnorm_backward(func, forward=None):
    """Check batchnorm_backward(dout, cache) -> (dx, dgamma, dbeta), with the cache made by the student's
    batchnorm_forward in training mode (forward defaults to the batchnorm_forward defined next to func):
    values, and a gradient check against central differences (relative error < 1e-7)."""
    from utils.gradcheck import numerical_gradient_array, rel_error

    if forward is None:
        forward = getattr(func, "__globals__", {}).get("batchnorm_forward")
        if not callable(forward):
            raise CheckFailed("batchnorm_backward: batchnorm_forward is not defined - run the cell that defines "
                              "it (its cache feeds batchnorm_backward)")

    def backward_of(x, gamma, beta, dout):
        state = {"running_mean": np.zeros(x.shape[1]), "running_var": np.ones(x.shape[1])}
        try:
            result = forward(x, gamma, beta, state, True)
        except NotImplementedError:
            raise CheckFailed("batchnorm_backward: not implemented yet - batchnorm_forward raised "
                              "NotImplementedError; implement it first (its cache feeds batchnorm_backward)") from None
        except Exception as exc:
            raise CheckFailed(f"batchnorm_backward: batchnorm_forward raised {type(exc).__name__}: {exc} - fix it "
                              f"first (its cache feeds batchnorm_backward)") from None
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise CheckFailed("batchnorm_backward: batchnorm_forward must return (out, cache, state); fix it first")
        return func(dout, result[1])

    def gradcheck(x, gamma, beta, dout):
        fwd = [lambda v: _bn_forward_ref(v, gamma, beta, {"running_mean": 0, "running_var": 1}, True)[0],
               lambda v: _bn_forward_ref(x, v, beta, {"running_mean": 0, "running_var": 1}, True)[0],
               lambda v: _bn_forward_ref(x, gamma, v, {"running_mean": 0, "running_var": 1}, True)[0]]
        numeric = [numerical_gradient_array(f, v.copy(), dout) for f, v in zip(fwd, (x, gamma, beta))]

        def check(result):
            for label, num, got in zip(("dx", "dgamma", "dbeta"), numeric, result):
                got = np.asarray(got)
                if got.shape != num.shape:
                    return f"expected {label}.shape {num.shape}, got {got.shape}"
                err = rel_error(num, got)
                if err > 1e-7:
                    return f"gradient check: {label} has relative error {err:.2e} (should be < 1e-7)"
            return None

        return check

    cases = []
    for seed, n, d, what, hint in [
        (77, 4, 3, "batch of 4, D=3", "dbeta = dout.sum(axis=0), dgamma = (dout * x_hat).sum(axis=0)"),
        (78, 10, 2, "batch of 10, D=2", "dx needs all three terms: the mean and the variance depend on every x"),
        (79, 7, 5, "batch of 7, D=5", "dx = (gamma / sigma) * (g - mean(g) - x_hat * mean(g * x_hat)), "
                                      "g = dout, means over the batch axis 0"),
    ]:
        r = _rng(seed)
        x = r.normal(loc=2.0, scale=r.uniform(0.5, 2, size=d), size=(n, d))
        gamma, beta, dout = r.uniform(0.5, 2, size=d), r.normal(size=d), r.normal(size=(n, d))
        cases.append(Case(what, args=(x, gamma, beta, dout), expect=_bn_backward_ref(x, gamma, dout),
                          names=("dx", "dgamma", "dbeta"), rtol=1e-6, atol=1e-9, hint=hint))
        if seed != 78:
            cases.append(Case(what + ": gradient check against central differences", args=(x, gamma, beta, dout),
                              check=gradcheck(x, gamma, beta, dout), hint=hint))
    return run_cases(backward_of, cases, name="batchnorm_backward")


# ----------------------------------------------------------------------------------------------
# Data augmentation
# ----------------------------------------------------------------------------------------------
def _shift(img, dy, dx):
    """img (H, W, C) moved dy pixels down and dx right, zero fill."""
    out = np.zeros_like(img)
    h, w = img.shape[:2]
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        img[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


def _which_shift(src, img, max_shift=2):
    for dy in range(-max_shift, max_shift + 1):
        for dx in range(-max_shift, max_shift + 1):
            if np.array_equal(_shift(src, dy, dx), img):
                return dy, dx
    return None


def _augment_check(func, images):
    def check(result):
        out = np.asarray(result)
        if out.shape != images.shape:
            return f"expected shape {images.shape} (the shape of images), got {out.shape}"
        if out.dtype != images.dtype:
            return f"expected dtype {images.dtype} (the dtype of images), got {out.dtype}"
        low, high = min(images.min(), 0), images.max()
        if out.min() < low or out.max() > high:
            return f"pixel values must stay in [{low}, {high}], got [{out.min()}, {out.max()}]"
        shifts = []
        for i, (src, img) in enumerate(zip(images, out)):
            found = _which_shift(src, img)
            if found is None:
                return (f"image {i} is not its input shifted by at most 2 pixels with zero fill "
                        f"(a flip, a wrap-around or a change of values?)")
            shifts.append(found)
        if all(s == (0, 0) for s in shifts):
            return "every image came back unchanged: augment must shift (some of) them"
        again = np.asarray(func(images.copy(), seed=0))
        if not np.array_equal(again, out):
            return "two calls with seed=0 gave different results: draw from np.random.default_rng(seed)"
        if all(np.array_equal(np.asarray(func(images.copy(), seed=s)), out) for s in (1, 2, 3)):
            return "seeds 0, 1, 2 and 3 all gave the same result: the seed must change the shifts"
        return None

    return check


def augment(func):
    """Check augment(images, seed=0): small shifts with zero fill, same shape and dtype, seeded."""
    r = _rng(80)
    digits_like = (r.random((16, 8, 8, 1)) * (r.random((16, 8, 8, 1)) > 0.3)).astype(np.float32)
    color = r.uniform(0.1, 1.0, size=(10, 6, 7, 3))
    uint8 = r.integers(1, 256, size=(12, 5, 5, 1)).astype(np.uint8)

    def not_in_place(result):
        probe = digits_like.copy()
        func(probe, seed=0)
        if not np.array_equal(probe, digits_like):
            return "augment changed the `images` array it was given: fill a new array and leave the input as it was"
        return None

    return run_cases(func, [
        Case("16 float32 digit-like images (16, 8, 8, 1), seed=0", args=(digits_like,),
             kwargs={"seed": 0}, check=_augment_check(func, digits_like),
             hint="shift each image by (dy, dx) in {-1, 0, 1} with zero fill: no flips, no np.roll (it wraps)"),
        Case("10 float64 colour images (10, 6, 7, 3): shift rows and columns, never channels", args=(color,),
             kwargs={"seed": 0}, check=_augment_check(func, color),
             hint="images are (N, H, W, C): shift axes 1 and 2 only"),
        Case("12 uint8 images (12, 5, 5, 1) stay uint8", args=(uint8,), kwargs={"seed": 0},
             check=_augment_check(func, uint8), hint="build the output with np.zeros_like(images)"),
        Case("the input array is left unchanged", args=(digits_like,), check=not_in_place,
             hint="write into out = np.zeros_like(images), not into images"),
    ], name="augment")


# ----------------------------------------------------------------------------------------------
# Early stopping
# ----------------------------------------------------------------------------------------------
def _early_stopping_ref(val_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch


EARLY_STOPPING_SEQUENCES = [
    # (val_losses, patience, what, hint)
    ([1.0, 0.8, 0.6, 0.5, 0.4], 2, "always improving: the last epoch", "the best epoch is 0-based"),
    ([1.0, 0.7, 0.8, 0.9, 1.0, 1.1], 3, "a minimum at epoch 1, then worse",
     "return the epoch of the best loss (0-based), not the epoch where training stopped"),
    ([1.0, 0.6, 0.7, 0.8, 0.3, 0.2], 2, "stops at epoch 3, before the lower losses of epochs 4 and 5",
     "training stops after `patience` epochs without improvement: later epochs never happen, "
     "so their losses cannot be the best"),
    ([1.0, 0.6, 0.7, 0.8, 0.3, 0.2], 3, "patience 3 survives the bump and reaches epoch 5",
     "stop only once `patience` epochs in a row have passed without improvement"),
    ([0.9, 0.5, 0.5, 0.4, 0.3], 1, "a tie is not an improvement (patience 1 stops at epoch 2)",
     "improvement means strictly smaller (Keras' min_delta=0): an equal loss counts as no improvement"),
    ([0.9, 0.5, 0.5, 0.5, 0.4], 3, "ties then a real improvement, patience 3",
     "an equal loss does not move the best epoch: keep the first epoch that reached it"),
    ([0.5, 0.6, 0.4, 0.45, 0.41, 0.39, 0.5, 0.52, 0.6, 0.1], 3, "a noisy curve, patience 3",
     "reset the count of epochs without improvement whenever the loss improves"),
    ([0.5, 0.6, 0.4, 0.45, 0.41, 0.39, 0.5, 0.52, 0.6, 0.1], 4, "the same curve, patience 4 reaches epoch 9",
     "count the epochs without improvement, and stop when the count reaches patience"),
    ([0.3, 0.4, 0.2], 0, "patience 0 stops at the first epoch without improvement",
     "with patience 0 training stops as soon as one epoch fails to improve"),
    ([2.0], 5, "a single epoch", ""),
    ([3.0, 2.0, 1.0], 10, "training never stops: the best of all epochs", ""),
]


def early_stopping_epoch(func):
    """Check early_stopping_epoch(val_losses, patience) against Keras' EarlyStopping(restore_best_weights=True)."""
    cases = []
    for losses, patience, what, hint in EARLY_STOPPING_SEQUENCES:
        cases.append(Case(what, args=(list(losses), patience), expect=_early_stopping_ref(losses, patience),
                          dtype="int", hint=hint))
    arr = np.array([1.2, 1.0, 1.1, 0.9, 0.95, 0.97, 0.99, 0.5])
    cases.append(Case("a NumPy array of losses, patience 3", args=(arr, 3), expect=_early_stopping_ref(arr, 3),
                      dtype="int", hint="val_losses may be a list or an array"))
    return run_cases(func, cases, name="early_stopping_epoch")


# ----------------------------------------------------------------------------------------------
# Ensembles
# ----------------------------------------------------------------------------------------------
def _vote_ref(p):
    votes = p.argmax(axis=-1)
    counts = np.stack([(votes == k).sum(axis=0) for k in range(p.shape[-1])], axis=-1)
    return counts.argmax(axis=-1)


def ensemble_predict(func):
    """Check ensemble_predict(probabilities, method='mean'): averaging, majority vote, ValueError."""

    def call(probabilities, method="mean"):
        if method in ("mean", "vote"):
            return func(probabilities, method=method)
        try:
            func(probabilities, method=method)
        except ValueError:
            return "ValueError"
        return "no error"

    # three models, four samples, three classes; one confident model vs two mildly sure ones
    p = np.array([
        [[0.90, 0.05, 0.05], [0.2, 0.7, 0.1], [0.1, 0.1, 0.8], [0.34, 0.33, 0.33]],
        [[0.30, 0.40, 0.30], [0.1, 0.8, 0.1], [0.3, 0.4, 0.3], [0.10, 0.20, 0.70]],
        [[0.30, 0.40, 0.30], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3], [0.20, 0.20, 0.60]],
    ])
    r = _rng(81)
    logits = r.normal(size=(5, 40, 4)) * 2
    p_big = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
    # two models that disagree: every sample is a tie between two classes
    p_tie = np.array([
        [[0.1, 0.2, 0.7], [0.6, 0.3, 0.1], [0.2, 0.5, 0.3]],
        [[0.8, 0.1, 0.1], [0.1, 0.2, 0.7], [0.1, 0.2, 0.7]],
    ])
    one = p[:1]
    return run_cases(call, [
        Case("mean of 3 models, 4 samples, 3 classes", args=(p, "mean"), expect=p.mean(0).argmax(-1), dtype="int",
             hint="average over the models (axis 0), then argmax over the classes (last axis)"),
        Case("vote of the same 3 models (differs from the mean on 2 samples)", args=(p, "vote"),
             expect=_vote_ref(p), dtype="int",
             hint="each model votes for its own argmax class; count the votes per class"),
        Case("the default method is 'mean'", args=(p_big,), expect=p_big.mean(0).argmax(-1), dtype="int"),
        Case("vote of 5 models, 40 samples, 4 classes", args=(p_big, "vote"), expect=_vote_ref(p_big), dtype="int",
             hint="count votes per sample (the result has shape (n_samples,)); ties go to the smallest class index"),
        Case("vote ties go to the smallest class index", args=(p_tie, "vote"), expect=np.array([0, 0, 1]),
             dtype="int", hint="np.argmax of the vote counts picks the first (smallest) class among ties"),
        Case("a single model: both methods give its argmax", args=(one, "vote"), expect=one[0].argmax(-1),
             dtype="int"),
        Case("an unknown method raises ValueError", args=(p, "median"), expect="ValueError",
             hint="raise ValueError(...) for a method other than 'mean' and 'vote'"),
    ], name="ensemble_predict")
