"""Look at a submitted file before nbgrader does, and say in one line what is wrong with it.

Fatal problems (the file cannot be graded: empty, too large, not JSON, not a notebook) give the
submission zero with that reason and skip nbgrader. Other problems are graded all the same (nbgrader
restores locked cells from the gradebook and re-adds deleted test cells) and are reported:
a missing or duplicated grade id, an edited test or locked cell (also flagged for review).
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .course import Template, nbgrader_meta

MAX_BYTES = 100 * 2**20


@dataclass
class Preflight:
    fatal: str | None = None
    notes: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    nb: object = None


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def preflight(path: Path, tpl: Template) -> Preflight:
    out = Preflight()
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        out.fatal = f"cannot read the file ({exc.strerror})"
        return out
    if size == 0:
        out.fatal = "empty file (0 bytes)"
        return out
    if size > MAX_BYTES:
        out.fatal = f"file too large ({size / 2**20:.0f} MB > {MAX_BYTES // 2**20} MB)"
        return out
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        out.fatal = f"not a notebook: not UTF-8 text (byte {exc.start})"
        return out
    except json.JSONDecodeError as exc:
        out.fatal = f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        return out
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        out.fatal = "not a Jupyter notebook (valid JSON, but no list of cells)"
        return out
    try:
        nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
    except Exception as exc:  # nbformat raises a variety of errors on odd files
        out.fatal = f"not a readable notebook ({type(exc).__name__}: {str(exc).splitlines()[0][:120]})"
        return out
    try:
        nbformat.validate(nb)
    except Exception as exc:
        out.notes.append(f"notebook does not validate ({str(exc).splitlines()[0][:100]}); graded anyway")
    out.nb = nb

    ids = Counter()
    by_id = {}
    for cell in nb.cells:
        gid = nbgrader_meta(cell).get("grade_id")
        if gid:
            ids[gid] += 1
            by_id.setdefault(gid, []).append(cell)
    for gid in tpl.grade_ids:
        kind = "test cell" if gid.startswith("test_") else "answer cell" if gid.startswith("answer_") else "cell"
        if ids[gid] == 0:
            if gid in tpl.locked_sources and gid.startswith("test_"):
                out.notes.append(f"{kind} {gid} deleted (re-added from the gradebook)")
                out.flags.append(f"deleted {gid}")
            elif gid in tpl.locked_sources:
                out.notes.append(f"locked {kind} {gid} deleted (re-added from the gradebook)")
            else:
                out.notes.append(f"{kind} {gid} missing (its answer cannot be graded)")
        elif ids[gid] > 1:
            out.notes.append(f"{kind} {gid} appears {ids[gid]} times (nbgrader grades the last one)")
        if ids[gid] and gid in tpl.locked_sources:
            if any(_norm(c.source) != _norm(tpl.locked_sources[gid]) for c in by_id[gid]):
                what = "test cell" if gid.startswith("test_") else "locked cell"
                out.notes.append(f"{what} {gid} was edited (restored from the gradebook)")
                out.flags.append(f"edited {gid}")
    unknown = sorted(set(ids) - set(tpl.grade_ids))
    if unknown:
        out.notes.append(f"unknown grade ids {', '.join(unknown[:5])} (ignored)")
    return out
