"""The self-check table at the end of every notebook, for learners without nbgrader.

    checks.report("week01_perceptron")

re-runs the visible check of every graded function of the week against the functions defined in
the notebook and prints question, points, passed / failed / not attempted, and a total. The visible
part of each test cell is exactly that check, so the table agrees with what nbgrader's autograder
gives for the visible tests (hidden tests may still take points off a function marked passed).
"""
from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import re

from .engine import CheckFailed

PASSED, FAILED, NOT_ATTEMPTED = "passed", "failed", "not attempted"


def status(check, func) -> tuple[str, str]:
    """(status, first line of the check's message) of one visible check, printing nothing."""
    if func is None:
        return NOT_ATTEMPTED, "not defined: run the cell that defines it"
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            check(func)
    except CheckFailed as exc:
        text = str(exc)
        if "not implemented yet" in text:
            return NOT_ATTEMPTED, "still the stub"
        lines = text.splitlines()
        return FAILED, (lines[1].strip() if len(lines) > 1 else lines[0])
    except Exception as exc:  # a check that cannot even run counts as failed, as in the autograder
        return FAILED, f"{type(exc).__name__}: {exc}"
    return PASSED, ""


def report(week: str, namespace: dict | None = None) -> None:
    """Print the week's self-check table; namespace defaults to the globals of the caller (the notebook)."""
    if namespace is None:
        namespace = inspect.stack()[1].frame.f_globals
    module = importlib.import_module(f"{__package__}.{week}")
    rows, results = [], {}
    for name, points in module.POINTS.items():
        state, note = status(getattr(module, name), namespace.get(name))
        results[name] = state
        rows.append((name, points, state, note))
    width = max(len(r[0]) for r in rows)
    earned = sum(p for _, p, s, _ in rows if s == PASSED)
    possible = sum(p for _, p, _, _ in rows)
    print(f"{'question':<{width}}  points  status")
    print(f"{'-' * width}  ------  -------------")
    for name, points, state, note in rows:
        mark = {PASSED: "✔", FAILED: "✘", NOT_ATTEMPTED: "·"}[state]
        print(f"{name:<{width}}  {points:>6g}  {mark} {state}" + (f"  ({note})" if note and state == FAILED else ""))
    print(f"{'-' * width}  ------")
    print(f"{'visible checks':<{width}}  {earned:>3g}/{possible:g}  "
          f"({sum(s == PASSED for s in results.values())} of {len(rows)} functions pass; hidden tests and "
          f"written answers are graded by your instructor)")


# Every line `target` prints, for tools that read a run's output (the course's tests do).
TARGET_LINE = re.compile(r"^.*, target >= .* -> (?:met|NOT met)$", re.M)


def target(label: str, value: float, at_least: float) -> bool:
    """Print one line saying whether an experiment met the target its notebook states, and return it.

    A missed target is not an error (a learner's own model may fall short, and the run goes on); the course's
    tests read the line and require "met" from the reference solutions.
    """
    met = bool(value >= at_least)
    print(f"{label}: {value:.3f}, target >= {at_least:g} -> {'met' if met else 'NOT met'}")
    return met
