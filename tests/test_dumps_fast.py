"""The fast paths of chrome.py and footnotes.dump_footnotes (issue 11) find what the plain
paths found: lines tried only where a `holds` word stands, page numbers read only next to a
break or other chrome, dumps without a body line left at once. Each test runs both ways on
real text and compares, and pins concrete values."""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import regex
from tests.conftest import CORPUS, FIXTURES, bench_texts

from bpextract import footnotes
from bpextract.chrome import ChromeRules, LinePattern, Lines, compiled, find_blocks, find_chrome
from bpextract.errors import RuleError
from bpextract.normalize import normalize
from bpextract.rules import get_rules
from bpextract.userpatterns import UserPattern

RULES = get_rules()
ROOT = Path(__file__).parent.parent
HELDOUT = ROOT / "benchmarks" / "data" / "dumps_heldout" / "dumps"
DEV = ("congbao_vbhn-28-vpqh", "congbao_vbhn-835-bldtbxh", "congbao_vbhn-06-byt",
       "congbao_vbhn-466-bldtbxh", "vbpl_vbhn-23-2020-vpqh_congbao-1095-1096", "vbpl_anle-49")


def _texts(bench: int = 40) -> Iterator[str]:
    """Real dumps (with form feeds, Công báo headers, e-signature stamps), flattened web pages,
    the corpus, bench records, and bench records with page breaks put in at random."""
    for p in sorted(FIXTURES.glob("dumps/*.txt")):
        yield p.read_text(encoding="utf-8")
    for p in sorted(HELDOUT.glob("*.txt.gz")):
        if p.name.startswith(DEV):  # the DEV half only (benchmarks/data/dumps_heldout)
            with gzip.open(p, "rt", encoding="utf-8") as f:
                yield f.read()
    for p in sorted([*CORPUS.glob("*.txt"), *CORPUS.glob("*.md"),
                     *(ROOT / "benchmarks" / "data" / "mdweb").glob("*.md")]):
        yield p.read_text(encoding="utf-8")
    for k, text in enumerate(bench_texts(bench)):
        yield text
        rnd = random.Random(k)
        yield "".join(p + ("\f" if rnd.random() < 0.03 else "\n") for p in text.split("\n"))


def _plain(cr: ChromeRules) -> ChromeRules:
    """`cr` without its `holds` words: every line is tried."""
    return replace(cr, patterns={k: [LinePattern(lp.pattern) for lp in v]
                                 for k, v in cr.patterns.items()},
                   blocks=tuple(replace(b, start_holds=()) for b in cr.blocks))


def _kinds(text: str, cr: ChromeRules) -> dict[int, str]:
    lines = Lines(text)
    find_blocks(lines, cr)
    find_chrome(lines, cr)
    return lines.kind


# ---------------------------------------------------------------- chrome

def test_holds_words_stand_in_every_example() -> None:
    cr = compiled(RULES)
    holding = [lp for v in cr.patterns.values() for lp in v if lp.holds]
    assert len(holding) >= 2
    for e in RULES["chrome"].entries("lines"):
        for ex in e.get("examples", []) if e.get("holds") else []:
            assert any(h in ex for h in e["holds"]), f"{e.where}: {ex!r} holds none"
    for e in RULES["chrome"].entries("blocks"):
        for ex in (e.get("examples") or {}).get("start", []) if e.get("start_holds") else []:
            assert any(h in ex for h in e["start_holds"]), f"{e.where}: {ex!r} holds none"


def test_chrome_found_through_holds_equals_every_line_tried() -> None:
    cr = compiled(RULES)
    plain = _plain(cr)
    counts: dict[str, int] = {}
    for text in _texts():
        text = normalize(text).text
        fast = _kinds(text, cr)
        assert fast == _kinds(text, plain)
        for kind in fast.values():
            counts[kind] = counts.get(kind, 0) + 1
    # the comparison saw every kind of chrome, many times
    assert min(counts.get(k, 0) for k in ("header", "page", "signature", "block")) > 30, counts


def test_lines_split_as_before() -> None:
    text = " a \n\n\fb\f\n  12 \n"
    lines = Lines(text)
    assert [(ln.start, ln.end, ln.text, ln.brk) for ln in lines] == [
        (0, 3, "a", False), (4, 4, "", False), (5, 5, "", True), (6, 7, "b", True),
        (8, 8, "", False), (9, 14, "12", False), (15, 15, "", False)]
    assert lines.content == [0, 3, 5]
    assert lines.breaks == [2, 3]


def test_page_numbers_only_next_to_breaks_ends_and_chrome() -> None:
    text = ("3\nĐiều 1. Phạm vi\n45\nnội dung\n12\f"
            "CÔNG BÁO/Số 851 + 852/Ngày 30-6-2025\n46\nnội dung tiếp\n7\n")
    assert _kinds(text, compiled(RULES)) == {0: "page", 4: "page", 5: "header", 6: "page",
                                             8: "page"}


def test_a_stamp_needs_two_lines_next_to_each_other() -> None:
    text = ("Ký bởi: Cổng Thông tin điện tử\n\nEmail: a@b.vn\nCơ quan: Văn phòng\n"
            "nội dung\nThời gian ký: 25.03.2020\n\nNgày ký: 25.03.2020\n")
    assert _kinds(text, compiled(RULES)) == {0: "signature", 2: "signature", 3: "signature",
                                             5: "signature", 7: "signature"}
    assert _kinds("Email: a@b.vn\nnội dung\nCơ quan: Văn phòng\n", compiled(RULES)) == {}


def test_holds_must_be_words_of_one_line(tmp_path: Path) -> None:
    (tmp_path / "chrome.yaml").write_text(
        "version: 1\nlines:\n  - name: x\n    kind: header\n    pattern: 'X'\n"
        "    holds: ['']\n", encoding="utf-8")
    with pytest.raises(RuleError, match="holds"):
        compiled(get_rules(tmp_path))


def test_a_user_pattern_without_holds_is_tried_on_every_line(tmp_path: Path) -> None:
    (tmp_path / "chrome.yaml").write_text(
        "version: 1\nlines:\n  - name: bo_header\n    kind: header\n"
        "    pattern: 'BỘ TƯ PHÁP – TRANG[ \\t]+\\d+'\n", encoding="utf-8")
    cr = compiled(get_rules(tmp_path))
    assert not cr.patterns["header"][-1].holds
    text = "nội dung\nBỘ TƯ PHÁP – TRANG 3\nnội dung\n"
    assert _kinds(text, cr) == {1: "header"}


# ---------------------------------------------------------------- dump footnotes

# numbers next to digits, letters and punctuation, numbers with other scripts' digits
_HOSTILE = ("x1234 a12 b1 c1٢ d١2 e1,5 f1-2 g12/3 2.5Các 3.2 Pháp lệnh huyện3. QUYẾT ĐỊNH1\n"
            "1 Văn bản này\n12 Cụm từ “Văn phòng”\n  ١ Văn bản\n\f3\n     Điều này được sửa đổi,"
            " bổ sung theo quy định tại khoản 2\n0 Văn\n1234 Văn bản\n")


def _dump_texts() -> Iterator[str]:
    for text in _texts():
        tm = normalize(text)
        yield footnotes_input(tm)
    yield _HOSTILE


def footnotes_input(tm):  # type: ignore[no-untyped-def]
    """The text dump_footnotes reads: the dump without its chrome."""
    from bpextract.chrome import strip_chrome
    return strip_chrome(tm, RULES).text.text


def test_dump_lines_split_as_before() -> None:
    lines = footnotes._DLines(" a \n\n\fb\f\n  12 \n")
    assert list(lines) == [(0, 3, 0, False), (4, 4, 0, True), (5, 5, 0, True),
                           (6, 7, 1, False), (8, 8, 2, True), (9, 14, 2, False),
                           (15, 15, 2, True)]
    assert lines.pages == [[0], [3], [5]]
    assert lines[-1] == lines[6] and lines[1:3] == [lines[1], lines[2]]


def test_body_starts_from_digit_lines_equal_every_line_tried() -> None:
    dr = footnotes.dump_rules(RULES)
    assert isinstance(dr.body, regex.Pattern)  # the shipped pattern takes the fast path
    # what the fast path rests on: the body is blanks, then its number (not 0), at the line start
    assert dr.body.pattern.startswith(r"[ \t]*+(?!0)(?P<n>\d{1,3}+)")
    plain = replace(dr, body=UserPattern(dr.body, "test"))
    starts = 0
    for text in _dump_texts():
        fast = footnotes._dump_candidates(text, dr)
        slow = footnotes._dump_candidates(text, plain)
        assert (fast.starts, fast.glued_ok) == (slow.starts, slow.glued_ok)
        starts += sum(map(len, fast.starts))
    assert starts > 1_000


def test_markers_of_body_numbers_equal_finditer() -> None:
    dr = footnotes.dump_rules(RULES)
    assert isinstance(dr.marker, regex.Pattern)
    found = 0
    for text in _dump_texts():
        cd = footnotes._dump_candidates(text, dr)
        if not any(cd.starts):
            continue
        wanted = {n for st in cd.starts for _, n, _ in st}
        footnotes._find_markers_of(text, dr, cd)
        every: dict[int, list[tuple[int, int]]] = {}
        for m in dr.marker.finditer(text):
            if int(m.group("n")) in wanted:
                every.setdefault(int(m.group("n")), []).append(m.span("n"))
        assert cd.markers == every
        found += sum(map(len, every.values()))
    assert found > 300


def test_hostile_numbers_concrete() -> None:
    dr = footnotes.dump_rules(RULES)
    cd = footnotes._dump_candidates(_HOSTILE, dr)
    assert cd.starts == [[(1, 1, False), (2, 12, False), (3, 1, False)], [(0, 3, True)]]
    footnotes._find_markers_of(_HOSTILE, dr, cd)
    text = _HOSTILE
    assert {n: [text[s - 1:e] for s, e in v] for n, v in cd.markers.items()} == {
        1: ["b1", "H1"], 3: ["n3"], 12: ["a12", "c1٢"]}


def test_no_foot_without_a_body_line_or_a_first_note() -> None:
    # one page, notes from 2 only: no foot (a later part of a document needs 3 pages of feet)
    page = "Nội dung đã ban hành2 tại đây.\n\n2 Văn bản số 12 được sửa đổi.\n"
    assert footnotes.find_dump_footnotes(page, RULES)[0] == []
    assert footnotes.find_dump_footnotes(page.replace("2", "1"), RULES)[0] == [
        footnotes.DumpFoot(1, 20, 21, 2, False)]
    assert footnotes.find_dump_footnotes("Không có số.\n", RULES)[0] == []


def test_a_text_without_a_body_line_is_left_at_once() -> None:
    dr = footnotes.dump_rules(RULES)
    left = kept = 0
    for text in _dump_texts():
        if footnotes._may_hold_a_body(text, dr):
            kept += 1
        else:  # then the full reading finds no body start either
            assert not any(footnotes._dump_candidates(text, dr).starts)
            left += 1
    assert left > 20 and kept > 20
    assert footnotes._digit_lines("1 a\n  2 b\f 3 c\n\tx\f4") == [0, 4, 10, 18]
    assert not footnotes._may_hold_a_body("Số 12\n1. Mục đích\n2025.\n", dr)
    assert footnotes._may_hold_a_body("Số 12\f1 Văn bản này được hợp nhất", dr)


# ---------------------------------------------------------------- footnote bodies

def test_bodies_found_on_opening_lines_equal_every_line_tried() -> None:
    markers, _ = footnotes.compiled(RULES)
    assert all(r.body_opens for r in markers)  # the shipped forms take the fast path
    plain = [replace(r, body_opens=()) for r in markers]
    assert footnotes._line_openings(tuple(plain)) is None
    bodies = 0
    texts = [*_dump_texts(), "[1] Quyết định số 16\n  (2) Nghị định\n¹ Ghi chú\n[^a]: Chú"]
    for text in texts:
        tm = normalize(text)
        # the dumps' notes rewritten in the superscript form, as the pipeline reads them
        tm, _ = footnotes.dump_footnotes(tm, RULES)
        paras = footnotes._paragraphs(tm.text)
        fast = footnotes._find_bodies(tm.text, paras, markers)
        slow = footnotes._find_bodies(tm.text, paras, plain)
        assert [(b.rule.name, b.num, b.start, b.end) for b in fast] == \
            [(b.rule.name, b.num, b.start, b.end) for b in slow]
        bodies += len(fast)
    assert bodies > 400
    last = footnotes._find_bodies(texts[-1], footnotes._paragraphs(texts[-1]), markers)
    assert [(b.rule.name, b.num) for b in last] == [
        ("bracket", "1"), ("parenthesis", "2"), ("superscript", "1"), ("markdown", "a")]


def test_body_opens_must_be_characters_without_blanks(tmp_path: Path) -> None:
    (tmp_path / "footnotes.yaml").write_text(
        "version: 1\nmarkers:\n  - name: star\n    marker: '\\*(?P<n>\\d)'\n"
        "    body: '\\*(?P<n>\\d) '\n    body_opens: [' *']\n", encoding="utf-8")
    with pytest.raises(RuleError, match="body_opens"):
        footnotes.compiled(get_rules(tmp_path))


def test_markers_found_at_their_openings_equal_every_place_tried() -> None:
    markers, _ = footnotes.compiled(RULES)
    assert all(r.marker_opens for r in markers)
    plain = [replace(r, marker_opens=()) for r in markers]
    found = 0
    for text in [*_dump_texts(), "Theo Luật¹, Nghị định[1] và (2) Quyết định,(3) văn bản[^a]."]:
        tm, _ = footnotes.dump_footnotes(normalize(text), RULES)
        paras = footnotes._paragraphs(tm.text)
        pieces = footnotes._main_pieces(tm.text, paras,
                                        footnotes._find_bodies(tm.text, paras, markers))
        fast = footnotes._find_markers(tm.text, pieces, markers)
        assert [(m.rule.name, m.num, m.start, m.end) for m in fast] == \
            [(m.rule.name, m.num, m.start, m.end)
             for m in footnotes._find_markers(tm.text, pieces, plain)]
        found += len(fast)
    assert found > 400
    assert [(m.rule.name, m.num) for m in fast] == [
        ("superscript", "1"), ("bracket", "1"), ("parenthesis", "3"), ("markdown", "a")]


def test_a_text_with_nothing_to_detach_or_join_is_kept_as_it_is() -> None:
    tm = normalize("Mục tiêu chung.\n\nPhát triển kinh tế.\n")
    layer = footnotes.detach_footnotes(tm, RULES)
    assert layer.text is tm and layer.footnotes == []
    joined = footnotes.detach_footnotes(normalize("an ninh quốc gia,\n\ntội phạm về ma túy"), RULES)
    assert joined.text.text == "an ninh quốc gia, tội phạm về ma túy"
