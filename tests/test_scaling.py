"""Linear by construction, checked by counting (no timing here; see benchmarks/bench_scaling.py).

A document made of N copies of a real document gives N times its records, copy after copy: no
stage drops records because the text got longer (there is no clock to run out), and no record
depends on text far away. Hostile single lines of repeated near-matches finish with the exact
records below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import bpextract
from bpextract.model import Document, Located
from conftest import CORPUS

SIGNATURES: dict[str, Callable[[Any], tuple[Any, ...]]] = {
    "footnotes": lambda f: (f.text, f.marker),
    "indicators": lambda i: (i.text, i.value, i.unit, i.quantity, i.qualifier, i.subject,
                             i.role, i.per, i.share_of),
    "references": lambda r: (r.text, r.type, r.number, r.relation),
    "dates": lambda d: (d.text, d.value, d.kind, d.role),
}


def _text(key: str) -> str:
    (path,) = sorted(CORPUS.glob(f"{key}_*.txt"))
    return path.read_text(encoding="utf-8")


def _copies(key: str, n: int) -> Document:
    return bpextract.parse_text("\n\n".join([_text(key)] * n), source=f"{key}x{n}")


def _by_place(doc: Document, table: str) -> tuple[list[Any], list[Any]]:
    """Signatures of the records of main text and of footnote bodies, each in order."""
    sig = SIGNATURES[table]
    rows = getattr(doc, table)
    main = [sig(r) for r in rows if getattr(r, "footnote", None) is None]
    notes = [sig(r) for r in rows if getattr(r, "footnote", None) is not None]
    return main, notes


@pytest.mark.parametrize("key", ["000", "003", "004", "005", "008"])
def test_three_copies_give_three_times_the_records(key: str) -> None:
    one, three = _copies(key, 1), _copies(key, 3)
    for table in SIGNATURES:
        main1, notes1 = _by_place(one, table)
        main3, notes3 = _by_place(three, table)
        assert len(getattr(three, table)) == 3 * len(getattr(one, table)), (key, table)
        assert main3 == main1 * 3, (key, table)
        assert notes3 == notes1 * 3, (key, table)
    assert not [w for w in three.warnings if "time limit" in w], three.warnings


def test_the_copies_hold_records_of_every_table() -> None:
    # the parametrized documents above are not empty tables compared with empty tables
    counts = {k: {t: len(getattr(_copies(k, 1), t)) for t in (*SIGNATURES, "sections")}
              for k in ("000", "004", "005")}
    assert counts == {
        "000": {"footnotes": 0, "indicators": 13, "references": 12, "dates": 32,
                "sections": 46},
        "004": {"footnotes": 9, "indicators": 89, "references": 40, "dates": 28,
                "sections": 23},
        "005": {"footnotes": 0, "indicators": 203, "references": 0, "dates": 15,
                "sections": 5},
    }


@pytest.mark.parametrize("key", ["000", "005"])
def test_sections_of_copies_repeat(key: str) -> None:
    # documents whose outline does not stop at a `Nơi nhận` line: every copy has its tree
    # (where the outline stops at the signature, later copies are signature matter by design)
    one, three = _copies(key, 1), _copies(key, 3)
    sig = [(s.label, s.style, s.level, s.title) for s in one.sections]
    assert [(s.label, s.style, s.level, s.title) for s in three.sections] == sig * 3
    assert three.sections[len(sig)].start > three.sections[len(sig) - 1].start


def _offsets_hold(doc: Document) -> None:
    notes = {f.id: f.text for f in doc.footnotes}
    for table in ("references", "dates", "indicators"):
        for r in getattr(doc, table):
            assert isinstance(r, Located)
            base = notes[r.footnote] if r.footnote is not None else doc.text
            assert 0 <= r.start <= r.end <= len(base) and base[r.start:r.end] == r.text


@pytest.mark.parametrize(("unit", "expected"), [
    # one line of ~20,000 characters: (sections, footnotes, indicators)
    ("số 12/KH-UBND ", (0, 0, 0)),
    ("ngày 1 tháng ", (0, 0, 0)),
    ("1.000.000.", (0, 0, 0)),
    ("Điều 1. ", (1, 0, 0)),
    ("lời¹²³ ", (0, 2857, 0)),  # a marker without a body after every word
    ("1/", (0, 0, 0)),
    ("1-", (0, 0, 0)),
    ("1234567890", (0, 0, 0)),
    ("có 3 hộ, ", (0, 0, 2222)),
])
def test_hostile_lines_finish_with_exact_records(unit: str, expected: tuple[int, ...]) -> None:
    doc = bpextract.parse_text(unit * (20_000 // len(unit)), source="hostile")
    assert (len(doc.sections), len(doc.footnotes), len(doc.indicators)) == expected
    assert not [w for w in doc.warnings if "time limit" in w]
    _offsets_hold(doc)
