"""Wrong (MUTANTS) and correct-but-different (ALTERNATIVES) implementations of week 4's graded functions.

Each source defines the function under its graded name and may use what the notebook's setup cell imported
(np, ...) and the notebook's other graded functions (dense_forward, relu_backward, ...). The backward
variants read the reference caches: dense (x, W), ReLU x, sigmoid its output s. Every mutant must make its
test cell fail (visible check or hidden tests); every alternative must pass it.
"""

MUTANTS = {
    "numerical_gradient": [
        ("forward difference (f(x+h) - f(x)) / h",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    fx = f(x)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        x[idx] = old + h\n"
         "        grad[idx] = (f(x) - fx) / h\n"
         "        x[idx] = old\n"
         "    return grad\n"),
        ("x not restored after probing",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        x[idx] = old + h\n"
         "        f_plus = f(x)\n"
         "        x[idx] = old - h\n"
         "        grad[idx] = (f_plus - f(x)) / (2 * h)\n"
         "    return grad\n"),
        ("divides by h instead of 2h",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        x[idx] = old + h\n"
         "        f_plus = f(x)\n"
         "        x[idx] = old - h\n"
         "        f_minus = f(x)\n"
         "        x[idx] = old\n"
         "        grad[idx] = (f_plus - f_minus) / h\n"
         "    return grad\n"),
        ("loops over the first axis only (range(len(x)))",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for i in range(len(x)):\n"
         "        old = x[i].copy()\n"
         "        x[i] = old + h\n"
         "        f_plus = f(x)\n"
         "        x[i] = old - h\n"
         "        f_minus = f(x)\n"
         "        x[i] = old\n"
         "        grad[i] = (f_plus - f_minus) / (2 * h)\n"
         "    return grad\n"),
        ("ignores the h argument (always 1e-5)",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        x[idx] = old + 1e-5\n"
         "        f_plus = f(x)\n"
         "        x[idx] = old - 1e-5\n"
         "        f_minus = f(x)\n"
         "        x[idx] = old\n"
         "        grad[idx] = (f_plus - f_minus) / 2e-5\n"
         "    return grad\n"),
        ("five-point stencil (utils.gradcheck's formula, not the central difference)",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        vals = {}\n"
         "        for k in (-2, -1, 1, 2):\n"
         "            x[idx] = old + k * h\n"
         "            vals[k] = f(x)\n"
         "        x[idx] = old\n"
         "        grad[idx] = (-vals[2] + 8 * vals[1] - 8 * vals[-1] + vals[-2]) / (12 * h)\n"
         "    return grad\n"),
        ("one line around utils.gradcheck.numerical_gradient_array",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    from utils import gradcheck\n"
         "    return gradcheck.numerical_gradient_array(f, x, 1.0, h)\n"),
        ("half steps: (f(x + h/2) - f(x - h/2)) / h",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        x[idx] = old + h / 2\n"
         "        f_plus = f(x)\n"
         "        x[idx] = old - h / 2\n"
         "        f_minus = f(x)\n"
         "        x[idx] = old\n"
         "        grad[idx] = (f_plus - f_minus) / h\n"
         "    return grad\n"),
        ("returns a list (grad.tolist()), not an array",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        x[idx] = old + h\n"
         "        f_plus = f(x)\n"
         "        x[idx] = old - h\n"
         "        f_minus = f(x)\n"
         "        x[idx] = old\n"
         "        grad[idx] = (f_plus - f_minus) / (2 * h)\n"
         "    return grad.tolist()\n"),
        ("float32 gradient array",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape, dtype=np.float32)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        old = x[idx]\n"
         "        x[idx] = old + h\n"
         "        f_plus = f(x)\n"
         "        x[idx] = old - h\n"
         "        f_minus = f(x)\n"
         "        x[idx] = old\n"
         "        grad[idx] = (f_plus - f_minus) / (2 * h)\n"
         "    return grad\n"),
        ("f gets a flattened copy of x",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    flat = x.astype(float).ravel()\n"
         "    grad = np.zeros(flat.shape)\n"
         "    for i in range(flat.size):\n"
         "        old = flat[i]\n"
         "        flat[i] = old + h\n"
         "        f_plus = f(flat)\n"
         "        flat[i] = old - h\n"
         "        f_minus = f(flat)\n"
         "        flat[i] = old\n"
         "        grad[i] = (f_plus - f_minus) / (2 * h)\n"
         "    return grad.reshape(x.shape)\n"),
    ],
    "dense_forward": [
        ("forgot the bias",
         "def dense_forward(x, W, b):\n    return x @ W, (x, W)\n"),
        ("W.T @ x.T (transposed output)",
         "def dense_forward(x, W, b):\n    return (W.T @ x.T) + b[:, None], (x, W)\n"),
        ("returns only out, no cache",
         "def dense_forward(x, W, b):\n    return x @ W + b\n"),
        ("elementwise bias subtracted",
         "def dense_forward(x, W, b):\n    return x @ W - b, (x, W)\n"),
        ("reshapes the caller's b in place (b.shape = (1, M))",
         "def dense_forward(x, W, b):\n    b.shape = (1, -1)\n    return x @ W + b, (x, W)\n"),
    ],
    "dense_backward": [
        ("transposed dW: dout.T @ x",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return dout @ W.T, dout.T @ x, dout.sum(axis=0)\n"),
        ("transposed dW, shape-safe: (x.T @ dout).T only for square W",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    dW = x.T @ dout\n"
         "    if dW.shape[0] == dW.shape[1]:\n        dW = dW.T\n"
         "    return dout @ W.T, dW, dout.sum(axis=0)\n"),
        ("missing bias gradient (db zeros)",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return dout @ W.T, x.T @ dout, np.zeros(W.shape[1])\n"),
        ("db not summed over the batch (db = dout)",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return dout @ W.T, x.T @ dout, dout\n"),
        ("db averaged over the batch instead of summed",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return dout @ W.T, x.T @ dout, dout.mean(axis=0)\n"),
        ("dx uses W instead of W.T (only works for square W)",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    dx = dout @ W if W.shape[0] == W.shape[1] else dout @ W.T\n"
         "    return dx, x.T @ dout, dout.sum(axis=0)\n"),
        ("reuses the cached x as the buffer for dx (changes the cache)",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    dW = x.T @ dout\n"
         "    x[...] = dout @ W.T\n"
         "    return x, dW, dout.sum(axis=0)\n"),
        ("dx squeezed: (dout @ W.T).squeeze() loses the batch axis for N = 1",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return (dout @ W.T).squeeze(), x.T @ dout, dout.sum(axis=0)\n"),
        ("db squeezed: shape () instead of (1,) when M = 1",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return dout @ W.T, x.T @ dout, dout.sum(axis=0).squeeze()\n"),
    ],
    "relu_forward": [
        ("np.max(x, 0) reduces over axis 0",
         "def relu_forward(x):\n    return np.max(x, 0), x\n"),
        ("keeps the negative part",
         "def relu_forward(x):\n    return np.minimum(x, 0), x\n"),
        ("absolute value",
         "def relu_forward(x):\n    return np.abs(x), x\n"),
        ("returns only out, no cache",
         "def relu_forward(x):\n    return np.maximum(x, 0)\n"),
        ("clips x in place (x[x < 0] = 0)",
         "def relu_forward(x):\n    x[x < 0] = 0\n    return x, x\n"),
    ],
    "relu_backward": [
        ("mask from dout > 0 instead of x > 0",
         "def relu_backward(dout, cache):\n    return dout * (dout > 0)\n"),
        ("no mask: passes dout through",
         "def relu_backward(dout, cache):\n    return dout.copy()\n"),
        ("returns the mask, forgets dout",
         "def relu_backward(dout, cache):\n    return (cache > 0).astype(float)\n"),
        ("multiplies by the input: dout * relu(x)",
         "def relu_backward(dout, cache):\n    return dout * np.maximum(cache, 0)\n"),
        ("mask x >= 0: derivative 1 at x = 0",
         "def relu_backward(dout, cache):\n    return dout * (cache >= 0)\n"),
        ("zeros dout in place (dout[x <= 0] = 0)",
         "def relu_backward(dout, cache):\n    dout[cache <= 0] = 0\n    return dout\n"),
    ],
    "sigmoid_forward": [
        ("sign error: 1 / (1 + exp(x))",
         "def sigmoid_forward(x):\n    out = 1 / (1 + np.exp(x))\n    return out, out\n"),
        ("tanh instead of sigmoid",
         "def sigmoid_forward(x):\n    out = np.tanh(x)\n    return out, out\n"),
        ("1 / (1 - exp(-x))",
         "def sigmoid_forward(x):\n    out = 1 / (1 - np.exp(-x))\n    return out, out\n"),
        ("returns only out, no cache",
         "def sigmoid_forward(x):\n    return 1 / (1 + np.exp(-x))\n"),
        ("unstable 1 / (1 + exp(-x)): overflow warning for x = -1000",
         "def sigmoid_forward(x):\n    out = 1.0 / (1.0 + np.exp(-x))\n    return out, out\n"),
        ("exp(x) / (1 + exp(x)): inf / inf for x = 1000",
         "def sigmoid_forward(x):\n    e = np.exp(x)\n    out = e / (1 + e)\n    return out, out\n"),
        ("writes the result into x (in place)",
         "def sigmoid_forward(x):\n    e = np.exp(-np.abs(x))\n"
         "    x[...] = np.where(x >= 0, 1 / (1 + e), e / (1 + e))\n    return x, x\n"),
    ],
    "sigmoid_backward": [
        ("missing (1 - s): dout * s",
         "def sigmoid_backward(dout, cache):\n    s = cache\n    return dout * s\n"),
        ("treats the cached output as the input: sigmoid(s) * (1 - sigmoid(s))",
         "def sigmoid_backward(dout, cache):\n    s = 1 / (1 + np.exp(-cache))\n    return dout * s * (1 - s)\n"),
        ("forgets dout",
         "def sigmoid_backward(dout, cache):\n    s = cache\n    return s * (1 - s)\n"),
        ("s * (1 + s)",
         "def sigmoid_backward(dout, cache):\n    s = cache\n    return dout * s * (1 + s)\n"),
        ("updates the cached s in place (s *= 1 - s)",
         "def sigmoid_backward(dout, cache):\n    s = cache\n    s *= 1 - s\n    return dout * s\n"),
    ],
    "mse_loss": [
        ("missing the factor 2",
         "def mse_loss(pred, y):\n    d = pred - y\n    return np.mean(d ** 2), d / d.size\n"),
        ("divides by the batch size N, not by all entries",
         "def mse_loss(pred, y):\n    d = pred - y\n    return np.sum(d ** 2) / len(d), 2 * d / len(d)\n"),
        ("wrong sign of the gradient: 2 (y - pred) / size",
         "def mse_loss(pred, y):\n    d = pred - y\n    return np.mean(d ** 2), 2 * (y - pred) / d.size\n"),
        ("sum instead of mean",
         "def mse_loss(pred, y):\n    d = pred - y\n    return np.sum(d ** 2), 2 * d\n"),
        ("loss mean, gradient not divided",
         "def mse_loss(pred, y):\n    d = pred - y\n    return np.mean(d ** 2), 2 * d\n"),
        ("pred -= y in place",
         "def mse_loss(pred, y):\n    pred -= y\n    return np.mean(pred ** 2), 2 * pred / pred.size\n"),
        ("dpred squeezed: shape () for a (1, 1) prediction",
         "def mse_loss(pred, y):\n    d = np.squeeze(pred - y)\n    return np.mean(d ** 2), 2 * d / d.size\n"),
        ("loss as a 1-element array, not a float",
         "def mse_loss(pred, y):\n    d = pred - y\n    return np.array([np.mean(d ** 2)]), 2 * d / d.size\n"),
    ],
    "softmax_cross_entropy_loss": [
        ("gradient not divided by N",
         "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n"
         "    z = logits - logits.max(axis=1, keepdims=True)\n"
         "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
         "    loss = -np.mean(np.log(p[np.arange(N), y]))\n"
         "    d = p.copy()\n    d[np.arange(N), y] -= 1\n    return loss, d\n"),
        ("forgot to subtract 1 at the true class",
         "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n"
         "    z = logits - logits.max(axis=1, keepdims=True)\n"
         "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
         "    loss = -np.mean(np.log(p[np.arange(N), y]))\n"
         "    return loss, p / N\n"),
        ("no max-shift: overflows for large logits",
         "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n"
         "    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n"
         "    loss = -np.mean(np.log(p[np.arange(N), y]))\n"
         "    d = p.copy()\n    d[np.arange(N), y] -= 1\n    return loss, d / N\n"),
        ("sum over the batch instead of mean",
         "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n"
         "    z = logits - logits.max(axis=1, keepdims=True)\n"
         "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
         "    loss = -np.sum(np.log(p[np.arange(N), y]))\n"
         "    d = p.copy()\n    d[np.arange(N), y] -= 1\n    return loss, d\n"),
        ("wrong sign of the gradient: one_hot - p",
         "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n"
         "    z = logits - logits.max(axis=1, keepdims=True)\n"
         "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
         "    loss = -np.mean(np.log(p[np.arange(N), y]))\n"
         "    d = -p\n    d[np.arange(N), y] += 1\n    return loss, d / N\n"),
        ("shifts the caller's logits in place (logits -= max)",
         "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n"
         "    logits -= logits.max(axis=1, keepdims=True)\n"
         "    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)\n"
         "    loss = -np.mean(np.log(p[np.arange(N), y]))\n"
         "    d = p.copy()\n    d[np.arange(N), y] -= 1\n    return loss, d / N\n"),
        ("per-sample losses, no mean (loss not a float)",
         "def softmax_cross_entropy_loss(logits, y):\n    N = len(y)\n"
         "    z = logits - logits.max(axis=1, keepdims=True)\n"
         "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
         "    loss = -np.log(p[np.arange(N), y])\n"
         "    d = p.copy()\n    d[np.arange(N), y] -= 1\n    return loss, d / N\n"),
    ],
    "two_layer_net_loss": [
        ("missing the ReLU mask in backprop",
         "def two_layer_net_loss(params, X, y):\n"
         "    a, c1 = dense_forward(X, params['W1'], params['b1'])\n"
         "    h, cr = relu_forward(a)\n"
         "    z, c2 = dense_forward(h, params['W2'], params['b2'])\n"
         "    loss, dz = softmax_cross_entropy_loss(z, y)\n"
         "    grads = {}\n"
         "    dh, grads['W2'], grads['b2'] = dense_backward(dz, c2)\n"
         "    _, grads['W1'], grads['b1'] = dense_backward(dh, c1)\n"
         "    return loss, grads\n"),
        ("no ReLU in the forward pass (a linear network)",
         "def two_layer_net_loss(params, X, y):\n"
         "    a, c1 = dense_forward(X, params['W1'], params['b1'])\n"
         "    z, c2 = dense_forward(a, params['W2'], params['b2'])\n"
         "    loss, dz = softmax_cross_entropy_loss(z, y)\n"
         "    grads = {}\n"
         "    da, grads['W2'], grads['b2'] = dense_backward(dz, c2)\n"
         "    _, grads['W1'], grads['b1'] = dense_backward(da, c1)\n"
         "    return loss, grads\n"),
        ("extra ReLU mask on the output gradient: dz * (z > 0)",
         "def two_layer_net_loss(params, X, y):\n"
         "    a, c1 = dense_forward(X, params['W1'], params['b1'])\n"
         "    h, cr = relu_forward(a)\n"
         "    z, c2 = dense_forward(h, params['W2'], params['b2'])\n"
         "    loss, dz = softmax_cross_entropy_loss(z, y)\n"
         "    dz = dz * (z > 0)\n"
         "    grads = {}\n"
         "    dh, grads['W2'], grads['b2'] = dense_backward(dz, c2)\n"
         "    da = relu_backward(dh, cr)\n"
         "    _, grads['W1'], grads['b1'] = dense_backward(da, c1)\n"
         "    return loss, grads\n"),
        ("b1 gradient averaged over the batch (hand-written first layer)",
         "def two_layer_net_loss(params, X, y):\n"
         "    a, c1 = dense_forward(X, params['W1'], params['b1'])\n"
         "    h, cr = relu_forward(a)\n"
         "    z, c2 = dense_forward(h, params['W2'], params['b2'])\n"
         "    loss, dz = softmax_cross_entropy_loss(z, y)\n"
         "    grads = {}\n"
         "    dh, grads['W2'], grads['b2'] = dense_backward(dz, c2)\n"
         "    da = relu_backward(dh, cr)\n"
         "    grads['W1'] = X.T @ da\n"
         "    grads['b1'] = da.mean(axis=0)\n"
         "    return loss, grads\n"),
        ("W2 gradient from the pre-activation a instead of h",
         "def two_layer_net_loss(params, X, y):\n"
         "    a, c1 = dense_forward(X, params['W1'], params['b1'])\n"
         "    h, cr = relu_forward(a)\n"
         "    z, c2 = dense_forward(h, params['W2'], params['b2'])\n"
         "    loss, dz = softmax_cross_entropy_loss(z, y)\n"
         "    grads = {'W2': a.T @ dz, 'b2': dz.sum(axis=0)}\n"
         "    da = relu_backward(dz @ params['W2'].T, cr)\n"
         "    _, grads['W1'], grads['b1'] = dense_backward(da, c1)\n"
         "    return loss, grads\n"),
        ("takes a gradient step on params in place",
         "def two_layer_net_loss(params, X, y):\n"
         "    a, c1 = dense_forward(X, params['W1'], params['b1'])\n"
         "    h, cr = relu_forward(a)\n"
         "    z, c2 = dense_forward(h, params['W2'], params['b2'])\n"
         "    loss, dz = softmax_cross_entropy_loss(z, y)\n"
         "    grads = {}\n"
         "    dh, grads['W2'], grads['b2'] = dense_backward(dz, c2)\n"
         "    da = relu_backward(dh, cr)\n"
         "    _, grads['W1'], grads['b1'] = dense_backward(da, c1)\n"
         "    for k in grads:\n"
         "        params[k] = params[k] - 0.1 * grads[k]\n"
         "    return loss, grads\n"),
        ("an extra key in grads (the hidden activations)",
         "def two_layer_net_loss(params, X, y):\n"
         "    a, c1 = dense_forward(X, params['W1'], params['b1'])\n"
         "    h, cr = relu_forward(a)\n"
         "    z, c2 = dense_forward(h, params['W2'], params['b2'])\n"
         "    loss, dz = softmax_cross_entropy_loss(z, y)\n"
         "    grads = {}\n"
         "    dh, grads['W2'], grads['b2'] = dense_backward(dz, c2)\n"
         "    da = relu_backward(dh, cr)\n"
         "    _, grads['W1'], grads['b1'] = dense_backward(da, c1)\n"
         "    grads['h'] = dh\n"
         "    return loss, grads\n"),
    ],
}

ALTERNATIVES = {
    "numerical_gradient": [
        ("copies x for each probe instead of changing it in place",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros(x.shape)\n"
         "    for idx in np.ndindex(x.shape):\n"
         "        step = np.zeros(x.shape)\n"
         "        step[idx] = h\n"
         "        grad[idx] = (f(x + step) - f(x - step)) / (2 * h)\n"
         "    return grad\n"),
        ("np.nditer over a flat view, CS231n style",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros_like(x, dtype=float)\n"
         "    it = np.nditer(x, flags=['multi_index'], op_flags=['readwrite'])\n"
         "    while not it.finished:\n"
         "        i = it.multi_index\n"
         "        old = x[i]\n"
         "        x[i] = old + h\n"
         "        fp = f(x)\n"
         "        x[i] = old - h\n"
         "        fm = f(x)\n"
         "        x[i] = old\n"
         "        grad[i] = (fp - fm) / (2 * h)\n"
         "        it.iternext()\n"
         "    return grad\n"),
        ("walks x.flat, float() of f",
         "def numerical_gradient(f, x, h=1e-5):\n"
         "    grad = np.zeros_like(x, dtype=np.float64)\n"
         "    for i in range(x.size):\n"
         "        old = x.flat[i]\n"
         "        x.flat[i] = old + h\n"
         "        f_plus = float(f(x))\n"
         "        x.flat[i] = old - h\n"
         "        f_minus = float(f(x))\n"
         "        x.flat[i] = old\n"
         "        grad.flat[i] = (f_plus - f_minus) / (2.0 * h)\n"
         "    return grad\n"),
    ],
    "dense_forward": [
        ("einsum, cache as a dict",
         "def dense_forward(x, W, b):\n"
         "    return np.einsum('nd,dm->nm', x, W) + b, {'x': x, 'W': W, 'b': b}\n"),
        ("loops over samples and outputs",
         "def dense_forward(x, W, b):\n"
         "    N, M = x.shape[0], W.shape[1]\n"
         "    out = np.zeros((N, M))\n"
         "    for n in range(N):\n"
         "        for m in range(M):\n"
         "            out[n, m] = np.dot(x[n], W[:, m]) + b[m]\n"
         "    return out, (x, W)\n"),
    ],
    "dense_backward": [
        ("einsum",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return (np.einsum('nm,dm->nd', dout, W), np.einsum('nd,nm->dm', x, dout),\n"
         "            np.einsum('nm->m', dout))\n"),
        ("sum of per-sample outer products",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    dW = np.zeros(W.shape)\n"
         "    for n in range(x.shape[0]):\n"
         "        dW += np.outer(x[n], dout[n])\n"
         "    return np.dot(dout, W.T), dW, np.sum(dout, axis=0)\n"),
        ("db as ones @ dout",
         "def dense_backward(dout, cache):\n    x, W = cache\n"
         "    return dout @ W.T, x.T @ dout, np.ones(dout.shape[0]) @ dout\n"),
    ],
    "relu_forward": [
        ("x * (x > 0), cache the mask",
         "def relu_forward(x):\n    return x * (x > 0), x\n"),
        ("np.where",
         "def relu_forward(x):\n    return np.where(x > 0, x, 0.0), x\n"),
    ],
    "relu_backward": [
        ("np.where",
         "def relu_backward(dout, cache):\n    return np.where(cache > 0, dout, 0.0)\n"),
        ("copy and zero out",
         "def relu_backward(dout, cache):\n    dx = np.array(dout, dtype=float, copy=True)\n"
         "    dx[cache <= 0] = 0\n    return dx\n"),
        ("mask from the forward output: out > 0 (same at x = 0)",
         "def relu_backward(dout, cache):\n    return dout * (np.maximum(cache, 0) > 0)\n"),
    ],
    "sigmoid_forward": [
        ("stable form via tanh, caches x",
         "def sigmoid_forward(x):\n    return 0.5 * (1 + np.tanh(0.5 * x)), x\n"),
        ("boolean indexing: exp(-x) where x >= 0, exp(x) elsewhere",
         "def sigmoid_forward(x):\n    out = np.empty(x.shape)\n    pos = x >= 0\n"
         "    out[pos] = 1 / (1 + np.exp(-x[pos]))\n"
         "    e = np.exp(x[~pos])\n    out[~pos] = e / (1 + e)\n    return out, out\n"),
        ("exp(-logaddexp(0, -x))",
         "def sigmoid_forward(x):\n    out = np.exp(-np.logaddexp(0.0, -x))\n    return out, out\n"),
    ],
    "sigmoid_backward": [
        ("dout * (s - s**2)",
         "def sigmoid_backward(dout, cache):\n    s = cache\n    return dout * (s - s ** 2)\n"),
        ("elementwise loop",
         "def sigmoid_backward(dout, cache):\n    dx = np.empty(np.shape(dout))\n"
         "    for i in np.ndindex(dx.shape):\n        dx[i] = dout[i] * cache[i] * (1 - cache[i])\n"
         "    return dx\n"),
    ],
    "mse_loss": [
        ("np.square and np.size",
         "def mse_loss(pred, y):\n    d = np.subtract(pred, y)\n"
         "    return float(np.square(d).sum() / np.size(d)), 2 * d / np.size(d)\n"),
        ("(d * d).mean() and (2 / size) * d",
         "def mse_loss(pred, y):\n    d = pred - y\n    loss = (d * d).mean()\n"
         "    return loss, (2.0 / d.size) * d\n"),
        ("float() of the loss, np.subtract into a new array",
         "def mse_loss(pred, y):\n    d = np.subtract(pred, y)\n"
         "    return float(np.mean(d ** 2)), np.multiply(2.0 / d.size, d)\n"),
    ],
    "softmax_cross_entropy_loss": [
        ("log-sum-exp and a one-hot matrix",
         "def softmax_cross_entropy_loss(logits, y):\n    N, C = logits.shape\n"
         "    m = logits.max(axis=1, keepdims=True)\n"
         "    lse = m + np.log(np.exp(logits - m).sum(axis=1, keepdims=True))\n"
         "    one_hot = np.eye(C)[y]\n"
         "    loss = float(np.sum(one_hot * (lse - logits)) / N)\n"
         "    return loss, (np.exp(logits - lse) - one_hot) / N\n"),
        ("loop over samples",
         "def softmax_cross_entropy_loss(logits, y):\n    N = logits.shape[0]\n"
         "    loss, d = 0.0, np.zeros(logits.shape)\n"
         "    for n in range(N):\n"
         "        z = logits[n] - logits[n].max()\n"
         "        p = np.exp(z) / np.exp(z).sum()\n"
         "        loss -= np.log(p[y[n]])\n"
         "        p[y[n]] -= 1\n"
         "        d[n] = p / N\n"
         "    return loss / N, d\n"),
    ],
    "two_layer_net_loss": [
        ("written out in NumPy without the layer functions",
         "def two_layer_net_loss(params, X, y):\n"
         "    W1, b1, W2, b2 = params['W1'], params['b1'], params['W2'], params['b2']\n"
         "    N = X.shape[0]\n"
         "    a = X @ W1 + b1\n"
         "    h = np.maximum(a, 0)\n"
         "    z = h @ W2 + b2\n"
         "    z = z - z.max(axis=1, keepdims=True)\n"
         "    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)\n"
         "    loss = -np.log(p[np.arange(N), y]).mean()\n"
         "    dz = p.copy()\n"
         "    dz[np.arange(N), y] -= 1\n"
         "    dz /= N\n"
         "    da = (dz @ W2.T) * (a > 0)\n"
         "    return loss, {'W1': X.T @ da, 'b1': da.sum(axis=0), 'W2': h.T @ dz, 'b2': dz.sum(axis=0)}\n"),
        ("layer functions on float copies, float() loss, dict(...) grads",
         "def two_layer_net_loss(params, X, y):\n"
         "    p = {k: np.asarray(v, dtype=float) for k, v in params.items()}\n"
         "    out1, c1 = dense_forward(X, p['W1'], p['b1'])\n"
         "    out2, cr = relu_forward(out1)\n"
         "    out3, c3 = dense_forward(out2, p['W2'], p['b2'])\n"
         "    loss, d3 = softmax_cross_entropy_loss(out3, y)\n"
         "    d2, dW2, db2 = dense_backward(d3, c3)\n"
         "    d1 = relu_backward(d2, cr)\n"
         "    _, dW1, db1 = dense_backward(d1, c1)\n"
         "    return float(loss), dict(W1=dW1, b1=db1, W2=dW2, b2=db2)\n"),
    ],
}
