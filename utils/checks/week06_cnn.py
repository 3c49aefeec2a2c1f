"""Checks of week 6 (convolutional networks): `checks.conv2d(conv2d)`, `checks.max_pool(max_pool)`, ...

Images are NHWC (batch, height, width, channels) and filters (KH, KW, C_in, C_out), the layouts of
`tf.nn.conv2d`. Expected values come from literals, from `np.pad`, or from TensorFlow in float64
(imported inside each check): `tf.nn.conv2d` with explicit padding [[0,0],[p,p],[p,p],[0,0]],
`tf.nn.max_pool2d` / `tf.nn.avg_pool2d` with padding "VALID", and `tf.GradientTape` through
`tf.nn.max_pool2d` for the backward pass (plus central differences from `utils.gradcheck`).
Inputs of the pooling checks hold distinct values, so the position of each window's maximum is
unique and every correct implementation routes the gradient to the same place. Tolerances allow
float32 arithmetic.
"""
from __future__ import annotations

import functools

import numpy as np

from .engine import Case, run_cases

WEEK = "week06_cnn"
POINTS = {"conv_output_size": 1, "zero_pad": 1, "conv2d_naive": 3, "conv2d": 3, "max_pool": 2, "avg_pool": 2,
          "max_pool_backward": 3, "build_cnn": 3}
__all__ = ["conv_output_size", "zero_pad", "conv2d_naive", "conv2d", "max_pool", "avg_pool",
           "max_pool_backward", "build_cnn"]

_RTOL, _ATOL = 1e-5, 1e-6
MLP_HIDDEN = (64, 128, 256)     # week 5's MLP that build_cnn must beat with fewer parameters
LEARN_EPOCHS, LEARN_BATCH, LEARN_TARGET = 10, 32, 0.80


def _distinct(shape, seed):
    """Values with no ties (a shuffled grid, spaced 0.1 apart, centred on 0): unique maxima."""
    rng = np.random.default_rng(seed)
    n = int(np.prod(shape))
    return (rng.permutation(n).astype(np.float64) - n / 2).reshape(shape) * 0.1


def _tf_conv(x, W, b, stride, pad):
    import tensorflow as tf

    out = tf.nn.conv2d(tf.constant(x, tf.float64), tf.constant(W, tf.float64), strides=stride,
                       padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]])
    return out.numpy() + np.asarray(b, dtype=np.float64)


def _tf_pool(kind, x, size, stride):
    import tensorflow as tf

    pool = tf.nn.max_pool2d if kind == "max" else tf.nn.avg_pool2d
    return pool(tf.constant(x, tf.float64), ksize=size, strides=stride, padding="VALID").numpy()


def _tf_max_pool_grad(dout, x, size, stride):
    import tensorflow as tf

    xt = tf.Variable(tf.constant(x, tf.float64))
    with tf.GradientTape() as tape:
        loss = tf.reduce_sum(tf.nn.max_pool2d(xt, ksize=size, strides=stride, padding="VALID")
                             * tf.constant(dout, tf.float64))
    return tape.gradient(loss, xt).numpy()


def _max_pool_ref(x, size, stride):
    N, H, W, C = x.shape
    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1
    out = np.empty((N, Ho, Wo, C))
    for i in range(Ho):
        for j in range(Wo):
            out[:, i, j, :] = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :].max(axis=(1, 2))
    return out


# ------------------------------------------------------------------------------------ conv_output_size
def conv_output_size(func):
    """conv_output_size(n, kernel, padding, stride) = floor((n + 2*padding - kernel) / stride) + 1, an int."""
    def case(n, k, p, s, expect, name, hint):
        return Case(f"{name}: n={n}, kernel={k}, padding={p}, stride={s}", args=(n, k, p, s),
                    expect=np.int64(expect), dtype="int", hint=hint)

    return run_cases(func, [
        case(28, 5, 0, 1, 24, "no padding, stride 1", "n - kernel + 1: do not forget the + 1"),
        case(32, 3, 1, 1, 32, "'same' padding for a 3x3 kernel",
             "padding is added on BOTH sides: n + 2*padding - kernel"),
        case(7, 3, 0, 2, 3, "stride 2", "divide (n + 2p - k) by the stride before adding 1"),
        case(5, 2, 0, 2, 2, "stride that does not divide evenly",
             "round down (floor, //): a window that would stick out of the image is dropped"),
        case(224, 7, 3, 2, 112, "ResNet's first layer", "floor((n + 2*padding - kernel) / stride) + 1"),
        case(4, 4, 0, 1, 1, "kernel as large as the image", "one position fits: (4 - 4) / 1 + 1 = 1"),
        case(6, 3, 2, 3, 3, "padding 2, stride 3", "floor((6 + 4 - 3) / 3) + 1 = 3"),
    ], name="conv_output_size")


# -------------------------------------------------------------------------------------------- zero_pad
def zero_pad(func):
    """zero_pad(x, pad): pad rows and columns (axes 1 and 2 of NHWC) with `pad` zeros on each side."""
    def ref(x, p):
        return np.pad(x, ((0, 0), (p, p), (p, p), (0, 0)))

    x1 = np.array([[1.0, 2.0], [3.0, 4.0]]).reshape(1, 2, 2, 1)
    rng = np.random.default_rng(6)
    x2 = rng.normal(size=(2, 3, 4, 3))
    x3 = rng.normal(size=(1, 3, 3, 2)).astype(np.float32)
    return run_cases(func, [
        Case("one 2x2 image, pad=1", args=(x1, 1), expect=ref(x1, 1),
             hint="add pad zeros above, below, left and right: only axes 1 (H) and 2 (W)"),
        Case("batch of 2, 3x4 images with 3 channels, pad=2", args=(x2, 2), expect=ref(x2, 2),
             hint="do not pad the batch axis (0) or the channel axis (3): "
                  "np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))"),
        Case("pad=0 changes nothing", args=(x2, 0), expect=x2, hint="with pad=0 the result equals x"),
        Case("float32 stays float32", args=(x3, 1), expect=ref(x3, 1), dtype="float32",
             hint="keep the input's dtype (np.pad does; np.zeros(...) needs dtype=x.dtype)"),
    ], name="zero_pad")


# --------------------------------------------------------------------------------- conv2d (both kinds)
def _conv_cases():
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
    zero1 = np.zeros(1)
    return [
        Case("one 4x4 channel, a 2x2 kernel, no bias", args=(x1, W1, zero1), expect=_tf_conv(x1, W1, zero1, 1, 0),
             hint="a conv layer computes a cross-correlation (as tf.nn.conv2d): slide W over x without flipping it, "
                  "out[n, i, j, f] = sum(x[n, i:i+KH, j:j+KW, :] * W[..., f]) + b[f]", rtol=_RTOL, atol=_ATOL),
        Case("the bias is added to every output position", args=(x1, W1, np.array([2.5])),
             expect=_tf_conv(x1, W1, [2.5], 1, 0), hint="add b[f] to every output value of filter f",
             rtol=_RTOL, atol=_ATOL),
        Case("2 images 5x5x3, four 3x3 filters, bias", args=(x2, W2, b2), expect=_tf_conv(x2, W2, b2, 1, 0),
             hint="sum over the window AND the input channels; filter f writes output channel f",
             rtol=_RTOL, atol=_ATOL),
        Case("stride=2", args=(x2, W2, b2), kwargs={"stride": 2}, expect=_tf_conv(x2, W2, b2, 2, 0),
             hint="output pixel (i, j) reads the window starting at row i*stride, column j*stride",
             rtol=_RTOL, atol=_ATOL),
        Case("pad=1 ('same' size for a 3x3 kernel)", args=(x2, W2, b2), kwargs={"pad": 1},
             expect=_tf_conv(x2, W2, b2, 1, 1), hint="zero-pad H and W first (zero_pad), then slide the kernel",
             rtol=_RTOL, atol=_ATOL),
        Case("7x6 images, a 2x3 kernel, stride=2, pad=1", args=(x3, W3, b3), kwargs={"stride": 2, "pad": 1},
             expect=_tf_conv(x3, W3, b3, 2, 1),
             hint="height and width may differ, and so may KH and KW: keep rows (axis 1) and columns (axis 2) apart",
             rtol=_RTOL, atol=_ATOL),
        Case("float32 inputs", args=(x4, W4, b4), kwargs={"pad": 1}, expect=_tf_conv(x4, W4, b4, 1, 1),
             hint="the same computation must work for float32 arrays", rtol=1e-4, atol=1e-4),
    ]


def conv2d_naive(func):
    """conv2d_naive(x, W, b, stride=1, pad=0) equals tf.nn.conv2d (padding [[0,0],[p,p],[p,p],[0,0]]) + b."""
    return run_cases(func, _conv_cases(), name="conv2d_naive")


def conv2d(func):
    """conv2d(x, W, b, stride=1, pad=0): the vectorised version, same results as conv2d_naive and TensorFlow."""
    rng = np.random.default_rng(61)
    x5, W5, b5 = rng.normal(size=(4, 12, 12, 3)), rng.normal(size=(5, 5, 3, 8)), rng.normal(size=8)
    cases = _conv_cases() + [
        Case("a bigger batch: 4 images 12x12x3, eight 5x5 filters, stride=1, pad=2", args=(x5, W5, b5),
             kwargs={"pad": 2}, expect=_tf_conv(x5, W5, b5, 1, 2), rtol=_RTOL, atol=1e-5,
             hint="reshape the windows to (N*Ho*Wo, KH*KW*C) and W to (KH*KW*C, F) in the SAME order"),
    ]
    return run_cases(func, cases, name="conv2d")


# ------------------------------------------------------------------------------------------------ pools
def _pool_cases(kind):
    x1 = _distinct((1, 4, 4, 1), 1)
    x2 = _distinct((2, 6, 6, 3), 2)
    x3 = _distinct((1, 5, 5, 2), 3)
    x4 = _distinct((2, 7, 7, 1), 4)
    x5 = _distinct((1, 4, 6, 2), 5)
    neg = -np.abs(_distinct((1, 4, 4, 2), 6)) - 1.0
    what = "the largest" if kind == "max" else "the mean of the"
    cases = [
        Case("one 4x4 channel, size=2, stride=2", args=(x1,), expect=_tf_pool(kind, x1, 2, 2),
             hint=f"each output is {what} size x size values of its window; windows start every `stride` pixels"),
        Case("2 images 6x6x3, size=2, stride=2", args=(x2,), expect=_tf_pool(kind, x2, 2, 2),
             hint="pool each channel separately: reduce over the window's rows and columns (axes 1 and 2) only"),
        Case("overlapping windows: size=3, stride=1", args=(x3,), kwargs={"size": 3, "stride": 1},
             expect=_tf_pool(kind, x3, 3, 1), hint="use the size and stride arguments, not a fixed 2"),
        Case("7x7 images, size=3, stride=2", args=(x4,), kwargs={"size": 3, "stride": 2},
             expect=_tf_pool(kind, x4, 3, 2), hint="output size (H - size) // stride + 1 ('VALID' pooling)"),
        Case("a 5x5 image with size=2, stride=2 drops the last row and column", args=(x3,),
             expect=_tf_pool(kind, x3, 2, 2), hint="windows that do not fit entirely are dropped (floor)"),
        Case("4x6 images (height != width)", args=(x5,), expect=_tf_pool(kind, x5, 2, 2),
             hint="keep rows (axis 1) and columns (axis 2) apart"),
    ]
    if kind == "max":
        cases.append(Case("all values negative", args=(neg,), expect=_tf_pool(kind, neg, 2, 2),
                          hint="start a running maximum at -inf (or the first value), not at 0"))
    else:
        cases.append(Case("size=3, stride=3: divide by size*size = 9", args=(x4[:, :6, :6],),
                          kwargs={"size": 3, "stride": 3}, expect=_tf_pool(kind, x4[:, :6, :6], 3, 3),
                          hint="the mean of a size x size window divides by size**2"))
    for case in cases:
        case.rtol, case.atol = _RTOL, _ATOL
    return cases


def max_pool(func):
    """max_pool(x, size=2, stride=2) equals tf.nn.max_pool2d(x, size, stride, 'VALID')."""
    return run_cases(func, _pool_cases("max"), name="max_pool")


def avg_pool(func):
    """avg_pool(x, size=2, stride=2) equals tf.nn.avg_pool2d(x, size, stride, 'VALID')."""
    return run_cases(func, _pool_cases("avg"), name="avg_pool")


# ------------------------------------------------------------------------------------ max_pool_backward
def _agrees_with_numerical(x, dout, size, stride):
    from utils.gradcheck import numerical_gradient_array, rel_error

    numeric = numerical_gradient_array(lambda z: _max_pool_ref(z, size, stride), x.copy(), dout)

    def check(dx):
        err = rel_error(numeric, np.asarray(dx, dtype=np.float64))
        if err > 1e-6:
            return (f"relative error {err:.2e} against the numerical gradient (central differences, "
                    f"utils.gradcheck) is above 1e-6")
        return None
    return check


def max_pool_backward(func):
    """max_pool_backward(dout, x, size=2, stride=2): gradient of sum(max_pool(x) * dout) w.r.t. x."""
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
    return run_cases(func, [
        Case("one 4x4 channel, dout = ones: a 1 where each window's maximum is", args=(np.ones((1, 2, 2, 1)), x1),
             expect=dx1, hint="only the maximum of each window gets the gradient; every other entry gets 0"),
        Case("2 images 4x4x3, random dout (compared with tf.GradientTape)", args=(d2, x2),
             expect=_tf_max_pool_grad(d2, x2, 2, 2), rtol=_RTOL, atol=_ATOL,
             hint="dx[window's argmax] = dout[n, i, j, c], per image and per channel; dx has the shape of x"),
        Case("overlapping windows size=3, stride=1: gradients add up", args=(d3, x3),
             kwargs={"size": 3, "stride": 1}, expect=_tf_max_pool_grad(d3, x3, 3, 1), rtol=_RTOL, atol=_ATOL,
             hint="a pixel that is the maximum of several windows receives the SUM of their gradients (+=, not =)"),
        Case("7x7 images, size=3, stride=2", args=(d4, x4), kwargs={"size": 3, "stride": 2},
             expect=_tf_max_pool_grad(d4, x4, 3, 2), rtol=_RTOL, atol=_ATOL,
             hint="window (i, j) covers rows i*stride ... i*stride+size-1"),
        Case("4x6 images (height != width)", args=(d5, x5), expect=_tf_max_pool_grad(d5, x5, 2, 2),
             rtol=_RTOL, atol=_ATOL, hint="keep rows (axis 1) and columns (axis 2) apart"),
        Case("a 5x4 image (the last row is in no window): agrees with the numerical gradient", args=(d6, x6),
             check=_agrees_with_numerical(x6, d6, 2, 2),
             hint="dx has the shape of x; rows that no window covers get 0"),
    ], name="max_pool_backward")


# -------------------------------------------------------------------------------------------- build_cnn
def mlp_param_count(input_shape, n_classes, hidden=MLP_HIDDEN):
    """Parameters of week 5's MLP (Dense layers `hidden`, then n_classes) on flattened images."""
    sizes = [int(np.prod(input_shape)), *hidden, n_classes]
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


@functools.lru_cache(maxsize=1)
def _digits_split():
    from sklearn.datasets import load_digits

    bunch = load_digits()
    X = (bunch.images / 16.0)[..., None].astype(np.float32)
    order = np.random.default_rng(0).permutation(len(X))
    train, test = order[:600], order[600:1000]
    return X[train], bunch.target[train], X[test], bunch.target[test]


def _loss_name(loss):
    if isinstance(loss, str):
        return loss.lower()
    for attr in ("name", "__name__"):
        value = getattr(loss, attr, None)
        if isinstance(value, str):
            return value.lower()
    return type(loss).__name__.lower()


def _layers(model):
    """Every layer of a model, nested models included."""
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        found.extend(_layers(layer))
    return found


def _compiled(model):
    import keras

    if not isinstance(model, keras.Model):
        return f"expected a keras.Model (Sequential or functional), got {type(model).__name__}"
    if getattr(model, "optimizer", None) is None or not getattr(model, "compiled", True):
        return "the model is not compiled: call model.compile(optimizer=..., loss=..., metrics=[...]) before returning"
    name = _loss_name(model.loss).replace("_", "").replace(" ", "")
    if "sparsecategoricalcrossentropy" not in name:
        return (f"expected the loss sparse categorical cross-entropy (integer labels), got {model.loss!r}")
    if "adam" not in type(model.optimizer).__name__.lower():
        return f"expected the Adam optimizer, got {type(model.optimizer).__name__}"
    return None


def _shapes(input_shape, n_classes):
    def check(model):
        got_in = tuple(model.input_shape)
        if got_in != (None, *input_shape):
            return f"expected model.input_shape {(None, *input_shape)}, got {got_in}"
        got_out = tuple(model.output_shape)
        if got_out != (None, n_classes):
            return f"expected model.output_shape {(None, n_classes)}, got {got_out}"
        probs = np.asarray(model.predict(np.random.default_rng(0).random((3, *input_shape)).astype("float32"),
                                         verbose=0))
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
        limit = mlp_param_count(input_shape, n_classes)
        got = model.count_params()
        if got >= limit:
            return (f"the CNN has {got:,} parameters, the week-5 MLP {'-'.join(map(str, MLP_HIDDEN))} on the same "
                    f"images {limit:,}: the CNN must have fewer")
        return None
    return check


def _learns(model):
    X_train, y_train, X_test, y_test = _digits_split()
    model.fit(X_train, y_train, epochs=LEARN_EPOCHS, batch_size=LEARN_BATCH, verbose=0)
    acc = float(np.mean(np.argmax(model.predict(X_test, verbose=0), axis=1) == y_test))
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
        Case("a compiled keras.Model for 8x8x1 images, 10 classes", args=digits, check=_compiled,
             hint="model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])"),
        Case("input (8, 8, 1), 10 class probabilities", args=digits, check=_shapes(*digits),
             hint="start with keras.Input(shape=input_shape), end with Dense(n_classes, activation='softmax')"),
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
    ], name="build_cnn")
