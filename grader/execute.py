"""nbgrader's Execute preprocessor, with the kernel in the sandbox and the output of each cell capped.

`SandboxedExecute` replaces `nbgrader.preprocessors.Execute` in `Autograde.autograde_preprocessors`.
The sandbox settings of the submission being graded are set by the worker in `SANDBOX` (one
submission at a time per worker process).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import signal

from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer

REPO = Path(__file__).resolve().parent.parent

# Filled in by grader.worker before each submission: {"uid": int, "scratch": str, "hide": [...], ...}.
SANDBOX: dict = {}
# cell index -> grade id or "" for the cells whose output was cut (reset per submission).
TRUNCATED: dict = {}
# Filled in when the kernel dies: {"cell": index, "grade_id": ..., "code": exit status}.
DEATH: dict = {}


def death_reason() -> str | None:
    """'kernel died in cell 4 (killed by SIGSEGV)' from DEATH, or None."""
    if not DEATH:
        return None
    where = DEATH.get("grade_id") or f"cell {DEATH.get('cell', -1) + 1}"
    code = DEATH.get("code")
    if code is None:
        how = "no exit status"
    elif code < 0:
        try:
            how = f"killed by {signal.Signals(-code).name}"
        except ValueError:
            how = f"killed by signal {-code}"
        if -code == signal.SIGKILL:
            how += ", e.g. out of memory or a resource limit"
        elif -code == signal.SIGXCPU:
            how += ": CPU time limit"
    else:
        how = f"the process exited with code {code}: os._exit() or a crash"
    return f"kernel died in {where} ({how})"


class DropEmptyNbgraderMetadata(NbGraderPreprocessor):
    """After DeduplicateIds: a duplicated cell keeps `nbgrader: {}`, which breaks add_missing_cells."""

    def preprocess_cell(self, cell, resources, index):
        if "nbgrader" in cell.metadata and not cell.metadata.nbgrader.get("grade_id"):
            del cell.metadata["nbgrader"]
        return cell, resources


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel through `python -m grader.sandbox` when a sandbox is configured. With an `ipc`
    folder the kernel gets no network: it is reached over Unix sockets in that folder, not over TCP."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if SANDBOX.get("uid") and SANDBOX.get("ipc"):
            self.transport, self.ip = "ipc", os.path.join(SANDBOX["ipc"], "kernel")

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if not SANDBOX.get("uid"):
            return cmd
        wrapper = [sys.executable, "-m", "grader.sandbox", "--uid", str(SANDBOX["uid"]),
                   "--scratch", SANDBOX["scratch"], "--mem-mb", str(SANDBOX.get("mem_mb", 6144)),
                   "--cpu-s", str(SANDBOX.get("cpu_s", 0)), "--mplcache", SANDBOX.get("mplcache", "")]
        for path in SANDBOX.get("hide", []):
            wrapper += ["--hide", path]
        if SANDBOX.get("ipc"):
            wrapper += ["--no-network", "--expose", SANDBOX["ipc"]]
        for path in (sys.base_prefix, sys.prefix, sys.executable, str(REPO)):
            wrapper += ["--expose", path]
        return wrapper + ["--"] + cmd


class SandboxedExecute(Execute):
    """Execute in the sandbox; keep at most `max_output_chars` of output per cell."""

    max_output_chars = Integer(2_000_000, help="output kept per cell; the rest is dropped").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(*args, **kwargs)
        self._chars: dict[int, int] = {}
        self._truncated: set[int] = set()

    def preprocess_cell(self, cell, resources, cell_index):
        try:
            return super().preprocess_cell(cell, resources, cell_index)
        except DeadKernelError:
            proc = getattr(getattr(self.km, "provisioner", None), "process", None)
            code = proc.poll() if proc is not None else None
            DEATH.update(cell=cell_index, code=code,
                         grade_id=cell.get("metadata", {}).get("nbgrader", {}).get("grade_id"))
            raise

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
        used = self._chars.get(cell_index, 0) + size
        self._chars[cell_index] = used
        if used > self.max_output_chars:
            if cell_index not in self._truncated:
                self._truncated.add(cell_index)
                cell = self.nb.cells[cell_index] if self.nb is not None else {}
                TRUNCATED[cell_index] = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
                outs.append(new_output("stream", name="stdout",
                                       text=f"\n... output truncated by the grader: the cell printed more than "
                                            f"{self.max_output_chars // 1_000_000} MB ...\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)
