"""The records of the grading path, and its settings in one place.

`GradingSettings` holds every knob of `python -m grader grade` as nbgrader-style configurable traits: the
command line sets them, and `c.GradingSettings.<name>` in nbgrader_config.py can too. A grading run turns
each submission into a `Job` for a worker (grader.worker), which answers with a `WorkerResult`; the
report (grader.report) has one `Row` per student.
"""
from __future__ import annotations

import datetime as dt
import signal
from dataclasses import asdict, dataclass, field

from traitlets import Bool, Integer
from traitlets.config import Configurable


class GradingSettings(Configurable):
    jobs = Integer(0, help="parallel workers (0: one per core)").tag(config=True)
    cell_timeout = Integer(60, help="seconds a cell may run").tag(config=True)
    wall_timeout = Integer(600, help="seconds a whole submission may take").tag(config=True)
    mem_mb = Integer(4096, help="memory of one student's kernel and its children, MB").tag(config=True)
    feedback = Bool(True, help="write an HTML feedback page per student").tag(config=True)
    keep = Bool(False, help="keep the temporary course folders (debugging)").tag(config=True)


@dataclass
class Job:
    """One submission for a worker."""
    id: str
    student: str
    week: str
    notebook: str            # the assignment's notebook name, without .ipynb
    path: str                # the (cleaned) submitted notebook
    gradebook: str           # the template gradebook to copy
    job_dir: str             # this job's private folder
    out_dir: str             # the run's output folder
    cell_timeout: int = 60
    mem_mb: int = 4096
    cpu: float = 0.0         # CPU cap of the student's kernel in cores (0: none)
    sandbox: bool = True
    uid: int | None = None   # the slot's uid for the student's kernel
    mplcache: str = ""
    feedback: bool = True
    keep: bool = False

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class WorkerResult:
    """What a worker found for one job (or the pool, when the worker could not answer)."""
    student: str | None = None
    ok: bool = False
    scores: dict = field(default_factory=dict)    # grade id -> autograded score
    max: dict = field(default_factory=dict)       # grade id -> points
    notes: list = field(default_factory=list)
    cells: list = field(default_factory=list)     # what went wrong in which cell
    reason: str | None = None
    timeout: bool = False
    sandbox: str = ""
    seconds: float = 0.0
    log: str = ""

    @classmethod
    def from_json(cls, data: dict) -> "WorkerResult":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class Row:
    """One student's line of the report."""
    student: str
    max: float
    status: str = "graded"              # graded / invalid / failed / timeout
    scores: dict = field(default_factory=dict)
    total: float = 0.0
    reasons: list = field(default_factory=list)
    flags: list = field(default_factory=list)
    seconds: float = 0.0
    submitted_at: dt.datetime | None = None
    name: str = ""                      # the name as submitted, when the id had to differ from it

    def __getitem__(self, key):         # rows were dicts: keep reading them the same way
        return getattr(self, key)

    def get(self, key, default=None):
        return getattr(self, key, default)


def death_reason(death: dict | None) -> str | None:
    """'kernel died in cell 4 (killed by SIGSEGV)' from the executor's report, or None."""
    if not death:
        return None
    where = death.get("grade_id") or f"cell {int(death.get('cell', -1)) + 1}"
    code = death.get("code")
    if isinstance(code, int) and code > 128 and code - 128 in signal.valid_signals():
        code = -(code - 128)   # a sandbox launcher reports a killed child as 128 + the signal
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
