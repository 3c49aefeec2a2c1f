"""nbgrader's Execute preprocessor, with the kernel in the sandbox and the output of each cell capped.

`SandboxedExecute` replaces `nbgrader.preprocessors.Execute` in `Autograde.autograde_preprocessors`.
The sandbox settings of the submission being graded are set by the worker in `SANDBOX` (one
submission at a time per worker process).
"""
from __future__ import annotations

import sys

from jupyter_client.manager import AsyncKernelManager
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute
from traitlets import Integer

# Filled in by grader.worker before each submission: {"uid": int, "scratch": str, "hide": [...], ...}.
SANDBOX: dict = {}


class SandboxKernelManager(AsyncKernelManager):
    """Starts the kernel through `python -m grader.sandbox` when a sandbox is configured."""

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = super().format_kernel_cmd(extra_arguments)
        if not SANDBOX.get("uid"):
            return cmd
        wrapper = [sys.executable, "-m", "grader.sandbox", "--uid", str(SANDBOX["uid"]),
                   "--scratch", SANDBOX["scratch"], "--mem-mb", str(SANDBOX.get("mem_mb", 6144)),
                   "--cpu-s", str(SANDBOX.get("cpu_s", 0)), "--mplcache", SANDBOX.get("mplcache", "")]
        for path in SANDBOX.get("hide", []):
            wrapper += ["--hide", path]
        return wrapper + ["--"] + cmd


class SandboxedExecute(Execute):
    """Execute in the sandbox; keep at most `max_output_chars` of output per cell."""

    max_output_chars = Integer(2_000_000, help="output kept per cell; the rest is dropped").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxKernelManager
        super().__init__(*args, **kwargs)
        self._chars: dict[int, int] = {}
        self._truncated: set[int] = set()

    def output(self, outs, msg, display_id, cell_index):
        content = msg.get("content", {})
        size = len(content.get("text", "")) + sum(len(str(v)) for v in content.get("data", {}).values())
        used = self._chars.get(cell_index, 0) + size
        self._chars[cell_index] = used
        if used > self.max_output_chars:
            if cell_index not in self._truncated:
                self._truncated.add(cell_index)
                outs.append(new_output("stream", name="stdout",
                                       text=f"\n... output truncated by the grader: the cell printed more than "
                                            f"{self.max_output_chars // 1_000_000} MB ...\n"))
            return None
        return super().output(outs, msg, display_id, cell_index)
