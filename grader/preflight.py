"""Look at a submitted file before nbgrader does, say in one line what is wrong with it, and hand nbgrader a
clean copy.

Fatal problems (the file cannot be graded: unreadable, empty, too large, not UTF-8, not JSON, not a
notebook, nbformat other than 4, too many cells, a cell with megabytes of text) give the submission zero
with that reason and skip nbgrader. Everything else is repaired in a cleaned notebook (`Preflight.nb`),
which is what the worker must grade (`write_clean(check, path)` writes it), so that no malformed field
reaches nbgrader's autograde (ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells,
CheckCellMetadata) or the HTML export. The clean copy is rebuilt from an allow-list, never patched:

- every cell is a dict with a valid `cell_type` (a cell that is not a dict, or has no usable type, is
  dropped; one with outputs counts as code), a text `source` (a number or anything else is emptied), a
  valid unique `id`, no outputs (nbgrader clears them anyway), and only harmless metadata (tags,
  editable, deletable);
- nbgrader metadata is kept only on cells whose `grade_id` is one of the release's grade ids, and then
  it is the release's own metadata (grade, solution, locked, points, schema version, checksum, cell
  type): a string instead of a dict, a number as grade id, points as text, negative or NaN, an id the
  template does not know, are removed or restored, and said in `notes` (changed grading fields of a
  known cell are also `flags`); a graded cell changed to another cell type is changed back;
- a grade id on several cells keeps its metadata on the last one only (as nbgrader's DeduplicateIds
  would), the others become ordinary cells; a deleted graded cell (test cell, written answer) is put back
  from the release where nbgrader's add_missing_cells would put it (nbgrader's own code fails on some);
- markdown attachments keep image types only; strings that cannot be written as UTF-8 (lone
  surrogates) are repaired;
- the notebook's metadata is the release's (kernelspec, language info).

Then it reports what nbgrader will do: a missing or duplicated grade id, an edited test or locked cell
(also flagged for review). `preflight` never raises: an unexpected error is that submission's fatal reason.
"""
from __future__ import annotations

import copy
import json
import math
import os
import re
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

from .course import Template, nbgrader_meta

MAX_BYTES = 100 * 2**20
MAX_CELLS = 5000
MAX_SOURCE = 2 * 2**20        # characters of source in one cell
CELL_TYPES = ("code", "markdown", "raw")
CELL_ID = re.compile(r"^[a-zA-Z0-9_\-]{1,64}$")
TAG = re.compile(r"^[^\x00-\x1f]{1,100}$")
GRADING_KEYS = ("grade", "solution", "locked", "points", "task")


@dataclass
class Preflight:
    fatal: str | None = None
    notes: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    nb: object = None          # the cleaned notebook (NotebookNode), None when fatal


def _norm(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _utf8(text: str) -> str:
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:  # lone surrogates (valid JSON, not writable as UTF-8)
        return text.encode("utf-8", "replace").decode("utf-8")


def _short(value, limit: int = 40) -> str:
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    return _utf8(text if len(text) <= limit else text[:limit] + "...")


def _kind(value) -> str:
    return {str: "text", int: "a number", float: "a number", bool: "true/false", list: "a list", dict: "an object",
            type(None): "null"}.get(type(value), type(value).__name__)


_RELEASES: dict = {}


def _release(tpl: Template) -> tuple[dict, dict]:
    """({grade id: (cell type, nbgrader metadata, source)}, notebook metadata) of the template's release notebook,
    in the release's order."""
    key = (str(tpl.release), os.path.getmtime(tpl.release))
    if key not in _RELEASES:
        nb = nbformat.read(str(tpl.release), as_version=4)
        cells = {}
        for cell in nb.cells:
            meta = nbgrader_meta(cell)
            if meta.get("grade_id"):
                cells[meta["grade_id"]] = (cell.cell_type, copy.deepcopy(dict(meta)), cell.source)
        nb_meta = {k: copy.deepcopy(nb.metadata[k]) for k in ("kernelspec", "language_info") if k in nb.metadata}
        _RELEASES.clear()
        _RELEASES[key] = (cells, nb_meta)
    cells, nb_meta = _RELEASES[key]
    return copy.deepcopy(cells), copy.deepcopy(nb_meta)


def preflight(path: Path, tpl: Template) -> Preflight:
    try:
        return _preflight(Path(path), tpl)
    except Exception as exc:  # a malformed file is that submission's problem, never the run's
        out = Preflight()
        text = _utf8(str(exc)).splitlines()[0][:120] if str(exc).strip() else ""
        out.fatal = f"cannot check the notebook ({type(exc).__name__}: {text})"
        return out


def write_clean(check: Preflight, path) -> Path:
    """Write the cleaned notebook (what the worker grades instead of the raw file), readable by its owner only."""
    if check.nb is None:
        raise ValueError("nothing to write: the submission was rejected (" + str(check.fatal) + ")")
    path = Path(path)
    text = nbformat.writes(check.nb)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


def _load(path: Path, out: Preflight):
    try:
        size = path.stat().st_size
    except OSError as exc:
        out.fatal = f"cannot read the file ({exc.strerror})"
        return None
    if size == 0:
        out.fatal = "empty file (0 bytes)"
        return None
    if size > MAX_BYTES:
        out.fatal = f"file too large ({size / 2**20:.0f} MB > {MAX_BYTES // 2**20} MB)"
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        out.fatal = f"not a notebook: not UTF-8 text (byte {exc.start})"
        return None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        out.fatal = f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        return None
    except RecursionError:
        out.fatal = "not valid JSON for a notebook (nested too deeply)"
        return None
    except ValueError as exc:  # e.g. an integer with too many digits
        out.fatal = f"not valid JSON ({str(exc)[:100]})"
        return None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        out.fatal = "not a Jupyter notebook (valid JSON, but no list of cells)"
        return None
    major = data.get("nbformat")
    if major is None:
        out.notes.append("the notebook does not say its format version (read as nbformat 4)")
    elif major != 4 or isinstance(major, bool):
        out.fatal = f"not a readable notebook (nbformat version {_short(major)}, expected 4)"
        return None
    if len(data["cells"]) > MAX_CELLS:
        out.fatal = f"not a readable notebook ({len(data['cells'])} cells, more than {MAX_CELLS})"
        return None
    return data


def _source(raw: dict, where: str, out: Preflight) -> str:
    source = raw.get("source", "")
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return _utf8("".join(source))
    if isinstance(source, str):
        return _utf8(source)
    out.notes.append(f"{where}: its source is {_kind(source)}, not text (emptied)")
    return ""


def _safe_metadata(meta: dict) -> dict:
    kept = {}
    tags = meta.get("tags")
    if isinstance(tags, list):
        tags = [_utf8(t) for t in tags[:50] if isinstance(t, str) and TAG.match(t)]
        if tags:
            kept["tags"] = tags
    for key in ("editable", "deletable"):
        if isinstance(meta.get(key), bool):
            kept[key] = meta[key]
    return kept


def _points_equal(a, b) -> bool:
    try:
        return float(a) == float(b) and not (isinstance(a, bool) or math.isnan(float(a)))
    except (TypeError, ValueError, OverflowError):
        return False


def _grading_changes(found: dict, release: dict) -> list[str]:
    changes = []
    for key in GRADING_KEYS:
        if key == "points":
            if ("points" in found or "points" in release) and not _points_equal(found.get("points"),
                                                                                 release.get("points")):
                changes.append(f"points {_short(found.get('points'), 20)}")
        elif bool(found.get(key, False)) != bool(release.get(key, False)) or \
                (key in found and not isinstance(found[key], bool)):
            changes.append(f"{key} {_short(found.get(key), 20)}")
    return changes


def _rebuild(data: dict, tpl: Template, out: Preflight):
    release, nb_meta = _release(tpl)
    cells, unknown, ids = [], [], set()
    for index, raw in enumerate(data["cells"], start=1):
        where = f"cell {index}"
        if not isinstance(raw, dict):
            out.notes.append(f"{where} is {_kind(raw)}, not a cell (dropped)")
            continue
        meta = raw.get("metadata", {})
        if not isinstance(meta, dict):
            out.notes.append(f"{where}: its metadata is {_kind(meta)}, not an object (removed)")
            meta = {}
        gid = None
        if "nbgrader" in meta:
            nbg = meta["nbgrader"]
            found = nbg.get("grade_id") if isinstance(nbg, dict) else None
            if not isinstance(nbg, dict):
                out.notes.append(f"{where}: its nbgrader metadata is {_kind(nbg)}, not an object (removed)")
            elif isinstance(found, str) and found in release:
                gid = found
            elif found is None or found == "":
                if any(nbg.get(k) for k in ("grade", "solution", "locked", "task")):
                    out.notes.append(f"{where}: nbgrader cell without a grade id (its nbgrader metadata removed)")
            elif not isinstance(found, str):
                out.notes.append(f"{where}: grade id {_short(found)} is {_kind(found)}, not text "
                                 f"(its nbgrader metadata removed)")
            else:
                unknown.append(_utf8(found))
        ctype = raw.get("cell_type")
        if gid is not None:
            where = gid
            want = release[gid][0]
            if ctype != want:
                what = f"a {ctype} cell" if ctype in CELL_TYPES else f"cell type {_short(ctype)}"
                out.notes.append(f"{gid} was {what}, not a {want} cell (changed back)")
                ctype = want
        elif ctype not in CELL_TYPES:
            if "outputs" in raw or "execution_count" in raw:
                out.notes.append(f"{where}: cell type {_short(ctype)} is not valid (read as a code cell)")
                ctype = "code"
            else:
                out.notes.append(f"{where}: cell type {_short(ctype)} is not valid (cell dropped)")
                continue
        source = _source(raw, where, out)
        if len(source) > MAX_SOURCE:
            out.fatal = f"{where} holds {len(source) / 2**20:.1f} MB of text (more than {MAX_SOURCE // 2**20} MB)"
            return None
        cell = nbformat.from_dict({"cell_type": ctype, "metadata": {}, "source": source})
        if ctype == "code":
            cell.update(outputs=[], execution_count=None)
        cell.metadata.update(_safe_metadata(meta))
        if gid is not None:
            rel_type, rel_meta, _ = release[gid]
            changes = _grading_changes(meta["nbgrader"], rel_meta)
            if changes:
                out.notes.append(f"nbgrader metadata of {gid} was changed ({', '.join(changes)}; restored)")
                out.flags.append(f"edited nbgrader metadata of {gid}")
            cell.metadata["nbgrader"] = copy.deepcopy(rel_meta)
        if ctype == "markdown" and ("attachments" in raw or "attachment:" in source):
            from .sanitize import clean_attachments

            attachments = clean_attachments(raw.get("attachments"), source)
            if attachments:
                cell["attachments"] = attachments
        cell_id = raw.get("id")
        if not (isinstance(cell_id, str) and CELL_ID.match(cell_id)) or cell_id in ids:
            cell_id = uuid.uuid4().hex[:8]
            while cell_id in ids:
                cell_id = uuid.uuid4().hex[:8]
        ids.add(cell_id)
        cell["id"] = cell_id
        cells.append(cell)
    if unknown:
        shown = sorted(set(unknown))
        out.notes.append(f"unknown grade ids {', '.join(_short(u, 30) for u in shown[:5])}"
                         f"{' ...' if len(shown) > 5 else ''} (their nbgrader metadata removed)")
    # one cell per grade id, the last one (nbgrader's DeduplicateIds keeps the last one too)
    last = {}
    for index, cell in enumerate(cells):
        gid = nbgrader_meta(cell).get("grade_id")
        if gid:
            last[gid] = index
    for index, cell in enumerate(cells):
        gid = nbgrader_meta(cell).get("grade_id")
        if gid and last[gid] != index:
            del cell.metadata["nbgrader"]
            cell.metadata.pop("editable", None)
            cell.metadata.pop("deletable", None)
    _add_missing_grade_cells(cells, release, ids)
    nb = new_notebook(cells=cells, metadata=nb_meta)
    return nb


def _add_missing_grade_cells(cells: list, release: dict, ids: set) -> None:
    """Put a deleted graded cell back (the release's cell) after the nearest earlier one that is there, as
    nbgrader's add_missing_cells means to; nbgrader's own version fails (KeyError) when the cell before the
    missing one in the source is an ordinary locked cell, e.g. the question above a written answer."""
    order = list(release)
    for pos, gid in enumerate(order):
        ctype, meta, source = release[gid]
        present = {nbgrader_meta(c).get("grade_id"): i for i, c in enumerate(cells) if nbgrader_meta(c)}
        if gid in present or not meta.get("grade"):
            continue
        at = next((present[prev] + 1 for prev in reversed(order[:pos]) if prev in present), 0)
        cell = nbformat.from_dict({"cell_type": ctype, "metadata": {"nbgrader": copy.deepcopy(meta)},
                                   "source": source})
        if ctype == "code":
            cell.update(outputs=[], execution_count=None)
        cell_id = uuid.uuid4().hex[:8]
        while cell_id in ids:
            cell_id = uuid.uuid4().hex[:8]
        ids.add(cell_id)
        cell["id"] = cell_id
        cells.insert(at, cell)


_SCHEMA: list = []


def _nbgrader_schema():
    """nbgrader's own cell metadata schema (v3), as a validator built once (nbgrader builds one per cell)."""
    if not _SCHEMA:
        import jsonschema
        from nbgrader.nbgraderformat import MetadataValidator

        _SCHEMA.append(jsonschema.Draft4Validator(MetadataValidator().schema))
    return _SCHEMA[0]


def _check(nb) -> str | None:
    """The cleaned notebook must be valid nbformat 4 and valid nbgrader metadata (else: why not)."""
    try:
        nbformat.validate(nb)
        seen = set()
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader")
            if meta is None:
                continue
            _nbgrader_schema().validate(meta)
            if meta["grade_id"] in seen:
                raise ValueError(f"duplicate grade id {meta['grade_id']}")
            seen.add(meta["grade_id"])
    except Exception as exc:
        return f"cannot be repaired ({type(exc).__name__}: {str(exc).splitlines()[0][:100] if str(exc) else ''})"
    return None


def _preflight(path: Path, tpl: Template) -> Preflight:
    out = Preflight()
    data = _load(path, out)
    if data is None:
        return out
    counted = Counter()
    for raw in data["cells"]:  # what the student's file holds, for the report (before repairs)
        if isinstance(raw, dict) and isinstance(raw.get("metadata"), dict) and \
                isinstance(raw["metadata"].get("nbgrader"), dict):
            gid = raw["metadata"]["nbgrader"].get("grade_id")
            if isinstance(gid, str) and gid in tpl.grade_ids:
                counted[gid] += 1
    nb = _rebuild(data, tpl, out)
    if nb is None:
        return out
    problem = _check(nb)
    if problem:
        out.fatal = problem
        return out
    out.nb = nb

    by_id: dict = {}
    for raw in data["cells"]:
        if isinstance(raw, dict) and isinstance(raw.get("metadata"), dict) and \
                isinstance(raw["metadata"].get("nbgrader"), dict):
            gid = raw["metadata"]["nbgrader"].get("grade_id")
            if isinstance(gid, str) and gid in tpl.grade_ids:
                source = raw.get("source", "")
                source = "".join(s for s in source if isinstance(s, str)) if isinstance(source, list) else source
                by_id.setdefault(gid, []).append(source if isinstance(source, str) else "")
    release, _ = _release(tpl)
    for gid in tpl.grade_ids:
        kind = "test cell" if gid.startswith("test_") else "answer cell" if gid.startswith("answer_") else "cell"
        meta = release.get(gid, (None, {}, ""))[1]
        if counted[gid] == 0:
            if meta.get("grade") and not meta.get("solution"):
                out.notes.append(f"{kind} {gid} deleted (re-added from the gradebook)")
                out.flags.append(f"deleted {gid}")
            elif meta.get("grade"):
                out.notes.append(f"written answer {gid} deleted (put back unanswered)")
            elif gid in tpl.locked_sources:
                out.notes.append(f"locked {kind} {gid} deleted")
            else:
                out.notes.append(f"{kind} {gid} missing (its answer cannot be graded)")
        elif counted[gid] > 1:
            out.notes.append(f"{kind} {gid} appears {counted[gid]} times (nbgrader grades the last one)")
        if counted[gid] and gid in tpl.locked_sources:
            if any(_norm(s) != _norm(tpl.locked_sources[gid]) for s in by_id[gid]):
                what = "test cell" if gid.startswith("test_") else "locked cell"
                out.notes.append(f"{what} {gid} was edited (restored from the gradebook)")
                out.flags.append(f"edited {gid}")
    return out
