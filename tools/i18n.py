"""Translation catalogues of the notebooks: one JSON file per week and language, i18n/<lang>/<week>.json.

    python tools/i18n.py status [--lang ko] [week ...]   what is missing, stale or orphaned, per week
    python tools/i18n.py apply WEEK OUT.ipynb [--lang ko]  the translated source notebook (for reading and tools)

The English notebook in source/ stays the one source. A catalogue entry is keyed by a cell's id and carries the
fingerprint of the English it translates (the first 16 hex digits of the SHA-256 of the cell's source):

    {"week": ..., "notebook": ..., "language": "ko",
     "cells": {"<markdown cell id>": {"english_sha256": "...", "ko": "<the whole cell>"},
               "<code cell id>": {"english_sha256": "...", "lines": {"<English comment line>": "<translated line>"}}}}

Markdown cells are translated whole (prompts, model answers and rubrics included); code cells only in their
comment and docstring lines, outside solutions and hidden tests: code, identifiers and hidden tests stay English.
An English cell that changed makes its entry stale; a markdown cell without an entry is missing.
The catalogues hold model answers and rubrics: they stay in the instructor's repository (not in the student edition).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from utils.checks.messages import split_assignment

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
I18N = ROOT / "i18n"
KEPT_LINES = ("### BEGIN SOLUTION", "### END SOLUTION")
PREDICT = {"ko": "### 예측하고 실행하기 (Predict, then run)"}  # the translated "### Predict, then run" heading


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def notebook_of(week: str) -> Path:
    found = sorted((SOURCE / week).glob("*.ipynb"))
    if len(found) != 1:
        raise SystemExit(f"{week}: expected one notebook in source/{week}, found {len(found)}")
    return found[0]


def catalogue_path(week: str, lang: str) -> Path:
    return I18N / lang / f"{week}.json"


def load(week: str, lang: str) -> dict:
    path = catalogue_path(week, lang)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SystemExit(f"{path}: not valid JSON ({exc})") from None
    if data.get("week") != week or data.get("language") != lang or not isinstance(data.get("cells"), dict):
        raise SystemExit(f"{path}: expected week {week!r}, language {lang!r} and a 'cells' object")
    return data


def _code_part(line: str) -> str | None:
    """The code before a line's comment, or None where the line has no comment (a `#` in a string is not one)."""
    import io
    import tokenize

    try:  # one line alone may leave a bracket open: read tokens up to the comment, ignore what follows
        for tok in tokenize.generate_tokens(io.StringIO(line.strip() + "\n").readline):
            if tok.type == tokenize.COMMENT:
                return line[:len(line) - len(line.lstrip())] + line.strip()[:tok.start[1]]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return None


def translatable_lines(source: str) -> dict[str, str]:
    """{line: the part a translation must keep} for the lines of a code cell a translation may change: comments
    (the code before them is kept) and docstring lines (the indentation is kept), outside solutions and hidden tests."""
    out, inside, quote = {}, False, None
    for line in source.split("\n"):
        marker = line.strip()
        if marker in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
            inside = True
        elif marker in ("### END SOLUTION", "### END HIDDEN TESTS"):
            inside = False
        elif quote:                                        # inside a docstring
            out.setdefault(line, line[:len(line) - len(line.lstrip())]) if not inside else None
            if quote in line:
                quote = None
        elif marker.startswith(('"""', "'''")):          # a docstring opens here
            q = marker[:3]
            if not inside:
                out.setdefault(line, line[:len(line) - len(line.lstrip())])
            if marker.count(q) == 1:
                quote = q
        elif not inside and "#" in line:
            code = _code_part(line)
            if code is not None:
                out.setdefault(line, code)
    return out


@dataclass
class Status:
    week: str
    missing: list[str] = field(default_factory=list)    # markdown cells without a translation
    stale: list[str] = field(default_factory=list)      # the English changed since it was translated
    orphans: list[str] = field(default_factory=list)    # entries for cells that no longer exist
    problems: list[str] = field(default_factory=list)   # malformed entries

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.orphans or self.problems)

    def lines(self) -> list[str]:
        out = [f"{self.week}: " + ("complete and current" if self.ok else "needs work")]
        for label, items in (("missing", self.missing), ("stale", self.stale), ("orphaned", self.orphans),
                             ("problem", self.problems)):
            out += [f"  {label}: {item}" for item in items]
        return out


def status(week: str, lang: str) -> Status:
    nb = nbformat.read(str(notebook_of(week)), as_version=4)
    entries = load(week, lang)["cells"]
    result = Status(week)
    cells = {cell.id: cell for cell in nb.cells}
    for cid, cell in cells.items():
        entry = entries.get(cid)
        where = f"cell {cid} ({cell.source.splitlines()[0][:60] if cell.source else 'empty'})"
        if entry is None:
            if cell.cell_type == "markdown" and cell.source.strip():
                result.missing.append(where)
            continue
        if entry.get("english_sha256") != fingerprint(cell.source):
            result.stale.append(where)
            continue
        if cell.cell_type == "markdown":
            text = entry.get("ko" if lang == "ko" else lang)
            if not isinstance(text, str) or not text.strip():
                result.problems.append(f"{where}: no translated text")
                continue
            for kept in KEPT_LINES:
                if cell.source.count(kept) != text.count(kept):
                    result.problems.append(f"{where}: the line {kept!r} must stay as it is")
            if cell.source.startswith("### Predict, then run") and not text.startswith(PREDICT[lang]):
                result.problems.append(f"{where}: the heading must read {PREDICT[lang]!r}")
        else:
            lines = entry.get("lines")
            if not isinstance(lines, dict) or not lines:
                result.problems.append(f"{where}: a code cell's entry needs a non-empty 'lines' object")
                continue
            free = translatable_lines(cell.source)
            for line, translated in lines.items():
                if line not in free:
                    result.problems.append(f"{where}: {line.strip()[:50]!r} is not a comment or docstring line "
                                           f"outside the answers")
                elif not isinstance(translated, str) or not translated.startswith(free[line]) or "\n" in translated:
                    result.problems.append(f"{where}: the translation of {line.strip()[:50]!r} must keep "
                                           f"{free[line]!r} and stay one line")
    result.orphans = sorted(cid for cid in entries if cid not in cells)
    return result


def translate(week: str, lang: str) -> nbformat.NotebookNode:
    """The source notebook with every current translation applied (stale entries keep the English)."""
    nb = nbformat.read(str(notebook_of(week)), as_version=4)
    entries = load(week, lang)["cells"]
    for cell in nb.cells:
        entry = entries.get(cell.id)
        if entry is None or entry.get("english_sha256") != fingerprint(cell.source):
            continue
        if cell.cell_type == "markdown":
            cell.source = entry[lang]
        else:
            free = translatable_lines(cell.source)
            cell.source = "\n".join(entry["lines"].get(line, line) if line in free else line
                                    for line in cell.source.split("\n"))
    nb.metadata["language"] = lang
    return nb


def weeks_with(lang: str) -> list[str]:
    return sorted(p.stem for p in (I18N / lang).glob("*.json"))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    st = sub.add_parser("status", help="missing, stale and orphaned translations")
    st.add_argument("weeks", nargs="*")
    st.add_argument("--lang", default="ko")
    ap = sub.add_parser("apply", help="write the translated source notebook")
    ap.add_argument("week")
    ap.add_argument("out", type=Path)
    ap.add_argument("--lang", default="ko")
    args = parser.parse_args(argv)
    if args.command == "status":
        results = [status(week, args.lang) for week in (args.weeks or weeks_with(args.lang))]
        print("\n".join(line for r in results for line in r.lines()))
        english = {p.name for p in SOURCE.glob("week*") if p.is_dir() and split_assignment(p.name)[1] == "en"}
        untranslated = sorted(english - set(weeks_with(args.lang)))
        if untranslated and not args.weeks:
            print(f"no {args.lang} catalogue yet: {', '.join(untranslated)}")
        return 0 if all(r.ok for r in results) else 1
    nbformat.write(translate(args.week, args.lang), str(args.out))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
