"""Checks of week 10 (autoencoders and generative models): the VAE's reparameterization (forward and
backward), its KL term and loss (the negative ELBO), and the GAN's discriminator and generator losses.

Expected values are computed inside each check function: NumPy expressions written out there, stored
literals, a numerical integral for the KL divergence of one Gaussian, and TensorFlow/Keras (imported inside
the check functions) for `tf.GradientTape` through the sample and Keras' binary cross-entropy. Gradient checks
go through `utils.checks.gradients`. No function of this module maps a graded function's inputs to its result.
"""
from __future__ import annotations

import numpy as np

from .engine import Case, compare, functions_only, run_cases, same
from .gradients import backward_through_forward, gradient_check

WEEK = "week10_generative"
POINTS = {
    "reparameterize": 2,
    "reparameterize_backward": 3,
    "kl_divergence": 3,
    "vae_loss": 3,
    "discriminator_loss": 3,
    "generator_loss": 2,
}
__all__ = list(POINTS)

# Every graded function of the week leaves its inputs as they were.
MAY_MODIFY: dict[str, tuple[str, ...]] = {}

_BCE = ["keras.losses.BinaryCrossentropy", "keras.losses.binary_crossentropy", "keras.ops.binary_crossentropy",
        "tensorflow.keras.losses.BinaryCrossentropy", "tensorflow.keras.losses.binary_crossentropy",
        "tensorflow.nn.sigmoid_cross_entropy_with_logits", "keras.metrics.binary_crossentropy"]
OWN_WORK: dict[str, list[str]] = {
    "reparameterize_backward": ["tensorflow.GradientTape", "tensorflow.gradients", "jax.grad"],
    "kl_divergence": ["tensorflow_probability.distributions.kl_divergence", "torch.distributions.kl_divergence",
                      "scipy.stats.entropy"],
    "vae_loss": _BCE + ["keras.losses.KLDivergence", "tensorflow_probability.distributions.kl_divergence"],
    "discriminator_loss": _BCE,
    "generator_loss": _BCE,
}

RULES = {
    "reparameterize": {
        "z = mu + exp(log_var / 2) * eps, elementwise, all (N, L)": [
            "one sample, log_var = 0", "variance 4 and 0.25: the standard deviation is exp(log_var / 2)",
            "batch of 4, L=3, compared with TensorFlow", "hidden: reparameterize values"],
        "eps is passed in, so the result is deterministic": ["hidden: the same eps gives the same z"],
        "returns (z, cache), z of shape (N, L)": ["batch of 4, L=3, compared with TensorFlow",
                                                  "hidden: z has shape (N, L)"],
        "the inputs are left as they were": ["the inputs stay as they were", "hidden: inputs unchanged"],
    },
    "reparameterize_backward": {
        "dmu is the gradient that flows through z to mu": ["batch of 3, L=2, compared with tf.GradientTape",
                                                           "hidden: dmu equals dz"],
        "dlog_var is the gradient through exp(log_var / 2)": [
            "batch of 3, L=2, compared with tf.GradientTape", "batch of 5, L=4: gradient check",
            "hidden: dlog_var against central differences"],
        "the cache comes from the student's own reparameterize": ["batch of 5, L=4: gradient check"],
        "shapes of mu and log_var, (N, L)": ["one sample, L=1", "hidden: gradient shapes"],
        "dz and the cache stay as they were": ["dz and the cache stay as they were"],
    },
    "kl_divergence": {
        "KL(N(mu, exp(log_var)) || N(0, 1)) is 0 at the prior": ["the prior itself: KL is 0"],
        "the closed form of one dimension (checked by numerical integration)": [
            "mu = 1, log_var = 0: a shifted unit Gaussian", "one dimension against a numerical integral",
            "hidden: one dimension against a numerical integral"],
        "summed over the L latent dimensions, one value per sample (N,)": [
            "batch of 4, L=3: one KL per sample", "hidden: shape (N,) and summed over L"],
        "agrees with TensorFlow": ["batch of 6, L=5, compared with TensorFlow"],
        "KL is never negative": ["hidden: KL >= 0 on random inputs"],
        "the inputs are left as they were": ["the inputs stay as they were"],
    },
    "vae_loss": {
        "binary cross-entropy summed over the pixels": ["two pixels, no KL", "hidden: vae_loss values"],
        "plus the KL term of each sample": ["one sample with a KL term", "hidden: vae_loss values"],
        "the mean over the batch": ["batch of 5, D=6, L=2, compared with Keras", "hidden: vae_loss values"],
        "x_recon clipped to [1e-7, 1 - 1e-7] like Keras": ["reconstructions of exactly 0 and 1 stay finite",
                                                          "hidden: clipping like Keras"],
        "returns one float": ["batch of 5, D=6, L=2, compared with Keras", "hidden: one float"],
        "the inputs are left as they were": ["the inputs stay as they were"],
    },
    "discriminator_loss": {
        "mean BCE on real (label 1) plus mean BCE on fake (label 0), from logits": [
            "logits 0: each part is ln 2", "confident and right, confident and wrong",
            "hidden: discriminator_loss values"],
        "each part is a mean over its own batch": ["8 real and 3 fake logits: two separate means",
                                                   "hidden: batches of different sizes"],
        "equal to Keras' BinaryCrossentropy(from_logits=True) summed over the two parts": [
            "logits of shape (N, 1), compared with Keras", "hidden: discriminator_loss values"],
        "stable for |logits| up to 1e4": ["logits of 1e4 in size: no overflow", "hidden: large logits"],
        "returns one float": ["logits of shape (N, 1), compared with Keras", "hidden: one float"],
        "the inputs are left as they were": ["the inputs stay as they were"],
    },
    "generator_loss": {
        "the non-saturating loss: mean BCE of D's logits on fakes with label 1": [
            "logits 0: ln 2", "fakes D rejects cost much, fakes D accepts cost little", "hidden: generator_loss values"],
        "equal to Keras' BinaryCrossentropy(from_logits=True)": ["logits of shape (N, 1), compared with Keras",
                                                                 "hidden: generator_loss values"],
        "stable for |logits| up to 1e4": ["logits of 1e4 in size: no overflow", "hidden: large logits"],
        "returns one float": ["logits of shape (N, 1), compared with Keras", "hidden: one float"],
        "the inputs are left as they were": ["the inputs stay as they were"],
    },
}


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _one_float(label: str):
    """A Case.check: the result is one number (a Python or NumPy float or a 0-d array), not an array of them."""
    def check(result):
        if isinstance(result, (tuple, list)) or np.ndim(result) != 0:
            return (f"expected {label} to be one float (a mean over the batch), got "
                    f"{type(result).__name__} of shape {np.shape(result)}")
        return None
    return check


# ----------------------------------------------------------------------------------------------
# Reparameterization
# ----------------------------------------------------------------------------------------------
REPARAM_FORMULA = "z = μ + σ ⊙ ε with σ = exp(½ log σ²), elementwise"


def reparameterize(func):
    """Check reparameterize(mu, log_var, eps) -> (z, cache) against mu + exp(log_var / 2) * eps (written out, and
    computed by TensorFlow for a batch)."""
    import tensorflow as tf

    r = _rng(100)
    mu4, lv4, eps4 = r.normal(size=(4, 3)), r.normal(scale=1.5, size=(4, 3)), r.normal(size=(4, 3))
    z_tf = (tf.constant(mu4) + tf.exp(tf.constant(lv4) / 2.0) * tf.constant(eps4)).numpy()
    std_hint = ("log_var is the logarithm of the VARIANCE: the standard deviation is the square root of the "
                "variance, so undo the log and halve it in the exponent")

    def is_pair(result):
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return f"expected a tuple (z, cache), got {type(result).__name__}"
        return None

    cases = [
        Case("the inputs stay as they were", args=(mu4, lv4, eps4), check=is_pair,
             hint="build z as a new array; do not change mu, log_var or eps in place"),
        Case("one sample, log_var = 0", args=(np.array([[0.5, -1.0]]), np.zeros((1, 2)), np.array([[1.0, 2.0]])),
             expect=(np.array([[1.5, 1.0]]),), names=("z", "_"),
             hint="with log_var 0 the variance is 1: the sample is the mean moved by eps", formula=REPARAM_FORMULA),
        Case("variance 4 and 0.25: the standard deviation is exp(log_var / 2)",
             args=(np.array([[1.0, 1.0]]), np.log(np.array([[4.0, 0.25]])), np.array([[1.0, 1.0]])),
             expect=(np.array([[3.0, 1.5]]),), names=("z", "_"), hint=std_hint, formula=REPARAM_FORMULA),
        Case("batch of 4, L=3, compared with TensorFlow", args=(mu4, lv4, eps4), expect=(z_tf,), names=("z", "_"),
             rtol=1e-10, atol=1e-12, hint="every entry is its own Gaussian: work elementwise and keep the shape "
                                          "(N, L)", formula=REPARAM_FORMULA),
    ]
    return run_cases(func, cases, name="reparameterize", may_modify=MAY_MODIFY.get("reparameterize", ()))


BACKWARD_FORMULA = ("∂L/∂μ = ∂L/∂z;  ∂L/∂(log σ²) = ∂L/∂z ⊙ ε ⊙ ½ exp(½ log σ²) = ½ ∂L/∂z ⊙ (z − μ)")


def reparameterize_backward(func, forward=None):
    """Check reparameterize_backward(dz, cache) -> (dmu, dlog_var) with the cache of the student's own
    reparameterize (the one defined next to func): values against tf.GradientTape through the sample, a
    gradient check against central differences, and dz and the cache left as they were."""
    import tensorflow as tf

    backward_of, cache_changed = backward_through_forward(func, forward, "reparameterize_backward", "reparameterize",
                                                          ("mu", "log_var", "eps", "dz"), "dz", returns="(z, cache)")

    def pair(result):
        if cache_changed and cache_changed[-1]:
            return ("reparameterize_backward changed the cache in place (an array the forward pass stored); "
                    "compute new arrays and leave the cache as it was")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return f"expected a tuple (dmu, dlog_var), got {type(result).__name__}"
        return None

    def with_tape(mu, log_var, eps, dz):
        tmu, tlv = tf.Variable(mu), tf.Variable(log_var)
        with tf.GradientTape() as tape:
            z = tmu + tf.exp(tlv / 2.0) * tf.constant(eps)
            loss = tf.reduce_sum(z * tf.constant(dz))
        dmu, dlv = tape.gradient(loss, [tmu, tlv])

        def check(result):
            problem = pair(result)
            if problem:
                return problem
            for label, got, want in zip(("dmu", "dlog_var"), result, (dmu.numpy(), dlv.numpy())):
                msg = compare(got, want, label=f"{label} (vs tf.GradientTape)", rtol=1e-8, atol=1e-10)
                if msg:
                    return msg
            return None
        return check

    def numeric(mu, log_var, eps, dz):
        def sample(mu_, lv_):                # z as a function of mu and log_var, eps held fixed (float64)
            return mu_ + np.exp(lv_ / 2.0) * eps
        grads = gradient_check(sample, [mu, log_var], dz, ("dmu", "dlog_var"))

        def check(result):
            return pair(result) or grads(result)
        return check

    r = _rng(101)
    mu1, lv1, eps1, dz1 = np.array([[0.3]]), np.array([[np.log(4.0)]]), np.array([[0.5]]), np.array([[2.0]])
    mu3, lv3, eps3, dz3 = r.normal(size=(3, 2)), r.normal(size=(3, 2)), r.normal(size=(3, 2)), r.normal(size=(3, 2))
    mu5, lv5, eps5, dz5 = r.normal(size=(5, 4)), r.normal(size=(5, 4)), r.normal(size=(5, 4)), r.normal(size=(5, 4))
    path_hint = ("mu reaches z with slope 1; log_var reaches z through the exponential, so the chain rule multiplies "
                 "by the derivative of exp(log_var / 2) with respect to log_var, and by eps")
    cases = [
        Case("dz and the cache stay as they were", args=(mu3, lv3, eps3, dz3), check=pair,
             hint="compute dmu and dlog_var into new arrays; do not update dz or the cached arrays in place"),
        Case("one sample, L=1", args=(mu1, lv1, eps1, dz1), expect=(np.array([[2.0]]), np.array([[1.0]])),
             names=("dmu", "dlog_var"), rtol=1e-9, atol=1e-12, hint=path_hint, formula=BACKWARD_FORMULA),
        Case("batch of 3, L=2, compared with tf.GradientTape", args=(mu3, lv3, eps3, dz3),
             check=with_tape(mu3, lv3, eps3, dz3), hint=path_hint, formula=BACKWARD_FORMULA),
        Case("batch of 5, L=4: gradient check", args=(mu5, lv5, eps5, dz5), check=numeric(mu5, lv5, eps5, dz5),
             hint="each entry of z depends only on the same entry of mu and log_var: the gradients have their shape "
                  "(N, L), with no sum over the batch", formula=BACKWARD_FORMULA),
    ]
    return run_cases(backward_of, cases, name="reparameterize_backward",
                     may_modify=MAY_MODIFY.get("reparameterize_backward", ()))


# ----------------------------------------------------------------------------------------------
# KL divergence of a diagonal Gaussian from the standard normal
# ----------------------------------------------------------------------------------------------
KL_FORMULA = "KL = ½ Σⱼ (σⱼ² + μⱼ² − 1 − log σⱼ²), the sum over the L latent dimensions, one value per sample"


def kl_divergence(func):
    """Check kl_divergence(mu, log_var) -> (N,) against the closed form (written out), a numerical integral of
    p log(p / q) for one dimension, and TensorFlow."""
    import tensorflow as tf

    def integral(m, lv):
        """KL(N(m, e^lv) || N(0, 1)) of one dimension by the trapezoidal rule on a fine grid."""
        s = np.exp(lv / 2.0)
        t = np.linspace(m - 12 * s, m + 12 * s, 200001)
        log_p = -0.5 * ((t - m) / s) ** 2 - np.log(s) - 0.5 * np.log(2 * np.pi)
        log_q = -0.5 * t ** 2 - 0.5 * np.log(2 * np.pi)
        f = np.exp(log_p) * (log_p - log_q)
        return float(np.sum((f[1:] + f[:-1]) / 2.0) * (t[1] - t[0]))

    r = _rng(102)
    mu4, lv4 = r.normal(size=(4, 3)), r.normal(size=(4, 3))
    mu6, lv6 = r.normal(size=(6, 5)), r.normal(scale=2.0, size=(6, 5))
    tmu, tlv = tf.constant(mu6), tf.constant(lv6)
    kl_tf = (0.5 * tf.reduce_sum(tf.exp(tlv) + tf.square(tmu) - 1.0 - tlv, axis=1)).numpy()
    expected4 = 0.5 * np.sum(np.exp(lv4) + mu4 * mu4 - 1.0 - lv4, axis=1)
    one_dim = [integral(0.7, np.log(0.3)), integral(-1.2, np.log(2.5))]
    shape_hint = ("one KL per sample: add up the contributions of the L latent dimensions (independent Gaussians), "
                  "do not average them, and keep one value for each of the N rows")
    cases = [
        Case("the inputs stay as they were", args=(mu4, lv4), check=None,
             hint="compute with new arrays; do not change mu or log_var in place"),
        Case("the prior itself: KL is 0", args=(np.zeros((2, 3)), np.zeros((2, 3))), expect=np.zeros(2),
             atol=1e-12, hint="a distribution differs from itself by nothing: at mean 0 and log-variance 0 every term "
                              "must cancel", formula=KL_FORMULA),
        Case("mu = 1, log_var = 0: a shifted unit Gaussian", args=(np.array([[1.0]]), np.array([[0.0]])),
             expect=np.array([0.5]), hint="with equal variances only the shift of the mean costs anything",
             formula=KL_FORMULA),
        Case("one dimension against a numerical integral",
             args=(np.array([[0.7], [-1.2]]), np.log(np.array([[0.3], [2.5]]))), expect=np.array(one_dim),
             rtol=1e-6, atol=1e-9, hint="the variance is exp(log_var), not its square root; derive the KL of one "
                                        "dimension from the two log-densities", formula=KL_FORMULA),
        Case("batch of 4, L=3: one KL per sample", args=(mu4, lv4), expect=expected4, rtol=1e-9, atol=1e-12,
             hint=shape_hint, formula=KL_FORMULA),
        Case("batch of 6, L=5, compared with TensorFlow", args=(mu6, lv6), expect=kl_tf, rtol=1e-9, atol=1e-12,
             hint=shape_hint, formula=KL_FORMULA),
    ]
    return run_cases(func, cases, name="kl_divergence", may_modify=MAY_MODIFY.get("kl_divergence", ()))


# ----------------------------------------------------------------------------------------------
# The VAE's loss: the negative ELBO per sample, averaged over the batch
# ----------------------------------------------------------------------------------------------
VAE_FORMULA = ("loss = (1/N) Σₙ [ −Σ_d (x log x̂ + (1 − x) log(1 − x̂)) + ½ Σⱼ (σⱼ² + μⱼ² − 1 − log σⱼ²) ], "
               "with x̂ clipped to [10⁻⁷, 1 − 10⁻⁷]")


def vae_loss(func):
    """Check vae_loss(x, x_recon, mu, log_var) -> float against the negative ELBO written out and against Keras'
    binary cross-entropy (which averages over the pixels: times D gives the sum) plus the KL term."""
    import keras

    r = _rng(103)
    x5 = r.uniform(size=(5, 6))
    x5[:2] = (x5[:2] > 0.5).astype(float)                       # some binary images, some grey levels
    xr5 = r.uniform(0.05, 0.95, size=(5, 6))
    mu5, lv5 = r.normal(size=(5, 2)), r.normal(size=(5, 2))
    keras_bce = np.asarray(keras.losses.binary_crossentropy(x5, xr5), dtype=np.float64) * x5.shape[1]
    kl5 = 0.5 * np.sum(np.exp(lv5) + mu5 ** 2 - 1.0 - lv5, axis=1)
    expected5 = float(np.mean(keras_bce + kl5))
    # two pixels, mu = 0 and log_var = 0: the KL is 0, the BCE is -log 0.8 - log 0.5
    x_two, xr_two = np.array([[1.0, 0.0]]), np.array([[0.8, 0.5]])
    # reconstructions of exactly 0 and 1: clipped like Keras
    x_edge = np.array([[1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.5, 1.0]])
    xr_edge = np.array([[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 0.5, 0.0]])
    keras_edge = float(np.mean(np.asarray(keras.losses.binary_crossentropy(x_edge, xr_edge), np.float64) * 4))
    sum_hint = ("the reconstruction term of one image adds up the cross-entropies of its D pixels (a sum, not a "
                "mean, so that it is measured on the same scale as the KL), then the loss averages over the N images")
    cases = [
        Case("the inputs stay as they were", args=(x5, xr5, mu5, lv5), check=_one_float("the loss"),
             hint="clip into a new array; do not clip x_recon or change any argument in place"),
        Case("two pixels, no KL", args=(x_two, xr_two, np.zeros((1, 3)), np.zeros((1, 3))),
             expect=-np.log(0.8) - np.log(0.5), rtol=1e-9,
             hint="a white pixel costs minus the log of the predicted probability, a black one minus the log of one "
                  "minus it; add up the pixels", formula=VAE_FORMULA),
        Case("one sample with a KL term", args=(x_two, xr_two, np.array([[1.0, 0.0]]), np.array([[0.0, np.log(2.0)]])),
             expect=-np.log(0.8) - np.log(0.5) + 0.5 + 0.5 * (1.0 - np.log(2.0)), rtol=1e-9,
             hint="the negative ELBO is the reconstruction term PLUS the KL divergence of the sample's Gaussian "
                  "from the prior", formula=VAE_FORMULA),
        Case("batch of 5, D=6, L=2, compared with Keras", args=(x5, xr5, mu5, lv5), expect=expected5, rtol=1e-6,
             check=_one_float("the loss"), hint=sum_hint, formula=VAE_FORMULA),
        Case("reconstructions of exactly 0 and 1 stay finite", args=(x_edge, xr_edge, np.zeros((2, 1)),
                                                                     np.zeros((2, 1))),
             expect=keras_edge, rtol=1e-5, strict=True,
             hint="a predicted probability of exactly 0 or 1 makes the log infinite: clip the reconstruction to the "
                  "interval the docstring gives before taking logs, as Keras does", formula=VAE_FORMULA),
    ]
    return run_cases(func, cases, name="vae_loss", may_modify=MAY_MODIFY.get("vae_loss", ()))


# ----------------------------------------------------------------------------------------------
# GAN losses, from logits
# ----------------------------------------------------------------------------------------------
D_FORMULA = ("with σ the sigmoid: L_D = −(1/N_r) Σ log σ(r) − (1/N_f) Σ log(1 − σ(f)); "
             "−log σ(a) = log(1 + e⁻ᵃ), computed as max(−a, 0) + log(1 + e^(−|a|)) to stay finite")
G_FORMULA = ("L_G = −(1/N) Σ log σ(f) = (1/N) Σ log(1 + e^(−f)), computed as max(−f, 0) + log(1 + e^(−|f|)) "
             "to stay finite")
STABLE_HINT = ("a logit of 1e4 overflows the exponential, and a sigmoid that rounds to exactly 0 or 1 makes the "
               "log infinite: rewrite the loss of a logit so that the exponential only ever sees a non-positive "
               "number (week 3's stable binary cross-entropy)")


def discriminator_loss(func):
    """Check discriminator_loss(real_logits, fake_logits) -> float against the BCE written out and Keras'
    BinaryCrossentropy(from_logits=True) on each part, for batches of different sizes and huge logits."""
    import keras

    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    r = _rng(104)
    real8, fake3 = r.normal(1.0, 2.0, size=8), r.normal(-1.0, 2.0, size=3)
    real_col, fake_col = r.normal(size=(6, 1)), r.normal(size=(6, 1))
    keras_col = float(bce(np.ones((6, 1)), real_col)) + float(bce(np.zeros((6, 1)), fake_col))
    sp = lambda a: np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a)))       # noqa: E731 - softplus, written out
    parts_hint = ("real images carry label 1 and fakes label 0: average the cross-entropy over the real batch, "
                  "average it over the fake batch, and add the two means")
    cases = [
        Case("the inputs stay as they were", args=(real8, fake3), check=_one_float("the loss"),
             hint="do not change the logits in place"),
        Case("logits 0: each part is ln 2", args=(np.zeros(4), np.zeros(4)), expect=2 * np.log(2.0), rtol=1e-9,
             check=_one_float("the loss"),
             hint="a logit of 0 is a probability of one half, whose cross-entropy is ln 2 for either label",
             formula=D_FORMULA),
        Case("confident and right, confident and wrong", args=(np.array([3.0, -2.0]), np.array([-4.0, 1.0])),
             expect=float(np.mean(sp(-np.array([3.0, -2.0]))) + np.mean(sp(np.array([-4.0, 1.0])))), rtol=1e-9,
             hint=parts_hint, formula=D_FORMULA),
        Case("8 real and 3 fake logits: two separate means", args=(real8, fake3),
             expect=float(np.mean(sp(-real8)) + np.mean(sp(fake3))), rtol=1e-9,
             hint="the two batches may have different sizes: one mean per batch, not one mean over all logits",
             formula=D_FORMULA),
        Case("logits of shape (N, 1), compared with Keras", args=(real_col, fake_col), expect=keras_col, rtol=1e-6,
             check=_one_float("the loss"), hint="a discriminator's output has shape (N, 1); the loss is still one "
                                                "number", formula=D_FORMULA),
        Case("logits of 1e4 in size: no overflow", args=(np.array([1e4, -1e4, 30.0]), np.array([-1e4, 1e4, -30.0])),
             expect=float(np.mean(sp(-np.array([1e4, -1e4, 30.0]))) + np.mean(sp(np.array([-1e4, 1e4, -30.0])))),
             rtol=1e-9, strict=True, hint=STABLE_HINT, formula=D_FORMULA),
    ]
    return run_cases(func, cases, name="discriminator_loss", may_modify=MAY_MODIFY.get("discriminator_loss", ()))


def generator_loss(func):
    """Check generator_loss(fake_logits) -> float: the non-saturating loss, mean BCE of the fakes' logits with
    label 1, against the BCE written out and Keras' BinaryCrossentropy(from_logits=True)."""
    import keras

    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    r = _rng(105)
    fake_col = r.normal(-1.0, 2.0, size=(7, 1))
    sp = lambda a: np.maximum(a, 0) + np.log1p(np.exp(-np.abs(a)))       # noqa: E731 - softplus, written out
    fakes = np.array([-6.0, -3.0, -1.0, 2.0])
    big = np.array([1e4, -1e4, -40.0])
    cases = [
        Case("the inputs stay as they were", args=(fake_col,), check=_one_float("the loss"),
             hint="do not change the logits in place"),
        Case("logits 0: ln 2", args=(np.zeros(5),), expect=np.log(2.0), rtol=1e-9, check=_one_float("the loss"),
             hint="a logit of 0 is a probability of one half", formula=G_FORMULA),
        Case("fakes D rejects cost much, fakes D accepts cost little", args=(fakes,),
             expect=float(np.mean(sp(-fakes))), rtol=1e-9,
             hint="the generator wants D to call its fakes REAL: use label 1 for them (the non-saturating loss), "
                  "not minus the discriminator's loss on label 0", formula=G_FORMULA),
        Case("logits of shape (N, 1), compared with Keras", args=(fake_col,),
             expect=float(bce(np.ones((7, 1)), fake_col)), rtol=1e-6, check=_one_float("the loss"),
             hint="average over the batch; the result is one number", formula=G_FORMULA),
        Case("logits of 1e4 in size: no overflow", args=(big,), expect=float(np.mean(sp(-big))), rtol=1e-9,
             strict=True, hint=STABLE_HINT, formula=G_FORMULA),
    ]
    return run_cases(func, cases, name="generator_loss", may_modify=MAY_MODIFY.get("generator_loss", ()))


functions_only(globals())   # every check refuses a non-function at once (before its cases are built)
