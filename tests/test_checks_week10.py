"""Unit tests of the week-10 checks (utils/checks/week10_generative.py); no notebook is executed.

The generic properties (reference passes, stub says "not implemented", mutants fail, alternatives pass) live in
tests/test_checks.py and tests/test_weeks.py. Here: the hints point at the typical mistakes, and the notebook's
reference solutions agree with TensorFlow / Keras and with first principles (a Monte Carlo estimate and a numerical
integral of the KL, tf.GradientTape through the sample, Keras' binary cross-entropy on huge logits).
"""
from __future__ import annotations

import numpy as np
import pytest

from conftest import define, mutants, solutions
from utils.checks import CheckFailed
from utils.checks import week10_generative as checks_w10

WEEK = "week10_generative"
MUT = mutants(WEEK)


def test_hints_on_typical_mistakes():
    expectations = {
        ("reparameterize", "standard deviation exp(log_var), not exp(log_var / 2)"): "VARIANCE",
        ("reparameterize_backward", "dlog_var misses the factor 1/2"): "chain rule",
        ("reparameterize_backward", "scales dz in place"): "in place",
        ("kl_divergence", "mean over the latent dimensions instead of the sum"): "do not average",
        ("vae_loss", "BCE averaged over the pixels (Keras' default), not summed"): "add up the pixels",
        ("vae_loss", "no clipping"): "clip",
        ("discriminator_loss", "one mean over all logits together"): "one mean per batch",
        ("discriminator_loss", "naive log of the sigmoid (overflows, log 0)"): "week 3",
        ("generator_loss", "label 0 for the fakes (the discriminator's goal)"): "use label 1",
        ("generator_loss", "saturating loss: mean log(1 - D(G(z)))"): "probability of one half",
    }
    for (fn, label), phrase in expectations.items():
        src = dict(MUT.MUTANTS[fn])[label]
        with pytest.raises(CheckFailed) as info:
            getattr(checks_w10, fn)(define(WEEK, src, fn))
        assert phrase in str(info.value), f"{fn}/{label}: {info.value}"


def test_formula_only_after_a_repeated_failure():
    src = dict(MUT.MUTANTS["kl_divergence"])["missing the factor 1/2"]
    wrong = define(WEEK, src, "kl_divergence")
    with pytest.raises(CheckFailed) as first:
        checks_w10.kl_divergence(wrong)
    with pytest.raises(CheckFailed) as second:
        checks_w10.kl_divergence(wrong)
    assert "formula:" not in str(first.value) and "formula:" in str(second.value)


def test_reparameterization_matches_gradient_tape():
    import tensorflow as tf

    ref = solutions(WEEK)
    rng = np.random.default_rng(0)
    mu, lv, eps, dz = (rng.normal(size=(6, 4)) for _ in range(4))
    z, cache = ref["reparameterize"](mu, lv, eps)
    dmu, dlv = ref["reparameterize_backward"](dz, cache)
    tmu, tlv = tf.Variable(mu), tf.Variable(lv)
    with tf.GradientTape() as tape:
        tz = tmu + tf.exp(tlv / 2) * eps
        loss = tf.reduce_sum(tz * dz)
    gmu, glv = tape.gradient(loss, [tmu, tlv])
    np.testing.assert_allclose(z, tz.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dmu, gmu.numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dlv, glv.numpy(), rtol=1e-12, atol=1e-12)


def test_kl_reference_matches_monte_carlo_and_tensorflow():
    import tensorflow as tf

    kl = solutions(WEEK)["kl_divergence"]
    rng = np.random.default_rng(1)
    mu, lv = rng.normal(size=(3, 2)), rng.normal(scale=0.5, size=(3, 2))
    n = 400_000
    for i in range(3):
        z = mu[i] + np.exp(lv[i] / 2) * rng.normal(size=(n, 2))
        log_p = -0.5 * np.sum(np.log(2 * np.pi) + lv[i] + (z - mu[i]) ** 2 / np.exp(lv[i]), axis=1)
        log_q = -0.5 * np.sum(np.log(2 * np.pi) + z ** 2, axis=1)
        estimate, stderr = np.mean(log_p - log_q), np.std(log_p - log_q) / np.sqrt(n)
        assert abs(kl(mu[i:i + 1], lv[i:i + 1])[0] - estimate) < 5 * stderr + 1e-4
    tf_kl = 0.5 * tf.reduce_sum(tf.exp(lv) + mu ** 2 - 1 - lv, axis=1)
    np.testing.assert_allclose(kl(mu, lv), tf_kl.numpy(), rtol=1e-12)


def test_vae_loss_reference_matches_keras():
    import keras

    vae_loss = solutions(WEEK)["vae_loss"]
    rng = np.random.default_rng(2)
    x, xr = rng.uniform(size=(8, 20)), rng.uniform(size=(8, 20))
    xr[0, :3] = [0.0, 1.0, 1.0]
    mu, lv = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    bce = np.asarray(keras.losses.binary_crossentropy(x, xr), np.float64) * x.shape[1]
    kl = 0.5 * np.sum(np.exp(lv) + mu ** 2 - 1 - lv, axis=1)
    assert vae_loss(x, xr, mu, lv) == pytest.approx(float(np.mean(bce + kl)), rel=1e-6)


@pytest.mark.parametrize("scale", [1.0, 30.0, 1e4])
def test_gan_losses_reference_match_keras(scale):
    import keras

    ref = solutions(WEEK)
    bce = keras.losses.BinaryCrossentropy(from_logits=True)
    rng = np.random.default_rng(3)
    real, fake = scale * rng.normal(size=(9, 1)), scale * rng.normal(size=(5, 1))
    with np.errstate(over="raise", divide="raise", invalid="raise"):
        d, g = ref["discriminator_loss"](real, fake), ref["generator_loss"](fake)
    want_d = float(bce(np.ones_like(real), real)) + float(bce(np.zeros_like(fake), fake))
    assert d == pytest.approx(want_d, rel=1e-5)
    assert g == pytest.approx(float(bce(np.ones_like(fake), fake)), rel=1e-5)
