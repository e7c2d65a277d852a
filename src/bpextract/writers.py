"""Table writers: CSV, JSONL and Parquet folders, one XLSX workbook, one SQLite database.

Rows arrive in batches (`Sink.add`), so a run over a national archive never holds all rows in
memory. Everything is written to temporary files next to the destination and moved into place
by `Sink.close()` (os.replace), so an interrupted run never leaves a half-written table;
`Sink.abort()` removes the temporaries.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from .errors import UsageError
from .tables import COLUMNS, TABLES

FORMATS = ("csv", "jsonl", "parquet", "xlsx", "sqlite")
_SQL = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER"}


class Sink:
    """Receives rows table by table; writes them whole or not at all."""

    def __init__(self, out: Path, fmt: str) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}' (choose one of: {', '.join(FORMATS)})")
        self.fmt = fmt
        self.out = out
        single = fmt in ("xlsx", "sqlite")
        parent = out.parent if single else out
        parent.mkdir(parents=True, exist_ok=True)
        self.tmp = Path(tempfile.mkdtemp(prefix=".bpextract-", dir=parent))
        self.counts = {t: 0 for t in TABLES}
        self._files: dict[str, IO[str]] = {}
        self._csv: dict[str, Any] = {}
        self._buf: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self._pq: dict[str, Any] = {}
        self._db: sqlite3.Connection | None = None
        self._wb: Any = None
        self._ws: dict[str, Any] = {}
        self._open()

    # -- setup ------------------------------------------------------------------------------
    def _open(self) -> None:
        if self.fmt in ("csv", "jsonl"):
            for t in TABLES:
                f = open(self.tmp / f"{t}.{self.fmt}", "w", encoding="utf-8", newline="")  # noqa: SIM115
                self._files[t] = f
                if self.fmt == "csv":
                    w = csv.DictWriter(f, fieldnames=[c for c, _ in COLUMNS[t]])
                    w.writeheader()
                    self._csv[t] = w
        elif self.fmt == "sqlite":
            self._db = sqlite3.connect(self.tmp / "out.sqlite")
            for t in TABLES:
                cols = ", ".join(f'"{c}" {_SQL[k]}' for c, k in COLUMNS[t])
                self._db.execute(f'CREATE TABLE "{t}" ({cols})')
        elif self.fmt == "xlsx":
            from openpyxl import Workbook

            self._wb = Workbook(write_only=True)
            for t in TABLES:
                ws = self._wb.create_sheet(t)
                ws.append([c for c, _ in COLUMNS[t]])
                self._ws[t] = ws

    # -- rows -------------------------------------------------------------------------------
    def add(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        self.counts[table] += len(rows)
        names = [c for c, _ in COLUMNS[table]]
        if self.fmt == "csv":
            self._csv[table].writerows(rows)
        elif self.fmt == "jsonl":
            f = self._files[table]
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        elif self.fmt == "sqlite" and self._db is not None:
            marks = ", ".join("?" for _ in names)
            self._db.executemany(f'INSERT INTO "{table}" VALUES ({marks})',
                                 [tuple(r.get(c) for c in names) for r in rows])
        elif self.fmt == "xlsx":
            for r in rows:
                self._ws[table].append([_xlsx_cell(r.get(c)) for c in names])
        elif self.fmt == "parquet":
            self._buf[table].extend(rows)
            if len(self._buf[table]) >= 50_000:
                self._flush_parquet(table)

    def _flush_parquet(self, table: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
                 "bool": pa.bool_()}
        schema = pa.schema([(c, types[k]) for c, k in COLUMNS[table]])
        rows = self._buf[table]
        arrays = [pa.array([_typed(r.get(c), k) for r in rows], type=types[k])
                  for c, k in COLUMNS[table]]
        batch = pa.Table.from_arrays(arrays, schema=schema)
        if table not in self._pq:
            self._pq[table] = pq.ParquetWriter(str(self.tmp / f"{table}.parquet"), schema)
        self._pq[table].write_table(batch)
        self._buf[table] = []

    # -- finish -----------------------------------------------------------------------------
    def close(self) -> list[Path]:
        """Finish every file and move it into place; returns the written paths."""
        written: list[Path] = []
        try:
            if self.fmt in ("csv", "jsonl"):
                for f in self._files.values():
                    f.close()
            elif self.fmt == "parquet":
                for t in TABLES:
                    self._flush_parquet(t)
                    self._pq[t].close()
            elif self.fmt == "sqlite" and self._db is not None:
                for t in TABLES:
                    if t != "errors":
                        self._db.execute(f'CREATE INDEX "ix_{t}_doc" ON "{t}" (doc_id)')
                self._db.commit()
                self._db.close()
            elif self.fmt == "xlsx":
                self._wb.save(self.tmp / "out.xlsx")
            if self.fmt in ("xlsx", "sqlite"):
                os.replace(self.tmp / f"out.{self.fmt}", self.out)
                written.append(self.out)
            else:
                for t in TABLES:
                    dest = self.out / f"{t}.{self.fmt}"
                    os.replace(self.tmp / f"{t}.{self.fmt}", dest)
                    written.append(dest)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)
        return written

    def abort(self) -> None:
        for f in self._files.values():
            f.close()
        if self._db is not None:
            self._db.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def _typed(v: Any, kind: str) -> Any:
    if v is None:
        return None
    if kind == "int":
        return int(v)
    if kind == "float":
        return float(v)
    if kind == "bool":
        return bool(v)
    return str(v)


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _xlsx_cell(v: Any) -> Any:
    """Excel refuses control characters and cells over 32,767 characters."""
    if isinstance(v, str):
        v = v.translate(_CONTROL)
        if len(v) > 32_000:
            return v[:32_000] + " …[truncated: Excel cell limit; use csv/jsonl/parquet/sqlite]"
    return v
