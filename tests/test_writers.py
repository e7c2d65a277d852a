"""Safe outputs (issue 10 item 6): formula-looking cells neutralised in CSV and XLSX only; the
format follows the -o suffix; outputs of another kind are usage errors, never tracebacks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from tests.conftest import CORPUS, SEEDS

from bpextract.cli import main
from bpextract.errors import UsageError
from bpextract.tables import COLUMNS, TABLES
from bpextract.writers import Sink, neutralise, resolve_output

RISKY = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\ry", "plain",
         "a=b"]
SAFE = ["'=HYPERLINK(\"http://x\",\"y\")", "'+1+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\ry",
        "plain", "a=b"]


def _rows() -> list[dict[str, Any]]:
    rows = []
    for i, title in enumerate(RISKY):
        row: dict[str, Any] = dict.fromkeys((c for c, _ in COLUMNS["sections"]), None)
        row.update(doc_id="d1", source="x.txt", id=i, level=1, title=title, start=i,
                   end=i + 1)
        rows.append(row)
    return rows


def _write(tmp_path: Path, fmt: str) -> Path:
    dest = tmp_path / (f"out.{fmt}" if fmt in ("xlsx", "sqlite") else "out")
    sink = Sink(dest, fmt)
    sink.add("sections", _rows())
    sink.close()
    return dest


def test_neutralise_follows_owasp() -> None:
    assert [neutralise(v) for v in RISKY] == SAFE
    assert neutralise(-5) == -5 and neutralise(None) is None and neutralise("") == ""


def test_csv_cells_are_neutralised(tmp_path: Path) -> None:
    out = _write(tmp_path, "csv")
    df = pd.read_csv(out / "sections.csv", dtype=str, keep_default_na=False)
    assert list(df["title"]) == SAFE


def test_xlsx_cells_are_text_not_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = _write(tmp_path, "xlsx")
    ws = load_workbook(out)["sections"]
    header = [c.value for c in ws[1]]
    col = header.index("title") + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, 2 + len(RISKY))]
    assert all(c.data_type == "s" for c in cells)
    assert [c.value for c in cells] == SAFE


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "sqlite"])
def test_raw_values_stay_in_typed_formats(tmp_path: Path, fmt: str) -> None:
    out = _write(tmp_path, fmt)
    if fmt == "jsonl":
        titles = [json.loads(ln)["title"]
                  for ln in (out / "sections.jsonl").read_text(encoding="utf-8").splitlines()]
    elif fmt == "parquet":
        titles = list(pd.read_parquet(out / "sections.parquet")["title"])
    else:
        with sqlite3.connect(out) as con:
            titles = [r[0] for r in con.execute("SELECT title FROM sections")]
    assert titles == RISKY


@pytest.mark.parametrize(("out", "fmt", "expected"), [
    ("t.xlsx", None, ("t.xlsx", "xlsx")),
    ("t.XLSX", "xlsx", ("t.XLSX", "xlsx")),
    ("t.sqlite", None, ("t.sqlite", "sqlite")),
    ("t.db", None, ("t.db", "sqlite")),
    ("t.parquet", None, ("t.parquet", "parquet")),
    ("t.jsonl", None, ("t.jsonl", "jsonl")),
    ("out", None, ("out", "csv")),
    ("out", "xlsx", ("out/bpextract.xlsx", "xlsx")),
    ("run.2024", "jsonl", ("run.2024", "jsonl")),
])
def test_format_follows_the_suffix(out: str, fmt: str | None,
                                   expected: tuple[str, str]) -> None:
    path, got = resolve_output(Path(out), fmt)
    assert (path.as_posix(), got) == expected


def test_suffix_contradicting_format_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="the name says sqlite but --format says xlsx"):
        resolve_output(Path("x.sqlite"), "xlsx")


def _cli(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    assert res.exception is None or isinstance(res.exception, SystemExit), res.exception
    return res.exit_code, res.output


def test_cli_infers_xlsx_from_the_suffix(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    code, output = _cli("extract", str(CORPUS / SEEDS["000"]), "-o", str(out))
    assert code == 0, output
    assert out.is_file() and out.read_bytes()[:2] == b"PK"
    assert pd.read_excel(out, sheet_name="documents")["number"][0] == "74/KH-BCĐ"


def test_outputs_of_another_kind_are_usage_errors(tmp_path: Path) -> None:
    seed = str(CORPUS / SEEDS["000"])
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine", encoding="utf-8")
    a_folder = tmp_path / "t.xlsx"
    a_folder.mkdir()
    foreign = tmp_path / "mine"
    (foreign / "chapters").mkdir(parents=True)
    (foreign / "thesis.docx").write_bytes(b"x")
    not_db = tmp_path / "x.sqlite"
    not_db.write_text("not a database", encoding="utf-8")
    other_db = tmp_path / "other.db"
    with sqlite3.connect(other_db) as con:
        con.execute("CREATE TABLE payroll (x)")
    cases = [
        (["-o", str(tmp_path / "x.sqlite"), "--format", "xlsx"], "the name says sqlite"),
        (["-o", str(a_file)], "exists and is not a folder"),
        (["-o", str(a_file / "sub")], "is a file, so"),
        (["-o", str(a_folder)], "is a folder; an xlsx output is one file"),
        (["-o", str(foreign)], "holds folders bpextract did not write ('chapters')"),
        (["-o", str(not_db)], "exists and is not an sqlite file"),
        (["-o", str(other_db)], "holds tables bpextract did not write (payroll)"),
    ]
    for args, words in cases:
        code, output = _cli("extract", seed, *args)
        assert code == 2, (args, output)
        assert words in output, (args, output)
        assert output.startswith("error: ") and output.count("\n") == 1
    assert a_file.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in foreign.iterdir()) == ["chapters", "thesis.docx"]
    with sqlite3.connect(other_db) as con:
        assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["payroll"]
    assert not list(tmp_path.glob(".bpextract-*"))


def test_own_previous_outputs_are_replaced(tmp_path: Path) -> None:
    for out in (tmp_path / "o.sqlite", tmp_path / "o.xlsx", tmp_path / "o"):
        for seed in ("000", "003"):
            code, output = _cli("extract", str(CORPUS / SEEDS[seed]), "-o", str(out))
            assert code == 0, output
        if out.suffix == ".sqlite":
            with sqlite3.connect(out) as con:
                tables = sorted(r[0] for r in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"))
                numbers = [r[0] for r in con.execute("SELECT number FROM documents")]
            assert tables == sorted(TABLES)
        elif out.suffix == ".xlsx":
            numbers = list(pd.read_excel(out, sheet_name="documents")["number"])
        else:
            numbers = list(pd.read_csv(out / "documents.csv")["number"])
        assert numbers == ["35/BC-UBND"], out


def test_parquet_packs_waiting_rows_without_changing_row_groups(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Waiting rows are packed into Arrow batches every PARQUET_CHUNK rows of a table (less
    memory than dicts); a row group is still written every PARQUET_BATCH rows of a table, or
    for every table once all tables together wait for 4 x PARQUET_BATCH, and the values read
    back are the rows given, nulls and types included."""
    import pyarrow.parquet as pq

    from bpextract import writers

    monkeypatch.setattr(writers, "PARQUET_CHUNK", 3)
    monkeypatch.setattr(writers, "PARQUET_BATCH", 7)
    sink = Sink(tmp_path / "out", "parquet")
    sections = []
    for i in range(17):
        row: dict[str, Any] = dict.fromkeys((c for c, _ in COLUMNS["sections"]), None)
        row.update(doc_id=f"d{i // 4}", source="x.txt", id=i, level=1 + i % 3,
                   title=f"Điều {i}." if i % 5 else None, start=10 * i, end=10 * i + 9)
        sections.append(row)
    for k in range(0, 17, 2):  # two rows at a time
        sink.add("sections", sections[k:k + 2])
        if k == 2:  # 4 rows wait: packed into one Arrow batch, none left as dicts
            assert [b.num_rows for b in sink._packed["sections"]] == [4]
            assert sink._buf["sections"] == [] and sink._waiting["sections"] == 4
    sink.close()
    f = pq.ParquetFile(tmp_path / "out" / "sections.parquet")
    sizes = [f.metadata.row_group(i).num_rows for i in range(f.metadata.num_row_groups)]
    assert sizes == [8, 8, 1]  # a group as soon as 7 wait: 2+2+2+2, 2+2+2+2, then the last 1
    back = pd.read_parquet(tmp_path / "out" / "sections.parquet")
    assert list(back["id"]) == list(range(17))
    assert str(back["id"].dtype) == "Int64"
    assert list(back["title"].fillna("-")) == [
        r["title"] if r["title"] is not None else "-" for r in sections]
    assert list(back["level"]) == [1 + i % 3 for i in range(17)]
    empty = pd.read_parquet(tmp_path / "out" / "footnotes.parquet")
    assert len(empty) == 0 and list(empty.columns) == [c for c, _ in COLUMNS["footnotes"]]
