"""Consistency checks: quiet on the corpus, loud on real text with one contradiction put in."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner
from tests.conftest import CORPUS, shared_path

import bpextract
from bpextract.checks import check_document, check_folder, finding_rows
from bpextract.cli import main
from bpextract.rules import get_rules

SEED3 = (CORPUS / "003_1f92b6282767ab84.txt").read_text(encoding="utf-8")
SEED4 = (CORPUS / "004_019c82b1cf276d3c.txt").read_text(encoding="utf-8")


def _checks(text: str) -> list[tuple[str, str]]:
    doc = bpextract.parse_text(text)
    return [(f.check, f.records[0].text) for f in check_document(doc, get_rules())]


def test_corpus_has_one_finding_and_it_is_real() -> None:
    found = []
    for p in sorted(CORPUS.glob("*.txt")):
        doc = bpextract.parse(p)
        found += [(p.name[:3], f.check, f.message) for f in check_document(doc, get_rules())]
    # 000 really calls a KH-numbered text a Công văn. (026, an OCR'd văn bản hợp nhất, was
    # flagged while its header was read as the consolidated decision's, 15/8/2007: it is now
    # read from the authentication block, 31/12/2014, and cites nothing later.)
    assert found == [("000", "type_code_mismatch",
                      "Công văn numbered 2381/KH-BCĐ: the code KH is a Kế hoạch")]


def test_parts_that_exceed_their_total() -> None:
    assert not [c for c in _checks(SEED3) if c[0] == "parts_exceed_total"]
    bad = SEED3.replace("648 tin (329 tin", "600 tin (329 tin")
    assert ("parts_exceed_total", "600 tin") in _checks(bad)


def test_percentage_against_its_fraction() -> None:
    line = "- Kết quả: 171/171 bản có điện lưới quốc gia, đạt {} số bản.\n"
    text = SEED3.split("\n\n", 6)
    ok = "\n\n".join([*text[:6], line.format("100%"), text[6]])
    bad = "\n\n".join([*text[:6], line.format("90%"), text[6]])
    assert not [c for c in _checks(ok) if c[0] == "percent_vs_fraction"]
    assert [c for c in _checks(bad) if c[0] == "percent_vs_fraction"] == [
        ("percent_vs_fraction", "171/171 bản")]


def test_past_date_after_issue_date() -> None:
    # 003 is dated 26/02/2025
    past = SEED3.replace("Kết quả thu được 648 tin",
                         "Hội nghị sơ kết đã tổ chức ngày 20/3/2025. Kết quả thu được 648 tin")
    future = past.replace("đã tổ chức ngày 20/3/2025", "dự kiến tổ chức ngày 20/3/2025")
    assert ("past_date_after_issue", "ngày 20/3/2025") in _checks(past)
    assert not [c for c in _checks(future) if c[0] == "past_date_after_issue"]


def test_reference_dated_after_the_citing_document() -> None:
    bad = SEED3.replace("Kế hoạch số 4042/KH-UBND, ngày 21/10/2024",
                        "Kế hoạch số 4042/KH-UBND, ngày 21/10/2025")
    assert [c[0] for c in _checks(bad)] == ["reference_after_issue"]
    assert not _checks(SEED3)


def test_type_code_against_type() -> None:
    base = SEED3.replace("Căn cứ Kế hoạch số 587/KH-UBND", "Căn cứ Quyết định số 587/KH-UBND", 1)
    assert ("type_code_mismatch", "Quyết định số 587/KH-UBND ngày 09/12/2015 của Ủy ban nhân dân "
            "(UBND) tỉnh An Giang") in _checks(base)
    ok = SEED3.replace("Căn cứ Kế hoạch số 587/KH-UBND",
                       "Căn cứ Quy định số 296-QĐ/TW ngày 30/5/2015 và Kế hoạch số 587/KH-UBND", 1)
    assert not [c for c in _checks(ok) if c[0] == "type_code_mismatch"]


def test_one_number_two_dates_on_a_real_typo() -> None:
    # a real vbpl.vn page cites Thông tư 02/2015/TT-BNNPTNT four times with 27/01/2015 and once
    # with 27/01/2025
    path = shared_path("data", "bench", "vn_legal_fulltext.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        text = next(json.loads(ln)["text"] for ln in f if '"vbpl-html:doc_000289"' in ln)
    doc = bpextract.parse_text(text)
    found = [f for f in check_document(doc, get_rules()) if f.check == "one_number_two_dates"]
    assert len(found) == 1
    assert "02/2015/TT-BNNPTNT is cited with 2025-01-27 here and 2015-01-27" in found[0].message
    assert len(found[0].records) == 5
    row = finding_rows(found, {doc.doc_id: "x"})[0]
    assert row["check"] == "one_number_two_dates" and row["source"] == "x"
    assert len(json.loads(row["records"])) == 5


def test_folder_one_number_two_titles() -> None:
    a = bpextract.parse_text(SEED3, source="a")
    b = bpextract.parse_text(SEED3.replace("Tổng kết 10 năm thực hiện Chỉ thị số 01/CT-TTg",
                                           "Sơ kết 5 năm thực hiện Chỉ thị số 01/CT-TTg", 1),
                             source="b")
    assert a.header.number == b.header.number == "35/BC-UBND"
    found = check_folder([a, b])
    assert sorted(f.doc_id for f in found) == sorted([a.doc_id, b.doc_id])
    assert not check_folder([a, bpextract.parse_text(SEED4)])


def test_findings_are_a_table_in_every_output(tmp_path: Path) -> None:
    doc = bpextract.parse(CORPUS / "000_8b4ae3eac95484b2.txt")
    assert [f.check for f in doc.checks] == ["type_code_mismatch"]
    assert doc.to_dict()["checks"][0]["records"][0]["table"] == "references"
    frame = bpextract.to_frames([doc])["checks"]
    assert list(frame["check"]) == ["type_code_mismatch"]
    assert json.loads(frame["records"][0])[0]["start"] == doc.checks[0].records[0].start
    res = CliRunner().invoke(main, ["extract", str(CORPUS / "000_8b4ae3eac95484b2.txt"),
                                    "-o", str(tmp_path / "t.sqlite")])
    assert res.exit_code == 0, res.output
    rows = sqlite3.connect(tmp_path / "t.sqlite").execute(
        'SELECT "check", start FROM checks').fetchall()
    assert rows == [("type_code_mismatch", doc.checks[0].records[0].start)]
