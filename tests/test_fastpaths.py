"""The fast paths of issue 11 (text at 1 MB/s) give what the plain paths gave: the guard
patterns rewritten to skip ahead, the light reading of figures an exclusion drops whatever
they read. Each test runs both on real text and compares, and pins concrete values."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import regex
from tests.conftest import CORPUS, bench_texts

from bpextract import indicators
from bpextract.rules import get_rules

RULES = get_rules()

# the guard patterns as they were written before the rewrite (issue 11), the reference
_OLD_GUARDS = [regex.compile(p, regex.I | regex.M) for p in (
    # (one separator throughout, as merged from the range work: `20-30.000 ha` is no date)
    r"(?<![0-9])[0-9]{1,2}(?:/[0-9]{1,2}/|\.[0-9]{1,2}\.|-[0-9]{1,2}-)[0-9]{2,4}(?![0-9])",
    r"(?<![0-9/.,])[0-9]{1,2}/(?:19|20)[0-9]{2}(?![0-9/])",
    r"\b(?:ngày|đến|từ|trước|sau|hạn|hết|đầu|cuối|dịp|tết)[ \t]+[0-9]{1,2}[ \t]*/[ \t]*[0-9]{1,2}"
    r"(?![0-9/])",
    r"\b(?:ngày|tháng)[ \t]+[0-9]{1,2}(?![0-9.,/])(?:[ \t]+tháng[ \t]+[0-9]{1,2}(?![0-9]))?"
    r"(?:[ \t]*(?:năm|/)[ \t]*[0-9]{4}(?![0-9]))?",
    r"\bnăm[ \t]+[0-9]{4}(?![0-9])",
    r"(?<![0-9.,])[0-9]{1,2}[ \t]?(?:giờ|h)[ \t]?[0-9]{2}(?:[ \t]?phút)?(?![0-9])",
    r"(?<![0-9])(?<![0-9]/)[0-9]++(?:/[0-9]++)*+[ \t]?[/-][ \t]?(?-i:\p{Lu})",
    r"(?<![0-9])(?:\+?84|0)[0-9]{2,3}[ .]?[0-9]{3}[ .]?[0-9]{3,4}(?![0-9])",
    r"[\w.+-]++@[\w-]++(?:\.[\w-]++)++",
    r"(?:https?://|www\.)\S++",
    r"^[ \t>#*+-]*[0-9]{1,3}(?:\.[0-9]{1,3})*+[.)](?=[ \t]|$)",
    r"^[ \t>#*+-]*[0-9]{1,2}(?:\.[0-9]{1,2})++[.)]?(?=[ \t]+(?-i:\p{Lu}))",
    r"[(\[][ \t]?[0-9]{1,3}[ \t]?[)\]]",
    r"\([ \t]*1\.?000(?:\.000)?[ \t]*(?:đồng|đ|vnđ|usd)[ \t]*\)",
    r"^[ \t]*[0-9]{1,4}[ \t]*$",
    r"^CÔNG BÁO[^\n]{0,80}\n[ \t]*[0-9]{1,4}(?![0-9.,])",
    r"^[ \t]*[0-9]{1,4}[ \t]*\n[ \t]*CÔNG BÁO",
)]


def _texts(bench: int = 40) -> Iterator[str]:
    for p in sorted(CORPUS.glob("*.txt")):
        yield p.read_text(encoding="utf-8")
    yield from bench_texts(bench)


def test_guard_spans_equal_the_old_patterns_on_real_text() -> None:
    total = 0
    for text in _texts():
        old = [m.span() for g in _OLD_GUARDS for m in g.finditer(text)]
        assert indicators._guard_spans(text) == old
        total += len(old)
    assert total > 5_000  # the comparison saw real guard matches


def test_guard_spans_concrete() -> None:
    text = "Từ 3/5, sau 12/2020, ngày 11 tháng 01 năm 2022 theo 116/2000/NĐ-CP"
    spans = indicators._guard_spans(text)
    assert (0, 6) in spans  # `Từ 3/5`: the span starts at the word
    assert (21, 46) in spans  # `ngày 11 tháng 01 năm 2022`
    assert (52, 62) in spans  # `116/2000/N`: up to the capital of the type code
    assert (12, 19) in spans  # `12/2020` (month/year); `sau` does not join: 4 digits follow


def test_guard_spans_skipped_or_in_re_read_as_before() -> None:
    # the e-mail and web guards run only when the text has `@`, `://` or `www.` (any case);
    # the `(12)` marker guard runs on the stdlib `re`: the same spans as the old patterns
    texts = ["Liên hệ WWW.Mic.Gov.vn, Www.abc.vn hoặc so.tttt@phutho.gov.vn (12) [3]\n",
             "xem https://vbpl.vn/ (1 )", "không có địa chỉ: 12 người, (1000 đồng)",
             # phone numbers: the no-digit-before test moved after the first character
             "Tel: 0912 345 678, +84912345678, 10912345678, 5+84912345678, x+84 912.345.678"]
    for text in texts:
        assert indicators._guard_spans(text) == \
            [m.span() for g in _OLD_GUARDS for m in g.finditer(text)]
    spans = indicators._guard_spans(texts[0])
    assert (8, 23) in spans and (24, 34) in spans  # `WWW.Mic.Gov.vn,` (to the blank)
    assert (40, 61) in spans  # the e-mail address
    assert (62, 66) in spans and (67, 70) in spans  # `(12)`, `[3]`
    assert indicators._guard_spans(texts[1]) == [(4, 20), (21, 25)]  # the address, `(1 )`
    phones = [(a, b) for a, b in indicators._guard_spans(texts[3]) if b - a >= 11]
    # `10912345678` has a digit before its `0`; after `5+` the `+84` is refused, `84...` read;
    # `+84 912...` is none (a blank right after `84`)
    assert phones == [(5, 17), (19, 31), (48, 59)]


def test_excluded_before_concrete() -> None:
    c = indicators._compile(RULES)
    text = "theo khoản 1 Điều 5 có 12 hộ"
    article = next(k for k, (e, _, _) in enumerate(c.excl) if e["name"] == "article")
    assert indicators._excluded_before(text, 11, c, 0) == ("article", article)  # `khoản 1`
    assert indicators._excluded_before(text, 18, c, 0) == ("article", article)  # `Điều 5`
    period = next(k for k, (e, _, _) in enumerate(c.excl) if e["name"] == "period")
    # `12 hộ`: no `before` rule up to `period`, which reads what follows the figure
    assert indicators._excluded_before(text, 23, c, 0) == (None, period)
    # `mốc 5`: the first rule (landmark, keep_with_unit) must see the figure
    assert indicators._excluded_before("cắm mốc 5 cây", 8, c, 0) == (None, 0)


def test_light_reading_changes_no_indicator(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = list(_texts(25))
    fast = [indicators.find_indicators(t, RULES) for t in texts]
    calls: list[str] = []
    real = indicators._excluded_before

    def never(*args: object) -> tuple[None, int]:
        calls.append(str(real(*args)[0]))  # type: ignore[arg-type]
        return None, 0
    monkeypatch.setattr(indicators, "_excluded_before", never)
    slow = [indicators.find_indicators(t, RULES) for t in texts]
    assert fast == slow
    assert sum(x != "None" for x in calls) > 1_000  # many figures took the light path


def test_type_words_equal_finditer_on_real_and_hostile_text() -> None:
    from bpextract import references

    c = references._compile(RULES)
    hostile = ["Luật²", "xLuật", "/Luật", "Luật\u0301 số 5", "Nghị định² Nghị định",
               "LuậtLuật Luật", "Nghị\nđịnh", "_Thông tư", "Thông tư_", "ThôngThông tư"]
    total = 0
    for text in [*_texts(30), *hostile]:
        want = [(m.span(), m.group("type")) for m in c.type_word.finditer(text)]
        assert [(m.span(), m.group("type")) for m in references._type_words(text, c)] == want
        total += len(want)
    assert total > 5_000
    got = [m.group("type") for m in references._type_words("theo Nghị định² và xLuật, Luật", c)]
    # `²` is a word character to `re` but not to `regex`: the footnote mark ends the type word
    assert got == ["Nghị định", "Luật"]


def test_date_forms_scanned_by_fastscan_equal_finditer() -> None:
    """Every form opening with a word, tried only where one of its spellings occurs, finds
    what `finditer` finds (the forms proposed by the same words share one search)."""
    from bpextract import dates, fastscan

    hostile = ["ngàyngày 1 tháng 2 năm 2020", "xngày 1 tháng 2 năm 2020",
               "NGÀY 01 THÁNG 02 NĂM 2021", "tháng 5/2024 và tháng 6 năm 2024",
               "Năm 2025, năm2025, trongnăm 2025", "quýquý I/2020, Quý II năm 2024 - 2025",
               "xquý 3/2021", "Ngày 5 tháng 6/2020, ngày 7 tháng 8 và ngày 9 tháng 10 năm"]
    total = 0
    proposed = {"quarter": 0, "long-no-year": 0, "long-numeric-year": 0}
    for text in [*_texts(30), *hostile]:
        for form, pat in dates._FORMS:
            if form in dates._PROPOSE:
                want = [m.span() for m in pat.finditer(text)]
                at = dates._word_starts(dates._PROPOSE[form], text)
                assert [m.span() for m in fastscan.finditer_at(at, pat, text)] == want
                total += len(want)
                if form in proposed:
                    proposed[form] += len(want)
    assert total > 1_000
    assert all(n > 0 for n in proposed.values()), proposed
    assert dates._word_starts(("năm", "Năm"), "Năm năm nămnăm") == [0, 4, 8, 11]
    year = dict(dates._FORMS)["year"]
    found = fastscan.finditer_at(dates._word_starts(dates._PROPOSE["year"], hostile[4]), year,
                                 hostile[4])
    assert [m.group(0) for m in found] == ["Năm 2025"]  # `năm2025`, `trongnăm` are no years


def test_numeric_dates_proposed_equal_finditer_on_real_and_hostile_text() -> None:
    from bpextract import dates, fastscan

    pat = dict(dates._FORMS)["numeric"]
    hostile = ["ngày 1/2/2020", "Ngày  12.03.2021 x", "ngày\t\t\t1-2-2020",
               "ngày\t\t\t\t1-2-2020", "ngày    1/2/2020", "x1/2/2020", "angày 1/2/2020",
               "11/12/2020/3/2021", "ngày 112/1/2020", "NGÀY 01 / 02 / 2020", "1/ 2/ 2020",
               "ngày\u00a01.2.2020", "1/2.2020", "ngày 1 /2 /2020, ngày 3/4/2021"]
    total = 0
    for text in [*_texts(30), *hostile]:
        want = [m.span() for m in pat.finditer(text)]
        got = fastscan.finditer_at(dates._numeric_starts(text), pat, text)
        assert [m.span() for m in got] == want
        total += len(want)
    assert total > 50
    spans = {x: [m.span() for m in fastscan.finditer_at(dates._numeric_starts(x), pat, x)]
             for x in hostile}
    assert spans["ngày\t\t\t1-2-2020"] == [(0, 15)]  # `ngày` three blanks before: one match
    assert spans["ngày\t\t\t\t1-2-2020"] == [(8, 16)]  # four: the digits alone
    assert spans["x1/2/2020"] == [] and spans["1/2.2020"] == []
    assert spans["ngày 1 /2 /2020, ngày 3/4/2021"] == [(0, 15), (17, 30)]


def test_meaning_sentence_ends_equal_their_own_scan() -> None:
    from bpextract import meaning

    total = 0
    for text in [*_texts(30), "Đạt 5%; tăng 3 (so với 2020): 4, 5.\n- 6 xã\nvà 7 hộ.\n\n"]:
        t = meaning._Text(text)
        assert t.sent == [m.start() for m in meaning._SENT.finditer(text)]
        assert t.clause == [m.start() for m in meaning._CLAUSE.finditer(text)]
        total += len(t.sent)
    assert total > 10_000
    t = meaning._Text("Đạt 5%; tăng 3 (so với 2020): 4, 5.\n- 6 xã\nvà 7 hộ.\n\n")
    # `;`, `.` and the line break after it, `.` and the two after it; the break inside `xã\nvà`
    # (42) wraps a line and ends nothing
    assert t.sent == [6, 34, 35, 50, 51, 52]
    assert t.clause == [6, 15, 27, 28, 31, 34, 35, 50, 51, 52]  # and `(`, `)`, `:`, `,`


def test_vague_amounts_by_folded_heads_equal_finditer() -> None:
    from bpextract import fastscan

    c = indicators._compile(RULES)
    assert c.vague_heads == ("hàng", "vài")
    hostile = ["HÀNG TRĂM người", "Hàng  nghìn hộ", "xhàng trăm", "hàng trămx", "vÀi chục",
               "ſ hàng trăm İ hàng vạn", "Straße: hàng tỷ đồng", "hàng\u00a0tỷ đồng"]
    total = 0
    for text in [*_texts(40), *hostile]:
        want = [m.span() for m in c.vague_re.finditer(text)]
        assert [m.span() for m in fastscan.finditer_folded(c.vague_heads, c.vague_re, text)] \
            == want
        total += len(want)
    got = {x: [m.group(0) for m in fastscan.finditer_folded(c.vague_heads, c.vague_re, x)]
           for x in hostile}
    assert got["HÀNG TRĂM người"] == ["HÀNG TRĂM"] and got["vÀi chục"] == ["vÀi chục"]
    assert got["xhàng trăm"] == [] and got["hàng trămx"] == []
    # `İ` and `ß` fold to two characters: the plain scan, same matches
    assert got["ſ hàng trăm İ hàng vạn"] == ["hàng trăm", "hàng vạn"]
    assert got["Straße: hàng tỷ đồng"] == ["hàng tỷ"]


def test_sentence_start_searched_backwards_equals_every_end() -> None:
    from bisect import bisect_left, bisect_right

    from bpextract.sentences import sentence_starts

    def by_every_end(text: str, pos: int, starts: list[int]) -> int:  # the old reading
        ends = [m.start() for m in indicators._SENT_END.finditer(text)]
        i = bisect_right(starts, pos) - 1
        best = starts[i] if i >= 0 else 0
        lo = max(best, pos - 600)
        if pos > lo and text[pos - 1] in ".!?":
            return pos
        k = bisect_left(ends, pos) - 1
        return max(best, ends[k] + 1) if k >= 0 and ends[k] >= lo else best

    hostile = "Tăng 5.\nGiảm 3; x. y.z 4! 1.5 ha. 2 hộ;3 xã\n\n4."
    checked = 0
    for text in [*_texts(3), hostile, "a.", "x\n", ""]:
        starts = sentence_starts(text)
        for pos in range(0, len(text) + 1, 1 if len(text) < 100 else 7):
            assert indicators._sentence_start(text, pos, starts) == \
                by_every_end(text, pos, starts)
            checked += 1
    assert checked > 10_000
    starts = sentence_starts(hostile)
    # `3` after `Giảm `: the line break before `Giảm` ends the previous sentence
    assert indicators._sentence_start(hostile, 13, starts) == 8
    assert indicators._sentence_start(hostile, 33, starts) == 33  # right after `ha.`
    assert indicators._sentence_start(hostile, 39, starts) == 39  # `3 xã`, after `;`


def test_markdown_steps_skipped_only_where_they_cannot_match() -> None:
    from bpextract import normalize

    def every_step(raw: str) -> tuple[str, list[int]]:  # the old reading: each step scans
        tm = normalize._nfc(raw, ())
        for pattern, keep, _needs in normalize._MD_STEPS:
            tm = normalize._remove(tm, pattern, keep)
        return normalize.fold_tones(tm.text), list(tm.origin)

    hostile = ["# Tiêu đề\n**\nKẾ HOẠCH\n", "a \\* b __c__ *d*\n* *\n", "x__y__ hoà", ""]
    md_pages = sorted((CORPUS).glob("*.md"))
    texts = [*_texts(20), *(p.read_text(encoding="utf-8") for p in md_pages), *hostile]
    for raw in texts:
        tm = normalize.normalize(raw)
        assert (tm.text, list(tm.origin)) == every_step(raw)
    assert len(md_pages) >= 4
    assert normalize.normalize(hostile[0]).text == "Tiêu đề\nKẾ HOẠCH\n"
    assert normalize.normalize(hostile[1]).text == "a * b c d\n"
    # no `*`, `#`, `__` or backslash: no markup step runs, the text is only folded
    for pattern, _keep, needs in normalize._MD_STEPS:
        assert not any(n in "Tổng số 12 hộ, hoà giải" for n in needs)
        assert pattern.search("Tổng số 12 hộ, hoà giải") is None


def test_identity_offsets_from_the_shared_prefix() -> None:
    from bpextract import normalize
    from bpextract.textmap import TextMap

    for n in (0, 1, 7, 5_000, 300_000, normalize._COUNT_MAX + 3):
        text = "a" * n
        assert normalize._identity(text, (0, 2)) == TextMap.identity(text, (0, 2))
    assert list(normalize._identity("abc", ()).origin) == [0, 1, 2]


def test_header_joins_skips_lines_longer_than_every_motto() -> None:
    from bpextract import header

    c = header._compile(RULES)
    assert c.motto_longest == len("cộng hòa xã hội chủ nghĩa việt nam")  # 34, the longest
    line = header.Line(0, 10, "CỘNG HÒA XÃ HỘI")
    assert header._joins(line, header.Line(11, 30, "CHỦ NGHĨA VIỆT NAM"), c)
    long = header.Line(0, 40, "Căn cứ Luật Tổ chức chính quyền địa phương")
    assert not header._joins(long, header.Line(41, 60, "CHỦ NGHĨA VIỆT NAM"), c)


def _branches(src: str) -> list[str]:
    """Top-level alternatives of a regex source (groups, classes and escapes skipped)."""
    out, depth, cls, i, start = [], 0, False, 0, 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
            i += src[i + 1:i + 2] == "]"
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            out.append(src[start:i])
            start = i + 1
        i += 1
    return [*out, src[start:]]


def _after_lookarounds(branch: str) -> str:
    """The branch with its leading lookbehinds and lookaheads cut off."""
    while branch.startswith(("(?<=", "(?<!", "(?=", "(?!")):
        for k in range(4, len(branch) + 1):  # the shortest prefix that is one whole group
            if branch[k - 1] == ")" and _depth(branch[:k]) == 0:
                branch = branch[k:]
                break
    return branch


def _depth(src: str) -> int:
    depth, cls, i = 0, False, 0
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            i += 2
            continue
        if cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
            i += src[i + 1:i + 2] == "]"
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        i += 1
    return depth


def test_shipped_dump_marker_matches_at_its_number() -> None:
    # what the fast path of find_dump_footnotes rests on: `re` proposes the digits [1-9], so
    # every branch of the shipped marker must consume its number first (after lookarounds);
    # a branch that opens otherwise needs another proposal in footnotes.py
    from bpextract import footnotes

    source = footnotes.dump_rules(RULES).marker.pattern
    heads = [_after_lookarounds(b) for b in _branches(source)]
    assert len(heads) >= 6
    assert all(h.startswith("(?P<n>[1-9]") for h in heads), heads
    assert [_after_lookarounds(b) for b in _branches(r"(?<=a(?:b|c))(?<![)|])x|(?=\|)y")] \
        == ["x", "y"]


_NONZERO = re.compile(r"[1-9]")  # every digit a dump marker may open with


def test_dump_markers_by_fastscan_equal_finditer_on_real_text() -> None:
    from bpextract import fastscan, footnotes

    marker = footnotes.dump_rules(RULES).marker
    assert isinstance(marker, regex.Pattern)  # the shipped pattern takes the fast path
    total = 0
    for text in [*_texts(), "đã ban hành tại các huyện3.\nkinh phí hỗ trợ2 cho\n……………..2……"]:
        fast = [(m.span(), m.group("n")) for m in
                fastscan.finditer(_NONZERO, marker, text)]
        assert fast == [(m.span(), m.group("n")) for m in marker.finditer(text)]
        total += len(fast)
    assert total > 500  # the texts hold markers (and numbers that only look like them)
    text = "đã ban hành tại các huyện3. Luật số 63/2020/QH14 sửa đổi, tăng 1.234 người"
    found = [(m.start(), m.group("n")) for m in
             fastscan.finditer(_NONZERO, marker, text)]
    assert found == [(25, "3")]


def test_paragraph_gaps_by_fastscan_equal_finditer() -> None:
    from bpextract import fastscan, footnotes

    hostile = "a \n\n b\t \n \n\fc  \f\f d\n\n\n\ne \n\f\n \t\n"
    # runs that hold a core only after a blank that may not open a gap, cores at both ends
    odd = ["\n\n", "\f", " \t \n \t\n", "x \n y \n\t\n", "\t\t\f", "a\n \n\n \f \n", " " * 50,
           "a\n b\n\n", "\f\n\n\f", "a \t\n\f\tb\n \n"]
    total = 0
    for text in [*_texts(), hostile, *odd]:
        fast = [m.span() for m in
                fastscan.finditer_runs(footnotes._GAP_CORE, " \t\n\f", footnotes._GAP, text)]
        assert fast == [m.span() for m in footnotes._GAP.finditer(text)]
        total += len(fast)
    assert total > 500
    assert footnotes._paragraphs(hostile) == [(0, 1), (5, 6), (12, 13), (18, 19), (23, 24)]


def test_paragraph_gaps_by_runs_equal_finditer_on_every_short_text() -> None:
    # every text of up to 6 characters drawn from a letter and the four gap characters
    from itertools import product

    from bpextract import fastscan, footnotes

    checked = 0
    for n in range(7):
        for chars in product("a \t\n\f", repeat=n):
            text = "".join(chars)
            fast = [m.span() for m in
                    fastscan.finditer_runs(footnotes._GAP_CORE, " \t\n\f", footnotes._GAP, text)]
            assert fast == [m.span() for m in footnotes._GAP.finditer(text)], repr(text)
            checked += 1
    assert checked == 19531


def test_no_segmentation_where_nothing_can_be_read(monkeypatch: pytest.MonkeyPatch) -> None:
    # a unit with nothing after it in its clause cannot start a longer word, and a stretch
    # with no letter has no subject: neither asks underthesea (which would give the same)
    c = indicators._compile(RULES)
    text = "đã tuyên truyền được 480 buổi, tăng 5%; 12 - 15 ; 7 tổ trưởng"
    asked: list[str] = []
    inner = indicators._words

    def record(s: str) -> tuple[str, ...]:
        asked.append(s)
        return inner(s)

    monkeypatch.setattr(indicators, "_words", record)
    hit = indicators._unit_at(text, 24, True, c)  # after `480`
    assert hit is not None and text[hit[1]:hit[2]] == "buổi" and asked == []
    assert indicators._subject(text, 45, 40, c) is None and asked == []  # `12 - ` before 15
    assert indicators._unit_at(text, 51, True, c) is None  # `tổ` of `tổ trưởng`: asked
    assert asked == ["tổ trưởng"]
    assert indicators._subject(text, 21, 0, c) == "tuyên truyền"


def test_tone_folding_and_special_characters_read_as_before() -> None:
    from bpextract import normalize

    old_special = regex.compile(normalize._SPECIAL.pattern)
    hostile = "Hoà Bình, thuỷ lợi, quý, QUÝ, HOÀ\r\nkhoẻ\u00a0mạnh\u200b hoàn\rxoá"
    total = 0
    for text in [*_texts(), hostile]:
        want = normalize._TONE_RE.sub(lambda m: normalize._TONE_PAIRS[m.group(1)], text)
        assert normalize.fold_tones(text) == want
        total += want != text
        assert [m.span() for m in normalize._SPECIAL.finditer(text)] == \
            [m.span() for m in old_special.finditer(text)]
    assert total >= 3
    assert normalize.fold_tones(hostile) == \
        "Hòa Bình, thủy lợi, quý, QUÝ, HÒA\r\nkhỏe\u00a0mạnh\u200b hoàn\rxóa"
