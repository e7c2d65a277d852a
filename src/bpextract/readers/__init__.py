"""Readers turn a file into a `Source`: raw text, page map and native footnotes."""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InputError

if TYPE_CHECKING:
    from ..rules import Rules

FORMATS = {".txt": "txt", ".md": "md", ".markdown": "md", ".pdf": "pdf", ".docx": "docx",
           ".html": "html", ".htm": "html", ".doc": "doc", ".rtf": "rtf"}


@dataclass(frozen=True)
class PdfTable:
    """A ruled table of a PDF page as written into the text: `start`-`end` is its block of
    `cell | cell` lines in `Source.text`; `rows` are its rows (rows without text left out), each
    a tuple of cells (text, box, start offset in `Source.text`). A merged cell is in the row
    of its top edge only; its box (x0, top, x1, bottom, points from the page's top-left, in
    the reading frame) says what it spans. `bbox` is the table's box."""

    page: int
    bbox: tuple[float, float, float, float]
    start: int
    end: int
    rows: tuple[tuple[tuple[str, tuple[float, float, float, float], int], ...], ...]


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
class SourceCell:
    """One table cell as a reader rendered it: `start`/`end` in `Source.text`, grid position."""

    row: int
    col: int
    start: int
    end: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False  # the file marks it as a header (DOCX tblHeader row, HTML th/thead)


@dataclass(frozen=True)
class SourceTable:
    """A table the file format itself knows (DOCX, HTML), rendered as `cell | cell` lines at
    `start`..`end` of `Source.text`; celltables turns it into a Table record."""

    form: str
    start: int
    end: int
    cells: tuple[SourceCell, ...] = ()


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
    # tables of the file format with their cell grid (DOCX, HTML); offsets in `text`
    tables: tuple[SourceTable, ...] = ()
    # ruled tables a PDF reader found (cells with their boxes and offsets in `text`)
    pdf_tables: tuple[PdfTable, ...] = ()


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


_SURROGATE = re.compile("[\ud800-\udfff]")


def replace_surrogates(src: Source) -> Source:
    """Surrogate code points (a Python string can hold them, no UTF-8 file can; they make every
    encoder raise) become U+FFFD one for one, so offsets hold, with a warning that counts them."""
    texts = [src.text, *(f.text for f in src.native_footnotes)]
    count = sum(len(_SURROGATE.findall(t)) for t in texts if _SURROGATE.search(t))
    if not count:
        return src
    notes = tuple(dataclasses.replace(f, text=_SURROGATE.sub("\ufffd", f.text))
                  for f in src.native_footnotes)
    warning = f"{count} lone surrogate code point(s) replaced by U+FFFD"
    return dataclasses.replace(src, text=_SURROGATE.sub("\ufffd", src.text),
                               native_footnotes=notes, warnings=(*src.warnings, warning))
def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _check_path(p: Path) -> None:
    """InputError for anything that is not a regular file, before opening it (a FIFO would
    block forever, a device could stream without end)."""
    try:
        st = os.stat(p)
    except OSError as exc:
        if os.path.islink(p):
            if exc.errno == errno.ELOOP:
                raise InputError(f"{p}: symbolic link loop (the link points back to itself); "
                                 "fix or remove the link") from exc
            target = os.readlink(p)
            raise InputError(f"{p}: broken symbolic link (points to {target}, which does not "
                             "exist); fix or remove the link") from exc
        if exc.errno == errno.ENOENT:
            raise InputError(f"{p}: file not found") from exc
        raise InputError(f"{p}: cannot read file ({exc.strerror})") from exc
    if stat.S_ISDIR(st.st_mode):
        if os.path.islink(p):
            raise InputError(f"{p}: symbolic link to a folder; links to folders are not "
                             "followed inside a folder (no loops): name the folder itself on "
                             "the command line to read it")
        try:
            os.listdir(p)
        except OSError as exc:
            raise InputError(f"{p}: cannot open the folder ({exc.strerror})") from exc
        raise InputError(f"{p}: is a folder; use parse_folder() or `bpextract extract`")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(f"{p}: {_kind(st.st_mode)}, not a file; not opened (only regular "
                         "files are read)")


def read_file_bytes(p: Path) -> bytes:
    """The bytes of a regular file; InputError for anything else. The file is opened without
    blocking and checked again after opening, so a FIFO swapped in meanwhile never hangs."""
    _check_path(p)
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise InputError(f"{p}: cannot read file ({exc.strerror})") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{p}: {_kind(mode)}, not a file; not read")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    except OSError as exc:
        raise InputError(f"{p}: cannot read file ({exc.strerror})") from exc
    finally:
        os.close(fd)


def read(path: str | Path, pdf_engine: str | None = None,
         rules: Rules | None = None) -> Source:
    """Read any supported file; raises InputError with a message a person can act on.
    `pdf_engine` picks the PDF character source (None: readers.pdf.DEFAULT_ENGINE); `rules`
    the rule set whose html.yaml and legacy.yaml the readers use (None: the shipped rules)."""
    p = Path(path)
    _check_path(p)
    fmt = FORMATS.get(p.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"{p}: unsupported file type '{p.suffix}' (supported: {known})")
    return read_bytes(read_file_bytes(p), str(path), fmt, pdf_engine, rules)


def read_bytes(data: bytes, path: str, fmt: str, pdf_engine: str | None = None,
               rules: Rules | None = None) -> Source:
    """Bytes of a file in format `fmt` (a value of FORMATS) -> Source. A user's `rules`
    reach every reader: html.yaml through `read_html`, legacy.yaml (encoding tables, legacy
    font names) through `legacy.rules_in_use` around the reader call."""
    from .. import legacy

    with legacy.rules_in_use(rules):
        return _read_format(data, path, fmt, pdf_engine, rules)


def _read_format(data: bytes, path: str, fmt: str, pdf_engine: str | None,
                 rules: Rules | None) -> Source:
    if fmt in ("txt", "md"):
        from .text import read_text_bytes

        return read_text_bytes(data, path, fmt)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, path, pdf_engine)  # type: ignore[arg-type]
    if fmt == "html":
        from .html import read_html

        return read_html(data, path, rules)
    if fmt in ("doc", "rtf"):
        from .doc import read_doc

        return read_doc(data, path, fmt)
    from .docx import read_docx
    from .limits import check_zip

    check_zip(data, path)  # a ZIP bomb is an error row at once, before python-docx inflates it
    return read_docx(data, path)
