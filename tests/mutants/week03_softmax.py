"""Wrong (MUTANTS) and correct (ALTERNATIVES) implementations of week 3's graded functions.

Each source defines the function under its graded name; it runs in the kernel of the executed source notebook
(numpy as np, and the reference solutions of the earlier answer cells, are available). Every mutant must make
its function's test cell fail; every alternative must pass it.
"""

MUTANTS = {
    "softmax": [
        ("no max shift (overflows for large logits)",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(z)\n"
         "    return e / np.sum(e, axis=axis, keepdims=True)\n"),
        ("max without keepdims",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(z - np.max(z, axis=axis))\n"
         "    return e / np.sum(e, axis=axis, keepdims=True)\n"),
        ("max of the whole array instead of each row",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(z - np.max(z))\n"
         "    return e / np.sum(e, axis=axis, keepdims=True)\n"),
        ("normalised by the sum of the whole array",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(z - np.max(z, axis=axis, keepdims=True))\n"
         "    return e / np.sum(e)\n"),
        ("ignores the axis argument",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(z - np.max(z, axis=-1, keepdims=True))\n"
         "    return e / np.sum(e, axis=-1, keepdims=True)\n"),
        ("casts to float64",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z, dtype=np.float64)\n"
         "    e = np.exp(z - np.max(z, axis=axis, keepdims=True))\n"
         "    return e / np.sum(e, axis=axis, keepdims=True)\n"),
    ],
    "logsumexp": [
        ("no max shift (overflows)",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    return np.log(np.sum(np.exp(z), axis=axis))\n"),
        ("forgets to add the max back",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z, axis=axis, keepdims=True)\n"
         "    return np.squeeze(np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True)), axis=axis)\n"),
        ("keeps the reduced axis",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z, axis=axis, keepdims=True)\n"
         "    return m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True))\n"),
        ("max of the whole array",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z)\n"
         "    return m + np.log(np.sum(np.exp(z - m), axis=axis))\n"),
        ("plain max (no log-sum)",
         "def logsumexp(z, axis=-1):\n"
         "    return np.max(np.asarray(z), axis=axis)\n"),
    ],
    "log_softmax": [
        ("log of the softmax (underflows to -inf)",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(z - np.max(z, axis=axis, keepdims=True))\n"
         "    return np.log(e / np.sum(e, axis=axis, keepdims=True))\n"),
        ("no max shift (overflows)",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))\n"),
        ("logsumexp without keepdims",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z, axis=axis)\n"
         "    return z - (m + np.log(np.sum(np.exp(z - np.max(z, axis=axis, keepdims=True)), axis=axis)))\n"),
        ("forgets the log of the sum",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    shifted = z - np.max(z, axis=axis, keepdims=True)\n"
         "    return shifted - np.sum(np.exp(shifted), axis=axis, keepdims=True)\n"),
        ("wrong sign",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    shifted = z - np.max(z, axis=axis, keepdims=True)\n"
         "    return np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True)) - shifted\n"),
    ],
    "cross_entropy": [
        ("sum instead of mean",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.sum(np.log(np.clip(probs[np.arange(len(y)), y], eps, 1.0)))\n"),
        ("column block probs[:, y]",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.mean(np.log(np.clip(probs[:, y], eps, 1.0)))\n"),
        ("no clipping (inf for a zero probability)",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.mean(np.log(probs[np.arange(len(y)), y]))\n"),
        ("log10 instead of the natural log",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.mean(np.log10(np.clip(probs[np.arange(len(y)), y], eps, 1.0)))\n"),
        ("missing minus sign",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return np.mean(np.log(np.clip(probs[np.arange(len(y)), y], eps, 1.0)))\n"),
        ("clips at 1e-12 instead of Keras' 1e-7",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.mean(np.log(np.clip(probs[np.arange(len(y)), y], 1e-12, 1.0)))\n"),
    ],
    "cross_entropy_from_logits": [
        ("through the probabilities (clipped at 16.1)",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    e = np.exp(logits - np.max(logits, axis=-1, keepdims=True))\n"
         "    p = e / e.sum(axis=-1, keepdims=True)\n"
         "    return -np.mean(np.log(np.clip(p[np.arange(len(y)), y], 1e-7, 1.0)))\n"),
        ("no max shift (overflows)",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    lse = np.log(np.sum(np.exp(logits), axis=-1))\n"
         "    return np.mean(lse - logits[np.arange(len(y)), y])\n"),
        ("sum instead of mean",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
         "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
         "    return -np.sum(log_p[np.arange(len(y)), y])\n"),
        ("wrong sign",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
         "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
         "    return np.mean(log_p[np.arange(len(y)), y])\n"),
        ("logsumexp over the batch axis",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    shifted = logits - np.max(logits, axis=0, keepdims=True)\n"
         "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=0, keepdims=True))\n"
         "    return -np.mean(log_p[np.arange(len(y)), y])\n"),
    ],
    "binary_cross_entropy_from_logits": [
        ("sigmoid, then the textbook log formula",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    p = 1.0 / (1.0 + np.exp(-logits))\n"
         "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n"),
        ("sigmoid, then clipped like Keras' probability loss",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    p = np.clip(np.exp(-np.logaddexp(0.0, -logits)), 1e-7, 1 - 1e-7)\n"
         "    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))\n"),
        ("sum instead of mean",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    return np.sum(np.maximum(logits, 0) - logits * y + np.log1p(np.exp(-np.abs(logits))))\n"),
        ("forgets the max(z, 0) term",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    return np.mean(-logits * y + np.log1p(np.exp(-np.abs(logits))))\n"),
        ("labels swapped",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    return np.mean(np.maximum(logits, 0) - logits * (1 - y) + np.log1p(np.exp(-np.abs(logits))))\n"),
        ("unstable softplus log(1 + exp(z))",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    return np.mean(np.log(1 + np.exp(logits)) - logits * y)\n"),
    ],
    "predict_multiclass": [
        ("argmax over axis 0",
         "def predict_multiclass(logits):\n"
         "    return np.argmax(np.asarray(logits), axis=0)\n"),
        ("argmax of the flattened array",
         "def predict_multiclass(logits):\n"
         "    return np.argmax(np.asarray(logits))\n"),
        ("argmin",
         "def predict_multiclass(logits):\n"
         "    return np.argmin(np.asarray(logits), axis=-1)\n"),
        ("the largest logit instead of its index",
         "def predict_multiclass(logits):\n"
         "    return np.max(np.asarray(logits), axis=-1)\n"),
    ],
    "predict_multilabel": [
        ("thresholds the logits instead of the probabilities",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    return (np.asarray(logits) > threshold).astype(int)\n"),
        ("softmax over the row instead of one sigmoid per output",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    z = np.asarray(logits)\n"
         "    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
         "    return (e / e.sum(axis=-1, keepdims=True) > threshold).astype(int)\n"),
        ("ignores the threshold argument",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    p = np.exp(-np.logaddexp(0.0, -np.asarray(logits)))\n"
         "    return (p > 0.5).astype(int)\n"),
        ("returns booleans",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    return np.exp(-np.logaddexp(0.0, -np.asarray(logits))) > threshold\n"),
        ("one label per sample (multi-class argmax)",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    z = np.asarray(logits)\n"
         "    return np.eye(z.shape[-1], dtype=int)[np.argmax(z, axis=-1)]\n"),
    ],
}

ALTERNATIVES = {
    "softmax": [
        ("apply_along_axis with a 1-D softmax",
         "def softmax(z, axis=-1):\n"
         "    def one(v):\n"
         "        e = np.exp(v - v.max())\n"
         "        return e / e.sum()\n"
         "    return np.apply_along_axis(one, axis, np.asarray(z))\n"),
        ("exp of z minus logsumexp (np.logaddexp.reduce)",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    return np.exp(z - np.logaddexp.reduce(z, axis=axis, keepdims=True))\n"),
    ],
    "logsumexp": [
        ("np.logaddexp.reduce",
         "def logsumexp(z, axis=-1):\n"
         "    return np.logaddexp.reduce(np.asarray(z), axis=axis)\n"),
        ("max without keepdims, then expand_dims",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z, axis=axis)\n"
         "    return m + np.log(np.sum(np.exp(z - np.expand_dims(m, axis)), axis=axis))\n"),
    ],
    "log_softmax": [
        ("z minus the notebook's logsumexp",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    return z - np.expand_dims(logsumexp(z, axis=axis), axis)\n"),
        ("np.logaddexp.reduce with keepdims",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    return z - np.logaddexp.reduce(z, axis=axis, keepdims=True)\n"),
    ],
    "cross_entropy": [
        ("loop over the samples with Python floats",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    import math\n"
         "    total = 0.0\n"
         "    for row, label in zip(probs, y):\n"
         "        total -= math.log(max(float(row[int(label)]), eps))\n"
         "    return total / len(y)\n"),
        ("Keras' clip to [eps, 1 - eps]",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.mean(np.log(np.clip(probs[np.arange(len(y)), y], eps, 1 - eps)))\n"),
        ("one-hot labels times the clipped log-probabilities",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    onehot = np.eye(probs.shape[1])[y]\n"
         "    return -np.mean(np.sum(onehot * np.log(np.clip(probs, eps, 1.0)), axis=1))\n"),
    ],
    "cross_entropy_from_logits": [
        ("loop over the samples, max shift by hand",
         "def cross_entropy_from_logits(logits, y):\n"
         "    import math\n"
         "    total = 0.0\n"
         "    for row, label in zip(np.asarray(logits, dtype=float), y):\n"
         "        m = max(row)\n"
         "        total += m + math.log(sum(math.exp(v - m) for v in row)) - row[int(label)]\n"
         "    return total / len(y)\n"),
        ("one-hot labels and the notebook's log_softmax",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits = np.asarray(logits)\n"
         "    onehot = np.eye(logits.shape[1])[np.asarray(y)]\n"
         "    return -np.mean(np.sum(onehot * log_softmax(logits), axis=1))\n"),
        ("the notebook's logsumexp minus the true logit",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    return np.mean(logsumexp(logits) - logits[np.arange(len(y)), y])\n"),
    ],
    "binary_cross_entropy_from_logits": [
        ("np.logaddexp(0, z) - z*y",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    return np.mean(np.logaddexp(0.0, logits) - logits * y)\n"),
        ("softplus(-z) for positives, softplus(z) for negatives",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    return np.mean(np.where(y == 1, np.logaddexp(0.0, -logits), np.logaddexp(0.0, logits)))\n"),
        ("loop with math.log1p",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    import math\n"
         "    z_all, y_all = np.ravel(logits), np.ravel(y)\n"
         "    total = 0.0\n"
         "    for z, t in zip(z_all.tolist(), y_all.tolist()):\n"
         "        total += max(z, 0.0) - z * t + math.log1p(math.exp(-abs(z)))\n"
         "    return total / len(z_all)\n"),
    ],
    "predict_multiclass": [
        ("loop over the rows",
         "def predict_multiclass(logits):\n"
         "    return np.array([int(np.argmax(row)) for row in np.asarray(logits)])\n"),
        ("argmax of the notebook's softmax",
         "def predict_multiclass(logits):\n"
         "    return np.argmax(softmax(logits, axis=-1), axis=-1)\n"),
    ],
    "predict_multilabel": [
        ("compare the logits with logit(threshold)",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    return (np.asarray(logits) > np.log(threshold / (1 - threshold))).astype(int)\n"),
        ("naive sigmoid (overflow warnings are harmless here) and np.where",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    with np.errstate(over='ignore'):\n"
         "        p = 1.0 / (1.0 + np.exp(-np.asarray(logits, dtype=float)))\n"
         "    return np.where(p > threshold, 1, 0)\n"),
    ],
}
