"""The file walker: which paths a run reads, in a stable order, skipping nothing silently.

Folders are walked recursively in sorted order. Hidden entries and what a folder's
`.bpextractignore` lists are left out on purpose; every other entry is yielded, whatever it is
(a FIFO, a broken link, an unsupported type), so the reader can turn it into an error row.
Symbolic links to folders met inside a walk are not followed (no loops by construction); they
are yielded and become an error row that says how to include them. The same file reached twice
(by its resolved path) is yielded once, with a warning.
"""

from __future__ import annotations

import fnmatch
import os
import re
import warnings as _warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

IGNORE_FILE = ".bpextractignore"

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape_one(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte kept by surrogateescape: show it as \xNN
        return f"\\x{code - 0xDC00:02x}"
    return "\ufffd"


def escape_surrogates(text: str) -> str:
    """`text` safe to encode as UTF-8: a file-name byte that is not UTF-8 (kept by Python with
    surrogateescape) becomes the four characters `\\xNN`; any other lone surrogate becomes
    U+FFFD. Text without surrogates comes back unchanged (the same object)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape_one, text)


def undecodable_name_warning(path: str) -> str | None:
    """The warning for a path whose name is not valid UTF-8, or None."""
    safe = escape_surrogates(path)
    if safe is path:
        return None
    return (f"{safe}: the file name is not valid UTF-8; in the tables its undecodable bytes "
            "are written as \\xNN escapes")


def _ignored(rel: str, patterns: list[str]) -> bool:
    parts = rel.split("/")
    for pat in patterns:
        p = pat.rstrip("/")
        if fnmatch.fnmatch(rel, p) or any(fnmatch.fnmatch(x, p) for x in parts):
            return True
    return False


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:  # a link loop, a name too long...: the reader will say what it is
        return False


def _patterns(folder: Path) -> list[str]:
    ign = folder / IGNORE_FILE
    try:
        text = ign.read_text(encoding="utf-8", errors="replace") if ign.is_file() else ""
    except OSError:
        return []
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _ordered(root: Path, patterns: list[str], exclude: set[str]) -> Iterator[Path]:
    """Every non-hidden, non-ignored entry under `root` that is not a real folder, sorted by
    path (the order `sorted(root.rglob('*'))` gave), without following links to folders."""
    found: list[tuple[tuple[str, ...], Path]] = []
    stack: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while stack:  # not recursive: a very deep tree cannot exhaust the stack
        folder, parts = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError:
            if parts:
                found.append((parts, folder))  # an unreadable subfolder becomes an error row
            continue
        for e in entries:
            rel_parts = (*parts, e.name)
            if e.name.startswith(".") or _ignored("/".join(rel_parts), patterns):
                continue
            path = Path(e.path)
            try:
                real_dir = e.is_dir(follow_symlinks=False)
            except OSError:
                real_dir = False
            if not real_dir:
                found.append((rel_parts, path))
            elif os.path.realpath(path) not in exclude:
                stack.append((path, rel_parts))
    for _, path in sorted(found, key=lambda t: t[0]):
        yield path


def iter_files(paths: Iterable[str | Path], exclude: Iterable[str | Path] = (),
               warnings: list[str] | None = None) -> Iterator[Path]:
    """Files to read, in a stable order: folders walked recursively, sorted by path.

    Hidden files and what a folder's `.bpextractignore` lists (glob patterns, one a line)
    are left out; everything else is yielded, supported or not, readable or not, so nothing is
    skipped silently. `exclude`: folders never entered (the run's own output). A path met a
    second time (same resolved path) is not yielded again; the warning goes to `warnings` if
    given, else to `warnings.warn`.
    """
    skip = {os.path.realpath(p) for p in exclude}
    seen: dict[str, Path] = {}
    for p in paths:
        path = Path(p)
        found = _ordered(path, _patterns(path), skip) if _is_dir(path) else iter([path])
        for f in found:
            key = os.path.realpath(f)
            if key in skip:
                continue
            first = seen.setdefault(key, f)
            if first is not f:
                msg = (f"{escape_surrogates(str(f))}: the same file as "
                       f"{escape_surrogates(str(first))}; read once")
                if warnings is None:
                    _warnings.warn(msg, stacklevel=2)
                else:
                    warnings.append(msg)
                continue
            yield f
