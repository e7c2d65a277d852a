"""Page chrome of text dumps (rules/chrome.yaml): running headers, page numbers, e-signature
stamps, and lines that repeat next to every page break.

A PDF or Word file saved as text keeps what each page prints around the document: `CÔNG
BÁO/Số 851 + 852/Ngày 30-6-2025`, `45`, `Ký bởi: ... Thời gian ký: ...`. Left in, page numbers
become counts (`45 cán bộ`), header dates become document dates, and footnote bodies at a page
foot cannot be told from the next page's text. Chrome is cut out here, before any stage reads
the text: each chrome run becomes one page break `\\f` (or nothing, for a stamp that is no page
boundary). Cutting, not marking, because every later stage reads plain text; the TextMap keeps
each kept character's source offset, so offsets, pages and lines stay true, and the page map
is rebuilt from the breaks when the source has none.

A web page flattened to text (Trafilatura markdown of a thuvienphapluat.vn page) carries the
portal's furniture as whole blocks instead: a copyright banner and attribute block before the
document, related documents and the site footer after it (`blocks`). They are cut the same
way; the attribute block's label/value pairs are kept as `site_metadata`, which the header
uses only where the document text lacks a field (marked as from the site).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, pairwise
from operator import add
from typing import NamedTuple

import regex

from .rules import Entry, Rules, Schema, Section, is_user_setting
from .textmap import TextBuilder, TextMap
from .userpatterns import Matcher, compile_entry, compile_pattern

SCHEMAS: Mapping[str, Schema] = {
    "chrome": {
        "lines": Section({"name": (str, True), "kind": (str, True), "pattern": (str, True),
                          "holds": (list, False),
                          "examples": (list, False), "counterexamples": (list, False)},
                         key="name"),
        "blocks": Section({"name": (str, True), "at": (str, True), "start": (str, True),
                           "start_holds": (list, False),
                           "through": (str, False), "until": (str, False), "lead": (str, False),
                           "within": (int, False), "span": (int, False),
                           "label": (str, False), "placeholders": (list, False),
                           "examples": (dict, False)},
                          key="name"),
        "settings": Section({"signature_min_lines": (int, False), "repeat_min": (int, False),
                             "repeat_max_chars": (int, False), "edge_lines": (int, False),
                             "repeat_share": (float, False), "not_repeated": (str, False),
                             "not_repeated_examples": (list, False),
                             "not_repeated_counterexamples": (list, False)},
                            mapping=True),
    },
}

KINDS = ("header", "page", "signature")
BLOCK_AT = ("head", "tail")
_SEP = re.compile(r"[\n\f]")
_DIGITS = regex.compile(r"\d++")
_PAGE_GAP = 8  # content lines at least between two page numbers found by counting
_BREAK = regex.compile(r"\f[ \t\n\f]*+")
_SPACES = regex.compile(r"[ \t]++")
_PIPE = regex.compile(r"\|[|\s]*+")  # a header-table cell separator of flattened web text
_NEXT_TO = ("header", "signature")  # chrome a page number may stand next to


@dataclass(frozen=True)
class LinePattern:
    """A chrome line pattern (rules/chrome.yaml `lines`) and the strings one of which every
    line it matches holds (`holds`; empty: any line may match)."""

    pattern: Matcher
    holds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Block:
    """A page-furniture block (rules/chrome.yaml `blocks`)."""

    name: str
    at: str
    start: Matcher
    through: Matcher | None
    until: Matcher | None
    lead: Matcher | None
    within: int
    span: int
    label: Matcher | None
    placeholders: frozenset[str]
    start_holds: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChromeRules:
    patterns: dict[str, list[LinePattern]]
    blocks: tuple[Block, ...]
    signature_min_lines: int
    repeat_min: int
    repeat_share: float
    repeat_max_chars: int
    edge_lines: int
    not_repeated: Matcher | None = None  # a line repeated at page edges that is no header


@dataclass(frozen=True)
class ChromeLayer:
    """The text without chrome; `pages` is the page count when breaks were found (else None)."""

    text: TextMap
    removed: list[tuple[int, int, str]]  # (source start, source end, kind) of each chrome line
    pages: int | None
    site_metadata: dict[str, str] = field(default_factory=dict)  # from a block's attributes


def _holds(e: Entry, key: str) -> tuple[str, ...]:
    """An entry's `holds` strings (NFC, as the normalized text holds them); each must be
    non-empty and hold no line end (it is looked for inside one line)."""
    out = []
    for h in e.get(key) or []:
        if not isinstance(h, str) or not h.strip() or "\n" in h or "\f" in h:
            from .errors import RuleError
            raise RuleError(f"{e.where}: {key} holds {h!r} (expected words of one line)")
        out.append(unicodedata.normalize("NFC", h))
    return tuple(out)


@lru_cache(maxsize=8)
def compiled(rules: Rules) -> ChromeRules:
    rf = rules["chrome"]
    patterns: dict[str, list[LinePattern]] = {k: [] for k in KINDS}
    for e in rf.entries("lines"):
        kind = e["kind"]
        if kind not in KINDS:
            from .errors import RuleError
            raise RuleError(f"{e.where}: unknown kind {kind!r} (expected one of: "
                            f"{', '.join(KINDS)})")
        patterns[kind].append(LinePattern(compile_entry(rules, "chrome", "lines", e, "pattern"),
                                          _holds(e, "holds")))
    blocks: list[Block] = []
    for e in rf.entries("blocks"):
        if e["at"] not in BLOCK_AT:
            from .errors import RuleError
            raise RuleError(f"{e.where}: unknown at {e['at']!r} (expected head or tail)")

        def opt(key: str, e: Entry = e) -> Matcher | None:
            return compile_entry(rules, "chrome", "blocks", e, key) if e.get(key) else None

        blocks.append(Block(str(e["name"]), str(e["at"]),
                            compile_entry(rules, "chrome", "blocks", e, "start"),
                            opt("through"), opt("until"), opt("lead"), int(e.get("within") or 12),
                            int(e.get("span") or 120), opt("label"),
                            frozenset(str(x) for x in e.get("placeholders") or []),
                            _holds(e, "start_holds")))
    return ChromeRules(patterns, tuple(blocks),
                       int(rf.setting("settings", "signature_min_lines", 2)),
                       int(rf.setting("settings", "repeat_min", 3)),
                       float(rf.setting("settings", "repeat_share", 0.4)),
                       int(rf.setting("settings", "repeat_max_chars", 90)),
                       int(rf.setting("settings", "edge_lines", 2)),
                       compile_pattern(str(rf.setting("settings", "not_repeated")),
                                       "chrome.yaml: settings.not_repeated",
                                       is_user_setting(rf, "settings", "not_repeated"))
                       if rf.setting("settings", "not_repeated", None) else None)


class Line(NamedTuple):
    """One line as `Lines` yields it (a copy: set kinds through `Lines.kind`)."""

    start: int
    end: int
    text: str  # stripped
    brk: bool  # a form feed follows this line
    kind: str | None  # chrome kind once decided


class Lines:
    """The lines of a text (split at `\\n` and `\\f`) as parallel lists, built at C speed (a
    Python object per line cost 0.5 s on 200 bench documents): `start`/`end` offsets, `text`
    stripped, `content` the indices of the non-blank lines, `breaks` the indices of the lines
    a form feed follows, and `kind`: line index -> chrome kind, for the lines found so far."""

    def __init__(self, text: str) -> None:
        self.source = text
        raw = _SEP.split(text) if "\f" in text else text.split("\n")
        lens = list(map(len, raw))
        self.start: list[int] = [0, *accumulate(map((1).__add__, lens[:-1]))]
        self.end: list[int] = list(map(add, self.start, lens))
        self.text: list[str] = list(map(str.strip, raw))
        self.content: list[int] = list(compress(range(len(raw)), self.text))
        self.breaks: list[int] = [i for i, e in enumerate(self.end[:-1]) if text[e] == "\f"] \
            if "\f" in text else []
        self.kind: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self.start)

    def __getitem__(self, i: int) -> Line:
        return Line(self.start[i], self.end[i], self.text[i],
                    bool(self.breaks) and self._is_break(i), self.kind.get(i))

    def __iter__(self) -> Iterator[Line]:
        return (self[i] for i in range(len(self)))

    def _is_break(self, i: int) -> bool:
        k = bisect_left(self.breaks, i)
        return k < len(self.breaks) and self.breaks[k] == i

    def holding(self, words: Sequence[str]) -> list[int]:
        """The non-blank lines that hold one of `words` (none spans a line end), in order:
        found by `str.find` (a line a pattern with `holds` matches is one of them)."""
        text, at = self.source, set()
        for w in words:
            k = text.find(w)
            while k >= 0:
                at.add(bisect_right(self.start, k) - 1)
                k = text.find(w, k + 1)
        return sorted(i for i in at if self.text[i])

    def matching(self, lp: LinePattern, after: int = -1) -> Iterator[int]:
        """The unmarked non-blank lines after line `after` that `lp` matches whole, in order."""
        text, kind, full = self.text, self.kind, lp.pattern.fullmatch
        cands = self.holding(lp.holds) if lp.holds else \
            self.content[bisect_right(self.content, after):]
        return (i for i in cands if i > after and i not in kind and full(text[i]))


def _lines(text: str) -> Lines:
    return Lines(text)


def _key(s: str) -> str:
    return str(_SPACES.sub(" ", _DIGITS.sub("#", s)))


def find_blocks(lines: Lines, cr: ChromeRules) -> dict[str, str]:
    """Mark the lines of page-furniture blocks (kind `block`); the attribute pairs of the
    blocks (label line, then the next value line) as site metadata."""
    content, tx, kind = lines.content, lines.text, lines.kind
    meta: dict[str, str] = {}
    head_end = 0  # index in `content` after the head block
    for b in cr.blocks:
        if b.at != "head":
            continue
        first = next((i for i in range(min(b.within, len(content)))
                      if content[i] not in kind and b.start.fullmatch(tx[content[i]])), None)
        if first is None:
            continue
        last = first
        if b.through is not None:  # the block runs at least through its last `through` line
            last = max((i for i in range(first, min(len(content), first + b.span))
                        if b.through.fullmatch(tx[content[i]])), default=-1)
            if last < 0:
                continue
        end = last + 1
        if b.until is not None:  # ... and on to the line before the document's first line
            end = next((i for i in range(last + 1, min(len(content), last + 1 + b.span))
                        if b.until.fullmatch(tx[content[i]])), -1)
            if end < 0:
                continue
            while end > last + 1 and _PIPE.fullmatch(tx[content[end - 1]]):
                end -= 1  # the header table's cell lines belong to the document
        for i in content[first:end]:
            kind[i] = "block"
        meta.update(_attributes([tx[i] for i in content[first:end]], b))
        head_end = max(head_end, end)
    for b in cr.blocks:
        if b.at != "tail":
            continue
        after = content[head_end - 1] if head_end > 0 else -1
        line = next(lines.matching(LinePattern(b.start, b.start_holds), after), None)
        if line is None:
            continue
        first = bisect_left(content, line)
        while (b.lead is not None and first > head_end
               and b.lead.fullmatch(tx[content[first - 1]])):
            first -= 1
        for i in content[first:]:
            kind[i] = "block"
    return meta


def _attributes(block: Sequence[str], b: Block) -> dict[str, str]:
    """`Số hiệu:` / `|` / `1509/QĐ-UBND`: label -> value, placeholders (`Đã biết`) left out."""
    out: dict[str, str] = {}
    if b.label is None:
        return out
    for i, text in enumerate(block):
        m = b.label.fullmatch(text)
        if not m:
            continue
        nxt = next((x for x in block[i + 1:i + 4] if not _PIPE.fullmatch(x)), None)
        if nxt is None or b.label.fullmatch(nxt) or nxt in b.placeholders:
            continue
        out.setdefault(m.group("label").strip(), nxt)
    return out


def find_chrome(lines: Lines, cr: ChromeRules) -> None:
    """Set the kind of every chrome line (block lines already marked stay)."""
    content, kind = lines.content, lines.kind
    for lp in cr.patterns["header"]:
        for i in list(lines.matching(lp)):
            kind[i] = "header"
    # e-signature stamps: runs of stamp lines (next to each other among the non-blank lines)
    stamp = sorted({bisect_left(content, i) for lp in cr.patterns["signature"]
                    for i in lines.matching(lp)})
    run: list[int] = []
    for k in [*stamp, None]:
        if k is not None and (not run or k == run[-1] + 1):
            run.append(k)
            continue
        if len(run) >= cr.signature_min_lines:
            for r in run:
                kind[content[r]] = "signature"
        run = [] if k is None else [k]
    _repeated(lines, cr)
    # bare page numbers next to a page break, the text's ends, or other chrome: only those
    # places are read
    edges = _edge_flags(lines)
    near = {0, len(content) - 1, *edges}
    for i, kd in list(kind.items()):
        if kd in _NEXT_TO:
            k = bisect_left(content, i)
            near.update((k - 1, k + 1))
    for k in sorted(near):
        if not 0 <= k < len(content):
            continue
        i = content[k]
        if i in kind or not any(lp.pattern.fullmatch(lines.text[i])
                                for lp in cr.patterns["page"]):
            continue
        if (k == 0 or k == len(content) - 1 or k in edges
                or kind.get(content[k - 1]) in _NEXT_TO or kind.get(content[k + 1]) in _NEXT_TO):
            kind[i] = "page"
    if not lines.breaks and "header" not in kind.values():
        _numbered_pages(lines, cr)


def _numbered_pages(lines: Lines, cr: ChromeRules) -> None:
    """Bare numbers that count up by one (`1` ... `2` ... `3`), at least `repeat_min` of them
    and `_PAGE_GAP` lines apart, the runs (a run starts again at 1 or 2: documents joined in
    one file) spanning most of the text: page numbers of a dump whose page breaks were lost
    (pages joined by a newline; only asked when the text has no form feed and no running
    header, else footnote numbers standing alone would count up as well). A table column
    (`1`, `2`, `3` a few lines apart) spans too little of the text to be one."""
    content, tx, kind = lines.content, lines.text, lines.kind
    runs: list[list[int]] = []
    cur: list[int] = []
    last = 0
    # the lines of digits only, picked at C speed (most lines are none)
    for k in compress(range(len(content)), map(str.isdigit, map(tx.__getitem__, content))):
        i = content[k]
        s = tx[i]
        if len(s) > 4 or not s.isascii() or i in kind:
            continue
        v = int(s)
        if cur and v == last + 1 and k - cur[-1] >= _PAGE_GAP:
            cur.append(k)
            last = v
        elif v <= 2:
            runs.append(cur)
            cur, last = [k], v
    runs.append(cur)
    kept = []
    for run in runs:
        if len(run) < cr.repeat_min:
            continue
        gaps = sorted(b - a for a, b in pairwise(run))
        if gaps[-1] <= 3 * gaps[len(gaps) // 2]:  # pages about equally long
            kept.append((run, gaps[len(gaps) // 2]))
    covered = sum(run[-1] - run[0] + gap for run, gap in kept)
    if not kept or covered < 0.75 * len(content):
        return
    for run, _ in kept:
        for k in run:
            kind[content[k]] = "page"


def _edge_flags(lines: Lines) -> set[int]:
    """Positions in `lines.content` of the last content line before a form feed and of the
    first after one."""
    content = lines.content
    flags: set[int] = set()
    for b in lines.breaks:
        k = bisect_right(content, b)  # the first content line after the break's line
        if k > 0:
            flags.add(k - 1)
        if k < len(content):
            flags.add(k)
    return flags


def _repeated(lines: Lines, cr: ChromeRules) -> None:
    """Short lines that stand within `edge_lines` of a page break on `repeat_min` pages and on
    `repeat_share` of all pages (a footnote line repeated on a few pages is no header)."""
    if len(lines.breaks) + 1 < cr.repeat_min:  # fewer pages than that
        return
    tx, kind = lines.text, lines.kind
    pages: list[list[int]] = []
    lo = 0
    for b in [*lines.breaks, len(lines) - 1]:
        hi = bisect_right(lines.content, b)
        if hi > lo:
            pages.append(lines.content[lo:hi])
        lo = hi
    if len(pages) < cr.repeat_min:
        return
    seen: Counter[str] = Counter()
    k = cr.edge_lines
    for p in pages:
        keys = {_key(tx[i]) for i in [*p[:k], *p[-k:]]
                if i not in kind and len(tx[i]) <= cr.repeat_max_chars
                and any(c.isalpha() for c in tx[i])
                and not (cr.not_repeated and cr.not_repeated.match(tx[i]))}
        seen.update(keys)
    need = max(cr.repeat_min, cr.repeat_share * len(pages))
    common = {c for c, n in seen.items() if n >= need}
    if not common:
        return
    for p in pages:
        for i in [*p[:k], *p[-k:]]:
            if i not in kind and _key(tx[i]) in common:
                kind[i] = "header"


def strip_chrome(tm: TextMap, rules: Rules) -> ChromeLayer:
    """`tm` without its chrome lines; a page break stands where a chrome run held one."""
    cr = compiled(rules)
    text = tm.text
    lines = Lines(text)
    meta = find_blocks(lines, cr)
    find_chrome(lines, cr)
    kind, starts, ends, tx, content = lines.kind, lines.start, lines.end, lines.text, lines.content
    marked = sorted(kind)
    removed = [(tm.source_offset(starts[i]), tm.source_offset(ends[i]), kind[i]) for i in marked]
    if not removed:
        return ChromeLayer(tm, [], None, meta)
    breaks = set(lines.breaks)
    b = TextBuilder(tm.page_starts)
    pos = 0  # text position copied up to
    n = len(lines)
    done = 0  # lines before this one are copied or cut
    for i in marked:
        if i < done:
            continue
        # a chrome run: chrome lines, blank lines and form feeds between them; the last
        # non-blank line before it is kept text (a chrome line there would have started it)
        k = bisect_left(content, i)
        last_end = ends[content[k - 1]] if k > 0 else 0  # end of the last content line kept
        j = i
        page_break = False
        while j < n and (j in kind or not tx[j]):
            page_break = page_break or kind.get(j) in ("header", "page") or j in breaks
            j += 1
        run_start = max(pos, last_end)
        run_end = starts[j] if j < n else len(text)
        b.add_from(tm, pos, run_start)
        at_edge = len(b) == 0 or j >= n
        sep = "" if at_edge else "\n\f\n" if page_break else "\n"
        b.add(sep, tm.source_offset(run_start))
        pos = run_end
        done = j
    b.add_from(tm, pos, len(text))
    out = b.build()
    if tm.page_starts:  # the source knows its pages; keep them
        return ChromeLayer(out, removed, None, meta)
    pages = {0, *(out.source_offset(m.end()) for m in _BREAK.finditer(out.text)
                  if m.end() < len(out.text))}
    return ChromeLayer(TextMap(out.text, out.origin, tuple(sorted(pages))), removed,
                       len(pages), meta)
