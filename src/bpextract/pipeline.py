"""One pass, data flowing one way: Source -> normalize -> footnotes -> parts/header -> outline
-> references/dates/indicators (main text and every footnote body) -> resolve -> Document.

Stages are pure functions that know nothing of provenance bookkeeping; this module assigns
`section`, `footnote` and `page` to what they return.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Sequence
from typing import TypeVar

from . import checks, dates, footnotes, header, indicators, outline, parts, references, resolve
from .enrich import enrich
from .model import DateRecord, Document, Footnote, Indicator, Located, Reference, Section
from .normalize import normalize
from .readers import Source, replace_surrogates
from .rules import Rules
from .textmap import TextMap

R = TypeVar("R", bound=Located)


def _section_at(sections: Sequence[Section], starts: list[int], pos: int) -> int | None:
    """Innermost section whose span holds `pos` (sections are sorted by start)."""
    i = bisect_right(starts, pos) - 1
    while i >= 0:
        s = sections[i]
        if s.start <= pos < s.end:
            return s.id
        i -= 1
    return None


def _extract(text: str, rules: Rules, protected: Sequence[tuple[int, int]]) -> tuple[
        list[Reference], list[DateRecord], list[Indicator], list[str]]:
    refs, rwarn = references.find_references_checked(text, rules)
    found_dates, dwarn = dates.find_dates_checked(text, rules, refs)
    spans = [*protected, *((r.start, r.end) for r in refs),
             *((d.start, d.end) for d in found_dates)]
    inds, warns = indicators.find_indicators(text, rules, spans)
    return refs, found_dates, inds, [*rwarn, *dwarn, *warns]


def _place(records: Sequence[R], *, section: int | None = None, footnote: str | None = None,
           sections: Sequence[Section] = (), starts: list[int] | None = None,
           tm: TextMap | None = None, page: int | None = None) -> list[R]:
    out: list[R] = []
    for r in records:
        sec = section if footnote is not None else _section_at(sections, starts or [], r.start)
        pg = page if footnote is not None else (tm.page_of(r.start) if tm else None)
        out.append(dataclasses.replace(r, section=sec, footnote=footnote, page=pg))
    return out


def _renumber_groups(inds: list[Indicator]) -> list[Indicator]:
    """Groups are local to each text the extractor saw; make them unique in the document."""
    out: list[Indicator] = []
    mapping: dict[tuple[str | None, int], int] = {}
    for ind in inds:
        if ind.group is None:
            out.append(ind)
            continue
        key = (ind.footnote, ind.group)
        if key not in mapping:
            mapping[key] = len(mapping) + 1
        out.append(dataclasses.replace(ind, group=mapping[key]))
    return out


def build_document(src: Source, rules: Rules) -> Document:
    """Run every stage on a Source."""
    src = replace_surrogates(src)
    warnings: list[str] = list(src.warnings)
    tm = normalize(src.text, src.page_starts, markdown=src.format in ("txt", "md"))
    layer = footnotes.detach_footnotes(tm, rules, src.native_footnotes)
    warnings += layer.warnings
    main = layer.text
    text = main.text

    doc_parts = parts.split_parts(text, rules)
    hdr, hwarn = header.extract_header(text, doc_parts, rules, site=src.site_metadata)
    warnings += hwarn
    sections = outline.build_outline(text, doc_parts, rules)
    sections = [dataclasses.replace(s, page=main.page_of(s.start)) for s in sections]
    sections.sort(key=lambda s: (s.start, s.level))
    starts = [s.start for s in sections]
    doc_parts = [dataclasses.replace(p, page=main.page_of(p.start)) for p in doc_parts]

    marker_spans = [(f.marker_start, f.marker_end) for f in layer.footnotes
                    if f.marker_start is not None and f.marker_end is not None]
    label_spans = [(s.start, s.start + len(s.label)) for s in sections]
    refs, found_dates, inds, iwarn = _extract(text, rules, [*marker_spans, *label_spans])
    warnings += iwarn
    all_refs = _place(refs, sections=sections, starts=starts, tm=main)
    all_dates = _place(found_dates, sections=sections, starts=starts, tm=main)
    all_inds = _place(inds, sections=sections, starts=starts, tm=main)

    notes: list[Footnote] = []
    for fn in layer.footnotes:
        sec = None if fn.marker_start is None else _section_at(sections, starts, fn.marker_start)
        # the page that cites the footnote; the body's own page only when there is no marker
        page = main.page_of(fn.marker_start) if fn.marker_start is not None else fn.page
        notes.append(Footnote(id=fn.id, marker_start=fn.marker_start, section=sec, text=fn.text,
                              page=page, marker=fn.marker, marker_end=fn.marker_end))
        r, d, i, w = _extract(fn.text, rules, [])
        warnings += [f"footnote {fn.id}: {x}" for x in w]
        all_refs += _place(r, section=sec, footnote=fn.id, page=page)
        all_dates += _place(d, section=sec, footnote=fn.id, page=page)
        all_inds += _place(i, section=sec, footnote=fn.id, page=page)

    all_refs = resolve.resolve_references(all_refs, rules)
    doc = Document(
        doc_id=src.doc_id, source=src.path, format=src.format, pages=src.pages, text=text,
        header=hdr, sections=tuple(sections), parts=tuple(doc_parts), footnotes=tuple(notes),
        references=tuple(all_refs), dates=tuple(all_dates),
        indicators=tuple(_renumber_groups(all_inds)), warnings=tuple(warnings),
        site_metadata=dict(src.site_metadata), textmap=main,
    )
    enrich(doc, rules)
    return dataclasses.replace(doc, checks=tuple(checks.check_document(doc, rules)))
