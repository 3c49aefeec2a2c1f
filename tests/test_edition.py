"""The student edition (`make student-edition`, tools/edition.py): the public repository students get holds
the release notebooks and the student part of `utils`, and nothing an instructor keeps private. Every file is
scanned, not only notebooks. That its notebooks run with the stubs and pass with a reference pasted in, from
its own `utils` installed by the bootstrap cell, is tests/test_selfstudy.py."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib

import pytest

from conftest import KO_WEEKS, RELEASE, ROOT, SOURCE, WEEKS

pytestmark = pytest.mark.xdist_group("selfstudy")


def _edition(dest, *flags):
    return subprocess.run([sys.executable, str(ROOT / "tools" / "edition.py"), str(dest), *flags],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    dest = tmp_path_factory.mktemp("edition") / "course"
    proc = _edition(dest)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return dest


def test_edition_holds_the_release_and_the_student_utils(edition):
    for week in WEEKS + KO_WEEKS:
        for nb in (RELEASE / week).glob("*.ipynb"):
            assert (edition / week / nb.name).read_bytes() == nb.read_bytes(), f"{week}/{nb.name} differs"
    # the Korean edition: its README (with the Korean badges) and the glossary every Korean notebook links to
    assert f"{KO_WEEKS[0]}/" in (edition / "README.ko.md").read_text()
    assert "| 역전파 | backpropagation" in (edition / "docs" / "GLOSSARY.ko.md").read_text()
    assert (edition / "utils" / "checks" / "engine.py").exists() and (edition / "utils" / "gradcheck.py").exists()
    for private in ("source", "grader", "tests", "deploy", "nbgrader_config.py", "gradebook.db", "tools"):
        assert not (edition / private).exists(), f"{private} is in the student edition"
    meta = tomllib.loads((edition / "pyproject.toml").read_text())
    assert meta["tool"]["setuptools"]["packages"]["find"]["include"] == ["utils*"]
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert meta["project"]["urls"]["Repository"] == urls["Student-Edition"] != urls["Repository"]
    pins = (edition / "requirements.txt").read_text()
    assert "nbgrader" not in pins and "pytest" not in pins and "numpy==" in pins and "-e ." in pins


def test_every_file_is_free_of_instructor_material(edition):
    proc = _edition(edition, "--check")
    assert proc.returncode == 0, proc.stdout
    readme = (edition / "README.md").read_text()
    assert "instructor" not in readme.lower().replace("your instructor", "")
    assert "make test" not in readme and "source/" not in readme


@pytest.mark.parametrize("plant", ["source notebook", "solution line in utils", "gradebook"])
def test_the_scan_finds_a_planted_leak(edition, tmp_path, plant):
    copy = tmp_path / "course"
    shutil.copytree(edition, copy)
    week = WEEKS[0]
    if plant == "source notebook":
        shutil.copy(next((SOURCE / week).glob("*.ipynb")), copy / week / "solved.ipynb")
    elif plant == "solution line in utils":
        source = next((SOURCE / week).glob("*.ipynb")).read_text()
        cells = json.loads(source)["cells"]
        blocks = ["".join(c["source"]).split("### BEGIN SOLUTION\n", 1)[1].split("### END SOLUTION")[0]
                  for c in cells if "### BEGIN SOLUTION" in "".join(c["source"]) and c["cell_type"] == "code"]
        lines = next(found for found in ([ln for ln in b.splitlines()
                                          if len(ln.strip()) >= 12 and not ln.strip().startswith("#")][:2]
                                         for b in blocks) if len(found) == 2)
        with open(copy / "utils" / "data.py", "a") as f:
            f.write("\n\ndef _answer():\n" + "\n".join(lines) + "\n")
    else:
        (copy / "gradebook.db").write_bytes(b"SQLite format 3\x00")
    proc = _edition(copy, "--check")
    assert proc.returncode == 1, f"a planted {plant} went unnoticed:\n{proc.stdout}"
