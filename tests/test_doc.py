"""Word 97-2003 .doc and .rtf (issue 12 item 4): real files through LibreOffice, the antiword
fallback, and the errors when no converter is installed or it runs out of time."""

from __future__ import annotations

import shutil
import warnings
from functools import cache
from pathlib import Path

import pytest
from tests.conftest import shared_path

import bpextract
from bpextract.errors import InputError
from bpextract.readers import Source, doc, read

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice not installed (apt: libreoffice-writer-nogui)")
needs_antiword = pytest.mark.skipif(shutil.which("antiword") is None,
                                    reason="antiword not installed (apt: antiword)")

# file -> a line the reader must give (from the header or the body)
EXPECTED = {
    "binhduong_ct-09-2009-ct-ubnd.doc": "Số: 09/2009/CT-UBND",
    "bnv_tt-01-2011-tt-bnv.doc": "Số: 01/2011/TT-BNV",
    "cantho_qd-09-2010-qd-ubnd.doc": "Số:09/2010/QĐ-UBND",
    "cantho_qd-09-2010-qd-ubnd_quy-dinh.doc": "Việc tuyển chọn, xét chọn tổ chức, cá nhân",
    "cp_nd-37-2007-nd-cp_no-header-table.doc": "CỦA CHÍNH PHỦ SỐ 37/2007/NĐ-CP NGÀY 09 THÁNG 3",
    "cp_nd-68-2011-nd-cp_phu-luc_footnotes.doc": "MẪU BẢN KÊ KHAI TÀI SẢN, THU NHẬP",
    "hanoi_qd-15-2010-qd-ubnd.doc": "Số: 15/2010/QĐ-UBND",
    "phutho_kh-stttt-2011_trien-khai-qlvb.doc": "SỞ THÔNG TIN VÀ TRUYỂN THÔNG",
    "qlvb_phieu-xu-ly-van-ban_crystal.rtf": "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "thainguyen_qd-07-2025-qd-ubnd_tvpl-download.doc": "Số: 07/2025/QĐ-UBND",
    "ttcp_tt-01-2010-tt-ttcp.doc": "Số: 01/2010/TT-TTCP",
    "ttg_qd-93-2007-qd-ttg.doc": "Số: 93/2007/QĐ-TTg",
}


@cache
def _read(name: str) -> Source:
    return read(shared_path("data", "doc", name))


def test_every_file_of_the_doc_folder_is_listed() -> None:
    folder = shared_path("data", "doc")
    assert sorted(p.name for p in folder.iterdir() if p.suffix in (".doc", ".rtf")) == \
        sorted(EXPECTED)


@needs_soffice
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_doc_files_are_read(name: str) -> None:
    src = _read(name)
    assert EXPECTED[name] in src.text
    assert src.format == Path(name).suffix[1:]
    # Unicode files that declare .VnTime fonts are not "converted"; no legacy mojibake remains
    assert not any("legacy encoding" in w for w in src.warnings)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in src.text or \
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM" in src.text or name.startswith("cp_")
    assert "©" not in src.text and "¸" not in src.text


@needs_soffice
def test_native_footnotes_and_header_of_doc_files() -> None:
    src = _read("cp_nd-68-2011-nd-cp_phu-luc_footnotes.doc")
    assert len(src.native_footnotes) == 3
    assert all(n.marker_in_text for n in src.native_footnotes)
    d = bpextract.parse(shared_path("data", "doc", "hanoi_qd-15-2010-qd-ubnd.doc"))
    assert d.header.number == "15/2010/QĐ-UBND"
    assert str(d.header.issue_date) == "2010-04-26"
    # the RTF's \uN escapes come out once, not doubled (`CỘ?NG HÒÒA` in naive readers)
    rtf = _read("qlvb_phieu-xu-ly-van-ban_crystal.rtf").text
    assert "HÒÒA" not in rtf and "?" not in rtf.split("Hạnh phúc")[0]


@needs_soffice
def test_folder_run_gives_a_document_per_file() -> None:
    run = bpextract.parse_folder(shared_path("data", "doc"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        docs = list(run)
    assert run.errors == []
    names = sorted(Path(d.source).name for d in docs if d.format in ("doc", "rtf"))
    assert names == sorted(EXPECTED)


@needs_soffice
def test_legacy_doc_through_libreoffice() -> None:
    src = read(shared_path("data", "legacy", "original", "tcvn3", "2003-02144qd.doc"))
    assert "QUYẾT ĐỊNH CỦA BỘ TRƯỞNG BỘ TÀI CHÍNH" in src.text  # .VnTimeH run upper-cased
    assert "Số: 144 /2002/QĐ/BTC" in src.text
    assert "Căn cứ Nghị định số 86/2002/NĐ-CP ngày 05/11/2002" in src.text
    assert src.warnings == ("legacy encoding: runs set in legacy fonts in TCVN3 (ABC) "
                            "converted to Unicode",)
    vni = read(shared_path("data", "legacy", "original", "vni", "2009-download.doc"))
    assert "BÁO CÁO ĐỊNH KỲ VỀ BẢO HỘ LAO ĐỘNG" in vni.text
    assert any("VNI Windows" in w for w in vni.warnings)


@needs_antiword
def test_antiword_fallback_without_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "_soffice", lambda: None)
    src = read(shared_path("data", "doc", "hanoi_qd-15-2010-qd-ubnd.doc"))
    assert "Số: 15/2010/QĐ-UBND" in src.text
    assert src.warnings[0].startswith("read with antiword: plain text")
    legacy = read(shared_path("data", "legacy", "original", "tcvn3", "2003-02144qd.doc"))
    assert "Căn cứ Nghị định số 86/2002/NĐ-CP" in legacy.text
    assert any("TCVN3 (ABC)" in w for w in legacy.warnings)


def test_no_converter_is_an_error_naming_the_packages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "_which", lambda name: None)
    with pytest.raises(InputError, match="apt-get install libreoffice-writer-nogui"):
        read(shared_path("data", "doc", "hanoi_qd-15-2010-qd-ubnd.doc"))
    with pytest.raises(InputError, match=r"\.rtf files needs LibreOffice"):
        read(shared_path("data", "doc", "qlvb_phieu-xu-ly-van-ban_crystal.rtf"))


@needs_soffice
def test_converter_time_limit_is_an_error_not_fewer_records(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doc, "CONVERT_TIMEOUT", 0.01)
    with pytest.raises(InputError, match=r"did not finish converting within 0 s.*whole or not"):
        read(shared_path("data", "doc", "ttcp_tt-01-2010-tt-ttcp.doc"))


def test_not_a_word_file(tmp_path: Path) -> None:
    p = tmp_path / "x.doc"
    p.write_bytes(b"just some bytes that are no document")
    with pytest.raises(InputError, match=r"not a Word 97-2003 \.doc or RTF"):
        read(p)
    p.write_bytes(b"<html><body>page</body></html>")
    with pytest.raises(InputError, match="web page"):
        read(p)


# ---- layout of converted Word 97 files (issue 12 item 5: two originals under 98 %) ----------


def test_floating_text_boxes_are_read_once_after_the_body() -> None:
    """A drawing's text boxes come twice in the file (DrawingML and its VML fallback); they are
    read once, a line per drawing, after the body, never glued into the anchoring paragraph."""
    from bpextract.readers.docx import read_docx

    p = shared_path("data", "docx", "nd-30-2020-nd-cp_phuluc1.docx")
    text = read_docx(p.read_bytes(), str(p)).text
    assert text.count("PHẦN CUỐI CÙNG CỦA VĂN BẢN ĐƯỢC SAO") == 1
    assert text.count("HỎA TỐC") == 1
    assert "\n\nb) Sơ đồ\n\n20 - 25 mm\n30 - 35 mm\n15 - 20 mm\n7a 7b 7c 8 9b 12\n" in text
    assert "\nHỎA TỐC\nTHƯỢNG KHẨN\nKHẨN\nLƯU HÀNH NỘI BỘ\nXEM XONG TRẢ LẠI\n" in text


@needs_soffice
def test_a_form_table_with_shifted_merged_cells_is_read_row_by_row() -> None:
    """Date and signer over an `attached:` list: the rows do not split at one column, so the
    table is no two-column layout (the transcript reads it row by row)."""
    src = read(shared_path("data", "legacy", "original", "tcvn3", "2006-Mau-MD-1M-Dntn.doc"))
    end = src.text[src.text.index("......................, ngày"):]
    assert end.startswith("......................, ngày ......... tháng ........ năm .........\n"
                          " | CHỦ DOANH NGHIỆP (Ký và ghi rõ họ tên)\nKèm theo đơn: -....")


@needs_soffice
def test_columns_typed_with_spaces_and_a_tcvn3_recipient_block() -> None:
    """corpus/020: Unicode body, Nơi nhận in .VnTime runs (some lines mix both), the
    header and signature columns typed with spaces."""
    f = (Path(__file__).resolve().parent.parent / "corpus"
         / "020_viparse_2009-Chi-thi-trien-khai-thi-hanh-Luat-Dat-dai.doc")
    d = bpextract.parse(f)
    assert d.warnings == (
        "legacy encoding: runs set in legacy fonts in TCVN3 (ABC) converted to Unicode",)
    assert d.text.startswith("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n")
    assert "\n- UBMTTQ TP và các Đòan thể,\n" in d.text  # one line, both encodings
    assert "\n- Bộ Tư pháp, Cục KT văn bản QPPL\n" in d.text
    assert (d.header.number, d.header.issue_date) == ("16/2005/CT-UB", "2005-08-17")
    assert (d.header.signer.name, d.header.signer.position) == ("Võ Thanh Tòng", "CHỦ TỊCH")
