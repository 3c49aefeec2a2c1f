"""The visible checks of every week, run directly (no notebook, no kernel): fast and precise.

For every graded function: its check passes on the notebook's reference solution and prints the one-line
summary; a stub gets the "not implemented" message; every wrong implementation of tests/mutants/<week>.py
fails with a CheckFailed that says which case failed and what went wrong; every correct alternative passes.
Week-specific properties of the messages live in tests/test_checks_weekNN.py.
"""
from __future__ import annotations

import importlib

import pytest

from conftest import WEEKS, define, mutants, solutions
from utils import checks
from utils.checks import CheckFailed


def _module(week):
    return importlib.import_module(f"utils.checks.{week}")


FUNCTIONS = [(week, fn) for week in WEEKS for fn in _module(week).POINTS]
MUTANTS = [(week, fn, label, src) for week in WEEKS for fn, items in mutants(week).MUTANTS.items()
           for label, src in items]
ALTERNATIVES = [(week, fn, label, src) for week in WEEKS for fn, items in mutants(week).ALTERNATIVES.items()
                for label, src in items]


@pytest.mark.parametrize("week", WEEKS)
def test_module_declares_its_week_and_checks(week):
    module = _module(week)
    assert module.WEEK == week
    assert sorted(module.__all__) == sorted(module.POINTS), "__all__ and POINTS must name the same functions"
    for fn in module.__all__:
        assert getattr(checks, fn) is getattr(module, fn), f"checks.{fn} is not {week}'s check"
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


@pytest.mark.parametrize("week,fn,label,src", MUTANTS, ids=[f"{w.split('_')[0]}-{f}-{l}" for w, f, l, _ in MUTANTS])
def test_wrong_implementation_fails_with_a_message(week, fn, label, src):
    with pytest.raises(CheckFailed) as info:
        getattr(checks, fn)(define(week, src, fn))
    message = str(info.value)
    assert message.startswith(f"{fn}: check ") and " failed - " in message, message
    assert "\n  " in message, f"the failure gives no detail: {message}"


@pytest.mark.parametrize("week,fn,label,src", ALTERNATIVES, ids=[f"{w.split('_')[0]}-{f}-{l}" for w, f, l, _ in ALTERNATIVES])
def test_correct_alternative_passes(week, fn, label, src):
    getattr(checks, fn)(define(week, src, fn))
