"""DOCX reader (python-docx for the package, lxml for the body): the text as a person sees it.

Why not `paragraph.text`: Word keeps list numbers (`I.`, `1.`, `a)`) in numbering.xml, not in
the text, and footnotes in footnotes.xml; both carry meaning (outline labels, cited sources).
We render the numbers into the text, write footnote markers as superscript digits where the
reference stands and the bodies as `¹ ...` paragraphs at the end (the text conventions), keep
tables as `cell | cell` rows, read two-column layout tables (issuer | motto, Nơi nhận | signer)
column by column, and skip page headers/footers. Page breaks Word recorded become `\\f`.

Legacy fonts: runs set in a TCVN3 (.VnTime, .VnTimeH) or VNI font hold 8-bit codes read as
Windows-1252 characters; they are converted per run (`legacy.convert_run`, adjacent runs of one
font together) with a warning naming the encoding. A font counts as legacy in a document only
if its runs read better converted than not: many Unicode files merely declare .VnTime.
Word's optional hyphen (`w:softHyphen`) is TCVN3's `ư` (0xAD) in such runs and dropped in others.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from .. import legacy
from ..errors import InputError
from . import NativeFootnote, Source, SourceCell, SourceTable, doc_id_of

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# a drawing written twice (DrawingML in mc:Choice, VML in mc:Fallback): read the Choice only
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# a floating drawing: placed on the page, outside the text flow. Its text boxes are written
# after the body, where Word 97 keeps them (the .doc text-box story) and .doc text tools put
# them, so diagram labels never split the paragraph that anchors the drawing.
_ANCHOR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor"
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
PAGE_BREAK = "\n\n\f\n\n"
_ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def _roman(n: int) -> str:
    out = []
    for v, s in _ROMAN:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _letter(n: int) -> str:
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "lowerLetter":
        return _letter(n)
    if fmt == "upperLetter":
        return _letter(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class _Numbering:
    """numbering.xml: numId -> levels, with running counters (Word's automatic numbers)."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    abstract_of: dict[str, str] = field(default_factory=dict)

    def label(self, num_id: str, ilvl: int) -> str | None:
        lv = self.levels.get(num_id, {}).get(ilvl)
        if lv is None or lv.fmt == "none":
            return None
        key = self.abstract_of.get(num_id, num_id)
        cnt = self.counters.setdefault(key, {})
        cnt[ilvl] = cnt.get(ilvl, lv.start - 1) + 1
        for deeper in [k for k in cnt if k > ilvl]:
            del cnt[deeper]
        if lv.fmt == "bullet":
            return "-"
        out = lv.text
        for k in range(ilvl, -1, -1):
            lk = self.levels[num_id].get(k)
            if lk is None:
                continue
            val = cnt.get(k, lk.start)
            out = out.replace(f"%{k + 1}", _format(val, lk.fmt))
        return out.strip() or None


def _numbering(doc: Any) -> _Numbering:
    num = _Numbering()
    try:
        part = doc.part.numbering_part
    except (NotImplementedError, KeyError, AttributeError):
        part = None
    if part is not None:
        root = part.element
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iter(W + "abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in an.iter(W + "lvl"):
                fmt = _val(lvl.find(W + "numFmt")) or "decimal"
                text = _val(lvl.find(W + "lvlText")) or ""
                start = int(_val(lvl.find(W + "start")) or 1)
                levels[int(lvl.get(W + "ilvl", "0"))] = _Level(fmt, text, start)
            abstract[an.get(W + "abstractNumId", "")] = levels
        for n in root.iter(W + "num"):
            aid = _val(n.find(W + "abstractNumId")) or ""
            levels = dict(abstract.get(aid, {}))
            for ov in n.iter(W + "lvlOverride"):
                so = _val(ov.find(W + "startOverride"))
                k = int(ov.get(W + "ilvl", "0"))
                if so is not None and k in levels:
                    lv = levels[k]
                    levels[k] = _Level(lv.fmt, lv.text, int(so))
            nid = n.get(W + "numId", "")
            num.levels[nid] = levels
            num.abstract_of[nid] = aid
    try:
        styles = doc.part.styles.element
    except (NotImplementedError, KeyError, AttributeError):
        return num
    for st in styles.iter(W + "style"):
        npr = st.find(f"{W}pPr/{W}numPr")
        if npr is not None:
            nid = _val(npr.find(W + "numId"))
            if nid:
                num.style_num[st.get(W + "styleId", "")] = (nid, int(_val(npr.find(W + "ilvl"))
                                                                     or 0))
    return num


def _val(el: Any) -> str | None:
    return None if el is None else el.get(W + "val")


def _rfont(rpr: Any) -> str | None:
    if rpr is None:
        return None
    rf = rpr.find(W + "rFonts")
    if rf is None:
        return None
    font: str | None = rf.get(W + "hAnsi") or rf.get(W + "ascii")
    return font


@dataclass
class _Fonts:
    """The font of a run: its own rFonts, its character style, its paragraph style (with
    basedOn chains), the document defaults. `live` = legacy fonts this document really uses."""

    styles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    default: str | None = None
    live: dict[str, str] = field(default_factory=dict)  # font -> the encoding its runs hold
    used: dict[str, None] = field(default_factory=dict)  # encodings converted, in order

    def style_font(self, sid: str | None) -> str | None:
        seen = set()
        while sid and sid not in seen:
            seen.add(sid)
            font, parent = self.styles.get(sid, (None, None))
            if font:
                return font
            sid = parent
        return None

    def run_font(self, r: Any, pstyle: str | None) -> str | None:
        rpr = r.find(W + "rPr")
        font = _rfont(rpr)
        if font:
            return font
        if rpr is not None:
            font = self.style_font(_val(rpr.find(W + "rStyle")))
            if font:
                return font
        return self.style_font(pstyle) or self.default

    def fix(self, parts: list[str], fonts: list[str | None]) -> list[str]:
        """Convert adjacent parts set in one live legacy font; drop soft hyphens elsewhere."""
        out: list[str] = []
        i = 0
        while i < len(parts):
            f = fonts[i]
            j = i + 1
            if f is not None and f in self.live:
                while j < len(parts) and fonts[j] == f:
                    j += 1
                text, enc = legacy.convert_run("".join(parts[i:j]), f, trusted=True,
                                               prefer=self.live[f])
                if enc:
                    self.used[enc] = None
                out.append(text.replace("\u00ad", ""))
            else:
                out.append(parts[i].replace("\u00ad", ""))
            i = j
        return out


def _fonts(doc: Any, body: Any) -> _Fonts:
    fonts = _Fonts()
    try:
        styles = doc.part.styles.element
    except (NotImplementedError, KeyError, AttributeError):
        styles = None
    if styles is not None:
        dflt = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        fonts.default = _rfont(dflt)
        for st in styles.iter(W + "style"):
            fonts.styles[st.get(W + "styleId", "")] = (_rfont(st.find(W + "rPr")),
                                                        _val(st.find(W + "basedOn")))
    runs: list[tuple[str, str | None]] = []
    for p in body.iter(W + "p"):
        ppr = p.find(W + "pPr")
        pstyle = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        for r in p.iter(W + "r"):
            f = fonts.run_font(r, pstyle)
            if not f or legacy.font_encoding(f)[0] is None:
                continue
            text = "".join(t.text or "" for t in r.iter(W + "t"))
            if r.find(W + "softHyphen") is not None:
                text += "\u00ad"
            runs.append((text, f))
    fonts.live = legacy.judge_fonts(runs)
    return fonts


@dataclass
class _Out:
    blocks: list[str] = field(default_factory=list)
    pos: int = 0
    page: int = 1
    page_starts: list[int] = field(default_factory=lambda: [0])
    refs: list[tuple[str, int, int]] = field(default_factory=list)  # (footnote id, offset, page)

    def add(self, block: str, refs: list[tuple[str, int]]) -> None:
        if not block.strip():
            return
        if self.blocks:
            self.pos += 2
        for fid, off in refs:
            self.refs.append((fid, self.pos + off, self.page))
        self.blocks.append(block)
        self.pos += len(block)

    def page_break(self) -> None:
        if not self.blocks or self.blocks[-1] == "\f":
            return
        self.blocks.append("\f")
        self.pos += 2 + 1
        self.page += 1
        self.page_starts.append(self.pos + 2)  # after the "\n\n" that joins the next block


class _Reader:
    def __init__(self, num: _Numbering, fn_number: dict[str, str],
                 fonts: _Fonts | None = None) -> None:
        self.num = num
        self.fn_number = fn_number  # footnote xml id -> displayed number, in reference order
        self.fonts = fonts or _Fonts()
        self.floating: list[Any] = []  # floating drawings (wp:anchor), read after the body
        self.style_lines: dict[str, set[str]] = {}  # table style id -> sides it draws

    def _walk(self, el: Any) -> Iterator[Any]:
        """Descendants of `el` in document order without mc:Fallback copies of drawings; a
        floating drawing is kept for `floating_blocks` instead of being read in place."""
        for child in el:
            if child.tag == _FALLBACK:
                continue
            if child.tag == _ANCHOR:
                self.floating.append(child)
                continue
            yield child
            yield from self._walk(child)

    def para(self, p: Any) -> tuple[str, list[tuple[str, int]], bool, bool]:
        """(text, [(footnote id, offset)], break before, break after)."""
        parts: list[str] = []
        fonts: list[str | None] = []  # legacy font of each part, when the document uses one
        refs: list[tuple[str, int]] = []
        n = 0
        brk_before = brk_after = False
        label = self._label(p)
        if label:
            parts.append(label + " ")
            n += len(label) + 1
        ppr = p.find(W + "pPr")
        pstyle = _val(ppr.find(W + "pStyle")) if ppr is not None else None
        live = self.fonts.live
        plain = next(p.iter(_FALLBACK), None) is None and next(p.iter(_ANCHOR), None) is None
        for el in p.iter() if plain else self._walk(p):
            tag = el.tag
            if tag == W + "p" and el is not p:  # a text box paragraph: a word boundary
                parts.append(" ")
                n += 1
            elif tag == W + "t" or (tag == W + "softHyphen" and live):
                t = el.text or "" if tag == W + "t" else "\u00ad"
                if live:
                    fonts.extend([None] * (len(parts) - len(fonts)))
                    r = el.getparent()
                    fonts.append(self.fonts.run_font(r, pstyle) if r is not None else None)
                parts.append(t)
                n += len(t)
            elif tag in (W + "tab", W + "br", W + "cr"):
                if tag == W + "br" and el.get(W + "type") == "page":
                    if n == 0:
                        brk_before = True
                    else:
                        brk_after = True
                    continue
                parts.append("\t" if tag == W + "tab" else " ")  # tab: a cell of a header line
                n += 1
            elif tag == W + "lastRenderedPageBreak":
                if n == 0:
                    brk_before = True
                else:
                    brk_after = True
            elif tag == W + "noBreakHyphen":
                parts.append("-")
                n += 1
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                while parts and parts[-1].endswith((" ", "\u00a0")):  # glue the mark to its word
                    parts[-1] = parts[-1].rstrip(" \u00a0")
                n = sum(len(x) for x in parts)
                fid = ("e" if tag == W + "endnoteReference" else "") + el.get(W + "id", "")
                mark = self.fn_number.setdefault(fid, str(len(self.fn_number) + 1))
                sup = mark.translate(SUPERSCRIPT)
                refs.append((fid, n))
                parts.append(sup)
                n += len(sup)
        if live:
            fonts.extend([None] * (len(parts) - len(fonts)))
            parts = self.fonts.fix(parts, fonts)
        text = _fold("".join(parts))
        if refs:  # offsets after whitespace folding: recompute by scanning marker positions
            refs = _relocate(text, refs, self.fn_number)
        return text, refs, brk_before, brk_after

    def _label(self, p: Any) -> str | None:
        ppr = p.find(W + "pPr")
        if ppr is None:
            return None
        npr = ppr.find(W + "numPr")
        nid: str | None = None
        ilvl = 0
        if npr is not None:
            nid = _val(npr.find(W + "numId"))
            ilvl = int(_val(npr.find(W + "ilvl")) or 0)
        else:
            style = _val(ppr.find(W + "pStyle"))
            if style and style in self.num.style_num:
                nid, ilvl = self.num.style_num[style]
        if not nid or nid == "0":
            return None
        return self.num.label(nid, ilvl)


def _own_paras(el: Any) -> Iterator[Any]:
    """Paragraphs inside `el` that are not inside another paragraph (a text box's paragraphs
    are read with the paragraph holding the box, once)."""
    for p in el.iter(W + "p"):
        a = p.getparent()
        while a is not None and a is not el and a.tag != W + "p":
            a = a.getparent()
        if a is el:
            yield p


# a wide gap between words is a column stop, except the blanks of an unsigned draft: a number
# left to fill (`số      /QĐ-UBND`, `Tháng     /2012`) and a blank day or month (`ngày      tháng`)
_SPACE_STOP = re.compile(r"(?<=\S)(?<![Nn]gày)(?<![Tt]háng)(?<!NGÀY)(?<!THÁNG) {6,}(?=[^\s/])")


def _fold(raw: str) -> str:
    """Runs of spaces become one space; tabs (column stops) are kept as one tab, and so is a
    run of six or more spaces between words: Word 97 files often typed the second column of a
    header or signature line with spaces (`ỦY BAN NHÂN DÂN            CỘNG HÒA ...`)."""
    cells = [" ".join(c.split()) for c in _SPACE_STOP.sub("\t", raw).split("\t")]
    return "\t".join(c for c in cells if c) if len(cells) > 1 else cells[0]


def _relocate(text: str, refs: list[tuple[str, int]],
              numbers: dict[str, str]) -> list[tuple[str, int]]:
    out = []
    start = 0
    for fid, _ in refs:
        sup = numbers[fid].translate(SUPERSCRIPT)
        i = text.find(sup, start)
        if i < 0:
            continue
        out.append((fid, i))
        start = i + len(sup)
    return out


def _cell_text(reader: _Reader, tc: Any) -> tuple[list[str], list[tuple[str, int]]]:
    """Paragraph texts of one table cell (nested tables flattened) and their footnote refs."""
    texts: list[str] = []
    refs: list[tuple[str, int]] = []
    for p in _own_paras(tc):
        t, r, _, _ = reader.para(p)
        if t:
            base = sum(len(x) + 1 for x in texts)
            refs += [(fid, base + off) for fid, off in r]
            texts.append(t)
    return texts, refs


def _split(row: list[Any]) -> int:
    """Grid column where a row's second cell starts: two columns read one after the other only
    when every row splits at the same place (merged cells that shift the split make a form
    whose rows are read across, e.g. date and signer over an `attached:` list)."""
    tcpr = row[0].find(W + "tcPr")
    span = _val(tcpr.find(W + "gridSpan")) if tcpr is not None else None
    return int(span) if span and span.isdigit() else 1


def _span(tc: Any) -> tuple[int, str | None]:
    """(gridSpan, vMerge) of a cell: vMerge is `restart`, `continue` or None."""
    pr = tc.find(W + "tcPr")
    if pr is None:
        return 1, None
    span = _val(pr.find(W + "gridSpan"))
    vm = pr.find(W + "vMerge")
    merge = None if vm is None else (_val(vm) or "continue")
    return (int(span) if span and span.isdigit() and int(span) > 0 else 1), merge


def _row_flags(tr: Any) -> tuple[int, bool]:
    """(gridBefore, is a repeated header row) of a table row."""
    pr = tr.find(W + "trPr")
    if pr is None:
        return 0, False
    before = _val(pr.find(W + "gridBefore"))
    head = pr.find(W + "tblHeader")
    is_head = head is not None and _val(head) not in ("0", "false")
    return (int(before) if before and before.isdigit() else 0), is_head


def _stacked_rows(row: list[Any], read: list[tuple[list[str], list[tuple[str, int]]]]
                  ) -> list[list[str]] | None:
    """A row whose cells hold as many paragraphs each (three or more), as a list typed into
    one row of a table (`LP / AN / QP ...` beside `Luật pháp / An ninh / Quốc phòng ...`): one
    row per paragraph. None for any other row (merged cells, footnote marks, uneven cells)."""
    if len(row) < 2:
        return None
    columns: list[list[str]] = []
    for tc, (texts, refs) in zip(row, read, strict=True):
        span, merge = _span(tc)
        if span != 1 or merge is not None or refs:
            return None
        columns.append(texts)
    k = len(columns[0])
    if k < 3 or any(len(c) != k or not all(t.strip() for t in c) for c in columns):
        return None
    return [[c[j] for c in columns] for j in range(k)]


def _written_rows(rows: list[list[Any]]) -> int:
    """Rows as written: a row whose cells hold as many non-empty paragraphs each (three or
    more, see `_stacked_rows`) counts one per paragraph (a rough look at the XML, before the
    cells are read)."""
    n = 0
    for r in rows:
        counts = {len([p for p in tc.iter(W + "p")
                       if "".join(t.text or "" for t in p.iter(W + "t")).strip()]) for tc in r}
        n += counts.pop() if len(r) >= 2 and len(counts) == 1 and min(counts) >= 3 else 1
    return n


_NO_LINE = ("nil", "none")
_SIDES = ("top", "bottom", "start", "end", "left", "right")


def _drawn(borders: Any) -> set[str]:
    """The sides a `w:tblBorders` / `w:tcBorders` element draws (left/right as start/end)."""
    if borders is None:
        return set()
    out = set()
    for el in borders:
        side = el.tag.rsplit("}", 1)[-1]
        if side in _SIDES and _val(el) not in _NO_LINE:
            out.add(side.replace("left", "start").replace("right", "end"))
    return out


def _style_lines(doc: Any) -> dict[str, set[str]]:
    """Table style id -> the sides its borders draw (Word's `Table Grid` draws all), through
    its `basedOn` chain: a table may take its lines from its style instead of its own tblPr."""
    try:
        styles = doc.part.styles.element
    except (NotImplementedError, KeyError, AttributeError):
        return {}
    own: dict[str, tuple[set[str] | None, str | None]] = {}
    for st in styles.iter(W + "style"):
        if st.get(W + "type") == "table":
            b = st.find(f"{W}tblPr/{W}tblBorders")
            own[st.get(W + "styleId", "")] = (_drawn(b) if b is not None else None,
                                               _val(st.find(W + "basedOn")))
    out: dict[str, set[str]] = {}
    for sid in own:
        cur: str | None = sid
        seen: set[str] = set()
        while cur in own and cur not in seen:
            seen.add(cur)
            lines, cur = own[cur]
            if lines is not None:
                out[sid] = lines
                break
    return out


def _ruled(tbl: Any, style_lines: dict[str, set[str]]) -> bool:
    """Every cell of the table drawn with lines on all four sides (its own borders, the
    table's, or its style's). With three rows or more it marks a small data table (`Tác nhân |
    Thao tác` over its actors); the issuer | motto and Nơi nhận | signer layout tables of a Word
    letter are mostly drawn without lines, and where a form draws them (Nghị định 37/2007
    appendix) they are one row."""
    pr = tbl.find(W + "tblPr")
    own = pr.find(W + "tblBorders") if pr is not None else None
    if own is not None:
        base = _drawn(own)
    else:
        style = _val(pr.find(W + "tblStyle")) if pr is not None else None
        base = style_lines.get(style or "", set())
    cells = list(tbl.iter(W + "tc"))
    for tc in cells:
        tcpr = tc.find(W + "tcPr")
        if not {"top", "bottom", "start", "end"} <= (
                _drawn(tcpr.find(W + "tcBorders") if tcpr is not None else None) | base):
            return False
    return bool(cells)


def _table(reader: _Reader, tbl: Any) -> tuple[str, list[tuple[str, int]], list[SourceCell]]:
    """A data table as `cell | cell` rows, with its cell grid (offsets relative to the returned
    text; merged cells as row/column spans); a small two-column layout table column by column,
    without a grid (it is layout, not data)."""
    trs = list(tbl.iterchildren(W + "tr"))
    rows = [list(tr.iterchildren(W + "tc")) for tr in trs]
    ncols = max((len(r) for r in rows), default=0)
    lines: list[str] = []
    refs: list[tuple[str, int]] = []
    pos = 0
    if ncols == 2 and len(rows) <= 4 and len({_split(r) for r in rows if len(r) == 2}) == 1 \
            and not (_written_rows(rows) >= 3 and _ruled(tbl, reader.style_lines)):
        for col in (0, 1):
            for r in rows:
                if col < len(r):
                    texts, rr = _cell_text(reader, r[col])
                    for t in texts:
                        lines.append(t)
                    refs += [(fid, pos + off) for fid, off in rr]
                    pos += sum(len(t) + 1 for t in texts)
        return "\n".join(lines), refs, []
    grid: list[list[int]] = []  # per cell: [row, col, start, end, rowspan, colspan, header]
    open_merge: dict[int, int] = {}  # grid column -> index in grid of the cell merging down
    for tr, r in zip(trs, rows, strict=True):
        cells: list[str] = []
        col, head = _row_flags(tr)
        read = [_cell_text(reader, tc) for tc in r]  # once: list numbering counts on
        stacked = _stacked_rows(r, read)
        if stacked is not None and col == 0:
            for parts in stacked:  # one row a paragraph (`LP | Luật pháp`, `AN | An ninh`, ...)
                line = " | ".join(parts)
                for k, part in enumerate(parts):
                    base = pos + sum(len(x) + 3 for x in parts[:k])
                    grid.append([len(lines), k, base, base + len(part), 1, 1, int(head)])
                lines.append(line)
                pos += len(line) + 1
            continue
        for tc, (texts, rr) in zip(r, read, strict=True):
            cell = " ".join(texts)
            base = pos + sum([len(c) + 3 for c in cells])
            refs += [(fid, base + off) for fid, off in rr]
            cells.append(cell)
            span, merge = _span(tc)
            if merge == "continue" and col in open_merge:
                grid[open_merge[col]][4] += 1
            else:
                for c in range(col, col + span):
                    open_merge.pop(c, None)
                entry = [len(lines), col, base, base + len(cell), 1, span, int(head)]
                if merge == "restart":
                    open_merge[col] = len(grid)
                grid.append(entry)
            col += span
        if any(cells):
            line = " | ".join(cells)
            lines.append(line)
            pos += len(line) + 1
    return "\n".join(lines), refs, [
        SourceCell(e[0], e[1], e[2], e[3], e[4], e[5], bool(e[6])) for e in grid if e[3] > e[2]]


def _footnotes(doc: Any, fonts: _Fonts | None = None) -> dict[str, str]:
    """footnotes.xml and endnotes.xml: id -> body text (separators skipped).

    Endnote ids get an `e` prefix; both kinds are numbered together in reference order.
    """
    from docx.oxml import parse_xml

    out: dict[str, str] = {}
    for rel in doc.part.rels.values():
        if rel.is_external:
            continue
        kind = rel.reltype.rsplit("/", 1)[-1]
        if kind not in ("footnotes", "endnotes"):
            continue
        root = parse_xml(rel.target_part.blob)
        for fn in root.iterchildren(W + kind[:-1]):
            if fn.get(W + "type") in ("separator", "continuationSeparator",
                                      "continuationNotice"):
                continue
            texts = []
            for p in fn.iter(W + "p"):
                t = _note_para(p, fonts)
                if t.strip():
                    texts.append(" ".join(t.split()))
            prefix = "e" if kind == "endnotes" else ""
            out[prefix + fn.get(W + "id", "")] = " ".join(texts)
    return out


def _note_para(p: Any, fonts: _Fonts | None) -> str:
    parts: list[str] = []
    pf: list[str | None] = []
    ppr = p.find(W + "pPr")
    pstyle = _val(ppr.find(W + "pStyle")) if ppr is not None else None
    for x in p.iter(W + "t", W + "tab", W + "br", W + "softHyphen"):
        parts.append(x.text or "" if x.tag == W + "t" else
                     "\u00ad" if x.tag == W + "softHyphen" else " ")
        r = x.getparent()
        pf.append(fonts.run_font(r, pstyle) if fonts is not None and fonts.live and r is not None
                  else None)
    return "".join(fonts.fix(parts, pf) if fonts is not None else
                   [x.replace("\u00ad", "") for x in parts])


def read_docx(data: bytes, path: str) -> Source:
    """DOCX bytes -> Source (body paragraphs and tables in order, footnotes at the end)."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    if data[:2] != b"PK":
        if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise InputError(f"{path}: this is an encrypted DOCX or an old Word .doc saved with "
                             "a .docx name; save it as an unprotected .docx (Word: File > "
                             "Save As) first")
        raise InputError(f"{path}: not a DOCX file (not a ZIP package); check the file type")
    try:
        doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError) as exc:
        raise InputError(f"{path}: the DOCX is truncated or corrupt (broken ZIP package); "
                         "get a complete copy or re-save it in Word") from exc
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: not a Word document (no word/document.xml: "
                         f"{type(exc).__name__}); re-save it as .docx") from exc
    except Exception as exc:
        raise InputError(f"{path}: the DOCX is corrupt and cannot be read "
                         f"({type(exc).__name__}: {str(exc)[:80]})") from exc
    body = doc.element.body
    fonts = _fonts(doc, body)
    bodies = _footnotes(doc, fonts)
    reader = _Reader(_numbering(doc), {}, fonts)
    reader.style_lines = _style_lines(doc)
    out = _Out()
    tables: list[SourceTable] = []
    for el in body.iterchildren():
        if el.tag == W + "p":
            text, refs, before, after = reader.para(el)
            if before:
                out.page_break()
            out.add(text, refs)
            if after:
                out.page_break()
        elif el.tag == W + "tbl":
            text, refs, grid = _table(reader, el)
            out.add(text, refs)
            if grid and text.strip():
                at = out.pos - len(text)
                tables.append(SourceTable("docx", at, out.pos, tuple(
                    dataclasses.replace(c, start=c.start + at, end=c.end + at) for c in grid)))
        elif el.tag == W + "sdt":  # content controls wrap ordinary paragraphs
            for p in _own_paras(el):
                text, refs, _, _ = reader.para(p)
                out.add(text, refs)
    if out.blocks and out.blocks[-1] == "\f":
        out.blocks.pop()
        out.page_starts.pop()
    lines: list[str] = []  # floating drawings: one block, a line per drawing
    refs = []
    done = 0
    while done < len(reader.floating):  # a text box may anchor another floating drawing
        texts, rr = _cell_text(reader, reader.floating[done])
        done += 1
        if texts:
            base = sum(len(x) + 1 for x in lines)
            refs += [(fid, base + off) for fid, off in rr]
            lines.append(" ".join(texts))
    if lines:
        out.add("\n".join(lines), refs)
    notes: list[NativeFootnote] = []
    seen = set()
    for fid, off, page in out.refs:
        if fid in seen or fid not in bodies:
            continue
        seen.add(fid)
        mark = reader.fn_number[fid]
        body = bodies[fid]
        if body.startswith(mark + " "):  # the number typed again by hand after the mark
            body = body[len(mark) + 1:]
        notes.append(NativeFootnote(id=mark, text=body, marker_offset=off, page=page,
                                    marker_in_text=True))
    for n in notes:
        out.add(f"{n.id.translate(SUPERSCRIPT)} {n.text}", [])
    text = _join(out.blocks)
    if not text.strip():
        raise InputError(f"{path}: the DOCX has no text in its body")
    warnings = tuple(f"footnote {fid}: body without a reference in the text"
                     for fid in bodies if fid not in reader.fn_number)
    if fonts.used:
        warnings += (legacy.warning(list(fonts.used), "runs set in legacy fonts"),)
    return Source(path=path, format="docx", text=text, doc_id=doc_id_of(data),
                  page_starts=tuple(out.page_starts), pages=len(out.page_starts),
                  native_footnotes=tuple(notes), warnings=warnings, tables=tuple(tables))


def _join(blocks: list[str]) -> str:
    out: list[str] = []
    for b in blocks:
        if out:
            out.append("\n\n")
        out.append(b)
    return "".join(out)
