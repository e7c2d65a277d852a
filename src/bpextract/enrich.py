"""Derived fields that make the tables aggregate: canonical organs, typed date bounds with their
precision, the currency of money (bpextract.canonical holds the rules; this stage applies them).

Runs once per document after references are resolved. The records were built by this run's
stages and nobody holds them yet, so the derived fields are set in place instead of copying
every record.
"""

from __future__ import annotations

from .canonical import currency_of, date_fields, organ_of
from .model import Document
from .rules import Rules


def _set(obj: object, **values: object) -> None:
    for k, v in values.items():
        object.__setattr__(obj, k, v)  # a fresh frozen record of this run, not yet shared



def enrich(doc: Document, rules: Rules) -> Document:
    """Fill issuer_code/issuer_name, precision/date_start/date_end and currency in place."""
    h = doc.header
    code, name = organ_of(h.issuer, h.number, rules)
    _set(h, issuer_code=code, issuer_name=name)
    for r in doc.references:
        code, name = organ_of(r.issuer, r.refers_to or r.number, rules)
        value = r.date or (f"{r.year:04d}" if r.year else None)
        _p, start, end = date_fields(value, None, "date")
        _set(r, issuer_code=code, issuer_name=name, date_start=start, date_end=end)
    for d in doc.dates:
        precision, start, end = date_fields(d.value, d.end_value, d.kind, d.rule)
        _set(d, precision=precision, date_start=start, date_end=end)
    for i in doc.indicators:
        if i.quantity == "money":
            _set(i, currency=currency_of(i.unit, i.quantity, rules))
    return doc


__all__ = ["enrich"]
