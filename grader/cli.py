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
from .course import REPO, build_template

DEFAULT_CELL_TIMEOUT = 60
DEFAULT_WALL = 600


def _mpl_font_cache() -> str:
    try:
        import matplotlib
        from matplotlib import font_manager
        path = Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
        return str(path) if path.exists() else ""
    except Exception:
        return ""


def _hide_paths(subs_path: Path, out: Path, source_root: Path) -> list[str]:
    # what a kernel must not read: hidden tests (source/, and git history), reference solutions and
    # mutants (tests/), gradebooks, other students' work, earlier results
    hide = [source_root, REPO / "source", REPO / ".git", REPO / "tests", REPO / "gradebook.db",
            REPO / "submitted", REPO / "autograded", REPO / "feedback", REPO / ".exchange", REPO / "grading",
            subs_path.resolve(), out.resolve()]
    if subs_path.name == "submitted":
        hide.append(subs_path.resolve().parent / "gradebook.db")
    if (subs_path / "gradebook.db").exists():
        hide.append(subs_path / "gradebook.db")
    unique = []
    for p in hide:
        p = str(Path(p).resolve())
        if os.path.exists(p) and p not in unique and p != "/" and not p.startswith("/tmp"):
            unique.append(p)
    return unique


def grade_week(week: str, subs_path, *, out=None, jobs: int | None = None,
               cell_timeout: int = DEFAULT_CELL_TIMEOUT, wall_timeout: int = DEFAULT_WALL,
               feedback: bool = True, source_root=None, quiet: bool = False, keep: bool = False,
               record_in=None) -> dict:
    """Grade a week; returns {"rows": [...], "stats": {...}, "summary": text, "out": Path, "seconds": s}."""
    started = time.monotonic()
    subs_path = Path(subs_path)
    source_root = Path(source_root or REPO / "source")
    out = Path(out or REPO / "grading" / week)
    if out.exists():
        for sub in ("feedback", "autograded", "logs"):
            shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    use_sandbox = sandbox.sandbox_mode() == "uid"
    workdir = Path(tempfile.mkdtemp(prefix=f"grader-{week}-"))
    os.chmod(workdir, 0o711)
    try:
        tpl = build_template(week, workdir, source_root)
        subs = submissions.collect(subs_path, week, tpl.notebook, workdir)
        rows, job_list = {}, []
        # kernels share the cores: BLAS threads per kernel = cores / parallel kernels
        threads = str(max(1, (os.cpu_count() or 1) // max(1, min(jobs, len(subs) or 1))))
        env = {var: os.environ.get(var, threads) for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
                                                             "MKL_NUM_THREADS")}
        mplcache = _mpl_font_cache()
        hide = _hide_paths(subs_path, out, source_root)
        for i, sub in enumerate(subs):
            row = {"student": sub.student, "status": "graded", "scores": {}, "total": 0.0,
                   "max": sum(q.points for q in tpl.auto_questions), "reasons": [], "flags": [], "seconds": 0.0,
                   "submitted_at": sub.submitted_at}
            rows[sub.student] = row
            if sub.problem or sub.path is None:
                row.update(status="invalid", reasons=[sub.problem or "no notebook"])
                continue
            check = pf.preflight(sub.path, tpl)
            if check.fatal:
                row.update(status="invalid", reasons=[check.fatal])
                continue
            row["reasons"] += check.notes
            row["flags"] += check.flags + scan.scan_notebook(check.nb, tpl)
            job_dir = workdir / "jobs" / f"{i:05d}"
            job_dir.mkdir(parents=True)
            os.chmod(job_dir, 0o711)
            job_list.append({"id": sub.student, "student": sub.student, "week": week, "notebook": tpl.notebook,
                             "path": str(sub.path.resolve()), "gradebook": str(tpl.gradebook),
                             "job_dir": str(job_dir), "out_dir": str(out), "cell_timeout": cell_timeout,
                             "cpu_s": wall_timeout + 30, "hide": hide, "mplcache": mplcache,
                             "feedback": feedback, "keep": keep})
        progress = None
        if not quiet:
            from tqdm import tqdm
            progress = tqdm(total=len(job_list), desc=f"grading {week}", unit="nb", file=sys.stderr)
        results = pool.run_jobs(job_list, n_jobs=jobs, workdir=workdir, wall_timeout=wall_timeout,
                                use_sandbox=use_sandbox, progress=progress, env=env)
        if progress is not None:
            progress.close()
        logs = out / "logs"
        logs.mkdir(exist_ok=True)
        for student, res in results.items():
            _merge(rows[student], res, tpl)
            if res.get("log"):
                (logs / f"{student}.log").write_text(res["log"])
        ordered = [rows[s.student] for s in subs]
        text, stats = report.summary(ordered, tpl)
        if not use_sandbox:
            text += "\nWARNING: not running as root, so submissions were NOT isolated (see grader/sandbox.py)"
        meta = {"week": week, "jobs": jobs, "cell_timeout": cell_timeout, "wall_timeout": wall_timeout,
                "sandbox": "uid+mounts+network" if use_sandbox else "none", "date": dt.datetime.now().isoformat(
                    timespec="seconds"), "seconds": round(time.monotonic() - started, 2)}
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
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def _merge(row: dict, res: dict, tpl) -> None:
    for q in tpl.questions:
        score = res.get("scores", {}).get(q.grade_id)
        row["scores"][q.grade_id] = (score or 0.0) if q.auto else score
    if res.get("timeout"):
        row["status"] = "timeout"
    elif not res.get("ok"):
        row["status"] = "failed"
    if row["status"] != "graded":
        for q in tpl.auto_questions:
            row["scores"][q.grade_id] = 0.0
    if res.get("reason"):
        row["reasons"].append(res["reason"])
    row["reasons"] += res.get("cells") or []
    row["reasons"] += res.get("notes", [])
    row["total"] = sum(row["scores"][q.grade_id] for q in tpl.auto_questions)
    row["seconds"] = res.get("seconds", 0.0)


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
    g.add_argument("--timeout", type=int, default=DEFAULT_CELL_TIMEOUT, help="seconds per cell (default 60)")
    g.add_argument("--wall", type=int, default=DEFAULT_WALL, help="seconds per submission (default 600)")
    g.add_argument("--no-feedback", action="store_true", help="skip the HTML feedback")
    g.add_argument("--keep", action="store_true", help="keep the temporary course folders (debugging)")
    g.add_argument("--record-in", metavar="COURSE", default=None,
                   help="also record the grades in this nbgrader course (its gradebook.db and autograded/), "
                        "for the formgrader; `make grade` passes the course folder")
    s = sub.add_parser("scan", help="tamper scan of notebooks (no grading)")
    s.add_argument("week")
    s.add_argument("notebooks", nargs="+")
    args = parser.parse_args(argv)

    if args.command == "grade":
        result = grade_week(args.week, args.submissions, out=args.out, jobs=args.jobs, cell_timeout=args.timeout,
                            wall_timeout=args.wall, feedback=not args.no_feedback, keep=args.keep,
                            record_in=args.record_in)
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
