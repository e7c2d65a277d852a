"""Split a document into its main part and what is attached after the signature."""

from __future__ import annotations

from .model import Part
from .rules import Rules


def split_parts(text: str, rules: Rules) -> list[Part]:
    """Part 0 is the main document; each attachment (ĐỀ CƯƠNG, Phụ lục, template) is a part."""
    return [Part(id=0, kind="main", title=None, start=0, end=len(text))]
