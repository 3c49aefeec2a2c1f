"""`make release`: bring the cells that every week shares up to date in source/ (the Colab badge, the
bootstrap cell, the self-check cell), let nbgrader generate release/ from source/, then rewrite the
course overview (README table, docs/OVERVIEW.md) with tools/overview.py.

Two addresses come from one place, `[project.urls]` in pyproject.toml: `Repository` is this private,
instructor's repository; `Student-Edition` is the public one `make student-edition` writes (tools/edition.py).
The badges and the bootstrap cell point at the student edition: that is where students and Colab find the
notebooks and the `utils` package, and it holds no answers.

    python tools/release.py               # every week
    python tools/release.py week03_softmax
    python tools/release.py --check       # exit 1 if a source notebook's shared cells are stale
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BADGE_RE = re.compile(r"^\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)\n?", re.M)

BOOTSTRAP = '''\
# Runs first. In Colab (or any Jupyter where the course's `utils` is missing) it installs them;
# in the course's own environment it does nothing.
import importlib, os, subprocess, sys
try:
    import utils.checks
except ImportError:
    _source = os.environ.get("DLF_UTILS_SOURCE", "git+{repository}")
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", _source], check=True)
    importlib.invalidate_caches()
    import utils.checks
    from utils.environment import check_versions
    print(f"Installed the course's utils from {{_source}}; {{check_versions()}}")'''


SELF_CHECK = """\
# Self-check: re-runs this week's visible checks on your functions and adds up the points.
checks.report("{week}")"""


def _urls() -> dict:
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["urls"]


def repository() -> str:
    """The instructor's (private) repository."""
    return _urls()["Repository"].rstrip("/")


def student_repository() -> str:
    """The public student edition: badges, the bootstrap cell and the students' README point here."""
    return _urls()["Student-Edition"].rstrip("/")


def colab_url(repo: str, week: str, name: str, branch: str = "main") -> str:
    """A week's notebook in the student edition, whose week folders sit at its top level."""
    path = repo.split("github.com/", 1)[-1]
    return f"https://colab.research.google.com/github/{path}/blob/{branch}/{week}/{name}"


def badge(repo: str, week: str, name: str) -> str:
    return f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(repo, week, name)})"


def locked_cell(grade_id: str, source: str) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source)
    cell.id = grade_id.replace("_", "-")
    cell.metadata["nbgrader"] = {"grade": False, "grade_id": grade_id, "locked": True,
                                 "schema_version": 3, "solution": False, "task": False}
    return cell


def ensure_cell(nb, grade_id: str, source: str, position: int) -> None:
    """Give the cell `grade_id` this source, inserting it at `position` if the notebook lacks it."""
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            cell.source = source
            return
    nb.cells.insert(position, locked_cell(grade_id, source))


def refresh(path: Path, repo: str, write: bool = True) -> bool:
    """Update the badge in the title cell and the bootstrap cell; True if the notebook was out of date."""
    nb = nbformat.read(str(path), as_version=4)
    before = nbformat.writes(nb)
    title = nb.cells[0]
    lines = BADGE_RE.sub("", title.source).rstrip("\n").split("\n")
    rest = "\n".join(lines[1:]).strip("\n")
    title.source = f"{lines[0]}\n\n{badge(repo, path.parent.name, path.name)}" + (f"\n\n{rest}" if rest else "")
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    ensure_cell(nb, "bootstrap", BOOTSTRAP.format(repository=repo), ids.index("setup") if "setup" in ids else 1)
    # The self-check goes last, before the closing recap.
    end = len(nb.cells) - 1 if nb.cells[-1].cell_type == "markdown" else len(nb.cells)
    ensure_cell(nb, "self_check", SELF_CHECK.format(week=path.parent.name), end)
    stale = nbformat.writes(nb) != before
    if stale and write:
        nbformat.write(nb, str(path))
    return stale


def main(argv: list[str]) -> int:
    check = "--check" in argv
    weeks = [a for a in argv if not a.startswith("--")] or sorted(
        p.name for p in (ROOT / "source").glob("week*") if p.is_dir())
    repo = student_repository()
    stale = []
    for week in weeks:
        for path in sorted((ROOT / "source" / week).glob("*.ipynb")):
            if check:
                if refresh(path, repo, write=False):
                    stale.append(path)
            elif refresh(path, repo):
                print(f"updated the shared cells of {path.relative_to(ROOT)}")
    if check:
        for path in stale:
            print(f"stale badge, bootstrap or self-check cell: {path.relative_to(ROOT)} (run make release)")
        return 1 if stale else 0
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    for week in weeks:
        subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "generate_assignment", week, "--force",
                        "--log-level=WARN"], cwd=ROOT, env=env, check=True)
        print(f"release/{week} regenerated")
    subprocess.run([sys.executable, str(ROOT / "tools" / "overview.py")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
