"""nbgrader's Execute step with a verdict the student's code cannot reach.

`TrustedExecute` replaces `nbgrader.preprocessors.Execute` in `Autograde.autograde_preprocessors` (the
course's nbgrader_config.py and grader.worker both configure it, so `make grade` and plain
`nbgrader autograde` take the same path). It runs a notebook in TWO kernels:

- the student's kernel, sandboxed where possible (grader.sandbox), runs every cell except the test cells:
  the student's answers, the notebook's own cells;
- a trusted kernel, which no student code ever runs in, runs the test cells as the gradebook holds them
  (nbgrader's OverwriteCells has restored them before this step, and put a deleted one back behind a comment
  saying so: that cell runs there too). Each graded function there is a proxy
  (grader.trusted) that calls the student's function in the student's kernel and brings back only data.

A test cell runs in two steps: its visible part, then its hidden part. Output of the hidden part is not
kept, except its failure, recorded as an error named `HiddenTestFailed` (its details for the instructor;
grader.feedback shows students only "hidden test failed"). The trusted kernel's own stderr (TensorFlow's
and Keras' notices) is dropped; the student's own stderr during a call is kept as stderr, which nbgrader
scores as a failure, as it documents. Output is capped per cell and per notebook, display updates
included. What happened (sandbox mode, a dead kernel, cut output) goes to `report_path` as JSON.
"""
from __future__ import annotations

import ast
import builtins
import dataclasses
import json
import os
import queue
import shutil
import signal
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from nbclient.util import run_sync
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Any, Bool, Float, Integer, Unicode
from utils.checks.messages import split_assignment

from . import sandbox
from .course import HIDDEN_BEGIN, HIDDEN_END
from .trusted import STDERR

OUTPUT_TYPES = {"stream", "display_data", "update_display_data", "execute_result", "error"}
KEEP_ENV = ("PATH", "LANG", "LC_ALL", "PYTHONHASHSEED", "MPLBACKEND", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
            "MKL_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "VIRTUAL_ENV", "KERAS_HOME", "NBGRADER_EXECUTION",
            "PYDEVD_DISABLE_FILE_VALIDATION", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "HOME", "DLF_OFFLINE")


def _grade_id(cell) -> str | None:
    """The cell's nbgrader grade id; None if it has none or its nbgrader metadata is not a dict."""
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade_id") if isinstance(meta, dict) else None


def is_test_cell(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return cell.cell_type == "code" and isinstance(meta, dict) and bool(meta.get("grade")) \
        and not meta.get("solution")


def gradebook_cells(resources: dict) -> tuple[dict[str, str], dict[str, str]]:
    """({grade id: source} of the notebook's autograder test cells, {grade id: source} of its answer code cells
    as handed out), as the gradebook holds them. Only a cell that is one of the tests, word for word, runs in
    the trusted kernel: a submission cannot promote its own code there by editing cell metadata (nbgrader's
    OverwriteCells restores sources, not the grade flag)."""
    info = resources.get("nbgrader", {}) if isinstance(resources, dict) else {}
    if not all(info.get(k) for k in ("db_url", "assignment", "notebook")):
        return {}, {}
    from nbgrader.api import Gradebook, MissingEntry

    try:
        with Gradebook(info["db_url"]) as gb:
            notebook = gb.find_notebook(info["notebook"], info["assignment"])
            graded = {c.name for c in notebook.grade_cells if c.cell_type == "code"}
            solutions = {c.name for c in notebook.solution_cells}
            code = {c.name: c.source for c in notebook.source_cells if c.cell_type == "code"}
            return ({n: s for n, s in code.items() if n in graded - solutions},
                    {n: s for n, s in code.items() if n in solutions})
    except MissingEntry:
        return {}, {}


def split_parts(source: str) -> tuple[str, str]:
    """(visible code, hidden code) of a test cell; each keeps its own lines in order."""
    visible, hidden, inside = [], [], False
    for line in source.split("\n"):
        if HIDDEN_BEGIN in line:
            inside = True
        elif HIDDEN_END in line:
            inside = False
        else:
            (hidden if inside else visible).append(line)
    return "\n".join(visible), "\n".join(hidden)


def free_names(source: str) -> list[str]:
    """Names a cell reads without defining them, builtins excepted: what the test expects from the notebook."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    bound, used = set(dir(builtins)), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (used if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return sorted(used - bound)


def mpl_font_cache() -> str:
    """Matplotlib's font list of this machine, to seed a sandboxed kernel's empty cache (saves a rebuild)."""
    try:
        import matplotlib
        from matplotlib import font_manager
        path = Path(matplotlib.get_cachedir()) / f"fontlist-v{font_manager.FontManager.__version__}.json"
        return str(path) if path.exists() else ""
    except Exception:  # noqa: BLE001 - only an optimisation
        return ""


def kernel_env(extra: dict | None = None) -> dict:
    """A kernel's environment: a short allow-list (no PYTEST_* variable: under pytest ipykernel stops
    capturing stderr, and grading must behave as it does for users)."""
    env = {k: v for k, v in os.environ.items() if k in KEEP_ENV}
    env.setdefault("MPLBACKEND", "Agg")
    env.update(extra or {})
    return env


class StudentKernelManager(AsyncKernelManager):
    """The student's kernel: inside grader.sandbox when a spec is set, reached over Unix sockets then."""

    spec = Any(None, allow_none=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.spec is not None:
            ipc = self.spec.shared_rw[0]
            self.transport, self.ip = "ipc", os.path.join(ipc, "kernel")
            self.connection_file = os.path.join(ipc, "kernel.json")

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        return sandbox.wrap(cmd, self.spec) if self.spec is not None else cmd


class DropEmptyNbgraderMetadata(NbGraderPreprocessor):
    """After DeduplicateIds: a duplicated cell keeps `nbgrader: {}`, which breaks add_missing_cells."""

    def preprocess_cell(self, cell, resources, index):
        if "nbgrader" in cell.metadata and not cell.metadata.nbgrader.get("grade_id"):
            del cell.metadata["nbgrader"]
        return cell, resources


class TrustedExecute(Execute):
    """Execute with test cells in a trusted kernel and the student's kernel sandboxed (see the module doc)."""

    sandbox = Unicode("auto", help="'auto': isolate the student's kernel where grader.sandbox can (root and "
                                   "bubblewrap); 'off': never").tag(config=True)
    job_dir = Unicode("", help="folder for the kernels' files (default: a new temporary folder)").tag(config=True)
    uid = Integer(0, help="uid of the student's kernel (0: one of grader.sandbox.uid_base())").tag(config=True)
    mem_mb = Integer(4096, help="memory of the student's kernel and its children, MB").tag(config=True)
    pids = Integer(512, help="processes and threads of the student's kernel").tag(config=True)
    cpu = Float(0.0, help="CPU cap of the student's kernel, in cores (0: no cap, an equal share by weight); "
                          "make grade gives each of N parallel kernels cores / N").tag(config=True)
    max_output_chars = Integer(2_000_000, help="output kept per cell; the rest is dropped").tag(config=True)
    max_notebook_chars = Integer(20_000_000, help="output kept per notebook").tag(config=True)
    report_path = Unicode("", help="where to write what happened (JSON); empty: nowhere").tag(config=True)
    mplcache = Unicode("", help="a matplotlib fontlist json to seed the student's kernel").tag(config=True)
    keep_files = Bool(False, help="keep the kernels' folder (debugging)").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", StudentKernelManager)
        super().__init__(*args, **kwargs)

    # --- the run ------------------------------------------------------------------------------------
    def preprocess(self, nb, resources=None, km=None):
        resources = resources if resources is not None else {}
        self._report = {"sandbox": "none", "death": None, "truncated": [], "noise": 0, "student_stopped": None}
        self._chars_cell: dict[int, int] = {}
        self._chars_total = 0
        self._tkm = self._tkc = None
        self._student_dead = None
        # A translated assignment (week03_softmax_ko) runs the English week's checks, speaking its language.
        self._week, self._language = split_assignment(str(resources.get("nbgrader", {}).get("assignment", "")))
        self._tests, stubs = gradebook_cells(resources)
        answers = {_grade_id(c): c.source for c in nb.cells if c.cell_type == "code"}
        # Every answer as handed out: the checks will meet stubs, and say so before they need TensorFlow.
        self._as_handed_out = bool(stubs) and all(answers.get(gid) == source for gid, source in stubs.items())
        own_dir = not self.job_dir
        job = Path(self.job_dir or tempfile.mkdtemp(prefix="dlf-job-"))
        job.mkdir(parents=True, exist_ok=True)
        self._job = job
        ipc, trusted_dir = job / "ipc", job / "trusted"
        for folder in (ipc, trusted_dir):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        os.chmod(job, 0o711)
        os.chmod(ipc, 0o711)
        os.chmod(trusted_dir, 0o700)
        spec = None
        ok, why = sandbox.available()
        if self.sandbox != "off" and ok:
            uid = self.uid or sandbox.uid_base()
            spec = sandbox.Spec(uid=uid, scratch=job / "scratch", shared_rw=[str(ipc)], mem_mb=self.mem_mb,
                                pids=self.pids, cpu=self.cpu, mplcache=self.mplcache or mpl_font_cache(),
                                name=f"dlf-{os.getpid()}-{uid}")
            sandbox.prepare(spec)   # also hands the socket folder to the student's uid
            self._note_cleanup(spec=dataclasses.asdict(spec))
            self._report["sandbox"] = sandbox.mode()
        else:
            self._report["sandbox"] = "none: " + (why if self.sandbox != "off" else "switched off")
            self.log.warning("grader: the student's kernel is NOT isolated (%s)", self._report["sandbox"])
        self._spec = spec
        if km is None:
            km = StudentKernelManager(kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
                                      spec=spec, config=self.config)
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            self._stop_trusted_sync()
            if spec is not None:
                sandbox.cleanup(spec)
            (job / "cleanup.json").unlink(missing_ok=True)   # everything is stopped: nothing left to clean
            if self.report_path:
                Path(self.report_path).write_text(json.dumps(self._report))
            if own_dir and not self.keep_files:
                shutil.rmtree(job, ignore_errors=True)

    async def async_start_new_kernel(self, **kwargs):
        kwargs.setdefault("env", kernel_env())
        if self._spec is not None:
            kwargs["cwd"] = str(self._spec.scratch)
        await super().async_start_new_kernel(**kwargs)
        await self._launch_trusted()

    def _official_test(self, cell) -> str | None:
        """The gradebook's source of this test cell, or None if it is not one. nbgrader's add_missing_cells puts
        a deleted test cell back behind a comment saying so: that cell is the test too, and must not run where
        the student's code could have told the kernel to skip it."""
        gid = _grade_id(cell)
        if not is_test_cell(cell) or gid not in self._tests:
            return None
        test, source = self._tests[gid], cell.source
        if source == test:
            return test
        before = source[:len(source) - len(test)]
        if test and source.endswith(test) and all(not ln.strip() or ln.startswith("#") for ln in before.splitlines()):
            return test
        return None

    async def async_execute_cell(self, cell, cell_index, execution_count=None, store_history=True):
        test = self._official_test(cell)
        if test is None:
            try:
                return await super().async_execute_cell(cell, cell_index, execution_count, store_history)
            except DeadKernelError:
                self._record_death(cell, cell_index)
                raise
        cell.outputs = []
        await self._run_test_cell(cell, cell_index, test)
        return cell

    # nbclient binds its synchronous wrapper to its own coroutine: bind it to this one
    execute_cell = run_sync(async_execute_cell)

    def _record_death(self, cell, cell_index):
        proc = getattr(getattr(self.km, "provisioner", None), "process", None)
        code = proc.poll() if proc is not None else None
        self._report["death"] = {"cell": cell_index, "code": code, "grade_id": _grade_id(cell)}

    def _note_cleanup(self, **what):
        """What `cleanup_job` must stop if this process is killed before its own cleanup runs."""
        path = self._job / "cleanup.json"
        data = json.loads(path.read_text()) if path.exists() else {}
        data.update({k: (str(v) if isinstance(v, Path) else v) for k, v in what.items()})
        path.write_text(json.dumps(data, default=str))

    # --- output caps (student cells; test cells are capped in _run_test_cell) ----------------------------
    def _over_cap(self, cell_index: int, content: dict) -> bool:
        size = len(json.dumps(content, default=str))
        used = self._chars_cell.get(cell_index, 0) + size
        self._chars_cell[cell_index] = used
        self._chars_total += size
        return used > self.max_output_chars or self._chars_total > self.max_notebook_chars

    def process_message(self, msg, cell, cell_index):
        if msg["msg_type"] in OUTPUT_TYPES and self._over_cap(cell_index, msg["content"]):
            self._truncate(cell, cell_index)
            return None
        return super().process_message(msg, cell, cell_index)

    def _truncate(self, cell, cell_index):
        if cell_index in self._report["truncated"]:
            return
        self._report["truncated"].append(cell_index)
        limit = self.max_output_chars if self._chars_total <= self.max_notebook_chars else self.max_notebook_chars
        cell.outputs.append(new_output("stream", name="stdout", text=f"\n... output truncated by the grader: more "
                                                                      f"than {limit // 1_000_000} MB ...\n"))
        self._report.setdefault("truncated_ids", []).append(_grade_id(cell) or "")

    # --- the trusted kernel -----------------------------------------------------------------------------
    async def _launch_trusted(self):
        """Start the trusted kernel right after the student's: it boots (connects to the student's kernel,
        imports the week's checks and what they need) while the student's cells run."""
        trusted = self._job / "trusted"
        info = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in self.km.get_connection_info().items()}
        boot = trusted / "boot.py"
        boot.write_text(
            "import os as _os, sys as _sys\n"
            "_sys.stderr = open(_os.devnull, 'w')\n"          # the trusted side's own stderr is noise
            "_os.dup2(_os.open(_os.devnull, _os.O_WRONLY), 2)\n"
            "import grader.trusted as __dlf__\n"
            f"__dlf__.connect({info!r}, {str(self._job / 'ipc')!r}, {self._week!r})\n"
            f"from utils import checks\nchecks.use_language({self._language!r})\n"
            f"__dlf__.warm_up({self._week!r}, libraries={not self._as_handed_out})\n")
        tkm = AsyncKernelManager(kernel_name="python3")
        tkm.connection_file = str(trusted / "kernel.json")
        # The trusted kernel imports `grader` the way this process did: on a class hub (deploy/) the course's
        # own folder is on PYTHONPATH. The student's kernel never gets it.
        trusted_env = {"TF_CPP_MIN_LOG_LEVEL": "3"}
        if os.environ.get("PYTHONPATH"):
            trusted_env["PYTHONPATH"] = os.environ["PYTHONPATH"]
        await tkm.start_kernel(cwd=str(trusted), env=kernel_env(trusted_env),
                               extra_arguments=["--HistoryManager.hist_file=:memory:",
                                                f"--IPKernelApp.exec_files={boot}"])
        self._note_cleanup(trusted_pid=getattr(getattr(tkm, "provisioner", None), "pid", None))
        self._tkm = tkm

    async def _start_trusted(self):
        if self._tkm is None:
            await self._launch_trusted()
        tkc = self._tkm.client()
        tkc.start_channels()
        await tkc.wait_for_ready(timeout=180)
        self._tkc = tkc
        status, _, error = await self._trusted_run("__dlf__.install_agent()", silent=True, timeout=180)
        if status != "ok":
            raise RuntimeError(f"the trusted kernel could not start: {error}")

    async def _stop_trusted(self):
        if self._tkc is not None:
            self._tkc.stop_channels()
        if self._tkm is not None:
            try:
                await self._tkm.shutdown_kernel(now=True)
            except Exception:  # noqa: BLE001 - it may be gone already
                pass
        self._tkm = self._tkc = None

    def _stop_trusted_sync(self):
        from jupyter_core.utils import run_sync
        run_sync(self._stop_trusted)()

    async def _trusted_run(self, code: str, *, silent=False, timeout=None):
        """Run code in the trusted kernel; (status, outputs, error text). Outputs follow the module's rules."""
        tkc = self._tkc
        msg_id = tkc.execute(code, silent=silent, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + (timeout or self.timeout or 600)
        outputs, idle = [], False
        while not idle:
            left = deadline - time.monotonic()
            if left <= 0:
                return "timeout", outputs, "timed out"
            try:
                msg = await tkc.get_iopub_msg(timeout=min(left, 1.0))
            except queue.Empty:
                if not await self.km.is_alive():
                    self._student_dead = self._student_dead or "the student's kernel died while a test ran"
                    await self._tkm.interrupt_kernel()
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content.get("execution_state") == "idle":
                idle = True
            elif kind == "stream" and content.get("name") == "stdout":
                outputs.append(new_output("stream", name="stdout", text=content.get("text", "")))
            elif kind == "stream":
                self._report["noise"] += 1
            elif kind in ("display_data", "update_display_data") and STDERR in content.get("data", {}):
                outputs.append(new_output("stream", name="stderr", text=str(content["data"][STDERR])))
            elif kind in ("display_data", "execute_result"):
                outputs.append(new_output(kind, data=content.get("data", {}), metadata=content.get("metadata", {}),
                                          **({"execution_count": content.get("execution_count")}
                                             if kind == "execute_result" else {})))
            elif kind == "error":
                outputs.append(new_output("error", ename=content.get("ename", ""), evalue=content.get("evalue", ""),
                                          traceback=content.get("traceback", [])))
        reply = await tkc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = await tkc.get_shell_msg(timeout=30)
        content = reply["content"]
        error = f"{content.get('ename')}: {content.get('evalue')}" if content.get("status") == "error" else ""
        return content.get("status", "error"), outputs, error

    async def _run_test_cell(self, cell, cell_index, source: str):
        if self._student_dead:
            cell.outputs = [new_output("error", ename="DeadKernelError", evalue=self._student_dead,
                                       traceback=[f"DeadKernelError: {self._student_dead}"])]
            return
        if self._tkc is None:
            await self._start_trusted()
        visible, hidden = split_parts(source)
        started = time.monotonic()
        status, _, error = await self._trusted_run(
            f"__dlf__.prepare({free_names(source)!r}, globals(), seeds={'set_random_seed' in source})",
            silent=True, timeout=self.timeout)
        if status != "ok":
            cell.outputs = [new_output("error", ename="GraderError", evalue=error, traceback=[f"GraderError: {error}"])]
            return
        status, outputs, _ = await self._trusted_run(visible, timeout=self._left(started))
        # nbgrader reads an execute_result as partial credit; the course grades a test cell all or nothing
        outputs = [o for o in outputs if o.output_type != "execute_result"]
        if hidden.strip() and status == "ok":
            await self._trusted_run("__dlf__.hidden(True)", silent=True, timeout=30)
            status, hidden_outputs, _ = await self._trusted_run(hidden, timeout=self._left(started))
            if status != "timeout":
                await self._trusted_run("__dlf__.hidden(False)", silent=True, timeout=30)
            for out in hidden_outputs:
                if out.output_type == "error":
                    outputs.append(new_output("error", ename="HiddenTestFailed", evalue=f"{out.ename}: {out.evalue}",
                                              traceback=list(out.traceback)))
        if status == "timeout":
            outputs.append(new_output("error", **self.error_on_timeout))
            await self._after_timeout()
        if self._student_dead:
            outputs.append(new_output("error", ename="DeadKernelError", evalue=self._student_dead,
                                      traceback=[f"DeadKernelError: {self._student_dead}"]))
        kept, size = [], 0
        for out in outputs:
            size += len(json.dumps(out))
            if size > self.max_output_chars:
                self._truncate(cell, cell_index)
                break
            kept.append(out)
        cell.outputs = kept + list(cell.outputs)
        cell.execution_count = cell_index

    def _left(self, started: float) -> float:
        return max(1.0, (self.timeout or 600) - (time.monotonic() - started))

    async def _after_timeout(self):
        """A test ran out of time: stop the student's call and the test; a kernel that does not stop in
        time is given up (the trusted one restarts for the next test; a stuck student kernel fails the rest)."""
        for km in (self.km, self._tkm):
            try:
                await km.interrupt_kernel()
            except Exception:  # noqa: BLE001
                pass
        status, _, _ = await self._trusted_run("pass", silent=True, timeout=10)
        if status != "ok":
            await self._stop_trusted()
        probe = self.kc.execute("pass", silent=True, store_history=False)
        try:
            deadline = time.monotonic() + 10
            while True:
                reply = await self.kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
                if reply["parent_header"].get("msg_id") == probe:
                    break
        except queue.Empty:
            self._student_dead = "the student's kernel stopped answering after a test ran out of time"
            self._report["student_stopped"] = self._student_dead


def cleanup_job(job_dir) -> None:
    """Stop what a killed grading run left of a job: the trusted kernel and the student's sandbox."""
    path = Path(job_dir) / "cleanup.json"
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return
    pid = data.get("trusted_pid")
    try:   # only the process started for this job: a pid may have been reused since
        ours = isinstance(pid, int) and pid > 1 and str(job_dir) in Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        ours = False
    if ours:
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
                break
            except OSError:
                pass
    if isinstance(data.get("spec"), dict):
        spec = data["spec"]
        try:
            sandbox.cleanup(sandbox.Spec(**{k: (Path(v) if k == "scratch" else v) for k, v in spec.items()}))
        except (TypeError, OSError):
            pass
