"""Dates: long, numeric, partial, ranges, recurring, placeholders, with a role.

STUB: to be built by the references/dates issue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import DateRecord, Reference
from .rules import Rules, Schema

SCHEMAS: Mapping[str, Schema] = {
    "dates": {},
}


def find_dates(text: str, rules: Rules, references: Sequence[Reference] = ()) -> list[DateRecord]:
    """Every date in `text`; dates inside a reference get role `reference`."""
    return []
