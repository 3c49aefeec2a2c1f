"""What the instructor reads: results.csv, results.json, summary.txt and summary.png.

results.csv has one row per student: status (graded / invalid / failed / timeout), one column per
autograded test cell (its score), each written answer (empty: graded by hand in the formgrader),
total and max of the autograded part, `review` (yes when the tamper scan or the preflight flagged
something), the reasons (what went wrong, in words) and the flags.
"""
from __future__ import annotations

import csv
import dataclasses
import json
import statistics
from collections import Counter
from pathlib import Path

from .course import Template


def _fmt(x) -> str:
    if x is None:
        return ""
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def write_csv(rows: list[dict], tpl: Template, path: Path) -> None:
    auto = [q.grade_id for q in tpl.auto_questions]
    manual = [q.grade_id for q in tpl.questions if not q.auto]
    header = ["student", "status"] + auto + [f"{m} (manual)" for m in manual] + \
             ["total", "max", "review", "reasons", "flags"]
    with open(path, "w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        for row in rows:
            writer.writerow([row["student"], row["status"]] + [_fmt(row["scores"].get(g)) for g in auto] +
                            [_fmt(row["scores"].get(m)) for m in manual] +
                            [_fmt(row["total"]), _fmt(row["max"]), "yes" if row["flags"] else "",
                             "; ".join(row["reasons"]), "; ".join(row["flags"])])


def write_json(rows: list, path: Path, meta: dict) -> None:
    data = [dataclasses.asdict(r) if dataclasses.is_dataclass(r) else r for r in rows]
    path.write_text(json.dumps({"meta": meta, "students": data}, indent=1, default=str))


def summary(rows: list[dict], tpl: Template) -> tuple[str, dict]:
    """A printable table (mean, median, distribution per graded function) and the numbers behind it."""
    stats = {}
    lines = [f"{'question':<28} {'points':>6} {'mean':>6} {'median':>6} {'full':>5} {'zero':>5}  distribution (score: students)"]
    columns = [(q.grade_id, q.points) for q in tpl.auto_questions] + \
              [("total", sum(q.points for q in tpl.auto_questions))]
    for gid, points in columns:
        values = [(r["total"] if gid == "total" else r["scores"].get(gid)) or 0.0 for r in rows]
        if not values:
            continue
        dist = Counter(values)
        stats[gid] = {"points": points, "mean": statistics.fmean(values), "median": statistics.median(values),
                      "full": sum(v >= points for v in values), "zero": sum(v == 0 for v in values),
                      "distribution": {f"{k:g}": v for k, v in sorted(dist.items())}}
        s = stats[gid]
        dist_text = "  ".join(f"{k}:{v}" for k, v in s["distribution"].items())
        lines.append(f"{gid:<28} {points:>6g} {s['mean']:>6.2f} {s['median']:>6.2f} {s['full']:>5} {s['zero']:>5}  {dist_text}")
    status = Counter(r["status"] for r in rows)
    review = sum(bool(r["flags"]) for r in rows)
    lines.append("")
    lines.append(f"{len(rows)} submissions: " + ", ".join(f"{v} {k}" for k, v in sorted(status.items())) +
                 f"; {review} flagged for review")
    return "\n".join(lines), stats


def plot(stats: dict, path: Path, title: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(stats)
    cols = min(4, len(names)) or 1
    rows_n = (len(names) + cols - 1) // cols
    fig, axes = plt.subplots(rows_n, cols, figsize=(3.6 * cols, 2.8 * rows_n), squeeze=False)
    for ax in axes.flat[len(names):]:
        ax.axis("off")
    for ax, name in zip(axes.flat, names):
        s = stats[name]
        xs = [float(k) for k in s["distribution"]]
        ys = list(s["distribution"].values())
        width = max(s["points"] / 12, 0.15)
        ax.bar(xs, ys, width=width, color="#d62728" if name == "total" else "#1f77b4")
        ax.set_xlim(-width, s["points"] + width)
        ax.set_title(f"{name}\nmean {s['mean']:.2f}, median {s['median']:.2f} / {s['points']:g}", fontsize=9)
        ax.set_xlabel("score", fontsize=8)
        ax.set_ylabel("students", fontsize=8)
        ax.tick_params(labelsize=8)
    fig.suptitle(title, fontsize=11)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
