"""Wrong (MUTANTS) and correct-but-different (ALTERNATIVES) implementations of week 9's graded functions.

Each source defines the function under its graded name and may use what the notebook's setup cell imported (np, tf,
keras, ...) and the notebook's other graded functions. The backward variants read the caches of the reference
forward passes: rnn_step_forward's (x, h_prev, Wx, Wh, h_next), rnn_forward's list of those, one per step. Every
mutant must make its test cell fail (visible check or hidden tests); every alternative must pass it.
"""

MUTANTS = {
    "rnn_step_forward": [
        ("sigmoid instead of tanh", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h_next = 1.0 / (1.0 + np.exp(-(x @ Wx + h_prev @ Wh + b)))
    return h_next, (x, h_prev, Wx, Wh, h_next)
'''),
        ("recurrent weights transposed (h_prev @ Wh.T)", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h_next = np.tanh(x @ Wx + h_prev @ Wh.T + b)
    return h_next, (x, h_prev, Wx, Wh, h_next)
'''),
        ("no bias", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h_next = np.tanh(x @ Wx + h_prev @ Wh)
    return h_next, (x, h_prev, Wx, Wh, h_next)
'''),
        ("previous state ignored", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h_next = np.tanh(x @ Wx + b)
    return h_next, (x, h_prev, Wx, Wh, h_next)
'''),
        ("tanh applied to the input term only", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h_next = np.tanh(x @ Wx) + h_prev @ Wh + b
    return h_next, (x, h_prev, Wx, Wh, h_next)
'''),
        ("always float64", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h_next = np.tanh(np.float64(x) @ Wx + h_prev @ Wh + b).astype(np.float64)
    return h_next, (x, h_prev, Wx, Wh, h_next)
'''),
    ],
    "rnn_step_backward": [
        ("tanh' forgotten (da = dh_next)", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)
'''),
        ("tanh' written as 1 - h (not 1 - h**2)", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1 - h_next)
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)
'''),
        ("dh_prev through Wh instead of Wh.T", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1 - h_next ** 2)
    return da @ Wx.T, da @ Wh, x.T @ da, h_prev.T @ da, da.sum(axis=0)
'''),
        ("dWh transposed (da.T @ h_prev)", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1 - h_next ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, da.T @ h_prev, da.sum(axis=0)
'''),
        ("db averaged over the batch", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1 - h_next ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.mean(axis=0)
'''),
        ("tanh' from the previous state (1 - h_prev**2)", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1 - h_prev ** 2)
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)
'''),
        ("right values, but scales dh_next in place", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    dh_next *= (1 - h_next ** 2)
    da = dh_next
    return da @ Wx.T, da @ Wh.T, x.T @ da, h_prev.T @ da, da.sum(axis=0)
'''),
    ],
    "rnn_forward": [
        ("returns only the last state, repeated", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h_prev, cache = h0, []
    for t in range(T):
        h_prev, c = rnn_step_forward(x[:, t, :], h_prev, Wx, Wh, b)
        cache.append(c)
    return np.repeat(h_prev[:, None, :], T, axis=1), cache
'''),
        ("restarts from h0 at every step", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h, cache = np.zeros((N, T, h0.shape[1])), []
    for t in range(T):
        h[:, t, :], c = rnn_step_forward(x[:, t, :], h0, Wx, Wh, b)
        cache.append(c)
    return h, cache
'''),
        ("starts from zeros instead of h0", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h, cache, h_prev = np.zeros((N, T, h0.shape[1])), [], np.zeros_like(h0)
    for t in range(T):
        h_prev, c = rnn_step_forward(x[:, t, :], h_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
        cache.append(c)
    return h, cache
'''),
        ("h shifted by one step (stores the state before each step)", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h, cache, h_prev = np.zeros((N, T, h0.shape[1])), [], h0
    for t in range(T):
        h[:, t, :] = h_prev
        h_prev, c = rnn_step_forward(x[:, t, :], h_prev, Wx, Wh, b)
        cache.append(c)
    return h, cache
'''),
        ("reads the sequence backwards", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h, cache, h_prev = np.zeros((N, T, h0.shape[1])), [None] * T, h0
    for t in reversed(range(T)):
        h_prev, cache[t] = rnn_step_forward(x[:, t, :], h_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
    return h, cache
'''),
        ("always float64", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h, cache, h_prev = np.zeros((N, T, h0.shape[1]), dtype=np.float64), [], h0
    for t in range(T):
        h_prev, c = rnn_step_forward(x[:, t, :], h_prev, Wx, Wh, b)
        h[:, t, :] = h_prev
        cache.append(c)
    return h, cache
'''),
    ],
    "rnn_backward": [
        ("no gradient from later steps (each step sees only dh[:, t])", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx, dWx, dWh, db = np.zeros((N, T, D)), 0, 0, 0
    for t in reversed(range(T)):
        dx[:, t], dh_prev, a, b_, c = rnn_step_backward(dh[:, t], cache[t])
        dWx, dWh, db = dWx + a, dWh + b_, db + c
    return dx, dh_prev, dWx, dWh, db
'''),
        ("weights' gradients of the last step visited only (overwritten)", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx, dh_prev = np.zeros((N, T, D)), np.zeros((N, H))
    for t in reversed(range(T)):
        dx[:, t], dh_prev, dWx, dWh, db = rnn_step_backward(dh[:, t] + dh_prev, cache[t])
    return dx, dh_prev, dWx, dWh, db
'''),
        ("walks forwards in time", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx, dh_prev, dWx, dWh, db = np.zeros((N, T, D)), np.zeros((N, H)), 0, 0, 0
    for t in range(T):
        dx[:, t], dh_prev, a, b_, c = rnn_step_backward(dh[:, t] + dh_prev, cache[t])
        dWx, dWh, db = dWx + a, dWh + b_, db + c
    return dx, dh_prev, dWx, dWh, db
'''),
        ("dh0 returned as zeros", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx, dh_prev, dWx, dWh, db = np.zeros((N, T, D)), np.zeros((N, H)), 0, 0, 0
    for t in reversed(range(T)):
        dx[:, t], dh_prev, a, b_, c = rnn_step_backward(dh[:, t] + dh_prev, cache[t])
        dWx, dWh, db = dWx + a, dWh + b_, db + c
    return dx, np.zeros((N, H)), dWx, dWh, db
'''),
        ("weights' gradients averaged over time", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx, dh_prev, dWx, dWh, db = np.zeros((N, T, D)), np.zeros((N, H)), 0, 0, 0
    for t in reversed(range(T)):
        dx[:, t], dh_prev, a, b_, c = rnn_step_backward(dh[:, t] + dh_prev, cache[t])
        dWx, dWh, db = dWx + a, dWh + b_, db + c
    return dx, dh_prev, dWx / T, dWh / T, db / T
'''),
        ("right values, but zeroes dh in place afterwards", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    D = cache[0][0].shape[1]
    dx, dh_prev, dWx, dWh, db = np.zeros((N, T, D)), np.zeros((N, H)), 0, 0, 0
    for t in reversed(range(T)):
        dx[:, t], dh_prev, a, b_, c = rnn_step_backward(dh[:, t] + dh_prev, cache[t])
        dWx, dWh, db = dWx + a, dWh + b_, db + c
    dh[...] = 0
    return dx, dh_prev, dWx, dWh, db
'''),
    ],
    "clip_by_global_norm": [
        ("clips each array by its own norm", '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    return [g * (max_norm / max(np.linalg.norm(g), max_norm)) for g in grads], norm
'''),
        ("always rescales to max_norm (also scales small gradients up)", '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    return [g * (max_norm / norm) for g in grads], norm
'''),
        ("clips every entry to [-max_norm, max_norm]", '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    return [np.clip(g, -max_norm, max_norm) for g in grads], norm
'''),
        ("returns the squared norm", '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    return [g * (max_norm / max(norm, max_norm)) for g in grads], norm ** 2
'''),
        ("returns the norm after clipping", '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    return [g * (max_norm / max(norm, max_norm)) for g in grads], min(norm, max_norm)
'''),
        ("scales the caller's arrays in place", '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g ** 2) for g in grads)))
    for g in grads:
        g *= max_norm / max(norm, max_norm)
    return grads, norm
'''),
    ],
    "softmax_with_temperature": [
        ("no max subtraction (overflows)", '''
def softmax_with_temperature(logits, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    e = np.exp(np.asarray(logits) / temperature)
    return e / e.sum(axis=-1, keepdims=True)
'''),
        ("multiplies by the temperature", '''
def softmax_with_temperature(logits, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    z = np.asarray(logits) * temperature
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''),
        ("softmax over the first axis", '''
def softmax_with_temperature(logits, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    z = np.asarray(logits) / temperature
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)
'''),
        ("no ValueError for a temperature <= 0", '''
def softmax_with_temperature(logits, temperature=1.0):
    z = np.asarray(logits) / temperature
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''),
        ("normalises over every entry of the array", '''
def softmax_with_temperature(logits, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    z = np.asarray(logits) / temperature
    e = np.exp(z - z.max())
    return e / e.sum()
'''),
        ("temperature ignored", '''
def softmax_with_temperature(logits, temperature=1.0):
    if temperature <= 0:
        raise ValueError("temperature must be > 0")
    z = np.asarray(logits)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)
'''),
    ],
    "lstm_step_forward": [
        ("CS231n's gate order i, f, o, g", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    s = lambda z: 1 / (1 + np.exp(-z))
    i, f, o, g = s(a[:, :H]), s(a[:, H:2 * H]), s(a[:, 2 * H:3 * H]), np.tanh(a[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c, {"i": i, "f": f, "g": g, "o": o}
'''),
        ("sigmoid on the candidate", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    s = lambda z: 1 / (1 + np.exp(-z))
    i, f, g, o = s(a[:, :H]), s(a[:, H:2 * H]), s(a[:, 2 * H:3 * H]), s(a[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c, {"i": i, "f": f, "g": g, "o": o}
'''),
        ("h_next without the tanh of the cell state", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    s = lambda z: 1 / (1 + np.exp(-z))
    i, f, g, o = s(a[:, :H]), s(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), s(a[:, 3 * H:])
    c = f * c_prev + i * g
    return o * c, c, {"i": i, "f": f, "g": g, "o": o}
'''),
        ("forget and input gates swapped in the cell update", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    s = lambda z: 1 / (1 + np.exp(-z))
    i, f, g, o = s(a[:, :H]), s(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), s(a[:, 3 * H:])
    c = i * c_prev + f * g
    return o * np.tanh(c), c, {"i": i, "f": f, "g": g, "o": o}
'''),
        ("cache stores pre-activations instead of gate values", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    s = lambda z: 1 / (1 + np.exp(-z))
    i, f, g, o = s(a[:, :H]), s(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), s(a[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c, {"i": a[:, :H], "f": a[:, H:2 * H], "g": a[:, 2 * H:3 * H], "o": a[:, 3 * H:]}
'''),
        ("the cache is a tuple, not a dict of gates", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    a = x @ Wx + h_prev @ Wh + b
    s = lambda z: 1 / (1 + np.exp(-z))
    i, f, g, o = s(a[:, :H]), s(a[:, H:2 * H]), np.tanh(a[:, 2 * H:3 * H]), s(a[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c, (i, f, g, o)
'''),
    ],
}

ALTERNATIVES = {
    "rnn_step_forward": [
        ("tanh written with exp (stable for these inputs) and einsum", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    a = np.einsum("nd,dh->nh", x, Wx) + np.einsum("nk,kh->nh", h_prev, Wh) + b
    e = np.exp(-2.0 * np.abs(a))
    h_next = (np.sign(a) * (1 - e) / (1 + e)).astype(np.result_type(x, Wx))
    return h_next, (x, h_prev, Wx, Wh, h_next)
'''),
        ("one stacked product [x, h_prev] @ [[Wx], [Wh]]", '''
def rnn_step_forward(x, h_prev, Wx, Wh, b):
    h_next = np.tanh(np.concatenate([x, h_prev], axis=1) @ np.concatenate([Wx, Wh], axis=0) + b)
    return h_next, {"x": x, "h_prev": h_prev, "Wx": Wx, "Wh": Wh, "h_next": h_next}
'''),
    ],
    "rnn_step_backward": [
        ("einsum and np.square", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    da = dh_next * (1 - np.square(h_next))
    return (np.einsum("nh,dh->nd", da, Wx), np.einsum("nh,kh->nk", da, Wh),
            np.einsum("nd,nh->dh", x, da), np.einsum("nk,nh->kh", h_prev, da), np.sum(da, axis=0))
'''),
        ("loops over the samples", '''
def rnn_step_backward(dh_next, cache):
    x, h_prev, Wx, Wh, h_next = cache
    dx, dh_prev = np.zeros_like(x), np.zeros_like(h_prev)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(Wh.shape[0], dtype=Wh.dtype)
    for n in range(x.shape[0]):
        da = dh_next[n] * (1 - h_next[n] ** 2)
        dx[n], dh_prev[n] = Wx @ da, Wh @ da
        dWx += np.outer(x[n], da)
        dWh += np.outer(h_prev[n], da)
        db += da
    return dx, dh_prev, dWx, dWh, db
'''),
    ],
    "rnn_forward": [
        ("stacks a list of states (and a cache of arrays)", '''
def rnn_forward(x, h0, Wx, Wh, b):
    states, caches, h = [], [], h0
    for x_t in np.moveaxis(x, 1, 0):
        h, c = rnn_step_forward(x_t, h, Wx, Wh, b)
        states.append(h)
        caches.append(c)
    return np.stack(states, axis=1), caches
'''),
        ("the step written inline, float32 kept", '''
def rnn_forward(x, h0, Wx, Wh, b):
    N, T, _ = x.shape
    h = np.empty((N, T, Wh.shape[0]), dtype=np.result_type(x, h0, Wx, Wh, b))
    cache, prev = [], h0
    for t in range(T):
        nxt = np.tanh(x[:, t] @ Wx + prev @ Wh + b)
        cache.append((x[:, t], prev, Wx, Wh, nxt))
        h[:, t], prev = nxt, nxt
    return h, cache
'''),
    ],
    "rnn_backward": [
        ("the step's backward written inline", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    Wx, Wh = cache[0][2], cache[0][3]
    dx = np.zeros((N, T, Wx.shape[0]), dtype=dh.dtype)
    dWx, dWh, db = np.zeros_like(Wx), np.zeros_like(Wh), np.zeros(H, dtype=dh.dtype)
    carry = np.zeros((N, H), dtype=dh.dtype)
    for t in range(T - 1, -1, -1):
        x_t, h_prev, _, _, h_t = cache[t]
        da = (dh[:, t] + carry) * (1 - h_t * h_t)
        dx[:, t] = da @ Wx.T
        dWx += x_t.T @ da
        dWh += h_prev.T @ da
        db += da.sum(axis=0)
        carry = da @ Wh.T
    return dx, carry, dWx, dWh, db
'''),
        ("sums the per-step weight gradients at the end", '''
def rnn_backward(dh, cache):
    N, T, H = dh.shape
    steps, dxs, carry = [], [None] * T, 0
    for t in reversed(range(T)):
        dxs[t], carry, *w = rnn_step_backward(dh[:, t] + carry, cache[t])
        steps.append(w)
    dWx, dWh, db = (sum(parts) for parts in zip(*steps))
    return np.stack(dxs, axis=1), carry, dWx, dWh, db
'''),
    ],
    "clip_by_global_norm": [
        ("norm from np.linalg.norm of the concatenated entries", '''
def clip_by_global_norm(grads, max_norm):
    norm = float(np.linalg.norm(np.concatenate([np.ravel(g) for g in grads]).astype(np.float64)))
    if norm <= max_norm:
        return [np.array(g, copy=True) for g in grads], norm
    return [g * np.asarray(max_norm / norm, dtype=g.dtype) for g in grads], norm
'''),
    ],
    "softmax_with_temperature": [
        ("through log-sum-exp", '''
def softmax_with_temperature(logits, temperature=1.0):
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}")
    z = np.asarray(logits) / temperature
    m = z.max(axis=-1, keepdims=True)
    lse = m + np.log(np.exp(z - m).sum(axis=-1, keepdims=True))
    return np.exp(z - lse)
'''),
        ("scipy.special.softmax (flagged, but right)", '''
def softmax_with_temperature(logits, temperature=1.0):
    import scipy.special
    if not temperature > 0:
        raise ValueError("temperature must be > 0")
    return scipy.special.softmax(np.asarray(logits) / temperature, axis=-1)
'''),
    ],
    "lstm_step_forward": [
        ("np.split into four blocks, sigmoid via exp of -|z|", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    def sig(z):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
    ai, af, ag, ao = np.split(x @ Wx + h_prev @ Wh + b, 4, axis=1)
    i, f, g, o = sig(ai), sig(af), np.tanh(ag), sig(ao)
    c = f * c_prev + i * g
    return o * np.tanh(c), c, {"i": i, "f": f, "g": g, "o": o, "c": c}
'''),
        ("per-gate weight slices", '''
def lstm_step_forward(x, h_prev, c_prev, Wx, Wh, b):
    H = h_prev.shape[1]
    pre = lambda k: x @ Wx[:, k * H:(k + 1) * H] + h_prev @ Wh[:, k * H:(k + 1) * H] + b[k * H:(k + 1) * H]
    i, f, o = (1 / (1 + np.exp(-pre(k))) for k in (0, 1, 3))
    g = np.tanh(pre(2))
    c_next = f * c_prev + i * g
    return o * np.tanh(c_next), c_next, dict(i=i, f=f, g=g, o=o)
'''),
    ],
}

# The tampered nbgrader submission: the stub, the wrong function and the deleted test cell are independent.
ROUND_TRIP = {"stub": "lstm_step_forward", "wrong": "clip_by_global_norm", "delete": "rnn_step_forward"}
