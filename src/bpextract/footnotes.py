"""Footnote rule layer (rules/footnotes.yaml): detach bodies, join split paragraphs, link markers.

Extracted text puts a footnote body where the page broke, often inside a sentence
(`... an ninh quốc gia,` / `³ ...` / `tội phạm về ma túy`). This layer takes each body out of the
main text, joins the paragraph it (or a bare page break, `\\f`) cut in two, and links every marker
to its body, so later stages read the main text as one flow. Nothing is dropped: a marker without
a body and a body without a marker are both kept and reported in warnings.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, pairwise
from operator import add, not_
from typing import NamedTuple, overload

import regex

from . import fastscan
from .readers import NativeFootnote
from .rules import Entry, Rules, Schema, Section, is_user_setting
from .textmap import TextBuilder, TextMap
from .userpatterns import Matcher, compile_entry, compile_pattern

SCHEMAS: Mapping[str, Schema] = {
    "footnotes": {
        "markers": Section({"name": (str, True), "marker": (str, True), "body": (str, True),
                            "body_opens": (list, False), "marker_opens": (list, False),
                            "digits": (str, False), "paired": (bool, False),
                            "same_line": (str, False),
                            "examples": (list, False), "counterexamples": (list, False),
                            "body_examples": (list, False),
                            "body_counterexamples": (list, False)},
                           key="name"),
        "dumps": Section({"marker": (str, True), "body": (str, True),
                          "separator": (str, True), "bare_body_text": (str, True),
                          "bare_body_text_examples": (list, False),
                          "bare_body_text_counterexamples": (list, False),
                          "marker_examples": (list, False), "marker_counterexamples": (list, False),
                          "body_examples": (list, False), "body_counterexamples": (list, False),
                          "separator_examples": (list, False),
                          "separator_counterexamples": (list, False),
                          "sentence_end": (str, False), "continuation": (str, False),
                          "body_not_after": (str, False),
                          "glued_to_number": (str, False),
                          "glued_to_number_examples": (list, False),
                          "glued_to_number_counterexamples": (list, False),
                          "glued_body": (str, False), "glued_body_examples": (list, False),
                          "glued_body_counterexamples": (list, False),
                          "body_not_after_examples": (list, False),
                          "body_not_after_counterexamples": (list, False),
                          "continuation_examples": (list, False),
                          "continuation_counterexamples": (list, False),
                          "sentence_end_examples": (list, False),
                          "sentence_end_counterexamples": (list, False)},
                         mapping=True),
        "joins": Section({"name": (str, True), "before": (str, False),
                          "not_before": (str, False), "after": (str, True),
                          "examples": (list, False), "counterexamples": (list, False)},
                         key="name"),
    },
}

_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
# paragraph gaps: a page break (with the blank space around it) or one or more blank lines
_GAP = regex.compile(r"(?<![ \t\n\f])[ \t\n]*+\f[ \t\n\f]*+|(?<![ \t])[ \t]*+(?:\n[ \t]*+){2,}+")
# what every gap holds: `re` skips to it (`fastscan.finditer_runs`; the gap pattern opens with
# a lookbehind and a run of blanks, tried at every position)
_GAP_CORE = re.compile(r"\f|\n[ \t]*\n")
_LINE_START = regex.compile(r"\n[ \t]*+")
_TAIL = 120  # characters of the previous paragraph a join rule looks at


@dataclass(frozen=True)
class FootnoteBody:
    """A footnote as found: `marker_start`/`marker_end` are offsets in the *returned* main text.

    `rule` names the marker form; `source_start` is the source offset of the body's first
    character (None for a marker without a body).
    """

    id: str
    text: str
    marker: str | None = None
    marker_start: int | None = None
    marker_end: int | None = None
    page: int | None = None
    rule: str | None = None
    source_start: int | None = None


@dataclass(frozen=True)
class FootnoteLayer:
    text: TextMap
    footnotes: list[FootnoteBody] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MarkerRule:
    name: str
    marker: Matcher
    body: Matcher
    superscript: bool
    paired: bool
    same_line: Matcher | None = None  # the gap before a second body on the same line
    body_opens: tuple[str, ...] = ()  # what every body starts with (empty: anything)
    marker_opens: tuple[str, ...] = ()  # what every marker starts with (empty: anything)


@dataclass(frozen=True)
class JoinRule:
    name: str
    before: Matcher | None
    not_before: Matcher | None
    after: Matcher

    def joins(self, prev_tail: str, next_head: str) -> bool:
        # `after` first: matched at the start of the next paragraph, it fails at once on most
        # (a capital, a digit), where `before`/`not_before` search the previous one's end
        if self.after.match(next_head) is None:
            return False
        if self.before is not None and not self.before.search(prev_tail):
            return False
        return self.not_before is None or not self.not_before.search(prev_tail)


@lru_cache(maxsize=8)
def compiled(rules: Rules) -> tuple[list[MarkerRule], list[JoinRule]]:
    """The marker and join rules of `rules`, compiled once per Rules object."""
    rf = rules["footnotes"]
    def pattern(section: str, e: Entry, key: str) -> Matcher:
        return compile_entry(rules, "footnotes", section, e, key)

    markers = [MarkerRule(e["name"], pattern("markers", e, "marker"),
                          pattern("markers", e, "body"),
                          e.get("digits") == "superscript", bool(e.get("paired", False)),
                          pattern("markers", e, "same_line") if e.get("same_line") else None,
                          _opens(e, "body_opens"), _opens(e, "marker_opens"))
               for e in rf.entries("markers")]
    joins = [JoinRule(e["name"],
                      pattern("joins", e, "before") if e.get("before") else None,
                      pattern("joins", e, "not_before") if e.get("not_before") else None,
                      pattern("joins", e, "after"))
             for e in rf.entries("joins")]
    return markers, joins


def _opens(e: Entry, key: str) -> tuple[str, ...]:
    """A marker entry's `body_opens` or `marker_opens` (NFC, as the normalized text writes
    them)."""
    out = []
    for x in e.get(key) or []:
        if not isinstance(x, str) or not x.strip() or x != x.strip() or "\n" in x:
            from .errors import RuleError
            raise RuleError(f"{e.where}: {key} holds {x!r} (expected the first characters "
                            "of what it matches, no blanks)")
        out.append(unicodedata.normalize("NFC", x))
    return tuple(out)


@lru_cache(maxsize=8)
def _line_openings(rules: tuple[MarkerRule, ...]) -> re.Pattern[str] | None:
    """A line end and the blanks after it, before what a body of any rule opens with; None
    when a rule has no `body_opens` (its bodies may open with anything)."""
    if not rules or not all(r.body_opens for r in rules):
        return None
    opens = sorted({o for r in rules for o in r.body_opens}, key=len, reverse=True)
    return re.compile(r"\n[ \t]*(?=" + "|".join(map(re.escape, opens)) + ")")


def should_join(prev_tail: str, next_head: str, joins: Sequence[JoinRule]) -> bool:
    """True when the paragraph starting `next_head` continues the one ending `prev_tail`."""
    return any(j.joins(prev_tail, next_head) for j in joins)


@dataclass
class _Body:
    rule: MarkerRule
    num: str
    start: int  # start of the marker (line start)
    text_start: int  # first character of the body text
    end: int
    active: bool = True
    gap: int | None = None  # a body after another on one line: where the gap before it starts


@dataclass
class _Marker:
    rule: MarkerRule
    num: str
    start: int
    end: int
    body: _Body | None = None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of text between gaps (blank lines or page breaks)."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in fastscan.finditer_runs(_GAP_CORE, " \t\n\f", _GAP, text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _find_bodies(text: str, paras: Sequence[tuple[int, int]],
                 rules: Sequence[MarkerRule]) -> list[_Body]:
    """Every line that starts with a body marker; the body runs to the next one or the gap."""
    found: list[_Body] = []
    openings = _line_openings(tuple(rules))
    if openings is not None:  # only the lines that open as a body may (and each paragraph's first)
        nl = [(m.start(), m.end()) for m in openings.finditer(text)]
        at = [a for a, _ in nl]
    for ps, pe in paras:
        if openings is None:
            starts = [ps] + [m.end() for m in _LINE_START.finditer(text, ps, pe)]
        else:
            starts = [ps]
            for k in range(bisect_left(at, ps), len(nl)):
                if nl[k][1] >= pe:
                    break
                starts.append(nl[k][1])
        in_para: list[_Body] = []
        for ls in starts:
            for rule in rules:
                m = rule.body.match(text, ls, pe)
                if m:
                    num = m.group("n")
                    if rule.superscript:
                        num = num.translate(_SUPERSCRIPT)
                    in_para.append(_Body(rule, num, ls, m.end(), pe))
                    in_para.extend(_same_line_bodies(text, rule, num, m.end(), pe))
                    break
        for a, b in pairwise(in_para):
            a.end = b.start if b.gap is None else b.gap
        found.extend(in_para)
    return found


def _same_line_bodies(text: str, rule: MarkerRule, num: str, pos: int,
                      pe: int) -> list[_Body]:
    """Bodies after the first on its line (`[1] ... / [2] ...`, where a converter put the page's
    notes on one line): the next numbers in turn, each after the rule's `same_line` gap."""
    if rule.same_line is None or not num.isdigit():
        return []
    nl = text.find("\n", pos, pe)
    line_end = pe if nl < 0 else nl
    out: list[_Body] = []
    want = int(num) + 1
    for m in rule.body.finditer(text, pos, line_end):
        n = m.group("n")
        if rule.superscript:
            n = n.translate(_SUPERSCRIPT)
        if not n.isdigit() or int(n) != want:
            continue
        gap = rule.same_line.search(text[pos:m.start()])
        if gap is None or gap.end() != m.start() - pos or gap.start() == 0:
            continue
        out.append(_Body(rule, n, m.start(), m.end(), pe, gap=pos + gap.start()))
        want += 1
        pos = m.end()
    return out


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n\f":
        end -= 1
    return end


def _main_pieces(text: str, paras: Sequence[tuple[int, int]],
                 bodies: Sequence[_Body]) -> list[tuple[int, int]]:
    """Paragraph spans with the active bodies cut out."""
    pieces: list[tuple[int, int]] = []
    active = [b for b in bodies if b.active]
    bi = 0
    for ps, pe in paras:
        pos = ps
        while bi < len(active) and active[bi].start < pe:
            b = active[bi]
            end = _trim_end(text, pos, b.start)
            if end > pos:
                pieces.append((pos, end))
            pos = b.end
            bi += 1
        end = _trim_end(text, pos, pe)
        if end > pos:
            pieces.append((pos, end))
    return pieces


def _find_markers(text: str, pieces: Sequence[tuple[int, int]],
                  rules: Sequence[MarkerRule]) -> list[_Marker]:
    out: list[_Marker] = []
    for rule in rules:
        # a form whose markers open with given strings is tried only where one stands (its
        # pattern opens with lookbehinds, tried at every position of every piece otherwise)
        found = (m for s, e in pieces for m in rule.marker.finditer(text, s, e)) \
            if not rule.marker_opens else \
            _matches_at(rule.marker, text, _places(text, rule.marker_opens), pieces)
        for m in found:
            num = m.group("n")
            if rule.superscript:
                num = num.translate(_SUPERSCRIPT)
            out.append(_Marker(rule, num, m.start(), m.end()))
    out.sort(key=lambda mk: mk.start)
    return out


def _places(text: str, opens: Sequence[str]) -> list[int]:
    """Where one of `opens` stands in `text`, in order."""
    at: set[int] = set()
    for x in opens:
        k = text.find(x)
        while k >= 0:
            at.add(k)
            k = text.find(x, k + 1)
    return sorted(at)


def _matches_at(pattern: Matcher, text: str, at: Sequence[int],
                pieces: Sequence[tuple[int, int]]) -> Iterator[regex.Match[str]]:
    """`pattern.finditer(text, s, e)` for each piece (s, e) in turn, for a pattern whose
    matches start only at the places `at` (sorted): tried there, each within its piece and
    after the end of the match before."""
    piece_starts = [s for s, _ in pieces]
    pos = 0
    for q in at:
        if q < pos:
            continue
        j = bisect_right(piece_starts, q) - 1
        if j < 0 or q >= pieces[j][1]:
            continue
        m = pattern.match(text, q, pieces[j][1])
        if m is not None:
            yield m
            pos = m.end() if m.end() > q else q + 1


class _Free:
    """Which of n slots are still free: the nearest free slot at or left of i, or the first
    free slot at or right of i, in near-constant time (union-find with path halving)."""

    def __init__(self, n: int) -> None:
        self.left = list(range(n + 1))  # slot i is index i + 1; index 0 means "none"
        self.right = list(range(n + 1))  # index n means "none"

    @staticmethod
    def _find(parent: list[int], i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def at_or_left(self, i: int) -> int:
        return self._find(self.left, i + 1) - 1

    def at_or_right(self, i: int) -> int:
        return self._find(self.right, i)

    def take(self, i: int) -> None:
        self.left[i + 1] = i
        self.right[i] = i + 1


def _link(markers: Sequence[_Marker], bodies: Sequence[_Body]) -> None:
    """Each body takes the nearest unlinked marker of its form and number before it (or, when
    there is none, the first one after it)."""
    by_key: dict[tuple[str, str], list[_Marker]] = {}
    for mk in markers:  # markers are sorted by start, so each list is too
        by_key.setdefault((mk.rule.name, mk.num), []).append(mk)
    starts = {k: [mk.start for mk in v] for k, v in by_key.items()}
    free = {k: _Free(len(v)) for k, v in by_key.items()}
    for b in bodies:
        key = (b.rule.name, b.num)
        if key not in by_key:
            continue
        slots = free[key]
        j = slots.at_or_left(bisect_left(starts[key], b.start) - 1)
        if j < 0:
            j = slots.at_or_right(0)
            if j >= len(by_key[key]):
                continue
        by_key[key][j].body = b
        slots.take(j)


def _live_rules(bodies: Sequence[_Body]) -> set[int]:
    """Ids of the marker rules that still have an active body."""
    return {id(b.rule) for b in bodies if b.active}


def _activate_paired(markers: list[_Marker], bodies: list[_Body],
                     rules: Sequence[MarkerRule]) -> list[_Marker]:
    """Paired forms count only where one of their markers has its body after it."""
    for rule in rules:
        if not rule.paired:
            continue
        first: dict[str, int] = {}  # number -> start of its first marker
        for mk in markers:
            if mk.rule is rule and mk.start < first.get(mk.num, mk.start + 1):
                first[mk.num] = mk.start
        live = any(b.rule is rule and first.get(b.num, b.start) < b.start for b in bodies)
        if not live:
            for b in bodies:
                if b.rule is rule:
                    b.active = False
    live_rules = _live_rules(bodies)
    return [mk for mk in markers if not mk.rule.paired or id(mk.rule) in live_rules]


def _unique_id(num: str, used: dict[str, int]) -> str:
    used[num] = used.get(num, 0) + 1
    return num if used[num] == 1 else f"{num}#{used[num]}"


def detach_footnotes(tm: TextMap, rules: Rules,
                     native: Sequence[NativeFootnote] = ()) -> FootnoteLayer:
    """Main text without footnote bodies, and the footnotes linked to their markers."""
    marker_rules, join_rules = compiled(rules)
    text = tm.text
    paras = _paragraphs(text)
    bodies = _find_bodies(text, paras, marker_rules)
    pieces = _main_pieces(text, paras, bodies)
    markers = _find_markers(text, pieces, marker_rules)
    n_before = sum(b.active for b in bodies)
    markers = _activate_paired(markers, bodies, marker_rules)
    if sum(b.active for b in bodies) != n_before:  # some bodies were ordinary text after all
        pieces = _main_pieces(text, paras, bodies)
        live_rules = _live_rules(bodies)
        markers = [mk for mk in _find_markers(text, pieces, marker_rules)
                   if not mk.rule.paired or id(mk.rule) in live_rules]
    bodies = [b for b in bodies if b.active]
    _link(markers, bodies)

    out, shift = _rebuild(tm, pieces, bodies, join_rules)
    warnings: list[str] = []
    notes: list[FootnoteBody] = []
    used: dict[str, int] = {}
    linked = {id(mk.body): mk for mk in markers if mk.body is not None}
    items: list[tuple[int, _Marker | None, _Body | None]] = [
        (mk.start, mk, mk.body) for mk in markers]
    items += [(b.start, None, b) for b in bodies if id(b) not in linked]
    items.sort(key=lambda it: it[0])
    for _, mk, bd in items:
        notes.append(_note(tm, mk, bd, shift, used, warnings))
    if native and len(native) != len(bodies):
        warnings.append(f"footnotes: the file declares {len(native)} footnotes, "
                        f"{len(bodies)} bodies were found in its text")
    return FootnoteLayer(out, notes, warnings)


def _note(tm: TextMap, mk: _Marker | None, bd: _Body | None, shift: _Shift,
          used: dict[str, int], warnings: list[str]) -> FootnoteBody:
    """One footnote record from a marker, a body, or both; warns when one of them is missing."""
    text = tm.text
    num = mk.num if mk is not None else (bd.num if bd is not None else "")
    fid = _unique_id(num, used)
    m_start = m_end = None
    marker_str = None
    if mk is not None:
        m_start = shift(mk.start)
        m_end = m_start + (mk.end - mk.start)
        marker_str = text[mk.start:mk.end]
    body_text, page, src = "", None, None
    if bd is not None:
        body_text = text[bd.text_start:_trim_end(text, bd.text_start, bd.end)]
        body_text = body_text.replace("\n", " ").replace("\f", " ")
        page = tm.page_of(bd.text_start)
        src = tm.source_offset(bd.text_start)
        if marker_str is None:
            marker_str = text[bd.start:bd.text_start].strip()
    rule = mk.rule.name if mk is not None else (bd.rule.name if bd is not None else None)
    if bd is None:
        warnings.append(f"footnote {fid}: marker {marker_str!r} at offset {m_start} "
                        "has no body; kept with empty text")
    elif mk is None:
        warnings.append(f"footnote {fid}: body {body_text[:50]!r} has no marker in the "
                        "text; kept without a place")
    return FootnoteBody(id=fid, text=body_text, marker=marker_str, marker_start=m_start,
                        marker_end=m_end, page=page, rule=rule, source_start=src)


def _rebuild(tm: TextMap, pieces: Sequence[tuple[int, int]], bodies: Sequence[_Body],
             joins: Sequence[JoinRule]) -> tuple[TextMap, _Shift]:
    """The main text: pieces in order, joined where a join rule says the paragraph goes on."""
    text = tm.text
    body_starts = [bd.start for bd in bodies]
    bi = 0
    prev_end = 0
    how: list[str] = []  # per piece, what stands before it: " " (joined), "\n\n" or the gap
    for i, (s, e) in enumerate(pieces):
        cut = False
        while bi < len(body_starts) and body_starts[bi] < s:
            if body_starts[bi] >= prev_end:
                cut = True
            bi += 1
        if i > 0 and should_join(text[max(prev_end - _TAIL, 0):prev_end], text[s:s + 80], joins):
            how.append(" ")
        elif cut or "\f" in text[prev_end:s]:
            how.append("\n\n" if i > 0 else "")
        else:
            how.append("gap")
        prev_end = e
    tail = text[prev_end:]
    cut_tail = "\f" in tail or any(bs >= prev_end for bs in body_starts)
    if not cut_tail and all(h == "gap" for h in how):  # every gap kept: the text as it was
        return tm, _Shift([(s, s) for s, _ in pieces])
    b = TextBuilder(tm.page_starts)
    starts: list[tuple[int, int]] = []  # (input start, output start) of each piece
    prev_end = 0
    for (s, e), h in zip(pieces, how, strict=True):
        if h == "gap":
            b.add_from(tm, prev_end, s)
        else:
            b.add(h, tm.source_offset(prev_end))
        starts.append((s, len(b)))
        b.add_from(tm, s, e)
        prev_end = e
    if cut_tail:
        b.add("\n" if tail else "", tm.source_offset(prev_end))
    else:
        b.add_from(tm, prev_end, len(text))
    return b.build(), _Shift(starts)


@dataclass(frozen=True)
class _Shift:
    """Maps an input offset inside a kept piece to its offset in the output text."""

    starts: list[tuple[int, int]]

    def __call__(self, pos: int) -> int:
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid][0] <= pos:
                lo = mid
            else:
                hi = mid - 1
        s, o = self.starts[lo]
        return o + (pos - s)


# ---------------------------------------------------------------- footnotes of text dumps

_TO_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_ANY_SUPER_BODY = regex.compile(r"(?m)^[ \t]*+[¹²³⁴⁵⁶⁷⁸⁹⁰]")
_SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"  # one of which every match of _ANY_SUPER_BODY holds
# where the shipped dump marker may match: at the start of a number (every branch consumes its
# number, 1-3 digits from 1-9, first, after lookarounds that take no digit before it, and wants
# no digit after it; tests/test_fastpaths.py, test_dumps_fast.py). `re` finds the runs from
# their start (a run of 4+ digits is cut in pieces, which the marker then rejects); a pattern
# of the wanted numbers alone (an alternation) was 3x slower, one opening with a lookbehind 2x.
_RUN = re.compile(r"[1-9]\d{0,2}")
# where the shipped body pattern may match: a line whose first non-blank is a digit (a literal
# line end first: `re` skips to it 5x faster than to a class `[\n\f]`)
_DIGIT_LINE = re.compile(r"\n[ \t]*\d")
_DIGIT_PAGE = re.compile(r"\f[ \t]*\d")
_DIGIT_FIRST = re.compile(r"[ \t]*\d")
_BODY_NUMBER = regex.compile(r"[ \t]*+(\d++)")
_SEP = re.compile(r"[\n\f]")
_SKIP = 3  # numbers a foot may skip when a footnote was lost (a body cut by the converter)


@dataclass(frozen=True)
class DumpRules:
    marker: Matcher
    body: Matcher
    separator: Matcher
    bare_body_text: Matcher
    sentence_end: Matcher | None = None
    continuation: Matcher | None = None
    body_not_after: Matcher | None = None
    glued_to_number: Matcher | None = None
    glued_body: Matcher | None = None


@lru_cache(maxsize=8)
def dump_rules(rules: Rules) -> DumpRules:
    rf = rules["footnotes"]

    def pattern(key: str, flags: int = 0) -> Matcher:
        where = f"{rf.files[-1].parent.name}/footnotes.yaml: dumps.{key}" if rf.files \
            else f"footnotes.yaml: dumps.{key}"
        return compile_pattern(str(rf.setting("dumps", key)), where,
                               is_user_setting(rf, "dumps", key), flags)

    def optional(key: str) -> Matcher | None:
        return pattern(key) if rf.setting("dumps", key, None) else None

    return DumpRules(pattern("marker", regex.M), pattern("body"), pattern("separator"),
                     pattern("bare_body_text"), optional("sentence_end"),
                     optional("continuation"), optional("body_not_after"),
                     optional("glued_to_number"), optional("glued_body"))


class _DLine(NamedTuple):
    start: int
    end: int
    page: int
    blank: bool


class _DLines(Sequence[_DLine]):
    """The lines of a text (split at `\\n` and `\\f`, the page counted up at each `\\f`) as
    parallel lists built at C speed (an object per line cost 0.3 s on 200 bench documents);
    `lines[i]` makes line i's _DLine. `pages`: the non-blank lines of each page."""

    def __init__(self, text: str) -> None:
        if "\f" in text:
            raw: list[str] = []
            page: list[int] = []
            first = [0]  # each page's first line
            for p, chunk in enumerate(text.split("\f")):
                got = chunk.split("\n")
                raw += got
                page += [p] * len(got)
                first.append(len(raw))
        else:
            raw = text.split("\n")
            page = [0] * len(raw)
            first = [0, len(raw)]
        lens = list(map(len, raw))
        self.start: list[int] = [0, *accumulate(map((1).__add__, lens[:-1]))]
        self.end: list[int] = list(map(add, self.start, lens))
        self.page = page
        stripped = list(map(str.strip, raw))
        self.blank: list[bool] = list(map(not_, stripped))
        content = list(compress(range(len(raw)), stripped))
        self.pages: list[list[int]] = [content] if len(first) == 2 else [
            content[bisect_left(content, a):bisect_left(content, b)]
            for a, b in pairwise(first)]

    def __len__(self) -> int:
        return len(self.start)

    @overload
    def __getitem__(self, i: int) -> _DLine: ...

    @overload
    def __getitem__(self, i: slice) -> Sequence[_DLine]: ...

    def __getitem__(self, i: int | slice) -> _DLine | Sequence[_DLine]:
        if isinstance(i, slice):
            return [self[k] for k in range(len(self))[i]]
        return _DLine(self.start[i], self.end[i], self.page[i], self.blank[i])


@dataclass(frozen=True)
class DumpFoot:
    """One footnote found in a dump: its marker span, its body's first line, its number."""

    num: int
    marker_start: int | None  # None: a later body of a foot whose marker was not found
    marker_end: int | None
    body_line: int  # index into the line list
    bare: bool  # the number stands alone on its line


def find_dump_footnotes(text: str, rules: Rules) -> tuple[list[DumpFoot], _DLines,
                                                         dict[int, int]]:
    """Footnotes of a dump, in order; also the lines and, per page, the line where its foot
    zone starts (the separator line when there is one). The numbering starts at 1; a dump
    with no note 1 may be a later part of its document (`Tiếp theo Công báo số ...`, notes
    19-93) or have lost its note 1: then the first foot may start at any number, kept only
    when the notes in sequence from it stand at the feet of `_MIN_CONTINUED_PAGES` pages or
    more (numbered table rows with numbers glued above them fill one or two pages)."""
    dr = dump_rules(rules)
    cd = _dump_candidates(text, dr)
    if not any(cd.starts):
        return [], cd.lines, {}
    if not any(n == 1 for st in cd.starts for _, n, _ in st) \
            and len(cd.pages) < _MIN_CONTINUED_PAGES:
        return [], cd.lines, {}  # no foot starts at 1; a later part needs more pages
    _find_markers_of(text, dr, cd)
    found, foot_start = _scan_dump(text, dr, cd, None)
    if not found:
        found, foot_start = _scan_dump(text, dr, cd, 0)
        if len({cd.lines[f.body_line].page for f in found}) < _MIN_CONTINUED_PAGES:
            return [], cd.lines, {}
    return found, cd.lines, foot_start


_MIN_CONTINUED_PAGES = 3


@dataclass
class _DumpCandidates:
    """What both scans of a dump share: its lines, the content lines of each page, the marker
    positions by number (plain and glued to a form number), and each page's body starts."""

    lines: _DLines
    pages: list[list[int]]
    markers: dict[int, list[tuple[int, int]]]
    glued: dict[int, list[tuple[int, int]]]
    starts: list[list[tuple[int, int, bool]]]  # per page: (position in content, number, bare)
    glued_ok: list[set[int]]  # per page: bodies about a form/appendix (may take a glued marker)


def _body_lines(text: str, dr: DumpRules, lines: _DLines) -> list[int]:
    """The lines a body may start: for the shipped body pattern (blanks, then its number)
    those whose first non-blank is a digit, found by `re`; for a user's, every non-blank
    line."""
    if not isinstance(dr.body, regex.Pattern):
        return [i for content in lines.pages for i in content]
    return [bisect_left(lines.start, s) for s in _digit_lines(text)]


def _digit_lines(text: str) -> list[int]:
    """The start offsets of the lines whose first non-blank is a digit, in order."""
    at = [m.start() + 1 for m in _DIGIT_LINE.finditer(text)]
    if "\f" in text:
        at += [m.start() + 1 for m in _DIGIT_PAGE.finditer(text)]
        at.sort()
    if _DIGIT_FIRST.match(text):
        at.insert(0, 0)
    return at


def _may_hold_a_body(text: str, dr: DumpRules) -> bool:
    """False when no line starts with a body (the shipped body pattern tried on the lines that
    open with a digit; a user's pattern is tried by find_dump_footnotes on every line): most
    texts, which then need no line list."""
    if not isinstance(dr.body, regex.Pattern):
        return True
    for s in _digit_lines(text):
        e = text.find("\n", s)
        e = len(text) if e < 0 else e
        f = text.find("\f", s, e)
        if dr.body.match(text, s, e if f < 0 else f):
            return True
    return False


def _dump_candidates(text: str, dr: DumpRules) -> _DumpCandidates:
    lines = _DLines(text)
    pages = lines.pages
    starts, ends = lines.start, lines.end
    all_starts: list[list[tuple[int, int, bool]]] = [[] for _ in pages]
    all_ok: list[set[int]] = [set() for _ in pages]
    for i in _body_lines(text, dr, lines):
        p = lines.page[i]
        content = pages[p]
        k = bisect_left(content, i)
        m = dr.body.match(text, starts[i], ends[i])
        if m is not None and k > 0 and dr.body_not_after is not None and \
                dr.body_not_after.search(text, starts[content[k - 1]], ends[i]):
            m = None  # `... điểm g khoản` / `1 Điều 52 ...`: the number of a wrapped label
        if m is None:
            continue
        bare = m.end() >= ends[i] or not text[m.end():ends[i]].strip()
        nxt = content[k + 1] if k + 1 < len(content) else -1  # on the same page
        if bare and (nxt < 0 or not dr.bare_body_text.match(text, starts[nxt], ends[nxt])):
            continue
        all_starts[p].append((k, int(m.group("n")), bare))
        if dr.glued_body is not None:  # (read only where a form number is found)
            hs, he = (starts[nxt], ends[nxt]) if bare else (m.end(), ends[i])
            if dr.glued_body.match(text, hs, he):
                all_ok[p].add(k)
    return _DumpCandidates(lines, pages, {}, {}, all_starts, all_ok)


def _find_markers_of(text: str, dr: DumpRules, cd: _DumpCandidates) -> None:
    """The markers a body start of `cd` may take: the plain ones of the body numbers and, when
    a body about a form may take one, those glued to a form number (`_glued_markers`)."""
    wanted = {n for st in cd.starts for _, n, _ in st}
    markers = cd.markers
    if isinstance(dr.marker, regex.Pattern):
        # the shipped marker matches where `_RUN` does, its number the run: `regex` decides
        # only at the runs of a body's number (or written with other digits than 0-9)
        match = dr.marker.match
        as_text = {str(n) for n in wanted}
        for c in _RUN.finditer(text):
            g = c.group()
            if g in as_text or not g.isascii():
                m = match(text, c.start())
                if m is not None and int(m.group("n")) in wanted:
                    markers.setdefault(int(m.group("n")), []).append((m.start("n"), m.end("n")))
    else:  # a user's pattern may match anywhere
        for m in dr.marker.finditer(text):
            markers.setdefault(int(m.group("n")), []).append((m.start("n"), m.end("n")))
    if any(cd.glued_ok):
        cd.glued.update(_glued_markers(text, dr))


def _scan_dump(text: str, dr: DumpRules, cd: _DumpCandidates, first: int | None
               ) -> tuple[list[DumpFoot], dict[int, int]]:
    """The feet of a dump page by page, numbers in sequence from 1 (`first` None) or from
    any number the first foot starts with (`first` 0)."""
    lines, pages, markers = cd.lines, cd.pages, cd.markers
    found: list[DumpFoot] = []
    foot_start: dict[int, int] = {}
    expected = 1
    last_marker = -1
    for p, content in enumerate(pages):
        starts = cd.starts[p]
        if not content or not starts:
            continue
        glued_ok = cd.glued_ok[p]
        # the window where this page's markers may stand: from the previous page on, or the
        # whole text for the last page (converters list every body after the end)
        window = 0 if p == len(pages) - 1 else (
            lines[pages[p - 1][0]].start if p > 0 and pages[p - 1] else lines[content[0]].start)
        best: list[DumpFoot] | None = None
        # the expected number first (a skipped number only when it is not there), the lowest
        # such line on the page first (the foot is at the bottom)
        order = sorted(range(len(starts)), key=lambda si: (starts[si][1], -si))
        for si in order:
            k0, n0, _ = starts[si]
            if not found and first is not None:
                pass  # a later part of the document: its first foot starts anywhere
            elif not expected <= n0 <= expected + (_SKIP if expected > 1 else 0):
                continue
            seq = _foot_sequence(starts[si:], n0)
            feet = _match_markers(seq, markers, max(window, last_marker + 1),
                                  lines[content[k0]].start, content,
                                  cd.glued if glued_ok else None, glued_ok)
            if feet is not None:
                best = feet
                break
        if best is None:
            continue
        found.extend(best)
        expected = best[-1].num + 1
        last_marker = max(f.marker_start for f in best if f.marker_start is not None)
        k0 = content.index(best[0].body_line)
        sep = k0 - 1
        foot_start[p] = content[sep] if sep >= 0 and dr.separator.fullmatch(
            text, lines[content[sep]].start, lines[content[sep]].end) else content[k0]
    return found, foot_start


def _foot_sequence(starts: Sequence[tuple[int, int, bool]],
                   n0: int) -> list[tuple[int, int, bool]]:
    """The body starts of a foot zone from its first one: numbers n0, n0+1, ... in order; a
    line starting with another number is part of the body before it (a wrapped line)."""
    seq = [starts[0]]
    for st in starts[1:]:
        if st[1] == seq[-1][1] + 1:
            seq.append(st)
    return seq


def _glued_markers(text: str, dr: DumpRules) -> dict[int, list[tuple[int, int]]]:
    """Markers that may be glued to the number of a form or appendix (`Mẫu số 515`: form 5,
    note 15): every way to split the number's digits after its first digit(s) or letter into
    a label and a marker, by marker number. Used only for a body whose number has no marker
    of its own (the body on the same page decides the split)."""
    out: dict[int, list[tuple[int, int]]] = {}
    if dr.glued_to_number is None:
        return out
    for m in dr.glued_to_number.finditer(text):
        s, e = m.span("tok")
        for cut in range(s + 1, e):
            if text[cut] != "0" and text[cut:e].isdigit() and e - cut <= 3 and \
                    text[s:cut] != "0":  # `Mẫu số 01` is form 01
                out.setdefault(int(text[cut:e]), []).append((cut, e))
    return out


def _match_markers(seq: Sequence[tuple[int, int, bool]],
                   markers: Mapping[int, list[tuple[int, int]]], lo: int, hi: int,
                   content: Sequence[int],
                   glued: Mapping[int, list[tuple[int, int]]] | None = None,
                   glued_ok: set[int] | None = None) -> list[DumpFoot] | None:
    """Each body's marker, taken from the foot upwards: the last marker of its number before
    the next body's marker (the foot's start `hi` for the last body) and after `lo`, so the
    marker nearest its body wins over a number that only looks like one further up. The first
    body must have one (None otherwise); a later body of the same foot is kept without
    (`đ) 4 (được bãi bỏ)`: the marker is not glued)."""
    out: list[DumpFoot] = []
    top = hi
    for k, n, bare in reversed(seq):
        cand = [ms for ms in markers.get(n, []) if lo <= ms[0] and ms[1] <= top]
        if not cand and glued and glued_ok and k in glued_ok:
            cand = [ms for ms in glued.get(n, []) if lo <= ms[0] and ms[1] <= top]
        if not cand:
            out.append(DumpFoot(n, None, None, content[k], bare))
            continue
        ms, me = cand[-1]
        out.append(DumpFoot(n, ms, me, content[k], bare))
        top = ms
    out.reverse()
    if out[0].marker_start is None:
        return None
    return out


def dump_footnotes(tm: TextMap, rules: Rules) -> tuple[TextMap, int]:
    """A text dump with its footnotes rewritten in the superscript form that
    `detach_footnotes` reads: markers and body numbers as superscript digits, each foot zone a
    paragraph of its own (separator line dropped, blank lines inside it closed, a body whose
    number stands alone joined to its text). Offsets map back to the source as before.
    Returns the text and the number of footnotes found (0: `tm` unchanged)."""
    text = tm.text
    if any(c in text for c in _SUPERSCRIPTS) and _ANY_SUPER_BODY.search(text):
        return tm, 0  # the file has its own footnote form; leave it
    if not _may_hold_a_body(text, dump_rules(rules)):
        return tm, 0
    feet, lines, foot_start = find_dump_footnotes(text, rules)
    if not feet:
        return tm, 0
    # (start, end, new text, origin)
    edits: list[tuple[int, int, str, int | Sequence[int] | None]] = []
    separator = dump_rules(rules).separator
    for f in feet:
        if f.marker_start is not None and f.marker_end is not None:
            digits = text[f.marker_start:f.marker_end].translate(_TO_SUPER)
            gap = f.marker_start
            while gap > 0 and text[gap - 1] in " \t":
                gap -= 1
            if gap < f.marker_start and gap > 0 and text[gap - 1] not in "\n\f":
                # a marker set apart (`4. 3 (được bãi bỏ)`): glued, so it reads as one
                edits.append((gap, f.marker_start, "", []))
            edits.append((f.marker_start, f.marker_end, digits, None))
            if f.marker_end < len(text) and text[f.marker_end].isalpha():
                edits.append((f.marker_end, f.marker_end, " ", tm.source_offset(f.marker_end)))
        ln = lines[f.body_line]
        m = _BODY_NUMBER.match(text, ln.start, ln.end)
        assert m is not None
        edits.append((m.start(1), m.end(1), m.group(1).translate(_TO_SUPER), None))
        if f.bare:
            nxt = next(j for j in range(f.body_line + 1, len(lines)) if not lines[j].blank)
            edits.append((m.end(1), lines[nxt].start, " ", tm.source_offset(m.end(1))))
    for p, first in foot_start.items():
        # the foot zone is a paragraph of its own: a blank line before it, none inside it
        prev: int | None = first - 1  # the last content line above the foot, on its page
        while prev is not None and prev >= 0 and lines[prev].page == p and lines[prev].blank:
            prev -= 1
        if prev is not None and (prev < 0 or lines[prev].page != p):
            prev = None
        body_first = first
        if prev is not None:
            if separator.fullmatch(text, lines[first].start, lines[first].end):
                body_first = next(j for j in range(first + 1, len(lines)) if not lines[j].blank)
            edits.append((lines[prev].end, lines[body_first].start, "\n\n",
                          tm.source_offset(lines[prev].end)))
        j = body_first + 1
        while j < len(lines) and lines[j].page == p:
            if lines[j].blank:
                # close blank lines between bodies and their wrapped lines
                k = j
                while k < len(lines) and lines[k].blank and lines[k].page == p:
                    k += 1
                if k < len(lines) and lines[k].page == p:
                    edits.append((lines[j - 1].end, lines[k].start, "\n",
                                  tm.source_offset(lines[j - 1].end)))
                j = k
                continue
            j += 1
    for bs, be, at in _continuations(text, lines, feet, foot_start, dump_rules(rules)):
        # a body cut by the page break: its rest moves to the end of the body (same origins)
        edits.append((at, at, "\n" + text[bs:be], [tm.source_offset(at), *tm.origin[bs:be]]))
        edits.append((bs, be, "", []))
    return _apply(tm, edits), len(feet)


_MAX_CONTINUATION = 6  # lines a body's rest on the next page may hold


def _continuations(text: str, lines: _DLines, feet: Sequence[DumpFoot],
                   foot_start: Mapping[int, int],
                   dr: DumpRules) -> list[tuple[int, int, int]]:
    """The rest of a page's last body carried over the page break: (start, end) of its lines
    and where the body ends. A body that does not end a sentence goes on in the next page's
    first lines of text after the chrome, where the converter put them above that page's own
    foot (`... trong khám bệnh, chữa` / page break / `... bệnh, đăng ký khám bệnh, ...` / `12
    Từ ...`), or at the top of the next page when the text above the foot ended its sentence;
    never a body start, an outline label or a capitalised line."""
    if dr.sentence_end is None or dr.continuation is None or not feet:
        return []
    se, cont = dr.sentence_end, dr.continuation
    content = {p: c for p, c in enumerate(lines.pages) if c}
    out: list[tuple[int, int, int]] = []
    for p in sorted({lines[f.body_line].page for f in feet}):
        last = content[p][-1]
        if se.search(text, lines[last].start, lines[last].end) or p + 1 not in content:
            continue
        nxt = content[p + 1]
        block: list[int] = []
        if p + 1 in foot_start and foot_start[p + 1] != nxt[0]:
            j = foot_start[p + 1] - 1  # the lines right above the next page's foot
            while j >= 0 and lines[j].page == p + 1 and not lines[j].blank:
                block.insert(0, j)
                j -= 1
            if j < 0 or lines[j].page != p + 1 or not block or block[0] == nxt[0]:
                block = []
        if not block:
            above = [k for k in content[p] if k < foot_start.get(p, last)]
            if above and se.search(text, lines[above[-1]].start, lines[above[-1]].end):
                for k in nxt[:_MAX_CONTINUATION]:  # the next page's top, to a sentence end
                    block.append(k)
                    if se.search(text, lines[k].start, lines[k].end):
                        break
                else:
                    block = []
        if not block or len(block) > _MAX_CONTINUATION or \
                not cont.match(text, lines[block[0]].start, lines[block[0]].end) or \
                dr.body.match(text, lines[block[0]].start, lines[block[0]].end):
            continue
        out.append((lines[block[0]].start, lines[block[-1]].end, lines[last].end))
    return out


def _apply(tm: TextMap, edits: list[tuple[int, int, str, int | Sequence[int] | None]]
           ) -> TextMap:
    """Replace spans of `tm`; a replacement with origin None keeps the span's own origins
    (same length), an int maps all of its characters there, a sequence gives each its own."""
    edits.sort(key=lambda e: (e[0], e[1]))
    b = TextBuilder(tm.page_starts)
    pos = 0
    for s, e, new, origin in edits:
        if s < pos:  # overlaps an earlier edit: keep the earlier one
            continue
        b.add_from(tm, pos, s)
        if origin is None:
            b.add(new, list(tm.origin[s:e]))
        else:
            b.add(new, origin if isinstance(origin, int) else list(origin))
        pos = e
    b.add_from(tm, pos, len(tm.text))
    return b.build()
