"""Readers turn a file into a `Source`: raw text, page map and native footnotes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".docx": "docx",
           ".html": "html", ".htm": "html", ".doc": "doc", ".rtf": "rtf"}


@dataclass(frozen=True)
class NativeFootnote:
    """A footnote the file format itself knows (PDF geometry, DOCX footnotes.xml).

    `marker_offset` is where the reference mark stands in `Source.text` (None if unknown);
    the mark itself is not in `Source.text` unless `marker_in_text` is true.
    """

    id: str
    text: str
    marker_offset: int | None
    page: int | None = None
    marker_in_text: bool = False


@dataclass(frozen=True)
class Source:
    path: str
    format: str
    text: str
    doc_id: str
    page_starts: tuple[int, ...] = ()
    pages: int | None = None
    native_footnotes: tuple[NativeFootnote, ...] = ()
    encoding: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    # the portal's own attribute block of a saved web page (label -> value, as the site wrote it)
    site_metadata: dict[str, str] = field(default_factory=dict)


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def read(path: str | Path) -> Source:
    """Read any supported file; raises InputError with a message a person can act on."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: file not found")
    if p.is_dir():
        raise InputError(f"{p}: is a folder; use parse_folder() or `bpextract extract`")
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{p}: unsupported file type '{p.suffix}' (supported: {known})")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read file ({exc.strerror})") from exc
    return read_bytes(data, str(path), fmt)


def read_bytes(data: bytes, path: str, fmt: str) -> Source:
    """Bytes of a file in format `fmt` (a value of FORMATS) -> Source."""
    if fmt in ("txt", "md"):
        from .text import read_text_bytes

        return read_text_bytes(data, path, fmt)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path)
    if fmt == "html":
        from .html import read_html

        return read_html(data, path)
    if fmt in ("doc", "rtf"):
        from .doc import read_doc

        return read_doc(data, path, fmt)
    from .docx import read_docx

    return read_docx(data, path)
