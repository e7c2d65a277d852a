"""Resolve short forms and declared aliases to the full number cited elsewhere in the document.

A short form is a reference whose number is a bare `01` or lacks its organ (`587/KH`). Steps, in
order (each only when the previous found nothing):
1. a declared alias (`(sau đây viết gọn là Chỉ thị số 01)`) already carries `refers_to`;
2. full references of the same type whose number starts with the same digits (`01/CT-TTg`),
   preferring one with the same date, then one whose issuer matches the written issuer (organ
   names and aliases of `rules/organs.yaml`: `Bộ Chính trị` -> TW), then the nearest one before;
3. the number deduced from the written issuer: `587/KH của UBND tỉnh` -> `587/KH-UBND`, and for an
   organ with `old_number: true` (`Hội đồng Bộ trưởng`) `Quyết định số 16 của HĐBT` -> `16/HĐBT`.
A resolved short form gets `refers_to` and `number` = the full canonical number (the number as
written stays in `number_raw`); issuer and date stay as written (null when nothing is written).
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Sequence

import regex

from .docnumbers import tables
from .model import Reference
from .rules import Rules

_LEAD = regex.compile(r"\d{1,18}+(?!\d)")  # a document number's digits (18: any int() can read)


def _digits(number: str) -> int | None:
    m = _LEAD.match(number)
    return int(m.group(0)) if m else None


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


def _organ_codes_for(issuer: str, rules: Rules) -> set[str]:
    """Organ codes whose code, name or alias starts the written issuer (`UBND tỉnh` -> UBND)."""
    t = tables(rules)
    low = _fold(issuer)
    out: set[str] = set()
    for code, e in t.organs.items():
        names = [code, str(e["name"]), *(str(a) for a in e.get("aliases") or [])]
        if e.get("party_name"):
            names.append(str(e["party_name"]))
        for n in names:
            fn = _fold(n)
            if low == fn or low.startswith(fn + " "):
                out.add(str(e["code"]))
    return out


_Pool = list[tuple[int, Reference]]


class _Fulls:
    """The full references of a document, grouped by type and leading digits once, and the
    candidate pool of each kind of short form computed once: resolving stays linear however
    often the same short form recurs."""

    def __init__(self, refs: Sequence[Reference], rules: Rules) -> None:
        self.rules = rules
        self.groups: dict[tuple[str, int], _Pool] = {}
        for i, r in enumerate(refs):
            if r.short_form or not r.number or r.type is None:
                continue
            n = _digits(r.number)
            if n is not None:
                self.groups.setdefault((_fold(r.type), n), []).append((i, r))
        self.pools: dict[tuple[object, ...], tuple[_Pool, list[int], bool]] = {}
        self.codes: dict[str, set[str]] = {}

    def organ_codes(self, issuer: str) -> set[str]:
        if issuer not in self.codes:
            self.codes[issuer] = _organ_codes_for(issuer, self.rules)
        return self.codes[issuer]

    def pool(self, short: Reference) -> tuple[_Pool, list[int], bool]:
        """Candidates for `short` after the date and issuer filters, their indexes, and whether
        they all carry one number."""
        n = _digits(short.number_raw or short.number or "")
        if n is None or short.type is None:
            return [], [], False
        raw = (short.number or "").replace(" ", "")
        prefix = raw + "-" if "/" in raw else None  # `587/KH` must continue as `587/KH-...`
        key = (_fold(short.type), n, prefix, short.date, short.issuer)
        got = self.pools.get(key)
        if got is None:
            pool = [(i, f) for i, f in self.groups.get((key[0], n), [])
                    if prefix is None or (f.number or "").startswith(prefix)]
            pool = self._filter(short, pool)
            got = (pool, [i for i, _ in pool], len({f.number for _, f in pool}) == 1)
            self.pools[key] = got
        return got

    def _filter(self, short: Reference, pool: _Pool) -> _Pool:
        if short.date:
            same = [c for c in pool if c[1].date == short.date]
            pool = same or pool
        if short.issuer:
            codes = self.organ_codes(short.issuer)
            t = tables(self.rules)

            def fits(f: Reference) -> bool:
                if f.issuer and _fold(f.issuer) == _fold(short.issuer or ""):
                    return True
                segs = regex.split(r"[/\-]", f.number or "")
                return any(str(t.organs[k]["code"]) in codes for k in segs if k in t.organs)

            same = [c for c in pool if fits(c[1])]
            pool = same or pool
        return pool


def _pick(short: Reference, idx: int, fulls: _Fulls) -> Reference | None:
    """The same number when every candidate has it, else the nearest candidate before the
    short form, else the nearest after it."""
    pool, idxs, single = fulls.pool(short)
    if not pool:
        return None
    if single:
        return pool[0][1]
    before = bisect_left(idxs, idx)
    return pool[before - 1][1] if before else pool[0][1]


def _deduce(short: Reference, fulls: _Fulls) -> str | None:
    """`587/KH của UBND tỉnh` -> `587/KH-UBND`; `số 16 của Hội đồng Bộ trưởng` -> `16/HĐBT`."""
    if not short.issuer or not short.number:
        return None
    codes = sorted(fulls.organ_codes(short.issuer))
    if len(codes) != 1:
        return None
    code = codes[0]
    if "/" in short.number:
        return f"{short.number}-{code}"
    entry = tables(fulls.rules).organs.get(code)
    if entry is not None and entry.get("old_number"):
        return f"{short.number}/{code}"
    return None


def resolve_references(refs: Sequence[Reference], rules: Rules) -> list[Reference]:
    """The same references, short forms given `refers_to` (and `number`) where resolvable."""
    fulls = _Fulls(refs, rules)
    out: list[Reference] = []
    for i, r in enumerate(refs):
        if not r.short_form:
            out.append(r)
            continue
        target: str | None = r.refers_to
        if target is None:
            source = _pick(r, i, fulls)
            target = source.number if source is not None else _deduce(r, fulls)
        if target is None:
            out.append(r)
            continue
        out.append(dataclasses.replace(r, refers_to=target, number=target))
    return out
