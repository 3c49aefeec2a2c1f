"""Wrong and alternative implementations of week 7's graded functions.

Each source runs in the kernel of the executed source notebook (np, keras, tf are there); the function's
test cell must fail for every mutant and pass for every alternative. The batchnorm_backward variants read
the cache of the reference batchnorm_forward: (x_hat, gamma, inv_std).
"""

MUTANTS = {
    "l2_penalty": [
        ("gradient lam * w (the 1/2 convention, not Keras')", '''
def l2_penalty(weights, lam):
    return lam * sum(float(np.sum(W ** 2)) for W in weights), [lam * W for W in weights]
'''),
        ("penalty with a factor 1/2", '''
def l2_penalty(weights, lam):
    return 0.5 * lam * sum(float(np.sum(W ** 2)) for W in weights), [2 * lam * W for W in weights]
'''),
        ("only the first array", '''
def l2_penalty(weights, lam):
    W = weights[0]
    return lam * float(np.sum(W ** 2)), [2 * lam * W for W in weights]
'''),
        ("square of the sum instead of the sum of squares", '''
def l2_penalty(weights, lam):
    return lam * sum(float(np.sum(W)) ** 2 for W in weights), [2 * lam * W for W in weights]
'''),
        ("sqrt of the sum of squares (the norm, not its square)", '''
def l2_penalty(weights, lam):
    return lam * float(np.sqrt(sum(np.sum(W ** 2) for W in weights))), [2 * lam * W for W in weights]
'''),
    ],
    "l1_penalty": [
        ("gradient +lam at zero (w >= 0 counts as positive)", '''
def l1_penalty(weights, lam):
    return (lam * sum(float(np.sum(np.abs(W))) for W in weights),
            [lam * np.where(W >= 0, 1.0, -1.0) for W in weights])
'''),
        ("gradient lam * w (the L2 shape)", '''
def l1_penalty(weights, lam):
    return lam * sum(float(np.sum(np.abs(W))) for W in weights), [lam * W for W in weights]
'''),
        ("gradient sign flipped", '''
def l1_penalty(weights, lam):
    return lam * sum(float(np.sum(np.abs(W))) for W in weights), [-lam * np.sign(W) for W in weights]
'''),
        ("w / |w| (NaN at zero)", '''
def l1_penalty(weights, lam):
    with np.errstate(all="ignore"):
        return lam * sum(float(np.sum(np.abs(W))) for W in weights), [lam * W / np.abs(W) for W in weights]
'''),
        ("penalty sums w, not |w|", '''
def l1_penalty(weights, lam):
    return lam * sum(float(np.sum(W)) for W in weights), [lam * np.sign(W) for W in weights]
'''),
    ],
    "dropout_forward": [
        ("no 1/(1 - rate) scaling", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= rate).astype(float)
    return x * mask, mask
'''),
        ("keeps with probability rate", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.default_rng(seed).random(np.shape(x)) < rate) / (1.0 - rate)
    return x * mask, mask
'''),
        ("scales at inference too", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x / (1.0 - rate), np.ones_like(x) / (1.0 - rate)
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= rate) / (1.0 - rate)
    return x * mask, mask
'''),
        ("drops at inference too", '''
def dropout_forward(x, rate, training, seed=0):
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= rate) / (1.0 - rate)
    return x * mask, mask
'''),
        ("scales by (1 - rate) instead of dividing", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= rate) * (1.0 - rate)
    return x * mask, mask
'''),
        ("ignores the seed (global random state)", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.random(np.shape(x)) >= rate) / (1.0 - rate)
    return x * mask, mask
'''),
        ("one mask value per row (drops whole samples)", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    x = np.asarray(x)
    keep = np.random.default_rng(seed).random((x.shape[0],) + (1,) * (x.ndim - 1)) >= rate
    mask = np.broadcast_to(keep / (1.0 - rate), x.shape).copy()
    return x * mask, mask
'''),
    ],
    "dropout_backward": [
        ("ignores the mask", '''
def dropout_backward(dout, mask):
    return dout
'''),
        ("0/1 mask without the scale", '''
def dropout_backward(dout, mask):
    return dout * (mask > 0)
'''),
        ("gradient through the dropped units", '''
def dropout_backward(dout, mask):
    return dout * (mask == 0)
'''),
        ("scaled by (1 - rate) instead of 1 / (1 - rate)", '''
def dropout_backward(dout, mask):
    return dout * (mask > 0) / np.max(mask)
'''),
    ],
    "batchnorm_forward": [
        ("unbiased variance (ddof=1)", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0, ddof=1)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
        ("running statistics updated with the momentum on the wrong side", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state = {"running_mean": (1 - momentum) * state["running_mean"] + momentum * mean,
                 "running_var": (1 - momentum) * state["running_var"] + momentum * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
        ("batch statistics at inference", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    mean, var = x.mean(axis=0), x.var(axis=0)
    if training:
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
        ("eps outside the square root", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / (np.sqrt(var) + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
        ("statistics over the features (axis=1)", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean.mean(),
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var.mean()}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
        ("running variance updated with the std", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * np.sqrt(var)}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
    ],
    "batchnorm_backward": [
        ("missing both mean terms (fixed statistics)", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    return dout * gamma * inv_std, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''),
        ("missing the variance term", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    g = dout * gamma
    return inv_std * (g - g.mean(axis=0)), (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''),
        ("missing the mean term", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    g = dout * gamma
    return inv_std * (g - x_hat * (g * x_hat).mean(axis=0)), (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''),
        ("dgamma = sum(dout), forgetting x_hat", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    return dx, dout.sum(axis=0), dout.sum(axis=0)
'''),
        ("gamma forgotten in dx", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    g = dout
    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''),
        ("dbeta summed over the wrong axis", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=1)
'''),
    ],
    "augment": [
        ("vertical flips (a 6 becomes a 9)", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    flip = rng.random(len(images)) < 0.5
    out = images.copy()
    out[flip] = images[flip][:, ::-1]
    return out
'''),
        ("horizontal flips (mirrored digits)", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    flip = rng.random(len(images)) < 0.5
    out = images.copy()
    out[flip] = images[flip][:, :, ::-1]
    return out
'''),
        ("np.roll: pixels wrap around instead of zero fill", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    out = np.empty_like(images)
    for i, (dy, dx) in enumerate(rng.integers(-1, 2, size=(len(images), 2))):
        out[i] = np.roll(images[i], (dy, dx), axis=(0, 1))
    return out
'''),
        ("returns float64 for every input", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    out = np.zeros(images.shape)
    H, W = images.shape[1:3]
    for i, (dy, dx) in enumerate(rng.integers(-1, 2, size=(len(images), 2))):
        out[i, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\
            images[i, max(-dy, 0):H + min(-dy, 0), max(-dx, 0):W + min(-dx, 0)]
    return out
'''),
        ("identity", '''
def augment(images, seed=0):
    return images.copy()
'''),
        ("ignores the seed", '''
def augment(images, seed=0):
    out = np.zeros_like(images)
    H, W = images.shape[1:3]
    for i, (dy, dx) in enumerate(np.random.randint(-1, 2, size=(len(images), 2))):
        out[i, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\
            images[i, max(-dy, 0):H + min(-dy, 0), max(-dx, 0):W + min(-dx, 0)]
    return out
'''),
        ("shifts the channels axis instead of the columns", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    out = np.zeros_like(images)
    H, C = images.shape[1], images.shape[3]
    for i, (dy, dc) in enumerate(rng.integers(-1, 2, size=(len(images), 2))):
        out[i, max(dy, 0):H + min(dy, 0), :, max(dc, 0):C + min(dc, 0)] = \\
            images[i, max(-dy, 0):H + min(-dy, 0), :, max(-dc, 0):C + min(-dc, 0)]
    return out
'''),
        ("shifts in place (modifies the input)", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    H, W = images.shape[1:3]
    for i, (dy, dx) in enumerate(rng.integers(-1, 2, size=(len(images), 2))):
        src = images[i].copy()
        images[i] = 0
        images[i, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\
            src[max(-dy, 0):H + min(-dy, 0), max(-dx, 0):W + min(-dx, 0)]
    return images
'''),
    ],
    "early_stopping_epoch": [
        ("returns the epoch where training stopped", '''
def early_stopping_epoch(val_losses, patience):
    best, wait = np.inf, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(val_losses) - 1
'''),
        ("global minimum of the whole list", '''
def early_stopping_epoch(val_losses, patience):
    return int(np.argmin(val_losses))
'''),
        ("ties count as improvement (<=)", '''
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss <= best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch
'''),
        ("off by one: waits patience + 1 epochs", '''
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait > patience:
                break
    return best_epoch
'''),
        ("1-based epoch", '''
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch + 1
'''),
        ("counter not reset on improvement", '''
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch = loss, epoch
        else:
            wait += 1
            if wait >= patience:
                break
    return best_epoch
'''),
    ],
    "ensemble_predict": [
        ("vote computed as the mean of probabilities", '''
def ensemble_predict(probabilities, method="mean"):
    if method not in ("mean", "vote"):
        raise ValueError(method)
    return np.asarray(probabilities).mean(axis=0).argmax(axis=-1)
'''),
        ("mean over the samples axis", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        return p.mean(axis=1).argmax(axis=-1)
    if method == "vote":
        votes = p.argmax(axis=-1)
        return np.array([np.bincount(votes[:, i], minlength=p.shape[-1]).argmax() for i in range(p.shape[1])])
    raise ValueError(method)
'''),
        ("vote ties go to the largest class", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        return p.mean(axis=0).argmax(axis=-1)
    if method == "vote":
        votes = p.argmax(axis=-1)
        counts = np.stack([(votes == k).sum(axis=0) for k in range(p.shape[-1])], axis=-1)
        return p.shape[-1] - 1 - counts[:, ::-1].argmax(axis=-1)
    raise ValueError(method)
'''),
        ("unknown method silently averages", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "vote":
        votes = p.argmax(axis=-1)
        return np.array([np.bincount(votes[:, i], minlength=p.shape[-1]).argmax() for i in range(p.shape[1])])
    return p.mean(axis=0).argmax(axis=-1)
'''),
        ("the most confident model decides (max, not mean)", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        return p.max(axis=0).argmax(axis=-1)
    if method == "vote":
        votes = p.argmax(axis=-1)
        return np.array([np.bincount(votes[:, i], minlength=p.shape[-1]).argmax() for i in range(p.shape[1])])
    raise ValueError(method)
'''),
        ("vote counts over the wrong axis", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        return p.mean(axis=0).argmax(axis=-1)
    if method == "vote":
        votes = p.argmax(axis=-1)
        counts = np.stack([(votes == k).sum(axis=1) for k in range(p.shape[-1])], axis=-1)
        return counts.argmax(axis=-1)
    raise ValueError(method)
'''),
    ],
}

ALTERNATIVES = {
    "l2_penalty": [
        ("loops over arrays and entries", '''
def l2_penalty(weights, lam):
    penalty, grads = 0.0, []
    for W in weights:
        W = np.asarray(W)
        for value in W.ravel():
            penalty += lam * value * value
        grads.append(2.0 * lam * W)
    return penalty, grads
'''),
        ("np.vdot and a numpy float", '''
def l2_penalty(weights, lam):
    return lam * np.sum([np.vdot(W, W) for W in weights]), [lam * (W + W) for W in weights]
'''),
        ("float32 arithmetic", '''
def l2_penalty(weights, lam):
    ws = [np.asarray(W, dtype=np.float32) for W in weights]
    return np.float32(lam) * sum(np.sum(W * W) for W in ws), [np.float32(2 * lam) * W for W in ws]
'''),
    ],
    "l1_penalty": [
        ("loops with an explicit zero case", '''
def l1_penalty(weights, lam):
    penalty, grads = 0.0, []
    for W in weights:
        W = np.asarray(W, dtype=float)
        g = np.zeros_like(W)
        for idx, value in np.ndenumerate(W):
            penalty += lam * abs(value)
            g[idx] = lam if value > 0 else (-lam if value < 0 else 0.0)
        grads.append(g)
    return penalty, grads
'''),
        ("np.where sign and np.linalg.norm(ord=1)", '''
def l1_penalty(weights, lam):
    penalty = lam * sum(np.linalg.norm(np.ravel(W), ord=1) for W in weights)
    return penalty, [np.where(W > 0, lam, np.where(W < 0, -lam, 0.0)) for W in weights]
'''),
    ],
    "dropout_forward": [
        ("binomial draws, float32 mask", '''
def dropout_forward(x, rate, training, seed=0):
    x = np.asarray(x)
    if not training:
        return x.copy(), np.ones(x.shape, dtype=np.float32)
    keep = np.random.default_rng(seed).binomial(1, 1.0 - rate, size=x.shape)
    mask = (keep / (1.0 - rate)).astype(np.float32)
    return x * mask, mask
'''),
        ("uniform draws compared the other way", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x, dtype=float)
    u = np.random.default_rng(seed).uniform(size=np.shape(x))
    mask = np.where(u < 1.0 - rate, 1.0 / (1.0 - rate), 0.0)
    return np.multiply(x, mask), mask
'''),
    ],
    "dropout_backward": [
        ("np.multiply with a copy", '''
def dropout_backward(dout, mask):
    return np.multiply(np.array(dout, copy=True), mask)
'''),
        ("loop over entries", '''
def dropout_backward(dout, mask):
    dx = np.zeros(np.shape(dout))
    for idx in np.ndindex(dx.shape):
        dx[idx] = dout[idx] * mask[idx]
    return dx
'''),
    ],
    "batchnorm_forward": [
        ("explicit sums and a different cache (x, mean, var, gamma, eps)", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    n = x.shape[0]
    if training:
        mean = np.sum(x, axis=0) / n
        var = np.sum((x - mean) ** 2, axis=0) / n
        new_state = dict(state)
        new_state["running_mean"] = momentum * state["running_mean"] + (1 - momentum) * mean
        new_state["running_var"] = momentum * state["running_var"] + (1 - momentum) * var
    else:
        mean, var, new_state = state["running_mean"], state["running_var"], state
    out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    return out, (x, mean, var, gamma, eps), new_state
'''),
        ("loops over the features", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    out = np.empty_like(x, dtype=float)
    running_mean = np.array(state["running_mean"], dtype=float, copy=True)
    running_var = np.array(state["running_var"], dtype=float, copy=True)
    for j in range(x.shape[1]):
        col = x[:, j]
        if training:
            m, v = col.mean(), ((col - col.mean()) ** 2).mean()
            running_mean[j] = momentum * running_mean[j] + (1 - momentum) * m
            running_var[j] = momentum * running_var[j] + (1 - momentum) * v
        else:
            m, v = running_mean[j], running_var[j]
        out[:, j] = gamma[j] * (col - m) / np.sqrt(v + eps) + beta[j]
    return out, None, {"running_mean": running_mean, "running_var": running_var}
'''),
    ],
    "batchnorm_backward": [
        ("the long chain rule through mean and variance", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    x_mu = x_hat / inv_std
    dvar = np.sum(dx_hat * x_mu, axis=0) * -0.5 * inv_std ** 3
    dmu = np.sum(-dx_hat * inv_std, axis=0) + dvar * np.mean(-2.0 * x_mu, axis=0)
    dx = dx_hat * inv_std + dvar * 2.0 * x_mu / n + dmu / n
    return dx, dgamma, dbeta
'''),
        ("the compact formula with sums and N", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = (gamma * inv_std / n) * (n * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
'''),
    ],
    "augment": [
        ("pad then crop, one shift per image", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    H, W = images.shape[1:3]
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)))
    out = np.empty_like(images)
    for i in range(len(images)):
        dy, dx = rng.integers(-1, 2), rng.integers(-1, 2)
        out[i] = padded[i, 1 - dy:1 - dy + H, 1 - dx:1 - dx + W]
    return out
'''),
        ("never the identity: always a non-zero shift, up to 2 pixels", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    choices = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3) if (dy, dx) != (0, 0)]
    out = np.zeros_like(images)
    H, W = images.shape[1:3]
    for i in range(len(images)):
        dy, dx = choices[rng.integers(len(choices))]
        out[i, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\
            images[i, max(-dy, 0):H + min(-dy, 0), max(-dx, 0):W + min(-dx, 0)]
    return out
'''),
    ],
    "early_stopping_epoch": [
        ("Keras' own bookkeeping (wait += 1 first, best None)", '''
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = None, 0, 0
    for epoch, loss in enumerate(val_losses):
        wait += 1
        if best is None or loss < best:
            best, best_epoch, wait = loss, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            break
    return best_epoch
'''),
        ("a real keras.callbacks.EarlyStopping driven with scripted logs", '''
def early_stopping_epoch(val_losses, patience):
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.stop_training = False
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=True)
    callback.set_model(model)
    callback.on_train_begin()
    for epoch, loss in enumerate(val_losses):
        callback.on_epoch_end(epoch, {"val_loss": float(loss)})
        if model.stop_training:
            break
    return int(callback.best_epoch)
'''),
    ],
    "ensemble_predict": [
        ("bincount per sample and a sum instead of a mean", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities, dtype=np.float32)
    if method == "mean":
        return np.argmax(p.sum(axis=0), axis=1)
    elif method == "vote":
        votes = p.argmax(axis=2)
        return np.array([np.bincount(votes[:, i], minlength=p.shape[2]).argmax() for i in range(p.shape[1])])
    else:
        raise ValueError("method must be 'mean' or 'vote'")
'''),
        ("one-hot votes summed", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method not in {"mean", "vote"}:
        raise ValueError(f"unknown method {method}")
    if method == "vote":
        p = np.eye(p.shape[-1])[p.argmax(axis=-1)]
    return p.mean(axis=0).argmax(axis=-1)
'''),
    ],
}
