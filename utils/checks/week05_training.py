"""Checks for week 5 (training a network): mini-batches, optimizers (SGD, momentum, AdaGrad, RMSProp, Adam), initialization, LR schedules,
metrics, data splits and the Keras workflow.

The optimizer checks run the student's update rule step for step next to the Keras optimizer of the same
name (TensorFlow is imported inside those checks only), on float64 variables so that the comparison is
tight; where the notebook's form differs from Keras' (Adam with a non-default eps), Keras' Adam runs with its
epsilon hat set before each step to the value that gives the notebook's form. Initializers are checked by statistics (mean, spread), never by exact draws.
Metrics are compared with scikit-learn.

`RULES` maps every rule the notebook states for a graded function to the cases that exercise it (visible
case names, or "hidden:" assertion messages of the function's test cell); `MAY_MODIFY` lists the arguments a
function may change in place (none this week); `OWN_WORK` names the library functions that do a graded
function's work, which a solution should not call.
"""
from __future__ import annotations

import math
import re

import numpy as np

from .engine import Case, CheckFailed, functions_only, run_cases

WEEK = "week05_training"
POINTS = {
    "minibatches": 1, "iterations_per_epoch": 1,
    "sgd_step": 1, "momentum_step": 1, "adagrad_step": 1, "rmsprop_step": 1, "adam_step": 1,
    "he_init": 1, "xavier_init": 1,
    "step_decay": 1, "exponential_decay": 1,
    "mae": 0.5, "mse": 0.5, "rmse": 1, "rmsle": 1, "r2_score": 1, "train_val_test_split": 1,
    "build_mlp": 1,
}
__all__ = list(POINTS)

# No graded function of this week may change its arguments in place (the course's default contract): the
# optimizer steps return NEW w and state arrays, the metrics and splits leave the data as they were.
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

# Library functions that do the work of a graded function: the notebook asks students to write these with
# NumPy themselves, and the class report flags a solution that calls one of them. (train_val_test_split is
# absent on purpose: the notebook suggests calling sklearn's train_test_split twice; build_mlp is built
# with Keras by design.)
OWN_WORK: dict[str, list[str]] = {
    "minibatches": ["sklearn.utils.gen_batches", "tensorflow.data.Dataset.from_tensor_slices",
                    "tensorflow.data.Dataset.batch"],
    "sgd_step": ["keras.optimizers.SGD", "tensorflow.keras.optimizers.SGD", "tensorflow.optimizers.SGD"],
    "momentum_step": ["keras.optimizers.SGD", "tensorflow.keras.optimizers.SGD", "tensorflow.optimizers.SGD"],
    "adagrad_step": ["keras.optimizers.Adagrad", "tensorflow.keras.optimizers.Adagrad",
                     "tensorflow.optimizers.Adagrad", "optax.adagrad", "torch.optim.Adagrad"],
    "rmsprop_step": ["keras.optimizers.RMSprop", "tensorflow.keras.optimizers.RMSprop",
                     "tensorflow.optimizers.RMSprop"],
    "adam_step": ["keras.optimizers.Adam", "tensorflow.keras.optimizers.Adam", "tensorflow.optimizers.Adam"],
    "he_init": ["keras.initializers.HeNormal", "keras.initializers.HeUniform", "keras.initializers.he_normal",
                "keras.initializers.he_uniform", "tensorflow.keras.initializers.HeNormal",
                "tensorflow.keras.initializers.HeUniform", "tensorflow.keras.initializers.he_normal",
                "tensorflow.keras.initializers.he_uniform"],
    "xavier_init": ["keras.initializers.GlorotNormal", "keras.initializers.GlorotUniform",
                    "keras.initializers.glorot_normal", "keras.initializers.glorot_uniform",
                    "tensorflow.keras.initializers.GlorotNormal", "tensorflow.keras.initializers.GlorotUniform",
                    "tensorflow.keras.initializers.glorot_normal", "tensorflow.keras.initializers.glorot_uniform"],
    "step_decay": ["keras.optimizers.schedules.ExponentialDecay", "keras.optimizers.schedules.PiecewiseConstantDecay",
                   "tensorflow.keras.optimizers.schedules.ExponentialDecay",
                   "tensorflow.keras.optimizers.schedules.PiecewiseConstantDecay"],
    "exponential_decay": ["keras.optimizers.schedules.ExponentialDecay",
                          "tensorflow.keras.optimizers.schedules.ExponentialDecay"],
    "mae": ["sklearn.metrics.mean_absolute_error", "keras.losses.mean_absolute_error",
            "keras.losses.MeanAbsoluteError", "keras.metrics.mean_absolute_error", "keras.metrics.MeanAbsoluteError",
            "tensorflow.keras.losses.mean_absolute_error", "tensorflow.keras.metrics.mean_absolute_error"],
    "mse": ["sklearn.metrics.mean_squared_error", "keras.losses.mean_squared_error", "keras.losses.MeanSquaredError",
            "keras.metrics.mean_squared_error", "keras.metrics.MeanSquaredError",
            "tensorflow.keras.losses.mean_squared_error", "tensorflow.keras.metrics.mean_squared_error"],
    "rmse": ["sklearn.metrics.root_mean_squared_error", "sklearn.metrics.mean_squared_error",
             "keras.metrics.RootMeanSquaredError", "tensorflow.keras.metrics.RootMeanSquaredError"],
    "rmsle": ["sklearn.metrics.root_mean_squared_log_error", "sklearn.metrics.mean_squared_log_error",
              "keras.losses.mean_squared_logarithmic_error", "keras.losses.MeanSquaredLogarithmicError",
              "keras.metrics.mean_squared_logarithmic_error", "keras.metrics.MeanSquaredLogarithmicError",
              "tensorflow.keras.losses.mean_squared_logarithmic_error"],
    "r2_score": ["sklearn.metrics.r2_score", "keras.metrics.R2Score", "tensorflow.keras.metrics.R2Score"],
}


def _run_groups(name, groups):
    """run_cases over several (function, cases) groups, numbered as one check; prints the summary."""
    total = sum(len(cases) for _, cases in groups)
    done = 0
    for func, cases in groups:
        try:
            run_cases(func, cases, name=name, quiet=True, may_modify=MAY_MODIFY.get(name, ()))
        except CheckFailed as exc:
            text = re.sub(rf"^{re.escape(name)}: check (\d+)/\d+",
                          lambda m: f"{name}: check {done + int(m.group(1))}/{total}", str(exc))
            raise CheckFailed(text) from None
        done += len(cases)
    print(f"{name}: {total}/{total} checks passed")
    return total


def _run(func, cases, name):
    return run_cases(func, cases, name=name, may_modify=MAY_MODIFY.get(name, ()))


# ----------------------------------------------------------------------------- mini-batches

def _indexed(n: int, *, image: bool = False):
    """X whose first entry of each sample is the sample's number, y = 10 * number + 7: rows can be traced.

    X is (n, 3), or (n, 2, 2) with image=True (samples that are small images).
    """
    X = np.column_stack([np.arange(n, dtype=np.float64), np.ones(n), np.full(n, 2.0), np.full(n, 3.0)])
    return (X.reshape(n, 2, 2) if image else X[:, :3]), 10 * np.arange(n) + 7


def _row_ids(X) -> np.ndarray:
    X = np.asarray(X)
    return X.reshape(len(X), -1)[:, 0].astype(int)


def _batch_list(func):
    """Call minibatches and materialise the batches of one epoch (what the grader does too)."""
    def run(X, y, batch_size, **kwargs):
        return [tuple(batch) for batch in func(X, y, batch_size, **kwargs)]
    return run


def _order(batches) -> np.ndarray:
    return np.concatenate([_row_ids(b[0]) for b in batches]) if batches else np.array([], dtype=int)


def _batches_ok(n, batch_size, order=None, shuffled=None, sample_shape=(3,), also=None):
    """Properties of a list of (X_batch, y_batch) for _indexed(n); `also(batches)` may add one more."""
    def check(batches):
        for i, batch in enumerate(batches):
            if len(batch) != 2:
                return f"batch {i}: expected a pair (X_batch, y_batch), got {len(batch)} values"
        sizes = [len(np.asarray(b[0])) if np.ndim(b[0]) else 0 for b in batches]
        want = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
        if sizes != want:
            return f"expected batch sizes {want}, got {sizes}"
        for i, (xb, yb) in enumerate(batches):
            xb, yb = np.asarray(xb), np.asarray(yb)
            if xb.shape[1:] != tuple(sample_shape):
                return (f"batch {i}: expected X_batch of shape ({len(xb)}, {', '.join(map(str, sample_shape))}), "
                        f"got {xb.shape} (keep the batch axis, even for a batch of one sample)")
            if yb.shape != (len(xb),):
                return f"batch {i}: expected y_batch of shape ({len(xb)},), got {yb.shape}"
            if not np.array_equal(yb, 10 * _row_ids(xb) + 7):
                return f"batch {i}: the labels no longer belong to their rows (X row r has y = 10r + 7)"
        rows = _order(batches)
        if sorted(rows.tolist()) != list(range(n)):
            missing = sorted(set(range(n)) - set(rows.tolist()))
            return (f"every sample must appear exactly once per epoch; missing rows {missing[:5]}, "
                    f"{len(rows) - len(set(rows.tolist()))} duplicate(s)")
        if order is not None and not np.array_equal(rows, order):
            return f"with shuffle=False the rows must keep their order, got {rows[:8]}..."
        if shuffled and np.array_equal(rows, np.arange(n)):
            return "with shuffle=True the rows came back in their original order"
        return also(batches) if also else None
    return check


def minibatches(func):
    run = _batch_list(func)
    X, y = _indexed(10)
    X50, y50 = _indexed(50)
    Xi, yi = _indexed(12, image=True)
    order_hint = "shuffle with ONE permutation of the indices and take X and y with it, so rows stay together"

    def same_as_seed_0(batches):
        if not np.array_equal(_order(batches), _order(run(X50, y50, 8, shuffle=True, seed=0))):
            return "called without shuffle and seed, the order must be the one of shuffle=True, seed=0 (the defaults)"
        return None

    def seed_repeats(batches):
        if not np.array_equal(_order(batches), _order(run(X50, y50, 8, shuffle=True, seed=3))):
            return "two calls with seed=3 gave two different orders: the same seed must give the same order"
        return None

    def seed_matters(batches):
        if np.array_equal(_order(batches), _order(run(X50, y50, 8, shuffle=True, seed=3))):
            return "seeds 3 and 4 gave the same order: the seed must decide the permutation"
        return None

    return _run(run, [
        Case("10 samples, batches of 4, shuffle=False keeps the order", args=(X, y, 4), kwargs={"shuffle": False},
             check=_batches_ok(10, 4, order=np.arange(10)),
             hint="step through the indices in chunks of batch_size; the last chunk keeps what is left"),
        Case("10 samples, batches of 5 (divides exactly)", args=(X, y, 5), kwargs={"shuffle": False},
             check=_batches_ok(10, 5, order=np.arange(10)), hint="no empty batch at the end"),
        Case("50 samples, batches of 8, shuffled (seed=0)", args=(X50, y50, 8), kwargs={"shuffle": True, "seed": 0},
             check=_batches_ok(50, 8, shuffled=True), hint=order_hint),
        Case("defaults: shuffle=True, seed=0", args=(X50, y50, 8), check=_batches_ok(50, 8, shuffled=True,
                                                                                     also=same_as_seed_0),
             hint="keep the defaults of the signature: shuffle=True, seed=0"),
        Case("batch larger than the data set", args=(X, y, 64), kwargs={"shuffle": True, "seed": 1},
             check=_batches_ok(10, 64, shuffled=True), hint="one batch holding all 10 samples"),
        Case("batches of 1: each X_batch is (1, 3), not a row (3,)", args=(X[:4], y[:4], 1),
             kwargs={"shuffle": False}, check=_batches_ok(4, 1, order=np.arange(4)),
             hint="take the samples of a batch with a slice or an index array, which keeps the batch axis"),
        Case("a single sample (N = 1)", args=(X[:1], y[:1], 4), kwargs={"shuffle": True, "seed": 0},
             check=_batches_ok(1, 4), hint="one batch of shape (1, 3) with its label of shape (1,)"),
        Case("samples that are images: X of shape (12, 2, 2)", args=(Xi, yi, 5), kwargs={"shuffle": True, "seed": 2},
             check=_batches_ok(12, 5, shuffled=True, sample_shape=(2, 2)),
             hint="X is (n, ...): index the first axis only, whatever the shape of one sample"),
        Case("the same seed gives the same order", args=(X50, y50, 8), kwargs={"shuffle": True, "seed": 3},
             check=_batches_ok(50, 8, shuffled=True, also=seed_repeats),
             hint="draw the permutation from np.random.default_rng(seed)"),
        Case("another seed gives another order", args=(X50, y50, 8), kwargs={"shuffle": True, "seed": 4},
             check=_batches_ok(50, 8, shuffled=True, also=seed_matters), hint="the seed must decide the permutation"),
    ], "minibatches")


def iterations_per_epoch(func):
    return _run(func, [
        Case("10,000,000 samples, batches of 1,000", args=(10_000_000, 1000), expect=10_000, dtype="int",
             hint="one iteration per mini-batch: return the number of batches, an integer"),
        Case("1,000 samples, batches of 32 (the last batch is smaller)", args=(1000, 32), expect=32, dtype="int",
             hint="the last, smaller batch is an iteration too: round up, not down"),
        Case("60,000 samples, batches of 60,000 (full batch)", args=(60000, 60000), expect=1, dtype="int"),
        Case("5 samples, batches of 1 (pure SGD)", args=(5, 1), expect=5, dtype="int"),
        Case("7 samples, batches of 64", args=(7, 64), expect=1, dtype="int",
             hint="a batch larger than the data set is one (smaller) batch"),
        Case("a single sample (n = 1), batches of 32", args=(1, 32), expect=1, dtype="int"),
    ], "iterations_per_epoch")


# ----------------------------------------------------------------------------- optimizers

_W0 = np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]])
_GRADS = np.random.default_rng(5).normal(size=(6, 2, 3)) * np.array([1.0, 0.05, 3.0])


def _keras_run(make_optimizer, w0, grads, states, before_step=None):
    """Apply `grads` one by one with a Keras optimizer on a float64 variable.

    `before_step(opt, t)`, if given, is called before step t (counted from 1), e.g. to set a hyperparameter.
    Returns (W, *S): the variable after each step (k, ...) and each requested optimizer state.
    """
    import keras

    opt = make_optimizer(keras)
    var = keras.Variable(np.array(w0, dtype=np.float64), dtype="float64")
    ws, ss = [], [[] for _ in states]
    for t, g in enumerate(grads, start=1):
        if before_step is not None:
            before_step(opt, t)
        opt.apply_gradients([(keras.ops.convert_to_tensor(np.asarray(g), dtype="float64"), var)])
        ws.append(np.array(var.numpy()))
        for store, getter in zip(ss, states):
            store.append(np.array(getter(opt).numpy()))
    return (np.stack(ws), *[np.stack(s) for s in ss])


def _steps(func, n_state, wants_t=False, start=0.0):
    """Run a student's update rule over a gradient sequence; stack w and the states after each step.

    The states start at `start` (0 for most optimizers; Keras' Adagrad starts its accumulator at 0.1)."""
    def run(w0, grads, **kwargs):
        w = np.array(w0, dtype=np.float64)
        state = [np.full_like(w, start) for _ in range(n_state)]
        ws, ss = [], [[] for _ in range(n_state)]
        for t, g in enumerate(grads, start=1):
            extra = (t,) if wants_t else ()
            out = func(w, np.array(g), *state, *extra, **kwargs)
            if n_state == 0:
                w = out
            else:
                if not isinstance(out, (tuple, list)) or len(out) != n_state + 1:
                    got = f"{len(out)} values" if isinstance(out, (tuple, list)) else type(out).__name__
                    raise ValueError(f"expected a tuple of {n_state + 1} arrays, got {got}")
                w, *state = out
            w = np.asarray(w)
            if w.shape != np.shape(w0):
                raise ValueError(f"w must keep its shape {np.shape(w0)}, got {w.shape}")
            ws.append(np.array(w, dtype=np.float64))
            for store, s in zip(ss, state):
                store.append(np.array(s, dtype=np.float64))
        return (np.stack(ws), *[np.stack(s) for s in ss]) if n_state else np.stack(ws)
    return run


def sgd_step(func):
    keras_w = _keras_run(lambda k: k.optimizers.SGD(learning_rate=0.125), _W0, _GRADS, [])[0]
    return _run_groups("sgd_step", [(func, [
        Case("one step by hand", args=(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1),
             expect=np.array([0.95, 2.1]), dtype="float",
             hint="step against the gradient, by the learning rate times the gradient",
             formula="w ← w − η · g"),
    ]), (_steps(func, 0), [
        Case("6 steps on a (2, 3) weight matrix, as keras.optimizers.SGD(learning_rate=0.125)",
             args=(_W0, _GRADS), kwargs={"lr": 0.125}, expect=keras_w, rtol=1e-6, atol=1e-7,
             hint="the same step for every entry of the matrix, element by element", formula="w ← w − η · g"),
    ])])


def momentum_step(func):
    def expected(beta):
        return _keras_run(lambda k: k.optimizers.SGD(learning_rate=0.125, momentum=beta), _W0, _GRADS,
                          [lambda opt: opt.momentums[0]])
    w1, g1, v1 = np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([0.2, -0.4])
    return _run_groups("momentum_step", [(func, [
        Case("one step from v = 0", args=(w1, g1, np.zeros(2), 0.1),
             expect=(np.array([0.95, 2.1]), np.array([-0.05, 0.1])), names=("w", "v"), dtype="float",
             hint="Keras' convention: the velocity decays by beta and moves against the gradient, then w moves "
                  "by the velocity; return (w, v)"),
        Case("one step with velocity, beta=0.5", args=(w1, g1, v1, 0.1), kwargs={"beta": 0.5},
             expect=(np.array([1.05, 1.9]), np.array([0.05, -0.1])), names=("w", "v"),
             hint="the old velocity decays by beta and the new gradient pushes it downhill; then w moves by the NEW "
                  "velocity", formula="v ← β · v − η · g, then w ← w + v"),
        Case("one step with velocity and the default beta=0.9", args=(w1, g1, v1, 0.1),
             expect=(w1 + (0.9 * v1 - 0.1 * g1), 0.9 * v1 - 0.1 * g1), names=("w", "v"),
             hint="the default of beta is 0.9, as in the signature"),
    ]), (_steps(func, 1), [
        Case(f"6 steps, as keras.optimizers.SGD(learning_rate=0.125, momentum={beta})",
             args=(_W0, _GRADS), kwargs={"lr": 0.125, "beta": beta}, expect=expected(beta), names=("w", "v"),
             rtol=1e-6, atol=1e-7, hint="Keras' convention: the velocity points downhill and w moves by it",
             formula="v ← β · v − η · g, then w ← w + v")
        for beta in (0.9, 0.5)
    ])])


def adagrad_step(func):
    def expected(lr, eps, start):
        return _keras_run(lambda k: k.optimizers.Adagrad(learning_rate=lr, initial_accumulator_value=start,
                                                         epsilon=eps), _W0, _GRADS,
                          [lambda opt: opt._accumulators[0]])
    w1, g1, s1 = np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([0.1, 0.1])
    tiny = np.array([1e-4, -1e-4])                 # tiny**2 = 1e-8 is smaller than eps: where eps goes matters
    w32 = np.array([[0.5, -1.0, 2.0]], dtype=np.float32)
    g32 = np.array([[0.3, -0.2, 1.5]], dtype=np.float32)
    s32 = np.full((1, 3), 0.1, dtype=np.float32)
    s32_new = s32.astype(np.float64) + g32.astype(np.float64) ** 2
    idea = ("the accumulator adds each new squared gradient to the old one (a running SUM that never forgets), and "
            "each weight's step is divided by the square root of its own accumulator; return (w, s)")
    formula = "s ← s + g², then w ← w − η · g / √(s + ε), with the NEW s"
    eps_inside = "Keras adds eps INSIDE the square root, to the accumulator, not to its root"
    eps_formula = "w ← w − η · g / √(s + ε): ε is added to s under the root"
    return _run_groups("adagrad_step", [(func, [
        Case("one step from s = 0.1 (Keras' start), eps=0", args=(w1, g1, s1), kwargs={"lr": 0.1, "eps": 0.0},
             expect=(w1 - 0.1 * g1 / np.sqrt(s1 + g1 ** 2), s1 + g1 ** 2), names=("w", "s"), dtype="float",
             hint=idea, formula=formula),
        Case("tiny gradients from s = 0: the default eps=1e-7 counts, inside the root",
             args=(w1, tiny, np.zeros(2)), expect=(w1 - 1e-3 * tiny / np.sqrt(tiny ** 2 + 1e-7), tiny ** 2),
             names=("w", "s"), rtol=1e-6, atol=1e-12,
             hint="the defaults are lr=0.001 and eps=1e-7 (as Keras); " + eps_inside, formula=eps_formula),
        Case("a single weight (w of shape (1,))", args=(np.array([3.0]), np.array([-2.0]), np.array([0.25])),
             kwargs={"lr": 0.5, "eps": 0.0}, expect=(np.array([3.0 + 0.5 * 2.0 / math.sqrt(4.25)]), np.array([4.25])),
             names=("w", "s"), rtol=1e-9, atol=1e-12,
             hint="everything is element-wise: w, grad and s all keep their shape, even (1,)", formula=formula),
        Case("float32 in, float32 out: w, grad and s of shape (1, 3)", args=(w32, g32, s32), kwargs={"lr": 0.01},
             expect=(w32.astype(np.float64) - 0.01 * g32.astype(np.float64) / np.sqrt(s32_new + 1e-7), s32_new),
             names=("w", "s"), dtype="float32", rtol=1e-5, atol=1e-6,
             hint="build the result from the arrays you are given: float32 arrays combined with Python numbers stay "
                  "float32 (no conversion to float64 needed)"),
    ]), (_steps(func, 1, start=0.1), [
        Case("6 steps, as keras.optimizers.Adagrad(learning_rate=0.125, initial_accumulator_value=0.1)",
             args=(_W0, _GRADS), kwargs={"lr": 0.125}, expect=expected(0.125, 1e-7, 0.1), names=("w", "s"),
             rtol=1e-6, atol=1e-7, hint=idea + " (the sum keeps growing step after step)", formula=formula),
    ]), (_steps(func, 1, start=0.0), [
        Case("6 steps from s = 0 with a large eps=0.01, as keras.optimizers.Adagrad(learning_rate=0.05, "
             "initial_accumulator_value=0.0, epsilon=0.01)", args=(_W0, _GRADS), kwargs={"lr": 0.05, "eps": 0.01},
             expect=expected(0.05, 0.01, 0.0), names=("w", "s"), rtol=1e-6, atol=1e-7,
             hint="use the lr and eps arguments; " + eps_inside, formula=eps_formula),
    ])])


def rmsprop_step(func):
    def expected(rho, eps):
        return _keras_run(lambda k: k.optimizers.RMSprop(learning_rate=0.125, rho=rho, epsilon=eps), _W0, _GRADS,
                          [lambda opt: opt._velocities[0]])
    w1, g1 = np.array([1.0, 2.0]), np.array([0.5, -1.0])
    s1 = 0.1 * g1 ** 2
    tiny = np.array([1e-3, -1e-3])
    s_tiny = 0.1 * tiny ** 2
    return _run_groups("rmsprop_step", [(func, [
        Case("one step from s = 0, eps=0", args=(w1, g1, np.zeros(2), 0.1),
             kwargs={"eps": 0.0}, expect=(w1 - 0.1 * g1 / np.sqrt(s1), s1), names=("w", "s"), dtype="float",
             hint="s is a running mean of the SQUARED gradients; each weight's step is divided by the square root "
                  "of its own s; return (w, s)", formula="s ← β · s + (1 − β) · g², then w ← w − η · g / √(s + ε)"),
        Case("small gradients: the default eps=1e-7 counts", args=(w1, tiny, np.zeros(2), 0.01),
             expect=(w1 - 0.01 * tiny / np.sqrt(s_tiny + 1e-7), s_tiny), names=("w", "s"), rtol=1e-6, atol=1e-12,
             hint="the defaults are beta=0.9 and eps=1e-7, with eps added INSIDE the square root",
             formula="w ← w − η · g / √(s + ε)"),
    ]), (_steps(func, 1), [
        Case("6 steps, as keras.optimizers.RMSprop(learning_rate=0.125, rho=0.9)", args=(_W0, _GRADS),
             kwargs={"lr": 0.125}, expect=expected(0.9, 1e-7), names=("w", "s"), rtol=1e-6, atol=1e-7,
             hint="the weight beta goes on the OLD s, 1 - beta on the new squared gradient; Keras adds eps INSIDE "
                  "the square root", formula="s ← β · s + (1 − β) · g², then w ← w − η · g / √(s + ε)"),
        Case("6 steps with a large eps=0.01 and beta=0.8 (where eps goes matters)", args=(_W0, _GRADS),
             kwargs={"lr": 0.125, "beta": 0.8, "eps": 0.01}, expect=expected(0.8, 0.01), names=("w", "s"),
             rtol=1e-6, atol=1e-7, hint="Keras adds eps INSIDE the square root, to s, not to its root",
             formula="w ← w − η · g / √(s + ε)"),
    ])])


def adam_step(func):
    def expected(lr, b1, b2):
        return _keras_run(lambda k: k.optimizers.Adam(learning_rate=lr, beta_1=b1, beta_2=b2), _W0, _GRADS,
                          [lambda opt: opt._momentums[0], lambda opt: opt._velocities[0]])
    w1 = np.array([1.0, 2.0])
    tiny = np.array([1e-7, -1e-7])
    # With a non-default eps the notebook's form (the paper's) and Keras' "epsilon hat" differ. At t = 1,
    # m_hat = dw and sqrt(v_hat) = |dw|. For the 6 steps below, Keras' Adam gives the paper's form when its
    # epsilon hat is set before step t to eps * sqrt(1 - beta2^t) (Kingma and Ba, the formula before Section 2.1).
    g_small = _GRADS * 1e-3

    def paper_eps(opt, t):
        opt.epsilon = 1e-3 * (1 - 0.9 ** t) ** 0.5

    paper = _keras_run(lambda k: k.optimizers.Adam(learning_rate=0.01, beta_1=0.8, beta_2=0.9), _W0, g_small,
                       [lambda opt: opt._momentums[0], lambda opt: opt._velocities[0]], before_step=paper_eps)
    return _run_groups("adam_step", [(func, [
        Case("first step (t=1): bias correction makes the step lr * sign(dw)",
             args=(w1, np.array([0.5, -4.0]), np.zeros(2), np.zeros(2), 1), kwargs={"lr": 0.1},
             expect=(np.array([0.9, 2.1]), np.array([0.05, -0.4]), np.array([0.00025, 0.016])),
             names=("w", "m", "v"), dtype="float", rtol=1e-5, atol=1e-8,
             hint="bias correction: divide each moment by one minus its beta to the power t (t = 1 on the first "
                  "step) before the step; return (w, m, v), the UNcorrected moments",
             formula="m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), then w ← w − η · m̂ / (√v̂ + ε)"),
        Case("first step with eps=0.5, the paper's form: w - lr * m_hat / (sqrt(v_hat) + eps)",
             args=(w1, np.array([0.5, -4.0]), np.zeros(2), np.zeros(2), 1), kwargs={"lr": 0.1, "eps": 0.5},
             expect=(w1 - 0.1 * np.array([0.5, -4.0]) / (np.array([0.5, 4.0]) + 0.5), np.array([0.05, -0.4]),
                     np.array([0.00025, 0.016])),
             names=("w", "m", "v"), rtol=1e-6, atol=1e-9,
             hint="use the eps argument, added to the root of the CORRECTED v after the bias correction (the "
                  "notebook's form, the paper's), not Keras' corrected learning rate",
             formula="w ← w − η · m̂ / (√v̂ + ε)"),
        Case("tiny gradients (1e-7): the default eps=1e-7 counts", args=(w1, tiny, np.zeros(2), np.zeros(2), 1),
             expect=(w1 - 1e-3 * tiny / (np.abs(tiny) + 1e-7), 0.1 * tiny, 0.001 * tiny ** 2),
             names=("w", "m", "v"), rtol=1e-6, atol=1e-20,
             hint="the defaults are lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7, with eps added to the root of the "
                  "corrected v", formula="w ← w − η · m̂ / (√v̂ + ε)"),
    ]), (_steps(func, 2, wants_t=True), [
        Case("6 steps, as keras.optimizers.Adam(learning_rate=0.001)", args=(_W0, _GRADS),
             expect=expected(1e-3, 0.9, 0.999), names=("w", "m", "v"), rtol=1e-6, atol=1e-7,
             hint="t counts steps from 1; beta1 for the running mean of the gradient, beta2 for the running mean of "
                  "its square", formula="m ← β₁ · m + (1 − β₁) · g, v ← β₂ · v + (1 − β₂) · g²"),
        Case("6 steps, as keras.optimizers.Adam(learning_rate=0.125, beta_1=0.5, beta_2=0.75)", args=(_W0, _GRADS),
             kwargs={"lr": 0.125, "beta1": 0.5, "beta2": 0.75}, expect=expected(0.125, 0.5, 0.75),
             names=("w", "m", "v"), rtol=1e-5, atol=1e-5,
             hint="use the beta1/beta2 arguments, not hard-coded 0.9/0.999"),
        Case("6 steps with small gradients and eps=1e-3 (lr=0.01, beta1=0.8, beta2=0.9), the paper's form",
             args=(_W0, g_small), kwargs={"lr": 0.01, "beta1": 0.8, "beta2": 0.9, "eps": 1e-3},
             expect=paper, names=("w", "m", "v"), rtol=1e-6, atol=1e-10,
             hint="use the eps argument in the notebook's (the paper's) form; Keras' form (eps added to the root "
                  "of the UNcorrected v) differs when that root is close to eps",
             formula="w ← w − η · m̂ / (√v̂ + ε)"),
    ])])


# ----------------------------------------------------------------------------- initialization

def _spread(target_std, shape):
    def check(W):
        if not isinstance(W, np.ndarray):
            return f"expected a NumPy array, got {type(W).__name__}"
        if W.shape != shape:
            return f"expected shape {shape} (fan_in, fan_out), got {W.shape}"
        if not np.issubdtype(W.dtype, np.floating):
            return f"expected a float array, got dtype {W.dtype}"
        if not np.all(np.isfinite(W)):
            return "the weights hold NaN or inf"
        mean, std = float(W.mean()), float(W.std())
        if abs(mean) > 0.05 * target_std:
            return f"expected mean about 0, got {mean:.4g} (std {std:.4g})"
        if not abs(std - target_std) <= 0.03 * target_std:
            return f"expected standard deviation {target_std:.4g}, got {std:.4g} (ratio {std / target_std:.3f})"
        return None
    return check


def _init_cases(func, label, std, sizes, hint, formula=""):
    """Spread cases for an initializer `std(fan_in, fan_out)`, then the seed cases."""
    def same_seed(W):
        if not np.array_equal(np.asarray(W), np.asarray(func(300, 200, seed=1))):
            return "two calls with seed=1 gave different weights: the same seed must give the same weights"
        return None

    def other_seed(W):
        if np.array_equal(np.asarray(W), np.asarray(func(300, 200, seed=1))):
            return "seeds 1 and 2 gave the same weights: use the seed argument"
        return None

    def default_seed(W):
        if not np.array_equal(np.asarray(W), np.asarray(func(300, 200, seed=0))):
            return "called without a seed, the weights must be those of seed=0 (the default)"
        return None

    shape = (300, 200)
    spread = _spread(std(*shape), shape)
    return [Case(_init_name(label, fi, fo), args=(fi, fo), kwargs={"seed": 0},
                 check=_spread(std(fi, fo), (fi, fo)), hint=hint, formula=formula) for fi, fo in sizes] + [
        Case(f"{label}: the same seed gives the same weights", args=shape, kwargs={"seed": 1},
             check=lambda W: spread(W) or same_seed(W), hint="draw from np.random.default_rng(seed)"),
        Case(f"{label}: another seed gives other weights", args=shape, kwargs={"seed": 2},
             check=lambda W: spread(W) or other_seed(W), hint="draw from np.random.default_rng(seed)"),
        Case(f"{label}: the default seed is 0", args=shape, check=lambda W: spread(W) or default_seed(W),
             hint="keep the default of the signature: seed=0"),
    ]


def _init_name(label, fan_in, fan_out):
    extra = " (a single output: keep the 2-D shape)" if fan_out == 1 else \
        " (a single input: keep the 2-D shape)" if fan_in == 1 else ""
    return f"{label}: fan_in={fan_in}, fan_out={fan_out}{extra}"


_INIT_SIZES = ((800, 200), (100, 1000), (256, 256), (20000, 1), (1, 20000))


def he_init(func):
    return _run(func, _init_cases(
        func, "He", lambda fi, fo: math.sqrt(2 / fi), _INIT_SIZES,
        hint="He: the variance shrinks with the fan-in (twice its inverse), normal or uniform with that variance; "
             "the shape is (fan_in, fan_out)",
        formula="Var(W) = 2 / n_in: normal with σ = √(2 / n_in), or uniform on ±√(6 / n_in)"), "he_init")


def xavier_init(func):
    return _run(func, _init_cases(
        func, "Xavier", lambda fi, fo: math.sqrt(2 / (fi + fo)), _INIT_SIZES,
        hint="Xavier/Glorot: the variance shrinks with the fan-in AND the fan-out (their average), normal or "
             "uniform with that variance; the shape is (fan_in, fan_out)",
        formula="Var(W) = 2 / (n_in + n_out): normal with σ = √(2 / (n_in + n_out)), or uniform on "
                "±√(6 / (n_in + n_out))"), "xavier_init")


# ----------------------------------------------------------------------------- schedules

def step_decay(func):
    hint = "the rate stays constant for `every` epochs, then is multiplied by drop: once per COMPLETED block"
    formula = "ηₑ = η₀ · drop^⌊e / every⌋"
    return _run(func, [
        Case("epoch 0 keeps lr0", args=(0.1, 0), expect=0.1, rtol=1e-9, hint=hint, formula=formula),
        Case("epoch 9 is still in the first block of 10", args=(0.1, 9), expect=0.1, rtol=1e-9, hint=hint, formula=formula),
        Case("epoch 10 halves it (the default drop=0.5, every=10)", args=(0.1, 10), expect=0.05, rtol=1e-9,
             hint=hint, formula=formula),
        Case("epoch 25 -> two drops", args=(0.1, 25), expect=0.025, rtol=1e-9, hint=hint, formula=formula),
        Case("drop=0.1 every 3 epochs, epoch 7", args=(0.01, 7), kwargs={"drop": 0.1, "every": 3},
             expect=1e-4, rtol=1e-9, hint="use the drop and every arguments"),
        Case("drop=0.25 every 4 epochs, epoch 3: not yet", args=(0.5, 3), kwargs={"drop": 0.25, "every": 4},
             expect=0.5, rtol=1e-9, hint="the first drop comes once `every` epochs are completed"),
        Case("drop=0.25 every 4 epochs, epoch 4: the first drop", args=(0.5, 4), kwargs={"drop": 0.25, "every": 4},
             expect=0.125, rtol=1e-9, hint=hint, formula=formula),
        Case("drop=0.25 every 4 epochs, epoch 11: two drops", args=(0.5, 11), kwargs={"drop": 0.25, "every": 4},
             expect=0.03125, rtol=1e-9, hint=hint, formula=formula),
    ], "step_decay")


def exponential_decay(func):
    hint = "a smooth decay: the learning rate shrinks by the same factor every epoch, set by rate"
    formula = "ηₑ = η₀ · exp(−k · e), k = rate"
    return _run(func, [
        Case("epoch 0 keeps lr0", args=(0.1, 0, 0.5), expect=0.1, rtol=1e-9, hint=hint, formula=formula),
        Case("lr0=0.1, epoch 2, rate 0.5", args=(0.1, 2, 0.5), expect=0.1 * math.exp(-1.0), rtol=1e-9, hint=hint, formula=formula),
        Case("lr0=0.01, epoch 10, rate 0.05", args=(0.01, 10, 0.05), expect=0.01 * math.exp(-0.5), rtol=1e-9,
             hint=hint + " (rate is a decay constant in an exponential, not a factor raised to the epoch)",
             formula=formula),
        Case("rate 0 keeps lr0 for ever", args=(0.3, 40, 0.0), expect=0.3, rtol=1e-9, hint=hint, formula=formula),
    ], "exponential_decay")


# ----------------------------------------------------------------------------- metrics and splits

_Y = np.array([3.0, 0.0, 2.5, 7.0, 1.0, 4.0])
_P = np.array([2.5, 0.5, 2.0, 8.0, 1.0, 2.0])
_rng = np.random.default_rng(11)
_YB = _rng.gamma(2.0, 3.0, size=200)
_PB = np.abs(_YB + _rng.normal(scale=2.0, size=200))


def _a_float(result):
    if not isinstance(result, (float, np.floating)):
        return (f"expected a float (a number, as sklearn.metrics returns), got {type(result).__name__} "
                f"{np.shape(result)}: the mean of a 1-D array already is a number")
    return None


def _metric(func, name, sk, hint, one=None, extra=(), formula=""):
    cases = [
        Case("6 values by hand, vs sklearn.metrics: a float", args=(_Y, _P), expect=sk(_Y, _P), rtol=1e-9,
             atol=1e-12, check=_a_float, hint=hint, formula=formula),
        Case("200 random non-negative values, vs sklearn.metrics", args=(_YB, _PB), expect=sk(_YB, _PB),
             rtol=1e-9, atol=1e-12, check=_a_float, hint=hint, formula=formula),
        Case("a perfect prediction", args=(_YB, _YB.copy()), expect=sk(_YB, _YB), rtol=1e-9, atol=1e-12,
             check=_a_float, hint=hint, formula=formula),
    ]
    if one is not None:
        cases.append(Case("a single value (N = 1)", args=(np.array([3.0]), np.array([5.0])), expect=one, rtol=1e-9,
                          atol=1e-12, check=_a_float, hint="the mean over n = 1 value is that value"))
    return _run(func, cases + list(extra), name)


def mae(func):
    from sklearn.metrics import mean_absolute_error
    return _metric(func, "mae", mean_absolute_error, "absolute values of the errors first, then their mean",
                   one=2.0, formula="MAE = (1/n) Σ|yᵢ − ŷᵢ|")


def mse(func):
    from sklearn.metrics import mean_squared_error
    return _metric(func, "mse", mean_squared_error, "the mean of the squared errors, no square root", one=4.0,
                   formula="MSE = (1/n) Σ(yᵢ − ŷᵢ)²")


def rmse(func):
    from sklearn.metrics import root_mean_squared_error
    return _metric(func, "rmse", root_mean_squared_error, "the square root of the MEAN squared error", one=2.0,
                   formula="RMSE = √((1/n) Σ(yᵢ − ŷᵢ)²)")


def rmsle(func):
    from sklearn.metrics import root_mean_squared_log_error
    return _metric(func, "rmsle", root_mean_squared_log_error,
                   "the RMSE of the logarithms of 1 + y (np.log1p copes with zeros), with its square root",
                   one=math.log(6.0 / 4.0), formula="RMSLE = √((1/n) Σ(log(1 + ŷᵢ) − log(1 + yᵢ))²)")


def r2_score(func):
    from sklearn.metrics import r2_score as sk_r2
    hint = ("one minus the ratio of two sums of squares: the residuals, and the deviations of y_true from the mean "
            "of y_TRUE")
    formula = "R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)², with ȳ the mean of y_true"
    return _metric(func, "r2_score", sk_r2, hint, formula=formula, extra=[
        Case("predicting the mean gives 0", args=(_Y, np.full(6, _Y.mean())), expect=0.0, atol=1e-12,
             check=_a_float, hint=hint, formula=formula),
        Case("a constant prediction other than the mean: y = [1, 2, 3, 4], y_pred = 2 -> -0.2",
             args=(np.array([1.0, 2.0, 3.0, 4.0]), np.full(4, 2.0)), expect=-0.2, rtol=1e-9, atol=1e-12,
             check=_a_float, hint=hint, formula=formula),
        Case("worse than the mean is negative; the order of the arguments matters", args=(_Y, _P[::-1].copy()),
             expect=sk_r2(_Y, _P[::-1]), rtol=1e-9, hint="r2_score(y_true, y_pred) is not symmetric: " + hint,
             formula=formula),
    ])


def _split_ok(n, val, test, sample_shape=(3,), also=None):
    def check(parts):
        if not isinstance(parts, (tuple, list)) or len(parts) != 6:
            return "expected a tuple (X_train, y_train, X_val, y_val, X_test, y_test) of 6 arrays"
        arrays = [np.asarray(p) for p in parts]
        for label, X, y in zip(("train", "val", "test"), arrays[0::2], arrays[1::2]):
            if X.ndim < 1 or X.shape[1:] != tuple(sample_shape) or y.shape != (len(X),):
                shape = ", ".join(["k"] + [str(s) for s in sample_shape])
                return f"{label}: expected X of shape ({shape}) and y of shape (k,), got {X.shape} and {y.shape}"
            if not np.array_equal(y, 10 * _row_ids(X) + 7):
                return f"{label}: the labels no longer belong to their rows (use the same indices for X and y)"
        sizes = [len(a) for a in arrays[0::2]]
        for label, size, frac in (("val", sizes[1], val), ("test", sizes[2], test)):
            if abs(size - frac * n) > 1:
                return (f"expected about {frac} * {n} = {frac * n:g} {label} samples (one more or less is fine), "
                        f"got {size} (sizes train/val/test {sizes})")
        rows = [set(_row_ids(X).tolist()) for X in arrays[0::2]]
        if rows[0] & rows[1] or rows[0] & rows[2] or rows[1] & rows[2]:
            return "the three parts overlap: a sample may be in one part only"
        if sum(sizes) != n or set().union(*rows) != set(range(n)):
            return f"the parts must hold all {n} samples exactly once, got {sum(sizes)} rows"
        if np.array_equal(np.sort(_row_ids(arrays[0])), np.arange(sizes[0])):
            return "the training set is the first rows of the data: shuffle before splitting"
        return also(parts) if also else None
    return check


def train_val_test_split(func):
    X, y = _indexed(100)
    X40, y40 = _indexed(40)
    Xi, yi = _indexed(30, image=True)

    def equal(a, b):
        return all(np.array_equal(np.asarray(p), np.asarray(q)) for p, q in zip(a, b))

    def same_seed(parts):
        return None if equal(parts, func(X, y, seed=5)) else \
            "two calls with seed=5 gave different splits: the same seed must give the same split"

    def other_seed(parts):
        return "seeds 5 and 6 gave the same split: use the seed" if equal(parts, func(X, y, seed=5)) else None

    def default_seed(parts):
        return None if equal(parts, func(X, y, val=0.15, test=0.15, seed=0)) else \
            "called without a seed, the split must be that of seed=0 (the default)"

    return _run(func, [
        Case("100 samples, the defaults val=0.15, test=0.15", args=(X, y), check=_split_ok(100, 0.15, 0.15),
             hint="permute the indices once, then cut them into test, val and train parts"),
        Case("100 samples, val=0.2, test=0.1, seed=3", args=(X, y), kwargs={"val": 0.2, "test": 0.1, "seed": 3},
             check=_split_ok(100, 0.2, 0.1), hint="val and test sizes come from their own arguments"),
        Case("40 samples, val=0.25, test=0.25", args=(X40, y40), kwargs={"val": 0.25, "test": 0.25},
             check=_split_ok(40, 0.25, 0.25)),
        Case("samples that are images: X of shape (30, 2, 2)", args=(Xi, yi), kwargs={"val": 0.2, "test": 0.2},
             check=_split_ok(30, 0.2, 0.2, sample_shape=(2, 2)),
             hint="X is (n, ...): index the first axis only, whatever the shape of one sample"),
        Case("the same seed gives the same split", args=(X, y), kwargs={"seed": 5},
             check=_split_ok(100, 0.15, 0.15, also=same_seed), hint="np.random.default_rng(seed).permutation(n)"),
        Case("another seed gives another split", args=(X, y), kwargs={"seed": 6},
             check=_split_ok(100, 0.15, 0.15, also=other_seed), hint="use the seed"),
        Case("the default seed is 0", args=(X, y), check=_split_ok(100, 0.15, 0.15, also=default_seed),
             hint="keep the defaults of the signature: val=0.15, test=0.15, seed=0"),
    ], "train_val_test_split")


# ----------------------------------------------------------------------------- Keras

def _dense_stack(model):
    """[(units, activation name)] of the Dense layers, an Activation/ReLU/Softmax layer right after one counting
    as its activation."""
    import keras

    out = []
    for layer in model.layers:
        if isinstance(layer, keras.layers.Dense):
            out.append([layer.units, layer.get_config().get("activation")])
        elif out and out[-1][1] == "linear" and isinstance(layer, keras.layers.ReLU):
            out[-1][1] = "relu"
        elif out and out[-1][1] == "linear" and isinstance(layer, keras.layers.Softmax):
            out[-1][1] = "softmax"
        elif out and out[-1][1] == "linear" and isinstance(layer, keras.layers.Activation):
            out[-1][1] = layer.get_config().get("activation")
    return [tuple(x) for x in out]


def _mlp_ok(input_dim, hidden, n_classes):
    """What the docstring asks of the model. Everything here also holds for the model re-loaded from a `.keras`
    file (what the grader gets back): the optimizer's class, and the loss and metrics by their values."""
    def check(model):
        import keras

        if not isinstance(model, keras.Sequential):
            return f"expected a keras.Sequential, got {type(model).__name__}"
        if tuple(model.input_shape) != (None, input_dim):
            return (f"expected input shape (None, {input_dim}), got {model.input_shape} "
                    f"(the model starts with an Input of input_dim features)")
        want = [(u, "relu") for u in hidden] + [(n_classes, "softmax")]
        got = _dense_stack(model)
        if got != want:
            return f"expected Dense layers (units, activation) {want}, got {got}"
        if model.optimizer is None:
            return "the model is not compiled: compile it before returning it"
        if type(model.optimizer).__name__ != "Adam":
            return f"expected the Adam optimizer, got {type(model.optimizer).__name__}"
        rng = np.random.default_rng(0)
        X = rng.normal(size=(24, input_dim)).astype("float32")
        y = np.arange(24) % n_classes
        probs = np.asarray(model(X, training=False), dtype=np.float64)     # eager: no tf.function to trace
        if not np.allclose(probs.sum(axis=1), 1.0, atol=1e-5):
            return "the outputs are not probabilities (rows must sum to 1: softmax output)"
        try:
            scores = model.evaluate(X, y, verbose=0, return_dict=True)
        except Exception as exc:  # noqa: BLE001
            return (f"model.evaluate with integer labels failed ({type(exc).__name__}); "
                    "the labels are integers: use the SPARSE categorical cross-entropy")
        loss = -np.mean(np.log(np.clip(probs[np.arange(24), y], 1e-7, 1.0)))
        if not np.isclose(scores.get("loss", np.nan), loss, rtol=1e-3, atol=1e-4):
            return (f"the loss on integer labels is {scores.get('loss')}, but the sparse categorical cross-entropy "
                    f"of the predictions is {loss:.5f}: use the sparse categorical cross-entropy of probabilities")
        acc = float(np.mean(probs.argmax(axis=1) == y))
        accs = [v for k, v in scores.items() if "acc" in k]
        if not any(np.isclose(a, acc, atol=1e-6) for a in accs):
            return (f"expected an accuracy metric (the fraction of arg-max predictions equal to the integer label, "
                    f"{acc:.4f} here), evaluate gave {scores}")
        return None
    return check


def build_mlp(func):
    import keras

    keras.utils.set_random_seed(0)
    return _run(func, [
        Case("input_dim=784, hidden_units=[64, 128, 256], n_classes=10", args=(784, [64, 128, 256], 10),
             check=_mlp_ok(784, [64, 128, 256], 10),
             hint="the input, one Dense ReLU layer per entry of hidden_units, a Dense softmax output of n_classes; "
                  "compiled with the Adam optimizer, the sparse categorical cross-entropy loss and the accuracy metric"),
        Case("input_dim=5, hidden_units=[7], n_classes=3", args=(5, [7], 3), check=_mlp_ok(5, [7], 3),
             hint="build one Dense ReLU layer per entry of hidden_units, in order"),
        Case("no hidden layer (hidden_units=[]): input_dim=4, n_classes=3", args=(4, [], 3), check=_mlp_ok(4, [], 3),
             hint="with an empty hidden_units the model is the input and the softmax layer only"),
    ], "build_mlp")


# ----------------------------------------------------------------------------- stated rules -> cases

def _he(fi, fo):
    return _init_name("He", fi, fo)


def _xa(fi, fo):
    return _init_name("Xavier", fi, fo)


_METRIC_RULES = {
    "the formula of the notebook (as sklearn.metrics)": ["6 values by hand, vs sklearn.metrics: a float",
                                                         "200 random non-negative values, vs sklearn.metrics"],
    "returns a float, not an array": ["6 values by hand, vs sklearn.metrics: a float"],
    "a perfect prediction": ["a perfect prediction"],
    "1-D arrays of any length, N = 1 included": ["a single value (N = 1)"],
    "does not modify y_true or y_pred": ["6 values by hand, vs sklearn.metrics: a float"],
}

RULES: dict[str, dict[str, list[str]]] = {
    "minibatches": {
        "every sample exactly once per epoch": ["10 samples, batches of 4, shuffle=False keeps the order",
                                                "50 samples, batches of 8, shuffled (seed=0)",
                                                "hidden: each sample exactly once per epoch"],
        "rows of X and y kept together": ["50 samples, batches of 8, shuffled (seed=0)",
                                          "hidden: labels must stay with their rows"],
        "the last batch holds what is left (n % batch_size)": [
            "10 samples, batches of 4, shuffle=False keeps the order", "hidden: batch sizes for n=23, B=5"],
        "no empty batch when batch_size divides n": ["10 samples, batches of 5 (divides exactly)"],
        "batch_size larger than n gives one batch": ["batch larger than the data set"],
        "X_batch (B, ...) keeps the batch axis, also for B = 1": [
            "batches of 1: each X_batch is (1, 3), not a row (3,)", "hidden: batch size 1"],
        "N = 1": ["a single sample (N = 1)"],
        "X is (n, ...): samples of any shape": ["samples that are images: X of shape (12, 2, 2)"],
        "shuffle=False keeps the order of X": ["10 samples, batches of 4, shuffle=False keeps the order",
                                               "hidden: shuffle=False keeps the order"],
        "shuffle=True visits the samples in a random order": ["50 samples, batches of 8, shuffled (seed=0)",
                                                              "hidden: shuffle=True must shuffle"],
        "the defaults: shuffle=True, seed=0": ["defaults: shuffle=True, seed=0"],
        "the same seed gives the same order": ["the same seed gives the same order"],
        "another seed gives another order": ["another seed gives another order"],
        "does not modify X or y": ["50 samples, batches of 8, shuffled (seed=0)"],
    },
    "iterations_per_epoch": {
        "ceil(n / batch_size): the last, smaller batch counts": [
            "1,000 samples, batches of 32 (the last batch is smaller)", "hidden: iterations_per_epoch("],
        "exact division": ["10,000,000 samples, batches of 1,000", "60,000 samples, batches of 60,000 (full batch)"],
        "batch_size larger than n: one iteration": ["7 samples, batches of 64"],
        "n = 1": ["a single sample (n = 1), batches of 32"],
        "batch_size = 1: n iterations": ["5 samples, batches of 1 (pure SGD)"],
        "returns an int": ["1,000 samples, batches of 32 (the last batch is smaller)"],
    },
    "sgd_step": {
        "w - lr * dw": ["one step by hand", "hidden: sgd_step on a (2, 2) matrix"],
        "element-wise on w of any shape": ["6 steps on a (2, 3) weight matrix, as keras.optimizers.SGD(learning_rate=0.125)"],
        "matches keras.optimizers.SGD step for step": [
            "6 steps on a (2, 3) weight matrix, as keras.optimizers.SGD(learning_rate=0.125)"],
        "uses lr": ["one step by hand", "hidden: lr = 0 leaves w unchanged"],
        "returns a new w, leaves w and dw as they were": ["one step by hand"],
    },
    "momentum_step": {
        "Keras' convention v = beta * v - lr * dw, w = w + v": ["one step from v = 0",
                                                              "one step with velocity, beta=0.5",
                                                              "hidden: momentum_step velocity after 4 steps"],
        "w moves by the NEW velocity": ["one step with velocity, beta=0.5",
                                        "hidden: momentum_step weights after 4 steps"],
        "returns (w, v) in that order": ["one step from v = 0"],
        "non-default beta": ["one step with velocity, beta=0.5",
                             "6 steps, as keras.optimizers.SGD(learning_rate=0.125, momentum=0.5)"],
        "the default beta is 0.9": ["one step with velocity and the default beta=0.9"],
        "matches keras.optimizers.SGD(momentum=beta) step for step": [
            "6 steps, as keras.optimizers.SGD(learning_rate=0.125, momentum=0.9)"],
        "returns new arrays, leaves w, dw and v as they were": ["one step from v = 0",
                                                                "one step with velocity, beta=0.5"],
    },
    "adagrad_step": {
        "s = s + grad**2: a running sum that never forgets": [
            "one step from s = 0.1 (Keras' start), eps=0",
            "6 steps, as keras.optimizers.Adagrad(learning_rate=0.125, initial_accumulator_value=0.1)",
            "hidden: adagrad_step accumulator after 4 steps (s = s + g**2)"],
        "w moves by lr * grad / sqrt(s + eps) with the NEW s": ["one step from s = 0.1 (Keras' start), eps=0",
                                                               "hidden: adagrad_step weights after 4 steps"],
        "eps inside the square root, as Keras": [
            "tiny gradients from s = 0: the default eps=1e-7 counts, inside the root",
            "6 steps from s = 0 with a large eps=0.01, as keras.optimizers.Adagrad(learning_rate=0.05, "
            "initial_accumulator_value=0.0, epsilon=0.01)",
            "hidden: adagrad_step eps inside the square root"],
        "the defaults lr=0.001, eps=1e-7": ["tiny gradients from s = 0: the default eps=1e-7 counts, inside the root",
                                           "hidden: adagrad_step defaults lr=0.001, eps=1e-7"],
        "non-default lr and eps": [
            "6 steps from s = 0 with a large eps=0.01, as keras.optimizers.Adagrad(learning_rate=0.05, "
            "initial_accumulator_value=0.0, epsilon=0.01)"],
        "matches keras.optimizers.Adagrad step for step (s starting at initial_accumulator_value)": [
            "6 steps, as keras.optimizers.Adagrad(learning_rate=0.125, initial_accumulator_value=0.1)"],
        "element-wise on w of any shape, a single weight included": ["a single weight (w of shape (1,))"],
        "float32 in, float32 out": ["float32 in, float32 out: w, grad and s of shape (1, 3)"],
        "returns (w, s) as new arrays, leaves w, grad and s as they were": [
            "one step from s = 0.1 (Keras' start), eps=0"],
    },
    "rmsprop_step": {
        "s = beta * s + (1 - beta) * dw**2": ["one step from s = 0, eps=0", "hidden: rmsprop_step running mean of g**2"],
        "eps inside the square root, as Keras": ["6 steps with a large eps=0.01 and beta=0.8 (where eps goes matters)",
                                                 "hidden: rmsprop_step weights (eps inside the square root)"],
        "non-default beta and eps": ["one step from s = 0, eps=0",
                                     "6 steps with a large eps=0.01 and beta=0.8 (where eps goes matters)"],
        "the defaults beta=0.9, eps=1e-7": ["small gradients: the default eps=1e-7 counts",
                                            "6 steps, as keras.optimizers.RMSprop(learning_rate=0.125, rho=0.9)"],
        "matches keras.optimizers.RMSprop step for step": [
            "6 steps, as keras.optimizers.RMSprop(learning_rate=0.125, rho=0.9)"],
        "returns new arrays, leaves w, dw and s as they were": ["one step from s = 0, eps=0"],
    },
    "adam_step": {
        "bias correction with t counting from 1": ["first step (t=1): bias correction makes the step lr * sign(dw)",
                                                   "hidden: adam_step weights after 5 steps with bias correction"],
        "returns the uncorrected moments m and v": ["first step (t=1): bias correction makes the step lr * sign(dw)",
                                                    "hidden: adam_step first moment m (uncorrected)",
                                                    "hidden: adam_step second moment v (uncorrected)"],
        "non-default lr, beta1, beta2": [
            "6 steps, as keras.optimizers.Adam(learning_rate=0.125, beta_1=0.5, beta_2=0.75)"],
        "a non-default eps follows the paper's form w - lr * m_hat / (sqrt(v_hat) + eps)": [
            "first step with eps=0.5, the paper's form: w - lr * m_hat / (sqrt(v_hat) + eps)",
            "6 steps with small gradients and eps=1e-3 (lr=0.01, beta1=0.8, beta2=0.9), the paper's form",
            "hidden: adam_step with eps=0.01 follows the paper's form"],
        "the defaults lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7": [
            "6 steps, as keras.optimizers.Adam(learning_rate=0.001)",
            "tiny gradients (1e-7): the default eps=1e-7 counts"],
        "matches keras.optimizers.Adam where eps is negligible": [
            "6 steps, as keras.optimizers.Adam(learning_rate=0.001)"],
        "returns new arrays, leaves w, dw, m and v as they were": [
            "first step (t=1): bias correction makes the step lr * sign(dw)"],
    },
    "he_init": {
        "variance 2 / fan_in, mean 0 (normal or uniform)": [_he(800, 200), _he(100, 1000), _he(256, 256),
                                                            "hidden: he_init("],
        "shape (fan_in, fan_out), a float array": [_he(100, 1000), "hidden: he_init shape"],
        "a single input or output keeps the 2-D shape": [_he(20000, 1), _he(1, 20000)],
        "the same seed gives the same weights": ["He: the same seed gives the same weights",
                                                 "hidden: he_init same seed, same weights"],
        "another seed gives other weights": ["He: another seed gives other weights"],
        "the default seed is 0": ["He: the default seed is 0"],
    },
    "xavier_init": {
        "variance 2 / (fan_in + fan_out), mean 0 (normal or uniform)": [_xa(800, 200), _xa(100, 1000),
                                                                        _xa(256, 256), "hidden: xavier_init("],
        "shape (fan_in, fan_out), a float array": [_xa(100, 1000), "hidden: xavier_init shape"],
        "a single input or output keeps the 2-D shape": [_xa(20000, 1), _xa(1, 20000)],
        "the same seed gives the same weights": ["Xavier: the same seed gives the same weights",
                                                 "hidden: xavier_init same seed"],
        "another seed gives other weights": ["Xavier: another seed gives other weights"],
        "the default seed is 0": ["Xavier: the default seed is 0"],
    },
    "step_decay": {
        "epoch counts from 0: epoch 0 gives lr0": ["epoch 0 keeps lr0"],
        "one drop per `every` COMPLETED epochs (floor)": ["epoch 9 is still in the first block of 10",
                                                          "drop=0.25 every 4 epochs, epoch 3: not yet",
                                                          "drop=0.25 every 4 epochs, epoch 4: the first drop"],
        "drops compound: drop ** (number of drops)": ["epoch 25 -> two drops",
                                                      "drop=0.25 every 4 epochs, epoch 11: two drops"],
        "non-default drop and every": ["drop=0.1 every 3 epochs, epoch 7", "hidden: step_decay(0.2, "],
        "the defaults drop=0.5, every=10": ["epoch 10 halves it (the default drop=0.5, every=10)",
                                            "hidden: step_decay defaults (drop 0.5 every 10)"],
    },
    "exponential_decay": {
        "lr0 * exp(-rate * epoch)": ["lr0=0.1, epoch 2, rate 0.5", "lr0=0.01, epoch 10, rate 0.05",
                                     "hidden: exponential_decay("],
        "epoch counts from 0: epoch 0 gives lr0": ["epoch 0 keeps lr0"],
        "rate 0 keeps lr0": ["rate 0 keeps lr0 for ever"],
    },
    "mae": dict(_METRIC_RULES),
    "mse": dict(_METRIC_RULES),
    "rmse": dict(_METRIC_RULES),
    "rmsle": {**_METRIC_RULES, "log(1 + y): copes with zeros": ["6 values by hand, vs sklearn.metrics: a float"]},
    "r2_score": {
        **{k: v for k, v in _METRIC_RULES.items() if "N = 1" not in k},
        "0 for predicting the mean of y_true": ["predicting the mean gives 0"],
        "a constant prediction": ["a constant prediction other than the mean: y = [1, 2, 3, 4], y_pred = 2 -> -0.2"],
        "negative when worse than the mean; (y_true, y_pred) in that order": [
            "worse than the mean is negative; the order of the arguments matters"],
    },
    "train_val_test_split": {
        "about val * n and test * n samples (one more or less)": ["100 samples, val=0.2, test=0.1, seed=3",
                                                                  "40 samples, val=0.25, test=0.25",
                                                                  "hidden: sizes"],
        "the defaults val=0.15, test=0.15, seed=0": ["100 samples, the defaults val=0.15, test=0.15",
                                                     "the default seed is 0"],
        "disjoint parts that hold every sample": ["100 samples, the defaults val=0.15, test=0.15",
                                                  "hidden: the parts must not overlap",
                                                  "hidden: together the parts hold every sample"],
        "rows of X and y kept together": ["100 samples, the defaults val=0.15, test=0.15",
                                          "hidden: labels stay with their rows"],
        "shuffled before splitting": ["100 samples, the defaults val=0.15, test=0.15"],
        "returns (X_train, y_train, X_val, y_val, X_test, y_test)": ["100 samples, the defaults val=0.15, test=0.15",
                                                                     "hidden: train_val_test_split returns 6 arrays"],
        "X is (n, ...): samples of any shape": ["samples that are images: X of shape (30, 2, 2)"],
        "the same seed gives the same split": ["the same seed gives the same split", "hidden: same seed, same split"],
        "another seed gives another split": ["another seed gives another split"],
        "does not modify X or y": ["100 samples, the defaults val=0.15, test=0.15"],
    },
    "build_mlp": {
        "a keras.Sequential with input (None, input_dim)": ["input_dim=784, hidden_units=[64, 128, 256], n_classes=10",
                                                            "hidden: build_mlp returns a keras.Sequential"],
        "one Dense ReLU layer per entry of hidden_units, in order": [
            "input_dim=784, hidden_units=[64, 128, 256], n_classes=10", "input_dim=5, hidden_units=[7], n_classes=3",
            "hidden: Dense units"],
        "no hidden layer when hidden_units is empty": ["no hidden layer (hidden_units=[]): input_dim=4, n_classes=3"],
        "a Dense softmax output of n_classes": ["input_dim=5, hidden_units=[7], n_classes=3",
                                                "hidden: softmax probabilities (10, 4)"],
        "compiled with the Adam optimizer": ["input_dim=5, hidden_units=[7], n_classes=3",
                                             "hidden: the optimizer is Adam"],
        "the sparse categorical cross-entropy loss": ["input_dim=5, hidden_units=[7], n_classes=3",
                                                      "hidden: sparse categorical cross-entropy loss"],
        "the accuracy metric": ["input_dim=5, hidden_units=[7], n_classes=3", "hidden: an accuracy metric"],
    },
}


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
