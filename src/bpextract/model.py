"""The document model: frozen records with a stable `to_dict()` (the JSON contract, DESIGN §3).

Every record found in text carries provenance: `start`/`end` offsets into `Document.text` (or into
its footnote's `text` when `footnote` is set), the `section` id it sits in, and the `page`.
Field order here is the column order of the tables.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .textmap import TextMap


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.metadata.get("export", True)
        }
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Record:
    """Base of all records; `to_dict()` gives the contract form."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = _plain(self)
        return out


@dataclass(frozen=True)
class Signer(Record):
    name: str | None = None
    position: str | None = None
    authority: str | None = None


@dataclass(frozen=True)
class Header(Record):
    issuer: str | None = None
    issuer_code: str | None = None  # the organ in rules/organs.yaml (`UBND`, `TTg`)
    issuer_name: str | None = None  # its canonical name (`Ủy ban nhân dân`)
    parent_issuer: str | None = None
    number: str | None = None
    number_raw: str | None = None
    doc_type: str | None = None
    place: str | None = None
    issue_date: str | None = None
    title: str | None = None
    signer: Signer = field(default_factory=Signer)
    recipients: tuple[str, ...] = ()
    is_template: bool = False
    # field name -> [start, end] in Document.text, for provenance of each header value
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)
    # field name -> where a value not read from the text came from (`site`: the web page's own
    # attribute block, Document.site_metadata); such a field has no span
    sources: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Part(Record):
    """Part 0 is the main document; later parts are what is attached after the signature."""

    id: int
    kind: str  # main | attachment | appendix | template
    title: str | None
    start: int
    end: int
    page: int | None = None


@dataclass(frozen=True)
class Section(Record):
    id: int
    parent: int | None
    level: int
    label: str
    style: str
    title: str | None
    path: str
    start: int
    end: int
    part: int = 0
    page: int | None = None


@dataclass(frozen=True)
class Footnote(Record):
    """`marker_start` is an offset in Document.text (None when the body has no marker)."""

    id: str
    marker_start: int | None
    section: int | None
    text: str
    page: int | None = None
    marker: str | None = None
    marker_end: int | None = None


@dataclass(frozen=True)
class Located(Record):
    """Provenance shared by every record found in text: `text == base[start:end]`, where base is
    `Document.text`, or the footnote's text when `footnote` is set."""

    text: str
    start: int
    end: int
    section: int | None = None
    footnote: str | None = None
    page: int | None = None


@dataclass(frozen=True)
class Reference(Located):
    type: str | None = None
    number: str | None = None
    number_raw: str | None = None
    year: int | None = None
    date: str | None = None
    issuer: str | None = None
    subject: str | None = None
    relation: str | None = None
    short_form: bool = False
    refers_to: str | None = None
    rule: str | None = None
    issuer_code: str | None = None  # canonical organ of the issuer (or of the number's code)
    issuer_name: str | None = None
    date_start: dt.date | None = None  # first and last day of `date` (or of `year`)
    date_end: dt.date | None = None


@dataclass(frozen=True)
class DateRecord(Located):
    value: str | None = None
    end_value: str | None = None
    kind: str = "date"  # date | range | recurring | placeholder
    role: str = "other"  # issue | deadline | reference | period | other
    rule: str | None = None
    precision: str | None = None  # day | month | quarter | year | range | recurring | placeholder
    date_start: dt.date | None = None  # first day covered (a year: Jan 1)
    date_end: dt.date | None = None  # last day covered (a year: Dec 31; a range: its end)


@dataclass(frozen=True)
class Indicator(Located):
    value: float | int | None = None
    unit: str | None = None
    quantity: str | None = None  # count|money|percent|length|area|duration|rate|fraction|...
    qualifier: str = "="
    group: int | None = None
    subject: str | None = None
    rule: str | None = None
    value_text: str | None = None  # the figure as written (`14.209`, `3.60`, `hàng trăm triệu`)
    per: str | None = None  # rate denominator (`năm` in `2 vụ/năm`, `tháng/em`)
    share_of: str | None = None  # what a percentage is a share of (`xã` in `100% xã`)
    total: float | int | None = None  # fraction denominator (`171/171 bản`)
    end_value: float | int | None = None  # upper end of a range (`65-70 USD/thùng`)
    vague: str | None = None  # vague amount word (`hàng trăm`); value is None then
    role: str | None = None  # total | part (`648 tin (329 tin ..., 319 tin ...)`)
    part_of: int | None = None  # for a part: start offset of its total in the same text
    currency: str | None = None  # money only: ISO 4217 code; `value` is in that currency's unit
    # what the figure means (wave 2, issue 14): target | achieved | estimate | baseline | unknown
    status: str = "unknown"
    # the time the figure refers to, ISO 8601 at the precision written (`2023`, `2025-01`); a
    # span as an ISO interval (`2021/2025`, `2024-01/2024-06`); `period_text` as written
    period: str | None = None
    period_text: str | None = None
    # a comparison (`tăng 8,4% so với cùng kỳ`, `bằng 95% kế hoạch`): its kind from
    # rules/indicators.yaml (same_period | previous_year | plan | target | ...), the direction
    # written (increase | decrease | None) and the start offset of the figure compared, if any
    comparison: str | None = None
    change: str | None = None
    compared_to: int | None = None
    # an indicator read from a table cell: the table's id and the cell's row and column
    table: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass(frozen=True)
class Cell(Record):
    """One table cell; offsets into Document.text (or the footnote's text), like Located."""

    row: int
    col: int
    text: str
    start: int
    end: int
    page: int | None = None
    header: bool = False  # part of the table's header rows
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Table(Located):
    """A table as the reader saw it (DOCX/HTML table, ruled PDF table, pipe/tab rows, or
    one-cell-per-line runs); `text` spans the whole table."""

    id: int = 0
    kind: str = "other"  # indicator | task | other
    form: str = "text"  # docx | html | pdf | pipe | tab | cell-lines | text
    rows: int = 0
    cols: int = 0
    header_rows: int = 0
    cells: tuple[Cell, ...] = ()


@dataclass(frozen=True)
class Task(Located):
    """One row of a plan's task table: `text` is the task cell."""

    table: int | None = None
    row: int | None = None
    lead: str | None = None  # Cơ quan chủ trì
    partners: tuple[str, ...] = ()  # Cơ quan phối hợp
    output: str | None = None  # Sản phẩm
    deadline: str | None = None  # ISO at the precision written, like DateRecord.value
    deadline_end: str | None = None
    deadline_kind: str | None = None  # date | range | recurring
    deadline_text: str | None = None
    label: str | None = None  # the row's number cell as written (`1`, `-`, `3.2`)
    group: str | None = None  # the innermost group heading row above it (`I | Hoàn thiện ...`)


@dataclass(frozen=True)
class Involved(Record):
    """Provenance of one record a consistency finding rests on."""

    table: str
    text: str
    start: int
    end: int
    section: int | None
    footnote: str | None
    page: int | None


@dataclass(frozen=True)
class Finding(Record):
    """A place where a document contradicts itself (bpextract.checks)."""

    doc_id: str
    check: str
    message: str
    records: tuple[Involved, ...]


@dataclass(frozen=True)
class Document(Record):
    doc_id: str
    source: str
    format: str
    pages: int | None
    text: str
    header: Header = field(default_factory=Header)
    sections: tuple[Section, ...] = ()
    parts: tuple[Part, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    references: tuple[Reference, ...] = ()
    dates: tuple[DateRecord, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    tables: tuple[Table, ...] = ()
    tasks: tuple[Task, ...] = ()
    warnings: tuple[str, ...] = ()
    checks: tuple[Finding, ...] = ()
    # a saved web page's own attribute block (label -> value, as the site wrote it)
    site_metadata: dict[str, str] = field(default_factory=dict)
    textmap: TextMap | None = field(default=None, repr=False, compare=False,
                                    metadata={"export": False})

    def section_by_id(self, section_id: int | None) -> Section | None:
        for s in self.sections:
            if s.id == section_id:
                return s
        return None

    def footnote_by_id(self, footnote_id: str | None) -> Footnote | None:
        for f in self.footnotes:
            if f.id == footnote_id:
                return f
        return None
