"""What a PDF engine hands to the layout of readers/pdf.py: characters with boxes, rules, tables.

Two engines produce these records (pdf_pdfium.py, the fast default, and pdf_plumber.py, the
pdfminer-based one); everything after them (lines, running headers, superscripts, footnotes,
column blocks, table rows, the page map) is shared, so both engines give the same kind of text.
Coordinates are pdfplumber's: points from the top-left corner of the page, y growing downwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, Protocol

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


class Char(NamedTuple):
    """One glyph. `size` is the font size in page units (the em box: bottom - top);
    `font` the PDF base font name (a legacy TCVN3/VNI converter acts on runs of one font)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    font: str
    bold: bool
    upright: bool = True
    up: bool = False  # rotated text that reads bottom-to-top
    overlay: bool = False  # drawn by a form-field / stamp appearance, not the page content


@dataclass
class RawTable:
    """A ruled table as the table finder saw it (page frame, before any rotation)."""

    bbox: Box
    cells: list[Box]


@dataclass
class RawPage:
    """One page as an engine reads it. `lines`/`rects` are dicts with pdfplumber's keys
    (x0, x1, top, bottom; rects also stroke, fill, non_stroking_color)."""

    number: int
    width: float
    height: float
    chars: list[Char]
    lines: list[dict[str, Any]] = field(default_factory=list)
    rects: list[dict[str, Any]] = field(default_factory=list)
    tables: list[RawTable] = field(default_factory=list)
    images: int = 0


class Engine(Protocol):
    """An open PDF: pages read one at a time (a damaged page raises, the others still read)."""

    def __len__(self) -> int: ...

    def page(self, index: int) -> RawPage: ...

    def close(self) -> None: ...


def is_bold(font: str) -> bool:
    return "Bold" in font or "bold" in font


def invisible(r: dict[str, Any]) -> bool:
    """A white filled rectangle without a border: page background, not a table rule."""
    if r.get("stroke") or not r.get("fill"):
        return False
    c = r.get("non_stroking_color")
    if not isinstance(c, (tuple, list)) or not c:
        return False
    try:
        vals = list(map(float, c))  # called for every filled rect of every ruled page
    except (TypeError, ValueError):
        return False
    if len(vals) == 4:
        return max(vals) <= 0.05
    return min(vals) >= 0.95


def ruled(lines: list[dict[str, Any]], rects: list[dict[str, Any]]) -> bool:
    """Does the page draw enough rules to be worth the table finder?"""
    return len(lines) + len(rects) >= 4


def damaged(data: bytes, path: str, exc: BaseException) -> str:
    if b"%%EOF" not in data[-2048:]:
        return (f"{path}: the PDF is truncated (no end-of-file marker; the download or copy "
                f"was cut short); get a complete copy ({type(exc).__name__})")
    return (f"{path}: the PDF is corrupt and cannot be parsed ({type(exc).__name__}: "
            f"{str(exc)[:80]}); re-export or repair it (e.g. `qpdf in.pdf out.pdf`)")


ENCRYPTED = ("the PDF is encrypted (password protected); provide the password or a decrypted "
             "copy (e.g. `qpdf --decrypt --password=... in.pdf out.pdf`)")
