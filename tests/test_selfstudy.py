"""Self-study without nbgrader: the bootstrap cell installs `utils` where it is missing, the visible tests
then run, and the self-check table adds up the points.

The "fresh" environment is a new virtual environment that sees the course's third-party packages
(numpy, ipykernel, pip, ...) but not `utils`; the bootstrap installs `utils` into it from the student
edition (tools/edition.py, what the badges point at; DLF_UTILS_SOURCE), with no package index, so nothing is
downloaded. The notebook is the edition's own: it runs with its stubs and passes with a reference pasted in.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
import venv

import nbformat
import pytest

from conftest import RELEASE, ROOT, grade_id, notebook_path
from kernel import Kernel

WEEK = "week01_perceptron"
pytestmark = pytest.mark.xdist_group("selfstudy")


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fresh")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=False)
    fresh_python = env_dir / "bin" / "python"
    site = subprocess.run([str(fresh_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # The course's packages are visible (a path entry, whose own .pth files - the editable utils - are not run).
    (tmp / "venv").joinpath(site).mkdir(parents=True, exist_ok=True)
    with open(f"{site}/course_packages.pth", "w") as f:
        f.write(sysconfig.get_paths()["purelib"] + "\n")
    package = tmp / "edition"
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "edition.py"), str(package)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    kernels = tmp / "jupyter" / "kernels" / "fresh"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [str(fresh_python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "fresh", "language": "python"}))
    return {"python": fresh_python, "package": package, "jupyter": tmp / "jupyter", "tmp": tmp}


def test_fresh_environment_lacks_utils(fresh):
    proc = subprocess.run([str(fresh["python"]), "-c", "import utils.checks"], capture_output=True, text=True,
                          cwd=fresh["tmp"])
    assert proc.returncode != 0 and "No module named 'utils'" in proc.stderr


def test_bootstrap_cell_does_nothing_in_the_course_environment(tmp_path):
    nb = nbformat.read(str(notebook_path(WEEK, RELEASE)), as_version=4)
    bootstrap = next(c for c in nb.cells if grade_id(c) == "bootstrap")
    proc = subprocess.run([sys.executable, "-c", bootstrap.source], capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout == "", proc.stdout + proc.stderr


def _fresh_kernel(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_PATH", str(fresh["jupyter"]))
    return Kernel(tmp_path, kernel_name="fresh",
                  env={"DLF_UTILS_SOURCE": str(fresh["package"]), "PIP_NO_INDEX": "1",
                       "PIP_NO_BUILD_ISOLATION": "0", "JUPYTER_PATH": str(fresh["jupyter"])})


def _edition_notebook(fresh):
    return nbformat.read(str(notebook_path(WEEK, fresh["package"])), as_version=4)


def test_release_notebook_works_after_bootstrap_in_fresh_environment(fresh, tmp_path, monkeypatch):
    release = _edition_notebook(fresh)
    answers = {grade_id(c): c.source for c in nbformat.read(str(notebook_path(WEEK)), as_version=4).cells
               if grade_id(c).startswith("answer_")}
    kernel = _fresh_kernel(fresh, tmp_path, monkeypatch)
    try:
        first = kernel.run(next(c for c in release.cells if grade_id(c) == "bootstrap").source)
        assert first.ok, first
        assert first.stdout.startswith("Installed the course's utils from"), first.stdout
        assert len(first.stdout.strip().splitlines()) == 1 and "all recent enough" in first.stdout, first.stdout
        passed = []
        for cell in release.cells:
            gid = grade_id(cell)
            if cell.cell_type != "code" or gid == "bootstrap":
                continue
            source = answers.get(gid, cell.source)
            outcome = kernel.run(source)
            if gid.startswith("test_"):
                assert outcome.ok, f"visible test {gid} after bootstrap: {outcome}"
                passed.append(gid)
            elif gid == "self_check":
                assert outcome.ok, outcome
                total = re.search(r"^visible checks\s+(\S+)/(\S+)", outcome.stdout, re.M)
                assert total and total.group(1) == total.group(2), outcome.stdout
                assert "failed" not in outcome.stdout and "not attempted" not in outcome.stdout, outcome.stdout
            elif gid == "setup" or gid.startswith("answer_"):
                assert outcome.ok, f"{gid}: {outcome}"
        assert len(passed) == len(answers)
        where = kernel.run("import utils; print(utils.__file__)").stdout
        assert str(fresh["tmp"]) in where, f"utils came from {where}, not from the fresh environment"
    finally:
        kernel.close()


def test_edition_notebook_runs_with_its_stubs(fresh, tmp_path, monkeypatch):
    """Runs after the test above (same worker, file order), so `utils` is installed already. Untouched, every cell
    runs; only the stubs' NotImplementedError stops a cell, and the checks say so."""
    kernel = _fresh_kernel(fresh, tmp_path, monkeypatch)
    try:
        tests = 0
        for cell in _edition_notebook(fresh).cells:
            if cell.cell_type != "code":
                continue
            outcome = kernel.run(cell.source)
            gid = grade_id(cell)
            if gid.startswith("test_"):
                tests += 1
                assert not outcome.ok and "not implemented yet" in str(outcome), f"{gid}: {outcome}"
            elif gid == "self_check":
                assert outcome.ok and "not attempted" in outcome.stdout, outcome
            else:
                assert outcome.ok or "NotImplementedError" in str(outcome), f"{gid or cell.source[:60]}: {outcome}"
        assert tests
    finally:
        kernel.close()
