"""The class deployment end to end (deploy/): a real JupyterHub on loopback with real Unix accounts.

The instructor releases a week through nbgrader's exchange; each student's own server (started by the hub as
that user) fetches it through the nbgrader server extension's HTTP endpoints, the student works (the reference,
one wrong function, nothing), submits; the instructor collects, grades (`deploy/grade.sh`, i.e. `make grade`
with --record-in, as root for the sandbox; then plain `nbgrader autograde`: the same scores), releases feedback;
each student fetches only their own. No student can read another's submission, the instructor's course
(source/, gradebook) or another student's home. One step in Chromium logs a student in and opens the assignment list (Nbgrader → Assignment List).

Needs root, useradd, npm and the package registries (the hub's environment and configurable-http-proxy are
installed by deploy/up.sh the first time); skipped with the reason where it cannot run. CI always runs it
(`-m "not hub"` skips it locally).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import nbformat
import pytest

from conftest import ROOT, grade_id, mutants, notebook_path

WEEK = "week01_perceptron"
COURSE_ID = "deep-learning-foundations"
PREFIX = Path(os.environ.get("DLF_HUBTEST_PREFIX", "/opt/dlf-hubtest"))  # the shared env is kept between runs
EXCHANGE = Path("/srv/dlf-hubtest/exchange")
INSTRUCTOR = "dlft-teach"
STUDENTS = {"dlft-ann": "reference", "dlft-ben": "one wrong function", "dlft-cat": "untouched"}
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

_missing = [what for what, ok in (("root", os.geteuid() == 0), ("useradd", shutil.which("useradd")),
                                   ("npm", shutil.which("npm")), ("python3.11", shutil.which("python3.11")))
            if not ok]
pytestmark = [pytest.mark.hub, pytest.mark.xdist_group("hub"),
              pytest.mark.skipif(bool(_missing), reason=f"the hub test needs {', '.join(_missing)}")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def as_user(user: str, command: str, check: bool = True, timeout: float = 900) -> subprocess.CompletedProcess:
    """A login shell of that account, as its owner would type the command."""
    proc = subprocess.run(["su", "-", user, "-c", command], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"as {user}: {command}\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


class Hub:
    def __init__(self, url: str, token: str):
        self.url, self.token, self.user_tokens = url, token, {}

    def request(self, path: str, method: str = "GET", data=None, token: str | None = None, form=None):
        body, headers = None, {"Authorization": f"token {token or self.token}"}
        if form is not None:
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=body, method=method, headers=headers)
        with urllib.request.urlopen(req, timeout=300) as resp:
            text = resp.read().decode()
        return json.loads(text) if text.strip() else None

    def start_server(self, user: str) -> str:
        """Start the user's own server through the hub (as the user, by the hub's spawner); return a token of
        that user's, the way their browser session would be authorised."""
        self.request(f"/hub/api/users/{user}/server", "POST")
        for _ in range(240):
            model = self.request(f"/hub/api/users/{user}")
            server = model.get("servers", {}).get("", {})
            if server.get("ready"):
                break
            time.sleep(0.5)
        else:
            raise AssertionError(f"{user}'s server did not start: {model}")
        token = self.request(f"/hub/api/users/{user}/tokens", "POST", {"note": "hub test", "expires_in": 3600})
        self.user_tokens[user] = token["token"]
        return token["token"]

    def user(self, user: str, path: str, method: str = "GET", **kwargs):
        return self.request(f"/user/{user}{path}", method, token=self.user_tokens[user], **kwargs)


@pytest.fixture(scope="module")
def hub():
    token, port = secrets.token_hex(24), _free_port()
    env = dict(os.environ, DLF_PREFIX=str(PREFIX), DLF_EXCHANGE=str(EXCHANGE), DLF_HUB_API_TOKEN=token,
               DLF_HUB_INTERNAL_PORT=str(_free_port()), DLF_PROXY_API_PORT=str(_free_port()))
    for path in (PREFIX / "hub", EXCHANGE.parent):
        shutil.rmtree(path, ignore_errors=True)
    EXCHANGE.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(EXCHANGE.parent, 0o755)
    proc = subprocess.run([str(ROOT / "deploy" / "up.sh"), "--instructor", INSTRUCTOR, "--students",
                           " ".join(STUDENTS), "--course-from", str(ROOT), "--port", str(port),
                           "--from-venv", str(ROOT / ".venv")],
                          env=env, capture_output=True, text=True, timeout=3600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    hub = Hub(f"http://127.0.0.1:{port}", token)
    try:
        for _ in range(240):
            try:
                hub.request("/hub/api/")
                break
            except (OSError, urllib.error.HTTPError):
                time.sleep(0.5)
        else:
            raise AssertionError("the hub did not answer: " + (PREFIX / "hub" / "hub.log").read_text()[-3000:])
        yield hub
    finally:
        subprocess.run([str(ROOT / "deploy" / "down.sh")], env=env, capture_output=True, timeout=120)
        for user in [INSTRUCTOR, *STUDENTS]:
            subprocess.run(["pkill", "-KILL", "-u", user], capture_output=True)
            subprocess.run(["userdel", "--remove", user], capture_output=True)
        shutil.rmtree(EXCHANGE.parent, ignore_errors=True)
        shutil.rmtree(PREFIX / "hub", ignore_errors=True)


def _work(kind: str, release_nb) -> nbformat.NotebookNode:
    """The notebook a student hands in: the reference answers, one function wrong, or the release untouched."""
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    if kind == "untouched":
        return nb
    answers = {grade_id(c): c.source for c in nbformat.read(str(notebook_path(WEEK)), as_version=4).cells}
    wrong_fn, wrong_src = None, None
    if kind == "one wrong function":
        wrong_fn = _wrong_function()
        wrong_src = mutants(WEEK).MUTANTS[wrong_fn][0][1]
    for cell in nb.cells:
        gid = grade_id(cell)
        if gid.startswith("answer_"):
            cell.source = wrong_src if gid == f"answer_{wrong_fn}" else answers[gid]
    return nb


def _wrong_function() -> str:
    """The function the round trip of tests/test_nbgrader.py gets wrong: one no other test cell depends on."""
    source = nbformat.read(str(notebook_path(WEEK)), as_version=4)
    functions = [grade_id(c)[len("answer_"):] for c in source.cells if grade_id(c).startswith("answer_")]
    return getattr(mutants(WEEK), "ROUND_TRIP", {}).get("wrong", functions[-2])


def test_a_class_on_the_hub_end_to_end(hub, tmp_path):
    venv = PREFIX / "venv" / "bin"
    course = Path(f"~{INSTRUCTOR}").expanduser() / "course"
    instructor_env = f"cd ~/course && export PATH={venv}:$PATH PYTHONPATH=$HOME/course DLF_EXCHANGE={EXCHANGE} &&"

    # The instructor builds the gradebook and releases the week through the exchange.
    as_user(INSTRUCTOR, f"{instructor_env} nbgrader generate_assignment {WEEK} --force --log-level=WARN "
                        f"&& nbgrader release_assignment {WEEK} --force")

    # Each student, through their own server: list, fetch, work, submit.
    release_nb = nbformat.read(str(notebook_path(WEEK, ROOT / "release")), as_version=4)
    nb_name = notebook_path(WEEK, ROOT / "release").name
    for student, kind in STUDENTS.items():
        hub.start_server(student)
        listed = hub.user(student, f"/assignments?course_id={COURSE_ID}")
        assert listed["success"], listed
        assert [(a["assignment_id"], a["status"]) for a in listed["value"]] == [(WEEK, "released")], listed
        fetched = hub.user(student, "/assignments/fetch", "POST", form={"assignment_id": WEEK, "course_id": COURSE_ID})
        assert [(a["assignment_id"], a["status"]) for a in fetched["value"]] == [(WEEK, "fetched")], fetched
        home = Path(f"~{student}").expanduser()
        assert (home / WEEK / nb_name).stat().st_uid == int(as_user(student, "id -u").stdout), "fetched as the student"
        hub.user(student, f"/api/contents/{WEEK}/{nb_name}", "PUT",
                 data={"type": "notebook", "format": "json", "content": _work(kind, release_nb)})
        submitted = hub.user(student, "/assignments/submit", "POST", form={"assignment_id": WEEK, "course_id": COURSE_ID})
        assert any(a["status"] == "submitted" for a in submitted["value"]), submitted

    # No student reads another's submission, the instructor's course or another's home.
    inbound = EXCHANGE / COURSE_ID / "inbound"
    bens = next(p for p in inbound.iterdir() if p.name.startswith("dlft-ben+"))
    for target in (inbound, bens / nb_name, course / "source" / WEEK / nb_name, course / "gradebook.db",
                   Path("~dlft-ben").expanduser() / WEEK / nb_name):
        probe = as_user("dlft-ann", f"cat {target} >/dev/null 2>&1 || ls {target} >/dev/null 2>&1", check=False)
        assert probe.returncode != 0, f"a student can read {target}"

    # The instructor collects; root grades (the sandbox needs it) with the course's own grader.
    as_user(INSTRUCTOR, f"{instructor_env} nbgrader collect {WEEK}")
    for student in STUDENTS:
        assert (course / "submitted" / student / WEEK / nb_name).exists(), student
    proc = subprocess.run([str(ROOT / "deploy" / "grade.sh"), INSTRUCTOR, WEEK],
                          env=dict(os.environ, DLF_PREFIX=str(PREFIX)), capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    scores = _scores(course)
    auto_total = sum(c.metadata["nbgrader"]["points"] for c in release_nb.cells
                     if grade_id(c).startswith("test_") and c.metadata.get("nbgrader", {}).get("grade"))
    wrong_fn = _wrong_function()
    wrong_points = next(c.metadata["nbgrader"]["points"] for c in release_nb.cells if grade_id(c) == f"test_{wrong_fn}")
    assert scores == {"dlft-ann": auto_total, "dlft-ben": auto_total - wrong_points, "dlft-cat": 0}, \
        f"{scores}\n{proc.stdout[-3000:]}\n{proc.stderr[-2000:]}"

    # Plain nbgrader autograde, as root in the course, gives the same scores.
    subprocess.run(["bash", "-c", f"cd {course} && PYTHONPATH={course} DLF_EXCHANGE={EXCHANGE} PATH={venv}:$PATH "
                                  f"nbgrader autograde {WEEK} --force --log-level=WARN && chown -R {INSTRUCTOR}: {course}"],
                   check=True, capture_output=True, text=True, timeout=1800)
    assert _scores(course) == scores

    # Feedback: generated and released by the instructor; each student fetches only their own.
    as_user(INSTRUCTOR, f"{instructor_env} nbgrader generate_feedback {WEEK} --force --log-level=WARN "
                        f"&& nbgrader release_feedback {WEEK}")
    for student in STUDENTS:
        listed = hub.user(student, "/assignments/fetch_feedback", "POST",
                          form={"assignment_id": WEEK, "course_id": COURSE_ID})
        mine = [a for a in listed["value"] if a["assignment_id"] == WEEK]
        feedback_dirs = sorted((Path(f"~{student}").expanduser() / WEEK / "feedback").iterdir())
        assert len(feedback_dirs) == 1, (student, feedback_dirs, mine)
        html = (feedback_dirs[0] / nb_name.replace(".ipynb", ".html")).read_text()
        assert f"Score: {scores[student]:g}" in html.replace(".0 ", " ") or f"{scores[student]:g} / " in html, student
        others = [s for s in STUDENTS if s != student]
        assert not any(o in html for o in others), f"{student}'s feedback names another student"
        assert "BEGIN HIDDEN TESTS" not in html

    _browser_assignments_tab(hub, "dlft-ann", tmp_path)


def _scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: sum(g.auto_score or 0 for g in s.notebooks[0].grades
                                  if g.cell.name.startswith("test_"))
                for s in gb.find_assignment(WEEK).submissions}


def _browser_assignments_tab(hub: Hub, student: str, tmp_path: Path) -> None:
    """Log in with the student's password in Chromium and open the assignment list, which shows the week."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    password = secrets.token_urlsafe(12)
    subprocess.run(["chpasswd"], input=f"{student}:{password}\n", text=True, check=True)
    shot = ROOT / "artifacts" / "hub" / "assignments-tab.png"
    shot.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"{hub.url}/hub/login", timeout=60_000)
            page.fill("input[name=username]", student)
            page.fill("input[name=password]", password)
            page.click("input[type=submit], button[type=submit]")
            page.wait_for_url(f"**/user/{student}/**", timeout=120_000)
            # Notebook 7's file browser; nbgrader's menu opens the assignment list in place.
            page.goto(f"{hub.url}/user/{student}/tree", timeout=60_000)
            page.get_by_text("Nbgrader", exact=True).first.click(timeout=60_000)
            page.get_by_text("Assignment List", exact=True).first.click(timeout=60_000)
            page.get_by_text("Submitted assignments").first.wait_for(timeout=60_000)
            try:  # the file browser behind the list holds a hidden entry of the same name
                page.get_by_text(WEEK).filter(visible=True).first.wait_for(timeout=60_000)
            finally:
                page.screenshot(path=str(shot))
        finally:
            browser.close()
