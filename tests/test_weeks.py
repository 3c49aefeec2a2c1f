"""Every source notebook executes top to bottom, meets the targets it states, and its test cells tell right
answers from wrong ones.

Each week's notebook is executed once in a live kernel; then, for every graded function, each
wrong implementation of tests/mutants/<week>.py is defined in that kernel and the function's test
cell (visible check and hidden tests) must fail, already in its visible check, with a CheckFailed that says
which case failed and what went wrong; each correct alternative must pass the whole cell; the stub must
fail with the "not implemented" message. The reference answer cell is re-run after each variant.
(tests/test_checks.py runs the checks in-process on the reference and the stub only: the variants are
tried here, once, in the kernel a student's notebook runs in.)

The execution reads the real Fashion-MNIST where Debian's `dataset-fashion-mnist` provides its four files
(/usr/share/datasets/fashion-mnist, or the folder named by DLF_FASHION_MNIST_DIR; .ci/run installs it): they
are linked into a Keras cache of the run's own, so nothing is downloaded. Elsewhere it runs on the offline
digits fallback. The round trip (test_nbgrader.py) executes every reference on the fallback and checks its
targets there, so each stated target is met on both.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import WEEK_PARAMS, WEEKS, grade_id, mutants, notebook_path
from kernel import run_notebook, target_verdicts
from utils.data import _FASHION_FILES as FASHION_FILES  # the four files Keras' loader reads

FASHION = Path(os.environ.get("DLF_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
HAS_FASHION = all((FASHION / f).exists() for f in FASHION_FILES)


def states_fashion_targets(nb) -> bool:
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    return any("data.fashion_mnist(" in s for s in code) and any("checks.target(" in s for s in code)


@pytest.fixture(scope="module", params=WEEK_PARAMS)
def week(request, tmp_path_factory):
    name = request.param
    env = None
    if HAS_FASHION:
        home = tmp_path_factory.mktemp("keras")
        (home / "datasets" / "fashion-mnist").mkdir(parents=True)
        for file in FASHION_FILES:
            (home / "datasets" / "fashion-mnist" / file).symlink_to(FASHION / file)
        env = {"KERAS_HOME": str(home)}
    kernel, nb, failures, printed = run_notebook(notebook_path(name), env=env)
    cells = {grade_id(c): c for c in nb.cells if grade_id(c)}
    functions = [gid[len("answer_"):] for gid in cells if gid.startswith("answer_")]
    yield {"name": name, "kernel": kernel, "cells": cells, "functions": functions, "failures": failures, "nb": nb,
           "printed": printed}
    kernel.close()


def _restore(week, fn):
    """Define the reference of fn again. Its test cell is not rerun here (that was a whole test suite per
    function and per test): test_self_check_table_agrees_with_visible_tests, which runs last, passes each
    restored reference through its visible check."""
    restored = week["kernel"].run(week["cells"][f"answer_{fn}"].source)
    assert restored.ok, f"{week['name']}: re-running answer_{fn} failed: {restored}"


def test_source_notebook_executes(week):
    messages = [f"cell {i}: {o}" for i, o in week["failures"]]
    assert not messages, f"{week['name']} raised while executing:\n" + "\n".join(messages)


def test_stated_accuracy_targets_are_met(week):
    """Where a notebook states a target, `checks.target` prints its verdict for the data used: the real
    Fashion-MNIST where installed (then a week that loads it must not fall back to the digits)."""
    verdicts = target_verdicts(week["printed"])
    states = any("checks.target(" in c.source for c in week["nb"].cells if c.cell_type == "code")
    assert verdicts or not states, f"{week['name']}: checks.target is called but printed no verdict"
    missed = [v for v in verdicts if "NOT met" in v]
    assert not missed, f"{week['name']}: the reference misses its stated target:\n" + "\n".join(missed)
    if HAS_FASHION and states_fashion_targets(week["nb"]):
        assert "unavailable" not in week["printed"], f"{week['name']} fell back to the digits:\n{week['printed'][-1500:]}"
        # the targets on images name the data they were measured on (others, e.g. week 9's text model, need not)
        assert any("fashion_mnist" in v for v in verdicts), week["printed"][-1500:]


def test_the_weeks_on_fashion_mnist_are_found():
    import nbformat

    found = [w for w in WEEKS if states_fashion_targets(nbformat.read(str(notebook_path(w)), as_version=4))]
    assert {"week05_training", "week06_cnn", "week07b_capstone"} <= set(found), found


def test_each_answer_has_one_test_cell(week):
    cells = week["cells"]
    assert week["functions"], f"{week['name']} has no answer_<function> cells"
    missing = [fn for fn in week["functions"] if f"test_{fn}" not in cells]
    assert not missing, f"{week['name']}: answer cells without a test_<function> cell: {missing}"


def test_stubs_fail_with_not_implemented(week):
    kernel, cells = week["kernel"], week["cells"]
    for fn in week["functions"]:
        kernel.run(f"def {fn}(*args, **kwargs):\n    raise NotImplementedError()\n")
        outcome = kernel.run(cells[f"test_{fn}"].source)
        assert not outcome.ok, f"{week['name']}: test_{fn} passes on a stub"
        assert "not implemented" in outcome.evalue, \
            f"{week['name']}: test_{fn} on a stub should say 'not implemented', said {outcome}"
        _restore(week, fn)


def _graded_variants(week, catalogue: dict, kind: str):
    """Define each variant of each graded function in the live kernel and run that function's test cell;
    yields (function, label, outcome), restoring the reference after each function's variants."""
    kernel, cells = week["kernel"], week["cells"]
    for fn in week["functions"]:
        for label, source in catalogue[fn]:
            defined = kernel.run(source)
            assert defined.ok, f"{week['name']}: {kind} {fn}/{label!r} does not even define: {defined}"
            yield fn, label, kernel.run(cells[f"test_{fn}"].source)
        _restore(week, fn)


def test_mutants_lose_their_points(week):
    catalogue = mutants(week["name"]).MUTANTS
    too_few = [fn for fn in week["functions"] if len(catalogue.get(fn, ())) < 3]
    assert not too_few, f"{week['name']}: fewer than three mutants for {too_few}"
    survivors, unexplained = [], []
    for fn, label, outcome in _graded_variants(week, catalogue, "mutant"):
        if outcome.ok:
            survivors.append(f"{fn}: {label}")
        # the visible check (the cell's first line) already fails, naming the case and the problem
        elif not (outcome.ename == "CheckFailed" and outcome.evalue.startswith(f"{fn}: check ")
                  and " failed - " in outcome.evalue and "\n  " in outcome.evalue):
            unexplained.append(f"{fn}: {label} -> {outcome}")
    assert not survivors, f"{week['name']}: wrong implementations that still get the points:\n  " + "\n  ".join(survivors)
    assert not unexplained, (f"{week['name']}: wrong implementations that the visible check lets through or "
                             f"fails without saying which case and why:\n  " + "\n  ".join(unexplained))


def test_correct_alternatives_keep_their_points(week):
    catalogue = mutants(week["name"]).ALTERNATIVES
    missing = [fn for fn in week["functions"] if not catalogue.get(fn)]
    assert not missing, f"{week['name']}: no correct alternative for {missing}"
    rejected = [f"{fn}: {label} -> {outcome}"
                for fn, label, outcome in _graded_variants(week, catalogue, "alternative") if not outcome.ok]
    assert not rejected, f"{week['name']}: correct implementations that lose points:\n  " + "\n  ".join(rejected)


def test_self_check_table_agrees_with_visible_tests(week):
    """checks.report (for learners without nbgrader) says "passed" exactly when the visible test passes;
    each function is tried as the reference, the stub and its first mutant."""
    kernel, cells = week["kernel"], week["cells"]
    catalogue = mutants(week["name"]).MUTANTS
    disagreements = []
    for fn in week["functions"]:
        visible = cells[f"test_{fn}"].source.split("### BEGIN HIDDEN TESTS")[0]
        stub = f"def {fn}(*args, **kwargs):\n    raise NotImplementedError()\n"
        for label, source in [("reference", cells[f"answer_{fn}"].source), ("stub", stub), catalogue[fn][0]]:
            kernel.run(source)
            passes = kernel.run(visible).ok
            said = kernel.run(f"import utils.checks.{week['name']} as _m, utils.checks.selfcheck as _r\n"
                              f"print(_r.status(_m.{fn}, {fn})[0])").stdout.strip()
            if (said == "passed") != passes:
                disagreements.append(f"{fn}/{label}: visible test {'passes' if passes else 'fails'}, report says {said!r}")
        _restore(week, fn)
    assert not disagreements, "\n".join(disagreements)
