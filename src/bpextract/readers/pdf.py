"""PDF reader: text in reading order with a page map and footnotes from geometry.

Why our own layout instead of an engine's `extract_text()`: we need, in one pass over the
characters, (1) superscript footnote markers (smaller size, raised baseline), (2) footnote bodies
at the page bottom (smaller font under a short rule, continued across pages), (3) running page
headers and page numbers removed, (4) two-column header/signature blocks read column by column,
(5) ruled tables kept as `cell | cell` rows, and (6) paragraphs rebuilt from indentation and
line ends. The characters come from an engine (pdf_pdfium.py by default, pdf_plumber.py on
request) as `Char` records, so the layout is the same whichever engine read them. The output
follows the text conventions (see readers/__init__.py), so every later stage treats a PDF
exactly like a text file.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import Any, Literal

import regex

from .. import legacy
from ..errors import InputError
from . import NativeFootnote, PdfTable, Source, doc_id_of
from .pdf_chars import Box, Char, Engine, RawPage, RawTable, damaged

PdfEngine = Literal["pdfium", "pdfplumber"]
ENGINES: tuple[PdfEngine, ...] = ("pdfium", "pdfplumber")
DEFAULT_ENGINE: PdfEngine = "pdfium"  # fixed here, never read from the environment

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PAGE_BREAK = "\n\n\f\n\n"

# A line that starts a new paragraph whatever its geometry: outline labels and list marks.
_PARA_START = regex.compile(
    r"(?:Điều|Chương|Mục|Phần|Phụ lục|PHỤ LỤC|CHƯƠNG|MỤC|PHẦN)\s++[\dIVXLCivxlc]"
    r"|[IVXLC]++\.\s|\d++(?:\.\d++)*+[.)]\s|[a-zđ][.)]\s|[-+*•–]\s"
)
# A running header/footer that is only a page number: `3`, `- 3 -`, `Trang 3`, `3/60`.
_PAGE_NUMBER = regex.compile(r"(?i)[-–—\s]*+(?:trang\s*+)?\d{1,4}+(?:\s*+/\s*+\d{1,4}+)?[-–—\s]*+")


_TOP_X = itemgetter(3, 1)  # Char: top, x0
_X0 = itemgetter(0)  # a line's char tuple: x0
_BOTTOM = itemgetter(3)  # a line's char tuple: bottom
_SIZE = itemgetter(4)  # a line's char tuple: size
_TOP = attrgetter("top")


@dataclass
class _Line:
    """One visual line: chars sorted by x as (x0, x1, top, bottom, size, text, bold)."""

    chars: list[tuple[float, float, float, float, float, str, bool]]
    top: float
    bottom: float
    size: float = 0.0  # dominant font size
    x0: float = 0.0
    x1: float = 0.0
    bold: bool = False
    text: str = ""
    segments: list[tuple[float, float, str]] = field(default_factory=list)
    marker: str | None = None  # leading small raised number (footnote body start)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    hrules: list[tuple[float, float, float]]  # (x0, x1, y): rules that may sit over footnotes
    tables: list[_Table]
    images: int = 0


@dataclass
class _Note:
    id: str
    page: int
    parts: list[str]


# ---------------------------------------------------------------- reading the file


def open_engine(data: bytes, path: str, engine: PdfEngine) -> Engine:
    """The PDF opened by `engine`; InputError (with what to do) when it cannot be."""
    if b"%PDF" not in data[:1024]:
        raise InputError(f"{path}: not a PDF file (no %PDF signature); check the file type")
    if engine == "pdfplumber":
        from .pdf_plumber import PlumberEngine

        return PlumberEngine(data, path)
    if engine == "pdfium":
        from .pdf_pdfium import PdfiumEngine

        return PdfiumEngine(data, path)
    raise ValueError(f"unknown PDF engine {engine!r} (known: {', '.join(ENGINES)})")


def _extract(doc: Engine, index: int) -> RawPage:
    """One page from the engine (a seam for tests: a damaged page raises here)."""
    return doc.page(index)


# ---------------------------------------------------------------- lines from chars


def _lines_of(chars: Sequence[Char]) -> list[_Line]:
    """Cluster chars into visual lines by vertical overlap (superscripts stay in their line)."""
    rows = sorted([c for c in chars if c[8]], key=_TOP_X)  # upright, by (top, x0)
    lines: list[_Line] = []
    cur: list[tuple[float, float, float, float, float, str, bool]] = []
    ltop = lbot = lsize = 0.0
    overlays: list[tuple[float, float, float, float, float, str, bool]] = []
    for text, x0, x1, top, bot, size, _font, bold, _upright, _up, overlay in rows:
        if overlay:
            overlays.append((x0, x1, top, bot, size, "\x00" + text, bold))
            continue
        if cur:
            ov = (bot if bot < lbot else lbot) - (top if top > ltop else ltop)
            if ov > 0 and abs(bot - lbot) <= 0.3 * (size if size > lsize else lsize):
                cur.append((x0, x1, top, bot, size, text, bold))  # same baseline
                continue
            if size < 0.85 * lsize and ltop < bot < lbot - 0.1 * lsize:
                cur.append((x0, x1, top, bot, size, text, bold))  # superscript
                continue
            if (ov > 0 and size > 1.15 * lsize
                    and (len(cur) <= 3 or (lsize < 0.85 * size and lbot < bot - 0.1 * size))
                    and all(c[5].isdigit() or c[5].isspace() for c in cur)):
                # the line began with a marker; or the line so far is only small digits set
                # above this char's baseline (the superscript test, seen from the bigger char):
                # exponents whose tops sort before their line (`m²` three times on one line)
                cur.append((x0, x1, top, bot, size, text, bold))
                ltop, lbot, lsize = top, bot, size
                continue
            lines.append(_Line(cur, ltop, lbot))
        cur = [(x0, x1, top, bot, size, text, bold)]
        ltop, lbot, lsize = top, bot, size
    if cur:
        lines.append(_Line(cur, ltop, lbot))
    lines = _side_by_side(lines)
    for ch in overlays:  # stamped text counts only where it fills a blank of a text line
        ctop, cbot = ch[2], ch[3]
        need = 0.5 * (cbot - ctop)
        for ln in lines:
            ov = (cbot if cbot < ln.bottom else ln.bottom) - (ctop if ctop > ln.top else ln.top)
            if ov > need and _over_blank(ln, ch[0], ch[1]):
                ln.chars.append(ch)
                break
    lines.sort(key=lambda ln: ln.top)
    for ln in lines:
        _finish_line(ln)
    return [ln for ln in lines if ln.text]




def _side_by_side(lines: list[_Line]) -> list[_Line]:
    """Merge lines that share a height band but not an x range (columns a few points apart)."""
    lines.sort(key=_TOP)
    out: list[_Line] = []
    for ln in lines:
        prev = out[-1] if out else None
        if prev is not None:
            ov = min(ln.bottom, prev.bottom) - max(ln.top, prev.top)
            if ov > 0.4 * min(ln.bottom - ln.top, prev.bottom - prev.top):
                px0, px1 = min(c[0] for c in prev.chars), max(c[1] for c in prev.chars)
                x0, x1 = min(c[0] for c in ln.chars), max(c[1] for c in ln.chars)
                if x0 >= px1 - 1 or x1 <= px0 + 1:
                    prev.chars.extend(ln.chars)
                    continue
        out.append(ln)
    return out


def _over_blank(ln: _Line, x0: float, x1: float) -> bool:
    """Does [x0, x1] lie over space characters (a fill-in blank) of the line?"""
    return any(c[5].isspace() and c[0] < x1 and c[1] > x0 for c in ln.chars)


def _finish_line(ln: _Line) -> None:
    """Words, superscript markers and big-gap segments of one line."""
    chars = sorted(ln.chars, key=_X0)
    ln.chars = chars
    kinds = set(map(_SIZE, chars))
    if len(kinds) == 1:  # most lines: one size, no counting needed
        if all(c[5].isspace() for c in chars):
            return
        s = kinds.pop()
        size = round(s, 1)
        base = max(map(_BOTTOM, chars)) if abs(s - size) < 0.6 else ln.bottom
    else:
        raw: dict[float, int] = {}  # glyphs per size, then per size to 0.1 (few sizes)
        low: dict[float, float] = {}  # per size, the lowest bottom of its chars (spaces too)
        for c in chars:
            cs, cb = c[4], c[3]
            if not c[5].isspace():
                raw[cs] = raw.get(cs, 0) + 1
            if cb > low.get(cs, -math.inf):
                low[cs] = cb
        if not raw:
            return
        sizes: dict[float, int] = {}
        for s, k in raw.items():
            r = round(s, 1)
            sizes[r] = sizes.get(r, 0) + k
        size = max(sizes.items(), key=itemgetter(1))[0]  # the first of the most frequent
        base = max((b for s, b in low.items() if abs(s - size) < 0.6), default=ln.bottom)
    ln.size = size
    # words: (x0, x1, text, space_before_gap); the word being read in wx0, wx1, wt, wgap
    words: list[tuple[float, float, str, float]] = []
    wx0 = wx1 = wgap = 0.0
    wt: str | None = None
    prev_x1 = prev_x0 = -1e9
    prev_t = ""
    bold = nonspace = 0
    blank = False  # space chars seen since the last glyph (a fill-in blank)
    overlay_end = False
    small, raised = 0.8 * size, base - 0.15 * size  # a superscript: smaller and raised
    wide, narrow = 0.17 * size, 0.08 * size  # a word gap; after a blank
    for x0, x1, _top, bot, csize, t, b in chars:
        if t.isspace():
            blank = True
            continue
        overlay = t.startswith("\x00")
        if overlay:
            t = t[1:]
        if t == prev_t and abs(x0 - prev_x0) < 1.0:  # fake bold: the same glyph drawn twice
            continue
        sup = csize < small and bot < raised and t.isdigit()
        gap = x0 - prev_x1
        glyph = t.translate(SUPERSCRIPT) if sup else t
        if wt is None:
            wx0, wx1, wt = x0, x1, glyph
        elif overlay_end or (not overlay and (sup or not (
                gap > wide or (blank and gap > narrow)))):
            # the stamped value fills the blank (`Số: 63` + `/2025/...`); glued glyphs
            if x1 > wx1:
                wx1 = x1
            wt += glyph
        else:
            words.append((wx0, wx1, wt, wgap))
            wx0, wx1, wt, wgap = x0, x1, glyph, gap
        overlay_end = overlay
        blank = False
        prev_x1, prev_x0, prev_t = (x1 if not overlay or x1 > prev_x1 else prev_x1), x0, t
        nonspace += 1
        bold += b
    segs: list[tuple[float, float, str]] = []
    if wt is not None:
        words.append((wx0, wx1, wt, wgap))
        gaps = sorted(w[3] for w in words[1:])
        median = gaps[len(gaps) // 2] if gaps else 0.0
        cut = min(max(2.2 * size, 24.0), max(0.75 * size, 3.0 * median))
        cur = [words[0]]
        for w in words[1:]:
            if w[3] > cut:
                segs.append((cur[0][0], cur[-1][1], " ".join(x[2] for x in cur)))
                cur = []
            cur.append(w)
        segs.append((cur[0][0], cur[-1][1], " ".join(x[2] for x in cur)))
    ln.segments = [s for s in segs if s[2]]
    if not ln.segments:
        return
    ln.x0 = ln.segments[0][0]
    ln.x1 = ln.segments[-1][1]
    ln.bold = bold * 2 > nonspace
    ln.text = " ".join(s[2] for s in ln.segments)
    # a footnote body starts with a number smaller than the rest of the line
    lead = []
    for c in chars:
        if c[5].isspace():
            continue
        if c[5].isdigit() and c[4] < 0.85 * size:
            lead.append(c[5])
        else:
            break
    if lead:
        ln.marker = "".join(lead)


# ---------------------------------------------------------------- page structure

Turn = Callable[[Box], Box]


def _turn(chars: Sequence[Char], width: float, height: float) -> Turn | None:
    """A page whose text is mostly rotated (a landscape table on a portrait page) is read in
    the rotated frame: returns the mapping of a box into that frame, or None."""
    turned = [c for c in chars if not c.upright]
    if len(turned) * 2 <= len(chars):
        return None
    up = sum(1 for c in turned if c.up) * 2 > len(turned)  # reads bottom-to-top

    def turn(b: Box) -> Box:
        x0, top, x1, bottom = b
        if up:
            return (height - bottom, x0, height - top, x1)
        return (top, width - x1, bottom, width - x0)

    return turn


def _turn_char(c: Char, turn: Turn) -> Char:
    x0, top, x1, bottom = turn((c.x0, c.top, c.x1, c.bottom))
    return c._replace(x0=x0, x1=x1, top=top, bottom=bottom, upright=True)


def _turn_obj(o: dict[str, Any], turn: Turn) -> dict[str, Any]:
    d = dict(o)
    d["x0"], d["top"], d["x1"], d["bottom"] = turn((o["x0"], o["top"], o["x1"], o["bottom"]))
    return d


def _rules_of(raw: RawPage, turn: Turn | None = None) -> list[tuple[float, float, float]]:
    """Horizontal rules (lines, thin filled rects, borders of stroked rects) as (x0, x1, y)."""
    from .pdf_chars import invisible

    hr: list[tuple[float, float, float]] = []
    lines, rects = raw.lines, raw.rects
    if turn is not None:
        lines, rects = [_turn_obj(x, turn) for x in lines], [_turn_obj(x, turn) for x in rects]
    for ln in lines:
        if abs(ln["top"] - ln["bottom"]) < 2.5 and ln["x1"] - ln["x0"] > 5:
            hr.append((ln["x0"], ln["x1"], (ln["top"] + ln["bottom"]) / 2))
    for r in rects:
        if invisible(r):
            continue
        w, h = r["x1"] - r["x0"], r["bottom"] - r["top"]
        if h < 2.5 and w > 5:
            hr.append((r["x0"], r["x1"], (r["top"] + r["bottom"]) / 2))
        elif r.get("stroke") and not r.get("fill") and w > 5 and h > 4:
            hr += [(r["x0"], r["x1"], r["top"]), (r["x0"], r["x1"], r["bottom"])]
    return hr


@dataclass
class _Table:
    top: float
    bottom: float
    x0: float
    x1: float
    cells: list[Box]  # every cell once (a merged cell once), in the reading frame


def _tables_of(raw: Sequence[RawTable], turn: Turn | None) -> list[_Table]:
    """The engine's ruled tables in the reading frame; one-column frames and bands dropped."""
    out: list[_Table] = []
    for t in raw:
        cells = [_box(c, turn) for c in t.cells]
        cells = sorted(set(cells), key=lambda b: (round(b[1]), b[0]))
        tops = Counter(round(b[1]) for b in cells)
        if not cells or max(tops.values()) < 2:  # one column: a frame or a shaded band
            continue
        x0, top, x1, bottom = _box(t.bbox, turn)
        out.append(_Table(top, bottom, x0, x1, cells))
    return out


def _box(b: Box, turn: Turn | None) -> Box:
    return b if turn is None else turn(b)


def _table_rows(tb: _Table, lines: list[_Line]) -> list[str]:
    """Each table row one line, cells joined with ` | ` (lines inside a cell joined by space)."""
    return [" | ".join(t for t, _ in row) for row in _table_cells(tb, lines)]


def _table_cells(tb: _Table, lines: list[_Line]) -> list[list[tuple[str, Box]]]:
    """The rows of the table as (cell text, cell box), rows without any text left out."""
    text: dict[Box, list[str]] = {c: [] for c in tb.cells}
    for ln in lines:
        mid = (ln.top + ln.bottom) / 2
        row = [c for c in tb.cells if c[1] - 1 <= mid <= c[3] + 1]
        if not row:
            continue
        prev: Box | None = None
        prev_x1 = -1e9
        size = ln.size or 10.0
        base = max((c[3] for c in ln.chars if abs(c[4] - size) < 0.6), default=ln.bottom)
        for x0, x1, _t, bot, csize, t, _bold in ln.chars:
            if t.isspace():
                continue
            t = t.lstrip("\x00")
            xm = (x0 + x1) / 2
            cell = next((c for c in row if c[0] - 1 <= xm <= c[2] + 1), None)
            if cell is None:
                continue
            buf = text[cell]
            sup = csize < 0.8 * size and bot < base - 0.15 * size and t.isdigit()
            if sup:
                t = t.translate(SUPERSCRIPT)
            elif buf and (cell != prev or x0 - prev_x1 > 0.17 * size):
                buf.append(" ")
            buf.append(t)
            prev, prev_x1 = cell, x1
    out: list[list[tuple[str, Box]]] = []
    cur_top: int | None = None
    cur: list[tuple[str, Box]] = []
    for c in tb.cells:  # sorted by top, then x
        if cur_top is not None and round(c[1]) != cur_top:
            if any(t for t, _ in cur):
                out.append(cur)
            cur = []
        cur_top = round(c[1])
        cur.append(("".join(text[c]).strip(), c))
    if any(t for t, _ in cur):
        out.append(cur)
    return out


# ---------------------------------------------------------------- document-level geometry


@dataclass
class _Geometry:
    size: float
    left: float
    right: float

    @property
    def width(self) -> float:
        return max(self.right - self.left, 1.0)


def _geometry(pages: Sequence[_Page]) -> _Geometry:
    sizes: Counter[float] = Counter()
    lefts: Counter[int] = Counter()
    rights: Counter[int] = Counter()
    for p in pages:
        for ln in p.lines:
            sizes[ln.size] += len(ln.chars)
            lefts[round(ln.x0)] += 1
            rights[round(ln.x1)] += 1
    size = sizes.most_common(1)[0][0] if sizes else 12.0
    left = min((x for x, n in lefts.most_common(3)), default=0)
    right = max((x for x, n in rights.most_common(3)), default=600)
    return _Geometry(size, float(left), float(right))


def _running_keys(pages: Sequence[_Page]) -> set[str]:
    """Text of the top/bottom margin lines that repeats (digits aside) on several pages."""
    seen: Counter[str] = Counter()
    for p in pages:
        keys = {_key(ln) for ln in _margin_lines(p)}
        seen.update(keys)
    need = 2 if len(pages) <= 4 else max(2, len(pages) // 4)
    return {k for k, n in seen.items() if n >= need and k}


def _key(ln: _Line) -> str:
    """Letters only: page numbers (plain or raised) and punctuation vary from page to page."""
    return "".join(ch for ch in ln.text if ch.isalpha())


def _margin_lines(p: _Page) -> list[_Line]:
    out = [ln for ln in p.lines[:3] if ln.bottom < 0.11 * p.height]
    out += [ln for ln in p.lines[-3:] if ln.top > 0.91 * p.height and ln not in out]
    return out


def _strip_running(p: _Page, keys: set[str]) -> None:
    drop = set()
    for ln in _margin_lines(p):
        if _key(ln) in keys or _PAGE_NUMBER.fullmatch(ln.text):
            drop.add(id(ln))
    p.lines = [ln for ln in p.lines if id(ln) not in drop]


def _footnote_start(p: _Page, geo: _Geometry, tables: list[_Table], continued: bool) -> int:
    """Index of the first footnote-zone line at the bottom of the page (len(lines) if none).

    The zone is a run of smaller-font lines at the bottom that starts with a marker, or sits
    under a rule and continues a footnote of an earlier page (`continued`).
    """
    lines = p.lines
    end = len(lines)
    if end >= 2 and lines[-1].size > geo.size - 0.75 and lines[-1].top > 0.85 * p.height \
            and lines[-1].top - lines[-2].bottom > 2 * lines[-1].size:
        end -= 1  # a trailer under the footnotes (`(Xem tiếp Công báo số ...)`)
    i = end
    while i > 0:
        ln = lines[i - 1]
        if not 0.55 * geo.size <= ln.size <= geo.size - 0.75 or _in_table(ln, tables):
            break
        i -= 1
    if end < len(lines) and i == end:
        return len(lines)
    # the zone must start with a marker or sit under a horizontal rule
    for j in range(i, end):
        ln = lines[j]
        above = lines[j - 1].bottom if j > 0 else 0.0
        ruled = any(above - 2 <= y <= ln.top + 1 and x1 - x0 < 0.95 * p.width
                    for x0, x1, y in p.hrules)
        if (ruled and continued) or ln.marker:
            if end < len(lines):  # keep the trailer in the main text, before the footnotes
                p.lines = lines[:j] + lines[end:] + lines[j:end]
            return j + len(lines) - end
    return len(lines)


def _in_table(ln: _Line, tables: list[_Table]) -> bool:
    mid = (ln.top + ln.bottom) / 2
    return any(t.top - 1 <= mid <= t.bottom + 1 and ln.x0 >= t.x0 - 3 and ln.x1 <= t.x1 + 3
               for t in tables)


# ---------------------------------------------------------------- paragraphs


def _is_centered(ln: _Line, geo: _Geometry) -> bool:
    lgap, rgap = ln.x0 - geo.left, geo.right - ln.x1
    if lgap > 12 and rgap > 12:
        return abs(lgap - rgap) < 0.12 * geo.width
    return lgap > 2 and rgap > 2 and abs(lgap - rgap) < 3  # a wide centred line: symmetric


def _caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _breaks(prev: _Line, ln: _Line, geo: _Geometry) -> bool:
    """Does `ln` start a new paragraph after `prev`?

    A flush-left line after a line that fills the measure continues the paragraph even when it
    starts like a heading (`... quy định tại` / `Điều 1 chịu trách nhiệm ...`).
    """
    head = _PARA_START.match(ln.text) is not None
    if abs(prev.size - ln.size) > 1.2:
        return True
    gap = ln.top - prev.bottom
    if gap > 1.1 * max(ln.size, 1.0) or gap < -2:
        return True
    if _is_centered(prev, geo) and _is_centered(ln, geo):
        short_type = _caps(prev.text) and len(prev.text.split()) <= 2
        return (head or prev.bold != ln.bold or _caps(prev.text) != _caps(ln.text)
                or short_type)
    if ln.x0 > geo.left + 6:
        return True
    if prev.x1 < geo.right - 0.1 * geo.width:
        return True
    return head and prev.text.rstrip().endswith((".", ":", ";"))


_CELL_GAP = "   "  # two cells of one row: the header's cell separator (3 spaces), not a table's `|`


def _column_block(lines: list[_Line], i: int, geo: _Geometry) -> tuple[int, list[str]] | None:
    """Two-column block (issuer | motto, number | place-date, Nơi nhận | signer) from line i.

    Returns (end index, lines) or None. When every line of the block holds both columns on
    one baseline (issuer | motto, number | place-date: a grid of rows, what a header table is),
    the block is read across, a row per line, the two cells apart by `_CELL_GAP` (how the page
    reads, how a transcript or a text dump writes it, and where the header finds its cells);
    when a column runs on alone (a recipient list beside a shorter signer block, their
    baselines apart) it is read column by column, left first, so neither flow is cut by the
    other.
    """
    ln = lines[i]
    if len(ln.segments) != 2:
        return None
    left: list[tuple[float, float, str]] = [ln.segments[0]]
    right: list[tuple[float, float, str]] = [ln.segments[1]]
    rows = True  # every line so far holds both columns
    j = i + 1
    last_bottom = ln.bottom
    while j < len(lines):
        nx = lines[j]
        if nx.top - last_bottom > 3.5 * max(nx.size, 1.0):
            break
        segs = nx.segments
        lmax = max(s[1] for s in left)
        rmin = min(s[0] for s in right)
        if len(segs) == 2 and segs[0][1] < rmin - 4 and segs[1][0] > lmax + 4:
            left.append(segs[0])
            right.append(segs[1])
        elif len(segs) == 1 and segs[0][1] < rmin - 4 and _fits(segs[0], left, geo):
            left.append(segs[0])
            rows = False
        elif len(segs) == 1 and segs[0][0] > lmax + 4 and _fits(segs[0], right, geo):
            right.append(segs[0])
            rows = False
        else:
            break
        last_bottom = nx.bottom
        j += 1
    if rows:
        return j, [f"{a[2]}{_CELL_GAP}{b[2]}" for a, b in zip(left, right, strict=True)]
    return j, [s[2] for s in left] + [s[2] for s in right]


def _fits(seg: tuple[float, float, str], col: list[tuple[float, float, str]],
          geo: _Geometry) -> bool:
    """Same left edge (a list) or same centre (a centred block) as the column so far.

    A line centred on the page (the type line `QUYẾT ĐỊNH`) is not part of a column.
    """
    x0 = min(s[0] for s in col)
    center = sum((s[0] + s[1]) / 2 for s in col) / len(col)
    mid = (seg[0] + seg[1]) / 2
    page_mid = (geo.left + geo.right) / 2
    if abs(mid - page_mid) < 12 and abs(center - page_mid) > 20:
        return False
    return abs(seg[0] - x0) < 10 or abs(mid - center) < 30


def _page_blocks(p: _Page, body: list[_Line], geo: _Geometry, tables: list[_Table],
                 found: list[tuple[int, _Table, list[list[tuple[str, Box]]]]] | None = None,
                 ) -> list[str]:
    """Paragraph blocks of the main text of one page, in reading order; each ruled table
    written goes to `found` as (block index, table, rows of (cell text, cell box))."""
    blocks: list[str] = []
    para: list[str] = []
    prev: _Line | None = None

    def flush() -> None:
        if para:
            blocks.append(" ".join(para))
            para.clear()

    i = 0
    while i < len(body):
        ln = body[i]
        tb = next((t for t in tables if _in_table(ln, [t])), None)
        if tb is not None:
            flush()
            j = i
            while j < len(body) and _in_table(body[j], [tb]):
                j += 1
            cells = _table_cells(tb, body[i:j])
            if cells:
                if found is not None:
                    found.append((len(blocks), tb, cells))
                blocks.append("\n".join(" | ".join(t for t, _ in row) for row in cells))
            i, prev = j, None
            continue
        col = _column_block(body, i, geo)
        if col is not None and col[0] - i >= 1:
            flush()
            blocks.append("\n".join(col[1]))
            i, prev = col[0], None
            continue
        if prev is not None and _breaks(prev, ln, geo):
            flush()
        para.append(ln.text)
        prev = ln
        i += 1
    flush()
    return blocks


# ---------------------------------------------------------------- entry


def read_pdf(data: bytes, path: str, engine: PdfEngine | None = None) -> Source:
    """PDF bytes -> Source (text with `\\f` page breaks, page map, native footnotes).

    `engine` picks the character source: "pdfium" (fast, the default) or "pdfplumber".
    """
    doc = open_engine(data, path, engine or DEFAULT_ENGINE)
    fonts = legacy.PdfFonts()  # glyphs in legacy fonts (.VnTime, VNI-Times) to Unicode
    pages: list[_Page] = []
    failed: list[tuple[int, Exception]] = []
    try:
        npages = len(doc)
        if npages == 0:
            raise InputError(f"{path}: the PDF has no pages")
        for i in range(npages):
            try:
                raw = _extract(doc, i)
                chars: Sequence[Char] = fonts.convert(raw.chars)
                turn = _turn(chars, raw.width, raw.height)
                if turn is not None:
                    chars = [_turn_char(c, turn) for c in chars if not c.upright]
                lines = _lines_of(chars)
                page = _Page(i + 1, raw.width, raw.height, lines, _rules_of(raw, turn),
                             _tables_of(raw.tables, turn), raw.images)
            except Exception as exc:  # a damaged page: the others are still read
                failed.append((i + 1, exc))
                page = _Page(i + 1, pages[-1].width if pages else 595.0,
                             pages[-1].height if pages else 842.0, [], [], [], 0)
            pages.append(page)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(damaged(data, path, exc)) from exc
    finally:
        doc.close()
    if failed and len(failed) == len(pages):
        raise InputError(damaged(data, path, failed[0][1]))
    if not any(p.lines for p in pages):
        raise InputError(
            f"{path}: no text layer: this is a scanned image PDF ({len(pages)} page(s)); "
            "run OCR first (e.g. `ocrmypdf --language vie in.pdf out.pdf`) and read the OCR'd copy")
    notes = [f"page(s) {', '.join(str(n) for n, _ in failed)} could not be read "
             f"({type(failed[0][1]).__name__}): the PDF is damaged there and their text is "
             "missing; repair or re-export the file"] if failed else []
    return _assemble(pages, data, path, notes + fonts.warnings())


def _assemble(pages: list[_Page], data: bytes, path: str, warn: list[str]) -> Source:
    keys = _running_keys(pages)
    for p in pages:
        _strip_running(p, keys)
    geo = _geometry(pages)
    blind = [str(p.number) for p in pages if p.images and not p.lines]
    out: list[str] = []
    pos = 0
    page_starts: list[int] = []
    notes: list[_Note] = []
    markers: dict[str, list[tuple[int, int]]] = {}  # id -> [(offset, page)]
    warnings: list[str] = list(warn)
    laid: list[tuple[_Page, list[str], list[_Note], list[Any]]] = []
    for p in pages:
        tables = p.tables
        fz = _footnote_start(p, geo, tables, bool(notes))
        page_notes = _notes_of(p.lines[fz:], p.number, notes)
        found: list[tuple[int, _Table, list[list[tuple[str, Box]]]]] = []
        laid.append((p, _page_blocks(p, p.lines[:fz], geo, tables, found), page_notes, found))
    note_ids = {n.id for n in notes}
    ruled: list[PdfTable] = []
    for p, blocks, page_notes, found in laid:
        if out:
            out.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        page_starts.append(pos)
        # raised digits are rewritten one char for one, so offsets into the blocks hold
        body = _SUP_RUN.sub(lambda m: _mark_or_digits(m, note_ids), "\n\n".join(blocks))
        ruled += _placed(found, blocks, body, pos, p.number)
        notes_text = [f"{n.id.translate(SUPERSCRIPT)} {' '.join(n.parts)}" for n in page_notes]
        text = "\n\n".join([body, *notes_text] if body else notes_text)
        for m in _SUP_RUN.finditer(text):
            before = text[m.start() - 1] if m.start() > 0 else "\n"
            if before == "m" and m.group() in ("²", "³"):
                continue  # m², km³: a unit power, not a footnote mark
            if before != "\n":
                fid = m.group().translate(_UNSUP)
                markers.setdefault(fid, []).append((pos + m.start(), p.number))
        out.append(text)
        pos += len(text)
    full = "".join(out)
    native = []
    used: Counter[str] = Counter()
    for n in notes:
        cand = markers.get(n.id, [])
        k = used[n.id]
        used[n.id] += 1
        off = cand[k][0] if k < len(cand) else None
        if off is None:
            warnings.append(f"footnote {n.id} (page {n.page}): no marker found in the text")
        native.append(NativeFootnote(id=n.id, text=" ".join(n.parts), marker_offset=off,
                                     page=n.page, marker_in_text=off is not None))
    if blind:
        warnings.append(f"page(s) {', '.join(blind)}: an image without a text layer; what it "
                        "shows is not read (OCR the file if it holds text)")
    if not full.strip():
        raise InputError(f"{path}: the PDF has a text layer but no readable text")
    return Source(path=path, format="pdf", text=full, doc_id=doc_id_of(data),
                  page_starts=tuple(page_starts), pages=len(pages),
                  native_footnotes=tuple(native), warnings=tuple(warnings),
                  pdf_tables=tuple(ruled))


def _placed(found: list[tuple[int, _Table, list[list[tuple[str, Box]]]]], blocks: list[str],
            body: str, pos: int, page: int) -> list[PdfTable]:
    """The ruled tables of one page with their offsets in the document text."""
    out: list[PdfTable] = []
    starts, at = [], pos
    for b in blocks:
        starts.append(at)
        at += len(b) + 2
    for k, tb, rows in found:
        start = starts[k]
        at = start
        placed: list[tuple[tuple[str, Box, int], ...]] = []
        for row in rows:
            cells: list[tuple[str, Box, int]] = []
            for t, box in row:
                cells.append((body[at - pos:at - pos + len(t)], box, at))
                at += len(t) + 3  # ` | `
            at += 1 - 3  # the last cell has no ` | `; rows end with a newline
            placed.append(tuple(cells))
        out.append(PdfTable(page, (tb.x0, tb.top, tb.x1, tb.bottom), start,
                            start + len(blocks[k]), tuple(placed)))
    return out


_SUP_RUN = regex.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]++")
_UNSUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _mark_or_digits(m: Any, note_ids: set[str]) -> str:
    """A raised number is a footnote mark only if a footnote of that number exists; otherwise
    (an exponent in a formula table, `B¹`) it is written as plain digits."""
    run: str = m.group()
    s, i = m.string, m.start()
    before = s[i - 1] if i > 0 else "\n"
    if before == "\n" or run.translate(_UNSUP) in note_ids:
        return run
    if before == "m" and run in ("²", "³"):
        return run  # m², km³
    return run.translate(_UNSUP)


def _notes_of(zone: list[_Line], page: int, notes: list[_Note]) -> list[_Note]:
    """Footnote bodies of one page; a body without a leading marker continues the last one."""
    here: list[_Note] = []
    for ln in zone:
        text = ln.text
        if ln.marker:
            sup = ln.marker.translate(SUPERSCRIPT)
            body = text
            for lead in (sup, ln.marker):
                if text.startswith(lead):
                    body = text[len(lead):].lstrip()
                    break
            note = _Note(ln.marker, page, [body])
            notes.append(note)
            here.append(note)
        elif here:
            here[-1].parts.append(text)
        elif notes:
            notes[-1].parts.append(text)  # continued from the previous page
    return here
