"""Gradient checking: compare an analytic gradient with central differences.

    numeric = numerical_gradient(lambda W: loss(W), W)
    rel_error(numeric, analytic)   # below 1e-7 in float64 means the backward pass is right

For a layer, `numerical_gradient_array(f, x, dout)` gives d(sum(f(x) * dout))/dx, the gradient that a
backward pass receiving `dout` must return. `check_layer` runs that comparison for every input of a layer.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of a scalar function f at x, one entry at a time.

    x is changed in place while probing and restored before returning, so `f` may close over it.
    """
    x = np.asarray(x)
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(f"numerical_gradient needs a float array, got dtype {x.dtype}")
    grad = np.zeros_like(x, dtype=np.float64)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        f_plus = float(f(x))
        x[idx] = old - h
        f_minus = float(f(x))
        x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad


def numerical_gradient_array(f: Callable[[np.ndarray], np.ndarray], x: np.ndarray, dout: np.ndarray,
                             h: float = 1e-5) -> np.ndarray:
    """Central-difference gradient of sum(f(x) * dout) with respect to x (what a backward pass returns)."""
    dout = np.asarray(dout, dtype=np.float64)
    return numerical_gradient(lambda z: float(np.sum(np.asarray(f(z), dtype=np.float64) * dout)), x, h)


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
        numeric = numerical_gradient_array(f_i, inputs[i].copy(), dout, h)
        errors.append(rel_error(numeric, np.asarray(analytic)))
    return errors
