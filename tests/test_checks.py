"""The visible checks of every week, run directly (no notebook, no kernel): fast and precise.

For every graded function: its check passes on the notebook's reference solution and prints the one-line
summary; a stub gets the "not implemented" message (a stub that cannot return at once, before the check builds
its cases); a value that is not a function is refused at once.
The wrong implementations and correct alternatives of tests/mutants/<week>.py are tried in test_weeks.py, in
the live kernel of the week's notebook (every mutant fails the visible check with a CheckFailed that says which
case failed and what went wrong; every alternative passes the whole test cell). Week-specific properties of
the messages live in tests/test_checks_weekNN.py.
"""
from __future__ import annotations

import importlib

import nbformat
import numpy as np
import pytest

from conftest import RELEASE, WEEKS, define, grade_id, mutants, notebook_path, solutions
from utils import checks
from utils.checks import CheckFailed
from utils.checks.engine import is_stub


def _module(week):
    return importlib.import_module(f"utils.checks.{week}")


FUNCTIONS = [(week, fn) for week in WEEKS for fn in _module(week).POINTS]


@pytest.mark.parametrize("week", WEEKS)
def test_module_declares_its_week_and_checks(week):
    module = _module(week)
    assert module.WEEK == week
    assert sorted(module.__all__) == sorted(module.POINTS), "__all__ and POINTS must name the same functions"
    for fn in module.__all__:
        assert getattr(checks, fn) is getattr(module, fn), f"checks.{fn} is not {week}'s check"
        assert hasattr(getattr(module, fn), "__wrapped__"), \
            f"{week}: the module must end with functions_only(globals())"
        assert fn in solutions(week), f"the notebook of {week} defines no {fn}"


@pytest.mark.parametrize("week,fn", FUNCTIONS, ids=[f"{w.split('_')[0]}-{f}" for w, f in FUNCTIONS])
def test_reference_solution_passes(week, fn, capsys):
    getattr(checks, fn)(solutions(week)[fn])
    assert capsys.readouterr().out.strip().endswith("checks passed")


@pytest.mark.parametrize("week,fn", FUNCTIONS, ids=[f"{w.split('_')[0]}-{f}" for w, f in FUNCTIONS])
def test_stub_says_not_implemented(week, fn):
    stub = define(week, f"def {fn}(*args, **kwargs):\n    raise NotImplementedError()\n", fn)
    with pytest.raises(CheckFailed, match="not implemented"):
        getattr(checks, fn)(stub)


@pytest.mark.parametrize("week", WEEKS)
def test_release_stubs_say_not_implemented_and_answers_are_no_stubs(week):
    """The check of every stub of the release says "not implemented" (most stubs are known by `is_stub` before
    the check builds its cases; one whose loop may end, e.g. after 0 epochs, gets there at its first call); no
    reference, wrong implementation or correct alternative is taken for a stub."""
    release = nbformat.read(str(notebook_path(week, RELEASE)), as_version=4)
    catalogue = mutants(week)
    for fn in _module(week).POINTS:
        cell = next(c for c in release.cells if grade_id(c) == f"answer_{fn}")
        with pytest.raises(CheckFailed, match=f"^{fn}: not implemented"):
            getattr(checks, fn)(define(week, cell.source, fn))
        variants = [("reference", None)] + list(catalogue.MUTANTS[fn]) + list(catalogue.ALTERNATIVES[fn])
        taken = [label for label, source in variants
                 if is_stub(solutions(week)[fn] if source is None else define(week, source, fn))]
        assert not taken, f"{week}: {fn} taken for a stub: {taken}"


def test_an_unfinished_function_that_may_return_is_still_not_implemented():
    """A function that may return is no stub to `is_stub`: run_cases says "not implemented" at its first call."""
    notebook = {"np": np}
    exec("def softmax(z, axis=-1):\n    if np.ndim(z) > 9:\n        return z\n    raise NotImplementedError()\n",
         notebook)
    assert not is_stub(notebook["softmax"])
    with pytest.raises(CheckFailed, match="softmax: not implemented"):
        checks.softmax(notebook["softmax"])


@pytest.mark.parametrize("probe,stub", [
    ('def f(x):\n    """doc"""\n    # YOUR CODE HERE\n    raise NotImplementedError()\n    return x\n', True),
    ("def f(x):\n    raise NotImplementedError\n", True),
    ("def f(x, y=2):\n    n = len(x)\n    raise NotImplementedError('your code here')\n", True),
    ("def f(x):\n    if x:\n        raise NotImplementedError()\n    return 1\n", False),
    ("def f(x):\n    try:\n        raise NotImplementedError()\n    except NotImplementedError:\n"
     "        return 1\n", False),
    ("def f(x):\n    raise NotImplementedError()\n    yield x\n", False),
    ("def f(x):\n    raise ValueError(x)\n", False),
    ("def f(x):\n    return NotImplementedError\n", False),
    ("class NotImplementedError(Exception):\n    pass\n\ndef f(x):\n    raise NotImplementedError()\n", False),
])
def test_a_stub_raises_not_implemented_and_cannot_return(probe, stub):
    namespace = {}
    exec(probe, namespace)
    assert is_stub(namespace["f"]) is stub


@pytest.mark.parametrize("week,fn", FUNCTIONS, ids=[f"{w.split('_')[0]}-{f}" for w, f in FUNCTIONS])
def test_a_value_is_refused_at_once(week, fn):
    # a learner who passes `fn(x)` instead of `fn`; the guard answers before the check builds its cases
    with pytest.raises(CheckFailed, match=f"^{fn}: .*ndarray"):
        getattr(checks, fn)(np.zeros(3))


def test_the_self_check_reuses_a_pass_until_a_dependency_is_redefined():
    from utils.checks import selfcheck
    from utils.checks.engine import passed_before

    notebook = {"np": np}
    exec("def _shift(z, axis):\n    return z - z.max(axis=axis, keepdims=True)\n\n"
         "def softmax(z, axis=-1):\n    e = np.exp(_shift(np.asarray(z), axis))\n"
         "    return e / e.sum(axis=axis, keepdims=True)\n", notebook)
    softmax = notebook["softmax"]
    assert not passed_before(checks.softmax, softmax)
    checks.softmax(softmax)
    assert passed_before(checks.softmax, softmax) and selfcheck.status(checks.softmax, softmax)[0] == "passed"
    exec("def _shift(z, axis):\n    return z\n", notebook)            # the helper it calls, now wrong
    assert not passed_before(checks.softmax, softmax)
    assert selfcheck.status(checks.softmax, softmax)[0] == "failed"
    assert not passed_before(checks.softmax, softmax)                   # the failure forgets the pass
