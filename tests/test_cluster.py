"""Dask: a LocalCluster of 2 worker processes gives the same rows as `extract` on corpus/."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tests.conftest import CORPUS

from bpextract.batch import extract
from bpextract.tables import COLUMNS

pytest.importorskip("distributed", reason="the dask extra is not installed")

KEYS = {"documents": ["doc_id"], "sections": ["doc_id", "id"],
        "footnotes": ["doc_id", "id"], "references": ["doc_id", "footnote", "start"],
        "dates": ["doc_id", "footnote", "start"], "indicators": ["doc_id", "footnote", "start"],
        "errors": ["source"]}


def _norm(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Same values whatever the writer's dtypes (numbers compared as numbers)."""
    kinds = {"str": "string", "int": "Float64", "float": "Float64", "bool": "boolean"}
    df = df.astype({c: kinds[k] for c, k in COLUMNS[table] if k in kinds})
    for c, k in COLUMNS[table]:
        if k == "date":  # date32 from one writer, datetime64 from the other: compare the days
            df[c] = pd.to_datetime(df[c]).dt.strftime("%Y-%m-%d").astype("string")
    return df.sort_values(KEYS[table], na_position="first").reset_index(drop=True)


def test_local_cluster_equals_extract(tmp_path: Path) -> None:
    from bpextract.cluster import write_parquet

    (tmp_path / "in").mkdir()
    for p in sorted(CORPUS.glob("*.txt"))[:6]:
        (tmp_path / "in" / p.name).write_bytes(p.read_bytes())
    (tmp_path / "in" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    extract([tmp_path / "in"], tmp_path / "local", fmt="parquet", jobs=1, progress=False)
    counts = write_parquet([tmp_path / "in"], tmp_path / "dask", scheduler="local", workers=2,
                           batch=3)
    assert counts["documents"] == 6 and counts["errors"] == 1
    for table in KEYS:
        local = pd.read_parquet(tmp_path / "local" / f"{table}.parquet")
        remote = pd.read_parquet(tmp_path / "dask" / table)
        assert list(remote.columns) == list(local.columns), table
        assert len(remote) == len(local) == counts[table], table
        pd.testing.assert_frame_equal(_norm(remote, table), _norm(local, table),
                                      check_dtype=False)
    assert not list(tmp_path.glob(".bpextract-dask-*"))


def test_to_dask_gives_lazy_frames_per_table() -> None:
    from bpextract.cluster import to_dask

    frames = to_dask(sorted(CORPUS.glob("00[0-2]_*.txt")), batch=2)
    assert frames["documents"].npartitions == 2
    docs = frames["documents"].compute(scheduler="sync")
    assert sorted(docs["number"].dropna()) == ["219/KH-UBND", "74/KH-BCĐ"]
    refs = frames["references"].compute(scheduler="sync")
    assert len(refs) > 20 and str(refs["start"].dtype) == "Int64"


def test_cli_scheduler_local_with_fsspec_urls(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bpextract.cli import main

    (tmp_path / "in").mkdir()
    for p in sorted(CORPUS.glob("00[3-4]_*.txt")):
        (tmp_path / "in" / p.name).write_bytes(p.read_bytes())
    url = (tmp_path / "in").as_uri() + "/*.txt"
    res = CliRunner().invoke(main, ["extract", url, "-o", str(tmp_path / "out"),
                                    "--scheduler", "local", "-j", "2"])
    assert res.exit_code == 0, res.output
    assert "2 documents, 0 errors" in res.output
    docs = pd.read_parquet(tmp_path / "out" / "documents")
    assert sorted(docs["number"].dropna()) == ["35/BC-UBND"]
    assert all(s.startswith("file://") for s in docs["source"])
    res = CliRunner().invoke(main, ["extract", url, "-o", str(tmp_path / "x.xlsx"),
                                    "--scheduler", "local"])
    assert res.exit_code == 2 and "Parquet" in res.output
