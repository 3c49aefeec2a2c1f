"""Run a student's kernel so that it can change nothing outside its own scratch folder.

The grading worker (root, or any user) starts every kernel through this launcher:

    python -m grader.sandbox --uid 200064 --scratch DIR [--hide PATH ...] [--mem-mb N] [--cpu-s N]
                             [--fsize-mb N] [--nproc N] [--no-network] -- python -m ipykernel_launcher -f conn.json

As root it then, before running a single line of student code:
1. enters a private mount namespace: a fresh tmpfs on /tmp and /dev/shm (so the grader's work folders,
   other students' submissions and every gradebook copy under /tmp are invisible) and an empty mount
   over each `--hide` path (the course's source notebooks with hidden tests, the class gradebook, the
   submissions folder, the output folder);
2. with `--no-network`, enters a network namespace of its own, with only a loopback interface: student
   code can reach no other machine and no service of the grading machine (so it cannot send hidden tests
   away). The kernel then talks to the grader over Unix sockets (ZMQ's IPC transport, in a folder of the
   job that is exposed in both namespaces) instead of TCP;
3. copies the connection file into the scratch folder, which becomes the kernel's HOME, TMPDIR and
   working directory, owned by the kernel's uid;
4. sets resource limits (address space, CPU seconds, file size, processes, no core files);
5. drops to an unprivileged uid/gid with no supplementary groups and `no_new_privs`, then execs the kernel.

Without root (an instructor's laptop) the kernel runs unchanged and `sandbox_mode()` says "none": the
report then warns that submissions were not isolated.
"""
from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shutil
import signal
import sys
import time
from pathlib import Path

CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 1, 2, 4, 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38


def sandbox_mode() -> str:
    """'uid' when kernels can be run as another user (we are root), else 'none'."""
    return "uid" if hasattr(os, "geteuid") and os.geteuid() == 0 else "none"


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


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def _mount(libc, source, target, fstype, flags, data=None) -> None:
    enc = lambda s: s.encode() if isinstance(s, str) else s  # noqa: E731
    if libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def _covering(path: str, covers: list[str]) -> str | None:
    for cover in covers:
        if path == cover or path.startswith(cover.rstrip("/") + "/"):
            return cover
    return None


def _blocked_ancestor(path: str) -> str | None:
    """The first folder on the way to `path` that other users cannot enter (e.g. /root for a pyenv python)."""
    current = "/"
    for part in Path(path).parts[1:]:
        try:
            if not os.stat(current).st_mode & 0o001:
                return current
        except OSError:
            return None
        current = os.path.join(current, part)
    return None


def _private_mounts(hide: list[str], expose: list[str]) -> list[str]:
    """New mount namespace: private /tmp and /dev/shm, the `expose` paths reachable, the `hide` paths empty.

    `expose` are what the kernel needs (the Python installation, the venv, the course repo): when one
    lies under /tmp or behind a folder others cannot enter (/root), that folder is covered by a tmpfs
    and the path is bind-mounted back at the same place. Returns the problems met (empty = all done).
    """
    libc = _libc()
    if libc.unshare(CLONE_NEWNS) != 0:
        return [f"unshare: {os.strerror(ctypes.get_errno())}"]
    problems = []
    try:
        _mount(libc, None, "/", None, MS_REC | MS_PRIVATE)
    except OSError as exc:
        return [str(exc)]
    covers = {"/tmp": "size=512m,mode=1777", "/dev/shm": "size=64m,mode=1777"}
    expose = sorted({os.path.realpath(p) for p in expose if os.path.exists(p)})
    # a path inside another exposed one comes back with it (binding a running executable again fails)
    expose = [p for p in expose if not any(p.startswith(q.rstrip("/") + "/") for q in expose if q != p)]
    for path in expose:
        anc = _blocked_ancestor(path)
        if anc and anc != "/" and not _covering(anc, list(covers)):
            covers[anc] = "size=1m,mode=755"
    # hold on to what must come back before covering it
    keep = []
    for path in expose:
        cover = _covering(path, sorted(covers, key=len))
        if cover:
            keep.append((path, os.open(path, os.O_PATH), os.path.isdir(path)))
    for target, opts in covers.items():
        try:
            _mount(libc, "tmpfs", target, "tmpfs", MS_NOSUID | MS_NODEV, opts)
        except OSError as exc:
            problems.append(str(exc))
    for path, fd, is_dir in keep:
        try:
            if is_dir:
                os.makedirs(path, exist_ok=True)
            else:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "a").close()
            _mount(libc, f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        except OSError as exc:
            problems.append(str(exc))
        finally:
            os.close(fd)
    for path in hide:
        try:
            if os.path.isdir(path):
                _mount(libc, "tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "size=4k,mode=755")
            elif os.path.exists(path):
                _mount(libc, "/dev/null", path, None, MS_BIND)
        except OSError as exc:
            problems.append(str(exc))
    return problems


def _private_network() -> list[str]:
    """New network namespace holding only an interface `lo`, brought up so that code using localhost works."""
    import fcntl
    import socket
    import struct

    if _libc().unshare(CLONE_NEWNET) != 0:
        return [f"unshare(network): {os.strerror(ctypes.get_errno())}"]
    siocgifflags, siocsifflags, iff_up, ifreq = 0x8913, 0x8914, 0x1, "16sH22x"
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            flags = struct.unpack(ifreq, fcntl.ioctl(s, siocgifflags, struct.pack(ifreq, b"lo", 0)))[1]
            fcntl.ioctl(s, siocsifflags, struct.pack(ifreq, b"lo", flags | iff_up))
    except OSError as exc:
        return [f"loopback: {exc}"]
    return []


def _limits(mem_mb: int, cpu_s: int, fsize_mb: int, nproc: int) -> None:
    def setlim(kind, value):
        try:
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass
    if mem_mb > 0:
        setlim(resource.RLIMIT_AS, mem_mb * 2**20)
    if cpu_s > 0:
        setlim(resource.RLIMIT_CPU, cpu_s)
    if fsize_mb > 0:
        setlim(resource.RLIMIT_FSIZE, fsize_mb * 2**20)
    if nproc > 0:
        setlim(resource.RLIMIT_NPROC, nproc)
    setlim(resource.RLIMIT_CORE, 0)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if "--" not in argv:
        sys.exit("usage: python -m grader.sandbox [options] -- kernel command")
    split = argv.index("--")
    parser = argparse.ArgumentParser(prog="grader.sandbox")
    parser.add_argument("--uid", type=int, required=True)
    parser.add_argument("--scratch", required=True, help="kernel's home when /tmp cannot be made private")
    parser.add_argument("--hide", action="append", default=[])
    parser.add_argument("--expose", action="append", default=[], help="paths the kernel must reach")
    parser.add_argument("--mem-mb", type=int, default=6144)
    parser.add_argument("--cpu-s", type=int, default=0)
    parser.add_argument("--fsize-mb", type=int, default=64)
    parser.add_argument("--nproc", type=int, default=512)
    parser.add_argument("--mplcache", default="", help="a matplotlib fontlist json to seed the kernel's cache")
    parser.add_argument("--no-network", action="store_true", help="a network namespace of its own (IPC kernels)")
    args = parser.parse_args(argv[:split])
    cmd = argv[split + 1:]
    uid = args.uid

    # Read what the kernel needs before the mounts hide it.
    conn_index = cmd.index("-f") + 1 if "-f" in cmd else None
    conn = Path(cmd[conn_index]).read_bytes() if conn_index else None
    font_cache = Path(args.mplcache).read_bytes() if args.mplcache and os.path.exists(args.mplcache) else None

    problems = _private_mounts(args.hide, args.expose)
    offline = args.no_network and not (net_problems := _private_network())
    if args.no_network and not offline:
        print(f"grader.sandbox: network NOT isolated: {net_problems}", file=sys.stderr)
    scratch = Path("/tmp/work") if not any("/tmp" in p or "unshare" in p for p in problems) else Path(args.scratch)
    for sub in ("", "tmp", ".mpl", ".ipython"):
        (scratch / sub).mkdir(parents=True, exist_ok=True)
        os.chown(scratch / sub, uid, uid)
        os.chmod(scratch / sub, 0o700)
    if conn is not None:
        target = scratch / ".kernel-connection.json"
        target.write_bytes(conn)
        os.chown(target, uid, uid)
        os.chmod(target, 0o600)
        cmd[conn_index] = str(target)
    if font_cache is not None:
        (scratch / ".mpl" / Path(args.mplcache).name).write_bytes(font_cache)
        os.chown(scratch / ".mpl" / Path(args.mplcache).name, uid, uid)

    keep = ("PATH", "LANG", "LC_ALL", "PYTHONHASHSEED", "MPLBACKEND", "TF_CPP_MIN_LOG_LEVEL",
            "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NBGRADER_EXECUTION",
            "JPY_PARENT_PID", "PYDEVD_DISABLE_FILE_VALIDATION", "VIRTUAL_ENV", "KERAS_HOME")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(HOME=str(scratch), TMPDIR=str(scratch / "tmp"), MPLCONFIGDIR=str(scratch / ".mpl"),
               IPYTHONDIR=str(scratch / ".ipython"), USER="student", LOGNAME="student",
               GRADER_SANDBOX=("uid+mounts" if not problems else "uid") + ("+offline" if offline else ""))
    os.chdir(scratch)
    _limits(args.mem_mb, args.cpu_s, args.fsize_mb, args.nproc)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    _libc().prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if os.getuid() == 0 or os.geteuid() == 0:  # never run student code as root
        sys.exit("grader.sandbox: could not drop root")
    os.execvpe(cmd[0], cmd, env)


def prepare_scratch(path: Path, uid: int) -> Path:
    """A fallback scratch folder (used when /tmp cannot be made private), owned by the kernel's uid."""
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    os.chown(path, uid, uid)
    os.chmod(path, 0o700)
    return path


if __name__ == "__main__":
    main()
