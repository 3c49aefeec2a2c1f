"""Grade many submissions at once: one worker process per slot, a hard wall-clock limit per submission.

Each slot owns a `python -m grader.worker` process (nbgrader stays imported between submissions) and
a uid of its own for the kernels it runs. A submission that runs past `wall_timeout` gets its worker's
whole process group and every process of the slot's uid killed; the slot starts a fresh worker for the
next submission. Every submission has its own course folder and gradebook copy, so parallel grading
has nothing to lock and gives the same scores as grading one by one.
"""
from __future__ import annotations

import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import sandbox
from .execute import cleanup_job
from .jobs import Job, WorkerResult

REPO = Path(__file__).resolve().parent.parent


class Slot:
    def __init__(self, index: int, workdir: Path, uid: int | None, env: dict | None = None):
        self.index, self.workdir, self.uid, self.extra_env = index, workdir, uid, env or {}
        self.proc: subprocess.Popen | None = None
        self.job_dir: str | None = None   # the job being graded, for a cleanup after a kill
        self.log_path = workdir / f"worker-{index}.log"

    def _start(self) -> None:
        env = dict(os.environ, **self.extra_env)
        env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
        env.setdefault("MPLBACKEND", "Agg")
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen([sys.executable, "-m", "grader.worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=open(self.log_path, "ab"),
                                     cwd=str(self.workdir), env=env, start_new_session=True)

    def stop(self, job_dir: str | None = None) -> None:
        """Kill the worker and everything its current job started (trusted kernel, sandbox, cgroup)."""
        job_dir = job_dir or self.job_dir
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
            self.proc.wait()
            self.proc = None
        if job_dir:
            cleanup_job(Path(job_dir) / "kernels")
        if self.uid:
            sandbox.kill_uid(self.uid)

    def run(self, job: Job, wall_timeout: float) -> WorkerResult:
        """Send one job; return the worker's result, or a failure that says why."""
        if self.proc is None or self.proc.poll() is not None:
            self._start()
        self.job_dir = job.job_dir
        deadline = time.monotonic() + wall_timeout
        try:
            self.proc.stdin.write((json.dumps(job.to_json()) + "\n").encode())
            self.proc.stdin.flush()
        except OSError:
            self.stop(job.job_dir)
            return WorkerResult(student=job.student, reason="grading worker could not start")
        fd = self.proc.stdout.fileno()
        buf = b""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop(job.job_dir)
                return WorkerResult(student=job.student, timeout=True,
                                    reason=f"submission ran past the {wall_timeout:.0f} s limit and was stopped")
            ready, _, _ = select.select([fd], [], [], min(left, 1.0))
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                code = self.proc.poll()
                self.stop(job.job_dir)
                return WorkerResult(student=job.student, reason=f"grading worker died (exit {code}); see {self.log_path}")
            buf += chunk
            if b"\n" in buf:
                break
        cleanup_job(Path(job.job_dir) / "kernels")
        self.job_dir = None
        if self.uid:
            sandbox.kill_uid(self.uid)  # daemons or forks the submission left behind
        try:
            return WorkerResult.from_json(json.loads((Path(job.job_dir) / "result.json").read_text()))
        except (OSError, ValueError, TypeError):
            return WorkerResult(student=job.student, reason="grading worker wrote no result")


def run_jobs(jobs: list[Job], *, n_jobs: int, workdir: Path, wall_timeout: float, use_sandbox: bool,
             progress=None, env: dict | None = None) -> dict[str, WorkerResult]:
    """Grade `jobs` with `n_jobs` slots; returns {job id: result}."""
    n_jobs = max(1, min(n_jobs, len(jobs) or 1))
    base = sandbox.uid_base() if use_sandbox else None
    slots = [Slot(i, workdir, base + i if base else None, env) for i in range(n_jobs)]
    todo: queue.Queue = queue.Queue()
    for job in jobs:
        todo.put(job)
    results: dict = {}
    lock = threading.Lock()

    def serve(slot: Slot):
        while True:
            try:
                job = todo.get_nowait()
            except queue.Empty:
                return
            job.uid = slot.uid
            started = time.monotonic()
            try:
                result = slot.run(job, wall_timeout)
            except Exception as exc:  # never lose a submission to a grader bug
                slot.stop(job.job_dir)
                result = WorkerResult(student=job.student, reason=f"grader error: {type(exc).__name__}: {exc}")
            result.seconds = result.seconds or round(time.monotonic() - started, 3)
            with lock:
                results[job.id] = result
                if progress is not None:
                    progress.update(1)

    threads = [threading.Thread(target=serve, args=(s,), daemon=True) for s in slots]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for slot in slots:
            slot.stop()
    return results
