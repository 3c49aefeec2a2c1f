"""The instructor's grading path (grader/): robustness batch, parallel == serial, tamper scan, feedback leaks.

The robustness batch is made by grader.classroom from the small assignment in
tests/fixtures/source/week00_tiny (2 graded functions, hidden tests, a written answer): ordinary
students mixed with every bad submission of the issue. A real week (week01, else the first week in
source/) is graded too: its solution gets full marks, its release stub zero, and no feedback page
shows any of its hidden test lines. Timings are not asserted (see benchmarks/run.py).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

import nbformat
import pytest

from grader import scan, sandbox
from grader.classroom import Classroom
from grader.cli import grade_week
from grader.course import build_template, find_notebook, hidden_lines
from grader.feedback import find_leaks
from grader.preflight import preflight
from grader.submissions import collect

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "source"
WEEK = "week00_tiny"
HIDDEN_FAIL = "def step(z):\n    return np.array([1 if v >= 0 else 0 for v in z])\n"  # 1-D only

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


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    work = tmp_path_factory.mktemp("grading")
    tpl = build_template(WEEK, work / "tpl", FIXTURES)
    room = Classroom(tpl, FIXTURES / WEEK / "tiny.ipynb")
    course = work / "course"
    # A canary outside /tmp (the kernel's /tmp is private, so this one tests the uid drop itself).
    canary_dir = Path(tempfile.mkdtemp(prefix="grader-canary-", dir="/var/tmp" if os.path.isdir("/var/tmp") else None))
    canary = canary_dir / "canary.txt"
    canary.write_text("do not touch")
    protected = [canary, course / "gradebook.db", course / "submitted" / "good_ann" / WEEK / "tiny.ipynb",
                 tpl.gradebook, FIXTURES / WEEK / "tiny.ipynb"]
    flat = work / "flat"
    made = room.write_robustness_batch(flat, protected=[str(p) for p in protected])
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
    before = _digest(watched)
    result = grade_week(WEEK, course / "submitted", out=work / "out", jobs=2, cell_timeout=10, wall_timeout=90,
                        source_root=FIXTURES, quiet=True)
    after = _digest(watched)
    yield {"result": result, "rows": {r["student"]: r for r in result["rows"]}, "room": room, "made": made,
           "before": before, "after": after, "out": work / "out", "flat": flat, "work": work, "canary": canary}
    shutil.rmtree(canary_dir, ignore_errors=True)


def test_every_submission_is_in_the_report(batch):
    assert set(batch["rows"]) == set(batch["made"])
    text = (batch["out"] / "results.csv").read_text().splitlines()
    assert text[0].split(",")[:4] == ["student", "status", "test_step", "test_relu"]
    assert len(text) == 1 + len(batch["made"])
    assert (batch["out"] / "summary.png").stat().st_size > 0
    assert "mean" in batch["result"]["summary"] and "median" in batch["result"]["summary"]
    assert batch["result"]["stats"]["test_step"]["points"] == 2


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
    "big_print": ("graded", 2, 3, "cell 11: printed more than 2 MB"),
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


def test_nothing_outside_a_submission_changed(batch):
    if sandbox.sandbox_mode() != "uid":
        pytest.skip("kernels are isolated only when grading runs as root")
    assert batch["before"] == batch["after"]
    assert batch["canary"].read_text() == "do not touch"
    vandal = nbformat.read(str(batch["out"] / "autograded" / "vandal.ipynb"), as_version=4)
    printed = "".join(o.get("text", "") for c in vandal.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "vandal managed: []" in printed


def test_the_class_gradebook_survives(batch):
    from nbgrader.api import Gradebook
    gradebook = batch["work"] / "course" / "gradebook.db"
    with Gradebook("sqlite:///" + str(gradebook)) as gb:
        assert [a.name for a in gb.assignments] == [WEEK]


def test_grades_are_recorded_for_the_formgrader(batch):
    """--record-in writes what `nbgrader autograde` would have: the class gradebook and autograded/ folder."""
    import datetime as dt

    from nbgrader.api import Gradebook

    from grader.gradebook import GradebookError, record

    course = batch["work"] / "record"  # a copy: the batch's own course is watched for changes
    course.mkdir()
    shutil.copyfile(batch["work"] / "course" / "gradebook.db", course / "gradebook.db")
    rows, auto = batch["result"]["rows"], [q.grade_id for q in batch["result"]["template"].auto_questions]
    graded = {r["student"]: r for r in rows if r["status"] == "graded"}
    skipped = record(rows, WEEK, "tiny", batch["out"], course)
    assert sorted(line.split(":")[0] for line in skipped) == sorted(r["student"] for r in rows
                                                                    if r["status"] != "graded")
    url = "sqlite:///" + str(course / "gradebook.db")
    with Gradebook(url) as gb:
        for student, row in graded.items():
            notebook = gb.find_submission_notebook("tiny", WEEK, student)
            assert {g.name: g.auto_score for g in notebook.grades if g.name in auto} == \
                   {g: row["scores"][g] for g in auto}, student
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
    with pytest.raises(GradebookError, match="make release"):
        record(rows, WEEK, "tiny", batch["out"], batch["work"] / "no_course")


def test_tampering_is_flagged_and_does_not_pass_hidden_tests(batch):
    rows = batch["rows"]
    flags = " ".join(rows["tamper"]["flags"])
    for phrase in ("np.allclose", "np.testing.assert_allclose", "_engine.compare", "builtin 'isinstance'"):
        assert phrase in flags
    assert rows["tamper"]["scores"]["test_relu"] == 0   # the visible check was fooled, the hidden test was not
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


def test_find_leaks_finds_a_leak():
    page = "<pre><span>assert</span> <span>_s.shape</span> == (2, 2) and &#x27;x&#x27;</pre>"
    assert find_leaks(page, ["assert _s.shape == (2, 2) and 'x'"]) != []


def test_parallel_grading_gives_the_same_scores_as_serial(batch, tmp_path):
    students = ["good_ann", "stub_cat", "partial_dan", "hidden_fail", "tamper", "duplicated_answer", "sys_exit"]
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # also: a zip of <student>.ipynb is accepted
        for s in students:
            zf.write(batch["flat"] / f"{s}.ipynb", arcname=f"export/{s}.ipynb")
    serial = grade_week(WEEK, archive, out=tmp_path / "out", jobs=1, cell_timeout=10, wall_timeout=90,
                        source_root=FIXTURES, quiet=True, feedback=False)
    for row in serial["rows"]:
        parallel = batch["rows"][row["student"]]
        assert (row["status"], row["scores"], row["total"]) == \
               (parallel["status"], parallel["scores"], parallel["total"]), row["student"]
    assert [r["student"] for r in serial["rows"]] == students


def test_submission_layouts(tmp_path):
    (tmp_path / "flat").mkdir()
    for name in ("b", "a b"):
        (tmp_path / "flat" / f"{name}.ipynb").write_text("{}")
    (tmp_path / "flat" / "notes.txt").write_text("")
    subs = collect(tmp_path / "flat", WEEK, "tiny", tmp_path)
    assert sorted(s.student for s in subs) == ["a_b", "b"]
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


def _real_week() -> str:
    weeks = sorted(p.name for p in (ROOT / "source").glob("week*") if any(p.glob("*.ipynb")))
    return "week01_perceptron" if "week01_perceptron" in weeks else weeks[0]


def test_a_real_week_solution_full_marks_stub_zero_no_leaks(tmp_path):
    week = _real_week()
    source_nb = find_notebook(ROOT / "source" / week)
    tpl = build_template(week, tmp_path / "tpl")
    room = Classroom(tpl, source_nb)
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(room.solved(), str(subs / "solved.ipynb"))
    nbformat.write(room.stub(), str(subs / "stub.ipynb"))
    result = grade_week(week, subs, out=tmp_path / "out", jobs=2, cell_timeout=120, wall_timeout=400, quiet=True)
    rows = {r["student"]: r for r in result["rows"]}
    assert rows["solved"]["status"] == "graded" and rows["solved"]["total"] == room.total, rows["solved"]
    assert rows["solved"]["flags"] == []
    assert rows["stub"]["total"] == 0
    lines = [line for q in tpl.questions for line in hidden_lines(q.source)]
    for name in ("solved", "stub"):
        page = (tmp_path / "out" / "feedback" / f"{name}.html").read_text()
        assert find_leaks(page, lines) == [], name


def test_a_kernel_that_ignores_interrupts_hits_the_wall_clock_limit(batch, tmp_path):
    """The cell time-out interrupts; a loop that swallows the interrupt is stopped by the hard limit,
    and the same worker slot then grades the next student normally."""
    room = batch["room"]
    stubborn = room.with_cell(room.solved(), "while True:\n    try:\n        while True:\n            pass\n"
                                             "    except KeyboardInterrupt:\n        pass\n", after="setup")
    nbformat.write(stubborn, str(tmp_path / "a_stubborn.ipynb"))
    nbformat.write(room.solved(), str(tmp_path / "b_good.ipynb"))
    result = grade_week(WEEK, tmp_path, out=tmp_path / "out", jobs=1, cell_timeout=3, wall_timeout=15,
                        source_root=FIXTURES, quiet=True, feedback=False)
    rows = {r["student"]: r for r in result["rows"]}
    assert rows["a_stubborn"]["status"] == "timeout" and rows["a_stubborn"]["total"] == 0
    assert "ran past the 15 s limit" in " ".join(rows["a_stubborn"]["reasons"])
    assert rows["b_good"]["status"] == "graded" and rows["b_good"]["total"] == room.total


def test_a_graded_kernel_has_no_network(batch, tmp_path):
    """A submission's code cannot reach a service of the grading machine (nor any other): its kernel lives in
    a network namespace of its own and talks to the grader over Unix sockets. It is graded as usual."""
    import socket

    if sandbox.sandbox_mode() != "uid":
        pytest.skip("kernels are isolated only when grading runs as root")
    room = batch["room"]
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.setblocking(False)
        port = listener.getsockname()[1]
        probe = ("import os, socket\n"
                 "try:\n"
                 f"    socket.create_connection(('127.0.0.1', {port}), timeout=5).close()\n"
                 "    print('network: reached the grader')\n"
                 "except OSError as exc:\n"
                 "    print('network: blocked,', type(exc).__name__, os.environ.get('GRADER_SANDBOX'))\n")
        nbformat.write(room.with_cell(room.solved(), probe, after="setup"), str(tmp_path / "prober.ipynb"))
        result = grade_week(WEEK, tmp_path, out=tmp_path / "out", jobs=1, cell_timeout=10, wall_timeout=90,
                            source_root=FIXTURES, quiet=True, feedback=False)
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody knocked
    row = result["rows"][0]
    assert row["status"] == "graded" and row["total"] == room.total, row
    graded = nbformat.read(str(tmp_path / "out" / "autograded" / "prober.ipynb"), as_version=4)
    printed = "".join(o.get("text", "") for c in graded.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "network: blocked, ConnectionRefusedError uid+mounts+offline" in printed, printed[-500:]
