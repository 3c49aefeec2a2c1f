"""Find the submissions of a week: nbgrader's `submitted/` layout, a folder of `<student>.ipynb`, or a zip.

- `submitted/<student>/<week>/<notebook>.ipynb` (nbgrader's layout; PATH is the `submitted` folder or
  the course folder holding it);
- a folder of `<student>.ipynb` files (any other file in it, and macOS `._` files, are not graded);
- a `.zip` of `<student>.ipynb` files (folders inside the zip are ignored, and so are `__MACOSX/`, `._` files
  and `.ipynb_checkpoints/`; nothing is extracted outside
  the grader's work folder). Before anything is unpacked the zip's member count and total declared size
  are bounded (`MAX_MEMBERS`, `MAX_TOTAL`: the whole zip is refused with a message); a member whose
  compression ratio is absurd (`MAX_RATIO`, a zip bomb), that is too large, encrypted or damaged is
  skipped with a reason for that student; reading a member stops at its limit whatever its header says.

Student ids (`student_id`): names keep their Unicode letters, marks and digits (NFC), `_ . @ -`; any other
character becomes `_`. A name that is unsafe as a folder name (empty, `.`/`..`, a path separator or a
control character, too long) and names whose ids would collide (also when they differ only in case,
as on a case-insensitive disk) get a short stable suffix: 6 hex digits of the SHA-256 of the original
name. `Submission.original` keeps the name as it was given (folder, file or zip member name).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

MAX_MEMBER = 100 * 2**20          # bytes of one notebook (preflight refuses more anyway)
MAX_TOTAL = 2 * 2**30             # declared size of all members of a zip
MAX_MEMBERS = 5000                # entries in a zip
MAX_RATIO = 200                   # uncompressed / compressed size of a member above RATIO_FLOOR
RATIO_FLOOR = 2**20
MAX_ID_CHARS = 64
MAX_ID_BYTES = 180                # a folder name must stay under 255 bytes with suffixes added
SAFE_PUNCT = "_.@-"


@dataclass
class Submission:
    student: str
    path: Path | None
    problem: str | None = None   # set when there is nothing to grade (e.g. no notebook in the folder)
    submitted_at: dt.datetime | None = None   # nbgrader's timestamp.txt, in its layout
    original: str | None = None  # the name as given (folder, file or zip member), for the report


def _display(name: str) -> str:
    """The name as text that can be written anywhere (undecodable bytes of a file name become U+FFFD)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace") if name else name


def _suffix(name: str) -> str:
    return hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]


def _base(name: str) -> tuple[str, bool]:
    """(id before collisions are resolved, whether the name is unsafe as it is)."""
    nfc = unicodedata.normalize("NFC", name)
    unsafe = nfc in ("", ".", "..") or any(c in "/\\" or unicodedata.category(c)[0] == "C" for c in nfc)
    chars = [c if unicodedata.category(c)[0] in "LNM" or c in SAFE_PUNCT else "_" for c in nfc]
    clean = "".join(chars).strip("._").lstrip("-")
    if clean and unicodedata.category(clean[0])[0] == "M":  # a mark cannot start a name
        clean = "_" + clean
    if not clean:
        return "student", True
    if len(clean) > MAX_ID_CHARS or len(clean.encode("utf-8")) > MAX_ID_BYTES:
        while len(clean) > MAX_ID_CHARS or len(clean.encode("utf-8")) > MAX_ID_BYTES:
            clean = clean[:-1]
        return clean.rstrip("._") or "student", True
    return clean, unsafe


def student_id(name: str) -> str:
    """The id of one name on its own (collisions with other names are resolved by `assign_ids`)."""
    base, unsafe = _base(name)
    return f"{base}-{_suffix(name)}" if unsafe else base


def assign_ids(names: list[str]) -> list[str]:
    """Unique, stable ids for `names` (same order). A name that is its own id keeps it when no other name
    collides with it; every other member of a collision (case-insensitive) gets its hash suffix; the
    same name given twice gets -2, -3, ..."""
    bases = {n: _base(n) for n in names}
    groups: dict = defaultdict(set)
    for name, (base, _) in bases.items():
        groups[base.casefold()].add(name)
    chosen = {}
    for name, (base, unsafe) in bases.items():
        group = groups[base.casefold()]
        exact = [o for o in group if o == bases[o][0] and not bases[o][1]]
        if not unsafe and (len(group) == 1 or exact == [name]):
            chosen[name] = base
        else:  # the suffix hashes the name as given: NFC and NFD spellings of one name stay apart
            chosen[name] = f"{base}-{_suffix(name)}"
    out, seen = [], defaultdict(int)
    taken = {v.casefold() for v in chosen.values()}
    for name in names:
        sid = chosen[name]
        seen[sid.casefold()] += 1
        n = seen[sid.casefold()]
        if n > 1:
            candidate = f"{sid}-{n}"
            while candidate.casefold() in taken:
                n += 1
                candidate = f"{sid}-{n}"
            taken.add(candidate.casefold())
            sid = candidate
        out.append(sid)
    return out


def _with_ids(subs: list[Submission]) -> list[Submission]:
    for sub, sid in zip(subs, assign_ids([sub.original or sub.student for sub in subs])):
        sub.student = sid
        sub.original = _display(sub.original or "")
    return subs


def read_timestamp(folder: Path) -> dt.datetime | None:
    """The time in nbgrader's `timestamp.txt` beside a collected notebook, if there is one and it parses."""
    from nbgrader.utils import parse_utc

    path = Path(folder) / "timestamp.txt"
    try:
        return parse_utc(path.read_text().strip()) if path.is_file() else None
    except (ValueError, OverflowError, UnicodeDecodeError):
        return None


def collect(path: Path, week: str, notebook: str, workdir: Path) -> list[Submission]:
    path = Path(path)
    if not path.exists():
        raise SystemExit(f"submissions not found: {path}")
    if path.is_file() and path.suffix.lower() == ".zip":
        return _with_ids(_from_zip(path, Path(workdir) / "unzipped"))
    if (path / "submitted").is_dir():
        path = path / "submitted"
    nbgrader_layout = [d for d in sorted(path.iterdir()) if d.is_dir() and (d / week).is_dir()]
    if nbgrader_layout:
        subs = []
        for d in nbgrader_layout:
            notebooks = sorted((d / week).glob("*.ipynb"))
            exact = [p for p in notebooks if p.stem == notebook]
            chosen = exact[0] if exact else notebooks[0] if len(notebooks) == 1 else None
            problem = None if chosen else (f"no {notebook}.ipynb in {_display(str(d / week))}" if not notebooks else
                                           f"{len(notebooks)} notebooks and none named {notebook}.ipynb")
            subs.append(Submission(d.name, chosen, problem, read_timestamp(d / week), original=d.name))
        return _with_ids(subs)
    return _with_ids([Submission(p.stem, p, original=p.stem) for p in sorted(path.iterdir())
                      if p.is_file() and p.suffix == ".ipynb" and not p.name.startswith("._")])


def _member_name(info: zipfile.ZipInfo) -> str:
    name = info.filename
    if not info.flag_bits & 0x800:  # no UTF-8 flag: zipfile read cp437; most tools wrote UTF-8 anyway
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _from_zip(path: Path, dest: Path) -> list[Submission]:
    dest.mkdir(parents=True, exist_ok=True)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SystemExit(f"{path} is not a valid zip file ({exc})")
    subs = []
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise SystemExit(f"{path}: {len(infos)} files in the zip, more than {MAX_MEMBERS}; refusing to unpack it")
        total = sum(max(0, info.file_size) for info in infos)
        if total > MAX_TOTAL:
            raise SystemExit(f"{path}: the zip says it unpacks to {total / 2**30:.1f} GiB, more than "
                             f"{MAX_TOTAL / 2**30:.0f} GiB; refusing to unpack it")
        for info in infos:
            full = _member_name(info)
            name = re.split(r"[\\/]", full)[-1]
            if info.is_dir() or not name.endswith(".ipynb") or name.startswith("._") or "__MACOSX" in full \
                    or ".ipynb_checkpoints" in full:
                continue
            student = name[: -len(".ipynb")]
            target = dest / f"{len(subs):04d}.ipynb"
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_MEMBER:
                subs.append(Submission(student, None, f"file too large in the zip ({info.file_size} bytes, more "
                                                      f"than {MAX_MEMBER // 2**20} MB)", original=student))
                continue
            if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
                subs.append(Submission(student, None, f"not unpacked: compressed {ratio:.0f} times in the zip "
                                                      f"(a zip bomb? more than {MAX_RATIO}x)", original=student))
                continue
            problem = _extract(archive, info, target)
            subs.append(Submission(student, None if problem else target, problem, original=student))
    return subs


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> str | None:
    """Copy one member to `target`, reading at most MAX_MEMBER + 1 bytes; a reason when it cannot."""
    written = 0
    try:
        with archive.open(info) as src, open(target, "wb") as out:
            while True:
                chunk = src.read(min(2**20, MAX_MEMBER + 1 - written))
                if not chunk:
                    break
                written += len(chunk)
                if written > MAX_MEMBER or written > max(info.compress_size, 1) * MAX_RATIO + RATIO_FLOOR:
                    out.close()
                    target.unlink(missing_ok=True)
                    return f"not unpacked: it expands beyond its limit in the zip (more than {written} bytes)"
                out.write(chunk)
    except RuntimeError as exc:  # encrypted
        target.unlink(missing_ok=True)
        return f"cannot be unpacked from the zip ({str(exc)[:80]})"
    except NotImplementedError as exc:
        target.unlink(missing_ok=True)
        return f"cannot be unpacked from the zip (compression not supported: {str(exc)[:60]})"
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        target.unlink(missing_ok=True)
        return f"damaged in the zip ({type(exc).__name__}: {str(exc)[:80]})"
    return None
