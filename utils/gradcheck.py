"""Gradient checking: compare an analytic gradient with a numerical one.

    numeric = numerical_gradient_array(f, x, dout)   # gradient of sum(f(x) * dout) with respect to x
    rel_error(numeric, analytic)                     # below 1e-7 in float64: the backward pass is right

For a scalar function (a loss), pass `dout=1.0`. `check_layer` runs that comparison for every input of a layer.

The numerical derivative here is the fourth-order five-point stencil

    df/dx_i ~ (-f(x + 2h e_i) + 8 f(x + h e_i) - 8 f(x - h e_i) + f(x - 2h e_i)) / (12 h),

whose truncation error shrinks like h**4: more accurate, for checking, than the two-point central difference
(f(x + h e_i) - f(x - h e_i)) / (2h) (error like h**2) that you write yourself in week 4 (`numerical_gradient`).
It works on a float64 copy of x: the caller's array is never changed.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def numerical_gradient_array(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, dout,
                             h: float = 1e-5) -> np.ndarray:
    """Five-point-stencil gradient of sum(f(x) * dout) with respect to x (what a backward pass returns).

    f: function of one float64 array shaped like x; returns an array shaped like dout (or a number, with
    dout=1.0). x: array of any shape (not modified). Returns a float64 array of x's shape.
    """
    dout = np.asarray(dout, dtype=np.float64)
    probe = np.array(x, dtype=np.float64, copy=True)
    grad = np.zeros(probe.shape, dtype=np.float64)

    def value(idx, at):
        probe[idx] = at
        return float(np.sum(np.asarray(f(probe), dtype=np.float64) * dout))

    for idx in np.ndindex(probe.shape):
        old = probe[idx]
        # differences first: where f does not change they are exactly 0 (no round-off left over)
        far = value(idx, old - 2 * h) - value(idx, old + 2 * h)
        near = value(idx, old + h) - value(idx, old - h)
        probe[idx] = old
        grad[idx] = (8.0 * near + far) / (12.0 * h)
    return grad


def rel_error(a: np.ndarray, b: np.ndarray) -> float:
    """Largest relative error max |a - b| / max(1e-8, |a| + |b|), as in CS231n."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: shapes differ, {a.shape} vs {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))


def check_layer(forward: Callable[..., np.ndarray], backward_grads: Sequence[np.ndarray],
                inputs: Sequence[np.ndarray], dout: np.ndarray, h: float = 1e-5) -> list[float]:
    """Relative errors between a layer's analytic gradients and numerical ones, one per input.

    forward(*inputs) -> out (only the output, no cache); backward_grads[i] is the analytic gradient
    with respect to inputs[i] for the upstream gradient dout.
    """
    errors = []
    inputs = [np.array(v, dtype=np.float64) for v in inputs]
    for i, analytic in enumerate(backward_grads):
        def f_i(value, i=i):
            args = list(inputs)
            args[i] = value
            return forward(*args)
        numeric = numerical_gradient_array(f_i, inputs[i], dout, h)
        errors.append(rel_error(numeric, np.asarray(analytic)))
    return errors
