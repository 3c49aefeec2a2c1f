"""The assignment's gradebook, built once per run in a temporary course, and what each question is.

`build_template(week, workdir)` copies `source/<week>/` into `workdir/template/`, runs nbgrader's
generate_assignment there (the course's own nbgrader_config.py, paths redirected), and returns a
`Template`: the gradebook every worker copies, the release notebook students were given, and the
graded cells (grade id, points, autograded or written, whether it holds hidden tests).
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import sys

import nbformat

REPO = Path(__file__).resolve().parent.parent

# nbgrader runs the `alembic` command of its own environment when it creates a gradebook.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"


def nbgrader_meta(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


@dataclass
class Question:
    grade_id: str
    points: float
    auto: bool          # autograded test cell (code) vs written answer (markdown, graded by hand)
    hidden: bool        # holds ### BEGIN HIDDEN TESTS
    source: str         # full source (with hidden tests) - never shown to students


@dataclass
class Template:
    week: str
    root: Path                      # the template course folder
    notebook: str                   # notebook name without .ipynb
    release: Path                   # the release notebook made here
    questions: list[Question] = field(default_factory=list)
    locked_sources: dict = field(default_factory=dict)   # grade id -> release source of locked cells
    grade_ids: list = field(default_factory=list)        # every grade id of the release, in order
    release_code: set = field(default_factory=set)       # sources of the release's code cells (normalised)

    @property
    def gradebook(self) -> Path:
        return self.root / "gradebook.db"

    @property
    def auto_questions(self) -> list[Question]:
        return [q for q in self.questions if q.auto]


def course_config(root: Path, *, cell_timeout: int | None = None):
    """The course's nbgrader config with every path moved into `root`."""
    from traitlets.config.loader import Config, PyFileConfigLoader

    cfg = Config()
    repo_cfg = REPO / "nbgrader_config.py"
    if repo_cfg.exists():
        cfg.merge(PyFileConfigLoader(repo_cfg.name, path=str(REPO)).load_config())
    root = Path(root)
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.db_url = "sqlite:///" + str(root / "gradebook.db")
    cfg.Exchange.root = str(root / ".exchange")
    cfg.CourseDirectory.course_id = cfg.CourseDirectory.get("course_id", "course") or "course"
    if cell_timeout is not None:
        cfg.Execute.timeout = int(cell_timeout)
        cfg.ExecutePreprocessor.timeout = int(cell_timeout)
    return cfg


def find_notebook(folder: Path) -> Path:
    paths = sorted(p for p in Path(folder).glob("*.ipynb") if not p.name.startswith("."))
    if len(paths) != 1:
        raise SystemExit(f"expected one notebook in {folder}, found {len(paths)}")
    return paths[0]


@contextlib.contextmanager
def quiet_logs():
    """nbgrader logs a lot to stderr; keep it out of the instructor's terminal."""
    buf = io.StringIO()
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.ERROR)
    with contextlib.redirect_stderr(buf):
        try:
            yield buf
        finally:
            root.setLevel(old)


def new_gradebook(db: Path) -> None:
    """An empty gradebook at `db`, as nbgrader's first command in a course would create it, but without the
    `alembic heads` subprocess nbgrader starts only to learn its schema's revision (3 s of CPU, here 0.2 s)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.api import Base
    from nbgrader.dbutil import ALEMBIC_DIR
    from sqlalchemy import create_engine, text

    migrations = Config()
    migrations.set_main_option("script_location", ALEMBIC_DIR)
    head = ScriptDirectory.from_config(migrations).get_current_head()
    engine = create_engine(f"sqlite:///{db}")
    try:
        Base.metadata.create_all(bind=engine)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:head)"), {"head": head})
    finally:
        engine.dispose()


def build_template(week: str, workdir: Path, source_root: Path | None = None) -> Template:
    from nbgrader.converters import GenerateAssignment
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    source_root = Path(source_root or REPO / "source")
    src = source_root / week
    if not src.is_dir():
        raise SystemExit(f"no assignment {week!r}: {src} does not exist")
    source_nb = find_notebook(src)
    root = Path(workdir) / "template"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(src, root / "source" / week, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    os.chmod(root, 0o700)
    new_gradebook(root / "gradebook.db")
    cfg = course_config(root)
    cfg.GenerateAssignment.create_assignment = True
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = week
    app = GenerateAssignment(coursedir=coursedir, config=cfg)
    app.force = True
    with quiet_logs():
        result = capture_log(app)
    if not result["success"]:
        raise SystemExit(f"nbgrader generate_assignment failed for {week}:\n{result.get('log', '')}\n"
                         f"{result.get('error', '')}")
    release = root / "release" / week / source_nb.name
    tpl = Template(week=week, root=root, notebook=source_nb.stem, release=release)

    source = nbformat.read(str(source_nb), as_version=4)
    for cell in source.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade"):
            tpl.questions.append(Question(
                grade_id=meta["grade_id"], points=float(meta.get("points", 0)),
                auto=cell.cell_type == "code" and not meta.get("solution"),
                hidden=HIDDEN_BEGIN in cell.source, source=cell.source))
    released = nbformat.read(str(release), as_version=4)
    for cell in released.cells:
        meta = nbgrader_meta(cell)
        if cell.cell_type == "code":
            tpl.release_code.add("\n".join(line.rstrip() for line in cell.source.strip().splitlines()))
        if meta.get("grade_id"):
            tpl.grade_ids.append(meta["grade_id"])
            if meta.get("locked") and not meta.get("solution"):
                tpl.locked_sources[meta["grade_id"]] = cell.source
    return tpl


def hidden_lines(question_source: str) -> list[str]:
    """The non-blank lines inside the hidden-test blocks of a test cell's source."""
    lines, inside = [], False
    for line in question_source.splitlines():
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        elif inside and line.strip():
            lines.append(line)
    return lines
