"""Dask LocalCluster of 2 worker processes against `extract -j 2` on the same documents.

usage: python benchmarks/bench_cluster.py [--docs 200] [--jobs 2]

Writes the first N bench documents (../shared/data/bench) as text files into a temp folder,
then runs, one after the other, in child processes:
  extract   python -m bpextract.cli extract DIR -o OUT --format parquet -j J
  dask      python -m bpextract.cli extract DIR -o OUT --format parquet -j J --scheduler local
            (a LocalCluster of J worker processes, one thread each)
and reports wall seconds, CPU seconds of the whole process tree (getrusage of the children:
the cluster's nanny and worker processes are reaped, so they count) and the rows of every
table, checking that both give the same rows (values compared per table, sorted by key).
Not a test.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "bench" / "vn_legal_fulltext.jsonl.gz"
KEYS = {"documents": ["doc_id"], "sections": ["doc_id", "id"],
        "footnotes": ["doc_id", "id"], "references": ["doc_id", "footnote", "start"],
        "dates": ["doc_id", "footnote", "start"], "indicators": ["doc_id", "footnote", "start"],
        "errors": ["source"]}


def write_docs(folder: Path, n: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    chars = 0
    with gzip.open(BENCH, "rt", encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            text = json.loads(line)["text"]
            (folder / f"doc_{k:05d}.txt").write_text(text, encoding="utf-8")
            chars += len(text)
    return chars


def run(args: list[str]) -> tuple[float, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-m", "bpextract.cli", *args], env=env,
                         capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed: {res.stderr[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _norm(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Same values whatever the writer's dtypes: everything compared as text."""
    df = df.copy()
    for c in df.columns:
        if str(df[c].dtype).startswith(("datetime", "date")):
            df[c] = pd.to_datetime(df[c]).dt.strftime("%Y-%m-%d")
        df[c] = df[c].astype("string")
    keys = [k for k in KEYS.get(table, []) if k in df.columns] or list(df.columns)
    return df.sort_values(keys, na_position="first").reset_index(drop=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    from bpextract.tables import TABLES

    with tempfile.TemporaryDirectory(prefix="bench_cluster_") as tmp:
        folder = Path(tmp) / "docs"
        chars = write_docs(folder, args.docs)
        local, dask = Path(tmp) / "local", Path(tmp) / "dask"
        j = str(args.jobs)
        w1, c1 = run(["extract", str(folder), "-o", str(local), "--format", "parquet", "-j", j])
        w2, c2 = run(["extract", str(folder), "-o", str(dask), "--format", "parquet", "-j", j,
                      "--scheduler", "local"])
        print(f"{args.docs} documents, {chars:,} chars, {args.jobs} processes")
        print(f"{'run':24} {'wall s':>7} {'CPU s':>7}")
        print(f"{'extract -j ' + j:24} {w1:7.1f} {c1:7.1f}")
        print(f"{'LocalCluster ' + j + ' workers':24} {w2:7.1f} {c2:7.1f}")
        same = True
        for t in TABLES:
            a = pd.read_parquet(local / f"{t}.parquet")
            b = pd.read_parquet(dask / t)
            equal = len(a) == len(b) and list(a.columns) == list(b.columns) \
                and _norm(a, t).equals(_norm(b, t))
            same = same and equal
            print(f"  {t:12} rows {len(a):7,} / {len(b):7,}  {'equal' if equal else 'DIFFER'}")
        print("rows equal in every table" if same else "ROWS DIFFER")


if __name__ == "__main__":
    main()
