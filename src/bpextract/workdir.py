"""A run's work folder: where its output is built, its journal kept, and how it is committed.

The work folder is a hidden sibling of the output, `.bpextract-tmp-<pid>-<random>`, holding:
`lock` (flock-ed by the run for its whole life: the kernel releases it when the run dies, even
by `kill -9`), `owner.json` (which output it builds, with which rules), `journal.jsonl` (the
rows of every file finished so far, one line per file, for `--resume`) and the output being
built. Committing moves the whole output into place in one step: a folder output is swapped
with the old one by one `renameat2(RENAME_EXCHANGE)` (two renames where the system lacks it),
a file output by one `os.replace`. Two runs to one output: each commits whole, the last wins.

A later run to the same output recognises a work folder whose lock nobody holds as the
leftover of a killed run: it removes it, or with `--resume` adopts it and continues.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PREFIX = ".bpextract-tmp-"
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _key(out: Path) -> str:
    return os.path.join(os.path.realpath(out.parent), out.name)


def _pid_alive(name: str) -> bool:
    try:
        pid = int(name[len(PREFIX):].split("-")[0])
    except ValueError:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _try_lock(folder: Path) -> int | None:
    """A descriptor holding the folder's lock, or None if a live run holds it (or, without a
    lock file yet, if its creator may still be setting it up)."""
    try:
        fd = os.open(folder / "lock", os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        if _pid_alive(folder.name):
            return None
        fd = os.open(folder / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _read_owner(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / "owner.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    rc = fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


@dataclass
class WorkDir:
    path: Path
    out: Path
    fmt: str
    lock_fd: int
    notes: list[str] = field(default_factory=list)
    adopted: bool = False

    @property
    def journal(self) -> Path:
        return self.path / "journal.jsonl"

    @property
    def stage(self) -> Path:
        """Where the output is built: a folder `tables` or the file `out.<fmt>`."""
        single = self.fmt in ("xlsx", "sqlite")
        return self.path / f"out.{self.fmt}" if single else self.path / "tables"

    def fresh_stage(self) -> Path:
        """The stage, emptied of what a killed run may have half-written there."""
        stage = self.stage
        for p in (stage, self.path / "old", Path(f"{stage}-journal")):
            if p.is_dir():
                shutil.rmtree(p)
            elif os.path.lexists(p):
                p.unlink()
        return stage

    @classmethod
    def open(cls, out: Path, fmt: str, meta: dict[str, Any], resume: bool = False) -> WorkDir:
        """The work folder for a run to `out`: leftovers of killed runs to the same output are
        removed first (or, with `resume`, the one built with the same `meta` is adopted)."""
        parent = out.parent
        parent.mkdir(parents=True, exist_ok=True)
        key = _key(out)
        notes: list[str] = []
        adopted: tuple[Path, int] | None = None
        for d in sorted(parent.glob(PREFIX + "*")):
            if d.is_symlink() or not d.is_dir():
                continue
            owner = _read_owner(d)
            if owner is not None and owner.get("out") != key:
                continue  # another output's work: not ours to judge
            fd = _try_lock(d)
            if fd is None:
                continue  # a live run
            if owner is None and _pid_alive(d.name):
                os.close(fd)  # its creator may be between mkdir and flock
                continue
            if resume and adopted is None and owner is not None and owner.get("meta") == meta:
                adopted = (d, fd)
                continue
            shutil.rmtree(d, ignore_errors=True)
            os.close(fd)
            hint = "" if resume else " (run with --resume to continue such a run instead)"
            notes.append(f"removed {d.name}, the leftover of an interrupted run{hint}")
        if adopted is not None:
            d, fd = adopted
            work = cls(d, out, fmt, fd, notes, adopted=True)
        else:
            d = parent / f"{PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
            d.mkdir()
            fd = os.open(d / "lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX)
            work = cls(d, out, fmt, fd, notes)
        tmp = d / "owner.json.new"
        tmp.write_text(json.dumps({"out": key, "pid": os.getpid(), "meta": meta}),
                       encoding="utf-8")
        os.replace(tmp, d / "owner.json")
        return work

    def commit(self) -> None:
        """Move the finished output into place in one step, then remove the work folder."""
        stage = self.stage
        if stage.is_dir():
            self._swap_folder(stage)
        else:
            os.replace(stage, self.out)
        self.remove()

    def _swap_folder(self, stage: Path) -> None:
        for _ in range(100):  # another run may create or swap the output meanwhile
            if os.path.lexists(self.out):
                _carry_over(self.out, stage)
                if _exchange(stage, self.out):
                    return  # the old output is now in `stage`, removed with the work folder
                old = self.path / "old"
                with contextlib.suppress(FileNotFoundError):
                    os.rename(self.out, old)
            try:
                os.rename(stage, self.out)
                return
            except OSError as exc:
                if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                    raise
        raise OSError(errno.EBUSY, "output kept changing while committing", str(self.out))

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.release()

    def release(self) -> None:
        if self.lock_fd >= 0:
            os.close(self.lock_fd)
            self.lock_fd = -1


def _carry_over(old: Path, new: Path) -> None:
    """Files in the old output folder that are not tables (a README, a workbook written there
    by another run) are hard-linked into the new one, so the swap keeps them."""
    from .writers import table_file

    try:
        names = os.listdir(old)
    except OSError:
        return
    for name in names:
        src, dest = old / name, new / name
        if table_file(name) or os.path.lexists(dest) or (src.is_dir() and not src.is_symlink()):
            continue
        try:
            os.link(src, dest, follow_symlinks=False)
        except FileNotFoundError:
            continue
        except OSError:  # a file system without hard links
            with contextlib.suppress(OSError):
                shutil.copy2(src, dest, follow_symlinks=False)


@dataclass
class Journal:
    """Rows of every finished file, one JSON line each, appended and flushed as they come.

    A line cut short by a kill is dropped on reopening; an entry is found again by path.
    """

    path: Path
    index: dict[str, tuple[int, int, str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        good = 0
        if self.path.exists():
            with open(self.path, "rb") as f:
                for line in f:
                    if not line.endswith(b"\n"):
                        break
                    try:
                        entry = json.loads(line.decode("utf-8", "surrogatepass"))
                    except ValueError:
                        break
                    self.index[entry["path"]] = (good, len(line), entry.get("doc_id"))
                    good += len(line)
            os.truncate(self.path, good)
        self._f = open(self.path, "ab")  # noqa: SIM115 -- open for the run's life

    def add(self, path: str, doc_id: str | None, kind: str,
            rows: dict[str, list[dict[str, Any]]]) -> None:
        line = json.dumps({"path": path, "doc_id": doc_id, "kind": kind, "rows": rows},
                          ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"
        offset = self._f.tell()
        self._f.write(line)
        self._f.flush()
        self.index[path] = (offset, len(line), doc_id)

    def get(self, path: str) -> dict[str, Any]:
        offset, size, _ = self.index[path]
        with open(self.path, "rb") as f:
            f.seek(offset)
            entry: dict[str, Any] = json.loads(f.read(size).decode("utf-8", "surrogatepass"))
        return entry

    def entries(self, paths: list[str]) -> Iterator[dict[str, Any]]:
        with open(self.path, "rb") as f:
            for p in paths:
                offset, size, _ = self.index[p]
                f.seek(offset)
                yield json.loads(f.read(size).decode("utf-8", "surrogatepass"))

    def close(self) -> None:
        self._f.close()
