"""Never crash on text: mutated real documents and hostile strings parse without an exception,
and every record's offsets lie inside its text with `text[start:end] == record.text`.

The mutations live in tests/mutations.py, shared with benchmarks/fuzz.py (20,000 cases). The
property tests are derandomized, so CI runs the same few hundred examples every time. Each crash
found is also pinned below as a plain regression test built from its minimal reproducer.
"""

from __future__ import annotations

import json
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpextract
from mutations import FRAGMENTS, ODD_CHARS, check_document, corpus_texts, mutate

TEXTS = [t for _, t in corpus_texts()]
SETTINGS = settings(derandomize=True, database=None, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _parse_ok(text: str) -> bpextract.Document:
    doc = bpextract.parse_text(text)
    assert check_document(doc) == []
    return doc


def test_the_corpus_keeps_every_invariant() -> None:
    """The checker itself on the unmutated corpus: the baseline the mutations start from."""
    for text in TEXTS:
        doc = _parse_ok(text)
        assert doc.references or doc.dates or doc.indicators


def test_mutations_are_reproducible_from_the_seed() -> None:
    a = mutate(TEXTS[3], random.Random("0:17"), TEXTS)
    b = mutate(TEXTS[3], random.Random("0:17"), TEXTS)
    assert a == b and a[0] != TEXTS[3]


@settings(SETTINGS, max_examples=200)
@given(which=st.integers(0, len(TEXTS) - 1), rng=st.randoms(use_true_random=False))
def test_mutated_corpus_documents(which: int, rng: random.Random) -> None:
    text, _ = mutate(TEXTS[which], rng, TEXTS)
    _parse_ok(text)



# Short hostile strings: pattern near-matches, odd characters and any code point, in any order.
_ANY_CHAR = st.integers(0, 0x10FFFF).map(chr)
_PIECES = st.one_of(st.sampled_from(FRAGMENTS),
                    st.sampled_from(ODD_CHARS),
                    st.text(_ANY_CHAR, max_size=5),
                    st.from_regex(r"[0-9./\-]{1,12}", fullmatch=True))


@settings(SETTINGS, max_examples=200)
@given(pieces=st.lists(_PIECES, max_size=30))
def test_hostile_strings(pieces: list[str]) -> None:
    _parse_ok("".join(pieces))


# --- regression tests, one per crash class found by the fuzzer --------------------------------

def test_lone_surrogates_become_replacement_characters_with_a_warning() -> None:
    text = "\ud800Căn cứ Quyết định số 12/2020/QĐ-TTg ngày 1 tháng 2 năm 2020\udc80 \ud83d\ude00"
    doc = _parse_ok(text)
    assert doc.text == text.translate({c: "\ufffd" for c in (0xD800, 0xDC80, 0xD83D, 0xDE00)})
    assert doc.text.count("\ufffd") == 4 and doc.text.startswith("\ufffdCăn cứ")
    assert doc.warnings == ("4 lone surrogate code point(s) replaced by U+FFFD",)
    assert [r.number for r in doc.references] == ["12/2020/QĐ-TTg"]
    assert [d.value for d in doc.dates] == ["2020-02-01"]
    json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
    # the id still tells the raw inputs apart; a lone surrogate alone is a document too
    assert bpextract.parse_text("\ud800").doc_id != bpextract.parse_text("\udc00").doc_id
    assert bpextract.parse_text("\ud800").text == "\ufffd"


def test_letters_after_the_digits_of_an_old_style_number() -> None:
    doc = _parse_ok("Số: 1999a/BXD")
    assert doc.text == "Số: 1999a/BXD"
