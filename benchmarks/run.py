"""`make bench`: how long the course takes to run and to grade, on this machine.

    python benchmarks/run.py [--week week01_perceptron] [--class-size 24] [--jobs N] [--skip-weeks]

Prints one table and writes benchmarks/RESULTS.md:
1. per week: plain execution of the source notebook (nbclient, one kernel, as the tests run it);
2. autograde time per submission with the trusted verdict (grader worker: the student's kernel in the
   sandbox, the test cells in a trusted kernel, graded functions called across; with and without the
   HTML feedback) vs plain nbclient execution of the same submitted notebook, and the ratio, for weeks 3
   and 7 (--verdict-weeks);
3. a class of N submissions of one week (solved, stub and one-function-wrong students, in turn)
   graded serially (--jobs 1) and in parallel (--jobs = every core), and the speedup;
4. naive vs vectorised, with the reference solutions: week 6's conv2d_naive (loops) vs conv2d (sliding
   windows) vs tf.nn.conv2d, and week 4's numerical gradient vs backpropagation as the network grows;
5. start-up costs every test and grading process pays: a fresh interpreter importing nbformat, TensorFlow,
   and an `nbgrader` command doing nothing (--only-startup prints just these).
Nothing here is asserted; the tests do not time anything.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from classroom import Classroom, reference_namespace  # noqa: E402  (test scaffolding, not shipped)
from conftest import WEEKS  # noqa: E402  (the English weeks of source/)
from grader.cli import grade_week  # noqa: E402
from grader.course import build_template, find_notebook  # noqa: E402
from grader.jobs import GradingSettings  # noqa: E402


def settings(jobs: int, feedback: bool = True) -> GradingSettings:
    return GradingSettings(jobs=jobs, feedback=feedback, cell_timeout=300, wall_timeout=1800)


def plain_execution(path: Path, workdir: Path) -> float:
    nb = nbformat.read(str(path), as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(workdir)}}).execute()
    return time.perf_counter() - start


def best_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def speedups() -> list[str]:
    """Naive vs vectorised figures, from the reference solutions of weeks 6 and 4 (where present)."""
    import numpy as np

    lines = []
    cnn = ROOT / "source" / "week06_cnn"
    if cnn.is_dir():
        ref = reference_namespace(find_notebook(cnn))
        tf = ref["tf"]
        rng = np.random.default_rng(0)
        lines += ["Convolution, NHWC, 3×3 filters, padding 1 (best of several runs; reference solutions of week 6):",
                  "",
                  "| input → filters | naive loops (ms) | vectorised (ms) | tf.nn.conv2d (ms) | naive / vectorised |",
                  "|---|---:|---:|---:|---:|"]
        for n, size, c_in, c_out in ((2, 28, 1, 8), (8, 28, 3, 16), (16, 32, 16, 32)):
            x = rng.normal(size=(n, size, size, c_in)).astype(np.float32)
            W = rng.normal(size=(3, 3, c_in, c_out)).astype(np.float32)
            b = np.zeros(c_out, np.float32)
            naive = best_time(lambda: ref["conv2d_naive"](x, W, b, pad=1), 2)
            vec = best_time(lambda: ref["conv2d"](x, W, b, pad=1), 20)
            tfc = best_time(lambda: tf.nn.conv2d(x, W, strides=1, padding="SAME").numpy() + b, 20)
            lines.append(f"| {x.shape} → {c_out} | {naive * 1e3:.1f} | {vec * 1e3:.2f} | {tfc * 1e3:.2f} | "
                         f"{naive / vec:.0f}× |")
            print(f"  conv {x.shape}->{c_out}: naive {naive * 1e3:.1f} ms, vectorised {vec * 1e3:.2f} ms, "
                  f"tf {tfc * 1e3:.2f} ms", flush=True)
        lines.append("")
    backprop = ROOT / "source" / "week04_backprop"
    if backprop.is_dir():
        ref = reference_namespace(find_notebook(backprop))
        rng = np.random.default_rng(0)
        lines += ["Gradient of a two-layer net's loss (32 samples, 10 classes): numerical (central differences, "
                  "2 forward passes per parameter) vs backpropagation (week 4's reference):", "",
                  "| D = H | parameters | numerical (ms) | backprop (ms) | numerical / backprop |",
                  "|---:|---:|---:|---:|---:|"]
        for width in (8, 32, 64):
            params = {"W1": rng.normal(size=(width, width)), "b1": np.zeros(width),
                      "W2": rng.normal(size=(width, 10)), "b2": np.zeros(10)}
            X, y = rng.normal(size=(32, width)), rng.integers(0, 10, size=32)

            def numerical():
                for key in params:
                    ref["numerical_gradient"](lambda _: ref["two_layer_net_loss"](params, X, y)[0], params[key])

            slow = best_time(numerical, 1)
            fast = best_time(lambda: ref["two_layer_net_loss"](params, X, y), 20)
            count = sum(p.size for p in params.values())
            lines.append(f"| {width} | {count:,} | {slow * 1e3:.1f} | {fast * 1e3:.3f} | {slow / fast:,.0f}× |")
            print(f"  gradient, {count} parameters: numerical {slow * 1e3:.1f} ms, backprop {fast * 1e3:.3f} ms",
                  flush=True)
        lines.append("")
    return lines


def startups(repeat: int = 3) -> list[str]:
    """Wall time of fresh processes (median of `repeat`): what each nbgrader command, kernel or worker pays."""
    import subprocess

    python, nbgrader = sys.executable, str(Path(sys.executable).parent / "nbgrader")
    commands = [("python -c 'import nbformat'", [python, "-c", "import nbformat"]),
                ("python -c 'import tensorflow'", [python, "-c", "import tensorflow"]),
                ("nbgrader --version", [nbgrader, "--version"])]
    lines = ["Start-up of a fresh process (median of %d):" % repeat, "", "| command | wall time (s) |", "|---|---:|"]
    for label, command in commands:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=True)
            times.append(time.perf_counter() - start)
        lines.append(f"| `{label}` | {statistics.median(times):.2f} |")
        print(f"  {label}: {statistics.median(times):.2f} s", flush=True)
    return lines + [""]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Python "
            f"{platform.python_version()}, load average {load:.1f} at start, "
            f"{dt.datetime.now().isoformat(timespec='minutes')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--week", default=None, help="week graded in part 3 (default: week01 or the first)")
    parser.add_argument("--verdict-weeks", default="week03_softmax,week07_regularization",
                        help="weeks of part 2 (comma-separated)")
    parser.add_argument("--class-size", type=int, default=24)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--repeat", type=int, default=3, help="submissions timed for the per-submission figures")
    parser.add_argument("--skip-weeks", action="store_true", help="skip part 1")
    parser.add_argument("--only-speedups", action="store_true", help="run part 4 only (prints; RESULTS.md untouched)")
    parser.add_argument("--only-startup", action="store_true", help="run part 5 only (prints; RESULTS.md untouched)")
    args = parser.parse_args()

    if args.only_speedups or args.only_startup:
        print("\n".join(speedups() if args.only_speedups else startups()))
        return
    weeks = WEEKS
    week = args.week or ("week01_perceptron" if "week01_perceptron" in weeks else weeks[0])
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    lines = [f"Machine: {machine()}", ""]
    print(lines[0], flush=True)
    try:
        # 1. per-week source execution
        if not args.skip_weeks:
            lines += ["| week | source notebook executes (s) |", "|---|---:|"]
            for w in weeks:
                seconds = plain_execution(find_notebook(ROOT / "source" / w), work)
                lines.append(f"| {w} | {seconds:.1f} |")
                print(f"  {w}: source executes in {seconds:.1f} s", flush=True)
            lines.append("")

        # 2. autograde per submission (trusted verdict) vs plain execution of the same notebook
        lines += ["Per submission, solved notebook (median of each), the trusted verdict against one plain kernel:",
                  "", "| week | plain nbclient execution (s) | autograde, trusted verdict (s) | × plain | "
                      "+ HTML feedback (s) | × plain |", "|---|---:|---:|---:|---:|---:|"]
        for vweek in [w for w in args.verdict_weeks.split(",") if w in weeks]:
            vtpl = build_template(vweek, work / f"tpl-{vweek}")
            vroom = Classroom(vtpl, find_notebook(ROOT / "source" / vweek))
            one = work / f"one-{vweek}"
            one.mkdir()
            nbformat.write(vroom.solved(), str(one / "solved.ipynb"))
            plain, auto, auto_fb = [], [], []
            for i in range(args.repeat):  # interleaved, so that a busy machine weighs on both alike
                plain.append(plain_execution(one / "solved.ipynb", work))
                auto.append(grade_week(vweek, one, out=work / "o1", settings=settings(1, False), quiet=True)
                            ["rows"][0]["seconds"])
                auto_fb.append(grade_week(vweek, one, out=work / "o2", settings=settings(1, True), quiet=True)
                               ["rows"][0]["seconds"])
            p, a, f = statistics.median(plain), statistics.median(auto), statistics.median(auto_fb)
            lines.append(f"| {vweek} | {p:.2f} | {a:.2f} | {a / p:.2f} | {f:.2f} | {f / p:.2f} |")
            print(f"  {vweek} per submission: plain {p:.2f} s, trusted autograde {a:.2f} s ({a / p:.2f}x), "
                  f"with feedback {f:.2f} s ({f / p:.2f}x)", flush=True)
        lines.append("")
        tpl = build_template(week, work / "tpl")
        room = Classroom(tpl, find_notebook(ROOT / "source" / week))
        p = statistics.median(plain_execution(find_notebook(ROOT / "source" / week), work) for _ in range(1))

        # 3. a class, serial vs parallel
        cls = work / "class"
        cls.mkdir()
        kinds = [("solved", lambda: room.solved()), ("stub", room.stub),
                 ("wrong", lambda: room.solved(wrong=(room.functions[-1],)))]
        for i in range(args.class_size):
            kind, make = kinds[i % len(kinds)]
            nbformat.write(make(), str(cls / f"student{i:02d}_{kind}.ipynb"))
        timings = {}
        scores = {}
        for jobs in (1, args.jobs):
            start = time.perf_counter()
            res = grade_week(week, cls, out=work / f"class{jobs}", settings=settings(jobs), quiet=True)
            timings[jobs] = time.perf_counter() - start
            scores[jobs] = [(r["student"], r["scores"], r["status"]) for r in res["rows"]]
            print(f"  {args.class_size} submissions, --jobs {jobs}: {timings[jobs]:.1f} s", flush=True)
        same = scores[1] == scores[args.jobs]
        speedup = timings[1] / timings[args.jobs]
        lines += [f"A class of {args.class_size} submissions of {week} (with feedback):", "",
                  "| grading | wall time (s) | per submission (s) | per submission / plain execution |",
                  "|---|---:|---:|---:|",
                  f"| serial (--jobs 1) | {timings[1]:.1f} | {timings[1] / args.class_size:.2f} | "
                  f"{timings[1] / args.class_size / p:.2f} |",
                  f"| parallel (--jobs {args.jobs}) | {timings[args.jobs]:.1f} | "
                  f"{timings[args.jobs] / args.class_size:.2f} | {timings[args.jobs] / args.class_size / p:.2f} |",
                  f"| speedup | {speedup:.2f}× | |", "",
                  f"Serial and parallel scores identical: {'yes' if same else 'NO'}.", ""]
        print(f"  speedup {speedup:.2f}x; same scores: {same}", flush=True)

        # 4. naive vs vectorised
        lines += speedups()
        # 5. start-up of the processes everything else is made of
        lines += startups()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    text = ("# Benchmarks\n\nWritten by `make bench` (`python benchmarks/run.py`). Wall-clock figures of one run; "
            "on a shared machine (see the load average) they move by a few tens of per cent between runs.\n\n"
            + "\n".join(lines) + "\n")
    (ROOT / "benchmarks" / "RESULTS.md").write_text(text)
    print()
    print("\n".join(lines))
    print(f"wrote {ROOT / 'benchmarks' / 'RESULTS.md'}")


if __name__ == "__main__":
    main()
