"""A throwaway nbgrader course: a copy of source/ and the course config in a temporary folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from conftest import ROOT, SOURCE
from grader.course import new_gradebook

BIN = Path(sys.executable).parent


def user_env() -> dict:
    """The environment an instructor's shell has: none of pytest's or xdist's variables (under pytest,
    ipykernel stops capturing stderr, which once hid a grading bug), the venv first on PATH (nbgrader runs
    the `alembic` script of its own environment), nothing set to quiet TensorFlow."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST", "PYTHONPATH", "COV_", "TF_CPP")) and k not in ("PYTHONDONTWRITEBYTECODE",)}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def nbgrader_env() -> dict:
    return user_env()


def grade(week: str, submissions: Path, out: Path, *args: str, timeout: float = 1800) -> dict:
    """`python -m grader grade` as an instructor runs it (a subprocess, the user's environment); returns
    {"rows": {student: row}, "meta": {...}, "summary": text, "out": out}."""
    import json

    proc = subprocess.run([str(BIN / "python"), "-m", "grader", "grade", week, "--submissions", str(submissions),
                           "--out", str(out), *args], cwd=ROOT, env=user_env(), capture_output=True, text=True,
                          timeout=timeout)
    if proc.returncode != 0:
        raise RuntimeError(f"grading failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    data = json.loads((out / "results.json").read_text())
    return {"rows": {r["student"]: r for r in data["students"]}, "order": [r["student"] for r in data["students"]],
            "meta": data["meta"], "summary": proc.stdout, "out": out}


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
    new_gradebook(course / "gradebook.db")   # nbgrader's own first run would start `alembic` for it (3 s of CPU)
    for week in weeks:
        shutil.copytree(SOURCE / week, course / "source" / week,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    nbgrader(course, "generate_assignment", "*", "--force")   # every assignment of this course, one command
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
