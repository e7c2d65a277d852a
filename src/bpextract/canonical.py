"""Analysis-ready values derived from the records: typed date bounds with their precision, the
currency of a money figure, and the canonical organ of an issuer.

The records keep what the text says (`2025-04`, `USD`, `UBND tỉnh`); researchers who sum money,
filter a year or group by organ need values of one kind per column. Everything here is derived,
never guessed: a value the rules cannot place stays None.

- Dates: `precision` is day, month, quarter, year, range, recurring or placeholder, and
  `date_start` / `date_end` are the first and last day the expression covers (a year spans
  Jan 1 - Dec 31, a month its days, a range from the start of its first value to the end of
  its last). A recurring date (`ngày 3/3` every year) and a placeholder have no bounds.
- Money: `currency` is the ISO 4217 code of the unit entry in `rules/units.yaml` (`currency:
  VND`); the value is already in that currency's unit (đồng, dollar), so sums per currency are
  right by construction.
- Organs: `issuer_code` / `issuer_name` from `rules/organs.yaml`: the organ whose name or alias
  starts the written issuer (longest first), else the organ code that closes the document's
  number (`35/BC-UBND` -> UBND).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from functools import lru_cache

from .normalize import fold_tones
from .rules import Rules

PRECISIONS = ("day", "month", "quarter", "year", "range", "recurring", "placeholder")
_DAY = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_MONTH = re.compile(r"(\d{4})-(\d\d)")
_YEAR = re.compile(r"(\d{4})")


def _bounds(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day covered by an ISO value at its precision (`2025`, `2025-04`...)."""
    if not value:
        return None
    try:
        if m := _DAY.fullmatch(value):
            d = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return d, d
        if m := _MONTH.fullmatch(value):
            y, mo = int(m[1]), int(m[2])
            return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
        if m := _YEAR.fullmatch(value):
            y = int(m[1])
            return dt.date(y, 1, 1), dt.date(y, 12, 31)
    except ValueError:  # an impossible day the text wrote (30/02): no bounds
        return None
    return None


def precision_of(value: str | None, end_value: str | None, kind: str, rule: str | None) -> str:
    """How precisely a date record names its time."""
    if kind in ("recurring", "placeholder"):
        return kind
    if kind == "range":
        if rule == "quarter" and end_value and value and end_value[:4] == value[:4] \
                and len(end_value) == 7:
            return "quarter"
        return "range"
    if value and _DAY.fullmatch(value):
        return "day"
    if value and _MONTH.fullmatch(value):
        return "month"
    return "year" if value and _YEAR.fullmatch(value) else "placeholder"


def date_fields(value: str | None, end_value: str | None, kind: str, rule: str | None = None
                ) -> tuple[str, dt.date | None, dt.date | None]:
    """(precision, date_start, date_end) of a date record."""
    precision = precision_of(value, end_value, kind, rule)
    if precision in ("recurring", "placeholder"):
        return precision, None, None
    first = _bounds(value)
    last = _bounds(end_value) if end_value else first
    if first is None or last is None:
        return precision, None, None
    return precision, first[0], last[1]


def fold(s: str | None) -> str:
    """A name compared loosely: NFC, case-folded, one tone placement (`uỷ` = `ủy`, via
    normalize.fold_tones), single spaces."""
    if not s:
        return ""
    return " ".join(fold_tones(unicodedata.normalize("NFC", s).casefold()).split())


@lru_cache(maxsize=16)
def _currencies(rules: Rules) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in rules["units"].entries("units"):
        cur = e.get("currency")
        if e.get("kind") == "money" and cur:
            out[str(e.get("report_as") or e["unit"]).casefold()] = str(cur)
            out[str(e["unit"]).casefold()] = str(cur)
    return out


def currency_of(unit: str | None, quantity: str | None, rules: Rules) -> str | None:
    """ISO 4217 code of a money figure's unit (None for other quantities or unknown units)."""
    if quantity != "money" or not unit:
        return None
    return _currencies(rules).get(unit.casefold())


@lru_cache(maxsize=16)
def _organ_names(rules: Rules) -> tuple[list[tuple[str, str, str]], dict[str, tuple[str, str]]]:
    """(folded name, code, name) longest first, and code -> (code, name)."""
    names: list[tuple[str, str, str]] = []
    codes: dict[str, tuple[str, str]] = {}
    for e in rules["organs"].entries("organs"):
        code, name = str(e["code"]), str(e["name"])
        codes.setdefault(code, (code, name))
        for v in e.get("variants") or []:
            codes.setdefault(str(v), (code, name))
        for n in [name, *(str(a) for a in e.get("aliases") or [])]:
            if n != code:
                names.append((fold(n), code, name))
    names.sort(key=lambda t: len(t[0]), reverse=True)
    return names, codes


def organ_of(issuer: str | None, number: str | None, rules: Rules
             ) -> tuple[str | None, str | None]:
    """(issuer_code, issuer_name) of a document or reference."""
    names, codes = _organ_names(rules)
    if issuer:
        low = fold(issuer)
        for folded, code, name in names:
            if low == folded or low.startswith(folded + " "):
                return code, name
    if number and "/" in number:
        tail = number.rsplit("/", 1)[1]
        last = re.split(r"[-.]", tail)[-1]
        last = re.sub(r"\d+$", "", last)  # QH15 -> QH
        if last in codes:
            return codes[last]
    return None, None


__all__ = ["PRECISIONS", "currency_of", "date_fields", "fold", "organ_of", "precision_of"]
