"""One live IPython kernel per notebook: run its cells once, then re-run single cells against variants.

Executing a week takes seconds (TensorFlow import, small trainings); re-running one test cell after
redefining one function takes milliseconds. So the tests execute each source notebook once and
reuse that kernel for every mutant and alternative implementation.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client.manager import start_new_kernel

from utils.checks.selfcheck import TARGET_LINE


@dataclass
class Outcome:
    ok: bool
    ename: str = ""
    evalue: str = ""
    stdout: str = ""
    traceback: list = field(default_factory=list)

    def __str__(self) -> str:
        return "ok" if self.ok else f"{self.ename}: {self.evalue}"


class Kernel:
    def __init__(self, cwd: Path, timeout: float = 300, kernel_name: str = "python3", env: dict | None = None):
        env = dict(os.environ, MPLBACKEND="Agg", TF_CPP_MIN_LOG_LEVEL="2", PYTHONHASHSEED="0", **(env or {}))
        self.timeout = timeout
        self.km, self.kc = start_new_kernel(kernel_name=kernel_name, cwd=str(cwd), env=env)

    def run(self, code: str) -> Outcome:
        out = Outcome(ok=True)
        chunks: list[str] = []

        def hook(msg):
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                chunks.append(content.get("text", ""))
            elif kind == "error":
                out.ok = False
                out.ename, out.evalue, out.traceback = content["ename"], content["evalue"], content["traceback"]

        reply = self.kc.execute_interactive(code, output_hook=hook, timeout=self.timeout, allow_stdin=False)
        if reply["content"]["status"] != "ok" and out.ok:
            out.ok = False
            out.ename = reply["content"].get("ename", "error")
            out.evalue = reply["content"].get("evalue", "")
        out.stdout = "".join(chunks)
        return out

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def run_notebook(path: Path, timeout: float = 300, env: dict | None = None
                 ) -> tuple[Kernel, nbformat.NotebookNode, list[tuple[int, Outcome]], str]:
    """Start a kernel in the notebook's folder (with `env` added to its environment) and run every code
    cell in order.

    Returns the live kernel, the notebook, the (cell index, outcome) of every failing cell and
    everything the cells printed.
    """
    nb = nbformat.read(str(path), as_version=4)
    kernel = Kernel(path.parent, timeout=timeout, env=env)
    failures, printed = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        outcome = kernel.run(cell.source)
        printed.append(outcome.stdout)
        if not outcome.ok:
            failures.append((i, outcome))
    return kernel, nb, failures, "".join(printed)


def target_verdicts(printed: str) -> list[str]:
    """The lines `utils.checks.target` printed: "<what>: <value>, target >= <t> -> met" (or "NOT met")."""
    return TARGET_LINE.findall(printed)
