"""Checks of week 6 (convolutional networks): `checks.conv2d(conv2d)`, `checks.max_pool(max_pool)`, ...

Images are NHWC (batch, height, width, channels) and filters (KH, KW, C_in, C_out), the layouts of
`tf.nn.conv2d`. Expected values come from literals or from TensorFlow in float64, computed inside each
check (nothing here maps a graded function's inputs to its result): `tf.nn.conv2d` with explicit padding
[[0,0],[p,p],[p,p],[0,0]], `tf.nn.max_pool2d` / `tf.nn.avg_pool2d` with padding "VALID", and
`tf.GradientTape` through `tf.nn.max_pool2d` and `tf.nn.conv2d` for the backward passes, plus the course's one
numerical gradient check (`utils.checks.gradients.gradient_check`) on a forward pass TensorFlow computes. Inputs of the pooling checks hold distinct values, so the position of each window's maximum
is unique, except in the one case about ties, which accepts both rules the notebook allows. Tolerances
allow float32 arithmetic.
"""
from __future__ import annotations

import functools

import numpy as np

from .engine import Case, functions_only, run_cases
from .gradients import gradient_check as _gradcheck

WEEK = "week06_cnn"
POINTS = {"conv_output_size": 1, "zero_pad": 1, "conv2d_naive": 2, "conv2d": 2, "max_pool": 1, "avg_pool": 1,
          "max_pool_backward": 2, "conv2d_backward": 3, "build_cnn": 3}
__all__ = ["conv_output_size", "zero_pad", "conv2d_naive", "conv2d", "max_pool", "avg_pool",
           "max_pool_backward", "conv2d_backward", "build_cnn"]

# Arguments each graded function may change in place (the docstrings: none of them modifies its inputs).
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

# Library functions that compute a graded function's result; the notebook asks students to write these
# with NumPy themselves (Keras is the point of build_cnn; np.pad is suggested for zero_pad).
_CONV_LIBS = ["tensorflow.nn.conv2d", "tensorflow.nn.convolution", "tensorflow.raw_ops.Conv2D",
              "tensorflow.compat.v1.nn.conv2d", "keras.ops.conv", "keras.layers.Conv2D",
              "scipy.signal.correlate", "scipy.signal.correlate2d", "scipy.signal.convolve",
              "scipy.signal.convolve2d", "scipy.signal.fftconvolve", "scipy.ndimage.correlate",
              "scipy.ndimage.convolve", "torch.nn.functional.conv2d"]
OWN_WORK: dict[str, list[str]] = {
    "conv2d_naive": _CONV_LIBS,
    "conv2d": _CONV_LIBS,
    "max_pool": ["tensorflow.nn.max_pool2d", "tensorflow.nn.max_pool", "tensorflow.nn.pool",
                 "tensorflow.raw_ops.MaxPool", "tensorflow.compat.v1.nn.max_pool", "keras.ops.max_pool",
                 "keras.layers.MaxPooling2D", "keras.layers.MaxPool2D", "skimage.measure.block_reduce",
                 "torch.nn.functional.max_pool2d"],
    "avg_pool": ["tensorflow.nn.avg_pool2d", "tensorflow.nn.avg_pool", "tensorflow.nn.pool",
                 "tensorflow.raw_ops.AvgPool", "tensorflow.compat.v1.nn.avg_pool", "keras.ops.average_pool",
                 "keras.layers.AveragePooling2D", "keras.layers.AvgPool2D", "skimage.measure.block_reduce",
                 "torch.nn.functional.avg_pool2d"],
    "max_pool_backward": ["tensorflow.GradientTape", "tensorflow.gradients", "tensorflow.raw_ops.MaxPoolGrad",
                          "tensorflow.raw_ops.MaxPoolGradV2", "tensorflow.raw_ops.MaxPoolGradWithArgmax",
                          "tensorflow.nn.max_pool_with_argmax", "torch.autograd.grad"],
    "conv2d_backward": ["tensorflow.GradientTape", "tensorflow.gradients", "tensorflow.nn.conv2d_transpose",
                        "tensorflow.nn.conv2d_backprop_input", "tensorflow.nn.conv2d_backprop_filter",
                        "tensorflow.compat.v1.nn.conv2d_backprop_input",
                        "tensorflow.compat.v1.nn.conv2d_backprop_filter", "tensorflow.raw_ops.Conv2DBackpropInput",
                        "tensorflow.raw_ops.Conv2DBackpropFilter", "keras.ops.conv_transpose",
                        "torch.nn.grad.conv2d_input", "torch.nn.grad.conv2d_weight", "torch.autograd.grad"]
                       + _CONV_LIBS,
}

_RTOL, _ATOL = 1e-5, 1e-6
MLP_HIDDEN = (64, 128, 256)     # week 5's MLP that build_cnn must beat with fewer parameters
# Parameters of that MLP (Dense 64-128-256-n_classes on the flattened images), as the notebook states them.
MLP_PARAMS = {((28, 28, 1), 10): 94_154, ((8, 8, 1), 10): 48_074}
LEARN_EPOCHS, LEARN_BATCH, LEARN_TARGET = 10, 32, 0.80


def _distinct(shape, seed):
    """Values with no ties (a shuffled grid, spaced 0.1 apart, centred on 0): unique maxima."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    return (rng.permutation(n).astype(np.float64) - n / 2).reshape(shape) * 0.1


def _is_int(value):
    """An int result (Python int or NumPy integer), not a float, a bool or an array."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        return f"expected an int, got {type(value).__name__} {value!r}"
    return None


# ------------------------------------------------------------------------------------ conv_output_size
def conv_output_size(func):
    """conv_output_size(n, kernel, padding, stride) = floor((n + 2*padding - kernel) / stride) + 1, an int."""
    def case(n, k, p, s, expect, name, hint):
        return Case(f"{name}: n={n}, kernel={k}, padding={p}, stride={s}", args=(n, k, p, s),
                    expect=np.int64(expect), dtype="int", check=_is_int, hint=hint)

    return run_cases(func, [
        case(28, 5, 0, 1, 24, "no padding, stride 1", "n - kernel + 1: do not forget the + 1"),
        case(32, 3, 1, 1, 32, "'same' padding for a 3x3 kernel",
             "padding is added on BOTH sides: n + 2*padding - kernel"),
        case(7, 3, 0, 2, 3, "stride 2", "divide (n + 2p - k) by the stride before adding 1"),
        case(5, 2, 0, 2, 2, "stride that does not divide evenly",
             "round down (floor, //): a window that would stick out of the image is dropped"),
        case(8, 3, 0, 2, 3, "stride 2, (n - kernel) / stride = 2.5 rounds down",
             "round down, not to the nearest integer: floor(2.5) = 2"),
        case(224, 7, 3, 2, 112, "ResNet's first layer",
             "pad both sides, count how many stride-steps fit in what remains after the first window, add that first one"),
        case(4, 4, 0, 1, 1, "kernel as large as the image", "one position fits: (4 - 4) / 1 + 1 = 1"),
        case(6, 3, 2, 3, 3, "padding 2, stride 3", "floor((6 + 4 - 3) / 3) + 1 = 3"),
    ], name="conv_output_size", may_modify=MAY_MODIFY.get("conv_output_size", ()))


# -------------------------------------------------------------------------------------------- zero_pad
def zero_pad(func):
    """zero_pad(x, pad): pad rows and columns (axes 1 and 2 of NHWC) with `pad` zeros on each side."""
    import tensorflow as tf

    def padded(x, p):                       # the expected array, by tf.pad (keeps the dtype of x)
        return tf.pad(tf.constant(x), [[0, 0], [p, p], [p, p], [0, 0]]).numpy()

    x1 = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1)
    rng = np.random.default_rng(6)
    x2 = rng.normal(size=(2, 3, 4, 3))
    x3 = rng.normal(size=(1, 3, 3, 2)).astype(np.float32)
    return run_cases(func, [
        Case("one 2x2 image, pad=1", args=(x1, 1), expect=padded(x1, 1),
             hint="add pad zeros above, below, left and right: only axes 1 (H) and 2 (W)"),
        Case("batch of 2, 3x4 images with 3 channels, pad=2", args=(x2, 2), expect=padded(x2, 2),
             hint="do not pad the batch axis (0) or the channel axis (3): one (before, after) pair per axis, "
                  "(0, 0) for those two"),
        Case("pad=0 changes nothing", args=(x2, 0), expect=x2, hint="with pad=0 the result equals x"),
        Case("float32 stays float32 (one image, 2 channels)", args=(x3, 1), expect=padded(x3, 1), dtype="float32",
             hint="keep the input's dtype: np.pad does; an array you fill yourself needs the dtype of x"),
    ], name="zero_pad", may_modify=MAY_MODIFY.get("zero_pad", ()))


# --------------------------------------------------------------------------------- conv2d (both kinds)
def _conv_cases():
    import tensorflow as tf

    def expect(x, W, b, stride, pad):       # tf.nn.conv2d in float64, plus the bias
        out = tf.nn.conv2d(tf.constant(x, tf.float64), tf.constant(W, tf.float64), strides=stride,
                           padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]])
        return out.numpy() + np.asarray(b, dtype=np.float64)

    rng = np.random.default_rng(60)
    x1 = np.arange(16, dtype=np.float64).reshape(1, 4, 4, 1)
    W1 = np.array([[1.0, 2.0], [-1.0, 0.5]]).reshape(2, 2, 1, 1)
    x2 = rng.normal(size=(2, 5, 5, 3))
    W2 = rng.normal(size=(3, 3, 3, 4))
    b2 = rng.normal(size=4)
    x3 = rng.normal(size=(2, 7, 6, 2))
    W3 = rng.normal(size=(2, 3, 2, 3))
    b3 = rng.normal(size=3)
    x4 = rng.normal(size=(1, 6, 6, 3)).astype(np.float32)
    W4 = rng.normal(size=(3, 3, 3, 2)).astype(np.float32)
    b4 = rng.normal(size=2).astype(np.float32)
    x6 = rng.normal(size=(1, 5, 6, 3))
    W6 = rng.normal(size=(3, 2, 3, 2))
    b6 = rng.normal(size=2)
    x7 = rng.normal(size=(2, 8, 7, 2))
    W7 = rng.normal(size=(3, 3, 2, 3))
    b7 = rng.normal(size=3)
    zero1 = np.zeros(1)
    return [
        Case("one 4x4 channel, a 2x2 kernel, no bias", args=(x1, W1, zero1), expect=expect(x1, W1, zero1, 1, 0),
             hint="a conv layer computes a cross-correlation (as tf.nn.conv2d): slide W over x without flipping it; "
                  "each output is the window times filter f, summed, plus the bias of filter f",
             formula="out[n, i, j, f] = Σ over u, v, c of x̃[n, i·s + u, j·s + v, c] · W[u, v, c, f], plus b_f "
                     "(W is not flipped)",
             rtol=_RTOL, atol=_ATOL),
        Case("the bias is added to every output position", args=(x1, W1, np.array([2.5])),
             expect=expect(x1, W1, [2.5], 1, 0), hint="add the bias of filter f to every output value of filter f",
             rtol=_RTOL, atol=_ATOL),
        Case("2 images 5x5x3, four 3x3 filters, bias", args=(x2, W2, b2), expect=expect(x2, W2, b2, 1, 0),
             hint="sum over the window AND the input channels; filter f writes output channel f",
             rtol=_RTOL, atol=_ATOL),
        Case("stride=2", args=(x2, W2, b2), kwargs={"stride": 2}, expect=expect(x2, W2, b2, 2, 0),
             hint="output pixel (i, j) reads the window starting at row i*stride, column j*stride",
             rtol=_RTOL, atol=_ATOL),
        Case("pad=1 ('same' size for a 3x3 kernel)", args=(x2, W2, b2), kwargs={"pad": 1},
             expect=expect(x2, W2, b2, 1, 1), hint="zero-pad H and W first (zero_pad), then slide the kernel",
             rtol=_RTOL, atol=_ATOL),
        Case("7x6 images, a 2x3 kernel, stride=2, pad=1", args=(x3, W3, b3), kwargs={"stride": 2, "pad": 1},
             expect=expect(x3, W3, b3, 2, 1),
             hint="height and width may differ, and so may KH and KW: keep rows (axis 1) and columns (axis 2) apart",
             rtol=_RTOL, atol=_ATOL),
        Case("one image (N=1) 5x6x3, two 3x2 filters, stride=2, pad=2", args=(x6, W6, b6),
             kwargs={"stride": 2, "pad": 2}, expect=expect(x6, W6, b6, 2, 2),
             hint="Ho = conv_output_size(H, KH, pad, stride): pad first, then step `stride` pixels over the padded "
                  "image; keep the batch axis even when N = 1",
             rtol=_RTOL, atol=_ATOL),
        Case("8x7 images, 3x3 filters, stride=3, pad=2 (the stride does not divide 2*pad)", args=(x7, W7, b7),
             kwargs={"stride": 3, "pad": 2}, expect=expect(x7, W7, b7, 3, 2),
             hint="pad first, then count the window positions on the padded image, rounding down",
             formula="Ho = ⌊(H + 2·pad − KH) / stride⌋ + 1",
             rtol=_RTOL, atol=_ATOL),
        Case("float32 inputs", args=(x4, W4, b4), kwargs={"pad": 1}, expect=expect(x4, W4, b4, 1, 1),
             hint="the same computation must work for float32 arrays", rtol=1e-4, atol=1e-4),
    ]


def conv2d_naive(func):
    """conv2d_naive(x, W, b, stride=1, pad=0) equals tf.nn.conv2d (padding [[0,0],[p,p],[p,p],[0,0]]) + b."""
    return run_cases(func, _conv_cases(), name="conv2d_naive", may_modify=MAY_MODIFY.get("conv2d_naive", ()))


def conv2d(func):
    """conv2d(x, W, b, stride=1, pad=0): the vectorised version, same results as conv2d_naive and TensorFlow."""
    import tensorflow as tf

    rng = np.random.default_rng(61)
    x5, W5, b5 = rng.normal(size=(4, 12, 12, 3)), rng.normal(size=(5, 5, 3, 8)), rng.normal(size=8)
    expect5 = tf.nn.conv2d(x5, W5, strides=1, padding=[[0, 0], [2, 2], [2, 2], [0, 0]]).numpy() + b5
    cases = _conv_cases() + [
        Case("a bigger batch: 4 images 12x12x3, eight 5x5 filters, stride=1, pad=2", args=(x5, W5, b5),
             kwargs={"pad": 2}, expect=expect5, rtol=_RTOL, atol=1e-5,
             hint="reshape the windows to (N*Ho*Wo, KH*KW*C) and W to (KH*KW*C, F) in the SAME order"),
    ]
    return run_cases(func, cases, name="conv2d", may_modify=MAY_MODIFY.get("conv2d", ()))


# ------------------------------------------------------------------------------------------------ pools
def _pool_cases(kind):
    import tensorflow as tf

    def expect(x, size, stride):            # TensorFlow's pooling in float64, 'VALID' windows
        pool = tf.nn.max_pool2d if kind == "max" else tf.nn.avg_pool2d
        return pool(tf.constant(x, tf.float64), ksize=size, strides=stride, padding="VALID").numpy()

    x1 = _distinct((1, 4, 4, 1), 1)
    x2 = _distinct((2, 6, 6, 3), 2)
    x3 = _distinct((1, 5, 5, 2), 3)
    x4 = _distinct((2, 7, 7, 1), 4)
    x5 = _distinct((1, 4, 6, 2), 5)
    x6 = _distinct((1, 5, 4, 3), 12)
    neg = -np.abs(_distinct((1, 4, 4, 2), 6)) - 1.0
    what = "the largest" if kind == "max" else "the mean of the"
    cases = [
        Case("one 4x4 channel, size=2, stride=2", args=(x1,), expect=expect(x1, 2, 2),
             hint=f"each output is {what} size x size values of its window; windows start every `stride` pixels"),
        Case("2 images 6x6x3, size=2, stride=2", args=(x2,), expect=expect(x2, 2, 2),
             hint="pool each channel separately: reduce over the window's rows and columns (axes 1 and 2) only"),
        Case("overlapping windows: size=3, stride=1", args=(x3,), kwargs={"size": 3, "stride": 1},
             expect=expect(x3, 3, 1), hint="use the size and stride arguments, not a fixed 2"),
        Case("7x7 images, size=3, stride=2", args=(x4,), kwargs={"size": 3, "stride": 2},
             expect=expect(x4, 3, 2), hint="output size (H - size) // stride + 1 ('VALID' pooling)"),
        Case("size=2 (default), stride=1: one image, 3 channels", args=(x6,), kwargs={"stride": 1},
             expect=expect(x6, 2, 1), hint="the window size and the step between windows are separate arguments"),
        Case("a 5x5 image with size=2, stride=2 drops the last row and column", args=(x3,),
             expect=expect(x3, 2, 2), hint="windows that do not fit entirely are dropped (floor)"),
        Case("4x6 images (height != width)", args=(x5,), expect=expect(x5, 2, 2),
             hint="keep rows (axis 1) and columns (axis 2) apart"),
    ]
    if kind == "max":
        cases.append(Case("all values negative", args=(neg,), expect=expect(neg, 2, 2),
                          hint="start a running maximum at -inf (or the first value), not at 0"))
    else:
        cases.append(Case("size=3, stride=3: divide by size*size = 9", args=(x4[:, :6, :6],),
                          kwargs={"size": 3, "stride": 3}, expect=expect(x4[:, :6, :6], 3, 3),
                          hint="the mean of a size x size window divides by size squared"))
    for case in cases:
        case.rtol, case.atol = _RTOL, _ATOL
    return cases


def max_pool(func):
    """max_pool(x, size=2, stride=2) equals tf.nn.max_pool2d(x, size, stride, 'VALID')."""
    return run_cases(func, _pool_cases("max"), name="max_pool", may_modify=MAY_MODIFY.get("max_pool", ()))


def avg_pool(func):
    """avg_pool(x, size=2, stride=2) equals tf.nn.avg_pool2d(x, size, stride, 'VALID')."""
    return run_cases(func, _pool_cases("avg"), name="avg_pool", may_modify=MAY_MODIFY.get("avg_pool", ()))


# ------------------------------------------------------------------------------------ max_pool_backward
def max_pool_backward(func):
    """max_pool_backward(dout, x, size=2, stride=2): gradient of sum(max_pool(x) * dout) w.r.t. x.

    Where a window has several equal maxima, the notebook accepts either rule: the window's dout entry goes
    to every tied maximum, or only to the first one in row-major order (np.argmax, TensorFlow).
    """
    import tensorflow as tf

    def tape(dout, x, size, stride):        # d sum(max_pool2d(x) * dout) / dx by automatic differentiation
        xv = tf.Variable(tf.constant(x, tf.float64))
        with tf.GradientTape() as t:
            loss = tf.reduce_sum(tf.nn.max_pool2d(xv, ksize=size, strides=stride, padding="VALID")
                                 * tf.constant(dout, tf.float64))
        return t.gradient(loss, xv).numpy()

    def numerically(dout, x, size, stride):  # the shared gradient check, forward by TensorFlow in float64
        return _gradcheck(lambda z: tf.nn.max_pool2d(tf.constant(z, tf.float64), ksize=size, strides=stride,
                                                     padding="VALID").numpy(), (x,), dout, ("dx",))

    def ties_go_to_a_maximum(x, dout, size, dx_every, dx_first):
        """Non-overlapping windows (stride = size) with ties: each window of dx must equal that window of one of
        the two accepted answers, given as literals (dx_every: dout at every tied maximum; dx_first: dout at the
        first maximum in row-major order; 0 elsewhere). Reports the first window (row-major) that matches neither."""
        def windows(a):                     # (N, H, W, C) -> (N, Ho, Wo, C, size, size), one entry per window
            N, _, _, C = a.shape
            _, Ho, Wo, _ = dout.shape
            a = a[:, :Ho * size, :Wo * size, :].reshape(N, Ho, size, Wo, size, C)
            return a.transpose(0, 1, 3, 5, 2, 4)

        def check(dx):
            dx = np.asarray(dx, dtype=np.float64)
            if dx.shape != x.shape:
                return f"expected dx.shape {x.shape} (the shape of x), got {dx.shape}"
            got, every, first, win = windows(dx), windows(dx_every), windows(dx_first), windows(x)
            ok = (np.isclose(got, every, rtol=1e-6, atol=1e-9).all(axis=(-2, -1))
                  | np.isclose(got, first, rtol=1e-6, atol=1e-9).all(axis=(-2, -1)))
            if ok.all():
                return None
            n, i, j, c = (int(k) for k in np.argwhere(~ok)[0])
            return (f"window (image {n}, row {i}, column {j}, channel {c}) = {win[n, i, j, c].tolist()} with "
                    f"dout {dout[n, i, j, c]:g}: expected dx there {every[n, i, j, c].tolist()} (every tied maximum) "
                    f"or {first[n, i, j, c].tolist()} (the first maximum, row-major), got {got[n, i, j, c].tolist()}")
        return check

    x1 = np.array([[1.0, 3.0, 0.5, -1.0],
                   [2.0, 0.0, 4.0, 2.5],
                   [-3.0, 1.5, 0.2, 0.1],
                   [0.7, -0.4, 0.3, 0.6]]).reshape(1, 4, 4, 1)
    dx1 = np.array([[0.0, 1.0, 0.0, 0.0],
                    [0.0, 0.0, 1.0, 0.0],
                    [0.0, 1.0, 0.0, 0.0],
                    [0.0, 0.0, 0.0, 1.0]]).reshape(1, 4, 4, 1)
    rng = np.random.default_rng(62)
    x2 = _distinct((2, 4, 4, 3), 7)
    d2 = rng.normal(size=(2, 2, 2, 3))
    x3 = _distinct((1, 5, 5, 2), 8)
    d3 = rng.normal(size=(1, 3, 3, 2))
    x4 = _distinct((2, 7, 7, 1), 9)
    d4 = rng.normal(size=(2, 3, 3, 1))
    x5 = _distinct((1, 4, 6, 2), 10)
    d5 = rng.normal(size=(1, 2, 3, 2))
    x6 = _distinct((1, 5, 4, 1), 11)
    d6 = rng.normal(size=(1, 2, 2, 1))
    # Ties at exactly representable values: channel 0 holds windows with 2, 3 and 4 equal maxima (the first
    # one not always top-left), channel 1 a unique maximum, a tie of negative values and a tie on the diagonal.
    xt = np.zeros((1, 4, 6, 2))
    xt[0, :, :, 0] = [[0.0, 5.0, 2.0, 2.0, 7.0, 7.0],
                      [5.0, 1.0, 2.0, 1.0, 7.0, 7.0],
                      [3.0, 3.0, 0.0, -1.0, 4.0, 0.0],
                      [3.0, 1.0, 0.0, 0.0, 4.0, 4.0]]
    xt[0, :, :, 1] = [[1.0, 2.0, -2.0, -1.0, 6.0, 0.0],
                      [0.0, 9.0, -1.0, -3.0, 0.0, 6.0],
                      [8.0, 8.0, 1.5, 1.5, -0.5, -0.5],
                      [8.0, 8.0, 1.5, 1.5, -0.5, -0.5]]
    dt = np.array([[[1.5, -2.0], [2.0, 0.5], [0.25, 3.0]],
                   [[-1.0, 4.0], [0.75, -0.5], [2.5, 1.25]]])[None]      # (1, 2, 3, 2)
    # The two accepted dx for (dt, xt), worked out offline, per channel: dout at every tied maximum ...
    dt_every = np.stack([[[0.0, 1.5, 2.0, 2.0, 0.25, 0.25],
                          [1.5, 0.0, 2.0, 0.0, 0.25, 0.25],
                          [-1.0, -1.0, 0.75, 0.0, 2.5, 0.0],
                          [-1.0, 0.0, 0.75, 0.75, 2.5, 2.5]],
                         [[0.0, 0.0, 0.0, 0.5, 3.0, 0.0],
                          [0.0, -2.0, 0.5, 0.0, 0.0, 3.0],
                          [4.0, 4.0, -0.5, -0.5, 1.25, 1.25],
                          [4.0, 4.0, -0.5, -0.5, 1.25, 1.25]]], axis=-1)[None]     # (1, 4, 6, 2)
    # ... or only at the first maximum of each window in row-major order.
    dt_first = np.stack([[[0.0, 1.5, 2.0, 0.0, 0.25, 0.0],
                          [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
                          [-1.0, 0.0, 0.75, 0.0, 2.5, 0.0],
                          [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]],
                         [[0.0, 0.0, 0.0, 0.5, 3.0, 0.0],
                          [0.0, -2.0, 0.0, 0.0, 0.0, 0.0],
                          [4.0, 0.0, -0.5, 0.0, 1.25, 0.0],
                          [0.0, 0.0, 0.0, 0.0, 0.0, 0.0]]], axis=-1)[None]         # (1, 4, 6, 2)
    return run_cases(func, [
        Case("one 4x4 channel, dout = ones: a 1 where each window's maximum is", args=(np.ones((1, 2, 2, 1)), x1),
             expect=dx1, hint="only the maximum of each window gets the gradient; every other entry gets 0"),
        Case("2 images 4x4x3, random dout (compared with tf.GradientTape)", args=(d2, x2),
             expect=tape(d2, x2, 2, 2), rtol=_RTOL, atol=_ATOL,
             hint="dx[window's argmax] = dout[n, i, j, c], per image and per channel; dx has the shape of x"),
        Case("overlapping windows size=3, stride=1: gradients add up", args=(d3, x3),
             kwargs={"size": 3, "stride": 1}, expect=tape(d3, x3, 3, 1), rtol=_RTOL, atol=_ATOL,
             hint="a pixel that is the maximum of several windows receives the SUM of their gradients (+=, not =)"),
        Case("7x7 images, size=3, stride=2", args=(d4, x4), kwargs={"size": 3, "stride": 2},
             expect=tape(d4, x4, 3, 2), rtol=_RTOL, atol=_ATOL,
             hint="window (i, j) covers rows i*stride ... i*stride+size-1"),
        Case("4x6 images (height != width), one image, 2 channels", args=(d5, x5), expect=tape(d5, x5, 2, 2),
             rtol=_RTOL, atol=_ATOL, hint="keep rows (axis 1) and columns (axis 2) apart"),
        Case("a 5x4 image (the last row is in no window): agrees with the numerical gradient", args=(d6, x6),
             check=numerically(d6, x6, 2, 2),
             hint="dx has the shape of x; rows that no window covers get 0"),
        Case("ties: equal maxima in a window (2, 3 or 4 of them)", args=(dt, xt),
             check=ties_go_to_a_maximum(xt, dt, 2, dt_every, dt_first),
             hint="on a tie, the window's dout goes to every tied maximum or to the first one in row-major order "
                  "(np.argmax of the flattened window), never split and never to the last one"),
    ], name="max_pool_backward", may_modify=MAY_MODIFY.get("max_pool_backward", ()))


# -------------------------------------------------------------------------------------- conv2d_backward
def conv2d_backward(func):
    """conv2d_backward(dout, x, W, b, stride=1, pad=0) -> (dx, dW, db): the gradients of sum(conv2d(x, W, b) * dout)
    with respect to x, W and b, compared with tf.GradientTape through tf.nn.conv2d and with the shared
    numerical gradient check (`gradients.gradient_check`)."""
    import tensorflow as tf

    def conv(x, W, b, stride, pad):         # the forward pass, by TensorFlow, in float64
        out = tf.nn.conv2d(tf.cast(x, tf.float64), tf.cast(W, tf.float64), strides=stride,
                           padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]])
        return out + tf.cast(b, tf.float64)

    def tape(dout, x, W, b, stride, pad):   # (dx, dW, db) of sum(conv(x, W, b) * dout) by automatic differentiation
        xv, Wv, bv = (tf.Variable(tf.constant(a, tf.float64)) for a in (x, W, b))
        with tf.GradientTape() as t:
            loss = tf.reduce_sum(conv(xv, Wv, bv, stride, pad) * tf.constant(dout, tf.float64))
        return tuple(g.numpy() for g in t.gradient(loss, [xv, Wv, bv]))

    def numerically(dout, x, W, b, stride, pad):
        """Case.check: the shared numerical gradient check, computed only once the values matched TensorFlow."""
        def forward(x_, W_, b_):            # the forward pass by TensorFlow (tf.nn.conv2d + b), in float64
            return conv(x_, W_, b_, stride, pad).numpy()

        def check(result):
            return _gradcheck(forward, (x, W, b), dout, ("dx", "dW", "db"))(result)
        return check

    def case(name, x, W, b, stride=1, pad=0, seed=0, numeric=False, rtol=_RTOL, atol=_ATOL, hint="", formula="",
             dout=None):
        shape = conv(x, W, b, stride, pad).shape
        if dout is None:
            dout = np.random.default_rng(seed).normal(size=shape).astype(np.result_type(x, W, b))
        kwargs = {k: v for k, v in (("stride", stride), ("pad", pad)) if v}
        return Case(name, args=(dout, x, W, b), kwargs=kwargs, expect=tape(dout, x, W, b, stride, pad),
                    names=("dx", "dW", "db"), check=numerically(dout, x, W, b, stride, pad) if numeric else None,
                    rtol=rtol, atol=atol, hint=hint, formula=formula)

    rng = np.random.default_rng(63)
    x1 = np.arange(9, dtype=np.float64).reshape(1, 3, 3, 1)
    W1 = np.array([[1.0, 2.0], [-1.0, 0.5]]).reshape(2, 2, 1, 1)
    x2, W2, b2 = rng.normal(size=(2, 5, 5, 3)), rng.normal(size=(3, 3, 3, 4)), rng.normal(size=4)
    x3, W3, b3 = rng.normal(size=(2, 5, 5, 2)), rng.normal(size=(3, 3, 2, 3)), rng.normal(size=3)
    x4, W4, b4 = rng.normal(size=(2, 4, 4, 2)), rng.normal(size=(3, 3, 2, 2)), rng.normal(size=2)
    x5, W5, b5 = rng.normal(size=(1, 5, 6, 3)), rng.normal(size=(3, 2, 3, 2)), rng.normal(size=2)
    x6, W6, b6 = rng.normal(size=(2, 6, 8, 1)), rng.normal(size=(3, 3, 1, 2)), rng.normal(size=2)
    x7, W7, b7 = rng.normal(size=(2, 8, 7, 2)), rng.normal(size=(3, 3, 2, 3)), rng.normal(size=3)
    x8, W8, b8 = (rng.normal(size=s).astype(np.float32) for s in ((2, 6, 5, 3), (2, 3, 3, 4), (4,)))
    per_window = ("the chain rule sums over every output the parameter touched: over images, output rows, output "
                  "columns (and, for dx, filters)")
    return run_cases(func, [
        case("one 3x3 channel, a 2x2 kernel, dout = ones", x1, W1, np.zeros(1), dout=np.ones((1, 2, 2, 1)),
             hint="each of the four outputs used one 2x2 window: its dout goes back to those four pixels (times "
                  "the matching weight, for dx) and to the four weights (times the matching pixel, for dW); a pixel "
                  "in several windows adds up what each sends back; dx, dW and db have the shapes of x, W and b",
             formula="∂L/∂W[u, v, c, f] = Σₙ,ᵢ,ⱼ x̃[n, i·s + u, j·s + v, c] · dout[n, i, j, f];  "
                     "∂L/∂b_f = Σₙ,ᵢ,ⱼ dout[n, i, j, f]"),
        case("2 images 5x5x3, four 3x3 filters (C_in = 3, C_out = 4), random dout", x2, W2, b2, seed=1,
             hint=per_window + "; db has one entry per filter",
             formula="∂L/∂x̃[n, h, w, c] = Σ over (i, j, u, v) with i·s + u = h, j·s + v = w, and over f, of "
                     "dout[n, i, j, f] · W[u, v, c, f]"),
        case("stride=2", x3, W3, b3, stride=2, seed=102, numeric=True,
             hint="output (i, j) read the window starting at row i times the stride, column j times the stride: "
                  "send its gradient back to that same window",
             formula="the window of output (i, j) covers rows i·s … i·s + KH − 1 and columns j·s … j·s + KW − 1"),
        case("pad=1: dx has the shape of x (not of the padded input)", x4, W4, b4, pad=1, seed=3, numeric=True,
             hint="work on the zero-padded input, then drop the padded border: the zeros are constants, not "
                  "inputs, so dx keeps only the H x W middle",
             formula="dx[n, h, w, c] = ∂L/∂x̃[n, h + p, w + p, c]"),
        case("one image (N = 1) 5x6x3, two 3x2 filters, stride=2, pad=2", x5, W5, b5, stride=2, pad=2, seed=4,
             numeric=True, hint="KH and KW may differ, and so may H and W: keep rows (axis 1) and columns (axis 2) "
                                "apart; keep the batch axis when N = 1"),
        case("6x8 images, 3x3 kernel, stride=2: the last row and column are in no window", x6, W6, b6, stride=2,
             seed=100, numeric=True,
             hint="when the stride does not tile the input, the pixels no window reads get a zero gradient; "
                  "dx still has the shape of x"),
        case("8x7 images, 3x3 filters, stride=3, pad=2", x7, W7, b7, stride=3, pad=2, seed=6,
             hint="pad first, step `stride` pixels over the padded input, and crop the padding from dx at the end"),
        case("overlapping windows: a pixel read by several windows adds up their gradients", x2, W2, b2, pad=1,
             seed=7, hint=per_window + ": with stride 1 a pixel sits in up to KH x KW windows and its gradient "
                                       "is the SUM of what each sends back (add, do not overwrite)"),
        case("float32 inputs", x8, W8, b8, pad=1, seed=8, rtol=1e-4, atol=1e-4,
             hint="the same computation must work for float32 arrays"),
    ], name="conv2d_backward", may_modify=MAY_MODIFY.get("conv2d_backward", ()))


# -------------------------------------------------------------------------------------------- build_cnn
@functools.lru_cache(maxsize=1)
def _digits_split():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = (bunch.images / 16.0)[..., None].astype(np.float32)
    order = np.random.default_rng(0).permutation(len(X))
    train, test = order[:600], order[600:1000]
    return X[train], bunch.target[train], X[test], bunch.target[test]


def _layers(model):
    """Every layer of a model, nested models included."""
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        found.extend(_layers(layer))
    return found


def _config_name(entry):
    """The name of a loss, metric or optimizer as `get_compile_config()` stores it: a string, or a serialized
    object {'class_name': ..., 'config': {'name': ...}}; returns (class name or string, config)."""
    if isinstance(entry, str):
        return entry, {}
    if isinstance(entry, dict):
        config = entry.get("config")
        if isinstance(config, str):         # a plain function: {'class_name': 'function', 'config': its name}
            return config, {}
        return str(entry.get("class_name", "")), dict(config) if isinstance(config, dict) else {}
    return type(entry).__name__, {}


def _squash(text):
    return text.lower().replace("_", "").replace(" ", "")


_ACCURACY = {"accuracy", "acc", "sparsecategoricalaccuracy"}


def _compiled(model):
    """Adam, sparse categorical cross-entropy on probabilities, and accuracy among the metrics. Read from
    `get_compile_config()`, which a model saved to and re-loaded from a `.keras` file keeps."""
    import keras

    if not isinstance(model, keras.Model):
        return f"expected a keras.Model (Sequential or functional), got {type(model).__name__}"
    config = model.get_compile_config() if hasattr(model, "get_compile_config") else None
    if not config or getattr(model, "optimizer", None) is None:
        return "the model is not compiled: call model.compile(optimizer=..., loss=..., metrics=[...]) before returning"
    optimizer, _ = _config_name(config.get("optimizer"))
    if _squash(optimizer) != "adam":
        return f"expected the Adam optimizer, got {optimizer or type(model.optimizer).__name__}"
    loss, loss_config = _config_name(config.get("loss"))
    if _squash(loss) != "sparsecategoricalcrossentropy":
        return f"expected the loss sparse categorical cross-entropy (integer labels), got {config.get('loss')!r}"
    if loss_config.get("from_logits"):
        return ("the loss has from_logits=True, but the model outputs probabilities (softmax): use the loss "
                "'sparse_categorical_crossentropy' as it is")
    metrics = config.get("metrics") or []
    if isinstance(metrics, (str, dict)):
        metrics = [metrics]
    names = set()
    for metric in metrics if isinstance(metrics, (list, tuple)) else []:
        name, metric_config = _config_name(metric)
        names.update({_squash(name), _squash(str(metric_config.get("name", "")))})
    if not names & _ACCURACY:
        return f"expected the metric accuracy (metrics=['accuracy']), got metrics={config.get('metrics')!r}"
    return None


def _shapes(input_shape, n_classes):
    def check(model):
        got_in = tuple(model.input_shape)
        if got_in != (None, *input_shape):
            return f"expected model.input_shape {(None, *input_shape)}, got {got_in}"
        got_out = tuple(model.output_shape)
        if got_out != (None, n_classes):
            return f"expected model.output_shape {(None, n_classes)}, got {got_out}"
        x = np.random.default_rng(0).random((3, *input_shape)).astype("float32")
        probs = np.asarray(model(x, training=False))   # a direct call: predict() would trace a function first
        if not (np.all(probs >= 0) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-4)):
            return f"expected class probabilities (rows >= 0 summing to 1), got rows summing to {probs.sum(axis=1)}"
        return None
    return check


def _has_conv(model):
    import keras

    if not any(isinstance(layer, keras.layers.Conv2D) for layer in _layers(model)):
        kinds = sorted({type(layer).__name__ for layer in _layers(model)})
        return f"expected at least one keras.layers.Conv2D, found only {kinds}"
    return None


def _fewer_params(input_shape, n_classes):
    def check(model):
        limit = MLP_PARAMS[(input_shape, n_classes)]
        got = model.count_params()
        if got >= limit:
            return (f"the CNN has {got:,} parameters, the week-5 MLP {'-'.join(map(str, MLP_HIDDEN))} on the same "
                    f"images {limit:,}: the CNN must have fewer")
        return None
    return check


def _learns(model):
    X_train, y_train, X_test, y_test = _digits_split()
    model.fit(X_train, y_train, epochs=LEARN_EPOCHS, batch_size=LEARN_BATCH, verbose=0)
    acc = float(np.mean(np.argmax(np.asarray(model(X_test, training=False)), axis=1) == y_test))
    if acc < LEARN_TARGET:
        return (f"after {LEARN_EPOCHS} epochs on 600 digits (8x8x1) the test accuracy is {acc:.3f}, "
                f"expected at least {LEARN_TARGET}")
    return None


def build_cnn(func):
    """build_cnn(input_shape, n_classes) -> compiled Keras CNN, fewer parameters than the MLP, and it learns."""
    import keras

    def seeded(*args, **kwargs):
        keras.utils.set_random_seed(0)
        return func(*args, **kwargs)

    digits = ((8, 8, 1), 10)
    return run_cases(seeded, [
        Case("compiled with Adam, sparse categorical cross-entropy and the metric accuracy", args=digits,
             check=_compiled,
             hint="compile the model before returning it: optimizer Adam, loss 'sparse_categorical_crossentropy', "
                  "metrics=['accuracy'], as the docstring says"),
        Case("input (8, 8, 1), 10 class probabilities", args=digits, check=_shapes(*digits),
             hint="start with a keras.Input of shape input_shape, end with a Dense layer of n_classes softmax units"),
        Case("input (28, 28, 1), 3 classes", args=((28, 28, 1), 3), check=_shapes((28, 28, 1), 3),
             hint="use the arguments input_shape and n_classes, not fixed numbers"),
        Case("input (16, 16, 3), 5 classes", args=((16, 16, 3), 5), check=_shapes((16, 16, 3), 5),
             hint="use the arguments input_shape and n_classes, not fixed numbers"),
        Case("at least one Conv2D layer", args=digits, check=_has_conv,
             hint="a CNN needs keras.layers.Conv2D layers (then MaxPooling2D, Flatten, Dense)"),
        Case("fewer parameters than the week-5 MLP on 28x28x1 images", args=((28, 28, 1), 10),
             check=_fewer_params((28, 28, 1), 10),
             hint="pool (MaxPooling2D) before Flatten and keep Dense layers after it small"),
        Case("fewer parameters than the week-5 MLP on 8x8x1 images", args=digits, check=_fewer_params(*digits),
             hint="pool (MaxPooling2D) before Flatten and keep Dense layers after it small"),
        Case(f"learns: {LEARN_EPOCHS} epochs on 600 digits reach {LEARN_TARGET} test accuracy", args=digits,
             check=_learns, hint="ReLU activations in the conv layers, softmax output, Adam with its default "
                                 "learning rate (or a little larger) learn this in seconds"),
    ], name="build_cnn", may_modify=MAY_MODIFY.get("build_cnn", ()))


# ------------------------------------------------------------------------------------------------ rules
# Every rule the notebook states for a graded function (its docstring, the markdown around it), mapped to
# the visible cases above or the hidden assertions of its test cell that exercise it (tests/test_rules.py).
def _size(name, n, k, p, s):                 # the name of a conv_output_size case
    return f"{name}: n={n}, kernel={k}, padding={p}, stride={s}"


_CONV_RULES = {
    "a cross-correlation as tf.nn.conv2d: the kernel is not flipped":
        ["one 4x4 channel, a 2x2 kernel, no bias"],
    "b[f] is added to every output position of filter f": ["the bias is added to every output position"],
    "sums over the window and every input channel; filter f gives output channel f (C_in > 1, C_out > 1)":
        ["2 images 5x5x3, four 3x3 filters, bias", "one image (N=1) 5x6x3, two 3x2 filters, stride=2, pad=2"],
    "stride: window (i, j) starts at row i*stride, column j*stride": ["stride=2"],
    "pad zeros on each side of H and W (zero_pad first)": ["pad=1 ('same' size for a 3x3 kernel)"],
    "stride and pad together: Ho = conv_output_size(H, KH, pad, stride), rounding down":
        ["7x6 images, a 2x3 kernel, stride=2, pad=1", "one image (N=1) 5x6x3, two 3x2 filters, stride=2, pad=2",
         "8x7 images, 3x3 filters, stride=3, pad=2 (the stride does not divide 2*pad)"],
    "KH and KW may differ, and so may H and W":
        ["7x6 images, a 2x3 kernel, stride=2, pad=1", "one image (N=1) 5x6x3, two 3x2 filters, stride=2, pad=2"],
    "x: (N, H, W, C) with any N, one image included":
        ["one 4x4 channel, a 2x2 kernel, no bias", "one image (N=1) 5x6x3, two 3x2 filters, stride=2, pad=2"],
    "defaults stride=1, pad=0": ["one 4x4 channel, a 2x2 kernel, no bias", "2 images 5x5x3, four 3x3 filters, bias"],
    "float32 inputs work (the text names no output dtype)": ["float32 inputs"],
    "x, W and b are not modified": ["2 images 5x5x3, four 3x3 filters, bias",
                                    "7x6 images, a 2x3 kernel, stride=2, pad=1"],
}

_POOL_RULES = {
    "windows start every `stride` pixels; size and stride are separate arguments (stride != size)":
        ["overlapping windows: size=3, stride=1", "7x7 images, size=3, stride=2",
         "size=2 (default), stride=1: one image, 3 channels"],
    "defaults size=2, stride=2": ["one 4x4 channel, size=2, stride=2", "2 images 6x6x3, size=2, stride=2"],
    "no padding: windows that do not fit are dropped, Ho = (H - size) // stride + 1":
        ["a 5x5 image with size=2, stride=2 drops the last row and column", "7x7 images, size=3, stride=2"],
    "each channel is pooled separately": ["2 images 6x6x3, size=2, stride=2",
                                          "size=2 (default), stride=1: one image, 3 channels"],
    "one image (N = 1) with several channels": ["size=2 (default), stride=1: one image, 3 channels"],
    "height and width may differ": ["4x6 images (height != width)"],
    "x is not modified": ["2 images 6x6x3, size=2, stride=2", "overlapping windows: size=3, stride=1"],
}

RULES: dict[str, dict[str, list[str]]] = {
    "conv_output_size": {
        "floor((n + 2*padding - kernel) / stride) + 1: the + 1 counts the first position":
            [_size("no padding, stride 1", 28, 5, 0, 1), _size("kernel as large as the image", 4, 4, 0, 1)],
        "padding: zeros added on EACH side": [_size("'same' padding for a 3x3 kernel", 32, 3, 1, 1),
                                             _size("padding 2, stride 3", 6, 3, 2, 3),
                                             _size("ResNet's first layer", 224, 7, 3, 2)],
        "stride: step between two windows": [_size("stride 2", 7, 3, 0, 2)],
        "rounds down when the stride does not divide evenly":
            [_size("stride that does not divide evenly", 5, 2, 0, 2),
             _size("stride 2, (n - kernel) / stride = 2.5 rounds down", 8, 3, 0, 2),
             "hidden: conv_output_size("],
        "returns an int (not a float)": [_size("no padding, stride 1", 28, 5, 0, 1),
                                         "hidden: conv_output_size should return an int"],
    },
    "zero_pad": {
        "pad zeros above, below, left and right of each image, x in the middle":
            ["one 2x2 image, pad=1", "hidden: zero_pad values (x in the middle, zeros around it)"],
        "only H and W are padded: (N, H + 2*pad, W + 2*pad, C)":
            ["batch of 2, 3x4 images with 3 channels, pad=2", "hidden: zero_pad shape should be"],
        "pad=0 changes nothing": ["pad=0 changes nothing"],
        "same dtype as x": ["float32 stays float32 (one image, 2 channels)", "hidden: zero_pad keeps float32"],
        "one image (N = 1) works": ["one 2x2 image, pad=1", "float32 stays float32 (one image, 2 channels)"],
        "x itself is not modified": ["batch of 2, 3x4 images with 3 channels, pad=2",
                                     "float32 stays float32 (one image, 2 channels)"],
    },
    "conv2d_naive": {
        **_CONV_RULES,
        "a cross-correlation as tf.nn.conv2d: the kernel is not flipped":
            _CONV_RULES["a cross-correlation as tf.nn.conv2d: the kernel is not flipped"]
            + ["hidden: a kernel that picks the top-left pixel (no kernel flip), plus the bias"],
        "equals tf.nn.conv2d": ["2 images 5x5x3, four 3x3 filters, bias",
                                "hidden: conv2d_naive equals tf.nn.conv2d, stride 2, pad 1"],
    },
    "conv2d": {
        **_CONV_RULES,
        "equals tf.nn.conv2d (and conv2d_naive), also for a bigger batch":
            ["a bigger batch: 4 images 12x12x3, eight 5x5 filters, stride=1, pad=2",
             "hidden: conv2d equals tf.nn.conv2d, 3x4 kernel, stride 3, pad 2"],
        "stride 2 with a bias on one image, checked by hand (3x3 box sums)":
            ["hidden: 3x3 box sums with stride 2, bias -1"],
    },
    "max_pool": {
        **_POOL_RULES,
        "each output is the largest value of its size x size window":
            ["one 4x4 channel, size=2, stride=2", "hidden: max_pool of 0..15"],
        "the maximum also of negative values (no running maximum starting at 0)":
            ["all values negative", "hidden: max_pool of 0..-15"],
        "equals tf.nn.max_pool2d with padding 'VALID'":
            ["7x7 images, size=3, stride=2", "hidden: max_pool equals tf.nn.max_pool2d, size 3, stride 2"],
    },
    "avg_pool": {
        **_POOL_RULES,
        "each output is the mean of its size x size window": ["one 4x4 channel, size=2, stride=2",
                                                             "hidden: avg_pool of 0..15"],
        "the mean divides by size * size": ["size=3, stride=3: divide by size*size = 9"],
        "equals tf.nn.avg_pool2d with padding 'VALID'":
            ["overlapping windows: size=3, stride=1", "hidden: avg_pool equals tf.nn.avg_pool2d, size 3, stride 1"],
    },
    "max_pool_backward": {
        "each dout entry goes to the maximum of its window; every other entry gets 0":
            ["one 4x4 channel, dout = ones: a 1 where each window's maximum is",
             "hidden: each dout entry goes to the bottom-right maximum of its window"],
        "dx has the shape of x; entries in no window get 0":
            ["a 5x4 image (the last row is in no window): agrees with the numerical gradient",
             "hidden: dx should have the shape of x"],
        "summed where windows overlap": ["overlapping windows size=3, stride=1: gradients add up",
                                         "hidden: overlapping windows (size 2, stride 1) vs tf.GradientTape"],
        "size and stride arguments (stride != size), defaults size=2, stride=2":
            ["7x7 images, size=3, stride=2", "one 4x4 channel, dout = ones: a 1 where each window's maximum is"],
        "per image and per channel, one image (N = 1) included":
            ["2 images 4x4x3, random dout (compared with tf.GradientTape)",
             "4x6 images (height != width), one image, 2 channels"],
        "the gradient of sum(max_pool(x) * dout) (TensorFlow, numerical gradient)":
            ["2 images 4x4x3, random dout (compared with tf.GradientTape)",
             "a 5x4 image (the last row is in no window): agrees with the numerical gradient"],
        "ties: dout goes to every tied maximum or only to the first in row-major order":
            ["ties: equal maxima in a window (2, 3 or 4 of them)"],
        "dout and x are not modified": ["2 images 4x4x3, random dout (compared with tf.GradientTape)",
                                        "ties: equal maxima in a window (2, 3 or 4 of them)"],
    },
    "conv2d_backward": {
        "returns (dx, dW, db) with the shapes of x, W and b":
            ["one 3x3 channel, a 2x2 kernel, dout = ones",
             "hidden: dx, dW, db have the shapes of x, W and b"],
        "dW[u, v, c, f]: input pixel at (i*stride + u, j*stride + v) times dout, summed over images and positions":
            ["one 3x3 channel, a 2x2 kernel, dout = ones",
             "2 images 5x5x3, four 3x3 filters (C_in = 3, C_out = 4), random dout",
             "hidden: dW and db sum over the four output positions"],
        "db sums dout over images, rows and columns (one entry per filter)":
            ["2 images 5x5x3, four 3x3 filters (C_in = 3, C_out = 4), random dout",
             "hidden: dW and db sum over the four output positions"],
        "dx: each output sends its gradient back through the kernel to its window; overlaps add up":
            ["overlapping windows: a pixel read by several windows adds up their gradients",
             "hidden: with ones everywhere dx counts the windows that cover each pixel (overlaps add up)"],
        "several input channels and filters (C_in > 1, C_out > 1)":
            ["2 images 5x5x3, four 3x3 filters (C_in = 3, C_out = 4), random dout", "stride=2"],
        "stride: window (i, j) starts at row i*stride, column j*stride":
            ["stride=2", "8x7 images, 3x3 filters, stride=3, pad=2",
             "hidden: conv2d_backward {_name} vs tf.GradientTape"],
        "pad: the gradient of the padded input without its border (dx has the shape of x)":
            ["pad=1: dx has the shape of x (not of the padded input)",
             "one image (N = 1) 5x6x3, two 3x2 filters, stride=2, pad=2", "8x7 images, 3x3 filters, stride=3, pad=2"],
        "pixels no window reads (the stride does not tile the input) get 0":
            ["6x8 images, 3x3 kernel, stride=2: the last row and column are in no window",
             "8x7 images, 3x3 filters, stride=3, pad=2"],
        "KH and KW may differ, and so may H and W": ["one image (N = 1) 5x6x3, two 3x2 filters, stride=2, pad=2"],
        "one image (N = 1) works": ["one 3x3 channel, a 2x2 kernel, dout = ones",
                                    "one image (N = 1) 5x6x3, two 3x2 filters, stride=2, pad=2"],
        "the gradients of conv2d: tf.GradientTape and the numerical gradient agree":
            ["stride=2", "pad=1: dx has the shape of x (not of the padded input)",
             "6x8 images, 3x3 kernel, stride=2: the last row and column are in no window",
             "hidden: conv2d_backward {_name} vs tf.GradientTape"],
        "defaults stride=1, pad=0": ["one 3x3 channel, a 2x2 kernel, dout = ones",
                                     "2 images 5x5x3, four 3x3 filters (C_in = 3, C_out = 4), random dout"],
        "float32 inputs work": ["float32 inputs"],
        "dout, x, W and b are not modified": ["2 images 5x5x3, four 3x3 filters (C_in = 3, C_out = 4), random dout",
                                              "stride=2"],
    },
    "build_cnn": {
        "returns a keras.Model": ["compiled with Adam, sparse categorical cross-entropy and the metric accuracy",
                                  "hidden: build_cnn returns a keras.Model"],
        "compiled with optimizer Adam": ["compiled with Adam, sparse categorical cross-entropy and the metric accuracy",
                                         "hidden: compiled with Adam"],
        "loss 'sparse_categorical_crossentropy' on the softmax probabilities":
            ["compiled with Adam, sparse categorical cross-entropy and the metric accuracy",
             "hidden: compiled with the loss sparse categorical cross-entropy"],
        "metrics=['accuracy']": ["compiled with Adam, sparse categorical cross-entropy and the metric accuracy",
                                 "hidden: compiled with the metric accuracy"],
        "takes images of input_shape and outputs n_classes probabilities":
            ["input (8, 8, 1), 10 class probabilities", "input (28, 28, 1), 3 classes",
             "input (16, 16, 3), 5 classes", "hidden: input shape", "hidden: output shape"],
        "contains at least one Conv2D layer": ["at least one Conv2D layer", "hidden: the model has a Conv2D layer"],
        "fewer parameters than week 5's MLP on the same images":
            ["fewer parameters than the week-5 MLP on 28x28x1 images",
             "fewer parameters than the week-5 MLP on 8x8x1 images",
             "hidden: fewer parameters than the MLP on 12x12x2 images"],
        "learns: 10 epochs on 600 digits reach 0.80 test accuracy":
            [f"learns: {LEARN_EPOCHS} epochs on 600 digits reach {LEARN_TARGET} test accuracy",
             "hidden: test accuracy "],
    },
}


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
