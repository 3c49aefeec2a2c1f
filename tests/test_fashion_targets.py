"""The targets the weeks state for the real Fashion-MNIST (every week that loads it and calls `checks.target`),
met by the reference solutions.

The rest of the suite runs on the offline digits fallback. This test needs the real data and never downloads it:
it reads the four original IDX files from Debian's `dataset-fashion-mnist` package (/usr/share/datasets/
fashion-mnist; .ci/run installs it) or from the folder named by DLF_FASHION_MNIST_DIR, links them into a
temporary Keras cache, and executes the source notebook with KERAS_HOME pointing there. Skipped, with the
reason, where the files are missing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import nbformat

from conftest import WEEKS, notebook_path
from kernel import run_notebook, target_verdicts
from utils.data import _FASHION_FILES as FILES  # the four files Keras' loader reads

FOLDER = Path(os.environ.get("DLF_FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"))
pytestmark = pytest.mark.skipif(
    not all((FOLDER / f).exists() for f in FILES),
    reason=f"real Fashion-MNIST not in {FOLDER} (apt-get install dataset-fashion-mnist, or set DLF_FASHION_MNIST_DIR)")




def _states_fashion_targets(week: str) -> bool:
    code = [c.source for c in nbformat.read(str(notebook_path(week)), as_version=4).cells if c.cell_type == "code"]
    return any("data.fashion_mnist(" in s for s in code) and any("checks.target(" in s for s in code)


FASHION_WEEKS = [w for w in WEEKS if _states_fashion_targets(w)]


def test_the_weeks_on_fashion_mnist_are_found():
    assert {"week05_training", "week06_cnn", "week07b_capstone"} <= set(FASHION_WEEKS), FASHION_WEEKS


@pytest.mark.parametrize("week", [pytest.param(w, marks=pytest.mark.xdist_group(f"fashion-{w}"))
                                  for w in FASHION_WEEKS])
def test_reference_meets_the_fashion_mnist_targets(tmp_path, week):
    cache = tmp_path / "datasets" / "fashion-mnist"
    cache.mkdir(parents=True)
    for name in FILES:
        (cache / name).symlink_to(FOLDER / name)
    kernel, _, failures, printed = run_notebook(notebook_path(week), env={"KERAS_HOME": str(tmp_path)})
    kernel.close()
    assert not failures, f"{week} raised on Fashion-MNIST: " + "; ".join(f"cell {i}: {o}" for i, o in failures)
    assert "unavailable" not in printed, f"{week} fell back to the digits:\n{printed[-1500:]}"
    verdicts = target_verdicts(printed)
    # the targets on images name the data they were measured on (others, e.g. week 9's text model, need not)
    assert any("fashion_mnist" in v for v in verdicts), printed[-1500:]
    missed = [v for v in verdicts if v.endswith("NOT met")]
    assert not missed, f"{week}: the reference misses its Fashion-MNIST target:\n" + "\n".join(missed)
