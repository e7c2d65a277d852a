"""spaCy export of a real report: span groups equal to the records; the HTML view."""

from __future__ import annotations

import re

import pytest
from tests.conftest import seed_doc

from bpextract import render_html, to_spacy


def test_span_groups_match_main_text_records() -> None:
    doc = seed_doc("004")
    sdoc = to_spacy(doc)
    assert sdoc.text == doc.text
    main_refs = [r for r in doc.references if r.footnote is None]
    assert [s.text for s in sdoc.spans["references"]] == [r.text for r in main_refs]
    first = sdoc.spans["references"][0]
    assert (first.start_char, first.end_char) == (main_refs[0].start, main_refs[0].end)
    assert first.label_ == main_refs[0].type
    assert len(sdoc.spans["sections"]) == len(doc.sections)
    assert {s.label_ for s in sdoc.spans["dates"]} <= {"date", "range", "recurring", "placeholder"}


def test_html_view_highlights_one_table_and_keeps_line_breaks() -> None:
    doc = seed_doc("003")
    html = render_html(doc, "references")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert "01/CT-TTg" in html and "Chỉ thị" in html
    body = re.search(r"<body class=\"([^\"]*)\"", html)
    assert body is not None and "hide-dates" in body.group(1)
    assert "hide-references" not in body.group(1)
    assert doc.text.count("\n") > 50 and "\n" in re.search(
        r'<div id="text">(.*?)</div>', html, re.S).group(1)  # type: ignore[union-attr]
    with pytest.raises(ValueError, match="unknown group 'nope'"):
        render_html(doc, "nope")
