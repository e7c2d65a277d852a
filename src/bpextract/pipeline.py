"""One pass, data flowing one way: Source -> normalize -> footnotes -> parts/header -> outline
-> references/dates/indicators (main text and every footnote body) -> resolve -> Document.

Stages are pure functions that know nothing of provenance bookkeeping; this module assigns
`section`, `footnote` and `page` to what they return.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import TypeVar

from . import (
    celltables,
    checks,
    dates,
    footnotes,
    header,
    indicators,
    outline,
    parts,
    references,
    resolve,
    tableindicators,
    tasks,
)
from .chrome import strip_chrome
from .enrich import enrich
from .meaning import annotate as annotate_meaning
from .model import DateRecord, Document, Footnote, Indicator, Located, Reference, Section
from .normalize import normalize
from .readers import Source, replace_surrogates
from .rules import Rules
from .textmap import TextMap

R = TypeVar("R", bound=Located)


class _SectionIndex:
    """Innermost section holding a position, in O(log n) per lookup.

    Sections are sorted by start (a parent before its children). The section holding `pos` is
    the last one starting at or before `pos` whose end is past `pos`: instead of walking back
    one section at a time, skip back over blocks of 2^k sections that all end at or before
    `pos` (`peak[k][j]` is the largest end among sections j-2^k+1 .. j).
    """

    def __init__(self, sections: Sequence[Section]) -> None:
        self.ids = [s.id for s in sections]
        self.starts = [s.start for s in sections]
        self.peak: list[list[int]] = [[s.end for s in sections]]
        step = 1
        while step * 2 <= len(sections):
            prev = self.peak[-1]
            self.peak.append([max(prev[j], prev[j - step]) if j >= step else prev[j]
                              for j in range(len(prev))])
            step *= 2

    def at(self, pos: int) -> int | None:
        j = bisect_right(self.starts, pos) - 1
        for k in range(len(self.peak) - 1, -1, -1):
            if j - (1 << k) + 1 >= 0 and self.peak[k][j] <= pos:
                j -= 1 << k
        return self.ids[j] if j >= 0 and self.peak[0][j] > pos else None


def _set(record: object, **values: object) -> None:
    """Give a record fresh from a stage its provenance in place.

    Records are frozen for their readers; the pipeline owns them until the Document is built
    and nobody else holds them yet, so a copy per record (`dataclasses.replace`, 57,000 calls
    on 200 bench documents) is not needed."""
    for name, value in values.items():
        object.__setattr__(record, name, value)


def _extract(text: str, rules: Rules, protected: Sequence[tuple[int, int]]) -> tuple[
        list[Reference], list[DateRecord], list[Indicator], list[str]]:
    refs, rwarn = references.find_references_checked(text, rules)
    found_dates, dwarn = dates.find_dates_checked(text, rules, refs)
    spans = [*protected, *((r.start, r.end) for r in refs),
             *((d.start, d.end) for d in found_dates)]
    inds, warns = indicators.find_indicators(text, rules, spans)
    return refs, found_dates, inds, [*rwarn, *dwarn, *warns]


def _place(records: Sequence[R], *, section: int | None = None, footnote: str | None = None,
           index: _SectionIndex | None = None, tm: TextMap | None = None,
           page: int | None = None) -> list[R]:
    out = list(records)
    for r in out:
        if footnote is None:
            sec = index.at(r.start) if index is not None else None
            _set(r, section=sec, footnote=None, page=tm.page_of(r.start) if tm else None)
        else:
            _set(r, section=section, footnote=footnote, page=page)
    return out


def _renumber_groups(inds: list[Indicator]) -> list[Indicator]:
    """Groups are local to each text the extractor saw; make them unique in the document."""
    mapping: dict[tuple[str | None, int], int] = {}
    for ind in inds:
        if ind.group is None:
            continue
        key = (ind.footnote, ind.group)
        if key not in mapping:
            mapping[key] = len(mapping) + 1
        _set(ind, group=mapping[key])
    return inds


def _deadline_roles(doc: Document, rules: Rules) -> None:
    """A date in the deadline column of a task table is a deadline (the column says so, not
    the words before it); dates of references keep their role."""
    spans = sorted(tasks.deadline_spans(doc.tables, rules))
    if not spans:
        return
    starts = [s for s, _e in spans]
    for d in doc.dates:
        i = bisect_right(starts, d.start) - 1
        if d.footnote is None and i >= 0 and d.end <= spans[i][1] \
                and d.role in ("period", "other"):
            _set(d, role="deadline")


def build_document(src: Source, rules: Rules) -> Document:
    """Run every stage on a Source."""
    src = replace_surrogates(src)
    warnings: list[str] = list(src.warnings)
    tm = normalize(src.text, src.page_starts, markdown=src.format in ("txt", "md"))
    pages = src.pages
    site = dict(src.site_metadata)
    if src.format in ("txt", "md"):  # a dump of a paged file: page chrome and page-foot notes
        cut = strip_chrome(tm, rules)
        tm, pages = cut.text, pages if pages is not None else cut.pages
        site = {**cut.site_metadata, **site}  # a flattened page's attribute block
        tm, _ = footnotes.dump_footnotes(tm, rules)
    layer = footnotes.detach_footnotes(tm, rules, src.native_footnotes)
    warnings += layer.warnings
    main = layer.text
    text = main.text

    doc_parts = parts.split_parts(text, rules)
    hdr, hwarn = header.extract_header(text, doc_parts, rules, site=site)
    warnings += hwarn
    marker_spans = [(f.marker_start, f.marker_end) for f in layer.footnotes
                    if f.marker_start is not None and f.marker_end is not None]
    sections = outline.build_outline(text, doc_parts, rules, marker_spans)
    for section in sections:
        _set(section, page=main.page_of(section.start))
    sections.sort(key=lambda s: (s.start, s.level))
    index = _SectionIndex(sections)
    for part in doc_parts:
        _set(part, page=main.page_of(part.start))

    label_spans = [(s.start, s.start + len(s.label)) for s in sections]
    refs, found_dates, inds, iwarn = _extract(text, rules, [*marker_spans, *label_spans])
    warnings += iwarn
    tables = celltables.find_tables(text, rules, src.tables, main.origin, pdf=src.format == "pdf",
                                    pdf_tables=src.pdf_tables)
    inds = tableindicators.merge(inds, tableindicators.find_table_indicators(text, tables, rules))
    _place(tables, index=index, tm=main)
    for table in tables:
        for cell in table.cells:
            _set(cell, page=main.page_of(cell.start))
    all_refs = _place(refs, index=index, tm=main)
    all_dates = _place(found_dates, index=index, tm=main)
    all_inds = _place(inds, index=index, tm=main)

    notes: list[Footnote] = []
    for fn in layer.footnotes:
        sec = None if fn.marker_start is None else index.at(fn.marker_start)
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
        doc_id=src.doc_id, source=src.path, format=src.format, pages=pages, text=text,
        header=hdr, sections=tuple(sections), parts=tuple(doc_parts), footnotes=tuple(notes),
        references=tuple(all_refs), dates=tuple(all_dates),
        indicators=tuple(_renumber_groups(all_inds)), tables=tuple(tables),
        warnings=tuple(warnings),
        site_metadata=site, textmap=main,
    )
    enrich(doc, rules)
    annotate_meaning(doc, rules)  # status, period and comparison of each indicator
    # task tables of plans: rows of the tables the readers saw (issue 15 item 3)
    doc_tasks = tasks.find_tasks(doc.tables, text, rules)
    for task in doc_tasks:
        _set(task, section=index.at(task.start),
             page=task.page if task.page is not None else main.page_of(task.start))
    object.__setattr__(doc, "tasks", tuple(doc_tasks))
    _deadline_roles(doc, rules)
    # the findings read the finished document; it is this run's own, not yet shared
    object.__setattr__(doc, "checks", tuple(checks.check_document(doc, rules)))
    return doc
