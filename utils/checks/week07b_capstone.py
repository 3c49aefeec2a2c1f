"""Checks of week 7b (the capstone): a fully connected network of the student's own layers, trained.

The four graded functions call the layers the student wrote in weeks 4, 5 and 7 (pasted into the notebook's
"bring your layers" cell). Expected values come from TensorFlow/Keras, imported inside the functions that use
them: the forward pass and the loss by float64 TF ops (tf.matmul, tf.nn.moments, tf.nn.batch_normalization,
tf.nn.relu, tf.nn.sparse_softmax_cross_entropy_with_logits), the whole-network gradients by the shared numerical
gradient check (`utils.checks.gradients.gradient_check`) of that TF loss, and short trainings of a
softmax-regression network (no hidden layer) with tf.GradientTape and keras.optimizers.SGD; Adam's two runs are
stored values worked out offline (Keras' Adam places epsilon differently). Dropout masks are the ones the
student's own dropout_forward (week 7, in the layers cell) draws with seed + l, checked for being fixed masks of
0 and 1 / (1 - rate). No function of this module maps a graded function's inputs to its result.
Networks and data are tiny, so every check runs in about a second.
"""
from __future__ import annotations

import math

import numpy as np

from .engine import Case, compare, functions_only, run_cases
from .gradients import gradient_check

WEEK = "week07b_capstone"
POINTS = {
    "init_network": 3,
    "network_forward": 4,
    "network_loss": 6,
    "train_network": 5,
}
__all__ = list(POINTS)

# No graded function of the capstone changes its arguments: train_network returns new parameters and
# network_forward / network_loss return a NEW bn_state. The grader applies the same table.
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

_NETWORK_LIBRARIES = ["keras.Sequential", "keras.models.Sequential", "keras.Model", "keras.layers.Dense",
                      "keras.layers.BatchNormalization", "keras.layers.Dropout", "tensorflow.GradientTape",
                      "tensorflow.keras.Sequential", "tensorflow.keras.layers.Dense",
                      "sklearn.neural_network.MLPClassifier"]
# Library functions that do what the student is asked to build from their own layers (flagged in the class report).
OWN_WORK: dict[str, list[str]] = {
    "init_network": _NETWORK_LIBRARIES + ["keras.initializers.HeNormal", "keras.initializers.HeUniform",
                                          "keras.initializers.GlorotUniform", "keras.initializers.GlorotNormal"],
    "network_forward": list(_NETWORK_LIBRARIES),
    "network_loss": _NETWORK_LIBRARIES + ["keras.losses.SparseCategoricalCrossentropy",
                                          "keras.losses.sparse_categorical_crossentropy",
                                          "tensorflow.nn.sparse_softmax_cross_entropy_with_logits"],
    "train_network": _NETWORK_LIBRARIES + ["keras.optimizers.Adam", "keras.optimizers.SGD",
                                           "keras.optimizers.schedules.ExponentialDecay",
                                           "keras.callbacks.LearningRateScheduler"],
}


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _params(seed: int, sizes, batchnorm=False, scale=1.0) -> dict:
    """Random parameters (weights, non-zero biases, gamma around 1, beta around 0) for the checks' inputs."""
    r = _rng(seed)
    params = {}
    L = len(sizes) - 1
    for l in range(1, L + 1):
        params[f"W{l}"] = scale * r.normal(0.0, np.sqrt(2.0 / sizes[l - 1]), size=(sizes[l - 1], sizes[l]))
        params[f"b{l}"] = 0.1 * r.normal(size=sizes[l])
        if batchnorm and l < L:
            params[f"gamma{l}"] = r.uniform(0.5, 1.5, size=sizes[l])
            params[f"beta{l}"] = 0.1 * r.normal(size=sizes[l])
    return params


def _short_values(value) -> str:
    with np.printoptions(precision=3, threshold=6, edgeitems=2):
        return str(np.asarray(value))


def _layers(params) -> int:
    return sum(1 for key in params if key.startswith("W"))


def _triple(result, names=("scores", "cache", "bn_state")) -> str | None:
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        got = f"a tuple of {len(result)}" if isinstance(result, (tuple, list)) else type(result).__name__
        return f"expected a tuple ({', '.join(names)}), got {got}"
    return None


_NO_DROPOUT = ("the checks draw the dropout masks with your dropout_forward of week 7: paste it into the layers "
               "cell, next to this function")
_BAD_MASK = ("your dropout_forward does not give a fixed mask of 0 and 1 / (1 - rate) for a seed: fix it in the "
             "layers cell (week 7's checks say more)")


class _MaskProblem(Exception):
    """The student's dropout_forward is missing or gives no usable mask (the message says which)."""


def _mask_source(func, rate, seed):
    """mask_of(l, h): the dropout mask of hidden layer l, drawn by the student's own dropout_forward (the one
    next to func, from the layers cell) in training mode with seed + l, and checked by its properties only:
    shaped like h, every entry 0 or 1 / (1 - rate), the same for the same seed. None when nothing is dropped."""
    if not rate:
        return None
    layer = getattr(func, "__globals__", {}).get("dropout_forward")

    def mask_of(l, h):
        if not callable(layer):
            raise _MaskProblem(_NO_DROPOUT)
        h = np.array(h, dtype=np.float64)
        try:
            masks = [np.asarray(layer(h.copy(), rate, True, seed + l)[1], dtype=np.float64) for _ in range(2)]
        except Exception:  # noqa: BLE001 - a broken layer of week 7: said below, the network's check fails
            raise _MaskProblem(_BAD_MASK) from None
        mask = masks[0]
        values_ok = np.all(np.isclose(mask, 0.0) | np.isclose(mask, 1.0 / (1.0 - rate)))
        if mask.shape != h.shape or not values_ok or not np.array_equal(mask, masks[1]):
            raise _MaskProblem(_BAD_MASK)
        return mask

    return mask_of


def _tf_forward(params, X, training, bn_state, mask_of):
    """(scores, new running statistics) of the network by float64 TensorFlow ops: tf.matmul, tf.nn.moments and
    tf.nn.batch_normalization (epsilon 1e-5, running statistics with momentum 0.9, from means 0 and variances 1
    without bn_state), tf.nn.relu, then the dropout mask of mask_of(l, h) while training (if mask_of is given).
    params may hold arrays or tf.Variables; the scores are a tf tensor, the new statistics tf tensors while
    training (the given arrays at inference). Runs eagerly or inside a tf.function (with masks fixed there)."""
    import tensorflow as tf

    L = _layers(params)
    bn = "gamma1" in params
    h, state = tf.constant(np.asarray(X, dtype=np.float64)), ({} if bn else None)
    for l in range(1, L):
        z = tf.matmul(h, params[f"W{l}"]) + params[f"b{l}"]
        if bn:
            width = int(z.shape[1])
            rm = np.zeros(width) if bn_state is None else bn_state[f"running_mean{l}"]
            rv = np.ones(width) if bn_state is None else bn_state[f"running_var{l}"]
            if training:
                mean, var = tf.nn.moments(z, axes=[0])
                state[f"running_mean{l}"] = 0.9 * tf.constant(rm, tf.float64) + 0.1 * mean
                state[f"running_var{l}"] = 0.9 * tf.constant(rv, tf.float64) + 0.1 * var
            else:
                mean, var = tf.constant(rm, tf.float64), tf.constant(rv, tf.float64)
                state[f"running_mean{l}"], state[f"running_var{l}"] = rm, rv
            z = tf.nn.batch_normalization(z, mean, var, params[f"beta{l}"], params[f"gamma{l}"], 1e-5)
        h = tf.nn.relu(z)
        if training and mask_of is not None:
            h = h * mask_of(l, h)
    return tf.matmul(h, params[f"W{L}"]) + params[f"b{L}"], state


# ----------------------------------------------------------------------------------------------
# init_network
# ----------------------------------------------------------------------------------------------
def init_network(func):
    """Check init_network(layer_sizes, init="he", batchnorm=False, seed=0): keys, shapes, zero biases, the
    spread of He and Xavier (by statistics: normal or uniform draws are both fine), a draw per layer, seeds."""

    def keys_and_shapes(sizes, batchnorm):
        L = len(sizes) - 1
        want = {}
        for l in range(1, L + 1):
            want[f"W{l}"] = (sizes[l - 1], sizes[l])
            want[f"b{l}"] = (sizes[l],)
            if batchnorm and l < L:
                want[f"gamma{l}"] = (sizes[l],)
                want[f"beta{l}"] = (sizes[l],)

        def check(params):
            if not isinstance(params, dict):
                return f"expected a dict of parameters, got {type(params).__name__}"
            missing, extra = sorted(set(want) - set(params)), sorted(set(params) - set(want))
            if missing or extra:
                return (f"expected exactly the keys {sorted(want)}"
                        + (f"; missing {missing}" if missing else "") + (f"; unexpected {extra}" if extra else ""))
            for key, shape in want.items():
                value = np.asarray(params[key])
                if value.shape != shape:
                    return f"expected {key}.shape {shape}, got {value.shape}"
                if not np.issubdtype(value.dtype, np.floating):
                    return f"expected {key} to hold floats, got dtype {value.dtype}"
            for l in range(1, L + 1):
                if np.any(np.asarray(params[f"b{l}"]) != 0):
                    return f"expected b{l} to be all zeros (biases start at zero)"
                if batchnorm and l < L:
                    if np.any(np.asarray(params[f"gamma{l}"]) != 1):
                        return f"expected gamma{l} to be all ones (batch norm starts as the identity)"
                    if np.any(np.asarray(params[f"beta{l}"]) != 0):
                        return f"expected beta{l} to be all zeros"
            return None

        return check

    def spread(sizes, init):
        def check(params):
            problem = keys_and_shapes(sizes, False)(params)
            if problem:
                return problem
            for l in range(1, len(sizes)):
                W = np.asarray(params[f"W{l}"], dtype=np.float64)
                fan_in, fan_out = sizes[l - 1], sizes[l]
                want = math.sqrt(2.0 / fan_in) if init == "he" else math.sqrt(2.0 / (fan_in + fan_out))
                std, mean = float(W.std()), float(W.mean())
                if abs(std / want - 1) > 0.05:
                    return (f"W{l} ({fan_in} x {fan_out}) has standard deviation {std:.4f}; {init} initialization "
                            f"gives {want:.4f} for these fans")
                if abs(mean) > 0.05 * want:
                    return f"W{l} has mean {mean:.4f}; the initial weights are centred on 0"
            return None

        return check

    def own_draws(params):
        problem = keys_and_shapes([30, 40, 40, 40, 5], False)(params)
        if problem:
            return problem
        if np.allclose(params["W2"], params["W3"]):
            return "W2 and W3 hold the same numbers: each layer needs its own draw (its own seed)"
        return None

    first: list = []

    def remember(params):
        problem = keys_and_shapes([6, 5, 3], False)(params)
        first.append(params)
        return problem

    def same_as_first(params):
        problem = keys_and_shapes([6, 5, 3], False)(params)
        if problem or not first:
            return problem
        for key in first[0]:
            if not np.array_equal(first[0][key], params[key]):
                return f"the same seed gave another {key}: draw every layer from the seed"
        return None

    def other_than_first(params):
        problem = keys_and_shapes([6, 5, 3], False)(params)
        if problem or not first:
            return problem
        if np.array_equal(first[0]["W1"], params["W1"]):
            return "seed=1 gave the same W1 as seed=0: the seed must change the draw"
        return None

    def call(layer_sizes, *args, **kwargs):
        if kwargs.get("init") == "uniform":
            try:
                func(layer_sizes, *args, **kwargs)
            except ValueError:
                return "ValueError"
            return "no error"
        return func(layer_sizes, *args, **kwargs)

    shape_hint = ("one weight matrix and one bias per pair of neighbouring sizes: layer l maps "
                  "layer_sizes of l - 1 features to layer_sizes of l")
    cases = [
        Case("[4, 5, 3], he: keys W1, b1, W2, b2 with their shapes, zero biases", args=([4, 5, 3],),
             kwargs={"init": "he"}, check=keys_and_shapes([4, 5, 3], False), hint=shape_hint,
             formula="W{l} has shape (n of l − 1, n of l) and b{l} has shape (n of l,), for l = 1 … L"),
        Case("a network without hidden layer [7, 3]: W1, b1 only", args=([7, 3],),
             check=keys_and_shapes([7, 3], False), hint=shape_hint),
        Case("He spread on [400, 300, 200, 10] (the default init)", args=([400, 300, 200, 10],),
             check=spread([400, 300, 200, 10], "he"),
             hint="use your week-5 he_init for every layer, with that layer's own fan-in and fan-out",
             formula="He: Var(w) = 2 / fan_in, so the standard deviation is √(2 / fan_in)"),
        Case("Xavier spread on [400, 300, 200, 10]", args=([400, 300, 200, 10],), kwargs={"init": "xavier"},
             check=spread([400, 300, 200, 10], "xavier"),
             hint="init='xavier' uses your week-5 xavier_init for every layer",
             formula="Xavier: Var(w) = 2 / (fan_in + fan_out)"),
        Case("[30, 40, 40, 40, 5]: each layer draws its own weights", args=([30, 40, 40, 40, 5],),
             kwargs={"seed": 3}, check=own_draws,
             hint="layers of the same shape must not share one draw: give layer l the seed seed + l"),
        Case("batchnorm=True on [6, 5, 4, 3]: gamma1, beta1, gamma2, beta2 (hidden layers only)",
             args=([6, 5, 4, 3],), kwargs={"batchnorm": True}, check=keys_and_shapes([6, 5, 4, 3], True),
             hint="batch norm follows the hidden dense layers only, never the output layer; gamma starts at "
                  "one and beta at zero"),
        Case("batchnorm=False adds no gamma or beta", args=([6, 5, 4, 3],), kwargs={"batchnorm": False},
             check=keys_and_shapes([6, 5, 4, 3], False), hint="without batch norm the network has only W and b"),
        Case("seed=0 on [6, 5, 3]", args=([6, 5, 3],), kwargs={"seed": 0}, check=remember, hint=shape_hint),
        Case("the same seed gives the same parameters", args=([6, 5, 3],), kwargs={"seed": 0},
             check=same_as_first, hint="draw everything from the seed (through your initializers' seed argument)"),
        Case("another seed gives other weights", args=([6, 5, 3],), kwargs={"seed": 1}, check=other_than_first,
             hint="pass the seed on to your initializers"),
        Case("an unknown init raises ValueError", args=([6, 5, 3],), kwargs={"init": "uniform"}, expect="ValueError",
             hint="raise ValueError for an init other than 'he' and 'xavier'"),
        Case("layer_sizes as a tuple", args=((5, 4, 2),), check=keys_and_shapes([5, 4, 2], False), hint=shape_hint),
    ]
    return run_cases(call, cases, name="init_network", may_modify=MAY_MODIFY.get("init_network", ()))


# ----------------------------------------------------------------------------------------------
# network_forward
# ----------------------------------------------------------------------------------------------
def network_forward(func):
    """Check network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0) against the
    forward pass by TensorFlow ops: dense -> [batch norm] -> ReLU -> [dropout] per hidden layer, dense last
    (dropout with the masks of the student's dropout_forward, seed + l)."""

    def check_against(params, X, training, dropout, bn_state, seed):
        mask_of = _mask_source(func, dropout, seed)

        def check(result):
            problem = _triple(result)
            if problem:
                return problem
            try:   # the TF forward pass, with the masks of the student's dropout_forward (drawn per call)
                scores, state = _tf_forward(params, X, training, bn_state, mask_of)
            except _MaskProblem as mask_problem:
                return str(mask_problem)
            scores = scores.numpy()
            state = None if state is None else {key: np.asarray(value) for key, value in state.items()}
            msg = compare(result[0], scores, label="scores", rtol=1e-6, atol=1e-9)
            if msg:
                return msg
            if state is None:
                if result[2] is not None:
                    return f"expected bn_state None for a network without batch norm, got {type(result[2]).__name__}"
                return None
            if not isinstance(result[2], dict):
                return f"expected bn_state to be a dict of running statistics, got {type(result[2]).__name__}"
            return compare(result[2], state, label="bn_state", rtol=1e-6, atol=1e-9)

        return check

    def case(name, seed, sizes, N, training=False, dropout=0.0, bn=False, bn_state=None, dseed=0, defaults=False,
             **kw):
        params = _params(seed, sizes, batchnorm=bn)
        X = _rng(seed + 1).normal(size=(N, sizes[0]))
        if defaults:
            args, kwargs = (params, X), {}
        else:
            args, kwargs = (params, X), {"training": training, "dropout": dropout, "bn_state": bn_state,
                                         "seed": dseed}
        return Case(name, args=args, kwargs=kwargs, check=check_against(params, X, training, dropout, bn_state, dseed),
                    **kw)

    order_hint = ("each hidden layer is dense, then ReLU; the last layer is dense only: the scores are logits, "
                  "no ReLU and no softmax on them")
    state = {"running_mean1": np.array([0.2, -0.1, 0.0, 0.3, 0.1, -0.2]), "running_var1": np.full(6, 1.5),
             "running_mean2": np.array([0.1, 0.0, -0.3, 0.2]), "running_var2": np.array([0.5, 1.0, 2.0, 0.8])}
    cases = [
        case("[4, 5, 3], N=6, inference: scores", 800, [4, 5, 3], 6, hint=order_hint,
             formula="h = max(0, X·W1 + b1), scores = h·W2 + b2"),
        case("the defaults: inference, no dropout, seed 0", 801, [4, 5, 3], 3, defaults=True, hint=order_hint),
        case("[5, 8, 6, 4, 3]: three hidden layers", 802, [5, 8, 6, 4, 3], 7, hint=order_hint + "; loop over "
             "however many layers params holds"),
        case("a network without hidden layer [5, 3]: the scores of one dense layer", 803, [5, 3], 4,
             hint="with a single layer there is no ReLU at all: the scores are the dense layer's output"),
        case("inference ignores dropout (dropout=0.5, training=False)", 804, [5, 8, 3], 6, dropout=0.5,
             hint="dropout acts only while training; at inference nothing is dropped"),
        case("training, dropout 0.5, seed 3: masks from dropout_forward with seed + l", 805, [5, 8, 6, 3], 6,
             training=True, dropout=0.5, dseed=3,
             hint="after each hidden ReLU call your dropout_forward in training mode with the seed of that layer, "
                  "seed + l, so every layer gets its own mask"),
        case("training without dropout (dropout=0.0)", 806, [5, 8, 3], 6, training=True,
             hint="with dropout 0 nothing is dropped, even while training"),
        case("batch norm, training, bn_state None: batch statistics, new running statistics", 807, [6, 6, 4, 3], 8,
             training=True, bn=True,
             hint="hidden layer order: dense, batch norm, ReLU; batch norm starts from running means of zero and "
                  "variances of one when bn_state is None, and returns the updated statistics",
             formula="running = 0.9 · running + 0.1 · batch statistic (your batchnorm_forward's momentum 0.9)"),
        case("batch norm, training, from a given bn_state", 808, [6, 6, 4, 3], 8, training=True, bn=True,
             bn_state=state, hint="continue from the running statistics in bn_state, one pair per hidden layer"),
        case("batch norm, inference: the running statistics of bn_state, returned as they are", 809, [6, 6, 4, 3], 5,
             bn=True, bn_state=state,
             hint="at inference batch norm uses the running statistics, not the batch's, and does not change them"),
        case("batch norm, inference on one sample (N = 1)", 810, [6, 6, 4, 3], 1, bn=True, bn_state=state,
             hint="at inference one sample is fine: its statistics come from bn_state"),
        case("batch norm and dropout 0.25 while training, seed 5", 811, [6, 6, 4, 3], 9, training=True, dropout=0.25,
             bn=True, bn_state=state, dseed=5,
             hint="hidden layer order: dense, batch norm, ReLU, dropout"),
    ]
    return run_cases(func, cases, name="network_forward", may_modify=MAY_MODIFY.get("network_forward", ()))


# ----------------------------------------------------------------------------------------------
# network_loss
# ----------------------------------------------------------------------------------------------
def network_loss(func):
    """Check network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0): the loss against the
    TF forward pass and cross-entropy, and the gradients of every parameter by the shared numerical gradient check
    (with and without batch norm, dropout with a fixed seed, reg > 0), plus the initial loss ln(C)."""

    def loss_of(keys, X, y, reg, mask_of, params):
        """The training loss as a function of the parameter arrays (in the order of keys), output only: the TF
        forward pass, tf.nn.sparse_softmax_cross_entropy_with_logits and the L2 term, as a float64 number
        (one tf.function, so that the numerical gradient's many calls stay fast); and the running statistics
        after that step from means 0 and variances 1. The dropout masks are drawn once, at params, and kept."""
        import tensorflow as tf

        masks: dict = {}
        if mask_of is not None:   # draw every layer's mask once, eagerly, at the given parameters
            _tf_forward(params, X, True, None, lambda l, h: masks.setdefault(l, mask_of(l, h)))
        fixed = (lambda l, h: tf.constant(masks[l])) if masks else None
        labels = tf.constant(y)

        shapes = [np.shape(params[k]) for k in keys]
        sizes = [int(np.prod(shape)) for shape in shapes]

        def loss(flat):   # every parameter array in one flat vector: one argument per call keeps calls cheap
            parts = tf.split(flat, sizes)
            p = {k: tf.reshape(part, shape) for k, part, shape in zip(keys, parts, shapes)}
            L = _layers(p)
            scores, _ = _tf_forward(p, X, True, None, fixed)
            data_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=scores))
            return data_loss + reg * tf.add_n([tf.reduce_sum(tf.square(p[f"W{l}"])) for l in range(1, L + 1)])

        # traced once into a graph for these shapes: the numerical gradient calls it thousands of times
        graph = tf.function(loss, autograph=False).get_concrete_function(tf.TensorSpec([sum(sizes)], tf.float64))

        def forward(*arrays):
            return graph(tf.constant(np.concatenate([np.ravel(a) for a in arrays]).astype(np.float64))).numpy()

        _, state = _tf_forward(params, X, True, None, fixed)
        state = None if state is None else {key: value.numpy() for key, value in state.items()}
        return forward, state

    def structure(params):
        def check(result):
            problem = _triple(result, ("loss", "grads", "bn_state"))
            if problem:
                return problem
            loss, grads = result[0], result[1]
            if np.ndim(loss) != 0:
                return f"expected loss to be one number (the mean over the batch), got shape {np.shape(loss)}"
            if not isinstance(grads, dict):
                return f"expected grads to be a dict with the keys of params, got {type(grads).__name__}"
            if set(grads) != set(params):
                return (f"expected grads to have exactly the keys of params {sorted(params)}, got {sorted(grads)}")
            for key in params:
                if np.shape(grads[key]) != params[key].shape:
                    return f"expected grads[{key!r}] of shape {params[key].shape} (that of params), got {np.shape(grads[key])}"
            return None
        return check

    def full_check(params, X, y, reg, dropout, seed, bn):
        # a bias followed by batch norm has a zero gradient (the mean removes it): its numerical gradient is
        # round-off, so those biases are checked for being about 0 instead of by relative error
        cancelled = [f"b{l}" for l in range(1, _layers(params)) if f"gamma{l}" in params]
        checked = [k for k in sorted(params) if k not in cancelled]
        keys = checked + cancelled
        mask_of = _mask_source(func, dropout, seed)
        prepared: dict = {}

        def prepare():
            """The expectations, once (the masks come from the student's dropout_forward, so not before the
            first check): the loss, the gradient check of the TF loss, and the new bn_state."""
            if not prepared:
                forward, state = loss_of(keys, X, y, reg, mask_of, params)
                prepared["want"] = float(forward(*[params[k] for k in keys]))
                prepared["grad_check"] = gradient_check(forward, [params[k] for k in keys], 1.0, checked,
                                                        pick=lambda result: [result[1][k] for k in checked])
                prepared["state"] = state if bn else None
            return prepared["want"], prepared["grad_check"], prepared["state"]

        def check(result):
            problem = structure(params)(result)
            if problem:
                return problem
            try:
                want, grad_check, bn_state_expected = prepare()
            except _MaskProblem as mask_problem:
                return str(mask_problem)
            msg = compare(result[0], want, label="loss", rtol=1e-7, atol=1e-10)
            if msg:
                return msg
            msg = grad_check(result)
            if msg:
                return msg
            for key in cancelled:
                if not np.allclose(np.asarray(result[1][key], dtype=np.float64), 0.0, atol=1e-8):
                    return (f"gradient check: grads[{key!r}] should be about 0 (batch norm subtracts the batch mean, "
                            f"which removes the bias before it), got {_short_values(result[1][key])}")
            if bn_state_expected is None:
                return None if result[2] is None else "expected bn_state None for a network without batch norm"
            if not isinstance(result[2], dict):
                return f"expected bn_state, the new running statistics, got {type(result[2]).__name__}"
            return compare(result[2], bn_state_expected, label="bn_state", rtol=1e-6, atol=1e-9)
        return check

    def case(name, seed, sizes, N, reg=0.0, dropout=0.0, bn=False, dseed=0, **kw):
        params = _params(seed, sizes, batchnorm=bn)
        r = _rng(seed + 1)
        X, y = r.normal(size=(N, sizes[0])), r.integers(0, sizes[-1], size=N)
        kwargs = {"reg": reg, "dropout": dropout, "seed": dseed} if (reg or dropout or dseed) else {}
        return Case(name, args=(params, X, y), kwargs=kwargs, check=full_check(params, X, y, reg, dropout, dseed, bn),
                    **kw)

    def initial_loss(result):
        problem = structure(small)(result)
        if problem:
            return problem
        if abs(float(result[0]) - math.log(10)) > 0.01:
            return (f"with tiny weights every class gets the same score, so the loss should be about "
                    f"ln(10) = {math.log(10):.4f}; got {float(result[0]):.4f}")
        return None

    small = _params(820, [20, 15, 10], scale=1e-3)
    for key in ("b1", "b2"):
        small[key] = np.zeros_like(small[key])
    r = _rng(821)
    X_small, y_small = r.normal(size=(40, 20)), r.integers(0, 10, size=40)

    backward_hint = ("go back through your layers in reverse order, each backward function taking the gradient "
                     "its forward's output received")
    l2_hint = ("the penalty is week 7's l2_penalty of the weight matrices only (no biases, gamma or beta), and it "
               "adds a term to both the loss and the weights' gradients")
    cases = [
        Case("tiny weights, 10 classes, no reg: the initial loss is about ln(10)", args=(small, X_small, y_small),
             check=initial_loss, hint="when every score is nearly the same, softmax gives each class about 1/C",
             formula="loss ≈ −ln(1/C) = ln C"),
        case("[4, 5, 3], N=6, no reg: loss and gradient check", 822, [4, 5, 3], 6, hint=backward_hint,
             formula="∂L/∂W = hᵀ · ∂L/∂scores for the last layer, then ∂L/∂h = ∂L/∂scores · Wᵀ into the layer below"),
        case("[4, 6, 5, 3], N=7, no reg: gradient check through two hidden layers", 823, [4, 6, 5, 3], 7,
             hint=backward_hint),
        case("[4, 6, 5, 3], reg=0.1: L2 on the weights in the loss and the gradients", 824, [4, 6, 5, 3], 7, reg=0.1,
             hint=l2_hint, formula="L = mean cross-entropy + λ Σ w² over every weight w, so ∂L/∂W gains 2λW"),
        case("a network without hidden layer [6, 4], reg=0.05", 825, [6, 4], 5, reg=0.05, hint=l2_hint),
        case("batch norm [4, 5, 4, 3], N=8: gradient check including gamma and beta", 826, [4, 5, 4, 3], 8, bn=True,
             hint="each hidden layer's backward runs ReLU's backward, then your batchnorm_backward (which gives "
                  "dgamma and dbeta), then dense_backward; bn_state comes back updated"),
        case("batch norm [4, 5, 4, 3], reg=0.02: gradient check", 827, [4, 5, 4, 3], 8, reg=0.02, bn=True,
             hint=l2_hint),
        case("dropout 0.3, seed 2, reg=0.01: gradient check with the fixed masks", 828, [4, 6, 5, 3], 7, reg=0.01,
             dropout=0.3, dseed=2,
             hint="network_loss runs the forward pass in training mode, so dropout is active; its backward uses "
                  "the same masks (dropout_backward with the mask the forward returned)"),
        case("batch norm and dropout 0.25, seed 1: gradient check", 829, [4, 6, 5, 3], 9, dropout=0.25, bn=True,
             dseed=1, hint="hidden layer backward order: dropout, ReLU, batch norm, dense"),
    ]
    return run_cases(func, cases, name="network_loss", may_modify=MAY_MODIFY.get("network_loss", ()))


# ----------------------------------------------------------------------------------------------
# train_network
# ----------------------------------------------------------------------------------------------
def train_network(func):
    """Check train_network(params, X_train, y_train, X_val, y_val, optimizer, lr, lr_schedule, epochs,
    batch_size, reg, dropout, bn_state, seed) -> (params, bn_state, history): exact trajectories of a
    softmax-regression network (no hidden layer) for SGD and momentum by tf.GradientTape and keras.optimizers.SGD,
    and for Adam stored values,
    the per-epoch shuffling and learning rates, the history, a batch of 50 overfitted to 100 % and a batch-norm
    network with dropout (determinism, accuracies in inference mode)."""

    def softmax_regression(params, X, y, X_val, y_val, optimizer, lr, schedule, epochs, batch_size, reg, seed):
        """The expected (params, history) of a network [D, C]: float64 tf.Variables, the loss by
        tf.nn.sparse_softmax_cross_entropy_with_logits, its gradients by tf.GradientTape and the steps of
        keras.optimizers.SGD (momentum 0.9 for 'momentum'; Keras' velocity is the notebook's). Epoch e visits the
        samples in the order of np.random.default_rng(seed + e).permutation (minibatches' documented order)."""
        import keras
        import tensorflow as tf

        W, b = tf.Variable(np.array(params["W1"], dtype=np.float64)), tf.Variable(np.array(params["b1"], dtype=np.float64))
        step = keras.optimizers.SGD(learning_rate=lr, momentum=0.9 if optimizer == "momentum" else 0.0)
        history = {key: [] for key in ("loss", "lr", "train_acc", "val_acc")}

        def accuracy(X_, y_):
            return float(np.mean(tf.argmax(tf.matmul(X_, W) + b, axis=1).numpy() == y_))

        for epoch in range(epochs):
            rate = lr if schedule is None else schedule(lr, epoch)
            step.learning_rate = rate
            order = np.random.default_rng(seed + epoch).permutation(len(X))
            for start in range(0, len(X), batch_size):
                idx = order[start:start + batch_size]
                with tf.GradientTape() as tape:
                    scores = tf.matmul(X[idx], W) + b
                    loss = (tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y[idx], logits=scores))
                            + reg * tf.reduce_sum(tf.square(W)))
                history["loss"].append(float(loss.numpy()))
                step.apply_gradients(zip(tape.gradient(loss, [W, b]), [W, b]))
            history["lr"].append(rate)
            history["train_acc"].append(accuracy(X, y))
            history["val_acc"].append(accuracy(X_val, y_val))
        return {"W1": W.numpy(), "b1": b.numpy()}, history

    # Adam's runs (no schedule, seed 0) of that network, worked out offline with the notebook's Adam
    # (w ← w − lr · m̂ / (√v̂ + 1e-7)): keras.optimizers.Adam puts epsilon elsewhere, about 1e-5 relative on
    # these small gradients, too far for the comparison's rtol of 1e-6. Key: (lr, epochs, batch_size, reg).
    adam_runs = {
        (0.01, 3, 3, 0.01): (
            {"W1": np.array([[-0.0245852065935, -0.110922489478, 0.090315528646],
                             [0.0233020103847, 0.101001806245, -0.13022223933],
                             [-0.084184060039, 0.0311073688049, -0.00630512563223],
                             [-0.0857246212253, 0.00523771549333, 0.113330564637]]),
             "b1": np.array([-0.101760944936, 0.053482198481, 0.0252103425882])},
            {"loss": [1.04754118079, 1.10903140406, 1.13916727193, 1.22290452182, 1.05348373307, 1.0982440345,
                      1.058597843, 0.983701708576, 1.05522954687, 1.01710823955, 0.984061389649, 1.11342065111],
             "lr": [0.01] * 3, "train_acc": [0.5, 0.4, 0.4], "val_acc": [4 / 6, 4 / 6, 3 / 6]}),
        (1e-3, 5, 64, 0.0): (
            {"W1": np.array([[-0.109112692596, -0.102456508118, 0.104425586797],
                             [0.0637048915341, 0.0742187334371, -0.115511867199],
                             [-0.0254157955588, -0.0300960498284, 0.0357110185403],
                             [-0.0143982008156, 0.0257409814594, 0.0171697366315]]),
             "b1": np.array([-0.00499878652085, 0.00499857709114, 0.00499930203676])},
            {"loss": [1.10830722321, 1.10654096542, 1.10477903835, 1.10302151253, 1.1012684573],
             "lr": [1e-3] * 5, "train_acc": [0.1, 0.2, 0.2, 0.3, 0.3], "val_acc": [4 / 6] * 5}),
    }

    def trained_structure(result):
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return "expected a tuple (params, bn_state, history)"
        params, _, history = result
        if not isinstance(params, dict):
            return f"expected the trained params to be a dict, got {type(params).__name__}"
        if not isinstance(history, dict) or not {"loss", "lr", "train_acc", "val_acc"} <= set(history):
            return "expected history to be a dict with the keys 'loss', 'lr', 'train_acc' and 'val_acc'"
        return None

    def exact(args, kwargs):
        params, X, y, X_val, y_val = args
        if kwargs.get("optimizer", "adam") == "adam":
            want_params, want_history = adam_runs[(kwargs.get("lr", 1e-3), kwargs.get("epochs", 5),
                                                   kwargs.get("batch_size", 64), kwargs.get("reg", 0.0))]
        else:
            want_params, want_history = softmax_regression(
                params, X, y, X_val, y_val, kwargs["optimizer"], kwargs.get("lr", 1e-3), kwargs.get("lr_schedule"),
                kwargs.get("epochs", 5), kwargs.get("batch_size", 64), kwargs.get("reg", 0.0), kwargs.get("seed", 0))

        def check(result):
            problem = trained_structure(result)
            if problem:
                return problem
            if result[1] is not None:
                return "expected bn_state None for a network without batch norm"
            history = result[2]
            for key in ("lr", "loss"):
                if len(history[key]) != len(want_history[key]):
                    what = "one per epoch" if key == "lr" else "one per iteration (per mini-batch)"
                    return f"expected {len(want_history[key])} values in history[{key!r}] ({what}), got {len(history[key])}"
                msg = compare(list(history[key]), want_history[key], label=f"history[{key!r}]", rtol=1e-6, atol=1e-9)
                if msg:
                    return msg
            msg = compare(result[0], want_params, label="params", rtol=1e-6, atol=1e-9)
            if msg:
                return msg
            for key in ("train_acc", "val_acc"):
                msg = compare(list(history[key]), want_history[key], label=f"history[{key!r}]", atol=1e-9)
                if msg:
                    return msg
            return None
        return check

    r = _rng(830)
    D, C = 4, 3
    X, y = r.normal(size=(10, D)), r.integers(0, C, size=10)
    X_val, y_val = r.normal(size=(6, D)), r.integers(0, C, size=6)
    start = {"W1": 0.1 * r.normal(size=(D, C)), "b1": np.zeros(C)}

    def halve_every_2(lr0, epoch):
        return lr0 * 0.5 ** (epoch // 2)

    def exact_case(name, hint, formula="", **kwargs):
        args = (start, X, y, X_val, y_val)
        return Case(name, args=args, kwargs=kwargs, check=exact(args, kwargs), hint=hint, formula=formula)

    # a batch of 50 to overfit (CS231n's sanity check): random inputs, random labels of 5 classes
    r = _rng(831)
    X50, y50 = r.normal(size=(50, 20)), r.integers(0, 5, size=50)
    net50 = _params(832, [20, 64, 5])
    for key in ("b1", "b2"):
        net50[key] = np.zeros_like(net50[key])

    def overfits(result):
        problem = trained_structure(result)
        if problem:
            return problem
        acc = result[2]["train_acc"]
        if len(acc) != 60:
            return f"expected 60 values in history['train_acc'] (one per epoch), got {len(acc)}"
        if acc[-1] < 1.0:
            return (f"a network of 64 hidden units should fit 50 samples perfectly in 60 epochs of Adam; the "
                    f"training accuracy ended at {acc[-1]:.2f}")
        if not result[2]["loss"][-1] < 0.1 * result[2]["loss"][0]:
            return (f"the training loss went from {result[2]['loss'][0]:.3f} to {result[2]['loss'][-1]:.3f}; "
                    f"overfitting a small batch drives it towards 0")
        return None

    # batch norm and dropout: determinism, the running statistics, the accuracies in inference mode
    r = _rng(833)
    Xbn, ybn = r.normal(size=(40, 8)), r.integers(0, 3, size=40)
    Xbn_val, ybn_val = r.normal(size=(15, 8)), r.integers(0, 3, size=15)
    netbn = _params(834, [8, 10, 6, 3], batchnorm=True)
    bn_args = (netbn, Xbn, ybn, Xbn_val, ybn_val)
    bn_kwargs = {"optimizer": "momentum", "lr": 0.05, "epochs": 3, "batch_size": 16, "dropout": 0.2, "seed": 4}
    first_bn: list = []

    def accuracy_in_inference(params, state, X_, y_):
        """The accuracy of the returned network in inference mode: the TF forward pass, running statistics."""
        params = {key: np.asarray(value, dtype=np.float64) for key, value in params.items()}
        state = {key: np.asarray(value, dtype=np.float64) for key, value in state.items()}
        scores, _ = _tf_forward(params, X_, False, state, None)
        return float(np.mean(scores.numpy().argmax(axis=1) == y_))

    def bn_run(result):
        problem = trained_structure(result)
        if problem:
            return problem
        params, state, history = result
        if set(params) != set(netbn):
            return f"expected the trained params to have the keys {sorted(netbn)}, got {sorted(params)}"
        want_keys = {"running_mean1", "running_var1", "running_mean2", "running_var2"}
        if not isinstance(state, dict) or set(state) != want_keys:
            return f"expected bn_state with the keys {sorted(want_keys)} (the running statistics), got {state!r:.80}"
        if np.allclose(state["running_mean1"], 0) and np.allclose(state["running_var1"], 1):
            return "bn_state still holds the start values: carry the bn_state network_loss returns to the next step"
        if len(history["loss"]) != 9 or len(history["val_acc"]) != 3 or len(history["train_acc"]) != 3:
            return ("expected 9 losses (3 epochs of 3 mini-batches of at most 16) and 3 accuracies of each kind, got "
                    f"{len(history['loss'])}, {len(history['train_acc'])} and {len(history['val_acc'])}")
        if not np.all(np.isfinite(history["loss"])):
            return "the training loss is not finite"
        for key, X_, y_ in (("train_acc", Xbn, ybn), ("val_acc", Xbn_val, ybn_val)):
            want = accuracy_in_inference(params, state, X_, y_)
            if abs(history[key][-1] - want) > 1e-9:
                return (f"history[{key!r}] ends at {history[key][-1]:.4f}, but the returned network gets {want:.4f} on "
                        f"all of that set in inference mode (running statistics, no dropout)")
        first_bn.append(result)
        return None

    def bn_again(result):
        problem = trained_structure(result)
        if problem or not first_bn:
            return problem or "the first run failed"
        return compare(result[0], first_bn[0][0], label="params of a second run with the same seed", rtol=1e-12,
                       atol=0) or compare(list(result[2]["loss"]), list(first_bn[0][2]["loss"]),
                                          label="history['loss'] of a second run with the same seed", rtol=1e-12, atol=0)

    def call(*args, **kwargs):
        if kwargs.get("optimizer") == "rmsprop":
            try:
                func(*args, **kwargs)
            except ValueError:
                return "ValueError"
            return "no error"
        return func(*args, **kwargs)

    shuffle_hint = ("each epoch visits the samples in a new order: your minibatches with shuffling on and the seed "
                    "of that epoch, seed + e")
    cases = [
        exact_case("sgd, lr 0.1, batch 4, 2 epochs: exact steps, shuffled per epoch", shuffle_hint,
                   formula="epoch e uses the order of a generator seeded with seed + e; w ← w − lr · ∂L/∂w per batch",
                   optimizer="sgd", lr=0.1, epochs=2, batch_size=4),
        exact_case("the same with seed=7: the seed sets the order", shuffle_hint, optimizer="sgd", lr=0.1, epochs=2,
                   batch_size=4, seed=7),
        exact_case("momentum, lr 0.05, a schedule that halves every 2 epochs, 4 epochs", 
                   "the learning rate of epoch e is lr_schedule(lr, e), used for every step of that epoch and "
                   "recorded once per epoch in history; the velocity is kept from step to step",
                   optimizer="momentum", lr=0.05, lr_schedule=halve_every_2, epochs=4, batch_size=3),
        exact_case("adam, lr 0.01, batch 3, 3 epochs, reg 0.01", 
                   "one Adam state (m, v) per parameter, kept over all steps; t counts every iteration from 1 "
                   "across epochs; the L2 term is part of the loss network_loss returns",
                   optimizer="adam", lr=0.01, epochs=3, batch_size=3, reg=0.01),
        exact_case("the defaults: adam, lr 1e-3, 5 epochs, batch 64 (one batch of 10)", 
                   "defaults: optimizer 'adam', lr 0.001, no schedule, 5 epochs, batch_size 64, no reg, seed 0"),
        Case("an unknown optimizer raises ValueError", args=(start, X, y, X_val, y_val), kwargs={"optimizer": "rmsprop"},
             expect="ValueError", hint="raise ValueError for an optimizer other than 'sgd', 'momentum' and 'adam'"),
        Case("50 samples, [20, 64, 5], adam lr 0.01, 60 epochs of batches of 25: 100 % training accuracy",
             args=(net50, X50, y50, X50[:10], y50[:10]),
             kwargs={"optimizer": "adam", "lr": 0.01, "epochs": 60, "batch_size": 25}, check=overfits,
             hint="a network that cannot overfit 50 samples has a bug: check that every parameter is updated with "
                  "its own gradient and optimizer state"),
        Case("batch norm [8, 10, 6, 3], dropout 0.2, momentum: running statistics, accuracies in inference mode",
             args=bn_args, kwargs=bn_kwargs, check=bn_run,
             hint="carry bn_state from step to step and return it; measure the accuracies after each epoch on the "
                  "whole sets in inference mode"),
        Case("the same run again: the same seed gives the same result", args=bn_args, kwargs=bn_kwargs, check=bn_again,
             hint="draw everything (batch orders, dropout masks) from seed, nothing from a global random state"),
    ]
    return run_cases(call, cases, name="train_network", may_modify=MAY_MODIFY.get("train_network", ()))


# ----------------------------------------------------------------------------------------------
# Stated rules -> the cases that exercise them (visible case names, or hidden assertion messages)
# ----------------------------------------------------------------------------------------------
RULES: dict[str, dict[str, list[str]]] = {
    "init_network": {
        "W{l} of shape (layer_sizes[l-1], layer_sizes[l]) and b{l} of zeros, for every layer l = 1..L": [
            "[4, 5, 3], he: keys W1, b1, W2, b2 with their shapes, zero biases",
            "a network without hidden layer [7, 3]: W1, b1 only", "layer_sizes as a tuple",
            "hidden: keys W, b for every layer and gamma, beta for the hidden layers only",
            "hidden: shapes (fan_in, fan_out) and (width,)"],
        "init='he' (the default) draws with he_init: variance 2 / fan_in, mean 0": [
            "He spread on [400, 300, 200, 10] (the default init)", "hidden: He spread sqrt(2 / fan_in) on W1",
            "hidden: He spread sqrt(2 / fan_in) on W2"],
        "init='xavier' draws with xavier_init: variance 2 / (fan_in + fan_out)": [
            "Xavier spread on [400, 300, 200, 10]", "hidden: Xavier spread sqrt(2 / (fan_in + fan_out))"],
        "anything else raises ValueError": ["an unknown init raises ValueError",
                                            "hidden: an unknown init raises ValueError"],
        "layer l draws with seed + l: every layer its own draw": [
            "[30, 40, 40, 40, 5]: each layer draws its own weights", "hidden: every layer has its own draw"],
        "the seed fixes the parameters; another seed changes them": [
            "the same seed gives the same parameters", "another seed gives other weights",
            "hidden: the same seed gives the same parameters"],
        "batchnorm=True adds gamma{l} ones and beta{l} zeros for the hidden layers only": [
            "batchnorm=True on [6, 5, 4, 3]: gamma1, beta1, gamma2, beta2 (hidden layers only)",
            "hidden: zero biases, gamma ones, beta zeros"],
        "batchnorm=False (the default) adds no gamma or beta": ["batchnorm=False adds no gamma or beta",
                                                               "[4, 5, 3], he: keys W1, b1, W2, b2 with their shapes, zero biases"],
    },
    "network_forward": {
        "hidden layers: dense, ReLU; the last layer dense only (logits)": [
            "[4, 5, 3], N=6, inference: scores", "[5, 8, 6, 4, 3]: three hidden layers",
            "hidden: scores = relu(X W1 + b1) W2 + b2"],
        "any depth, including no hidden layer": [
            "[5, 8, 6, 4, 3]: three hidden layers",
            "a network without hidden layer [5, 3]: the scores of one dense layer"],
        "defaults: inference, no dropout, bn_state None, seed 0": ["the defaults: inference, no dropout, seed 0"],
        "dropout only while training, after the ReLU, hidden layer l with seed + l": [
            "training, dropout 0.5, seed 3: masks from dropout_forward with seed + l",
            "inference ignores dropout (dropout=0.5, training=False)", "training without dropout (dropout=0.0)",
            "hidden: no dropout at inference", "hidden: dropout after the ReLU with the mask of seed + l"],
        "batch norm between the dense layer and the ReLU of each hidden layer, never at the output": [
            "batch norm, training, bn_state None: batch statistics, new running statistics",
            "batch norm and dropout 0.25 while training, seed 5",
            "hidden: dense, batch norm, ReLU in training"],
        "training: batch statistics, and a new bn_state with the updated running statistics (from means 0 and "
        "variances 1 when bn_state is None)": [
            "batch norm, training, bn_state None: batch statistics, new running statistics",
            "batch norm, training, from a given bn_state",
            "hidden: running statistics updated from the start values"],
        "inference: the running statistics of bn_state, returned unchanged; works for N = 1": [
            "batch norm, inference: the running statistics of bn_state, returned as they are",
            "batch norm, inference on one sample (N = 1)", "hidden: inference uses the running statistics"],
        "bn_state is None for a network without batch norm": ["[4, 5, 3], N=6, inference: scores",
                                                             "hidden: bn_state is None without batch norm"],
        "params, X and bn_state are left unchanged": ["batch norm, training, from a given bn_state"],
    },
    "network_loss": {
        "loss = mean softmax cross-entropy + reg * sum of the squared weights (week 7's l2_penalty)": [
            "[4, 5, 3], N=6, no reg: loss and gradient check",
            "[4, 6, 5, 3], reg=0.1: L2 on the weights in the loss and the gradients",
            "hidden: loss value (reg={_reg}, dropout={_rate})"],
        "L2 on the weight matrices only, not biases, gamma or beta": [
            "[4, 6, 5, 3], reg=0.1: L2 on the weights in the loss and the gradients",
            "batch norm [4, 5, 4, 3], reg=0.02: gradient check",
            "a network without hidden layer [6, 4], reg=0.05"],
        "grads has the keys and shapes of params and passes a whole-network gradient check": [
            "[4, 5, 3], N=6, no reg: loss and gradient check",
            "[4, 6, 5, 3], N=7, no reg: gradient check through two hidden layers",
            "batch norm [4, 5, 4, 3], N=8: gradient check including gamma and beta",
            "hidden: grads has the keys of params", "hidden: gradient check of"],
        "training mode: dropout with the masks of seed + l, batch statistics": [
            "dropout 0.3, seed 2, reg=0.01: gradient check with the fixed masks",
            "batch norm and dropout 0.25, seed 1: gradient check",
            "hidden: loss value (reg={_reg}, dropout={_rate})"],
        "returns the new bn_state (None without batch norm)": [
            "batch norm [4, 5, 4, 3], N=8: gradient check including gamma and beta",
            "[4, 5, 3], N=6, no reg: loss and gradient check"],
        "tiny weights give an initial loss of about ln(C)": [
            "tiny weights, 10 classes, no reg: the initial loss is about ln(10)",
            "hidden: the initial loss with tiny weights is about ln(C)"],
        "the loss is one number (the mean over the batch)": [
            "tiny weights, 10 classes, no reg: the initial loss is about ln(10)"],
    },
    "train_network": {
        "epoch e visits the batches of minibatches(..., shuffle=True, seed=seed + e)": [
            "sgd, lr 0.1, batch 4, 2 epochs: exact steps, shuffled per epoch",
            "the same with seed=7: the seed sets the order",
            "hidden: {_opt}: the trained parameters after 3 epochs of 3 shuffled mini-batches"],
        "sgd, momentum (beta 0.9) and adam (defaults) steps, one state per parameter kept over all steps, "
        "Adam's t counting iterations from 1": [
            "sgd, lr 0.1, batch 4, 2 epochs: exact steps, shuffled per epoch",
            "momentum, lr 0.05, a schedule that halves every 2 epochs, 4 epochs",
            "adam, lr 0.01, batch 3, 3 epochs, reg 0.01",
            "hidden: {_opt}: the trained parameters after 3 epochs of 3 shuffled mini-batches"],
        "an unknown optimizer raises ValueError": ["an unknown optimizer raises ValueError"],
        "the learning rate of epoch e is lr_schedule(lr, e), or lr without a schedule": [
            "momentum, lr 0.05, a schedule that halves every 2 epochs, 4 epochs",
            "hidden: history['lr'] holds the schedule's rate per epoch"],
        "defaults: adam, lr 1e-3, no schedule, 5 epochs, batch 64, no reg, seed 0": [
            "the defaults: adam, lr 1e-3, 5 epochs, batch 64 (one batch of 10)"],
        "history: the loss of every iteration, the lr of every epoch, train and validation accuracy after every "
        "epoch in inference mode": [
            "adam, lr 0.01, batch 3, 3 epochs, reg 0.01",
            "batch norm [8, 10, 6, 3], dropout 0.2, momentum: running statistics, accuracies in inference mode",
            "hidden: {_opt}: history['loss'] per iteration",
            "hidden: history['val_acc'] is the accuracy on X_val after each epoch"],
        "bn_state carried from step to step and returned (None without batch norm)": [
            "batch norm [8, 10, 6, 3], dropout 0.2, momentum: running statistics, accuracies in inference mode",
            "hidden: bn_state holds the running statistics", "hidden: bn_state None without batch norm"],
        "a small batch can be overfitted to 100 % training accuracy": [
            "50 samples, [20, 64, 5], adam lr 0.01, 60 epochs of batches of 25: 100 % training accuracy",
            "hidden: a batch-norm network overfits 50 samples to 100 % training accuracy"],
        "the same seed gives the same result": ["the same run again: the same seed gives the same result"],
        "returns new params; the arguments are left unchanged": [
            "sgd, lr 0.1, batch 4, 2 epochs: exact steps, shuffled per epoch",
            "hidden: train_network leaves the params it is given unchanged"],
    },
}


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
