"""Document numbers: every family of DOMAIN §2, canonical forms, codes read from the rules."""

from __future__ import annotations

import pytest
import regex

from bpextract.docnumbers import number_pattern, parse_number, tables
from bpextract.errors import RuleError
from bpextract.rules import Rules, get_rules

R = get_rules()

# raw, canonical, year, type name, issuer code, deduced issuer, family
FAMILIES = [
    ("74 /KH-BCĐ", "74/KH-BCĐ", None, "Kế hoạch", "BCĐ", None, "administrative"),
    ("1596/KH - UBND", "1596/KH-UBND", None, "Kế hoạch", "UBND", None, "administrative"),
    ("81/KHPH-MTTQ-BCHBP", "81/KHPH-MTTQ-BCHBP", None, "Kế hoạch phối hợp", "MTTQ", None,
     "administrative"),
    ("238/HD-BCĐ", "238/HD-BCĐ", None, "Hướng dẫn", "BCĐ", None, "administrative"),
    ("570/QĐ-TTg", "570/QĐ-TTg", None, "Quyết định", "TTg", "Thủ tướng Chính phủ",
     "administrative"),
    ("115/BĐBP-CT", "115/BĐBP-CT", None, "Công văn", "BĐBP", None, "letter"),
    ("140/2004/NĐ-CP", "140/2004/NĐ-CP", 2004, "Nghị định", "CP", "Chính phủ", "normative"),
    ("13/2003/CT-TTg", "13/2003/CT-TTg", 2003, "Chỉ thị", "TTg", "Thủ tướng Chính phủ",
     "normative"),
    ("01/2025/TT-BLĐTBXH", "01/2025/TT-BLĐTBXH", 2025, "Thông tư", "BLĐTBXH",
     "Bộ Lao động - Thương binh và Xã hội", "normative"),
    ("06/2003/QH11", "06/2003/QH11", 2003, "Luật", "QH", "Quốc hội", "law"),
    ("16/HĐBT", "16/HĐBT", None, None, "HĐBT", "Hội đồng Bộ trưởng", "old"),
    ("205/TTg", "205/TTg", None, None, "TTg", "Thủ tướng Chính phủ", "old"),
    ("15/CP-TTg", "15/CP-TTg", None, None, "CP", "Thủ tướng Chính phủ", "old"),
    ("02/CT-UB", "02/CT-UB", None, "Chỉ thị", "UB", None, "administrative"),
    ("33-NQ/TW", "33-NQ/TW", None, "Nghị quyết", "TW", None, "party"),
    ("68-KL/TW", "68-KL/TW", None, "Kết luận", "TW", None, "party"),
    ("31-HD/BTCTW", "31-HD/BTCTW", None, "Hướng dẫn", "BTCTW", "Ban Tổ chức Trung ương", "party"),
    ("03-TT/TW", "03-TT/TW", None, "Thông tri", "TW", None, "party"),
    # damaged by PDF extraction: the hyphen restored between a known type and organ code
    ("61/2018/NĐCP", "61/2018/NĐ-CP", 2018, "Nghị định", "CP", "Chính phủ", "normative"),
    ("1961/QĐUBND", "1961/QĐ-UBND", None, "Quyết định", "UBND", None, "administrative"),
    ("12/QĐ.UB", "12/QĐ-UB", None, "Quyết định", "UB", None, "administrative"),
    ("52-\nCT/TW", "52-CT/TW", None, "Chỉ thị", "TW", None, "party"),
    ("12 / 2020 / TT – BCT", "12/2020/TT-BCT", 2020, "Thông tư", "BCT", "Bộ Công Thương",
     "normative"),
    ("7/KH-BDBP", "7/KH-BDBP", None, "Kế hoạch", "BĐBP", None, "administrative"),
    # old style: a slash between type and organ, kept as written
    ("88/2004/TT/BTC", "88/2004/TT/BTC", 2004, "Thông tư", "BTC", "Bộ Tài chính", "normative"),
    ("12 /1999/QĐ/BYT", "12/1999/QĐ/BYT", 1999, "Quyết định", "BYT", "Bộ Y tế", "normative"),
    ("63/2025/QĐ-CTUBND", "63/2025/QĐ-CTUBND", 2025, "Quyết định", "CTUBND", None, "normative"),
]


@pytest.mark.parametrize(("raw", "canon", "year", "type_name", "organ", "issuer", "family"),
                         FAMILIES)
def test_number_families(raw: str, canon: str, year: int | None, type_name: str | None,
                         organ: str, issuer: str | None, family: str) -> None:
    n = parse_number(raw, R)
    assert n is not None
    assert (n.number, n.year, n.type_name, n.issuer_code, n.deduced_issuer, n.family) == (
        canon, year, type_name, organ, issuer, family)
    assert n.raw == raw.strip()


@pytest.mark.parametrize(("raw", "canon"), [
    ("587/KH", "587/KH"),  # a type code without its organ: incomplete (a short form)
])
def test_incomplete_number(raw: str, canon: str) -> None:
    n = parse_number(raw, R)
    assert n is not None and n.number == canon and n.complete is False


@pytest.mark.parametrize("raw", ["", "   ", "/BC-UBND", "Số:", "30/12/2021", "171/171"])
def test_not_a_number(raw: str) -> None:
    assert parse_number(raw, R) is None


@pytest.mark.parametrize(("text", "found"), [
    ("theo Quyết định 16/HĐBT ngày 22/02/1989", ["16/HĐBT"]),
    ("Kế hoạch số 1596/KH - UBND ngày 10/12/2015", ["1596/KH - UBND"]),
    ("Nghị quyết số 33-NQ/TW ngày 28/9/2018", ["33-NQ/TW"]),
    ("ngày 30/12/2021 và 1.244 buổi/69.750 lượt", []),
    ("Khóa VII/2023 của CPC; 156 vụ/780 đối tượng; 171/171 bản", []),
    ("số điện thoại 0915 248 216; Covid-19; 5K", []),
    ("CÔNG BÁO/Số 286/Ngày 27-05-2026", []),
])
def test_number_pattern_in_text(text: str, found: list[str]) -> None:
    got = [m.group(0) for m in number_pattern(R).finditer(text)]
    assert got == found


def test_every_type_code_is_read() -> None:
    """Every coded type of doc_types.yaml is recognized in a number of its family's shape."""
    for e in R["doc_types"].entries("types"):
        if not e.get("coded", True):
            continue
        code = str(e["code"])
        raw = f"12-{code}/TW" if e.get("family") == "party" else f"12/{code}-UBND"
        n = parse_number(raw, R)
        assert n is not None and n.type_code == code, (e.where, raw, n)


def test_doc_type_examples_name_their_type() -> None:
    """Each example, read as text, gives a reference of that type (name or alias)."""
    from bpextract.references import find_references
    for e in R["doc_types"].entries("types"):
        names = {str(e["name"]).lower(), *(str(a).lower() for a in e.get("aliases") or [])}
        assert e.get("examples"), f"{e.where}: type without examples"
        for ex in e["examples"]:
            refs = find_references(ex, R)
            assert refs and refs[0].start == 0, (e.where, ex)
            assert (refs[0].type or "").lower() in names, (e.where, ex, refs[0].type)


def test_organ_examples_carry_their_code() -> None:
    t = tables(R)
    for e in R["organs"].entries("organs"):
        assert e.get("examples"), f"{e.where}: organ without examples"
        for ex in e["examples"]:
            n = parse_number(ex, R)
            assert n is not None, (e.where, ex)
            segs = regex.split(r"[/\-]", n.number)
            keys = {str(t.organs[s]["code"]) for s in segs if s in t.organs}
            keys |= {str(t.organs[s.rstrip("0123456789")]["code"]) for s in segs
                     if s.rstrip("0123456789") in t.organs}
            assert e["code"] in keys, (e.where, ex)


def test_user_rules_extend_organs(tmp_path: object) -> None:
    from pathlib import Path
    d = Path(str(tmp_path))
    (d / "organs.yaml").write_text(
        "organs:\n  - {code: SNV, name: Sở Nội vụ, examples: ['12/KH-SNV']}\n", encoding="utf-8")
    rules = Rules(d)
    n = parse_number("12/KH-SNV", rules)
    assert n is not None and n.issuer_name == "Sở Nội vụ" and n.deduced_issuer == "Sở Nội vụ"
    assert parse_number("12/KH-SNV", R).issuer_name is None  # type: ignore[union-attr]


def test_bad_rule_file_names_file_and_line(tmp_path: object) -> None:
    from pathlib import Path
    d = Path(str(tmp_path))
    (d / "doc_types.yaml").write_text("types:\n  - {code: XX, nam: Sai}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"doc_types.yaml:2: unknown key 'nam'"):
        Rules(d)["doc_types"]


def test_long_hostile_input_gives_no_number() -> None:
    # bounded by construction (possessive digit and code runs): completes with no match
    text = "1" * 50000 + "/" + "A-" * 20000 + " 12/" * 5000 + "-" * 30000
    assert list(number_pattern(R).finditer(text)) == []


def test_parse_number_reads_long_space_runs_once() -> None:
    assert parse_number("12 " + " " * 50000 + "/ KH", R) is not None
    got = parse_number("12 /   KH -  UBND", R)
    assert got is not None and got.number == "12/KH-UBND"


def test_organ_unit_codes_make_a_letter_not_a_type() -> None:
    """`CT` is the type code of Chỉ thị and the organ code of Cục Thuế: followed by one of the
    organ's unit codes (organs.yaml organ_units) the number is the organ's letter."""
    entries = R["organs"].entries("organ_units")
    assert entries
    for e in entries:
        assert e.get("examples") and e.get("counterexamples"), e.where
        for ex in e["examples"]:
            n = parse_number(ex, R)
            assert n is not None, (e.where, ex)
            assert (n.type_code, n.type_name, n.issuer_code, n.issuer_name, n.family) == (
                None, "Công văn", e["code"], e["name"], "letter"), (e.where, ex)
            assert n.deduced_issuer is None  # which Cục Thuế is not in the code
        for ex in e["counterexamples"]:
            n = parse_number(ex, R)
            assert n is not None and n.type_code == e["code"], (e.where, ex)
    # an organ code after the type still reads type-then-organ; CT after an organ is a unit
    n = parse_number("01/CT-TTg", R)
    assert n is not None and (n.type_name, n.deduced_issuer) == ("Chỉ thị", "Thủ tướng Chính phủ")
    n = parse_number("1234/BTC-CT", R)
    assert n is not None and (n.type_name, n.issuer_code) == ("Công văn", "BTC")
