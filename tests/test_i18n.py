"""The translation catalogues (tools/i18n.py): every catalogue complete and current, and the checks that say so
catch a changed English cell (stale), a new one (missing), a deleted one (orphan) and a broken entry."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import nbformat
import pytest

import re

from conftest import KO_WEEKS, RELEASE, ROOT, WEEKS, notebook_path


def _tool():
    spec = importlib.util.spec_from_file_location("dlf_i18n", ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


I18N = _tool()
KOREAN = I18N.weeks_with("ko")


def test_every_week_has_a_korean_catalogue():
    assert set(WEEKS) - set(KOREAN) == set(), "a week without i18n/ko/<week>.json: python tools/i18n.py status"
    assert set(KOREAN) <= set(WEEKS), f"catalogues of weeks that do not exist: {sorted(set(KOREAN) - set(WEEKS))}"


@pytest.mark.parametrize("week", KOREAN)
def test_korean_catalogue_is_complete_and_current(week):
    result = I18N.status(week, "ko")
    assert result.ok, "\n".join(result.lines()) + "\n(python tools/i18n.py status " + week + ")"


@pytest.mark.parametrize("week", KOREAN)
def test_translation_changes_prose_and_comments_only(week, tmp_path):
    english = nbformat.read(str(I18N.notebook_of(week)), as_version=4)
    korean = I18N.translate(week, "ko")
    assert [c.id for c in korean.cells] == [c.id for c in english.cells]
    for en, ko in zip(english.cells, korean.cells):
        assert en.metadata.get("nbgrader") == ko.metadata.get("nbgrader"), f"{week} cell {en.id}: grading metadata"
        if en.cell_type != "code":
            continue
        free = I18N.translatable_lines(en.source)
        assert len(en.source.split("\n")) == len(ko.source.split("\n")), f"{week} cell {en.id}: lines added or lost"
        for a, b in zip(en.source.split("\n"), ko.source.split("\n")):
            assert a == b or (a in free and b.startswith(free[a])), f"{week} cell {en.id}: code changed: {a!r} -> {b!r}"
    nbformat.validate(korean)


# --------------------------------------------------------------------- the Korean assignments (make release)
BLOCKS = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n.*?### END \1", re.S)


def test_every_week_has_a_korean_assignment():
    assert KO_WEEKS == [f"{week}_ko" for week in WEEKS], "source/<week>_ko/ missing or left over: run `make release`"
    for week in WEEKS:
        name = notebook_path(week).name
        assert notebook_path(f"{week}_ko").name == notebook_path(f"{week}_ko", RELEASE).name == name


@pytest.mark.parametrize("week", WEEKS)
def test_korean_assignment_is_graded_like_the_english(week):
    """Same cells, grade ids, points, code answers and hidden tests (model answers of written questions are
    translated); the setup cell switches the checks to Korean and
    the title carries the Korean badge and the glossary link."""
    english = nbformat.read(str(notebook_path(week)), as_version=4)
    korean = nbformat.read(str(notebook_path(f"{week}_ko")), as_version=4)
    assert [(c.id, c.cell_type, c.metadata.get("nbgrader")) for c in korean.cells] == \
        [(c.id, c.cell_type, c.metadata.get("nbgrader")) for c in english.cells], f"{week}_ko: cells or grading differ"
    for en, ko in zip((c for c in english.cells if c.cell_type == "code"), (c for c in korean.cells if c.cell_type == "code")):
        assert [m.group(0) for m in BLOCKS.finditer(en.source)] == [m.group(0) for m in BLOCKS.finditer(ko.source)], \
            f"{week}_ko cell {en.id}: a solution or hidden test differs from the English"
    setup = next(c for c in korean.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")
    assert setup.source.splitlines()[-1].startswith('checks.use_language("ko")'), setup.source
    title = korean.cells[0].source
    assert f"/{week}_ko/{notebook_path(week).name})" in title and "GLOSSARY.ko.md" in title, title[:400]


# --------------------------------------------------------------------- the checks themselves, on a tiny notebook
@pytest.fixture
def tiny(tmp_path, monkeypatch):
    source, i18n = tmp_path / "source", tmp_path / "i18n"
    (source / "week00_tiny").mkdir(parents=True)
    (i18n / "ko").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Week 0\nLearning goals.", id="title"),
                nbformat.v4.new_code_cell("def f(x):\n    \"\"\"Double x.\"\"\"\n    ### BEGIN SOLUTION\n"
                                          "    return 2 * x  # the answer\n    ### END SOLUTION\n", id="answer"),
                nbformat.v4.new_markdown_cell("### BEGIN SOLUTION\nModel answer. Rubric: 1 pt.\n### END SOLUTION",
                                              id="written")]
    path = source / "week00_tiny" / "tiny.ipynb"
    nbformat.write(nb, str(path))
    fp = I18N.fingerprint
    catalogue = {"week": "week00_tiny", "notebook": "tiny.ipynb", "language": "ko", "cells": {
        "title": {"english_sha256": fp(nb.cells[0].source), "ko": "# 0주차\n학습 목표."},
        "answer": {"english_sha256": fp(nb.cells[1].source), "lines": {'    """Double x."""': '    """x를 두 배로."""'}},
        "written": {"english_sha256": fp(nb.cells[2].source),
                    "ko": "### BEGIN SOLUTION\n모범 답안. 채점 기준: 1점.\n### END SOLUTION"}}}
    monkeypatch.setattr(I18N, "SOURCE", source)
    monkeypatch.setattr(I18N, "I18N", i18n)

    def write(data=catalogue):
        (i18n / "ko" / "week00_tiny.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    write()
    return {"nb": nb, "path": path, "catalogue": catalogue, "write": write}


def test_a_complete_catalogue_passes_and_translates(tiny):
    assert I18N.status("week00_tiny", "ko").ok
    korean = I18N.translate("week00_tiny", "ko")
    assert korean.cells[0].source == "# 0주차\n학습 목표."
    assert '"""x를 두 배로."""' in korean.cells[1].source and "return 2 * x" in korean.cells[1].source


def test_a_changed_english_cell_makes_its_translation_stale(tiny):
    tiny["nb"].cells[0].source += "\nOne more goal."
    nbformat.write(tiny["nb"], str(tiny["path"]))
    result = I18N.status("week00_tiny", "ko")
    assert [s.split()[1] for s in result.stale] == ["title"] and not result.ok
    assert I18N.translate("week00_tiny", "ko").cells[0].source.endswith("One more goal.")  # English kept


def test_a_new_cell_is_missing_and_a_deleted_one_orphaned(tiny):
    tiny["nb"].cells.insert(1, nbformat.v4.new_markdown_cell("A new paragraph.", id="new"))
    del tiny["nb"].cells[-1]
    nbformat.write(tiny["nb"], str(tiny["path"]))
    result = I18N.status("week00_tiny", "ko")
    assert [m.split()[1] for m in result.missing] == ["new"] and result.orphans == ["written"]


@pytest.mark.parametrize("broken,words", [
    (("written", "ko", "모범 답안만."), "must stay as it is"),
    (("answer", "lines", {"    return 2 * x  # the answer": "    return 2 * x  # 정답"}), "not a comment or docstring"),
    (("answer", "lines", {'    """Double x."""': '"""x를 두 배로."""'}), "must keep"),
    (("title", "ko", " "), "no translated text"),
])
def test_broken_entries_are_named(tiny, broken, words):
    cid, key, value = broken
    tiny["catalogue"]["cells"][cid][key] = value
    tiny["write"]()
    assert any(words in p for p in I18N.status("week00_tiny", "ko").problems)


def test_the_command_line_reports_status():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "status"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert all(f"{week}: complete and current" in proc.stdout for week in KOREAN)
