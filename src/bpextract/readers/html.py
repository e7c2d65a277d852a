"""HTML pages saved from the legal portals (vbpl.vn, thuvienphapluat.vn, ...), issue 12.

A real parser (selectolax/lexbor) finds the document element by the portal templates of
`rules/html.yaml` (or, on an unknown page, the element with the most paragraph text). Block
elements and `<br>` end lines; a small layout table (issuer | motto, Số | place-date) is written
column by column so its cells are never merged; other tables become `cell | cell` rows. Word
footnotes (`#_ftnN` links) become superscript markers in the text and bodies after it, as the
DOCX reader writes them; the portal's attribute block is kept as `site_metadata`.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import regex

from ..errors import InputError
from ..rules import Rules, Schema, Section, get_rules
from . import NativeFootnote, Source, SourceCell, SourceTable, doc_id_of

SCHEMAS: Mapping[str, Schema] = {
    "html": {
        "templates": Section({
            "name": (str, True), "page": (str, True), "document": (str, True),
            "requires": (str, False), "drop": (list, False), "note": (str, False),
        }, key="name"),
        "page": Section({
            "drop": (list, True), "blocks": (list, True),
            "layout_max_rows": (int, True), "layout_max_cols": (int, True),
            "generic_min_chars": (int, True), "document_cues": (list, True),
        }, mapping=True),
        "footnotes": Section({
            "name": (str, True), "marker": (str, True), "body": (str, True),
            "backlink": (str, True),
        }, key="name"),
        "metadata": Section({
            "name": (str, True), "label": (str, False), "heading": (str, False),
            "key": (str, False),
        }, key="name"),
    },
}

SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_META_CHARSET = regex.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]{1,40})""", regex.IGNORECASE)
_SPACES = regex.compile(r"[ \t\r\n\f\u00a0\u2007\u202f\u200b]+")
_DIGITS = regex.compile(r"\d{1,4}")


def _decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes -> (text, encoding): BOM first, then `<meta charset>` in the first 4 KB, else UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    m = _META_CHARSET.search(data[:4096])
    enc = "utf-8"
    if m:
        name = m.group(1).decode("ascii").lower()
        try:
            enc = codecs.lookup(name).name
        except LookupError:
            raise InputError(f"{path}: the page declares an unknown character set "
                             f"'{name}' in <meta charset>") from None
    try:
        return data.decode(enc), enc
    except UnicodeDecodeError as exc:
        if enc != "utf-8":
            raise InputError(f"{path}: the page declares charset {enc} but its bytes are not "
                             f"{enc} (byte {exc.start})") from exc
        raise InputError(f"{path}: the page is not valid UTF-8 (byte {exc.start}) and declares "
                         "no other character set in <meta charset>; re-save it as UTF-8") from exc


def _fold(s: str) -> str:
    return str(_SPACES.sub(" ", s)).strip()


@dataclass
class _Setup:
    blocks: frozenset[str]
    layout_rows: int
    layout_cols: int
    marker_ids: dict[int, str] = field(default_factory=dict)  # mem_id -> footnote number
    skip_ids: set[int] = field(default_factory=set)  # nodes written elsewhere (bodies)


class _Writer:
    """Collects lines; inline text accumulates until a block boundary ends the line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.markers: list[tuple[str, int, int]] = []  # (number, line index, offset in line)
        # table cells: (line index, row, col, start, end in line, rowspan, colspan, header)
        self.table_cells: list[tuple[int, int, int, int, int, int, int, bool]] = []
        self.table_lines: list[tuple[int, int]] = []  # first and last line index of a table

    def text(self, s: str) -> None:
        self.cur.append(s)

    def marker(self, num: str) -> None:
        line = _fold("".join(self.cur))
        # the mark is glued to the word before it, as a superscript
        self.cur = [line]
        self.markers.append((num, len(self.lines), len(line)))
        self.cur.append(num.translate(SUPERSCRIPT))

    def end_line(self) -> None:
        raw = "".join(self.cur)
        self.cur = []
        line = _fold(raw)
        if line:
            self.lines.append(line)


def _walk(node: Any, w: _Writer, s: _Setup) -> None:
    for ch in node.iter(include_text=True):
        tag = ch.tag
        if tag == "-text":
            w.text(ch.text_content or "")
            continue
        if tag.startswith("-"):  # comment, doctype
            continue
        if ch.mem_id in s.skip_ids:
            continue
        if ch.mem_id in s.marker_ids:
            w.marker(s.marker_ids[ch.mem_id])
            continue
        if tag == "br":
            w.end_line()
            continue
        if tag == "sup":
            t = _fold(ch.text() or "")
            if t.isdigit() and len(t) <= 3:  # `<sup>1</sup>`: a footnote mark or m²
                w.text(t.translate(SUPERSCRIPT))
                continue
        if tag == "table":
            w.end_line()
            _table(ch, w, s)
            continue
        block = tag in s.blocks
        if block:
            w.end_line()
        _walk(ch, w, s)
        if block:
            w.end_line()


def _cell_lines(td: Any, s: _Setup) -> tuple[list[str], list[tuple[str, int, int]]]:
    sub = _Writer()
    _walk(td, sub, s)
    sub.end_line()
    return sub.lines, sub.markers


def _table(tbl: Any, w: _Writer, s: _Setup) -> None:
    rows = [[c for c in tr.iter() if c.tag in ("td", "th")] for tr in _rows(tbl)]
    rows = [r for r in rows if r]
    ncols = max((len(r) for r in rows), default=0)
    cells = [[_cell_lines(c, s) for c in r] for r in rows]

    def put(lines: list[str], marks: list[tuple[str, int, int]]) -> None:
        base = len(w.lines)
        w.lines.extend(lines)
        for num, li, off in marks:
            w.markers.append((num, base + li, off))

    if 0 < len(rows) <= s.layout_rows and ncols <= s.layout_cols:
        for col in range(ncols):
            for r in cells:
                if col < len(r):
                    put(*r[col])
        return
    taken: dict[tuple[int, int], bool] = {}  # grid slots filled by a rowspan from above
    first = len(w.lines)
    # row: the index of <tr> (an empty row is not written; celltables closes the gap)
    for row, (tr_cells, r) in enumerate(zip(rows, cells, strict=True)):
        parts: list[str] = []
        marks: list[tuple[str, int, int]] = []
        grid: list[tuple[int, int, int, int, int, bool]] = []
        col = 0
        head = all(c.tag == "th" for c in tr_cells) or any(
            p.tag == "thead" for p in _parents(tr_cells[0]))
        for td, (lines, mk) in zip(tr_cells, r, strict=True):
            prefix = sum(len(p) + 3 for p in parts)
            # offsets of a cell's marks within the joined row: lines joined by one space
            starts = [0]
            for ln in lines[:-1]:
                starts.append(starts[-1] + len(ln) + 1)
            marks += [(n, 0, prefix + starts[li] + off) for n, li, off in mk]
            cell = " ".join(lines)
            parts.append(cell)
            while taken.get((row, col)):
                col += 1
            rs, cs = _int_attr(td, "rowspan"), _int_attr(td, "colspan")
            for dr in range(1, rs):
                for dc in range(cs):
                    taken[(row + dr, col + dc)] = True
            if cell:
                grid.append((col, prefix, prefix + len(cell), rs, cs, head or td.tag == "th"))
            col += cs
        if any(parts):
            w.table_cells += [(len(w.lines), row, *g) for g in grid]
            put([" | ".join(parts)], marks)
    if len(w.lines) > first:
        w.table_lines.append((first, len(w.lines)))


def _parents(node: Any) -> Iterator[Any]:
    p = node.parent
    while p is not None and p.tag != "table":
        yield p
        p = p.parent


def _int_attr(node: Any, name: str) -> int:
    """A span attribute (`rowspan="2"`); 1 when absent or odd, at most 1000."""
    v = (node.attributes.get(name) or "").strip()
    return min(int(v), 1000) if v.isdigit() and int(v) > 0 else 1


def _rows(tbl: Any) -> list[Any]:
    """Rows of this table, not of tables nested in its cells."""
    out: list[Any] = []
    for ch in tbl.iter():
        if ch.tag == "tr":
            out.append(ch)
        elif ch.tag in ("tbody", "thead", "tfoot"):
            out += [x for x in ch.iter() if x.tag == "tr"]
    return out


def _metadata(tree: Any, rules: Rules) -> dict[str, str]:
    """The portal's attribute block: label -> value, whitespace folded, first value kept."""
    out: dict[str, str] = {}
    for e in rules["html"].entries("metadata"):
        if e.get("heading"):
            node = tree.css_first(e["heading"])
            if node is not None:
                v = _fold(node.text() or "")
                if v:
                    out.setdefault(str(e.get("key") or "Tên văn bản"), v)
            continue
        if not e.get("label"):
            continue
        for lab in tree.css(e["label"]):
            names = [_fold(x) for x in (lab.text() or "").split("/")]
            names = [n.rstrip(" :") for n in names if n.strip(" :")]
            sib = lab.next
            for name in names:
                while sib is not None and not sib.is_element_node:
                    sib = sib.next
                if sib is None:
                    break
                v = _fold(sib.text() or "")
                if v and v not in ("--", "-"):
                    out.setdefault(name, v)
                sib = sib.next
    return out


def _paragraph_root(tree: Any, blocks: frozenset[str]) -> tuple[Any, int]:
    """Generic fallback: the element whose own block children hold the most text."""
    score: dict[int, int] = {}
    nodes: dict[int, Any] = {}
    for p in tree.css("p, li, h1, h2, h3, h4, td"):
        n = len(_fold(p.text(deep=True) or ""))
        parent = p.parent
        while parent is not None and parent.tag in ("tr", "tbody", "thead", "table", "td",
                                                    "ul", "ol"):
            parent = parent.parent
        if parent is None:
            continue
        score[parent.mem_id] = score.get(parent.mem_id, 0) + n
        nodes[parent.mem_id] = parent
    if not score:
        return None, 0
    best = max(score, key=lambda k: (score[k], -k))
    return nodes[best], score[best]


def _footnote_bodies(root: Any, rules: Rules, s: _Setup) -> list[tuple[str, str]]:
    """Footnote bodies (number, text) in page order; their nodes are left out of the text."""
    bodies: list[tuple[str, str]] = []
    for e in rules["html"].entries("footnotes"):
        for mk in root.css(e["marker"]):
            m = _DIGITS.search(mk.text() or "")
            if m:
                s.marker_ids[mk.mem_id] = m.group()
        for b in root.css(e["body"]):
            back = b.css_first(e["backlink"])
            num = _DIGITS.search(back.text() if back is not None else "")
            if num is None:
                continue
            s.skip_ids.add(b.mem_id)
            if back is not None:
                back.decompose()
            w = _Writer()
            _walk(b, w, s)
            w.end_line()
            text = " ".join(w.lines)
            if text:
                bodies.append((num.group(), text))
    return bodies


def _not_a_document(path: str, template: str | None, meta: Mapping[str, str]) -> InputError:
    where = f"a {template} page" if template else "the page"
    if meta:
        shown = "; ".join(f"{k}: {v}" for k, v in list(meta.items())[:4])
        return InputError(f"{path}: {where} without the document's full text (only the site's "
                          f"attribute block: {shown}); save the page of the full text "
                          "(Toàn văn) instead")
    return InputError(f"{path}: {where} holds no document text (an error, list or navigation "
                      "page); save the page of the document's full text")


def read_html(data: bytes, path: str, rules: Rules | None = None) -> Source:
    """HTML bytes -> Source with `site_metadata`; InputError for a page without a document."""
    from selectolax.lexbor import LexborHTMLParser

    r = get_rules(rules)
    html_rules = r["html"]
    text, encoding = _decode(data, path)
    tree = LexborHTMLParser(text)
    page = html_rules.settings.get("page", {})
    for sel in page.get("drop", []):
        for n in tree.css(sel):
            n.decompose()
    meta = _metadata(tree, r)
    root = None
    template: str | None = None
    for e in html_rules.entries("templates"):
        if tree.css_first(e["page"]) is None:
            continue
        template = str(e["name"])
        for cand in tree.css(e["document"]):
            if e.get("requires") and cand.css_first(e["requires"]) is None:
                continue
            root = cand
            break
        if root is not None:
            for sel in e.get("drop") or []:
                for node in root.css(sel):
                    node.decompose()
        break
    blocks = frozenset(page.get("blocks", []))
    if root is None and template is None:
        cand, score = _paragraph_root(tree, blocks)
        cues = page.get("document_cues", [])
        if cand is not None and score >= int(page.get("generic_min_chars", 300)):
            body = _fold(cand.text() or "")
            if any(c in body for c in cues):
                root, template = cand, None
    if root is None:
        raise _not_a_document(path, template, meta)
    s = _Setup(blocks, int(page.get("layout_max_rows", 4)), int(page.get("layout_max_cols", 2)))
    bodies = _footnote_bodies(root, r, s)
    w = _Writer()
    _walk(root, w, s)
    w.end_line()
    lines = w.lines
    if not "".join(lines).strip():
        raise _not_a_document(path, template, meta)
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln) + 1)
    notes: list[NativeFootnote] = []
    by_num = dict(bodies)
    seen: set[str] = set()
    for num, li, off in w.markers:
        if num in by_num and num not in seen and li < len(lines):
            seen.add(num)
            notes.append(NativeFootnote(id=num, text=by_num[num],
                                        marker_offset=starts[li] + off, marker_in_text=True))
    out = "\n".join(lines)
    if bodies:  # bodies after the text, as the DOCX reader writes them
        out += "\n\n" + "\n".join(f"{n.translate(SUPERSCRIPT)} {t}" for n, t in bodies)
    warnings = [f"footnote {n}: body without a reference in the text"
                for n, _ in bodies if n not in seen]
    if template is None:
        warnings.append("html: no portal template matched; the document is the page's largest "
                        "text block")
    return Source(path=path, format="html", text=out, doc_id=doc_id_of(data),
                  native_footnotes=tuple(notes), encoding=encoding, warnings=tuple(warnings),
                  site_metadata=meta, tables=_source_tables(w, starts))


def _source_tables(w: _Writer, starts: list[int]) -> tuple[SourceTable, ...]:
    """The written tables with their cell grids, offsets in the text (`starts`: line starts)."""
    out: list[SourceTable] = []
    cells = sorted(w.table_cells)
    k = 0
    for first, stop in w.table_lines:
        grid: list[SourceCell] = []
        while k < len(cells) and cells[k][0] < first:
            k += 1
        while k < len(cells) and cells[k][0] < stop:
            li, row, col, a, b, rs, cs, head = cells[k]
            grid.append(SourceCell(row, col, starts[li] + a, starts[li] + b, rs, cs, head))
            k += 1
        if grid:
            out.append(SourceTable("html", starts[first], starts[stop] - 1, tuple(grid)))
    return tuple(out)
