"""The CLI end to end: every output format read back, error rows, exit codes, help texts."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from tests.conftest import CORPUS, SEEDS

from bpextract.cli import main
from bpextract.tables import COLUMNS, TABLES


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three good seeds (one in a subfolder) and one broken file among them."""
    d = tmp_path_factory.mktemp("reports")
    shutil.copy(CORPUS / SEEDS["000"], d / "a.txt")
    (d / "sub").mkdir()
    shutil.copy(CORPUS / SEEDS["003"], d / "sub" / "b.txt")
    shutil.copy(CORPUS / SEEDS["002"], d / "c.md")
    (d / "broken.txt").write_bytes(b"\x81\x8d\x90 \xa9\xfe not text")
    return d


def _run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, list(args))
    return res.exit_code, res.output


def _read(out: Path, fmt: str) -> dict[str, pd.DataFrame]:
    if fmt == "csv":
        return {t: pd.read_csv(out / f"{t}.csv") for t in TABLES}
    if fmt == "jsonl":
        return {t: pd.read_json(out / f"{t}.jsonl", lines=True)
                if (out / f"{t}.jsonl").stat().st_size
                else pd.DataFrame(columns=[c for c, _ in COLUMNS[t]]) for t in TABLES}
    if fmt == "parquet":
        return {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLES}
    if fmt == "xlsx":
        return pd.read_excel(out, sheet_name=None)
    with sqlite3.connect(out) as con:
        return {t: pd.read_sql_query(f'SELECT * FROM "{t}"', con) for t in TABLES}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet", "xlsx", "sqlite"])
def test_extract_every_format(folder: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("out." + fmt if fmt in ("xlsx", "sqlite") else "out")
    code, output = _run("extract", str(folder), "-o", str(out), "--format", fmt)
    assert code == 1, output  # one file failed
    assert "4 files: 3 documents, 1 errors" in output
    frames = _read(out, fmt)
    assert sorted(frames) == sorted(TABLES)
    docs = frames["documents"]
    assert len(docs) == 3
    assert list(docs.columns) == [c for c, _ in COLUMNS["documents"]]
    assert sorted(Path(s).name for s in docs["source"]) == ["a.txt", "b.txt", "c.md"]
    assert set(docs["number"].dropna()) == {"74/KH-BCĐ", "35/BC-UBND"}
    errors = frames["errors"]
    assert len(errors) == 1
    assert Path(errors["source"][0]).name == "broken.txt"
    assert "cannot decode" in errors["message"][0]
    for t in TABLES:
        assert list(frames[t].columns) == [c for c, _ in COLUMNS[t]], t
    # the stable order: sorted paths, subfolders included
    assert [Path(s).name for s in docs["source"]] == ["a.txt", "c.md", "b.txt"]
    assert not list(out.parent.glob(".bpextract-*")), "temporary files left behind"


def test_extract_all_good_exits_0_and_jobs(tmp_path: Path) -> None:
    code, output = _run("extract", str(CORPUS / SEEDS["000"]), str(CORPUS / SEEDS["004"]),
                        "-o", str(tmp_path / "o"), "-j", "2")
    assert code == 0, output
    docs = pd.read_csv(tmp_path / "o" / "documents.csv")
    assert list(docs["number"].fillna("")) == ["74/KH-BCĐ", ""]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert _run("extract", str(tmp_path / "missing"), "-o", str(tmp_path / "o"))[0] == 2
    assert _run("extract", str(CORPUS), "-o", str(tmp_path / "o"), "--format", "doc")[0] == 2
    assert _run("extract", str(CORPUS))[0] == 2  # -o is required
    bad = tmp_path / "rules"
    bad.mkdir()
    (bad / "units.yaml").write_text("units:\n  - unit: hộ\n    kinf: count\n", encoding="utf-8")
    code, output = _run("rules", str(bad))
    assert code == 2
    assert "units.yaml:3: unknown key 'kinf'" in output


def test_parse_json_contract() -> None:
    code, output = _run("parse", str(CORPUS / SEEDS["003"]), "--json")
    assert code == 0
    data = json.loads(output)
    assert list(data)[:5] == ["doc_id", "source", "format", "pages", "text"]
    for key in ("header", "sections", "parts", "footnotes", "references", "dates",
                "indicators", "warnings"):
        assert key in data
    assert data["header"]["number"] == "35/BC-UBND"
    assert data["header"]["signer"] == {"name": "Huỳnh Thanh Vũ", "position": "CHỦ TỊCH",
                                        "authority": None}
    assert data["format"] == "txt" and len(data["doc_id"]) == 16


def test_parse_unreadable_file_is_one_line(tmp_path: Path) -> None:
    code, output = _run("parse", str(tmp_path / "nope.txt"))
    assert code == 1
    assert output.strip() == f"error: {tmp_path / 'nope.txt'}: file not found"


@pytest.mark.parametrize("command", ["parse", "extract", "show", "check", "rules"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    code, output = _run(command, "--help")
    assert code == 0
    assert "Example:" in output and f"bpextract {command}" in output


def test_console_script_runs() -> None:
    exe = Path(sys.executable).parent / "bpextract"
    res = subprocess.run([str(exe), "parse", str(CORPUS / SEEDS["000"])], capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert "number  74/KH-BCĐ" in res.stdout
