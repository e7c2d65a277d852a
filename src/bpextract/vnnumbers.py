"""Reading numbers written the Vietnamese way: `.` groups thousands, `,` marks the decimals.

`14.209` is 14209, `97,229` is 97.229, `1.029,25` is 1029.25, `03` is 3. A figure that fits
neither reading (`3.60`, `1.2.3`, `1,234.5`) is not guessed: `read_number` returns None and says
why, so the caller can warn instead of silently misreading it.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import regex

# one or more digit groups joined by '.' or ','; possessive so long runs cannot backtrack
NUMBER_RE = regex.compile(r"[0-9]++(?:[.,][0-9]++)*+")
_GROUPED = regex.compile(r"[0-9]{1,3}+(?:\.[0-9]{3})++(?:,[0-9]++)?+")
_PLAIN = regex.compile(r"[0-9]++(?:,[0-9]++)?+")


def read_number(token: str) -> tuple[Decimal | None, str | None]:
    """Value of one number token; (None, reason) when the token is malformed or ambiguous."""
    if _PLAIN.fullmatch(token) or _GROUPED.fullmatch(token):
        try:
            return Decimal(token.replace(".", "").replace(",", ".")), None
        except InvalidOperation:  # pragma: no cover - the patterns admit only digits
            return None, f"cannot read number {token!r}"
    if "." in token and "," in token and token.rfind(".") > token.rfind(","):
        return None, f"number {token!r} mixes ',' and '.' the English way; not read"
    if "." in token:
        return None, f"number {token!r}: '.' must separate groups of 3 digits; not read"
    return None, f"number {token!r} has more than one decimal comma; not read"


def plain_value(value: Decimal) -> int | float:
    """int when integral (14209), float otherwise (97.229)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def scaled(value: Decimal, *factors: int) -> Decimal:
    """`value` times every scale factor (`8,3 vạn` -> 83000), exact in decimal."""
    out = value
    for f in factors:
        out *= f
    return out
