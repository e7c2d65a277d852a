"""The spaCy component: strict token boundaries, span text equal to record text, DocBin."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

import pytest
from tests.conftest import CORPUS

import bpextract
from bpextract.model import Document
from bpextract.quality import load_corpus
from bpextract.spacy_pipe import EXTENSION, GROUPS, annotate, blank, split_at

spacy = pytest.importorskip("spacy", reason="the spacy extra is not installed")


@cache
def corpus_docs() -> tuple[Document, ...]:
    return tuple(bpextract.parse(d) for d, _g in load_corpus(CORPUS))


def _expected(doc: Document, group: str) -> list[str]:
    out = []
    for rec in getattr(doc, group):
        if group == "sections":
            out.append(rec.label)
        elif rec.footnote is None:
            out.append(rec.text)
    return out


def test_every_corpus_record_is_a_span_with_its_exact_text() -> None:
    nlp = blank()
    total = 0
    for doc in corpus_docs():
        sdoc = annotate(nlp(doc.text), doc)
        for group in GROUPS:
            got = [s.text for s in sdoc.spans[group]]
            assert got == _expected(doc, group), (doc.source, group)
            total += len(got)
    assert total > 900


def test_tokenizer_splits_vietnamese_punctuation() -> None:
    nlp = blank()
    toks = [t.text for t in nlp("(sau đây gọi tắt là Chỉ thị số 01); 1.Công tác “Ngày hội”, 50%.")]
    assert toks[:2] == ["(", "sau"]
    assert "01" in toks and ")" in toks and ";" in toks
    assert toks[toks.index(";") + 1: toks.index(";") + 4] == ["1", ".", "Công"]
    assert "“" in toks and "”" in toks and "%" in toks


def test_boundary_inside_a_token_is_split_not_widened() -> None:
    sdoc = blank()("Đến ngày 15/3/2024có 120 hộ.\n")
    assert "15/3/2024có" in [t.text for t in sdoc]
    cut = sdoc.text.index("có")
    sdoc = split_at(sdoc, [cut, cut + 1000, 0])
    assert [t.text for t in sdoc][2:4] == ["15/3/2024", "có"]
    assert sdoc.text == "Đến ngày 15/3/2024có 120 hộ.\n"
    span = sdoc.char_span(sdoc.text.index("15"), cut, alignment_mode="strict")
    assert span is not None and span.text == "15/3/2024"


def test_component_via_entry_point_and_docbin_round_trip() -> None:
    from spacy.tokens import DocBin

    assert "bpextract" in {e.name for e in entry_points(group="spacy_factories")}
    nlp = blank()
    nlp.add_pipe("bpextract")
    doc = corpus_docs()[3]
    sdoc = nlp(doc.text)
    assert [s.text for s in sdoc.spans["references"]] == _expected(doc, "references")
    first = sdoc.spans["references"][0]
    assert first._.get(EXTENSION)["number"] == doc.references[0].number
    data = DocBin(docs=[sdoc], store_user_data=True).to_bytes()
    # a fresh pipeline, no configuration: the multi-language vocab loads it back
    back = next(iter(DocBin().from_bytes(data).get_docs(spacy.blank("xx").vocab)))
    assert back.text == doc.text
    assert [s.text for s in back.spans["dates"]] == _expected(doc, "dates")
    assert back.spans["references"][0]._.get(EXTENSION)["number"] == doc.references[0].number
