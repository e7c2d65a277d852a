"""The citation graph: real documents that cite one another, plus the corpus."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from functools import cache
from pathlib import Path

from tests.conftest import CORPUS, shared_path

import bpextract
from bpextract.link import link, plan_report_pairs, write_graphml
from bpextract.model import Document

# six vbpl.vn pages of 2025-2026 decrees and circulars: 031 cites 143 and 204; 143 cites 204;
# 038 and 053 cite 204; nobody cites 220 (60/2025/NĐ-CP), although `360/2025/NĐ-CP` contains
# its number as a substring (found by their numbers, checked by reading the texts)
ARCHIVE = ("vbpl-html:doc_000031", "vbpl-html:doc_000143", "vbpl-html:doc_000204",
           "vbpl-html:doc_000220", "vbpl-html:doc_000038", "vbpl-html:doc_000053")


@cache
def archive() -> tuple[Document, ...]:
    path = shared_path("data", "bench", "vn_legal_fulltext.jsonl.gz")
    texts = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d["id"] in ARCHIVE:
                texts[d["id"]] = d["text"]
    return tuple(bpextract.parse_text(texts[k], source=k) for k in ARCHIVE)


def test_documents_of_a_folder_are_linked_by_number() -> None:
    docs = archive()
    numbers = {d.source: d.header.number for d in docs}
    assert numbers["vbpl-html:doc_000143"] == "360/2025/NĐ-CP"
    assert numbers["vbpl-html:doc_000204"] == "181/2025/NĐ-CP"
    g = link(docs)
    folder = {n.node_id: n for n in g.nodes if n.in_folder}
    assert len(folder) == 6
    by_id = {n.node_id: n.source for n in folder.values()}
    inside = {(by_id[e.source_node], by_id[e.target_node]) for e in g.edges
              if e.target_node in folder}
    assert inside == {
        ("vbpl-html:doc_000031", "vbpl-html:doc_000143"),
        ("vbpl-html:doc_000031", "vbpl-html:doc_000204"),
        ("vbpl-html:doc_000143", "vbpl-html:doc_000204"),
        ("vbpl-html:doc_000038", "vbpl-html:doc_000204"),
        ("vbpl-html:doc_000053", "vbpl-html:doc_000204"),
    }
    assert not any(b == "vbpl-html:doc_000220" for _a, b in inside)
    n204 = next(n for n in folder.values() if n.source == "vbpl-html:doc_000204")
    assert n204.cited_by >= 4
    # every edge keeps the provenance of the citing text
    for e in g.edges:
        doc = next(d for d in docs if d.doc_id == e.doc_id)
        base = doc.text if e.footnote is None else doc.footnote_by_id(e.footnote).text  # type: ignore[union-attr]
        assert base[e.start:e.end] == e.text


def test_corpus_graph_marks_plan_and_report_edges(tmp_path: Path) -> None:
    docs = [bpextract.parse(p) for p in sorted(CORPUS.glob("*.txt"))]
    g = link(docs)
    kinds = Counter(e.kind for e in g.edges)
    assert kinds["reports_on"] >= 2 and kinds["implements"] >= 2
    pairs = plan_report_pairs(g)
    # Báo cáo 35/BC-UBND reports on the implementation of Chỉ thị 01/CT-TTg (its title says so)
    assert any(r.startswith("35/BC-UBND") and t.startswith("01/CT-TTg") for r, t in pairs)
    # the bare `01/CT-TTg` mentions and the dated ones are one node
    assert [n.node_id for n in g.nodes if n.number == "01/CT-TTg"] == ["01/CT-TTg (2015)"]
    out = write_graphml(g, tmp_path / "g.graphml")
    import networkx as nx

    back = nx.read_graphml(out)
    assert back.number_of_nodes() == len(g.nodes)
    assert back.number_of_edges() == len(g.edges)
