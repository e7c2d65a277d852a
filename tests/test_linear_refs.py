"""References, dates and resolving are bounded by construction (issue 10): checked by counts.

A document made of N copies of a real document yields N times its records, each copy's records
the first copy's shifted by the copy's offset; adversarial lines (near-matches repeated
thousands of times, long runs of digits, `/`, `-`) complete with the exact expected records.
No wall-clock limit remains, so nothing here can pass by running out of time; the timing is
measured by `benchmarks/linear_refs.py`, not asserted.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import bpextract
from bpextract.dates import find_dates, find_dates_checked
from bpextract.references import find_references, find_references_checked
from bpextract.resolve import resolve_references
from bpextract.rules import get_rules

R = get_rules()
CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DOCS = sorted(CORPUS.glob("*.txt"))
SEP = "\n\n"


def _shifted(records: list[object], by: int) -> list[object]:
    return [dataclasses.replace(r, start=r.start + by, end=r.end + by)  # type: ignore[attr-defined]
            for r in records]


@pytest.mark.parametrize("path", DOCS, ids=[p.name[:12] for p in DOCS])
def test_copies_give_copies_of_the_records(path: Path) -> None:
    one = path.read_text(encoding="utf-8")
    refs1 = resolve_references(find_references(one, R), R)
    dates1 = find_dates(one, R, refs1)
    n = 4
    big = SEP.join([one] * n)
    refs = resolve_references(find_references(big, R), R)
    found = find_dates(big, R, refs)
    assert len(refs) == n * len(refs1)
    assert len(found) == n * len(dates1)
    step = len(one) + len(SEP)
    for k in range(n):
        assert refs[k * len(refs1):(k + 1) * len(refs1)] == _shifted(list(refs1), k * step)
        assert found[k * len(dates1):(k + 1) * len(dates1)] == _shifted(list(dates1), k * step)


def test_corpus_copies_are_not_empty() -> None:
    # the copies test above would pass on a corpus without references; it has plenty
    counts = [len(find_references(p.read_text(encoding="utf-8"), R)) for p in DOCS]
    assert len(DOCS) >= 10 and sum(counts) >= 150


def test_repeated_bare_numbers_on_one_line() -> None:
    # the reproducer of issue 10 (0.57 s -> 12.1 s for 8x the size): each number is read once;
    # the first, at the start of the text, is a document's own `Số ...` line and not a reference
    text = "số 12/KH-UBND " * 20000
    refs, warnings = find_references_checked(text, R)
    assert warnings == []
    assert len(refs) == 19999
    assert {r.number for r in refs} == {"12/KH-UBND"}
    assert refs[0].start == 17 and refs[-1].start == len(text) - 11


def test_repeated_typed_references_on_one_line() -> None:
    text = "Căn cứ Nghị định số 1/2020/NĐ-CP;\n" + "Quyết định số 2/QĐ-UBND; " * 40000
    refs, warnings = find_references_checked(text, R)
    assert warnings == []
    assert len(refs) == 40001
    assert refs[0].number == "1/2020/NĐ-CP" and refs[0].relation == "căn cứ"
    assert {r.number for r in refs[1:]} == {"2/QĐ-UBND"}
    assert {r.type for r in refs[1:]} == {"Quyết định"}


def test_repeated_numbers_after_type_words_are_each_one_reference() -> None:
    text = "Kế hoạch số 12/KH-UBND " * 20000
    refs = find_references(text, R)
    assert len(refs) == 20000
    assert all(r.text == "Kế hoạch số 12/KH-UBND" and r.rule == "numbered" for r in refs)


def test_many_short_forms_resolve_to_the_full_number() -> None:
    text = "Chỉ thị số 01/CT-TTg; " + "thực hiện Chỉ thị số 01; " * 5000
    refs = resolve_references(find_references(text, R), R)
    assert len(refs) == 5001
    assert all(r.refers_to == "01/CT-TTg" for r in refs[1:])


@pytest.mark.parametrize(("text", "count"), [
    ("Quyết định số " * 20000, 0),
    ("1" * 100000 + "/" + "KH-" * 30000, 0),
    ("của " + "Ủy ban " * 50000, 0),
    ("Luật " + "Biên " * 60000, 1),  # `Luật Biên Biên ...`: one law name, cut at 12 words
    ("(" * 50000 + "sau đây gọi tắt là" * 1000, 0),
    ("ngày 1 tháng " * 20000, 0),
    ("1" * 200000, 0),
    ("/" * 200000, 0),
    ("-" * 200000, 0),
    ("1/" * 100000, 0),
    ("12-" * 70000, 0),
])
def test_hostile_references_complete_with_exact_counts(text: str, count: int) -> None:
    refs, warnings = find_references_checked(text, R)
    assert (len(refs), warnings) == (count, [])


@pytest.mark.parametrize(("text", "count"), [
    ("ngày" * 30000, 0),
    ("." * 100000 + "ngày" + "." * 100000, 0),
    ("1" * 100000, 0),
    ("12/" * 40000, 0),
    ("năm 2020 - " * 30000, 30000),
    ("tháng 1 " * 30000 + "năm 2020", 5),  # only the last ones are within reach of `năm 2020`
    ("ngày 1 tháng " * 20000, 0),
    ("/" * 200000, 0),
    ("-" * 200000, 0),
    ("số 12/KH-UBND " * 20000, 0),
])
def test_hostile_dates_complete_with_exact_counts(text: str, count: int) -> None:
    found, warnings = find_dates_checked(text, R, [])
    assert (len(found), warnings) == (count, [])


def test_many_dates_on_one_line_are_all_kept() -> None:
    text = "ngày 01/02/2020. " + "năm 2020 " * 200000
    found, warnings = find_dates_checked(text, R, [])
    assert warnings == []
    assert len(found) == 200001
    assert found[0].value == "2020-02-01" and {d.value for d in found[1:]} == {"2020"}


def test_long_dates_repeated_on_one_line() -> None:
    text = "ngày 1 tháng 2 năm 2020 " * 20000
    found = find_dates(text, R)
    assert len(found) == 20000 and {d.value for d in found} == {"2020-02-01"}


def test_long_dotted_blank_keeps_its_dots() -> None:
    # the dots before `ngày` belong to the placeholder (at most 40 of them), read backwards once
    text = "x" + "." * 60 + "  ngày ...... tháng ..... năm ......"
    found = find_dates(text, R)
    assert [(d.start, d.kind) for d in found] == [(21, "placeholder")]


@pytest.mark.parametrize("text", ["số 1999a/BXD", "theo Công văn số 1999a/BXD ngày 02/3/2020",
                                  "Căn cứ 1999a/BXD; 2025b/BXD", "số 1999a/BXD" * 3])
def test_number_with_a_letter_suffix_does_not_crash(text: str) -> None:
    doc = bpextract.parse_text(text)
    assert all(text[r.start:r.end] == r.text for r in doc.references)


def test_number_with_a_letter_suffix_is_read() -> None:
    refs = find_references("theo Công văn số 1999a/BXD ngày 02/3/2020", R)
    assert [(r.number, r.date) for r in refs] == [("1999a/BXD", "2020-03-02")]
    refs = find_references("thực hiện 1999a/BXD và 2000/BXD", R)
    # `2000/BXD` has the shape of a standard's year and is left out; `1999a` is no year
    assert [r.number for r in refs] == ["1999a/BXD"]


def test_a_long_document_keeps_every_reference_and_no_time_warning() -> None:
    doc = bpextract.parse_text("Căn cứ Nghị định số 1/2020/NĐ-CP; " * 3000)
    assert len(doc.references) == 3000
    assert not any("time limit" in w for w in doc.warnings)


_EVIL = """version: 1
named:
  - name: evil-name
    types: [Nghị định]
    start: '[\\p{L}\\s]*[\\p{L}\\s]*[\\p{L}\\s]*[\\p{L}\\s]*/'
"""


def test_user_pattern_past_its_limit_fails_the_document_naming_the_rule(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import bpextract.references as mod
    from bpextract.errors import RuleTimeoutError
    from bpextract.rules import Rules
    monkeypatch.setattr(mod, "USER_PATTERN_LIMIT", 0.1)
    (tmp_path / "references.yaml").write_text(_EVIL, encoding="utf-8")
    rules = Rules(tmp_path)
    # polynomial backtracking (four runs over the same characters): seconds on this line
    text = "Căn cứ Nghị định " + "Biên phòng " * 300 + "và Nghị định số 1/2020/NĐ-CP."
    with pytest.raises(RuleTimeoutError, match=rf"{tmp_path.name}/references.yaml:3: .*"
                                               r"rules folder.*Rewrite it"):
        find_references(text, rules)
    # a text where no type word is read by name never runs the pattern
    assert [r.number for r in find_references("Căn cứ Nghị định số 1/2020/NĐ-CP.", rules)] \
        == ["1/2020/NĐ-CP"]


def test_shipped_patterns_carry_no_limit_even_beside_a_user_folder(tmp_path: Path) -> None:
    import bpextract.references as mod
    from bpextract.rules import Rules
    (tmp_path / "references.yaml").write_text(_EVIL, encoding="utf-8")
    c = mod._compile(Rules(tmp_path))
    where = {name: p.where for name, _, p in c.named}
    assert where["evil-name"] == f"{tmp_path.name}/references.yaml:3"
    assert where["law-name"] is None and where["approved"] is None
    assert all(p.where is None for _, p in c.alias)
    assert all(p.where is None for _, _, p in mod._compile(R).named)


def test_phrase_index_finds_what_a_scan_finds() -> None:
    # the described-document repeats are found through an index; it must agree with a scan of
    # the whole text by the words joined with 1-3 blanks, overlaps and glued words included
    import random

    import regex

    from bpextract.references import _Phrases
    rnd = random.Random(7)
    vocab = ["Kế", "hoạch", "Kếhoạch", "phát", "triển", "rừng", "triểnx", "X", "Kế,", "hoạch."]
    gaps = [" ", "  ", "   ", "    ", "\n", " \n ", "\t", "\u00a0", ""]
    checked = 0
    for _ in range(300):
        text = "".join(rnd.choice(vocab) + rnd.choice(gaps) for _ in range(rnd.randint(5, 60)))
        index = _Phrases(text)
        for _ in range(6):
            words = [rnd.choice(vocab) for _ in range(rnd.randint(1, 5))]
            if rnd.random() < 0.5:
                words[0] = "Kế"
            pattern = r"\s{1,3}".join(regex.escape(w) for w in words)
            want = [m.span() for m in regex.finditer(pattern, text)]
            assert list(index.spans(words)) == want, (text, words)
            checked += len(want)
    assert checked > 200


def test_many_distinct_described_documents_are_each_found() -> None:
    n = 2000
    text = "".join(f"Điều {i}. Phê duyệt Kế hoạch phát triển rừng số {i} bền vững "
                   "(gọi tắt là Kế hoạch). " for i in range(n))
    refs = find_references(text, R)
    assert len(refs) == 2 * n
    assert sum(r.rule == "named-approved" for r in refs) == n
    # the alias word of each declaration (`gọi tắt là Kế hoạch`) is a short form of a plan
    assert sum(r.rule == "described-alias" for r in refs) == n
