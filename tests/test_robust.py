"""Never crash on text: hostile strings parse without an exception, and every record's offsets
lie inside its text (checked by tests/mutations.py). Each crash found is pinned here as a plain
regression test built from its minimal reproducer.
"""

from __future__ import annotations

import json

import bpextract
from mutations import check_document


def _parse_ok(text: str) -> bpextract.Document:
    doc = bpextract.parse_text(text)
    assert check_document(doc) == []
    return doc


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
