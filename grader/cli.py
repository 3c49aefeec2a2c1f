"""`python -m grader grade WEEK --submissions PATH [--jobs N] [--out DIR] [--timeout S] [--wall S]
[--record-in COURSE]`

Grades every submission of a week in parallel and writes, into OUT (default grading/<WEEK>/):
results.csv, results.json, summary.txt, summary.png, feedback/<student>.html (no hidden tests),
autograded/<student>.ipynb and logs/. With --record-in, the grades also go into that nbgrader course's
gradebook.db and autograded/ folder, where the formgrader shows them for grading the written answers.
`python -m grader scan NOTEBOOK...` runs only the tamper scan.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import gradebook, pool, preflight as pf, report, sandbox, scan, submissions
from .course import REPO, build_template, course_config
from .execute import mpl_font_cache
from .jobs import GradingSettings, Job, Row, WorkerResult


def grade_week(week: str, subs_path, *, out=None, settings: GradingSettings | None = None, source_root=None,
               quiet: bool = False, record_in=None) -> dict:
    """Grade a week; returns {"rows": [Row], "stats": {...}, "summary": text, "out": Path, "seconds": s}."""
    started = time.monotonic()
    settings = settings or GradingSettings()
    subs_path = Path(subs_path)
    source_root = Path(source_root or REPO / "source")
    out = Path(out or REPO / "grading" / week)
    if out.exists():
        for sub in ("feedback", "autograded", "logs"):
            shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    jobs = settings.jobs or os.cpu_count() or 1
    isolated, mode = sandbox.available()
    workdir = Path(tempfile.mkdtemp(prefix=f"grader-{week}-"))
    os.chmod(workdir, 0o711)
    try:
        tpl = build_template(week, workdir, source_root)
        subs = submissions.collect(subs_path, week, tpl.notebook, workdir)
        rows, job_list = {}, []
        # kernels share the cores: math threads (BLAS, TensorFlow's ops) and the CPU cap of each kernel =
        # cores / parallel kernels (more threads than that spin against each other on a busy machine)
        share = max(1, (os.cpu_count() or 1) // max(1, min(jobs, len(subs) or 1)))
        threads = str(share)
        env = {var: os.environ.get(var, threads) for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                             "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS")}
        mplcache = mpl_font_cache()
        for i, sub in enumerate(subs):
            row = Row(student=sub.student, max=sum(q.points for q in tpl.auto_questions),
                      submitted_at=sub.submitted_at, name=getattr(sub, "original", "") or "")
            rows[sub.student] = row
            if sub.problem or sub.path is None:
                row.status, row.reasons = "invalid", [sub.problem or "no notebook"]
                continue
            check = pf.preflight(sub.path, tpl)
            if check.fatal:
                row.status, row.reasons = "invalid", [check.fatal]
                continue
            row.reasons += check.notes
            row.flags += check.flags + scan.scan_notebook(check.nb, tpl)
            job_dir = workdir / "jobs" / f"{i:05d}"
            job_dir.mkdir(parents=True)
            os.chmod(job_dir, 0o711)
            # nbgrader grades the notebook as preflight read (and, where it had to, repaired) it
            clean = pf.write_clean(check, job_dir / "submission.ipynb")
            job_list.append(Job(id=sub.student, student=sub.student, week=week, notebook=tpl.notebook,
                                path=str(clean), gradebook=str(tpl.gradebook), job_dir=str(job_dir),
                                out_dir=str(out), cell_timeout=settings.cell_timeout, mem_mb=settings.mem_mb,
                                cpu=float(share),
                                sandbox=isolated, mplcache=mplcache, feedback=settings.feedback,
                                keep=settings.keep))
        progress = None
        if not quiet:
            from tqdm import tqdm
            progress = tqdm(total=len(job_list), desc=f"grading {week}", unit="nb", file=sys.stderr)
        results = pool.run_jobs(job_list, n_jobs=jobs, workdir=workdir, wall_timeout=settings.wall_timeout,
                                use_sandbox=isolated, progress=progress, env=env)
        if progress is not None:
            progress.close()
        logs = out / "logs"
        logs.mkdir(exist_ok=True)
        for student, res in results.items():
            _merge(rows[student], res, tpl)
            if res.log:
                (logs / f"{student}.log").write_text(res.log)
        ordered = [rows[s.student] for s in subs]
        text, stats = report.summary(ordered, tpl)
        if not isolated:
            text += f"\nWARNING: the students' kernels were NOT isolated ({mode}); see the README's grading section"
        meta = {"week": week, "jobs": jobs, "cell_timeout": settings.cell_timeout,
                "wall_timeout": settings.wall_timeout, "sandbox": mode if isolated else f"none: {mode}",
                "verdict": "trusted kernel (test cells never run in a student's kernel)",
                "date": dt.datetime.now().isoformat(timespec="seconds"),
                "seconds": round(time.monotonic() - started, 2)}
        report.write_csv(ordered, tpl, out / "results.csv")
        report.write_json(ordered, out / "results.json", meta)
        (out / "summary.txt").write_text(text + "\n")
        report.plot(stats, out / "summary.png", f"{week}: {len(ordered)} submissions")
        if record_in is not None:
            # after the reports, so that a gradebook problem never costs the grades themselves
            try:
                skipped = gradebook.record(ordered, week, tpl.notebook, out, Path(record_in))
                text += f"\nrecorded {len(ordered) - len(skipped)} submissions in {Path(record_in).resolve()}" \
                        f"/gradebook.db (open the formgrader for the written answers)"
                text += "".join(f"\n  {line}" for line in skipped)
            except gradebook.GradebookError as exc:
                text += f"\nNOT recorded in the gradebook: {exc}"
            (out / "summary.txt").write_text(text + "\n")
        return {"rows": ordered, "stats": stats, "summary": text, "out": out, "template": tpl,
                "seconds": time.monotonic() - started}
    finally:
        if not settings.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _merge(row: Row, res: WorkerResult, tpl) -> None:
    for q in tpl.questions:
        score = res.scores.get(q.grade_id)
        row.scores[q.grade_id] = (score or 0.0) if q.auto else score
    if res.timeout:
        row.status = "timeout"
    elif not res.ok:
        row.status = "failed"
    if row.status != "graded":
        for q in tpl.auto_questions:
            row.scores[q.grade_id] = 0.0
    if res.reason:
        row.reasons.append(res.reason)
    row.reasons += res.cells + res.notes
    row.total = sum(row.scores[q.grade_id] for q in tpl.auto_questions)
    row.seconds = res.seconds


def _jobs(text: str) -> int | None:
    return None if text in ("", "auto") else max(1, int(text))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    g = sub.add_parser("grade", help="autograde every submission of a week")
    g.add_argument("week", help="assignment folder under source/, e.g. week03_softmax")
    g.add_argument("--submissions", required=True,
                   help="nbgrader's submitted/ folder (or the course folder), a folder of <student>.ipynb, or a .zip")
    g.add_argument("--jobs", "-j", type=_jobs, default=None, help="parallel workers: a number or auto (every core)")
    g.add_argument("--out", default=None, help="output folder (default grading/<week>/)")
    g.add_argument("--timeout", type=int, default=None, help="seconds per cell (default 60)")
    g.add_argument("--wall", type=int, default=None, help="seconds per submission (default 600)")
    g.add_argument("--mem-mb", type=int, default=None, help="memory of one student's kernel, MB (default 4096)")
    g.add_argument("--no-feedback", action="store_true", help="skip the HTML feedback")
    g.add_argument("--source", default=None, help="the folder holding <week>/ with the source notebook "
                                                   "(default: the course's source/)")
    g.add_argument("--keep", action="store_true", help="keep the temporary course folders (debugging)")
    g.add_argument("--record-in", metavar="COURSE", default=None,
                   help="also record the grades in this nbgrader course (its gradebook.db and autograded/), "
                        "for the formgrader; `make grade` passes the course folder")
    s = sub.add_parser("scan", help="tamper scan of notebooks (no grading)")
    s.add_argument("week")
    s.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)

    if args.command == "grade":
        settings = GradingSettings(config=course_config(REPO))
        for trait, value in (("jobs", args.jobs), ("cell_timeout", args.timeout), ("wall_timeout", args.wall),
                             ("mem_mb", args.mem_mb)):
            if value is not None:
                setattr(settings, trait, value)
        settings.feedback = settings.feedback and not args.no_feedback
        settings.keep = settings.keep or args.keep
        result = grade_week(args.week, args.submissions, out=args.out, settings=settings, record_in=args.record_in,
                            source_root=args.source)
        print(result["summary"])
        out = result["out"]
        print(f"\nwrote {out / 'results.csv'}, {out / 'summary.png'}, {out / 'feedback'}/ "
              f"in {result['seconds']:.1f} s")
        return 0
    if args.command == "scan":
        workdir = Path(tempfile.mkdtemp(prefix="grader-scan-"))
        try:
            tpl = build_template(args.week, workdir)
            for path in args.notebooks:
                check = pf.preflight(Path(path), tpl)
                flags = check.flags + (scan.scan_notebook(check.nb, tpl) if check.nb is not None else [])
                print(f"{path}: {check.fatal or 'ok'}")
                for line in check.notes + flags:
                    print(f"  - {line}")
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        return 0
    return 1
