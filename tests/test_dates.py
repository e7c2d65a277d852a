"""Dates: every form of DOMAIN §4 on own text, the seeds' dates with value/kind/role, the excluded
forms, rule examples/counterexamples, the header helper, and hostile input under a time limit."""

from __future__ import annotations

import pytest

from bpextract.dates import find_dates, find_dates_checked, parse_date_text
from bpextract.references import find_references
from bpextract.rules import get_rules
from conftest import seed_doc

R = get_rules()

Row = tuple[str, str | None, str | None, str, str]


def dates_of(text: str) -> list[Row]:
    refs = find_references(text, R)
    return [(d.text, d.value, d.end_value, d.kind, d.role) for d in find_dates(text, R, refs)]


FORMS: list[tuple[str, list[Row]]] = [
    ("Hà Quảng, ngày 11 tháng 01 năm 2022",
     [("ngày 11 tháng 01 năm 2022", "2022-01-11", None, "date", "issue")]),
    ("Hà Nội, ngày 31 tháng 12 năm 2024\nTHÔNG TƯ",
     [("ngày 31 tháng 12 năm 2024", "2024-12-31", None, "date", "issue")]),
    ("Số: 36/2025/TT-BXD\tHà Nội, ngày 21 tháng 11 năm 2025",
     [("ngày 21 tháng 11 năm 2025", "2025-11-21", None, "date", "issue")]),
    ("Đồng Xoài, ngày 14 tháng5 năm 2008", [("ngày 14 tháng5 năm 2008", "2008-05-14", None,
                                           "date", "issue")]),
    ("tổ chức vào dịp 03/3/2025.", [("03/3/2025", "2025-03-03", None, "date", "other")]),
    ("Thời gian ký: 06.01.2023 16:31:15", [("06.01.2023", "2023-01-06", None, "date", "other")]),
    ("CÔNG BÁO/Số 286/Ngày 27-05-2026", [("Ngày 27-05-2026", "2026-05-27", None, "date", "other")]),
    ("Ngày ký: 2026-05-27 07:55:25", [("2026-05-27", "2026-05-27", None, "date", "other")]),
    ("nộp trước ngày 10/02/2022;", [("ngày 10/02/2022", "2022-02-10", None, "date", "deadline")]),
    ("Hoàn thành trong tháng 4/2025.", [("tháng 4/2025", "2025-04", None, "date", "deadline")]),
    ("Hoàn thành trước ngày 03/3/2025.", [("ngày 03/3/2025", "2025-03-03", None, "date",
                                          "deadline")]),
    ("trong tháng 03 năm 2023", [("tháng 03 năm 2023", "2023-03", None, "date", "period")]),
    ("kết quả năm 2022 và phương hướng", [("năm 2022", "2022", None, "date", "period")]),
    ("từ năm 1993 song chưa", [("năm 1993", "1993", None, "date", "period")]),
    ("giai đoạn 2015 - 2025", [("2015 - 2025", "2015", "2025", "range", "period")]),
    ("GIAI ĐOẠN 2019-2024", [("2019-2024", "2019", "2024", "range", "period")]),
    ("giai đoạn (2019- 2024);", [("2019- 2024", "2019", "2024", "range", "period")]),
    ("từ năm 2010 đến năm 2020", [("từ năm 2010 đến năm 2020", "2010", "2020", "range",
                                  "period")]),
    ("từ ngày 01/01/2025 đến ngày 31/3/2025",
     [("từ ngày 01/01/2025 đến ngày 31/3/2025", "2025-01-01", "2025-03-31", "range", "period")]),
    ("(từ ngày 15/3 đến ngày 30/3/2024)", [("từ ngày 15/3 đến ngày 30/3/2024", "2024-03-15",
                                          "2024-03-30", "range", "period")]),
    ("từ tháng 01/2024 đến tháng 6/2024", [("từ tháng 01/2024 đến tháng 6/2024", "2024-01",
                                          "2024-06", "range", "period")]),
    ("số liệu tính đến ngày 30/6/2024", [("ngày 30/6/2024", "2024-06-30", None, "date",
                                         "other")]),
    ("Ngày Biên phòng 03/3 hàng năm", [("03/3 hàng năm", "--03-03", None, "recurring", "other")]),
    ("làm cho ngày 03/3 thực sự", [("ngày 03/3", "--03-03", None, "recurring", "other")]),
    ("trước ngày 31 tháng 12 hằng năm", [("ngày 31 tháng 12 hằng năm", "--12-31", None,
                                          "recurring", "deadline")]),
    ("Quý I/2027", [("Quý I/2027", "2027-01", "2027-03", "range", "deadline")]),
    ("trong quý II năm 2026", [("quý II năm 2026", "2026-04", "2026-06", "range", "deadline")]),
    ("quý IV/2026 - 2029", [("quý IV/2026 - 2029", "2026-10", "2029", "range", "deadline")]),
    ("quý III/2026 đến quý III/2030", [("quý III/2026 đến quý III/2030", "2026-07", "2030-09",
                                        "range", "deadline")]),
    ("2 tháng đầu năm 2007", [("2 tháng đầu năm 2007", "2007-01", "2007-02", "range",
                                "period")]),
    ("sáu tháng cuối năm 2024", [("sáu tháng cuối năm 2024", "2024-07", "2024-12", "range",
                                   "period")]),
    ("Báo cáo tháng 02 và 2 tháng đầu năm 2007",
     [("tháng 02", "2007-02", None, "date", "period"),
      ("2 tháng đầu năm 2007", "2007-01", "2007-02", "range", "period")]),
    ("giảm 19% so với tháng 01 năm 2007", [("tháng 01 năm 2007", "2007-01", None, "date",
                                             "reference")]),
    (".....ngày....tháng.....năm 2022", [(".....ngày....tháng.....năm 2022", "2022", None,
                                         "placeholder", "other")]),
    ("Phong Thổ, ngày tháng năm 2024", [("ngày tháng năm 2024", "2024", None, "placeholder",
                                         "issue")]),
    ("....., ngày       tháng       năm", [("ngày       tháng       năm", None, None,
                                             "placeholder", "issue")]),
    ("Căn cứ Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ",
     [("ngày 09/01/2015", "2015-01-09", None, "date", "reference")]),
    ("Căn cứ Luật Biên giới quốc gia năm 2003;", [("năm 2003", "2003", None, "date",
                                                  "reference")]),
    ("Ngày 09/01/2015, Thủ tướng Chính phủ đã ban hành Chỉ thị số 01/CT-TTg",
     [("Ngày 09/01/2015", "2015-01-09", None, "date", "reference")]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_forms(text: str, expected: list[Row]) -> None:
    assert dates_of(text) == expected


@pytest.mark.parametrize("text", [
    "31/02/2024",  # impossible
    "ngày 30 tháng 02 năm 2023",
    "bầu cử Quốc hội Khóa VII/2023 của CPC",
    "Covid-19 và quy định 5K",
    "số điện thoại 0915 248 216",
    "Kế hoạch số 2019/KH-UBND",
    "171/171 bản, 156 vụ/780 đối tượng, 1.244 buổi/69.750 lượt",
    "Tổng kết 10 năm thực hiện; những năm tiếp theo; hàng năm; năm qua",
    "ghi rõ ngày tháng năm sinh",
    "hàng tháng, qúy, năm",
    "QCVN 07:2023/BXD",
    "diện tích 2.019 ha, 2020 người",
    "nhiệm kỳ 2019 - 1990",
])
def test_not_dates(text: str) -> None:
    assert dates_of(text) == []


@pytest.mark.parametrize(("s", "iso"), [
    ("Hà Quảng, ngày 11 tháng 01 năm 2022", "2022-01-11"),
    ("ngày 24 tháng 02 năm 2025", "2025-02-24"),
    ("NGÀY 03 THÁNG 10 NĂM 2025", "2025-10-03"),
    ("30/12/2021", "2021-12-30"),
    ("20/6/2023", "2023-06-20"),
    ("ngày tháng năm 2024", None),
    (".....ngày....tháng.....năm 2022", None),
    ("31/02/2024", None),
    ("", None),
])
def test_parse_date_text(s: str, iso: str | None) -> None:
    assert parse_date_text(s) == iso


SEED_004 = [
    (None, 'ngày tháng năm 2024', '2024', None, 'placeholder', 'issue'),
    (None, '2019 – 2024', '2019', '2024', 'range', 'period'),
    (None, 'ngày 20/6/2023', '2023-06-20', None, 'date', 'reference'),
    (None, '2019 - 2024', '2019', '2024', 'range', 'period'),
    (None, '2019 – 2024', '2019', '2024', 'range', 'period'),
    (None, '2019-2024', '2019', '2024', 'range', 'period'),
    (None, 'ngày 22/02/1989', '1989-02-22', None, 'date', 'reference'),
    (None, 'năm 2003', '2003', None, 'date', 'reference'),
    (None, 'ngày 25/6/2004', '2004-06-25', None, 'date', 'reference'),
    (None, 'ngày 09/01/2015', '2015-01-09', None, 'date', 'reference'),
    (None, 'ngày 25/12/2015', '2015-12-25', None, 'date', 'reference'),
    (None, 'tháng 03/2023', '2023-03', None, 'date', 'deadline'),
    (None, '2021 - 2027', '2021', '2027', 'range', 'period'),
    (None, '03/3 hàng năm', '--03-03', None, 'recurring', 'other'),
    (None, '2019- 2024', '2019', '2024', 'range', 'period'),
    (None, 'ngày 03/3', '--03-03', None, 'recurring', 'other'),
    (None, '2019 – 2024', '2019', '2024', 'range', 'period'),
    (None, '2020 - 2025', '2020', '2025', 'range', 'period'),
    (None, 'ngày 24/12/2010', '2010-12-24', None, 'date', 'reference'),
    (None, '2019 – 2024', '2019', '2024', 'range', 'period'),
    ('1', 'ngày 22/02/1989', '1989-02-22', None, 'date', 'reference'),
    ('1', '03/3 hàng năm', '--03-03', None, 'recurring', 'other'),
    ('1', 'ngày 09/01/2015', '2015-01-09', None, 'date', 'reference'),
    ('1', 'ngày 25/12/2015', '2015-12-25', None, 'date', 'reference'),
    ('1', 'ngày 28/9/2018', '2018-09-28', None, 'date', 'reference'),
    ('2', 'ngày 09/01/2015', '2015-01-09', None, 'date', 'reference'),
    ('2', 'ngày 05/01/2016', '2016-01-05', None, 'date', 'reference'),
    ('7', 'năm 2019', '2019', None, 'date', 'period'),
]


def test_seed_004_every_date() -> None:
    doc = seed_doc("004")
    got = [(d.footnote, d.text, d.value, d.end_value, d.kind, d.role) for d in doc.dates]
    assert got == SEED_004
    for d in doc.dates:
        text = doc.text if d.footnote is None else doc.footnote_by_id(d.footnote).text  # type: ignore[union-attr]
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize(("seed", "text", "value", "kind", "role"), [
    ("000", "ngày 11 tháng 01 năm 2022", "2022-01-11", "date", "issue"),
    ("000", ".....ngày....tháng.....năm 2022", "2022", "placeholder", "other"),
    ("000", "ngày 21/01/2022", "2022-01-21", "date", "deadline"),
    ("000", "NĂM 2021", "2021", "date", "period"),
    ("001", "tháng 4/2025", "2025-04", "date", "deadline"),
    ("001", "ngày tháng năm 2025", "2025", "placeholder", "issue"),
    ("002", "năm 1993", "1993", "date", "period"),
    ("002", "Ngày 09/01/2015", "2015-01-09", "date", "reference"),
    ("003", "ngày 26 tháng 02 năm 2025", "2025-02-26", "date", "issue"),
    ("003", "ngày 24 tháng 02 năm 2025", "2025-02-24", "date", "reference"),
])
def test_seed_dates(seed: str, text: str, value: str, kind: str, role: str) -> None:
    doc = seed_doc(seed)
    hits = [d for d in doc.dates if d.text == text]
    assert hits, text
    assert (hits[0].value, hits[0].kind, hits[0].role) == (value, kind, role)


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_seed_exclusions(seed: str) -> None:
    doc = seed_doc(seed)
    for d in doc.dates:
        assert "Khóa" not in d.text and "Covid" not in d.text
        assert d.kind != "placeholder" or d.value is None or len(d.value) == 4


def _role_rules() -> list[tuple[str, str, bool]]:
    out = []
    for e in R["dates"].entries("roles"):
        assert e.get("examples"), f"{e.where}: role rule without examples"
        out += [(str(e["role"]), str(x), True) for x in e["examples"]]
        out += [(str(e["role"]), str(x), False) for x in e.get("counterexamples") or []]
    return out


@pytest.mark.parametrize(("role", "text", "positive"), _role_rules())
def test_role_rule_examples(role: str, text: str, positive: bool) -> None:
    roles = [row[4] for row in dates_of(text.replace("**", ""))]
    assert roles, text
    assert (role in roles) is positive, roles


def test_user_rules_extend_roles(tmp_path: object) -> None:
    from pathlib import Path

    from bpextract.rules import Rules
    d = Path(str(tmp_path))
    (d / "dates.yaml").write_text(
        "roles:\n  - {role: deadline, words: [hạn cuối], reach: 2,"
        " examples: ['hạn cuối ngày 05/6/2024']}\n", encoding="utf-8")
    rules = Rules(d)
    got = [(x.value, x.role) for x in find_dates("hạn cuối ngày 05/6/2024", rules, [])]
    assert got == [("2024-06-05", "deadline")]
    assert [x.role for x in find_dates("trước ngày 05/6/2024", rules, [])] == ["other"]


def test_bad_role_is_a_rule_error(tmp_path: object) -> None:
    from pathlib import Path

    from bpextract.errors import RuleError
    from bpextract.rules import Rules
    d = Path(str(tmp_path))
    (d / "dates.yaml").write_text("roles:\n  - {role: hạn, words: [x]}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="role must be one of"):
        find_dates("ngày 05/6/2024", Rules(d), [])


@pytest.mark.parametrize(("text", "value"), [
    ("Lai Châu, ngày    tháng 11 năm 2025", "2025-11"),
    ("Hà Nội, ngày ... tháng 3 năm 2024", "2024-03"),
    ("TP. Hồ Chí Minh, ngày tháng 12 năm 2025", "2025-12"),
    ("Sơn La, ngày ….. tháng 07 năm 2025", "2025-07"),
])
def test_blank_day_keeps_the_month_written(text: str, value: str) -> None:
    # an unsigned draft: the day is blank, the month and year are not
    found, warnings = find_dates_checked(text, R, [])
    assert [(d.value, d.kind, d.role, d.rule) for d in found] == [
        (value, "date", "issue", "blank-day")]
    assert found[0].text.startswith("ngày") and found[0].text.endswith(value[:4])
    assert warnings == [f"dates: the day is left blank in '{found[0].text}' (at offset "
                        f"{found[0].start}); kept the month {value}"]
    assert parse_date_text(text) == value


@pytest.mark.parametrize("text", ["ngày    tháng    năm 2025", "ngày tháng 13 năm 2025",
                                  "ngày .... tháng .... năm ....", "trong ngày, tháng 5 năm 2024"])
def test_no_month_date_without_a_written_month(text: str) -> None:
    assert parse_date_text(text) is None
    assert not any(d.rule == "blank-day" for d in find_dates(text, R))


@pytest.mark.parametrize(("text", "value"), [
    ("Lai Châu, ngày 05tháng 11 năm 2025", "2025-11-05"),
    ("ngày 16tháng 6 năm 2023", "2023-06-16"),
    ("NGÀY 9THÁNG 5 NĂM 2024", "2024-05-09"),
])
def test_day_glued_to_thang(text: str, value: str) -> None:
    assert [d.value for d in find_dates(text, R)] == [value]
    assert parse_date_text(text) == value


def test_glued_day_in_a_reference_and_in_a_header() -> None:
    import bpextract
    doc = bpextract.parse_text("Căn cứ Quyết định số 12/QĐ-UBND ngày 09tháng 5 năm 2024 của "
                               "UBND tỉnh Lai Châu;")
    assert [(r.number, r.date) for r in doc.references] == [("12/QĐ-UBND", "2024-05-09")]
    assert [(d.value, d.role) for d in doc.dates] == [("2024-05-09", "reference")]
    draft = ("ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\n\nSố:      /KH-UBND\n\n"
             "Lai Châu, ngày      tháng 11 năm 2025\n\nKẾ HOẠCH\nThực hiện chuyển đổi số\n\n"
             "Nội dung kế hoạch năm 2026.\n")
    doc = bpextract.parse_text(draft)
    assert doc.header is not None and doc.header.issue_date == "2025-11"
    assert any("day is left blank" in w for w in doc.warnings)


@pytest.mark.parametrize("head", ["", "x\n", "x\n\n"])
def test_place_line_read_back_at_most_200_characters(head: str) -> None:
    """The line before a date decides an `issue` role only when its start lies within the 200
    characters before the date: a line cut by that window does not start a place line."""

    def role(stars: int) -> str:
        text = f"{head}{'*' * stars}Hà Nội, ngày 5 tháng 3 năm 2024"
        (d,) = [x for x in find_dates(text, R) if x.value == "2024-03-05"]
        assert d.start == len(head) + stars + len("Hà Nội, ")
        return d.role

    assert role(0) == role(192) == "issue"  # `Hà Nội, ` and the stars: 200 characters
    assert role(193) != "issue"
