"""Numeric indicators (issue 5): every figure of seeds 003 and 004, each shape on text of our own,
exclusions, rule examples, and safety against hostile input."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from tests.conftest import CORPUS, SEEDS, seed_doc

from bpextract.indicators import find_indicators
from bpextract.model import Indicator
from bpextract.rules import get_rules

RULES = get_rules()


def find(text: str, exclude: list[tuple[int, int]] | None = None) -> list[Indicator]:
    return find_indicators(text, RULES, exclude or [])[0]


def row(i: Indicator) -> tuple[Any, ...]:
    return (i.text, i.value, i.unit, i.quantity, i.qualifier, i.group)


def seed_text(key: str) -> str:
    return (CORPUS / SEEDS[key]).read_text(encoding="utf-8")


# --- every indicator of the seeds (raw text: 004's footnote bodies are still inline) ------------
# (text, value, unit, quantity, qualifier, group)
SEED_003 = [
    ('03 khóm', 3, 'khóm', 'count', '=', None),
    ('1.667 hộ', 1667, 'hộ', 'count', '=', 1),
    ('6.139 khẩu', 6139, 'khẩu', 'count', '=', 1),
    ('03 dân tộc', 3, 'dân tộc', 'count', '=', None),
    ('03 tôn giáo chính', 3, 'tôn giáo chính', 'count', '=', None),
    ('5 nội dung', 5, 'nội dung', 'count', '=', None),
    ('480 buổi', 480, 'buổi', 'count', '=', None),
    ('14.209 lượt người dân', 14209, 'lượt người dân', 'count', '=', None),
    ('452 giờ', 452, 'giờ', 'duration', '=', None),
    ('2.600 tờ bướm', 2600, 'tờ bướm', 'count', '=', None),
    ('1.200 hộ', 1200, 'hộ', 'count', '=', None),
    ('100 tin', 100, 'tin', 'count', '>', None),
    ('28 hộ gia đình', 28, 'hộ gia đình', 'count', '=', None),
    ('28 cá nhân', 28, 'cá nhân', 'count', '=', None),
    ('03 “Tổ tự quản an ninh trật tự”', 3, 'Tổ tự quản an ninh trật tự', 'count', '=', None),
    ('21 thành viên', 21, 'thành viên', 'count', '=', None),
    ('01 tổ trưởng', 1, 'tổ trưởng', 'count', '=', None),
    ('01 tổ phó', 1, 'tổ phó', 'count', '=', None),
    ('01 Tổ Phụ nữ tự quản đường biên cột mốc',
     1, 'Tổ Phụ nữ tự quản đường biên cột mốc', 'count', '=', None),
    ('10 thành viên', 10, 'thành viên', 'count', '=', None),
    ('01 lần/tháng', 1, 'lần/tháng', 'rate', '>=', None),
    ('648 tin', 648, 'tin', 'count', '=', 9),
    ('329 tin có giá trị', 329, 'tin có giá trị', 'count', '=', 9),
    ('319 tin tham khảo', 319, 'tin tham khảo', 'count', '=', 9),
    ('300 lượt tổ', 300, 'lượt tổ', 'count', '=', 2),
    ('1.800 lượt đ/c', 1800, 'lượt đ/c', 'count', '=', 2),
    ('120 lần', 120, 'lần', 'count', '=', 3),
    ('1.200 lượt đ/c', 1200, 'lượt đ/c', 'count', '=', 3),
    ('3.650 lượt tổ', 3650, 'lượt tổ', 'count', '=', 4),
    ('25.550 lượt CBCS', 25550, 'lượt CBCS', 'count', '=', 4),
    ('790 lượt tổ', 790, 'lượt tổ', 'count', '=', 5),
    ('3.950 lượt đ/c', 3950, 'lượt đ/c', 'count', '=', 5),
    ('85 tổ', 85, 'tổ', 'count', '=', 6),
    ('625 lượt CBCS', 625, 'lượt CBCS', 'count', '=', 6),
    ('04 mốc chính', 4, 'mốc chính', 'count', '=', None),
    ('10 mốc phụ', 10, 'mốc phụ', 'count', '=', None),
    ('09 cọc dấu', 9, 'cọc dấu', 'count', '=', None),
    ('28 điểm đặc trưng', 28, 'điểm đặc trưng', 'count', '=', None),
    ('237 lượt tổ', 237, 'lượt tổ', 'count', '=', 7),
    ('1.186 lượt đồng chí', 1186, 'lượt đồng chí', 'count', '=', 7),
    ('123 lần', 123, 'lần', 'count', '=', None),
    ('566 phần quà', 566, 'phần quà', 'count', '=', None),
    ('356 triệu đồng', 356000000, 'đồng', 'money', '=', None),
    ('60 lần', 60, 'lần', 'count', '=', 8),
    ('600 lượt CBCS', 600, 'lượt CBCS', 'count', '=', 8),
    ('hàng ngàn lao động', None, 'lao động', 'count', '~', None),
    ('100% hộ nghèo', 100, '%', 'percent', '=', None),
    ('03 lực lượng', 3, 'lực lượng', 'count', '=', None),
    ('327.900.000 đồng', 327900000, 'đồng', 'money', '~', None),
    ('hàng trăm triệu đồng', None, 'đồng', 'money', '~', None),
]
SEED_004 = [
    ('1.029,25 km²', 1029.25, 'km²', 'area', '=', None),
    ('8,3 vạn người', 83000, 'người', 'count', '=', None),
    ('17 đơn vị hành chính cấp xã', 17, 'đơn vị hành chính cấp xã', 'count', '=', None),
    ('12 xã biên giới', 12, 'xã biên giới', 'count', '=', None),
    ('97,229 km', 97.229, 'km', 'length', '=', None),
    ('51 cột mốc', 51, 'cột mốc', 'count', '=', None),
    ('12 mốc', 12, 'mốc', 'count', '=', None),
    ('20 mốc đôi', 20, 'mốc đôi', 'count', '=', None),
    ('15 cột mốc đơn', 15, 'cột mốc đơn', 'count', '=', None),
    ('4 mốc phụ', 4, 'mốc phụ', 'count', '=', None),
    ('27 cột mốc giới', 27, 'cột mốc giới', 'count', '=', None),
    ('24 cột mốc', 24, 'cột mốc', 'count', '=', None),
    ('125 bản', 125, 'bản', 'count', '=', None),
    ('12 xã', 12, 'xã', 'count', '=', None),
    ('9 dân tộc', 9, 'dân tộc', 'count', '=', None),
    ('16.010 hộ', 16010, 'hộ', 'count', '=', 1),
    ('59.848 khẩu', 59848, 'khẩu', 'count', '=', 1),
    ('1.244 buổi', 1244, 'buổi', 'count', '=', 2),
    ('69.750 lượt người nghe', 69750, 'lượt người nghe', 'count', '=', 2),
    ('3.000 hộ dân', 3000, 'hộ dân', 'count', '>', None),
    ('03 văn kiện pháp lý', 3, 'văn kiện pháp lý', 'count', '=', None),
    ('1.236 lần', 1236, 'lần', 'count', '=', 3),
    ('7.920 lượt người', 7920, 'lượt người', 'count', '=', 3),
    ('280 lượt người dân Trung Quốc', 280, 'lượt người dân Trung Quốc', 'count', '=', None),
    ('156 vụ', 156, 'vụ', 'count', '=', 4),
    ('780 đối tượng', 780, 'đối tượng', 'count', '=', 4),
    ('74 vụ', 74, 'vụ', 'count', '=', 5),
    ('78 đối tượng', 78, 'đối tượng', 'count', '=', 5),
    ('82 vụ', 82, 'vụ', 'count', '=', 6),
    ('702 đối tượng', 702, 'đối tượng', 'count', '=', 6),
    ('270 khẩu súng', 270, 'khẩu súng', 'count', '=', None),
    ('04 cặp Thôn - Bản', 4, 'cặp Thôn - Bản', 'count', '=', None),
    ('03 cặp đồn trạm biên phòng hữu nghị',
     3, 'cặp đồn trạm biên phòng hữu nghị', 'count', '=', None),
    ('12 xã biên giới', 12, 'xã biên giới', 'count', '=', None),
    ('100% các xã biên giới', 100, '%', 'percent', '=', None),
    ('26 lần', 26, 'lần', 'count', '=', None),
    ('32 đoàn cấp huyện', 32, 'đoàn cấp huyện', 'count', '=', None),
    ('109 lần', 109, 'lần', 'count', '=', None),
    ('63 tập thể', 63, 'tập thể', 'count', '=', None),
    ('460 cá nhân', 460, 'cá nhân', 'count', '=', None),
    ('97,229 km', 97.229, 'km', 'length', '=', None),
    ('27 mốc quốc giới', 27, 'mốc quốc giới', 'count', '=', None),
    ('12 đồng chí', 12, 'đồng chí', 'count', '=', None),
    ('12 xã biên giới', 12, 'xã biên giới', 'count', '=', None),
    ('02 đ/c', 2, 'đ/c', 'count', '=', None),
    ('10 đ/c', 10, 'đ/c', 'count', '=', None),
    ('51 đảng viên', 51, 'đảng viên', 'count', '=', None),
    ('120 đảng viên', 120, 'đảng viên', 'count', '=', None),
    ('600 hộ nghèo', 600, 'hộ nghèo', 'count', '=', None),
    ('04 Đảng bộ cơ sở', 4, 'Đảng bộ cơ sở', 'count', '=', None),
    ('31 chi bộ thôn bản', 31, 'chi bộ thôn bản', 'count', '=', None),
    ('5 chi bộ bản', 5, 'chi bộ bản', 'count', '=', None),
    ('100% xã biên giới', 100, '%', 'percent', '=', None),
    ('484 đảng viên', 484, 'đảng viên', 'count', '=', None),
    ('38 Chi đoàn', 38, 'Chi đoàn', 'count', '=', None),
    ('30 chi hội Phụ nữ', 30, 'chi hội Phụ nữ', 'count', '=', None),
    ('22 chi hội Cựu chiến binh', 22, 'chi hội Cựu chiến binh', 'count', '=', None),
    ('5.148 lượt dân quân', 5148, 'lượt dân quân', 'count', '>', None),
    ('2 vụ/năm', 2, 'vụ/năm', 'rate', '=', None),
    ('100% xã', 100, '%', 'percent', '=', None),
    ('02 xã', 2, 'xã', 'count', '=', None),
    ('100% thôn bản', 100, '%', 'percent', '=', None),
    ('171/171 bản', 171, 'bản', 'fraction', '=', None),
    ('100% xã', 100, '%', 'percent', '=', None),
    ('70% xã', 70, '%', 'percent', '=', None),
    ('73 bản', 73, 'bản', 'count', '=', None),
    ('4.359 hộ gia đình', 4359, 'hộ gia đình', 'count', '=', None),
    ('13 tỷ đồng', 13000000000, 'đồng', 'money', '>', None),
    ('6 dự án', 6, 'dự án', 'count', '=', None),
    ('02 xã', 2, 'xã', 'count', '=', None),
    ('1.473 triệu đồng', 1473000000, 'đồng', 'money', '>', None),
    ('74 căn nhà Đại đoàn kết', 74, 'căn nhà Đại đoàn kết', 'count', '=', None),
    ('21 công trình dân sinh', 21, 'công trình dân sinh', 'count', '=', None),
    ('5 tỷ đồng', 5000000000, 'đồng', 'money', '>', None),
    ('hàng chục nghìn ngày công', None, 'ngày công', 'count', '~', None),
    ('420 phòng học', 420, 'phòng học', 'count', '=', None),
    ('hàng trăm triệu đồng', None, 'đồng', 'money', '~', None),
    ('21 em', 21, 'em', 'count', '=', None),
    ('500.000đ/tháng/em', 500000, 'đ/tháng/em', 'rate', '>=', None),
    ('110 cháu', 110, 'cháu', 'count', '=', None),
    ('38 Mái ấm biên cương', 38, 'Mái ấm biên cương', 'count', '=', None),
    ('hàng trăm triệu đồng', None, 'đồng', 'money', '~', None),
    ('hàng tỉ đồng', None, 'đồng', 'money', '~', None),
    ('110 tập thể', 110, 'tập thể', 'count', '=', None),
    ('3.60 cá nhân', None, 'cá nhân', 'count', '=', None),
    ('03 tập thể', 3, 'tập thể', 'count', '=', None),
    ('05 cá nhân', 5, 'cá nhân', 'count', '=', None),
    ('15 tập thể', 15, 'tập thể', 'count', '=', None),
    ('30 cá nhân', 30, 'cá nhân', 'count', '=', None),
]


@pytest.mark.parametrize(("key", "expected"), [("003", SEED_003), ("004", SEED_004)])
def test_every_indicator_of_seed(key: str, expected: list[tuple[Any, ...]]) -> None:
    text = seed_text(key)
    got = find(text)
    assert [row(i) for i in got] == expected
    for i in got:  # provenance: offsets point at the text
        assert text[i.start:i.end] == i.text


def test_seed_004_malformed_figure_warns() -> None:
    inds, warnings = find_indicators(seed_text("004"), RULES, [])
    bad = [i for i in inds if i.value_text == "3.60"]
    assert len(bad) == 1 and bad[0].value is None and bad[0].unit == "cá nhân"
    assert warnings == [f"indicator at {bad[0].start}: number '3.60': '.' must separate groups of"
                        " 3 digits; not read"]


# footnote bodies as the pipeline gives them: indicators carry the footnote's id
FOOTNOTE_004 = {
    "2": ["1.244 buổi", "69.750 lượt người nghe", "3.000 hộ dân"],
    "3": ["1.236 lần", "7.920 lượt người", "280 lượt người dân Trung Quốc"],
    "4": ["156 vụ", "780 đối tượng", "74 vụ", "78 đối tượng", "82 vụ", "702 đối tượng",
          "270 khẩu súng"],
    "5": ["26 lần", "32 đoàn cấp huyện", "109 lần"],
    "6": ["63 tập thể", "460 cá nhân", "97,229 km", "27 mốc quốc giới"],
    "7": ["12 đồng chí", "12 xã biên giới", "02 đ/c", "10 đ/c", "51 đảng viên", "120 đảng viên",
          "600 hộ nghèo", "04 Đảng bộ cơ sở", "31 chi bộ thôn bản", "5 chi bộ bản",
          "100% xã biên giới", "484 đảng viên", "38 Chi đoàn", "30 chi hội Phụ nữ",
          "22 chi hội Cựu chiến binh", "5.148 lượt dân quân"],
    "8": ["100% xã", "02 xã", "100% thôn bản", "171/171 bản", "100% xã", "70% xã", "73 bản",
          "4.359 hộ gia đình", "13 tỷ đồng", "6 dự án", "02 xã", "1.473 triệu đồng"],
    "9": ["38 Mái ấm biên cương", "hàng trăm triệu đồng", "hàng tỉ đồng"],
}


def test_seed_004_footnote_indicators_through_pipeline() -> None:
    doc = seed_doc("004")
    got: dict[str, list[str]] = {}
    for i in doc.indicators:
        if i.footnote is not None:
            got.setdefault(i.footnote, []).append(i.text)
            fn = doc.footnote_by_id(i.footnote)
            assert fn is not None and fn.text[i.start:i.end] == i.text
    assert got == FOOTNOTE_004
    main = [i.text for i in doc.indicators if i.footnote is None]
    assert main[:3] == ["1.029,25 km²", "8,3 vạn người", "17 đơn vị hành chính cấp xã"]
    assert "110 tập thể" in main and "3.60 cá nhân" in main


def test_seed_003_total_with_parts_and_subjects() -> None:
    got = {i.text: i for i in find(seed_text("003"))}
    total, a, b = got["648 tin"], got["329 tin có giá trị"], got["319 tin tham khảo"]
    assert (total.role, a.role, b.role) == ("total", "part", "part")
    assert a.part_of == b.part_of == total.start
    assert total.group == a.group == b.group is not None
    assert a.value + b.value == total.value  # type: ignore[operator]
    assert got["480 buổi"].subject == "tuyên truyền"
    assert got["14.209 lượt người dân"].subject == "tuyên truyền"
    assert got["300 lượt tổ"].subject == "tuần tra bảo vệ biên giới"
    assert got["1.800 lượt đ/c"].subject == "tuần tra bảo vệ biên giới"
    assert got["452 giờ"].subject == "tuyên truyền"
    assert got["2.600 tờ bướm"].subject == "phát"


def test_seed_004_pairs_split_as_parts_of_pair_total() -> None:
    got = {i.text: i for i in find(seed_text("004"))}
    t1, t2 = got["156 vụ"], got["780 đối tượng"]
    assert t1.group == t2.group and t1.role == t2.role == "total"
    for part, tot in (("74 vụ", t1), ("82 vụ", t1), ("78 đối tượng", t2), ("702 đối tượng", t2)):
        assert got[part].role == "part" and got[part].part_of == tot.start
    assert got["74 vụ"].group == got["78 đối tượng"].group != t1.group
    assert got["74 vụ"].value + got["82 vụ"].value == t1.value  # type: ignore[operator]


# --- every excluded form stays out ------------------------------------------------------------
EXCLUDED = [
    ("003", "09/01/2015"), ("003", "năm 2025"), ("003", "01/CT-TTg"), ("003", "587/KH-UBND"),
    ("003", "Covid-19"), ("003", "Khóa VII/2023"), ("003", "Nghị định 03/2019/NĐ-CP"),
    ("003", "Chỉ thị số 01"), ("003", "68-KL/TW"), ("003", "“4 tại chỗ”"), ("003", "Một là"),
    ("003", "II. KẾT QUẢ"), ("003", "1. Công tác lãnh đạo"), ("003", "Năm 2026"),
    ("003", "giai đoạn 2015 – 2025"), ("003", "Tổng kết 10 năm"),
    ("004", "mốc 66, 62"), ("004", "Khóa IX"), ("004", "Trung ương 8"), ("004", "16/HĐBT"),
    ("004", "ngày 22/02/1989"), ("004", "KVBG¹"), ("004", "thực hiện.⁶"), ("004", "lần thứ 4"),
    ("004", "Tháng 03/2023"), ("004", "03/3 hàng năm"), ("004", "06/2003/QH11"),
    ("004", "Nghị quyết số 33"), ("004", "sơ kết 5 năm"), ("004", "kỷ niệm 65 năm"),
    ("004", "35 năm “Ngày"), ("004", "2 bên biên giới"), ("004", "2 Bên biên giới"),
    ("004", "trong 5 năm qua"), ("004", "Sơ kết 3 năm"), ("004", "33-NQ/TW"),
    ("004", "ngày tháng năm 2024"), ("000", "0915 248 216"), ("000", "ngày 11 tháng 01 năm 2022"),
    ("000", "cấp độ 1"), ("000", "74 /KH-BCĐ"),
]


@pytest.mark.parametrize(("key", "form"), EXCLUDED)
def test_excluded_form_stays_out(key: str, form: str) -> None:
    text = seed_text(key)
    spans = []
    k = text.lower().find(form.lower())
    assert k >= 0, f"{form!r} not in seed {key}"
    while k >= 0:
        spans.append((k, k + len(form)))
        k = text.lower().find(form.lower(), k + 1)
    for i in find(text):
        for s, e in spans:
            assert not (i.start < e and s < i.end), f"{i.text!r} overlaps excluded {form!r}"


@pytest.mark.parametrize("text", [
    "Điều 3. Quyết định này có hiệu lực", "liên hệ 0915 248 216 hoặc abc.12@gmail.com",
    "thực hiện quy tắc 5K", "dịch Covid-19 bùng phát", "Nghị quyết Trung ương 8 (Khóa IX)",
    "Một là, tăng cường", "theo Quyết định số 16/HĐBT ngày 22/02/1989", "đối diện mốc 66, 62",
    "1. Mục đích\n2. Yêu cầu", "tại khoản 2, 3 Điều 5 Luật", "trong năm 2022 và 2023",
    "CÔNG BÁO/Số 286/Ngày 27-05-2026\n93 quản lý quỹ", "từ 7 giờ 30 ngày 03/3",
    "website www.bienphong.com.vn/2024", "Tổ công tác số 2 làm nhiệm vụ",
    "Ghi chú (1) và [2] như trên", "giai đoạn 2019 - 2024", "hạn chót đến 10/12 hoàn thành",
])
def test_own_text_exclusions(text: str) -> None:
    assert find(text) == []


def test_exclude_spans_from_other_stages() -> None:
    text = "Kết quả 12 lần tuần tra, phối hợp 300 lượt tổ"
    assert [i.text for i in find(text)] == ["12 lần", "300 lượt tổ"]
    k = text.index("phối hợp")
    assert [i.text for i in find(text, [(k, k + 20)])] == ["12 lần"]
    assert find(text, [(0, len(text))]) == []


# --- each shape on text of our own ---------------------------------------------------------------
def _fields(i: Indicator) -> dict[str, Any]:
    return {k: v for k, v in i.to_dict().items()
            if v is not None and k not in ("start", "end", "rule", "subject", "value_text")
            and not (k == "status" and v == "unknown")}


SHAPES: list[tuple[str, list[dict[str, Any]]]] = [
    # plain counts, zero-padded, multi-word units kept whole
    ("có 03 khóm, phát 2.600 tờ bướm cho 1.200 hộ", [
        {"text": "03 khóm", "value": 3, "unit": "khóm", "quantity": "count", "qualifier": "="},
        {"text": "2.600 tờ bướm", "value": 2600, "unit": "tờ bướm", "quantity": "count",
         "qualifier": "="},
        {"text": "1.200 hộ", "value": 1200, "unit": "hộ", "quantity": "count", "qualifier": "="}]),
    # money in đồng: full figures, scale words, glued đ
    ("tặng 45 suất quà trị giá 12,5 triệu đồng; chi 1.250.000 đồng", [
        {"text": "45 suất quà", "value": 45, "unit": "suất quà", "quantity": "count",
         "qualifier": "="},
        {"text": "12,5 triệu đồng", "value": 12500000, "unit": "đồng", "quantity": "money",
         "qualifier": "="},
        {"text": "1.250.000 đồng", "value": 1250000, "unit": "đồng", "quantity": "money",
         "qualifier": "="}]),
    ("tổng kinh phí hơn 2,5 tỉ đồng", [
        {"text": "2,5 tỉ đồng", "value": 2500000000, "unit": "đồng", "quantity": "money",
         "qualifier": ">"}]),
    ("dân số 1,2 vạn người, 15 nghìn lượt khách", [
        {"text": "1,2 vạn người", "value": 12000, "unit": "người", "quantity": "count",
         "qualifier": "="},
        {"text": "15 nghìn lượt khách", "value": 15000, "unit": "lượt khách", "quantity": "count",
         "qualifier": "="}]),
    # measures
    ("tuyến đường dài 12,5 km, diện tích 250ha và 1.200 m2 nhà", [
        {"text": "12,5 km", "value": 12.5, "unit": "km", "quantity": "length", "qualifier": "="},
        {"text": "250ha", "value": 250, "unit": "ha", "quantity": "area", "qualifier": "="},
        {"text": "1.200 m2", "value": 1200, "unit": "m2", "quantity": "area", "qualifier": "="}]),
    # pairs linked by group
    ("quản lý 2.345 hộ/9.876 khẩu; tuần tra 40 lượt tổ/200 lượt đ/c", [
        {"text": "2.345 hộ", "value": 2345, "unit": "hộ", "quantity": "count", "qualifier": "=",
         "group": 1},
        {"text": "9.876 khẩu", "value": 9876, "unit": "khẩu", "quantity": "count",
         "qualifier": "=", "group": 1},
        {"text": "40 lượt tổ", "value": 40, "unit": "lượt tổ", "quantity": "count",
         "qualifier": "=", "group": 2},
        {"text": "200 lượt đ/c", "value": 200, "unit": "lượt đ/c", "quantity": "count",
         "qualifier": "=", "group": 2}]),
    # rates
    ("sinh hoạt 02 lần/tháng, hỗ trợ 300.000đ/tháng/hộ trở lên, trồng 3 vụ/năm", [
        {"text": "02 lần/tháng", "value": 2, "unit": "lần/tháng", "quantity": "rate",
         "qualifier": "=", "per": "tháng"},
        {"text": "300.000đ/tháng/hộ", "value": 300000, "unit": "đ/tháng/hộ", "quantity": "rate",
         "qualifier": ">=", "per": "tháng/hộ"},
        {"text": "3 vụ/năm", "value": 3, "unit": "vụ/năm", "quantity": "rate", "qualifier": "=",
         "per": "năm"}]),
    # fractions
    ("có 45/52 thôn có điện và 9/10 xã đạt chuẩn", [
        {"text": "45/52 thôn", "value": 45, "unit": "thôn", "quantity": "fraction",
         "qualifier": "=", "total": 52},
        {"text": "9/10 xã", "value": 9, "unit": "xã", "quantity": "fraction", "qualifier": "=",
         "total": 10}]),
    # percentages with what they are a share of
    ("95% hộ dân dùng nước sạch, 100% các xã có trạm y tế, tăng 12,5%", [
        {"text": "95% hộ dân", "value": 95, "unit": "%", "quantity": "percent", "qualifier": "=",
         "share_of": "hộ dân"},
        {"text": "100% các xã", "value": 100, "unit": "%", "quantity": "percent",
         "qualifier": "=", "share_of": "xã"},
        {"text": "12,5%", "value": 12.5, "unit": "%", "quantity": "percent", "qualifier": "="}]),
    # qualifiers
    ("khoảng 300 người, gần 50 hộ, ít nhất 02 buổi, tối thiểu 5 lần, dưới 10 vụ, tối đa 20 tổ", [
        {"text": "300 người", "value": 300, "unit": "người", "quantity": "count",
         "qualifier": "~"},
        {"text": "50 hộ", "value": 50, "unit": "hộ", "quantity": "count", "qualifier": "~"},
        {"text": "02 buổi", "value": 2, "unit": "buổi", "quantity": "count", "qualifier": ">="},
        {"text": "5 lần", "value": 5, "unit": "lần", "quantity": "count", "qualifier": ">="},
        {"text": "10 vụ", "value": 10, "unit": "vụ", "quantity": "count", "qualifier": "<"},
        {"text": "20 tổ", "value": 20, "unit": "tổ", "quantity": "count", "qualifier": "<="}]),
    # vague amounts: value None, kind kept
    ("huy động hàng nghìn lượt người, trị giá hàng chục triệu đồng", [
        {"text": "hàng nghìn lượt người", "unit": "lượt người", "quantity": "count",
         "qualifier": "~", "vague": "hàng nghìn"},
        {"text": "hàng chục triệu đồng", "unit": "đồng", "quantity": "money", "qualifier": "~",
         "vague": "hàng chục"}]),
    # totals with parts
    ("thu 120 tin (70 tin có giá trị, 50 tin tham khảo)", [
        {"text": "120 tin", "value": 120, "unit": "tin", "quantity": "count", "qualifier": "=",
         "group": 1, "role": "total"},
        {"text": "70 tin có giá trị", "value": 70, "unit": "tin có giá trị", "quantity": "count",
         "qualifier": "=", "group": 1, "role": "part", "part_of": 4},
        {"text": "50 tin tham khảo", "value": 50, "unit": "tin tham khảo", "quantity": "count",
         "qualifier": "=", "group": 1, "role": "part", "part_of": 4}]),
    # a breakdown opened by `trong đó`: role and part_of, no group
    ("gồm 30 đảng viên, trong đó 12 đảng viên nữ.", [
        {"text": "30 đảng viên", "value": 30, "unit": "đảng viên", "quantity": "count",
         "qualifier": "=", "role": "total"},
        {"text": "12 đảng viên nữ", "value": 12, "unit": "đảng viên nữ", "quantity": "count",
         "qualifier": "=", "role": "part", "part_of": 4}]),
    # a count with no known unit: the noun phrase that follows
    ("xây 15 nhà văn hóa, 4 cây cầu dân sinh và 03 “Tổ an ninh”", [
        {"text": "15 nhà văn hóa", "value": 15, "unit": "nhà văn hóa", "quantity": "count",
         "qualifier": "="},
        {"text": "4 cây cầu dân sinh", "value": 4, "unit": "cây cầu dân sinh",
         "quantity": "count", "qualifier": "="},
        {"text": "03 “Tổ an ninh”", "value": 3, "unit": "Tổ an ninh", "quantity": "count",
         "qualifier": "="}]),
    ("Định kỳ 02 năm một lần tổ chức hội nghị", [
        {"text": "02 năm một lần", "value": 2, "unit": "năm một lần", "quantity": "rate",
         "qualifier": "="}]),
    # ranges
    ("giá 65-70 USD/thùng", [
        {"text": "65-70 USD/thùng", "value": 65, "end_value": 70, "unit": "USD/thùng",
         "quantity": "rate", "qualifier": "=", "per": "thùng"}]),
    # durations that measure something
    ("tập huấn 03 ngày, thời hạn 5 năm", [
        {"text": "03 ngày", "value": 3, "unit": "ngày", "quantity": "duration", "qualifier": "="},
        {"text": "5 năm", "value": 5, "unit": "năm", "quantity": "duration", "qualifier": "="}]),
    # a pair joined by `có` instead of a slash
    ("tuần tra 25 lượt tổ có 130 lượt đồng chí tham gia", [
        {"text": "25 lượt tổ", "value": 25, "unit": "lượt tổ", "quantity": "count",
         "qualifier": "=", "group": 1},
        {"text": "130 lượt đồng chí", "value": 130, "unit": "lượt đồng chí", "quantity": "count",
         "qualifier": "=", "group": 1}]),
    # a range with a scale word, and table abbreviations of triệu đồng
    ("trồng 250-350 ngàn ha, kinh phí 120 trđ", [
        {"text": "250-350 ngàn ha", "value": 250000, "end_value": 350000, "unit": "ha",
         "quantity": "area", "qualifier": "="},
        {"text": "120 trđ", "value": 120000000, "unit": "đồng", "quantity": "money",
         "qualifier": "="}]),
    # names of places, classes, versions are not figures
    ("tại ấp 2 Tây Hưng, học sinh lớp 9 trường, Công nghiệp 4.0 đang", []),
    # the unit keeps the words that qualify it, and stops at verbs, prepositions, name lists
    ("có 03 dân tộc Kinh, Khmer, Hoa; 12 xã biên giới tổ chức 40 buổi; 04 cặp Thôn - Bản", [
        {"text": "03 dân tộc", "value": 3, "unit": "dân tộc", "quantity": "count",
         "qualifier": "="},
        {"text": "12 xã biên giới", "value": 12, "unit": "xã biên giới", "quantity": "count",
         "qualifier": "="},
        {"text": "40 buổi", "value": 40, "unit": "buổi", "quantity": "count", "qualifier": "="},
        {"text": "04 cặp Thôn - Bản", "value": 4, "unit": "cặp Thôn - Bản", "quantity": "count",
         "qualifier": "="}]),
    # a figure repeated in words inside parentheses
    ("trong thời hạn 05 (năm) ngày, nộp 02 (hai) bộ hồ sơ", [
        {"text": "05 (năm) ngày", "value": 5, "unit": "ngày", "quantity": "duration",
         "qualifier": "="},
        {"text": "02 (hai) bộ hồ sơ", "value": 2, "unit": "bộ hồ sơ", "quantity": "count",
         "qualifier": "="}]),
    # malformed: kept with value None (and a warning, see below)
    ("khen thưởng 3.60 cá nhân", [
        {"text": "3.60 cá nhân", "unit": "cá nhân", "quantity": "count", "qualifier": "="}]),
]


@pytest.mark.parametrize(("text", "expected"), SHAPES)
def test_shapes(text: str, expected: list[dict[str, Any]]) -> None:
    assert [_fields(i) for i in find(text)] == expected


@pytest.mark.parametrize(("text", "subjects"), [
    ("Tổ chức tuyên truyền được 25 buổi, có 900 lượt người nghe", ["tuyên truyền", "tuyên truyền"]),
    ("Phối hợp tuần tra biên giới được 40 lần/200 lượt người", ["tuần tra biên giới"] * 2),
    ("Phát hiện 12 vụ/30 đối tượng", ["phát hiện", "phát hiện"]),
    ("- Vận động 300 hộ ký cam kết", ["vận động"]),
    ("Kết quả đã cấp 1.200 thẻ bảo hiểm y tế", ["cấp"]),
    ("Hội Phụ nữ huyện đã hỗ trợ xây dựng 12 nhà", ["hỗ trợ xây dựng"]),
    ("Đến nay có 40 tập thể và 90 cá nhân tham gia tự quản đường biên.",
     ["tham gia tự quản đường biên"] * 2),
])
def test_subjects(text: str, subjects: list[str]) -> None:
    assert [i.subject for i in find(text)] == subjects


@pytest.mark.parametrize(("text", "value", "warned"), [
    ("tăng 10.5% so với", 10.5, True),        # '.' before 1-2 digits in a measure: a decimal
    ("dài 12.5 km", 12.5, True),
    ("có 1,200 hộ dân", None, True),          # English thousands in a count: not 1.2 hộ
    ("3.60 cá nhân được khen", None, True),   # at a line start too (not an outline label)
    ("0,5 ngày công", 0.5, False),
    ("97,229 km", 97.229, False),
])
def test_unit_settles_ambiguous_readings(text: str, value: float | None, warned: bool) -> None:
    inds, warnings = find_indicators(text, RULES, [])
    assert len(inds) == 1 and inds[0].value == value
    assert bool(warnings) is warned


def test_warning_for_malformed_number() -> None:
    inds, warnings = find_indicators("có 1.2.3 người và 3.60 cá nhân", RULES, [])
    assert [i.value for i in inds] == [None, None]
    assert len(warnings) == 2 and "'1.2.3'" in warnings[0] and "'3.60'" in warnings[1]


# --- rules carry examples; each rule matches its examples and none of its counterexamples -------
def _entries(section: str) -> list[Any]:
    return RULES["units"].entries(section)


def _cases(section: str, field: str) -> list[tuple[Any, str]]:
    return [(e, x) for e in _entries(section) for x in e.get(field) or []]


def _id(v: Any) -> str:
    return v.where if hasattr(v, "where") else str(v)


def test_every_rule_has_examples() -> None:
    for section in ("units", "scales", "qualifiers", "vague", "exclusions"):
        for e in _entries(section):
            assert e.get("examples"), f"{e.where}: rule without examples"


@pytest.mark.parametrize(("entry", "text"), _cases("units", "examples"), ids=_id)
def test_unit_examples(entry: Any, text: str) -> None:
    assert any(i.rule == entry.where for i in find(text)), [(i.text, i.rule) for i in find(text)]


@pytest.mark.parametrize(("entry", "text"), _cases("units", "counterexamples"), ids=_id)
def test_unit_counterexamples(entry: Any, text: str) -> None:
    assert not any(i.rule == entry.where for i in find(text))


@pytest.mark.parametrize(("entry", "text"), _cases("scales", "examples"), ids=_id)
def test_scale_examples(entry: Any, text: str) -> None:
    assert any(i.value is not None and i.value >= entry["factor"] for i in find(text))


@pytest.mark.parametrize(("entry", "text"), _cases("qualifiers", "examples"), ids=_id)
def test_qualifier_examples(entry: Any, text: str) -> None:
    assert any(i.qualifier == entry["qualifier"] for i in find(text))


@pytest.mark.parametrize(("entry", "text"), _cases("qualifiers", "counterexamples"), ids=_id)
def test_qualifier_counterexamples(entry: Any, text: str) -> None:
    assert find(text) and not any(i.qualifier == entry["qualifier"] for i in find(text))


@pytest.mark.parametrize(("entry", "text"), _cases("vague", "examples"), ids=_id)
def test_vague_examples(entry: Any, text: str) -> None:
    assert any(i.vague == entry["word"] and i.value is None for i in find(text))


@pytest.mark.parametrize(("entry", "text"), _cases("vague", "counterexamples"), ids=_id)
def test_vague_counterexamples(entry: Any, text: str) -> None:
    assert not any(i.vague for i in find(text))


@pytest.mark.parametrize(("entry", "text"), _cases("exclusions", "examples"), ids=_id)
def test_exclusion_examples(entry: Any, text: str) -> None:
    assert find(text) == []


@pytest.mark.parametrize(("entry", "text"), _cases("exclusions", "counterexamples"), ids=_id)
def test_exclusion_counterexamples(entry: Any, text: str) -> None:
    assert find(text) != []


def test_bad_rules_are_refused(tmp_path: Any) -> None:
    from bpextract.errors import RuleError
    from bpextract.rules import Rules
    (tmp_path / "units.yaml").write_text(
        "units:\n  - unit: hộ\n    kind: heads\n    forms: [hộ]\n", encoding="utf-8")
    with pytest.raises(RuleError, match="kind 'heads'"):
        find_indicators("3 hộ", Rules(tmp_path), [])


# --- safety and cost ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("9" * 200_000, []), ("1." * 50_000, []), ("1," * 50_000, []),
    (" " * 100_000 + "3 hộ", [(3, "hộ", 100_000, 100_004)]), ("1 " * 50_000, []),
    ("hàng " * 20_000, []), ("(" * 20_000 + "3 tin", [(3, "tin", 20_000, 20_005)]),
    # `3 hộ/3 hộ` is a pair; every later `3` follows a slash (a code, not a figure)
    ("3 hộ/" * 20_000, [(3, "hộ", 0, 4), (3, "hộ", 5, 9)]), ("mốc 1, " * 20_000, []),
])
def test_hostile_input_gives_exact_figures(text: str, expected: list[Any]) -> None:
    # no clock bounds the work any more: long runs finish by construction, with these figures
    got, warnings = find_indicators(text, RULES, [])
    assert [(i.value, i.unit, i.start, i.end) for i in got] == expected
    assert warnings == []


def test_import_stays_light() -> None:
    code = "import sys, bpextract.indicators; print('underthesea' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_no_clock_bounds_the_find() -> None:
    # the old wall-clock limit is gone: a find never turns into "none kept"
    import bpextract.indicators as ind
    assert not hasattr(ind, "_T")
    got, warnings = ind.find_indicators("có 3 hộ", RULES, [])
    assert [(i.value, i.unit) for i in got] == [(3, "hộ")] and warnings == []


def test_cost_scales_linearly_on_a_long_report() -> None:
    text = "\n\n".join([seed_text("004")] * 10)  # ~430 KB of real report text
    find(text[:1000])  # warm up: underthesea loads once
    got = find(text)
    assert len(got) == 10 * len(SEED_004)


def test_user_rules_extend_the_units(tmp_path: Any) -> None:
    from bpextract.rules import Rules
    (tmp_path / "units.yaml").write_text(
        "units:\n  - unit: lít\n    kind: other\n    forms: [lít, l]\n    glued: true\n"
        "    examples: [\"200 lít xăng\"]\n", encoding="utf-8")
    assert [(i.value, i.unit, i.quantity) for i in find("cấp 200 lít", [])] == \
        [(200, "lít", "count")]
    mine = find_indicators("cấp 200 lít và 15l dầu", Rules(tmp_path), [])[0]
    assert [(i.value, i.unit, i.quantity) for i in mine] == [(200, "lít", "other"),
                                                           (15, "l dầu", "other")]


# --- the word segmentation: underthesea's steps called directly -------------------------------

SEGMENTATION_PROBES = [
    # normalised characters and tokens (`Hoà` -> `Hòa`, NFD -> NFC, `ð`), one token (no CRF),
    # the regex tokenizer's special groups (e-mail, web address, abbreviations, ellipsis)
    ("Hoà Bình thuỷ lợi", ("Hòa", "Bình thủy", "lợi")),
    ("Ho\u0300a Bi\u0300nh co\u0301 3 hô\u0323", ("Hòa", "Bình", "có", "3", "hộ")),
    ("ðường xá", ("đường xá",)),
    ("x", ("x",)),
    ("tổ", ("tổ",)),
    ("5 tổ trưởng", ("5", "tổ trưởng")),
    ("email a.b@c.vn, www.abc.vn/x", ("email", "a.b@c.vn", ",", "www.abc.vn/", "x")),
    ("H’Mông", ("H’Mông",)),
    ("v.v...", ("v.v...",)),
]


@pytest.mark.parametrize(("stretch", "words"), SEGMENTATION_PROBES)
def test_segmenter_reads_as_word_tokenize(stretch: str, words: tuple[str, ...]) -> None:
    from underthesea import word_tokenize

    from bpextract import indicators

    assert indicators._segmenter()(stretch) == words == tuple(word_tokenize(stretch))


def test_segmenter_equals_word_tokenize_on_every_corpus_stretch(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # every stretch the indicators ask about in the corpus's plain texts, segmented both ways
    import underthesea

    from bpextract import indicators

    seg = indicators._segmenter()
    assert isinstance(seg, indicators._Segmenter)  # the installed underthesea was checked
    asked: list[str] = []

    def record(s: str) -> tuple[str, ...]:
        asked.append(s)
        return seg(s)

    monkeypatch.setattr(indicators, "_segmenter", lambda: record)
    indicators._words.cache_clear()
    try:
        for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
            find(path.read_text(encoding="utf-8"))
    finally:
        indicators._words.cache_clear()
    assert len(asked) > 1000  # 1,170 stretches
    differ = [s for s in asked if seg(s) != tuple(underthesea.word_tokenize(s))]
    assert differ == []
