"""Text throughput per core: bpextract end to end next to dateparser and quantulum3.

usage: python benchmarks/bench_text.py [--docs 200] [--seed 11] [--repeat 1]
                                       [--tools bpextract,dateparser,quantulum3]

The sample: `--docs` documents drawn with a fixed seed from the shared bench
`vn_legal_fulltext.jsonl.gz` (sorted by id, `random.Random(seed).sample`). Every tool reads the
same documents, one call per document:

- **bpextract**: `bpextract.parse_text(text)` (the whole text pipeline, every table);
- **dateparser**: `dateparser.search.search_dates(text, languages=['vi'])` (dates only);
- **quantulum3**: `quantulum3.parser.parse(text)` (quantities only).

Each (tool, repeat) runs in a fresh child process, so no cache of an earlier pass helps a later
one, after one warm-up call on a short text of its own (models and rules loaded; that first
call's cost is reported separately). Times are process CPU seconds (`time.process_time`) of
the child: the machine is shared and wall time swings with the load. The best repeat counts.
For bpextract the child also reports the CPU time per pipeline stage (the module functions the
pipeline calls, wrapped) and the time spent inside underthesea's word segmentation (the NLP
share, part of the indicators stage: what `indicators._segmenter()` returns, underthesea's
`word_tokenize` or its steps called directly). Not a test: figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from stagetimes import LATER_STAGES, STAGES, instrument, timed

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "bench" / "vn_legal_fulltext.jsonl.gz"
if not BENCH.exists():  # a worktree next to the main checkout
    BENCH = Path("/work/shared/data/bench/vn_legal_fulltext.jsonl.gz")
TOOLS = ("bpextract", "dateparser", "quantulum3")
WARM_UP = "KẾ HOẠCH\nNgày 1 tháng 2 năm 2020 đã tuyên truyền được 480 buổi, tăng 5%.\n"


def sample(docs: int, seed: int) -> list[tuple[str, str]]:
    """`docs` (id, text) pairs drawn with `seed` from the bench, in id order."""
    with gzip.open(BENCH, "rt", encoding="utf-8") as f:
        rows = sorted((json.loads(line) for line in f), key=lambda r: str(r["id"]))
    pick = sorted(random.Random(seed).sample(range(len(rows)), min(docs, len(rows))))
    return [(str(rows[i]["id"]), str(rows[i]["text"])) for i in pick]


def _bpextract(texts: list[tuple[str, str]]) -> dict[str, Any]:
    import bpextract

    t = time.process_time()
    bpextract.parse_text(WARM_UP)
    first = time.process_time() - t
    spent: dict[str, float] = defaultdict(float)
    instrument(spent, stages={**STAGES, **LATER_STAGES})
    nlp_calls = 0
    if "underthesea" in sys.modules:  # loaded by the warm-up: count what the sample costs
        import underthesea

        from bpextract import indicators

        # underthesea's word_tokenize, or (9.5.0) its steps; an older bpextract called
        # word_tokenize itself
        fast = getattr(indicators, "_segmenter", None)
        inner = fast() if fast else underthesea.word_tokenize

        def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal nlp_calls
            nlp_calls += 1
            return inner(*args, **kwargs)
        wrapped = timed(spent, "nlp", counted)
        if fast:
            indicators._segmenter = lambda: wrapped  # type: ignore[attr-defined]
        else:
            underthesea.word_tokenize = wrapped
    records = 0
    t = time.process_time()
    for name, text in texts:
        doc = bpextract.parse_text(text, source=name)
        records += len(doc.references) + len(doc.dates) + len(doc.indicators)
    cpu = time.process_time() - t
    return {"cpu": cpu, "first_call": first, "records": records, "nlp_calls": nlp_calls,
            "stages": dict(spent)}


def _dateparser(texts: list[tuple[str, str]]) -> dict[str, Any]:
    from dateparser.search import search_dates

    t = time.process_time()
    search_dates(WARM_UP, languages=["vi"])
    first = time.process_time() - t
    found = 0
    t = time.process_time()
    for _, text in texts:
        found += len(search_dates(text, languages=["vi"]) or [])
    return {"cpu": time.process_time() - t, "first_call": first, "records": found}


def _quantulum3(texts: list[tuple[str, str]]) -> dict[str, Any]:
    import warnings

    warnings.simplefilter("ignore")  # "classifier dependencies not installed"
    from quantulum3 import parser

    t = time.process_time()
    parser.parse(WARM_UP)
    first = time.process_time() - t
    found = 0
    t = time.process_time()
    for _, text in texts:
        found += len(parser.parse(text))
    return {"cpu": time.process_time() - t, "first_call": first, "records": found}


def child(tool: str, docs: int, seed: int) -> None:
    texts = sample(docs, seed)
    run = {"bpextract": _bpextract, "dateparser": _dateparser, "quantulum3": _quantulum3}[tool]
    out = run(texts)
    out["chars"] = sum(len(t) for _, t in texts)
    out["docs"] = len(texts)
    print(json.dumps(out))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--child", choices=TOOLS, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.docs, args.seed)
        return
    tools = [t for t in args.tools.split(",") if t]
    best: dict[str, dict[str, Any]] = {}
    for r in range(args.repeat):
        for tool in tools:  # interleaved: every tool sees the same load in each round
            proc = subprocess.run(
                [sys.executable, __file__, "--child", tool, "--docs", str(args.docs),
                 "--seed", str(args.seed)], capture_output=True, text=True, check=True)
            res = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"round {r + 1} {tool}: {res['cpu']:.2f} s CPU", file=sys.stderr)
            if tool not in best or res["cpu"] < best[tool]["cpu"]:
                best[tool] = res
    print(f"{args.docs} documents (seed {args.seed}), best of {args.repeat}, process CPU time")
    print(f"{'tool':<12} {'chars':>10} {'CPU s':>8} {'k chars/s':>10} {'records':>8} "
          f"{'first call s':>12}")
    for tool, res in best.items():
        print(f"{tool:<12} {res['chars']:>10} {res['cpu']:>8.2f} "
              f"{res['chars'] / res['cpu'] / 1000:>10.0f} {res['records']:>8} "
              f"{res['first_call']:>12.2f}")
    if "bpextract" in best:
        bp = best["bpextract"]
        for tool in ("dateparser", "quantulum3"):
            if tool in best:
                print(f"bpextract / {tool}: {best[tool]['cpu'] / bp['cpu']:.1f}x chars/s")
        print("bpextract CPU by stage (share of the pass):")
        stages = dict(bp["stages"])
        nlp = stages.pop("nlp", 0.0)
        rows = sorted(stages.items(), key=lambda kv: -kv[1])
        k = next(i for i, (name, _) in enumerate(rows) if name == "indicators")
        rows.insert(k + 1, ("  of which underthesea segmentation", nlp))
        rows.append(("rest (placing, building the document)", bp["cpu"] - sum(stages.values())))
        for label, secs in rows:
            print(f"  {label:<38} {secs:>7.2f} s {100 * secs / bp['cpu']:>5.1f} %")
        print(f"  underthesea calls: {bp['nlp_calls']}")


if __name__ == "__main__":
    main()
