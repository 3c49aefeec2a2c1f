"""Record a graded class in the course's own nbgrader gradebook, so that the formgrader shows it.

Each submission is autograded in a temporary course of its own (parallel, nothing shared, see cli.py).
Afterwards, one at a time, `record` writes into the instructor's course what `nbgrader autograde` would
have written there: the student and the submission in `gradebook.db` (with the time from nbgrader's
`timestamp.txt` where it was collected) and the autograded notebook in
`autograded/<student>/<week>/<notebook>.ipynb`. The scores come from nbgrader's own `SaveAutoGrades`
reading that notebook's outputs, so the formgrader shows what results.csv shows; written answers wait for
manual grading, and a manual score already given is kept (nbgrader then asks for a review, as it does).
Only submissions that were graded are recorded; the others keep their reason in the report.
"""
from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import nbformat


class GradebookError(RuntimeError):
    pass


def record(rows: list[dict], week: str, notebook: str, out: Path, course: Path) -> list[str]:
    """Record every graded row; returns one line per submission that was not recorded, with why."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.preprocessors import SaveAutoGrades

    course = Path(course).resolve()
    db = course / "gradebook.db"
    url = f"sqlite:///{db}"
    if not db.exists():
        raise GradebookError(f"no gradebook at {db}: run `make release` (nbgrader generate_assignment) first")
    with Gradebook(url) as gb:
        try:
            gb.find_assignment(week)
        except MissingEntry:
            raise GradebookError(f"{db} has no assignment {week}: run `make release` first") from None
    skipped = []
    for row in rows:
        student, graded = row["student"], Path(out) / "autograded" / f"{row['student']}.ipynb"
        if row["status"] != "graded" or not graded.exists():
            why = row["reasons"][0] if row["reasons"] else "no notebook"
            skipped.append(f"{student}: not recorded ({row['status']}: {why})")
            continue
        dest = course / "autograded" / student / week / f"{notebook}.ipynb"
        stamp = row.get("submitted_at")
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(graded, dest)
            with Gradebook(url) as gb, warnings.catch_warnings():
                # nbgrader's own add_submission trips SQLAlchemy autoflush warnings that tell an instructor nothing
                warnings.filterwarnings("ignore", message=".*not in session.*")
                gb.update_or_create_student(student)
                gb.update_or_create_submission(week, student, **({"timestamp": stamp} if stamp else {}))
            resources = {"nbgrader": {"notebook": notebook, "assignment": week, "student": student, "db_url": url}}
            SaveAutoGrades().preprocess(nbformat.read(str(dest), as_version=4), resources)
        except Exception as exc:  # noqa: BLE001 - one student's record must not stop the others'
            skipped.append(f"{student}: not recorded ({type(exc).__name__}: {exc})")
    return skipped
