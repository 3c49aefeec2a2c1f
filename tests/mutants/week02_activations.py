"""Wrong (MUTANTS) and correct-but-different (ALTERNATIVES) implementations of week 2's graded functions.

Each source defines the function under its graded name and may use what the notebook's setup cell imported
(np, ...) and the notebook's other graded functions (sigmoid, tanh, ...). Every mutant must make its test
cell fail (visible check or hidden tests); every alternative must pass it.
"""

MUTANTS = {
    "sigmoid": [
        ("naive formula overflows for very negative z",
         "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))\n"),
        ("exp(z) / (1 + exp(z)) overflows for large z",
         "def sigmoid(z):\n    e = np.exp(z)\n    return e / (1 + e)\n"),
        ("np.where evaluates both unsafe branches",
         "def sigmoid(z):\n    z = np.asarray(z)\n"
         "    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))\n"),
        ("clipping to +-500 still overflows in float32",
         "def sigmoid(z):\n    z = np.clip(z, -500, 500)\n    return 1 / (1 + np.exp(-z))\n"),
        ("sign error: 1 / (1 + exp(z))",
         "def sigmoid(z):\n    z = np.asarray(z)\n    e = np.exp(-np.abs(z))\n"
         "    return np.where(z < 0, 1 / (1 + e), e / (1 + e))\n"),
        ("writes the result into the caller's z",
         "def sigmoid(z):\n"
         "    z = np.asarray(z)\n"
         "    e = np.exp(-np.abs(z))\n"
         "    z[...] = np.where(z >= 0, 1 / (1 + e), e / (1 + e))\n"
         "    return z\n"),
    ],
    "sigmoid_grad": [
        ("s * (1 + s)", "def sigmoid_grad(z):\n    s = sigmoid(z)\n    return s * (1 + s)\n"),
        ("1 - s", "def sigmoid_grad(z):\n    return 1 - sigmoid(z)\n"),
        ("forgot the square: exp(-z) / (1 + exp(-z))",
         "def sigmoid_grad(z):\n    z = np.asarray(z, dtype=float)\n    return np.exp(-z) / (1 + np.exp(-z))\n"),
        ("s**2 - s (sign)", "def sigmoid_grad(z):\n    s = sigmoid(z)\n    return s ** 2 - s\n"),
        ("exp(-z) / (1 + exp(-z))**2 is NaN for very negative z",
         "def sigmoid_grad(z):\n    z = np.asarray(z, dtype=float)\n    return np.exp(-z) / (1 + np.exp(-z)) ** 2\n"),
        ("textbook sigmoid inside: overflow warning for large |z|",
         "def sigmoid_grad(z):\n"
         "    s = 1 / (1 + np.exp(-np.asarray(z)))\n"
         "    return s * (1 - s)\n"),
        ("z.astype: fails for a plain number",
         "def sigmoid_grad(z):\n"
         "    s = sigmoid(z.astype(float))\n"
         "    return s * (1 - s)\n"),
        ("writes s into the caller's z",
         "def sigmoid_grad(z):\n"
         "    z = np.asarray(z)\n"
         "    z[...] = sigmoid(z)\n"
         "    z *= 1 - z\n"
         "    return z\n"),
    ],
    "tanh": [
        ("naive formula: inf/inf = nan for large |z|",
         "def tanh(z):\n    z = np.asarray(z, dtype=float)\n"
         "    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))\n"),
        ("2 * sigmoid(z) - 1 (forgot the 2z)", "def tanh(z):\n    return 2 * sigmoid(z) - 1\n"),
        ("the sigmoid itself", "def tanh(z):\n    return sigmoid(z)\n"),
        ("sinh instead of tanh", "def tanh(z):\n    z = np.asarray(z, dtype=float)\n"
                                 "    return (np.exp(z) - np.exp(-z)) / 2\n"),
        ("2 * textbook sigmoid(2z) - 1: overflow warning for large |z|",
         "def tanh(z):\n"
         "    return 2 / (1 + np.exp(-2 * np.asarray(z))) - 1\n"),
        ("naive formula after clipping z to +-300: NaN in float32",
         "def tanh(z):\n"
         "    z = np.clip(np.asarray(z), -300, 300)\n"
         "    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))\n"),
        ("z.astype: fails for a plain number",
         "def tanh(z):\n"
         "    return 2 * sigmoid(2 * z.astype(float)) - 1\n"),
        ("writes the result into the caller's z",
         "def tanh(z):\n"
         "    z = np.asarray(z)\n"
         "    z[...] = 2 * sigmoid(2 * z) - 1\n"
         "    return z\n"),
    ],
    "tanh_grad": [
        ("1 - tanh (not squared)", "def tanh_grad(z):\n    return 1 - tanh(z)\n"),
        ("1 + tanh**2", "def tanh_grad(z):\n    return 1 + tanh(z) ** 2\n"),
        ("tanh * (1 - tanh), the sigmoid pattern", "def tanh_grad(z):\n    t = tanh(z)\n    return t * (1 - t)\n"),
        ("(1 - tanh)**2", "def tanh_grad(z):\n    return (1 - tanh(z)) ** 2\n"),
        ("1 / cosh(z)**2 overflows for large |z|",
         "def tanh_grad(z):\n"
         "    return 1 / np.cosh(np.asarray(z)) ** 2\n"),
        ("z.astype: fails for a plain number",
         "def tanh_grad(z):\n"
         "    return 1 - tanh(z.astype(float)) ** 2\n"),
        ("writes the result into the caller's z",
         "def tanh_grad(z):\n"
         "    z = np.asarray(z)\n"
         "    z[...] = 1 - tanh(z) ** 2\n"
         "    return z\n"),
    ],
    "relu": [
        ("minimum instead of maximum", "def relu(z):\n    return np.minimum(z, 0)\n"),
        ("absolute value", "def relu(z):\n    return np.abs(z)\n"),
        ("clipped at 1", "def relu(z):\n    return np.clip(z, 0, 1)\n"),
        ("changes z in place", "def relu(z):\n    z[z < 0] = 0\n    return z\n"),
        ("step function (the derivative)", "def relu(z):\n    return (np.asarray(z) > 0).astype(float)\n"),
        ("np.maximum(z, 0, out=z) overwrites the caller's z",
         "def relu(z):\n"
         "    return np.maximum(z, 0, out=z)\n"),
    ],
    "relu_grad": [
        ("1 at z = 0 (z >= 0)", "def relu_grad(z):\n    return (np.asarray(z) >= 0).astype(float)\n"),
        ("returns relu(z), not its slope", "def relu_grad(z):\n    return np.maximum(z, 0)\n"),
        ("sign(z): -1 for negative z", "def relu_grad(z):\n    return np.sign(z)\n"),
        ("ones everywhere", "def relu_grad(z):\n    return np.ones_like(z)\n"),
        ("returns booleans",
         "def relu_grad(z):\n"
         "    return np.asarray(z) > 0\n"),
        ("returns integers",
         "def relu_grad(z):\n"
         "    return (np.asarray(z) > 0).astype(int)\n"),
        ("writes 0/1 into the caller's z",
         "def relu_grad(z):\n"
         "    z = np.asarray(z)\n"
         "    z[...] = z > 0\n"
         "    return z\n"),
    ],
    "leaky_relu": [
        ("alpha ignored (hard-coded 0.01)",
         "def leaky_relu(z, alpha=0.01):\n    return np.where(z > 0, z, 0.01 * z)\n"),
        ("alpha instead of alpha * z", "def leaky_relu(z, alpha=0.01):\n    return np.where(z > 0, z, alpha)\n"),
        ("alpha on the positive side", "def leaky_relu(z, alpha=0.01):\n    return np.where(z > 0, alpha * z, z)\n"),
        ("wrong default alpha", "def leaky_relu(z, alpha=0.1):\n    return np.where(z > 0, z, alpha * z)\n"),
        ("changes z in place",
         "def leaky_relu(z, alpha=0.01):\n    z[z < 0] *= alpha\n    return z\n"),
        ("alpha as a floor: max(z, alpha)",
         "def leaky_relu(z, alpha=0.01):\n"
         "    return np.maximum(z, alpha)\n"),
        ("slope 1 - alpha for negative z",
         "def leaky_relu(z, alpha=0.01):\n"
         "    return np.where(z > 0, z, (1 - alpha) * z)\n"),
    ],
    "softplus": [
        ("naive log(1 + exp(z)) overflows", "def softplus(z):\n    return np.log(1 + np.exp(z))\n"),
        ("log1p(exp(z)) overflows", "def softplus(z):\n    return np.log1p(np.exp(z))\n"),
        ("np.where evaluates the overflowing branch",
         "def softplus(z):\n    z = np.asarray(z)\n    return np.where(z > 30, z, np.log1p(np.exp(z)))\n"),
        ("missing abs: exp(-z) overflows for negative z",
         "def softplus(z):\n    return np.maximum(z, 0) + np.log1p(np.exp(-z))\n"),
        ("missing max: z + log1p(exp(-|z|))",
         "def softplus(z):\n    z = np.asarray(z)\n    return z + np.log1p(np.exp(-np.abs(z)))\n"),
        ("relu only (dropped the log term)", "def softplus(z):\n    return np.maximum(z, 0)\n"),
        ("z.astype: fails for a plain number",
         "def softplus(z):\n"
         "    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z.astype(float))))\n"),
        ("writes -|z| into the caller's z",
         "def softplus(z):\n"
         "    z = np.asarray(z)\n"
         "    pos = np.maximum(z, 0)\n"
         "    np.negative(np.abs(z), out=z)\n"
         "    return pos + np.log1p(np.exp(z))\n"),
    ],
    "collapse_linear_layers": [
        ("biases summed, not carried through later weights",
         "def collapse_linear_layers(weights, biases):\n"
         "    W = weights[0]\n    for Wi in weights[1:]:\n        W = W @ Wi\n"
         "    return W, sum(biases)\n"),
        ("wrong multiplication order (W2 @ W1)",
         "def collapse_linear_layers(weights, biases):\n"
         "    W, b = weights[0], biases[0]\n"
         "    for Wn, bn in zip(weights[1:], biases[1:]):\n"
         "        W, b = Wn @ W, b @ Wn + bn\n"
         "    return W, b\n"),
        ("only the last bias kept",
         "def collapse_linear_layers(weights, biases):\n"
         "    W = weights[0]\n    for Wi in weights[1:]:\n        W = W @ Wi\n"
         "    return W, biases[-1]\n"),
        ("W updated first, then the bias pushed through the whole product",
         "def collapse_linear_layers(weights, biases):\n"
         "    W, b = weights[0], biases[0]\n"
         "    for Wn, bn in zip(weights[1:], biases[1:]):\n"
         "        W = W @ Wn\n"
         "        b = b @ W + bn\n"
         "    return W, b\n"),
        ("off by one: the first bias is dropped",
         "def collapse_linear_layers(weights, biases):\n"
         "    W, b = weights[0], np.zeros(weights[0].shape[1])\n"
         "    for Wn, bn in zip(weights[1:], biases[1:]):\n"
         "        W, b = W @ Wn, b @ Wn + bn\n"
         "    return W, b\n"),
        ("consumes the caller's lists with pop",
         "def collapse_linear_layers(weights, biases):\n"
         "    W, b = weights.pop(0), biases.pop(0)\n"
         "    while weights:\n"
         "        Wn, bn = weights.pop(0), biases.pop(0)\n"
         "        W, b = W @ Wn, b @ Wn + bn\n"
         "    return W, b\n"),
        ("writes the collapsed W into the caller's weights[0]",
         "def collapse_linear_layers(weights, biases):\n"
         "    for i in range(1, len(weights)):\n"
         "        weights[0], biases[0] = weights[0] @ weights[i], biases[0] @ weights[i] + biases[i]\n"
         "    return weights[0], biases[0]\n"),
        ("squeezes W and b: wrong shapes with one output unit",
         "def collapse_linear_layers(weights, biases):\n"
         "    W, b = weights[0], biases[0]\n"
         "    for Wn, bn in zip(weights[1:], biases[1:]):\n"
         "        W, b = W @ Wn, b @ Wn + bn\n"
         "    return np.squeeze(W), np.squeeze(b)\n"),
    ],
    "output_activation": [
        ("multilabel -> softmax",
         "def output_activation(task):\n"
         "    table = {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'softmax',\n"
         "             'regression': 'linear', 'nonnegative_regression': 'relu'}\n"
         "    if task not in table:\n        raise ValueError(f'unknown task {task!r}')\n"
         "    return table[task]\n"),
        ("nonnegative regression -> linear",
         "def output_activation(task):\n"
         "    table = {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "             'regression': 'linear', 'nonnegative_regression': 'linear'}\n"
         "    if task not in table:\n        raise ValueError(f'unknown task {task!r}')\n"
         "    return table[task]\n"),
        ("a dict lookup raises KeyError for an unknown task",
         "def output_activation(task):\n"
         "    return {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "            'regression': 'linear', 'nonnegative_regression': 'relu'}[task]\n"),
        ("unknown task silently -> linear",
         "def output_activation(task):\n"
         "    return {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "            'nonnegative_regression': 'relu'}.get(task, 'linear')\n"),
        ("binary -> softmax",
         "def output_activation(task):\n"
         "    table = {'binary': 'softmax', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "             'regression': 'linear', 'nonnegative_regression': 'relu'}\n"
         "    if task not in table:\n        raise ValueError(f'unknown task {task!r}')\n"
         "    return table[task]\n"),
        ("ValueError without naming the task",
         "def output_activation(task):\n"
         "    table = {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "             'regression': 'linear', 'nonnegative_regression': 'relu'}\n"
         "    if task not in table:\n        raise ValueError('unknown task')\n"
         "    return table[task]\n"),
        ("returns a 0-d NumPy array, not a str",
         "def output_activation(task):\n"
         "    table = {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "             'regression': 'linear', 'nonnegative_regression': 'relu'}\n"
         "    if task not in table:\n"
         "        raise ValueError(f'unknown task {task!r}; choose one of {list(table)}')\n"
         "    return np.array(table[task])\n"),
        ("case-insensitive lookup: 'Binary' accepted",
         "def output_activation(task):\n"
         "    table = {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "             'regression': 'linear', 'nonnegative_regression': 'relu'}\n"
         "    if task.lower() not in table:\n"
         "        raise ValueError(f'unknown task {task!r}; choose one of {list(table)}')\n"
         "    return table[task.lower()]\n"),
        ("the ValueError names the task but not the valid ones",
         "def output_activation(task):\n"
         "    table = {'binary': 'sigmoid', 'multiclass': 'softmax', 'multilabel': 'sigmoid',\n"
         "             'regression': 'linear', 'nonnegative_regression': 'relu'}\n"
         "    if task not in table:\n"
         "        raise ValueError(f'unknown task {task!r}')\n"
         "    return table[task]\n"),
    ],
    "gradient_through_depth": [
        ("sum instead of product",
         "def gradient_through_depth(depth, activation_grad, z):\n    return depth * activation_grad(z)\n"),
        ("off by one: depth - 1 factors",
         "def gradient_through_depth(depth, activation_grad, z):\n"
         "    return np.asarray(activation_grad(z), dtype=float) ** (depth - 1)\n"),
        ("depth ignored",
         "def gradient_through_depth(depth, activation_grad, z):\n    return activation_grad(z)\n"),
        ("product over the entries of z, not over the layers",
         "def gradient_through_depth(depth, activation_grad, z):\n"
         "    return np.prod(activation_grad(z)) ** depth * np.ones(np.shape(z))\n"),
        ("off by one: loop starts from g and multiplies depth more times",
         "def gradient_through_depth(depth, activation_grad, z):\n"
         "    g = np.asarray(activation_grad(z), dtype=float)\n    out = g.copy()\n"
         "    for _ in range(depth):\n        out = out * g\n    return out\n"),
        ("reuses z's memory for the result (np.asarray does not copy)",
         "def gradient_through_depth(depth, activation_grad, z):\n"
         "    out = np.asarray(z, dtype=float)\n"
         "    out[...] = activation_grad(z)\n"
         "    out **= depth\n"
         "    return out\n"),
        ("np.ones(z.shape): fails for a plain number",
         "def gradient_through_depth(depth, activation_grad, z):\n"
         "    out = np.ones(z.shape)\n"
         "    for _ in range(depth):\n"
         "        out = out * activation_grad(z)\n"
         "    return out\n"),
        ("feeds each layer's derivative into the next: g(g(...g(z)))",
         "def gradient_through_depth(depth, activation_grad, z):\n"
         "    out = np.asarray(z, dtype=float)\n"
         "    for _ in range(depth):\n"
         "        out = activation_grad(out)\n"
         "    return out\n"),
    ],
}

ALTERNATIVES = {
    "sigmoid": [
        ("tanh identity 0.5 * (1 + tanh(z / 2))", "def sigmoid(z):\n    return 0.5 * (1 + np.tanh(np.asarray(z) / 2))\n"),
        ("scipy.special.expit (passes; flagged by OWN_WORK)",
         "def sigmoid(z):\n    from scipy.special import expit\n    return expit(z)\n"),
        ("a loop with math.exp, float64 result",
         "import math\n"
         "def sigmoid(z):\n    z = np.asarray(z, dtype=float)\n    out = np.empty_like(z)\n"
         "    for i, v in np.ndenumerate(z):\n"
         "        if v >= 0:\n            out[i] = 1 / (1 + math.exp(-v))\n"
         "        else:\n            e = math.exp(v)\n            out[i] = e / (1 + e)\n"
         "    return out\n"),
        ("boolean masks, float32 kept",
         "def sigmoid(z):\n    z = np.asarray(z)\n    out = np.empty_like(z, dtype=np.result_type(z, np.float32))\n"
         "    pos = z >= 0\n    out[pos] = 1 / (1 + np.exp(-z[pos]))\n    e = np.exp(z[~pos])\n"
         "    out[~pos] = e / (1 + e)\n    return out\n"),
    ],
    "sigmoid_grad": [
        ("from scratch, stable", "def sigmoid_grad(z):\n    z = np.asarray(z, dtype=float)\n    e = np.exp(-np.abs(z))\n"
                                 "    return e / (1 + e) ** 2\n"),
        ("s - s**2", "def sigmoid_grad(z):\n    s = sigmoid(z)\n    return s - s * s\n"),
    ],
    "tanh": [
        ("np.tanh (passes; flagged by OWN_WORK)", "def tanh(z):\n    return np.tanh(z)\n"),
        ("exp(-2|z|) form, float32 kept",
         "def tanh(z):\n    z = np.asarray(z)\n    e = np.exp(-2 * np.abs(z))\n"
         "    return np.sign(z) * (1 - e) / (1 + e)\n"),
        ("a loop with math.tanh (passes; flagged by OWN_WORK)",
         "import math\n"
         "def tanh(z):\n    z = np.asarray(z, dtype=float)\n"
         "    return np.array([math.tanh(v) for v in z.ravel()]).reshape(z.shape)\n"),
    ],
    "tanh_grad": [
        ("(1 - t) * (1 + t)", "def tanh_grad(z):\n    t = tanh(z)\n    return (1 - t) * (1 + t)\n"),
        ("1 / cosh^2 via np.tanh", "def tanh_grad(z):\n    return 1 - np.tanh(z) ** 2\n"),
    ],
    "relu": [
        ("z * (z > 0)", "def relu(z):\n    return z * (z > 0)\n"),
        ("np.where", "def relu(z):\n    return np.where(z > 0, z, 0.0)\n"),
        ("copy then zero the negatives", "def relu(z):\n    out = np.array(z, copy=True)\n    out[out < 0] = 0\n    return out\n"),
        ("copy with np.array, then np.maximum(..., out=)",
         "def relu(z):\n"
         "    out = np.array(z, dtype=float)\n"
         "    return np.maximum(out, 0, out=out)\n"),
    ],
    "relu_grad": [
        ("np.where, floats", "def relu_grad(z):\n    return np.where(np.asarray(z) > 0, 1.0, 0.0)\n"),
        ("heaviside with 0 at 0", "def relu_grad(z):\n    return np.heaviside(z, 0.0)\n"),
        ("a loop", "def relu_grad(z):\n    z = np.asarray(z, dtype=float)\n"
                   "    return np.array([1.0 if v > 0 else 0.0 for v in z.ravel()]).reshape(z.shape)\n"),
    ],
    "leaky_relu": [
        ("np.maximum(z, alpha * z)", "def leaky_relu(z, alpha=0.01):\n    return np.maximum(z, alpha * z)\n"),
        ("relu plus the negative part", "def leaky_relu(z, alpha=0.01):\n    return np.maximum(z, 0) + alpha * np.minimum(z, 0)\n"),
        ("z * where(z > 0, 1, alpha)",
         "def leaky_relu(z, alpha=0.01):\n"
         "    z = np.asarray(z)\n"
         "    return z * np.where(z > 0, 1, alpha).astype(z.dtype)\n"),
    ],
    "softplus": [
        ("np.logaddexp(0, z)", "def softplus(z):\n    return np.logaddexp(0, z)\n"),
        ("log instead of log1p (less accurate for large |z| but within tolerance)",
         "def softplus(z):\n    z = np.asarray(z)\n    return np.maximum(z, 0) + np.log(1 + np.exp(-np.abs(z)))\n"),
        ("-log(sigmoid(-z)) with a stable log-sigmoid",
         "def softplus(z):\n    z = np.asarray(z)\n    return np.where(z > 0, z, 0) - np.log(sigmoid(np.abs(z)))\n"),
    ],
    "collapse_linear_layers": [
        ("explicit formula: push a zero input and identity through the stack",
         "def collapse_linear_layers(weights, biases):\n"
         "    D0 = weights[0].shape[0]\n    W, b = np.eye(D0), np.zeros(D0)\n"
         "    for Wi, bi in zip(weights, biases):\n        W = W @ Wi\n        b = b @ Wi + bi\n"
         "    return W, b\n"),
        ("functools.reduce over the layers",
         "from functools import reduce\n"
         "def collapse_linear_layers(weights, biases):\n"
         "    return reduce(lambda acc, layer: (acc[0] @ layer[0], acc[1] @ layer[0] + layer[1]),\n"
         "                  list(zip(weights, biases))[1:], (weights[0], biases[0]))\n"),
        ("copies of the lists, consumed with pop",
         "def collapse_linear_layers(weights, biases):\n"
         "    weights, biases = list(weights), list(biases)\n"
         "    W, b = weights.pop(0), biases.pop(0)\n"
         "    while weights:\n"
         "        Wn, bn = weights.pop(0), biases.pop(0)\n"
         "        W, b = W @ Wn, b @ Wn + bn\n"
         "    return W, b\n"),
    ],
    "output_activation": [
        ("if/elif chain",
         "def output_activation(task):\n"
         "    if task in ('binary', 'multilabel'):\n        return 'sigmoid'\n"
         "    elif task == 'multiclass':\n        return 'softmax'\n"
         "    elif task == 'regression':\n        return 'linear'\n"
         "    elif task == 'nonnegative_regression':\n        return 'relu'\n"
         "    raise ValueError('Unknown task: ' + str(task) + \". Expected 'binary', 'multiclass', 'multilabel', \"\n"
         "                     \"'regression' or 'nonnegative_regression'\")\n"),
        ("match statement",
         "def output_activation(task):\n"
         "    match task:\n"
         "        case 'binary' | 'multilabel':\n            return 'sigmoid'\n"
         "        case 'multiclass':\n            return 'softmax'\n"
         "        case 'regression':\n            return 'linear'\n"
         "        case 'nonnegative_regression':\n            return 'relu'\n"
         "        case _:\n            raise ValueError(f'{task} is not a known task; valid tasks: '\n"
         "                             'binary, multiclass, '\n"
         "                             'multilabel, regression, nonnegative_regression')\n"),
    ],
    "gradient_through_depth": [
        ("loop of products", "def gradient_through_depth(depth, activation_grad, z):\n"
                             "    out = np.ones_like(np.asarray(z, dtype=float))\n"
                             "    for _ in range(depth):\n        out = out * activation_grad(z)\n    return out\n"),
        ("np.power", "def gradient_through_depth(depth, activation_grad, z):\n"
                     "    return np.power(activation_grad(z), depth)\n"),
        ("np.prod over a stacked axis", "def gradient_through_depth(depth, activation_grad, z):\n"
                                        "    return np.prod(np.stack([activation_grad(z)] * depth), axis=0)\n"),
        ("a copy of the derivative, then **= in place",
         "def gradient_through_depth(depth, activation_grad, z):\n"
         "    g = np.array(activation_grad(z), dtype=float)\n"
         "    g **= depth\n"
         "    return g\n"),
    ],
}
