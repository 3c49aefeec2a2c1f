"""Wrong and alternative implementations of the capstone's graded functions (week 7b).

Each source runs in the kernel of the executed source notebook, where the reference layers of weeks 4, 5 and 7
(the "bring your layers" cell) and the other reference network functions are defined; the function's test cell
must fail for every mutant and pass for every alternative.
"""

MUTANTS = {
    "init_network": [
        ('unit-variance weights (no He/Xavier scale)', '''
def init_network(layer_sizes, init="he", batchnorm=False, seed=0):
    initializers = {"he": he_init, "xavier": xavier_init}
    if init not in initializers:
        raise ValueError(f"init must be 'he' or 'xavier', got {init!r}")
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = np.random.default_rng(seed + l).normal(size=(fan_in, fan_out))
        params[f"b{l}"] = np.zeros(fan_out)
        if batchnorm and l < L:
            params[f"gamma{l}"] = np.ones(fan_out)
            params[f"beta{l}"] = np.zeros(fan_out)
    return params
'''),
        ('one seed for every layer', '''
def init_network(layer_sizes, init="he", batchnorm=False, seed=0):
    initializers = {"he": he_init, "xavier": xavier_init}
    if init not in initializers:
        raise ValueError(f"init must be 'he' or 'xavier', got {init!r}")
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = initializers[init](fan_in, fan_out, seed=seed)
        params[f"b{l}"] = np.zeros(fan_out)
        if batchnorm and l < L:
            params[f"gamma{l}"] = np.ones(fan_out)
            params[f"beta{l}"] = np.zeros(fan_out)
    return params
'''),
        ('gamma and beta for the output layer too', '''
def init_network(layer_sizes, init="he", batchnorm=False, seed=0):
    initializers = {"he": he_init, "xavier": xavier_init}
    if init not in initializers:
        raise ValueError(f"init must be 'he' or 'xavier', got {init!r}")
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = initializers[init](fan_in, fan_out, seed=seed + l)
        params[f"b{l}"] = np.zeros(fan_out)
        if batchnorm:
            params[f"gamma{l}"] = np.ones(fan_out)
            params[f"beta{l}"] = np.zeros(fan_out)
    return params
'''),
        ('xavier ignored (always He)', '''
def init_network(layer_sizes, init="he", batchnorm=False, seed=0):
    initializers = {"he": he_init, "xavier": xavier_init}
    if init not in initializers:
        raise ValueError(f"init must be 'he' or 'xavier', got {init!r}")
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = he_init(fan_in, fan_out, seed=seed + l)
        params[f"b{l}"] = np.zeros(fan_out)
        if batchnorm and l < L:
            params[f"gamma{l}"] = np.ones(fan_out)
            params[f"beta{l}"] = np.zeros(fan_out)
    return params
'''),
        ('random biases', '''
def init_network(layer_sizes, init="he", batchnorm=False, seed=0):
    initializers = {"he": he_init, "xavier": xavier_init}
    if init not in initializers:
        raise ValueError(f"init must be 'he' or 'xavier', got {init!r}")
    params = {}
    L = len(layer_sizes) - 1
    for l in range(1, L + 1):
        fan_in, fan_out = layer_sizes[l - 1], layer_sizes[l]
        params[f"W{l}"] = initializers[init](fan_in, fan_out, seed=seed + l)
        params[f"b{l}"] = 0.01 * np.random.default_rng(seed).normal(size=fan_out)
        if batchnorm and l < L:
            params[f"gamma{l}"] = np.ones(fan_out)
            params[f"beta{l}"] = np.zeros(fan_out)
    return params
'''),
    ],
    "network_forward": [
        ('batch norm after the ReLU', '''
def network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    has_bn = "gamma1" in params
    new_state = None
    if has_bn:
        new_state = {}
        for l in range(1, L):
            width = params[f"b{l}"].shape[0]
            new_state[f"running_mean{l}"] = np.zeros(width) if bn_state is None else bn_state[f"running_mean{l}"]
            new_state[f"running_var{l}"] = np.ones(width) if bn_state is None else bn_state[f"running_var{l}"]
    h, caches = X, []
    for l in range(1, L):
        h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
        h, relu_cache = relu_forward(h)
        bn_cache = None
        if has_bn:
            state = {"running_mean": new_state[f"running_mean{l}"], "running_var": new_state[f"running_var{l}"]}
            h, bn_cache, state = batchnorm_forward(h, params[f"gamma{l}"], params[f"beta{l}"], state, training)
            new_state[f"running_mean{l}"], new_state[f"running_var{l}"] = state["running_mean"], state["running_var"]
        mask = None
        if training and dropout > 0:
            h, mask = dropout_forward(h, dropout, True, seed=seed + l)
        caches.append((dense_cache, bn_cache, relu_cache, mask))
    scores, last_cache = dense_forward(h, params[f"W{L}"], params[f"b{L}"])
    caches.append(last_cache)
    return scores, caches, new_state
'''),
        ('dropout at inference too', '''
def network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    has_bn = "gamma1" in params
    new_state = None
    if has_bn:
        new_state = {}
        for l in range(1, L):
            width = params[f"b{l}"].shape[0]
            new_state[f"running_mean{l}"] = np.zeros(width) if bn_state is None else bn_state[f"running_mean{l}"]
            new_state[f"running_var{l}"] = np.ones(width) if bn_state is None else bn_state[f"running_var{l}"]
    h, caches = X, []
    for l in range(1, L):
        h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
        bn_cache = None
        if has_bn:
            state = {"running_mean": new_state[f"running_mean{l}"], "running_var": new_state[f"running_var{l}"]}
            h, bn_cache, state = batchnorm_forward(h, params[f"gamma{l}"], params[f"beta{l}"], state, training)
            new_state[f"running_mean{l}"], new_state[f"running_var{l}"] = state["running_mean"], state["running_var"]
        h, relu_cache = relu_forward(h)
        mask = None
        if dropout > 0:
            h, mask = dropout_forward(h, dropout, True, seed=seed + l)
        caches.append((dense_cache, bn_cache, relu_cache, mask))
    scores, last_cache = dense_forward(h, params[f"W{L}"], params[f"b{L}"])
    caches.append(last_cache)
    return scores, caches, new_state
'''),
        ('ReLU on the output scores', '''
def network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    has_bn = "gamma1" in params
    new_state = None
    if has_bn:
        new_state = {}
        for l in range(1, L):
            width = params[f"b{l}"].shape[0]
            new_state[f"running_mean{l}"] = np.zeros(width) if bn_state is None else bn_state[f"running_mean{l}"]
            new_state[f"running_var{l}"] = np.ones(width) if bn_state is None else bn_state[f"running_var{l}"]
    h, caches = X, []
    for l in range(1, L):
        h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
        bn_cache = None
        if has_bn:
            state = {"running_mean": new_state[f"running_mean{l}"], "running_var": new_state[f"running_var{l}"]}
            h, bn_cache, state = batchnorm_forward(h, params[f"gamma{l}"], params[f"beta{l}"], state, training)
            new_state[f"running_mean{l}"], new_state[f"running_var{l}"] = state["running_mean"], state["running_var"]
        h, relu_cache = relu_forward(h)
        mask = None
        if training and dropout > 0:
            h, mask = dropout_forward(h, dropout, True, seed=seed + l)
        caches.append((dense_cache, bn_cache, relu_cache, mask))
    scores, last_cache = dense_forward(h, params[f"W{L}"], params[f"b{L}"])
    scores, _ = relu_forward(scores)
    caches.append(last_cache)
    return scores, caches, new_state
'''),
        ('the same dropout seed for every layer', '''
def network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    has_bn = "gamma1" in params
    new_state = None
    if has_bn:
        new_state = {}
        for l in range(1, L):
            width = params[f"b{l}"].shape[0]
            new_state[f"running_mean{l}"] = np.zeros(width) if bn_state is None else bn_state[f"running_mean{l}"]
            new_state[f"running_var{l}"] = np.ones(width) if bn_state is None else bn_state[f"running_var{l}"]
    h, caches = X, []
    for l in range(1, L):
        h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
        bn_cache = None
        if has_bn:
            state = {"running_mean": new_state[f"running_mean{l}"], "running_var": new_state[f"running_var{l}"]}
            h, bn_cache, state = batchnorm_forward(h, params[f"gamma{l}"], params[f"beta{l}"], state, training)
            new_state[f"running_mean{l}"], new_state[f"running_var{l}"] = state["running_mean"], state["running_var"]
        h, relu_cache = relu_forward(h)
        mask = None
        if training and dropout > 0:
            h, mask = dropout_forward(h, dropout, True, seed=seed)
        caches.append((dense_cache, bn_cache, relu_cache, mask))
    scores, last_cache = dense_forward(h, params[f"W{L}"], params[f"b{L}"])
    caches.append(last_cache)
    return scores, caches, new_state
'''),
        ('running statistics not returned (the old bn_state)', '''
def network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    has_bn = "gamma1" in params
    new_state = None
    if has_bn:
        new_state = {}
        for l in range(1, L):
            width = params[f"b{l}"].shape[0]
            new_state[f"running_mean{l}"] = np.zeros(width) if bn_state is None else bn_state[f"running_mean{l}"]
            new_state[f"running_var{l}"] = np.ones(width) if bn_state is None else bn_state[f"running_var{l}"]
    h, caches = X, []
    for l in range(1, L):
        h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
        bn_cache = None
        if has_bn:
            state = {"running_mean": new_state[f"running_mean{l}"], "running_var": new_state[f"running_var{l}"]}
            h, bn_cache, state = batchnorm_forward(h, params[f"gamma{l}"], params[f"beta{l}"], state, training)
            new_state[f"running_mean{l}"], new_state[f"running_var{l}"] = state["running_mean"], state["running_var"]
        h, relu_cache = relu_forward(h)
        mask = None
        if training and dropout > 0:
            h, mask = dropout_forward(h, dropout, True, seed=seed + l)
        caches.append((dense_cache, bn_cache, relu_cache, mask))
    scores, last_cache = dense_forward(h, params[f"W{L}"], params[f"b{L}"])
    caches.append(last_cache)
    return scores, caches, bn_state
'''),
        ('batch statistics at inference', '''
def network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    has_bn = "gamma1" in params
    new_state = None
    if has_bn:
        new_state = {}
        for l in range(1, L):
            width = params[f"b{l}"].shape[0]
            new_state[f"running_mean{l}"] = np.zeros(width) if bn_state is None else bn_state[f"running_mean{l}"]
            new_state[f"running_var{l}"] = np.ones(width) if bn_state is None else bn_state[f"running_var{l}"]
    h, caches = X, []
    for l in range(1, L):
        h, dense_cache = dense_forward(h, params[f"W{l}"], params[f"b{l}"])
        bn_cache = None
        if has_bn:
            state = {"running_mean": new_state[f"running_mean{l}"], "running_var": new_state[f"running_var{l}"]}
            h, bn_cache, state = batchnorm_forward(h, params[f"gamma{l}"], params[f"beta{l}"], state, True)
            new_state[f"running_mean{l}"], new_state[f"running_var{l}"] = state["running_mean"], state["running_var"]
        h, relu_cache = relu_forward(h)
        mask = None
        if training and dropout > 0:
            h, mask = dropout_forward(h, dropout, True, seed=seed + l)
        caches.append((dense_cache, bn_cache, relu_cache, mask))
    scores, last_cache = dense_forward(h, params[f"W{L}"], params[f"b{L}"])
    caches.append(last_cache)
    return scores, caches, new_state
'''),
    ],
    "network_loss": [
        ('no L2 in the loss', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    scores, caches, new_state = network_forward(params, X, True, dropout, bn_state, seed)
    data_loss, dscores = softmax_cross_entropy_loss(scores, y)
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    penalty, penalty_grads = l2_penalty(weights, reg)
    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, caches[L - 1])
    for l in range(L - 1, 0, -1):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        if mask is not None:
            dh = dropout_backward(dh, mask)
        dh = relu_backward(dh, relu_cache)
        if bn_cache is not None:
            dh, grads[f"gamma{l}"], grads[f"beta{l}"] = batchnorm_backward(dh, bn_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    for l in range(1, L + 1):
        grads[f"W{l}"] = grads[f"W{l}"] + penalty_grads[l - 1]
    loss = float(data_loss)
    return loss, grads, new_state
'''),
        ('L2 in the loss but not in the gradients', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    scores, caches, new_state = network_forward(params, X, True, dropout, bn_state, seed)
    data_loss, dscores = softmax_cross_entropy_loss(scores, y)
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    penalty, penalty_grads = l2_penalty(weights, reg)
    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, caches[L - 1])
    for l in range(L - 1, 0, -1):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        if mask is not None:
            dh = dropout_backward(dh, mask)
        dh = relu_backward(dh, relu_cache)
        if bn_cache is not None:
            dh, grads[f"gamma{l}"], grads[f"beta{l}"] = batchnorm_backward(dh, bn_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    for l in range(1, L + 1):
        pass
    loss = float(data_loss + penalty)
    return loss, grads, new_state
'''),
        ('L2 with a factor 1/2 (0.5 reg sum of squares, gradient reg W)', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    scores, caches, new_state = network_forward(params, X, True, dropout, bn_state, seed)
    data_loss, dscores = softmax_cross_entropy_loss(scores, y)
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    penalty, penalty_grads = l2_penalty(weights, reg / 2)
    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, caches[L - 1])
    for l in range(L - 1, 0, -1):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        if mask is not None:
            dh = dropout_backward(dh, mask)
        dh = relu_backward(dh, relu_cache)
        if bn_cache is not None:
            dh, grads[f"gamma{l}"], grads[f"beta{l}"] = batchnorm_backward(dh, bn_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    for l in range(1, L + 1):
        grads[f"W{l}"] = grads[f"W{l}"] + penalty_grads[l - 1]
    loss = float(data_loss + penalty)
    return loss, grads, new_state
'''),
        ('L2 on the biases too', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    scores, caches, new_state = network_forward(params, X, True, dropout, bn_state, seed)
    data_loss, dscores = softmax_cross_entropy_loss(scores, y)
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    penalty_b = reg * sum(float(np.sum(params[f"b{l}"] ** 2)) for l in range(1, L + 1))
    penalty, penalty_grads = l2_penalty(weights, reg)
    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, caches[L - 1])
    for l in range(L - 1, 0, -1):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        if mask is not None:
            dh = dropout_backward(dh, mask)
        dh = relu_backward(dh, relu_cache)
        if bn_cache is not None:
            dh, grads[f"gamma{l}"], grads[f"beta{l}"] = batchnorm_backward(dh, bn_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    for l in range(1, L + 1):
        grads[f"W{l}"] = grads[f"W{l}"] + penalty_grads[l - 1]
    loss = float(data_loss + penalty + penalty_b)
    return loss, grads, new_state
'''),
        ('ReLU skipped in the backward pass', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    scores, caches, new_state = network_forward(params, X, True, dropout, bn_state, seed)
    data_loss, dscores = softmax_cross_entropy_loss(scores, y)
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    penalty, penalty_grads = l2_penalty(weights, reg)
    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, caches[L - 1])
    for l in range(L - 1, 0, -1):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        if mask is not None:
            dh = dropout_backward(dh, mask)
        if bn_cache is not None:
            dh, grads[f"gamma{l}"], grads[f"beta{l}"] = batchnorm_backward(dh, bn_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    for l in range(1, L + 1):
        grads[f"W{l}"] = grads[f"W{l}"] + penalty_grads[l - 1]
    loss = float(data_loss + penalty)
    return loss, grads, new_state
'''),
        ('dropout mask forgotten in the backward pass', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    scores, caches, new_state = network_forward(params, X, True, dropout, bn_state, seed)
    data_loss, dscores = softmax_cross_entropy_loss(scores, y)
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    penalty, penalty_grads = l2_penalty(weights, reg)
    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, caches[L - 1])
    for l in range(L - 1, 0, -1):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        dh = relu_backward(dh, relu_cache)
        if bn_cache is not None:
            dh, grads[f"gamma{l}"], grads[f"beta{l}"] = batchnorm_backward(dh, bn_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    for l in range(1, L + 1):
        grads[f"W{l}"] = grads[f"W{l}"] + penalty_grads[l - 1]
    loss = float(data_loss + penalty)
    return loss, grads, new_state
'''),
        ('gradients not averaged over the batch (times N)', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    L = sum(1 for key in params if key.startswith("W"))
    scores, caches, new_state = network_forward(params, X, True, dropout, bn_state, seed)
    data_loss, dscores = softmax_cross_entropy_loss(scores, y)
    dscores = dscores * len(y)
    weights = [params[f"W{l}"] for l in range(1, L + 1)]
    penalty, penalty_grads = l2_penalty(weights, reg)
    grads = {}
    dh, grads[f"W{L}"], grads[f"b{L}"] = dense_backward(dscores, caches[L - 1])
    for l in range(L - 1, 0, -1):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        if mask is not None:
            dh = dropout_backward(dh, mask)
        dh = relu_backward(dh, relu_cache)
        if bn_cache is not None:
            dh, grads[f"gamma{l}"], grads[f"beta{l}"] = batchnorm_backward(dh, bn_cache)
        dh, grads[f"W{l}"], grads[f"b{l}"] = dense_backward(dh, dense_cache)
    for l in range(1, L + 1):
        grads[f"W{l}"] = grads[f"W{l}"] + penalty_grads[l - 1]
    loss = float(data_loss + penalty)
    return loss, grads, new_state
'''),
    ],
    "train_network": [
        ('the same shuffle every epoch', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=True, seed=seed):
            loss, grads, bn_state = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            t += 1
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], rate)
                elif optimizer == "momentum":
                    params[key], v[key] = momentum_step(params[key], grads[key], v[key], rate)
                else:
                    params[key], m[key], v[key] = adam_step(params[key], grads[key], m[key], v[key], t, lr=rate)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, bn_state=bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
        ('schedule ignored in the steps', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads, bn_state = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            t += 1
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], lr)
                elif optimizer == "momentum":
                    params[key], v[key] = momentum_step(params[key], grads[key], v[key], lr)
                else:
                    params[key], m[key], v[key] = adam_step(params[key], grads[key], m[key], v[key], t, lr=lr)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, bn_state=bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
        ('Adam state reset at every step', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads, bn_state = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            t += 1
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], rate)
                elif optimizer == "momentum":
                    params[key], v[key] = momentum_step(params[key], grads[key], v[key], rate)
                else:
                    params[key], _, _ = adam_step(params[key], grads[key], 0 * params[key], 0 * params[key], 1, lr=rate)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, bn_state=bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
        ('momentum velocity reset at every step', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads, bn_state = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            t += 1
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], rate)
                elif optimizer == "momentum":
                    params[key], _ = momentum_step(params[key], grads[key], 0 * params[key], rate)
                else:
                    params[key], m[key], v[key] = adam_step(params[key], grads[key], m[key], v[key], t, lr=rate)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, bn_state=bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
        ("Adam's t counts epochs, not iterations", '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        t += 1
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads, bn_state = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], rate)
                elif optimizer == "momentum":
                    params[key], v[key] = momentum_step(params[key], grads[key], v[key], rate)
                else:
                    params[key], m[key], v[key] = adam_step(params[key], grads[key], m[key], v[key], t, lr=rate)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, bn_state=bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
        ('no shuffling', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=False):
            loss, grads, bn_state = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            t += 1
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], rate)
                elif optimizer == "momentum":
                    params[key], v[key] = momentum_step(params[key], grads[key], v[key], rate)
                else:
                    params[key], m[key], v[key] = adam_step(params[key], grads[key], m[key], v[key], t, lr=rate)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, bn_state=bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
        ('accuracy measured in training mode (dropout on)', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads, bn_state = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            t += 1
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], rate)
                elif optimizer == "momentum":
                    params[key], v[key] = momentum_step(params[key], grads[key], v[key], rate)
                else:
                    params[key], m[key], v[key] = adam_step(params[key], grads[key], m[key], v[key], t, lr=rate)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, True, dropout, bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
        ('bn_state not carried between steps', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in ("sgd", "momentum", "adam"):
        raise ValueError(f"optimizer must be 'sgd', 'momentum' or 'adam', got {optimizer!r}")
    params = {key: value.copy() for key, value in params.items()}
    m = {key: np.zeros_like(value) for key, value in params.items()}
    v = {key: np.zeros_like(value) for key, value in params.items()}
    history = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    t = 0
    for epoch in range(epochs):
        rate = lr if lr_schedule is None else lr_schedule(lr, epoch)
        for X_batch, y_batch in minibatches(X_train, y_train, batch_size, shuffle=True, seed=seed + epoch):
            loss, grads, _ = network_loss(params, X_batch, y_batch, reg, dropout, bn_state, seed + 1000 * t)
            t += 1
            for key in params:
                if optimizer == "sgd":
                    params[key] = sgd_step(params[key], grads[key], rate)
                elif optimizer == "momentum":
                    params[key], v[key] = momentum_step(params[key], grads[key], v[key], rate)
                else:
                    params[key], m[key], v[key] = adam_step(params[key], grads[key], m[key], v[key], t, lr=rate)
            history["loss"].append(loss)
        history["lr"].append(rate)
        for X, y, name in ((X_train, y_train, "train_acc"), (X_val, y_val, "val_acc")):
            scores = network_forward(params, X, bn_state=bn_state)[0]
            history[name].append(float(np.mean(scores.argmax(axis=1) == y)))
    return params, bn_state, history
'''),
    ],
}

ALTERNATIVES = {
    "init_network": [
        ('a list of layer sizes walked pairwise, xavier by name', '''
def init_network(layer_sizes, init="he", batchnorm=False, seed=0):
    if init == "he":
        draw = he_init
    elif init == "xavier":
        draw = xavier_init
    else:
        raise ValueError("unknown init")
    sizes = list(layer_sizes)
    params = {}
    for l, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params["W%d" % l] = draw(fan_in, fan_out, seed + l)
        params["b%d" % l] = np.zeros((fan_out,))
    if batchnorm:
        for l in range(1, len(sizes) - 1):
            params["gamma%d" % l] = np.ones(sizes[l])
            params["beta%d" % l] = np.zeros(sizes[l])
    return params
'''),
    ],
    "network_forward": [
        ('caches in a dict, explicit branches', '''
def network_forward(params, X, training=False, dropout=0.0, bn_state=None, seed=0):
    L = len([k for k in params if k[0] == "W"])
    bn = "gamma1" in params
    state = None if not bn else {}
    cache = {}
    h = X
    for l in range(1, L):
        z, cache[("dense", l)] = dense_forward(h, params["W%d" % l], params["b%d" % l])
        if bn:
            old = {"running_mean": np.zeros(z.shape[1]), "running_var": np.ones(z.shape[1])} if bn_state is None else \
                {"running_mean": bn_state["running_mean%d" % l], "running_var": bn_state["running_var%d" % l]}
            z, cache[("bn", l)], new = batchnorm_forward(z, params["gamma%d" % l], params["beta%d" % l], old, training)
            state["running_mean%d" % l], state["running_var%d" % l] = new["running_mean"], new["running_var"]
        h, cache[("relu", l)] = relu_forward(z)
        if training and dropout:
            h, cache[("drop", l)] = dropout_forward(h, dropout, training, seed + l)
    scores, cache[("dense", L)] = dense_forward(h, params["W%d" % L], params["b%d" % L])
    return scores, cache, state
'''),
    ],
    "network_loss": [
        ('its own backward loop with the penalty added separately', '''
def network_loss(params, X, y, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    scores, caches, state = network_forward(params, X, training=True, dropout=dropout, bn_state=bn_state, seed=seed)
    loss, d = softmax_cross_entropy_loss(scores, y)
    L = len(caches)
    grads = {}
    d, grads["W%d" % L], grads["b%d" % L] = dense_backward(d, caches[-1])
    for l in reversed(range(1, L)):
        dense_cache, bn_cache, relu_cache, mask = caches[l - 1]
        d = dropout_backward(d, mask) if mask is not None else d
        d = relu_backward(d, relu_cache)
        if bn_cache is not None:
            d, grads["gamma%d" % l], grads["beta%d" % l] = batchnorm_backward(d, bn_cache)
        d, grads["W%d" % l], grads["b%d" % l] = dense_backward(d, dense_cache)
    names = ["W%d" % l for l in range(1, L + 1)]
    penalty, pgrads = l2_penalty([params[n] for n in names], reg)
    for n, g in zip(names, pgrads):
        grads[n] = grads[n] + g
    return float(loss) + float(penalty), grads, state
'''),
    ],
    "train_network": [
        ('optimizer states in one dict, permutation by hand', '''
def train_network(params, X_train, y_train, X_val, y_val, optimizer="adam", lr=1e-3, lr_schedule=None,
                  epochs=5, batch_size=64, reg=0.0, dropout=0.0, bn_state=None, seed=0):
    if optimizer not in {"sgd", "momentum", "adam"}:
        raise ValueError(optimizer)
    p = dict((k, np.array(v, dtype=float)) for k, v in params.items())
    opt = {k: {"m": np.zeros_like(v), "v": np.zeros_like(v)} for k, v in p.items()}
    hist = {"loss": [], "lr": [], "train_acc": [], "val_acc": []}
    step = 0
    n = len(X_train)
    for e in range(epochs):
        rate = lr_schedule(lr, e) if lr_schedule is not None else lr
        order = np.random.default_rng(seed + e).permutation(n)
        for s in range(0, n, batch_size):
            idx = order[s:s + batch_size]
            loss, g, bn_state = network_loss(p, X_train[idx], y_train[idx], reg=reg, dropout=dropout,
                                             bn_state=bn_state, seed=seed + 1000 * step)
            step += 1
            for k in p:
                if optimizer == "adam":
                    p[k], opt[k]["m"], opt[k]["v"] = adam_step(p[k], g[k], opt[k]["m"], opt[k]["v"], step, lr=rate)
                elif optimizer == "momentum":
                    p[k], opt[k]["v"] = momentum_step(p[k], g[k], opt[k]["v"], rate)
                else:
                    p[k] = p[k] - rate * g[k]
            hist["loss"].append(float(loss))
        hist["lr"].append(float(rate))
        hist["train_acc"].append(float((network_forward(p, X_train, False, 0.0, bn_state)[0].argmax(1) == y_train).mean()))
        hist["val_acc"].append(float((network_forward(p, X_val, False, 0.0, bn_state)[0].argmax(1) == y_val).mean()))
    return p, bn_state, hist
'''),
    ],
}

# The round trip stubs train_network, breaks network_forward (its first mutant) and deletes the test cell of
# init_network: network_loss and train_network call network_forward, so the wrong one must be the one the
# stubbed function (train_network) depends on, and network_loss keeps its points only with a right forward.
ROUND_TRIP = {"stub": "train_network", "wrong": "network_loss", "delete": "init_network"}
