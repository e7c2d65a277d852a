"""The references stage's shortcuts (issue 11) decide what the full reading decided: a type word
the scan drops yields nothing from `_numbered` or `_named`, the captured `so` group is what
`_SO` matches, and a number read from the cache equals one read afresh. Real text from the
corpus and the shared bench."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from tests.conftest import CORPUS, bench_texts

from bpextract import docnumbers, references
from bpextract.rules import get_rules

RULES = get_rules()


def _texts(bench: int = 60) -> Iterator[str]:
    for p in sorted(CORPUS.glob("*.txt")):
        yield p.read_text(encoding="utf-8")
    yield from bench_texts(bench)


def test_so_group_is_what_so_matches_after_the_type_word() -> None:
    c = references._compile(RULES)
    total = 0
    for text in _texts(20):
        for m in references._type_words(text, c):
            so = references._SO.match(text, m.end())
            assert m.span("so") == (so.span() if so is not None else (-1, -1))
            total += 1
    assert total > 3_000
    m = next(references._type_words("theo Quyết định số: 12/QĐ-UBND", c))
    assert (m.group("type"), m.group("so")) == ("Quyết định", " số: ")
    m = next(references._type_words("các quyết định, kế hoạch", c))
    assert (m.group("type"), m.span("so")) == ("quyết định", (-1, -1))


def test_dropped_type_words_yield_nothing() -> None:
    """Every type word the main loop drops without reading (no digit after `so`, lower case,
    not a `lower_case_named` word) gives no reference through either reader."""
    c = references._compile(RULES)
    dropped = kept = 0
    for text in _texts():
        for m in references._type_words(text, c):
            at = m.end("so")
            if at >= 0 and text[at:at + 1].isdigit():
                continue
            if text[m.start()].isupper() or \
                    " ".join(m.group("type").split()).lower() in c.lower_named:
                kept += 1
                continue
            dropped += 1
            if at >= 0:
                assert references._numbered(text, m, at, c, RULES, []) == []
            assert references._named(text, m, c, RULES) is None
    assert dropped > 10_000 and kept > 1_000


def test_lower_case_named_word_still_read() -> None:
    refs = references.find_references("tập huấn luật Biên phòng Việt Nam cho cán bộ", RULES)
    assert [(r.text, r.type, r.rule) for r in refs] == [
        ("luật Biên phòng Việt Nam", "Luật", "named-law-name")]
    assert references.find_references("các quyết định, kế hoạch và thông tư 5 năm", RULES) == []


def test_cached_numbers_equal_fresh_ones() -> None:
    t = docnumbers.tables(RULES)
    pattern = docnumbers.number_pattern(RULES)
    count = 0
    for text in _texts(40):
        for m in pattern.finditer(text):
            got = docnumbers.from_match(m, RULES)
            fresh = docnumbers._deduced(docnumbers._from_match(m, t), t)
            assert got == fresh
            count += 1
    assert count > 500
    m = regex.search(pattern, "theo Chỉ thị số 15/CT-TTg ngày 1/2/2020")
    assert m is not None
    num = docnumbers.from_match(m, RULES)
    assert (num.number, num.type_name, num.deduced_issuer) == (
        "15/CT-TTg", "Chỉ thị", "Thủ tướng Chính phủ")
    assert docnumbers.from_match(pattern.search("Chỉ thị 15/CT-TTg,"), RULES) is num  # type: ignore[arg-type]
