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
        ("shifts only when the logits exceed float64's exp limit (700)",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    if np.max(np.abs(z)) > 700:\n"
         "        z = z - np.max(z, axis=axis, keepdims=True)\n"
         "    e = np.exp(z)\n"
         "    return e / np.sum(e, axis=axis, keepdims=True)\n"),
        ("squeezes z first (a batch of one loses its batch axis)",
         "def softmax(z, axis=-1):\n"
         "    z = np.squeeze(np.asarray(z))\n"
         "    e = np.exp(z - np.max(z, axis=axis, keepdims=True))\n"
         "    return e / np.sum(e, axis=axis, keepdims=True)\n"),
        ("casts the result back to z's dtype (integer logits give integer 'probabilities')",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(z - np.max(z, axis=axis, keepdims=True))\n"
         "    return (e / np.sum(e, axis=axis, keepdims=True)).astype(z.dtype)\n"),
        ("shifts z in place (changes the caller's array)",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    z -= np.max(z, axis=axis, keepdims=True)\n"
         "    e = np.exp(z)\n"
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
        ("shifts only when the logits exceed float64's exp limit (700)",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z, axis=axis, keepdims=True)\n"
         "    if np.max(np.abs(z)) <= 700:\n"
         "        m = np.zeros_like(m)\n"
         "    return np.squeeze(m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True)), axis=axis)\n"),
        ("np.squeeze without an axis (a batch of one becomes a single number)",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z, axis=axis, keepdims=True)\n"
         "    return np.squeeze(m + np.log(np.sum(np.exp(z - m), axis=axis, keepdims=True)))\n"),
        ("shifts z in place (changes the caller's array)",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    m = np.max(z, axis=axis, keepdims=True)\n"
         "    z -= m\n"
         "    return np.squeeze(m + np.log(np.sum(np.exp(z), axis=axis, keepdims=True)), axis=axis)\n"),
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
        ("shifts only when the logits exceed float64's exp limit (700)",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    if np.max(np.abs(z)) > 700:\n"
         "        z = z - np.max(z, axis=axis, keepdims=True)\n"
         "    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))\n"),
        ("squeezes z first (a batch of one loses its batch axis)",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.squeeze(np.asarray(z))\n"
         "    shifted = z - np.max(z, axis=axis, keepdims=True)\n"
         "    return shifted - np.log(np.sum(np.exp(shifted), axis=axis, keepdims=True))\n"),
        ("shifts z in place (changes the caller's array)",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    z -= np.max(z, axis=axis, keepdims=True)\n"
         "    return z - np.log(np.sum(np.exp(z), axis=axis, keepdims=True))\n"),
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
        ("replaces only exact zeros by eps (1e-9 stays 1e-9)",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    p = probs[np.arange(len(y)), y]\n"
         "    return -np.mean(np.log(np.where(p == 0, eps, p)))\n"),
        ("hard-codes 1e-7 instead of the eps argument",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.mean(np.log(np.clip(probs[np.arange(len(y)), y], 1e-7, 1.0)))\n"),
        ("adds eps inside the log instead of clipping",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    return -np.mean(np.log(probs[np.arange(len(y)), y] + eps))\n"),
        ("clips probs in place (changes the caller's array)",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    probs[probs < eps] = eps\n"
         "    return -np.mean(np.log(probs[np.arange(len(y)), y]))\n"),
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
        ("squeezes the logits first (a batch of one loses its batch axis)",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.squeeze(np.asarray(logits)), np.asarray(y)\n"
         "    shifted = logits - np.max(logits, axis=-1, keepdims=True)\n"
         "    log_p = shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))\n"
         "    return -np.mean(log_p[np.arange(len(y)), y])\n"),
        ("shifts only when the logits exceed float64's exp limit (700)",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    if np.max(np.abs(logits)) > 700:\n"
         "        logits = logits - np.max(logits, axis=-1, keepdims=True)\n"
         "    lse = np.log(np.sum(np.exp(logits), axis=-1))\n"
         "    return np.mean(lse - logits[np.arange(len(y)), y])\n"),
        ("shifts the logits in place (changes the caller's array)",
         "def cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    logits -= np.max(logits, axis=-1, keepdims=True)\n"
         "    lse = np.log(np.sum(np.exp(logits), axis=-1))\n"
         "    return np.mean(lse - logits[np.arange(len(y)), y])\n"),
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
        ("softplus guarded at float64's exp limit (700) only",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    softplus = np.where(logits > 700, logits, np.log1p(np.exp(np.minimum(logits, 700))))\n"
         "    return np.mean(softplus - logits * y)\n"),
        ("takes |logits| in place (changes the caller's array)",
         "def binary_cross_entropy_from_logits(logits, y):\n"
         "    logits, y = np.asarray(logits), np.asarray(y)\n"
         "    first = np.maximum(logits, 0) - logits * y\n"
         "    np.abs(logits, out=logits)\n"
         "    return np.mean(first + np.log1p(np.exp(-logits)))\n"),
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
        ("the last of tied maxima (loop with >=)",
         "def predict_multiclass(logits):\n"
         "    out = []\n"
         "    for row in np.asarray(logits):\n"
         "        best = 0\n"
         "        for k in range(len(row)):\n"
         "            if row[k] >= row[best]:\n"
         "                best = k\n"
         "        out.append(best)\n"
         "    return np.array(out)\n"),
        ("returns a Python list",
         "def predict_multiclass(logits):\n"
         "    return np.argmax(np.asarray(logits), axis=-1).tolist()\n"),
        ("squeezes the logits first (a batch of one gives a single number)",
         "def predict_multiclass(logits):\n"
         "    return np.argmax(np.squeeze(np.asarray(logits)), axis=-1)\n"),
        ("shifts the logits in place before the argmax (changes the caller's array)",
         "def predict_multiclass(logits):\n"
         "    logits = np.asarray(logits)\n"
         "    logits -= logits.max(axis=-1, keepdims=True)\n"
         "    return np.argmax(logits, axis=-1)\n"),
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
        (">= instead of > (a probability equal to the threshold gives 1)",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    p = np.exp(-np.logaddexp(0.0, -np.asarray(logits)))\n"
         "    return (p >= threshold).astype(int)\n"),
        ("returns a list of rows",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    p = np.exp(-np.logaddexp(0.0, -np.asarray(logits)))\n"
         "    return (p > threshold).astype(int).tolist()\n"),
        ("squeezes the logits first (a batch of one loses its batch axis)",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    p = np.exp(-np.logaddexp(0.0, -np.squeeze(np.asarray(logits))))\n"
         "    return (p > threshold).astype(int)\n"),
        ("computes the sigmoid in place (changes the caller's array)",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    logits = np.asarray(logits)\n"
         "    with np.errstate(over='ignore'):\n"
         "        np.negative(logits, out=logits)\n"
         "        np.exp(logits, out=logits)\n"
         "        logits += 1\n"
         "        np.reciprocal(logits, out=logits)\n"
         "    return (logits > threshold).astype(int)\n"),
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
        ("float64 inside, cast back to float32 for float32 input; normalised in place on a new array",
         "def softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    z64 = z.astype(np.float64)\n"
         "    e = np.exp(z64 - z64.max(axis=axis, keepdims=True))\n"
         "    e /= e.sum(axis=axis, keepdims=True)\n"
         "    return e.astype(np.float32) if z.dtype == np.float32 else e\n"),
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
        ("float64 inside, cast back to float32 for float32 input",
         "def logsumexp(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    z64 = z.astype(np.float64)\n"
         "    m = z64.max(axis=axis)\n"
         "    out = m + np.log(np.exp(z64 - np.expand_dims(m, axis)).sum(axis=axis))\n"
         "    return out.astype(np.float32) if z.dtype == np.float32 else out\n"),
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
        ("in-place operations on a new array only",
         "def log_softmax(z, axis=-1):\n"
         "    z = np.asarray(z)\n"
         "    out = z - np.max(z, axis=axis, keepdims=True)\n"
         "    out -= np.log(np.sum(np.exp(out), axis=axis, keepdims=True))\n"
         "    return out\n"),
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
        ("np.maximum on a copy of the true-class probabilities",
         "def cross_entropy(probs, y, eps=1e-7):\n"
         "    probs, y = np.asarray(probs), np.asarray(y)\n"
         "    p = probs[np.arange(len(y)), y].copy()\n"
         "    p[p < eps] = eps\n"
         "    return -np.log(np.maximum(p, eps)).mean()\n"),
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
        ("loop with a strict > (keeps the first of tied maxima)",
         "def predict_multiclass(logits):\n"
         "    out = []\n"
         "    for row in np.asarray(logits):\n"
         "        best = 0\n"
         "        for k in range(1, len(row)):\n"
         "            if row[k] > row[best]:\n"
         "                best = k\n"
         "        out.append(best)\n"
         "    return np.array(out, dtype=int)\n"),
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
        ("sigmoid as 0.5 * (1 + tanh(z / 2))",
         "def predict_multilabel(logits, threshold=0.5):\n"
         "    p = 0.5 * (1.0 + np.tanh(np.asarray(logits) / 2.0))\n"
         "    return (p > threshold).astype(np.int32)\n"),
    ],
}
