"""The pdfium engine (pypdfium2, BSD/Apache): characters, rules and images of each page in C.

About 10x faster than pdfminer for the same characters. pdfium's text page differs from
pdfminer's in ways handled here: it adds generated chars (`\\r\\n` between lines, spaces where
it guesses a word gap) and replaces some drawn spaces by generated ones; it reports a font size
before the text matrix (so the size is scaled here) and a glyph box per char (the em box is
rebuilt from the baseline side of the loose box, as pdfminer draws it); a hyphen it takes for a
soft one comes as U+0002 or U+FFFE; an accent drawn as its own glyph is composed with its
letter (NFC). Form-field and stamp appearances (the document number a signing tool stamps over
the blank of `Số:`) are not in the text page: on the few pages with such annotations they are
the chars that a flattened copy of the page adds.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..errors import InputError
from .pdf_chars import ENCRYPTED, Char, RawPage, RawTable, damaged, invisible, ruled
from .pdf_grid import Edge, edge, find_tables

_HYPHEN_CODES = frozenset((0x02, 0xFFFE, 0xAD))  # soft hyphens as pdfium reports them
_GENERATED_CODES = frozenset((32, 13, 10, 0xFFFE, 2))  # what pdfium may add of its own
_OVERLAY_SUBTYPES = (20, 3, 13)  # FPDF_ANNOT_WIDGET, FREETEXT, STAMP
_Matrix = tuple[float, float, float, float, float, float]
# per glyph, set lookups instead of str.isspace() and unicodedata.combining() calls
_SPACES = frozenset(c for c in range(0x3001) if chr(c).isspace())  # none above U+3000
_MARKS = frozenset(c for c in range(0x300, 0x10000) if unicodedata.combining(chr(c)))
_Area = tuple[float, float, float, float]  # x0, y0, x1, y1 in PDF user space


class PdfiumEngine:
    def __init__(self, data: bytes, path: str) -> None:
        import pypdfium2 as pdfium

        self.data, self.path = data, path
        try:
            self.pdf = pdfium.PdfDocument(data)
            self.n = len(self.pdf)
        except pdfium.PdfiumError as exc:
            if "password" in str(exc).lower() or "security" in str(exc).lower():
                raise InputError(f"{path}: {ENCRYPTED}") from exc
            raise InputError(damaged(data, path, exc)) from exc

    def __len__(self) -> int:
        return self.n

    def page(self, index: int) -> RawPage:
        import pypdfium2.raw as R

        page = self.pdf[index]
        try:
            left, bottom, right, top = page.get_mediabox()
            frame = _Frame(left, bottom, right, top, page.get_rotation())
            inked: set[int | None] = set()
            codes: list[int] = []
            chars = _text_page_chars(R, page, frame, inked, codes=codes)
            drawn = len(chars)
            lines: list[dict[str, Any]] = []
            rects: list[dict[str, Any]] = []
            curves: list[list[tuple[float, float]]] = []
            images = _graphics(R, page.raw, frame, lines, rects, curves, inked, chars)
            areas = _overlays(R, page.raw)  # few pages have any: asked before the count
            if areas and sum(1 for c in chars if not c.upright) * 2 > len(chars):
                areas = []
            if areas and R.FPDFPage_Flatten(page.raw, 0) == 1:  # FLAT_NORMALDISPLAY
                page.close()
                page = self.pdf[index]
                # only the chars over the annotations can be new: the rest is not read again
                near = _text_page_chars(R, page, frame, set(), areas, codes)
                chars += _stamped(chars[:drawn], near)
            tables = _tables(lines, rects, curves) if ruled(lines, rects) else []
            return RawPage(index + 1, frame.width, frame.height, chars, lines, rects, tables,
                           images)
        finally:
            page.close()

    def close(self) -> None:
        self.pdf.close()


def _text_page_chars(R: Any, page: Any, frame: _Frame, inked: set[int | None],
                     areas: list[_Area] | None = None, codes: list[int] | None = None,
                     ) -> list[Char]:
    tp = R.FPDFText_LoadPage(page.raw)
    if not tp:
        raise InputError("pdfium could not load the text of the page")
    try:
        return _chars(R, tp, frame, inked, areas, codes)
    finally:
        R.FPDFText_ClosePage(tp)


def _stamped(before: list[Char], after: list[Char]) -> list[Char]:
    """Form-field and stamp text: the chars a flattened copy of the page has in addition.

    pdfium keeps annotation appearances out of the text page; flattening draws them into the
    page content (this document is our own in-memory copy), so the new chars are theirs.
    """
    def key(c: Char) -> tuple[str, float, float]:
        return (c.text, round(c.x0, 1), round(c.bottom, 1))

    if not after:
        return []
    # only chars at the heights of the new ones can share a key (round to 0.1 of a point)
    lo, hi = min(c.bottom for c in after) - 0.2, max(c.bottom for c in after) + 0.2
    seen = Counter(key(c) for c in before if lo <= c.bottom <= hi)
    out: list[Char] = []
    for c in after:
        k = key(c)
        if seen[k] > 0:
            seen[k] -= 1
        elif not c.text.isspace():
            out.append(c._replace(overlay=True))
    return out


class _Frame:
    """PDF user space -> pdfplumber's frame (top-left origin, page rotation applied)."""

    def __init__(self, left: float, bottom: float, right: float, top: float, rot: int) -> None:
        self.left, self.bottom, self.right, self.top, self.rot = left, bottom, right, top, rot
        w, h = right - left, top - bottom
        self.width, self.height = (h, w) if rot in (90, 270) else (w, h)

    def pt(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.left, y - self.bottom
        w, h = self.right - self.left, self.top - self.bottom
        if self.rot == 90:
            return y, x
        if self.rot == 180:
            return w - x, y
        if self.rot == 270:
            return h - y, w - x
        return x, h - y

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        """(x0, top, x1, bottom) of a user-space rectangle."""
        ax, ay = self.pt(x0, y0)
        bx, by = self.pt(x1, y1)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


class _Fast:
    """The per-char pdfium calls with plain C types (handles and results as ints/floats):
    pypdfium2's bindings build a pointer object per call, which was most of the time.

    The four calls made for every glyph (`glyph_*`) have no argument types at all: ctypes
    then passes ints as C ints and pointers as they are without converting each argument
    through a prototype (0.36 against 0.61 us a call). Their callers must pass every handle
    and pointer as a `c_void_p` object or, cheaper, as a `byref` made once (`_ref`), never
    as a Python int. All are `PYFUNCTYPE`: short calls into pdfium that touch no Python
    object, so the GIL is kept over them instead of being released and taken back per call
    (a tenth of a glyph call's instructions).
    """

    def __init__(self, R: Any) -> None:
        vp, i, d = ctypes.c_void_p, ctypes.c_int, ctypes.c_double

        def fn(name: str, res: Any, *args: Any) -> Any:
            addr = ctypes.cast(getattr(R, name), ctypes.c_void_p).value or 0
            return ctypes.PYFUNCTYPE(res, *args)(addr)

        self.unicode = fn("FPDFText_GetUnicode", ctypes.c_uint, vp, i)
        self.generated = fn("FPDFText_IsGenerated", i, vp, i)
        self.text_object = fn("FPDFText_GetTextObject", vp, vp, i)
        self.loose_box = fn("FPDFText_GetLooseCharBox", i, vp, i, vp)
        self.origin = fn("FPDFText_GetCharOrigin", i, vp, i, vp, vp)

        def bare(name: str, res: Any) -> Any:
            addr = ctypes.cast(getattr(R, name), ctypes.c_void_p).value or 0
            return ctypes.PYFUNCTYPE(res)(addr)

        self.glyph_generated = bare("FPDFText_IsGenerated", i)
        self.glyph_object = bare("FPDFText_GetTextObject", vp)
        self.glyph_box = bare("FPDFText_GetLooseCharBox", i)
        self.glyph_origin = bare("FPDFText_GetCharOrigin", i)
        # and the per-segment calls of a path (segment handles come back as `_Handle`)
        self.bare_segment = bare("FPDFPath_GetPathSegment", _Handle)
        self.bare_point = bare("FPDFPathSegment_GetPoint", i)
        self.bare_segment_type = bare("FPDFPathSegment_GetType", i)
        self.bare_segment_close = bare("FPDFPathSegment_GetClose", i)
        self.font_size = fn("FPDFText_GetFontSize", d, vp, i)
        self.get_text = fn("FPDFText_GetText", i, vp, i, i, vp)
        self.text_font = fn("FPDFTextObj_GetFont", vp, vp)
        self.font_name = fn("FPDFFont_GetBaseFontName", ctypes.c_size_t, vp, vp, ctypes.c_size_t)
        self.font_weight = fn("FPDFText_GetFontWeight", i, vp, i)
        self.matrix = fn("FPDFText_GetMatrix", i, vp, i, vp)
        self.count_segments = fn("FPDFPath_CountSegments", i, vp)
        self.segment = fn("FPDFPath_GetPathSegment", vp, vp, i)
        self.point = fn("FPDFPathSegment_GetPoint", i, vp, vp, vp)
        self.segment_type = fn("FPDFPathSegment_GetType", i, vp)
        self.segment_close = fn("FPDFPathSegment_GetClose", i, vp)
        self.page_count = fn("FPDFPage_CountObjects", i, vp)
        self.page_object = fn("FPDFPage_GetObject", vp, vp, i)
        self.form_count = fn("FPDFFormObj_CountObjects", i, vp)
        self.form_object = fn("FPDFFormObj_GetObject", vp, vp, ctypes.c_ulong)
        self.obj_type = fn("FPDFPageObj_GetType", i, vp)
        self.obj_matrix = fn("FPDFPageObj_GetMatrix", i, vp, vp)
        self.obj_bounds = fn("FPDFPageObj_GetBounds", i, vp, vp, vp, vp, vp)
        self.draw_mode = fn("FPDFPath_GetDrawMode", i, vp, vp, vp)
        self.fill_color = fn("FPDFPageObj_GetFillColor", i, vp, vp, vp, vp, vp)
        self.text_size = fn("FPDFTextObj_GetFontSize", i, vp, vp)


class _Handle(ctypes.c_void_p):
    """A pointer result kept as a ctypes object (a subclass is not turned into an int), to be
    passed on to the unprototyped calls as it is."""


def _ref(handle: int | None) -> Any:
    """A pdfium handle (a pointer value) as a ready-made pointer argument of the unprototyped
    calls: ctypes passes a `byref` as it is, where a `c_void_p` object is converted (a
    format lookup and a new argument object) on every call. The `c_char` at the handle's
    address is only a view for `byref` to point at: it is never read."""
    return ctypes.byref(ctypes.c_char.from_address(handle or 0))


def _fast(R: Any) -> _Fast:
    if not _FAST:
        _FAST.append(_Fast(R))
    return _FAST[0]


_FAST: list[_Fast] = []


def _chars(R: Any, tp: Any, frame: _Frame, inked: set[int | None],
           areas: list[_Area] | None = None, seen: list[int] | None = None) -> list[Char]:
    """The text page's chars; `inked` gets the text objects that drew a non-space glyph.
    Without `areas`, `seen` (if given) receives the page's char codes. With `areas`, only the
    chars whose loose box meets one of them (user space), and of those only the chars after
    `seen` when the page starts with exactly those codes: a flattened page is the page's own
    text followed by the annotations' (pdfium keeps content order), so only that tail is new.

    The loop runs once per glyph (a million times in a large gazette): C calls through plain
    prototypes, names bound to locals, records built as tuples.
    """
    f = _fast(R)
    h = ctypes.cast(tp, ctypes.c_void_p).value
    n = R.FPDFText_CountChars(tp)
    units = (ctypes.c_ushort * (n + 1))()
    f.get_text(h, 0, n, ctypes.addressof(units))
    codes = units[:n]  # without the terminating 0 GetText writes after the n units
    if codes and max(codes) >= 0xD800 and any(0xD800 <= c <= 0xDFFF for c in codes):
        # a char outside the BMP: one at a time
        codes = [f.unicode(h, i) for i in range(n)]
    start = 0
    if areas is None and seen is not None:
        seen[:] = codes
    elif seen is not None and codes[:len(seen)] == seen:
        start = len(seen)
    rect = R.FS_RECTF()
    mat = R.FS_MATRIX()
    buf = ctypes.create_string_buffer(256)
    pmat, pbuf = ctypes.addressof(mat), ctypes.addressof(buf)
    fonts: dict[int | None, tuple[str, bool]] = {}
    ox, oy_c = ctypes.c_double(), ctypes.c_double()
    generated, text_object, loose_box, origin = (f.glyph_generated, f.glyph_object,
                                                 f.glyph_box, f.glyph_origin)
    hv, vrect, vox, voy = _ref(h), ctypes.byref(rect), ctypes.byref(ox), ctypes.byref(oy_c)
    new, inked_add = tuple.__new__, inked.add
    generated_codes = _GENERATED_CODES
    # code -> (the char's text (a lone surrogate, a soft hyphen), a space?, an accent?)
    kinds: dict[int, tuple[str, bool, bool]] = {}
    obj_inked = False
    out: list[Char] = []
    append = out.append
    p: Char | None = None  # the last char kept (out[-1])
    obj_key: int | None = -1
    font, bold, size, angle, upright, up = "", False, 0.0, 0.0, True, False
    plain = frame.rot == 0
    straight = plain  # plain and upright
    left, page_top = frame.left, frame.top
    pending_space = False
    items: Iterable[tuple[int, int]] = enumerate(codes)
    if areas is not None:
        items = [(i, codes[i]) for i in _over_areas(f, h, start, n, rect, areas)]
    for i, code in items:
        if code in generated_codes and generated(hv, i):
            if code == 32:
                pending_space = True  # a word gap pdfium saw: a space between its neighbours
            continue
        key = text_object(hv, i)
        if key != obj_key:  # font, size and matrix change only with the text object
            obj_key = key
            obj_inked = False
            handle = f.text_font(key)
            known = fonts.get(handle)
            if known is None:  # name and weight belong to the font: read once per page
                nb = f.font_name(handle, pbuf, 256)
                name = buf.raw[:max(nb - 1, 0)].decode("utf-8", "replace")
                known = fonts[handle] = (name, "Bold" in name or "bold" in name
                                         or f.font_weight(h, i) >= 700)
            font, bold = known
            f.matrix(h, i, pmat)
            size = f.font_size(h, i) * (math.hypot(mat.c, mat.d) or 1.0)
            angle = math.atan2(mat.b, mat.a)
            upright, up = math.cos(angle) > 1e-3, math.sin(angle) > 0
            straight = plain and upright
        kind = kinds.get(code)
        if kind is None:
            kind = kinds[code] = _kind(code)
        text, space, mark = kind
        if not space and not obj_inked:
            inked_add(key)
            obj_inked = True
        loose_box(hv, i, vrect)
        if straight:
            # pdfminer's box: from the origin (the loose box of an italic or a `j` reaches
            # left of it) to the advance, the em box above the descent
            origin(hv, i, vox, voy)
            x1 = rect.right - left
            x0 = ox.value - left
            if x0 > x1:
                x0 = x1
            bottom = page_top - rect.bottom
            top = bottom - size
        else:
            x0, top, x1, bottom = frame.box(rect.left, rect.bottom, rect.right, rect.top)
            if plain:  # text turned by a quarter: the box starts at the origin here too
                origin(hv, i, vox, voy)
                oy = page_top - oy_c.value
                if up:
                    bottom = max(min(bottom, oy), top)
                else:
                    top = min(max(top, oy), bottom)
        if p is not None:
            if mark:
                # a separately drawn accent: composed with its letter (NFC)
                joined = unicodedata.normalize("NFC", p[0] + text)
                if len(joined) == 1:
                    p = out[-1] = p._replace(text=joined, x1=max(p[2], x1))
                    continue
            if straight:
                if p[1] <= x0 < p[2] - 0.01 and abs(bottom - p[4]) < 0.1 * size:
                    # the loose box of an italic reaches past its advance: cut there
                    p = out[-1] = new(Char, (p[0], p[1], x0, *p[3:]))
            elif plain and abs(x0 - p[1]) < 0.1 * size:
                if up and p[3] < bottom <= p[4]:
                    p = out[-1] = p._replace(top=bottom)
                elif not up and p[3] <= top < p[4]:
                    p = out[-1] = p._replace(bottom=top)
            if pending_space and not space and x0 > p[2] and abs(bottom - p[4]) < 0.3 * size \
                    and not p[0].isspace():
                append(new(Char, (" ", p[2], x0, *p[3:])))
        pending_space = False
        p = new(Char, (text, x0, x1, top, bottom, size, font, bold, upright, up, False))
        append(p)
    return out


def _kind(code: int) -> tuple[str, bool, bool]:
    """A char code's text, and whether it is a space and a separately drawn accent."""
    text = "-" if code in _HYPHEN_CODES else (
        chr(code) if not 0xD800 <= code <= 0xDFFF else "\ufffd")  # a lone surrogate
    return text, code in _SPACES, code in _MARKS or (
        code > 0xFFFF and bool(unicodedata.combining(text)))


def _over_areas(f: _Fast, h: int | None, start: int, n: int, rect: Any, areas: list[_Area],
                ) -> list[int]:
    """Indices from `start` of the chars whose loose box meets one of the areas (user space)."""
    loose_box = f.glyph_box
    hv, vrect = _ref(h), ctypes.byref(rect)
    out: list[int] = []
    for i in range(start, n):
        loose_box(hv, i, vrect)
        left, right, bottom, top = rect.left, rect.right, rect.bottom, rect.top
        for x0, y0, x1, y1 in areas:
            if left <= x1 and right >= x0 and bottom <= y1 and top >= y0:
                out.append(i)
                break
    return out


def _overlays(R: Any, page: Any) -> list[_Area]:
    """User-space rectangles of the visible form-field / stamp annotations with an appearance
    (grown by a point: a glyph may reach past its annotation's edge)."""
    out: list[_Area] = []
    rect = R.FS_RECTF()
    for i in range(R.FPDFPage_GetAnnotCount(page)):
        annot = R.FPDFPage_GetAnnot(page, i)
        try:
            if R.FPDFAnnot_GetSubtype(annot) in _OVERLAY_SUBTYPES \
                    and not R.FPDFAnnot_GetFlags(annot) & 2 and R.FPDFAnnot_HasKey(annot, b"AP"):
                if not R.FPDFAnnot_GetRect(annot, rect):
                    return [(-math.inf, -math.inf, math.inf, math.inf)]  # all of the page
                xs, ys = sorted((rect.left, rect.right)), sorted((rect.bottom, rect.top))
                out.append((xs[0] - 1, ys[0] - 1, xs[1] + 1, ys[1] + 1))
        finally:
            R.FPDFPage_CloseAnnot(annot)
    return out


def _graphics(R: Any, page: Any, frame: _Frame, lines: list[dict[str, Any]],
              rects: list[dict[str, Any]], curves: list[list[tuple[float, float]]],
              inked: set[int | None], chars: list[Char]) -> int:
    """Walk the page objects (into form XObjects): rules and rectangles as pdfminer would
    classify the painted paths, every other path as a polyline; returns the image count.

    Text objects that drew only spaces become one space char over their extent: pdfium keeps
    one space of a run (and none of a space drawn in its own font), but the layout needs the
    blank (a word gap, the blank of `Số:      /2025/QĐ-...` that a stamp fills).
    """
    f = _fast(R)
    images = 0
    fsize = ctypes.c_float()
    bl, bb, br, bt = (ctypes.c_float() for _ in range(4))
    m = R.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    cr, cg, cb, ca = (ctypes.c_uint() for _ in range(4))
    pm, pfill, pstroke = ctypes.addressof(m), ctypes.addressof(fill), ctypes.addressof(stroke)
    pcolor = [ctypes.addressof(x) for x in (cr, cg, cb, ca)]
    pbox = [ctypes.addressof(x) for x in (bl, bb, br, bt)]
    kind_of, matrix, draw_mode = f.obj_type, f.obj_matrix, f.draw_mode
    image_t, text_t, path_t, form_t = (R.FPDF_PAGEOBJ_IMAGE, R.FPDF_PAGEOBJ_TEXT,
                                       R.FPDF_PAGEOBJ_PATH, R.FPDF_PAGEOBJ_FORM)
    stack: list[tuple[int | None, int, _Matrix]] = [
        (ctypes.cast(page, ctypes.c_void_p).value, -1, (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
    while stack:
        parent, kind, outer = stack.pop()
        count, get = ((f.page_count(parent), f.page_object) if kind < 0
                      else (f.form_count(parent), f.form_object))
        for i in range(count):
            obj = get(parent, i)
            t = kind_of(obj)
            if t == image_t:
                images += 1
                continue
            if t == text_t:
                if obj not in inked:  # spaces only
                    _blank(f, obj, outer, frame, chars, m, pm, fsize, pbox, (bl, bb, br, bt))
                continue
            if t != path_t and t != form_t:
                continue
            matrix(obj, pm)
            mm = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
            if t == form_t:
                stack.append((obj, 1, mm))
                continue
            draw_mode(obj, pfill, pstroke)
            if not fill.value and not stroke.value:
                continue  # a clipping path: nothing painted
            color: tuple[float, ...] | None = None
            if fill.value and f.fill_color(obj, *pcolor):
                color = (cr.value / 255, cg.value / 255, cb.value / 255)
            for pts, closed in _subpaths(f, obj, mm, frame):
                _classify(pts, closed, bool(stroke.value), bool(fill.value), color,
                          lines, rects, curves)
    return images


def _blank(f: _Fast, obj: int | None, outer: _Matrix, frame: _Frame, chars: list[Char],
           m: Any, pm: int, fsize: Any, pbox: list[int], box: tuple[Any, ...]) -> None:
    """A space char over a text object of spaces (horizontal text only)."""
    f.obj_matrix(obj, pm)
    mm = _mul((m.a, m.b, m.c, m.d, m.e, m.f), outer)
    if abs(mm[1]) > 1e-3 or mm[0] <= 0 or not f.text_size(obj, ctypes.addressof(fsize)) \
            or not f.obj_bounds(obj, *pbox):
        return
    size = fsize.value * math.hypot(mm[2], mm[3])
    if size <= 0:
        return
    bl, bb, br, _bt = box
    x0, _ = _apply(outer, bl.value, bb.value)
    x1, _ = _apply(outer, br.value, bb.value)
    base = mm[5]  # the baseline; the em box goes 0.216 em below it (Times' descent)
    left, top, right, bottom = frame.box(x0, base - 0.216 * size, x1 + 0.25 * size,
                                         base + 0.784 * size)
    chars.append(Char(" ", left, right, top, bottom, size, "", False))


def _subpaths(f: _Fast, obj: int | None, mm: _Matrix, frame: _Frame,
              ) -> list[tuple[list[tuple[float, float]], bool]]:
    """The path's subpaths (split at each move-to) as points in the page frame."""
    px, py = ctypes.c_float(), ctypes.c_float()
    ppx, ppy = ctypes.byref(px), ctypes.byref(py)
    segment, point, kind, close = (f.bare_segment, f.bare_point, f.bare_segment_type,
                                   f.bare_segment_close)
    a, b, c, d, e, g = mm
    plain = frame.rot == 0
    left, top = frame.left, frame.top
    out: list[tuple[list[tuple[float, float]], bool]] = []
    cur: list[tuple[float, float]] = []
    closed = False
    hv = _ref(obj)
    for j in range(f.count_segments(obj)):
        seg = segment(hv, j)
        point(seg, ppx, ppy)
        if cur and kind(seg) == 2:  # FPDF_SEGMENT_MOVETO
            out.append((cur, closed))
            cur, closed = [], False
        x, y = px.value, py.value
        x, y = a * x + c * y + e, b * x + d * y + g
        cur.append((x - left, top - y) if plain else frame.pt(x, y))
        closed = closed or bool(close(seg))
    if cur:
        out.append((cur, closed))
    return out


def _classify(pts: list[tuple[float, float]], closed: bool, stroke: bool, fill: bool,
              color: tuple[float, ...] | None, lines: list[dict[str, Any]],
              rects: list[dict[str, Any]], curves: list[list[tuple[float, float]]]) -> None:
    """pdfminer's shapes: two points a line, four axis-parallel corners a rect, else a curve."""
    if closed and len(pts) >= 2 and pts[-1] != pts[0]:
        pts = [*pts, pts[0]]
    if len(pts) == 2:
        (ax, ay), (bx, by) = pts
        lines.append({"x0": min(ax, bx), "x1": max(ax, bx), "top": min(ay, by),
                      "bottom": max(ay, by), "stroke": stroke, "fill": fill,
                      "non_stroking_color": color})
        return
    if len(pts) == 5 and _near(pts[0], pts[4]):
        pts = pts[:4]
    if len(pts) == 4 and _axis_rect(pts):
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        rects.append({"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys),
                      "stroke": stroke, "fill": fill, "non_stroking_color": color})
        return
    if len(pts) >= 2:
        curves.append(pts)


def _near(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return abs(a[0] - b[0]) < 0.01 and abs(a[1] - b[1]) < 0.01


def _axis_rect(p: list[tuple[float, float]]) -> bool:
    def eq(u: float, v: float) -> bool:
        return abs(u - v) < 0.01

    return ((eq(p[0][0], p[1][0]) and eq(p[1][1], p[2][1]) and eq(p[2][0], p[3][0])
             and eq(p[3][1], p[0][1]))
            or (eq(p[0][1], p[1][1]) and eq(p[1][0], p[2][0]) and eq(p[2][1], p[3][1])
                and eq(p[3][0], p[0][0])))


def _mul(a: _Matrix, b: _Matrix) -> _Matrix:
    """a then b (PDF row-vector convention)."""
    return (a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5])


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _tables(lines: list[dict[str, Any]], rects: list[dict[str, Any]],
            curves: list[list[tuple[float, float]]]) -> list[RawTable]:
    """Ruled tables from the edges of pdfium's paths (pdfplumber's finder, pdf_grid.py)."""
    return [RawTable(bbox, cells) for bbox, cells in find_tables(_edges(lines, rects, curves))]


def _edges(lines: list[dict[str, Any]], rects: list[dict[str, Any]],
           curves: list[list[tuple[float, float]]]) -> list[Edge]:
    """The edges pdfplumber would take from these objects: a line, the four sides of a
    visible rectangle, each segment of a polyline."""
    edges: list[Edge] = []
    for ln in lines:
        edges.append(edge(ln["x0"], ln["top"], ln["x1"], ln["bottom"],
                          "h" if ln["top"] == ln["bottom"] else "v"))
    for r in rects:
        if invisible(r):
            continue
        x0, top, x1, bottom = r["x0"], r["top"], r["x1"], r["bottom"]
        edges += [edge(x0, top, x1, top, "h"), edge(x0, bottom, x1, bottom, "h"),
                  edge(x0, top, x0, bottom, "v"), edge(x1, top, x1, bottom, "v")]
    for pts in curves:
        for (ax, ay), (bx, by) in itertools.pairwise(pts):
            o = "v" if ax == bx else ("h" if ay == by else None)
            edges.append(edge(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by), o))
    return edges
