"""Text with a map back to the source: every character knows the source offset it came from.

Each stage that rewrites text (normalization, footnote removal, paragraph joining) builds a new
TextMap whose `origin` points into the *original* source, so any record found on the clean text
can be traced to its page and line (as pdfplumber's TextMap does).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextMap:
    """`text[i]` came from source offset `origin[i]`; `page_starts` are source offsets."""

    text: str
    origin: array[int]
    page_starts: tuple[int, ...] = ()

    @classmethod
    def identity(cls, text: str, page_starts: Sequence[int] = ()) -> TextMap:
        return cls(text, array("l", range(len(text))), tuple(page_starts))

    def source_offset(self, i: int) -> int:
        """Source offset of text position `i` (end positions map to the last char + 1)."""
        if not self.origin:
            return 0
        if i >= len(self.origin):
            return self.origin[-1] + 1
        return self.origin[max(i, 0)]

    def page_of(self, i: int) -> int | None:
        """1-based page of text position `i`, or None when the source has no pages."""
        if not self.page_starts:
            return None
        return bisect_right(self.page_starts, self.source_offset(i))


@dataclass
class TextBuilder:
    """Accumulates pieces of text together with their source offsets."""

    page_starts: tuple[int, ...] = ()
    _parts: list[str] = field(default_factory=list)
    _origin: array[int] = field(default_factory=lambda: array("l"))

    def __len__(self) -> int:
        return len(self._origin)

    def add(self, text: str, origin: Sequence[int] | int) -> None:
        """Append `text`; `origin` is one offset per char, or one offset for all of them."""
        self._parts.append(text)
        if isinstance(origin, int):
            self._origin.extend([origin] * len(text))
        else:
            if len(origin) != len(text):
                raise ValueError("origin must have one offset per character")
            self._origin.extend(origin)

    def add_from(self, tm: TextMap, start: int, end: int) -> None:
        """Append `tm.text[start:end]` keeping its origins."""
        self._parts.append(tm.text[start:end])
        self._origin.extend(tm.origin[start:end])

    def build(self) -> TextMap:
        return TextMap("".join(self._parts), self._origin, self.page_starts)
