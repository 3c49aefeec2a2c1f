"""The one gradient check every week's checks use.

`gradient_check(forward, inputs, dout, labels)` returns a `Case.check`: it computes, once, the numerical
gradient of sum(forward(*inputs) * dout) with respect to each input (the five-point stencil of
`utils.gradcheck`, in float64), and on each result compares the student's gradients with them by
CS231n's relative error. One threshold serves the whole course: below 1e-7 a backward pass is right
in float64; a wrong one is off by far more (a missing factor, a transposed product, a lost sum).

It only judges gradients someone else computed: it is no answer to any graded function.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from .. import gradcheck
from .messages import say

TOLERANCE = 1e-7  # largest relative error allowed between analytic and numerical gradients (float64)


def _message(label: str, numeric: np.ndarray, analytic, tol: float) -> str | None:
    try:
        analytic = np.asarray(analytic, dtype=np.float64)
    except (TypeError, ValueError):
        return say("gradcheck_not_numeric", label=label)
    if analytic.shape != numeric.shape:
        return say("gradcheck_shape", label=label, shape=analytic.shape, expected=numeric.shape)
    error = gradcheck.rel_error(numeric, analytic)
    if not error < tol:
        return say("gradcheck_error", label=label, error=f"{error:.2e}", tol=f"{tol:g}")
    return None


def gradient_check(forward: Callable, inputs: Sequence[np.ndarray], dout, labels: Sequence[str],
                   pick: Callable = lambda result: result, tol: float = TOLERANCE) -> Callable:
    """Case.check: the gradients in pick(result), one per label, agree with the numerical gradients of
    sum(forward(*inputs) * dout) with respect to inputs[0], inputs[1], ... (as many as there are labels).

    forward  a function of float64 arrays written inline in the check (no cache, output only).
    dout     the upstream gradient, shaped like forward's output (1.0 for a scalar loss).
    tol      keep the default; only a forward with kinks near the inputs needs inputs moved, not a looser tol.
    """
    numeric = []
    for i in range(len(labels)):
        def f_i(value, i=i):
            args = [np.array(v, dtype=np.float64) for v in inputs]
            args[i] = value
            return np.asarray(forward(*args), dtype=np.float64)
        numeric.append(gradcheck.numerical_gradient_array(f_i, inputs[i], dout))

    def check(result):
        grads = pick(result)
        grads = grads if isinstance(grads, (tuple, list)) else (grads,)
        if len(grads) < len(labels):
            return say("gradcheck_count", count=len(labels), labels=", ".join(labels), got=len(grads))
        for label, num, analytic in zip(labels, numeric, grads):
            msg = _message(label, num, analytic, tol)
            if msg:
                return msg
        return None
    return check


def backward_through_forward(backward: Callable, forward: Callable | None, backward_name: str, forward_name: str,
                             names: Sequence[str], upstream: str, *, returns: str = "(out, cache)",
                             extra: Callable[..., tuple] = lambda *inputs: ()):
    """The call a backward check makes: the student's forward pass (on copies of the inputs) for its cache, then
    the student's backward pass on (upstream gradient, cache).

    Returns `(call, cache_changed)`. `call` takes the arguments `names` (the forward's inputs and the upstream
    gradient `upstream`, in the order the cases give them; they are its signature, for the engine's messages);
    the forward gets the inputs, then `extra(*inputs)` (e.g. batch norm's fresh state and training=True).
    `cache_changed` records, per call, whether the backward pass changed the cache in place. Without an explicit
    `forward`, the one named `forward_name` next to `backward` (the same notebook) is used.
    """
    import copy
    import inspect

    from .engine import CheckFailed, same

    names_of = {"backward": backward_name, "forward": forward_name}
    if forward is None:
        forward = getattr(backward, "__globals__", {}).get(forward_name)
        if not callable(forward):
            raise CheckFailed(say("forward_undefined", **names_of))
    n_returns = len(returns.strip("()").split(","))
    cache_changed: list[bool] = []

    def call(*args):
        given = dict(zip(names, args))
        inputs = [copy.deepcopy(given[n]) for n in names if n != upstream]
        try:
            result = forward(*inputs, *extra(*inputs))
        except NotImplementedError:
            raise CheckFailed(say("forward_not_implemented", **names_of)) from None
        except Exception as exc:  # noqa: BLE001 - the student's forward pass, reported as theirs
            raise CheckFailed(say("forward_raised", error=f"{type(exc).__name__}: {exc}", **names_of)) from None
        if not isinstance(result, (tuple, list)) or len(result) != n_returns:
            raise CheckFailed(say("forward_returns", returns=returns, **names_of))
        cache = result[1]
        before = copy.deepcopy(cache)
        grads = backward(given[upstream], cache)
        cache_changed.append(not same(before, cache))
        return grads

    call.__signature__ = inspect.Signature(
        [inspect.Parameter(n, inspect.Parameter.POSITIONAL_OR_KEYWORD) for n in names])
    return call, cache_changed
