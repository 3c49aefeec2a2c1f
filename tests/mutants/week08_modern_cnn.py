"""Wrong (MUTANTS) and correct-but-different (ALTERNATIVES) implementations of week 8's graded functions.

Each source defines the function under its graded name and may use what the notebook's setup cell imported
(np, tf, keras, ...) and the notebook's other graded functions (residual_block_forward, ...). Every mutant must
make its test cell fail (visible check or hidden tests); every alternative must pass it.
"""


def _fwd(*, check="    if Ws is None and W2.shape[1] != x.shape[1]:\n        raise ValueError('identity shortcut needs M == D; pass Ws')\n",
         shortcut="x if Ws is None else x @ Ws", pre="h @ W2 + b2 + shortcut", out="np.maximum(pre, 0)",
         h="np.maximum(z1, 0)"):
    return ("def residual_block_forward(x, W1, b1, W2, b2, Ws=None):\n"
            f"{check}"
            "    z1 = x @ W1 + b1\n"
            f"    h = {h}\n"
            f"    shortcut = {shortcut}\n"
            f"    pre = {pre}\n"
            f"    out = {out}\n"
            "    return out, (x, W1, W2, Ws, z1, h, pre)\n")


def _bwd(*, dpre="dout * (pre > 0)", dz1="(dpre @ W2.T) * (z1 > 0)", skip_id="dx + dpre",
         skip_proj="dx + dpre @ Ws.T", dWs="x.T @ dpre", db1="dz1.sum(axis=0)", db2="dpre.sum(axis=0)",
         dW1="x.T @ dz1", dW2="h.T @ dpre", after=""):
    """The reference's shape (it reads the reference forward's cache) with one piece swapped."""
    return ("def residual_block_backward(dout, cache):\n"
            "    x, W1, W2, Ws, z1, h, pre = cache\n"
            f"    dpre = {dpre}\n"
            f"    dz1 = {dz1}\n"
            "    dx = dz1 @ W1.T\n"
            "    if Ws is None:\n"
            f"        dx = {skip_id}\n"
            "        dWs = None\n"
            "    else:\n"
            f"        dx = {skip_proj}\n"
            f"        dWs = {dWs}\n"
            f"{after}"
            f"    return dx, {dW1}, {db1}, {dW2}, {db2}, dWs\n")


MUTANTS = {
    "receptive_field": [
        ("adds the kernel, not kernel - 1",
         "def receptive_field(layers):\n    r, j = 1, 1\n    for k, s in layers:\n        r += k * j\n        j *= s\n"
         "    return r\n"),
        ("ignores strides (sum of kernel - 1)",
         "def receptive_field(layers):\n    return 1 + sum(k - 1 for k, s in layers)\n"),
        ("multiplies by the stride before adding (the layer's own stride counts)",
         "def receptive_field(layers):\n    r, j = 1, 1\n    for k, s in layers:\n        j *= s\n        r += (k - 1) * j\n"
         "    return r\n"),
        ("starts at 0 (an empty stack sees nothing)",
         "def receptive_field(layers):\n    r, j = 0, 1\n    for k, s in layers:\n        r += (k - 1) * j\n        j *= s\n"
         "    return max(r, 0) + (1 if layers else 0)\n"),
        ("returns a float",
         "def receptive_field(layers):\n    r, j = 1.0, 1.0\n    for k, s in layers:\n        r += (k - 1) * j\n"
         "        j *= s\n    return r\n"),
        ("walks the layers from the top down",
         "def receptive_field(layers):\n    r, j = 1, 1\n    for k, s in reversed(list(layers)):\n        r += (k - 1) * j\n"
         "        j *= s\n    return r\n"),
    ],
    "residual_block_forward": [
        ("no shortcut at all", _fwd(check="", pre="h @ W2 + b2")),
        ("shortcut added after the last ReLU", _fwd(pre="h @ W2 + b2", out="np.maximum(pre, 0) + shortcut")),
        ("no ReLU inside the branch", _fwd(h="z1")),
        ("no final ReLU", _fwd(out="pre")),
        ("projection ignored when M == D (identity used whenever the widths match)",
         _fwd(shortcut="x if x.shape[1] == W2.shape[1] else x @ Ws")),
        ("no ValueError: pads/crops the identity silently",
         _fwd(check="", shortcut="(x if Ws is None else x @ Ws) if Ws is not None or x.shape[1] == W2.shape[1] "
                                "else np.zeros((x.shape[0], W2.shape[1]))")),
        ("raises a TypeError instead of a ValueError",
         _fwd(check="    if Ws is None and W2.shape[1] != x.shape[1]:\n        raise TypeError('widths differ')\n")),
        ("right result, but clears the caller's x afterwards (x.fill(0), to save memory)",
         "def residual_block_forward(x, W1, b1, W2, b2, Ws=None):\n"
         "    if Ws is None and W2.shape[1] != x.shape[1]:\n"
         "        raise ValueError('identity shortcut needs M == D; pass Ws')\n"
         "    z1 = x @ W1 + b1\n"
         "    h = np.maximum(z1, 0)\n"
         "    pre = h @ W2 + b2 + (x if Ws is None else x @ Ws)\n"
         "    cache = (x.copy(), W1, W2, Ws, z1, h, pre)\n"
         "    x.fill(0)\n"
         "    return np.maximum(pre, 0), cache\n"),
    ],
    "residual_block_backward": [
        ("skip path missing from dx", _bwd(skip_id="dx")),
        ("final ReLU mask forgotten", _bwd(dpre="dout")),
        ("inner ReLU mask forgotten", _bwd(dz1="dpre @ W2.T")),
        ("db2 averaged over the batch", _bwd(db2="dpre.mean(axis=0)")),
        ("dW1 transposed shape (x.T @ dz1).T ... fixed by reshape", _bwd(dW1="(dz1.T @ x).reshape(W1.shape)")),
        ("projection: dWs with the unmasked dout", _bwd(dWs="x.T @ dout")),
        ("projection: skip path through Ws missing from dx", _bwd(skip_proj="dx")),
        ("identity: dWs returned as zeros instead of None", _bwd(after="    dWs = np.zeros((x.shape[1], dout.shape[1])) "
                                                                       "if dWs is None else dWs\n")),
        ("right result, but masks dout in place (dout *= mask)",
         _bwd(dpre="dout.__imul__(pre > 0)")),
    ],
    "global_average_pool": [
        ("averages over the channels and width", "def global_average_pool(x):\n    return x.mean(axis=(2, 3))\n"),
        ("sums instead of averaging", "def global_average_pool(x):\n    return x.sum(axis=(1, 2))\n"),
        ("averages over height only", "def global_average_pool(x):\n    return x.mean(axis=1)[:, 0, :]\n"),
        ("max instead of mean", "def global_average_pool(x):\n    return x.max(axis=(1, 2))\n"),
        ("divides by H twice (H * H instead of H * W)",
         "def global_average_pool(x):\n    return x.sum(axis=(1, 2)) / (x.shape[1] * x.shape[1])\n"),
        ("float64 result for float32 input", "def global_average_pool(x):\n    return x.astype(np.float64).mean(axis=(1, 2))\n"),
    ],
    "class_activation_map": [
        ("uses the first image's class for every image",
         "def class_activation_map(features, weights, class_index):\n"
         "    c = int(np.ravel(class_index)[0])\n"
         "    return np.tensordot(features, weights[:, c], axes=([3], [0]))\n"),
        ("normalised to 0..1",
         "def class_activation_map(features, weights, class_index):\n"
         "    c = np.broadcast_to(np.asarray(class_index), (features.shape[0],))\n"
         "    cam = np.einsum('nhwk,kn->nhw', features, weights[:, c])\n"
         "    lo = cam.min(axis=(1, 2), keepdims=True)\n"
         "    return (cam - lo) / (cam.max(axis=(1, 2), keepdims=True) - lo)\n"),
        ("ReLU applied to the map",
         "def class_activation_map(features, weights, class_index):\n"
         "    c = np.broadcast_to(np.asarray(class_index), (features.shape[0],))\n"
         "    return np.maximum(np.einsum('nhwk,kn->nhw', features, weights[:, c]), 0)\n"),
        ("averages over the channels instead of summing",
         "def class_activation_map(features, weights, class_index):\n"
         "    c = np.broadcast_to(np.asarray(class_index), (features.shape[0],))\n"
         "    return np.einsum('nhwk,kn->nhw', features, weights[:, c]) / features.shape[3]\n"),
        ("the maps of all classes added up (class_index ignored)",
         "def class_activation_map(features, weights, class_index):\n"
         "    return (features @ weights).sum(axis=3)\n"),
        ("every image summed with every class's map (all N columns for each image)",
         "def class_activation_map(features, weights, class_index):\n"
         "    c = np.broadcast_to(np.asarray(class_index), (features.shape[0],))\n"
         "    return np.einsum('nhwk,km->nhw', features, weights[:, c]) / features.shape[0]\n"),
    ],
}

ALTERNATIVES = {
    "receptive_field": [
        ("walks down from the top unit, counting the span",
         "def receptive_field(layers):\n    lo, hi = 0, 0\n    for k, s in reversed(list(layers)):\n"
         "        lo, hi = lo * s, hi * s + k - 1\n    return int(hi - lo + 1)\n"),
        ("with numpy cumulative products",
         "def receptive_field(layers):\n    if len(layers) == 0:\n        return 1\n"
         "    k = np.array([l[0] for l in layers]); s = np.array([l[1] for l in layers])\n"
         "    jumps = np.concatenate([[1], np.cumprod(s)[:-1]])\n    return int(1 + np.sum((k - 1) * jumps))\n"),
    ],
    "residual_block_forward": [
        ("float32-friendly, cache as a dict, np.where for relu",
         "def residual_block_forward(x, W1, b1, W2, b2, Ws=None):\n"
         "    M = W2.shape[1]\n"
         "    if Ws is None and M != x.shape[1]:\n"
         "        raise ValueError(f'cannot add x of width {x.shape[1]} to a branch of width {M} without Ws')\n"
         "    z1 = np.dot(x, W1) + b1\n"
         "    h = np.where(z1 > 0, z1, 0.0)\n"
         "    p = np.dot(h, W2) + b2 + (x if Ws is None else np.dot(x, Ws))\n"
         "    return np.where(p > 0, p, 0.0), {'x': x, 'W1': W1, 'W2': W2, 'Ws': Ws, 'z1': z1, 'h': h, 'p': p}\n"),
    ],
    "residual_block_backward": [
        ("loops over samples, recomputes from a minimal cache",
         "def residual_block_backward(dout, cache):\n"
         "    x, W1, W2, Ws, z1, h, pre = cache\n"
         "    N = x.shape[0]\n"
         "    dx = np.zeros(x.shape); dW1 = np.zeros(W1.shape); db1 = np.zeros(W1.shape[1])\n"
         "    dW2 = np.zeros(W2.shape); db2 = np.zeros(W2.shape[1])\n"
         "    dWs = None if Ws is None else np.zeros(Ws.shape)\n"
         "    for n in range(N):\n"
         "        d = dout[n] * (pre[n] > 0)\n"
         "        dW2 += np.outer(h[n], d); db2 += d\n"
         "        dz = (W2 @ d) * (z1[n] > 0)\n"
         "        dW1 += np.outer(x[n], dz); db1 += dz\n"
         "        dx[n] = W1 @ dz + (d if Ws is None else Ws @ d)\n"
         "        if Ws is not None:\n"
         "            dWs += np.outer(x[n], d)\n"
         "    return dx, dW1, db1, dW2, db2, dWs\n"),
    ],
    "global_average_pool": [
        ("sum over H then W, divided by H * W",
         "def global_average_pool(x):\n    H, W = x.shape[1], x.shape[2]\n"
         "    return (x.sum(axis=1).sum(axis=1) / (H * W)).astype(x.dtype)\n"),
        ("np.mean with a tuple of axes, dtype kept", "def global_average_pool(x):\n    return np.mean(x, axis=(1, 2), dtype=x.dtype)\n"),
    ],
    "class_activation_map": [
        ("loop over images with tensordot",
         "def class_activation_map(features, weights, class_index):\n"
         "    N = features.shape[0]\n"
         "    classes = np.full(N, class_index) if np.ndim(class_index) == 0 else np.asarray(class_index)\n"
         "    return np.stack([np.tensordot(features[n], weights[:, classes[n]], axes=([2], [0])) for n in range(N)])\n"),
        ("all class maps, then pick",
         "def class_activation_map(features, weights, class_index):\n"
         "    maps = features @ weights\n"
         "    N = features.shape[0]\n"
         "    c = np.broadcast_to(np.asarray(class_index), (N,))\n"
         "    return maps[np.arange(N), :, :, c]\n"),
    ],
}

# The round trip's stub/wrong/deleted functions: residual_block_backward depends on the forward, so use others.
ROUND_TRIP = {"stub": "class_activation_map", "wrong": "global_average_pool", "delete": "receptive_field"}
