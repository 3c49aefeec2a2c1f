"""The self-check table at the end of every notebook, for learners without nbgrader.

    checks.report("week01_perceptron")

re-runs the visible check of every graded function of the week against the functions defined in
the notebook and prints question, points, passed / failed / not attempted, and a total. A function that
already passed its check in this session, with nothing it depends on redefined since (engine.passed_before),
is not checked again: a week whose checks train models keeps its table instant. The visible
part of each test cell is exactly that check, so the table agrees with what nbgrader's autograder
gives for the visible tests (hidden tests may still take points off a function marked passed).

The table, its notes and `target`'s verdict speak the language `checks.use_language` chose (messages.MESSAGES);
the statuses returned by `status` stay the English tokens below, and a `target` line keeps ", target >= ..."
and "-> met" / "-> NOT met" in every language (TARGET_LINE reads it).
"""
from __future__ import annotations

import contextlib
import importlib
import inspect
import io
import re

from .engine import CheckFailed, passed_before
from .messages import ljust, rjust, say, variants

PASSED, FAILED, NOT_ATTEMPTED = "passed", "failed", "not attempted"
_STATUS_KEYS = {PASSED: "status_passed", FAILED: "status_failed", NOT_ATTEMPTED: "status_not_attempted"}

# What a stub's message says, in every language (the not-implemented message of the engine).
NOT_IMPLEMENTED_MARKERS = variants("not_implemented_marker")


def not_implemented(text: str) -> bool:
    """Whether a check's message says the function is still the stub (in any language)."""
    return any(marker in text for marker in NOT_IMPLEMENTED_MARKERS)


def status(check, func) -> tuple[str, str]:
    """(status, first line of the check's message) of one visible check, printing nothing."""
    if func is None:
        return NOT_ATTEMPTED, say("not_defined")
    if passed_before(check, func):      # its test cell passed, and nothing it depends on changed since
        return PASSED, ""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            check(func)
    except CheckFailed as exc:
        text = str(exc)
        if not_implemented(text):
            return NOT_ATTEMPTED, say("still_stub")
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
    print(f"{ljust(say('col_question'), width)}  {ljust(say('col_points'), 6)}  {say('col_status')}")
    print(f"{'-' * width}  ------  -------------")
    for name, points, state, note in rows:
        mark = {PASSED: "✔", FAILED: "✘", NOT_ATTEMPTED: "·"}[state]
        print(f"{name:<{width}}  {points:>6g}  {mark} {say(_STATUS_KEYS[state])}"
              + (f"  ({note})" if note and state == FAILED else ""))
    print(f"{'-' * width}  ------")
    print(f"{ljust(say('total_label'), width)}  {rjust(f'{earned:g}', 3)}/{possible:g}  "
          + say("total_note", passed=sum(s == PASSED for s in results.values()), functions=len(rows)))


# Every line `target` prints, for tools that read a run's output (the course's tests do).
TARGET_LINE = re.compile(r"^.*, target >= .* -> (?:met|NOT met)$", re.M)


def target(label: str, value: float, at_least: float) -> bool:
    """Print one line saying whether an experiment met the target its notebook states, and return it.

    A missed target is not an error (a learner's own model may fall short, and the run goes on); the course's
    tests read the line and require "met" from the reference solutions.
    """
    met = bool(value >= at_least)
    verdict = "met" if met else "NOT met"   # read by tools in every language
    print(say("target", label=label, value=f"{value:.3f}", at_least=f"{at_least:g}", verdict=verdict,
              verdict_words=say("target_met" if met else "target_not_met")))
    return met
