"""Wrong and alternative implementations of week 10's graded functions.

Each source runs in the kernel of the executed source notebook (np, tf, keras are there); the function's test
cell must fail for every mutant and pass for every alternative. The reparameterize_backward variants read the
cache of the reference reparameterize: (std, eps).
"""

MUTANTS = {
    "reparameterize": [
        ("standard deviation exp(log_var), not exp(log_var / 2)", '''
def reparameterize(mu, log_var, eps):
    std = np.exp(log_var)
    return mu + std * eps, (np.exp(log_var / 2), eps)
'''),
        ("log_var used as the standard deviation", '''
def reparameterize(mu, log_var, eps):
    return mu + log_var * eps, (np.exp(log_var / 2), eps)
'''),
        ("variance exp(log_var) multiplies eps (sqrt forgotten)", '''
def reparameterize(mu, log_var, eps):
    return mu + np.exp(log_var) * eps, (np.exp(log_var / 2), eps)
'''),
        ("draws its own noise, ignoring eps", '''
def reparameterize(mu, log_var, eps):
    std = np.exp(log_var / 2)
    return mu + std * np.random.default_rng(0).normal(size=np.shape(mu)), (std, eps)
'''),
        ("adds eps in place into mu", '''
def reparameterize(mu, log_var, eps):
    std = np.exp(log_var / 2)
    mu += std * eps
    return mu, (std, eps)
'''),
    ],
    "reparameterize_backward": [
        ("dlog_var misses the factor 1/2", '''
def reparameterize_backward(dz, cache):
    std, eps = cache
    return dz.copy(), dz * eps * std
'''),
        ("dlog_var without eps", '''
def reparameterize_backward(dz, cache):
    std, eps = cache
    return dz.copy(), dz * std / 2
'''),
        ("dmu scaled by the standard deviation", '''
def reparameterize_backward(dz, cache):
    std, eps = cache
    return dz * std, dz * eps * std / 2
'''),
        ("gradients summed over the batch", '''
def reparameterize_backward(dz, cache):
    std, eps = cache
    return dz.sum(axis=0), (dz * eps * std / 2).sum(axis=0)
'''),
        ("scales dz in place", '''
def reparameterize_backward(dz, cache):
    std, eps = cache
    dmu = dz.copy()
    dz *= eps * std / 2
    return dmu, dz
'''),
    ],
    "kl_divergence": [
        ("missing the factor 1/2", '''
def kl_divergence(mu, log_var):
    return np.sum(np.exp(log_var) + mu ** 2 - 1 - log_var, axis=1)
'''),
        ("mean over the latent dimensions instead of the sum", '''
def kl_divergence(mu, log_var):
    return 0.5 * np.mean(np.exp(log_var) + mu ** 2 - 1 - log_var, axis=1)
'''),
        ("standard deviation in place of the variance", '''
def kl_divergence(mu, log_var):
    return 0.5 * np.sum(np.exp(log_var / 2) + mu ** 2 - 1 - log_var, axis=1)
'''),
        ("log-variance term with the wrong sign", '''
def kl_divergence(mu, log_var):
    return 0.5 * np.sum(np.exp(log_var) + mu ** 2 - 1 + log_var, axis=1)
'''),
        ("summed over the batch too (one number)", '''
def kl_divergence(mu, log_var):
    return 0.5 * np.sum(np.exp(log_var) + mu ** 2 - 1 - log_var)
'''),
    ],
    "vae_loss": [
        ("BCE averaged over the pixels (Keras' default), not summed", '''
def vae_loss(x, x_recon, mu, log_var):
    p = np.clip(x_recon, 1e-7, 1 - 1e-7)
    rec = -np.mean(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    return float(np.mean(rec + 0.5 * np.sum(np.exp(log_var) + mu ** 2 - 1 - log_var, axis=1)))
'''),
        ("KL term left out", '''
def vae_loss(x, x_recon, mu, log_var):
    p = np.clip(x_recon, 1e-7, 1 - 1e-7)
    return float(np.mean(-np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)))
'''),
        ("no clipping", '''
def vae_loss(x, x_recon, mu, log_var):
    p = np.asarray(x_recon, dtype=float)
    rec = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    return float(np.mean(rec + 0.5 * np.sum(np.exp(log_var) + mu ** 2 - 1 - log_var, axis=1)))
'''),
        ("KL subtracted (the ELBO, not its negative, for that term)", '''
def vae_loss(x, x_recon, mu, log_var):
    p = np.clip(x_recon, 1e-7, 1 - 1e-7)
    rec = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    return float(np.mean(rec - 0.5 * np.sum(np.exp(log_var) + mu ** 2 - 1 - log_var, axis=1)))
'''),
        ("summed over the batch", '''
def vae_loss(x, x_recon, mu, log_var):
    p = np.clip(x_recon, 1e-7, 1 - 1e-7)
    rec = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    return float(np.sum(rec + 0.5 * np.sum(np.exp(log_var) + mu ** 2 - 1 - log_var, axis=1)))
'''),
        ("clips x_recon in place", '''
def vae_loss(x, x_recon, mu, log_var):
    np.clip(x_recon, 1e-7, 1 - 1e-7, out=x_recon)
    rec = -np.sum(x * np.log(x_recon) + (1 - x) * np.log(1 - x_recon), axis=1)
    return float(np.mean(rec + 0.5 * np.sum(np.exp(log_var) + mu ** 2 - 1 - log_var, axis=1)))
'''),
    ],
    "discriminator_loss": [
        ("labels swapped (real 0, fake 1)", '''
def discriminator_loss(real_logits, fake_logits):
    r, f = np.asarray(real_logits, float), np.asarray(fake_logits, float)
    return float(np.mean(np.logaddexp(0, r)) + np.mean(np.logaddexp(0, -f)))
'''),
        ("naive log of the sigmoid (overflows, log 0)", '''
def discriminator_loss(real_logits, fake_logits):
    sig = lambda a: 1 / (1 + np.exp(-np.asarray(a, float)))
    return float(-np.mean(np.log(sig(real_logits))) - np.mean(np.log(1 - sig(fake_logits))))
'''),
        ("one mean over all logits together", '''
def discriminator_loss(real_logits, fake_logits):
    r, f = np.ravel(real_logits), np.ravel(fake_logits)
    return float(2 * np.mean(np.concatenate([np.logaddexp(0, -r), np.logaddexp(0, f)])))
'''),
        ("the real part only", '''
def discriminator_loss(real_logits, fake_logits):
    return float(np.mean(np.logaddexp(0, -np.asarray(real_logits, float))))
'''),
        ("mean of the two parts instead of their sum", '''
def discriminator_loss(real_logits, fake_logits):
    r, f = np.asarray(real_logits, float), np.asarray(fake_logits, float)
    return float((np.mean(np.logaddexp(0, -r)) + np.mean(np.logaddexp(0, f))) / 2)
'''),
    ],
    "generator_loss": [
        ("saturating loss: mean log(1 - D(G(z)))", '''
def generator_loss(fake_logits):
    return float(-np.mean(np.logaddexp(0, np.asarray(fake_logits, float))))
'''),
        ("label 0 for the fakes (the discriminator's goal)", '''
def generator_loss(fake_logits):
    return float(np.mean(np.logaddexp(0, np.asarray(fake_logits, float))))
'''),
        ("naive log of the sigmoid (overflows, log 0)", '''
def generator_loss(fake_logits):
    return float(-np.mean(np.log(1 / (1 + np.exp(-np.asarray(fake_logits, float))))))
'''),
        ("summed over the batch", '''
def generator_loss(fake_logits):
    return float(np.sum(np.logaddexp(0, -np.asarray(fake_logits, float))))
'''),
    ],
}

ALTERNATIVES = {
    "reparameterize": [
        ("square root of the variance, cache of the inputs", '''
def reparameterize(mu, log_var, eps):
    z = mu + np.sqrt(np.exp(log_var)) * eps
    return z, (np.exp(log_var / 2), eps.copy())
'''),
        ("loops over every entry", '''
def reparameterize(mu, log_var, eps):
    z = np.empty(np.shape(mu))
    for n in range(z.shape[0]):
        for j in range(z.shape[1]):
            z[n, j] = mu[n, j] + np.exp(0.5 * log_var[n, j]) * eps[n, j]
    return z, (np.exp(log_var / 2), eps)
'''),
    ],
    "reparameterize_backward": [
        ("written with the sample: dlog_var = dz * (z - mu) / 2", '''
def reparameterize_backward(dz, cache):
    std, eps = cache
    shift = std * eps                 # z - mu
    return 1.0 * dz, 0.5 * dz * shift
'''),
        ("loops over every entry", '''
def reparameterize_backward(dz, cache):
    std, eps = cache
    dmu, dlv = np.zeros(dz.shape), np.zeros(dz.shape)
    for i in np.ndindex(dz.shape):
        dmu[i] = dz[i]
        dlv[i] = dz[i] * eps[i] * 0.5 * std[i]
    return dmu, dlv
'''),
    ],
    "kl_divergence": [
        ("loops over samples and dimensions", '''
def kl_divergence(mu, log_var):
    out = np.zeros(len(mu))
    for n in range(len(mu)):
        for j in range(len(mu[n])):
            out[n] += 0.5 * (np.exp(log_var[n, j]) + mu[n, j] ** 2 - 1 - log_var[n, j])
    return out
'''),
        ("as minus a half times the sum of (1 + log var - mu^2 - var)", '''
def kl_divergence(mu, log_var):
    return -0.5 * (1 + log_var - np.square(mu) - np.exp(log_var)).sum(axis=-1)
'''),
    ],
    "vae_loss": [
        ("written with np.where and the student's kl_divergence", '''
def vae_loss(x, x_recon, mu, log_var):
    p = np.minimum(np.maximum(x_recon, 1e-7), 1 - 1e-7)
    rec = -(x * np.log(p)).sum(axis=1) - ((1 - x) * np.log1p(-p)).sum(axis=1)
    return float((rec + kl_divergence(mu, log_var)).mean())
'''),
        ("float32 arithmetic returns a NumPy float", '''
def vae_loss(x, x_recon, mu, log_var):
    p = np.clip(np.asarray(x_recon), 1e-7, 1 - 1e-7)
    rec = -np.sum(x * np.log(p) + (1 - x) * np.log(1 - p), axis=1)
    kl = 0.5 * np.sum(np.exp(log_var) + mu * mu - 1 - log_var, axis=1)
    return np.mean(rec + kl)
'''),
    ],
    "discriminator_loss": [
        ("np.logaddexp", '''
def discriminator_loss(real_logits, fake_logits):
    return float(np.mean(np.logaddexp(0.0, -np.asarray(real_logits))) + np.mean(np.logaddexp(0.0, fake_logits)))
'''),
        ("BCE written with labels, loops per part", '''
def discriminator_loss(real_logits, fake_logits):
    def bce(logits, label):
        a = np.ravel(np.asarray(logits, dtype=float))
        return np.mean(np.maximum(a, 0) - a * label + np.log1p(np.exp(-np.abs(a))))
    return float(bce(real_logits, 1.0) + bce(fake_logits, 0.0))
'''),
    ],
    "generator_loss": [
        ("np.logaddexp", '''
def generator_loss(fake_logits):
    return float(np.mean(np.logaddexp(0.0, -np.asarray(fake_logits))))
'''),
        ("TensorFlow's sigmoid_cross_entropy formula written out in a loop", '''
def generator_loss(fake_logits):
    total = 0.0
    values = np.ravel(fake_logits)
    for a in values:
        total += max(a, 0.0) - a + np.log1p(np.exp(-abs(a)))
    return total / len(values)
'''),
    ],
}

# Independent functions for the nbgrader round trip (the last one stubbed, the one before it a mutant).
ROUND_TRIP = {"stub": "generator_loss", "wrong": "discriminator_loss", "delete": "kl_divergence"}
