"""Run a student's kernel in an allow-list sandbox: bubblewrap decides what it sees, a cgroup what it uses.

What a sandboxed command gets (`prepare()`, then `wrap()`):
- read-only: /usr with the merged-/usr links (/bin, /lib...), /etc/ld.so.cache, localtime and fonts, a
  generated /etc/passwd, group, hosts and nsswitch.conf, the Python installation (sys.base_prefix,
  sys.prefix, the interpreter), the folder of the course's `utils` package (and no other folder of the
  repository: source/ holds the solutions, tests/ and .git the hidden tests; `grader` is not bound
  either, nothing in a kernel imports it) and `Spec.readonly`;
- writable: its scratch folder (HOME, TMPDIR, cwd) and `Spec.shared_rw` (the folder of the kernel's
  ZMQ ipc sockets), each at the same path as outside;
- private: /tmp, /var/tmp, /dev/shm, /run (a tmpfs each, gone with the sandbox), /proc and a minimal
  /dev, new PID, IPC, UTS, cgroup and network namespaces (only a loopback interface: no network);
- nothing else of the machine: not /root, /home, /srv, /opt, the rest of /work, another copy of the
  course, the grader's job folders;
- an unprivileged uid and gid (`Spec.uid`) without supplementary groups, no capabilities at all (every
  set empty, the bounding set too), no_new_privs, a session of its own (no TIOCSTI into a terminal), an
  allow-list of environment variables;
- limits for the whole submission, children and threads included, in a cgroup of its own (v2, or v1 as
  on machines with /sys/fs/cgroup/<controller> mounts): memory without swap, processes + threads, and
  `cpu` cores (a quota, plus a proportional weight); `cleanup()` kills everything in it. On cgroup v2
  the grader's own processes first move to a leaf `dlf-grader` of their cgroup: v2 lets a cgroup give
  controllers to its children only when it holds no process itself.
Not prevented: a nested user namespace (`unshare -U`, where the machine allows them) gives the code
more kernel interfaces to try, though no more files: the mounts it sees stay the sandbox's.

How: `wrap()` returns `python sandbox.py CONFIG`, a launcher that runs as root outside the sandbox. It
moves itself into the submission's cgroups (bwrap and all below inherit them), copies the kernel's
connection file into the scratch (jupyter_client writes it readable by root only), keeps the allowed
environment variables, starts bwrap and forwards SIGINT, SIGTERM... to the kernel: bwrap does not
forward signals, and jupyter_client interrupts a kernel by signalling the process it started. Inside,
bwrap keeps only the capabilities `setpriv` (util-linux) needs to switch to the uid, clear every
capability set and set no_new_privs before it execs the kernel (bwrap's own --uid needs a user
namespace, in which the uid would really be root on the host). The PID namespace ends with the
command: a daemon it left behind dies with it, and cleanup() kills what a live sandbox holds.

Needs root (to bind a Python other users cannot read, e.g. /root/.pyenv, to run kernels as other uids
and to create cgroups), bubblewrap (`apt-get install bubblewrap`) and setpriv. Without a writable
cgroup, memory and processes fall back to rlimits (per process, per uid) with no CPU share, and
`mode()` says so. Without root or bubblewrap nothing is isolated: `wrap()` returns the command as it
is and `mode()` starts with "none:" so that the report can warn.
"""
from __future__ import annotations

import errno
import functools
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

CONTROLLERS = ("memory", "pids", "cpu")
PREFIX = "dlf-sandbox-"  # name of a submission's cgroup: PREFIX + Spec.name
LEAF = "dlf-grader"  # cgroup v2: where the processes of the grader's own cgroup move (see _enable_v2)
CPU_PERIOD_US = 100_000
# bwrap's --unshare-all minus the user namespace: as root, bwrap would map only uid 0 into one, and
# setpriv could not switch to the submission's uid.
NAMESPACES = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
# What bwrap keeps until setpriv drops everything: switching uid and dropping the bounding set, and
# entering the scratch (bwrap's --chdir runs with these caps only, and the scratch is the uid's, 0700).
SETPRIV_CAPS = ["CAP_SETUID", "CAP_SETGID", "CAP_SETPCAP", "CAP_DAC_READ_SEARCH"]
ENV_KEEP = ("PATH", "LANG", "LC_ALL", "PYTHONHASHSEED", "MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL", "OMP_NUM_THREADS",
            "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VIRTUAL_ENV", "KERAS_HOME", "NBGRADER_EXECUTION",
            "PYDEVD_DISABLE_FILE_VALIDATION", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")
FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)
CONNECTION_FILE = ".kernel-connection.json"


@dataclass
class Spec:
    uid: int  # unprivileged uid (and gid) the code runs as; one per live sandbox (cleanup() kills it all)
    scratch: Path  # the only writable place (HOME/TMPDIR/cwd); created/chowned by prepare()
    shared_rw: list[str] = field(default_factory=list)  # bound read-write at the same path (ZMQ ipc folder)
    readonly: list[str] = field(default_factory=list)  # extra folders/files bound read-only at the same path
    mem_mb: int = 4096  # total memory of everything in the sandbox (cgroup)
    pids: int = 512  # processes + threads (cgroup), the launcher and bwrap's two included
    cpu: float = 1.0  # CPU share in cores (cgroup quota and weight); 0 = weight only
    mplcache: str = ""  # a matplotlib fontlist json to seed the scratch's cache
    name: str = "sub"  # used in the cgroup name; must be unique per live sandbox
    fsize_mb: int = 256  # largest file the code may write (RLIMIT_FSIZE)

    def __post_init__(self):
        self.scratch = Path(self.scratch).absolute()
        if not self.name or not all(c.isalnum() or c in "._-" for c in self.name) or self.name.startswith("."):
            raise ValueError(f"sandbox name {self.name!r}: letters, digits, '.', '_' and '-' only (a cgroup name)")


# ---------------------------------------------------------------------------------------- availability

def available() -> tuple[bool, str]:
    """(can kernels be isolated here, the mode string that says how, or why not)."""
    return _available()


def mode() -> str:
    """e.g. 'bwrap+cgroup(v1: memory,pids,cpu)', or 'none: not root, so kernels are NOT isolated'."""
    return _available()[1]


@functools.lru_cache(maxsize=None)
def _available() -> tuple[bool, str]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False, "none: not root, so kernels are NOT isolated (they run as the grader's user)"
    if not shutil.which("bwrap"):
        return False, "none: bubblewrap not installed (apt-get install bubblewrap), so kernels are NOT isolated"
    if not shutil.which("setpriv"):
        return False, "none: setpriv (util-linux) not found, so kernels are NOT isolated"
    probe = subprocess.run(["bwrap", *_system_options(), "--", *_setpriv(65534), "true"],
                           capture_output=True, text=True)
    if probe.returncode != 0:
        why = (probe.stderr.strip().splitlines() or [f"exit {probe.returncode}"])[-1]
        return False, f"none: bubblewrap cannot build a sandbox here ({why}), so kernels are NOT isolated"
    hierarchies, problem = _cgroups()
    versions = {v: [c for c in CONTROLLERS for h in hierarchies if h.version == v and c in h.controllers]
                for v in sorted({h.version for h in hierarchies})}
    text = "bwrap"
    if versions:
        text += "+cgroup(" + "; ".join(f"v{v}: {','.join(names)}" for v, names in versions.items()) + ")"
    missing = [c for c in CONTROLLERS if not any(c in names for names in versions.values())]
    if missing:  # say what is weaker, and why
        fallback = [c for c in missing if c != "cpu"]
        text += f"+rlimit({','.join(fallback)})" if fallback else ""
        text += f" [no cgroup for {','.join(missing)}{' (no CPU share)' if 'cpu' in missing else ''}: " \
                f"{problem or 'controller not available'}]"
    return True, text


@functools.lru_cache(maxsize=None)
def _bwrap_size_option() -> bool:
    """bwrap >= 0.8 can cap a tmpfs (--size)."""
    out = subprocess.run(["bwrap", "--version"], capture_output=True, text=True).stdout.split()
    try:
        return tuple(int(x) for x in out[-1].split(".")[:2]) >= (0, 8)
    except (IndexError, ValueError):
        return False


# -------------------------------------------------------------------------------------------- cgroups

@dataclass(frozen=True)
class Hierarchy:
    version: int  # 1 or 2
    base: Path  # this process's cgroup there: a submission's cgroup is a child of it
    controllers: tuple[str, ...]  # those of CONTROLLERS this hierarchy limits

    def dir(self, spec: Spec) -> Path:
        return self.base / (PREFIX + spec.name)


def _find_hierarchies(cgroup: str = "", mountinfo: str = "") -> list[Hierarchy]:
    """Where this process's cgroups are, from /proc/self/cgroup and the cgroup mounts (or these texts)."""
    own = {}  # controller (v1), or "" (v2) -> this process's cgroup path in that hierarchy
    for line in (cgroup or Path("/proc/self/cgroup").read_text()).splitlines():
        _, names, path = line.split(":", 2)
        for name in names.split(","):
            own[name] = path
    found, taken = [], set()
    for line in (mountinfo or Path("/proc/self/mountinfo").read_text()).splitlines():
        left, _, right = line.partition(" - ")
        fields, (fstype, _, options) = left.split(), right.split()[:3]
        root, point = fields[3], fields[4]
        if fstype == "cgroup":
            names = [c for c in CONTROLLERS if c in options.split(",") and c not in taken]
            path = own.get(names[0]) if names else None
        elif fstype == "cgroup2":
            names, path = None, own.get("")
        else:
            continue
        # A container may mount only its own part of a hierarchy: `root` is where that part starts.
        if path is None or not (path + "/").startswith(root.rstrip("/") + "/"):
            continue
        base = Path(point, path[len(root.rstrip("/")):].lstrip("/"))
        if fstype == "cgroup2":
            if base.name == LEAF:  # we moved ourselves there (_enable_v2): submissions go next to it
                base = base.parent
            try:
                enabled = (base / "cgroup.controllers").read_text().split()
            except OSError:
                continue
            names = [c for c in CONTROLLERS if c in enabled and c not in taken]
        if names and base.is_dir():
            found.append(Hierarchy(1 if fstype == "cgroup" else 2, base, tuple(names)))
            taken.update(names)
    return found


def _enable_v2(h: Hierarchy) -> None:
    """Let the children of h.base use its controllers. Cgroup v2 allows that only in a cgroup with no
    processes of its own (but the root), so the processes there (the grader, its shell) move to a leaf."""
    control = h.base / "cgroup.subtree_control"
    want = " ".join("+" + c for c in h.controllers if c not in control.read_text().split())
    if not want:
        return
    try:
        control.write_text(want)
    except OSError as exc:
        if exc.errno != errno.EBUSY:
            raise
        leaf = h.base / LEAF
        leaf.mkdir(exist_ok=True)
        for pid in (h.base / "cgroup.procs").read_text().split():
            try:
                (leaf / "cgroup.procs").write_text(pid)
            except OSError:
                pass  # exited meanwhile
        control.write_text(want)


def _limit_files(h: Hierarchy, spec: Spec) -> list[tuple[str, str, bool]]:
    """(file, value, required) to write in the submission's cgroup, in this order."""
    mem, quota = spec.mem_mb * 2**20, int(spec.cpu * CPU_PERIOD_US) if spec.cpu > 0 else 0
    files = []
    if "memory" in h.controllers and h.version == 1:  # memsw: memory + swap, so swapping does not escape
        files += [("memory.limit_in_bytes", mem, True), ("memory.memsw.limit_in_bytes", mem, False)]
    elif "memory" in h.controllers:
        files += [("memory.max", mem, True), ("memory.swap.max", 0, False)]
    if "pids" in h.controllers:
        files += [("pids.max", spec.pids, True)]
    if "cpu" in h.controllers and h.version == 1:
        files += [("cpu.cfs_period_us", CPU_PERIOD_US, True), ("cpu.cfs_quota_us", quota or -1, True),
                  ("cpu.shares", max(2, int(1024 * (spec.cpu or 1))), True)]
    elif "cpu" in h.controllers:
        files += [("cpu.max", f"{quota or 'max'} {CPU_PERIOD_US}", True),
                  ("cpu.weight", min(10000, max(1, int(100 * (spec.cpu or 1)))), True)]
    return [(name, str(value), required) for name, value, required in files]


def _create(h: Hierarchy, spec: Spec) -> None:
    where = h.dir(spec)
    _remove(where)  # left over by a grader that died
    where.mkdir()
    for name, value, required in _limit_files(h, spec):
        if required or (where / name).exists():
            (where / name).write_text(value)


def _remove(where: Path, timeout: float = 10.0) -> bool:
    """Kill every process in the cgroup `where` and remove it; False if it is still there at `timeout`."""
    deadline = time.monotonic() + timeout
    while where.is_dir():
        try:
            pids = (where / "cgroup.procs").read_text().split()
        except OSError:
            pids = []
        if not pids:
            try:
                where.rmdir()
                return True
            except FileNotFoundError:
                return True
            except OSError:
                pass  # processes still exiting
        elif (where / "cgroup.kill").exists():  # cgroup v2, Linux >= 5.14: one write kills all, forks too
            (where / "cgroup.kill").write_text("1")
        else:  # kill until empty: a fork racing us is caught next round, and pids.max bounds the rounds
            for pid in pids:
                try:
                    os.kill(int(pid), signal.SIGKILL)
                except OSError:
                    pass
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


@functools.lru_cache(maxsize=None)
def _cgroups() -> tuple[tuple[Hierarchy, ...], str]:
    """The hierarchies where a child cgroup with limits can really be made, and why others cannot."""
    try:
        hierarchies = _find_hierarchies()
    except OSError as exc:
        return (), f"cannot read cgroups: {exc}"
    usable, problems = [], []
    probe = Spec(uid=0, scratch=Path("/"), name=f"probe-{os.getpid()}")
    for h in hierarchies:
        try:
            if h.version == 2:
                _enable_v2(h)
            _create(h, probe)
            usable.append(h)
        except OSError as exc:
            problems.append(f"{h.base}: {exc.strerror or exc}")
        finally:
            _remove(h.dir(probe))
    if not hierarchies:
        problems.append("no cgroup mount with memory, pids or cpu")
    return tuple(usable), "; ".join(problems)


# ------------------------------------------------------------------------------------------ the sandbox

def prepare(spec: Spec) -> None:
    """Create the scratch folder (owned by the uid) with the matplotlib cache, hand `shared_rw` folders
    to the uid, and create the submission's cgroup with its limits (replacing a stale one)."""
    owner = spec.uid if _available()[0] else None
    spec.scratch.mkdir(parents=True, exist_ok=True)
    for folder in (spec.scratch, *(spec.scratch / sub for sub in ("tmp", ".mpl", ".ipython"))):
        _own_dir(folder, owner)
    if spec.mplcache and os.path.isfile(spec.mplcache):  # saves every kernel a rebuild of the font list
        _copy_as(spec.mplcache, spec.scratch / ".mpl" / Path(spec.mplcache).name, owner)
    if owner is None:
        return
    for folder in spec.shared_rw:
        Path(folder).parent.mkdir(parents=True, exist_ok=True)
        _own_dir(Path(folder), owner)
    for h in _cgroups()[0]:
        _create(h, spec)


# Root writes into folders that the sandboxed uid may have written before (a reused scratch): never
# follow a link planted there, which could point at any file of the machine.

def _own_dir(folder: Path, uid: int | None) -> None:
    """`folder` as a real folder (not a link), owned by `uid` with mode 0700."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        folder.unlink()
    folder.mkdir(exist_ok=True)
    if uid is not None:
        os.chown(folder, uid, uid, follow_symlinks=False)
        os.chmod(folder, 0o700)


def _copy_as(source: str, target: Path, uid: int | None) -> None:
    """Copy `source` to a new file `target` (mode 0600) owned by `uid`."""
    data = Path(source).read_bytes()
    target.unlink(missing_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, data)
        if uid is not None:
            os.fchown(fd, uid, uid)
    finally:
        os.close(fd)


def wrap(cmd: list[str], spec: Spec) -> list[str]:
    """The argv that runs `cmd` in the sandbox of `spec` (call prepare(spec) first); `cmd` itself when
    kernels cannot be isolated here. A `-f CONNECTION_FILE` argument is copied into the scratch at launch."""
    if not _available()[0]:
        return list(cmd)
    cmd, copy = list(cmd), []
    if "-f" in cmd[:-1]:
        at = cmd.index("-f") + 1
        inside = str(spec.scratch / CONNECTION_FILE)
        copy.append([os.path.abspath(cmd[at]), inside])
        cmd[at] = inside
    hierarchies = _cgroups()[0]
    limited = {c for h in hierarchies for c in h.controllers}
    rlimits = {"RLIMIT_CORE": 0, "RLIMIT_FSIZE": spec.fsize_mb * 2**20}
    if "memory" not in limited:
        rlimits["RLIMIT_AS"] = spec.mem_mb * 2**20
    if "pids" not in limited:
        rlimits["RLIMIT_NPROC"] = spec.pids  # counts every process of the uid: one uid per live sandbox
    home = str(spec.scratch)
    config = {
        "uid": spec.uid,
        "join": [str(h.dir(spec) / "cgroup.procs") for h in hierarchies],
        "copy": copy,
        "rlimits": rlimits,
        "env": {"HOME": home, "TMPDIR": f"{home}/tmp", "MPLCONFIGDIR": f"{home}/.mpl",
                "IPYTHONDIR": f"{home}/.ipython", "USER": "student", "LOGNAME": "student",
                # pid 1 is the sandbox's init: ipykernel then skips its parent poller, which would see
                # a parent pid other than the grader's and exit
                "JPY_PARENT_PID": "1", "GRADER_SANDBOX": mode()},
        "etc": _etc_files(spec),
        "bwrap": shutil.which("bwrap"),
        "options": _system_options() + _course_options(spec),
        "command": _setpriv(spec.uid) + cmd,
    }
    return [sys.executable, "-I", "-S", str(Path(__file__).resolve()), json.dumps(config)]


def cleanup(spec: Spec) -> None:
    """Kill every process of the sandbox and remove its cgroup; then every process left with its uid
    (the only cleanup without cgroups). Safe to call more than once."""
    if not _available()[0]:
        return
    for h in _cgroups()[0]:
        if not _remove(h.dir(spec)):
            print(f"grader.sandbox: could not remove cgroup {h.dir(spec)}", file=sys.stderr)
    kill_uid(spec.uid)


def _setpriv(uid: int) -> list[str]:
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--inh-caps=-all",
            "--bounding-set=-all", "--no-new-privs", "--"]


def _mirror(path: str) -> list[str]:
    """bwrap options that show the host's `path` inside read-only: the same symlink, or a bind."""
    if os.path.islink(path):
        return ["--symlink", os.readlink(path), path]
    return ["--ro-bind", path, path] if os.path.exists(path) else []


def _system_options() -> list[str]:
    """Namespaces, capabilities and the read-only system (/usr and the links into it, /proc, /dev)."""
    options = [*NAMESPACES, "--die-with-parent", "--new-session", "--hostname", "sandbox", "--cap-drop", "ALL"]
    for cap in SETPRIV_CAPS:
        options += ["--cap-add", cap]
    options += ["--ro-bind", "/usr", "/usr", "--perms", "0755", "--dir", "/etc", "--perms", "0755", "--dir", "/var"]
    for path in ("/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32", "/etc/ld.so.cache", "/etc/localtime",
                 "/etc/fonts"):
        options += _mirror(path)
    return options + ["--proc", "/proc", "--dev", "/dev"]


def _course_options(spec: Spec) -> list[str]:
    """Private tmpfs folders, the Python environment and `utils` read-only, the writable folders."""
    options = []
    for path, size_mb in (("/tmp", spec.mem_mb), ("/var/tmp", spec.mem_mb), ("/dev/shm", spec.mem_mb), ("/run", 16)):
        size = ["--size", str(size_mb * 2**20)] if _bwrap_size_option() else []
        options += ["--perms", "1777", *size, "--tmpfs", path]
    # Bound after the tmpfs folders, so that a venv or a job folder under /tmp stays visible. bwrap makes
    # the folders above a bind (/root above /root/.pyenv) with mode 0700: make them 0755 first.
    binds = [("--ro-bind", p) for p in _python_paths() + [os.path.abspath(p) for p in spec.readonly]]
    binds += [("--bind", p) for p in [os.path.abspath(p) for p in spec.shared_rw] + [str(spec.scratch)]]
    made = set()
    for kind, path in binds:
        for parent in reversed(Path(path).parents[:-1]):
            if parent not in made:
                options += ["--perms", "0755", "--dir", str(parent)]  # no-op where the folder exists
                made.add(parent)
        options += [kind, path, path]
    return options + ["--chdir", str(spec.scratch)]


@functools.lru_cache(maxsize=None)
def _python_paths() -> list[str]:
    """The Python installation and the `utils` package, without the paths already inside another or /usr."""
    paths = {sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix,
             os.path.dirname(os.path.realpath(sys.executable)), *_utils_folders()}
    paths = sorted({os.path.abspath(p) for p in paths if p and os.path.exists(p)})
    inside = lambda p, q: p == q or p.startswith(q.rstrip("/") + "/")  # noqa: E731
    return [p for p in paths if not any(inside(p, q) for q in ["/usr", *paths] if q != p)]


def _utils_folders() -> list[str]:
    """Where the kernel's Python finds `utils`: asked of a fresh interpreter, since an editable install
    maps it to the repository (binding the repository would show the solutions and hidden tests)."""
    code = ("import importlib.util as u; s = u.find_spec('utils'); "
            "print('\\n'.join(s.submodule_search_locations or []) if s else '')")
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, cwd="/")
    return [line for line in out.stdout.splitlines() if line]


def _etc_files(spec: Spec) -> dict[str, str]:
    """Generated /etc files: who the uid is (getpwuid), and `localhost` from /etc/hosts only."""
    return {"/etc/passwd": f"root:x:0:0:root:/root:/usr/sbin/nologin\n"
                           f"student:x:{spec.uid}:{spec.uid}:student:{spec.scratch}:/bin/sh\n",
            "/etc/group": f"root:x:0:\nstudent:x:{spec.uid}:\n",
            "/etc/hosts": "127.0.0.1 localhost sandbox\n::1 localhost ip6-localhost\n",
            "/etc/nsswitch.conf": "passwd: files\ngroup: files\nhosts: files\n"}


# ------------------------------------------------------------------------------------------ the launcher

def _children(pid: int) -> list[int]:
    try:
        return [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    except OSError:  # a kernel without CONFIG_PROC_CHILDREN
        kids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(stat.parent.name))
            except (OSError, IndexError, ValueError):
                pass
        return kids


def _launch(config: dict) -> None:
    """`python sandbox.py CONFIG`: runs as root outside the sandbox, starts bwrap, relays signals."""
    for procs in config["join"]:
        try:
            Path(procs).write_text(str(os.getpid()))
        except OSError as exc:
            sys.exit(f"grader.sandbox: cannot join the cgroup {procs} (was prepare() called?): {exc}")
    uid = config["uid"]
    for source, target in config["copy"]:
        _copy_as(source, Path(target), uid)
    env = {k: v for k, v in os.environ.items() if k in ENV_KEEP}  # the kernel manager's env, filtered
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.update(config["env"])
    options, fds = list(config["options"]), []
    for target, text in config["etc"].items():
        fd = os.memfd_create("sandbox-etc")
        os.write(fd, text.encode())
        os.lseek(fd, 0, os.SEEK_SET)
        options += ["--perms", "0444", "--ro-bind-data", str(fd), target]
        fds.append(fd)
    for name, value in config["rlimits"].items():
        resource.setrlimit(getattr(resource, name), (value, value))

    init = []  # host pid of the sandbox's pid 1 (bwrap's reaper), whose child is the kernel

    def forward(signum, _frame):
        for pid in _children(init[0]) if init else ():
            try:
                os.kill(pid, signum)
            except OSError:
                pass

    for signum in FORWARDED:
        signal.signal(signum, forward)
    info_read, info_write = os.pipe()
    # bwrap gets a process group of its own: jupyter_client signals the launcher's group, and bwrap
    # would die of a SIGINT meant for the kernel.
    proc = subprocess.Popen([config["bwrap"], "--info-fd", str(info_write), *options, "--", *config["command"]],
                            env=env, pass_fds=[info_write, *fds], start_new_session=True)
    for fd in (info_write, *fds):
        os.close(fd)
    with os.fdopen(info_read) as info:  # bwrap writes {"child-pid": N, ...} once set up, then closes it
        try:
            init.append(json.load(info)["child-pid"])
        except (ValueError, KeyError):
            pass  # bwrap failed; its exit status tells
    code = proc.wait()
    # bwrap exits with 128 + N when the kernel died of signal N: die the same way, so that the kernel
    # manager's exit status says "killed by SIGKILL" (out of memory) rather than "exit 137".
    signum = -code if code < 0 else code - 128 if code > 128 else 0
    stops = {signal.SIGSTOP, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU}
    if signum in set(signal.Signals) - stops:
        if signum != signal.SIGKILL:
            signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
    sys.exit(code if code >= 0 else 128 - code)  # a signal that does not kill (SIGCHLD...)


# ---------------------------------------------------------------------------------- uids (kept as is)

def uid_base() -> int:
    """A per-run block of 64 unused uids, so two grading runs never share (or kill) each other's kernels."""
    return 200_000 + (os.getpid() % 100_000) * 64


def kill_uid(uid: int, rounds: int = 5) -> int:
    """SIGKILL every process whose real or effective uid is `uid` (forks and daemons a kernel left behind)."""
    killed = 0
    for _ in range(rounds):
        found = False
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("Uid:"):
                        ids = [int(x) for x in line.split()[1:3]]
                        break
                else:
                    continue
            except (OSError, ValueError):
                continue
            if uid in ids:
                found = True
                try:
                    os.kill(int(status.parent.name), signal.SIGKILL)
                    killed += 1
                except OSError:
                    pass
        if not found:
            break
        time.sleep(0.05)
    return killed


if __name__ == "__main__":
    _launch(json.loads(sys.argv[1]))
