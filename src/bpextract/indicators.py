"""Numeric indicators: values, units, qualifiers, groups and what is being counted.

STUB: to be built by the indicators issue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import Indicator
from .rules import Rules, Schema

SCHEMAS: Mapping[str, Schema] = {
    "units": {},
}


def find_indicators(text: str, rules: Rules,
                    exclude: Sequence[tuple[int, int]] = ()) -> tuple[list[Indicator], list[str]]:
    """Indicators in `text`, skipping spans in `exclude`; returns (indicators, warnings)."""
    return [], []
