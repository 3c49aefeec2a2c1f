"""A grading worker: a long-lived process that autogrades one submission at a time, in its own course.

The parent (grader.pool) starts one worker per job slot and sends it jobs as JSON lines on stdin; the
worker answers one line per job on its protocol pipe (fd 3 duplicated from the original stdout), while
nbgrader's logging goes to stderr (a log file). Keeping nbgrader imported between submissions is what
keeps the grading overhead small. For each job the worker:

1. makes `<job>/course/` (mode 700, so the kernel cannot even look inside): a copy of the template
   gradebook and the submission at `submitted/<student>/<week>/<notebook>.ipynb`;
2. runs nbgrader's Autograde converter with `TrustedExecute` (the student's kernel in grader.sandbox, the
   test cells in a trusted kernel, output caps, per-cell timeout) and `OverwriteCells.add_missing_cells`
   (deleted test cells come back): the same steps as plain `nbgrader autograde` with the course's config;
3. reads the scores back from that gradebook, and what happened in each graded cell (timeouts, errors)
   from the autograded notebook;
4. runs generate_feedback with `HideHiddenTests` and copies the HTML and the autograded notebook out.
"""
from __future__ import annotations

import json
import os
from dataclasses import asdict
import shutil
import sys
import time
import traceback
from pathlib import Path

import nbformat

from .course import course_config, nbgrader_meta, quiet_logs
from .jobs import Job, WorkerResult, death_reason


def _config(course: Path, job: Job):
    """The course's own nbgrader config (nbgrader_config.py: TrustedExecute, OverwriteCells, feedback),
    moved into the job's private course, with this job's limits and folders."""
    cfg = course_config(course, cell_timeout=job.cell_timeout)
    cfg.Execute.iopub_timeout = 10
    cfg.Execute.shutdown_kernel = "immediate"
    cfg.TrustedExecute.timeout = job.cell_timeout
    cfg.TrustedExecute.job_dir = str(Path(job.job_dir) / "kernels")
    cfg.TrustedExecute.report_path = str(Path(job.job_dir) / "execution.json")
    cfg.TrustedExecute.sandbox = "auto" if job.sandbox else "off"
    cfg.TrustedExecute.uid = job.uid or 0
    cfg.TrustedExecute.mem_mb = job.mem_mb
    cfg.TrustedExecute.cpu = job.cpu
    cfg.TrustedExecute.mplcache = job.mplcache
    cfg.TrustedExecute.keep_files = job.keep
    return cfg


def _cell_problems(nb_path: Path) -> list:
    """'<grade id or cell N>: what went wrong' for each cell that timed out, exited or failed to run."""
    problems = []
    if not nb_path.exists():
        return problems
    nb = nbformat.read(str(nb_path), as_version=4)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        meta = nbgrader_meta(cell)
        name = meta.get("grade_id") or f"cell {index + 1}"
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                ename = output.get("ename", "")
                if ename in ("CellTimeoutError", "KeyboardInterrupt"):
                    problems.append(f"{name}: timed out")
                elif ename == "SystemExit":
                    problems.append(f"{name}: called sys.exit() (the kernel went on)")
                elif not meta.get("grade"):
                    problems.append(f"{name}: raised {ename}")
    return list(dict.fromkeys(problems))


def _failure_reason(log: str, error: str, report: dict) -> str:
    text = (log or "") + "\n" + (error or "")
    if death_reason(report.get("death")):
        return death_reason(report.get("death"))
    if "DeadKernelError" in text or "Kernel died" in text or "kernel died" in text:
        return ("kernel died while running the notebook (a crash, os._exit(), a killed process or "
                "running out of memory)")
    if "CellTimeoutError" in text or "Timeout waiting" in text:
        return "the kernel stopped answering (time-out)"
    last = [line for line in text.strip().splitlines() if line.strip()]
    return "nbgrader could not grade it: " + (last[-1][:200] if last else "unknown error")


def grade_one(job: Job) -> WorkerResult:
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde, GenerateFeedback
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.utils import capture_log

    started = time.monotonic()
    student, week, nbname = job.student, job.week, job.notebook
    job_dir = Path(job.job_dir)
    course = job_dir / "course"
    if course.exists():
        shutil.rmtree(course)
    course.mkdir(parents=True)
    os.chmod(course, 0o700)
    shutil.copy2(job.gradebook, course / "gradebook.db")
    (course / "source" / week).mkdir(parents=True)
    source = Path(job.gradebook).parent / "source" / week / f"{nbname}.ipynb"   # the template course's
    if source.is_file():   # its written answers' model answers and rubrics, for the formgrader (grader.rubric)
        shutil.copyfile(source, course / "source" / week / f"{nbname}.ipynb")
    sub_dir = course / "submitted" / student / week
    sub_dir.mkdir(parents=True)
    shutil.copyfile(job.path, sub_dir / f"{nbname}.ipynb")
    report_path = job_dir / "execution.json"
    report_path.unlink(missing_ok=True)

    cfg = _config(course, job)
    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id, coursedir.student_id = week, student
    app = Autograde(coursedir=coursedir, config=cfg)
    app.force, app.create_student = True, True
    with quiet_logs():
        result = capture_log(app)
    try:
        report = json.loads(report_path.read_text())
    except (OSError, ValueError):
        report = {}
    out = WorkerResult(student=student, ok=bool(result["success"]), log=result.get("log", "")[-4000:],
                       sandbox=str(report.get("sandbox", "")))
    autograded = course / "autograded" / student / week / f"{nbname}.ipynb"
    if not result["success"]:
        out.reason = _failure_reason(result.get("log", ""), result.get("error", ""), report)
    with Gradebook(cfg.CourseDirectory.db_url, cfg.CourseDirectory.course_id) as gb:
        try:
            sub = gb.find_submission_notebook(nbname, week, student)
            for grade in sub.grades:
                out.max[grade.name] = grade.max_score
                out.scores[grade.name] = grade.auto_score
        except Exception as exc:  # no submission in the gradebook: autograde failed early
            out.notes.append(f"no grades recorded ({type(exc).__name__})")
    out.cells = _cell_problems(autograded) + [
        f"{gid or 'a cell'}: printed more than the grader keeps (output cut)" for gid in report.get("truncated_ids", [])]
    if report.get("student_stopped"):
        out.cells.append(report["student_stopped"])
    out_dir = Path(job.out_dir)
    if result["success"] and autograded.exists():
        (out_dir / "autograded").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(autograded, out_dir / "autograded" / f"{student}.ipynb")
        if job.feedback:
            fb = GenerateFeedback(coursedir=coursedir, config=cfg)
            fb.force = True
            with quiet_logs():
                fres = capture_log(fb)
            html = course / "feedback" / student / week / f"{nbname}.html"
            if fres["success"] and html.exists():
                (out_dir / "feedback").mkdir(parents=True, exist_ok=True)
                shutil.copyfile(html, out_dir / "feedback" / f"{student}.html")
            else:
                out.notes.append("feedback could not be generated: " +
                                 (fres.get("error") or fres.get("log", ""))[-300:])
    out.seconds = round(time.monotonic() - started, 3)
    if not job.keep:
        shutil.rmtree(course, ignore_errors=True)
    return out


def main() -> None:
    # import once per worker, not once per submission
    import nbgrader.api, nbgrader.converters, nbgrader.preprocessors, nbconvert.exporters  # noqa: E401,F401
    proto = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything printed by nbgrader or a library goes to the log, not the protocol
    sys.stdout = sys.stderr
    for line in sys.stdin:
        if not line.strip():
            continue
        job = Job(**json.loads(line))
        try:
            result = grade_one(job)
        except Exception:
            result = WorkerResult(student=job.student, reason="grader error: " + traceback.format_exc().strip()
                                  .splitlines()[-1][:200], log=traceback.format_exc()[-4000:])
        Path(job.job_dir, "result.json").write_text(json.dumps(asdict(result)))
        proto.write(json.dumps({"done": job.id}) + "\n")


if __name__ == "__main__":
    main()
