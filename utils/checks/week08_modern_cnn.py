"""Checks of week 8 (modern CNNs): receptive fields, the dense residual block (forward and backward), global
average pooling and class activation maps.

Expected values are literals, NumPy expressions written out inside each check function, or TensorFlow/Keras,
imported inside the check functions that compare with it (a Keras Dense/Add residual block and
tf.GradientTape, keras.layers.GlobalAveragePooling2D, a GAP + Dense head for the class scores, tf.einsum for the
class activation maps). Gradient checks go through `utils.checks.gradients`. No function of this module maps a
graded function's inputs to its result.
"""
from __future__ import annotations

import numpy as np

from .engine import Case, compare, functions_only, run_cases, same
from .gradients import backward_through_forward, gradient_check

WEEK = "week08_modern_cnn"
POINTS = {
    "receptive_field": 2,
    "residual_block_forward": 3,
    "residual_block_backward": 5,
    "global_average_pool": 2,
    "class_activation_map": 4,
}
__all__ = list(POINTS)

# No graded function of the week may change its arguments in place.
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

# Library functions that compute what the student is asked to write with NumPy (flagged in the class report).
OWN_WORK: dict[str, list[str]] = {
    "residual_block_backward": ["tensorflow.GradientTape", "tensorflow.gradients", "jax.grad"],
    "global_average_pool": ["keras.layers.GlobalAveragePooling2D", "tensorflow.keras.layers.GlobalAveragePooling2D",
                            "tensorflow.reduce_mean", "keras.ops.mean"],
    "class_activation_map": ["tensorflow.einsum", "keras.ops.einsum"],
}


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------------------------
# receptive_field
# ----------------------------------------------------------------------------------------------
RF_FORMULA = "r₀ = 1, j₀ = 1; rₗ = rₗ₋₁ + (kₗ − 1) · jₗ₋₁ and jₗ = jₗ₋₁ · sₗ (j: input pixels between neighbouring units)"


def _is_int(result):
    if isinstance(result, (bool, np.bool_)) or not isinstance(result, (int, np.integer)):
        return f"expected an int, got {type(result).__name__} {result!r}"
    return None


def receptive_field(func):
    """Check receptive_field(layers) -> int against values counted by hand (stored literals)."""
    stride_hint = ("after a layer with stride s, neighbouring units of the next layer sit s times farther apart in "
                   "the input: a kernel there widens the field by more than kernel - 1 pixels")
    vgg16 = ([(3, 1)] * 2 + [(2, 2)]) * 2 + ([(3, 1)] * 3 + [(2, 2)]) * 3
    cases = [
        Case("no layers: a unit of the input sees one pixel", args=([],), expect=1,
             hint="with nothing stacked, a 'unit' is one input pixel", check=_is_int),
        Case("one 3x3 convolution sees 3 pixels", args=([(3, 1)],), expect=3, check=_is_int,
             hint="a k-wide kernel over the input sees k pixels"),
        Case("two 3x3 convolutions see 5 pixels", args=([(3, 1), (3, 1)],), expect=5, check=_is_int,
             hint="each extra 3x3 layer at stride 1 adds 2 pixels (one on each side), not 3"),
        Case("conv 3x3, pool 2x2 stride 2, conv 3x3: 8 pixels", args=([(3, 1), (2, 2), (3, 1)],), expect=8,
             check=_is_int, hint=stride_hint, formula=RF_FORMULA),
        Case("AlexNet's first three layers (11, 4), (3, 2), (5, 1): 51 pixels", args=([(11, 4), (3, 2), (5, 1)],),
             expect=51, check=_is_int, hint=stride_hint, formula=RF_FORMULA),
        Case("the stride of the last layer does not widen its own field", args=([(3, 1), (3, 4)],), expect=5,
             check=_is_int, hint="a layer's stride spaces out the units of the layers ABOVE it; it does not change "
                                 "what each of its own units sees", formula=RF_FORMULA),
        Case("1x1 convolutions add nothing", args=([(1, 1), (3, 2), (1, 1)],), expect=3, check=_is_int,
             hint="a 1x1 kernel mixes channels at one position: it does not widen the field"),
        Case("VGG-16 (13 convs 3x3, 5 pools 2x2 stride 2): 212 pixels", args=(vgg16,), expect=212, check=_is_int,
             hint=stride_hint, formula=RF_FORMULA),
        Case("pairs given as lists [kernel, stride] work too", args=([[5, 1], [2, 2], [5, 1], [2, 2]],), expect=16,
             check=_is_int, hint="unpack each pair into kernel and stride; a list of two ints works like a tuple"),
    ]
    return run_cases(func, cases, name="receptive_field", may_modify=MAY_MODIFY.get("receptive_field", ()))


# ----------------------------------------------------------------------------------------------
# residual block forward
# ----------------------------------------------------------------------------------------------
RES_FORWARD_FORMULA = "out = relu(relu(x W₁ + b₁) W₂ + b₂ + s(x)), with s(x) = x or x Wₛ"


def _block_inputs(seed, n, d, h, m, projection):
    r = _rng(seed)
    x, W1, b1 = r.normal(size=(n, d)), r.normal(size=(d, h)) / np.sqrt(d), r.normal(size=h) * 0.5
    W2, b2 = r.normal(size=(h, m)) / np.sqrt(h), r.normal(size=m) * 0.5
    Ws = r.normal(size=(d, m)) / np.sqrt(d) if projection else None
    return x, W1, b1, W2, b2, Ws


def _pair(result, n, m):
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return f"expected a tuple (out, cache), got {type(result).__name__}"
    out = np.asarray(result[0])
    if out.shape != (n, m):
        return f"expected out.shape {(n, m)} (N, M), got {out.shape}"
    return None


def _forward_check(expected):
    def check(result):
        problem = _pair(result, *expected.shape)
        return problem or compare(result[0], expected, label="out", rtol=1e-6, atol=1e-9)
    return check


def _keras_block_check(args):
    """Compare out with a Keras functional block (Dense, Add, ReLU) holding the same weights (float64)."""
    def check(result):
        import keras

        x, W1, b1, W2, b2, Ws = args
        problem = _pair(result, x.shape[0], W2.shape[1])
        if problem:
            return problem
        inp = keras.Input((x.shape[1],), dtype="float64")
        branch = keras.layers.Dense(W2.shape[1], dtype="float64")(
            keras.layers.Dense(W1.shape[1], activation="relu", dtype="float64")(inp))
        skip = inp if Ws is None else keras.layers.Dense(W2.shape[1], use_bias=False, dtype="float64")(inp)
        model = keras.Model(inp, keras.layers.ReLU(dtype="float64")(keras.layers.Add(dtype="float64")([branch, skip])))
        model.set_weights([W1, b1, W2, b2] + ([] if Ws is None else [Ws]))
        return compare(result[0], np.asarray(model(x)), label="out (vs a Keras Dense/Add block)", rtol=1e-6, atol=1e-9)
    return check


def _raises_value_error(func):
    """A wrapper whose result says whether func raised a ValueError with a message."""
    def call(x, W1, b1, W2, b2, Ws=None):
        try:
            func(x, W1, b1, W2, b2, Ws)
        except ValueError as exc:
            return "ValueError with a message" if str(exc).strip() else "ValueError without a message"
        return "no error"
    return call


def residual_block_forward(func):
    """Check residual_block_forward(x, W1, b1, W2, b2, Ws=None) -> (out, cache): values written out, a Keras
    Dense/Add block, and the ValueError for an identity shortcut that cannot fit."""
    def _block_out(x, W1, b1, W2, b2, Ws=None):     # the block's output, written out for the expectations
        h = np.maximum(x @ W1 + b1, 0.0)
        return np.maximum(h @ W2 + b2 + (x if Ws is None else x @ Ws), 0.0)

    ident = _block_inputs(81, 4, 3, 5, 3, False)
    proj = _block_inputs(82, 5, 3, 4, 6, True)
    same_width_proj = _block_inputs(83, 3, 4, 2, 4, True)
    big = _block_inputs(84, 6, 5, 7, 5, False)
    x, W1, b1, W2, b2, _ = ident
    cases = [
        Case("identity shortcut, N=4, D=M=3, H=5", args=ident[:5], check=_forward_check(_block_out(*ident)),
             hint="two dense layers with a ReLU between them, then the input added back, and a ReLU at the very end",
             formula=RES_FORWARD_FORMULA),
        Case("the shortcut is added BEFORE the last ReLU", args=big[:5], check=_forward_check(_block_out(*big)),
             hint="the sum of the branch and the shortcut goes through the final ReLU (adding x after it gives "
                  "negative outputs where x is negative)", formula=RES_FORWARD_FORMULA),
        Case("projection shortcut, D=3 -> M=6", args=proj, check=_forward_check(_block_out(*proj)),
             hint="with Ws given, the shortcut is the input projected to M columns by Ws",
             formula=RES_FORWARD_FORMULA),
        Case("projection with M == D uses Ws, not the identity", args=same_width_proj,
             check=_forward_check(_block_out(*same_width_proj)),
             hint="Ws given means the projection shortcut even when the widths match"),
        Case("Ws passed as a keyword, Ws=None", args=ident[:5], kwargs={"Ws": None},
             check=_forward_check(_block_out(*ident)), hint="Ws=None is the identity shortcut"),
        Case("a batch of one sample", args=(x[:1], W1, b1, W2, b2), check=_forward_check(_block_out(x[:1], W1, b1, W2, b2)),
             hint="every row of x is one sample: the output has one row per sample"),
        Case("identity block compared with a Keras Dense/Add/ReLU block", args=big[:5], check=_keras_block_check(big),
             hint="out is what keras.layers.Add()([branch, x]) followed by ReLU computes"),
        Case("projection block compared with a Keras Dense/Add/ReLU block", args=proj, check=_keras_block_check(proj),
             hint="the projection is a Dense layer without bias applied to x"),
    ]
    run_cases(func, cases, name="residual_block_forward", quiet=True,
              may_modify=MAY_MODIFY.get("residual_block_forward", ()))
    bad = _block_inputs(85, 2, 3, 4, 5, False)
    error_cases = [
        Case("M != D with Ws=None raises ValueError with a message", args=bad[:5], expect="ValueError with a message",
             hint="the identity shortcut cannot be added when the block changes the width: raise ValueError('...') "
                  "with a sentence saying so (check the shapes before computing)"),
        Case("M == D with Ws=None raises nothing", args=ident[:5], expect="no error",
             hint="only a width mismatch without Ws is an error"),
    ]
    run_cases(_raises_value_error(func), error_cases, name="residual_block_forward", quiet=True)
    total = len(cases) + len(error_cases)
    print(f"residual_block_forward: {total}/{total} checks passed")
    return total


# ----------------------------------------------------------------------------------------------
# residual block backward
# ----------------------------------------------------------------------------------------------
RES_BACKWARD_FORMULA = ("with δ = ∂L/∂out ⊙ 1[p > 0]: ∂L/∂W₂ = hᵀδ, ∂L/∂b₂ = Σₙ δ, ∂L/∂z₁ = δW₂ᵀ ⊙ 1[z₁ > 0], "
                        "∂L/∂W₁ = xᵀ ∂L/∂z₁, ∂L/∂b₁ = Σₙ ∂L/∂z₁, ∂L/∂x = ∂L/∂z₁ W₁ᵀ + δ (or + δWₛᵀ), ∂L/∂Wₛ = xᵀδ")
LABELS = ("dx", "dW1", "db1", "dW2", "db2", "dWs")


def _tape_grads(inputs, dout):
    """The block's gradients (dx, dW1, db1, dW2, db2, dWs) for the upstream dout, by TensorFlow's autodiff (dWs is
    None for the identity shortcut): the expected values, with no backward pass written out here."""
    import tensorflow as tf

    tensors = [tf.constant(v) for v in inputs if v is not None]
    with tf.GradientTape() as tape:
        tape.watch(tensors)
        x, W1, b1, W2, b2 = tensors[:5]
        skip = x if len(tensors) == 5 else tf.matmul(x, tensors[5])
        out = tf.nn.relu(tf.matmul(tf.nn.relu(tf.matmul(x, W1) + b1), W2) + b2 + skip)
        loss = tf.reduce_sum(out * dout)
    grads = [g.numpy() for g in tape.gradient(loss, tensors)]
    return grads + [None] * (6 - len(grads))


def residual_block_backward(func, forward=None):
    """Check residual_block_backward(dout, cache) -> (dx, dW1, db1, dW2, db2, dWs), with the cache made by the
    student's residual_block_forward: values written out, the course's gradient check, tf.GradientTape on a
    Keras block, dWs None for the identity shortcut, dout and cache unchanged."""
    backward_of, cache_changed = backward_through_forward(
        func, forward, "residual_block_backward", "residual_block_forward", ("x", "W1", "b1", "W2", "b2", "Ws", "dout"),
        "dout")

    def structure(result, projection):
        if cache_changed and cache_changed[-1]:
            return ("residual_block_backward changed the cache in place (an array the forward pass stored); "
                    "compute new arrays and leave the cache as it was")
        if not isinstance(result, (tuple, list)) or len(result) != 6:
            return f"expected a tuple (dx, dW1, db1, dW2, db2, dWs) of 6 values, got {type(result).__name__}" + (
                f" of {len(result)}" if isinstance(result, (tuple, list)) else "")
        if not projection and result[5] is not None:
            return "expected dWs = None for the identity shortcut (there is no Ws to update), got an array"
        if projection and result[5] is None:
            return "expected dWs, the gradient of the projection Ws, got None"
        return None

    def values_check(expected, projection, source=""):
        def check(result):
            problem = structure(result, projection)
            if problem:
                return problem
            for label, got, want in zip(LABELS, result, expected):
                msg = compare(got, want, label=label + source, rtol=1e-6, atol=1e-9)
                if msg:
                    return msg
            return None
        return check

    def gradcheck(inputs, dout, projection):
        x, W1, b1, W2, b2, Ws = inputs
        if projection:
            def out(x_, W1_, b1_, W2_, b2_, Ws_):
                return np.maximum(np.maximum(x_ @ W1_ + b1_, 0) @ W2_ + b2_ + x_ @ Ws_, 0)
            numeric = gradient_check(out, [x, W1, b1, W2, b2, Ws], dout, LABELS)
        else:
            def out(x_, W1_, b1_, W2_, b2_):
                return np.maximum(np.maximum(x_ @ W1_ + b1_, 0) @ W2_ + b2_ + x_, 0)
            numeric = gradient_check(out, [x, W1, b1, W2, b2], dout, LABELS[:5])

        def check(result):
            return structure(result, projection) or numeric(result)
        return check

    def tape_check(inputs, dout):
        return values_check(_tape_grads(inputs, dout), inputs[5] is not None, " (vs tf.GradientTape)")

    cases = []
    specs = [
        (91, 4, 3, 5, 3, False, "identity shortcut, N=4, D=M=3, H=5",
         "x reaches the sum along two paths, through the branch and through the skip, and dx adds both; the bias "
         "gradients add up over the batch; the ReLU masks zero the gradient where a unit was off"),
        (92, 5, 3, 4, 6, True, "projection shortcut, D=3 -> M=6",
         "with a projection, x reaches the sum through Ws: its gradient has that path too, and Ws gets a gradient"),
        (93, 6, 4, 6, 4, False, "identity shortcut, N=6, D=M=4, H=6",
         "x reaches the output along two paths, through the branch and through the skip: their gradients add"),
    ]
    for seed, n, d, h, m, projection, what, hint in specs:
        inputs = _block_inputs(seed, n, d, h, m, projection)
        dout = _rng(seed + 100).normal(size=(n, m))
        args = (*inputs, dout)
        if seed == 91:
            cases.append(Case("dout and the cache stay as they were", args=args,
                              check=lambda result: structure(result, False),
                              hint="compute the gradients into new arrays; do not update dout or the cached arrays in "
                                   "place (-=, *=, masking by assignment)"))
        cases.append(Case(what, args=args, check=values_check(_tape_grads(inputs, dout), projection), hint=hint,
                          formula=RES_BACKWARD_FORMULA))
        cases.append(Case(what + ": gradient check against central differences", args=args,
                          check=gradcheck(inputs, dout, projection), hint=hint, formula=RES_BACKWARD_FORMULA))
    inputs = _block_inputs(94, 3, 5, 3, 5, False)
    dout = _rng(194).normal(size=(3, 5))
    cases.append(Case("identity block: every gradient compared with tf.GradientTape", args=(*inputs, dout),
                      check=tape_check(inputs, dout), hint="the same gradients TensorFlow's autodiff finds for the block",
                      formula=RES_BACKWARD_FORMULA))
    inputs = _block_inputs(95, 4, 2, 3, 3, True)
    dout = _rng(195).normal(size=(4, 3))
    cases.append(Case("projection block: every gradient compared with tf.GradientTape", args=(*inputs, dout),
                      check=tape_check(inputs, dout), hint="the same gradients TensorFlow's autodiff finds for the block",
                      formula=RES_BACKWARD_FORMULA))
    return run_cases(backward_of, cases, name="residual_block_backward",
                     may_modify=MAY_MODIFY.get("residual_block_backward", ()))


# ----------------------------------------------------------------------------------------------
# global average pooling
# ----------------------------------------------------------------------------------------------
def _keras_gap_check(x):
    def check(result):
        import keras

        want = np.asarray(keras.layers.GlobalAveragePooling2D()(x))
        return compare(result, want, label="result (vs keras.layers.GlobalAveragePooling2D)", rtol=1e-5, atol=1e-6)
    return check


def global_average_pool(func):
    """Check global_average_pool(x) -> (N, C) against means written out and Keras' GlobalAveragePooling2D."""
    r = _rng(80)
    x = r.normal(size=(2, 3, 4, 5))
    x_rect = r.normal(size=(2, 2, 6, 3))
    x32 = r.normal(size=(3, 7, 7, 4)).astype(np.float32)
    axes_hint = "average over the two spatial axes, height and width, and keep the batch and channel axes"
    return run_cases(func, [
        Case("(2, 3, 4, 5) -> (2, 5)", args=(x,), expect=x.sum(axis=1).sum(axis=1) / 12, hint=axes_hint,
             formula="gap(x)ₙ,꜀ = (1 / HW) Σᵢ Σⱼ xₙ,ᵢ,ⱼ,꜀"),
        Case("H != W: (2, 2, 6, 3) -> (2, 3)", args=(x_rect,), expect=x_rect.sum(axis=1).sum(axis=1) / 12,
             hint=axes_hint),
        Case("one position (1, 1, 1, 3): the values themselves", args=(np.array([[[[1.0, -2.0, 3.5]]]]),),
             expect=np.array([[1.0, -2.0, 3.5]]), hint="a 1x1 feature map averages to its own value"),
        Case("float32 (3, 7, 7, 4) stays float32, compared with keras.layers.GlobalAveragePooling2D", args=(x32,),
             check=_keras_gap_check(x32), dtype="float32",
             hint="keep the input's dtype (no conversion to float64); the mean over the positions, per channel"),
    ], name="global_average_pool", may_modify=MAY_MODIFY.get("global_average_pool", ()))


# ----------------------------------------------------------------------------------------------
# class activation maps
# ----------------------------------------------------------------------------------------------
CAM_FORMULA = "CAM[n, i, j] = Σₖ weights[k, cₙ] · features[n, i, j, k]"


def _score_check(features, weights, bias, classes):
    """The mean of each map plus the bias equals the class score of a Keras GAP + Dense head."""
    def check(result):
        import keras

        got = np.asarray(result, dtype=np.float64)
        if got.shape != features.shape[:3]:
            return f"expected result.shape {features.shape[:3]} (N, H, W), got {got.shape}"
        head = keras.Sequential([keras.Input(features.shape[1:], dtype="float64"),
                                 keras.layers.GlobalAveragePooling2D(dtype="float64"),
                                 keras.layers.Dense(weights.shape[1], dtype="float64")])
        head.set_weights([weights, bias])
        scores = np.asarray(head(features))[np.arange(len(classes)), classes]
        return compare(got.mean(axis=(1, 2)) + bias[classes], scores,
                       label="mean of each map + bias (vs the class score of a Keras GAP + Dense head)",
                       rtol=1e-6, atol=1e-9)
    return check


def class_activation_map(func):
    """Check class_activation_map(features, weights, class_index) -> (N, H, W): tf.einsum sums, and the maps
    averaging to the class scores of a Keras GAP + Dense head."""
    def _cam_expected(features, weights, classes):   # tf.einsum over the channels, one image at a time
        import tensorflow as tf

        f64, w64 = tf.constant(np.asarray(features, np.float64)), tf.constant(np.asarray(weights, np.float64))
        return np.stack([tf.einsum("hwc,c->hw", f64[i], w64[:, int(cls)]).numpy() for i, cls in enumerate(classes)])

    r = _rng(88)
    f, w = r.normal(size=(3, 4, 5, 6)), r.normal(size=(6, 4))
    per_image = np.array([3, 0, 2])
    f2, w2, b2 = r.normal(size=(5, 3, 3, 4)), r.normal(size=(4, 10)), r.normal(size=10)
    cls2 = np.array([9, 1, 1, 4, 0])
    sum_hint = ("for each image, weight channel k of its feature maps by the dense weight of channel k for its "
                "class, and add the weighted maps up over the channels")
    return run_cases(func, [
        Case("one int class for every image, features (3, 4, 5, 6)", args=(f, w, 2),
             expect=_cam_expected(f, w, [2, 2, 2]), hint=sum_hint, formula=CAM_FORMULA),
        Case("one class per image, class_index = [3, 0, 2]", args=(f, w, per_image),
             expect=_cam_expected(f, w, per_image),
             hint="with an array of classes, image n uses the weight column of ITS class: pick one column per image",
             formula=CAM_FORMULA),
        Case("class_index as a NumPy integer", args=(f, w, np.int64(1)), expect=_cam_expected(f, w, [1, 1, 1]),
             hint="a NumPy integer is one class for every image, like a Python int"),
        Case("raw maps: negative values kept, no normalisation", args=(f[:1], w, 0),
             expect=_cam_expected(f[:1], w, [0]),
             hint="return the weighted sums themselves: no ReLU, no scaling to 0..1 (the drawing does that)"),
        Case("each map averages to its class score (a Keras GAP + Dense head, 10 classes)", args=(f2, w2, cls2),
             check=_score_check(f2, w2, b2, cls2), hint=sum_hint, formula=CAM_FORMULA),
    ], name="class_activation_map", may_modify=MAY_MODIFY.get("class_activation_map", ()))


# ----------------------------------------------------------------------------------------------
# Stated rules -> the cases that exercise them (visible case names, or hidden assertion messages)
# ----------------------------------------------------------------------------------------------
RULES: dict[str, dict[str, list[str]]] = {
    "receptive_field": {
        "returns an int": ["no layers: a unit of the input sees one pixel",
                           "hidden: receptive_field returns an int"],
        "an empty stack sees 1 pixel": ["no layers: a unit of the input sees one pixel",
                                        "hidden: an empty stack sees one pixel"],
        "each layer widens the field by (kernel - 1) times the spacing of the layer below": [
            "two 3x3 convolutions see 5 pixels", "conv 3x3, pool 2x2 stride 2, conv 3x3: 8 pixels",
            "AlexNet's first three layers (11, 4), (3, 2), (5, 1): 51 pixels",
            "VGG-16 (13 convs 3x3, 5 pools 2x2 stride 2): 212 pixels", "hidden: receptive_field("],
        "the spacing is the product of the strides below; the last stride does not count": [
            "the stride of the last layer does not widen its own field"],
        "layers are (kernel, stride) pairs from the input up (tuples or lists)": [
            "pairs given as lists [kernel, stride] work too", "1x1 convolutions add nothing"],
        "layers is left unchanged": ["pairs given as lists [kernel, stride] work too"],
    },
    "residual_block_forward": {
        "out = relu(relu(x W1 + b1) W2 + b2 + shortcut(x))": [
            "identity shortcut, N=4, D=M=3, H=5", "hidden: identity shortcut added before the last relu"],
        "the shortcut is added before the last ReLU": ["the shortcut is added BEFORE the last ReLU",
                                                       "hidden: identity shortcut added before the last relu"],
        "Ws=None: identity shortcut; Ws given: x @ Ws (also when M == D)": [
            "projection shortcut, D=3 -> M=6", "projection with M == D uses Ws, not the identity",
            "Ws passed as a keyword, Ws=None", "hidden: projection shortcut x @ Ws"],
        "M != D with Ws=None raises ValueError with a clear message": [
            "M != D with Ws=None raises ValueError with a message", "M == D with Ws=None raises nothing",
            "hidden: M != D without Ws raises ValueError"],
        "returns (out, cache), out of shape (N, M)": ["projection shortcut, D=3 -> M=6", "a batch of one sample",
                                                      "hidden: out has shape (N, M)", "hidden: a batch of one sample"],
        "equals the Keras Dense/Add/ReLU block": ["identity block compared with a Keras Dense/Add/ReLU block",
                                                  "projection block compared with a Keras Dense/Add/ReLU block"],
        "the inputs are left unchanged": ["identity shortcut, N=4, D=M=3, H=5", "projection shortcut, D=3 -> M=6"],
    },
    "residual_block_backward": {
        "returns (dx, dW1, db1, dW2, db2, dWs) with the shapes of x, W1, b1, W2, b2, Ws": [
            "identity shortcut, N=4, D=M=3, H=5", "projection shortcut, D=3 -> M=6",
            "hidden: returns six values (dx, dW1, db1, dW2, db2, dWs)"],
        "dWs is None for the identity shortcut": ["identity shortcut, N=4, D=M=3, H=5",
                                                  "hidden: dWs is None for the identity shortcut"],
        "dx adds the branch's path and the shortcut's path": [
            "identity shortcut, N=6, D=M=4, H=6", "projection shortcut, D=3 -> M=6",
            "hidden: {_name} of the"],
        "the projection's gradient dWs": ["projection shortcut, D=3 -> M=6", "hidden: dWs of the projection block"],
        "passes the course's gradient check (relative error < 1e-7)": [
            "identity shortcut, N=4, D=M=3, H=5: gradient check against central differences",
            "projection shortcut, D=3 -> M=6: gradient check against central differences",
            "identity shortcut, N=6, D=M=4, H=6: gradient check against central differences"],
        "the same gradients as tf.GradientTape": ["identity block: every gradient compared with tf.GradientTape",
                                                  "projection block: every gradient compared with tf.GradientTape"],
        "works with the cache of the student's residual_block_forward": ["identity shortcut, N=4, D=M=3, H=5"],
        "dout and the cache are left unchanged": ["dout and the cache stay as they were",
                                                  "hidden: residual_block_backward leaves dout unchanged"],
    },
    "global_average_pool": {
        "(N, H, W, C) -> (N, C), the mean of each channel over H and W": [
            "(2, 3, 4, 5) -> (2, 5)", "H != W: (2, 2, 6, 3) -> (2, 3)",
            "hidden: the mean of each channel over H and W", "hidden: (N, C)"],
        "equal to keras.layers.GlobalAveragePooling2D": [
            "float32 (3, 7, 7, 4) stays float32, compared with keras.layers.GlobalAveragePooling2D"],
        "float32 stays float32": ["float32 (3, 7, 7, 4) stays float32, compared with keras.layers.GlobalAveragePooling2D",
                                  "hidden: float32 stays float32"],
        "x is left unchanged": ["(2, 3, 4, 5) -> (2, 5)"],
    },
    "class_activation_map": {
        "CAM[n] = sum over k of weights[k, c_n] * features[n, :, :, k], shape (N, H, W)": [
            "one int class for every image, features (3, 4, 5, 6)", "hidden: one class per image, weighted sum over channels",
            "hidden: (N, H, W)"],
        "class_index is an int (one class for all) or an int array of shape (N,)": [
            "one int class for every image, features (3, 4, 5, 6)", "one class per image, class_index = [3, 0, 2]",
            "class_index as a NumPy integer", "hidden: one int class for every image"],
        "raw maps, not normalised": ["raw maps: negative values kept, no normalisation"],
        "each map averages to the class score (GAP + dense) minus the bias": [
            "each map averages to its class score (a Keras GAP + Dense head, 10 classes)",
            "hidden: the map averages to the class score"],
        "the inputs are left unchanged": ["one class per image, class_index = [3, 0, 2]"],
    },
}


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
