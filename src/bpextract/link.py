"""The citation graph of a folder: which document cites which, and how.

Nodes are documents: those in the folder (identified by canonical number, year and issuer) and
the ones they cite from outside it. Edges are references, with their relation as written
(`căn cứ`, `thực hiện`, `sửa đổi`, `thay thế`, `bãi bỏ` ...) and the provenance of the citing
text. A citation is matched to a folder document by canonical number and year; a short form
(`Kế hoạch số 12`) by its type and leading digits when exactly one folder document fits. Two
kinds of edge are marked for researchers who read plans and reports together:

- `reports_on`: a Báo cáo citing the Kế hoạch (or Chỉ thị, Nghị quyết...) whose implementation it
  reports (`Báo cáo kết quả thực hiện Kế hoạch số X`, or the relation `thực hiện`);
- `implements`: a Kế hoạch that implements a higher plan, directive or resolution.

`link(docs)` returns a `Graph` with `nodes` and `edges` row lists and `to_networkx()`;
`write_graphml` writes GraphML for graph tools (networkx, the `bpextract` core dependency
list does not need it: it is imported only there).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .canonical import fold
from .model import Document, Record, Reference

REPORT_TYPES = frozenset({"Báo cáo"})
PLAN_TYPES = frozenset({"Kế hoạch", "Chương trình", "Đề án", "Phương án"})
# what a plan implements, and what a report reports on
HIGHER_TYPES = frozenset({"Kế hoạch", "Chỉ thị", "Nghị quyết", "Quyết định", "Chương trình",
                          "Đề án", "Kết luận", "Thông báo", "Công văn"})
IMPLEMENT_RELATIONS = frozenset({"thực hiện"})
_DIGITS = re.compile(r"\d{1,9}")
_YEAR = re.compile(r"/((?:19|20)\d\d)/")


@dataclass(frozen=True)
class Node(Record):
    """A document: in the folder (`in_folder`, with its doc_id and source) or cited from it."""

    node_id: str
    number: str | None
    doc_type: str | None
    year: int | None
    date: str | None
    issuer: str | None
    title: str | None
    in_folder: bool
    doc_id: str | None = None
    source: str | None = None
    cited_by: int = 0


@dataclass(frozen=True)
class Edge(Record):
    """One citation: `source_node` cites `target_node`; provenance in the citing document."""

    source_node: str
    target_node: str
    doc_id: str
    relation: str | None
    kind: str  # cites | reports_on | implements
    matched_by: str  # number | short_form | name
    text: str
    start: int
    end: int
    section: int | None
    footnote: str | None
    page: int | None


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        return {"nodes": [n.to_dict() for n in self.nodes],
                "edges": [e.to_dict() for e in self.edges]}

    def to_networkx(self) -> Any:
        """A networkx MultiDiGraph: node and edge attributes are the table columns."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for n in self.nodes:
            g.add_node(n.node_id, **_attrs(n.to_dict()))
        for e in self.edges:
            g.add_edge(e.source_node, e.target_node, **_attrs(e.to_dict()))
        return g


def _attrs(d: dict[str, Any]) -> dict[str, Any]:
    """GraphML takes str/int/float/bool only: drop None, keep the rest."""
    return {k: v for k, v in d.items() if v is not None}


def _year_of(number: str | None, date: str | None, year: int | None = None) -> int | None:
    if year:
        return year
    if date and len(date) >= 4 and date[:4].isdigit():
        return int(date[:4])
    if number:
        m = _YEAR.search(number)
        if m:
            return int(m.group(1))
    return None


def _is_full(number: str | None) -> bool:
    """A number that names one document: digits, a slash and a type or organ code."""
    return bool(number) and "/" in (number or "") and bool(re.search(r"[^\W\d_]", number or ""))


def _node_key(number: str, year: int | None) -> str:
    return f"{number} ({year})" if year and not _YEAR.search(number) else number


@dataclass
class _FolderIndex:
    by_number: dict[str, list[Node]] = field(default_factory=lambda: defaultdict(list))
    by_lead: dict[tuple[str | None, str], list[Node]] = field(
        default_factory=lambda: defaultdict(list))

    def add(self, node: Node) -> None:
        if node.number:
            self.by_number[node.number.casefold()].append(node)
            m = _DIGITS.match(node.number)
            if m:
                self.by_lead[(node.doc_type, m.group(0).lstrip("0") or "0")].append(node)

    def find(self, ref: Reference) -> tuple[Node | None, str]:
        number = ref.refers_to or ref.number
        year = _year_of(number, ref.date, ref.year)
        if number and _is_full(number):
            cands = self.by_number.get(number.casefold(), [])
            if year is not None:
                cands = [c for c in cands if c.year in (None, year)]
            if len(cands) == 1:
                return cands[0], "number"
            return None, "number"
        if number:  # a short form: type and leading digits, one folder document only
            m = _DIGITS.match(number)
            if m:
                cands = self.by_lead.get((ref.type, m.group(0).lstrip("0") or "0"), [])
                if year is not None:
                    cands = [c for c in cands if c.year in (None, year)]
                if len(cands) == 1:
                    return cands[0], "short_form"
        return None, "name"


def _folder_node(doc: Document) -> Node:
    h = doc.header
    year = _year_of(h.number, h.issue_date)
    key = f"{_node_key(h.number, year)} · {doc.doc_id}" if h.number else f"doc:{doc.doc_id}"
    return Node(node_id=key, number=h.number, doc_type=h.doc_type, year=year,
                date=h.issue_date, issuer=h.issuer, title=h.title, in_folder=True,
                doc_id=doc.doc_id, source=doc.source)


def _outside_key(ref: Reference) -> str | None:
    number = ref.refers_to or ref.number
    year = _year_of(number, ref.date, ref.year)
    if number and _is_full(number):
        return _node_key(number, year)
    if ref.type and ref.subject:  # a law cited by name: Luật Đất đai (2013)
        name = f"{ref.type} {fold(ref.subject)}"
        return f"{name} ({year})" if year else name
    return None


def _in_title(doc: Document, ref: Reference) -> bool:
    span = doc.header.spans.get("title")
    return ref.footnote is None and span is not None and span[0] <= ref.start < span[1]


def _in_opening(doc: Document, ref: Reference) -> bool:
    """In the lines between the header and the first heading (`Thực hiện Kế hoạch số X, ...
    UBND báo cáo như sau:`), where a document says what it carries out."""
    if ref.footnote is not None:
        return False
    first = min((s.start for s in doc.sections), default=len(doc.text))
    return ref.start < first


def _edge_kind(doc: Document, ref: Reference, target_type: str | None) -> str:
    citing = doc.header.doc_type
    if target_type not in HIGHER_TYPES:
        return "cites"
    says = _in_title(doc, ref) or (ref.relation in IMPLEMENT_RELATIONS and _in_opening(doc, ref))
    if citing in REPORT_TYPES and says:
        return "reports_on"
    if citing in PLAN_TYPES and says:
        return "implements"
    return "cites"


def link(docs: Iterable[Document]) -> Graph:
    """The citation graph of `docs` (a folder's Documents, in any order)."""
    docs = list(docs)
    index = _FolderIndex()
    folder: dict[str, Node] = {}
    for doc in docs:
        node = _folder_node(doc)
        folder[doc.doc_id] = node
        index.add(node)
    outside: dict[str, dict[str, Any]] = {}
    cited: dict[str, int] = defaultdict(int)
    edges: list[Edge] = []
    for doc in docs:
        me = folder[doc.doc_id]
        for ref in doc.references:
            target, how = index.find(ref)
            if target is not None and target.doc_id == doc.doc_id:
                continue  # a document naming itself (its own number in a footer or appendix)
            if target is None:
                key = _outside_key(ref)
                if key is None:
                    continue
                info = outside.setdefault(key, {
                    "number": ref.refers_to or ref.number if _is_full(ref.refers_to or ref.number)
                    else None,
                    "doc_type": ref.type, "date": ref.date, "issuer": ref.issuer,
                    "title": ref.subject,
                    "year": _year_of(ref.refers_to or ref.number, ref.date, ref.year)})
                for k in ("date", "issuer", "title"):  # the first mention that writes it
                    if info[k] is None:
                        info[k] = getattr(ref, "subject" if k == "title" else k)
                target_id, target_type = key, ref.type
            else:
                target_id, target_type = target.node_id, target.doc_type
            cited[target_id] += 1
            edges.append(Edge(source_node=me.node_id, target_node=target_id, doc_id=doc.doc_id,
                              relation=ref.relation, kind=_edge_kind(doc, ref, target_type),
                              matched_by=how, text=ref.text, start=ref.start, end=ref.end,
                              section=ref.section, footnote=ref.footnote, page=ref.page))
    edges, outside, cited = _merge_yearless(edges, outside, cited)
    nodes = [Node(**{**n.to_dict(), "cited_by": cited.get(n.node_id, 0)})
             for n in folder.values()]
    nodes += [Node(node_id=k, in_folder=False, cited_by=cited[k], **v)
              for k, v in sorted(outside.items())]
    return Graph(nodes=nodes, edges=edges)


def _merge_yearless(edges: list[Edge], outside: dict[str, dict[str, Any]],
                    cited: dict[str, int]) -> tuple[list[Edge], dict[str, dict[str, Any]],
                                                    dict[str, int]]:
    """`01/CT-TTg` cited once with its date and once without is one document when the folder
    cites only one dated document of that number; with two or more, the bare mention stays
    apart (it cannot be told which one it means)."""
    dated: dict[str, list[str]] = defaultdict(list)
    for key, info in outside.items():
        if info["number"] and key != info["number"]:
            dated[info["number"]].append(key)
    alias = {k: dated[k][0] for k, info in outside.items()
             if info["number"] and k == info["number"] and len(dated.get(k, [])) == 1}
    if not alias:
        return edges, outside, cited
    for k, into in alias.items():
        cited[into] += cited.pop(k, 0)
        info = outside.pop(k)
        for f in ("date", "issuer", "title", "doc_type"):
            if outside[into][f] is None:
                outside[into][f] = info[f]
    edges = [Edge(**{**e.to_dict(), "target_node": alias.get(e.target_node, e.target_node)})
             for e in edges]
    return edges, outside, cited


def plan_report_pairs(graph: Graph) -> list[tuple[str, str]]:
    """(report node, plan node) for every `reports_on` edge, once each."""
    seen: dict[tuple[str, str], None] = {}
    for e in graph.edges:
        if e.kind == "reports_on":
            seen[(e.source_node, e.target_node)] = None
    return list(seen)


def write_graphml(graph: Graph, path: str | Path) -> Path:
    """GraphML of the graph, written to a temporary file and moved into place."""
    import networkx as nx

    p = Path(path)
    tmp = p.with_name(p.name + ".tmp")
    nx.write_graphml(graph.to_networkx(), tmp)
    tmp.replace(p)
    return p


def write_tables(graph: Graph, out: str | Path, fmt: str = "csv") -> Path:
    """The `nodes` and `edges` tables in any output format: files in the folder `out` (csv,
    jsonl, parquet) or `out/graph.xlsx` / `out/graph.sqlite`."""
    from .writers import SINGLE_FILE, Sink

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"graph.{fmt}" if fmt in SINGLE_FILE else folder
    sink = Sink(dest, fmt, columns())
    try:
        for table, rows in graph.rows().items():
            sink.add(table, rows)
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return dest


def columns() -> dict[str, list[tuple[str, str]]]:
    """Column names and kinds of the `nodes` and `edges` tables, for the table writers."""
    from .tables import _fields

    return {"nodes": _fields(Node), "edges": _fields(Edge)}


__all__ = ["Edge", "Graph", "Node", "columns", "link", "plan_report_pairs", "write_graphml",
           "write_tables"]
