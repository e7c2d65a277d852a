"""The indicators' shortcuts of issue 11 (wave 2, session 5) answer as the full reading does:
one search for every `before` exclusion word, and no unit read where the character after the
blanks opens no unit form. Each is compared with the plain path at every number of the corpus's
plain texts, and pinned on concrete values."""

from __future__ import annotations

import dataclasses
from typing import Any

from tests.conftest import CORPUS

from bpextract import indicators
from bpextract.rules import get_rules

RULES = get_rules()
C = indicators._compile(RULES)


def _numbers() -> list[tuple[str, int, int, int]]:
    """(text, start, end, line start within the exclusion window) of every number token."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for m in indicators._NUMBERS.finditer(text):
            s, e = m.span()
            out.append((text, s, e, text.rfind("\n", max(0, s - indicators._EXCL_WINDOW), s) + 1))
    return out


NUMBERS = _numbers()


def _excluded_before_rule_by_rule(text: str, s: int, c: Any, line_start: int) -> tuple[Any, int]:
    # the loop as it was, every rule searched on its own (the reference)
    window = text[max(line_start, s - indicators._EXCL_WINDOW):s]
    for k, (entry, bre, are) in enumerate(c.excl):
        if bre is None:
            if are is None:
                continue
            return None, k
        if not bre.search(window):
            continue
        if entry.get("kinds") or entry.get("keep_with_unit", True):
            return None, k
        return str(entry["name"]), k
    return None, len(c.excl)


def test_one_search_for_the_exclusion_words_answers_as_every_rule() -> None:
    assert len(NUMBERS) > 5000  # 5,689
    names = [str(e["name"]) for e, _, _ in C.excl]
    assert C.excl_after == names.index("period")  # the first `after` rule
    dropped = 0
    for text, s, _, ls in NUMBERS:
        got = indicators._excluded_before(text, s, C, ls)
        assert got == _excluded_before_rule_by_rule(text, s, C, ls), (text[max(0, s - 40):s], s)
        dropped += got[0] is not None
    assert dropped > 100
    assert indicators._excluded_before("theo khoản 3", 11, C, 0) == ("article", 1)
    assert indicators._excluded_before("có 3", 3, C, 0) == (None, C.excl_after)


def test_no_unit_where_no_form_can_open() -> None:
    # the same answer with the pre-test off (every ASCII character let through)
    plain = dataclasses.replace(C, unit_heads=frozenset(map(chr, range(128))))
    assert "%" in C.unit_heads and "h" in C.unit_heads and "H" in C.unit_heads
    assert not {"0", "9", ",", ".", ")", "(", ";", "/", "-", " ", "\t", "\n"} & C.unit_heads
    units = 0
    for text, _, e, _ in NUMBERS:
        for glued in (True, False):
            got = indicators._unit_at(text, e, glued, C)
            assert got == indicators._unit_at(text, e, glued, plain), (text[e - 10:e + 20], e)
            units += got is not None
    assert units > 1500  # 1,560
    text = "đạt 45 %, 12\n ha và 3, 4 hộ"
    assert indicators._unit_at(text, 6, True, C)[1:] == (7, 8)  # type: ignore[index]
    assert indicators._unit_at(text, 12, True, C)[1:] == (14, 16)  # type: ignore[index]
    assert indicators._unit_at(text, 21, True, C) is None  # `,` opens no unit


def test_guards_case_insensitive_only_in_their_words() -> None:
    # each guard as it was compiled before, case-insensitive throughout, finds the same spans
    # on the corpus and on words written in capitals or title case
    import regex

    everywhere = [regex.compile(g.pattern, regex.I | regex.M) for g in indicators._GUARDS]
    probes = [
        "NGÀY 5/3 và Ngày 12 THÁNG 3 NĂM 2020, Năm 2021; 10 GIỜ 30 PHÚT, 7H30, 8 h 15 "
        "(1.000 ĐỒNG) (1000 VNĐ) HTTPS://X.VN WWW.A.B",
        "CÔNG BÁO/Số 3\n 12\n", "12\n Công Báo", "ĐẾN 3/5, TỪ 4/6, Tết 1/1, SAU 2/9, Hạn 30/6",
        "01/CT-TTg, 74 /kh-bcđ, 2.1. Mục tiêu",
    ]
    texts = [p.read_text(encoding="utf-8")
             for p in sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("*.md"))] + probes
    found = 0
    for g, old in zip(indicators._GUARDS, everywhere, strict=True):
        for text in texts:
            spans = [m.span() for m in g.finditer(text)]
            assert spans == [m.span() for m in old.finditer(text)], (g.pattern, text[:60])
            found += len(spans)
    assert found > 1000
    spans = indicators._guard_spans(probes[0])
    assert (0, 8) in spans and (12, 36) in spans and (64, 68) in spans  # `NGÀY 5/3`, `7H30`
