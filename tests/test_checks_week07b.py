"""Unit tests of the capstone's checks (utils/checks/week07b_capstone.py); no notebook is executed.

The generic properties (reference passes, stub says "not implemented", mutants fail with a message, alternatives
pass) are in tests/test_checks.py and tests/test_weeks.py. Here: the messages of typical mistakes point at the
mistake, a wrong layer of an earlier week is caught by the capstone's checks, the checks' written-out expectations
agree with TensorFlow (the forward pass and the gradients of a Keras-free reference computed with tf.GradientTape),
and the notebook's layers cell holds exactly the reference answers of weeks 4, 5 and 7.
"""
from __future__ import annotations

import glob
import re

import nbformat
import numpy as np
import pytest

from conftest import ROOT, define, grade_id, mutants, notebook_path, solutions
from utils.checks import CheckFailed
from utils.checks import week07b_capstone as checks_cap

WEEK = "week07b_capstone"
MUT = dict((fn, dict(items)) for fn, items in mutants(WEEK).MUTANTS.items())
SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def _fails_with(fn, label):
    with pytest.raises(CheckFailed) as info:
        getattr(checks_cap, fn)(define(WEEK, MUT[fn][label], fn))
    return str(info.value)


@pytest.mark.parametrize("fn,label,words", [
    ("init_network", "unit-variance weights (no He/Xavier scale)", "standard deviation"),
    ("init_network", "one seed for every layer", "its own draw"),
    ("init_network", "gamma and beta for the output layer too", "unexpected"),
    ("network_forward", "dropout at inference too", "at inference nothing is dropped"),
    ("network_forward", "batch norm after the ReLU", "dense, batch norm, ReLU"),
    ("network_loss", "L2 in the loss but not in the gradients", "gradient check"),
    ("network_loss", "no L2 in the loss", "l2_penalty"),
    ("train_network", "the same shuffle every epoch", "seed + e"),
    ("train_network", "Adam state reset at every step", "kept over all steps"),
    ("train_network", "accuracy measured in training mode (dropout on)", "inference mode"),
])
def test_hints_on_typical_mistakes(fn, label, words):
    assert words in _fails_with(fn, label)


def _with_layer(layer_source: str) -> dict:
    """The reference network functions defined on top of one replaced layer of an earlier week."""
    namespace = dict(solutions(WEEK))
    exec(layer_source, namespace)
    for cell in nbformat.read(str(notebook_path(WEEK)), as_version=4).cells:
        if grade_id(cell).startswith("answer_"):
            exec(SOLUTION.sub("", cell.source), namespace)
    return namespace


def test_a_wrong_layer_of_an_earlier_week_is_caught():
    """The capstone runs on the student's layers: a dense_backward without the batch sum breaks network_loss."""
    namespace = _with_layer("def dense_backward(dout, cache):\n    x, W = cache\n"
                            "    return dout @ W.T, x.T @ dout, dout[0]\n")
    with pytest.raises(CheckFailed, match="gradient check"):
        checks_cap.network_loss(namespace["network_loss"])


def test_a_stubbed_layer_says_not_implemented():
    namespace = _with_layer("def relu_forward(x):\n    raise NotImplementedError()\n")
    with pytest.raises(CheckFailed, match="not implemented"):
        checks_cap.network_forward(namespace["network_forward"])


def test_reference_agrees_with_tensorflow():
    """The reference network (and so the checks' written-out expectations) against TensorFlow: the loss of a
    batch-norm network with L2, and its gradients by tf.GradientTape."""
    import tensorflow as tf

    ref = solutions(WEEK)
    r = np.random.default_rng(0)
    params = ref["init_network"]([6, 5, 4, 3], batchnorm=True, seed=3)
    params = {k: v + 0.1 * r.normal(size=v.shape) for k, v in params.items()}
    X, y = r.normal(size=(8, 6)), r.integers(0, 3, size=8)
    loss, grads, _ = ref["network_loss"](params, X, y, reg=0.03)
    tensors = {k: tf.Variable(v) for k, v in params.items()}
    with tf.GradientTape() as tape:
        h = tf.constant(X)
        for l in (1, 2):
            z = h @ tensors[f"W{l}"] + tensors[f"b{l}"]
            mean, var = tf.nn.moments(z, axes=[0])
            h = tf.nn.relu(tf.nn.batch_normalization(z, mean, var, tensors[f"beta{l}"], tensors[f"gamma{l}"], 1e-5))
        scores = h @ tensors["W3"] + tensors["b3"]
        tf_loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(y, scores)) \
            + 0.03 * sum(tf.reduce_sum(tensors[f"W{l}"] ** 2) for l in (1, 2, 3))
    tf_grads = tape.gradient(tf_loss, tensors)
    np.testing.assert_allclose(loss, float(tf_loss), rtol=1e-10)
    for key in params:
        np.testing.assert_allclose(grads[key], tf_grads[key].numpy(), rtol=1e-6, atol=1e-10, err_msg=key)


def test_layers_cell_holds_the_reference_answers_of_weeks_4_5_and_7():
    """The capstone's "bring your layers" cell is the earlier weeks' answer cells, word for word (solutions
    included), so the capstone's reference runs on the same layers those weeks grade."""
    cells = {grade_id(c): c.source for c in nbformat.read(str(notebook_path(WEEK)), as_version=4).cells}
    layers = cells["your_layers"]
    for week in ("week04_backprop", "week05_training", "week07_regularization"):
        source = nbformat.read(glob.glob(str(ROOT / "source" / week / "*.ipynb"))[0], as_version=4)
        for cell in source.cells:
            gid = grade_id(cell)
            name = gid[len("answer_"):]
            if gid.startswith("answer_") and re.search(rf"^def {name}\(", layers, re.M):
                assert SOLUTION.sub("", cell.source) in SOLUTION.sub("", layers), \
                    f"{name} in the capstone's layers cell differs from {week}'s answer cell"
