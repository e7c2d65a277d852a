"""The pdfplumber (pdfminer) engine: `--pdf-engine pdfplumber`, and the table finder of both.

pdfminer parses the page content in Python: about 10x slower than pdfium, but it reads the
appearance streams of form fields and stamps directly, and pdfplumber's ruled-table finder is
what both engines use to turn rules into cells.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterable
from typing import Any

from ..errors import InputError
from .pdf_chars import ENCRYPTED, Box, Char, RawPage, RawTable, damaged, invisible, is_bold, ruled


class PlumberEngine:
    def __init__(self, data: bytes, path: str) -> None:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

        try:
            self.pdf = pdfplumber.open(io.BytesIO(data))
            self.pages = self.pdf.pages
        except Exception as exc:  # pdfminer raises many kinds on damaged files
            if _is_encrypted(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
                raise InputError(f"{path}: {ENCRYPTED}") from exc
            raise InputError(damaged(data, path, exc)) from exc

    def __len__(self) -> int:
        return len(self.pages)

    def page(self, index: int) -> RawPage:
        pg = self.pages[index]
        try:
            chars = [_char(c) for c in pg.chars]
            if sum(1 for c in chars if not c.upright) * 2 <= len(chars):
                chars += overlay_chars(pg)
            lines = [_plain(x) for x in pg.lines]
            rects = [_plain(x) for x in pg.rects]
            tables = find_tables(pg) if ruled(lines, rects) else []
            return RawPage(pg.page_number, float(pg.width), float(pg.height), chars, lines,
                           rects, tables, len(pg.images))
        finally:
            pg.close()

    def close(self) -> None:
        self.pdf.close()


def _char(c: dict[str, Any]) -> Char:
    font = str(c.get("fontname", ""))
    m = c.get("matrix") or (1, 0, 0, 1, 0, 0)
    return Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c["size"], font,
                is_bold(font), c.get("upright", True), m[1] > 0)


def _plain(o: dict[str, Any]) -> dict[str, Any]:
    return {k: o.get(k) for k in ("x0", "x1", "top", "bottom", "stroke", "fill",
                                  "non_stroking_color")}


def _is_encrypted(exc: BaseException, kinds: tuple[type[BaseException], ...]) -> bool:
    """pdfplumber wraps pdfminer's errors: look through causes and arguments."""
    seen: list[object] = [exc]
    for _ in range(6):
        if not seen:
            break
        e = seen.pop()
        if isinstance(e, kinds):
            return True
        if isinstance(e, BaseException):
            seen += [x for x in (e.__cause__, e.__context__, *e.args) if x is not None]
    return False


def find_tables(page: Any) -> list[RawTable]:
    """Ruled tables by pdfplumber's finder (page frame)."""
    if any(invisible(r) for r in page.rects):
        page = page.filter(lambda o: o.get("object_type") != "rect" or not invisible(o))
    return [_raw_table(t) for t in page.find_tables()]


def _raw_table(t: Any) -> RawTable:
    cells: list[Box] = []
    for row in t.rows:
        for c in row.cells:
            if c is not None:
                cells.append((c[0], c[1], c[2], c[3]))
    b = t.bbox
    return RawTable((b[0], b[1], b[2], b[3]), cells)


def overlay_chars(page: Any) -> list[Char]:
    """Text drawn by form-field appearances (e.g. the number stamped by a signing tool).

    pdfplumber does not read annotation appearance streams; signed provincial PDFs put the
    document number there, over the blank left in `Số:    /2025/QĐ-...`.
    """
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.pdfinterp import PDFPageInterpreter
    from pdfminer.pdftypes import PDFStream, resolve1

    try:
        annots = resolve1(page.page_obj.attrs.get("Annots"))
    except Exception:
        return []
    if not isinstance(annots, list):
        return []
    out: list[Char] = []
    for ref in annots:
        try:
            a = resolve1(ref)
            sub = resolve1(a.get("Subtype"))
            if getattr(sub, "name", None) not in ("Widget", "FreeText", "Stamp"):
                continue
            if int(resolve1(a.get("F", 0)) or 0) & 2:  # hidden
                continue
            ap = resolve1(resolve1(a.get("AP") or {}).get("N"))
            if not isinstance(ap, PDFStream):
                continue
            rect = [float(v) for v in resolve1(a["Rect"])]
            bbox = [float(v) for v in resolve1(ap.attrs.get("BBox", rect))]
            sx = (rect[2] - rect[0]) / ((bbox[2] - bbox[0]) or 1)
            sy = (rect[3] - rect[1]) / ((bbox[3] - bbox[1]) or 1)
            ctm = (sx, 0.0, 0.0, sy, min(rect[0], rect[2]) - bbox[0] * sx,
                   min(rect[1], rect[3]) - bbox[1] * sy)
            device = PDFPageAggregator(page.pdf.rsrcmgr, pageno=page.page_number)
            device.begin_page(page.page_obj, (1, 0, 0, 1, 0, 0))
            interp = PDFPageInterpreter(page.pdf.rsrcmgr, device)
            interp.render_contents(resolve1(ap.attrs.get("Resources")) or {}, [ap], ctm=ctm)
            top_y = float(page.mediabox[3])
            for item in _walk(device.cur_item):
                if isinstance(item, LTChar) and item.get_text().strip():
                    out.append(Char(item.get_text(), item.x0, item.x1, top_y - item.y1,
                                    top_y - item.y0, item.size, item.fontname,
                                    is_bold(item.fontname), overlay=True))
        except Exception:  # an odd annotation never stops the page
            continue
    return out


def _walk(item: Any) -> Iterable[Any]:
    stack = [item]
    while stack:
        it = stack.pop()
        yield it
        if hasattr(it, "__iter__") and not isinstance(it, str):
            with contextlib.suppress(TypeError):
                stack.extend(it)
