"""Analysis-ready derived values: date bounds and precision, currency, canonical organs."""

from __future__ import annotations

import datetime as dt

import pytest

import bpextract
from bpextract.canonical import date_fields, organ_of, precision_of
from bpextract.rules import get_rules

D = dt.date


@pytest.mark.parametrize(("value", "end", "kind", "rule", "want"), [
    ("2022-01-11", None, "date", "long", ("day", D(2022, 1, 11), D(2022, 1, 11))),
    ("2024-02", None, "date", "month", ("month", D(2024, 2, 1), D(2024, 2, 29))),
    ("2022", None, "date", "year", ("year", D(2022, 1, 1), D(2022, 12, 31))),
    ("2025-04", "2025-06", "range", "quarter", ("quarter", D(2025, 4, 1), D(2025, 6, 30))),
    ("2025-01", "2026", "range", "quarter", ("range", D(2025, 1, 1), D(2026, 12, 31))),
    ("2021", "2025", "range", "year-range", ("range", D(2021, 1, 1), D(2025, 12, 31))),
    ("2024-03-01", "2024-04-15", "range", "range-merge",
     ("range", D(2024, 3, 1), D(2024, 4, 15))),
    ("--03-03", None, "recurring", "day-month", ("recurring", None, None)),
    (None, None, "placeholder", "placeholder", ("placeholder", None, None)),
    ("2023-02-30", None, "date", "long", ("day", None, None)),  # as written; no such day
])
def test_date_fields(value: str | None, end: str | None, kind: str, rule: str,
                     want: tuple[str, D | None, D | None]) -> None:
    assert date_fields(value, end, kind, rule) == want


def test_date_fields_from_parsed_text() -> None:
    doc = bpextract.parse_text("Trong quý II/2025 và 6 tháng đầu năm 2024, tháng 5/2023, "
                               "hằng năm vào ngày 3/3.\n")
    got = {d.text: date_fields(d.value, d.end_value, d.kind, d.rule) for d in doc.dates}
    assert got["quý II/2025"] == ("quarter", D(2025, 4, 1), D(2025, 6, 30))
    assert got["6 tháng đầu năm 2024"] == ("range", D(2024, 1, 1), D(2024, 6, 30))
    assert got["tháng 5/2023"] == ("month", D(2023, 5, 1), D(2023, 5, 31))
    assert precision_of("--03-03", None, "recurring", None) == "recurring"


@pytest.mark.parametrize(("issuer", "number", "want"), [
    ("THỦ TƯỚNG CHÍNH PHỦ", "844/QĐ-TTg", ("TTg", "Thủ tướng Chính phủ")),
    ("bộ tài chính", "144/2002/QĐ/BTC", ("BTC", "Bộ Tài chính")),
    ("ỦY BAN NHÂN DÂN TỈNH BÌNH PHƯỚC", "991/QĐ-UBND", ("UBND", "Ủy ban nhân dân")),
    ("UỶ BAN NHÂN DÂN TỈNH AN GIANG", None, ("UBND", "Ủy ban nhân dân")),
    (None, "35/BC-UBND", ("UBND", "Ủy ban nhân dân")),
    (None, "63/2025/QH15", ("QH", "Quốc hội")),
    ("Thủ tướng Chính phủ", None, ("TTg", "Thủ tướng Chính phủ")),  # not `Chính phủ`
    ("Công ty TNHH Minh Long", "12/2024/HĐ-ML", (None, None)),
])
def test_organ_of(issuer: str | None, number: str | None,
                  want: tuple[str | None, str | None]) -> None:
    assert organ_of(issuer, number, get_rules()) == want
