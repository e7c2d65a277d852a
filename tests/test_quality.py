"""The scorer itself, on tiny made-up gold and predictions (no extractor involved)."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from bpextract import quality
from bpextract.errors import UsageError
from bpextract.model import (
    DateRecord,
    Document,
    Footnote,
    Header,
    Indicator,
    Part,
    Reference,
    Section,
    Signer,
)
from bpextract.quality import (
    Counts,
    Gold,
    GoldError,
    gold_from_dict,
    gold_problems,
    load_corpus,
    load_gold,
    locate,
    run_check,
    score,
    valid_iso,
)

TEXT = "Căn cứ Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ; có 14.209 lượt người."


def doc(text: str = TEXT, **kw: Any) -> Document:
    return Document(doc_id="t", source="t.txt", format="txt", pages=None, text=text, **kw)


def gold(**data: Any) -> Gold:
    return gold_from_dict({"document": "t.txt", **data})


def ref(text: str, number: str | None = None, *, where: str = TEXT, occ: int = 1,
        shift: tuple[int, int] = (0, 0), footnote: str | None = None, **kw: Any) -> Reference:
    start = locate(where, text, occ)
    assert start is not None
    return Reference(text=text, start=start + shift[0], end=start + len(text) + shift[1],
                     footnote=footnote, number=number, **kw)


def span(text: str, occ: int = 1, where: str = TEXT) -> tuple[int, int]:
    start = locate(where, text, occ)
    assert start is not None
    return start, start + len(text)


REF_GOLD = {"text": "Chỉ thị số 01/CT-TTg", "type": "Chỉ thị", "number": "01/CT-TTg"}


def counts(report: quality.Report, table: str) -> tuple[int, int, int]:
    c = report.tables[table]
    return c.tp, c.fp, c.fn


# ------------------------------------------------------------------ span tables

def test_exact_match_is_a_true_positive() -> None:
    d = doc(references=(ref("Chỉ thị số 01/CT-TTg", "01/CT-TTg", type="Chỉ thị"),))
    r = score([(d, gold(references=[REF_GOLD]))])
    assert counts(r, "references") == (1, 0, 0)
    assert r.tables["references"].f1 == 1.0
    assert r.fields["references.type"].accuracy == 1.0
    assert r.diff == []


def test_shifted_but_overlapping_span_matches() -> None:
    longer = "Chỉ thị số 01/CT-TTg ngày 09/01/2015 của Thủ tướng Chính phủ"
    shorter = ref("Chỉ thị số 01/CT-TTg", "01/CT-TTg", shift=(11, 0))  # only "01/CT-TTg"
    for pred in (ref(longer, "01/CT-TTg"), shorter):
        r = score([(doc(references=(pred,)), gold(references=[REF_GOLD]))])
        assert counts(r, "references") == (1, 0, 0)


def test_adjacent_span_without_overlap_does_not_match() -> None:
    pred = ref("ngày 09/01/2015", "01/CT-TTg")  # right value, but starts after the gold ends
    r = score([(doc(references=(pred,)), gold(references=[REF_GOLD]))])
    assert counts(r, "references") == (0, 1, 1)


def test_wrong_value_is_one_miss_and_one_false_positive() -> None:
    pred = ref("Chỉ thị số 01/CT-TTg", "01/CT-TT")
    r = score([(doc(references=(pred,)), gold(references=[REF_GOLD]))])
    assert counts(r, "references") == (0, 1, 1)
    kinds = {(e.kind, e.start, e.end) for e in r.diff}
    assert kinds == {("miss", 7, 27), ("false_positive", 7, 27)}
    miss = next(e for e in r.diff if e.kind == "miss")
    assert miss.document == "t.txt" and miss.table == "references"
    assert miss.expected == "number=01/CT-TTg, type=Chỉ thị"
    assert miss.got is not None and miss.got.startswith("number=01/CT-TT")


def test_duplicate_prediction_counts_once_as_tp_and_once_as_fp() -> None:
    pred = ref("Chỉ thị số 01/CT-TTg", "01/CT-TTg")
    r = score([(doc(references=(pred, pred)), gold(references=[REF_GOLD]))])
    assert counts(r, "references") == (1, 1, 0)
    assert r.tables["references"].precision == 0.5
    assert r.tables["references"].recall == 1.0


def test_missing_prediction_is_a_miss_with_gold_offsets() -> None:
    r = score([(doc(), gold(references=[REF_GOLD]))])
    assert counts(r, "references") == (0, 0, 1)
    assert r.tables["references"].recall == 0.0
    assert r.tables["references"].f1 == 0.0
    [e] = r.diff
    assert (e.kind, e.start, e.end, e.text, e.got) == ("miss", 7, 27, "Chỉ thị số 01/CT-TTg", None)


def test_numbers_compare_in_canonical_form() -> None:
    text = "Kế hoạch số 74 /KH – BCĐ ngày 11/01/2022"
    pred = ref("Kế hoạch số 74 /KH – BCĐ", "74 /KH – BCĐ", where=text)
    g = gold(references=[{"text": "Kế hoạch số 74 /KH – BCĐ", "number": "74/KH-BCĐ"}])
    assert counts(score([(doc(text, references=(pred,)), g)]), "references") == (1, 0, 0)


def test_short_form_matches_through_refers_to() -> None:
    text = "theo Chỉ thị số 01 nói trên"
    pred = ref("Chỉ thị số 01", None, where=text, short_form=True, refers_to="01/CT-TTg")
    g = gold(references=[{"text": "Chỉ thị số 01", "number": "01/CT-TTg", "short_form": True}])
    r = score([(doc(text, references=(pred,)), g)])
    assert counts(r, "references") == (1, 0, 0)
    assert r.fields["references.short_form"].accuracy == 1.0
    assert r.fields["references.number"].accuracy == 0.0  # number itself left empty


def test_reference_without_number_matches_by_type() -> None:
    text = "theo Luật Biên phòng Việt Nam"
    g = gold(references=[{"text": "Luật Biên phòng Việt Nam", "type": "Luật", "number": None}])
    right = ref("Luật Biên phòng Việt Nam", None, where=text, type="luật")
    wrong = ref("Luật Biên phòng Việt Nam", None, where=text, type="Nghị định")
    assert counts(score([(doc(text, references=(right,)), g)]), "references") == (1, 0, 0)
    assert counts(score([(doc(text, references=(wrong,)), g)]), "references") == (0, 1, 1)


def test_greedy_prefers_most_overlap_then_least_shift() -> None:
    text = "5 hộ và 5 hộ"
    g = gold(indicators=[{"text": "5 hộ", "value": 5, "unit": "hộ"},
                         {"text": "5 hộ", "occurrence": 2, "value": 5, "unit": "hộ"}])
    wide = Indicator(text=text, start=0, end=12, value=5, unit="hộ")
    exact2 = Indicator(text="5 hộ", start=8, end=12, value=5, unit="hộ")
    r = score([(doc(text, indicators=(wide, exact2)), g)])
    assert counts(r, "indicators") == (2, 0, 0)


def brute_force_tp(golds: list[tuple[int, int]], preds: list[tuple[int, int]]) -> int:
    """The greedy matching written the slow, obvious way (all pairs), for comparison."""
    pairs = sorted((-(min(ge, pe) - max(gs, ps)), abs(gs - ps) + abs(ge - pe), gi, pi)
                   for gi, (gs, ge) in enumerate(golds) for pi, (ps, pe) in enumerate(preds)
                   if min(ge, pe) > max(gs, ps))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
    return len(used_g)


def test_indexed_matching_agrees_with_brute_force() -> None:
    rnd = random.Random(7)
    text = "".join(chr(0x4E00 + i) for i in range(300))  # all distinct: each substring is unique
    for _ in range(300):
        gs = [(a, a + rnd.randint(1, 30)) for a in
              (rnd.randint(0, 260) for _ in range(rnd.randint(0, 12)))]
        ps = [(a, a + rnd.randint(1, 40)) for a in
              (rnd.randint(0, 250) for _ in range(rnd.randint(0, 12)))]
        g = gold(indicators=[{"text": text[x:y], "value": 1} for x, y in gs])
        preds = tuple(Indicator(text=text[x:y], start=x, end=y, value=1) for x, y in ps)
        tp, fp, fn = counts(score([(doc(text, indicators=preds), g)]), "indicators")
        assert tp == brute_force_tp(gs, ps)
        assert (fp, fn) == (len(ps) - tp, len(gs) - tp)


def test_occurrence_picks_the_right_copy() -> None:
    text = "ngày 03/3 và ngày 03/3"
    g = gold(dates=[{"text": "ngày 03/3", "occurrence": 2, "value": "--03-03"}])
    first = DateRecord(text="ngày 03/3", start=0, end=9, value="--03-03", kind="recurring")
    second = DateRecord(text="ngày 03/3", start=13, end=22, value="--03-03", kind="recurring")
    assert counts(score([(doc(text, dates=(first,)), g)]), "dates") == (0, 1, 1)
    assert counts(score([(doc(text, dates=(second,)), g)]), "dates") == (1, 0, 0)


def test_dates_compare_value_end_value_and_report_kind() -> None:
    text = "giai đoạn 2015 – 2025"
    g = gold(dates=[{"text": text, "value": "2015", "end_value": "2025", "kind": "range"}])
    good = DateRecord(text=text, start=0, end=len(text), value="2015", end_value="2025",
                      kind="date")
    bad_end = DateRecord(text=text, start=0, end=len(text), value="2015", end_value=None)
    r = score([(doc(text, dates=(good,)), g)])
    assert counts(r, "dates") == (1, 0, 0)
    assert r.fields["dates.kind"].correct == 0 and r.fields["dates.kind"].annotated == 1
    assert counts(score([(doc(text, dates=(bad_end,)), g)]), "dates") == (0, 1, 1)


def test_indicator_values_tolerance_and_unit_folding() -> None:
    text = "đạt 0,3 Lượt  Người"
    g = gold(indicators=[{"text": "0,3 Lượt  Người", "value": 0.1 + 0.2, "unit": "lượt người"}])
    pred = Indicator(text="0,3 Lượt  Người", start=4, end=19, value=0.3, unit="Lượt Người")
    other_unit = Indicator(text="0,3 Lượt  Người", start=4, end=19, value=0.3, unit="người")
    off = Indicator(text="0,3 Lượt  Người", start=4, end=19, value=0.30001, unit="lượt người")
    assert counts(score([(doc(text, indicators=(pred,)), g)]), "indicators") == (1, 0, 0)
    assert counts(score([(doc(text, indicators=(other_unit,)), g)]), "indicators") == (0, 1, 1)
    assert counts(score([(doc(text, indicators=(off,)), g)]), "indicators") == (0, 1, 1)


def test_vague_indicator_with_null_value_matches_only_null() -> None:
    text = "hàng trăm triệu đồng"
    g = gold(indicators=[{"text": text, "value": None, "unit": "đồng"}])
    vague = Indicator(text=text, start=0, end=len(text), value=None, unit="đồng")
    guessed = Indicator(text=text, start=0, end=len(text), value=100, unit="đồng")
    assert counts(score([(doc(text, indicators=(vague,)), g)]), "indicators") == (1, 0, 0)
    assert counts(score([(doc(text, indicators=(guessed,)), g)]), "indicators") == (0, 1, 1)


def test_items_in_footnotes_are_placed_in_the_footnote_text() -> None:
    note_text = "Quyết định số 16/HĐBT ngày 22/02/1989"
    notes = (Footnote(id="1", marker_start=3, section=None, text=note_text),)
    g = gold(footnotes=[{"id": "1", "text": note_text}],
             dates=[{"text": "22/02/1989", "footnote": "1", "value": "1989-02-22"}])
    s, e = span("22/02/1989", where=note_text)
    in_note = DateRecord(text="22/02/1989", start=s, end=e, footnote="1", value="1989-02-22")
    in_main = DateRecord(text="22/02/1989", start=s, end=e, value="1989-02-22")
    r = score([(doc(footnotes=notes, dates=(in_note,)), g)])
    assert counts(r, "dates") == (1, 0, 0)
    assert counts(r, "footnotes") == (1, 0, 0)
    assert counts(score([(doc(footnotes=notes, dates=(in_main,)), g)]), "dates") == (0, 1, 1)


def test_gold_in_an_unextracted_footnote_is_a_miss_with_a_warning() -> None:
    g = gold(footnotes=[{"id": "2", "text": "Nghị định 34/2014/NĐ-CP"}],
             references=[{"text": "Nghị định 34/2014/NĐ-CP", "footnote": "2",
                          "number": "34/2014/NĐ-CP"}])
    r = score([(doc(), g)])
    assert counts(r, "references") == (0, 0, 1)
    assert counts(r, "footnotes") == (0, 0, 1)
    assert r.warnings == ["t.txt: references[0] 'Nghị định 34/2014/NĐ-CP': footnote 2 was not "
                          "extracted"]


def test_unannotated_table_is_not_scored_but_an_empty_one_is() -> None:
    d = doc(references=(ref("Chỉ thị số 01/CT-TTg", "01/CT-TTg"),))
    assert "references" not in score([(d, gold())]).tables
    assert counts(score([(d, gold(references=[]))]), "references") == (0, 1, 0)


def test_scores_are_micro_averaged_over_documents() -> None:
    pred = ref("Chỉ thị số 01/CT-TTg", "01/CT-TTg")
    a = (doc(references=(pred,)), gold(references=[REF_GOLD]))
    text_b = "Chỉ thị số 01/CT-TTg; Chỉ thị số 01/CT-TTg; Chỉ thị số 01/CT-TTg"
    b_gold = gold_from_dict({"document": "b.txt", "references": [
        {**REF_GOLD, "occurrence": i} for i in (1, 2, 3)]})
    r = score([a, (doc(text_b), b_gold)])
    assert counts(r, "references") == (1, 0, 3)
    assert r.tables["references"].recall == 0.25  # not the mean of 1.0 and 0.0
    per_doc = {d.document: d.tables["references"].recall for d in r.documents}
    assert per_doc == {"t.txt": 1.0, "b.txt": 0.0}


def test_vacuous_and_edge_scores() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (1.0, 1.0, 1.0)
    c = Counts(tp=2, fp=2, fn=0)
    assert (c.precision, c.recall, round(c.f1, 4)) == (0.5, 1.0, 0.6667)
    assert Counts(fp=3).f1 == 0.0


# ------------------------------------------------------------------ sequence tables

def sec(label: str, title: str | None, level: int, start: int = 0, part: int = 0) -> Section:
    return Section(id=start, parent=None, level=level, label=label, style="x", title=title,
                   path="", start=start, end=start + 5, part=part)


def test_sections_match_in_order_and_score_level_apart() -> None:
    g = gold(sections=[{"label": "I.", "title": "MỤC ĐÍCH, YÊU CẦU", "level": 1},
                       {"label": "1.", "title": "Mục đích", "level": 2},
                       {"label": "1.", "title": "Mục đích", "level": 2, "part": 1}])
    preds = (sec("I.", "Mục  đích, yêu cầu:", 1, 0), sec("1.", "Mục đích", 3, 10),
             sec("2.", "Yêu cầu", 2, 20))
    r = score([(doc(sections=preds), g)])
    assert counts(r, "sections") == (2, 1, 1)
    assert (r.fields["sections.level"].correct, r.fields["sections.level"].annotated) == (1, 2)
    miss = next(e for e in r.diff if e.kind == "miss")
    assert miss.text == "1. Mục đích" and miss.expected == "part 1, level 2"


def test_sections_out_of_order_count_once() -> None:
    g = gold(sections=[{"label": "1.", "title": "A", "level": 1},
                       {"label": "2.", "title": "B", "level": 1}])
    preds = (sec("2.", "B", 1, 0), sec("1.", "A", 1, 10))
    assert counts(score([(doc(sections=preds), g)]), "sections") == (1, 1, 1)


def test_parts_match_by_kind_and_title_ignoring_the_main_part() -> None:
    g = gold(parts=[{"kind": "attachment", "title": "ĐỀ CƯƠNG BÁO CÁO"}])
    preds = (Part(id=0, kind="main", title=None, start=0, end=10),
             Part(id=1, kind="attachment", title="Đề cương  báo cáo", start=10, end=20))
    assert counts(score([(doc(parts=preds), g)]), "parts") == (1, 0, 0)


def test_footnotes_match_by_id_and_text_prefix() -> None:
    long = "Quyết định số 16/HĐBT ngày 22/02/1989 của Hội đồng Bộ trưởng về việc tổ chức"
    g = gold(footnotes=[{"id": "1", "text": long}, {"id": "2", "text": "Luật số 06/2003/QH11"}])
    preds = (Footnote(id="1", marker_start=5, section=None, text=long[:40] + " (cắt)"),
             Footnote(id="2", marker_start=9, section=None, text="Luật 06/2003/QH11"),
             Footnote(id="3", marker_start=12, section=None, text="Luật số 06/2003/QH11"))
    r = score([(doc(footnotes=preds), g)])
    assert counts(r, "footnotes") == (1, 2, 1)


# ------------------------------------------------------------------ header

HEADER = Header(number="74/KH-BCĐ", number_raw="74 /KH-BCĐ", doc_type="Kế hoạch",
                place="Hà Quảng", issue_date="2022-01-11", title="Tổ chức  sơ kết",
                signer=Signer(name="Triệu Đình Dũng", position="TRƯỞNG BAN"),
                recipients=("- Thường trực Huyện ủy;", "Lưu: VT"))


def test_header_fields_null_vs_null_absent_and_wrong() -> None:
    g = gold(header={"number": "74 / KH-BCĐ", "issuer": None, "place": "Hà Giang",
                     "title": "tổ chức sơ kết.", "is_template": False,
                     "signer": {"name": "Triệu Đình Dũng", "position": "Trưởng ban",
                                "authority": None}})
    r = score([(doc(header=HEADER), g)])
    acc = {k: (a.correct, a.annotated) for k, a in r.fields.items()}
    assert acc == {"header.issuer": (1, 1), "header.number": (1, 1), "header.place": (0, 1),
                   "header.title": (1, 1), "header.signer.name": (1, 1),
                   "header.signer.position": (1, 1), "header.signer.authority": (1, 1),
                   "header.is_template": (1, 1)}
    [wrong] = r.diff
    assert (wrong.table, wrong.kind, wrong.expected, wrong.got) == (
        "header.place", "wrong", '"Hà Giang"', '"Hà Quảng"')


def test_header_null_gold_against_a_value_is_wrong() -> None:
    r = score([(doc(header=HEADER), gold(header={"issue_date": None, "number_raw": None}))])
    assert r.fields["header.issue_date"].correct == 0
    assert r.fields["header.number_raw"].correct == 0


def test_recipients_are_a_multiset_and_a_table() -> None:
    same = gold(header={"recipients": ["Lưu: VT.", "Thường trực Huyện ủy"]})
    r = score([(doc(header=HEADER), same)])
    assert r.fields["header.recipients"].accuracy == 1.0
    assert counts(r, "recipients") == (2, 0, 0)
    more = gold(header={"recipients": ["Thường trực Huyện ủy", "UBND các xã", "Lưu: VT"]})
    r = score([(doc(header=HEADER), more)])
    assert r.fields["header.recipients"].accuracy == 0.0
    assert counts(r, "recipients") == (2, 0, 1)


# ------------------------------------------------------------------ gold format

def test_locate_counts_non_overlapping_occurrences() -> None:
    assert locate("aaaa", "aa", 1) == 0
    assert locate("aaaa", "aa", 2) == 2
    assert locate("aaaa", "aa", 3) is None


@pytest.mark.parametrize(("value", "ok"), [
    ("2022-01-11", True), ("2025-04", True), ("2022", True), ("--03-03", True),
    ("2022-02-30", False), ("2022-13", False), ("11/01/2022", False), ("22", False),
    ("--02-30", False),
])
def test_iso_dates(value: str, ok: bool) -> None:
    assert valid_iso(value) is ok


@pytest.mark.parametrize(("data", "message"), [
    ({"referencez": []}, "unknown top-level key 'referencez'"),
    ({"dates": [{"text": "x", "value": "11/01/2022"}]}, "dates[0]: 'value' '11/01/2022' is not"),
    ({"dates": [{"text": "x"}]}, "dates[0]: missing required key 'value'"),
    ({"sections": [{"label": "I.", "level": "1"}]}, "'level' must be an integer"),
    ({"sections": [{"label": "I.", "level": True}]}, "'level' must be an integer"),
    ({"indicators": [{"text": "x", "value": "14.209"}]}, "'value' must be an integer or a"),
    ({"references": [{"text": "x", "occurrence": 0}]}, "'occurrence' must be 1 or more"),
    ({"references": [{"text": "x", "footnote": "3"}]}, "footnote '3' is not in this file"),
    ({"references": [{"text": "x", "numbr": "1"}]}, "unknown key 'numbr'"),
    ({"header": {"signer": {"nam": "A"}}}, "header.signer: unknown key 'nam'"),
    ({"header": {"recipients": ["a", ""]}}, "recipients[1] must be a non-empty string"),
    ({"dates": [{"text": "x", "value": None, "kind": "period"}]}, "'kind' 'period' is not one"),
    ({"footnotes": [{"id": "1", "text": "a"}, {"id": "1", "text": "b"}]}, "annotated twice"),
])
def test_malformed_gold_is_rejected_with_a_clear_message(data: dict[str, Any],
                                                         message: str) -> None:
    with pytest.raises(GoldError) as err:
        gold_from_dict(data, "g.json")
    assert message in str(err.value)
    assert str(err.value).startswith("g.json")


def test_comment_keys_are_allowed_and_dropped() -> None:
    g = gold_from_dict({"_note": "x", "dates": [{"text": "2022", "value": "2022", "_why": "y"}]})
    assert dict(g.tables["dates"][0]) == {"text": "2022", "value": "2022"}


def test_load_gold_names_the_file_on_bad_json(tmp_path: Path) -> None:
    p = tmp_path / "x.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match=r"x\.json: not valid JSON"):
        load_gold(p)


def test_gold_problems_finds_texts_not_at_their_occurrence() -> None:
    g = gold(footnotes=[{"id": "1", "text": "Luật số 06/2003/QH11"}],
             dates=[{"text": "09/01/2015", "occurrence": 2, "value": "2015-01-09"}],
             references=[{"text": "06/2003/QH11", "footnote": "1"},
                         {"text": "06/2003/QH12", "footnote": "1"}])
    problems = gold_problems(g, doc())
    assert len(problems) == 3
    assert "footnotes[0] (id 1): text not found in the document" in problems[0]
    assert "references[1] '06/2003/QH12': occurrence 1 not in footnote 1" in problems[1]
    assert "dates[0] '09/01/2015': occurrence 2 not in the main text (found 1 time(s))" \
        in problems[2]
    ok = gold(dates=[{"text": "09/01/2015", "value": "2015-01-09"}])
    assert gold_problems(ok, doc()) == []


# ------------------------------------------------------------------ corpus and run_check

def make_corpus(root: Path) -> Path:
    (root / "gold").mkdir(parents=True)
    (root / "a.txt").write_text("BÁO CÁO\n\nCăn cứ Chỉ thị số 01/CT-TTg ngày 09/01/2015.\n",
                                encoding="utf-8")
    (root / "unannotated.txt").write_text("x", encoding="utf-8")
    (root / "gold" / "a.json").write_text(json.dumps({
        "document": "a.txt",
        "dates": [{"text": "ngày 09/01/2015", "value": "2015-01-09"}],
        "references": [{"text": "Chỉ thị số 01/CT-TTg", "number": "01/CT-TTg"}],
    }), encoding="utf-8")
    return root


def test_load_corpus_pairs_documents_with_gold(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    assert load_corpus(root) == [(root / "a.txt", root / "gold" / "a.json")]
    (root / "gold" / "b.json").write_text("{}", encoding="utf-8")
    with pytest.raises(GoldError, match=r"b.json: no document named b\.\*"):
        load_corpus(root)


def test_run_check_prints_a_table_and_diff(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    out, rc = run_check(root, diff=True)
    assert rc == 0
    assert out.startswith(f"bpextract check: 1 document(s) in {root}")
    assert "table" in out and "precision  recall     f1" in out
    lines = {ln.split()[0]: ln.split() for ln in out.splitlines() if ln.split()}
    assert lines["dates"][1] == "1" and lines["references"][1] == "1"  # gold counts
    assert "differences (" in out


def test_run_check_json(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    out, rc = run_check(root, as_json=True, diff=True)
    data = json.loads(out)
    assert rc == 0
    assert data["documents"] == 1 and data["errors"] == []
    assert data["tables"]["dates"]["gold"] == 1
    assert data["per_document"][0]["document"] == "a.txt"
    assert isinstance(data["diff"], list)
    assert "diff" not in json.loads(run_check(root, as_json=True)[0])


def test_run_check_invalid_folder_exits_2(tmp_path: Path) -> None:
    out, rc = run_check(tmp_path / "nope")
    assert rc == 2 and "not a folder" in out
    (tmp_path / "empty").mkdir()
    out, rc = run_check(tmp_path / "empty")
    assert rc == 2 and "no gold annotations" in out


def test_run_check_rejects_gold_naming_another_document(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    (root / "gold" / "a.json").write_text('{"document": "b.txt"}', encoding="utf-8")
    out, rc = run_check(root)
    assert rc == 2 and "'document' is 'b.txt' but the file next to it is 'a.txt'" in out


def test_run_check_reports_unparsable_document_with_exit_1(tmp_path: Path) -> None:
    root = make_corpus(tmp_path / "c")
    (root / "bad.xyz").write_text("?", encoding="utf-8")
    (root / "gold" / "bad.json").write_text("{}", encoding="utf-8")
    out, rc = run_check(root)
    assert rc == 1
    assert "error: " in out and "bad.xyz" in out
    assert out.startswith(f"bpextract check: 1 document(s) in {root}")


def test_default_corpus_missing_raises_usage_error(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quality, "__file__", str(tmp_path / "src" / "pkg" / "quality.py"))
    with pytest.raises(UsageError, match="pass a folder"):
        run_check(None)


def test_missed_headings_are_given_offsets_for_the_diff() -> None:
    text = "I. MỤC ĐÍCH\nnội dung\n1. Mục đích\n"
    g = gold(sections=[{"label": "I.", "title": "MỤC ĐÍCH", "level": 1},
                       {"label": "1.", "title": "Mục đích", "level": 2},
                       {"label": "2.", "title": "Yêu cầu", "level": 2}])
    r = score([(doc(text), g)])
    assert [(e.start, e.end) for e in r.diff] == [(3, 11), (24, 32), (None, None)]


def test_groups_compare_who_is_with_whom_not_labels() -> None:
    text = "16.010 hộ/59.848 khẩu và 12 xã"
    g = gold(indicators=[{"text": "16.010 hộ", "value": 16010, "group": "dan-so"},
                         {"text": "59.848 khẩu", "value": 59848, "group": "dan-so"},
                         {"text": "12 xã", "value": 12}])

    def inds(groups: tuple[int | None, int | None, int | None]) -> tuple[Indicator, ...]:
        spans = [span("16.010 hộ", where=text), span("59.848 khẩu", where=text),
                 span("12 xã", where=text)]
        return tuple(Indicator(text=text[a:b], start=a, end=b, value=v, group=grp)
                     for (a, b), v, grp in zip(spans, (16010, 59848, 12), groups, strict=True))

    right = score([(doc(text, indicators=inds((7, 7, None))), g)]).fields["indicators.group"]
    assert (right.correct, right.annotated) == (2, 2)
    split = score([(doc(text, indicators=inds((1, 2, None))), g)]).fields["indicators.group"]
    assert (split.correct, split.annotated) == (0, 2)
    extra = score([(doc(text, indicators=inds((1, 1, 1))), g)]).fields["indicators.group"]
    assert (extra.correct, extra.annotated) == (0, 3)


def test_deep_gold_is_a_gold_error_naming_the_line(tmp_path: Path) -> None:
    p = tmp_path / "deep.json"
    p.write_text('{"dates":\n' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    with pytest.raises(GoldError, match=r"deep\.json:2: nested deeper than 32 levels"):
        load_gold(p)


def test_brackets_inside_gold_strings_do_not_count(tmp_path: Path) -> None:
    p = tmp_path / "g.json"
    text = "[" * 100 + ' \\"{' + "]" * 3
    p.write_text(json.dumps({"dates": [{"text": text, "value": None}]}), encoding="utf-8")
    assert load_gold(p).tables["dates"][0]["text"] == text


def test_oversized_gold_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quality, "MAX_GOLD_BYTES", 2**20)
    p = tmp_path / "big.json"
    p.write_text(json.dumps({"_note": "x" * 2**20}), encoding="utf-8")
    with pytest.raises(GoldError, match=r"big\.json: gold file larger than 1 MiB"):
        load_gold(p)


def test_check_exits_2_on_a_deep_gold_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bpextract.cli import main

    root = make_corpus(tmp_path / "c")
    (root / "gold" / "a.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    res = CliRunner().invoke(main, ["check", str(root)])
    assert res.exit_code == 2
    assert f"{root / 'gold' / 'a.json'}:1: nested deeper than 32 levels" in res.output
