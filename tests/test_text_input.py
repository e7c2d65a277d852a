"""Text input: encodings detected (never assumed), NFC, tone marks, markdown, offsets."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from tests.conftest import CORPUS, SEEDS, seed_doc

import bpextract
from bpextract.errors import InputError
from bpextract.normalize import fold_tones, normalize
from bpextract.readers import read

SEED_003 = CORPUS / SEEDS["003"]


def _header_tuple(d: bpextract.Document) -> tuple[object, ...]:
    h = d.header
    return (h.number, h.place, h.issue_date, h.doc_type, h.title, h.signer.name)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _to_cp1258(text: str) -> bytes:
    """cp1258 keeps â ê ô ơ ư ă đ precomposed but writes tone marks as combining characters."""
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in d if c not in _TONES))
        out.append(base + "".join(c for c in d if c in _TONES))
    return "".join(out).encode("cp1258")


@pytest.mark.parametrize("encoding", ["cp1258", "utf-16", "utf-16-le", "utf-8-sig"])
def test_same_header_in_every_encoding(tmp_path: Path, encoding: str) -> None:
    text = SEED_003.read_text(encoding="utf-8")
    data = _to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    p = tmp_path / f"003.{encoding}.txt"
    p.write_bytes(data)
    d = bpextract.parse(p)
    assert _header_tuple(d) == _header_tuple(seed_doc("003"))
    assert d.text == seed_doc("003").text


def test_undecodable_file_is_an_error_that_says_so(tmp_path: Path) -> None:
    # TCVN3 (ABC) bytes of "Ủy ban nhân dân" read as a single-byte stream
    p = tmp_path / "legacy.txt"
    p.write_bytes("Uû ban nh©n d©n tØnh".encode("cp1252") + bytes([0x81, 0x8d, 0x90]))
    with pytest.raises(InputError, match="cannot decode"):
        bpextract.parse(p)


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    with pytest.raises(InputError, match="empty"):
        bpextract.parse(tmp_path / "empty.txt")
    with pytest.raises(InputError, match="not found"):
        bpextract.parse(tmp_path / "nope.txt")
    (tmp_path / "x.odt").write_bytes(b"PK\x03\x04")
    with pytest.raises(InputError, match="unsupported file type"):
        bpextract.parse(tmp_path / "x.odt")


def test_nfd_input_becomes_nfc_with_offsets_to_the_source() -> None:
    raw = unicodedata.normalize("NFD", "Số: 12/KH-UBND\nHà Nội")
    tm = normalize(raw)
    assert tm.text == "Số: 12/KH-UBND\nHà Nội"
    i = tm.text.index("ội")
    assert len(raw) == len(tm.text) + 5  # ố, à, ộ came decomposed (2 + 1 + 2 marks)
    assert raw[tm.origin[i]] == "o" and unicodedata.combining(raw[tm.origin[i] + 1])
    assert raw[tm.origin[i + 1]] == "i"


@pytest.mark.parametrize(("raw", "folded"), [
    ("hoà bình", "hòa bình"), ("thuỷ sản", "thủy sản"), ("Thuỷ", "Thủy"), ("HOÀ", "HÒA"),
    ("quý", "quý"), ("hoàn thành", "hoàn thành"), ("khoẻ", "khỏe"), ("tuỳ theo", "tùy theo"),
])
def test_one_tone_mark_placement(raw: str, folded: str) -> None:
    assert fold_tones(raw) == folded
    assert len(fold_tones(raw)) == len(raw)


@pytest.mark.parametrize(("raw", "clean"), [
    ("3. Ma kết hội nghị**HỘI NGHỊ**\n", "3. Ma kết hội nghị\nHỘI NGHỊ\n"),
    ("vùng **cấp độ 1**: Tổ chức", "vùng cấp độ 1: Tổ chức"),
    ("từ**ngữ**", "từ ngữ"),
])
def test_bold_markup_never_glues_words(raw: str, clean: str) -> None:
    assert normalize(raw).text == clean


def test_markdown_markup_removed_keeping_bullets() -> None:
    raw = "## KẾ HOẠCH\n### **Tổ chức**\n* mục một\n(*nay là Chính Phủ*)\n**Nơi nhận:**"
    assert normalize(raw).text == "KẾ HOẠCH\nTổ chức\n* mục một\n(nay là Chính Phủ)\nNơi nhận:"


def test_seed_offsets_map_back_to_the_file() -> None:
    d = seed_doc("002")
    raw = (CORPUS / SEEDS["002"]).read_text(encoding="utf-8")
    assert d.textmap is not None
    i = d.text.index("Tổ chức phong trào toàn dân")
    j = d.textmap.origin[i]
    assert raw[j:j + 27] == "Tổ chức phong trào toàn dân"
    assert "**" not in d.text and "##" not in d.text


def test_every_record_text_matches_its_offsets(seeds: dict[str, bpextract.Document]) -> None:
    checked = 0
    for doc in seeds.values():
        for table in (doc.references, doc.dates, doc.indicators):
            for r in table:
                base = doc.text if r.footnote is None else doc.footnote_by_id(r.footnote).text  # type: ignore[union-attr]
                assert base[r.start:r.end] == r.text
                checked += 1
        for s in doc.sections:
            assert doc.text[s.start:].startswith(s.label)
    assert checked > 0


_ODD = "Số 12\r\nHà\u00a0Nội\u200b."


@pytest.mark.parametrize("raw", [_ODD, unicodedata.normalize("NFD", _ODD)])
def test_line_ends_and_odd_spaces_with_origins(raw: str) -> None:
    tm = normalize(raw)
    assert tm.text == "Số 12\nHà Nội."
    assert raw[tm.origin[tm.text.index("\n")]] == "\r"
    assert raw[tm.origin[tm.text.index("Nội")]] == "N"


def test_nul_bytes_make_a_binary_file_an_error(tmp_path: Path) -> None:
    # issue 10 item 4: a .md with 4,000 NUL bytes was accepted as a document
    text = SEED_003.read_text(encoding="utf-8").encode("utf-8")
    p = tmp_path / "nul.md"
    p.write_bytes(text[:500] + b"\0" * 4000 + text[500:])
    with pytest.raises(InputError, match=r"contains NUL bytes \(4000\): a binary file"):
        bpextract.parse(p)
    p.write_bytes(b"\0" * 4000)
    with pytest.raises(InputError, match="binary file"):
        bpextract.parse(p)
    # NUL padding at the very end (fixed-size buffers of old tools) is dropped, with a warning
    p.write_bytes(text + b"\0" * 64)
    d = bpextract.parse(p)
    assert d.text == seed_doc("003").text
    assert "64 NUL bytes of padding at the end were dropped" in d.warnings
    # UTF-16 keeps its NUL bytes (they are half of every ASCII character)
    p.write_bytes(SEED_003.read_text(encoding="utf-8").encode("utf-16-le"))
    assert bpextract.parse(p).text == seed_doc("003").text


def test_legacy_tcvn3_and_vni_text_is_converted(tmp_path: Path) -> None:
    tcvn3 = "Uû ban nh©n d©n tØnh\nQUYÕT §ÞNH\nC¨n cø LuËt Tæ chøc chÝnh quyÒn ®Þa ph­¬ng\n"
    p = tmp_path / "abc.txt"
    p.write_bytes(tcvn3.encode("cp1252"))
    src = read(p)
    assert src.text == ("Uỷ ban nhân dân tỉnh\nQUYẾT ĐỊNH\n"
                        "Căn cứ Luật Tổ chức chính quyền địa phương\n")
    assert src.encoding == "tcvn3"
    assert src.warnings == ("legacy encoding: text in TCVN3 (ABC) converted to Unicode",)
    vni = "UÛY BAN NHAÂN DAÂN\nCaên cöù Luaät Toå chöùc chính quyeàn ñòa phöông\n"
    p.write_bytes(vni.encode("cp1252"))
    src = read(p)
    assert src.text == "ỦY BAN NHÂN DÂN\nCăn cứ Luật Tổ chức chính quyền địa phương\n"
    assert src.encoding == "vni"
    # the same legacy text in a UTF-8 file (what catdoc or a copy from Word gives)
    p.write_text(tcvn3, encoding="utf-8")
    src = read(p)
    assert src.text.startswith("Uỷ ban nhân dân tỉnh\nQUYẾT ĐỊNH")
    assert src.encoding == "utf-8+tcvn3"
    # Unicode text with a few Latin-1 letters only is never "converted"
    p.write_text("Bán hàng tại chợ © 2024 – giá ¼ kg\n", encoding="utf-8")
    assert read(p).text == "Bán hàng tại chợ © 2024 – giá ¼ kg\n"
