"""HTML pages saved from the legal portals (issue 12 item 1): every page of
../shared/data/html is read or turned into a clear error, with concrete header values."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from tests.conftest import shared_path

import bpextract
from bpextract.errors import InputError
from bpextract.readers import read
from bpextract.readers.html import read_html


def page(name: str) -> Path:
    return shared_path("data", "html", name)


# file -> (issuer, number, doc_type, place, issue_date, signer) of the parsed document
READ = {
    "vbpl_qd-42-2025-qd-ttg_footnotes.html": (
        "THỦ TƯỚNG CHÍNH PHỦ", "42/2025/QĐ-TTg", "Quyết định", "Hà Nội", "2025-11-12",
        "Mai Văn Chính"),
    "vbpl_nd-269-2025-nd-cp_div-header.html": (
        "CHÍNH PHỦ", "269/2025/NĐ-CP", "Nghị định", "Hà Nội", "2025-10-14", "Nguyễn Chí Dũng"),
    "vbpl_nq-104-2025-ubtvqh15_appendix-tables.html": (
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "104/2025/UBTVQH15", "Nghị quyết", "Hà Nội", "2025-09-26",
        "Trần Thanh Mẫn"),
    "vbpl_nq-115-2025-ubtvqh15_label-number.html": (
        "ỦY BAN THƯỜNG VỤ QUỐC HỘI", "115/2025/UBTVQH15", "Nghị quyết", None, None,
        "Trần Thanh Mẫn"),
    "vbpl_tt-06-2025-tt-ttcp_report-forms.html": (
        "THANH TRA CHÍNH PHỦ", "06/2025/TT-TTCP", "Thông tư", "Hà Nội", "2025-09-29",
        "Nguyễn Văn Quảng"),
    "vbpl_tt-90-2025-tt-bnnmt_broken-spacing.html": (
        "BỘ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "90/2025/TT-BNNMT", "Thông tư", "Hà Nội", "2025-12-31",
        "Phùng Đức Tiến"),
    "vbpl_tt-06-2026-tt-btc_cyrillic.html": (
        "BỘ TÀI CHÍNH", "06/2026/TT-BTС", "Thông tư", "Hà Nội", "2026-01-26", "Nguyễn Đức Chi"),
    "vbpl_qd-21-2025-qd-ttg_no-header.html": (
        None, "21/2025/QĐ-TTg", "Quyết định", None, None, None),
    "vbplold_bltths-101-2015-qh13_toanvan.html": (
        "QUỐC HỘI", "101/2015/QH13", "Bộ luật", "Hà Nội", "2015-11-27", "Nguyễn Sinh Hùng"),
    "vbplold_hien-phap-2013_toanvan.html": (
        "QUỐC HỘI", None, "Hiến pháp", "Hà Nội", "2013-11-28", "Nguyễn Sinh Hùng"),
    "vbplold_hien-phap-1992-sd2001_toanvan.html": (
        "QUỐC HỘI", None, "Hiến pháp", "Hà Nội", "2001-12-25", "Nguyễn Văn An"),
    # English translations: no Vietnamese header; read, footnotes kept
    "vbpl_en_decision-intl-integration-strategy.html": None,
    "vbpl_en_circular-adoption-2014.html": None,
}

# file -> words the error message must hold
ERRORS = {
    "vbpl_not-found.html": ["vbpl page", "no document text"],
    "vbpl_qd-2873-1997-qd-bgtvt_metadata-only.html": [
        "without the document's full text", "2873/1997/QĐ-BGTVT", "Toàn văn"],
    "vbplold_bltths-101-2015-qh13_thuoctinh.html": [
        "vbpl_old page", "101/2015/QH13", "27/11/2015"],
    "vbplold_hien-phap-2013_thuoctinh.html": ["vbpl_old page", "Ngày ban hành: 28/11/2013"],
    "vbplold_hien-phap-2013_vb-lien-quan.html": ["vbpl_old page", "no document text"],
    "vbplold_hien-phap-2013_luoc-do.html": ["no document text"],
    "anle-toaan_63-2023-al_thuoctinh.html": ["no document text"],
    # a register of incoming letters exported by a QLVB system: a list, not a document
    "qlvb-phutho_so-van-ban-den-2011.html": ["no document text"],
}


def test_every_shared_page_is_listed() -> None:
    names = {p.name for p in shared_path("data", "html").glob("*.html")}
    assert names == set(READ) | set(ERRORS)


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_pages_without_a_document_are_clear_errors(name: str) -> None:
    with pytest.raises(InputError) as exc:
        read(page(name))
    msg = str(exc.value)
    assert msg.startswith(str(page(name)))
    for words in ERRORS[name]:
        assert words in msg


@pytest.mark.parametrize("name", sorted(READ))
def test_pages_with_a_document_are_read(name: str) -> None:
    d = bpextract.parse(page(name))
    assert d.format == "html" and len(d.text) > 5000
    want = READ[name]
    if want is None:
        return
    h = d.header
    assert (h.issuer, h.number, h.doc_type, h.place, h.issue_date, h.signer.name) == want
    assert h.issuer is None or "CỘNG HÒA" not in h.issuer


def test_header_table_cells_stay_apart() -> None:
    """The issuer and motto columns and the number and place-date cells are never merged."""
    text = read(page("vbpl_qd-42-2025-qd-ttg_footnotes.html")).text
    assert text.startswith("THỦ TƯỚNG CHÍNH PHỦ\n-------\nSố: 42/2025/QĐ-TTg\n"
                           "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
                           "---------------\nHà Nội, ngày 12 tháng 11 năm 2025\nQUYẾT ĐỊNH\n")
    # a data table keeps the cells of a row on one line: `cell | cell`
    assert ("trong thời kỳ mới. | 100% | 100% | 100%\n2 | Thông tin, truyền thông, giáo dục "
            "văn hóa | 2.1. Tỷ lệ hộ gia đình") in text


def test_word_footnotes_of_a_vbpl_page() -> None:
    src = read(page("vbpl_qd-42-2025-qd-ttg_footnotes.html"))
    assert len(src.native_footnotes) == 37
    first = src.native_footnotes[0]
    assert first.text == "Theo pháp luật về xây dựng, thực hiện hương ước, quy ước."
    assert first.marker_offset is not None
    assert src.text[first.marker_offset - 8:first.marker_offset + 1] == "bổ sung)¹"
    d = bpextract.parse(page("vbpl_qd-42-2025-qd-ttg_footnotes.html"))
    assert len(d.footnotes) == 37 and all(f.marker_start is not None for f in d.footnotes)
    f37 = d.footnote_by_id("37")
    assert f37 is not None and f37.text.startswith("Festival, lễ hội, cuộc thi")
    assert d.text[f37.marker_start - 3:f37.marker_start] == "uật"  # `nghệ thuật³⁷`
    assert "Festival, lễ hội" not in d.text  # bodies left the main text
    en = bpextract.parse(page("vbpl_en_decision-intl-integration-strategy.html"))
    assert [f.id for f in en.footnotes] == ["1", "2", "3", "4"]
    assert en.footnotes[2].text == "As above"


def test_site_metadata_fills_only_what_the_text_lacks() -> None:
    d = bpextract.parse(page("vbpl_qd-21-2025-qd-ttg_no-header.html"))
    assert d.site_metadata["Tên văn bản"].startswith("Quyết định số 21/2025/QĐ-TTg Quy định")
    assert d.site_metadata["Ngày có hiệu lực"] == "22/08/2025"
    assert d.header.number == "21/2025/QĐ-TTg" and "number" not in d.header.spans
    assert d.header.sources == {"number": "site"}  # type and title come from the text
    assert any("taken from the site metadata" in w and "21/2025/QĐ-TTg" in w
               for w in d.warnings)
    full = bpextract.parse(page("vbpl_qd-42-2025-qd-ttg_footnotes.html"))
    assert full.header.sources == {} and "Tên văn bản" in full.site_metadata
    assert full.to_dict()["site_metadata"]["Tên văn bản"].startswith("Quyết định số 42/2025")


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese Windows wrote it: vowel letters precomposed (â, ơ, ư...),
    tone marks as combining characters."""


    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            shape = "".join(m for m in d[1:] if m in "\u0302\u0306\u031b")  # â ă ơ
            tones = "".join(m for m in d[1:] if m not in shape)
            out += (unicodedata.normalize("NFC", d[0] + shape) + tones).encode("cp1258")
    return bytes(out)


def test_declared_charset_is_honoured() -> None:
    """A real header table saved by an old portal as Windows-1258 with <meta charset>."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page("vbplold_hien-phap-2013_toanvan.html").read_text("utf-8"))
    node = tree.css_first("div.fulltext")
    assert node is not None
    body = node.html or ""
    html = ('<html><head><meta http-equiv="Content-Type" content="text/html; '
            f'charset=windows-1258"></head><body>{body}</body></html>')
    data = _cp1258(html)
    src = read_html(data, "hien-phap.htm")
    assert src.encoding == "cp1258"
    text = unicodedata.normalize("NFC", src.text)
    assert text.startswith("QUỐC HỘI\nSố: Không số\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")
    # the same bytes without the declaration are not UTF-8: a clear error, never mojibake
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_html(data.replace(b"charset=windows-1258", b""), "hien-phap.htm")


def test_generic_fallback_on_an_unknown_page_layout() -> None:
    """The body of a real page inside markup no template knows: the largest text block."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page("vbpl_nd-269-2025-nd-cp_div-header.html").read_text("utf-8"))
    node = tree.css_first("div.preview-content")
    assert node is not None
    html = ("<html><head><meta charset='utf-8'></head><body><nav><ul><li>Trang chủ</li>"
            f"<li>Văn bản</li></ul></nav><article>{node.inner_html}</article></body></html>")
    src = read_html(html.encode("utf-8"), "page.html")
    assert src.text.startswith("CHÍNH PHỦ\n")
    assert "Trang chủ" not in src.text
    assert any("no portal template" in w for w in src.warnings)
