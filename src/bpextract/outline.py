"""Outline: the section tree from heading rules (rules/headings.yaml).

STUB: to be built by the structure issue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import Part, Section
from .rules import Rules, Schema

SCHEMAS: Mapping[str, Schema] = {
    "headings": {},
}


def build_outline(text: str, parts: Sequence[Part], rules: Rules) -> list[Section]:
    """Every heading of every part, as a tree (parent ids), in text order."""
    return []
