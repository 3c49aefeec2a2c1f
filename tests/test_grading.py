"""The instructor's grading path, run as an instructor runs it: `python -m grader grade` in a subprocess with
the user's environment (no pytest variables), as root with the sandbox where the machine allows it.

One class of the small assignment in tests/fixtures/source/week00_tiny (2 graded functions, hidden tests, a
written answer) is graded once: ordinary students, the robustness batch (loops, crashes, broken files,
vandals...) and the attack batch (tests/classroom.py): forged verdicts (display hooks, input
transformers, exec through aliases, patched NumPy, sys.modules, fake packages in the working folder,
frame inspection, a hijacked grading agent), a snoop for solutions elsewhere on the machine, shared
folders, the network, memory through forked children, 48 spinning processes, a flood of display updates,
scripts in outputs and answers, and hidden tests printed encoded. Every forger stays at 0; every honest
student gets their score. Timings are not asserted (benchmarks/run.py measures them).
"""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import socket
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest

from classroom import Classroom
from course import grade, nbgrader
from grader import sandbox, scan
from grader.course import build_template, find_notebook, hidden_lines, new_gradebook
from grader.feedback import find_leaks
from grader.preflight import preflight
from grader.submissions import collect

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "source"
WEEK = "week00_tiny"
HIDDEN_FAIL = "def step(z):\n    return np.array([1 if v >= 0 else 0 for v in z])\n"  # 1-D only
ISOLATED = sandbox.available()[0]
# A developer without root or bubblewrap may skip the isolation tests; CI (CI=true, as root, .ci/run installs
# bubblewrap) never does.
needs_sandbox = pytest.mark.skipif(not ISOLATED and not os.environ.get("CI"),
                                   reason=f"kernels are isolated only as root with bubblewrap: {sandbox.available()[1]}")

# one xdist worker for the whole file under `make test` (pytest -n 2 --dist loadgroup): the batch is graded once
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]


def _digest(paths) -> dict:
    out = {}
    for base in paths:
        base = Path(base)
        for p in sorted([base] if base.is_file() else base.rglob("*")):
            if p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def _printed(out: Path, student: str) -> str:
    nb = nbformat.read(str(out / "autograded" / f"{student}.ipynb"), as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def _host_tokens() -> list[str]:
    found = []
    for folder in ("/tmp", "/var/tmp", "/run/lock", "/dev/shm"):
        try:
            found += [f"{folder}/{f}" for f in os.listdir(folder) if f.startswith("dlf-token")]
        except OSError:
            pass
    return found


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    work = tmp_path_factory.mktemp("grading")
    tpl = build_template(WEEK, work / "tpl", FIXTURES)
    room = Classroom(tpl, FIXTURES / WEEK / "tiny.ipynb")
    course = work / "course"
    # A canary outside /tmp, and another copy of the course with its solutions where a snoop may look.
    canary_dir = Path(tempfile.mkdtemp(prefix="grader-canary-", dir="/var/tmp" if os.path.isdir("/var/tmp") else None))
    canary = canary_dir / "canary.txt"
    canary.write_text("do not touch")
    other_copy = canary_dir / "course-copy" / "source" / WEEK
    other_copy.mkdir(parents=True)
    shutil.copy(FIXTURES / WEEK / "tiny.ipynb", other_copy / "tiny.ipynb")
    secrets = [other_copy / "tiny.ipynb", FIXTURES / WEEK / "tiny.ipynb", ROOT / "source"]
    protected = [canary, course / "gradebook.db", course / "submitted" / "good_ann" / WEEK / "tiny.ipynb",
                 tpl.gradebook, FIXTURES / WEEK / "tiny.ipynb"]
    flat = work / "flat"
    made = room.write_robustness_batch(flat, protected=[str(p) for p in protected])
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.setblocking(False)
    made.update(room.write_attack_batch(flat, secrets=[str(p) for p in secrets], port=listener.getsockname()[1]))
    nb = room.solved()
    for cell in nb.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "answer_step":
            cell.source = HIDDEN_FAIL
    nbformat.write(nb, str(flat / "hidden_fail.ipynb"))
    made["hidden_fail"] = "passes the visible check of step, fails its hidden test"
    ann = nbformat.read(str(flat / "good_ann.ipynb"), as_version=4)
    for cell in ann.cells:  # a written answer, for the formgrader to grade by hand
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "why_relu":
            cell.source = "One comparison with zero, no exponential."
    nbformat.write(ann, str(flat / "good_ann.ipynb"))
    for path in flat.iterdir():  # nbgrader's layout: submitted/<student>/<week>/<notebook>.ipynb
        (course / "submitted" / path.stem / WEEK).mkdir(parents=True)
        shutil.copyfile(path, course / "submitted" / path.stem / WEEK / "tiny.ipynb")
    (course / "submitted" / "good_ann" / WEEK / "timestamp.txt").write_text("2026-11-20 10:00:00.000000 UTC")
    shutil.copyfile(tpl.gradebook, course / "gradebook.db")  # the class gradebook
    watched = [course, canary_dir, FIXTURES]
    before, tokens_before = _digest(watched), _host_tokens()
    result = grade(WEEK, course / "submitted", work / "out", "--source", str(FIXTURES), "--jobs", "2",
                   "--timeout", "10", "--wall", "120", "--mem-mb", "2048")
    try:
        listener.accept()
        knocked = True
    except BlockingIOError:
        knocked = False
    listener.close()
    yield dict(result, room=room, made=made, before=before, after=_digest(watched), flat=flat, work=work,
               canary=canary, knocked=knocked, new_tokens=sorted(set(_host_tokens()) - set(tokens_before)), tpl=tpl)
    shutil.rmtree(canary_dir, ignore_errors=True)


def test_every_submission_is_in_the_report(batch):
    assert set(batch["rows"]) == set(batch["made"])
    text = (batch["out"] / "results.csv").read_text().splitlines()
    assert text[0].split(",")[:4] == ["student", "status", "test_step", "test_relu"]
    assert len(text) == 1 + len(batch["made"])
    assert (batch["out"] / "summary.png").stat().st_size > 0
    assert "mean" in batch["summary"] and "median" in batch["summary"]
    assert batch["meta"]["verdict"].startswith("trusted kernel")


def test_ordinary_students_are_graded_correctly(batch):
    rows = batch["rows"]
    for student in ("good_ann", "good_ben"):
        assert rows[student]["status"] == "graded"
        assert rows[student]["scores"]["test_step"] == 2 and rows[student]["scores"]["test_relu"] == 3
        assert rows[student]["flags"] == []
    assert rows["stub_cat"]["total"] == 0
    assert rows["partial_dan"]["scores"] == {"test_step": 2, "test_relu": 0, "why_relu": 0}
    assert rows["hidden_fail"]["scores"]["test_step"] == 0 and rows["hidden_fail"]["scores"]["test_relu"] == 3


# student -> (status, test_step, test_relu, a phrase of the reason or flag)
EXPECTED = {
    "loop_answer": ("graded", 0, 3, "answer_step: timed out"),
    "loop_function": ("graded", 0, 3, "test_step: timed out"),
    "deleted_test": ("graded", 2, 3, "test cell test_relu deleted"),
    "duplicated_answer": ("graded", 2, 3, "answer_step appears 2 times"),
    "assert_true": ("graded", 0, 3, "test cell test_step was edited"),
    "bad_json": ("invalid", 0, 0, "not valid JSON"),
    "empty": ("invalid", 0, 0, "empty file"),
    "big_print": ("graded", 2, 3, "output cut"),
    "sys_exit": ("graded", 2, 3, "called sys.exit()"),
    "os_exit": ("failed", 0, 0, "kernel died in cell 4 (the process exited with code 0"),
    "crash": ("failed", 0, 0, "kernel died in cell 4 (killed by SIGSEGV)"),
    "vandal": ("graded", 2, 3, "calls os.remove()"),
    "tamper": ("graded", 2, 0, "assigns np.allclose"),
    "history": ("graded", 2, 3, "reads the input/output history"),
}


@pytest.mark.parametrize("student", sorted(EXPECTED))
def test_bad_submission_gets_its_score_and_a_clear_reason(batch, student):
    status, step, relu, phrase = EXPECTED[student]
    row = batch["rows"][student]
    assert row["status"] == status, row
    assert (row["scores"].get("test_step") or 0, row["scores"].get("test_relu") or 0) == (step, relu), row
    assert any(phrase in text for text in row["reasons"] + row["flags"]), row


FORGERS = ["forge_displayhook", "forge_transformer", "forge_exec_alias", "forge_np_dict", "forge_sys_modules",
           "forge_fake_package", "forge_frames", "forge_agent", "snoop"]


@pytest.mark.parametrize("student", FORGERS)
def test_no_forged_verdict_scores(batch, student):
    """Stubs with an attack on the grading get nothing: the verdict is computed in the trusted kernel."""
    row = batch["rows"][student]
    assert row["total"] == 0, (student, batch["made"][student], row)


@needs_sandbox
def test_no_solution_is_readable_from_a_kernel(batch):
    printed = _printed(batch["out"], "snoop")
    assert "snoop found 0 []" in printed, printed[-800:]


@needs_sandbox
def test_kernels_share_no_folder_and_leave_nothing_behind(batch):
    for student in ("shared_a", "shared_b"):
        row = batch["rows"][student]
        assert row["total"] == 5, row
        assert "shared tokens seen: []" in _printed(batch["out"], student)
    assert batch["new_tokens"] == []


@needs_sandbox
def test_a_graded_kernel_has_no_network(batch):
    assert not batch["knocked"], "a submission reached a listener on the grading machine"
    row = batch["rows"]["network"]
    assert row["status"] == "graded" and row["total"] == 5, row
    assert "network: blocked" in _printed(batch["out"], "network")


@needs_sandbox
def test_resource_hogs_hurt_only_themselves(batch):
    """Forked children share the submission's memory limit; 48 spinners share its CPU share and die with it;
    the honest students graded beside them (two at a time) keep every point."""
    rows = batch["rows"]
    memory = _printed(batch["out"], "fork_memory") if rows["fork_memory"]["status"] == "graded" else ""
    assert "children: [0, 0, 0, 0]" not in memory, "four 1.5 GB children fitted in a 2 GB limit"
    for student in ("good_ann", "good_ben", "partial_dan", "hidden_fail", "shared_a", "shared_b", "network"):
        assert rows[student]["status"] == "graded", rows[student]
    assert rows["spinner"]["status"] in ("graded", "timeout", "failed")


def test_stderr_own_costs_the_test_library_noise_does_not(batch):
    rows = batch["rows"]
    assert rows["stderr_own"]["scores"]["test_step"] == 2 and rows["stderr_own"]["scores"]["test_relu"] == 0
    assert rows["stderr_noise"]["total"] == 5, rows["stderr_noise"]


def test_output_is_capped_display_updates_included(batch):
    row = batch["rows"]["display_flood"]
    assert row["status"] == "graded" and row["total"] == 5, row
    assert (batch["out"] / "autograded" / "display_flood.ipynb").stat().st_size < 30 * 2**20
    assert any("output cut" in r for r in row["reasons"]), row


def test_pages_carry_no_live_script(batch):
    """The feedback page and the autograded notebook the formgrader renders keep no student script, event
    handler, iframe or javascript: URL (the text of a script may remain, escaped)."""
    from html.parser import HTMLParser

    class Live(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found, self.in_script = [], False

        def handle_starttag(self, tag, attrs):
            self.in_script = tag == "script"
            if tag in ("iframe", "object", "embed", "frame"):
                self.found.append(tag)
            for name, value in attrs:
                if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                    self.found.append(f"<{tag} {name}>")

        def handle_endtag(self, tag):
            self.in_script = False

        def handle_data(self, data):
            if self.in_script and ("alert(" in data or "pwned" in data):
                self.found.append("a student's <script>")

    page = Live()
    page.feed((batch["out"] / "feedback" / "scripts.html").read_text())
    assert page.found == [], page.found
    autograded = nbformat.read(str(batch["out"] / "autograded" / "scripts.ipynb"), as_version=4)
    for cell in autograded.cells:
        parts = [cell.source] if cell.cell_type == "markdown" else []
        for output in cell.get("outputs", []):
            assert "application/javascript" not in output.get("data", {}), output
            parts += [str(v) for k, v in output.get("data", {}).items() if k == "text/html"]
        for part in parts:
            view = Live()
            view.feed(part)
            assert view.found == [] and "<script" not in part.lower(), part[:300]


@needs_sandbox
def test_nothing_outside_a_submission_changed(batch):
    assert batch["before"] == batch["after"]
    assert batch["canary"].read_text() == "do not touch"
    assert "vandal managed: []" in _printed(batch["out"], "vandal")


def test_the_class_gradebook_survives(batch):
    from nbgrader.api import Gradebook
    gradebook = batch["work"] / "course" / "gradebook.db"
    with Gradebook("sqlite:///" + str(gradebook)) as gb:
        assert [a.name for a in gb.assignments] == [WEEK]


def test_a_new_gradebook_is_the_one_nbgrader_makes(tmp_path):
    """new_gradebook (the grader's templates, the tests' courses) skips the `alembic heads` subprocess nbgrader
    starts for a new gradebook: the same tables and the same schema revision as nbgrader's own."""
    from nbgrader.api import Gradebook
    from sqlalchemy import create_engine, inspect, text

    def schema(db: Path):
        engine = create_engine(f"sqlite:///{db}")
        try:
            found = inspect(engine)
            tables = {t: sorted(c["name"] for c in found.get_columns(t)) for t in found.get_table_names()}
            with engine.connect() as conn:
                return tables, conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
        finally:
            engine.dispose()

    new_gradebook(tmp_path / "ours.db")
    Gradebook(f"sqlite:///{tmp_path / 'ours.db'}").close()     # nbgrader opens it as its own, adding the course
    Gradebook(f"sqlite:///{tmp_path / 'nbgraders.db'}").close()
    assert schema(tmp_path / "ours.db") == schema(tmp_path / "nbgraders.db")
    assert len(schema(tmp_path / "ours.db")[1]) == 1


def test_grades_are_recorded_for_the_formgrader(batch):
    """--record-in writes what `nbgrader autograde` would have: the class gradebook and autograded/ folder."""
    import datetime as dt

    from nbgrader.api import Gradebook

    from grader.gradebook import GradebookError, record
    from grader.jobs import Row

    course = batch["work"] / "record"  # a copy: the batch's own course is watched for changes
    course.mkdir()
    shutil.copyfile(batch["work"] / "course" / "gradebook.db", course / "gradebook.db")
    fields = Row.__dataclass_fields__
    rows = [Row(**{k: v for k, v in r.items() if k in fields}) for r in batch["rows"].values()]
    for row in rows:
        row.submitted_at = dt.datetime.fromisoformat(row.submitted_at) if row.submitted_at else None
    auto = [q.grade_id for q in batch["tpl"].auto_questions]
    graded = {r.student: r for r in rows if r.status == "graded"}
    skipped = record(rows, WEEK, "tiny", batch["out"], course)
    assert sorted(line.split(":")[0] for line in skipped) == sorted(r.student for r in rows if r.status != "graded")
    url = "sqlite:///" + str(course / "gradebook.db")
    with Gradebook(url) as gb:
        for student, row in graded.items():
            notebook = gb.find_submission_notebook("tiny", WEEK, student)
            assert {g.name: g.auto_score for g in notebook.grades if g.name in auto} == \
                   {g: row.scores[g] for g in auto}, student
            assert (course / "autograded" / student / WEEK / "tiny.ipynb").exists()
        written = gb.find_grade("why_relu", "tiny", WEEK, "good_ann")
        assert written.needs_manual_grade and written.auto_score is None  # answered: waits for the formgrader
        unanswered = gb.find_grade("why_relu", "tiny", WEEK, "good_ben")
        assert not unanswered.needs_manual_grade and unanswered.auto_score == 0  # nbgrader's "No response."
        assert gb.find_submission(WEEK, "good_ann").timestamp == dt.datetime(2026, 11, 20, 10, 0)
        written.manual_score = 1.5
        gb.db.commit()
    assert record(rows, WEEK, "tiny", batch["out"], course) == skipped  # grading again replaces, keeps manual
    with Gradebook(url) as gb:
        assert gb.find_grade("why_relu", "tiny", WEEK, "good_ann").manual_score == 1.5
        assert len(gb.find_assignment(WEEK).submissions) == len(graded)
        max_score = gb.find_assignment(WEEK).max_score
    # Grades out, as the README tells instructors: plain `nbgrader export`, a CSV an LMS imports.
    nbgrader(course, "export", "--to", "grades.csv")
    with open(course / "grades.csv", newline="") as f:
        exported = {r["student_id"]: r for r in csv.DictReader(f) if r["assignment"] == WEEK}
    for student, row in graded.items():
        manual = 1.5 if student == "good_ann" else 0.0
        assert float(exported[student]["score"]) == pytest.approx(sum(v or 0 for v in row.scores.values()) + manual), student
        assert float(exported[student]["max_score"]) == max_score
    with pytest.raises(GradebookError, match="make release"):
        record(rows, WEEK, "tiny", batch["out"], batch["work"] / "no_course")


def test_tampering_is_flagged_and_gains_nothing(batch):
    rows = batch["rows"]
    flags = " ".join(rows["tamper"]["flags"])
    for phrase in ("np.allclose", "np.testing.assert_allclose", "_engine.compare", "builtin 'isinstance'"):
        assert phrase in flags
    assert rows["tamper"]["scores"]["test_relu"] == 0
    assert any("gradebook.db" in f for f in rows["history"]["flags"])
    for student in ("good_ann", "good_ben", "stub_cat", "partial_dan", "hidden_fail", "loop_answer"):
        assert rows[student]["flags"] == [], student


def test_feedback_shows_no_hidden_test(batch):
    room = batch["room"]
    lines = [line for q in room.tpl.questions for line in hidden_lines(q.source)]
    assert len(lines) >= 6
    pages = sorted((batch["out"] / "feedback").glob("*.html"))
    graded = [r for r in batch["rows"].values() if r["status"] == "graded"]
    assert len(pages) == len(graded)
    for page in pages:
        assert find_leaks(page.read_text(), lines) == [], page.name
    text = (batch["out"] / "feedback" / "hidden_fail.html").read_text()
    assert "hidden test failed: test_step" in text
    assert "relu: 1/1 checks passed" in text
    text = (batch["out"] / "feedback" / "partial_dan.html").read_text()
    assert "relu: check 1/1 failed" in text and "hidden test failed" not in text
    assert "test timed out: test_step" in (batch["out"] / "feedback" / "loop_function.html").read_text()
    # hidden tests never run in a student's kernel, so its history holds none, encoded or not
    printed = _printed(batch["out"], "leak_encoded")
    import base64
    decoded = "".join(base64.b64decode(line).decode(errors="ignore") for line in printed.splitlines()
                      if len(line) > 40 and not line.startswith(("'", "[")) and len(line) % 4 == 0)
    assert find_leaks(decoded + printed[::-1], lines) == []


def test_find_leaks_finds_a_leak():
    page = "<pre><span>assert</span> <span>_s.shape</span> == (2, 2) and &#x27;x&#x27;</pre>"
    assert find_leaks(page, ["assert _s.shape == (2, 2) and 'x'"]) != []


def test_parallel_grading_gives_the_same_scores_as_serial(batch, tmp_path):
    students = ["good_ann", "stub_cat", "partial_dan", "hidden_fail", "tamper", "duplicated_answer", "sys_exit"]
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # also: a zip of <student>.ipynb is accepted
        for s in students:
            zf.write(batch["flat"] / f"{s}.ipynb", arcname=f"export/{s}.ipynb")
    serial = grade(WEEK, archive, tmp_path / "out", "--source", str(FIXTURES), "--jobs", "1", "--timeout", "10",
                   "--wall", "90", "--no-feedback")
    for student, row in serial["rows"].items():
        parallel = batch["rows"][student]
        assert (row["status"], row["scores"], row["total"]) == \
               (parallel["status"], parallel["scores"], parallel["total"]), student
    assert serial["order"] == students


def test_submission_layouts(tmp_path):
    (tmp_path / "flat").mkdir()
    for name in ("b", "a b"):
        (tmp_path / "flat" / f"{name}.ipynb").write_text("{}")
    (tmp_path / "flat" / "notes.txt").write_text("")
    subs = collect(tmp_path / "flat", WEEK, "tiny", tmp_path)
    assert len({s.student for s in subs}) == 2 and "b" in {s.student for s in subs}
    (tmp_path / "course" / "submitted" / "x" / WEEK).mkdir(parents=True)
    (tmp_path / "course" / "submitted" / "x" / WEEK / "tiny.ipynb").write_text("{}")
    (tmp_path / "course" / "submitted" / "y" / WEEK).mkdir(parents=True)
    subs = collect(tmp_path / "course", WEEK, "tiny", tmp_path)
    assert [(s.student, s.problem is None) for s in subs] == [("x", True), ("y", False)]


def test_preflight_reasons(batch, tmp_path):
    tpl = batch["room"].tpl
    cases = {"list.ipynb": ("[1, 2]", "not a Jupyter notebook"), "nul.ipynb": ("\x00\x01", "not valid JSON"),
             "v99.ipynb": ('{"cells": [], "nbformat": 99}', "not a readable notebook")}
    for name, (text, phrase) in cases.items():
        (tmp_path / name).write_text(text)
        assert phrase in (preflight(tmp_path / name, tpl).fatal or ""), name


@pytest.mark.parametrize("code, phrase", [
    ("import numpy as np\nnp.allclose = lambda *a, **k: True", "assigns np.allclose"),
    ("import utils.checks\nutils.checks.step = lambda f: None", "assigns utils.checks.step"),
    ("from utils import checks\nsetattr(checks, 'relu', None)", "setattr() on checks"),
    ("AssertionError = Exception", "rebinds builtin 'AssertionError'"),
    ("def isinstance(a, b):\n    return True", "rebinds builtin 'isinstance'"),
    ("import builtins\nbuiltins.len = lambda x: 0", "assigns builtins.len"),
    ("text = open('../../source/week01_perceptron/perceptron.ipynb').read()", "names a course or system path"),
    ("import sqlite3\nsqlite3.connect('gradebook.db')", "imports sqlite3"),
    ("get_ipython().set_custom_exc((AssertionError,), lambda *a: None)", "hooks into the kernel"),
    ("!rm -rf ../..", "shell command"),
    ("print(_ih[-1])", "history"),
])
def test_scan_flags(code, phrase):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    flags = scan.scan_notebook(nb)
    assert any(phrase in f for f in flags), flags


def test_scan_leaves_ordinary_code_alone():
    code = ("import numpy as np\nfrom utils import checks\n%matplotlib inline\n"
            "def f(x, input=None):\n    sum = 0\n    for max in x:\n        sum += max\n    return sum\n"
            "x = np.arange(3)\nx[0] = 5\nd = {}\nd['a'] = 1\nclass A:\n    pass\na = A()\na.value = 1\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    assert scan.scan_notebook(nb) == []


def test_a_kernel_that_ignores_interrupts_hits_the_wall_clock_limit(batch, tmp_path):
    """The cell time-out interrupts; a loop that swallows the interrupt is given up (nbclient stops waiting
    for a kernel that never answers, or the hard limit stops the worker), and the same worker slot then
    grades the next student normally."""
    room = batch["room"]
    # a loop that waits (the grader's limits go by the clock, and this test need not take a core from the others)
    stubborn = room.with_cell(room.solved(), "import time\nwhile True:\n    try:\n        while True:\n"
                                             "            time.sleep(0.05)\n    except KeyboardInterrupt:\n"
                                             "        pass\n", after="setup")
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(stubborn, str(subs / "a_stubborn.ipynb"))
    nbformat.write(room.solved(), str(subs / "b_good.ipynb"))
    result = grade(WEEK, subs, tmp_path / "out", "--source", str(FIXTURES), "--jobs", "1", "--timeout", "3",
                   "--wall", "25", "--no-feedback")
    rows = result["rows"]
    stubborn = rows["a_stubborn"]
    assert stubborn["status"] in ("timeout", "failed") and stubborn["total"] == 0, stubborn
    reasons = " ".join(stubborn["reasons"])
    assert "ran past the 25 s limit" in reasons or "stopped answering (time-out)" in reasons, stubborn
    assert rows["b_good"]["status"] == "graded" and rows["b_good"]["total"] == room.total


@pytest.mark.parametrize("week", ["week03_softmax"])
def test_a_real_week_solution_full_marks_stub_zero_no_leaks(week, tmp_path):
    """The reference solution handed in as a student notebook gets every autograded point through
    `python -m grader grade` outside pytest's environment (week 3 once lost 3 points there to TensorFlow's
    stderr notice); the untouched release gets 0; no feedback page shows a hidden line. A student who leaves
    every answer cell as handed out but answers in a cell of their own below each gets every point too (the
    trusted kernel then starts without TensorFlow, and imports it when a check needs it)."""
    tpl = build_template(week, tmp_path / "tpl")
    room = Classroom(tpl, find_notebook(ROOT / "source" / week))
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(room.solved(), str(subs / "solved.ipynb"))
    nbformat.write(room.stub(), str(subs / "stub.ipynb"))
    elsewhere = room.stub()
    for gid, answer in room.solutions.items():
        if gid.startswith("answer_"):
            room.with_cell(elsewhere, answer, after=gid)
    nbformat.write(elsewhere, str(subs / "elsewhere.ipynb"))
    result = grade(week, subs, tmp_path / "out", "--jobs", "2", "--timeout", "180", "--wall", "900")
    rows = result["rows"]
    assert rows["solved"]["status"] == "graded" and rows["solved"]["total"] == room.total, rows["solved"]
    assert rows["solved"]["flags"] == []
    assert rows["stub"]["total"] == 0
    assert rows["elsewhere"]["total"] == room.total, rows["elsewhere"]
    lines = [line for q in tpl.questions for line in hidden_lines(q.source)]
    for name in ("solved", "stub"):
        page = (tmp_path / "out" / "feedback" / f"{name}.html").read_text()
        assert find_leaks(page, lines) == [], name
    # the notebook the formgrader shows has each written answer's model answer and rubric; the feedback has not
    from grader.rubric import is_rubric

    shown = nbformat.read(str(tmp_path / "out" / "autograded" / "stub.ipynb"), as_version=4)
    written = [q.grade_id for q in tpl.questions if not q.auto]
    assert written and [c.id for c in shown.cells if is_rubric(c)] == [f"rubric-{g}" for g in written]
    assert "rubric" not in (tmp_path / "out" / "feedback" / "stub.html").read_text().lower()
