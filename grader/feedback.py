"""Feedback that shows scores, the visible tests and their verdicts, and nothing of the hidden tests.

`HideHiddenTests` runs in nbgrader's generate_feedback (after GetGrades, before `SanitizeNotebook` and the
HTML export) on the autograded notebook, whose test cells hold the full source restored from the gradebook.
What the page keeps is an allow-list, so nothing has to be searched for copies of hidden tests:

- test cells (autograded, with points): the source without its hidden blocks; of the outputs, only
  what the visible part printed (stdout: the checks' pass/fail lines) and its error as one line
  (a `CheckFailed` message, or e.g. `NameError: ...` when the function is missing), never a traceback
  (tracebacks quote neighbouring source lines); an error of the hidden part becomes
  "hidden test failed: <grade id>" and a time-out "test timed out: <grade id>"; displays, results and
  stderr are dropped;
- every other code cell (the student's code, the locked read-only cells): source only, outputs dropped
  (students have them in their own notebook), so no output of student code can carry hidden lines,
  plain, base64'd, reversed or otherwise encoded;
- markdown cells (explanations, written answers) are kept (`SanitizeNotebook` cleans them), except the model
  answers and rubrics `grader.rubric.ShowRubrics` put under the written answers for the formgrader.

The contract with the executor (grader.execute): an error of the HIDDEN part of a test cell is an error
output with `ename == "HiddenTestFailed"` (evalue and traceback are for the instructor only); a time-out
is an error output with `ename == "CellTimeoutError"` (or KeyboardInterrupt/TimeoutError); the visible
part's outputs are the cell's other outputs. For notebooks graded before that contract, an error whose
traceback points below the visible lines of the cell counts as hidden too (the old heuristic).
Any kept output that still quotes a hidden line is replaced as a last guard. `find_leaks(html, lines)`
is what the tests use to check the result.
"""
from __future__ import annotations

import html as html_lib
import re

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor

from .course import HIDDEN_BEGIN, HIDDEN_END
from .rubric import is_rubric

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


HIDDEN_ENAME = "HiddenTestFailed"
MAX_TEST_OUTPUT = 20_000   # characters of stdout kept per test cell
B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
HEX_RUN = re.compile(r"(?:[0-9a-fA-F]{2}){8,}")


def _views(text: str) -> list[str]:
    """`text` as printed, reversed, rot13'd, and what its base64 and hex runs decode to (whitespace-normalised),
    so that the last guard also sees the simplest encodings of a hidden line."""
    import base64
    import codecs

    views = [text, text[::-1], codecs.encode(text, "rot13")]
    for run in B64_RUN.findall(text)[:200]:
        for decode in (base64.b64decode, base64.urlsafe_b64decode):
            try:
                views.append(decode(run + "=" * (-len(run) % 4)).decode("utf-8", "ignore"))
            except Exception:
                pass
    for run in HEX_RUN.findall(text)[:200]:
        views.append(bytes.fromhex(run).decode("utf-8", "ignore"))
    views += [v[::-1] for v in views[3:]]
    return [" ".join(v.split()) for v in views]


def _is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {}) or {}
    return isinstance(meta, dict) and bool(meta.get("grade")) and not meta.get("solution")


class HideHiddenTests(NbGraderPreprocessor):
    def preprocess(self, nb, resources):
        hidden_all: list[str] = []
        tests = []
        nb.cells = [cell for cell in nb.cells if not is_rubric(cell)]   # the grader's model answers and rubrics
        for cell in nb.cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = source if isinstance(source, str) else ""
            visible = len(source.split("\n"))
            if HIDDEN_BEGIN in source or HIDDEN_END in source:
                source, hidden, visible = split_hidden(source)
                hidden_all.extend(hidden)
                cell.source = source
            if _is_test_cell(cell):
                meta = cell.metadata.nbgrader
                self._clean_outputs(cell, str(meta.get("grade_id", "test")), visible)
                tests.append(cell)
            else:
                cell.outputs = []
                cell.execution_count = None
        leaks = _informative(hidden_all)
        for cell in tests:  # last guard: student code called by a test may print
            for i, output in enumerate(cell.outputs):
                if leaks and any(line in view for view in _views(_output_text(output)) for line in leaks):
                    cell.outputs[i] = new_output("stream", name="stdout",
                                                 text="[output removed by the grader: it quoted hidden tests]\n")
        return nb, resources

    def _clean_outputs(self, cell, grade_id: str, visible: int) -> None:
        outputs = []
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "stream" and output.get("name") == "stdout":
                text = output.get("text", "")
                text = "".join(text) if isinstance(text, list) else str(text)
                if len(text) > MAX_TEST_OUTPUT:
                    text = text[:MAX_TEST_OUTPUT] + "\n[... cut by the grader]\n"
                outputs.append(new_output("stream", name="stdout", text=text))
            elif kind == "error":
                ename = str(output.get("ename", ""))
                line = _error_line(output)
                if ename in TIMEOUT_NAMES:
                    outputs.append(_notice(f"test timed out: {grade_id}"))
                elif ename == HIDDEN_ENAME or (line is not None and line > visible):
                    outputs.append(_notice(f"hidden test failed: {grade_id}"))
                else:
                    message = ANSI.sub("", str(output.get("evalue", ""))).strip()
                    text = message if ename == "CheckFailed" else f"{ename}: {message}"
                    outputs.append(new_output("error", ename=ename, evalue=message, traceback=[text]))
        # one notice per kind is enough (a test cell may report several hidden failures)
        seen, unique = set(), []
        for output in outputs:
            key = (output.get("output_type"), output.get("evalue")) if output.get("output_type") == "error" else None
            if key is None or key not in seen:
                unique.append(output)
                if key is not None:
                    seen.add(key)
        cell.outputs = unique


def find_leaks(html: str, hidden_lines) -> list[str]:
    """Hidden test lines (whitespace-normalised) that can be read in a rendered feedback page."""
    text = html_lib.unescape(re.sub(r"<[^>]+>", "", html))
    text = " ".join(text.split())
    found = [line for line in _informative(hidden_lines) if line in text]
    if HIDDEN_BEGIN in text or HIDDEN_END in text:
        found.append(HIDDEN_BEGIN)
    return found
