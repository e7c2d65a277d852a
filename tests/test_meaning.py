"""What a figure means (issue 14 item 1): ranges read as one figure, status, period and
comparison, on real sentences (the bench and the corpus) and on the rules' general cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from bpextract.api import parse, parse_text
from bpextract.errors import RuleError
from bpextract.indicators import find_indicators
from bpextract.model import Document, Indicator
from bpextract.rules import Rules, get_rules

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# congbao-txt:hd_kinh_te/nghi-quyet-so-122-nq-cp-469492 (Nghị quyết 122/NQ-CP, 2026), verbatim
NQ122 = ("Thu ngân sách nhà nước tháng 4 ước đạt 257,2 nghìn \n"
         "tỷ đồng, lũy kế 04 tháng đầu năm 2026 đạt 1.114 nghìn tỷ đồng, bằng 44% dự \n"
         "toán, tăng 15,2% so với cùng kỳ; nợ công, nợ Chính phủ, nợ nước ngoài, bội chi \n"
         "ngân sách được kiểm soát tốt.")
# viparse-gt:2005-1ADDZ_Ke_hoach_2005__QH_lan_6_25-10 (Kế hoạch 2005 report to the Quốc hội)
ODA = ("Tổng giá trị giải ngân ODA năm 2004 ước đạt 1.490 triệu\n"
       "USD, bằng 95,5% kế hoạch.")


def _one(text: str, start: str) -> Indicator:
    doc = parse_text(text)
    return _at(doc, start)


def _at(doc: Document, text: str, nth: int = 1, footnote: str | None = None) -> Indicator:
    hits = [i for i in doc.indicators if i.text.startswith(text) and i.footnote == footnote]
    assert len(hits) >= nth, [i.text for i in doc.indicators]
    return hits[nth - 1]


def _find(text: str) -> list[Indicator]:
    return find_indicators(text, get_rules())[0]


# --- ranges ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "span", "value", "end", "unit"), [
    # viparse-gt:2004-13D56_Le_Quang_Thung-phatbieu: elliptical ranges (thousands written once)
    ("Theo chúng tôi khoảng từ 450 – 500.000 ha, tùy thuộc vào giá bán cao su",
     "450 – 500.000 ha", 450000, 500000, "ha"),
    ("diện tích trồng mới thêm khoảng từ 50-100.000 ha, nhưng có một điểm bất lợi",
     "50-100.000 ha", 50000, 100000, "ha"),
    # same document: a scale word after the upper end scales both ends
    ("Với Geruco với diện tích từ 230 –240 ngàn ha", "230 –240 ngàn ha", 230000, 240000, "ha"),
    # congbao-txt:cong_doan/thong-tu-so-01-2024-tt-bldtbxh: the unit on both ends, one figure
    ("Đối với trình độ trung cấp: lý thuyết chiếm từ 25% - 45%; thực hành",
     "25% - 45%", 25, 45, "%"),
    # corpus 005: a price range
    ("so với mức 65-70 USD/thùng năm 2006", "65-70 USD/thùng", 65, 70, "USD/thùng"),
    # the general rules: `20-30.000 ha` is no date, `từ X đến Y`, decimals, a real low end
    ("khoảng 20-30.000 ha rừng", "20-30.000 ha", 20000, 30000, "ha"),
    ("năng suất đạt 1,5-1,6 tấn/ha", "1,5-1,6 tấn/ha", 1.5, 1.6, "tấn/ha"),
    ("hỗ trợ từ 10 đến 15 tỷ đồng", "10 đến 15 tỷ đồng", 10_000_000_000, 15_000_000_000,
     "đồng"),
    ("có 100-1.000 người tham gia", "100-1.000 người", 100, 1000, "người"),
    ("tỷ lệ 60%-70% hộ", "60%-70% hộ", 60, 70, "%"),
])
def test_ranges_are_one_figure(text: str, span: str, value: float, end: float,
                               unit: str) -> None:
    inds = _find(text)
    assert [(i.text, i.value, i.end_value, i.unit) for i in inds] == [(span, value, end, unit)]


def test_a_date_is_still_no_range() -> None:
    assert [(i.text, i.value) for i in _find("ngày 22-02-1989 có 5 người dự")] == [
        ("5 người", 5)]
    # a period after a percentage is no share of it
    got = _find("tăng từ 40% năm 2020 lên 45% năm 2024")
    assert [(i.text, i.share_of) for i in got] == [("40%", None), ("45%", None)]


# --- status, period, comparison -----------------------------------------------------------------

def test_budget_paragraph_of_a_resolution() -> None:
    doc = parse_text(NQ122)
    monthly, total, share, growth = doc.indicators
    assert (monthly.value, monthly.status, monthly.period) == (257_200_000_000_000, "estimate",
                                                               None)
    assert (total.value, total.status, total.period, total.period_text) == (
        1_114_000_000_000_000, "achieved", "2026-01/2026-04", "04 tháng đầu năm 2026")
    assert (share.value, share.comparison, share.change, share.compared_to) == (
        44, "plan", None, total.start)
    assert (growth.value, growth.comparison, growth.change, growth.compared_to) == (
        15.2, "same_period", "increase", total.start)
    assert growth.status == "achieved"  # `bằng 44% dự toán` is no plan figure of its own


def test_estimate_against_plan() -> None:
    doc = parse_text(ODA)
    oda, share = doc.indicators
    assert (oda.value, oda.unit, oda.status, oda.period) == (1_490_000_000, "USD", "estimate",
                                                             "2004")
    assert (share.value, share.comparison, share.compared_to) == (95.5, "plan", oda.start)


def test_issue_example_target() -> None:
    ind = _one("Phấn đấu đến năm 2025 có 100% số xã đạt chuẩn nông thôn mới.", "100%")
    assert (ind.status, ind.period, ind.period_text, ind.share_of) == (
        "target", "2025", "đến năm 2025", "xã")


def test_baseline_and_target_comparison() -> None:
    doc = parse_text("Tỷ lệ che phủ rừng tăng từ 40% năm 2020 lên 45% năm 2024, "
                     "vượt 2% chỉ tiêu.")
    base, now, over = doc.indicators
    assert (base.status, base.period) == ("baseline", "2020")
    assert now.period == "2024"
    assert (over.comparison, over.change, over.compared_to) == ("target", "increase", now.start)


def test_caps_and_negations_have_no_direction() -> None:
    ind = _one("Mức vốn góp của một tổ chức tín dụng không được vượt quá 11% vốn điều lệ.", "11%")
    assert (ind.status, ind.change) == ("unknown", None)


@pytest.fixture(scope="module")
def report_005() -> Document:
    return parse(CORPUS / "005_viparse_2007-1AF57_02-2007.txt")


def test_monthly_report(report_005: Document) -> None:
    doc = report_005
    month = _at(doc, "39.897 tỷ đồng")
    assert (month.status, month.period) == ("estimate", "2007-02")
    fall = _at(doc, "19%")
    assert (fall.comparison, fall.change, fall.compared_to) == ("period", "decrease",
                                                                month.start)
    rise = _at(doc, "11,9%")
    assert (rise.comparison, rise.change, rise.compared_to) == ("same_period", "increase",
                                                                month.start)
    # the plan figure quoted in the report
    assert _at(doc, "16%").status == "target"
    # a list shares the base written after its last item
    for head in ("24,9%", "53,2%", "25,8%"):
        ind = _at(doc, head)
        assert (ind.status, ind.period, ind.comparison, ind.change) == (
            "achieved", "2007-01/2007-02", "same_period", "increase"), head
    index = _at(doc, "98,1%")
    assert (index.comparison, index.change) == ("same_period", None)
    # no base written: a direction only
    beer = _at(doc, "11,6%", nth=3)  # `bia đạt 218 triệu lít tăng 11,6%`
    assert (beer.comparison, beer.change) == (None, "increase")
    # a figure after `so với` is the base
    assert _at(doc, "65-70 USD/thùng").status == "baseline"


def test_plan_document_and_its_recipients() -> None:
    doc = parse(CORPUS / "000_8b4ae3eac95484b2.txt")
    quota = _at(doc, "01 tập thể")
    assert (quota.status, quota.period, quota.period_text) == ("target", "2022", "năm 2022")
    posts = _at(doc, "04 Đoàn Biên phòng")
    assert (posts.status, posts.period) == ("unknown", None)


def test_decision_target_and_report_period() -> None:
    doc = parse(CORPUS / "008_congbao_qd-844-qd-ttg.txt")
    cover = _at(doc, "95,5%")
    assert (cover.status, cover.period, cover.qualifier) == ("target", "2026", ">")
    report = parse(CORPUS / "004_019c82b1cf276d3c.txt")
    assert _at(report, "100% các xã").period == "2023-03"
    assert _at(report, "1.029,25 km²").period == "2019/2024"  # the title's giai đoạn
    fn = _at(report, "1.244 buổi", footnote="2")
    assert (fn.status, fn.period) == ("achieved", "2019/2024")


def test_rules_file_is_validated(tmp_path: Path) -> None:
    (tmp_path / "meaning.yaml").write_text(
        "status:\n  - name: target\n    status: goal\n    words: [phấn đấu]\n    strength: 3\n",
        encoding="utf-8")
    with pytest.raises(RuleError, match=r"meaning\.yaml:2: status 'goal' is not one of"):
        parse_text("Phấn đấu có 100% số xã đạt chuẩn.", rules=Rules(tmp_path))
    (tmp_path / "meaning.yaml").write_text("status:\n  - name: x\n    statu: target\n",
                                           encoding="utf-8")
    with pytest.raises(RuleError, match=r"meaning\.yaml:3: unknown key .statu."):
        Rules(tmp_path)["meaning"]


def test_user_rules_add_a_cue(tmp_path: Path) -> None:
    text = "Năm tới gắng đạt 90% số hộ có nước sạch."
    assert _one(text, "90%").status == "achieved"  # `đạt` alone
    (tmp_path / "meaning.yaml").write_text(
        "status:\n  - name: gắng\n    status: target\n    words: [gắng đạt]\n    strength: 3\n",
        encoding="utf-8")
    doc = parse_text(text, rules=Rules(tmp_path))
    assert _at(doc, "90%").status == "target"
