"""Intake and safe pages of the grader: malformed notebooks, student names, zips, HTML, feedback, library calls.

- preflight never raises, and whatever it lets through survives nbgrader's own sanitize steps (ClearOutput,
  DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata, run here directly with the week's
  template gradebook), proven on the malformed cases of the issue and on a fuzz of generated variants;
- student ids are unique, stable and safe folder names, in the three layouts; zips are bounded before
  anything is unpacked;
- `SanitizeNotebook` leaves no live script in the pages nbconvert makes (the only scripts are the ones
  nbconvert puts in a page of a blank notebook), keeps ordinary markdown as it is, and is idempotent;
- feedback shows test verdicts and written answers, no output of student code, no hidden test line in
  any of the simple encodings;
- `library_calls` names a graded function that calls the library's own implementation.
"""
from __future__ import annotations

import base64
import copy
import io
import json
import random
import shutil
import struct
import sys
import types
import unicodedata
import zipfile
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from grader import preflight as pf
from grader import scan, submissions
from grader.course import build_template, hidden_lines
from grader.feedback import HideHiddenTests, find_leaks, split_hidden
from grader.sanitize import (SanitizeNotebook, clean_html, page_problems, page_scripts, sanitize_html_page,
                             sanitize_markdown, sanitize_notebook)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "source"
TINY = "week00_tiny"

pytestmark = [pytest.mark.xdist_group("intake")]


# --- fixtures and helpers -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_template(TINY, tmp_path_factory.mktemp("tiny"), FIXTURES)


@pytest.fixture(scope="module")
def week01(tmp_path_factory):
    if not (ROOT / "source" / "week01_perceptron").is_dir():
        pytest.skip("no week01_perceptron in source/")
    return build_template("week01_perceptron", tmp_path_factory.mktemp("week01"))


def _release_json(tpl) -> dict:
    return json.loads(Path(tpl.release).read_text())


def _write(tmp_path, data, name="nb.ipynb") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def nbgrader_sanitize(nb, tpl, tmp_path):
    """nbgrader's autograde sanitize steps, as the worker configures them, on a copy of the template gradebook."""
    from nbgrader.nbgraderformat import MetadataValidator
    from nbgrader.preprocessors import (CheckCellMetadata, ClearOutput, DeduplicateIds, OverwriteCells,
                                        OverwriteKernelspec)

    db = tmp_path / "gradebook.db"
    if not db.exists():
        shutil.copyfile(tpl.gradebook, db)
    resources = {"nbgrader": {"notebook": tpl.notebook, "assignment": tpl.week, "student": "s",
                              "db_url": f"sqlite:///{db}"}}
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)  # as nbgrader reads the file the worker wrote

    def drop_empty(nb, resources):  # grader.execute.DropEmptyNbgraderMetadata
        for cell in nb.cells:
            if "nbgrader" in cell.metadata and not cell.metadata.nbgrader.get("grade_id"):
                del cell.metadata["nbgrader"]
        return nb, resources

    steps = [ClearOutput().preprocess, DeduplicateIds().preprocess, drop_empty, OverwriteKernelspec().preprocess,
             OverwriteCells(add_missing_cells=True).preprocess, CheckCellMetadata().preprocess]
    for step in steps:
        nb, resources = step(nb, resources)
    nb = nbformat.reads(nbformat.writes(nb), as_version=4)  # nbgrader writes it, then autogrades that file
    nbformat.validate(nb)
    MetadataValidator().validate_nb(nb)
    return nb


def _exporter(template="feedback", sanitize=True):
    import nbgrader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    base = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader"
    c = Config()
    c.HTMLExporter.template_name = template
    c.HTMLExporter.sanitize_html = sanitize
    if template == "feedback":  # as nbgrader's GenerateFeedback sets it up
        c.HTMLExporter.extra_template_basedirs = [str(base / "templates")]
        c.HTMLExporter.extra_template_paths = [str(base / "static" / "node_modules" / "bootstrap" / "dist" / "css")]
    return HTMLExporter(config=c)


def export(nb, template="feedback", sanitize=True) -> str:
    resources = {"nbgrader": {"notebook": "tiny", "score": 1.0, "max_score": 5.0, "late_penalty": 0}}
    nb = copy.deepcopy(nb)
    for cell in nb.cells:  # what nbgrader's GetGrades adds before the export
        if cell.metadata.get("nbgrader", {}).get("grade"):
            cell.metadata.nbgrader.setdefault("score", 0.0)
    html, _ = _exporter(template, sanitize).from_notebook_node(nb, resources=resources)
    return html


_ALLOWED: dict = {}


def allowed_scripts(template="feedback", sanitize=True) -> set:
    """The scripts nbconvert itself puts in a page (those of a blank notebook's page), exactly."""
    key = (template, sanitize)
    if key not in _ALLOWED:
        blank = new_notebook(cells=[new_markdown_cell("x"), new_code_cell("1")],
                             metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}, "language_info": {"name": "python"}})
        _ALLOWED[key] = set(page_scripts(export(blank, template, sanitize)))
    return _ALLOWED[key]


# --- A.1 malformed notebooks -----------------------------------------------------------------------------------

def _cell(data, gid):
    for cell in data["cells"]:
        if isinstance(cell, dict) and cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid:
            return cell
    raise KeyError(gid)


def _set(gid, key, value):
    def change(data):
        _cell(data, gid)["metadata"]["nbgrader"][key] = value
    return change


def _cellset(gid, key, value):
    def change(data):
        _cell(data, gid)[key] = value
    return change


def _cellpop(gid, key):
    def change(data):
        _cell(data, gid).pop(key)
    return change


def _meta(gid, value):
    def change(data):
        _cell(data, gid)["metadata"]["nbgrader"] = value
    return change


# (change to the release notebook, a phrase of the note it gives)
MALFORMED = {
    "nbgrader metadata is a string": (_meta("answer_step", "oops"), "nbgrader metadata is text"),
    "nbgrader metadata is a list": (_meta("test_step", [1, 2]), "nbgrader metadata is a list"),
    "grade id is a number": (_set("answer_relu", "grade_id", 3), "grade id 3 is a number"),
    "points is a string": (_set("test_step", "points", "lots"), "points 'lots'"),
    "points is negative": (_set("test_relu", "points", -5), "points -5"),
    "points is NaN": (_set("test_relu", "points", float("nan")), "points nan"),
    "points is huge": (_set("test_relu", "points", 1e308), "points 1e+308"),
    "grade is a string": (_set("test_step", "grade", "yes"), "grade 'yes'"),
    "locked flipped": (_set("test_step", "locked", False), "locked False"),
    "solution on a test": (_set("test_step", "solution", True), "solution True"),
    "cells hold a number": (lambda d: d["cells"].insert(1, 42), "is a number, not a cell"),
    "cells hold a string": (lambda d: d["cells"].insert(1, "cell"), "is text, not a cell"),
    "cells hold null": (lambda d: d["cells"].append(None), "is null, not a cell"),
    "source is a number": (_cellset("answer_step", "source", 12), "source is a number"),
    "source is a dict": (_cellset("answer_relu", "source", {"a": 1}), "source is an object"),
    "source is a list of numbers": (_cellset("answer_relu", "source", [1, 2]), "source is a list"),
    "cell_type missing": (_cellpop("answer_step", "cell_type"), "answer_step was cell type None"),
    "cell_type unknown": (_cellset("answer_step", "cell_type", "python"), "answer_step was cell type 'python'"),
    "test cell made markdown": (_cellset("test_step", "cell_type", "markdown"), "test_step was a markdown cell"),
    "written answer made code": (_cellset("why_relu", "cell_type", "code"), "why_relu was a code cell"),
    "unknown grade id": (_set("md_02", "grade_id", "not_in_the_template"), "unknown grade ids"),
    "grade id with a slash": (_set("md_02", "grade_id", "../x"), "unknown grade ids"),
    "metadata is a list": (_cellset("md_01", "metadata", []), "metadata is a list"),
    "nbgrader cell without grade id": (lambda d: d["cells"].append(
        {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "points": 3, "solution": False,
                                                        "locked": True}}, "source": "x", "outputs": []}),
        "nbgrader cell without a grade id"),
    "duplicated test cell": (lambda d: d["cells"].append(copy.deepcopy(_cell(d, "test_relu"))),
                             "test cell test_relu appears 2 times"),
    "outputs are garbage": (lambda d: _cell(d, "answer_step").update(outputs=[1, {"output_type": "x"}]), None),
    "attachments are garbage": (lambda d: _cell(d, "why_relu").update(attachments={"a.png": 5}), None),
    "lone surrogate": (_cellset("answer_step", "source", "def step(z):\n    return '\ud800'\n"), None),
    "cell id invalid and duplicated": (lambda d: [c.update(id="bad id!") for c in d["cells"][:3]], None),
    "nbformat missing": (lambda d: d.pop("nbformat"), "does not say its format version"),
    "test cell deleted": (lambda d: d["cells"].remove(_cell(d, "test_relu")), "test cell test_relu deleted"),
    "written answer deleted": (lambda d: d["cells"].remove(_cell(d, "why_relu")), "written answer why_relu deleted"),
    "everything deleted": (lambda d: d["cells"].clear(), "test cell test_step deleted"),
}


def test_nbgrader_alone_fails_on_a_deleted_written_answer(tiny, tmp_path):
    """Why preflight puts deleted graded cells back itself: nbgrader's add_missing_cells raises KeyError when
    the cell before the missing one in the source is an ordinary locked cell (here the question md_03)."""
    nb = nbformat.read(str(tiny.release), as_version=4)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "why_relu"]
    with pytest.raises(KeyError):
        nbgrader_sanitize(nb, tiny, tmp_path)


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_notebook_is_repaired_with_a_note(case, tiny, tmp_path):
    change, phrase = MALFORMED[case]
    data = _release_json(tiny)
    change(data)
    check = pf.preflight(_write(tmp_path, data), tiny)
    assert check.fatal is None, check.fatal
    if phrase:
        assert any(phrase in note for note in check.notes), check.notes
    graded = nbgrader_sanitize(check.nb, tiny, tmp_path)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in graded.cells if "nbgrader" in c.metadata]
    assert sorted(set(ids)) == sorted(set(ids) & set(tiny.grade_ids)) and len(ids) == len(set(ids))
    # the test cells are there (re-added if needed) with the template's points
    points = {c.metadata.nbgrader["grade_id"]: c.metadata.nbgrader.get("points") for c in graded.cells
              if "nbgrader" in c.metadata and c.metadata.nbgrader.get("grade")}
    assert points == {q.grade_id: q.points for q in tiny.questions}


def test_changed_grading_metadata_is_flagged(tiny, tmp_path):
    data = _release_json(tiny)
    _set("test_step", "points", 100)(data)
    check = pf.preflight(_write(tmp_path, data), tiny)
    assert "edited nbgrader metadata of test_step" in check.flags
    assert [c.metadata.nbgrader["points"] for c in check.nb.cells
            if c.metadata.get("nbgrader", {}).get("grade_id") == "test_step"] == [2]


@pytest.mark.parametrize("text, phrase", [
    ("[1, 2]", "not a Jupyter notebook"),
    ("\x00\x01", "not valid JSON"),
    ('{"cells": [], "nbformat": 99}', "not a readable notebook"),
    ('{"cells": [], "nbformat": 3}', "nbformat version 3"),
    ('{"cells": [], "nbformat": "4"}', "nbformat version '4'"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ('{"cells": [], "x": ' + "9" * 5000 + "}", "not valid JSON"),
    ("", "empty file"),
])
def test_unreadable_files_are_fatal_with_a_reason(text, phrase, tiny, tmp_path):
    check = pf.preflight(_write(tmp_path, text), tiny)
    assert phrase in (check.fatal or ""), check.fatal
    assert check.nb is None


def test_limits_and_encodings(tiny, tmp_path, monkeypatch):
    data = _release_json(tiny)
    raw = json.dumps(data).encode("utf-8")
    path = tmp_path / "bom.ipynb"
    path.write_bytes(b"\xef\xbb\xbf" + raw)  # a byte-order mark is accepted
    assert pf.preflight(path, tiny).fatal is None
    path.write_bytes(raw.replace(b"{", b"\xff{", 1))
    assert "not UTF-8" in pf.preflight(path, tiny).fatal
    big = copy.deepcopy(data)
    _cell(big, "answer_step")["source"] = "x = 1\n" * (pf.MAX_SOURCE // 5)
    assert "MB of text" in pf.preflight(_write(tmp_path, big), tiny).fatal
    monkeypatch.setattr(pf, "MAX_CELLS", 5)
    assert "cells, more than 5" in pf.preflight(_write(tmp_path, data), tiny).fatal
    assert "cannot read" in pf.preflight(tmp_path / "missing.ipynb", tiny).fatal


def test_write_clean_gives_the_file_the_worker_grades(tiny, tmp_path):
    data = _release_json(tiny)
    _cell(data, "answer_relu")["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x" * 1000}]
    _meta("answer_step", "oops")(data)
    check = pf.preflight(_write(tmp_path, data), tiny)
    out = pf.write_clean(check, tmp_path / "clean.ipynb")
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    nb = nbformat.read(str(out), as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells)
    assert nb.metadata.kernelspec == nbformat.read(str(tiny.release), as_version=4).metadata.kernelspec
    with pytest.raises(ValueError):
        pf.write_clean(pf.Preflight(fatal="empty file"), tmp_path / "x.ipynb")


# The fuzz: every nbgrader field, every cell key, swapped for values of every JSON type (and unicode, huge and
# deeply nested ones), keys dropped, cells dropped, duplicated, moved and replaced by junk.
JUNK = [None, True, False, 0, -1, 3.5, 1e308, float("nan"), float("inf"), "", "oops", "ünïcødé 🚀 \u202e", "\ud800",
        "x" * 100_000, "../../etc/passwd", "<script>alert(1)</script>", [], [1, "a", None], {}, {"a": {"b": [1]}}]
NB_FIELDS = ["grade", "solution", "locked", "points", "grade_id", "schema_version", "checksum", "cell_type", "task"]
CELL_KEYS = ["cell_type", "source", "metadata", "outputs", "execution_count", "id", "attachments"]


def _deep(depth: int):
    value: object = "deep"
    for _ in range(depth):
        value = [value]
    return value


def mutate(data: dict, rng: random.Random) -> dict:
    data = copy.deepcopy(data)
    cells = data["cells"]
    junk = JUNK + [_deep(rng.choice([50, 400]))]
    for _ in range(rng.randint(1, 4)):
        if not cells:
            cells.append({"cell_type": "code", "source": "", "metadata": {}, "outputs": []})
        i = rng.randrange(len(cells))
        cell = cells[i]
        op = rng.randrange(9)
        if not isinstance(cell, dict):
            op = 4
        if op == 0 and isinstance(cell.get("metadata"), dict):      # an nbgrader field swapped or dropped
            nbg = cell["metadata"].setdefault("nbgrader", {})
            if isinstance(nbg, dict):
                key = rng.choice(NB_FIELDS)
                if rng.random() < 0.2:
                    nbg.pop(key, None)
                else:
                    nbg[key] = rng.choice(junk)
        elif op == 1 and isinstance(cell.get("metadata"), dict):    # the nbgrader metadata itself
            cell["metadata"]["nbgrader"] = rng.choice(junk)
        elif op == 2:                                               # a cell key swapped
            cell[rng.choice(CELL_KEYS)] = rng.choice(junk)
        elif op == 3:                                               # a cell key dropped
            cell.pop(rng.choice(CELL_KEYS), None)
        elif op == 4:                                               # the cell replaced
            cells[i] = rng.choice(junk)
        elif op == 5:                                               # duplicated somewhere else
            cells.insert(rng.randrange(len(cells) + 1), copy.deepcopy(cell))
        elif op == 6:                                               # moved
            cells.insert(rng.randrange(len(cells)), cells.pop(i))
        elif op == 7:                                               # dropped
            cells.pop(i)
        else:                                                       # outputs and attachments
            cell["outputs"] = [rng.choice(junk), {"output_type": rng.choice(["stream", "error", "display_data"]),
                                                  "data": rng.choice(junk), "text": rng.choice(junk)}]
            cell["attachments"] = {"a.png": rng.choice(junk)}
    if rng.random() < 0.1:
        data["metadata"] = rng.choice(junk)
    return data


@pytest.mark.slow
@pytest.mark.parametrize("which, count", [("tiny", 80), ("week01", 20)])
def test_fuzz_preflight_never_raises_and_nbgrader_accepts_what_it_lets_through(which, count, request, tmp_path):
    tpl = request.getfixturevalue(which)
    base = _release_json(tpl)
    rng = random.Random(20260)
    passed = 0
    for n in range(count):
        data = mutate(base, rng)
        path = tmp_path / "fuzz.ipynb"
        path.write_text(json.dumps(data))  # NaN and Infinity too: Python's json reads them back
        check = pf.preflight(path, tpl)
        assert not (check.fatal or "").startswith("cannot check"), (n, check.fatal)  # no unexpected exception
        if check.fatal:
            assert "\n" not in check.fatal and len(check.fatal) < 300
            continue
        assert all("\n" not in note and len(note) < 400 for note in check.notes), check.notes
        graded = nbgrader_sanitize(check.nb, tpl, tmp_path)
        scan.scan_notebook(check.nb, tpl)
        if n % 10 == 0:  # and the pages render
            sanitize_notebook(graded)
            export(graded)
        passed += 1
    assert passed > count // 2


# --- A.2 student names ---------------------------------------------------------------------------------------

NAMES = ["müller", "möller", "muller", "MÜLLER", "Müller", "mu\u0308ller", "a/b", "a\\b", "..", ".", "", "ann b",
         "ann_b", "ann 😀", "ann", "😀", "Zoë Ångström", "José", "李雷", "अनिल", "x" * 300, "ann\nb", "ann.",
         "-rf", "*", "a?b[c]"]


def _safe_folder_name(sid: str) -> bool:
    return (sid not in ("", ".", "..") and "/" not in sid and "\\" not in sid and len(sid.encode()) <= 200
            and not sid.startswith((".", "-")) and all(unicodedata.category(c)[0] != "C" for c in sid)
            and not any(c in sid for c in "*?[]"))


def test_student_ids_are_unique_stable_and_safe():
    ids = submissions.assign_ids(NAMES)
    assert len({i.casefold() for i in ids}) == len(ids), ids
    assert all(_safe_folder_name(i) for i in ids), ids
    by_name = dict(zip(NAMES, ids))
    assert by_name["müller"] != by_name["möller"] != by_name["muller"]
    assert by_name["muller"] == "muller" and by_name["möller"] == "möller" and by_name["José"] == "José"
    assert by_name["李雷"] == "李雷" and by_name["अनिल"] == "अनिल"
    assert by_name["ann"] == "ann" and by_name["ann 😀"].startswith("ann-")
    assert by_name["ann_b"] == "ann_b" and by_name["ann b"].startswith("ann_b-")
    assert by_name["a/b"].startswith("a_b-") and by_name[".."].startswith("student-")
    assert by_name["mu\u0308ller"].startswith("müller-") and by_name["mu\u0308ller"] != by_name["müller"]
    # stable: the same names, in another order, give the same ids
    shuffled = NAMES[::-1]
    assert dict(zip(shuffled, submissions.assign_ids(shuffled))) == by_name
    assert submissions.student_id("müller") == "müller" and submissions.student_id("a b") == "a_b"
    assert submissions.student_id("..") == submissions.student_id("..") != submissions.student_id(".")


LAYOUT_NAMES = ["müller", "möller", "muller", "MÜLLER", "a b", "a_b", "ann 😀", "ann", "😀", "Zoë", "a\\b", "...",
                ".."]


def _nb_text() -> str:
    return nbformat.writes(new_notebook(cells=[new_code_cell("1")]))


def test_names_in_all_three_layouts(tmp_path):
    text = _nb_text()
    course = tmp_path / "course" / "submitted"
    flat = tmp_path / "flat"
    flat.mkdir()
    archive = tmp_path / "class.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in LAYOUT_NAMES:
            if name != "..":  # not a folder name
                (course / name / TINY).mkdir(parents=True)
                (course / name / TINY / "tiny.ipynb").write_text(text)
            (flat / f"{name}.ipynb").write_text(text)
            if "\\" not in name:
                zf.writestr(f"export/{name}.ipynb", text)
        zf.writestr("__MACOSX/export/._ann.ipynb", "junk")
        zf.writestr("export/._ann.ipynb", "junk")
        zf.writestr("export/.ipynb_checkpoints/ann-checkpoint.ipynb", text)
    (flat / "._ann.ipynb").write_text("junk")
    layouts = {"nbgrader": submissions.collect(tmp_path / "course", TINY, "tiny", tmp_path / "w1"),
               "flat": submissions.collect(flat, TINY, "tiny", tmp_path / "w2"),
               "zip": submissions.collect(archive, TINY, "tiny", tmp_path / "w3")}
    expected = dict(zip(LAYOUT_NAMES, submissions.assign_ids(LAYOUT_NAMES)))
    for layout, subs in layouts.items():
        ids = [s.student for s in subs]
        assert len({i.casefold() for i in ids}) == len(ids), (layout, ids)
        assert all(_safe_folder_name(i) for i in ids), (layout, ids)
        assert all(s.path is not None and s.problem is None for s in subs), layout
        originals = {s.original: s.student for s in subs}
        names = [n for n in LAYOUT_NAMES if (layout != "zip" or "\\" not in n) and (layout != "nbgrader" or n != "..")]
        assert sorted(originals) == sorted(names), layout
        assert originals == dict(zip(names, submissions.assign_ids(names))), layout
        if layout == "flat":
            assert originals == expected
    zipped = {s.original: s.student for s in layouts["zip"]}
    assert zipped["müller"] == expected["müller"] and zipped["ann 😀"] == expected["ann 😀"]


def test_decomposed_and_composed_names_do_not_merge(tmp_path):
    text = _nb_text()
    for name in ("müller", "mu\u0308ller"):  # two folders on Linux; the same name to a reader
        (tmp_path / "submitted" / name / TINY).mkdir(parents=True)
        (tmp_path / "submitted" / name / TINY / "tiny.ipynb").write_text(text)
    subs = {s.original: s.student for s in submissions.collect(tmp_path, TINY, "tiny", tmp_path / "w")}
    assert subs["müller"] == "müller" and subs["mu\u0308ller"].startswith("müller-")  # NFC, with its own hash


# --- A.3 zips --------------------------------------------------------------------------------------------------

def _zip_bytes(members: dict, method=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _patch_declared_size(data: bytes, member: str, size: int) -> bytes:
    """Change the uncompressed size a zip's central directory declares for `member` (nothing else)."""
    data = bytearray(data)
    pos = 0
    while True:
        pos = data.index(b"PK\x01\x02", pos)
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46: pos + 46 + name_len]).decode() == member:
            struct.pack_into("<I", data, pos + 24, size)
            return bytes(data)
        pos += 4


def test_zip_declaring_too_much_is_refused_before_unpacking(tmp_path):
    text = _nb_text()
    data = _patch_declared_size(_zip_bytes({"a.ipynb": text, "b.ipynb": text}), "b.ipynb", 3 * 2**30)
    archive = tmp_path / "big.zip"
    archive.write_bytes(data)
    with pytest.raises(SystemExit, match="unpacks to 3.0 GiB"):
        submissions.collect(archive, TINY, "tiny", tmp_path / "w")
    assert not any((tmp_path / "w").rglob("*.ipynb"))


def test_zip_with_too_many_members_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(submissions, "MAX_MEMBERS", 10)
    archive = tmp_path / "many.zip"
    archive.write_bytes(_zip_bytes({f"s{i}.ipynb": "{}" for i in range(11)}))
    with pytest.raises(SystemExit, match="11 files in the zip, more than 10"):
        submissions.collect(archive, TINY, "tiny", tmp_path / "w")


def test_zip_bomb_and_broken_members_are_skipped_with_a_reason(tmp_path, monkeypatch):
    text = _nb_text()
    bomb = b"{" + b" " * (20 * 2**20) + b"}"       # 20 MB that deflate to about 20 kB: 1000x
    members = {"good.ipynb": text, "bomb.ipynb": bomb, "liar.ipynb": text + " " * 5000,
               "sub/dir\\win.ipynb": text, "notes.txt": "x"}
    data = _zip_bytes(members)
    data = _patch_declared_size(data, "liar.ipynb", 100)   # says 100 bytes, holds more
    assert len(data) < 2**20                               # a small file on disk
    archive = tmp_path / "class.zip"
    archive.write_bytes(data)
    subs = {s.original: s for s in submissions.collect(archive, TINY, "tiny", tmp_path / "w")}
    assert sorted(subs) == ["bomb", "good", "liar", "win"]
    assert subs["good"].path is not None and subs["win"].path is not None
    assert subs["bomb"].path is None and "zip bomb" in subs["bomb"].problem
    assert subs["liar"].path is None and "damaged" in subs["liar"].problem
    unpacked = sum(p.stat().st_size for p in (tmp_path / "w").rglob("*") if p.is_file())
    assert unpacked <= 2 * len(text)
    # a member larger than the per-file limit is not read at all
    monkeypatch.setattr(submissions, "MAX_MEMBER", 1000)
    archive.write_bytes(_zip_bytes({"large.ipynb": text + " " * 2000}))
    (sub,) = submissions.collect(archive, TINY, "tiny", tmp_path / "w2")
    assert sub.path is None and "file too large" in sub.problem


def test_zip_member_names_written_without_the_utf8_flag(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("müller.ipynb")
        zf.writestr(info, _nb_text())
    data = buf.getvalue()
    # rewrite as a tool that stores UTF-8 names without setting the flag (macOS Archive Utility does)
    data = data.replace(struct.pack("<H", 0x800), struct.pack("<H", 0))
    archive = tmp_path / "mac.zip"
    archive.write_bytes(data)
    (sub,) = submissions.collect(archive, TINY, "tiny", tmp_path / "w")
    assert sub.original == "müller" and sub.student == "müller"


# --- B.1 safe pages ------------------------------------------------------------------------------------------

PNG = base64.b64encode(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                     "1f15c4890000000d49444154789c6360000000000500010d0a2db40000000049454e44ae426082"
                                     )).decode()
ATTACKS_MD = [
    "<script>alert('md-script')</script>",
    "<img src=x onerror=alert('img-onerror')>",
    "<body onload=alert('body-onload')>",
    "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>",
    "<a href=\"javascript:alert('a-js')\">click</a>",
    "[md link](javascript:alert('md-js'))",
    "<javascript:alert('autolink')>",
    "<a href='jav&#x61;script:alert(1)'>entity</a>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<svg onload=alert('svg-onload')></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('math')>",
    "<style>@import url(https://evil.example/x.css); body {background: url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<object data=\"javascript:alert('object')\"></object><embed src=\"javascript:alert('embed')\">",
    "<form action=\"javascript:alert('form')\"><button>go</button></form>",
    "<div onmouseover=alert('div')\nx\n\nstill *markdown*",
    "<details open ontoggle=alert('details')>",
    "![remote](http://evil.example/track.png) <img src=//evil.example/x.png>",
    "<img src=\"data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=\">",
    "<base href=\"javascript:alert('base')//\">",
]
ORDINARY_MD = ("# A heading\n\nSome *ordinary* markdown with `code < 1`, $x^2 < y$ and a "
               "[link](https://example.org).\n\n"
               "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [ ] a task\n- item\n\n```python\nprint('hi')\n```\n\n> a quote\n\n"
               f"![plot](data:image/png;base64,{PNG}) ![local](figures/plot.png) <b>bold</b> <sub>2</sub>")


def attack_notebook(valid: bool = False) -> nbformat.NotebookNode:
    """Every payload of the issue; `valid`: without the update_display_data output (not valid nbformat, which
    nbconvert refuses to export)."""
    cells = [new_markdown_cell(ORDINARY_MD)]
    cells += [new_markdown_cell(a) for a in ATTACKS_MD]
    answer = new_markdown_cell("My written answer. " + " ".join(ATTACKS_MD[:6]))
    answer.metadata["nbgrader"] = {"grade": True, "solution": True, "locked": False, "points": 1,
                                   "grade_id": "why_relu", "schema_version": 3, "task": False}
    cells.append(answer)
    att = new_markdown_cell("![a](attachment:evil.svg) ![c](attachment:ok.png)" +
                            ("" if valid else " ![b](attachment:missing.png)"))  # nbconvert fails on that one
    att["attachments"] = {"evil.svg": {"image/svg+xml": base64.b64encode(
        b"<svg onload=alert('att')><script>alert('att')</script></svg>").decode()},
        "ok.png": {"image/png": PNG, "text/html": "<script>alert('att-html')</script>"}}
    cells.append(att)
    code = new_code_cell("display(...)", outputs=[
        new_output("display_data", data={"application/javascript": "alert('js-output')", "text/plain": "<JS>"}),
        new_output("display_data", data={"text/html": "<img src=x onerror=alert('html-out')><script>alert(2)</script>"
                                                      "<p>kept html</p>"}),
        new_output("display_data", data={"image/svg+xml": "<svg onload=alert('svg-out')><script>alert(3)</script>"
                                                          "</svg>"}),
        new_output("display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "m1"},
                                         "text/plain": "Widget"}),
        new_output("display_data", data={"application/vnd.bokehjs_exec.v0+json": "", "text/html": "<div id=x></div>"
                                         "<script>alert('bokeh')</script>"}),
        new_output("display_data", data={"text/markdown": "[md out](javascript:alert('md-out'))"}),
        new_output("display_data", data={"text/html": "<b>isolated</b><script>alert('iso')</script>"},
                   metadata={"text/html": {"isolated": True}}),
        new_output("display_data", data={"image/png": PNG},
                   metadata={"image/png": {"width": "1 onerror=alert('width')", "height": 10}}),
        new_output("execute_result", data={"text/html": "<a href=\"javascript:alert('result')\">r</a>"},
                   execution_count=3),
        new_output("stream", name="stdout", text="<script>alert('stream')</script> printed text\n"),
        new_output("error", ename="ValueError", evalue="<img src=x onerror=alert('err')>",
                   traceback=["<script>alert('tb')</script>"]),
    ])
    if not valid:
        code.outputs.append(nbformat.from_dict({"output_type": "update_display_data", "metadata": {},
                                                "data": {"text/html": "<script>alert('update')</script>"},
                                                "transient": {"display_id": "d1"}}))
    code.metadata["tags"] = ["ok-tag", "x\" onmouseover=\"alert('tag')"]
    raw = new_raw_cell("<script>alert('raw')</script>")
    raw.metadata["raw_mimetype"] = "text/html"
    cells += [code, raw]
    return nbformat.from_dict({"nbformat": 4, "nbformat_minor": 5, "cells": cells, "metadata": {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}}})


@pytest.mark.parametrize("template, sanitize", [("feedback", True), ("feedback", False), ("lab", False),
                                                ("classic", False)])
def test_no_live_script_in_the_exported_page(template, sanitize):
    nb = sanitize_notebook(attack_notebook())
    page = export(nb, template, sanitize)
    assert page_problems(page, allowed_scripts(template, sanitize)) == []
    assert "alert(" not in "".join(page_scripts(page))
    for kept in ("My written answer", "kept html", "printed text", "<em>ordinary</em>", "still <em>markdown</em>",
                 "A heading"):
        assert kept in page, kept
    assert f"data:image/png;base64,{PNG}" in page


def test_the_unsanitized_attack_page_is_caught_by_the_audit():
    """The audit itself works: without SanitizeNotebook the same notebook gives a page with live scripts."""
    page = export(attack_notebook(valid=True), "lab", False)
    problems = " ".join(page_problems(page, allowed_scripts("lab", False)))
    for phrase in ("onerror", "javascript:", "<iframe>", "script"):
        assert phrase in problems, phrase


def test_sanitizing_is_idempotent_and_keeps_ordinary_markdown():
    once = sanitize_notebook(attack_notebook())
    twice = sanitize_notebook(copy.deepcopy(once))
    assert nbformat.writes(once) == nbformat.writes(twice)
    assert once.cells[0].source == ORDINARY_MD
    nbformat.validate(once)
    for text in ATTACKS_MD + [ORDINARY_MD, "text with javascript: in prose", "YOUR ANSWER HERE"]:
        assert sanitize_markdown(sanitize_markdown(text)) == sanitize_markdown(text), text
        assert clean_html(clean_html(text)) == clean_html(text)


def test_release_markdown_is_left_as_it_is():
    """Every markdown cell the course ships renders clean, so the sanitizer changes none of them."""
    weeks = sorted((ROOT / "release").glob("week*/*.ipynb")) + [FIXTURES / TINY / "tiny.ipynb"]
    assert weeks
    for path in weeks:
        nb = nbformat.read(str(path), as_version=4)
        before = [c.source for c in nb.cells if c.cell_type == "markdown"]
        after = [c.source for c in sanitize_notebook(nb).cells if c.cell_type == "markdown"]
        changed = [b[:80] for b, a in zip(before, after) if a != b]
        assert changed == [], (path.name, changed)


def test_sanitize_notebook_is_an_nbgrader_preprocessor():
    nb, resources = SanitizeNotebook().preprocess(attack_notebook(), {})
    kinds = [o.output_type for o in nb.cells[-2].outputs]
    assert "update_display_data" not in kinds
    mimes = {m for o in nb.cells[-2].outputs for m in o.get("data", {})}
    assert mimes <= {"text/plain", "text/html", "text/markdown", "image/png"}
    assert nb.cells[-1].source == "" and "widgets" not in nb.metadata
    assert nb.cells[-3].attachments["evil.svg"] != {} and "image/svg+xml" not in nb.cells[-3].attachments["evil.svg"]
    assert "missing.png" in nb.cells[-3].attachments


def test_page_level_pass_keeps_the_page_and_drops_scripts():
    page = export(attack_notebook(valid=True), "feedback", True)
    clean = sanitize_html_page(page)
    assert page_problems(clean, allowed_scripts("feedback", True)) == []
    head = page[:page.index("<body")]
    assert clean.startswith(head)  # nbconvert's own <style> and MathJax stay
    assert "<style" in head and "Score: 1.0 / 5.0" in clean and "kept html" in clean


# --- B.2 feedback ----------------------------------------------------------------------------------------------

def _autograded_like(hidden_output=None, student_prints=(), test_prints=()):
    """The tiny source notebook (full test sources with hidden tests) with outputs as the executor leaves them."""
    nb = nbformat.read(str(FIXTURES / TINY / "tiny.ipynb"), as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    step = by_id["test_step"]
    step.outputs = [new_output("stream", name="stdout", text="step: 1/1 checks passed\n"),
                    new_output("stream", name="stderr", text="STDERR-MARKER " + step.source.splitlines()[-2] + "\n")]
    step.outputs += [hidden_output] if hidden_output is not None else []
    step.outputs += [new_output("stream", name="stdout", text=t) for t in test_prints]
    relu = by_id["test_relu"]
    relu.outputs = [new_output("stream", name="stdout", text="relu: check 1/1 failed: mixed signs\n"),
                    new_output("error", ename="CheckFailed", evalue="relu: check 1/1 failed: mixed signs",
                               traceback=["Cell In[7], line 1 TB-MARKER", relu.source])]
    student = [c for c in nb.cells if c.cell_type == "code" and "nbgrader" not in c.metadata][0]
    student.outputs = [new_output("stream", name="stdout", text=t) for t in student_prints]
    student.outputs.append(new_output("display_data", data={"text/html": "<b>STUDENT-DISPLAY</b>"}))
    by_id["setup"].outputs = [new_output("stream", name="stdout", text="SETUP-OUTPUT\n")]
    by_id["answer_step"].outputs = [new_output("stream", name="stdout", text="ANSWER-OUTPUT\n")]
    by_id["why_relu"].source = "My answer: <img src=x onerror=alert(1)> one comparison."
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade"):
            c.metadata.nbgrader["score"] = 0.0
    return nb


def _hidden_lines():
    nb = nbformat.read(str(FIXTURES / TINY / "tiny.ipynb"), as_version=4)
    return [line for c in nb.cells for line in hidden_lines(c.source)]


def _feedback_page(nb) -> str:
    nb, _ = HideHiddenTests().preprocess(nb, {})
    nb, _ = SanitizeNotebook().preprocess(nb, {})
    return export(nb, "feedback", True)


def _encodings(line: str) -> list[str]:
    import codecs
    data = line.encode()
    return [line, line[::-1], base64.b64encode(data).decode(), base64.b64encode(data[::-1]).decode(),
            data.hex(), codecs.encode(line, "rot13")]


def test_feedback_shows_verdicts_and_answers_and_no_student_output():
    hidden = new_output("error", ename="HiddenTestFailed", evalue="assert _s.shape == (2, 2) failed",
                        traceback=_hidden_lines())
    lines = _hidden_lines()
    informative = [line.strip() for line in lines if len(line.strip()) >= 8]
    prints = [f"{enc}\n" for line in informative for enc in _encodings(line)]
    page = _feedback_page(_autograded_like(hidden, student_prints=prints))
    assert find_leaks(page, lines) == []
    for line in informative:
        for enc in _encodings(line)[1:]:
            assert enc not in page, enc
    assert "hidden test failed: test_step" in page
    assert "step: 1/1 checks passed" in page and "relu: check 1/1 failed: mixed signs" in page
    assert "TB-MARKER" not in page and "STDERR-MARKER" not in page
    for marker in ("STUDENT-DISPLAY", "SETUP-OUTPUT", "ANSWER-OUTPUT"):
        assert marker not in page, marker
    assert "My answer:" in page and "one comparison" in page
    assert page_problems(page, allowed_scripts("feedback", True)) == []


def test_feedback_timeouts_and_the_old_traceback_heuristic():
    timeout = new_output("error", ename="CellTimeoutError", evalue="cell timed out", traceback=["..."])
    assert "test timed out: test_step" in _feedback_page(_autograded_like(timeout))
    source = nbformat.read(str(FIXTURES / TINY / "tiny.ipynb"), as_version=4)
    visible = split_hidden([c.source for c in source.cells if c.metadata.get("nbgrader", {}).get(
        "grade_id") == "test_step"][0])[2]
    old = new_output("error", ename="AssertionError", evalue="hidden: step on a 2-D batch near zero",
                     traceback=[f"Cell In[5], line {visible + 4}", "assert _s.shape == (2, 2)"])
    page = _feedback_page(_autograded_like(old))
    assert "hidden test failed: test_step" in page and "2-D batch" not in page


def test_feedback_last_guard_on_what_a_test_cell_printed():
    """Student code called by a test may print during the hidden part: encoded copies are caught too."""
    line = "_z = _np.array([[-3.5, 0.0], [1e-9, -1e-9]])"
    page = _feedback_page(_autograded_like(test_prints=[base64.b64encode(line.encode()).decode() + "\n",
                                                        line[::-1] + "\n"]))
    assert base64.b64encode(line.encode()).decode() not in page and line[::-1] not in page
    assert "it quoted hidden tests" in page


# --- C. library implementations of a graded function --------------------------------------------------------

OWN = {"tanh": ["numpy.tanh", "tensorflow.math.tanh", "tensorflow.nn.tanh", "tensorflow.tanh",
                "keras.activations.tanh", "keras.ops.tanh", "scipy.special.expit"],
       "softmax": ["tensorflow.nn.softmax", "tensorflow.math.softmax", "scipy.special.softmax",
                   "keras.activations.softmax", "keras.ops.softmax"]}


def _graded_nb(setup: str, answers: dict, extra: str = "") -> nbformat.NotebookNode:
    cells = [new_code_cell(setup)]
    cells[0].metadata["nbgrader"] = {"grade_id": "setup", "locked": True, "grade": False, "solution": False}
    for function, code in answers.items():
        cell = new_code_cell(code)
        cell.metadata["nbgrader"] = {"grade_id": f"answer_{function}", "solution": True, "grade": False,
                                     "locked": False}
        cells.append(cell)
    if extra:
        cells.append(new_code_cell(extra))
    return new_notebook(cells=cells)


@pytest.mark.parametrize("setup, answer, extra, phrase", [
    ("import numpy as np", "def tanh(z):\n    return np.tanh(z)", "", "tanh calls np.tanh (the library's own tanh)"),
    ("import tensorflow as tf", "def tanh(z):\n    return tf.tanh(z).numpy()", "", "tanh calls tf.tanh"),
    ("import tensorflow as tf", "def tanh(z):\n    return tf.math.tanh(z)", "", "tanh calls tf.math.tanh"),
    ("import tensorflow as tf", "def tanh(z):\n    return tf.keras.activations.tanh(z)", "",
     "tanh calls tf.keras.activations.tanh"),
    ("from keras import ops", "def tanh(z):\n    return ops.tanh(z)", "", "tanh calls ops.tanh"),
    ("import keras", "def tanh(z):\n    return keras.ops.tanh(z)", "", "tanh calls keras.ops.tanh"),
    ("import numpy as np", "def tanh(z):\n    return getattr(np, 'tanh')(z)", "", "getattr(np, 'tanh')"),
    ("import numpy as np", "def tanh(z):\n    return np.__dict__['tanh'](z)", "", "np.__dict__['tanh']"),
    ("import numpy", "def tanh(z):\n    f = numpy.tanh\n    return f(z)", "", "tanh calls numpy.tanh"),
    ("import numpy as np", "tanh = np.tanh", "", "tanh calls np.tanh"),
    ("import numpy as np", "def tanh(z):\n    return helper(z)", "def helper(z):\n    return np.tanh(z)",
     "tanh calls np.tanh (through helper)"),
    ("import numpy as np", "def tanh(z):\n    return act(z)", "act = np.tanh", "tanh calls act (the library's own "
                                                                               "tanh, numpy.tanh)"),
    ("import importlib", "def tanh(z):\n    return importlib.import_module('numpy').tanh(z)", "",
     "importlib.import_module('numpy').tanh"),
    ("import numpy as np\nfrom tensorflow import nn", "def softmax(z):\n    return nn.softmax(z).numpy()", "",
     "softmax calls nn.softmax (the library's own softmax)"),
    ("import tensorflow as tf", "def softmax(z):\n    return tf.nn.softmax(z)", "", "softmax calls tf.nn.softmax"),
    ("from scipy.special import softmax as sm", "def softmax(z):\n    return sm(z)", "",
     "softmax calls sm (the library's own softmax, scipy.special.softmax)"),
    ("", "import scipy.special\ndef softmax(z):\n    return scipy.special.softmax(z, axis=-1)", "",
     "softmax calls scipy.special.softmax"),
])
def test_library_calls_are_flagged(setup, answer, extra, phrase):
    function = "softmax" if "softmax" in answer else "tanh"
    nb = _graded_nb(setup, {function: answer}, extra)
    flags = scan.library_calls(nb, OWN)
    assert any(phrase in f and f.endswith("check it was written by hand") for f in flags), flags
    assert any(phrase in f for f in scan.scan_notebook(nb, tables=OWN))


@pytest.mark.parametrize("answers, extra", [
    ({"tanh": "def tanh(z):\n    e = np.exp(2 * z)\n    # not np.tanh(z)\n    return (e - 1) / (e + 1)"}, ""),
    ({"tanh": "def tanh(z):\n    '''like np.tanh'''\n    return 2 * sigmoid(2 * z) - 1"},
     "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))"),
    ({"softmax": "def softmax(z):\n    e = np.exp(z - z.max(axis=-1, keepdims=True))\n"
                 "    return e / e.sum(axis=-1, keepdims=True)",
      "tanh_grad": "def tanh_grad(z):\n    return 1 - np.tanh(z) ** 2"}, ""),   # tanh_grad may use np.tanh
    # a local variable named like a notebook-level alias or function is the function's own
    ({"tanh": "def tanh(z, f=None):\n    act = lambda v: (np.exp(2 * v) - 1) / (np.exp(2 * v) + 1)\n"
              "    helper = act\n    return helper(z)"},
     "act = np.tanh\ndef helper(z):\n    return np.tanh(z)"),
])
def test_hand_written_functions_are_not_flagged(answers, extra):
    nb = _graded_nb("import numpy as np\nfrom scipy.special import softmax", answers, extra)
    assert scan.library_calls(nb, OWN) == []


def test_own_work_table_comes_from_the_week_checks(monkeypatch):
    assert scan.own_work_table("week00_no_such_week") == {}
    fake = types.ModuleType("utils.checks.week99_fake")
    fake.OWN_WORK = {"tanh": ["numpy.tanh"]}
    monkeypatch.setitem(sys.modules, "utils.checks.week99_fake", fake)
    assert scan.own_work_table("week99_fake") == {"tanh": ["numpy.tanh"]}
    tpl = types.SimpleNamespace(week="week99_fake", locked_sources={}, release_code=set())
    nb = _graded_nb("import numpy as np", {"tanh": "def tanh(z):\n    return np.tanh(z)"})
    assert any("tanh calls np.tanh" in f for f in scan.scan_notebook(nb, tpl))
    for week in sorted(p.stem for p in (ROOT / "utils" / "checks").glob("week*.py")):
        table = scan.own_work_table(week)
        assert isinstance(table, dict) and all(isinstance(v, list) for v in table.values()), week


def test_tamper_scan_survives_odd_code():
    cells = [new_code_cell("x = 1\x00"), new_code_cell("(" * 5000 + ")" * 5000), new_code_cell("def f(:\n"),
             new_code_cell("import numpy as np\nnp.allclose = lambda *a: True")]
    flags = scan.scan_notebook(new_notebook(cells=cells))
    assert any("assigns np.allclose" in f for f in flags)


def test_reference_solutions_are_not_flagged():
    """The week's own solutions write every graded function by hand: no OWN_WORK flag (else the table is wrong)."""
    for path in sorted((ROOT / "source").glob("week*/*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        assert scan.library_calls(nb, scan.own_work_table(path.parent.name)) == [], path.parent.name
