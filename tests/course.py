"""A throwaway nbgrader course: a copy of source/ and the course config in a temporary folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from conftest import ROOT, SOURCE

BIN = Path(sys.executable).parent


def nbgrader_env() -> dict:
    # nbgrader runs the `alembic` script of its own environment: keep that environment first on PATH.
    return dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", MPLBACKEND="Agg",
                TF_CPP_MIN_LOG_LEVEL="2")


def nbgrader(course: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=nbgrader_env(),
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n"
                           f"{proc.stderr[-3000:]}")
    return proc


def make_course(tmp: Path, weeks: list[str]) -> Path:
    """Copy the weeks' sources and the config into tmp and generate their release there."""
    course = tmp / "course"
    (course / "source").mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    for week in weeks:
        shutil.copytree(SOURCE / week, course / "source" / week,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        nbgrader(course, "generate_assignment", week, "--force")
    return course


def submit(course: Path, student: str, week: str, nb: nbformat.NotebookNode, name: str) -> Path:
    path = course / "submitted" / student / week / name
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


def scores(course: Path, week: str, students: list[str]) -> dict[str, dict[str, float]]:
    """{student: {grade_id: autograded score}} for the test cells of one week."""
    from nbgrader.api import Gradebook

    result = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            sub = gb.find_submission(week, student)
            result[student] = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades
                               if g.cell.cell_type == "code"}
    return result
