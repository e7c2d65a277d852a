"""The library surface: parse, parse_text, parse_folder (DESIGN §2)."""

from __future__ import annotations

import contextlib
import fnmatch
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BpextractError, InputError
from .model import Document, Record
from .readers import FORMATS, Source, doc_id_of, read
from .rules import Rules, get_rules

IGNORE_FILE = ".bpextractignore"


def parse(path: str | Path, rules: Rules | str | Path | None = None) -> Document:
    """Read and extract one file (.txt, .md, .pdf, .docx). Raises InputError if unreadable."""
    from .pipeline import build_document

    return build_document(read(path), get_rules(rules))


def parse_text(text: str, source: str = "<text>", rules: Rules | str | Path | None = None,
               format: str = "txt") -> Document:
    """Extract from a string already in memory."""
    from .pipeline import build_document

    # surrogatepass: a lone surrogate gets an id; the pipeline replaces it by U+FFFD
    data = text.encode("utf-8", "surrogatepass")
    src = Source(path=source, format=format, text=text, doc_id=doc_id_of(data))
    return build_document(src, get_rules(rules))


@dataclass(frozen=True)
class ErrorRecord(Record):
    """A file that could not be turned into a Document: one row of the `errors` table."""

    source: str
    doc_id: str | None
    error: str
    message: str


def _ignored(rel: str, patterns: list[str]) -> bool:
    parts = rel.split("/")
    for pat in patterns:
        p = pat.rstrip("/")
        if fnmatch.fnmatch(rel, p) or any(fnmatch.fnmatch(x, p) for x in parts):
            return True
    return False


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read, in a stable order: folders walked recursively, sorted by path.

    Hidden files and what a folder's `.bpextractignore` lists (glob patterns, one a line)
    are left out; everything else is yielded, supported or not, so nothing is skipped silently.
    """
    for p in paths:
        path = Path(p)
        if not path.is_dir():
            yield path
            continue
        patterns: list[str] = []
        ign = path / IGNORE_FILE
        if ign.is_file():
            patterns = [ln.strip() for ln in ign.read_text(encoding="utf-8").splitlines()
                        if ln.strip() and not ln.startswith("#")]
        for f in sorted(path.rglob("*")):
            rel = f.relative_to(path).as_posix()
            if not f.is_file() or any(x.startswith(".") for x in rel.split("/")):
                continue
            if _ignored(rel, patterns):
                continue
            yield f


def error_record(path: str | Path, exc: BaseException) -> ErrorRecord:
    doc_id = None
    with contextlib.suppress(OSError):
        doc_id = doc_id_of(Path(path).read_bytes())
    if isinstance(exc, BpextractError):
        return ErrorRecord(str(path), doc_id, type(exc).__name__, str(exc))
    return ErrorRecord(str(path), doc_id, type(exc).__name__,
                       f"{path}: internal error while extracting ({type(exc).__name__}: {exc}); "
                       "please report it with the file")


@dataclass
class FolderRun:
    """Iterates Documents lazily; files that fail are kept in `errors` (and warned about)."""

    paths: list[str | Path]
    rules: Rules | str | Path | None = None
    errors: list[ErrorRecord] = field(default_factory=list)

    def __iter__(self) -> Iterator[Document]:
        rules = get_rules(self.rules)
        for f in iter_files(self.paths):
            try:
                yield parse(f, rules)
            except Exception as exc:  # one bad file never stops a folder run
                rec = error_record(f, exc)
                self.errors.append(rec)
                warnings.warn(rec.message, stacklevel=2)


def parse_folder(*paths: str | Path, rules: Rules | str | Path | None = None) -> FolderRun:
    """Lazy iteration over every document under `paths`; failures land in `.errors`."""
    if not paths:
        raise InputError("parse_folder needs at least one path")
    return FolderRun(list(paths), rules)


__all__ = ["FORMATS", "ErrorRecord", "FolderRun", "iter_files", "parse", "parse_folder",
           "parse_text"]
