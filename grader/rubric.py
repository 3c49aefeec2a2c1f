"""Written answers graded by their rubric: the formgrader shows each one's model answer and rubric under the
student's answer, in the assignment's language.

nbgrader's formgrader shows the student's notebook only: the model answer of a manually graded answer stays in
the source notebook (jupyter/nbgrader#1155). `ShowRubrics` runs in autograde: under every written answer it
inserts a markdown cell with the model answer and rubric (the ### BEGIN/END SOLUTION part of the cell in the
course's source notebook; the gradebook keeps only the cleared answer). The Korean assignments (`weekNN_topic_ko`) have them in Korean. The cell carries
`metadata.dlf_rubric`; `grader.feedback.HideHiddenTests` drops such cells, so no feedback page shows one, and a
cell a submission brings with that mark is dropped here before the real ones go in.
"""
from __future__ import annotations

import re
from pathlib import Path

from nbformat.v4 import new_markdown_cell
from nbgrader.preprocessors import NbGraderPreprocessor

from utils.checks.messages import split_assignment

MARK = "dlf_rubric"
HEADING = {"en": "Model answer and rubric (for the grader: never in the student's feedback)",
           "ko": "모범 답안과 채점 기준 (채점자용: 학생 피드백에는 나오지 않습니다)"}
SOLUTION = re.compile(r"### BEGIN SOLUTION\n?(.*?)### END SOLUTION", re.S)


def written_answers(notebook) -> dict[str, str]:
    """{grade id: model answer and rubric} of a source notebook's manually graded answers."""
    answers = {}
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        found = SOLUTION.search(cell.get("source", "")) if meta.get("grade") and meta.get("solution") else None
        if found and found.group(1).strip():
            answers[meta["grade_id"]] = found.group(1).strip()
    return answers


def source_notebook(config, resources: dict):
    """The assignment's source notebook in the course folder (the gradebook keeps only the cleared answer)."""
    import nbformat
    from nbgrader.coursedir import CourseDirectory

    info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
    if not (info.get("assignment") and info.get("notebook")):
        return None
    coursedir = CourseDirectory(config=config)
    path = Path(coursedir.format_path(coursedir.source_directory, ".", info["assignment"])) / f"{info['notebook']}.ipynb"
    return nbformat.read(str(path), as_version=4) if path.is_file() else None


def is_rubric(cell) -> bool:
    return bool(cell.get("metadata", {}).get(MARK))


class ShowRubrics(NbGraderPreprocessor):
    """Put each written answer's model answer and rubric under it, for the formgrader (never for feedback)."""

    def preprocess(self, nb, resources):
        source = source_notebook(self.config, resources)
        answers = written_answers(source) if source is not None else {}
        language = split_assignment(str(resources.get("nbgrader", {}).get("assignment", "")))[1]
        cells = []
        for cell in nb.cells:
            if is_rubric(cell):
                continue
            cells.append(cell)
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                quoted = "\n".join(f"> {line}" if line else ">" for line in answers[grade_id].split("\n"))
                rubric = new_markdown_cell(f"**{HEADING[language]}**\n\n{quoted}", metadata={MARK: True})
                rubric.id = f"rubric-{grade_id}"[:64]
                cells.append(rubric)
        nb.cells = cells
        return nb, resources
