"""What a figure means: status (target, achieved, estimate, baseline), the period it refers to,
and what it is compared with (issue 14 item 1).

A report says `ước tính 2 tháng đạt 6.480 tỷ đồng, tăng 8,4% so với cùng kỳ`; a plan says
`phấn đấu đến năm 2025 có 100% số xã đạt chuẩn`. The words are in `rules/meaning.yaml`; this
module reads only a window around each figure (its sentence, at most a few hundred characters),
reuses the date records the dates stage found (never parses a date again) and sets the
Indicator fields in place. One entry: `annotate(doc, rules)`, run by the pipeline once the
Document is built.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from .errors import RuleError
from .model import DateRecord, Document, Indicator, Section
from .rules import Entry, Rules, Schema, literal_alternation
from .rules import Section as RuleSection
from .tableindicators import table_periods

_EX = {"examples": (list, False), "counterexamples": (list, False), "note": (str, False)}

SCHEMAS: Mapping[str, Schema] = {
    "meaning": {
        "status": RuleSection({"name": (str, True), "status": (str, True), "words": (list, True),
                               "strength": (int, True), "reach": (int, False),
                               "scope": (str, False), "not_after": (list, False),
                               "then": (list, False), "first_only": (bool, False),
                               "blocked_by": (list, False), **_EX},
                               key="name"),
        "sections": RuleSection({"status": (str, True), "words": (list, True), **_EX},
                                key="status"),
        "defaults": RuleSection({"doc_type": (str, True), "status": (str, True), **_EX},
                                key="doc_type"),
        "comparisons": RuleSection({"kind": (str, True), "words": (list, True),
                                    "direct": (bool, False), **_EX}),
        "changes": RuleSection({"change": (str, True), "words": (list, True),
                                "not_after": (list, False), **_EX}, key="change"),
        "settings": RuleSection({"reach": (int, False), "period_lead": (list, False)},
                                mapping=True),
    },
}

STATUSES = ("target", "achieved", "estimate", "baseline", "unknown")
CHANGES = ("increase", "decrease")
_SCOPES = ("sentence", "clause")
# a line break that ends a sentence: after `.:;!?`, before a list or heading label, or a blank
# line; any other one is a wrapped line (`ước đạt` / `39.897 tỷ đồng`)
_HARD_NL = (r"(?<=[.:;!?][ \t]*)\n|\n(?=[ \t]*(?:[-+*•–][ \t]|[0-9]{1,3}[.)][ \t]"
            r"|[a-zđ]\)[ \t]|[IVXLC]{1,5}[.)][ \t]|\n|\Z))")
_SENT = regex.compile(r"[.!?](?=\s|$)|;|" + _HARD_NL)
_CLAUSE = regex.compile(r"[.!?](?=\s|$)|[;,:()]|" + _HARD_NL)
_CLAUSE_ONLY = ",:()"  # the characters `_CLAUSE` ends at and `_SENT` does not
_B = r"(?<![\p{L}\p{M}])"
_E = r"(?![\p{L}\p{M}])"
_SPACE = r"\s+"  # a cue may wrap onto the next line (`bằng 44% dự` / `toán`)
_DATE_KINDS = ("date", "range")
_RE_RIGHT_AFTER = regex.compile(r"[ \t]*(?:\p{L}+[ \t]+)?")  # at most one word between
_NOT_PERIOD_ROLES = ("issue", "reference")


@dataclass
class _Cue:
    status: str
    strength: int
    reach: int
    clause: bool
    pattern: Any
    not_after: Any
    then: Any
    where: str
    first_only: bool = False
    blocked: Any = None


@dataclass
class _Compiled:
    cues: list[_Cue] = field(default_factory=list)
    section_re: Any = None
    section_status: dict[str, str] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)
    comp_re: Any = None
    comp_kind: dict[str, tuple[str, bool]] = field(default_factory=dict)
    change_re: Any = None
    change_of: dict[str, str] = field(default_factory=dict)
    change_not_after: Any = None
    reach: int = 60
    lead_re: Any = None


def _words_re(words: Sequence[str]) -> str:
    return literal_alternation([w.lower() for w in words], space=_SPACE)


def _where(e: Entry) -> str:
    return e.where


def _check(e: Entry, key: str, allowed: Sequence[str]) -> str:
    value = str(e[key])
    if value not in allowed:
        raise RuleError(f"{_where(e)}: {key} {value!r} is not one of {', '.join(allowed)}")
    return value


@lru_cache(maxsize=16)  # once per rule set, not once per document
def _compile(rules: Rules) -> _Compiled:
    """The rules compiled once per rule set."""
    c = _build(rules["meaning"])
    return c


def _build(rf: Any) -> _Compiled:
    c = _Compiled()
    for e in rf.entries("status"):
        status = _check(e, "status", STATUSES)
        scope = str(e.get("scope", "sentence"))
        if scope not in _SCOPES:
            raise RuleError(f"{_where(e)}: scope {scope!r} is not one of {', '.join(_SCOPES)}")
        na = e.get("not_after") or []
        then = e.get("then") or []
        c.cues.append(_Cue(
            status, int(e["strength"]), int(e.get("reach", 160)), scope == "clause",
            regex.compile(f"{_B}(?:{_words_re(e['words'])}){_E}", regex.I),
            regex.compile(f"{_B}(?:{_words_re(na)})[ \\t]*\\Z", regex.I) if na else None,
            regex.compile(f"{_B}(?:{_words_re(then)}){_E}", regex.I) if then else None,
            _where(e), bool(e.get("first_only", False)),
            regex.compile(f"{_B}(?:{_words_re(e['blocked_by'])}){_E}", regex.I)
            if e.get("blocked_by") else None))
    words: dict[str, str] = {}
    for e in rf.entries("sections"):
        status = _check(e, "status", STATUSES)
        for w in e["words"]:
            words.setdefault(" ".join(str(w).lower().split()), status)
    c.section_status = words
    if words:
        # only a title that starts with the word (`NHIỆM VỤ, GIẢI PHÁP`, not `Công tác tuyên
        # truyền ... về nhiệm vụ xây dựng ...`); labels and blanks before it are skipped
        c.section_re = regex.compile(
            f"\\A[^\\p{{L}}]*(?:{_words_re(list(words))}){_E}", regex.I)
    for e in rf.entries("defaults"):
        c.defaults[" ".join(str(e["doc_type"]).lower().split())] = _check(e, "status", STATUSES)
    kinds: dict[str, tuple[str, bool]] = {}
    for e in rf.entries("comparisons"):
        direct = bool(e.get("direct", False))
        for w in e["words"]:
            kinds.setdefault(f"{int(direct)}|{' '.join(str(w).lower().split())}",
                             (str(e["kind"]), direct))
    c.comp_kind = kinds
    direct_words = [k.split("|", 1)[1] for k, v in kinds.items() if v[1]]
    loose_words = [k.split("|", 1)[1] for k, v in kinds.items() if not v[1]]
    parts = []
    if direct_words:
        parts.append(f"(?P<direct>\\G[ \\t]*(?:{_words_re(direct_words)}){_E})")
    if loose_words:
        parts.append(f"(?P<loose>{_B}(?:{_words_re(loose_words)}){_E})")
    if parts:
        c.comp_re = regex.compile("|".join(parts), regex.I)
    negations: list[str] = []
    for e in rf.entries("changes"):
        change = _check(e, "change", CHANGES)
        for w in e["words"]:
            c.change_of[" ".join(str(w).lower().split())] = change
        negations += e.get("not_after") or []
    if negations:
        c.change_not_after = regex.compile(f"{_B}(?:{_words_re(negations)})\\s+\\Z", regex.I)
    if c.change_of:
        c.change_re = regex.compile(
            f"{_B}({_words_re(list(c.change_of))})\\s+(?:[\\p{{L}}\\p{{M}}]+\\s+)?\\Z",
            regex.I)
    c.reach = int(rf.setting("settings", "reach", 60))
    lead = rf.setting("settings", "period_lead", []) or []
    if lead:
        c.lead_re = regex.compile(f"{_B}(?:{_words_re(lead)})[ \\t]+\\Z", regex.I)
    return c


def _key(s: str) -> str:
    return " ".join(s.lower().split())


# --- windows ------------------------------------------------------------------------------------


class _Text:
    """One base text (the main text or a footnote body) with its sentence and clause ends,
    found in one scan each; every window below is a bisect into these."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.clause = [m.start() for m in _CLAUSE.finditer(text)]
        # every match of either pattern is one character, and `_SENT` is `_CLAUSE` without its
        # `,:()` branch: the sentence ends are the clause ends at another character (one scan)
        self.sent = [k for k in self.clause if text[k] not in _CLAUSE_ONLY]

    def boundaries(self, lo: int, hi: int) -> list[str]:
        """The clause-ending characters in text[lo:hi]."""
        i, j = bisect_left(self.clause, lo), bisect_left(self.clause, hi)
        return [self.text[k] for k in self.clause[i:j]]

    @staticmethod
    def _lo(ends: Sequence[int], pos: int) -> int:
        k = bisect_left(ends, pos) - 1
        return ends[k] + 1 if k >= 0 else 0

    @staticmethod
    def _hi(ends: Sequence[int], pos: int, n: int) -> int:
        k = bisect_left(ends, pos)
        return ends[k] if k < len(ends) else n

    def sentence(self, start: int, end: int) -> tuple[int, int]:
        return self._lo(self.sent, start), self._hi(self.sent, end, len(self.text))

    def clause_of(self, start: int, end: int) -> tuple[int, int]:
        return self._lo(self.clause, start), self._hi(self.clause, end, len(self.text))


# --- status ---------------------------------------------------------------------------------------


def _clause_status(t: _Text, ind: Indicator, c: _Compiled,
                   prev_end: int) -> tuple[str, int] | None:
    """(status, strength) of the governing cue before the figure in its sentence, or None. A
    `first_only` cue governs only the first figure after it (`prev_end`: the previous figure's
    end)."""
    text = t.text
    s_lo, _s_hi = t.sentence(ind.start, ind.end)
    c_lo, _c_hi = t.clause_of(ind.start, ind.end)
    # (strong?, position, strength, status): the nearest strong cue wins (`ước đạt 257,2 nghìn
    # tỷ đồng, lũy kế ... đạt 1.114 nghìn tỷ đồng`: the second is a result), a weak one (`đạt`,
    # `có`) only when there is no strong one (`ước đạt 39.897 ..., trong đó ... đạt ...`)
    best: tuple[int, int, int, str] | None = None
    for cue in c.cues:
        lo = max(c_lo if cue.clause else s_lo, ind.start - cue.reach)
        if cue.first_only:
            # after the previous figure, and not right after it: that is the previous
            # figure's own base (`bằng 44% dự toán, tăng 15,2%`), unlike `7,6% (kế hoạch là`
            lo = max(lo, prev_end + 2 if prev_end else 0)
        found = None
        for m in cue.pattern.finditer(text, lo, ind.start):
            if cue.not_after is not None and \
                    cue.not_after.search(text, max(0, m.start() - 12), m.start()):
                continue
            found = m
        if found is not None and cue.blocked is not None and \
                cue.blocked.search(text, found.end(), ind.start):
            continue  # `kế hoạch toàn ngành gồm: Quảng Ninh 15%` lists results, not the plan
        if found is None:
            continue
        if cue.then is not None and not cue.then.search(text, ind.end, _then_end(t, ind)):
            continue
        cand = (min(cue.strength, 2), found.start(), cue.strength, cue.status)
        if best is None or cand[:3] > best[:3]:
            best = cand
    return None if best is None else (best[3], best[2])


def _then_end(t: _Text, ind: Indicator) -> int:
    """End of the clause after a figure (for `then` words), at most 40 characters on."""
    _lo, hi = t.clause_of(ind.end, ind.end)
    return min(hi, ind.end + 40)


def _section_statuses(sections: Sequence[Section], c: _Compiled) -> dict[int, str]:
    """Section id -> status from its own title or its nearest ancestor's."""
    own: dict[int, str | None] = {}
    for s in sections:
        st = None
        if c.section_re is not None and s.title:
            m = c.section_re.search(s.title)
            if m is not None:
                st = c.section_status.get(_key(m.group(0)))
        own[s.id] = st
    parent = {s.id: s.parent for s in sections}
    out: dict[int, str] = {}
    for s in sections:
        cur: int | None = s.id
        seen = 0
        while cur is not None and seen < 64:
            st = own.get(cur)
            if st is not None:
                out[s.id] = st
                break
            cur = parent.get(cur)
            seen += 1
    return out


def _issue_year(doc: Document) -> int | None:
    d = doc.header.issue_date
    if d and d[:4].isdigit():
        return int(d[:4])
    return None


# --- period -------------------------------------------------------------------------------------


def _period_value(d: DateRecord) -> str | None:
    if d.value is None:
        return None
    if d.kind == "range" and d.end_value is not None:
        return f"{d.value}/{d.end_value}"
    return d.value


def _usable(d: DateRecord) -> bool:
    return d.kind in _DATE_KINDS and d.role not in _NOT_PERIOD_ROLES and d.value is not None \
        and not d.value.startswith("-")


class _Dates:
    """Usable date records of one base text, by start."""

    def __init__(self, dates: Sequence[DateRecord]) -> None:
        self.dates = sorted((d for d in dates if _usable(d)), key=lambda d: d.start)
        self.starts = [d.start for d in self.dates]

    def in_window(self, lo: int, hi: int) -> list[DateRecord]:
        i, j = bisect_left(self.starts, lo), bisect_left(self.starts, hi)
        return self.dates[i:j]


def _clause_period(t: _Text, dates: _Dates, ind: Indicator, nxt: int, prev_end: int,
                   first: int) -> DateRecord | None:
    """The date written in the figure's sentence: one right after it (`45% năm 2024`), else
    the nearest before it, else the nearest after it and before the next figure (`nxt`); a
    sentence capped at 300 characters either side."""
    lo, hi = t.sentence(ind.start, ind.end)
    lo, hi = max(lo, ind.start - 300), min(hi, ind.end + 300, nxt)
    # after the figure: only in its clause, and not a deadline (when it is due, not what it
    # counts)
    _c_lo, c_hi = t.clause_of(ind.end, ind.end)
    after = [d for d in dates.in_window(ind.start, max(ind.end, min(hi, c_hi)))
             if d.role != "deadline"]
    if after and _RE_RIGHT_AFTER.fullmatch(t.text, ind.end, after[0].start):
        return after[0]  # `45% năm 2024`: the date written right after the figure
    before = [d for d in dates.in_window(lo, ind.start) if d.end <= ind.start]
    if before:
        d = before[-1]
        # a date governs the figures after it when it opens the sentence (before its first
        # figure: `Năm 2023 tổ chức 480 buổi, 14.209 lượt`), or stands in the figure's clause,
        # or no other figure comes between; not a date inside an earlier figure's clause
        # (`kế hoạch cho cả năm 2007 (16%), trong đó ... tăng 8,8%`)
        c_lo, _c_hi = t.clause_of(ind.start, ind.end)
        if d.start < first or d.start >= c_lo or prev_end <= d.end:
            return d
    return after[0] if after else None


def _heading_periods(doc: Document, t: _Text, dates: _Dates) -> dict[int, DateRecord]:
    """Section id -> the first usable date on its heading line, or its nearest ancestor's."""
    own: dict[int, DateRecord] = {}
    for s in doc.sections:
        line_end = t.text.find("\n", s.start)
        line_end = len(t.text) if line_end < 0 else line_end
        got = dates.in_window(s.start, min(line_end, s.start + 300))
        if got:
            own[s.id] = got[0]
    parent = {s.id: s.parent for s in doc.sections}
    out: dict[int, DateRecord] = {}
    for s in doc.sections:
        cur: int | None = s.id
        seen = 0
        while cur is not None and seen < 64:
            if cur in own:
                out[s.id] = own[cur]
                break
            cur = parent.get(cur)
            seen += 1
    return out


def _document_period(doc: Document, dates: _Dates) -> DateRecord | None:
    """The reporting period of the whole document: a date in its title, else a `period` date
    in its opening (the text between the title and the first heading, at most 600 chars)."""
    span = doc.header.spans.get("title")
    if span is None:
        return None  # no title read: no way to tell the opening from the body
    got = dates.in_window(span[0], span[1])
    if got:
        return max(got, key=lambda d: (d.kind == "range", d.start))
    lo = span[1]
    first = min((s.start for s in doc.sections if s.start >= lo), default=len(doc.text))
    got = [d for d in dates.in_window(lo, min(first, lo + 600)) if d.role == "period"]
    return got[0] if got else None


def _period_text(text: str, d: DateRecord, c: _Compiled) -> str:
    if c.lead_re is not None:
        m = c.lead_re.search(text, max(0, d.start - 20), d.start)
        if m is not None:
            return text[m.start():d.end]
    return d.text


# --- comparison -----------------------------------------------------------------------------------


def _comparison(t: _Text, ind: Indicator, c: _Compiled,
                nxt: int) -> tuple[str, str | None] | None:
    """(kind, change) of a comparison written after the figure in its clause, before the next
    figure (which starts at `nxt`)."""
    if c.comp_re is None:
        return None
    _lo, hi = t.clause_of(ind.end, ind.end)
    hi = min(hi, nxt)
    # `95% kế hoạch`: the percentage's share_of is what it is compared with
    at = ind.end - len(ind.share_of) if ind.share_of and t.text.endswith(
        ind.share_of, 0, ind.end) else ind.end
    m = c.comp_re.search(t.text, at, hi)
    if m is None or m.start() > ind.end + c.reach:
        return None  # the phrase must start within `reach` of the figure
    direct = m.group("direct") is not None
    word = _key(m.group(0))
    kind = c.comp_kind.get(f"{int(direct)}|{word}")
    if kind is None:
        return None
    return kind[0], _change(t.text, ind, c)


def _change(text: str, ind: Indicator, c: _Compiled) -> str | None:
    if c.change_re is None:
        return None
    m = c.change_re.search(text, max(0, ind.start - 30), ind.start)
    if m is None or (c.change_not_after is not None and
                     c.change_not_after.search(text, max(0, m.start() - 16), m.start())):
        return None  # `không được vượt quá 11%` is a cap, not a change
    return c.change_of.get(_key(m.group(1)))


# --- entry --------------------------------------------------------------------------------------


def _set(obj: object, **values: object) -> None:
    for k, v in values.items():
        object.__setattr__(obj, k, v)  # a fresh frozen record of this run, not yet shared


def annotate(doc: Document, rules: Rules) -> Document:
    """Set status, period, period_text, comparison, change and compared_to on every indicator
    of `doc`, in place (the records are this run's own, not yet shared)."""
    if not doc.indicators:
        return doc
    c = _compile(rules)
    by_text: dict[str | None, list[Indicator]] = {}
    for ind in doc.indicators:
        if ind.table is None:  # a table cell's meaning comes from its column (tableindicators)
            by_text.setdefault(ind.footnote, []).append(ind)
    dates_by: dict[str | None, list[DateRecord]] = {}
    for d in doc.dates:
        dates_by.setdefault(d.footnote, []).append(d)
    main = _Text(doc.text)
    main_dates = _Dates(dates_by.get(None, []))
    sec_status = _section_statuses(doc.sections, c)
    sec_period = _heading_periods(doc, main, main_dates)
    doc_period = _document_period(doc, main_dates)
    default = c.defaults.get(_key(doc.header.doc_type or ""), "unknown")
    year = _issue_year(doc)
    recipients = {_key(r.strip(" -–•;.")) for r in doc.header.recipients}
    for fid, inds in by_text.items():
        if fid is None:
            t, dates = main, main_dates
        else:
            note = doc.footnote_by_id(fid)
            if note is None:
                continue
            t, dates = _Text(note.text), _Dates(dates_by.get(fid, []))
        inds = sorted(inds, key=lambda i: i.start)
        _compare(t, inds, c)
        prev_end = 0
        first = 0
        for k, ind in enumerate(inds):
            s_lo, _s_hi = t.sentence(ind.start, ind.end)
            if k == 0 or inds[k - 1].end <= s_lo:
                first = ind.start  # the sentence's first figure
            here = _clause_period(t, dates, ind,
                                  inds[k + 1].start if k + 1 < len(inds) else len(t.text),
                                  prev_end, first)
            if fid is None and _in_recipients(t.text, ind, recipients):
                _set(ind, status="unknown")  # `- 08 xã Biên giới;` in the Nơi nhận block
                prev_end = ind.end
                continue
            period_rec: DateRecord | None = here or (
                sec_period.get(ind.section) if ind.section is not None else None) or doc_period
            if period_rec is not None:
                _set(ind, period=_period_value(period_rec),
                     period_text=_period_text(doc.text if fid is None else t.text, period_rec, c)
                     if period_rec.footnote == fid else period_rec.text)
            _set(ind, status=_status(t, ind, c, sec_status, default, year, prev_end))
            prev_end = ind.end
    # table cells whose column names no period: the table's lead-in, heading or document's
    table_periods(doc, rules, sec_period, doc_period, _period_value)
    return doc


def _compare(t: _Text, inds: Sequence[Indicator], c: _Compiled) -> None:
    """Comparison kind, change and compared figure of each figure of one text (sorted)."""
    comps: list[tuple[str, str | None] | None] = []
    for k, ind in enumerate(inds):
        nxt = inds[k + 1].start if k + 1 < len(inds) else len(t.text)
        comps.append(_comparison(t, ind, c, nxt))
    # a list shares the comparison written after its last item: `than sạch tăng 24,9%, ...,
    # xe máy tăng 25,8% so cùng kỳ`, walking back over figures of the same quantity that carry
    # a change word (or, for percentages, `đạt`) and have none of their own
    for k in range(len(inds) - 1, 0, -1):
        comp = comps[k]
        if comp is None:
            continue
        s_lo, _hi = t.sentence(inds[k].start, inds[k].end)
        j = k - 1
        while j >= 0 and comps[j] is None and inds[j].start >= s_lo and \
                inds[j].quantity == inds[k].quantity and \
                set(t.boundaries(inds[j].end, inds[j + 1].start)) <= {","} and \
                (_change(t.text, inds[j], c) is not None) == (comp[1] is not None):
            comps[j] = (comp[0], _change(t.text, inds[j], c))
            j -= 1
    for k, ind in enumerate(inds):
        comp = comps[k]
        if comp is None:
            _set(ind, change=_change(t.text, ind, c))  # `tăng 26,3%` with no base written
            continue
        target: int | None = None
        if k > 0:
            prev = inds[k - 1]
            gap = t.boundaries(prev.end, ind.start)
            if comps[k - 1] is None and (not gap or gap == [","]):
                target = prev.start
            elif comps[k - 1] is not None and (not gap or gap == [","]):
                target = inds[k - 1].compared_to
        _set(ind, comparison=comp[0], change=comp[1], compared_to=target)


def _in_recipients(text: str, ind: Indicator, recipients: set[str]) -> bool:
    if not recipients:
        return False
    lo = text.rfind("\n", max(0, ind.start - 200), ind.start)
    hi = text.find("\n", ind.end, ind.end + 200)
    if lo < 0 and ind.start > 200:
        return False  # not on a short line
    line = text[lo + 1:hi if hi >= 0 else min(len(text), ind.end + 200)]
    return _key(line.strip(" -–•;.")) in recipients


def _status(t: _Text, ind: Indicator, c: _Compiled, sec_status: Mapping[int, str],
            default: str, year: int | None, prev_end: int) -> str:
    cue = _clause_status(t, ind, c, prev_end)
    if cue is not None and cue[1] >= 2:
        return cue[0]
    if ind.section is not None and ind.section in sec_status:
        return sec_status[ind.section]
    if year is not None and ind.period and ind.period[:4].isdigit() and \
            int(ind.period[:4]) > year:
        return "target"
    if cue is not None:
        return cue[0]
    return default


__all__ = ["STATUSES", "annotate"]
