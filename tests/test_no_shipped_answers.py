"""What students install (the `utils` package) holds no graded answer.

For every graded function, every function defined in `utils` that can be called with the same positional
arguments is put in its place, beside the week's other reference answers (a backward pass is checked through
the forward pass next to it), and the function's whole test cell (visible check and hidden tests) is run:
none may pass. A check that needs a reference computes it with TensorFlow, from stored values, or inline,
never with a callable a student could import.
"""
from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import pkgutil
import signal

import nbformat
import pytest

import utils
from conftest import WEEK_PARAMS, grade_id, notebook_path, solutions
from grader.execute import split_parts


# Tests never touch the network: this probe opens a TCP connection, and it computes no answer.
NETWORK = {"utils.data._host_reachable"}


def _utils_functions() -> list[tuple[str, object]]:
    found = []
    for info in pkgutil.walk_packages(utils.__path__, "utils."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == info.name and f"{info.name}.{name}" not in NETWORK:
                found.append((f"{info.name}.{name}", obj))
    return found


def _required_positional(func) -> int | None:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return None
    return sum(p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)


def _accepts(func, n: int) -> bool:
    try:
        inspect.signature(func).bind(*range(n))
        return True
    except (TypeError, ValueError):
        return False


class _Slow(Exception):
    pass


def _passes(source: str, fn: str, candidate, namespace: dict, name_error: bool = False) -> bool:
    """Whether the code passes with `candidate` as `fn` in the notebook's namespace (the week's reference
    answers: a backward pass is checked through the forward pass beside it); a NameError counts as passing
    if name_error."""
    def alarm(*_):
        raise _Slow()
    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(20)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            scope = dict(namespace, checks=importlib.import_module("utils.checks"))
            scope[fn] = candidate
            exec(compile(source, f"<test_{fn}>", "exec"), scope)
        return True
    except NameError:
        return name_error
    except BaseException:  # noqa: BLE001 - any failure (or time-out) means the candidate does not pass
        return False
    finally:
        import matplotlib.pyplot as plt
        plt.close("all")
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.slow
@pytest.mark.parametrize("week", WEEK_PARAMS)
def test_no_utils_function_passes_a_graded_test(week):
    reference = solutions(week)
    nb = nbformat.read(str(notebook_path(week)), as_version=4)
    tests = {grade_id(c)[len("test_"):]: c.source for c in nb.cells if grade_id(c).startswith("test_")}
    candidates = _utils_functions()
    passing = []
    for fn, source in tests.items():
        n = _required_positional(reference[fn])
        if n is None:
            continue
        # The hidden tests alone first: they use inline values, while the visible check builds its references
        # (TensorFlow, gradient checks) for each candidate. One that fails them cannot pass the whole cell; one
        # that passes them (or needs a name of the visible part) runs the whole cell.
        hidden = split_parts(source)[1]
        for qualname, candidate in candidates:
            if not _accepts(candidate, n):
                continue
            if hidden.strip() and not _passes(hidden, fn, candidate, reference, name_error=True):
                continue
            if _passes(source, fn, candidate, reference):
                passing.append(f"{fn}: {qualname}")
    assert not passing, f"{week}: functions of utils pass a graded function's tests:\n  " + "\n  ".join(passing)
