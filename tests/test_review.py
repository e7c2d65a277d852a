"""Review pages and the check view: structure in Python, behaviour in a real browser."""

from __future__ import annotations

import html
import json
import re
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import pytest
from PIL import Image
from tests.browser import chromium, dump_dom, screenshot
from tests.conftest import CORPUS

import bpextract
from bpextract.model import Document
from bpextract.quality import document_name, load_corpus, load_gold, score
from bpextract.review import TABLES, page_name, review_page, write_check_review, write_review


@cache
def corpus_docs() -> tuple[Document, ...]:
    return tuple(bpextract.parse(d) for d, _g in load_corpus(CORPUS))


def _recs(page: str) -> dict[str, dict[str, object]]:
    m = re.search(r'<script type="application/json" id="recs">(.*?)</script>', page, re.S)
    assert m is not None
    data: dict[str, dict[str, object]] = json.loads(m.group(1))
    return data


def test_every_record_is_marked_with_its_own_text() -> None:
    doc = corpus_docs()[3]
    page = review_page(doc)
    recs = _recs(page)
    assert sum(1 for r in recs.values() if r["table"] == "references") == len(doc.references)
    assert sum(1 for r in recs.values() if r["table"] == "dates") == len(doc.dates)
    # each main-text record's text is inside a span that carries its id
    for i, ref in enumerate(doc.references):
        if ref.footnote is None:
            assert f"r{i}" in page
            spans = re.findall(rf'data-recs="[^"]*\br{i}\b[^"]*">([^<]*)<', page)
            assert html.unescape("".join(spans)) == ref.text


def test_line_breaks_charset_and_legend() -> None:
    doc = corpus_docs()[0]
    page = review_page(doc)
    assert '<meta charset="utf-8">' in page
    text = re.search(r'<div id="text">(.*?)</div>', page, re.S)
    assert text is not None
    plain = html.unescape(re.sub(r"<[^>]+>", "", text.group(1)))
    assert plain == doc.text  # every character, line breaks included
    for _colour, label in TABLES.values():
        assert label in page


def test_script_end_in_text_cannot_break_the_page() -> None:
    doc = bpextract.parse_text("Căn cứ Luật số 1/2020/QH14 </script><script>alert(1)</script>\n")
    page = review_page(doc)
    assert page.count("<script>") == 1
    assert "alert(1)" in page  # shown as text, escaped
    assert "<script>alert" not in page


def test_write_review_writes_pages_and_index(tmp_path: Path) -> None:
    docs = corpus_docs()[:2]
    written = write_review(docs, tmp_path)
    assert [p.name for p in written] == [page_name(d) for d in docs]
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert all(page_name(d) in index for d in docs)


@pytest.fixture(scope="module")
def review_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review")
    write_review(corpus_docs(), out)
    return out


def test_browser_loads_every_corpus_page(review_dir: Path) -> None:
    chromium()
    docs = corpus_docs()

    def load(doc: Document) -> tuple[Document, str, Path]:
        page = review_dir / page_name(doc)
        first = next((f"d{i}" for i, d in enumerate(doc.dates) if d.footnote is None), None)
        dom = dump_dom(page, f"rec={first}" if first else "")
        png = screenshot(page, review_dir / f"{doc.doc_id}.png")
        return doc, dom, png

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(load, docs))
    assert len(docs) >= 20 and len(results) == len(docs) == len(load_corpus(CORPUS))
    for doc, dom, png in results:
        # the legend lists every table
        legend = re.search(r'<div id="legend">(.*?)</div>', dom, re.S)
        assert legend is not None
        for _c, label in TABLES.values():
            assert label in legend.group(1)
        # not blank: the text is there and the screenshot is not one colour
        assert doc.text.strip()[:20] in html.unescape(re.sub(r"<[^>]+>", "", dom))
        img = Image.open(png).convert("L")
        dark = sum(img.histogram()[:200])
        assert dark > 2000, f"{doc.source}: screenshot looks blank ({dark} dark pixels)"
        # a click on the first date (done by the page for #rec=...) shows its fields
        mains = [d for d in doc.dates if d.footnote is None]
        if mains:
            panel = re.search(r'<div id="panel">(.*?)</div>', dom, re.S)
            assert panel is not None, doc.source
            assert 'data-rec="d' in panel.group(1)
            assert html.escape(mains[0].value or "") in panel.group(1)


def test_check_view_shows_missed_and_extra(tmp_path: Path) -> None:
    pairs = [(bpextract.parse(d), load_gold(g)) for d, g in load_corpus(CORPUS)]
    report = score(pairs)
    scored = [(d, document_name(d, g)) for d, g in pairs]
    write_check_review(scored, report.diff, tmp_path)
    misses = [e for e in report.diff if e.kind == "miss" and e.table == "references"
              and e.start is not None]
    assert misses, "the corpus has reference misses to show"
    e = misses[0]
    doc = next(d for d, name in scored if name == e.document)
    page = tmp_path / page_name(doc)
    text = page.read_text(encoding="utf-8")
    recs = _recs(text)
    missed = [k for k, r in recs.items() if r["table"] == "missed"]
    assert missed
    chromium()
    dom = dump_dom(page, f"rec={missed[0]}")
    panel = re.search(r'<div id="panel">(.*?)</div>', dom, re.S)
    assert panel is not None and "miss" in panel.group(1)
    shown = recs[missed[0]]["fields"]
    assert isinstance(shown, dict) and html.escape(str(shown["text"])) in panel.group(1)
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert e.document in index
