"""Tables a researcher can aggregate: typed Parquet, keyed SQLite, a usable XLSX; the review,
link and check --html commands end to end."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from openpyxl import load_workbook
from tests.conftest import CORPUS, SEEDS

from bpextract.cli import main


def _folder(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    for key in ("003", "004"):
        shutil.copy(CORPUS / SEEDS[key], src / SEEDS[key])
    return src


def test_parquet_keeps_nullable_integers(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["extract", str(_folder(tmp_path)), "-o",
                                    str(tmp_path / "pq"), "--format", "parquet"])
    assert res.exit_code == 0, res.output
    refs = pd.read_parquet(tmp_path / "pq" / "references.parquet")
    assert str(refs["year"].dtype) == "Int64"  # gaps stay NA, numbers stay integers
    assert refs["year"].isna().any() and (refs["year"].dropna() > 1900).all()
    assert str(refs["number"].dtype) == "string"


def test_sqlite_has_keys_and_join_indexes(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["extract", str(_folder(tmp_path)), "-o",
                                    str(tmp_path / "t.sqlite")])
    assert res.exit_code == 0, res.output
    db = sqlite3.connect(tmp_path / "t.sqlite")
    pk = [r[1] for r in db.execute('PRAGMA table_info("documents")') if r[5]]
    assert pk == ["doc_id"]
    fks = db.execute('PRAGMA foreign_key_list("references")').fetchall()
    assert [(f[2], f[3], f[4]) for f in fks] == [("documents", "doc_id", "doc_id")]
    idx = {r[1] for r in db.execute('PRAGMA index_list("indicators")')}
    assert {"ix_indicators_doc", "ix_indicators_section", "ix_indicators_footnote"} <= idx
    # every row joins to its document
    orphans = db.execute('SELECT count(*) FROM "dates" d LEFT JOIN documents USING (doc_id) '
                         "WHERE documents.doc_id IS NULL").fetchone()[0]
    assert orphans == 0


def test_xlsx_header_is_frozen_filtered_and_wide(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["extract", str(_folder(tmp_path)), "-o",
                                    str(tmp_path / "t.xlsx")])
    assert res.exit_code == 0, res.output
    wb = load_workbook(tmp_path / "t.xlsx")
    ws = wb["references"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref is not None and ws.auto_filter.ref.startswith("A1:")
    header = [c.value for c in ws[1]]
    text_col = header.index("text") + 1
    from openpyxl.utils import get_column_letter

    assert ws.column_dimensions[get_column_letter(text_col)].width == 50


def test_review_link_and_check_html_commands(tmp_path: Path) -> None:
    src = _folder(tmp_path)
    res = CliRunner().invoke(main, ["review", str(src), "-o", str(tmp_path / "rv")])
    assert res.exit_code == 0, res.output
    assert "2 page(s), 0 error(s)" in res.output
    index = (tmp_path / "rv" / "index.html").read_text(encoding="utf-8")
    assert "35/BC-UBND" in index
    res = CliRunner().invoke(main, ["link", str(src), "-o", str(tmp_path / "lk")])
    assert res.exit_code == 0, res.output
    edges = pd.read_csv(tmp_path / "lk" / "edges.csv")
    nodes = pd.read_csv(tmp_path / "lk" / "nodes.csv")
    assert set(edges["kind"]) >= {"cites", "reports_on"}
    assert nodes["in_folder"].sum() == 2
    assert (tmp_path / "lk" / "graph.graphml").stat().st_size > 1000
    res = CliRunner().invoke(main, ["check", str(CORPUS), "--html", str(tmp_path / "ck")])
    assert res.exit_code == 0, res.output
    pages = sorted(p.name for p in (tmp_path / "ck").glob("*.html"))
    n_gold = len(list((CORPUS / "gold").glob("*.json")))  # one page per annotated document
    assert n_gold >= 20 and len(pages) == n_gold + 1 and "index.html" in pages
