"""Document numbers (số, ký hiệu): parse and canonicalize every family of DOMAIN §2.

Minimal version; the references issue completes it (type/organ tables, PDF-damaged codes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import regex

from .rules import Rules, Schema, Section

SCHEMAS: Mapping[str, Schema] = {
    "doc_types": {
        "types": Section({"code": (str, True), "name": (str, True), "family": (str, False),
                          "aliases": (list, False), "examples": (list, False)}, key="code"),
    },
    "organs": {
        "organs": Section({"code": (str, True), "name": (str, True), "variants": (list, False),
                           "examples": (list, False)}, key="code"),
    },
}


@dataclass(frozen=True)
class DocNumber:
    number: str  # canonical
    raw: str
    year: int | None = None
    type_code: str | None = None
    type_name: str | None = None
    issuer_code: str | None = None
    issuer_name: str | None = None


_SPACES = regex.compile(r"\s*([/\-–—])\s*")


def parse_number(raw: str, rules: Rules) -> DocNumber | None:
    """Canonical form of a number like `74 /KH-BCĐ` (spaces around / and - removed)."""
    s = raw.strip().rstrip(".,;:")
    if not regex.match(r"\d", s):
        return None
    canon = _SPACES.sub(lambda m: "-" if m.group(1) in "-–—" else "/", s)
    year_m = regex.search(r"/((?:19|20)\d\d)/", canon)
    return DocNumber(number=canon, raw=raw.strip(), year=int(year_m.group(1)) if year_m else None)
