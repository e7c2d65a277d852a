"""Footnote rule layer (rules/footnotes.yaml): detach bodies, join split paragraphs, link markers.

STUB: to be built by the structure issue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .readers import NativeFootnote
from .rules import Rules, Schema, Section
from .textmap import TextMap

SCHEMAS: Mapping[str, Schema] = {
    "footnotes": {
        "markers": Section({"name": (str, True), "pattern": (str, True),
                            "examples": (list, False), "counterexamples": (list, False)},
                           key="name"),
    },
}


@dataclass(frozen=True)
class FootnoteBody:
    """A footnote as found: `marker_start`/`marker_end` are offsets in the *returned* main text."""

    id: str
    text: str
    marker: str | None = None
    marker_start: int | None = None
    marker_end: int | None = None
    page: int | None = None


@dataclass(frozen=True)
class FootnoteLayer:
    text: TextMap
    footnotes: list[FootnoteBody] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def detach_footnotes(tm: TextMap, rules: Rules,
                     native: Sequence[NativeFootnote] = ()) -> FootnoteLayer:
    """Main text without footnote bodies, and the footnotes linked to their markers."""
    return FootnoteLayer(tm)
