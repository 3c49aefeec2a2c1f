"""Every rule a graded function's specification states is exercised by a case (issue: checks that test
every stated rule).

Each week's check module holds `RULES = {function: {rule: [case, ...]}}`: a rule is a sentence of the
notebook's text or the function's docstring; a case is either the name of a visible `Case` of the
function's check, or the message of an assertion in the hidden block of the function's test cell (those
messages start with "hidden:"). This test fails when a graded function has no rule, a rule has no case,
or a case it names is not run by the check / not found in the hidden tests.
"""
from __future__ import annotations

import importlib
import re

import nbformat
import pytest

from conftest import WEEK_PARAMS, grade_id, notebook_path, recorded_cases
from grader.feedback import split_hidden


def _module(week):
    return importlib.import_module(f"utils.checks.{week}")


def _hidden_blocks(week) -> dict[str, str]:
    nb = nbformat.read(str(notebook_path(week)), as_version=4)
    return {grade_id(c)[len("test_"):]: "\n".join(split_hidden(c.source)[1])
            for c in nb.cells if grade_id(c).startswith("test_")}


@pytest.mark.parametrize("week", WEEK_PARAMS)
def test_every_stated_rule_has_a_case(week):
    module = _module(week)
    rules = getattr(module, "RULES", {})
    missing = [fn for fn in module.POINTS if not rules.get(fn)]
    assert not missing, f"{week}: no stated rules listed in RULES for {missing}"
    empty = [f"{fn}: {rule!r}" for fn, table in rules.items() for rule, cases in table.items() if not cases]
    assert not empty, f"{week}: rules without a case:\n  " + "\n  ".join(empty)
    unknown = sorted(set(rules) - set(module.POINTS))
    assert not unknown, f"{week}: RULES names functions that are not graded: {unknown}"


@pytest.mark.parametrize("week", WEEK_PARAMS)
def test_cases_named_by_rules_exist(week):
    module = _module(week)
    hidden = _hidden_blocks(week)
    ran, problems = recorded_cases(week)
    problems = list(problems)
    for fn, table in getattr(module, "RULES", {}).items():
        names = [c.name for c in ran.get(fn, [])]
        for rule, cases in table.items():
            for case in cases:
                if case.startswith("hidden:"):
                    if case not in hidden.get(fn, ""):
                        problems.append(f"{fn}: rule {rule!r} names a hidden assertion not in test_{fn}: {case!r}")
                elif case not in names:
                    problems.append(f"{fn}: rule {rule!r} names a case the check does not run: {case!r}")
    assert not problems, f"{week}:\n  " + "\n  ".join(problems)


# What code looks like in a hint: library calls, reductions with an axis, transposes, slicing, loops.
CODE = re.compile(r"\b(np|tf|keras|math)\.\w+\(\s*[^)\s]|\.(sum|mean|max|min|reshape|astype|copy|T)\b|\baxis\s*=|keepdims"
                  r"|\s@\s|\*\*|\[\s*:|\[:,|\bfor \w+ in\b|\blambda\b|\bdef \w+\(|\w\[\w+\]")
# What a formula looks like: the first hint names the idea or the shape, the formula waits for a second failure.
FORMULA = re.compile(r"[∑Σ√ᵀ·]|\b\w+\s*=\s*[^,;]*\b\w+\s*[*/+−]\s*\w")


@pytest.mark.parametrize("week", WEEK_PARAMS)
def test_hints_never_print_code(week):
    """Hints are tiered: the first names the idea or the shape, a repeated failure may show the formula in
    mathematical notation; neither prints the code of an answer."""
    ran, _ = recorded_cases(week)
    bad = []
    for fn, cases in ran.items():
        for case in cases:
            for tier, text in (("hint", case.hint), ("formula", case.formula)):
                if text and CODE.search(text):
                    bad.append(f"{fn} / {case.name}: {tier} reads like code ({CODE.search(text).group(0)!r}): {text}")
            if case.hint and FORMULA.search(case.hint):
                bad.append(f"{fn} / {case.name}: the first hint gives a formula ({FORMULA.search(case.hint).group(0)!r}); "
                           f"move it to `formula=` (shown after a repeated failure): {case.hint}")
    assert not bad, f"{week}:\n  " + "\n  ".join(bad)
