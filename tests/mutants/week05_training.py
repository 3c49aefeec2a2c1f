"""Wrong (MUTANTS) and correct alternative (ALTERNATIVES) implementations of week 5's graded functions.

Each source runs in the kernel of the executed notebook (np, math, tf, keras are imported there); the function's
test cell must fail for every mutant and pass for every alternative.
"""

MUTANTS = {
    "minibatches": [
        ("drops the last partial batch", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n - batch_size + 1, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
'''),
        ("shuffles X and y independently", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    n = len(X)
    rng = np.random.default_rng(seed)
    ox = rng.permutation(n) if shuffle else np.arange(n)
    oy = rng.permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        yield X[ox[start:start + batch_size]], y[oy[start:start + batch_size]]
'''),
        ("samples with replacement", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).integers(0, n, size=n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
'''),
        ("ignores shuffle", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]
'''),
        ("ignores the seed", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    n = len(X)
    order = np.random.default_rng().permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
'''),
        ("shuffles X and y in place", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    if shuffle:
        np.random.default_rng(seed).shuffle(X)
        np.random.default_rng(seed).shuffle(y)
    for start in range(0, len(X), batch_size):
        yield X[start:start + batch_size], y[start:start + batch_size]
'''),
        ("default shuffle=False", '''
def minibatches(X, y, batch_size, shuffle=False, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
'''),
        ("squeezes each batch", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx].squeeze(), y[idx].squeeze()
'''),
        ("flattens the samples", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    n = len(X)
    X = X.reshape(n, -1)
    order = np.random.default_rng(seed).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
'''),
        ("the same order for every seed", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    n = len(X)
    order = np.random.default_rng(0).permutation(n) if shuffle else np.arange(n)
    for start in range(0, n, batch_size):
        idx = order[start:start + batch_size]
        yield X[idx], y[idx]
'''),
    ],
    "iterations_per_epoch": [
        ("rounds down", "def iterations_per_epoch(n, batch_size):\n    return n // batch_size\n"),
        ("float division", "def iterations_per_epoch(n, batch_size):\n    return n / batch_size\n"),
        ("always adds one", "def iterations_per_epoch(n, batch_size):\n    return n // batch_size + 1\n"),
        ("float ceil", "def iterations_per_epoch(n, batch_size):\n    return np.ceil(n / batch_size)\n"),
        ("a remainder of one sample is dropped",
         "def iterations_per_epoch(n, batch_size):\n    return n // batch_size + int(n % batch_size > 1)\n"),
    ],
    "sgd_step": [
        ("climbs the gradient", "def sgd_step(w, dw, lr):\n    return w + lr * dw\n"),
        ("forgets the learning rate", "def sgd_step(w, dw, lr):\n    return w - dw\n"),
        ("divides by the learning rate", "def sgd_step(w, dw, lr):\n    return w - dw / lr\n"),
        ("updates w in place", "def sgd_step(w, dw, lr):\n    w -= lr * dw\n    return w\n"),
        ("scales dw in place", "def sgd_step(w, dw, lr):\n    dw *= lr\n    return w - dw\n"),
    ],
    "momentum_step": [
        ("opposite sign of v", '''
def momentum_step(w, dw, v, lr, beta=0.9):
    v = beta * v + lr * dw
    return w - v, v
'''),
        ("moves with the old velocity", '''
def momentum_step(w, dw, v, lr, beta=0.9):
    w_new = w + v
    v = beta * v - lr * dw
    return w_new, v
'''),
        ("exponential average of gradients", '''
def momentum_step(w, dw, v, lr, beta=0.9):
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v
'''),
        ("returns (v, w)", '''
def momentum_step(w, dw, v, lr, beta=0.9):
    v = beta * v - lr * dw
    return v, w + v
'''),
        ("default beta 0.99", '''
def momentum_step(w, dw, v, lr, beta=0.99):
    v = beta * v - lr * dw
    return w + v, v
'''),
        ("updates v and w in place", '''
def momentum_step(w, dw, v, lr, beta=0.9):
    v *= beta
    v -= lr * dw
    w += v
    return w, v
'''),
    ],
    "adagrad_step": [
        ("no square: adds the gradient itself", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s = s + np.abs(grad)
    return w - lr * grad / np.sqrt(s + eps), s
'''),
        ("s not accumulated: only the last squared gradient", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s = grad ** 2
    return w - lr * grad / np.sqrt(s + eps), s
'''),
        ("eps outside the square root", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s = s + grad ** 2
    return w - lr * grad / (np.sqrt(s) + eps), s
'''),
        ("a leaky average (RMSProp) instead of a sum", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s = 0.9 * s + 0.1 * grad ** 2
    return w - lr * grad / np.sqrt(s + eps), s
'''),
        ("divides by the OLD accumulator", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    w = w - lr * grad / np.sqrt(s + eps)
    return w, s + grad ** 2
'''),
        ("no square root", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s = s + grad ** 2
    return w - lr * grad / (s + eps), s
'''),
        ("updates s in place", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s += grad ** 2
    return w - lr * grad / np.sqrt(s + eps), s
'''),
        ("default lr 0.01", '''
def adagrad_step(w, grad, s, lr=0.01, eps=1e-7):
    s = s + grad ** 2
    return w - lr * grad / np.sqrt(s + eps), s
'''),
        ("returns (s, w)", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s = s + grad ** 2
    return s, w - lr * grad / np.sqrt(s + eps)
'''),
        ("float64 always", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    w, grad, s = (np.asarray(a, dtype=np.float64) for a in (w, grad, s))
    s = s + grad ** 2
    return w - lr * grad / np.sqrt(s + eps), s
'''),
    ],
    "rmsprop_step": [
        ("eps outside the square root", '''
def rmsprop_step(w, dw, s, lr, beta=0.9, eps=1e-7):
    s = beta * s + (1 - beta) * dw ** 2
    return w - lr * dw / (np.sqrt(s) + eps), s
'''),
        ("beta on the new gradient", '''
def rmsprop_step(w, dw, s, lr, beta=0.9, eps=1e-7):
    s = (1 - beta) * s + beta * dw ** 2
    return w - lr * dw / np.sqrt(s + eps), s
'''),
        ("no square root", '''
def rmsprop_step(w, dw, s, lr, beta=0.9, eps=1e-7):
    s = beta * s + (1 - beta) * dw ** 2
    return w - lr * dw / (s + eps), s
'''),
        ("uses the old s", '''
def rmsprop_step(w, dw, s, lr, beta=0.9, eps=1e-7):
    w_new = w - lr * dw / np.sqrt(s + eps)
    return w_new, beta * s + (1 - beta) * dw ** 2
'''),
        ("default eps 1e-8", '''
def rmsprop_step(w, dw, s, lr, beta=0.9, eps=1e-8):
    s = beta * s + (1 - beta) * dw ** 2
    return w - lr * dw / np.sqrt(s + eps), s
'''),
        ("updates s in place", '''
def rmsprop_step(w, dw, s, lr, beta=0.9, eps=1e-7):
    s *= beta
    s += (1 - beta) * dw ** 2
    return w - lr * dw / np.sqrt(s + eps), s
'''),
    ],
    "adam_step": [
        ("no bias correction", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    return w - lr * m / (np.sqrt(v) + eps), m, v
'''),
        ("t counted from 0", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
'''),
        ("returns the corrected moments", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = (beta1 * m + (1 - beta1) * dw) / (1 - beta1 ** t)
    v = (beta2 * v + (1 - beta2) * dw ** 2) / (1 - beta2 ** t)
    return w - lr * m / (np.sqrt(v) + eps), m, v
'''),
        ("betas swapped", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta2 * m + (1 - beta2) * dw
    v = beta1 * v + (1 - beta1) * dw ** 2
    m_hat = m / (1 - beta2 ** t)
    v_hat = v / (1 - beta1 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
'''),
        ("hard-coded betas", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = 0.9 * m + 0.1 * dw
    v = 0.999 * v + 0.001 * dw ** 2
    m_hat = m / (1 - 0.9 ** t)
    v_hat = v / (1 - 0.999 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
'''),
        ("Keras' form: corrected learning rate, epsilon-hat", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = m + (dw - m) * (1 - beta1)
    v = v + (dw ** 2 - v) * (1 - beta2)
    alpha = lr * np.sqrt(1 - beta2 ** t) / (1 - beta1 ** t)
    return w - alpha * m / (np.sqrt(v) + eps), m, v
'''),
        ("hard-coded eps", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + 1e-7), m, v
'''),
        ("eps inside the square root", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    return w - lr * (m / (1 - beta1 ** t)) / np.sqrt(v / (1 - beta2 ** t) + eps), m, v
'''),
        ("default eps 1e-8", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v
'''),
        ("updates m and v in place", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m *= beta1
    m += (1 - beta1) * dw
    v *= beta2
    v += (1 - beta2) * dw ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v
'''),
    ],
    "he_init": [
        ("variance 1 / fan_in", '''
def he_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(1.0 / fan_in), size=(fan_in, fan_out))
'''),
        ("fan_out instead of fan_in", '''
def he_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(2.0 / fan_out), size=(fan_in, fan_out))
'''),
        ("uniform with the normal's std as limit", '''
def he_init(fan_in, fan_out, seed=0):
    limit = np.sqrt(2.0 / fan_in)
    return np.random.default_rng(seed).uniform(-limit, limit, size=(fan_in, fan_out))
'''),
        ("variance used as std", '''
def he_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, 2.0 / fan_in, size=(fan_in, fan_out))
'''),
        ("transposed shape", '''
def he_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_out, fan_in))
'''),
        ("squeezes the result", '''
def he_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out)).squeeze()
'''),
        ("ignores the seed", '''
def he_init(fan_in, fan_out, seed=0):
    return np.random.default_rng().normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
'''),
        ("default seed 42", '''
def he_init(fan_in, fan_out, seed=42):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
'''),
    ],
    "xavier_init": [
        ("He's variance", '''
def xavier_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(2.0 / fan_in), size=(fan_in, fan_out))
'''),
        ("variance 1 / (fan_in + fan_out)", '''
def xavier_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(1.0 / (fan_in + fan_out)), size=(fan_in, fan_out))
'''),
        ("uniform limit used as normal std", '''
def xavier_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(6.0 / (fan_in + fan_out)), size=(fan_in, fan_out))
'''),
        ("uniform on [0, limit]", '''
def xavier_init(fan_in, fan_out, seed=0):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return np.random.default_rng(seed).uniform(0, limit, size=(fan_in, fan_out))
'''),
        ("squeezes the result", '''
def xavier_init(fan_in, fan_out, seed=0):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return np.squeeze(np.random.default_rng(seed).uniform(-limit, limit, size=(fan_in, fan_out)))
'''),
        ("the same draw for every seed", '''
def xavier_init(fan_in, fan_out, seed=0):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return np.random.default_rng(0).uniform(-limit, limit, size=(fan_in, fan_out))
'''),
        ("default seed 1", '''
def xavier_init(fan_in, fan_out, seed=1):
    limit = np.sqrt(6.0 / (fan_in + fan_out))
    return np.random.default_rng(seed).uniform(-limit, limit, size=(fan_in, fan_out))
'''),
    ],
    "step_decay": [
        ("continuous exponent", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** (epoch / every)\n"),
        ("drops one block early", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** ((epoch + 1) // every)\n"),
        ("drops at epoch 0", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** (epoch // every + 1)\n"),
        ("linear in the drops", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * max(1 - drop * (epoch // every), 0.0)\n"),
        ("ceil instead of floor", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** math.ceil(epoch / every)\n"),
        ("default every=5", "def step_decay(lr0, epoch, drop=0.5, every=5):\n    return lr0 * drop ** (epoch // every)\n"),
        ("hard-coded every=10", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** (epoch // 10)\n"),
        ("drops at epoch every + 1", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** (max(epoch - 1, 0) // every)\n"),
    ],
    "exponential_decay": [
        ("rate ** epoch", "def exponential_decay(lr0, epoch, rate):\n    return lr0 * rate ** epoch\n"),
        ("grows", "def exponential_decay(lr0, epoch, rate):\n    return lr0 * math.exp(rate * epoch)\n"),
        ("(1 - rate) ** epoch", "def exponential_decay(lr0, epoch, rate):\n    return lr0 * (1 - rate) ** epoch\n"),
        ("1 / (1 + rate * epoch)", "def exponential_decay(lr0, epoch, rate):\n    return lr0 / (1 + rate * epoch)\n"),
    ],
    "mae": [
        ("no absolute value", "def mae(y_true, y_pred):\n    return np.mean(np.asarray(y_true) - np.asarray(y_pred))\n"),
        ("sum instead of mean", "def mae(y_true, y_pred):\n    return np.sum(np.abs(np.asarray(y_true) - np.asarray(y_pred)))\n"),
        ("median", "def mae(y_true, y_pred):\n    return np.median(np.abs(np.asarray(y_true) - np.asarray(y_pred)))\n"),
        ("absolute value of the mean", "def mae(y_true, y_pred):\n    return abs(np.mean(np.asarray(y_true) - np.asarray(y_pred)))\n"),
        ("returns a 1-element array", "def mae(y_true, y_pred):\n    return np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred)), keepdims=True)\n"),
        ("returns a 0-d array", "def mae(y_true, y_pred):\n    return np.asarray(np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred))))\n"),
        ("length of a squeezed array", "def mae(y_true, y_pred):\n    e = np.abs(np.asarray(y_true, float) - np.asarray(y_pred, float))\n    return np.sum(e) / len(e.squeeze())\n"),
    ],
    "mse": [
        ("absolute errors", "def mse(y_true, y_pred):\n    return np.mean(np.abs(np.asarray(y_true) - np.asarray(y_pred)))\n"),
        ("square root taken", "def mse(y_true, y_pred):\n    return np.sqrt(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))\n"),
        ("sum instead of mean", "def mse(y_true, y_pred):\n    return np.sum((np.asarray(y_true) - np.asarray(y_pred)) ** 2)\n"),
        ("square of the mean error", "def mse(y_true, y_pred):\n    return np.mean(np.asarray(y_true) - np.asarray(y_pred)) ** 2\n"),
        ("subtracts in place", "def mse(y_true, y_pred):\n    y_true = np.asarray(y_true, dtype=float)\n    y_true -= np.asarray(y_pred, dtype=float)\n    return np.mean(y_true ** 2)\n"),
        ("returns a 1-element array", "def mse(y_true, y_pred):\n    e = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return (e @ e / len(e)).reshape(1)\n"),
        ("length of a squeezed array", "def mse(y_true, y_pred):\n    e = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return np.sum(e ** 2) / len(e.squeeze())\n"),
    ],
    "rmse": [
        ("no square root", "def rmse(y_true, y_pred):\n    return np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)\n"),
        ("mean of square roots (= MAE)", "def rmse(y_true, y_pred):\n    return np.mean(np.sqrt((np.asarray(y_true) - np.asarray(y_pred)) ** 2))\n"),
        ("square root of the sum", "def rmse(y_true, y_pred):\n    return np.sqrt(np.sum((np.asarray(y_true) - np.asarray(y_pred)) ** 2))\n"),
        ("divides by n - 1", '''
def rmse(y_true, y_pred):
    e = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)
    return np.sqrt(np.sum(e ** 2) / (len(e) - 1))
'''),
        ("returns a 0-d array", "def rmse(y_true, y_pred):\n    e = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return np.sqrt(np.mean(e ** 2, keepdims=True)).reshape(())\n"),
        ("length of a squeezed array", "def rmse(y_true, y_pred):\n    e = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return np.sqrt(np.sum(e ** 2) / len(e.squeeze()))\n"),
    ],
    "rmsle": [
        ("log instead of log1p", '''
def rmsle(y_true, y_pred):
    return np.sqrt(np.mean((np.log(np.asarray(y_pred, dtype=float)) - np.log(np.asarray(y_true, dtype=float))) ** 2))
'''),
        ("no square root", '''
def rmsle(y_true, y_pred):
    return np.mean((np.log1p(np.asarray(y_pred, dtype=float)) - np.log1p(np.asarray(y_true, dtype=float))) ** 2)
'''),
        ("log of the difference", '''
def rmsle(y_true, y_pred):
    return np.sqrt(np.mean(np.log1p(np.abs(np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float))) ** 2))
'''),
        ("log1p of the RMSE", '''
def rmsle(y_true, y_pred):
    return np.log1p(np.sqrt(np.mean((np.asarray(y_pred, dtype=float) - np.asarray(y_true, dtype=float)) ** 2)))
'''),
        ("returns a 1-element array", '''
def rmsle(y_true, y_pred):
    r = np.log1p(np.asarray(y_pred, float)) - np.log1p(np.asarray(y_true, float))
    return np.sqrt(np.mean(r ** 2, keepdims=True))
'''),
        ("length of a squeezed array", '''
def rmsle(y_true, y_pred):
    r = np.log1p(np.asarray(y_pred, float)) - np.log1p(np.asarray(y_true, float))
    return np.sqrt(np.sum(r ** 2) / len(r.squeeze()))
'''),
    ],
    "r2_score": [
        ("denominator without the mean", '''
def r2_score(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return 1.0 - np.sum((y_true - y_pred) ** 2) / np.sum(y_true ** 2)
'''),
        ("mean of the predictions", '''
def r2_score(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return 1.0 - np.sum((y_true - y_pred) ** 2) / np.sum((y_pred - y_pred.mean()) ** 2)
'''),
        ("forgets 1 -", '''
def r2_score(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2)
'''),
        ("squared correlation", '''
def r2_score(y_true, y_pred):
    return np.corrcoef(y_true, y_pred)[0, 1] ** 2
'''),
        ("clipped at 0", '''
def r2_score(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return max(0.0, 1.0 - np.sum((y_true - y_pred) ** 2) / np.sum((y_true - y_true.mean()) ** 2))
'''),
        ("returns a 1-element array", '''
def r2_score(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return 1.0 - np.sum((y_true - y_pred) ** 2, keepdims=True) / np.sum((y_true - y_true.mean()) ** 2)
'''),
    ],
    "train_val_test_split": [
        ("test drawn independently: parts overlap", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    rng = np.random.default_rng(seed)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    order = rng.permutation(n)
    test_idx = rng.permutation(n)[:n_test]
    val_idx, train_idx = order[:n_val], order[n_val:n_val + n - n_test - n_val]
    return X[train_idx], y[train_idx], X[val_idx], y[val_idx], X[test_idx], y[test_idx]
'''),
        ("no shuffle", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    n_train = n - n_val - n_test
    return X[:n_train], y[:n_train], X[n_train:n_train + n_val], y[n_train:n_train + n_val], X[n_train + n_val:], y[n_train + n_val:]
'''),
        ("val and test sizes swapped", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_test, n_val = int(round(val * n)), int(round(test * n))
    test_idx, val_idx, train_idx = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[train_idx], y[train_idx], X[val_idx], y[val_idx], X[test_idx], y[test_idx]
'''),
        ("labels shuffled with another permutation", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    rng = np.random.default_rng(seed)
    ox, oy = rng.permutation(n), rng.permutation(n)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    a, b = n_test, n_test + n_val
    return X[ox[b:]], y[oy[b:]], X[ox[a:b]], y[oy[a:b]], X[ox[:a]], y[oy[:a]]
'''),
        ("returns parts in another order", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    test_idx, val_idx, train_idx = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[train_idx], X[val_idx], X[test_idx], y[train_idx], y[val_idx], y[test_idx]
'''),
        ("shuffles X and y in place", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    np.random.default_rng(seed).shuffle(X)
    np.random.default_rng(seed).shuffle(y)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    a, b = n_test, n_test + n_val
    return X[b:].copy(), y[b:].copy(), X[a:b].copy(), y[a:b].copy(), X[:a].copy(), y[:a].copy()
'''),
        ("flattens the samples", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    X = X.reshape(n, -1)
    order = np.random.default_rng(seed).permutation(n)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    test_idx, val_idx, train_idx = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[train_idx], y[train_idx], X[val_idx], y[val_idx], X[test_idx], y[test_idx]
'''),
        ("default seed 42", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=42):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    test_idx, val_idx, train_idx = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[train_idx], y[train_idx], X[val_idx], y[val_idx], X[test_idx], y[test_idx]
'''),
        ("the same split for every seed", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    order = np.random.default_rng(0).permutation(n)
    n_test, n_val = int(round(test * n)), int(round(val * n))
    test_idx, val_idx, train_idx = order[:n_test], order[n_test:n_test + n_val], order[n_test + n_val:]
    return X[train_idx], y[train_idx], X[val_idx], y[val_idx], X[test_idx], y[test_idx]
'''),
    ],
    "build_mlp": [
        ("linear output layer", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,))]
                             + [keras.layers.Dense(u, activation="relu") for u in hidden_units]
                             + [keras.layers.Dense(n_classes)])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''),
        ("categorical (one-hot) cross-entropy", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,))]
                             + [keras.layers.Dense(u, activation="relu") for u in hidden_units]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model
'''),
        ("SGD optimizer", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,))]
                             + [keras.layers.Dense(u, activation="relu") for u in hidden_units]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''),
        ("sigmoid hidden layers", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,))]
                             + [keras.layers.Dense(u, activation="sigmoid") for u in hidden_units]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''),
        ("only the first hidden layer", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,)), keras.layers.Dense(hidden_units[0], activation="relu"),
                              keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''),
        ("not compiled", '''
def build_mlp(input_dim, hidden_units, n_classes):
    return keras.Sequential([keras.Input((input_dim,))]
                            + [keras.layers.Dense(u, activation="relu") for u in hidden_units]
                            + [keras.layers.Dense(n_classes, activation="softmax")])
'''),
        ("AdamW optimizer", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,))]
                             + [keras.layers.Dense(u, activation="relu") for u in hidden_units]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adamw", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''),
        ("no metric", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,))]
                             + [keras.layers.Dense(u, activation="relu") for u in hidden_units]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model
'''),
        ("top-5 accuracy instead of accuracy", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential([keras.Input((input_dim,))]
                             + [keras.layers.Dense(u, activation="relu") for u in hidden_units]
                             + [keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=[keras.metrics.SparseTopKCategoricalAccuracy(k=5)])
    return model
'''),
        ("first hidden layer built apart: fails without hidden layers", '''
def build_mlp(input_dim, hidden_units, n_classes):
    layers = [keras.Input((input_dim,)), keras.layers.Dense(hidden_units[0], activation="relu")]
    layers += [keras.layers.Dense(u, activation="relu") for u in hidden_units[1:]]
    model = keras.Sequential(layers + [keras.layers.Dense(n_classes, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
'''),
    ],
}

ALTERNATIVES = {
    "minibatches": [
        ("list of batches via np.array_split-free loop", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    X, y = np.asarray(X), np.asarray(y)
    idx = np.arange(len(X))
    if shuffle:
        np.random.default_rng(seed).shuffle(idx)
    X, y = X[idx], y[idx]
    batches = []
    i = 0
    while i < len(X):
        batches.append((X[i:i + batch_size], y[i:i + batch_size]))
        i += batch_size
    return iter(batches)
'''),
        ("legacy RandomState permutation", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    order = np.random.RandomState(seed).permutation(len(X)) if shuffle else np.arange(len(X))
    for k in range(iterations_per_epoch(len(X), batch_size)):
        idx = order[k * batch_size:(k + 1) * batch_size]
        yield X[idx], y[idx]
'''),
        ("shuffled copies, then slices (a list of batches)", '''
def minibatches(X, y, batch_size, shuffle=True, seed=0):
    X, y = np.array(X), np.array(y)
    if shuffle:
        p = np.random.default_rng(seed).permutation(len(X))
        X, y = X[p], y[p]
    return [(X[i:i + batch_size], y[i:i + batch_size]) for i in range(0, len(X), batch_size)]
'''),
    ],
    "iterations_per_epoch": [
        ("math.ceil", "def iterations_per_epoch(n, batch_size):\n    return math.ceil(n / batch_size)\n"),
        ("floor plus remainder", "def iterations_per_epoch(n, batch_size):\n    return n // batch_size + (1 if n % batch_size else 0)\n"),
    ],
    "sgd_step": [
        ("float32", "def sgd_step(w, dw, lr):\n    return (np.asarray(w, np.float32) - np.float32(lr) * np.asarray(dw, np.float32))\n"),
        ("copy then in place", "def sgd_step(w, dw, lr):\n    w = np.array(w, dtype=float)\n    w -= lr * dw\n    return w\n"),
    ],
    "momentum_step": [
        ("textbook sign, converted back", '''
def momentum_step(w, dw, v, lr, beta=0.9):
    u = beta * (-v) + lr * dw          # u = -v in the other convention
    return w - u, -u
'''),
    ],
    "adagrad_step": [
        ("np.square, np.add and np.divide", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s_new = np.add(s, np.square(grad))
    return np.subtract(w, lr * np.divide(grad, np.sqrt(s_new + eps))), s_new
'''),
        ("loops over entries with math.sqrt, in the dtype of w", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    w, s = np.array(w), np.array(s)
    for i in np.ndindex(w.shape):
        s[i] = s[i] + grad[i] * grad[i]
        w[i] = w[i] - lr * grad[i] / math.sqrt(s[i] + eps)
    return w, s
'''),
        ("the effective learning rate first", '''
def adagrad_step(w, grad, s, lr=0.001, eps=1e-7):
    s = s + grad * grad
    effective_lr = lr / np.sqrt(s + eps)
    return w - effective_lr * grad, s
'''),
    ],
    "rmsprop_step": [
        ("float32", '''
def rmsprop_step(w, dw, s, lr, beta=0.9, eps=1e-7):
    w, dw, s = (np.asarray(a, dtype=np.float32) for a in (w, dw, s))
    s = np.float32(beta) * s + np.float32(1 - beta) * np.square(dw)
    return w - np.float32(lr) * dw / np.sqrt(s + np.float32(eps)), s
'''),
    ],
    "adam_step": [
        ("the paper's form rearranged: sqrt(v_hat) = sqrt(v) / sqrt(1 - beta2**t)", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    m = m + (dw - m) * (1 - beta1)
    v = v + (dw ** 2 - v) * (1 - beta2)
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v) / np.sqrt(1 - beta2 ** t) + eps), m, v
'''),
        ("loops over entries", '''
def adam_step(w, dw, m, v, t, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-7):
    w, m, v = np.array(w, dtype=float), np.array(m, dtype=float), np.array(v, dtype=float)
    for i in np.ndindex(w.shape):
        m[i] = beta1 * m[i] + (1 - beta1) * dw[i]
        v[i] = beta2 * v[i] + (1 - beta2) * dw[i] ** 2
        w[i] -= lr * (m[i] / (1 - beta1 ** t)) / (math.sqrt(v[i] / (1 - beta2 ** t)) + eps)
    return w, m, v
'''),
    ],
    "he_init": [
        ("uniform", '''
def he_init(fan_in, fan_out, seed=0):
    limit = np.sqrt(6.0 / fan_in)
    return np.random.default_rng(seed).uniform(-limit, limit, size=(fan_in, fan_out))
'''),
        ("float32 standard normal scaled", '''
def he_init(fan_in, fan_out, seed=0):
    z = np.random.default_rng(seed).standard_normal((fan_in, fan_out), dtype=np.float32)
    return z * np.float32(math.sqrt(2 / fan_in))
'''),
    ],
    "xavier_init": [
        ("normal", '''
def xavier_init(fan_in, fan_out, seed=0):
    return np.random.default_rng(seed).normal(0.0, np.sqrt(2.0 / (fan_in + fan_out)), size=(fan_in, fan_out))
'''),
        ("float32 uniform", '''
def xavier_init(fan_in, fan_out, seed=0):
    limit = np.float32(math.sqrt(6 / (fan_in + fan_out)))
    return (np.random.default_rng(seed).random((fan_in, fan_out), dtype=np.float32) * 2 - 1) * limit
'''),
    ],
    "step_decay": [
        ("math.floor", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * math.pow(drop, math.floor(epoch / every))\n"),
        ("int of the ratio", "def step_decay(lr0, epoch, drop=0.5, every=10):\n    return lr0 * drop ** int(epoch / every)\n"),
        ("loop", '''
def step_decay(lr0, epoch, drop=0.5, every=10):
    lr = lr0
    for e in range(1, epoch + 1):
        if e % every == 0:
            lr *= drop
    return lr
'''),
    ],
    "exponential_decay": [
        ("numpy", "def exponential_decay(lr0, epoch, rate):\n    return float(lr0 * np.exp(-rate * epoch))\n"),
    ],
    "mae": [("loop", '''
def mae(y_true, y_pred):
    total = 0.0
    for a, b in zip(y_true, y_pred):
        total += abs(a - b)
    return total / len(y_true)
''')],
    "mse": [("dot product", "def mse(y_true, y_pred):\n    e = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return float(e @ e / len(e))\n"),
            ("a copy, subtracted in place", "def mse(y_true, y_pred):\n    e = np.array(y_true, dtype=float)\n    e -= np.asarray(y_pred, dtype=float)\n    return np.mean(e ** 2)\n")],
    "rmse": [("via np.linalg.norm", "def rmse(y_true, y_pred):\n    e = np.asarray(y_true, float) - np.asarray(y_pred, float)\n    return np.linalg.norm(e) / np.sqrt(len(e))\n")],
    "rmsle": [("log of ratios", '''
def rmsle(y_true, y_pred):
    r = np.log((1 + np.asarray(y_pred, float)) / (1 + np.asarray(y_true, float)))
    return math.sqrt(np.mean(r ** 2))
''')],
    "r2_score": [("1 - MSE / variance", '''
def r2_score(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    return 1 - np.mean((y_true - y_pred) ** 2) / np.var(y_true)
''')],
    "train_val_test_split": [
        ("two sklearn cuts", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    from sklearn.model_selection import train_test_split
    X_rest, X_test, y_rest, y_test = train_test_split(X, y, test_size=test, random_state=seed)
    X_train, X_val, y_train, y_val = train_test_split(X_rest, y_rest, test_size=val / (1 - test), random_state=seed)
    return X_train, y_train, X_val, y_val, X_test, y_test
'''),
        ("floor sizes, train first", '''
def train_val_test_split(X, y, val=0.15, test=0.15, seed=0):
    n = len(X)
    order = np.random.default_rng(seed).permutation(n)
    n_val, n_test = int(val * n), int(test * n)
    n_train = n - n_val - n_test
    tr, va, te = np.split(order, [n_train, n_train + n_val])
    return X[tr], y[tr], X[va], y[va], X[te], y[te]
'''),
    ],
    "build_mlp": [
        ("add() with loss and optimizer objects, separate activation layers", '''
def build_mlp(input_dim, hidden_units, n_classes):
    model = keras.Sequential()
    model.add(keras.Input(shape=(input_dim,)))
    for units in hidden_units:
        model.add(keras.layers.Dense(units))
        model.add(keras.layers.ReLU())
    model.add(keras.layers.Dense(n_classes))
    model.add(keras.layers.Softmax())
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss=keras.losses.SparseCategoricalCrossentropy(),
                  metrics=[keras.metrics.SparseCategoricalAccuracy()])
    return model
'''),
        ("Adam with another learning rate, metric 'acc', layers listed in a loop", '''
def build_mlp(input_dim, hidden_units, n_classes):
    layers = [keras.Input(shape=(input_dim,))]
    for units in hidden_units:
        layers.append(keras.layers.Dense(units, activation=keras.activations.relu))
    layers.append(keras.layers.Dense(n_classes, activation="softmax"))
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01),
                  loss=keras.losses.sparse_categorical_crossentropy, metrics=["acc"])
    return model
'''),
    ],
}
