"""Short forms and declared aliases resolved to the full number cited in the same document."""

from __future__ import annotations

import dataclasses

import pytest

from bpextract.model import Reference
from bpextract.references import find_references
from bpextract.resolve import resolve_references
from bpextract.rules import get_rules

R = get_rules()


def resolved(text: str) -> list[tuple[str, bool, str | None, str | None]]:
    refs = resolve_references(find_references(text, R), R)
    return [(r.text, r.short_form, r.number, r.refers_to) for r in refs]


CASES = [
    # a bare number points back to the full citation of the same type
    ("Thực hiện Chỉ thị số 01/CT-TTg ngày 09/01/2015. Kết quả thực hiện Chỉ thị số 01 tốt.",
     [("Chỉ thị số 01/CT-TTg ngày 09/01/2015", False, "01/CT-TTg", None),
      ("Chỉ thị số 01", True, "01/CT-TTg", "01/CT-TTg")]),
    # ... or forward, to a citation later in the document
    ("Thực hiện Chỉ thị 01. Căn cứ Chỉ thị số 01/CT-TTg ngày 09/01/2015.",
     [("Chỉ thị 01", True, "01/CT-TTg", "01/CT-TTg"),
      ("Chỉ thị số 01/CT-TTg ngày 09/01/2015", False, "01/CT-TTg", None)]),
    # a declared alias
    ("Căn cứ Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ “Về việc X” "
     "(sau đây gọi tắt là Chỉ thị số 01);",
     [("Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ", False, "01/CT-TTg", None),
      ("Chỉ thị số 01", True, "01/CT-TTg", "01/CT-TTg")]),
    # the written issuer picks the Party number through the organ's aliases (Bộ Chính trị -> TW)
    ("Nghị quyết số 33-NQ/TW ngày 28/9/2018; Nghị quyết số 33/NQ-CP ngày 01/3/2019. "
     "Thực hiện Nghị quyết số 33 của Bộ Chính trị.",
     [("Nghị quyết số 33-NQ/TW ngày 28/9/2018", False, "33-NQ/TW", None),
      ("Nghị quyết số 33/NQ-CP ngày 01/3/2019", False, "33/NQ-CP", None),
      ("Nghị quyết số 33 của Bộ Chính trị", True, "33-NQ/TW", "33-NQ/TW")]),
    # a written date picks the citation with the same date
    ("Quyết định số 5/QĐ-UBND ngày 01/02/2020; Quyết định số 5/QĐ-BCĐ ngày 03/4/2021. "
     "Theo Quyết định số 5 ngày 03/4/2021.",
     [("Quyết định số 5/QĐ-UBND ngày 01/02/2020", False, "5/QĐ-UBND", None),
      ("Quyết định số 5/QĐ-BCĐ ngày 03/4/2021", False, "5/QĐ-BCĐ", None),
      ("Quyết định số 5 ngày 03/4/2021", True, "5/QĐ-BCĐ", "5/QĐ-BCĐ")]),
    # a type code without organ: completed by the full citation ...
    ("Căn cứ Kế hoạch số 587/KH-UBND ngày 09/12/2015. Quán triệt Kế hoạch số 587/KH.",
     [("Kế hoạch số 587/KH-UBND ngày 09/12/2015", False, "587/KH-UBND", None),
      ("Kế hoạch số 587/KH", True, "587/KH-UBND", "587/KH-UBND")]),
    # ... or by the written issuer's organ code
    ("Quán triệt Kế hoạch số 88/KH của UBND tỉnh.",
     [("Kế hoạch số 88/KH của UBND tỉnh", True, "88/KH-UBND", "88/KH-UBND")]),
    # organs that numbered `N/CODE` (old_number in organs.yaml)
    ("triển khai Quyết định số 16 của Hội đồng Bộ trưởng (nay là Chính phủ)",
     [("Quyết định số 16 của Hội đồng Bộ trưởng", True, "16/HĐBT", "16/HĐBT")]),
    # a different type never resolves; nothing to point to stays unresolved
    ("Nghị định số 01/2020/NĐ-CP. Thực hiện Chỉ thị số 01.",
     [("Nghị định số 01/2020/NĐ-CP", False, "01/2020/NĐ-CP", None),
      ("Chỉ thị số 01", True, "01", None)]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_resolve(text: str, expected: list[tuple[str, bool, str | None, str | None]]) -> None:
    assert resolved(text) == expected


def test_resolve_across_footnotes() -> None:
    """The pipeline resolves over main text and footnotes together."""
    main = find_references("Thực hiện Nghị quyết số 33 của Bộ Chính trị.", R)
    note = [dataclasses.replace(r, footnote="1")
            for r in find_references("Nghị quyết số 33-NQ/TW ngày 28/9/2018 của Bộ Chính trị", R)]
    out = resolve_references([*main, *note], R)
    assert [(r.number, r.refers_to, r.footnote) for r in out] == [
        ("33-NQ/TW", "33-NQ/TW", None), ("33-NQ/TW", None, "1")]


def test_full_references_untouched() -> None:
    refs = [Reference(text="Chỉ thị số 01/CT-TTg", start=0, end=20, type="Chỉ thị",
                      number="01/CT-TTg", short_form=False)]
    assert resolve_references(refs, R) == refs
