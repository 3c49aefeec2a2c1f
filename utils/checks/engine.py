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

Every phrase printed here comes from `messages.MESSAGES` in the language `use_language` chose ("en" by
default, "ko"); a case's name, hint and formula and the messages of its `check` are looked up in the week's
catalogue (`messages/<language>/<week>.json`) and stay English where it has no entry. The language never
changes a verdict.
"""
from __future__ import annotations

import contextlib
import copy
import dis
import functools
import inspect
import math
import sys
import types
import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np

from .messages import say, translate


class CheckFailed(AssertionError):
    """A visible check failed; the message says which case, what was expected and what came back."""

    def _render_traceback_(self) -> list[str]:
        """What Jupyter shows: the notebook line that ran the check, then the message. The frames below it
        are all the checks' own code (an error the learner's function raised is named in the message, with
        its type), and IPython takes a sixth of a second to lay them out with their source lines."""
        lines = [f"\x1b[0;31m{type(self).__name__}\x1b[0m: {self}"]
        try:
            from IPython import get_ipython
            shell, tb = get_ipython(), self.__traceback__
            while shell is not None and tb is not None:
                where = shell.compile.format_code_name(tb.tb_frame.f_code.co_filename)
                if where:   # ("Cell", "In[7]") for a notebook cell's own frame
                    return [f"{where[0]} {where[1]}, line {tb.tb_lineno}"] + lines
                tb = tb.tb_next
        except Exception:  # noqa: BLE001 - the message alone is enough
            pass
        return lines


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


def compare(got: Any, expected: Any, *, label: str | None = None, rtol: float = 1e-6, atol: float = 1e-8,
            dtype: str | None = None) -> str | None:
    """Compare one returned value with its expectation. Returns None if they match, else a message.
    `label` names the value in the message ("result" when not given, in the current language)."""
    if label is None:
        label = say("result_label")
    if isinstance(expected, str) or isinstance(expected, (bool, np.bool_)) or expected is None:
        if got != expected and not (isinstance(expected, (bool, np.bool_)) and got is not None
                                    and np.ndim(got) == 0 and bool(got) == bool(expected)):
            return say("expected_value", label=label, expected=repr(expected), got=_short(got))
        return None
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return say("expected_dict", label=label, type=type(got).__name__)
        missing = sorted(set(expected) - set(got))
        if missing:
            return say("expected_keys", label=label, keys=sorted(expected), missing=missing)
        for key in expected:
            msg = compare(got[key], expected[key], label=f"{label}[{key!r}]", rtol=rtol, atol=atol, dtype=dtype)
            if msg:
                return msg
        return None
    expected_arr = np.asarray(expected)
    if got is None:
        return say("got_none", label=label, expected=_short(expected_arr))
    try:
        got_arr = np.asarray(got)
    except Exception:  # ragged lists and the like
        return say("expected_array_like", label=label, type=type(got).__name__)
    if got_arr.dtype == object:
        return say("expected_numeric_array", label=label, type=type(got).__name__, got=_short(got))
    if got_arr.shape != expected_arr.shape:
        return say("expected_shape", label=label, expected=expected_arr.shape, got=got_arr.shape)
    if dtype is not None and not _dtype_matches(got_arr.dtype, dtype):
        return say("expected_dtype", label=label, expected=dtype, got=got_arr.dtype)
    if not np.issubdtype(got_arr.dtype, np.number) and got_arr.dtype != np.bool_:
        return say("expected_numbers", label=label, dtype=got_arr.dtype)
    got_f = got_arr.astype(np.float64)
    exp_f = expected_arr.astype(np.float64)
    bad = ~np.isfinite(got_f) & np.isfinite(exp_f)
    if bad.any():
        where = tuple(int(i) for i in np.argwhere(bad)[0])
        return say("not_finite", label=label, count=int(bad.sum()), where=where, got=got_f[where],
                   expected=exp_f[where])
    close = np.isclose(got_f, exp_f, rtol=rtol, atol=atol, equal_nan=True)
    if not close.all():
        where = tuple(int(i) for i in np.argwhere(~close)[0])
        err = np.abs(got_f - exp_f)
        worst = float(np.nanmax(np.where(close, 0.0, err)))
        at = say("at_index", where=where) if where else ""
        return say("values_differ", label=label, at=at, expected=f"{exp_f[where]:.6g}", got=f"{got_f[where]:.6g}",
                   count=int((~close).sum()), size=close.size, worst=f"{worst:.3g}", rtol=f"{rtol:g}",
                   atol=f"{atol:g}", expected_all=_short(expected_arr), got_all=_short(got_arr))
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
    return say("input_changed", which=which)


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


def _hints(name: str, case: Case, week: str | None = None) -> str:
    """The hint lines of a failed case: the idea first; the formula only once the same case failed before."""
    key = (name, case.name)
    _FAILURES[key] = _FAILURES.get(key, 0) + 1
    text = "\n  " + say("hint", hint=translate(case.hint, week)) if case.hint else ""
    if case.formula:
        if _FAILURES[key] > 1:
            text += "\n  " + say("formula", formula=translate(case.formula, week))
        else:
            text += "\n  " + say("formula_later")
    return text


def _check_result(case: Case, result: Any) -> str | None:
    if case.expect is not None:
        if case.names is not None:
            if not isinstance(result, (tuple, list)) or len(result) != len(case.names):
                wanted = ", ".join(case.names)
                got_len = (say("tuple_length", count=len(result)) if isinstance(result, (tuple, list))
                           else say("not_a_tuple"))
                return say("expected_tuple", wanted=wanted, count=len(case.names), got_count=got_len,
                           got=_short(result))
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
            return say("expected_dtype", label=say("result_label"), expected=case.dtype, got=arr.dtype)
    if case.check is not None:
        return case.check(result)
    return None


def _caller_week() -> str | None:
    """The WEEK of the check module that called run_cases (whose catalogue translates its texts)."""
    try:
        return sys._getframe(2).f_globals.get("WEEK")
    except (AttributeError, ValueError):
        return None


def _failure(name: str, i: int, total: int, case: Case, week: str | None, problem: str) -> str:
    """The message of a failed case: which case, how it was called, what went wrong, the hints."""
    head = say("failed_head", name=name, i=i, total=total, case=translate(case.name, week))
    called = say("called_with", args=_describe_args(case))
    return f"{head}\n  {called}\n  {problem}" + _hints(name, case, week)


def _reraise(exc: CheckFailed, week: str | None):
    """Raise a CheckFailed from inside a call again: as it is in English, its text translated otherwise."""
    text = str(exc)
    translated = translate(text, week)
    if translated == text:
        raise exc
    raise CheckFailed(translated) from None


def _require_function(func, name: str) -> None:
    if not callable(func):
        raise CheckFailed(say("not_a_function", name=name, type=type(func).__name__))


def is_stub(func) -> bool:
    """Whether `func` is a stub: it raises NotImplementedError and has no way to return (no `return` or `yield`
    is left in its code once the compiler has dropped what follows the raise), as every stub of a release
    notebook, whatever lines of the answer it keeps before the raise. Such a function fails every check
    anyway; its check says so before it builds its cases. A grader's proxy for a function of the student's
    kernel says so itself (`_dlf_stub`, learned over there)."""
    if getattr(func, "_dlf_stub", False) is True:
        return True
    if not isinstance(func, types.FunctionType) \
            or func.__globals__.get("NotImplementedError", NotImplementedError) is not NotImplementedError:
        return False
    ops = list(dis.get_instructions(func))
    raises = any(op.opname == "LOAD_GLOBAL" and op.argval == "NotImplementedError" for op in ops) \
        and any(op.opname == "RAISE_VARARGS" for op in ops)
    return raises and not any(op.opname.startswith(("RETURN", "YIELD")) for op in ops)


def functions_only(namespace: dict) -> None:
    """Make each check named in the module's `__all__` refuse anything but a function, and say "not implemented
    yet" of a stub, before it builds its cases; and remember the functions that passed (for `passed_before`).

    Called once at the end of every week's module. Building a check's cases can take seconds (references from
    TensorFlow, a model trained): a learner who passes `softmax(z)` where `softmax` belongs gets run_cases' own
    "not a function" message at once, and so does any other value; a stub gets run_cases' own "not implemented"
    message at once (its first call would raise NotImplementedError, whatever the case).
    """
    for name in namespace["__all__"]:
        check = namespace[name]

        @functools.wraps(check)
        def guarded(func, *args, _check=check, _name=name, **kwargs):
            _require_function(func, _name)
            _PASSED.pop(_check, None)
            if is_stub(func):
                raise CheckFailed(say("not_implemented", name=_name))
            result = _check(func, *args, **kwargs)
            if not args and not kwargs:
                _PASSED[_check] = _dependencies(func)
            return result

        namespace[name] = guarded


# The functions that passed each check in this kernel session, with what their behaviour hangs on.
_PASSED: dict[Callable, list | None] = {}


def _dependencies(func, depth: int = 2) -> list | None:
    """The objects a notebook function's behaviour hangs on: itself, its code, defaults and closure, and what each
    global name its code uses points at now; for the notebook's functions among those, theirs too (`depth` levels).
    None for other callables (a class, a partial), which are never taken as unchanged."""
    if not isinstance(func, types.FunctionType):
        return None
    names, codes = set(), [func.__code__]
    while codes:
        code = codes.pop()
        names.update(code.co_names)
        codes.extend(c for c in code.co_consts if isinstance(c, types.CodeType))
    found = [func, func.__code__, func.__defaults__, func.__kwdefaults__]
    for cell in func.__closure__ or ():
        try:
            found.append(cell.cell_contents)
        except ValueError:  # a closure variable not yet assigned
            found.append(cell)
    for name in sorted(names):
        value = func.__globals__.get(name, _dependencies)   # the sentinel: a name not (yet) defined
        found.append(value)
        if depth and isinstance(value, types.FunctionType) and value is not func \
                and value.__globals__ is func.__globals__:
            found.extend(_dependencies(value, depth - 1))
    return found


def passed_before(check: Callable, func) -> bool:
    """Whether `func` passed `check` earlier in this session and nothing it depends on was redefined since (a
    helper it calls, a global it reads, its defaults). The self-check table then need not run the check again.
    In-place changes to a global array would go unseen: the table is a learner's summary, never a grade."""
    before = _PASSED.get(getattr(check, "__wrapped__", check))
    now = _dependencies(func)
    return before is not None and now is not None and len(before) == len(now) \
        and all(a is b for a, b in zip(before, now))


def run_cases(func: Callable, cases: Sequence[Case], *, name: str | None = None, quiet: bool = False,
              may_modify: Sequence[str] = ()) -> int:
    """Run every case against `func`; raise CheckFailed at the first failure, else print a summary.

    `may_modify` names the arguments the function's docstring allows it to change; every other argument
    must be unchanged after each call. Returns the number of cases passed (all of them).
    """
    name = name or getattr(func, "__name__", "function")
    week = _caller_week()
    _require_function(func, name)
    total = len(cases)
    for i, case in enumerate(cases, start=1):
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
            raise CheckFailed(say("not_implemented", name=name)) from None
        except CheckFailed as exc:
            _reraise(exc, week)
        except RuntimeWarning as exc:
            raise CheckFailed(_failure(name, i, total, case, week, say("numeric_warning", warning=exc))) from None
        except Exception as exc:
            raise CheckFailed(_failure(name, i, total, case, week,
                                       say("raised", type=type(exc).__name__, error=exc))) from None
        try:
            problem = changed_inputs(func, before, (args, kwargs), may_modify) or _check_result(case, result)
        except CheckFailed as exc:
            _reraise(exc, week)
        except Exception as exc:  # a malformed result broke a property check
            problem = say("unchecked", type=type(exc).__name__, error=exc, got=_short(result))
        if problem:
            if isinstance(problem, str):
                problem = translate(problem, week)
            raise CheckFailed(_failure(name, i, total, case, week, problem))
    if not quiet:
        print(say("passed", name=name, total=total))
    return total
