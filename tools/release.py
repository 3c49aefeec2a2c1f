"""`make release`: bring the cells that every week shares up to date in source/ (the Colab badge, the
bootstrap cell, the self-check cell), let nbgrader generate release/ from source/, then rewrite the
course overview (README table, docs/OVERVIEW.md) with tools/overview.py.

The Korean edition: for every week with a catalogue in i18n/ko/, source/<week>_ko/ is generated from the English
notebook and its translations (`korean_notebook`) and released as its own nbgrader assignment, release/<week>_ko/,
with the English week's graded cells, grade ids, points and hidden tests. A class run in Korean uses the `_ko`
assignments; the grader runs the English week's checks for them, speaking Korean. Never edit source/<week>_ko/:
edit the English notebook and i18n/ko/<week>.json, then `make release`.

Two addresses come from one place, `[project.urls]` in pyproject.toml: `Repository` is this private,
instructor's repository; `Student-Edition` is the public one `make student-edition` writes (tools/edition.py).
The badges and the bootstrap cell point at the student edition: that is where students and Colab find the
notebooks and the `utils` package, and it holds no answers.

    python tools/release.py               # every week
    python tools/release.py week03_softmax
    python tools/release.py --check       # exit 1 if a source notebook's shared cells or source/<week>_ko are stale
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import i18n  # noqa: E402
from utils.checks.messages import split_assignment  # noqa: E402

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

# The Korean edition: source/<week>_ko/ is generated (refresh_korean) and never edited by hand.
GLOSSARY = "docs/GLOSSARY.ko.md"
KOREAN_CHECKS = 'checks.use_language("ko")  # 검사 메시지를 한국어로 보여 줍니다'
# Colab has no Korean font: without one, Korean figure labels are drawn as boxes. plots.use_style() finds it.
KOREAN_FONT = """

# Colab에는 한글 글꼴이 없어 그림의 한글이 네모로 보입니다: 나눔고딕을 설치합니다.
if "google.colab" in sys.modules and not os.path.exists("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"):
    subprocess.run(["apt-get", "install", "-y", "-qq", "fonts-nanum"], capture_output=True)"""


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


def with_badge(title: str, badge_line: str) -> str:
    """The title cell with `badge_line` (a badge, or several lines) right under its heading."""
    lines = BADGE_RE.sub("", title).rstrip("\n").split("\n")
    rest = "\n".join(lines[1:]).strip("\n")
    return f"{lines[0]}\n\n{badge_line}" + (f"\n\n{rest}" if rest else "")


def refresh(path: Path, repo: str, write: bool = True) -> bool:
    """Update the badge in the title cell and the bootstrap cell; True if the notebook was out of date."""
    nb = nbformat.read(str(path), as_version=4)
    before = nbformat.writes(nb)
    nb.cells[0].source = with_badge(nb.cells[0].source, badge(repo, path.parent.name, path.name))
    ids = [c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells]
    ensure_cell(nb, "bootstrap", BOOTSTRAP.format(repository=repo), ids.index("setup") if "setup" in ids else 1)
    # The self-check goes last, before the closing recap.
    end = len(nb.cells) - 1 if nb.cells[-1].cell_type == "markdown" else len(nb.cells)
    ensure_cell(nb, "self_check", SELF_CHECK.format(week=path.parent.name), end)
    stale = nbformat.writes(nb) != before
    if stale and write:
        nbformat.write(nb, str(path))
    return stale


def english_weeks() -> list[str]:
    """The weeks of source/, without their generated translations (source/<week>_ko/)."""
    return sorted(p.name for p in (ROOT / "source").glob("week*")
                  if p.is_dir() and split_assignment(p.name)[1] == "en")


def korean_notebook(week: str, repo: str) -> nbformat.NotebookNode:
    """The Korean assignment `<week>_ko`: the English source notebook with its catalogue applied
    (i18n/ko/<week>.json), a Korean badge and the glossary under the title, Colab's Korean font in the
    bootstrap cell, and checks that speak Korean from the setup cell on. Code, grade ids, points and hidden
    tests are the English notebook's."""
    nb = i18n.translate(week, "ko")
    name = i18n.notebook_of(week).name
    glossary = f"{repo}/blob/main/{GLOSSARY}"
    nb.cells[0].source = with_badge(nb.cells[0].source, f"{badge(repo, week + '_ko', name)}\n\n"
                                                        f"용어는 [한↔영 용어집]({glossary})을 따릅니다.")
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid == "bootstrap":
            cell.source += KOREAN_FONT
        elif gid == "setup":
            cell.source += f"\n{KOREAN_CHECKS}"
    return nb


def refresh_korean(week: str, repo: str, write: bool = True) -> bool:
    """Write source/<week>_ko/ from the English week and its catalogue; True if it was out of date."""
    path = ROOT / "source" / f"{week}_ko" / i18n.notebook_of(week).name
    text = nbformat.writes(korean_notebook(week, repo))
    current = path.read_text(encoding="utf-8") if path.exists() else None
    others = [p for p in path.parent.glob("*.ipynb") if p != path]
    if write and (current != text or others):
        for other in others:        # the English notebook was renamed
            other.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return current != text or bool(others)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    weeks = [a for a in argv if not a.startswith("--")] or english_weeks()
    repo = student_repository()
    stale = []
    for week in weeks:
        for path in sorted((ROOT / "source" / week).glob("*.ipynb")):
            if check:
                if refresh(path, repo, write=False):
                    stale.append(path)
            elif refresh(path, repo):
                print(f"updated the shared cells of {path.relative_to(ROOT)}")
    korean = [week for week in weeks if i18n.catalogue_path(week, "ko").exists()]
    for week in korean:
        if refresh_korean(week, repo, write=not check):
            if check:
                stale.append(ROOT / "source" / f"{week}_ko")
            else:
                print(f"regenerated source/{week}_ko from source/{week} and i18n/ko/{week}.json")
    if check:
        for path in stale:
            print(f"stale badge, bootstrap or self-check cell, or Korean translation: {path.relative_to(ROOT)} "
                  f"(run make release)")
        return 1 if stale else 0
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    for assignment in weeks + [f"{week}_ko" for week in korean]:
        subprocess.run([str(Path(sys.executable).parent / "nbgrader"), "generate_assignment", assignment, "--force",
                        "--log-level=WARN"], cwd=ROOT, env=env, check=True)
        print(f"release/{assignment} regenerated")
    subprocess.run([sys.executable, str(ROOT / "tools" / "overview.py")], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
