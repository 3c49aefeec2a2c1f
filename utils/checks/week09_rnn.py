"""Checks of week 9 (recurrent networks): a vanilla RNN step and its backward pass, the RNN over a sequence and
backpropagation through time, clipping by the global norm, softmax with a temperature, and an LSTM cell.

Expected values come from TensorFlow/Keras, imported inside the check functions (keras.layers.SimpleRNNCell,
keras.layers.SimpleRNN, keras.layers.LSTMCell, tf.GradientTape through the recurrence written with tf.tanh,
tf.clip_by_global_norm, tf.nn.softmax), from small NumPy expressions written out inside the check functions, or
from literals. Gradients also go through the course's one gradient check (`utils.checks.gradients`). No function
of this module maps a graded function's inputs to its result.
"""
from __future__ import annotations

import copy

import numpy as np

from .engine import Case, compare, functions_only, run_cases, same
from .gradients import backward_through_forward, gradient_check

WEEK = "week09_rnn"
POINTS = {
    "rnn_step_forward": 2,
    "rnn_step_backward": 2,
    "rnn_forward": 2,
    "rnn_backward": 3,
    "clip_by_global_norm": 2,
    "softmax_with_temperature": 2,
    "lstm_step_forward": 3,
}
__all__ = list(POINTS)

# Arguments a graded function may change in place: none (every docstring of the week says so).
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

# Library functions that compute what the student is asked to write with NumPy (flagged in the class report).
OWN_WORK: dict[str, list[str]] = {
    "rnn_step_forward": ["keras.layers.SimpleRNNCell", "keras.layers.SimpleRNN", "tensorflow.keras.layers.SimpleRNNCell",
                         "tensorflow.keras.layers.SimpleRNN"],
    "rnn_step_backward": ["tensorflow.GradientTape", "tensorflow.gradients"],
    "rnn_forward": ["keras.layers.SimpleRNN", "keras.layers.RNN", "tensorflow.keras.layers.SimpleRNN",
                    "tensorflow.keras.layers.RNN"],
    "rnn_backward": ["tensorflow.GradientTape", "tensorflow.gradients"],
    "clip_by_global_norm": ["tensorflow.clip_by_global_norm", "tensorflow.linalg.global_norm"],
    "softmax_with_temperature": ["scipy.special.softmax", "tensorflow.nn.softmax", "keras.ops.softmax",
                                 "keras.activations.softmax", "tensorflow.keras.activations.softmax"],
    "lstm_step_forward": ["keras.layers.LSTMCell", "keras.layers.LSTM", "tensorflow.keras.layers.LSTMCell",
                          "tensorflow.keras.layers.LSTM"],
}

STEP_FORMULA = "h_next = tanh(x Wx + h_prev Wh + b)"
STEP_BACKWARD_FORMULA = ("with a = x Wx + h_prev Wh + b and da = dh_next ⊙ (1 − h_next²): dx = da Wxᵀ, "
                         "dh_prev = da Whᵀ, dWx = xᵀ da, dWh = h_prevᵀ da, db = Σ over the batch of da")
BPTT_FORMULA = ("going backwards, t = T − 1 … 0: the gradient on hₜ is dhₜ plus what step t + 1 sent back "
                "through h_prev; dWx, dWh and db are the sums of every step's gradients; dh0 is what step 0 sends back")


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _rnn_params(r, D, H, scale=0.5, dtype=np.float64):
    return tuple(a.astype(dtype) for a in (r.normal(size=(D, H)) * scale, r.normal(size=(H, H)) * scale,
                                           r.normal(size=H) * 0.1))


def _tuple_of(n, labels):
    def check(result):
        if not isinstance(result, (tuple, list)) or len(result) != n:
            got = len(result) if isinstance(result, (tuple, list)) else type(result).__name__
            return f"expected a tuple ({', '.join(labels)}), got {got}"
        return None
    return check


# ----------------------------------------------------------------------------------------------
# One step of a vanilla RNN
# ----------------------------------------------------------------------------------------------
def rnn_step_forward(func):
    """Check rnn_step_forward(x, h_prev, Wx, Wh, b) -> (h_next, cache) against keras.layers.SimpleRNNCell."""
    import keras

    def keras_cell(x, h_prev, Wx, Wh, b):
        cell = keras.layers.SimpleRNNCell(Wh.shape[0], dtype="float64")
        cell.build((None, Wx.shape[0]))
        cell.set_weights([Wx, Wh, b])
        out, _ = cell(np.asarray(x, np.float64), [np.asarray(h_prev, np.float64)])
        return np.asarray(out)

    r = _rng(90)
    x1, h1 = np.array([[1.0, -2.0]]), np.array([[0.5, 0.0, -1.0]])
    Wx1 = np.array([[0.1, 0.2, -0.3], [0.0, 0.4, 0.1]])
    Wh1 = np.array([[0.5, -0.2, 0.0], [0.3, 0.1, 0.2], [-0.4, 0.0, 0.6]])   # not symmetric
    b1 = np.array([0.1, -0.1, 0.0])
    expect1 = np.tanh(x1 @ Wx1 + h1 @ Wh1 + b1)
    x2, h2 = r.normal(size=(4, 5)), r.normal(size=(4, 3))
    Wx2, Wh2, b2 = _rnn_params(r, 5, 3)
    x3 = np.zeros((2, 3))
    h3 = r.normal(size=(2, 4))
    Wx3, Wh3, b3 = _rnn_params(r, 3, 4, scale=1.0)
    x4, h4 = r.normal(size=(3, 2)) * 5, r.normal(size=(3, 6))
    Wx4, Wh4, b4 = _rnn_params(r, 2, 6, scale=3.0)
    f32 = [a.astype(np.float32) for a in (r.normal(size=(3, 4)), r.normal(size=(3, 5)), *_rnn_params(r, 4, 5))]
    shape_hint = "h_next has one row per sample and one column per hidden unit, like h_prev"
    return run_cases(func, [
        Case("one sample, D=2, H=3", args=(x1, h1, Wx1, Wh1, b1), expect=(expect1,), names=("h_next", "_"),
             hint=shape_hint + "; the input and the previous state each go through their own weights (h_prev "
                               "times Wh, multiplied from the right, not transposed), the bias is added, and the tanh "
                               "squashes the whole sum",
             formula=STEP_FORMULA),
        Case("batch of 4, D=5, H=3, compared with keras.layers.SimpleRNNCell", args=(x2, h2, Wx2, Wh2, b2),
             expect=(keras_cell(x2, h2, Wx2, Wh2, b2),), names=("h_next", "_"),
             hint="rows are samples: x (N, D) meets Wx (D, H) and h_prev (N, H) meets Wh (H, H), both multiplied from "
                  "the right, as Keras' kernel and recurrent_kernel", formula=STEP_FORMULA),
        Case("zero input: only the previous state and the bias move h (Wh is not symmetric)",
             args=(x3, h3, Wx3, Wh3, b3), expect=(np.tanh(h3 @ Wh3 + b3),), names=("h_next", "_"),
             hint="the previous state enters through the recurrent weights Wh, multiplied from the right of h_prev "
                  "(not transposed)", formula=STEP_FORMULA),
        Case("large pre-activations: h stays in (-1, 1), compared with keras.layers.SimpleRNNCell",
             args=(x4, h4, Wx4, Wh4, b4), expect=(keras_cell(x4, h4, Wx4, Wh4, b4),), names=("h_next", "_"),
             hint="the activation is tanh (values between -1 and 1), not a sigmoid and not a ReLU"),
        Case("float32 stays float32", args=tuple(f32), expect=(np.tanh(f32[0] @ f32[2] + f32[1] @ f32[3] + f32[4]),),
             names=("h_next", "_"), dtype="float32", rtol=1e-5, atol=1e-6,
             hint="NumPy keeps float32 when every operand is float32: avoid building float64 arrays on the way"),
    ], name="rnn_step_forward", may_modify=MAY_MODIFY.get("rnn_step_forward", ()))


def _backward_check(cache_changed, labels, expected=None, numeric=None, rtol=1e-6, atol=1e-8):
    """A Case.check on the gradients: the cache left as it was, then the expected values and/or the gradient check."""

    def check(grads):
        if cache_changed and cache_changed[-1]:
            return "the backward pass changed the cache in place; compute new arrays and leave the cache as it was"
        if not isinstance(grads, (tuple, list)) or len(grads) != len(labels):
            got = len(grads) if isinstance(grads, (tuple, list)) else type(grads).__name__
            return f"expected a tuple ({', '.join(labels)}), got {got}"
        if expected is not None:
            for label, got, want in zip(labels, grads, expected):
                msg = compare(got, want, label=label, rtol=rtol, atol=atol)
                if msg:
                    return msg + "\n    (expected values: tf.GradientTape through the same forward pass)"
        if numeric is not None:
            return numeric(tuple(grads))
        return None
    return check


def _tape_rnn(upstream, x, h0, Wx, Wh, b, steps: bool):
    """Gradients of sum(h * upstream) by tf.GradientTape: one step (x (N, D)) or a sequence (x (N, T, D))."""
    import tensorflow as tf

    vs = [tf.Variable(np.asarray(a, np.float64)) for a in (x, h0, Wx, Wh, b)]
    with tf.GradientTape() as tape:
        if steps:
            h, states = vs[1], []
            for t in range(x.shape[1]):
                h = tf.tanh(vs[0][:, t, :] @ vs[2] + h @ vs[3] + vs[4])
                states.append(h)
            out = tf.stack(states, axis=1)
        else:
            out = tf.tanh(vs[0] @ vs[2] + vs[1] @ vs[3] + vs[4])
        loss = tf.reduce_sum(out * tf.constant(np.asarray(upstream, np.float64)))
    return tuple(g.numpy() for g in tape.gradient(loss, vs))


def rnn_step_backward(func, forward=None):
    """Check rnn_step_backward(dh_next, cache) -> (dx, dh_prev, dWx, dWh, db), the cache made by the student's
    rnn_step_forward (defined next to func): values against tf.GradientTape, the course's gradient check, and
    dh_next and the cache left as they were."""
    runner, changed = backward_through_forward(func, forward, "rnn_step_backward", "rnn_step_forward",
                                               ("dh_next", "x", "h_prev", "Wx", "Wh", "b"), "dh_next")
    labels = ("dx", "dh_prev", "dWx", "dWh", "db")

    def step(x, h, Wx, Wh, b):             # the forward pass written out, output only (float64)
        return np.tanh(x @ Wx + h @ Wh + b)

    def case(name, seed, N, D, H, hint, formula="", numeric=False, scale=0.5, dtype=np.float64, rtol=1e-6, atol=1e-8):
        r = _rng(seed)
        x, h = r.normal(size=(N, D)).astype(dtype), r.normal(size=(N, H)).astype(dtype)
        Wx, Wh, b = _rnn_params(r, D, H, scale=scale, dtype=dtype)
        dh = r.normal(size=(N, H)).astype(dtype)
        args = (x, h, Wx, Wh, b)
        expected = _tape_rnn(dh, *args, steps=False)
        num = gradient_check(step, [a.astype(np.float64) for a in args], dh.astype(np.float64), labels) if numeric else None
        return Case(name, args=(dh,) + args, check=_backward_check(changed, labels, expected, num, rtol=rtol, atol=atol),
                    hint=hint, formula=formula)

    shapes = "dx, dh_prev, dWx, dWh and db have the shapes of x, h_prev, Wx, Wh and b"
    cases = [
        case("one sample (N = 1), D=2, H=3", 91, 1, 2, 3,
             shapes + "; first take the gradient back through the tanh (its slope is found from h_next alone), then "
                      "through the two products and the bias", formula=STEP_BACKWARD_FORMULA),
        case("batch of 4, D=3, H=5: values vs tf.GradientTape", 92, 4, 3, 5,
             "the weights are shared by every sample: their gradients add up over the batch; the gradient on a "
             "product's right factor has the left factor transposed in front", formula=STEP_BACKWARD_FORMULA),
        case("batch of 3, D=4, H=4: the course's gradient check on all five gradients", 93, 3, 4, 4,
             "h_prev reaches h_next through Wh: its gradient goes back through the transpose of Wh (not Wh, which "
             "is not symmetric)", formula=STEP_BACKWARD_FORMULA, numeric=True),
        case("saturated units (large weights): tanh's slope is small there", 94, 3, 2, 6,
             "tanh's derivative at the pre-activation, written with the output, is one minus h_next squared: "
             "nearly 0 where |h_next| is near 1", formula="tanh′(a) = 1 − tanh²(a) = 1 − h_next²", numeric=True,
             scale=1.2),
        case("float32 inputs", 95, 2, 3, 4, "the same computation must work for float32 arrays", dtype=np.float32,
             rtol=1e-4, atol=1e-5),
    ]
    return run_cases(runner, cases, name="rnn_step_backward", may_modify=MAY_MODIFY.get("rnn_step_backward", ()))


# ----------------------------------------------------------------------------------------------
# A sequence: forward and backpropagation through time
# ----------------------------------------------------------------------------------------------
def _keras_rnn(x, h0, Wx, Wh, b):
    import keras

    layer = keras.layers.SimpleRNN(Wh.shape[0], return_sequences=True, dtype="float64")
    layer.build((None,) + tuple(x.shape[1:]))
    layer.set_weights([np.asarray(Wx, np.float64), np.asarray(Wh, np.float64), np.asarray(b, np.float64)])
    return np.asarray(layer(np.asarray(x, np.float64), initial_state=[np.asarray(h0, np.float64)]))


def rnn_forward(func):
    """Check rnn_forward(x, h0, Wx, Wh, b) -> (h, cache) against keras.layers.SimpleRNN(return_sequences=True)."""
    r = _rng(96)
    x1 = r.normal(size=(2, 1, 3))
    h01 = r.normal(size=(2, 4))
    p1 = _rnn_params(r, 3, 4)
    x2, h02, p2 = r.normal(size=(2, 3, 4)), np.zeros((2, 5)), _rnn_params(r, 4, 5)
    x3, h03, p3 = r.normal(size=(3, 6, 2)), r.normal(size=(3, 4)), _rnn_params(r, 2, 4, scale=0.8)
    x4, h04, p4 = r.normal(size=(1, 8, 3)), r.normal(size=(1, 3)), _rnn_params(r, 3, 3, scale=1.0)
    f32 = [a.astype(np.float32) for a in (r.normal(size=(2, 4, 3)), r.normal(size=(2, 5)), *_rnn_params(r, 3, 5))]
    carry = ("each step starts from the state the previous step produced (h0 only for the first step), and h keeps "
             "every state: its entry at time t is the state after reading the input at time t")
    return run_cases(func, [
        Case("T=1: one step from h0", args=(x1, h01, *p1), expect=(np.tanh(x1[:, 0] @ p1[0] + h01 @ p1[1] + p1[2])[:, None],),
             names=("h", "_"), hint="h has shape (N, T, H): one hidden state per sample and per time step; with T=1 it "
                                    "holds the single step's state", formula=STEP_FORMULA),
        Case("N=2, T=3, D=4, H=5, h0 = 0, compared with keras.layers.SimpleRNN(return_sequences=True)",
             args=(x2, h02, *p2), expect=(_keras_rnn(x2, h02, *p2),), names=("h", "_"), hint=carry,
             formula="hₜ = tanh(xₜ Wx + hₜ₋₁ Wh + b) for t = 0 … T − 1, starting from h₋₁ = h0"),
        Case("N=3, T=6, D=2, H=4, a non-zero h0 (Keras' initial_state)", args=(x3, h03, *p3),
             expect=(_keras_rnn(x3, h03, *p3),), names=("h", "_"),
             hint="the first step starts from h0, not from zeros; the time axis of x is axis 1 (x is (N, T, D))"),
        Case("one sequence (N = 1), T=8: the state is carried along all eight steps", args=(x4, h04, *p4),
             expect=(_keras_rnn(x4, h04, *p4),), names=("h", "_"), hint=carry),
        Case("float32 stays float32", args=tuple(f32), expect=(_keras_rnn(*f32),), names=("h", "_"), dtype="float32",
             rtol=1e-5, atol=1e-5, hint="allocate h with the dtype of the inputs (float32 in, float32 out)"),
    ], name="rnn_forward", may_modify=MAY_MODIFY.get("rnn_forward", ()))


def rnn_backward(func, forward=None):
    """Check rnn_backward(dh, cache) -> (dx, dh0, dWx, dWh, db), the cache made by the student's rnn_forward
    (defined next to func): values against tf.GradientTape, the course's gradient check, and the inputs left as
    they were."""
    runner, changed = backward_through_forward(func, forward, "rnn_backward", "rnn_forward",
                                               ("dh", "x", "h0", "Wx", "Wh", "b"), "dh")
    labels = ("dx", "dh0", "dWx", "dWh", "db")

    def sequence(x, h0, Wx, Wh, b):        # the forward pass over time written out, every state (float64)
        h, states = h0, []
        for t in range(x.shape[1]):
            h = np.tanh(x[:, t, :] @ Wx + h @ Wh + b)
            states.append(h)
        return np.stack(states, axis=1)

    def case(name, seed, N, T, D, H, hint, formula="", numeric=False, last_only=False, dtype=np.float64,
             rtol=1e-6, atol=1e-8, scale=0.5):
        r = _rng(seed)
        x, h0 = r.normal(size=(N, T, D)).astype(dtype), r.normal(size=(N, H)).astype(dtype)
        Wx, Wh, b = _rnn_params(r, D, H, scale=scale, dtype=dtype)
        dh = r.normal(size=(N, T, H)).astype(dtype)
        if last_only:
            dh[:, :-1] = 0
        args = (x, h0, Wx, Wh, b)
        expected = _tape_rnn(dh, *args, steps=True)
        num = (gradient_check(sequence, [a.astype(np.float64) for a in args], dh.astype(np.float64), labels)
               if numeric else None)
        return Case(name, args=(dh,) + args, check=_backward_check(changed, labels, expected, num, rtol=rtol, atol=atol),
                    hint=hint, formula=formula)

    return run_cases(runner, [
        case("T=1: the same as one step, dh0 = dh_prev", 97, 2, 1, 3, 4,
             "dx has the shape of x (N, T, D) and dh0 the shape of h0 (N, H); with T=1 it is one step backwards",
             formula=STEP_BACKWARD_FORMULA),
        case("N=2, T=4, D=3, H=5: values vs tf.GradientTape", 98, 2, 4, 3, 5,
             "walk the steps in reverse: the state of step t is read by the loss AND by step t + 1, so its gradient "
             "is the sum of both; the shared weights collect a gradient from every step", formula=BPTT_FORMULA),
        case("a loss on the last state only: the gradient still reaches every earlier input", 99, 3, 5, 2, 4,
             "even where dh is zero at step t, that step gets a gradient through the later steps (what step t + 1 sent "
             "back through h_prev)", formula=BPTT_FORMULA, last_only=True),
        case("N=2, T=3, D=2, H=3: the course's gradient check on all five gradients", 100, 2, 3, 2, 3,
             "dWx, dWh and db add up the contributions of every time step (do not keep only the last one)",
             formula=BPTT_FORMULA, numeric=True),
        case("float32 inputs, T=6", 101, 2, 6, 3, 4, "the same computation must work for float32 arrays",
             dtype=np.float32, rtol=1e-4, atol=1e-5),
    ], name="rnn_backward", may_modify=MAY_MODIFY.get("rnn_backward", ()))


# ----------------------------------------------------------------------------------------------
# Clipping by the global norm
# ----------------------------------------------------------------------------------------------
def _clip_check(grads, max_norm, compare_tf=False):
    """A Case.check: (clipped, global_norm) as tf.clip_by_global_norm gives them (computed here)."""
    import tensorflow as tf

    g64 = [np.asarray(g, np.float64) for g in grads]
    clipped_tf, norm_tf = tf.clip_by_global_norm([tf.constant(g) for g in g64], max_norm)
    expected, norm = [c.numpy() for c in clipped_tf], float(norm_tf)

    def check(result):
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return f"expected a tuple (clipped, global_norm), got {type(result).__name__}"
        clipped, global_norm = result
        if np.ndim(global_norm) != 0:
            return f"expected global_norm to be one number (over every array), got shape {np.shape(global_norm)}"
        msg = compare(global_norm, norm, label="global_norm", rtol=1e-6, atol=1e-9)
        if msg:
            return msg
        if not isinstance(clipped, (list, tuple)) or len(clipped) != len(grads):
            return f"expected clipped to be a list of {len(grads)} arrays (one per gradient), got {type(clipped).__name__}"
        for i, (c, e, g) in enumerate(zip(clipped, expected, grads)):
            msg = compare(c, e, label=f"clipped[{i}]", rtol=1e-6, atol=1e-9)
            if msg:
                return msg + ("\n    (expected values: tf.clip_by_global_norm)" if compare_tf else "")
            if np.asarray(c).dtype != np.asarray(g).dtype:
                return f"expected clipped[{i}].dtype {np.asarray(g).dtype} (the dtype of grads[{i}]), got {np.asarray(c).dtype}"
        return None
    return check


def clip_by_global_norm(func):
    """Check clip_by_global_norm(grads, max_norm) -> (clipped, global_norm): tf.clip_by_global_norm's semantics."""
    r = _rng(102)
    small = [np.array([3.0, 4.0])]
    big = [np.array([[3.0, 4.0]]), np.array([12.0])]
    several = [r.normal(size=(3, 4)) * 3, r.normal(size=(4,)) * 3, r.normal(size=(4, 4)) * 3, r.normal(size=(2, 3, 2))]
    pair = [np.array([3.0, 0.0]), np.array([0.0, 4.0])]
    zeros = [np.zeros((2, 2)), np.zeros(3)]
    f32 = [r.normal(size=(5, 3)).astype(np.float32) * 4, r.normal(size=3).astype(np.float32)]
    scale_hint = ("every array is multiplied by the same factor: max_norm divided by the global norm, but only when "
                  "the global norm exceeds max_norm (otherwise the factor is 1)")
    scale_formula = "clippedᵢ = gᵢ · max_norm / max(‖g‖, max_norm), with ‖g‖ = √(Σᵢ Σ gᵢ²) over every array"
    return run_cases(func, [
        Case("global norm 5 below max_norm=10: unchanged, norm returned", args=(small, 10.0),
             check=_clip_check(small, 10.0),
             hint="return (clipped, global_norm): a list with one array per gradient, and the norm BEFORE clipping; "
                  "gradients already small enough are not scaled up", formula=scale_formula),
        Case("one norm over ALL arrays: norms 3 and 4 make 5, clipped to 4", args=(pair, 4.0),
             check=_clip_check(pair, 4.0),
             hint="the global norm is the square root of the sum of the squares of every entry of every array, not "
                  "a norm per array: the direction of the whole gradient is kept", formula=scale_formula),
        Case("global norm 13 above max_norm=6.5: every array halved", args=(big, 6.5), check=_clip_check(big, 6.5),
             hint=scale_hint, formula=scale_formula),
        Case("four arrays of different shapes, max_norm=5, compared with tf.clip_by_global_norm", args=(several, 5.0),
             check=_clip_check(several, 5.0, compare_tf=True), hint=scale_hint, formula=scale_formula),
        Case("global norm exactly max_norm: unchanged", args=(pair, 5.0), check=_clip_check(pair, 5.0),
             hint="at the threshold the factor is 1"),
        Case("all-zero gradients: no division by zero, norm 0", args=(zeros, 1.0), check=_clip_check(zeros, 1.0),
             strict=True, hint="a zero gradient needs no clipping: divide by the larger of the norm and max_norm, "
                               "never by the norm alone"),
        Case("float32 gradients stay float32", args=(f32, 2.0), check=_clip_check(f32, 2.0),
             hint="scale each array without converting it to float64"),
    ], name="clip_by_global_norm", may_modify=MAY_MODIFY.get("clip_by_global_norm", ()))


# ----------------------------------------------------------------------------------------------
# Softmax with a temperature
# ----------------------------------------------------------------------------------------------
def _raises_value_error(func, logits, temperature):
    def check(_result):
        for t in (temperature, -1.0):
            try:
                with np.errstate(all="ignore"):
                    got = func(np.array(logits, copy=True), t)
            except ValueError:
                continue
            except Exception as exc:  # noqa: BLE001 - any other error is the wrong signal
                return f"temperature={t} raised {type(exc).__name__}: {exc}; expected a ValueError"
            return (f"temperature={t} returned {np.asarray(got).ravel()[:4]}...; expected a ValueError (the "
                    f"temperature must be > 0)")
        return None
    return check


def softmax_with_temperature(func):
    """Check softmax_with_temperature(logits, temperature=1.0) against tf.nn.softmax(logits / temperature)."""
    import tensorflow as tf

    def tf_softmax(z, t):
        return tf.nn.softmax(tf.constant(np.asarray(z, np.float64) / t), axis=-1).numpy()

    r = _rng(103)
    z1 = np.array([1.0, 2.0, 3.0])
    e1 = np.exp(z1 - 3.0) / np.exp(z1 - 3.0).sum()
    z2 = r.normal(size=(2, 5)) * 2
    z3 = r.normal(size=(2, 3, 6))
    big = np.array([[1e4, 0.0, -1e4], [500.0, 1000.0, 999.0]])
    f32 = (r.normal(size=(3, 4)) * 3).astype(np.float32)
    divide = "divide the logits by the temperature before the softmax: a temperature above 1 flattens, below 1 sharpens"
    formula = "pᵢ = exp(zᵢ / T) / Σⱼ exp(zⱼ / T) along the last axis"
    return run_cases(func, [
        Case("temperature 1 (the default) is the softmax", args=(z1,), expect=e1,
             hint="with the default temperature the result is the ordinary softmax, and the probabilities add up to 1",
             formula=formula),
        Case("temperature 0.5, a batch of 2 rows of 5 logits, compared with tf.nn.softmax", args=(z2, 0.5),
             expect=tf_softmax(z2, 0.5), hint=divide + "; each row is one distribution", formula=formula),
        Case("temperature 3 by keyword: flatter", args=(z2,), kwargs={"temperature": 3.0}, expect=tf_softmax(z2, 3.0),
             hint=divide + "; keep the argument name temperature", formula=formula),
        Case("logits (2, 3, 6): the softmax runs along the last axis", args=(z3, 0.8), expect=tf_softmax(z3, 0.8),
             hint="every position of every sequence is its own distribution over the last axis (the vocabulary)"),
        Case("logits of size 1e4 and a temperature of 0.01: finite, no overflow", args=(big, 0.01),
             expect=tf_softmax(big, 0.01), strict=True,
             hint="subtract the largest scaled logit of each row before exponentiating (week 3): it changes no "
                  "probability and keeps exp from overflowing"),
        Case("float32 stays float32", args=(f32, 2.0), expect=tf_softmax(f32, 2.0), dtype="float32", rtol=1e-5,
             atol=1e-7, hint="divide by a Python float, not by a float64 array"),
        Case("temperature 0 or below raises ValueError", args=(z1, 1.0), check=_raises_value_error(func, z1, 0.0),
             hint="a temperature of 0 or less has no meaning here: check it first and raise ValueError with a message"),
    ], name="softmax_with_temperature", may_modify=MAY_MODIFY.get("softmax_with_temperature", ()))


# ----------------------------------------------------------------------------------------------
# An LSTM cell
# ----------------------------------------------------------------------------------------------
def _keras_lstm(x, h_prev, c_prev, Wx, Wh, b):
    import keras

    cell = keras.layers.LSTMCell(h_prev.shape[1], dtype="float64")
    cell.build((None, x.shape[1]))
    cell.set_weights([np.asarray(a, np.float64) for a in (Wx, Wh, b)])
    h, (_, c) = cell(np.asarray(x, np.float64), [np.asarray(h_prev, np.float64), np.asarray(c_prev, np.float64)])
    return np.asarray(h), np.asarray(c)


def _lstm_check(x, h_prev, c_prev, Wx, Wh, b, rtol=1e-6, atol=1e-8, gates=False):
    """A Case.check: (h_next, c_next) equal keras.layers.LSTMCell's; with gates=True, the cache's gates too."""
    import tensorflow as tf

    expect_h, expect_c = _keras_lstm(x, h_prev, c_prev, Wx, Wh, b)
    x64, h64, Wx64, Wh64, b64 = (tf.constant(np.asarray(v, np.float64)) for v in (x, h_prev, Wx, Wh, b))
    a_i, a_f, a_g, a_o = tf.split(tf.matmul(x64, Wx64) + tf.matmul(h64, Wh64) + b64, 4, axis=1)
    expect_gates = {"i": tf.sigmoid(a_i).numpy(), "f": tf.sigmoid(a_f).numpy(), "g": tf.tanh(a_g).numpy(),
                    "o": tf.sigmoid(a_o).numpy()}

    def check(result):
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            return f"expected a tuple (h_next, c_next, cache), got {type(result).__name__}"
        h, c, cache = result
        for label, got, want in (("c_next", c, expect_c), ("h_next", h, expect_h)):
            msg = compare(got, want, label=label, rtol=rtol, atol=atol)
            if msg:
                return msg + "\n    (expected values: keras.layers.LSTMCell with the same weights)"
        if gates:
            if not isinstance(cache, dict) or not {"i", "f", "g", "o"} <= set(cache):
                return ("expected cache to be a dict holding the gate activations under 'i', 'f', 'g' and 'o' "
                        f"(got {type(cache).__name__}{' with keys ' + str(sorted(cache)) if isinstance(cache, dict) else ''})")
            for key in "ifgo":
                msg = compare(cache[key], expect_gates[key], label=f"cache[{key!r}]", rtol=rtol, atol=atol)
                if msg:
                    return msg
        return None
    return check


def lstm_step_forward(func):
    """Check lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b) -> (h_next, c_next, cache) against
    keras.layers.LSTMCell (gates in Keras' order i, f, c~, o)."""
    r = _rng(104)

    def params(D, H, scale=0.5, dtype=np.float64):
        return tuple(a.astype(dtype) for a in (r.normal(size=(D, 4 * H)) * scale, r.normal(size=(H, 4 * H)) * scale,
                                               r.normal(size=4 * H) * 0.5))

    def inputs(N, D, H, dtype=np.float64):
        return tuple(a.astype(dtype) for a in (r.normal(size=(N, D)), r.normal(size=(N, H)) * 0.5,
                                               r.normal(size=(N, H))))

    # gate order: with zero weights only the biases act; each block of H biases drives one gate
    H0 = 2
    order_x, order_h, order_c = np.ones((1, 3)), np.ones((1, H0)), np.array([[2.0, -1.0]])
    order_p = (np.zeros((3, 4 * H0)), np.zeros((H0, 4 * H0)),
               np.concatenate([np.full(H0, 3.0), np.full(H0, -3.0), np.full(H0, 0.5), np.full(H0, 1.0)]))
    big = inputs(3, 4, 5)
    big_p = params(4, 5)
    one = inputs(1, 3, 1)
    one_p = params(3, 1, scale=1.0)
    f32 = inputs(2, 3, 4, np.float32)
    f32_p = params(3, 4, dtype=np.float32)
    order_hint = ("Keras splits the 4H columns of Wx, Wh and b into four blocks in the order input gate i, forget "
                  "gate f, candidate c̃, output gate o (CS231n uses another order)")
    cell_formula = ("a = x Wx + h_prev Wh + b split into [aᵢ | a_f | a_c̃ | aₒ]; i = σ(aᵢ), f = σ(a_f), c̃ = tanh(a_c̃), "
                    "o = σ(aₒ); c_next = f ⊙ c_prev + i ⊙ c̃; h_next = o ⊙ tanh(c_next)")
    return run_cases(func, [
        Case("zero weights, biases 3, -3, 0.5, 1 per block: the gate order of Keras", args=(order_x, order_h, order_c,
                                                                                         *order_p),
             check=_lstm_check(order_x, order_h, order_c, *order_p),
             hint=order_hint + "; the candidate uses tanh, the three gates the logistic sigmoid", formula=cell_formula),
        Case("batch of 3, D=4, H=5, compared with keras.layers.LSTMCell", args=big + big_p,
             check=_lstm_check(*big, *big_p),
             hint="the new cell state keeps part of the old one (forget gate) and adds part of the candidate (input "
                  "gate); the new hidden state is the output gate times the squashed new cell state",
             formula=cell_formula),
        Case("the cache holds the gates 'i', 'f', 'g', 'o', each (N, H)", args=big + big_p,
             check=_lstm_check(*big, *big_p, gates=True),
             hint="store the four gate activations (after their sigmoid or tanh) in a dict under 'i', 'f', 'g' (the "
                  "candidate) and 'o'"),
        Case("one sample, one unit (N = 1, H = 1)", args=one + one_p, check=_lstm_check(*one, *one_p),
             hint="keep the batch axis: h_next and c_next are (N, H) even when N and H are 1"),
        Case("float32 inputs", args=f32 + f32_p, check=_lstm_check(*f32, *f32_p, rtol=1e-5, atol=1e-6),
             hint="the same computation must work for float32 arrays"),
    ], name="lstm_step_forward", may_modify=MAY_MODIFY.get("lstm_step_forward", ()))


# ----------------------------------------------------------------------------------------------
# Every rule the docstrings and the text state, with the cases (visible names or hidden messages) that test it
# ----------------------------------------------------------------------------------------------
RULES: dict[str, dict[str, list[str]]] = {
    "rnn_step_forward": {
        "h_next = tanh(x Wx + h_prev Wh + b), shape (N, H)": [
            "one sample, D=2, H=3", "batch of 4, D=5, H=3, compared with keras.layers.SimpleRNNCell",
            "hidden: rnn_step_forward values (N=3, D=2, H=4)"],
        "Keras' SimpleRNN layout: kernel Wx (D, H), recurrent_kernel Wh (H, H), bias b (H,)": [
            "batch of 4, D=5, H=3, compared with keras.layers.SimpleRNNCell",
            "zero input: only the previous state and the bias move h (Wh is not symmetric)",
            "hidden: rnn_step_forward equals keras.layers.SimpleRNNCell"],
        "the activation is tanh": ["large pre-activations: h stays in (-1, 1), compared with keras.layers.SimpleRNNCell"],
        "float32 in, float32 out": ["float32 stays float32"],
        "the inputs are left unchanged": ["one sample, D=2, H=3", "hidden: rnn_step_forward leaves its inputs unchanged"],
    },
    "rnn_step_backward": {
        "returns (dx, dh_prev, dWx, dWh, db) with the shapes of x, h_prev, Wx, Wh, b": [
            "one sample (N = 1), D=2, H=3", "hidden: rnn_step_backward shapes"],
        "the gradients of sum(h_next * dh_next), as tf.GradientTape gives them": [
            "batch of 4, D=3, H=5: values vs tf.GradientTape", "hidden: rnn_step_backward vs tf.GradientTape"],
        "passes the course's gradient check (relative error < 1e-7)": [
            "batch of 3, D=4, H=4: the course's gradient check on all five gradients",
            "saturated units (large weights): tanh's slope is small there"],
        "works with the cache of rnn_step_forward": ["one sample (N = 1), D=2, H=3"],
        "float32 inputs work": ["float32 inputs"],
        "dh_next and the cache are left unchanged": ["batch of 4, D=3, H=5: values vs tf.GradientTape",
                                                     "hidden: rnn_step_backward leaves dh_next unchanged"],
    },
    "rnn_forward": {
        "h (N, T, H) holds every hidden state, h[:, t] after reading x[:, t]": [
            "T=1: one step from h0", "one sequence (N = 1), T=8: the state is carried along all eight steps",
            "hidden: rnn_forward h[:, t] is the state after step t"],
        "equals keras.layers.SimpleRNN(return_sequences=True) with the same weights and initial state": [
            "N=2, T=3, D=4, H=5, h0 = 0, compared with keras.layers.SimpleRNN(return_sequences=True)",
            "N=3, T=6, D=2, H=4, a non-zero h0 (Keras' initial_state)", "hidden: rnn_forward equals keras.layers.SimpleRNN"],
        "the first step starts from h0": ["N=3, T=6, D=2, H=4, a non-zero h0 (Keras' initial_state)",
                                          "T=1: one step from h0"],
        "float32 in, float32 out": ["float32 stays float32"],
        "the inputs are left unchanged": ["T=1: one step from h0", "hidden: rnn_forward leaves its inputs unchanged"],
    },
    "rnn_backward": {
        "returns (dx, dh0, dWx, dWh, db) with the shapes of x, h0, Wx, Wh, b": [
            "T=1: the same as one step, dh0 = dh_prev", "hidden: rnn_backward shapes"],
        "backpropagation through time: dh is the upstream gradient on every hidden state, as tf.GradientTape gives": [
            "N=2, T=4, D=3, H=5: values vs tf.GradientTape", "hidden: rnn_backward vs tf.GradientTape"],
        "a state's gradient also flows back through every later step": [
            "a loss on the last state only: the gradient still reaches every earlier input",
            "hidden: a loss on the last state reaches x[:, 0]"],
        "passes the course's gradient check (relative error < 1e-7)": [
            "N=2, T=3, D=2, H=3: the course's gradient check on all five gradients"],
        "works with the cache of rnn_forward": ["T=1: the same as one step, dh0 = dh_prev"],
        "float32 inputs work": ["float32 inputs, T=6"],
        "dh and the cache are left unchanged": ["N=2, T=4, D=3, H=5: values vs tf.GradientTape",
                                                "hidden: rnn_backward leaves dh unchanged"],
    },
    "clip_by_global_norm": {
        "global_norm is the square root of the sum of squares over every array (before clipping)": [
            "one norm over ALL arrays: norms 3 and 4 make 5, clipped to 4", "hidden: clip_by_global_norm global norm"],
        "every array is scaled by max_norm / max(global_norm, max_norm)": [
            "global norm 13 above max_norm=6.5: every array halved",
            "global norm 5 below max_norm=10: unchanged, norm returned", "global norm exactly max_norm: unchanged",
            "hidden: clip_by_global_norm scales every array by the same factor",
            "hidden: clip_by_global_norm leaves small gradients alone"],
        "the same semantics as tf.clip_by_global_norm": [
            "four arrays of different shapes, max_norm=5, compared with tf.clip_by_global_norm",
            "hidden: clip_by_global_norm equals tf.clip_by_global_norm"],
        "all-zero gradients give norm 0 and no division by zero": ["all-zero gradients: no division by zero, norm 0"],
        "returns a list of arrays of the shapes (and dtypes) of grads": [
            "four arrays of different shapes, max_norm=5, compared with tf.clip_by_global_norm",
            "float32 gradients stay float32"],
        "the inputs are not modified": ["global norm 13 above max_norm=6.5: every array halved",
                                        "hidden: clip_by_global_norm leaves grads unchanged"],
    },
    "softmax_with_temperature": {
        "probabilities along the last axis of logits / temperature": [
            "temperature 0.5, a batch of 2 rows of 5 logits, compared with tf.nn.softmax",
            "logits (2, 3, 6): the softmax runs along the last axis", "hidden: softmax_with_temperature values"],
        "the default temperature is 1.0 (the ordinary softmax)": ["temperature 1 (the default) is the softmax",
                                                                  "hidden: softmax_with_temperature default is 1"],
        "temperature by keyword": ["temperature 3 by keyword: flatter"],
        "stable: large logits and small temperatures give no overflow": [
            "logits of size 1e4 and a temperature of 0.01: finite, no overflow",
            "hidden: softmax_with_temperature is stable for tiny temperatures"],
        "temperature <= 0 raises ValueError": ["temperature 0 or below raises ValueError",
                                               "hidden: softmax_with_temperature rejects a negative temperature"],
        "float32 in, float32 out": ["float32 stays float32"],
        "the logits are left unchanged": ["temperature 1 (the default) is the softmax",
                                          "hidden: softmax_with_temperature leaves logits unchanged"],
    },
    "lstm_step_forward": {
        "gates in Keras' order i, f, c~, o over the 4H columns of Wx, Wh and b": [
            "zero weights, biases 3, -3, 0.5, 1 per block: the gate order of Keras",
            "hidden: lstm_step_forward gate order (i, f, c~, o)"],
        "c_next = f * c_prev + i * c~, h_next = o * tanh(c_next); equals keras.layers.LSTMCell": [
            "batch of 3, D=4, H=5, compared with keras.layers.LSTMCell", "hidden: lstm_step_forward equals keras.layers.LSTMCell"],
        "the cache is a dict holding the gates 'i', 'f', 'g', 'o', each (N, H)": [
            "the cache holds the gates 'i', 'f', 'g', 'o', each (N, H)", "hidden: lstm_step_forward cache gates"],
        "h_next and c_next are (N, H)": ["one sample, one unit (N = 1, H = 1)"],
        "float32 inputs work": ["float32 inputs"],
        "the inputs are left unchanged": ["batch of 3, D=4, H=5, compared with keras.layers.LSTMCell",
                                          "hidden: lstm_step_forward leaves its inputs unchanged"],
    },
}


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
