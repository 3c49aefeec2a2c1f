"""The check engine behind every visible test cell.

A check is a list of `Case`s run against the student's function by `run_cases`. Each case says what to
call the function with and what should come back; the engine compares type, shape, dtype, NaN/inf and
values (with explicit tolerances), stops at the first failing case and raises `CheckFailed` with a
message a student can act on:

    dense_forward: check 2/4 failed - batch of 3, D=4, M=2
      expected out.shape (3, 2), got (2, 3)
      hint: rows of x are samples: the output has one row per sample and one column per unit

On success it prints one line: "dense_forward: 4/4 checks passed".

Every case also checks the course's default contract (stated in week 1): a graded function does not
modify its inputs. A check lists the arguments a function may change with `run_cases(..., may_modify=...)`;
everything else the caller passed (arrays, lists, dicts, nested) must be equal after the call, compared
deeply by `changed_inputs`, which the grader also applies to every call a hidden test makes.
"""
from __future__ import annotations

import contextlib
import copy
import inspect
import math
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np


class CheckFailed(AssertionError):
    """A visible check failed; the message says which case, what was expected and what came back."""


@dataclass
class Case:
    """One call of the student's function and what it must give.

    name    what the case is about, shown when it fails ("batch of 3, D=4, M=2").
    args    positional arguments (deep-copied before the call, so a function that mutates its
            inputs cannot spoil later cases).
    kwargs  keyword arguments.
    expect  the expected result: an array, a number, a string, or a tuple of those (one per returned
            value). Leave it None when `check` says everything.
    names   labels of the returned values for messages, e.g. ("out", "cache"); "_" skips a value.
    check   a callable(result) -> None or a message: extra properties the result must have
            (convergence, statistics, agreement with TensorFlow...). It runs after `expect` matched.
    dtype   the dtype the result (or each compared value) must have: "float32", "int", "float", "bool"...
    rtol, atol  tolerances of `np.testing.assert_allclose`.
    hint    the usual mistake behind a failure of this case, named as an idea or a shape (never code).
    formula a stronger hint shown only when the same case fails again in this session: the formula in
            mathematical notation (never code). The grade never depends on which hint was shown.
    strict  numeric warnings (overflow in exp, divide by zero, invalid value) fail the case: for the
            functions that must be numerically stable.
    """

    name: str
    args: Sequence[Any] = ()
    kwargs: dict = field(default_factory=dict)
    expect: Any = None
    names: Sequence[str] | None = None
    check: Callable[[Any], str | None] | None = None
    dtype: str | None = None
    rtol: float = 1e-6
    atol: float = 1e-8
    hint: str = ""
    formula: str = ""
    strict: bool = False


def _short(value: Any, limit: int = 160) -> str:
    """A one-line view of a value for messages."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=4, threshold=12, edgeitems=3, suppress=True):
            text = f"array{value.shape} {value.dtype}: " + " ".join(np.array2string(value).split())
    else:
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _dtype_matches(actual: np.dtype, wanted: str) -> bool:
    if wanted == "float":
        return np.issubdtype(actual, np.floating)
    if wanted == "int":
        return np.issubdtype(actual, np.integer)
    if wanted == "bool":
        return actual == np.bool_
    return actual == np.dtype(wanted)


def compare(got: Any, expected: Any, *, label: str = "result", rtol: float = 1e-6, atol: float = 1e-8,
            dtype: str | None = None) -> str | None:
    """Compare one returned value with its expectation. Returns None if they match, else a message."""
    if isinstance(expected, str) or isinstance(expected, (bool, np.bool_)) or expected is None:
        if got != expected and not (isinstance(expected, (bool, np.bool_)) and got is not None
                                    and np.ndim(got) == 0 and bool(got) == bool(expected)):
            return f"expected {label} = {expected!r}, got {_short(got)}"
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return f"expected {label} to be a dict, got {type(got).__name__}"
        missing = sorted(set(expected) - set(got))
        if missing:
            return f"expected {label} to have keys {sorted(expected)}, missing {missing}"
        for key in expected:
            msg = compare(got[key], expected[key], label=f"{label}[{key!r}]", rtol=rtol, atol=atol, dtype=dtype)
            if msg:
                return msg
        return None
    expected_arr = np.asarray(expected)
    if got is None:
        return f"expected {label} {_short(expected_arr)}, got None (did you forget to return it?)"
    try:
        got_arr = np.asarray(got)
    except Exception:  # ragged lists and the like
        return f"expected {label} to be array-like, got {type(got).__name__}"
    if got_arr.dtype == object:
        return f"expected {label} to be a numeric array, got {type(got).__name__} of objects: {_short(got)}"
    if got_arr.shape != expected_arr.shape:
        return f"expected {label}.shape {expected_arr.shape}, got {got_arr.shape}"
    if dtype is not None and not _dtype_matches(got_arr.dtype, dtype):
        return f"expected {label}.dtype {dtype}, got {got_arr.dtype}"
    if not np.issubdtype(got_arr.dtype, np.number) and got_arr.dtype != np.bool_:
        return f"expected {label} to hold numbers, got dtype {got_arr.dtype}"
    got_f = got_arr.astype(np.float64)
    exp_f = expected_arr.astype(np.float64)
    bad = ~np.isfinite(got_f) & np.isfinite(exp_f)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        return (f"{label} has {int(bad.sum())} NaN/inf value(s) where finite numbers were expected, "
                f"first at index {where}: got {got_f[where]}, expected {exp_f[where]}")
    close = np.isclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        where = tuple(int(i) for i in np.argwhere(~close)[0])
        err = np.abs(got_f - exp_f)
        worst = float(np.nanmax(np.where(close, 0.0, err)))
        at = f" at index {where}" if where else ""
        return (f"expected {label}{at} = {exp_f[where]:.6g}, got {got_f[where]:.6g} "
                f"({int((~close).sum())} of {close.size} value(s) differ, largest difference {worst:.3g}; "
                f"rtol={rtol:g}, atol={atol:g})\n    expected {_short(expected_arr)}\n    got      {_short(got_arr)}")
    return None


def same(a: Any, b: Any) -> bool:
    """Deep equality of what a caller passes: arrays (shape, dtype, values, NaN equal to NaN), lists,
    tuples, dicts and numbers. Other objects (functions, models, handles) are not compared."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and a.dtype == b.dtype and bool(np.array_equal(a, b, equal_nan=a.dtype.kind in "fc")))
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) or isinstance(b, dict):
        return (isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys()
                and all(same(a[k], b[k]) for k in a))
    if isinstance(a, (int, float, complex, str, bytes, bool, np.generic)) or a is None:
        try:
            if isinstance(a, (float, np.floating)) and isinstance(b, (float, np.floating)) \
                    and math.isnan(a) and math.isnan(b):
                return True
            return type(a) is type(b) and bool(a == b)
        except (TypeError, ValueError):
            return False
    return True


def argument_names(func: Callable, n_args: int, kwargs: dict) -> list[str]:
    """Names of the positional arguments of a call (from the signature where there is one), then the keywords."""
    try:
        params = [p.name for p in inspect.signature(func).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    except (TypeError, ValueError):
        params = []
    names = [params[i] if i < len(params) else f"argument {i + 1}" for i in range(n_args)]
    return names + list(kwargs)


def changed_inputs(func: Callable, before: tuple, after: tuple, may_modify: Sequence[str] = ()) -> str | None:
    """None when the call left every argument it may not modify as it was, else a message naming them.

    `before` and `after` are (args, kwargs) pairs: a deep copy taken before the call and the objects the
    function received, looked at after it.
    """
    (args0, kwargs0), (args1, kwargs1) = before, after
    names = argument_names(func, len(args0), kwargs0)
    values = list(zip(names, list(args0) + list(kwargs0.values()), list(args1) + list(kwargs1.values())))
    changed = [name for name, old, new in values if name not in may_modify and not same(old, new)]
    if not changed:
        return None
    which = ", ".join(f"`{n}`" for n in changed)
    return (f"the function changed its input {which} in place; graded functions leave the caller's arrays, "
            f"lists and dicts as they were (work on a copy or build a new array)")


# The cases run while `recording()` is active (the tests of stated rules and of hints read them).
_RECORDED: list | None = None

# How often each (function, case) failed in this kernel session: a repeated failure earns the formula.
_FAILURES: dict[tuple[str, str], int] = {}


@contextlib.contextmanager
def recording():
    """Collect every `Case` that `run_cases` runs inside the block."""
    global _RECORDED
    previous, _RECORDED = _RECORDED, []
    try:
        yield _RECORDED
    finally:
        _RECORDED = previous


def _describe_args(case: Case) -> str:
    parts = [_short(a, 80) for a in case.args] + [f"{k}={_short(v, 60)}" for k, v in case.kwargs.items()]
    text = ", ".join(parts)
    return text if len(text) <= 240 else text[:237] + "..."


def _hints(name: str, case: Case) -> str:
    """The hint lines of a failed case: the idea first; the formula only once the same case failed before."""
    key = (name, case.name)
    _FAILURES[key] = _FAILURES.get(key, 0) + 1
    text = f"\n  hint: {case.hint}" if case.hint else ""
    if case.formula:
        if _FAILURES[key] > 1:
            text += f"\n  formula: {case.formula}"
        else:
            text += "\n  (still stuck after another try? this check then shows the formula)"
    return text


def _check_result(case: Case, result: Any) -> str | None:
    if case.expect is not None:
        if case.names is not None:
            if not isinstance(result, (tuple, list)) or len(result) != len(case.names):
                wanted = ", ".join(case.names)
                got_len = len(result) if isinstance(result, (tuple, list)) else "not a tuple"
                return f"expected a tuple ({wanted}) of {len(case.names)} values, got {got_len}: {_short(result)}"
            expected = case.expect if isinstance(case.expect, (tuple, list)) else (case.expect,)
            compared = [(n, r) for n, r in zip(case.names, result) if n != "_"]
            for (name, value), exp in zip(compared, expected):
                msg = compare(value, exp, label=name, rtol=case.rtol, atol=case.atol, dtype=case.dtype)
                if msg:
                    return msg
        else:
            msg = compare(result, case.expect, rtol=case.rtol, atol=case.atol, dtype=case.dtype)
            if msg:
                return msg
    elif case.dtype is not None and not isinstance(result, tuple):
        arr = np.asarray(result)
        if not _dtype_matches(arr.dtype, case.dtype):
            return f"expected result.dtype {case.dtype}, got {arr.dtype}"
    if case.check is not None:
        return case.check(result)
    return None


def run_cases(func: Callable, cases: Sequence[Case], *, name: str | None = None, quiet: bool = False,
              may_modify: Sequence[str] = ()) -> int:
    """Run every case against `func`; raise CheckFailed at the first failure, else print a summary.

    `may_modify` names the arguments the function's docstring allows it to change; every other argument
    must be unchanged after each call. Returns the number of cases passed (all of them).
    """
    name = name or getattr(func, "__name__", "function")
    if not callable(func):
        raise CheckFailed(f"{name}: expected a function, got {type(func).__name__} - run the cell that defines it")
    total = len(cases)
    for i, case in enumerate(cases, start=1):
        head = f"{name}: check {i}/{total} failed - {case.name}"
        if _RECORDED is not None:
            _RECORDED.append(case)
        args, kwargs = copy.deepcopy(tuple(case.args)), copy.deepcopy(dict(case.kwargs))
        before = copy.deepcopy((args, kwargs))
        try:
            with warnings.catch_warnings():
                if case.strict:
                    warnings.simplefilter("error", RuntimeWarning)
                with np.errstate(**({"over": "warn", "divide": "warn", "invalid": "warn", "under": "ignore"}
                                   if case.strict else {"all": "ignore"})):
                    result = func(*args, **kwargs)
        except NotImplementedError:
            raise CheckFailed(f"{name}: not implemented yet - replace `raise NotImplementedError()` "
                              f"with your code and run the cell again") from None
        except CheckFailed:
            raise
        except RuntimeWarning as exc:
            raise CheckFailed(f"{head}\n  called with ({_describe_args(case)})\n  numeric warning: {exc} "
                              f"(the function must stay stable for these inputs)" + _hints(name, case)) from None
        except Exception as exc:
            raise CheckFailed(f"{head}\n  called with ({_describe_args(case)})\n  raised {type(exc).__name__}: {exc}"
                              + _hints(name, case)) from None
        try:
            problem = changed_inputs(func, before, (args, kwargs), may_modify) or _check_result(case, result)
        except CheckFailed:
            raise
        except Exception as exc:  # a malformed result broke a property check
            problem = f"the result could not be checked ({type(exc).__name__}: {exc}); got {_short(result)}"
        if problem:
            raise CheckFailed(f"{head}\n  called with ({_describe_args(case)})\n  {problem}" + _hints(name, case))
    if not quiet:
        print(f"{name}: {total}/{total} checks passed")
    return total
