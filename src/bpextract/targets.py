"""Targets against results (issue 14 item 3): the figures a plan sets, joined to the figures
its reports say were reached.

A plan's target (`status` target) and a report's result (`status` achieved or estimate) are the
same indicator when they count the same thing in the same unit: the subject words (the activity
before the figure and, for a percentage, what it is a share of, folded and without filler
words) overlap enough, the unit is the same, the direction is the same (`tăng 10%` is only
compared with `tăng 8,4%`), and the periods overlap when both are known. Each target keeps its
best result (most shared words, then a known overlapping period, then the latest period), and
the `targets` table gives target, achieved, ratio and the provenance of both sides.

`compare(plan, reports)` for a plan and the reports given; `compare_folder(docs)` finds the
plan-report pairs of a folder with the citation graph (`link.plan_report_pairs`). The
comparison is per pair of documents, so its cost is (targets x results) of one pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from .canonical import fold
from .model import Document, Indicator, Record

if TYPE_CHECKING:
    import pandas as pd

TARGET = frozenset({"target"})
RESULT = frozenset({"achieved", "estimate"})
MIN_OVERLAP = 0.5  # shared subject words / all subject words of the two (Jaccard)
# words that say nothing about what is counted (folded forms)
_FILLER = frozenset(x for w in (
    "các", "những", "số", "tổng", "tổng số", "toàn", "bộ", "được", "đã", "sẽ", "có", "đạt",
    "là", "và", "của", "cho", "với", "trong", "trên", "tại", "ở", "từ", "đến", "năm", "tháng",
    "khoảng", "hơn", "gần", "ít", "nhất", "mức", "tỷ", "lệ", "tỉ", "phấn", "đấu", "ước",
    "tính", "thực", "hiện", "lũy", "kế", "cả", "kế hoạch", "chỉ", "tiêu", "mục", "tăng",
    "giảm", "bằng", "so", "cùng", "kỳ", "trở", "lên", "phải", "bảo", "đảm", "nhằm",
    "bình quân", "chiếm", "xuống", "còn", "thêm", "mới", "khác", "chung")
    for x in fold(w).split())
_WORD = regex.compile(r"[\p{L}\p{M}0-9]+")


@dataclass(frozen=True)
class TargetRow(Record):
    """One target of a plan and the result a report gives for it (None when no report does)."""

    plan_doc_id: str
    subject: str | None  # the target's subject words as written
    unit: str | None
    period: str | None  # the target's period
    target: float | int | None
    achieved: float | int | None
    ratio: float | None  # achieved / target
    status: str | None  # the result's status: achieved | estimate
    achieved_period: str | None
    report_doc_id: str | None
    linked: bool  # the report cites the plan (a `reports_on` edge of the citation graph)
    overlap: float | None  # shared subject words / all subject words of the two
    # how the two were joined: `quoted` (a report quotes the plan's figure right after its
    # result: `tăng 15,6% (kế hoạch là 15%)`), `subject` (subject words, unit and period)
    match: str | None
    target_text: str
    target_start: int
    target_end: int
    target_section: int | None
    target_footnote: str | None
    target_page: int | None
    achieved_text: str | None = None
    achieved_start: int | None = None
    achieved_end: int | None = None
    achieved_section: int | None = None
    achieved_footnote: str | None = None
    achieved_page: int | None = None


_AFTER = regex.compile(r"[^,;.:!?()\n]{0,60}")


def subject_words(ind: Indicator, doc: Document | None = None) -> frozenset[str]:
    """The folded words that say what a figure counts: its subject and the share it is of
    (the unit is matched on its own), and for a percentage the rest of its clause (`100% số
    xã đạt chuẩn nông thôn mới`), without filler words."""
    parts = [ind.subject or "", ind.share_of or ""]
    if doc is not None and ind.quantity == "percent":
        base = doc.text if ind.footnote is None else (doc.footnote_by_id(ind.footnote) or
                                                      doc).text
        m = _AFTER.match(base, ind.end)
        parts.append(m.group(0) if m else "")
    words = {w for w in _WORD.findall(fold(" ".join(parts))) if not w.isdigit()}
    return frozenset(w for w in words if w not in _FILLER)


def _unit_key(ind: Indicator) -> str:
    if ind.quantity == "count" and ind.unit:
        return fold(ind.unit).split(" ")[0]  # `hộ` of `hộ dân`: the counted noun's head
    return fold(ind.unit)


def _span(period: str | None) -> tuple[str, str] | None:
    """(first, last) ISO bounds of a period, comparable as strings at year precision."""
    if not period:
        return None
    lo, _, hi = period.partition("/")
    return lo[:4], (hi or lo)[:4]


def _overlaps(a: str | None, b: str | None) -> bool | None:
    sa, sb = _span(a), _span(b)
    if sa is None or sb is None:
        return None
    return sa[0] <= sb[1] and sb[0] <= sa[1]


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words / all words of the two (Jaccard); 0 unless they share two words or are
    the same words (one shared word such as `dịch vụ`'s `vụ` says too little)."""
    shared = len(a & b)
    if not shared or (shared < 2 and a != b):
        return 0.0
    return shared / len(a | b)


def _candidates(doc: Document, statuses: frozenset[str]) -> list[Indicator]:
    return [i for i in doc.indicators if i.status in statuses and i.value is not None
            and i.comparison is None and i.role != "part"]


_QUOTE = regex.compile(r"[^.;!?\n]{0,40}?(?:kế\s+hoạch|chỉ\s+tiêu|mục\s+tiêu|dự\s+toán)"
                       r"[^.;!?\n()]{0,40}", regex.I)


def quoted_pairs(doc: Document) -> list[tuple[Indicator, Indicator]]:
    """(target, result) pairs a report writes in one place: a result followed at once by the
    plan's figure for it, same unit and direction (`tăng 15,6% (kế hoạch là 15%)`,
    `đạt 8,3% (kế hoạch đến năm 2005 là 10%)`)."""
    out: list[tuple[Indicator, Indicator]] = []
    inds = sorted(doc.indicators, key=lambda i: (i.footnote or "", i.start))
    for a, t in pairwise(inds):
        if t.status not in TARGET or a.status not in RESULT or a.footnote != t.footnote or \
                t.value is None or a.value is None or _unit_key(a) != _unit_key(t):
            continue
        base = doc.text if t.footnote is None else (doc.footnote_by_id(t.footnote) or
                                                    doc).text
        if _QUOTE.fullmatch(base, a.end, t.start):
            out.append((t, a))
    return out


def compare(plan: Document, reports: Sequence[Document],
            linked: Iterable[str] = ()) -> list[TargetRow]:
    """The `targets` rows of `plan` against `reports` (the plan itself may be among them: a
    report on last year's plan often sets next year's). A plan figure a report quotes next to
    its result (`quoted_pairs`) is joined there; the others by subject, unit and period.
    `linked`: doc_ids of the reports that cite the plan, marked in the rows."""
    cited = set(linked)
    rows: list[TargetRow] = []
    done: set[tuple[str, int]] = set()
    for r in reports:
        for t, a in quoted_pairs(r):
            rows.append(_row(r, t, ((1.0, 1, a.period or "", -a.start), r, a, 1.0), cited,
                             "quoted", overlap=None))
            done.add((r.doc_id, t.start))
    results = [(r, i, subject_words(i, r), _unit_key(i)) for r in reports
               for i in _candidates(r, RESULT)]
    for t in _candidates(plan, TARGET):
        if (plan.doc_id, t.start) in done:
            continue
        words, unit = subject_words(t, plan), _unit_key(t)
        best: tuple[tuple[float, int, str, int], Document, Indicator, float] | None = None
        for r, i, iw, iu in results:
            if iu != unit or i.change != t.change or (r is plan and i.start == t.start):
                continue
            ov = _overlap(words, iw)
            if ov < MIN_OVERLAP:
                continue
            same = _overlaps(t.period, i.period)
            if same is False:
                continue
            key = (ov, int(same is True), i.period or "", -i.start)
            if best is None or key > best[0]:
                best = (key, r, i, ov)
        rows.append(_row(plan, t, best, cited, "subject"))
    return rows


def _row(plan: Document, t: Indicator,
         best: tuple[tuple[float, int, str, int], Document, Indicator, float] | None,
         cited: set[str], how: str, overlap: float | None = -1.0) -> TargetRow:
    r: Document | None = None
    i: Indicator | None = None
    ov: float | None = None
    ratio: float | None = None
    if best is not None:
        _key, r, i, ov = best
        if overlap is None:
            ov = None
        if isinstance(t.value, (int, float)) and isinstance(i.value, (int, float)) and t.value:
            ratio = round(i.value / t.value, 6)
    return TargetRow(
        plan_doc_id=plan.doc_id, subject=t.subject or t.share_of, unit=t.unit, period=t.period,
        target=t.value, achieved=None if i is None else i.value, ratio=ratio,
        status=None if i is None else i.status,
        achieved_period=None if i is None else i.period,
        report_doc_id=None if r is None else r.doc_id,
        linked=r is not None and r.doc_id in cited,
        overlap=None if ov is None else round(ov, 3), match=None if i is None else how,
        target_text=t.text, target_start=t.start, target_end=t.end, target_section=t.section,
        target_footnote=t.footnote, target_page=t.page,
        achieved_text=None if i is None else i.text,
        achieved_start=None if i is None else i.start,
        achieved_end=None if i is None else i.end,
        achieved_section=None if i is None else i.section,
        achieved_footnote=None if i is None else i.footnote,
        achieved_page=None if i is None else i.page)


def compare_folder(docs: Sequence[Document]) -> list[TargetRow]:
    """Every plan of `docs` against the reports on it that the citation graph finds."""
    from .link import link, plan_report_pairs

    graph = link(docs)
    by_node = {n.node_id: n.doc_id for n in graph.nodes if n.in_folder}
    by_id = {d.doc_id: d for d in docs}
    reports_of: dict[str, list[str]] = {}
    for report_node, plan_node in plan_report_pairs(graph):
        rid, pid = by_node.get(report_node), by_node.get(plan_node)
        if rid is not None and pid is not None:
            reports_of.setdefault(pid, []).append(rid)
    rows: list[TargetRow] = []
    for pid, rids in reports_of.items():
        rows += compare(by_id[pid], [by_id[r] for r in rids], linked=rids)
    return rows


def linked_reports(plan: Document, reports: Sequence[Document]) -> list[str]:
    """doc_ids of `reports` that the citation graph says report on `plan`."""
    from .link import link, plan_report_pairs

    docs = [plan, *(r for r in reports if r is not plan)]
    graph = link(docs)
    by_node = {n.node_id: n.doc_id for n in graph.nodes if n.in_folder}
    return [rid for rep, pl in plan_report_pairs(graph)
            if by_node.get(pl) == plan.doc_id and (rid := by_node.get(rep)) is not None]


def columns() -> dict[str, list[tuple[str, str]]]:
    """Column names and kinds of the `targets` table, for the table writers."""
    from .tables import _fields

    return {"targets": _fields(TargetRow)}


def to_frame(rows: Sequence[TargetRow]) -> pd.DataFrame:
    """The `targets` table as a pandas DataFrame with the table's dtypes (as `to_frames`)."""
    import pandas as pd

    from .frames import DTYPES

    cols = columns()["targets"]
    df = pd.DataFrame([r.to_dict() for r in rows], columns=[c for c, _ in cols])
    return df.astype({c: DTYPES[k] for c, k in cols})


def write_targets(rows: Sequence[TargetRow], out: str | Path, fmt: str = "csv") -> Path:
    """The `targets` table in any output format: `out/targets.csv|jsonl|parquet` or
    `out/targets.xlsx|sqlite`."""
    from .writers import SINGLE_FILE, Sink

    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"targets.{fmt}" if fmt in SINGLE_FILE else folder
    sink = Sink(dest, fmt, columns())
    try:
        sink.add("targets", [r.to_dict() for r in rows])
    except BaseException:
        sink.abort()
        raise
    sink.close()
    return dest


def format_rows(rows: Sequence[TargetRow]) -> str:
    """A plain text table for the terminal: one line per target."""
    lines = [f"{'target':>16} {'achieved':>16} {'ratio':>7}  {'unit':<14} {'period':<16} "
             "subject"]
    for r in rows:
        ach = "-" if r.achieved is None else f"{r.achieved:g}"
        ratio = "-" if r.ratio is None else f"{r.ratio:.3f}"
        lines.append(f"{r.target if r.target is not None else '-':>16} {ach:>16} {ratio:>7}  "
                     f"{(r.unit or '')[:14]:<14} {(r.period or '')[:16]:<16} "
                     f"{r.subject or ''}")
    return "\n".join(lines)


__all__ = ["TargetRow", "columns", "compare", "compare_folder", "format_rows",
           "linked_reports", "quoted_pairs", "subject_words", "to_frame", "write_targets"]
