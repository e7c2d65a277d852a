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

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

import regex

from .rules import Entry, Rules, Schema, Section, is_user_setting
from .textmap import TextBuilder, TextMap
from .userpatterns import Matcher, compile_entry, compile_pattern

SCHEMAS: Mapping[str, Schema] = {
    "chrome": {
        "lines": Section({"name": (str, True), "kind": (str, True), "pattern": (str, True),
                          "examples": (list, False), "counterexamples": (list, False)},
                         key="name"),
        "blocks": Section({"name": (str, True), "at": (str, True), "start": (str, True),
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
_LINE = regex.compile(r"[^\n\f]*+")
_DIGITS = regex.compile(r"\d++")
_PAGE_GAP = 8  # content lines at least between two page numbers found by counting
_BREAK = regex.compile(r"\f[ \t\n\f]*+")
_SPACES = regex.compile(r"[ \t]++")
_PIPE = regex.compile(r"\|[|\s]*+")  # a header-table cell separator of flattened web text


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


@dataclass(frozen=True)
class ChromeRules:
    patterns: dict[str, list[Matcher]]
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


@lru_cache(maxsize=8)
def compiled(rules: Rules) -> ChromeRules:
    rf = rules["chrome"]
    patterns: dict[str, list[Matcher]] = {k: [] for k in KINDS}
    for e in rf.entries("lines"):
        kind = e["kind"]
        if kind not in KINDS:
            from .errors import RuleError
            raise RuleError(f"{e.where}: unknown kind {kind!r} (expected one of: "
                            f"{', '.join(KINDS)})")
        patterns[kind].append(compile_entry(rules, "chrome", "lines", e, "pattern"))
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
                            frozenset(str(x) for x in e.get("placeholders") or [])))
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


@dataclass
class _Line:
    start: int
    end: int
    text: str  # stripped
    brk: bool = False  # a form feed follows this line
    kind: str | None = None  # chrome kind once decided


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        m = _LINE.match(text, pos)
        assert m is not None
        out.append(_Line(m.start(), m.end(), m.group().strip()))
        pos = m.end()
        if pos < n and text[pos] == "\f":
            out[-1].brk = True
        pos += 1
    return out


def _full(matchers: Sequence[Matcher], s: str) -> bool:
    return any(m.fullmatch(s) for m in matchers)


def _key(s: str) -> str:
    return str(_SPACES.sub(" ", _DIGITS.sub("#", s)))


def find_blocks(lines: list[_Line], cr: ChromeRules) -> dict[str, str]:
    """Mark the lines of page-furniture blocks (kind `block`); the attribute pairs of the
    blocks (label line, then the next value line) as site metadata."""
    content = [ln for ln in lines if ln.text]
    meta: dict[str, str] = {}
    head_end = 0  # index in `content` after the head block
    for b in cr.blocks:
        if b.at != "head":
            continue
        first = next((i for i, ln in enumerate(content[:b.within])
                      if ln.kind is None and b.start.fullmatch(ln.text)), None)
        if first is None:
            continue
        last = first
        if b.through is not None:  # the block runs at least through its last `through` line
            last = max((i for i in range(first, min(len(content), first + b.span))
                        if b.through.fullmatch(content[i].text)), default=-1)
            if last < 0:
                continue
        end = last + 1
        if b.until is not None:  # ... and on to the line before the document's first line
            end = next((i for i in range(last + 1, min(len(content), last + 1 + b.span))
                        if b.until.fullmatch(content[i].text)), -1)
            if end < 0:
                continue
            while end > last + 1 and _PIPE.fullmatch(content[end - 1].text):
                end -= 1  # the header table's cell lines belong to the document
        for ln in content[first:end]:
            ln.kind = "block"
        meta.update(_attributes(content[first:end], b))
        head_end = max(head_end, end)
    for b in cr.blocks:
        if b.at != "tail":
            continue
        first = next((i for i in range(head_end, len(content))
                      if content[i].kind is None and b.start.fullmatch(content[i].text)), None)
        if first is None:
            continue
        while (b.lead is not None and first > head_end
               and b.lead.fullmatch(content[first - 1].text)):
            first -= 1
        for ln in content[first:]:
            ln.kind = "block"
    return meta


def _attributes(block: Sequence[_Line], b: Block) -> dict[str, str]:
    """`Số hiệu:` / `|` / `1509/QĐ-UBND`: label -> value, placeholders (`Đã biết`) left out."""
    out: dict[str, str] = {}
    if b.label is None:
        return out
    for i, ln in enumerate(block):
        m = b.label.fullmatch(ln.text)
        if not m:
            continue
        nxt = next((x for x in block[i + 1:i + 4] if not _PIPE.fullmatch(x.text)), None)
        if nxt is None or b.label.fullmatch(nxt.text) or nxt.text in b.placeholders:
            continue
        out.setdefault(m.group("label").strip(), nxt.text)
    return out


def find_chrome(lines: list[_Line], cr: ChromeRules) -> None:
    """Set `kind` on every chrome line (block lines already marked stay)."""
    content = [ln for ln in lines if ln.text]
    for ln in content:
        if ln.kind is None and _full(cr.patterns["header"], ln.text):
            ln.kind = "header"
    # e-signature stamps: runs of stamp lines
    run: list[_Line] = []
    for cur in [*content, None]:
        if cur is not None and cur.kind is None and _full(cr.patterns["signature"], cur.text):
            run.append(cur)
            continue
        if len(run) >= cr.signature_min_lines:
            for r in run:
                r.kind = "signature"
        run = []
    _repeated(lines, cr)
    # bare page numbers next to a page break, the text's ends, or other chrome
    edges = _edge_flags(lines)
    for i, ln in enumerate(content):
        if ln.kind is not None or not _full(cr.patterns["page"], ln.text):
            continue
        prev = content[i - 1] if i > 0 else None
        nxt = content[i + 1] if i + 1 < len(content) else None
        if (prev is None or nxt is None or edges.get(id(ln), False)
                or (prev.kind in ("header", "signature"))
                or (nxt.kind in ("header", "signature"))):
            ln.kind = "page"
    if not any(ln.brk for ln in lines) and not any(ln.kind == "header" for ln in content):
        _numbered_pages(content, cr)


def _numbered_pages(content: Sequence[_Line], cr: ChromeRules) -> None:
    """Bare numbers that count up by one (`1` ... `2` ... `3`), at least `repeat_min` of them
    and `_PAGE_GAP` lines apart, the runs (a run starts again at 1 or 2: documents joined in
    one file) spanning most of the text: page numbers of a dump whose page breaks were lost
    (pages joined by a newline; only asked when the text has no form feed and no running
    header, else footnote numbers standing alone would count up as well). A table column
    (`1`, `2`, `3` a few lines apart) spans too little of the text to be one."""
    runs: list[list[int]] = []
    cur: list[int] = []
    last = 0
    for k, ln in enumerate(content):
        if ln.kind is not None or not (ln.text.isascii() and ln.text.isdigit()) or len(ln.text) > 4:
            continue
        v = int(ln.text)
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
            content[k].kind = "page"


def _edge_flags(lines: Sequence[_Line]) -> dict[int, bool]:
    """Lines that are the last content line before a form feed or the first after one."""
    flags: dict[int, bool] = {}
    last: _Line | None = None
    after_break = False
    for ln in lines:
        if ln.text:
            if after_break:
                flags[id(ln)] = True
                after_break = False
            last = ln
        if ln.brk:
            if last is not None:
                flags[id(last)] = True
            after_break = True
    return flags


def _repeated(lines: list[_Line], cr: ChromeRules) -> None:
    """Short lines that stand within `edge_lines` of a page break on `repeat_min` pages and on
    `repeat_share` of all pages (a footnote line repeated on a few pages is no header)."""
    pages: list[list[_Line]] = [[]]
    for ln in lines:
        if ln.text:
            pages[-1].append(ln)
        if ln.brk:
            pages.append([])
    pages = [p for p in pages if p]
    if len(pages) < cr.repeat_min:
        return
    seen: Counter[str] = Counter()
    for p in pages:
        k = cr.edge_lines
        keys = {_key(ln.text) for ln in [*p[:k], *p[-k:]]
                if ln.kind is None and len(ln.text) <= cr.repeat_max_chars
                and any(c.isalpha() for c in ln.text)
                and not (cr.not_repeated and cr.not_repeated.match(ln.text))}
        seen.update(keys)
    need = max(cr.repeat_min, cr.repeat_share * len(pages))
    common = {k for k, c in seen.items() if c >= need}
    if not common:
        return
    for p in pages:
        k = cr.edge_lines
        for ln in [*p[:k], *p[-k:]]:
            if ln.kind is None and _key(ln.text) in common:
                ln.kind = "header"


def strip_chrome(tm: TextMap, rules: Rules) -> ChromeLayer:
    """`tm` without its chrome lines; a page break stands where a chrome run held one."""
    cr = compiled(rules)
    text = tm.text
    lines = _lines(text)
    meta = find_blocks(lines, cr)
    find_chrome(lines, cr)
    removed = [(tm.source_offset(ln.start), tm.source_offset(ln.end), ln.kind)
               for ln in lines if ln.kind is not None]
    if not removed:
        return ChromeLayer(tm, [], None, meta)
    b = TextBuilder(tm.page_starts)
    pos = 0  # text position copied up to
    last_end = 0  # end of the last content line kept
    i = 0
    n = len(lines)
    while i < n:
        ln = lines[i]
        if ln.kind is None:
            if ln.text:
                last_end = ln.end
            i += 1
            continue
        # a chrome run: chrome lines, blank lines and form feeds between them
        j = i
        page_break = False
        while j < n and (lines[j].kind is not None or not lines[j].text):
            page_break = page_break or lines[j].kind in ("header", "page") or lines[j].brk
            j += 1
        run_start = max(pos, last_end)
        run_end = lines[j].start if j < n else len(text)
        b.add_from(tm, pos, run_start)
        at_edge = len(b) == 0 or j >= n
        sep = "" if at_edge else "\n\f\n" if page_break else "\n"
        b.add(sep, tm.source_offset(run_start))
        pos = run_end
        i = j
    b.add_from(tm, pos, len(text))
    out = b.build()
    if tm.page_starts:  # the source knows its pages; keep them
        return ChromeLayer(out, removed, None, meta)
    starts = {0, *(out.source_offset(m.end()) for m in _BREAK.finditer(out.text)
                   if m.end() < len(out.text))}
    return ChromeLayer(TextMap(out.text, out.origin, tuple(sorted(starts))), removed,
                       len(starts), meta)
