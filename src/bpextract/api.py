"""The library surface: parse, parse_text, parse_bytes, parse_folder (DESIGN §2), and the
building blocks of an engine: the file walker, `parse_or_error` and the error record."""

from __future__ import annotations

import contextlib
import dataclasses
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .errors import BpextractError, InputError
from .model import Document, Record
from .readers import FORMATS, Source, doc_id_of, read, read_bytes, read_file_bytes
from .rules import Rules, get_rules
from .walk import escape_surrogates, iter_files, undecodable_name_warning


def parse(path: str | Path, rules: Rules | str | Path | None = None,
          pdf_engine: str | None = None) -> Document:
    """Read and extract one file (.txt, .md, .pdf, .docx, .html, .doc, .rtf). Raises
    InputError if unreadable. `pdf_engine`: "pdfium" (default) or "pdfplumber"."""
    from .pipeline import build_document

    r = get_rules(rules)
    doc = build_document(read(path, pdf_engine, r), r)
    return _name_warning(doc)


def parse_bytes(data: bytes, name: str, rules: Rules | str | Path | None = None) -> Document:
    """Extract from the bytes of a file (from an object store, an archive, a database...).

    `name` is its file name or path: the suffix says the format (.txt, .md, .pdf, .docx,
    .html, .doc, .rtf) and it becomes `Document.source`. Same result as `parse` on that file.
    """
    from .pipeline import build_document

    fmt = FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{name}: unsupported file type '{Path(name).suffix}' "
                         f"(supported: {known})")
    r = get_rules(rules)
    return _name_warning(build_document(read_bytes(data, name, fmt, rules=r), r))


def _name_warning(doc: Document) -> Document:
    msg = undecodable_name_warning(doc.source)
    return doc if msg is None else dataclasses.replace(doc, warnings=(*doc.warnings, msg))


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


def error_record(path: str | Path, exc: BaseException) -> ErrorRecord:
    """The error row for a file that could not be turned into a Document."""
    doc_id = None
    with contextlib.suppress(BpextractError):
        doc_id = doc_id_of(read_file_bytes(Path(path)))  # never opens a FIFO or a device
    if isinstance(exc, BpextractError):
        return ErrorRecord(str(path), doc_id, type(exc).__name__, str(exc))
    return ErrorRecord(str(path), doc_id, type(exc).__name__,
                       f"{path}: internal error while extracting ({type(exc).__name__}: {exc}); "
                       "please report it with the file")


def parse_or_error(path: str | Path, rules: Rules | str | Path | None = None,
                   pdf_engine: str | None = None) -> Document | ErrorRecord:
    """`parse(path)`, or the error row if it fails: the one function every engine maps over
    paths (local processes, Dask), so all give the same tables. Never raises for a bad file."""
    try:
        doc = parse(path, rules, pdf_engine)
    except Exception as exc:  # one bad file never stops a run
        return error_record(path, exc)
    return dataclasses.replace(doc, textmap=None)  # smaller to send between processes


def _keep_textmap(path: Path, rules: Rules) -> Document | ErrorRecord:
    try:
        return parse(path, rules)
    except Exception as exc:  # one bad file never stops a folder run
        return error_record(path, exc)


@dataclass
class FolderRun:
    """Iterates Documents lazily; files that fail are kept in `errors` (and warned about).

    Iterating again starts over: `errors` and `warnings` then describe the latest pass.
    A file whose content (doc_id) was already yielded is skipped with a warning, like a path
    met twice.
    """

    paths: list[str | Path]
    rules: Rules | str | Path | None = None
    jobs: int = 1
    errors: list[ErrorRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Document]:
        from .engine import ordered_map

        rules = get_rules(self.rules)
        self.errors.clear()
        self.warnings.clear()
        fn = (partial(_keep_textmap, rules=rules) if self.jobs <= 1
              else partial(parse_or_error, rules=rules))
        seen: dict[str, str] = {}
        files = iter_files(self.paths, warnings=self.warnings)
        for item in ordered_map(fn, files, self.jobs):
            if isinstance(item, ErrorRecord):
                self.errors.append(item)
                warnings.warn(escape_surrogates(item.message), stacklevel=2)
                continue
            if item.doc_id in seen:
                msg = duplicate_warning(item.source, seen[item.doc_id])
                self.warnings.append(msg)
                warnings.warn(msg, stacklevel=2)
                continue
            seen[item.doc_id] = item.source
            yield item


def duplicate_warning(source: str, first: str) -> str:
    return (f"{escape_surrogates(source)}: same content (doc_id) as "
            f"{escape_surrogates(first)}; its rows are written once, under the first path")


def parse_folder(*paths: str | Path, rules: Rules | str | Path | None = None,
                 jobs: int = 1) -> FolderRun:
    """Lazy iteration over every document under `paths`; failures land in `.errors`.

    `jobs` > 1 parses in that many worker processes (documents then come without `textmap`).
    """
    if not paths:
        raise InputError("parse_folder needs at least one path")
    return FolderRun(list(paths), rules, jobs)


__all__ = ["FORMATS", "ErrorRecord", "FolderRun", "error_record", "iter_files", "parse",
           "parse_bytes", "parse_folder", "parse_or_error", "parse_text"]
