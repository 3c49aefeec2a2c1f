"""Known-wrong (MUTANTS) and correct alternative (ALTERNATIVES) implementations of week 1's graded functions.

Each source defines the function under its graded name and uses only `np` (and, where it says so, the
notebook's `step`). Every mutant must make its function's test cell fail; every alternative must pass it.
"""

MUTANTS = {
    "step": [
        ("strict inequality z > 0", """
def step(z):
    return (np.asarray(z) > 0).astype(int)
"""),
        ("returns booleans instead of ints", """
def step(z):
    return np.asarray(z) >= 0
"""),
        ("np.heaviside with 0.5 at zero (floats)", """
def step(z):
    return np.heaviside(np.asarray(z, dtype=float), 0.5)
"""),
        ("sign function: -1/0/1", """
def step(z):
    return np.sign(np.asarray(z)).astype(int)
"""),
        ("Python scalar logic on a flattened array", """
def step(z):
    return np.array([1 if v >= 0 else 0 for v in np.ravel(z)])
"""),
        ("writes the 0/1 labels into the caller's z in place", """
def step(z):
    z = np.asarray(z)
    if z.ndim:
        z[...] = z >= 0
        return z.astype(int)
    return (z >= 0).astype(int)
"""),
        ("sign bit test: -0.0 maps to 0", """
def step(z):
    return (~np.signbit(np.asarray(z, dtype=float))).astype(int)
"""),
    ],
    "perceptron_predict": [
        ("ignores the bias", """
def perceptron_predict(X, w, b):
    return (np.asarray(X) @ w >= 0).astype(int)
"""),
        ("strict inequality z > 0", """
def perceptron_predict(X, w, b):
    return (np.asarray(X) @ w + b > 0).astype(int)
"""),
        ("subtracts the bias", """
def perceptron_predict(X, w, b):
    return (np.asarray(X) @ w - b >= 0).astype(int)
"""),
        ("returns the raw score z", """
def perceptron_predict(X, w, b):
    return np.asarray(X) @ w + b
"""),
        ("sums over the wrong axis", """
def perceptron_predict(X, w, b):
    X = np.asarray(X)
    return ((X * w[None, :]).sum(axis=0) + b >= 0).astype(int)
"""),
        ("returns booleans", """
def perceptron_predict(X, w, b):
    return np.asarray(X) @ w + b >= 0
"""),
        ("scales the caller's X by w in place", """
def perceptron_predict(X, w, b):
    X = np.asarray(X)
    X *= w
    return step(X.sum(axis=1) + b)
"""),
    ],
    "perceptron_train": [
        ("updates on correctly classified samples too (+-1 rule with 0/1 labels)", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            mistakes += int(y_hat != y_i)
            w = w + lr * (2 * y_i - 1) * x_i
            b = b + lr * (2 * y_i - 1)
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("forgets the bias update", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("shuffles the samples every epoch", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    rng = np.random.default_rng(0)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for i in rng.permutation(len(X)):
            y_hat = int(X[i] @ w + b >= 0)
            if y_hat != y[i]:
                w = w + lr * (y[i] - y_hat) * X[i]
                b = b + lr * (y[i] - y_hat)
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("counts the errors after the epoch instead of during it", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            w = w + lr * (y_i - y_hat) * x_i
            b = b + lr * (y_i - y_hat)
        errors.append(int(np.sum((X @ w + b >= 0).astype(int) != y)))
    return w, b, np.array(errors, dtype=int)
"""),
        ("predicts with z > 0 during training", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b > 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("ignores the learning rate", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = w + (y_i - y_hat) * x_i
                b = b + (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("batch update: predictions of the whole epoch with the old weights", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        delta = y - (X @ w + b >= 0).astype(int)
        w = w + lr * delta @ X
        b = b + lr * delta.sum()
        errors.append(int(np.count_nonzero(delta)))
    return w, b, np.array(errors, dtype=int)
"""),
        ("stops early once an epoch has no errors", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break
    return w, b, np.array(errors, dtype=int)
"""),
        ("errors as floats", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, np.zeros(epochs)
    for e in range(epochs):
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                errors[e] += 1
    return w, b, errors
"""),
        ("turns the caller's labels into -1/+1 in place", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    y *= 2
    y -= 1
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, t_i in zip(X, y):
            y_i = (t_i + 1) // 2
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("wrong default learning rate (lr=0.1)", """
def perceptron_train(X, y, lr=0.1, epochs=20):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("wrong default number of epochs (10)", """
def perceptron_train(X, y, lr=1.0, epochs=10):
    X = np.asarray(X, dtype=float)
    w, b, errors = np.zeros(X.shape[1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("integer weights", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X)
    w, b, errors = np.zeros(X.shape[1], dtype=int), 0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(x_i @ w + b >= 0)
            if y_hat != y_i:
                w = (w + lr * (y_i - y_hat) * x_i).astype(int)
                b = int(b + lr * (y_i - y_hat))
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
        ("squeezes X: breaks on a single sample", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float).squeeze()
    y = np.atleast_1d(np.asarray(y).squeeze())
    w, b, errors = np.zeros(X.shape[-1]), 0.0, []
    for _ in range(epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            y_hat = int(np.dot(x_i, w) + b >= 0)
            if y_hat != y_i:
                w = w + lr * (y_i - y_hat) * x_i
                b = b + lr * (y_i - y_hat)
                mistakes += 1
        errors.append(mistakes)
    return w, b, np.array(errors, dtype=int)
"""),
    ],
    "xor_network": [
        ("a single OR unit (no hidden layer)", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    return (X @ np.array([1.0, 1.0]) - 0.5 >= 0).astype(int)
"""),
        ("output unit computes OR instead of AND", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    h = (X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + np.array([-0.5, 1.5]) >= 0).astype(int)
    return (h @ np.array([1.0, 1.0]) - 0.5 >= 0).astype(int)
"""),
        ("thresholds through the corners (x1 + x2 >= 1, x1 + x2 <= 1)", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    h = (X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + np.array([-1.0, 1.0]) >= 0).astype(int)
    return (h @ np.array([1.0, 1.0]) - 1.5 >= 0).astype(int)
"""),
        ("XNOR: the output is inverted", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    h = (X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + np.array([-0.5, 1.5]) >= 0).astype(int)
    return 1 - (h @ np.array([1.0, 1.0]) - 1.5 >= 0).astype(int)
"""),
        ("returns booleans", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    h = X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + np.array([-0.5, 1.5]) >= 0
    return h @ np.array([1.0, 1.0]) - 1.5 >= 0
"""),
        ("rounds the caller's X in place, then thresholds through the corners", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    np.round(X, out=X)
    h = (X @ np.array([[1.0, -1.0], [1.0, -1.0]]) + np.array([-1.0, 1.0]) >= 0).astype(int)
    return (h @ np.array([1.0, 1.0]) - 1.5 >= 0).astype(int)
"""),
    ],
    "count_parameters": [
        ("forgets the biases", """
def count_parameters(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
"""),
        ("bias per input unit instead of per output unit", """
def count_parameters(layer_sizes):
    return sum(a * b + a for a, b in zip(layer_sizes[:-1], layer_sizes[1:]))
"""),
        ("off by one: skips the last layer", """
def count_parameters(layer_sizes):
    return sum(layer_sizes[i] * layer_sizes[i + 1] + layer_sizes[i + 1] for i in range(len(layer_sizes) - 2))
"""),
        ("counts biases for the input layer too", """
def count_parameters(layer_sizes):
    return sum(a * b for a, b in zip(layer_sizes[:-1], layer_sizes[1:])) + sum(layer_sizes)
"""),
        ("(n_in + 1) * n_out but as a float", """
def count_parameters(layer_sizes):
    sizes = np.asarray(layer_sizes, dtype=float)
    return float(np.sum((sizes[:-1] + 1) * sizes[1:]))
"""),
        ("consumes the caller's list with pop", """
def count_parameters(layer_sizes):
    total = 0
    while len(layer_sizes) > 1:
        n_in = layer_sizes.pop(0)
        total += n_in * layer_sizes[0] + layer_sizes[0]
    return total
"""),
        ("returns a 0-d array, not an int", """
def count_parameters(layer_sizes):
    sizes = np.asarray(layer_sizes)
    return np.array((sizes[:-1] * sizes[1:] + sizes[1:]).sum())
"""),
    ],
}

ALTERNATIVES = {
    "step": [
        ("np.where", """
def step(z):
    return np.where(np.asarray(z) >= 0, 1, 0)
"""),
        ("np.heaviside at 1, cast to int", """
def step(z):
    return np.heaviside(z, 1).astype(np.int32)
"""),
        ("a copy of z, then 0/1 written into the copy", """
def step(z):
    out = np.array(z, dtype=float, copy=True)
    out[...] = out >= 0
    return out.astype(np.int64)
"""),
    ],
    "perceptron_predict": [
        ("loop over rows", """
def perceptron_predict(X, w, b):
    return np.array([1 if np.dot(x, w) + b >= 0 else 0 for x in X], dtype=int)
"""),
        ("float32, np.dot, own threshold", """
def perceptron_predict(X, w, b):
    z = np.dot(np.asarray(X, dtype=np.float32), np.asarray(w, dtype=np.float32)) + np.float32(b)
    return (z >= 0).astype(np.int8)
"""),
    ],
    "perceptron_train": [
        ("augmented weight vector (bias as w0 with x0 = 1)", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=float)
    Xa = np.hstack([np.ones((len(X), 1)), X])
    wa = np.zeros(Xa.shape[1])
    errors = []
    for _ in range(epochs):
        count = 0
        for i in range(len(Xa)):
            error = y[i] - step(Xa[i] @ wa)
            wa += lr * error * Xa[i]
            count += int(error != 0)
        errors.append(count)
    return wa[1:], wa[0], np.array(errors)
"""),
        ("float32 weights, index loop, errors as a list", """
def perceptron_train(X, y, lr=1.0, epochs=20):
    X = np.asarray(X, dtype=np.float32)
    w = np.zeros(X.shape[1], dtype=np.float32)
    b = np.float32(0.0)
    errors = []
    for epoch in range(epochs):
        errors.append(0)
        for i in range(X.shape[0]):
            y_hat = 1 if float(np.dot(X[i], w) + b) >= 0 else 0
            if y_hat != y[i]:
                w += np.float32(lr * (y[i] - y_hat)) * X[i]
                b += np.float32(lr * (y[i] - y_hat))
                errors[epoch] += 1
    return w, b, errors
"""),
    ],
    "xor_network": [
        ("x1 AND NOT x2, x2 AND NOT x1, then OR", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    W1 = np.array([[1.0, -1.0], [-1.0, 1.0]])
    b1 = np.array([-0.5, -0.5])
    h = (X @ W1 + b1 >= 0).astype(int)
    return (h @ np.array([1.0, 1.0]) - 0.5 >= 0).astype(int)
"""),
        ("large weights (20, -20), explicit units", """
def xor_network(X):
    X = np.asarray(X, dtype=float)
    h_or = step(20 * X[:, 0] + 20 * X[:, 1] - 10)
    h_nand = step(-20 * X[:, 0] - 20 * X[:, 1] + 30)
    return step(20 * h_or + 20 * h_nand - 30)
"""),
    ],
    "count_parameters": [
        ("explicit loop", """
def count_parameters(layer_sizes):
    total = 0
    for i in range(1, len(layer_sizes)):
        total += layer_sizes[i - 1] * layer_sizes[i] + layer_sizes[i]
    return total
"""),
        ("numpy: (n_in + 1) * n_out", """
def count_parameters(layer_sizes):
    sizes = np.asarray(layer_sizes, dtype=np.int64)
    return np.sum((sizes[:-1] + 1) * sizes[1:])
"""),
        ("a copy of the list, consumed with pop", """
def count_parameters(layer_sizes):
    sizes, total = list(layer_sizes), 0
    while len(sizes) > 1:
        n_in = sizes.pop(0)
        total += (n_in + 1) * sizes[0]
    return total
"""),
    ],
}
