"""Write the course overview from the source notebooks, so it never drifts from them.

- README.md: the table of weeks (topic, graded functions, points, Colab badge) between the markers
  `<!-- weeks:start -->` and `<!-- weeks:end -->`; README.ko.md: the same table for the Korean assignments;
- docs/OVERVIEW.md: each week's learning goals, prerequisites, graded functions with their points,
  and written answers.

    python tools/overview.py          # rewrite both
    python tools/overview.py --check  # exit 1 if either is stale (tests/test_repo.py runs this)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
from release import BADGE_IMAGE, colab_url, english_weeks, student_repository  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- weeks:start -->", "<!-- weeks:end -->"


def week_info(path: Path) -> dict:
    nb = nbformat.read(str(path), as_version=4)
    title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
    number, _, topic = title.partition(" — ")
    goals, prerequisites = "", ""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "## Learning goals" in cell.source:
            text = cell.source.split("## Learning goals", 1)[1]
            goals_part, _, rest = text.partition("**Prerequisites")
            goals = "\n".join(line for line in goals_part.strip().splitlines() if not line.startswith("#"))
            prerequisites = re.sub(r"^[:*\s]+", "", rest).split("\n\n")[0].strip()
            break
    graded, written, signatures = [], [], {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if gid.startswith("answer_"):
            name = gid[len("answer_"):]
            found = re.search(rf"^def {re.escape(name)}\((.*?)\)\s*(->\s*[^:]+)?:", cell.source, re.S | re.M)
            if found:
                args = " ".join(found.group(1).split()).rstrip(",")
                signatures[name] = f"{name}({args})" + (f" {' '.join(found.group(2).split())}" if found.group(2) else "")
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and meta["grade_id"].startswith("test_"):
            graded.append((meta["grade_id"][len("test_"):], meta["points"]))
        elif meta.get("grade"):
            written.append((meta["grade_id"], meta["points"]))
    return {"week": path.parent.name, "name": path.name, "number": number, "topic": topic, "goals": goals,
            "prerequisites": prerequisites, "graded": graded, "written": written, "signatures": signatures,
            "points": sum(p for _, p in graded + written)}


def weeks(suffix: str = "") -> list[dict]:
    """Every week's facts, from the English notebooks, or from the Korean assignments with suffix "_ko"."""
    return [week_info(p) for week in english_weeks() for p in sorted((ROOT / "source" / f"{week}{suffix}").glob("*.ipynb"))]


def _points(value: float) -> str:
    return f"{value:g}"


LABELS = {"en": ("| Week | Topic | Graded functions | Points | Open |", "Week ", "Course total"),
          "ko": ("| 주차 | 주제 | 채점하는 함수 | 점수 | 열기 |", "주차", "과정 합계")}


def readme_table(infos: list[dict], repo: str, folder: str = "release/", language: str = "en") -> str:
    """The table of weeks; `folder` is where the notebooks sit beside the README ("" in the student edition)."""
    header, week_word, total_label = LABELS[language]
    rows = [header, "|---|---|---|---|---|"]
    for w in infos:
        functions = ", ".join(f"`{fn}`" for fn, _ in w["graded"])
        badge = f"[![Open In Colab]({BADGE_IMAGE})]({colab_url(repo, w['week'], w['name'])})"
        rows.append(f"| {w['number'].replace(week_word, '').strip()} | [{w['topic']}]({folder}{w['week']}/{w['name']}) | "
                    f"{functions} | {_points(w['points'])} | {badge} |")
    total = sum(w["points"] for w in infos)
    rows.append(f"| | **{total_label}** | | **{_points(total)}** | |")
    return "\n".join(rows)


def overview(infos: list[dict]) -> str:
    total = sum(w["points"] for w in infos)
    parts = ["# Course overview", "",
             "Generated from the source notebooks by `python tools/overview.py` (run by `make release`); "
             "do not edit by hand.", "",
             f"{len(infos)} weeks, {_points(total)} points: every week is worth "
             f"{_points(infos[0]['points']) if infos else 0} points, autograded tests plus written answers "
             "graded by the instructor.", ""]
    for w in infos:
        parts += [f"## {w['number']} — {w['topic']} (`{w['week']}`, {_points(w['points'])} points)", ""]
        if w["prerequisites"]:
            parts += [f"**Prerequisites:** {w['prerequisites']}", ""]
        parts += ["**Learning goals**", "", w["goals"], "",
                  "| Graded function (signature) | Points |", "|---|---|"]
        parts += [f"| `{w['signatures'].get(fn, fn)}` | {_points(p)} |" for fn, p in w["graded"]]
        parts += [f"| written answer `{gid}` (manually graded) | {_points(p)} |" for gid, p in w["written"]]
        parts.append("")
    return "\n".join(parts)


def with_table(path: Path, table: str) -> str:
    """The text of `path` with `table` between its markers."""
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{path.name} lacks the markers {START} ... {END}")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{table}\n{END}{tail}"


def render() -> dict[Path, str]:
    infos, repo = weeks(), student_repository()
    out = {ROOT / "README.md": with_table(ROOT / "README.md", readme_table(infos, repo)),
           ROOT / "docs" / "OVERVIEW.md": overview(infos)}
    korean = weeks("_ko")
    if korean:  # README.ko.md lists the Korean assignments
        out[ROOT / "README.ko.md"] = with_table(ROOT / "README.ko.md", readme_table(korean, repo, language="ko"))
    return out


def main(argv: list[str]) -> int:
    stale = []
    for path, text in render().items():
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current != text:
            if "--check" in argv:
                stale.append(path)
            else:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
    for path in stale:
        print(f"stale: {path.relative_to(ROOT)} (run python tools/overview.py or make release)")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
