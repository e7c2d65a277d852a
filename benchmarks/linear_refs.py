"""µs/char of the reference, date and resolve stages on a size ladder and on adversarial lines.

usage: python benchmarks/linear_refs.py [--sizes 100000,4000000,16000000] [--adversarial N]

Documents of each size are built by joining real bench documents (../shared/data/bench) with a
blank line, in file order, until the size is reached. Each stage is timed in process CPU time
(other jobs on the machine do not count), best of `--repeat`. Adversarial lines repeat one
near-match N times on one line. Linear stages keep µs/char flat along each ladder.
Not a test: numbers go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections.abc import Callable
from pathlib import Path

from bpextract.dates import find_dates_checked
from bpextract.normalize import normalize
from bpextract.references import find_references_checked
from bpextract.resolve import resolve_references
from bpextract.rules import get_rules

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "bench" / "vn_legal_fulltext.jsonl.gz"
if not BENCH.exists():
    BENCH = Path("/work/shared/data/bench/vn_legal_fulltext.jsonl.gz")

ADVERSARIAL = ["số 12/KH-UBND ", "Kế hoạch số 12/KH-UBND ", "ngày 1 tháng ",
               "ngày 1 tháng 2 năm 2020 ", "Quyết định số ", "1", "/", "-", "12/", ".",
               "năm 2020 "]


def _cpu(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.process_time()
        fn()
        best = min(best, time.process_time() - t)
    return best


def _text(size: int) -> str:
    parts: list[str] = []
    total = 0
    with gzip.open(BENCH, "rt", encoding="utf-8") as f:
        for line in f:
            t = normalize(json.loads(line)["text"]).text
            parts.append(t)
            total += len(t) + 2
            if total >= size:
                break
    return "\n\n".join(parts)[:size]


def _row(label: str, text: str, repeat: int) -> None:
    rules = get_rules()
    refs = find_references_checked(text, rules)[0]
    found = find_dates_checked(text, rules, refs)[0]
    r = _cpu(lambda: find_references_checked(text, rules), repeat)
    d = _cpu(lambda: find_dates_checked(text, rules, refs), repeat)
    s = _cpu(lambda: resolve_references(refs, rules), repeat)
    n = len(text)
    print(f"{label:<32} {n:>10,} {len(refs):>7} {len(found):>7} "
          f"{r / n * 1e6:>7.3f} {d / n * 1e6:>7.3f} {s / n * 1e6:>7.3f}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="100000,4000000,16000000")
    ap.add_argument("--adversarial", type=int, default=0,
                    help="repeat count of each adversarial line (0: skip)")
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    print(f"{'document':<32} {'chars':>10} {'refs':>7} {'dates':>7} "
          f"{'refs':>7} {'dates':>7} {'resolve':>7}  (µs/char, process CPU)")
    for size in (int(x) for x in a.sizes.split(",") if x):
        _row(f"bench text {size:,}", _text(size), a.repeat)
    if a.adversarial:
        for unit in ADVERSARIAL:
            for n in (a.adversarial, 8 * a.adversarial):
                _row(f"{unit!r} x {n}", unit * n, a.repeat)


if __name__ == "__main__":
    main()
