"""Checks for week 5 (training a network): mini-batches, optimizers, initialization, LR schedules,
metrics, data splits and the Keras workflow.

The optimizer checks run the student's update rule step for step next to the Keras optimizer of the same
name (TensorFlow is imported inside those checks only), on float64 variables so that the comparison is
tight. Initializers are checked by statistics (mean, spread), never by exact draws. Metrics are compared
with scikit-learn.
"""
from __future__ import annotations

import math
import re

import numpy as np

from .engine import Case, CheckFailed, run_cases

WEEK = "week05_training"
POINTS = {
    "minibatches": 1, "iterations_per_epoch": 1,
    "sgd_step": 1, "momentum_step": 1, "rmsprop_step": 1, "adam_step": 1,
    "he_init": 1, "xavier_init": 1,
    "step_decay": 1, "exponential_decay": 1,
    "mae": 1, "mse": 1, "rmse": 1, "rmsle": 1, "r2_score": 1, "train_val_test_split": 1,
    "build_mlp": 1,
}
__all__ = list(POINTS)


def _run_groups(name, groups, extra=0):
    """run_cases over several (function, cases) groups, numbered as one check of len(all cases) + extra steps.

    Returns the number of cases passed; the caller runs the `extra` checks and prints the summary (_done).
    """
    total = sum(len(cases) for _, cases in groups) + extra
    done = 0
    for func, cases in groups:
        try:
            run_cases(func, cases, name=name, quiet=True)
        except CheckFailed as exc:
            text = re.sub(rf"^{re.escape(name)}: check (\d+)/\d+",
                          lambda m: f"{name}: check {done + int(m.group(1))}/{total}", str(exc))
            raise CheckFailed(text) from None
        done += len(cases)
    return done


def _done(name, total):
    print(f"{name}: {total}/{total} checks passed")
    return total


# ----------------------------------------------------------------------------- mini-batches

def _indexed(n: int, d: int = 3):
    """X whose first column is the row number, y = 10 * row number + 7: rows can be traced."""
    X = np.column_stack([np.arange(n, dtype=np.float64)] + [np.full(n, float(k)) for k in range(1, d)])
    return X, 10 * np.arange(n) + 7


def _batch_list(func):
    def run(X, y, batch_size, **kwargs):
        return [tuple(batch) for batch in func(X, y, batch_size, **kwargs)]
    return run


def _batches_ok(n, batch_size, order=None, shuffled=None):
    """Properties of a list of (X_batch, y_batch) for _indexed(n)."""
    def check(batches):
        sizes = [len(np.asarray(b[0])) for b in batches]
        want = [batch_size] * (n // batch_size) + ([n % batch_size] if n % batch_size else [])
        if sizes != want:
            return f"expected batch sizes {want}, got {sizes}"
        for i, (xb, yb) in enumerate(batches):
            xb, yb = np.asarray(xb), np.asarray(yb)
            if xb.ndim != 2 or xb.shape[1] != 3:
                return f"batch {i}: expected X_batch of shape (k, 3), got {xb.shape}"
            if yb.shape != (len(xb),):
                return f"batch {i}: expected y_batch of shape ({len(xb)},), got {yb.shape}"
            if not np.array_equal(yb, 10 * xb[:, 0] + 7):
                return f"batch {i}: the labels no longer belong to their rows (X row r has y = 10r + 7)"
        rows = np.concatenate([np.asarray(b[0])[:, 0] for b in batches]).astype(int)
        if sorted(rows.tolist()) != list(range(n)):
            missing = sorted(set(range(n)) - set(rows.tolist()))
            return (f"every sample must appear exactly once per epoch; missing rows {missing[:5]}, "
                    f"{len(rows) - len(set(rows.tolist()))} duplicate(s)")
        if order is not None and not np.array_equal(rows, order):
            return f"with shuffle=False the rows must keep their order, got {rows[:8]}..."
        if shuffled and np.array_equal(rows, np.arange(n)):
            return "with shuffle=True the rows came back in their original order"
        return None
    return check


def minibatches(func):
    run = _batch_list(func)
    X, y = _indexed(10)
    X50, y50 = _indexed(50)
    cases = [
        Case("10 samples, batches of 4, no shuffle", args=(X, y, 4), kwargs={"shuffle": False},
             check=_batches_ok(10, 4, order=np.arange(10)),
             hint="use range(0, n, batch_size) and slice [start:start + batch_size]; the last batch keeps the rest"),
        Case("10 samples, batches of 5 (divides exactly)", args=(X, y, 5), kwargs={"shuffle": False},
             check=_batches_ok(10, 5, order=np.arange(10)), hint="no empty batch at the end"),
        Case("50 samples, batches of 8, shuffled", args=(X50, y50, 8), kwargs={"shuffle": True, "seed": 0},
             check=_batches_ok(50, 8, shuffled=True),
             hint="shuffle with ONE permutation of the indices and index X and y with it, so rows stay together"),
        Case("batch larger than the data set", args=(X, y, 64), kwargs={"shuffle": True, "seed": 1},
             check=_batches_ok(10, 64, shuffled=True)),
    ]
    _run_groups("minibatches", [(run, cases)], extra=2)

    def same_order(seed_a, seed_b):
        a = np.concatenate([b[0][:, 0] for b in run(X50, y50, 8, shuffle=True, seed=seed_a)])
        b = np.concatenate([b[0][:, 0] for b in run(X50, y50, 8, shuffle=True, seed=seed_b)])
        return np.array_equal(a, b)
    if not same_order(3, 3):
        raise CheckFailed("minibatches: check 5/6 failed - the same seed must give the same order\n"
                          "  hint: draw the permutation from np.random.default_rng(seed)")
    if same_order(3, 4):
        raise CheckFailed("minibatches: check 6/6 failed - seeds 3 and 4 gave the same order\n"
                          "  hint: the seed must decide the permutation")
    print("minibatches: 6/6 checks passed")
    return 6


def iterations_per_epoch(func):
    return run_cases(func, [
        Case("10,000,000 samples, batches of 1,000", args=(10_000_000, 1000), expect=10_000, dtype="int",
             hint="iterations per epoch = number of mini-batches = ceil(n / batch_size), an integer"),
        Case("1,000 samples, batches of 32 (the last batch is smaller)", args=(1000, 32), expect=32, dtype="int",
             hint="the last, smaller batch is an iteration too: round up, not down"),
        Case("60,000 samples, batches of 60,000 (full batch)", args=(60000, 60000), expect=1, dtype="int"),
        Case("5 samples, batches of 1 (pure SGD)", args=(5, 1), expect=5, dtype="int"),
        Case("7 samples, batches of 64", args=(7, 64), expect=1, dtype="int"),
    ], name="iterations_per_epoch")


# ----------------------------------------------------------------------------- optimizers

_W0 = np.array([[0.5, -1.5, 2.0], [1.0, 0.25, -0.75]])
_GRADS = np.random.default_rng(5).normal(size=(6, 2, 3)) * np.array([1.0, 0.05, 3.0])


def _keras_run(make_optimizer, w0, grads, states):
    """Apply `grads` one by one with a Keras optimizer on a float64 variable.

    Returns (W, *S): the variable after each step (k, ...) and each requested optimizer state.
    """
    import keras

    opt = make_optimizer(keras)
    var = keras.Variable(np.array(w0, dtype=np.float64), dtype="float64")
    ws, ss = [], [[] for _ in states]
    for g in grads:
        opt.apply_gradients([(keras.ops.convert_to_tensor(np.asarray(g), dtype="float64"), var)])
        ws.append(np.array(var.numpy()))
        for store, getter in zip(ss, states):
            store.append(np.array(getter(opt).numpy()))
    return (np.stack(ws), *[np.stack(s) for s in ss])


def _steps(func, label, n_state, wants_t=False):
    """Run a student's update rule over a gradient sequence; stack w and the states after each step."""
    def run(w0, grads, **kwargs):
        w = np.array(w0, dtype=np.float64)
        state = [np.zeros_like(w) for _ in range(n_state)]
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
    _run_groups("sgd_step", [(func, [
        Case("one step by hand", args=(np.array([1.0, 2.0]), np.array([0.5, -1.0]), 0.1),
             expect=np.array([0.95, 2.1]), dtype="float", hint="w_new = w - lr * dw (step against the gradient)"),
    ]), (_steps(func, "sgd_step", 0), [
        Case("6 steps on a (2, 3) weight matrix, as keras.optimizers.SGD(learning_rate=0.125)",
             args=(_W0, _GRADS), kwargs={"lr": 0.125}, expect=keras_w, rtol=1e-6, atol=1e-7,
             hint="w_new = w - lr * dw, element by element"),
    ])])
    return _done("sgd_step", 2)


def momentum_step(func):
    def expected(beta):
        return _keras_run(lambda k: k.optimizers.SGD(learning_rate=0.125, momentum=beta), _W0, _GRADS,
                          [lambda opt: opt.momentums[0]])
    _run_groups("momentum_step", [(func, [
        Case("one step from v = 0", args=(np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.zeros(2), 0.1),
             expect=(np.array([0.95, 2.1]), np.array([-0.05, 0.1])), names=("w", "v"), dtype="float",
             hint="Keras' convention: v = beta * v - lr * dw, then w = w + v; return (w, v)"),
        Case("one step with velocity", args=(np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.array([0.2, -0.4]), 0.1),
             kwargs={"beta": 0.5}, expect=(np.array([1.05, 1.9]), np.array([0.05, -0.1])), names=("w", "v"),
             hint="v = beta * v - lr * dw (the velocity points downhill), then w = w + v with the NEW v"),
    ]), (_steps(func, "momentum_step", 1), [
        Case(f"6 steps, as keras.optimizers.SGD(learning_rate=0.125, momentum={beta})",
             args=(_W0, _GRADS), kwargs={"lr": 0.125, "beta": beta}, expect=expected(beta), names=("w", "v"),
             rtol=1e-6, atol=1e-7, hint="v = beta * v - lr * dw; w = w + v")
        for beta in (0.9, 0.5)
    ])])
    return _done("momentum_step", 4)


def rmsprop_step(func):
    def expected(rho, eps):
        return _keras_run(lambda k: k.optimizers.RMSprop(learning_rate=0.125, rho=rho, epsilon=eps), _W0, _GRADS,
                          [lambda opt: opt._velocities[0]])
    s1 = 0.1 * np.array([0.25, 1.0])
    _run_groups("rmsprop_step", [(func, [
        Case("one step from s = 0", args=(np.array([1.0, 2.0]), np.array([0.5, -1.0]), np.zeros(2), 0.1),
             kwargs={"eps": 0.0}, expect=(np.array([1.0, 2.0]) - 0.1 * np.array([0.5, -1.0]) / np.sqrt(s1), s1),
             names=("w", "s"), dtype="float",
             hint="s = beta * s + (1 - beta) * dw**2, then w = w - lr * dw / sqrt(s + eps); return (w, s)"),
    ]), (_steps(func, "rmsprop_step", 1), [
        Case("6 steps, as keras.optimizers.RMSprop(learning_rate=0.125, rho=0.9)", args=(_W0, _GRADS),
             kwargs={"lr": 0.125}, expect=expected(0.9, 1e-7), names=("w", "s"), rtol=1e-6, atol=1e-7,
             hint="s = beta * s + (1 - beta) * dw**2 (weight beta on the OLD s), then "
                  "w = w - lr * dw / sqrt(s + eps): Keras adds eps INSIDE the square root"),
        Case("6 steps with a large eps=0.01 and beta=0.8 (where eps goes matters)", args=(_W0, _GRADS),
             kwargs={"lr": 0.125, "beta": 0.8, "eps": 0.01}, expect=expected(0.8, 0.01), names=("w", "s"),
             rtol=1e-6, atol=1e-7, hint="Keras adds eps INSIDE the square root: dw / sqrt(s + eps)"),
    ])])
    return _done("rmsprop_step", 3)


def adam_step(func):
    def expected(lr, b1, b2):
        return _keras_run(lambda k: k.optimizers.Adam(learning_rate=lr, beta_1=b1, beta_2=b2), _W0, _GRADS,
                          [lambda opt: opt._momentums[0], lambda opt: opt._velocities[0]])
    _run_groups("adam_step", [(func, [
        Case("first step (t=1): bias correction makes the step lr * sign(dw)",
             args=(np.array([1.0, 2.0]), np.array([0.5, -4.0]), np.zeros(2), np.zeros(2), 1), kwargs={"lr": 0.1},
             expect=(np.array([0.9, 2.1]), np.array([0.05, -0.4]), np.array([0.00025, 0.016])),
             names=("w", "m", "v"), dtype="float", rtol=1e-5, atol=1e-8,
             hint="m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t) with t = 1 on the first step; "
                  "w = w - lr * m_hat / (sqrt(v_hat) + eps); return (w, m, v), the UNcorrected moments"),
    ]), (_steps(func, "adam_step", 2, wants_t=True), [
        Case("6 steps, as keras.optimizers.Adam(learning_rate=0.001)", args=(_W0, _GRADS),
             expect=expected(1e-3, 0.9, 0.999), names=("w", "m", "v"), rtol=1e-6, atol=1e-7,
             hint="t counts steps from 1; beta1 for the mean of dw, beta2 for the mean of dw**2"),
        Case("6 steps, as keras.optimizers.Adam(learning_rate=0.125, beta_1=0.5, beta_2=0.75)", args=(_W0, _GRADS),
             kwargs={"lr": 0.125, "beta1": 0.5, "beta2": 0.75}, expect=expected(0.125, 0.5, 0.75),
             names=("w", "m", "v"), rtol=1e-5, atol=1e-5,
             hint="use the beta1/beta2 arguments, not hard-coded 0.9/0.999"),
    ])])
    return _done("adam_step", 3)


# ----------------------------------------------------------------------------- initialization

def _spread(target_std, shape):
    def check(W):
        W = np.asarray(W)
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


def _seeded(func, name, number):
    """Check `number` of `number`: the seed decides the draw."""
    head = f"{name}: check {number}/{number} failed"
    a, b, c = func(300, 200, seed=1), func(300, 200, seed=1), func(300, 200, seed=2)
    if not np.array_equal(np.asarray(a), np.asarray(b)):
        raise CheckFailed(f"{head} - the same seed must give the same weights\n"
                          f"  hint: draw from np.random.default_rng(seed)")
    if np.array_equal(np.asarray(a), np.asarray(c)):
        raise CheckFailed(f"{head} - seeds 1 and 2 gave the same weights\n  hint: use the seed argument")


def he_init(func):
    n = _run_groups("he_init", [(func, [
        Case(f"fan_in={fi}, fan_out={fo}: std sqrt(2 / fan_in) = {math.sqrt(2 / fi):.4g}", args=(fi, fo),
             kwargs={"seed": 0}, check=_spread(math.sqrt(2 / fi), (fi, fo)),
             hint="He: variance 2 / fan_in (normal with std sqrt(2 / fan_in), or uniform on +-sqrt(6 / fan_in)); "
                  "the shape is (fan_in, fan_out)")
        for fi, fo in ((800, 200), (100, 1000), (256, 256))
    ])], extra=1)
    _seeded(func, "he_init", n + 1)
    return _done("he_init", n + 1)


def xavier_init(func):
    n = _run_groups("xavier_init", [(func, [
        Case(f"fan_in={fi}, fan_out={fo}: std sqrt(2 / (fan_in + fan_out)) = {math.sqrt(2 / (fi + fo)):.4g}",
             args=(fi, fo), kwargs={"seed": 0}, check=_spread(math.sqrt(2 / (fi + fo)), (fi, fo)),
             hint="Xavier/Glorot: variance 2 / (fan_in + fan_out) (normal with std sqrt(2 / (fan_in + fan_out)), "
                  "or uniform on +-sqrt(6 / (fan_in + fan_out)))")
        for fi, fo in ((800, 200), (100, 1900), (256, 256))
    ])], extra=1)
    _seeded(func, "xavier_init", n + 1)
    return _done("xavier_init", n + 1)


# ----------------------------------------------------------------------------- schedules

def step_decay(func):
    hint = "lr = lr0 * drop ** floor(epoch / every): constant for `every` epochs, then multiplied by drop"
    return run_cases(func, [
        Case("epoch 0 keeps lr0", args=(0.1, 0), expect=0.1, rtol=1e-9, hint=hint),
        Case("epoch 9 is still in the first block of 10", args=(0.1, 9), expect=0.1, rtol=1e-9, hint=hint),
        Case("epoch 10 halves it", args=(0.1, 10), expect=0.05, rtol=1e-9, hint=hint),
        Case("epoch 25 -> two drops", args=(0.1, 25), expect=0.025, rtol=1e-9, hint=hint),
        Case("drop=0.1 every 3 epochs, epoch 7", args=(0.01, 7), kwargs={"drop": 0.1, "every": 3},
             expect=1e-4, rtol=1e-9, hint="use the drop and every arguments"),
    ], name="step_decay")


def exponential_decay(func):
    hint = "lr = lr0 * exp(-rate * epoch)"
    return run_cases(func, [
        Case("epoch 0 keeps lr0", args=(0.1, 0, 0.5), expect=0.1, rtol=1e-9, hint=hint),
        Case("lr0=0.1, epoch 2, rate 0.5", args=(0.1, 2, 0.5), expect=0.1 * math.exp(-1.0), rtol=1e-9, hint=hint),
        Case("lr0=0.01, epoch 10, rate 0.05", args=(0.01, 10, 0.05), expect=0.01 * math.exp(-0.5), rtol=1e-9,
             hint=hint + " (not lr0 * rate**epoch: rate is a decay constant here)"),
        Case("rate 0 keeps lr0 for ever", args=(0.3, 40, 0.0), expect=0.3, rtol=1e-9, hint=hint),
    ], name="exponential_decay")


# ----------------------------------------------------------------------------- metrics and splits

_Y = np.array([3.0, 0.0, 2.5, 7.0, 1.0, 4.0])
_P = np.array([2.5, 0.5, 2.0, 8.0, 1.0, 2.0])
_rng = np.random.default_rng(11)
_YB = _rng.gamma(2.0, 3.0, size=200)
_PB = np.abs(_YB + _rng.normal(scale=2.0, size=200))


def _metric(func, name, sk, hint, extra=()):
    cases = [
        Case("6 values by hand, vs sklearn.metrics", args=(_Y, _P), expect=sk(_Y, _P), rtol=1e-9, atol=1e-12,
             hint=hint),
        Case("200 random non-negative values, vs sklearn.metrics", args=(_YB, _PB), expect=sk(_YB, _PB),
             rtol=1e-9, atol=1e-12, hint=hint),
        Case("a perfect prediction", args=(_YB, _YB.copy()), expect=sk(_YB, _YB), rtol=1e-9, atol=1e-12, hint=hint),
        *extra,
    ]
    return run_cases(func, cases, name=name)


def mae(func):
    from sklearn.metrics import mean_absolute_error
    return _metric(func, "mae", mean_absolute_error, "mean of |y_true - y_pred| (absolute values, then the mean)")


def mse(func):
    from sklearn.metrics import mean_squared_error
    return _metric(func, "mse", mean_squared_error, "mean of (y_true - y_pred)**2, no square root")


def rmse(func):
    from sklearn.metrics import root_mean_squared_error
    return _metric(func, "rmse", root_mean_squared_error, "square root of the MEAN squared error")


def rmsle(func):
    from sklearn.metrics import root_mean_squared_log_error
    return _metric(func, "rmsle", root_mean_squared_log_error,
                   "sqrt(mean((log(1 + y_pred) - log(1 + y_true))**2)): np.log1p copes with zeros")


def r2_score(func):
    from sklearn.metrics import r2_score as sk_r2
    hint = "R^2 = 1 - sum((y - y_pred)**2) / sum((y - mean(y))**2), with the mean of y_TRUE"
    return _metric(func, "r2_score", sk_r2, hint, extra=[
        Case("predicting the mean gives 0", args=(_Y, np.full(6, _Y.mean())), expect=0.0, atol=1e-12, hint=hint),
        Case("worse than the mean is negative; the order of the arguments matters", args=(_Y, _P[::-1].copy()),
             expect=sk_r2(_Y, _P[::-1]), rtol=1e-9, hint="r2_score(y_true, y_pred) is not symmetric: " + hint),
    ])


def _split_ok(n, val, test):
    def check(parts):
        if not isinstance(parts, (tuple, list)) or len(parts) != 6:
            return "expected a tuple (X_train, y_train, X_val, y_val, X_test, y_test) of 6 arrays"
        arrays = [np.asarray(p) for p in parts]
        for label, X, y in zip(("train", "val", "test"), arrays[0::2], arrays[1::2]):
            if X.ndim != 2 or X.shape[1] != 3 or y.shape != (len(X),):
                return f"{label}: expected X of shape (k, 3) and y of shape (k,), got {X.shape} and {y.shape}"
            if not np.array_equal(y, 10 * X[:, 0] + 7):
                return f"{label}: the labels no longer belong to their rows (use the same indices for X and y)"
        sizes = [len(a) for a in arrays[0::2]]
        for label, size, frac in (("val", sizes[1], val), ("test", sizes[2], test)):
            if abs(size - frac * n) > 1:
                return (f"expected about {frac} * {n} = {frac * n:g} {label} samples (one more or less is fine), "
                        f"got {size} (sizes train/val/test {sizes})")
        rows = [set(np.asarray(X)[:, 0].astype(int).tolist()) for X in arrays[0::2]]
        if rows[0] & rows[1] or rows[0] & rows[2] or rows[1] & rows[2]:
            return "the three parts overlap: a sample may be in one part only"
        if sum(sizes) != n or set().union(*rows) != set(range(n)):
            return f"the parts must hold all {n} samples exactly once, got {sum(sizes)} rows"
        train_rows = np.asarray(arrays[0])[:, 0].astype(int)
        if np.array_equal(np.sort(train_rows), np.arange(sizes[0])):
            return "the training set is the first rows of the data: shuffle before splitting"
        return None
    return check


def train_val_test_split(func):
    X, y = _indexed(100)
    X40, y40 = _indexed(40)
    n = _run_groups("train_val_test_split", [(func, [
        Case("100 samples, val=0.15, test=0.15", args=(X, y), check=_split_ok(100, 0.15, 0.15),
             hint="permute the indices once, then cut them into test, val and train parts"),
        Case("100 samples, val=0.2, test=0.1", args=(X, y), kwargs={"val": 0.2, "test": 0.1, "seed": 3},
             check=_split_ok(100, 0.2, 0.1), hint="val and test sizes come from their own arguments"),
        Case("40 samples, val=0.25, test=0.25", args=(X40, y40), kwargs={"val": 0.25, "test": 0.25},
             check=_split_ok(40, 0.25, 0.25)),
    ])], extra=1)
    a, b, c = (func(X, y, seed=s) for s in (5, 5, 6))
    head = f"train_val_test_split: check {n + 1}/{n + 1} failed"
    if not all(np.array_equal(p, q) for p, q in zip(a, b)):
        raise CheckFailed(f"{head} - the same seed must give the same split\n"
                          "  hint: np.random.default_rng(seed).permutation(n)")
    if all(np.array_equal(p, q) for p, q in zip(a, c)):
        raise CheckFailed(f"{head} - seeds 5 and 6 gave the same split\n  hint: use the seed")
    return _done("train_val_test_split", n + 1)


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
    def check(model):
        import keras

        if not isinstance(model, keras.Sequential):
            return f"expected a keras.Sequential, got {type(model).__name__}"
        if tuple(model.input_shape) != (None, input_dim):
            return f"expected input shape (None, {input_dim}), got {model.input_shape} (start with keras.Input(({input_dim},)))"
        want = [(u, "relu") for u in hidden] + [(n_classes, "softmax")]
        got = _dense_stack(model)
        if got != want:
            return f"expected Dense layers (units, activation) {want}, got {got}"
        if model.optimizer is None:
            return "the model is not compiled: call model.compile(...) before returning it"
        if not isinstance(model.optimizer, keras.optimizers.Adam):
            return f"expected the Adam optimizer, got {type(model.optimizer).__name__}"
        rng = np.random.default_rng(0)
        X = rng.normal(size=(24, input_dim)).astype("float32")
        y = np.arange(24) % n_classes
        probs = np.asarray(model.predict(X, verbose=0), dtype=np.float64)
        if not np.allclose(probs.sum(axis=1), 1.0, atol=1e-5):
            return "the outputs are not probabilities (rows must sum to 1: softmax output)"
        try:
            scores = model.evaluate(X, y, verbose=0, return_dict=True)
        except Exception as exc:  # noqa: BLE001
            return (f"model.evaluate with integer labels failed ({type(exc).__name__}); "
                    "use loss='sparse_categorical_crossentropy'")
        loss = -np.mean(np.log(np.clip(probs[np.arange(24), y], 1e-7, 1.0)))
        if not np.isclose(scores.get("loss", np.nan), loss, rtol=1e-3, atol=1e-4):
            return (f"the loss on integer labels is {scores.get('loss')}, but the sparse categorical cross-entropy "
                    f"of the predictions is {loss:.5f}: use loss='sparse_categorical_crossentropy'")
        acc = float(np.mean(probs.argmax(axis=1) == y))
        accs = [v for k, v in scores.items() if "acc" in k]
        if not accs or not np.isclose(accs[0], acc, atol=1e-6):
            return f"expected an accuracy metric (metrics=['accuracy']), evaluate gave {sorted(scores)}"
        return None
    return check


def build_mlp(func):
    import keras

    keras.utils.set_random_seed(0)
    return run_cases(func, [
        Case("input_dim=784, hidden_units=[64, 128, 256], n_classes=10", args=(784, [64, 128, 256], 10),
             check=_mlp_ok(784, [64, 128, 256], 10),
             hint="keras.Sequential([keras.Input((input_dim,)), Dense(u, activation='relu') for each u, "
                  "Dense(n_classes, activation='softmax')]), then compile(optimizer='adam', "
                  "loss='sparse_categorical_crossentropy', metrics=['accuracy'])"),
        Case("input_dim=5, hidden_units=[7], n_classes=3", args=(5, [7], 3), check=_mlp_ok(5, [7], 3),
             hint="build one Dense ReLU layer per entry of hidden_units, in order"),
    ], name="build_mlp")
