"""Consistency checks: places where a document contradicts itself, found from its own records.

Each finding names the check, says what is wrong in one sentence, and carries the provenance of
every record involved (table, text, offsets, section, footnote, page), so a person can look.
The checks are built to stay quiet on clean documents: each one fires only on a contradiction the
records state outright, never on an absence.

- `parts_exceed_total`: the parts listed under a total (`648 tin (329 tin ..., 319 tin ...)`)
  add up to more than it, or, after an exhaustive cue (`gồm`), to a different sum. Several
  breakdowns of one total in a row (`51 mốc: 12 + 20 + 15 + 4; 27 + 24`) are each checked.
- `percent_vs_fraction`: `x/y` next to a percentage that is not x/y (beyond rounding).
- `past_date_after_issue`: a date told as past (`đã`, `vừa qua` before it, from rules) that lies
  after the document's issue date.
- `reference_after_issue`: a cited document dated after the citing one (not for the types that
  cite later texts by design, such as a Văn bản hợp nhất: `cites_later` in the rules).
- `type_code_mismatch`: a number whose type code names another type (`Quyết định số 12/KH-UBND`).
- `one_number_two_dates`: one document cited with two different dates in the same text; the
  minority mention is the suspect (`2024` where every other mention says `2025`).
- `one_number_two_titles` (folder): one number, one issuer, two different titles.

Cue words live in `rules/checks.yaml`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .canonical import date_fields, fold
from .model import Document, Finding, Indicator, Involved, Located, Reference
from .rules import Rules, Schema, Section

SCHEMAS: Mapping[str, Schema] = {
    "checks": {
        "cues": Section({"name": (str, True), "kind": (str, True), "words": (list, True),
                         "examples": (list, False), "note": (str, False)}, key="name"),
        "settings": Section({"window": (int, False), "reach": (int, False),
                             "cites_later": (list, False), "percent_tolerance": (float, False),
                             "sum_tolerance": (float, False)}, mapping=True),
    },
}
CUE_KINDS = ("past", "future", "exhaustive", "partial")
SUMMABLE = frozenset({"count", "money", "area", "length", "weight", "volume"})


def _involved(table: str, rec: Located) -> Involved:
    return Involved(table, rec.text, rec.start, rec.end, rec.section, rec.footnote, rec.page)


@dataclass(frozen=True)
class _Cues:
    words: dict[str, tuple[str, ...]]
    window: int
    reach: int
    cites_later: frozenset[str]
    percent_tolerance: float
    sum_tolerance: float

    def has(self, kind: str, text: str) -> bool:
        low = f" {fold(text)} "
        return any(f" {w} " in low or low.rstrip().endswith(f" {w}")
                   for w in self.words.get(kind, ()))


@lru_cache(maxsize=16)
def _cues(rules: Rules) -> _Cues:
    """The cue words and settings of `rules` (built once per rule set, not per document)."""
    rf = rules["checks"]
    words: dict[str, list[str]] = defaultdict(list)
    for e in rf.entries("cues"):
        words[str(e["kind"])] += [fold(str(w)) for w in e["words"]]
    return _Cues({k: tuple(v) for k, v in words.items()},
                 int(rf.setting("settings", "window", 40)),
                 int(rf.setting("settings", "reach", 3)),
                 frozenset(fold(str(t)) for t in rf.setting("settings", "cites_later", [])),
                 float(rf.setting("settings", "percent_tolerance", 1.0)),
                 float(rf.setting("settings", "sum_tolerance", 0.005)))


def _base(doc: Document, rec: Located) -> str:
    if rec.footnote is None:
        return doc.text
    fn = doc.footnote_by_id(rec.footnote)
    return fn.text if fn is not None else ""


def _issue_date(doc: Document) -> dt.date | None:
    v = doc.header.issue_date
    if v and len(v) == 10:
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- the checks

def _close(a: float, b: float, rel: float) -> bool:
    return abs(a - b) <= rel * max(abs(a), abs(b), 1e-9)


def check_parts(doc: Document, cues: _Cues) -> list[Finding]:
    by_total: dict[tuple[str | None, int], list[Indicator]] = defaultdict(list)
    totals: dict[tuple[str | None, int], Indicator] = {}
    for ind in doc.indicators:
        if ind.role == "total":
            totals[(ind.footnote, ind.start)] = ind
        elif ind.role == "part" and ind.part_of is not None:
            by_total[(ind.footnote, ind.part_of)].append(ind)
    out: list[Finding] = []
    for key, parts in by_total.items():
        total = totals.get(key)
        if total is None or total.quantity not in SUMMABLE or not isinstance(
                total.value, (int, float)):
            continue
        parts = [p for p in parts if p.quantity == total.quantity]
        if not parts or any(not isinstance(p.value, (int, float)) for p in parts):
            continue
        whole = float(total.value)
        run, bad = 0.0, False
        for p in sorted(parts, key=lambda p: p.start):
            run += float(p.value)  # type: ignore[arg-type]
            if _close(run, whole, cues.sum_tolerance):
                run = 0.0
            elif run > whole:
                bad = True
                break
        between = _base(doc, total)[total.end:min(p.start for p in parts)]
        exhaustive = cues.has("exhaustive", between) and not cues.has("partial", between)
        if bad or (exhaustive and run > 0):
            listed = " + ".join(p.value_text or str(p.value) for p in parts)
            out.append(Finding(doc.doc_id, "parts_exceed_total",
                               f"the parts ({listed}) do not add up to the total "
                               f"{total.value_text or total.value}",
                               (_involved("indicators", total),
                                *(_involved("indicators", p) for p in parts))))
    return out


def check_percent_vs_fraction(doc: Document, cues: _Cues) -> list[Finding]:
    out: list[Finding] = []
    inds = sorted(doc.indicators, key=lambda i: (i.footnote or "", i.start))
    for i, frac in enumerate(inds):
        if frac.total is None or not frac.total or not isinstance(frac.value, (int, float)):
            continue
        for pct in inds[i + 1:i + 3]:
            if pct.footnote != frac.footnote or pct.quantity != "percent":
                continue
            gap = _base(doc, frac)[frac.end:pct.start]
            if len(gap) > cues.window or any(c in gap for c in ".;\n"):
                break
            if not isinstance(pct.value, (int, float)):
                break
            share = 100.0 * float(frac.value) / float(frac.total)
            if abs(share - float(pct.value)) > cues.percent_tolerance:
                out.append(Finding(doc.doc_id, "percent_vs_fraction",
                                   f"{frac.value_text or frac.value}/{frac.total} is "
                                   f"{share:.1f}%, not {pct.value_text or pct.value}%",
                                   (_involved("indicators", frac), _involved("indicators", pct))))
            break
    return out


def check_past_dates(doc: Document, cues: _Cues) -> list[Finding]:
    issued = _issue_date(doc)
    if issued is None:
        return []
    out: list[Finding] = []
    for d in doc.dates:
        if d.role in ("issue", "deadline") or d.kind != "date":
            continue
        _p, start, _e = date_fields(d.value, d.end_value, d.kind, d.rule)
        if start is None or start <= issued:
            continue
        before = _base(doc, d)[max(0, d.start - cues.window):d.start]
        before = re.split(r"[.;:\n]", before)[-1]
        near = " ".join(before.split()[-cues.reach:])  # the cue must govern the date
        if cues.has("past", near) and not cues.has("future", before):
            out.append(Finding(doc.doc_id, "past_date_after_issue",
                               f"{d.text} is told as past but lies after the issue date "
                               f"{issued.isoformat()}", (_involved("dates", d),)))
    return out


def check_reference_dates(doc: Document, cues: _Cues) -> list[Finding]:
    """A cited document dated after the citing one. When several distinct documents are, the
    finding is one: the issue date itself is then the likelier error (or the text is a
    consolidation that cites its later amendments)."""
    issued = _issue_date(doc)
    if issued is None or fold(doc.header.doc_type or "") in cues.cites_later:
        return []
    later: list[Reference] = []
    for r in doc.references:
        if not r.date or len(r.date) != 10:
            continue
        try:
            when = dt.date.fromisoformat(r.date)
        except ValueError:
            continue
        if when > issued:
            later.append(r)
    distinct = {r.number or r.text for r in later}
    if len(distinct) >= 3:
        return [Finding(doc.doc_id, "reference_after_issue",
                        f"{len(distinct)} cited documents are dated after the issue date "
                        f"{issued.isoformat()}: the issue date may be misread, or the text "
                        "consolidates later amendments",
                        tuple(_involved("references", r) for r in later))]
    return [Finding(doc.doc_id, "reference_after_issue",
                    f"{r.number or r.text} is dated {r.date}, after this document's issue date "
                    f"{issued.isoformat()}", (_involved("references", r),)) for r in later]


@lru_cache(maxsize=16)
def _type_codes(rules: Rules) -> dict[str, tuple[str, set[str]]]:
    """Type code -> (its type name, every name a text may give it: name and aliases)."""
    out: dict[str, tuple[str, set[str]]] = {}
    for e in rules["doc_types"].entries("types"):
        if e.get("coded", True):
            names = {fold(str(e["name"])), *(fold(str(a)) for a in e.get("aliases") or [])}
            out[str(e["code"])] = (str(e["name"]), names)
    return out


def _number_type(number: str, codes: Mapping[str, Any]) -> str | None:
    """The type code of an administrative number as written (`12/KH-UBND` -> KH). Party numbers
    (`296-QĐ/TW`) are left out: their codes are used for more than one type."""
    if "/" not in number:
        return None
    head, _sep, tail = number.partition("/")
    if "-" in head:
        return None
    segs = [s for s in re.split(r"[/-]", tail.replace(" ", "")) if s and not s.isdigit()]
    return segs[0] if len(segs) > 1 and segs[0] in codes else None


def check_type_codes(doc: Document, rules: Rules) -> list[Finding]:
    codes = _type_codes(rules)
    out: list[Finding] = []
    for r in doc.references:
        number = r.number_raw or r.number
        if not number or not r.type or r.short_form:
            continue
        code = _number_type(number, codes)
        if code is None:
            continue
        name, names = codes[code]
        written = fold(r.type)
        # a subtype shares its type's first words (Kế hoạch phối hợp is a Kế hoạch)
        if not any(n.startswith(written) or written.startswith(n) for n in names):
            out.append(Finding(doc.doc_id, "type_code_mismatch",
                               f"{r.type} numbered {number}: the code {code} is a {name}",
                               (_involved("references", r),)))
    return out


def check_one_number_two_dates(doc: Document) -> list[Finding]:
    by_number: dict[tuple[str, str | None], list[Reference]] = defaultdict(list)
    for r in doc.references:
        if r.number and "/" in r.number and r.date and len(r.date) == 10 and not r.short_form:
            by_number[(r.number, r.type)].append(r)
    out: list[Finding] = []
    for (number, _t), refs in by_number.items():
        dates = Counter(r.date for r in refs)
        if len(dates) < 2:
            continue
        usual, n = dates.most_common(1)[0]
        if n < 2 or list(dates.values()).count(n) > 1:
            continue  # no clear majority: say nothing rather than guess the typo
        for r in refs:
            if r.date != usual:
                out.append(Finding(doc.doc_id, "one_number_two_dates",
                                   f"{number} is cited with {r.date} here and {usual} in "
                                   f"{n} other mention(s)",
                                   (_involved("references", r),
                                    *(_involved("references", x) for x in refs
                                      if x.date == usual))))
    return out


def check_document(doc: Document, rules: Rules) -> list[Finding]:
    """Every per-document check, in a stable order."""
    cues = _cues(rules)
    return [*check_parts(doc, cues), *check_percent_vs_fraction(doc, cues),
            *check_past_dates(doc, cues), *check_reference_dates(doc, cues),
            *check_type_codes(doc, rules), *check_one_number_two_dates(doc)]


def check_folder(docs: Iterable[Document]) -> list[Finding]:
    """Checks across documents: one number and issuer with two different titles."""
    seen: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for d in docs:
        h = d.header
        if h.number and "/" in h.number and h.title:
            seen[(h.number, fold(h.issuer or ""))].append(d)
    out: list[Finding] = []
    for (number, _issuer), group in seen.items():
        titles = {fold(d.header.title or "") for d in group}
        if len(titles) > 1:
            for d in group:
                s, e = d.header.spans.get("title", (0, 0))
                out.append(Finding(d.doc_id, "one_number_two_titles",
                                   f"{number} has {len(titles)} different titles in the folder",
                                   (Involved("documents", d.header.title or "", s, e, None,
                                             None, None),)))
    return out


def finding_rows(findings: Sequence[Finding], source: Mapping[str, str]) -> list[dict[str, Any]]:
    """Rows of the `checks` table: one per finding, the first record's provenance in columns
    and every record's in `records` (JSON)."""
    import json

    rows = []
    for f in findings:
        first = f.records[0]
        rows.append({"doc_id": f.doc_id, "source": source.get(f.doc_id), "check": f.check,
                     "message": f.message, "table": first.table, "text": first.text,
                     "start": first.start, "end": first.end, "section": first.section,
                     "footnote": first.footnote, "page": first.page,
                     "records": json.dumps([r.to_dict() for r in f.records],
                                           ensure_ascii=False)})
    return rows


CHECK_COLUMNS = [("doc_id", "str"), ("source", "str"), ("check", "str"), ("message", "str"),
                 ("table", "str"), ("text", "str"), ("start", "int"), ("end", "int"),
                 ("section", "int"), ("footnote", "str"), ("page", "int"), ("records", "str")]

__all__ = ["CHECK_COLUMNS", "Finding", "Involved", "check_document", "check_folder",
           "finding_rows"]
