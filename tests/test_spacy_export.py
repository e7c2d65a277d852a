"""spaCy export of a real report: span groups that line up with the records."""

from __future__ import annotations

from tests.conftest import seed_doc

from bpextract import render_html, to_spacy


def test_span_groups_match_main_text_records() -> None:
    doc = seed_doc("004")
    sdoc = to_spacy(doc)
    assert sdoc.text == doc.text
    main_refs = [r for r in doc.references if r.footnote is None]
    assert len(sdoc.spans["references"]) == len(main_refs)
    first = sdoc.spans["references"][0]
    assert first.start_char <= main_refs[0].start and first.end_char >= main_refs[0].end
    assert first.label_ == main_refs[0].type
    assert len(sdoc.spans["sections"]) == len(doc.sections)
    assert {s.label_ for s in sdoc.spans["dates"]} <= {"date", "range", "recurring", "placeholder"}


def test_html_view_highlights_references() -> None:
    html = render_html(seed_doc("003"), "references")
    assert html.startswith("<!DOCTYPE html>")
    assert "01/CT-TTg" in html and "Chỉ thị" in html
