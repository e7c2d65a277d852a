"""A user's rules folder reaches the readers (issue 12): html.yaml templates and legacy.yaml
font names extend the shipped ones for `parse`, `parse_bytes` and `readers.read`."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from tests.conftest import shared_path

import bpextract
from bpextract import legacy
from bpextract.errors import RuleError
from bpextract.readers import read
from bpextract.readers.pdf_chars import Char
from bpextract.rules import Rules


def _tcvn3_lines() -> list[str]:
    """The opening of a real 2003 decree as TCVN3 bytes read as Windows-1252 (Word's view)."""
    raw = shared_path("data", "legacy", "txt_derived", "2004-0328NDCP.tcvn3.txt").read_bytes()
    lines = raw.decode("cp1252", "replace").replace("\r", "").split("\n")
    return [ln.strip() for ln in lines[:12] if ln.strip() and "=" not in ln]


def _docx_in_font(lines: list[str], font: str) -> bytes:
    d = docx.Document()
    for ln in lines:
        d.add_paragraph().add_run(ln).font.name = font
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _font_rules(tmp_path: Path) -> Path:
    (tmp_path / "legacy.yaml").write_text(
        "fonts:\n  - font: 'HN-Times$'\n    encoding: tcvn3\n"
        "  - font: 'HN-TimesH$'\n    encoding: tcvn3\n    upper: true\n", encoding="utf-8")
    return tmp_path


def test_a_user_font_name_makes_its_runs_legacy(tmp_path: Path) -> None:
    data = _docx_in_font(_tcvn3_lines(), "HN-Times")  # a font no shipped pattern names
    shipped = bpextract.parse_bytes(data, "nd-28.docx")
    assert shipped.text.startswith("ChÝnh phñ\n")
    assert not any("legacy encoding" in w for w in shipped.warnings)
    user = bpextract.parse_bytes(data, "nd-28.docx", rules=_font_rules(tmp_path))
    assert user.text.startswith("Chính phủ\n\nSố: 28 /2003/NĐ-CP\tCộng hòa xã hội chủ nghĩa "
                                "việt nam\n\nĐộc lập - Tự do - Hạnh phúc\n")
    assert any("legacy encoding" in w and "TCVN3 (ABC)" in w for w in user.warnings)
    assert user.header.number == "28/2003/NĐ-CP"
    # the same file on disk through parse(path, rules=folder)
    f = tmp_path / "nd-28.docx"
    f.write_bytes(data)
    assert bpextract.parse(f, rules=tmp_path).text == user.text
    # and the readers entry point with a Rules object
    assert read(f, rules=Rules(tmp_path)).text.startswith("Chính phủ\n")
    assert read(f).text.startswith("ChÝnh phñ\n")


def test_a_user_font_name_reaches_the_pdf_hook(tmp_path: Path) -> None:
    glyphs = [Char(ch, 5 * i, 5 * i + 5, 10, 20, 10.0, "ABCDEF+HN-TimesH", False)
              for i, ch in enumerate("nghÞ ®Þnh cña chÝnh phñ")]
    assert legacy.PdfFonts().convert(glyphs) == glyphs
    with legacy.rules_in_use(Rules(_font_rules(tmp_path))):
        out = legacy.PdfFonts().convert(glyphs)
    assert "".join(c.text for c in out) == "NGHỊ ĐỊNH CỦA CHÍNH PHỦ"


def test_a_user_font_for_an_unknown_encoding_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "legacy.yaml").write_text(
        "fonts:\n  - font: 'HN-Times'\n    encoding: tcvn3\n"
        "  - font: 'Old-Font'\n    encoding: viscii\n", encoding="utf-8")
    with (pytest.raises(RuleError, match=r"legacy.yaml:4: font 'Old-Font' names encoding "
                                         r"'viscii', which is not defined"),
          legacy.rules_in_use(Rules(tmp_path))):
        legacy.tables()


def _portal_page() -> bytes:
    """The body of a real vbpl.vn page inside a provincial portal's markup no template knows,
    with a share bar inside the document element."""
    from selectolax.lexbor import LexborHTMLParser

    page = shared_path("data", "html", "vbpl_nd-269-2025-nd-cp_div-header.html")
    node = LexborHTMLParser(page.read_text("utf-8")).css_first("div.preview-content")
    assert node is not None
    html = ("<html><head><meta charset='utf-8'></head><body><div class='cong-ttdt'>"
            "<div class='vb-noidung'><div class='vb-chiase'>Chia sẻ: Facebook | Zalo | In văn "
            f"bản</div>{node.inner_html}</div></div></body></html>")
    return html.encode("utf-8")


def test_a_user_portal_selector_picks_the_document(tmp_path: Path) -> None:
    data = _portal_page()
    shipped = bpextract.parse_bytes(data, "nd-269.html")
    assert any("no portal template matched" in w for w in shipped.warnings)
    assert "Chia sẻ: Facebook" in shipped.text
    (tmp_path / "html.yaml").write_text(
        "templates:\n  - name: cong_ttdt_tinh\n    page: 'div.cong-ttdt'\n"
        "    document: 'div.vb-noidung'\n    drop: ['.vb-chiase']\n", encoding="utf-8")
    user = bpextract.parse_bytes(data, "nd-269.html", rules=tmp_path)
    assert not any("no portal template" in w for w in user.warnings)
    assert "Chia sẻ" not in user.text
    assert user.text.startswith("CHÍNH PHỦ\n")
    assert user.header.number == shipped.header.number == "269/2025/NĐ-CP"
