"""Wrong (MUTANTS) and correct-but-different (ALTERNATIVES) implementations of week 6's graded functions.

Each source defines the function under its graded name and may use what the notebook's setup cell imported
(np, tf, keras, ...) and the notebook's other graded functions (zero_pad, conv_output_size, ...). Every mutant
must make its test cell fail (visible check or hidden tests); every alternative must pass it.
"""

_SWV = "np.lib.stride_tricks.sliding_window_view"


def _bwd(*, db="dout.sum(axis=(0, 1, 2))", dW="np.tensordot(xp[:, rows, cols, :], dout, axes=([0, 1, 2], [0, 1, 2]))",
         dx_update="dxp[:, rows, cols, :] += dout @ W[u, v].T", crop="dxp[:, pad:pad + H, pad:pad + Wd, :]",
         rows="slice(u, u + stride * (Ho - 1) + 1, stride)", cols="slice(v, v + stride * (Wo - 1) + 1, stride)",
         after=""):
    """A loop over kernel offsets (the reference's shape) with one piece swapped."""
    return ("def conv2d_backward(dout, x, W, b, stride=1, pad=0):\n"
            "    KH, KW, _, _ = W.shape\n"
            "    _, Ho, Wo, _ = dout.shape\n"
            "    H, Wd = x.shape[1], x.shape[2]\n"
            "    xp = zero_pad(x, pad)\n"
            "    dxp = np.zeros(xp.shape)\n"
            "    dW = np.zeros(W.shape)\n"
            "    for u in range(KH):\n"
            "        for v in range(KW):\n"
            f"            rows = {rows}\n"
            f"            cols = {cols}\n"
            f"            dW[u, v] = {dW}\n"
            f"            {dx_update}\n"
            f"{after}"
            f"    return {crop}, dW, {db}\n")


CONV2D_BACKWARD_MUTANTS = [
    ("db summed over the first image only (not over N)", _bwd(db="dout[0].sum(axis=(0, 1))")),
    ("db averaged instead of summed", _bwd(db="dout.mean(axis=(0, 1, 2))")),
    ("dW with the kernel flipped (a convolution instead of a correlation)",
     _bwd(after="    dW = dW[::-1, ::-1]\n")),
    ("dW averaged over the batch", _bwd(after="    dW = dW / x.shape[0]\n")),
    ("stride ignored (windows read as if stride were 1)",
     _bwd(rows="slice(u, u + Ho)", cols="slice(v, v + Wo)")),
    ("padding not cropped from dx (returns the padded input's gradient)", _bwd(crop="dxp")),
    ("padding cropped on one side only", _bwd(crop="dxp[:, :H, :Wd, :]")),
    ("dx through the flipped kernel", _bwd(dx_update="dxp[:, rows, cols, :] += dout @ W[KH - 1 - u, KW - 1 - v].T")),
    ("dx not accumulated across overlapping windows (= instead of +=, one window at a time)",
     "def conv2d_backward(dout, x, W, b, stride=1, pad=0):\n"
     "    KH, KW, _, _ = W.shape\n"
     "    N, Ho, Wo, F = dout.shape\n"
     "    H, Wd = x.shape[1], x.shape[2]\n"
     "    xp = zero_pad(x, pad)\n"
     "    dxp, dW = np.zeros(xp.shape), np.zeros(W.shape)\n"
     "    for i in range(Ho):\n"
     "        for j in range(Wo):\n"
     "            win = xp[:, i * stride:i * stride + KH, j * stride:j * stride + KW, :]\n"
     "            dW += np.einsum('nhwc,nf->hwcf', win, dout[:, i, j, :])\n"
     "            dxp[:, i * stride:i * stride + KH, j * stride:j * stride + KW, :] = "
     "np.einsum('hwcf,nf->nhwc', W, dout[:, i, j, :])\n"
     "    return dxp[:, pad:pad + H, pad:pad + Wd, :], dW, dout.sum(axis=(0, 1, 2))\n"),
    ("dx without the sum over filters (only the first filter)",
     _bwd(dx_update="dxp[:, rows, cols, :] += dout[..., :1] @ W[u, v, :, :1].T")),
    ("right result, but clears the caller's x afterwards (x.fill(0), to save memory)",
     _bwd(after="    x.fill(0)\n")),
]

CONV2D_BACKWARD_ALTERNATIVES = [
    ("loops over images, output positions and filters (float32 kept)",
     "def conv2d_backward(dout, x, W, b, stride=1, pad=0):\n"
     "    KH, KW, C, F = W.shape\n"
     "    N, Ho, Wo, _ = dout.shape\n"
     "    H, Wd = x.shape[1], x.shape[2]\n"
     "    xp = zero_pad(x, pad)\n"
     "    dxp = np.zeros(xp.shape, dtype=np.result_type(x, W, dout))\n"
     "    dW = np.zeros(W.shape, dtype=np.result_type(x, W, dout))\n"
     "    db = np.zeros(b.shape, dtype=np.result_type(b, dout))\n"
     "    for n in range(N):\n"
     "        for i in range(Ho):\n"
     "            for j in range(Wo):\n"
     "                r, c = i * stride, j * stride\n"
     "                for f in range(F):\n"
     "                    g = dout[n, i, j, f]\n"
     "                    dW[:, :, :, f] += g * xp[n, r:r + KH, c:c + KW, :]\n"
     "                    dxp[n, r:r + KH, c:c + KW, :] += g * W[:, :, :, f]\n"
     "                    db[f] += g\n"
     "    return dxp[:, pad:pad + H, pad:pad + Wd, :], dW, db\n"),
    ("im2col: one matrix product for dW, one for the columns, then col2im with np.add.at",
     "def conv2d_backward(dout, x, W, b, stride=1, pad=0):\n"
     "    KH, KW, C, F = W.shape\n"
     "    N, Ho, Wo, _ = dout.shape\n"
     "    H, Wd = x.shape[1], x.shape[2]\n"
     "    xp = zero_pad(x, pad)\n"
     "    n, i, j, u, v, c = np.indices((N, Ho, Wo, KH, KW, C)).reshape(6, -1)\n"
     "    rows, cols = i * stride + u, j * stride + v\n"
     "    patches = xp[n, rows, cols, c].reshape(N * Ho * Wo, KH * KW * C)\n"
     "    d = dout.reshape(N * Ho * Wo, F)\n"
     "    dW = (patches.T @ d).reshape(W.shape)\n"
     "    dcols = d @ W.reshape(KH * KW * C, F).T\n"
     "    dxp = np.zeros(xp.shape)\n"
     "    np.add.at(dxp, (n, rows, cols, c), dcols.ravel())\n"
     "    return dxp[:, pad:pad + H, pad:pad + Wd, :], dW, d.sum(axis=0)\n"),
    ("einsum over sliding windows for dW, and dx as a full convolution of the dilated dout with the flipped kernel",
     "def conv2d_backward(dout, x, W, b, stride=1, pad=0):\n"
     "    KH, KW, C, F = W.shape\n"
     "    N, Ho, Wo, _ = dout.shape\n"
     "    H, Wd = x.shape[1], x.shape[2]\n"
     "    xp = zero_pad(x, pad)\n"
     f"    win = {_SWV}(xp, (KH, KW), axis=(1, 2))[:, ::stride, ::stride][:, :Ho, :Wo]\n"
     "    dW = np.einsum('nijcuv,nijf->uvcf', win, dout)\n"
     "    dilated = np.zeros((N, (Ho - 1) * stride + 1, (Wo - 1) * stride + 1, F))\n"
     "    dilated[:, ::stride, ::stride, :] = dout\n"
     "    full = np.pad(dilated, ((0, 0), (KH - 1, KH - 1), (KW - 1, KW - 1), (0, 0)))\n"
     "    flipped = W[::-1, ::-1].transpose(0, 1, 3, 2)                 # (KH, KW, F, C)\n"
     f"    fwin = {_SWV}(full, (KH, KW), axis=(1, 2))                     # (N, h, w, F, KH, KW)\n"
     "    part = np.einsum('nhwfuv,uvfc->nhwc', fwin, flipped)\n"
     "    dxp = np.zeros(xp.shape)\n"
     "    dxp[:, :part.shape[1], :part.shape[2], :] = part\n"
     "    return dxp[:, pad:pad + H, pad:pad + Wd, :], dW, dout.sum(axis=(0, 1, 2))\n"),
    ("tf.GradientTape through tf.nn.conv2d",
     "def conv2d_backward(dout, x, W, b, stride=1, pad=0):\n"
     "    xv, Wv, bv = tf.Variable(x), tf.Variable(W), tf.Variable(b)\n"
     "    with tf.GradientTape() as tape:\n"
     "        out = tf.nn.conv2d(xv, Wv, strides=stride, padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]]) + bv\n"
     "        loss = tf.reduce_sum(out * tf.constant(dout, out.dtype))\n"
     "    return tuple(g.numpy() for g in tape.gradient(loss, [xv, Wv, bv]))\n"),
]


MUTANTS = {
    "conv_output_size": [
        ("no + 1",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return (n + 2 * padding - kernel) // stride\n"),
        ("padding ignored",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return (n - kernel) // stride + 1\n"),
        ("padding on one side only",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return (n + padding - kernel) // stride + 1\n"),
        ("rounds up instead of down",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return -(-(n + 2 * padding - kernel) // stride) + 1\n"),
        ("returns a float (true division)",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return np.floor((n + 2 * padding - kernel) / stride) + 1\n"),
        ("rounds to the nearest integer instead of down",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return round((n + 2 * padding - kernel) / stride) + 1\n"),
        ("returns a 0-d array, not an int",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return np.array((n + 2 * padding - kernel) // stride + 1)\n"),
    ],
    "zero_pad": [
        ("pads every axis, batch and channels too",
         "def zero_pad(x, pad):\n"
         "    return np.pad(x, pad)\n"),
        ("pads the channel axis instead of the width",
         "def zero_pad(x, pad):\n"
         "    return np.pad(x, ((0, 0), (pad, pad), (0, 0), (pad, pad)))\n"),
        ("pads only after (bottom and right)",
         "def zero_pad(x, pad):\n"
         "    return np.pad(x, ((0, 0), (0, 2 * pad), (0, 2 * pad), (0, 0)))\n"),
        ("pads with ones",
         "def zero_pad(x, pad):\n"
         "    return np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)), constant_values=1)\n"),
        ("returns float64 whatever the input",
         "def zero_pad(x, pad):\n"
         "    N, H, W, C = x.shape\n"
         "    out = np.zeros((N, H + 2 * pad, W + 2 * pad, C))\n"
         "    out[:, pad:pad + H, pad:pad + W, :] = x\n"
         "    return out\n"),
        ("right result, but clears the caller's x afterwards (x.fill(0), to save memory)",
         "def zero_pad(x, pad):\n"
         "    out = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))\n"
         "    x.fill(0)\n"
         "    return out\n"),
    ],
    "conv2d_naive": [
        ("flips the kernel (true convolution)",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho, Wo = (H + 2 * pad - KH) // stride + 1, (Wd + 2 * pad - KW) // stride + 1\n"
         "    xp = zero_pad(x, pad)\n"
         "    Wf = W[::-1, ::-1]\n"
         "    out = np.zeros((N, Ho, Wo, F))\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                win = xp[n, i * stride:i * stride + KH, j * stride:j * stride + KW, :]\n"
         "                for f in range(F):\n"
         "                    out[n, i, j, f] = np.sum(win * Wf[..., f]) + b[f]\n"
         "    return out\n"),
        ("stride ignored",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho, Wo = H + 2 * pad - KH + 1, Wd + 2 * pad - KW + 1\n"
         "    xp = zero_pad(x, pad)\n"
         "    out = np.zeros((N, Ho, Wo, F))\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                win = xp[n, i:i + KH, j:j + KW, :]\n"
         "                for f in range(F):\n"
         "                    out[n, i, j, f] = np.sum(win * W[..., f]) + b[f]\n"
         "    return out\n"),
        ("bias missing",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho, Wo = (H + 2 * pad - KH) // stride + 1, (Wd + 2 * pad - KW) // stride + 1\n"
         "    xp = zero_pad(x, pad)\n"
         "    out = np.zeros((N, Ho, Wo, F))\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                win = xp[n, i * stride:i * stride + KH, j * stride:j * stride + KW, :]\n"
         "                for f in range(F):\n"
         "                    out[n, i, j, f] = np.sum(win * W[..., f])\n"
         "    return out\n"),
        ("window moves by 1 although the output has the strided size",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho, Wo = (H + 2 * pad - KH) // stride + 1, (Wd + 2 * pad - KW) // stride + 1\n"
         "    xp = zero_pad(x, pad)\n"
         "    out = np.zeros((N, Ho, Wo, F))\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                win = xp[n, i:i + KH, j:j + KW, :]\n"
         "                for f in range(F):\n"
         "                    out[n, i, j, f] = np.sum(win * W[..., f]) + b[f]\n"
         "    return out\n"),
        ("only the first input channel",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho, Wo = (H + 2 * pad - KH) // stride + 1, (Wd + 2 * pad - KW) // stride + 1\n"
         "    xp = zero_pad(x, pad)\n"
         "    out = np.zeros((N, Ho, Wo, F))\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                win = xp[n, i * stride:i * stride + KH, j * stride:j * stride + KW, 0]\n"
         "                for f in range(F):\n"
         "                    out[n, i, j, f] = np.sum(win * W[:, :, 0, f]) + b[f]\n"
         "    return out\n"),
        ("padding ignored",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho, Wo = (H - KH) // stride + 1, (Wd - KW) // stride + 1\n"
         "    out = np.zeros((N, Ho, Wo, F))\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                win = x[n, i * stride:i * stride + KH, j * stride:j * stride + KW, :]\n"
         "                for f in range(F):\n"
         "                    out[n, i, j, f] = np.sum(win * W[..., f]) + b[f]\n"
         "    return out\n"),
        ("accumulates into b (acc = b is an alias, not a copy)",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, C, F = W.shape\n"
         "    xp = zero_pad(x, pad)\n"
         "    Ho, Wo = (xp.shape[1] - KH) // stride + 1, (xp.shape[2] - KW) // stride + 1\n"
         "    out = np.zeros((x.shape[0], Ho, Wo, F))\n"
         "    for n in range(x.shape[0]):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                acc = b\n"
         "                acc += np.tensordot(xp[n, i * stride:i * stride + KH, j * stride:j * stride + KW, :], W, axes=3)\n"
         "                out[n, i, j, :] = acc\n"
         "    return out\n"),
        ("output size: padding added after striding (Ho = (H - KH) // stride + 1 + 2 * pad // stride)",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho, Wo = (H - KH) // stride + 1 + 2 * pad // stride, (Wd - KW) // stride + 1 + 2 * pad // stride\n"
         "    xp = zero_pad(x, pad)\n"
         "    out = np.zeros((N, Ho, Wo, F))\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                win = xp[n, i * stride:i * stride + KH, j * stride:j * stride + KW, :]\n"
         "                for f in range(F):\n"
         "                    out[n, i, j, f] = np.sum(win * W[..., f]) + b[f]\n"
         "    return out\n"),
        ("squeezes the result (a single image loses its batch axis)",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, C, F = W.shape\n"
         "    xp = zero_pad(x, pad)\n"
         "    Ho, Wo = (xp.shape[1] - KH) // stride + 1, (xp.shape[2] - KW) // stride + 1\n"
         "    out = np.zeros((x.shape[0], Ho, Wo, F))\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            out[:, i, j, :] = np.tensordot(xp[:, i * stride:i * stride + KH, j * stride:j * stride + KW, :],\n"
         "                                           W, axes=3) + b\n"
         "    return out.squeeze()\n"),
    ],
    "conv2d": [
        ("flips the kernel (true convolution)",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, _, _ = W.shape\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KH, KW), axis=(1, 2))[:, ::stride, ::stride]\n"
         "    return np.tensordot(win, W[::-1, ::-1], axes=([4, 5, 3], [0, 1, 2])) + b\n"),
        ("stride ignored",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, _, _ = W.shape\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KH, KW), axis=(1, 2))\n"
         "    return np.tensordot(win, W, axes=([4, 5, 3], [0, 1, 2])) + b\n"),
        ("bias missing",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, _, _ = W.shape\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KH, KW), axis=(1, 2))[:, ::stride, ::stride]\n"
         "    return np.tensordot(win, W, axes=([4, 5, 3], [0, 1, 2]))\n"),
        ("window axes contracted in the wrong order (C, KH, KW vs KH, KW, C)",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, C, F = W.shape\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KH, KW), axis=(1, 2))[:, ::stride, ::stride]\n"
         "    N, Ho, Wo = win.shape[:3]\n"
         "    cols = win.reshape(N * Ho * Wo, -1)\n"
         "    return (cols @ W.reshape(-1, F)).reshape(N, Ho, Wo, F) + b\n"),
        ("kernel transposed (rows and columns swapped)",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, _, _ = W.shape\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KW, KH), axis=(1, 2))[:, ::stride, ::stride]\n"
         "    return np.tensordot(win, W, axes=([5, 4, 3], [0, 1, 2])) + b\n"),
        ("right result, but W.shape = ... reshapes the caller's filters in place",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, C, F = W.shape\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KH, KW), axis=(1, 2))[:, ::stride, ::stride]\n"
         "    N, Ho, Wo = win.shape[:3]\n"
         "    cols = win.transpose(0, 1, 2, 4, 5, 3).reshape(N * Ho * Wo, KH * KW * C)\n"
         "    W.shape = (KH * KW * C, F)\n"
         "    return (cols @ W + b).reshape(N, Ho, Wo, F)\n"),
        ("stride applied to the unpadded image, then padded",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, _, _ = W.shape\n"
         "    Ho = (x.shape[1] + 2 * pad - KH) // stride + 1\n"
         "    Wo = (x.shape[2] + 2 * pad - KW) // stride + 1\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KH, KW), axis=(1, 2))[:, pad * (stride - 1)::stride, pad * (stride - 1)::stride]\n"
         "    return np.tensordot(win[:, :Ho, :Wo], W, axes=([4, 5, 3], [0, 1, 2])) + b\n"),
    ],
    "max_pool": [
        ("takes the mean instead of the max",
         "def max_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2))[:, ::stride, ::stride].mean(axis=(-2, -1))\n"),
        ("stride ignored (every window)",
         "def max_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2)).max(axis=(-2, -1))\n"),
        ("running maximum starts at 0",
         "def max_pool(x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1\n"
         "    out = np.zeros((N, Ho, Wo, C))\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            for u in range(size):\n"
         "                for v in range(size):\n"
         "                    out[:, i, j, :] = np.maximum(out[:, i, j, :], x[:, i * stride + u, j * stride + v, :])\n"
         "    return out\n"),
        ("size fixed at 2",
         "def max_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (2, 2), axis=(1, 2))[:, ::stride, ::stride].max(axis=(-2, -1))\n"),
        ("max over the channels too",
         "def max_pool(x, size=2, stride=2):\n"
         f"    m = {_SWV}(x, (size, size), axis=(1, 2))[:, ::stride, ::stride].max(axis=(-3, -2, -1))\n"
         "    return np.repeat(m[..., None], x.shape[-1], axis=-1)\n"),
        ("uses size as the stride",
         "def max_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2))[:, ::size, ::size].max(axis=(-2, -1))\n"),
        ("sorts each window of x in place (ndarray.sort) and takes its last value",
         "def max_pool(x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1\n"
         "    out = np.empty((N, Ho, Wo, C))\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            win = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            win.sort(axis=1)\n"
         "            win.sort(axis=2)\n"
         "            out[:, i, j, :] = win[:, -1, -1, :]\n"
         "    return out\n"),
    ],
    "avg_pool": [
        ("divides by size instead of size**2",
         "def avg_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2))[:, ::stride, ::stride].sum(axis=(-2, -1)) / size\n"),
        ("always divides by 4",
         "def avg_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2))[:, ::stride, ::stride].sum(axis=(-2, -1)) / 4\n"),
        ("stride ignored (every window)",
         "def avg_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2)).mean(axis=(-2, -1))\n"),
        ("takes the max instead of the mean",
         "def avg_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2))[:, ::stride, ::stride].max(axis=(-2, -1))\n"),
        ("rows and columns swapped",
         "def avg_pool(x, size=2, stride=2):\n"
         "    xt = x.transpose(0, 2, 1, 3)\n"
         f"    return {_SWV}(xt, (size, size), axis=(1, 2))[:, ::stride, ::stride].mean(axis=(-2, -1))\n"),
        ("uses size as the stride",
         "def avg_pool(x, size=2, stride=2):\n"
         f"    return {_SWV}(x, (size, size), axis=(1, 2))[:, ::size, ::size].mean(axis=(-2, -1))\n"),
        ("divides the window of x in place (win /= size**2) before summing",
         "def avg_pool(x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1\n"
         "    out = np.empty((N, Ho, Wo, C))\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            win = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            win /= size ** 2\n"
         "            out[:, i, j, :] = win.sum(axis=(1, 2))\n"
         "    return out\n"),
    ],
    "max_pool_backward": [
        ("routes the gradient to every element of the window",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    for i in range(dout.shape[1]):\n"
         "        for j in range(dout.shape[2]):\n"
         "            dx[:, i * stride:i * stride + size, j * stride:j * stride + size, :] += dout[:, i:i + 1, j:j + 1, :]\n"
         "    return dx\n"),
        ("routes the gradient to the first (top-left) element only",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    for i in range(dout.shape[1]):\n"
         "        for j in range(dout.shape[2]):\n"
         "            dx[:, i * stride, j * stride, :] += dout[:, i, j, :]\n"
         "    return dx\n"),
        ("overwrites instead of adding where windows overlap",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    for i in range(dout.shape[1]):\n"
         "        for j in range(dout.shape[2]):\n"
         "            win = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            mask = win == win.max(axis=(1, 2), keepdims=True)\n"
         "            region = dx[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            region[mask] = (mask * dout[:, i:i + 1, j:j + 1, :])[mask]\n"
         "    return dx\n"),
        ("average-pool gradient (dout / size**2 everywhere)",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    for i in range(dout.shape[1]):\n"
         "        for j in range(dout.shape[2]):\n"
         "            dx[:, i * stride:i * stride + size, j * stride:j * stride + size, :] += "
         "dout[:, i:i + 1, j:j + 1, :] / size ** 2\n"
         "    return dx\n"),
        ("maximum taken over the whole image instead of the window",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    top = x.max(axis=(1, 2), keepdims=True)\n"
         "    for i in range(dout.shape[1]):\n"
         "        for j in range(dout.shape[2]):\n"
         "            win = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            dx[:, i * stride:i * stride + size, j * stride:j * stride + size, :] += "
         "(win == top) * dout[:, i:i + 1, j:j + 1, :]\n"
         "    return dx\n"),
        ("ties: the gradient goes to the LAST tied maximum (>= in a running comparison)",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    dx = np.zeros(x.shape)\n"
         "    for n in range(N):\n"
         "        for c in range(C):\n"
         "            for i in range(dout.shape[1]):\n"
         "                for j in range(dout.shape[2]):\n"
         "                    best, at = -np.inf, None\n"
         "                    for u in range(size):\n"
         "                        for v in range(size):\n"
         "                            if x[n, i * stride + u, j * stride + v, c] >= best:\n"
         "                                best, at = x[n, i * stride + u, j * stride + v, c], (u, v)\n"
         "                    dx[n, i * stride + at[0], j * stride + at[1], c] += dout[n, i, j, c]\n"
         "    return dx\n"),
        ("ties: dout split equally between the tied maxima",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    for i in range(dout.shape[1]):\n"
         "        for j in range(dout.shape[2]):\n"
         "            win = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            mask = win == win.max(axis=(1, 2), keepdims=True)\n"
         "            share = mask / mask.sum(axis=(1, 2), keepdims=True)\n"
         "            dx[:, i * stride:i * stride + size, j * stride:j * stride + size, :] += share * dout[:, i:i + 1, j:j + 1, :]\n"
         "    return dx\n"),
        ("right result, but marks each routed maximum in x with -inf",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    for n in range(x.shape[0]):\n"
         "        for c in range(x.shape[3]):\n"
         "            for i in range(dout.shape[1]):\n"
         "                for j in range(dout.shape[2]):\n"
         "                    win = x[n, i * stride:i * stride + size, j * stride:j * stride + size, c]\n"
         "                    u, v = np.unravel_index(np.argmax(win), win.shape)\n"
         "                    dx[n, i * stride + u, j * stride + v, c] += dout[n, i, j, c]\n"
         "                    win[u, v] = -np.inf\n"
         "    return dx\n"),
        ("right result, but dout.shape = ... reshapes the caller's dout in place",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    dx = np.zeros(x.shape)\n"
         "    N, Ho, Wo, C = dout.shape\n"
         "    dout.shape = (N, Ho, Wo, 1, 1, C)\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            win = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            mask = win == win.max(axis=(1, 2), keepdims=True)\n"
         "            dx[:, i * stride:i * stride + size, j * stride:j * stride + size, :] += mask * dout[:, i, j]\n"
         "    return dx\n"),
    ],
    "conv2d_backward": CONV2D_BACKWARD_MUTANTS,
    "build_cnn": [
        ("dense only, no Conv2D",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(32, activation='relu'),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
         "    return model\n"),
        ("output units fixed at 10",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(10, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
         "    return model\n"),
        ("not compiled",
         "def build_cnn(input_shape, n_classes):\n"
         "    return keras.Sequential([keras.Input(shape=input_shape),\n"
         "                             keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                             keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                             keras.layers.Dense(n_classes, activation='softmax')])\n"),
        ("no pooling and a big Dense layer: more parameters than the MLP",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(32, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.Flatten(), keras.layers.Dense(128, activation='relu'),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
         "    return model\n"),
        ("mean squared error loss",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='mse', metrics=['accuracy'])\n"
         "    return model\n"),
        ("no output activation (logits, but the loss expects probabilities)",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes)])\n"
         "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
         "    return model\n"),
        ("cannot learn: learning rate 1e-6",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer=keras.optimizers.Adam(1e-6), loss='sparse_categorical_crossentropy',\n"
         "                  metrics=['accuracy'])\n"
         "    return model\n"),
        ("compiled without metrics",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
         "    return model\n"),
        ("metric mean squared error instead of accuracy",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['mse'])\n"
         "    return model\n"),
        ("SGD instead of Adam",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer=keras.optimizers.SGD(0.1), loss='sparse_categorical_crossentropy',\n"
         "                  metrics=['accuracy'])\n"
         "    return model\n"),
        ("Adamax instead of Adam",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adamax', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
         "    return model\n"),
        ("categorical cross-entropy (one-hot labels) instead of sparse",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])\n"
         "    return model\n"),
        ("from_logits=True on softmax probabilities",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),\n"
         "                  metrics=['accuracy'])\n"
         "    return model\n"),
    ],
}

ALTERNATIVES = {
    "conv_output_size": [
        ("math.floor of a true division, cast to int",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    import math\n"
         "    return int(math.floor((n + 2 * padding - kernel) / stride)) + 1\n"),
        ("counting window positions",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return len(range(0, n + 2 * padding - kernel + 1, stride))\n"),
        ("np.floor_divide (a NumPy integer)",
         "def conv_output_size(n, kernel, padding, stride):\n"
         "    return np.floor_divide(n + 2 * padding - kernel, stride) + 1\n"),
    ],
    "zero_pad": [
        ("np.zeros with the input's dtype, then a slice assignment",
         "def zero_pad(x, pad):\n"
         "    N, H, W, C = x.shape\n"
         "    out = np.zeros((N, H + 2 * pad, W + 2 * pad, C), dtype=x.dtype)\n"
         "    out[:, pad:pad + H, pad:pad + W, :] = x\n"
         "    return out\n"),
        ("tf.pad, back to NumPy",
         "def zero_pad(x, pad):\n"
         "    return tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]).numpy()\n"),
    ],
    "conv2d_naive": [
        ("seven nested loops, float32 output for float32 input",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    N, H, Wd, C = x.shape\n"
         "    KH, KW, _, F = W.shape\n"
         "    Ho = conv_output_size(H, KH, pad, stride)\n"
         "    Wo = conv_output_size(Wd, KW, pad, stride)\n"
         "    xp = zero_pad(x, pad)\n"
         "    out = np.zeros((N, Ho, Wo, F), dtype=x.dtype)\n"
         "    for n in range(N):\n"
         "        for i in range(Ho):\n"
         "            for j in range(Wo):\n"
         "                for f in range(F):\n"
         "                    total = b[f]\n"
         "                    for u in range(KH):\n"
         "                        for v in range(KW):\n"
         "                            for c in range(C):\n"
         "                                total += xp[n, i * stride + u, j * stride + v, c] * W[u, v, c, f]\n"
         "                    out[n, i, j, f] = total\n"
         "    return out\n"),
        ("loops over positions, tensordot over the window",
         "def conv2d_naive(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, C, F = W.shape\n"
         "    xp = zero_pad(x, pad)\n"
         "    Ho = (xp.shape[1] - KH) // stride + 1\n"
         "    Wo = (xp.shape[2] - KW) // stride + 1\n"
         "    out = np.empty((x.shape[0], Ho, Wo, F))\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            win = xp[:, i * stride:i * stride + KH, j * stride:j * stride + KW, :]\n"
         "            out[:, i, j, :] = np.tensordot(win, W, axes=3) + b\n"
         "    return out\n"),
    ],
    "conv2d": [
        ("im2col with a loop over kernel offsets and one matrix product",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, C, F = W.shape\n"
         "    xp = zero_pad(x, pad)\n"
         "    N = x.shape[0]\n"
         "    Ho = (xp.shape[1] - KH) // stride + 1\n"
         "    Wo = (xp.shape[2] - KW) // stride + 1\n"
         "    cols = np.empty((N, Ho, Wo, KH, KW, C), dtype=np.result_type(x, W))\n"
         "    for u in range(KH):\n"
         "        for v in range(KW):\n"
         "            cols[:, :, :, u, v, :] = xp[:, u:u + stride * Ho:stride, v:v + stride * Wo:stride, :]\n"
         "    out = cols.reshape(N * Ho * Wo, KH * KW * C) @ W.reshape(KH * KW * C, F) + b\n"
         "    return out.reshape(N, Ho, Wo, F)\n"),
        ("einsum over sliding windows",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    KH, KW, _, _ = W.shape\n"
         f"    win = {_SWV}(zero_pad(x, pad), (KH, KW), axis=(1, 2))[:, ::stride, ::stride]\n"
         "    return np.einsum('nhwcij,ijcf->nhwf', win, W, optimize=True) + b\n"),
        ("tf.nn.conv2d itself",
         "def conv2d(x, W, b, stride=1, pad=0):\n"
         "    return tf.nn.conv2d(x, W, strides=stride, padding=[[0, 0], [pad, pad], [pad, pad], [0, 0]]).numpy() + b\n"),
    ],
    "max_pool": [
        ("loops over output positions",
         "def max_pool(x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1\n"
         "    out = np.empty((N, Ho, Wo, C), dtype=x.dtype)\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            out[:, i, j, :] = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :].max(axis=(1, 2))\n"
         "    return out\n"),
        ("tf.nn.max_pool2d",
         "def max_pool(x, size=2, stride=2):\n"
         "    return tf.nn.max_pool2d(x, ksize=size, strides=stride, padding='VALID').numpy()\n"),
    ],
    "avg_pool": [
        ("loops over output positions, float32 accumulation for float32 input",
         "def avg_pool(x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    Ho, Wo = (H - size) // stride + 1, (W - size) // stride + 1\n"
         "    out = np.empty((N, Ho, Wo, C), dtype=x.dtype)\n"
         "    for i in range(Ho):\n"
         "        for j in range(Wo):\n"
         "            win = x[:, i * stride:i * stride + size, j * stride:j * stride + size, :]\n"
         "            out[:, i, j, :] = win.sum(axis=(1, 2)) / (size * size)\n"
         "    return out\n"),
        ("a convolution with a constant 1/size**2 kernel per channel",
         "def avg_pool(x, size=2, stride=2):\n"
         "    C = x.shape[-1]\n"
         "    W = np.zeros((size, size, C, C))\n"
         "    for c in range(C):\n"
         "        W[:, :, c, c] = 1.0 / size ** 2\n"
         "    return conv2d(x, W, np.zeros(C), stride=stride)\n"),
    ],
    "max_pool_backward": [
        ("argmax per window with np.unravel_index, float32 kept",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    dx = np.zeros_like(x, dtype=np.result_type(x, dout))\n"
         "    for n in range(N):\n"
         "        for c in range(C):\n"
         "            for i in range(dout.shape[1]):\n"
         "                for j in range(dout.shape[2]):\n"
         "                    win = x[n, i * stride:i * stride + size, j * stride:j * stride + size, c]\n"
         "                    u, v = np.unravel_index(np.argmax(win), win.shape)\n"
         "                    dx[n, i * stride + u, j * stride + v, c] += dout[n, i, j, c]\n"
         "    return dx\n"),
        ("tf.GradientTape through tf.nn.max_pool2d",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    xv = tf.Variable(tf.constant(x, tf.float64))\n"
         "    with tf.GradientTape() as tape:\n"
         "        y = tf.nn.max_pool2d(xv, ksize=size, strides=stride, padding='VALID')\n"
         "        loss = tf.reduce_sum(y * tf.constant(dout, tf.float64))\n"
         "    return tape.gradient(loss, xv).numpy()\n"),
        ("vectorised: first maximum of each window (np.argmax) and np.add.at",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    N, Ho, Wo, C = dout.shape\n"
         f"    win = {_SWV}(x, (size, size), axis=(1, 2))[:, ::stride, ::stride][:, :Ho, :Wo]\n"
         "    first = win.reshape(N, Ho, Wo, C, size * size).argmax(axis=-1)\n"
         "    n, i, j, c = np.indices((N, Ho, Wo, C))\n"
         "    rows, cols = i * stride + first // size, j * stride + first % size\n"
         "    dx = np.zeros(x.shape, dtype=np.result_type(x, dout))\n"
         "    np.add.at(dx, (n, rows, cols, c), dout)\n"
         "    return dx\n"),
        ("running maximum with a strict > (the first tied maximum)",
         "def max_pool_backward(dout, x, size=2, stride=2):\n"
         "    N, H, W, C = x.shape\n"
         "    dx = np.zeros(x.shape)\n"
         "    for n in range(N):\n"
         "        for c in range(C):\n"
         "            for i in range(dout.shape[1]):\n"
         "                for j in range(dout.shape[2]):\n"
         "                    best, at = -np.inf, None\n"
         "                    for u in range(size):\n"
         "                        for v in range(size):\n"
         "                            if x[n, i * stride + u, j * stride + v, c] > best:\n"
         "                                best, at = x[n, i * stride + u, j * stride + v, c], (u, v)\n"
         "                    dx[n, i * stride + at[0], j * stride + at[1], c] += dout[n, i, j, c]\n"
         "    return dx\n"),
    ],
    "conv2d_backward": CONV2D_BACKWARD_ALTERNATIVES,
    "build_cnn": [
        ("functional API, one conv block and global average pooling",
         "def build_cnn(input_shape, n_classes):\n"
         "    inputs = keras.Input(shape=input_shape)\n"
         "    h = keras.layers.Conv2D(32, 3, padding='same', activation='relu')(inputs)\n"
         "    h = keras.layers.MaxPooling2D(2)(h)\n"
         "    h = keras.layers.Conv2D(32, 3, padding='same', activation='relu')(h)\n"
         "    h = keras.layers.Flatten()(keras.layers.MaxPooling2D(2)(h))\n"
         "    outputs = keras.layers.Dense(n_classes, activation='softmax')(h)\n"
         "    model = keras.Model(inputs, outputs)\n"
         "    model.compile(optimizer=keras.optimizers.Adam(), loss=keras.losses.SparseCategoricalCrossentropy(),\n"
         "                  metrics=['accuracy'])\n"
         "    return model\n"),
        ("one Conv2D with 'valid' padding, pooling, a small Dense layer",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(32, activation='relu'),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])\n"
         "    return model\n"),
        ("loss and metric as a function and objects: sparse_categorical_crossentropy, SparseCategoricalAccuracy",
         "def build_cnn(input_shape, n_classes):\n"
         "    model = keras.Sequential([keras.Input(shape=input_shape),\n"
         "                              keras.layers.Conv2D(16, 3, padding='same', activation='relu'),\n"
         "                              keras.layers.MaxPooling2D(2), keras.layers.Flatten(),\n"
         "                              keras.layers.Dense(n_classes, activation='softmax')])\n"
         "    model.compile(optimizer=keras.optimizers.Adam(learning_rate=2e-3),\n"
         "                  loss=keras.losses.sparse_categorical_crossentropy,\n"
         "                  metrics=[keras.metrics.SparseCategoricalAccuracy(), 'sparse_categorical_crossentropy'])\n"
         "    return model\n"),
    ],
}
