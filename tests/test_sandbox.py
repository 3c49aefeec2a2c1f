"""The kernel sandbox (grader/sandbox.py), proved with real processes started through `sandbox.wrap()`.

Each test runs small Python programs as an unprivileged uid inside bubblewrap and checks, from inside
and from the host, what they can see, write, reach and use. Needs root and bubblewrap: skipped
otherwise, with the reason `sandbox.mode()` gives. No timing is asserted.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from grader import sandbox

ROOT = Path(__file__).resolve().parent.parent
ISOLATED, MODE = sandbox.available()
# a developer without root or bubblewrap may skip these; CI (CI=true, root, .ci/run installs bubblewrap) never does
needs_sandbox = pytest.mark.skipif(not ISOLATED and not os.environ.get("CI"), reason=f"no sandbox here: {MODE}")
_counter = itertools.count(40)  # uids 40.. of this run's block: grading slots use the first ones


@pytest.fixture
def make_spec(tmp_path):
    """Spec factory; every sandbox it made is cleaned up after the test."""
    made = []

    def make(**kw) -> sandbox.Spec:
        n = next(_counter)
        job = tmp_path / f"job{n}"
        spec = sandbox.Spec(uid=sandbox.uid_base() + n, scratch=job / "scratch", shared_rw=[str(job / "ipc")],
                            name=f"test-{os.getpid()}-{n}", **kw)
        sandbox.prepare(spec)
        made.append(spec)
        return spec

    yield make
    for spec in made:
        sandbox.cleanup(spec)


def run(spec, code: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    """Run Python `code` in the sandbox of `spec`; its last stdout line is parsed as JSON into .data."""
    cmd = sandbox.wrap([sys.executable, "-c", textwrap.dedent(code)], spec)
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, **kw)
    lines = proc.stdout.strip().splitlines()
    proc.data = json.loads(lines[-1]) if lines and lines[-1][:1] in "{[" else None
    return proc


def uid_processes(uid: int) -> list[int]:
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uids = next(line for line in status.read_text().splitlines() if line.startswith("Uid:")).split()[1:]
        except (OSError, StopIteration):
            continue
        if str(uid) in uids:
            found.append(int(status.parent.name))
    return found


def cgroup_dirs(spec) -> list[Path]:
    return [h.dir(spec) for h in sandbox._cgroups()[0]]


def test_without_isolation_the_command_is_unchanged(monkeypatch, tmp_path):
    monkeypatch.setattr(sandbox, "_available", lambda: (False, "none: not root"))
    spec = sandbox.Spec(uid=12345, scratch=tmp_path / "scratch")
    cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", "/x/conn.json"]
    assert sandbox.wrap(cmd, spec) == cmd
    assert sandbox.mode().startswith("none:") and sandbox.available() == (False, "none: not root")
    sandbox.prepare(spec)  # still makes the scratch, and touches no cgroup
    sandbox.cleanup(spec)
    assert spec.scratch.is_dir()


def test_cgroup_limit_files_v1_and_v2(tmp_path):
    spec = sandbox.Spec(uid=1, scratch=tmp_path, mem_mb=1024, pids=77, cpu=0.5)
    v1 = dict((f, v) for f, v, _ in sandbox._limit_files(sandbox.Hierarchy(1, tmp_path, sandbox.CONTROLLERS), spec))
    assert v1["memory.limit_in_bytes"] == v1["memory.memsw.limit_in_bytes"] == str(2**30)
    assert (v1["pids.max"], v1["cpu.cfs_quota_us"], v1["cpu.cfs_period_us"], v1["cpu.shares"]) == \
        ("77", "50000", "100000", "512")
    v2 = dict((f, v) for f, v, _ in sandbox._limit_files(sandbox.Hierarchy(2, tmp_path, sandbox.CONTROLLERS), spec))
    assert v2 == {"memory.max": str(2**30), "memory.swap.max": "0", "pids.max": "77",
                  "cpu.max": "50000 100000", "cpu.weight": "50"}


@needs_sandbox
def test_mode_says_what_falls_back_to_rlimits(monkeypatch):
    assert MODE.startswith("bwrap")
    monkeypatch.setattr(sandbox, "_cgroups", lambda: ((), "no cgroup mount with memory, pids or cpu"))
    assert sandbox._available.__wrapped__() == (True, "bwrap+rlimit(memory,pids) [no cgroup for memory,pids,cpu "
                                                      "(no CPU share): no cgroup mount with memory, pids or cpu]")
    only_memory = (sandbox.Hierarchy(1, Path("/x"), ("memory",)),)
    monkeypatch.setattr(sandbox, "_cgroups", lambda: (only_memory, ""))
    assert sandbox._available.__wrapped__() == (True, "bwrap+cgroup(v1: memory)+rlimit(pids) [no cgroup for pids,cpu "
                                                      "(no CPU share): controller not available]")


@needs_sandbox
def test_without_cgroups_rlimits_hold(make_spec, monkeypatch):
    monkeypatch.setattr(sandbox, "_cgroups", lambda: ((), "test"))
    out = run(make_spec(mem_mb=1024, pids=100, fsize_mb=8), """
        import json, resource
        print(json.dumps([resource.getrlimit(getattr(resource, name))[0]
                          for name in ("RLIMIT_AS", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_CORE")]))
    """)
    assert out.data == [2**30, 100, 8 * 2**20, 0], out.stderr


def test_finds_cgroups_v2_v1_and_a_container_mount(tmp_path):
    def folder(path: str, controllers: str = "") -> Path:
        (tmp_path / path).mkdir(parents=True)
        if controllers:
            (tmp_path / path / "cgroup.controllers").write_text(controllers)
        return tmp_path / path

    # cgroup v2 (a systemd session): the controllers its parent delegated
    v2 = folder("v2/user.slice/s.scope", "cpuset cpu io memory pids")
    mounts = f"30 23 0:26 / {tmp_path}/v2 rw,relatime - cgroup2 cgroup2 rw\n"
    assert sandbox._find_hierarchies("0::/user.slice/s.scope\n", mounts) == \
        [sandbox.Hierarchy(2, v2, ("memory", "pids", "cpu"))]
    # the grader already moved to its leaf (by another worker): submissions go next to it
    folder(f"v2/user.slice/s.scope/{sandbox.LEAF}")
    assert sandbox._find_hierarchies(f"0::/user.slice/s.scope/{sandbox.LEAF}\n", mounts)[0].base == v2
    # cgroup v1 in a container that mounts only its own part (/docker/abc) of each hierarchy
    memory, cpu = folder("memory/job"), folder("cpu,cpuacct/job")
    mounts = (f"32 31 0:29 /docker/abc {tmp_path}/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
              f"35 31 0:32 /docker/abc {tmp_path}/memory rw - cgroup cgroup rw,memory\n"
              f"39 31 0:36 /elsewhere {tmp_path}/pids rw - cgroup cgroup rw,pids\n"
              f"41 31 0:38 / {tmp_path}/unified rw - cgroup2 cgroup2 rw\n")
    own = "8:pids:/docker/abc/job\n4:memory:/docker/abc/job\n1:cpu,cpuacct:/docker/abc/job\n0::/\n"
    folder("unified")
    assert sandbox._find_hierarchies(own, mounts) == [sandbox.Hierarchy(1, cpu, ("cpu",)),
                                                      sandbox.Hierarchy(1, memory, ("memory",))]


@needs_sandbox
def test_runs_as_the_uid_without_capabilities(make_spec):
    spec = make_spec()
    out = run(spec, """
        import json, os
        status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines())
        print(json.dumps({"ids": [os.getuid(), os.geteuid(), os.getgid(), os.getegid()], "groups": os.getgroups(),
                          "caps": {k: int(v, 16) for k, v in status.items() if k.startswith("Cap")},
                          "nnp": int(status["NoNewPrivs"]), "mode": os.environ["GRADER_SANDBOX"],
                          "env": sorted(os.environ), "cwd": os.getcwd(), "home": os.path.expanduser("~"),
                          "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit())}))
    """)
    assert out.returncode == 0, out.stderr
    d = out.data
    assert d["ids"] == [spec.uid] * 4 and d["groups"] == []
    assert set(d["caps"]) >= {"CapEff", "CapPrm", "CapBnd"} and not any(d["caps"].values()), d["caps"]
    assert d["nnp"] == 1
    assert d["mode"] == MODE and d["cwd"] == d["home"] == str(spec.scratch)
    assert set(d["env"]) <= set(sandbox.ENV_KEEP) | {"HOME", "TMPDIR", "MPLCONFIGDIR", "IPYTHONDIR", "USER",
                                                     "LOGNAME", "JPY_PARENT_PID", "GRADER_SANDBOX", "PWD"}
    assert max(d["pids"]) < 10, "a PID namespace of its own: the machine's processes are not there"


@needs_sandbox
def test_sees_python_and_utils_but_nothing_else(make_spec):
    tag = uuid.uuid4().hex[:8]
    planted = []
    for top in ("/tmp", "/var/tmp"):  # another copy of the course, outside the sandbox's binds
        nb = Path(top) / f"other-course-{tag}" / "source" / "week03_softmax" / "softmax.ipynb"
        nb.parent.mkdir(parents=True)
        nb.write_text("{}")
        planted.append(nb.parents[2])
    for top in ("/srv", "/opt"):
        secret = Path(top) / f"secret-{tag}.txt"
        secret.write_text("secret")
        planted.append(secret)
    secrets = [str(p) for p in planted] + [str(planted[0] / "source" / "week03_softmax" / "softmax.ipynb")]
    secrets += [str(ROOT / name) for name in ("source", "tests", ".git", "grader", "README.md")]
    neighbour = make_spec()  # another submission's job: its scratch and ipc folder
    secrets += ["/root/.bashrc", "/home", "/sys", "/work/shared", str(neighbour.scratch), *neighbour.shared_rw]
    spec = make_spec()
    try:
        out = run(spec, f"""
            import importlib.util, json, os
            import numpy, utils.checks
            print(json.dumps({{"top": sorted(os.listdir("/")), "root": sorted(os.listdir("/root")) if os.path.isdir("/root") else [],
                              "visible": [p for p in {secrets!r} if os.path.lexists(p)],
                              "grader": importlib.util.find_spec("grader") is not None,
                              "repo": sorted(os.listdir({str(ROOT)!r}))}}))
        """)
    finally:
        for p in planted:
            shutil.rmtree(p) if p.is_dir() else p.unlink()
    assert out.returncode == 0, out.stderr
    d = out.data
    assert d["visible"] == [] and not d["grader"]
    # of the repository, only what Python needs: the venv (when it lives there) and utils/
    assert set(d["repo"]) <= {"utils", ".venv"} and "utils" in d["repo"]
    system = {"usr", "etc", "var", "proc", "dev", "tmp", "run"}
    system |= {n for n in ("bin", "sbin", "lib", "lib64", "lib32", "libx32") if os.path.lexists("/" + n)}
    binds = sandbox._python_paths() + [str(spec.scratch)] + spec.shared_rw
    assert set(d["top"]) == system | {Path(p).parts[1] for p in binds}
    if "root" in d["top"]:  # a Python under /root (pyenv): that folder only
        assert d["root"] == [Path(sys.base_prefix).relative_to("/root").parts[0]]


@needs_sandbox
def test_writes_only_to_scratch_shared_and_private_tmpfs(make_spec):
    tag = f"sandbox-{uuid.uuid4().hex[:8]}"
    private = ["/tmp", "/var/tmp", "/dev/shm", "/run"]
    first, second = make_spec(), make_spec()
    targets = {"scratch": str(first.scratch), "shared": first.shared_rw[0], **{p: p for p in private},
               "utils": str(ROOT / "utils"), "venv": sys.prefix, "usr": "/usr/local", "etc": "/etc", "root": "/"}
    writer = subprocess.Popen(sandbox.wrap([sys.executable, "-c", textwrap.dedent(f"""
        import json, sys
        ok = {{}}
        for name, folder in {targets!r}.items():
            try:
                open(f"{{folder}}/{tag}", "w").write("x")
                ok[name] = True
            except OSError:
                ok[name] = False
        print(json.dumps(ok), flush=True)
        sys.stdin.read()  # stay alive while the other sandbox looks
    """)], first), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        wrote = json.loads(writer.stdout.readline())
        seen = run(second, f"""
            import json, os
            print(json.dumps([p for p in {private!r} if os.path.exists(p + "/{tag}")]))
        """)
    finally:
        writer.communicate("", timeout=30)
    assert wrote == {name: name in ["scratch", "shared", *private] for name in targets}
    assert seen.data == [], "the second sandbox saw files of the first"
    assert [p for p in private if os.path.exists(f"{p}/{tag}")] == [], "the host saw files of the sandbox"
    assert (first.scratch / tag).exists() and (Path(first.shared_rw[0]) / tag).exists()
    for p in [ROOT / "utils", Path(sys.prefix)]:
        assert not (p / tag).exists()


@needs_sandbox
def test_no_network(make_spec):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        out = run(make_spec(), f"""
            import json, socket
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
                reached = True
            except OSError:
                reached = False
            print(json.dumps({{"reached": reached, "interfaces": [n for _, n in socket.if_nameindex()]}}))
        """)
    assert out.data == {"reached": False, "interfaces": ["lo"]}, out.stderr


@needs_sandbox
def test_memory_limit_counts_children(make_spec):
    # Each child alone fits in the limit, together they do not. (Sizes are kept small: first-touching
    # gigabytes takes seconds on a virtual machine; 4 x 1.5 GB in 2 GB behaves the same, slower.)
    spec = make_spec(mem_mb=512, cpu=0)
    out = run(spec, """
        import json, os
        release_r, release_w = os.pipe()
        kids = []
        for _ in range(4):
            done_r, done_w = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(release_w)
                try:
                    block = b"x" * 320_000_000  # written, so really resident
                except MemoryError:
                    os._exit(3)
                os.write(done_w, b"1")
                os.read(release_r, 1)  # hold the memory until every child has tried
                os._exit(0)
            os.close(done_w)
            kids.append((pid, done_r))
        for _, done_r in kids:
            os.read(done_r, 1)  # b"1": holds its block; b"": died
        os.close(release_w)
        status = [os.waitpid(pid, 0)[1] for pid, _ in kids]
        print(json.dumps({"killed": sum(os.WIFSIGNALED(s) for s in status),
                          "failed": sum(os.WIFEXITED(s) and os.WEXITSTATUS(s) == 3 for s in status)}))
    """, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.data["killed"] + out.data["failed"] >= 3, "two blocks of 320 MB at once cannot fit in 512 MB"


@needs_sandbox
def test_pids_limit_counts_threads_and_processes(make_spec):
    out = run(make_spec(pids=64), """
        import json, os, threading, time
        stop, threads, forks = threading.Event(), [], []
        try:
            for _ in range(2000):
                thread = threading.Thread(target=stop.wait)
                thread.start()
                threads.append(thread)
        except RuntimeError:
            pass
        stop.set()
        for t in threads:
            t.join()
        try:
            for _ in range(2000):
                pid = os.fork()
                if pid == 0:
                    time.sleep(60)
                    os._exit(0)
                forks.append(pid)
        except OSError:
            pass
        print(json.dumps({"threads": len(threads), "forks": len(forks)}), flush=True)
        os._exit(0)  # the children are left to cleanup()
    """)
    assert out.returncode == 0, out.stderr
    assert 10 < out.data["threads"] < 64 and 10 < out.data["forks"] < 64, out.data


@needs_sandbox
def test_limits_are_written_and_cleanup_leaves_nothing(make_spec):
    spec = make_spec(mem_mb=1536, pids=99, cpu=0.5)
    dirs = cgroup_dirs(spec)
    if not dirs:
        pytest.skip(f"no cgroup here: {MODE}")
    names = ["memory.limit_in_bytes", "memory.max", "pids.max", "cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares",
             "cpu.max", "cpu.weight"]
    files = {name: (d / name).read_text().strip() for d in dirs for name in names if (d / name).exists()}
    if "memory.limit_in_bytes" in files:
        assert files["memory.limit_in_bytes"] == str(1536 * 2**20)
    if "memory.max" in files:
        assert files["memory.max"] == str(1536 * 2**20)
    if "pids.max" in files:
        assert files["pids.max"] == "99"
    if "cpu.cfs_quota_us" in files:  # v1
        assert [files[f] for f in ("cpu.cfs_quota_us", "cpu.cfs_period_us", "cpu.shares")] == ["50000", "100000", "512"]
    if "cpu.max" in files:  # v2
        assert (files["cpu.max"], files["cpu.weight"]) == ("50000 100000", "50")
    # a daemon that leaves the command's session dies with the command: the PID namespace goes with it
    out = run(spec, """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(300)
            os._exit(0)
        time.sleep(0.2)
    """)
    assert out.returncode == 0, out.stderr
    assert uid_processes(spec.uid) == []
    # cleanup() of a live sandbox: everything in it is killed, the cgroup removed
    live = subprocess.Popen(sandbox.wrap([sys.executable, "-c", textwrap.dedent("""
        import os, time
        for _ in range(3):
            if os.fork() == 0:
                break
        time.sleep(300)
    """)], spec))
    deadline = time.monotonic() + 60
    while sum(len((d / "cgroup.procs").read_text().split()) for d in dirs[:1]) < 6:  # launcher, bwrap x2, 4 python
        assert time.monotonic() < deadline and live.poll() is None, "the sandbox did not start"
        time.sleep(0.05)
    sandbox.cleanup(spec)
    sandbox.cleanup(spec)  # idempotent
    assert live.wait(timeout=30) == -signal.SIGKILL
    assert not any(d.exists() for d in dirs)
    assert uid_processes(spec.uid) == [], "a process of the uid survived cleanup()"


@needs_sandbox
def test_exit_status_is_the_commands(make_spec):
    spec = make_spec()
    assert run(spec, "import sys; sys.exit(3)").returncode == 3
    assert run(spec, "import os, signal; os.kill(os.getpid(), signal.SIGKILL)").returncode == -signal.SIGKILL


@needs_sandbox
def test_ipykernel_runs_is_interrupted_and_cleaned_up(make_spec, tmp_path):
    from jupyter_client.manager import KernelManager

    spec = make_spec()
    private = tmp_path / "connection"  # readable by root only, as jupyter_client writes it: copied at launch
    private.mkdir(mode=0o700)

    class SandboxedKM(KernelManager):
        def format_kernel_cmd(self, extra_arguments=None):
            return sandbox.wrap(super().format_kernel_cmd(extra_arguments), spec)

    km = SandboxedKM(kernel_name="python3", transport="ipc", ip=str(Path(spec.shared_rw[0]) / "kernel"),
                     connection_file=str(private / "kernel.json"))
    km.start_kernel(env=dict(os.environ, JPY_PARENT_PID=str(os.getpid())))
    kc = km.client()
    kc.start_channels()

    def execute(code: str, interrupt_after: float | None = None) -> dict:
        msg_id = kc.execute(code)
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            km.interrupt_kernel()
        got = {}
        while True:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "execute_result":
                got["result"] = content["data"]["text/plain"]
            elif kind == "error":
                got["error"] = content["ename"]
            elif kind == "status" and content["execution_state"] == "idle":
                return got

    try:
        kc.wait_for_ready(timeout=60)
        assert execute("1+1") == {"result": "2"}
        assert execute("import os; os.getuid()") == {"result": str(spec.uid)}
        assert execute("while True: pass", interrupt_after=1.0) == {"error": "KeyboardInterrupt"}
        assert execute("40+2") == {"result": "42"}
        assert km.is_alive()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)  # SIGKILL to the launcher: bwrap and the kernel must follow it
    deadline = time.monotonic() + 30
    while uid_processes(spec.uid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert uid_processes(spec.uid) == [], "the kernel outlived its launcher"
    sandbox.cleanup(spec)
    assert not any(d.exists() for d in cgroup_dirs(spec))
