"""Table writers: CSV, JSONL and Parquet folders, one XLSX workbook, one SQLite database.

Rows arrive in batches (`Sink.add`), so a run over a national archive never holds all rows in
memory. A Sink writes into a run's work folder; `workdir.WorkDir.commit` then moves the
finished output into place in one step, so nobody ever sees a half-written or mixed output.

CSV and XLSX cells that a spreadsheet would read as a formula (text starting with `=`, `+`,
`-`, `@`, a tab or a carriage return) get a leading `'` (OWASP "CSV injection" guidance);
JSONL, Parquet and SQLite keep the raw values.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from .errors import UsageError
from .extras import require
from .tables import COLUMNS, TABLES
from .walk import escape_surrogates

FORMATS = ("csv", "jsonl", "parquet", "xlsx", "sqlite")
_SQL = {"str": "TEXT", "int": "INTEGER", "float": "REAL", "bool": "INTEGER", "date": "TEXT"}


SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet", ".xlsx": "xlsx",
            ".sqlite": "sqlite", ".sqlite3": "sqlite", ".db": "sqlite"}
SINGLE_FILE = ("xlsx", "sqlite")
_MAGIC = {"xlsx": b"PK\x03\x04", "sqlite": b"SQLite format 3\x00"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def resolve_output(out: Path, fmt: str | None) -> tuple[Path, str]:
    """(output path, format) from `-o` and `--format`: the format is inferred from the suffix
    of `out` when not given; a suffix that says another format is a UsageError. An XLSX or
    SQLite output without a suffix goes into that folder as `bpextract.<fmt>`."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}' (choose one of: {', '.join(FORMATS)})")
    implied = SUFFIXES.get(out.suffix.lower())
    if fmt is not None and implied is not None and implied != fmt:
        raise UsageError(f"{out}: the name says {implied} but --format says {fmt}; drop "
                         f"--format or name the output for {fmt}")
    fmt = fmt or implied or "csv"
    if out.name in ("", ".", ".."):  # `-o .`: name the folder, so it has a parent to swap in
        out = Path(os.path.abspath(out))
    if fmt in SINGLE_FILE and out.suffix == "":
        out = out / f"bpextract.{fmt}"
    if out.is_symlink():
        out = Path(os.path.realpath(out))
    return out, fmt


def table_file(name: str) -> bool:
    """A table of a folder output (any folder format): replaced by the next run."""
    stem, _, ext = name.rpartition(".")
    return stem in TABLES and ext in ("csv", "jsonl", "parquet")


def check_output(out: Path, fmt: str) -> None:
    """UsageError if `out` exists as something a run must not replace: a file where the tables
    folder goes, a folder where the workbook goes, a folder holding files bpextract did not
    write, a file of another kind, a database or workbook with tables of its own."""
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"{parent} is a file, so {out} cannot be created inside it")
            break
    if not os.path.lexists(out):
        return
    if fmt not in SINGLE_FILE:
        if not out.is_dir():
            raise UsageError(f"{out} exists and is not a folder; {fmt} tables are written as "
                             "a folder of files: choose another output name")
        folders = sorted(n for n in os.listdir(out)
                         if not table_file(n) and (out / n).is_dir() and not (out / n).is_symlink())
        busy = [n for n in folders if n.startswith(".bpextract-tmp-") and _locked(out / n)]
        if busy:
            raise UsageError(f"{out}: another bpextract run is writing inside it ({busy[0]}); "
                             "wait for it to finish or choose another output folder")
        mine = [n for n in folders if not n.startswith(".bpextract-tmp-")]
        if mine:
            shown = ", ".join(f"'{escape_surrogates(n)}'" for n in mine[:3])
            raise UsageError(f"{out} holds folders bpextract did not write ({shown}"
                             f"{', ...' if len(mine) > 3 else ''}); a run replaces the folder "
                             "in one step and keeps only files: choose a new or empty folder")
        return
    if out.is_dir():
        raise UsageError(f"{out} is a folder; an {fmt} output is one file: choose a file name "
                         f"such as {out / ('bpextract.' + fmt)}")
    if not out.is_file():
        raise UsageError(f"{out} exists and is not a regular file; choose another output name")
    with open(out, "rb") as f:
        head = f.read(16)
    if head and not head.startswith(_MAGIC[fmt]):
        raise UsageError(f"{out} exists and is not an {fmt} file; bpextract will not "
                         "overwrite it: choose another output name or remove it")
    if head:
        own = _own_tables(out, fmt)
        if own:
            raise UsageError(f"{out} holds tables bpextract did not write ({', '.join(own[:3])})"
                             "; it would be replaced whole: choose another output name")


def _locked(folder: Path) -> bool:
    """True if a live run holds the lock of this work folder."""
    import fcntl

    try:
        fd = os.open(folder / "lock", os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def _own_tables(out: Path, fmt: str) -> list[str]:
    """Names of tables or sheets in an existing output that are not bpextract's."""
    names: list[str] = []
    try:
        if fmt == "sqlite":
            con = sqlite3.connect(f"file:{out}?mode=ro", uri=True)
            try:
                names = [r[0] for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'")]
            finally:
                con.close()
        else:
            import re
            import zipfile

            with zipfile.ZipFile(out) as zf:
                xml = zf.read("xl/workbook.xml")[:1_000_000].decode("utf-8", "replace")
            names = re.findall(r'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"', xml)
    except (sqlite3.Error, OSError, KeyError, ValueError, RuntimeError) as exc:
        raise UsageError(f"{out} exists and cannot be read as {fmt} ({exc}); bpextract will "
                         "not overwrite it: choose another output name or remove it") from exc
    return [n for n in names if n not in TABLES]


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# Parquet rows are written as a row group once a table has this many waiting (or all tables
# together four times as many), so memory stays bounded whatever the number of documents.
# Waiting rows are packed into Arrow record batches every PARQUET_CHUNK rows of a table: a row
# as a Python dict costs about three times its Arrow form (1.8 against 0.6 KB for a reference).
PARQUET_BATCH = 5_000
PARQUET_CHUNK = 500


class Sink:
    """Receives rows table by table and writes them to `dest`: a new folder (csv, jsonl,
    parquet) or a new file (xlsx, sqlite) inside a run's work folder."""

    def __init__(self, dest: Path, fmt: str,
                 columns: Mapping[str, list[tuple[str, str]]] | None = None) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown format '{fmt}' (choose one of: {', '.join(FORMATS)})")
        self.fmt = fmt
        self.dest = dest
        # the tables and their (column, kind) lists: the extraction tables unless given
        self.columns: Mapping[str, list[tuple[str, str]]] = columns or COLUMNS
        self.tables: tuple[str, ...] = tuple(self.columns) if columns else TABLES
        if fmt == "parquet":  # say what to install before any parsing, not at the first flush
            require("pyarrow", "parquet", "Parquet output")
        if fmt not in SINGLE_FILE:
            dest.mkdir(parents=True, exist_ok=True)
        self.counts = {t: 0 for t in self.tables}
        self._files: dict[str, IO[str]] = {}
        self._csv: dict[str, Any] = {}
        self._buf: dict[str, list[dict[str, Any]]] = {t: [] for t in self.tables}
        self._packed: dict[str, list[Any]] = {t: [] for t in self.tables}  # Arrow batches
        self._waiting = {t: 0 for t in self.tables}  # rows in _buf and _packed, per table
        self._pq: dict[str, Any] = {}
        self._schemas: dict[str, Any] = {}
        self._buffered = 0  # rows waiting (in _buf and _packed), all tables
        self._db: sqlite3.Connection | None = None
        self._wb: Any = None
        self._ws: dict[str, Any] = {}
        self._open()

    # -- setup ------------------------------------------------------------------------------
    def _open(self) -> None:
        if self.fmt in ("csv", "jsonl"):
            for t in self.tables:
                f = open(self.dest / f"{t}.{self.fmt}", "w", encoding="utf-8", newline="")  # noqa: SIM115
                self._files[t] = f
                if self.fmt == "csv":
                    w = csv.DictWriter(f, fieldnames=[c for c, _ in self.columns[t]])
                    w.writeheader()
                    self._csv[t] = w
        elif self.fmt == "sqlite":
            # one explicit transaction for the whole database, committed by close()
            self._db = sqlite3.connect(self.dest, isolation_level=None)
            self._db.execute("BEGIN")
            for t in self.tables:
                self._db.execute(_create_table(t, self.columns[t], self.tables))
        elif self.fmt == "xlsx":
            from openpyxl import Workbook

            self._wb = Workbook(write_only=True)
            from openpyxl.utils import get_column_letter

            for t in self.tables:
                ws = self._wb.create_sheet(t)
                ws.freeze_panes = "A2"  # the header stays in view
                for i, (c, k) in enumerate(self.columns[t], start=1):
                    ws.column_dimensions[get_column_letter(i)].width = _xlsx_width(c, k)
                ws.append([c for c, _ in self.columns[t]])
                self._ws[t] = ws

    # -- rows -------------------------------------------------------------------------------
    def add(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        if not rows:
            return
        self.counts[table] += len(rows)
        names = [c for c, _ in self.columns[table]]
        if self.fmt == "csv":
            self._csv[table].writerows({k: neutralise(v) for k, v in r.items()} for r in rows)
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
                self._ws[table].append([neutralise(_xlsx_cell(r.get(c))) for c in names])
        elif self.fmt == "parquet":
            self._buf[table].extend(rows)
            self._buffered += len(rows)
            self._waiting[table] += len(rows)
            if self._waiting[table] >= PARQUET_BATCH:
                self._flush_parquet(table)
            elif self._buffered >= 4 * PARQUET_BATCH:  # many tables half full: all out
                for t in self.tables:
                    self._flush_parquet(t)
            elif len(self._buf[table]) >= PARQUET_CHUNK:
                self._pack(table)

    def _pack(self, table: str) -> None:
        """The table's waiting dict rows as one Arrow record batch (same values, less memory)."""
        pa = require("pyarrow", "parquet", "Parquet output")

        types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(),
                 "bool": pa.bool_(), "date": pa.date32()}
        rows = self._buf[table]
        if table not in self._schemas:
            self._schemas[table] = _parquet_schema(self.columns[table])
        arrays = [pa.array([_typed(r.get(c), k) for r in rows], type=types[k])
                  for c, k in self.columns[table]]
        self._packed[table].append(pa.RecordBatch.from_arrays(arrays,
                                                              schema=self._schemas[table]))
        self._buf[table] = []

    def _flush_parquet(self, table: str) -> None:
        """Write the table's waiting rows as one row group (the first call opens the file)."""
        pa = require("pyarrow", "parquet", "Parquet output")
        pq = require("pyarrow.parquet", "parquet", "Parquet output")

        if not self._waiting[table] and table in self._pq:
            return
        if self._buf[table] or not self._packed[table]:
            self._pack(table)
        schema = self._schemas[table]
        batch = pa.Table.from_batches(self._packed[table], schema=schema)
        if table not in self._pq:
            self._pq[table] = pq.ParquetWriter(str(self.dest / f"{table}.parquet"), schema)
        self._pq[table].write_table(batch)
        self._buffered -= self._waiting[table]
        self._waiting[table] = 0
        self._packed[table] = []

    # -- finish -----------------------------------------------------------------------------
    def close(self) -> None:
        """Finish every file (the caller moves `dest` into place)."""
        if self.fmt in ("csv", "jsonl"):
            for f in self._files.values():
                f.close()
        elif self.fmt == "parquet":
            for t in self.tables:
                self._flush_parquet(t)
                self._pq[t].close()
        elif self.fmt == "sqlite" and self._db is not None:
            for t in self.tables:
                for stmt in _indexes(t, [c for c, _ in self.columns[t]]):
                    self._db.execute(stmt)
            self._db.execute("COMMIT")
            self._db.close()
        elif self.fmt == "xlsx":
            from openpyxl.utils import get_column_letter

            for t, ws in self._ws.items():
                last = get_column_letter(len(self.columns[t]))
                ws.auto_filter.ref = f"A1:{last}{self.counts[t] + 1}"
            self._wb.save(self.dest)

    def abort(self) -> None:
        for f in self._files.values():
            f.close()
        for w in self._pq.values():
            w.close()
        if self._db is not None:
            self._db.close()


_PANDAS = {"str": "string", "int": "Int64", "float": "Float64", "bool": "boolean",
           "date": "datetime64[ns]"}


def _parquet_schema(cols: Sequence[tuple[str, str]]) -> Any:
    """Arrow schema with pandas metadata: `pd.read_parquet` gives back nullable Int64, Float64,
    boolean and string columns (not float64 for an integer column with gaps)."""
    import pandas as pd

    pa = require("pyarrow", "parquet", "Parquet output")
    empty = pd.DataFrame({c: pd.Series([], dtype=_PANDAS[k]) for c, k in cols})
    schema = pa.Schema.from_pandas(empty, preserve_index=False)
    for i, (c, k) in enumerate(cols):
        if k == "date":  # a calendar day, not an instant
            schema = schema.set(i, pa.field(c, pa.date32()))
    return schema


def _create_table(table: str, cols: Sequence[tuple[str, str]], tables: Sequence[str]) -> str:
    """CREATE TABLE with the keys sqlite-utils and Datasette read: `documents.doc_id` is the
    primary key, and every other table's `doc_id` a foreign key to it."""
    defs = [f'"{c}" {_SQL[k]}' + (" PRIMARY KEY" if table == "documents" and c == "doc_id"
                                  else "") for c, k in cols]
    names = [c for c, _ in cols]
    if table not in ("documents", "errors") and "doc_id" in names and "documents" in tables:
        defs.append('FOREIGN KEY ("doc_id") REFERENCES "documents" ("doc_id")')
    return f'CREATE TABLE "{table}" ({", ".join(defs)})'


def _indexes(table: str, names: Sequence[str]) -> list[str]:
    """Indexes on the join keys: doc_id, and doc_id with section / footnote where present."""
    if table == "documents" or "doc_id" not in names:
        return []
    out = [f'CREATE INDEX "ix_{table}_doc" ON "{table}" ("doc_id")']
    for key in ("section", "footnote"):
        if key in names:
            out.append(f'CREATE INDEX "ix_{table}_{key}" ON "{table}" ("doc_id", "{key}")')
    return out


def _xlsx_width(name: str, kind: str) -> float:
    """A readable column width: wide for text columns, narrow for numbers and flags."""
    if kind != "str" or name in ("doc_id", "source"):
        return max(len(name) + 2, 10 if kind != "str" else 18)
    wide = ("text", "title", "subject", "message", "warnings", "path", "issuer", "recipients")
    return 50 if name in wide else max(len(name) + 2, 16)


def _typed(v: Any, kind: str) -> Any:
    if v is None:
        return None
    if kind == "int":
        return int(v)
    if kind == "float":
        return float(v)
    if kind == "bool":
        return bool(v)
    if kind == "date":
        return dt.date.fromisoformat(v) if isinstance(v, str) else v
    return str(v)


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _xlsx_cell(v: Any) -> Any:
    """Excel refuses control characters and cells over 32,767 characters."""
    if isinstance(v, str):
        v = v.translate(_CONTROL)
        if len(v) > 32_000:
            return v[:32_000] + " …[truncated: Excel cell limit; use csv/jsonl/parquet/sqlite]"
    return v
