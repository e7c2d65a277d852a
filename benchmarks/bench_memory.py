"""Peak RSS of `bpextract extract` as the folder grows: bounded per worker, any output format.

usage: python benchmarks/bench_memory.py [--sizes 1000,10000] [--formats csv,parquet]
                                         [--jobs 1,2] [--chars 1500] [--keep DIR]

Builds a folder of N text documents from the bench sample (../shared/data/bench): the first
200 bench documents cut to about C characters at a line end, repeated, each copy made unique by
a last line `Bản sao số K.` (so no copy is dropped as a duplicate of another). Then runs the
CLI (`python -m bpextract.cli extract DIR -o OUT --format F -j J`) in a child process and
samples the resident memory of that process and of its workers every 50 ms from /proc. Reports
the peak RSS of the main process, of the largest worker, and of the whole process tree, with
the CPU seconds of the tree (getrusage of the children). Not a test.

With --reuse the child runs `bpextract.batch.extract` itself with parsing replaced by a cache:
the first copy of each base text is parsed, later copies reuse its records under their own
doc_id and path. Walking, journaling, the resumable work folder and the writers run for every
document as in a real run (the rows are as many and as long), at a fraction of the CPU; the
cache (the base texts' records) is part of the memory measured.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "bench" / "vn_legal_fulltext.jsonl.gz"


def base_texts(n: int, chars: int) -> list[str]:
    out: list[str] = []
    with gzip.open(BENCH, "rt", encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            if len(text) > chars:
                cut = text.rfind("\n", 0, chars)
                text = text[:cut if cut > chars // 2 else chars]
            out.append(text)
            if len(out) >= n:
                break
    return out


def make_folder(folder: Path, n: int, texts: list[str]) -> int:
    """n documents (texts repeated, each copy unique); returns the characters written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for k in range(n):
        text = f"{texts[k % len(texts)]}\nBản sao số {k}.\n"
        (folder / f"doc_{k:06d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


_CACHE: dict[bytes, Any] = {}
_MARK = "\nBản sao số ".encode()


def reuse(path: str | Path, rules: Any = None, pdf_engine: str | None = None) -> Any:
    """parse_or_error, with the records of the first copy of a base text reused."""
    import dataclasses

    from bpextract import api
    from bpextract.readers import doc_id_of

    data = Path(path).read_bytes()
    key = data[:data.rfind(_MARK)]
    if key not in _CACHE:
        _CACHE[key] = api.parse_or_error(path, rules, pdf_engine)
    doc = _CACHE[key]
    return dataclasses.replace(doc, doc_id=doc_id_of(data), source=str(path))


def child(folder: str, out: str, fmt: str, jobs: int) -> None:
    from bpextract import batch

    batch.parse_or_error = reuse  # type: ignore[assignment]
    summary = batch.extract([folder], out, fmt, jobs=jobs, progress=False)
    print(summary.text().splitlines()[0])


def run(folder: Path, out: Path, fmt: str, jobs: int, cached: bool) -> dict[str, float]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "bpextract.cli", "extract", str(folder), "-o", str(out),
           "--format", fmt, "-j", str(jobs)]
    if cached:
        cmd = [sys.executable, __file__, "--child", str(folder), str(out), fmt, str(jobs)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    main_peak = worker_peak = tree_peak = 0
    while proc.poll() is None:
        main = _rss_kb(proc.pid)
        workers = [_rss_kb(c) for c in _children(proc.pid)]
        main_peak = max(main_peak, main)
        worker_peak = max([worker_peak, *workers])
        tree_peak = max(tree_peak, main + sum(workers))
        time.sleep(0.05)
    wall = time.perf_counter() - t0
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"extract failed ({proc.returncode}): {err[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "main": main_peak / 1024, "worker": worker_peak / 1024,
            "tree": tree_peak / 1024, "maxrss": after.ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--formats", default="csv,parquet")
    ap.add_argument("--jobs", default="1,2")
    ap.add_argument("--chars", type=int, default=1500, help="about this many chars a document")
    ap.add_argument("--keep", type=Path, help="build the folders here and keep them")
    ap.add_argument("--reuse", action="store_true", help="parse each base text once")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        folder, out, fmt, jobs = args.child
        child(folder, out, fmt, int(jobs))
        return
    texts = base_texts(200, args.chars)
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="bench_memory_"))
    if args.reuse:
        print("parsing: each base text once, its records reused for the copies")
    print("docs   chars      format  -j  wall s   CPU s  main MB  worker MB  tree MB")
    try:
        for n in (int(x) for x in args.sizes.split(",")):
            folder = tmp / f"docs_{n}"
            chars = make_folder(folder, n, texts)
            for fmt in args.formats.split(","):
                for jobs in (int(x) for x in args.jobs.split(",")):
                    out = tmp / f"out_{n}_{fmt}_{jobs}"
                    shutil.rmtree(out, ignore_errors=True)
                    r = run(folder, out, fmt, jobs, args.reuse)
                    shutil.rmtree(out, ignore_errors=True)
                    worker = f"{r['worker']:9.0f}" if jobs > 1 else f"{'-':>9}"
                    print(f"{n:<6} {chars:<10} {fmt:7} {jobs:>2} {r['wall']:7.1f} "
                          f"{r['cpu']:7.1f} {r['main']:8.0f} {worker}  {r['tree']:7.0f}",
                          flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
