"""The pdfium character engine against pdfplumber's on the same pages (tests/test_pdf.py runs
the whole reader with both engines)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import FIXTURES, shared_path

from bpextract.readers import Source, pdf_pdfium
from bpextract.readers.pdf import DEFAULT_ENGINE, PdfEngine, read_pdf
from bpextract.readers.pdf_chars import Box, Char
from bpextract.readers.pdf_grid import edge, find_tables
from bpextract.readers.pdf_pdfium import PdfiumEngine
from bpextract.readers.pdf_plumber import PlumberEngine

BHXH = "congbao_vbhn-19-2020-vpqh_luat-bhxh.pdf"
PHUTHO = "phutho_qd-quy-che-phoi-hop-nnn_signed.pdf"


@cache
def chars(name: str, page: int, engine: str) -> list[Char]:
    data = (FIXTURES / name).read_bytes()
    doc = PdfiumEngine(data, name) if engine == "pdfium" else PlumberEngine(data, name)
    try:
        return doc.page(page).chars
    finally:
        doc.close()


@cache
def text(name: str, engine: PdfEngine) -> Source:
    p = FIXTURES / name
    return read_pdf(p.read_bytes(), str(p), engine)


def test_default_engine_is_pdfium() -> None:
    assert DEFAULT_ENGINE == "pdfium"


def test_same_glyphs_boxes_and_sizes_as_pdfminer() -> None:
    ours = [c for c in chars(BHXH, 1, "pdfium") if not c.text.isspace()]
    ref = [c for c in chars(BHXH, 1, "pdfplumber") if not c.text.isspace()]
    assert "".join(c.text for c in ours) == "".join(c.text for c in ref)
    assert len(ours) > 2000
    for a, b in zip(ours, ref, strict=True):
        assert abs(a.x0 - b.x0) < 0.05 and abs(a.bottom - b.bottom) < 0.05
        assert abs(a.top - b.top) < 0.05 and abs(a.size - b.size) < 0.01
        assert abs(a.x1 - b.x1) < 0.6  # pdfium's advance of a few glyphs is wider
        assert a.font == b.font
        assert a.bold or not b.bold  # pdfium also knows the weight of a font named plainly
    # the title `LUẬT BẢO HIỂM XÃ HỘI` is drawn heavy in a font whose name does not say Bold
    assert sum(a.bold and not b.bold for a, b in zip(ours, ref, strict=True)) > 10


def test_font_names_and_sizes_per_char() -> None:
    cs = chars(BHXH, 0, "pdfium")
    assert {c.font for c in cs if not c.text.isspace()} >= {"FPVHVI+TimesNewRoman"}
    assert {round(c.size, 2) for c in cs if c.text == "C"} >= {14.04}
    # no generated line ends; pdfium's guessed word gaps are spaces between their neighbours
    assert not any(c.text in "\r\n" for c in cs)
    gaps = [c for c in cs if c.text == " "]
    assert gaps and all(c.x1 >= c.x0 and c.bottom - c.top > 5 for c in gaps)


def test_a_run_of_drawn_spaces_keeps_its_width() -> None:
    """pdfium keeps one space of `Số:      /2025`; the blank the stamp fills is still there."""
    cs = chars(PHUTHO, 0, "pdfium")
    line = [c for c in cs if abs(c.bottom - 98.94) < 0.5 and c.x0 < 135]
    blank = [c for c in line if c.text == " "]
    assert min(c.x0 for c in blank) < 102 and max(c.x1 for c in blank) > 128
    stamped = sorted((c for c in cs if c.overlay), key=lambda c: c.x0)
    assert "".join(c.text for c in stamped) == "63"
    assert all(101 < c.x0 < 130 for c in stamped)  # over the blank


@pytest.mark.parametrize("name", [
    BHXH, "congbao_nq-113-nq-cp.pdf", "congbao_qd-798-qd-ttg.pdf",
    "congbao_tt-01-2025-tt-bldtbxh.pdf", "tvpl-style_nd-100-2001-nd-cp.pdf"])
def test_both_engines_give_the_same_text(name: str) -> None:
    a, b = text(name, "pdfium"), text(name, "pdfplumber")
    assert a.text == b.text
    assert a.page_starts == b.page_starts
    assert a.native_footnotes == b.native_footnotes


def test_pdfium_reads_the_stamped_number_in_the_appendix_title_too() -> None:
    # pdfminer sees the blank of the appendix title as a separate line and drops the stamp
    title = ("(Ban hành kèm theo Quyết định số 63/2025/QĐ-CTUBND ngày 17/10/2025 của Chủ tịch "
             "Ủy ban nhân dân tỉnh Phú Thọ)")
    assert title in text(PHUTHO, "pdfium").text.split("\n")
    assert title not in text(PHUTHO, "pdfplumber").text.split("\n")


def test_unknown_engine_is_named() -> None:
    data = (FIXTURES / BHXH).read_bytes()
    with pytest.raises(ValueError, match="unknown PDF engine 'mupdf'"):
        read_pdf(data, BHXH, "mupdf")  # type: ignore[arg-type]


def test_legacy_font_names_are_kept_per_char() -> None:
    """A TCVN3 (ABC) PDF: the font name tells a later converter which runs to map."""
    p = shared_path("data", "legacy", "original", "tcvn3",
                    "2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10.pdf")
    doc = PdfiumEngine(p.read_bytes(), str(p))
    try:
        cs = doc.page(0).chars
    finally:
        doc.close()
    fonts = {c.font for c in cs if not c.text.isspace()}
    assert {".VnTime", ".VnTimeH,Bold"} <= fonts
    text = "".join(c.text for c in cs if c.font.startswith(".VnTime"))
    assert text.startswith("B¸o c¸o")  # the TCVN3 bytes, not yet Vietnamese


def test_cli_pdf_engine_option_reaches_the_reader(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bpextract.cli import main

    pdf = FIXTURES / "congbao_nq-113-nq-cp.pdf"
    numbers = {}
    for engine in ("pdfium", "pdfplumber"):
        out = tmp_path / engine
        res = CliRunner().invoke(main, ["extract", str(pdf), "-o", str(out), "--pdf-engine",
                                        engine])
        assert res.exit_code == 0, res.output
        numbers[engine] = (out / "documents.csv").read_text(encoding="utf-8")
    assert "113/NQ-CP" in numbers["pdfium"] and "113/NQ-CP" in numbers["pdfplumber"]
    res = CliRunner().invoke(main, ["extract", str(pdf), "-o", str(tmp_path / "x"),
                                    "--pdf-engine", "mupdf"])
    assert res.exit_code == 2


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_ruled_table_cells_with_boxes_and_offsets(engine: PdfEngine) -> None:
    """The reader hands its ruled-table cells on (`Source.pdf_tables`): rows of (text, box, start),
    each cell's text found at its offset in the document text."""
    data = (FIXTURES / "congbao_tt-01-2025-tt-bldtbxh.pdf").read_bytes()
    src = read_pdf(data, "tt-01.pdf", engine)
    assert [(t.page, len(t.rows), len(t.rows[0])) for t in src.pdf_tables] == [(2, 6, 12),
                                                                           (3, 4, 10)]
    first = src.pdf_tables[0]
    assert [c[0] for c in first.rows[1][:3]] == ["Mức điều chỉnh", "5,63", "4,78"]
    assert [c[0] for c in src.pdf_tables[1].rows[2][-2:]] == ["2024", "2025"]
    x0, top, x1, bottom = first.rows[0][0][1]
    assert 62 < x0 < 64 and 102 < x1 < 104 and top < bottom
    for t in src.pdf_tables:
        assert src.text[t.start:t.end] == "\n".join(" | ".join(c[0] for c in r) for r in t.rows)
        for row in t.rows:
            for text, _box, start in row:
                assert src.text[start:start + len(text)] == text


def _plumber_tables(edges: list[list[Any]]) -> list[tuple[Box, list[Box]]]:
    """pdfplumber's own TableFinder (the `lines` strategy, default tolerances) on the same
    edges, as pdf_grid.find_tables returns its tables."""
    from pdfplumber.table import TableFinder

    class EdgePage:
        bbox = (0.0, 0.0, 0.0, 0.0)

        def __init__(self) -> None:
            self.edges = [{"object_type": "line", "x0": e[0], "top": e[1], "x1": e[2],
                           "bottom": e[3], "doctop": e[1], "width": e[4], "height": e[5],
                           "orientation": e[6]} for e in edges]

    out = []
    for t in TableFinder(EdgePage()).tables:  # type: ignore[arg-type]
        cells = [c for row in t.rows for c in row.cells if c is not None]
        out.append((t.bbox, cells))
    return out


@pytest.mark.parametrize("name", ["congbao_tt-01-2025-tt-bldtbxh.pdf",
                                  "congbao_tt-04-2023-tt-bkhdt_tables.pdf"])
def test_grid_finder_finds_pdfplumbers_cells_on_real_pages(
        name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """pdf_grid is pdfplumber's table finder redone on plain lists: on every ruled page, the
    same tables with the same cells, to the last bit of every coordinate."""
    seen: list[list[list[Any]]] = []
    real = pdf_pdfium._edges

    def keep(*args: Any) -> list[list[Any]]:
        edges = real(*args)
        seen.append(edges)
        return edges

    monkeypatch.setattr(pdf_pdfium, "_edges", keep)
    path = FIXTURES / name
    data = (path if path.exists() else shared_path("data", "pdf", name)).read_bytes()
    doc = PdfiumEngine(data, name)
    try:
        for i in range(len(doc)):
            doc.page(i)
    finally:
        doc.close()
    assert len(seen) >= 2
    found = 0
    for edges in seen:
        ours = find_tables(edges)
        assert ours == _plumber_tables(edges)
        found += sum(len(cells) for _, cells in ours)
    assert found > 50


_coord = st.sampled_from([10.0, 10.4, 11.9, 12.5, 40.0, 41.5, 43.2, 80.0, 80.25, 120.0])


@given(st.lists(st.tuples(_coord, _coord, _coord, st.booleans()), min_size=2, max_size=24))
@settings(max_examples=300, deadline=None)
def test_grid_finder_equals_pdfplumbers_on_any_rules(
        rules: list[tuple[float, float, float, bool]]) -> None:
    """Rules a few points apart (snapped to their mean), collinear pieces with small gaps
    (joined), crossings within the tolerance: always pdfplumber's tables and cells."""
    edges = []
    for a, b, c, horizontal in rules:
        lo, hi = min(b, c), max(b, c)
        edges.append(edge(lo, a, hi, a, "h") if horizontal else edge(a, lo, a, hi, "v"))
    assert find_tables(edges) == _plumber_tables(edges)


@pytest.mark.parametrize(("name", "count", "tail"), [
    ("congbao_tt-01-2025-tt-bldtbxh.pdf", 1989, "Người ký: CỔNG THÔNG TIN ĐIỆN TỬ CHÍNH PHỦ"),
    (PHUTHO, 2358, "63"),
])
def test_flattened_page_is_read_only_past_the_pages_own_chars(
        name: str, count: int, tail: str) -> None:
    """The page's char codes are the n units pdfium counts (not GetText's terminating 0), so
    the flattened copy, which starts with exactly those codes, is read only from there on:
    the stamped text and nothing of the page under the annotation (a space of it before)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as R

    pdf = pdfium.PdfDocument((FIXTURES / name).read_bytes())
    try:
        page = pdf[0]
        left, bottom, right, top = page.get_mediabox()
        frame = pdf_pdfium._Frame(left, bottom, right, top, page.get_rotation())
        codes: list[int] = []
        own = pdf_pdfium._text_page_chars(R, page, frame, set(), codes=codes)
        areas = pdf_pdfium._overlays(R, page.raw)
        assert len(codes) == count and len(areas) == 1
        assert R.FPDFPage_Flatten(page.raw, 0) == 1
        page.close()
        page = pdf[0]
        near = pdf_pdfium._text_page_chars(R, page, frame, set(), areas, codes)
        page.close()
    finally:
        pdf.close()
    assert "".join(c.text for c in near).startswith(tail)
    stamped = pdf_pdfium._stamped(own, near)
    assert "".join(c.text for c in stamped) == "".join(
        c.text for c in near if not c.text.isspace())
