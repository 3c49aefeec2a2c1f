"""Feedback that shows scores and visible test output, and nothing of the hidden tests.

`HideHiddenTests` runs in nbgrader's generate_feedback (after GetGrades) on the autograded notebook,
whose test cells hold the full source restored from the gradebook. In each test cell with hidden tests:

- the hidden block is removed from the source (also when a student typed the markers elsewhere:
  nbgrader's ClearHiddenTests would then stop the whole feedback with an error);
- an error raised by the visible part of the cell (a `CheckFailed` from utils.checks, or a NameError
  when the function is missing) is kept as its one-line message, without traceback lines (IPython's
  traceback shows neighbouring source lines, which may be hidden ones);
- an error raised in the hidden block becomes "hidden test failed: <grade id>";
- a time-out becomes "test timed out: <grade id>";
- results, displays and stderr (warnings quote source lines) are dropped; stdout is kept.

Then, in every cell, any output that quotes a hidden test line (a student printing `In`, `_ih` or the
gradebook) is replaced by a notice. `find_leaks(html, lines)` is what the tests use to check the result.
"""
from __future__ import annotations

import html as html_lib
import re

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from .course import HIDDEN_BEGIN, HIDDEN_END

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
CELL_LINE = re.compile(r"(?:Cell In\s*\[\d*\]|<ipython-input-[^>]*>|File <[^>]*>)\s*,?\s*line (\d+)")
TIMEOUT_NAMES = {"CellTimeoutError", "KeyboardInterrupt", "TimeoutError"}
MIN_LEAK_CHARS = 8   # shorter hidden lines (")", "else:") are not informative enough to count as leaks


def split_hidden(source: str) -> tuple[str, list[str], int]:
    """(source without hidden blocks, the hidden lines, number of lines before the first hidden block)."""
    kept, hidden, inside, first = [], [], False, None
    for number, line in enumerate(source.split("\n"), start=1):
        if HIDDEN_BEGIN in line:
            inside = True
            first = first or number
        elif HIDDEN_END in line:
            inside = False
        elif inside:
            hidden.append(line)
        else:
            kept.append(line)
    visible = (first - 1) if first else len(source.split("\n"))
    return "\n".join(kept).rstrip("\n"), hidden, visible


def _error_line(output) -> int | None:
    """Line number, in the test cell, of the innermost frame of the cell itself."""
    number = None
    for entry in output.get("traceback", []):
        for match in CELL_LINE.finditer(ANSI.sub("", entry)):
            number = int(match.group(1))
            break
        if number is not None:
            break  # the first cell frame is the test cell's own statement
    return number


def _notice(text: str):
    return new_output("error", ename="TestFailed", evalue=text, traceback=[text])


def _informative(lines) -> list[str]:
    return [s for s in (" ".join(line.split()) for line in lines) if len(s) >= MIN_LEAK_CHARS]


def _output_text(output) -> str:
    parts = [output.get("text", ""), output.get("evalue", "")]
    parts += [ANSI.sub("", t) for t in output.get("traceback", [])]
    for value in output.get("data", {}).values():
        parts.append(value if isinstance(value, str) else "".join(value) if isinstance(value, list) else "")
    return " ".join(" ".join(parts).split())


class HideHiddenTests(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        hidden_all: list[str] = []
        for cell in nb.cells:
            meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
            if cell.cell_type != "code" or HIDDEN_BEGIN not in cell.source:
                continue
            source, hidden, visible = split_hidden(cell.source)
            hidden_all.extend(hidden)
            cell.source = source
            if meta.get("grade"):
                self._clean_outputs(cell, meta.get("grade_id", "test"), visible)
        leaks = _informative(hidden_all)
        if leaks:
            for cell in nb.cells:
                if cell.cell_type != "code":
                    continue
                for i, output in enumerate(cell.get("outputs", [])):
                    text = _output_text(output)
                    if any(line in text for line in leaks):
                        cell.outputs[i] = new_output("stream", name="stdout",
                                                     text="[output removed by the grader: it quoted hidden tests]\n")
        return nb, resources

    def _clean_outputs(self, cell, grade_id: str, visible: int) -> None:
        outputs = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream" and output.get("name") == "stdout":
                outputs.append(output)
            elif kind == "error":
                ename = output.get("ename", "")
                line = _error_line(output)
                if ename in TIMEOUT_NAMES:
                    outputs.append(_notice(f"test timed out: {grade_id}"))
                elif line is not None and line <= visible:
                    message = ANSI.sub("", str(output.get("evalue", "")))
                    text = f"{ename}: {message}" if ename != "CheckFailed" else message
                    output.traceback = [text]
                    outputs.append(output)
                else:
                    outputs.append(_notice(f"hidden test failed: {grade_id}"))
        cell.outputs = outputs


def find_leaks(html: str, hidden_lines) -> list[str]:
    """Hidden test lines (whitespace-normalised) that can be read in a rendered feedback page."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", html))
    text = " ".join(text.split())
    found = [line for line in _informative(hidden_lines) if line in text]
    if HIDDEN_BEGIN in text or HIDDEN_END in text:
        found.append(HIDDEN_BEGIN)
    return found
