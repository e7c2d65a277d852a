"""The library surface: light import, parse_folder that loses nothing, to_frames, to_dict."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import CORPUS, SEEDS, seed_doc

import bpextract
from bpextract.tables import COLUMNS, TABLES


def test_import_is_light() -> None:
    code = ("import sys, bpextract; heavy = [m for m in ('pandas', 'underthesea', 'spacy', "
            "'pdfplumber', 'docx', 'pyarrow', 'openpyxl') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_parse_folder_keeps_errors(tmp_path: Path) -> None:
    shutil.copy(CORPUS / SEEDS["003"], tmp_path / "b.txt")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "notes.odt").write_bytes(b"PK\x03\x04")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    run = bpextract.parse_folder(tmp_path)
    with pytest.warns(UserWarning):
        docs = list(run)
    assert [Path(d.source).name for d in docs] == ["b.txt"]
    assert sorted(Path(e.source).name for e in run.errors) == ["a.pdf", "notes.odt"]
    assert all(e.message for e in run.errors)
    assert any("unsupported file type '.odt'" in e.message for e in run.errors)


def test_ignore_file_leaves_out_listed_files() -> None:
    names = [p.name for p in bpextract.api.iter_files([CORPUS])]
    assert "GUIDELINES.md" not in names
    assert not any(p.suffix == ".json" for p in bpextract.api.iter_files([CORPUS]))
    assert set(SEEDS.values()) <= set(names)


def test_to_frames_columns_even_when_empty() -> None:
    frames = bpextract.to_frames([])
    assert sorted(frames) == sorted(TABLES)
    for t in TABLES:
        assert list(frames[t].columns) == [c for c, _ in COLUMNS[t]]
        assert len(frames[t]) == 0


def test_to_frames_one_row_per_record() -> None:
    doc = seed_doc("004")
    frames = bpextract.to_frames([doc])
    assert len(frames["documents"]) == 1
    assert frames["documents"]["signer_name"][0] == "Mai Thị Hồng Sim"
    for t in ("sections", "footnotes", "references", "dates", "indicators"):
        assert len(frames[t]) == len(getattr(doc, t)), t
        assert (frames[t]["doc_id"] == doc.doc_id).all()


def test_to_dict_is_the_json_contract() -> None:
    d = seed_doc("000").to_dict()
    assert "textmap" not in d
    json.dumps(d, ensure_ascii=False)
    assert d["header"]["number_raw"] == "74 /KH-BCĐ"
    assert d["parts"][1]["kind"] == "attachment"
