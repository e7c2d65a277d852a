"""Flatten Documents into table rows (DESIGN §4): one row per record, `doc_id` and `source`
first, then the record's fields in contract order. Column kinds come from the dataclass types,
so an empty table still has its columns and typed writers (Parquet, SQLite) get a schema.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Iterable
from typing import Any

from .api import ErrorRecord
from .checks import CHECK_COLUMNS, finding_rows
from .model import (
    Cell,
    DateRecord,
    Document,
    Footnote,
    Header,
    Indicator,
    Reference,
    Section,
    Signer,
    Table,
    Task,
)
from .walk import escape_surrogates

# `tables` has one row per table (its cells left out), `cells` one row per cell with the `table`
# id it belongs to: a table's cells are a list that no flat row can hold, and a cell table joins
# back to both its table and the indicators read from it (`table`, `row`, `col`).
TABLES = ("documents", "sections", "footnotes", "references", "dates", "indicators", "tables",
          "cells", "tasks", "checks", "errors")
_RECORDS: dict[str, type] = {
    "sections": Section, "footnotes": Footnote, "references": Reference,
    "dates": DateRecord, "indicators": Indicator, "tasks": Task,
}
LIST_SEP = "; "


def _kind(tp: Any) -> str:
    """'str' | 'int' | 'float' | 'bool' for a field type (lists/dicts are stored as text)."""
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        kinds = {_kind(a) for a in args}
        if kinds == {"int"}:
            return "int"
        if kinds == {"date"}:
            return "date"
        if kinds <= {"int", "float"}:
            return "float"
        return "bool" if kinds == {"bool"} else "str"
    if tp is dt.date:
        return "date"
    if tp is bool:
        return "bool"
    if tp is int:
        return "int"
    if tp is float:
        return "float"
    return "str"


def _fields(cls: type) -> list[tuple[str, str]]:
    hints = typing.get_type_hints(cls)
    return [(f.name, _kind(hints[f.name])) for f in dataclasses.fields(cls)
            if f.metadata.get("export", True)]


def _document_columns() -> list[tuple[str, str]]:
    cols = [("doc_id", "str"), ("source", "str"), ("format", "str"), ("pages", "int"),
            ("chars", "int")]
    for name, kind in _fields(Header):
        if name == "signer":
            cols += [(f"signer_{n}", k) for n, k in _fields(Signer)]
        elif name != "spans":
            cols.append((name, kind))
    cols += [("n_sections", "int"), ("n_footnotes", "int"), ("n_references", "int"),
             ("n_dates", "int"), ("n_indicators", "int"), ("warnings", "str")]
    return cols


def _columns() -> dict[str, list[tuple[str, str]]]:
    cols = {"documents": _document_columns()}
    for table, cls in _RECORDS.items():
        cols[table] = [("doc_id", "str"), ("source", "str"),
                       *[(n, k) for n, k in _fields(cls) if n not in ("doc_id", "source")]]
    cols["tables"] = [("doc_id", "str"), ("source", "str"),
                      *[(n, k) for n, k in _fields(Table) if n != "cells"]]
    cols["cells"] = [("doc_id", "str"), ("source", "str"), ("table", "int"), *_fields(Cell)]
    cols["checks"] = list(CHECK_COLUMNS)
    cols["errors"] = _fields(ErrorRecord)
    return cols


COLUMNS: dict[str, list[tuple[str, str]]] = _columns()


def _cell(value: Any) -> Any:
    """A table cell: lists joined, dicts as JSON, text safe to encode as UTF-8 (a file name's
    undecodable bytes as `\\xNN`, any other lone surrogate as U+FFFD) for every writer. An
    empty list is NA (None), not an empty string; a date is its ISO text."""
    if isinstance(value, (list, tuple)):
        if not value:
            return None
        value = LIST_SEP.join(str(v) for v in value)
    elif isinstance(value, dt.date):
        return value.isoformat()
    elif isinstance(value, dict):
        if not value:
            return None
        value = json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return escape_surrogates(value)
    return value


def document_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """All rows of one document, by table (no `errors` rows)."""
    h = doc.header
    head: dict[str, Any] = {
        "doc_id": doc.doc_id, "source": _cell(doc.source), "format": doc.format,
        "pages": doc.pages,
        "chars": len(doc.text),
    }
    for name, _ in _fields(Header):
        if name == "signer":
            for n, _k in _fields(Signer):
                head[f"signer_{n}"] = _cell(getattr(h.signer, n))
        elif name != "spans":
            head[name] = _cell(getattr(h, name))
    head.update(n_sections=len(doc.sections), n_footnotes=len(doc.footnotes),
                n_references=len(doc.references), n_dates=len(doc.dates),
                n_indicators=len(doc.indicators),
                warnings=_cell(" | ".join(doc.warnings)) if doc.warnings else None)
    out: dict[str, list[dict[str, Any]]] = {"documents": [head]}
    for table in _RECORDS:
        rows = []
        for rec in getattr(doc, table):
            row = {"doc_id": doc.doc_id, "source": _cell(doc.source)}
            row.update({n: _cell(getattr(rec, n)) for n, _ in COLUMNS[table][2:]})
            rows.append(row)
        out[table] = rows
    out["tables"] = [{"doc_id": doc.doc_id, "source": _cell(doc.source),
                      **{n: _cell(getattr(t, n)) for n, _ in COLUMNS["tables"][2:]}}
                     for t in doc.tables]
    out["cells"] = [{"doc_id": doc.doc_id, "source": _cell(doc.source), "table": t.id,
                     **{n: _cell(getattr(c, n)) for n, _ in COLUMNS["cells"][3:]}}
                    for t in doc.tables for c in t.cells]
    out["checks"] = [{k: _cell(v) for k, v in r.items()}
                     for r in finding_rows(doc.checks, {doc.doc_id: doc.source})]
    return out


def error_rows(err: ErrorRecord) -> dict[str, list[dict[str, Any]]]:
    return {"errors": [{n: _cell(getattr(err, n)) for n, _ in COLUMNS["errors"]}]}


def rows_of(items: Iterable[Document | ErrorRecord]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for item in items:
        rows = document_rows(item) if isinstance(item, Document) else error_rows(item)
        for t, r in rows.items():
            out[t].extend(r)
    return out
