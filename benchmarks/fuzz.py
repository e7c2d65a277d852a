"""Parse N mutated corpus documents with a fixed seed; count exceptions and broken invariants.

usage: python benchmarks/fuzz.py [-n 20000] [--seed 0] [--workers 1] [--out fuzz-out]
                                 [--from I] [--to J] [--chunk 200] [--limit 120]

Case i is built from `random.Random(f"{seed}:{i}")` alone (a corpus document and 1-8 edits from
tests/mutations.py, the code the hypothesis test uses), so any case can be rebuilt on its own
and a run can be split or resumed: results go to OUT/chunks/<from>-<to>.jsonl, one file per
chunk, and chunks already there are not run again. Each failing input is saved as
OUT/failures/<i>.json (the text as a JSON string: lone surrogates survive). Prints exceptions
grouped by type and innermost bpextract frame, broken invariants grouped by record kind,
documents warned about time limits, and the 10 slowest inputs by process CPU time.
A document over --limit CPU seconds is stopped and counted as `Timeout`. Not a test.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import sys
import time
import traceback
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import bpextract  # noqa: E402
from mutations import check_document, corpus_texts, mutate  # noqa: E402

CORPUS = corpus_texts()
TEXTS = [t for _, t in CORPUS]


class Timeout(Exception):
    """The document used more than --limit seconds of CPU."""


def _on_cpu_limit(signum: int, frame: FrameType | None) -> None:
    raise Timeout("CPU limit reached")


def build_case(seed: int, i: int) -> tuple[str, str, list[str]]:
    """(corpus file name, mutated text, edits) of case `i`: depends on (seed, i) only."""
    rng = random.Random(f"{seed}:{i}")
    name, text = CORPUS[rng.randrange(len(CORPUS))]
    text, edits = mutate(text, rng, TEXTS)
    return name, text, edits


def _where(exc: BaseException) -> str:
    """Innermost frame inside bpextract (else the innermost frame) as `file.py:line fn`."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "bpextract" in f.filename] or frames
    f = ours[-1]
    return f"{Path(f.filename).name}:{f.lineno} {f.name}"


def run_case(seed: int, i: int, limit: float) -> dict[str, Any]:
    name, text, edits = build_case(seed, i)
    row: dict[str, Any] = {"i": i, "doc": name, "edits": edits, "chars": len(text)}
    soft = limit if limit > 0 else 0
    if soft:
        signal.setitimer(signal.ITIMER_PROF, soft)
    t0 = time.process_time()
    try:
        doc = bpextract.parse_text(text, source=f"fuzz-{i}")
    except BaseException as exc:  # everything counts, Timeout too
        if isinstance(exc, KeyboardInterrupt):
            raise
        row["error"] = f"{type(exc).__name__} at {_where(exc)}"
        row["message"] = str(exc)[:300]
    else:
        problems = check_document(doc)
        if problems:
            row["invariant"] = problems[:5]
        row["timed_warnings"] = sum("time limit" in w for w in doc.warnings)
        row["records"] = len(doc.references) + len(doc.dates) + len(doc.indicators)
    finally:
        if soft:
            signal.setitimer(signal.ITIMER_PROF, 0)
    row["cpu"] = round(time.process_time() - t0, 4)
    return row


_warm: list[bool] = []


def run_chunk(job: tuple[int, int, int, float, str]) -> str:
    seed, lo, hi, limit, out = job
    signal.signal(signal.SIGPROF, _on_cpu_limit)
    if not _warm:  # compile the rules once outside the timings
        bpextract.parse_text(TEXTS[0])
        _warm.append(True)
    path = Path(out) / "chunks" / f"{lo:06d}-{hi:06d}.jsonl"
    if path.exists():  # done meanwhile by another run on the same folder
        return path.name
    rows = [run_case(seed, i, limit) for i in range(lo, hi)]
    fails = Path(out) / "failures"
    for r in rows:
        if "error" in r or "invariant" in r:
            name, text, edits = build_case(seed, r["i"])
            (fails / f"{r['i']:06d}.json").write_text(json.dumps(
                {"seed": seed, "i": r["i"], "doc": name, "edits": edits, **{
                    k: r[k] for k in ("error", "message", "invariant") if k in r},
                 "text": text}, ensure_ascii=True), encoding="ascii")
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                   encoding="utf-8")
    os.replace(tmp, path)
    return path.name


def _rows(out: Path, lo: int, hi: int) -> Iterator[dict[str, Any]]:
    for p in sorted((out / "chunks").glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            if lo <= r["i"] < hi:
                yield r


def report(out: Path, lo: int, hi: int) -> None:
    rows = list(_rows(out, lo, hi))
    errors = Counter(r["error"] for r in rows if "error" in r)
    broken = Counter(p.split(":")[0].split("[")[0] for r in rows for p in r.get("invariant", ()))
    timed = sum(1 for r in rows if r.get("timed_warnings"))
    cpu = sum(r["cpu"] for r in rows)
    print(f"cases {len(rows)} (of {lo}..{hi}), CPU {cpu:.1f} s, "
          f"mean {1000 * cpu / max(1, len(rows)):.1f} ms/document")
    print(f"raised: {sum(errors.values())} documents")
    for k, v in errors.most_common():
        print(f"  {v:6d}  {k}")
    print(f"broken invariants: {sum(1 for r in rows if 'invariant' in r)} documents")
    for k, v in broken.most_common():
        print(f"  {v:6d}  {k}")
    print(f"warned about a time limit: {timed} documents")
    print("slowest (CPU s, chars, case, corpus file, edits):")
    for r in sorted(rows, key=lambda r: -r["cpu"])[:10]:
        edits = ",".join(r["edits"])
        print(f"  {r['cpu']:8.2f} {r['chars']:8d}  #{r['i']:<6d} {r['doc']}  {edits}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=20000, help="number of cases (default 20000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--from", dest="lo", type=int, default=0, help="first case to run")
    ap.add_argument("--to", dest="hi", type=int, default=None, help="stop before this case")
    ap.add_argument("--chunk", type=int, default=200, help="cases per chunk file")
    ap.add_argument("--workers", type=int, default=1, help="processes (the machine is shared)")
    ap.add_argument("--limit", type=float, default=120, help="CPU seconds per document (0: none)")
    ap.add_argument("--out", default="fuzz-out", help="folder for chunks and failures")
    ap.add_argument("--report", action="store_true", help="only print the report of OUT")
    a = ap.parse_args()
    out = Path(a.out)
    hi = a.n if a.hi is None else min(a.hi, a.n)
    (out / "chunks").mkdir(parents=True, exist_ok=True)
    (out / "failures").mkdir(parents=True, exist_ok=True)
    if not a.report:
        done = {p.name for p in (out / "chunks").glob("*.jsonl")}
        jobs = [(a.seed, s, min(s + a.chunk, hi), a.limit, str(out))
                for s in range(a.lo - a.lo % a.chunk, hi, a.chunk)
                if f"{s:06d}-{min(s + a.chunk, hi):06d}.jsonl" not in done]
        print(f"{len(jobs)} chunks to run", file=sys.stderr)
        with multiprocessing.get_context("fork").Pool(a.workers, maxtasksperchild=5) as pool:
            for name in pool.imap_unordered(run_chunk, jobs):
                print(f"done {name}", file=sys.stderr, flush=True)
    report(out, a.lo, hi)


if __name__ == "__main__":
    main()
