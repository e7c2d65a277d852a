"""Legal references: documents cited by type, number, date, issuer, subject and relation.

STUB: to be built by the references issue.
"""

from __future__ import annotations

from collections.abc import Mapping

from .model import Reference
from .rules import Rules, Schema

SCHEMAS: Mapping[str, Schema] = {
    "references": {},
}


def find_references(text: str, rules: Rules) -> list[Reference]:
    """Every reference in `text` (offsets into `text`), in text order."""
    return []
