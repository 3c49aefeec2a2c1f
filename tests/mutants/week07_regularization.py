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
        ("rng.choice per image, dy then dx, and np.pad then crop", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    H, W = images.shape[1:3]
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)), constant_values=0)
    out = np.zeros_like(images)
    for i in range(images.shape[0]):
        dy = int(rng.choice([-1, 0, 1]))
        dx = int(rng.choice([-1, 0, 1]))
        out[i] = padded[i, 1 - dy:1 - dy + H, 1 - dx:1 - dx + W]
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


# ------------------------------------------------------------------------------------------------
# Rules every docstring states (issue 11): inputs left unchanged, return types, per-image draws, the
# shift's range, defaults, N = 1. One mutant per newly covered rule; alternatives use the freedom left.
# ------------------------------------------------------------------------------------------------
MUTANTS["l2_penalty"] += [
    ("scales the weight arrays in place and returns them as grads", '''
def l2_penalty(weights, lam):
    penalty = lam * sum(float(np.sum(W ** 2)) for W in weights)
    for W in weights:
        W *= 2 * lam
    return penalty, list(weights)
'''),
    ("replaces the entries of the weights list by the gradients", '''
def l2_penalty(weights, lam):
    penalty = lam * sum(float(np.sum(W ** 2)) for W in weights)
    for i, W in enumerate(weights):
        weights[i] = 2 * lam * W
    return penalty, weights[:]
'''),
    ("grads as a tuple", '''
def l2_penalty(weights, lam):
    return lam * sum(float(np.sum(W ** 2)) for W in weights), tuple(2 * lam * W for W in weights)
'''),
    ("penalty as an array of shape (1,)", '''
def l2_penalty(weights, lam):
    return np.array([lam * sum(float(np.sum(W ** 2)) for W in weights)]), [2 * lam * W for W in weights]
'''),
    ("gradients flattened", '''
def l2_penalty(weights, lam):
    return lam * sum(float(np.sum(W ** 2)) for W in weights), [2 * lam * np.ravel(W) for W in weights]
'''),
]
MUTANTS["l1_penalty"] += [
    ("np.sign written into the weight arrays (out=W)", '''
def l1_penalty(weights, lam):
    penalty = lam * sum(float(np.sum(np.abs(W))) for W in weights)
    grads = []
    for W in weights:
        np.sign(W, out=W)
        grads.append(lam * W)
    return penalty, grads
'''),
    ("grads as a tuple", '''
def l1_penalty(weights, lam):
    return lam * sum(float(np.sum(np.abs(W))) for W in weights), tuple(lam * np.sign(W) for W in weights)
'''),
    ("penalty as a list of per-array penalties", '''
def l1_penalty(weights, lam):
    return [lam * float(np.sum(np.abs(W))) for W in weights], [lam * np.sign(W) for W in weights]
'''),
    ("squeezed gradients (a (1, 1) array becomes a scalar)", '''
def l1_penalty(weights, lam):
    return lam * sum(float(np.sum(np.abs(W))) for W in weights), [np.squeeze(lam * np.sign(W)) for W in weights]
'''),
]
MUTANTS["dropout_forward"] += [
    ("boolean mask at inference", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones(np.shape(x), dtype=bool)
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= rate) / (1.0 - rate)
    return x * mask, mask
'''),
    ("boolean keep mask returned (out scaled, mask not)", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    keep = np.random.default_rng(seed).random(np.shape(x)) >= rate
    return x * keep / (1.0 - rate), keep
'''),
    ("multiplies x in place", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= rate) / (1.0 - rate)
    x *= mask
    return x, mask
'''),
    ("argument renamed (p instead of rate)", '''
def dropout_forward(x, p, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= p) / (1.0 - p)
    return x * mask, mask
'''),
    ("default seed None (a different mask every call)", '''
def dropout_forward(x, rate, training, seed=None):
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.default_rng(seed).random(np.shape(x)) >= rate) / (1.0 - rate)
    return x * mask, mask
'''),
    ("one mask value per column (the same for every sample)", '''
def dropout_forward(x, rate, training, seed=0):
    if not training:
        return x, np.ones_like(x)
    x = np.asarray(x)
    keep = np.random.default_rng(seed).random(np.shape(x)[-1]) >= rate
    mask = np.broadcast_to(keep / (1.0 - rate), x.shape).copy()
    return x * mask, mask
'''),
    ("2-D only (reshapes x to (N, -1) and keeps that shape)", '''
def dropout_forward(x, rate, training, seed=0):
    x = np.asarray(x).reshape(len(x), -1)
    if not training:
        return x, np.ones_like(x)
    mask = (np.random.default_rng(seed).random(x.shape) >= rate) / (1.0 - rate)
    return x * mask, mask
'''),
]
MUTANTS["dropout_backward"] += [
    ("multiplies dout in place", '''
def dropout_backward(dout, mask):
    dout *= mask
    return dout
'''),
    ("flattens dx", '''
def dropout_backward(dout, mask):
    return (dout * mask).reshape(len(dout), -1)
'''),
]
MUTANTS["batchnorm_forward"] += [
    ("assigns the new statistics into the caller's state dict", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state["running_mean"] = momentum * state["running_mean"] + (1 - momentum) * mean
        state["running_var"] = momentum * state["running_var"] + (1 - momentum) * var
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
    ("updates the running arrays in place (*=, +=) in a copied dict", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    state = dict(state)
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state["running_mean"] *= momentum
        state["running_mean"] += (1 - momentum) * mean
        state["running_var"] *= momentum
        state["running_var"] += (1 - momentum) * var
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
    ("centres x in place", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x -= mean
    x_hat = x * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
    ("default eps 1e-8", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-8):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
    ("ignores the momentum passed in (always 0.9)", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state = {"running_mean": 0.9 * state["running_mean"] + 0.1 * mean,
                 "running_var": 0.9 * state["running_var"] + 0.1 * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''),
    ("squeezes the output (N = 1 loses its batch axis)", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    else:
        mean, var = state["running_mean"], state["running_var"]
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return np.squeeze(gamma * x_hat + beta), (x_hat, gamma, inv_std), state
'''),
]
MUTANTS["batchnorm_backward"] += [
    ("scales dout in place", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dout *= gamma
    dx = inv_std * (dout - dout.mean(axis=0) - x_hat * (dout * x_hat).mean(axis=0))
    return dx, dgamma, dbeta
'''),
    ("overwrites the cached x_hat in place", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    x_hat *= (g * x_hat).mean(axis=0)
    dx = inv_std * (g - g.mean(axis=0) - x_hat)
    return dx, dgamma, dbeta
'''),
]
_SHIFT_LOOP = '''
    out = np.zeros_like(images)
    H, W = images.shape[1:3]
    for i, (dy, dx) in enumerate(shifts):
        out[i, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\
            images[i, max(-dy, 0):H + min(-dy, 0), max(-dx, 0):W + min(-dx, 0)]
    return out
'''
MUTANTS["augment"] += [
    ("one shift for the whole batch", '''
def augment(images, seed=0):
    dy, dx = np.random.default_rng(seed).integers(-1, 2, size=2)
    shifts = [(dy, dx)] * len(images)''' + _SHIFT_LOOP),
    ("one shift for the whole batch, never (0, 0)", '''
def augment(images, seed=0):
    choices = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]
    shifts = [choices[np.random.default_rng(seed).integers(8)]] * len(images)''' + _SHIFT_LOOP),
    ("shifts of up to 2 pixels", '''
def augment(images, seed=0):
    shifts = np.random.default_rng(seed).integers(-2, 3, size=(len(images), 2))''' + _SHIFT_LOOP),
    ("draws from {-1, 0} only (integers(-1, 1))", '''
def augment(images, seed=0):
    shifts = np.random.default_rng(seed).integers(-1, 1, size=(len(images), 2))''' + _SHIFT_LOOP),
    ("only vertical shifts (dx always 0)", '''
def augment(images, seed=0):
    dys = np.random.default_rng(seed).integers(-1, 2, size=len(images))
    shifts = [(dy, 0) for dy in dys]''' + _SHIFT_LOOP),
    ("default seed None", '''
def augment(images, seed=None):
    shifts = np.random.default_rng(seed).integers(-1, 2, size=(len(images), 2))''' + _SHIFT_LOOP),
    ("squeezes the batch (N = 1 breaks)", '''
def augment(images, seed=0):
    shifts = np.random.default_rng(seed).integers(-1, 2, size=(len(images), 2))
    out = np.zeros_like(images)
    H, W = images.shape[1:3]
    for i, (dy, dx) in enumerate(shifts):
        out[i, max(dy, 0):H + min(dy, 0), max(dx, 0):W + min(dx, 0)] = \\
            images[i, max(-dy, 0):H + min(-dy, 0), max(-dx, 0):W + min(-dx, 0)]
    return np.squeeze(out, axis=0) if len(out) == 1 else out
'''),
]
MUTANTS["early_stopping_epoch"] += [
    ("compares with the previous epoch, not the best", '''
def early_stopping_epoch(val_losses, patience):
    best_epoch, wait, previous, best = 0, 0, np.inf, np.inf
    for epoch, loss in enumerate(val_losses):
        if loss < previous:
            wait = 0
            if loss < best:
                best, best_epoch = loss, epoch
            else:
                best_epoch = epoch
        else:
            wait += 1
            if wait >= patience:
                break
        previous = loss
    return best_epoch
'''),
    ("returns a float", '''
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return float(best_epoch)
'''),
    ("checks the counter before looking at the epoch (patience 0 stops at once)", '''
def early_stopping_epoch(val_losses, patience):
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if wait >= patience:
            break
        if loss < best:
            best, best_epoch, wait = loss, epoch, 0
        else:
            wait += 1
    return best_epoch
'''),
]
MUTANTS["ensemble_predict"] += [
    ("averages in place (p /= n_models)", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        p /= p.shape[0]
        return p.sum(axis=0).argmax(axis=-1)
    if method == "vote":
        votes = p.argmax(axis=-1)
        return np.array([np.bincount(votes[:, i], minlength=p.shape[-1]).argmax() for i in range(p.shape[1])])
    raise ValueError(method)
'''),
    ("returns a list", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        return p.mean(axis=0).argmax(axis=-1).tolist()
    if method == "vote":
        votes = p.argmax(axis=-1)
        return [int(np.bincount(votes[:, i], minlength=p.shape[-1]).argmax()) for i in range(p.shape[1])]
    raise ValueError(method)
'''),
    ("squeezes (n_samples = 1 gives a 0-d result)", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        return np.squeeze(p.mean(axis=0).argmax(axis=-1))
    if method == "vote":
        votes = p.argmax(axis=-1)
        counts = (votes[:, :, None] == np.arange(p.shape[-1])).sum(axis=0)
        return np.squeeze(counts.argmax(axis=-1))
    raise ValueError(method)
'''),
    ("vote ties broken by the mean probability", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.asarray(probabilities)
    if method == "mean":
        return p.mean(axis=0).argmax(axis=-1)
    if method == "vote":
        votes = p.argmax(axis=-1)
        counts = (votes[:, :, None] == np.arange(p.shape[-1])).sum(axis=0).astype(float)
        return (counts + 1e-3 * p.mean(axis=0)).argmax(axis=-1)
    raise ValueError(method)
'''),
    ("vote of a single model squeezes the models axis away", '''
def ensemble_predict(probabilities, method="mean"):
    p = np.squeeze(np.asarray(probabilities))
    if p.ndim == 2:
        return p.argmax(axis=-1) if method in ("mean", "vote") else None
    if method == "mean":
        return p.mean(axis=0).argmax(axis=-1)
    if method == "vote":
        votes = p.argmax(axis=-1)
        return np.array([np.bincount(votes[:, i], minlength=p.shape[-1]).argmax() for i in range(p.shape[1])])
    raise ValueError(method)
'''),
]

ALTERNATIVES["l1_penalty"] += [
    ("float32 arithmetic and a tuple-free list comprehension", '''
def l1_penalty(weights, lam):
    ws = [np.asarray(W, dtype=np.float32) for W in weights]
    return np.float32(lam) * sum(np.abs(W).sum() for W in ws), [np.float32(lam) * np.sign(W) for W in ws]
'''),
]
ALTERNATIVES["dropout_forward"] += [
    ("mask in x's float dtype, new arrays at inference", '''
def dropout_forward(x, rate, training, seed=0):
    x = np.asarray(x)
    if not training:
        return x.copy(), np.ones_like(x, dtype=x.dtype if x.dtype.kind == "f" else float)
    rng = np.random.default_rng(seed)
    mask = np.where(rng.random(x.shape) < rate, 0.0, 1.0 / (1.0 - rate)).astype(x.dtype)
    return x * mask, mask
'''),
]
ALTERNATIVES["dropout_backward"] += [
    ("np.where on the mask", '''
def dropout_backward(dout, mask):
    return np.where(mask != 0, dout * mask, 0.0)
'''),
]
ALTERNATIVES["batchnorm_forward"] += [
    ("state copied with copy.deepcopy, then replaced entries", '''
def batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    import copy
    new_state = copy.deepcopy(state)
    if training:
        mean = x.mean(axis=0)
        var = np.mean((x - mean) ** 2, axis=0)
        new_state["running_mean"] = momentum * new_state["running_mean"] + (1 - momentum) * mean
        new_state["running_var"] *= momentum
        new_state["running_var"] += (1 - momentum) * var
    else:
        mean, var = state["running_mean"], state["running_var"]
    x_hat = (x - mean) / np.sqrt(var + eps)
    return gamma * x_hat + beta, (x_hat, gamma, 1.0 / np.sqrt(var + eps)), new_state
'''),
]
ALTERNATIVES["batchnorm_backward"] += [
    ("einsum sums, dout untouched", '''
def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    n = dout.shape[0]
    dbeta = np.einsum("nd->d", dout)
    dgamma = np.einsum("nd,nd->d", dout, x_hat)
    dx = gamma * inv_std * (dout - dbeta / n - x_hat * dgamma / n)
    return dx, dgamma, dbeta
'''),
]
ALTERNATIVES["augment"] += [
    ("all shifts drawn first, slicing through a padded copy, float or integer images alike", '''
def augment(images, seed=0):
    rng = np.random.default_rng(seed)
    n, H, W = images.shape[:3]
    dys = rng.integers(-1, 2, size=n)
    dxs = rng.integers(-1, 2, size=n)
    padded = np.zeros((n, H + 2, W + 2) + images.shape[3:], dtype=images.dtype)
    padded[:, 1:-1, 1:-1] = images
    return np.stack([padded[i, 1 - dys[i]:1 - dys[i] + H, 1 - dxs[i]:1 - dxs[i] + W] for i in range(n)])
'''),
]
ALTERNATIVES["early_stopping_epoch"] += [
    ("a while loop over an array, int() at the end", '''
def early_stopping_epoch(val_losses, patience):
    losses = np.asarray(val_losses, dtype=float)
    best_epoch, epoch, wait = 0, 1, 0
    while epoch < len(losses):
        if losses[epoch] < losses[best_epoch]:
            best_epoch, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
        epoch += 1
    return int(best_epoch)
'''),
]
ALTERNATIVES["ensemble_predict"] += [
    ("scipy.stats.mode for the vote (ties to the smallest value)", '''
def ensemble_predict(probabilities, method="mean"):
    from scipy import stats
    p = np.asarray(probabilities)
    if method == "mean":
        return np.argmax(np.mean(p, axis=0), axis=-1)
    if method == "vote":
        return np.asarray(stats.mode(p.argmax(axis=-1), axis=0, keepdims=False).mode, dtype=int)
    raise ValueError(f"method must be 'mean' or 'vote', got {method!r}")
'''),
]

# Spatial batch normalization (NHWC, statistics per channel). The backward variants read the cache of the
# reference spatial_batchnorm_forward: (x_hat of shape (N, H, W, C), gamma, inv_std of shape (C,)).
_SBN_TAIL = '''
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    return gamma * x_hat + beta, (x_hat, gamma, inv_std), state
'''
_SBN_UPDATE = '''
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean,
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var}
    else:
        mean, var = state["running_mean"], state["running_var"]'''
_SBN_DEF = "\ndef spatial_batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):\n"
MUTANTS["spatial_batchnorm_forward"] = [
    ("statistics per (H, W) location (over N only)", _SBN_DEF + '''    if training:
        mean, var = x.mean(axis=0), x.var(axis=0)''' + _SBN_UPDATE + _SBN_TAIL),
    ("statistics per sample (over H and W only)", _SBN_DEF + '''    if training:
        mean, var = x.mean(axis=(1, 2), keepdims=True), x.var(axis=(1, 2), keepdims=True)
        state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * mean.mean(axis=(0, 1, 2)),
                 "running_var": momentum * state["running_var"] + (1 - momentum) * var.mean(axis=(0, 1, 2))}
    else:
        mean, var = state["running_mean"], state["running_var"]''' + _SBN_TAIL),
    ("one mean and variance for all channels together", _SBN_DEF + '''    if training:
        mean, var = x.mean() * np.ones(x.shape[-1]), x.var() * np.ones(x.shape[-1])''' + _SBN_UPDATE + _SBN_TAIL),
    ("NHWC transposed to NCHW, then reshaped to (N*H*W, C): channels mixed", _SBN_DEF + '''    C = x.shape[-1]
    flat = x.transpose(0, 3, 1, 2).reshape(-1, C)
    if training:
        mean, var = flat.mean(axis=0), flat.var(axis=0)''' + _SBN_UPDATE + _SBN_TAIL),
    ("running statistics updated at inference too", _SBN_DEF + '''    if training:
        mean, var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))
    else:
        mean, var = state["running_mean"], state["running_var"]
    state = {"running_mean": momentum * state["running_mean"] + (1 - momentum) * x.mean(axis=(0, 1, 2)),
             "running_var": momentum * state["running_var"] + (1 - momentum) * x.var(axis=(0, 1, 2))}''' + _SBN_TAIL),
    ("unbiased variance (divides by N*H*W - 1)", _SBN_DEF + '''    if training:
        mean, var = x.mean(axis=(0, 1, 2)), x.reshape(-1, x.shape[-1]).var(axis=0, ddof=1)''' + _SBN_UPDATE
     + _SBN_TAIL),
    ("assigns the new statistics into the caller's state dict", _SBN_DEF + '''    if training:
        mean, var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))
        state["running_mean"] = momentum * state["running_mean"] + (1 - momentum) * mean
        state["running_var"] = momentum * state["running_var"] + (1 - momentum) * var
    else:
        mean, var = state["running_mean"], state["running_var"]''' + _SBN_TAIL),
    ("float32 input turned into a float64 output", _SBN_DEF + '''    x = np.asarray(x, dtype=np.float64)
    if training:
        mean, var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))''' + _SBN_UPDATE + _SBN_TAIL),
    ("ignores the eps passed in (always 1e-5)", _SBN_DEF + '''    eps = 1e-5
    if training:
        mean, var = x.mean(axis=(0, 1, 2)), x.var(axis=(0, 1, 2))''' + _SBN_UPDATE + _SBN_TAIL),
]
_SBB_DEF = "\ndef spatial_batchnorm_backward(dout, cache):\n    x_hat, gamma, inv_std = cache\n"
MUTANTS["spatial_batchnorm_backward"] = [
    ("dgamma and dbeta summed over N only", _SBB_DEF + '''    axes = (0, 1, 2)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=axes) - x_hat * (g * x_hat).mean(axis=axes))
    return dx, (dout * x_hat).sum(axis=0), dout.sum(axis=0)
'''),
    ("missing both mean terms (fixed statistics)", _SBB_DEF + '''    axes = (0, 1, 2)
    return dout * gamma * inv_std, (dout * x_hat).sum(axis=axes), dout.sum(axis=axes)
'''),
    ("missing the variance term", _SBB_DEF + '''    axes = (0, 1, 2)
    g = dout * gamma
    return inv_std * (g - g.mean(axis=axes)), (dout * x_hat).sum(axis=axes), dout.sum(axis=axes)
'''),
    ("means over N only (per (H, W) location) in dx", _SBB_DEF + '''    axes = (0, 1, 2)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    return dx, (dout * x_hat).sum(axis=axes), dout.sum(axis=axes)
'''),
    ("divides the sums by N instead of N*H*W", _SBB_DEF + '''    axes = (0, 1, 2)
    n = dout.shape[0]
    g = dout * gamma
    dx = inv_std * (g - g.sum(axis=axes) / n - x_hat * (g * x_hat).sum(axis=axes) / n)
    return dx, (dout * x_hat).sum(axis=axes), dout.sum(axis=axes)
'''),
    ("batchnorm_backward on an NCHW-transposed view reshaped to (N*H*W, C)", _SBB_DEF + '''    C = dout.shape[-1]
    view = lambda a: a.transpose(0, 3, 1, 2).reshape(-1, C)
    dx, dgamma, dbeta = batchnorm_backward(view(dout), (view(x_hat), gamma, inv_std))
    return dx.reshape(dout.shape), dgamma, dbeta
'''),
    ("scales dout in place", _SBB_DEF + '''    axes = (0, 1, 2)
    dbeta, dgamma = dout.sum(axis=axes), (dout * x_hat).sum(axis=axes)
    dout *= gamma
    dx = inv_std * (dout - dout.mean(axis=axes) - x_hat * (dout * x_hat).mean(axis=axes))
    return dx, dgamma, dbeta
'''),
]
ALTERNATIVES["spatial_batchnorm_forward"] = [
    ("reshape to (N*H*W, C) and reuse batchnorm_forward", '''
def spatial_batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    out, cache, state = batchnorm_forward(x.reshape(-1, x.shape[-1]), gamma, beta, state, training,
                                          momentum=momentum, eps=eps)
    return out.reshape(x.shape), cache, state
'''),
    ("a loop over the channels, explicit sums, a copied state", '''
def spatial_batchnorm_forward(x, gamma, beta, state, training, momentum=0.9, eps=1e-5):
    import copy
    new_state = copy.deepcopy(state)
    out = np.empty_like(x)
    m = x.shape[0] * x.shape[1] * x.shape[2]
    for c in range(x.shape[-1]):
        channel = x[..., c]
        if training:
            mu = channel.sum() / m
            var = ((channel - mu) ** 2).sum() / m
            new_state["running_mean"][c] = momentum * state["running_mean"][c] + (1 - momentum) * mu
            new_state["running_var"][c] = momentum * state["running_var"][c] + (1 - momentum) * var
        else:
            mu, var = state["running_mean"][c], state["running_var"][c]
        out[..., c] = gamma[c] * (channel - mu) / np.sqrt(var + eps) + beta[c]
    return out, None, new_state
'''),
]
ALTERNATIVES["spatial_batchnorm_backward"] = [
    ("reshape to (N*H*W, C) and reuse batchnorm_backward", _SBB_DEF + '''    C = dout.shape[-1]
    dx, dgamma, dbeta = batchnorm_backward(dout.reshape(-1, C), (x_hat.reshape(-1, C), gamma, inv_std))
    return dx.reshape(dout.shape), dgamma, dbeta
'''),
    ("the compact form with sums and M = N*H*W", _SBB_DEF + '''    m = dout.size // dout.shape[-1]
    dbeta = np.sum(dout, axis=(0, 1, 2))
    dgamma = np.sum(dout * x_hat, axis=(0, 1, 2))
    dx = (gamma * inv_std / m) * (m * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
'''),
]
