"""Shared fixtures: where the course lives, and the reference solutions taken from the source notebooks.

Unit tests of the checks use the solutions exactly as the notebooks hold them (setup cell + answer
cells executed in a fresh namespace), so a reference implementation is never written twice.
"""
from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path

import nbformat
import pytest

from classroom import reference_namespace

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Tests never download: the Fashion-MNIST loader goes straight to Keras' cache or the offline fallback.
os.environ.setdefault("DLF_OFFLINE", "1")
# `make test` runs one worker per core, and every kernel, nbgrader run and server it starts inherits this
# environment: one math thread each. Threaded OpenBLAS and TensorFlow on a machine whose cores are all busy
# spin against each other (a capstone training cell took 14 s with the default threads, 0.2 s with one).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
RELEASE = ROOT / "release"
WEEKS = sorted(p.name for p in SOURCE.glob("week*") if p.is_dir() and any(p.glob("*.ipynb")))
# With `pytest -n 2 --dist loadgroup` (make test), all the work on one week stays on one worker, so each
# week's notebook is executed in one kernel and each week's nbgrader course is built once.
WEEK_PARAMS = [pytest.param(week, marks=pytest.mark.xdist_group(week)) for week in WEEKS]


def notebook_path(week: str, folder: Path = SOURCE) -> Path:
    paths = sorted((folder / week).glob("*.ipynb"))
    if len(paths) != 1:
        raise FileNotFoundError(f"expected one notebook in {folder / week}, found {len(paths)}")
    return paths[0]


def grade_id(cell) -> str:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")


def solutions(week: str) -> dict:
    """Namespace with the week's setup cell and every answer cell executed (no plots, no tests)."""
    return dict(_solutions(week))


@functools.lru_cache(maxsize=None)
def _solutions(week: str) -> dict:
    return reference_namespace(notebook_path(week), f"solutions_{week}")


def mutants(week: str):
    """tests/mutants/<week>.py as a module (MUTANTS and ALTERNATIVES dicts)."""
    path = Path(__file__).parent / "mutants" / f"{week}.py"
    spec = importlib.util.spec_from_file_location(f"mutants_{week}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def define(week: str, source: str, name: str):
    """Build one function from source text in a namespace holding the week's solutions."""
    namespace = dict(solutions(week))
    exec(compile(source, f"<{week}:{name}>", "exec"), namespace)
    return namespace[name]


def mutant_source(week: str, name: str, label: str) -> str:
    """The source of the wrong implementation of `name` labelled `label` in tests/mutants/<week>.py."""
    return dict(mutants(week).MUTANTS[name])[label]


def failure_message(week: str, name: str, source: str) -> str:
    """What the week's visible check of `name` tells a student whose function is `source` (it must fail)."""
    from utils.checks import CheckFailed

    check = getattr(importlib.import_module(f"utils.checks.{week}"), name)
    with pytest.raises(CheckFailed) as info:
        check(define(week, source, name))
    return str(info.value)


def mutant_message(week: str, name: str, label: str) -> str:
    """What the visible check tells a student who wrote the mutant `label` of `name`."""
    return failure_message(week, name, mutant_source(week, name, label))


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


_GROUPED_IDS: dict = {}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Make `--dist loadgroup` keep each xdist_group on one worker (each week's notebook executed once).

    pytest-xdist 3.8 marks a grouped test by rewriting `item._nodeid` to end in "@<group>"; pytest 9 keeps a
    test's id in `item._id` (a NodeId) and ignores `_nodeid`, so the groups were silently spread over both
    workers and every module fixture ran twice. This gives the id its suffix the way pytest 9 reads it.
    """
    try:
        if not config.getvalue("loadgroup"):   # set on xdist's workers under --dist loadgroup
            return
    except ValueError:                          # not under xdist
        return
    from _pytest.nodes import NodeId

    for item in items:
        names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                        for m in item.iter_markers("xdist_group")})
        group = "_".join(names)
        if not names or str(item.nodeid).endswith("@" + group):
            continue
        kind = _GROUPED_IDS.get(group)
        if kind is None:
            kind = _GROUPED_IDS[group] = type(f"GroupedNodeId{len(_GROUPED_IDS)}", (NodeId,), {
                "__slots__": (), "__str__": lambda self, g=group: NodeId.__str__(self) + "@" + g})
        old = item._id
        item._id = kind(path=old.path, names=old.names, params=old.params)
