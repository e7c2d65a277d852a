"""Throughput and memory of `bpextract.parse_text` on the corpus and on the shared bench.

usage: python benchmarks/bench_corpus.py [--bench N] [--repeat R]

Reports documents/s, characters/s, time per pipeline stage, peak RSS, and for the bench sample
how many documents failed or warned. Not a test: numbers go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from stagetimes import instrument

import bpextract

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "bench" / "vn_legal_fulltext.jsonl.gz"
spent: dict[str, float] = defaultdict(float)


def _instrument() -> None:
    instrument(spent, time.perf_counter)  # wall time per stage (single process)


def _run(texts: list[tuple[str, str]], repeat: int) -> dict[str, Any]:
    spent.clear()
    failed, warned, records = 0, 0, 0
    t0 = time.perf_counter()
    for _ in range(repeat):
        for name, text in texts:
            try:
                doc = bpextract.parse_text(text, source=name)
            except Exception:
                failed += 1
                continue
            warned += bool(doc.warnings)
            records += len(doc.references) + len(doc.dates) + len(doc.indicators)
    secs = time.perf_counter() - t0
    chars = sum(len(t) for _, t in texts) * repeat
    return {"docs": len(texts) * repeat, "seconds": round(secs, 2),
            "docs_per_s": round(len(texts) * repeat / secs, 1),
            "kchars_per_s": round(chars / secs / 1000, 1), "failed": failed,
            "with_warnings": warned, "records": records,
            "stage_share": {k: round(v / secs, 3) for k, v in sorted(spent.items(),
                                                                  key=lambda kv: -kv[1])}}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--bench", type=int, default=200, help="bench documents to parse (0: none)")
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus")
    args = ap.parse_args()
    _instrument()
    bpextract.parse_text("KẾ HOẠCH\nwarm-up 1 hộ\n")  # load rules and lazy models once
    corpus = [(p.name, p.read_text(encoding="utf-8"))
              for p in sorted((ROOT / "corpus").glob("*.txt"))]
    results = {"corpus": _run(corpus, args.repeat)}
    if args.bench and BENCH.exists():
        texts = []
        with gzip.open(BENCH, "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                texts.append((row["id"], row["text"]))
                if len(texts) >= args.bench:
                    break
        results["bench"] = _run(texts, 1)
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
