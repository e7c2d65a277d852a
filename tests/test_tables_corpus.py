"""corpus/tables (issue 15 item 5): independent Word and PDF documents with report tables and a
hand gold of their tables. The gold must fit the text the readers give (every annotated stretch
found at its occurrence), as test_gold checks for corpus/gold; the scores themselves are reported
by `bpextract check corpus/tables` and pinned per set in corpus/floors.json (test_floor)."""

from __future__ import annotations

import shutil

import pytest

import bpextract
from bpextract.quality import gold_problems, load_gold
from conftest import CORPUS

TABLES_DIR = CORPUS / "tables"

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice not installed (apt: libreoffice-writer-nogui)")

# gold file -> (tables, table indicators, tasks) annotated by hand
EXPECTED = {
    "040_qlvb_de-cuong-du-toan-qlvb-syt-sct-phutho-2012": (50, 42, 6),
    "041_qlvb_hs-khao-sat-qlvbdh-phutho-2012": (3, 4, 0),
    "042_qlvb_nhat-ky-thi-cong-qlvbdh-2012": (2, 0, 11),
    "043_stc-daknong_bc-99-stc-cchc-2019": (1, 2, 0),
    "044_tnmt-qn_qd-911-2018-qd-ttg_tvpl": (7, 97, 0),
}
# the PDF documents (read without LibreOffice); the others are Word 97 .doc
PDFS = {"043_stc-daknong_bc-99-stc-cchc-2019", "044_tnmt-qn_qd-911-2018-qd-ttg_tvpl"}


def test_every_document_has_its_gold() -> None:
    docs = sorted(p.stem for ext in ("*.doc", "*.pdf") for p in TABLES_DIR.glob(ext))
    golds = sorted(p.stem for p in (TABLES_DIR / "gold").glob("*.json"))
    assert docs == golds == sorted(EXPECTED)


@needs_soffice
@pytest.mark.parametrize("name", sorted(set(EXPECTED) - PDFS))
def test_tables_gold_fits_its_document(name: str) -> None:
    gold = load_gold(TABLES_DIR / "gold" / f"{name}.json")
    assert gold.document == f"{name}.doc"
    doc = bpextract.parse(TABLES_DIR / f"{name}.doc")
    assert gold_problems(gold, doc) == []
    counts = tuple(len(gold.tables.get(k, ())) for k in ("tables", "table_indicators", "tasks"))
    assert counts == EXPECTED[name]
    # the money tables are annotated cell by cell: each value is the cell's figure in đồng
    for item in gold.tables["table_indicators"]:
        assert item["value"] == int(item["text"].replace(",", ""))


@pytest.mark.parametrize("name", sorted(PDFS))
def test_pdf_tables_gold_fits_its_document(name: str) -> None:
    gold = load_gold(TABLES_DIR / "gold" / f"{name}.json")
    assert gold.document == f"{name}.pdf"
    doc = bpextract.parse(TABLES_DIR / f"{name}.pdf")
    assert gold_problems(gold, doc) == []
    counts = tuple(len(gold.tables.get(k, ())) for k in ("tables", "table_indicators", "tasks"))
    assert counts == EXPECTED[name]
    # each value is the cell's figure (`.` thousands, `,` decimals) in the unit of its row, the
    # `10⁶m³` rows of 044 scaled to m³
    for item in gold.tables["table_indicators"]:
        figure = float(item["text"].replace(".", "").replace(",", "."))
        scale = 10**6 if item.get("unit") == "m³" else 1
        assert item["value"] == pytest.approx(figure * scale, rel=1e-9), item
