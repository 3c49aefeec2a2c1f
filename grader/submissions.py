"""Find the submissions of a week: nbgrader's `submitted/` layout, a folder of `<student>.ipynb`, or a zip.

- `submitted/<student>/<week>/<notebook>.ipynb` (nbgrader's layout; PATH is the `submitted` folder or
  the course folder holding it);
- a folder of `<student>.ipynb` files (any other file in it is reported, not graded);
- a `.zip` of `<student>.ipynb` files (folders inside the zip are ignored; nothing is extracted outside
  the grader's work folder).
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

MAX_MEMBER = 200 * 2**20


@dataclass
class Submission:
    student: str
    path: Path | None
    problem: str | None = None   # set when there is nothing to grade (e.g. no notebook in the folder)
    submitted_at: dt.datetime | None = None   # nbgrader's timestamp.txt, in its layout


def student_id(name: str) -> str:
    clean = re.sub(r"[^A-Za-z0-9_.@-]", "_", name).strip("._") or "student"
    return clean[:80]


def read_timestamp(folder: Path) -> dt.datetime | None:
    """The time in nbgrader's `timestamp.txt` beside a collected notebook, if there is one and it parses."""
    from nbgrader.utils import parse_utc

    path = Path(folder) / "timestamp.txt"
    try:
        return parse_utc(path.read_text().strip()) if path.is_file() else None
    except (ValueError, OverflowError):
        return None


def collect(path: Path, week: str, notebook: str, workdir: Path) -> list[Submission]:
    path = Path(path)
    if not path.exists():
        raise SystemExit(f"submissions not found: {path}")
    if path.is_file() and path.suffix == ".zip":
        return _from_zip(path, workdir / "unzipped")
    if (path / "submitted").is_dir():
        path = path / "submitted"
    nbgrader_layout = [d for d in sorted(path.iterdir()) if d.is_dir() and (d / week).is_dir()]
    if nbgrader_layout:
        subs = []
        for d in nbgrader_layout:
            notebooks = sorted((d / week).glob("*.ipynb"))
            exact = [p for p in notebooks if p.stem == notebook]
            chosen = exact[0] if exact else notebooks[0] if len(notebooks) == 1 else None
            problem = None if chosen else (f"no {notebook}.ipynb in {d / week}" if not notebooks else
                                           f"{len(notebooks)} notebooks and none named {notebook}.ipynb")
            subs.append(Submission(student_id(d.name), chosen, problem, read_timestamp(d / week)))
        return subs
    return _dedupe([Submission(student_id(p.stem), p) for p in sorted(path.iterdir())
                    if p.is_file() and p.suffix == ".ipynb"])


def _from_zip(path: Path, dest: Path) -> list[Submission]:
    dest.mkdir(parents=True, exist_ok=True)
    subs = []
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SystemExit(f"{path} is not a valid zip file")
    with archive:
        for info in archive.infolist():
            name = Path(info.filename).name
            if info.is_dir() or not name.endswith(".ipynb") or name.startswith((".", "__MACOSX")) \
                    or "__MACOSX" in info.filename:
                continue
            student = student_id(Path(name).stem)
            target = dest / f"{len(subs):04d}-{student}.ipynb"
            if info.file_size > MAX_MEMBER:
                subs.append(Submission(student, None, f"file too large in the zip ({info.file_size} bytes)"))
                continue
            with archive.open(info) as src, open(target, "wb") as out:
                out.write(src.read(MAX_MEMBER + 1))
            subs.append(Submission(student, target))
    return _dedupe(subs)


def _dedupe(subs: list[Submission]) -> list[Submission]:
    seen: dict[str, int] = {}
    for sub in subs:
        n = seen.get(sub.student, 0)
        seen[sub.student] = n + 1
        if n:
            sub.student = f"{sub.student}-{n + 1}"
    return subs
