"""Header fields from the header block, the signature block and `Nơi nhận`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .model import Header, Part
from .rules import Rules, Schema, Section

SCHEMAS: Mapping[str, Schema] = {
    "header": {},
}


def extract_header(text: str, parts: Sequence[Part], rules: Rules) -> tuple[Header, list[str]]:
    return Header(), []
