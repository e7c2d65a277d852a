"""Does `parse_text` stay linear? A size ladder of real text and adversarial single lines.

usage: python benchmarks/bench_scaling.py [--sizes 10k,100k,1m,4m,16m] [--adversarial 1m]
                                          [--families NAME,...] [--skip-ladder]

Ladder: one text of the largest size built from real documents (corpus/*.txt, then the shared
bench `vn_legal_fulltext.jsonl.gz`, joined by blank lines); every size parses pieces of it
spread evenly over it, covering `--cover` characters (the largest size: the whole text once),
so all sizes read the same mix of documents. Prints µs per character for every stage (the
module functions the pipeline calls, wrapped) and in total, and each size against 100 KB
(target: 16 MB within 1.5x), with the records of the last piece.

Adversarial: for each pattern family, one line of repeated near-matches (`số 12/KH-UBND `,
`ngày 1 tháng `, ...) at 1/8 of the size and at the full size (default 1 MB); the ratio of
their µs/char is the "ratio to linear" (1.0 = linear; target: within 2x).

Times are process CPU seconds (`time.process_time`): the machine is shared, wall time is not
a measure of our own work. Not a test: figures go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from stagetimes import STAGES, instrument

import bpextract

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "data" / "bench" / "vn_legal_fulltext.jsonl.gz"
MINE = ("normalize", "footnotes", "parts", "outline", "indicators")  # stages of det-rest
FAMILIES: dict[str, str] = {
    "docnumber": "số 12/KH-UBND ",
    "date": "ngày 1 tháng ",
    "grouped": "1.000.000.",
    "article": "Điều 1. ",
    "superscript": "lời¹²³ ",
    "slash": "1/",
    "dash": "1-",
    "digits": "1234567890",
}
spent: dict[str, float] = defaultdict(float)


def _instrument() -> None:
    instrument(spent)



def _size(s: str) -> int:
    units = {"k": 1_000, "m": 1_000_000}
    s = s.strip().lower()
    return int(float(s[:-1]) * units[s[-1]]) if s[-1] in units else int(s)


def _real_texts(skip: int = 0) -> Iterator[str]:
    """Real documents: corpus/*.txt, then the shared bench, from the `skip`-th one on."""
    def all_texts() -> Iterator[str]:
        for p in sorted((ROOT / "corpus").glob("*.txt")):
            yield p.read_text(encoding="utf-8")
        if BENCH.exists():
            with gzip.open(BENCH, "rt", encoding="utf-8") as f:
                for line in f:
                    yield str(json.loads(line)["text"])
    for i, t in enumerate(all_texts()):
        if i >= skip:
            yield t


def build_document(size: int, skip: int = 0) -> str:
    """Whole real documents joined by blank lines until `size` characters, cut at a line end
    (the texts are reused from the start if the source runs out)."""
    parts: list[str] = []
    total = 0
    while total < size:
        before = total
        for t in _real_texts(skip):
            parts.append(t)
            total += len(t) + 2
            if total >= size:
                break
        if total == before:
            raise SystemExit("no real text found (corpus/ and the shared bench are missing)")
        skip = 0
    text = "\n\n".join(parts)[:size]
    cut = text.rfind("\n")
    return text[:cut] if cut > size // 2 else text


def measure(texts: list[str]) -> dict[str, float]:
    """µs/char per stage and in total (`total`) over `texts`; records of the last one."""
    spent.clear()
    t = time.process_time()
    records = 0
    for text in texts:
        doc = bpextract.parse_text(text, source="bench")
        records = (len(doc.sections) + len(doc.footnotes) + len(doc.references)
                   + len(doc.dates) + len(doc.indicators))
    total = time.process_time() - t
    chars = sum(len(t) for t in texts)
    out = {k: v * 1e6 / chars for k, v in spent.items()}
    out["total"] = total * 1e6 / chars
    out["records"] = records
    return out


def _chunks(base: str, size: int, cover: int) -> list[str]:
    """Pieces of `size` characters of `base` (cut at line ends), evenly spread over it, enough
    to cover `cover` characters: every size reads the same mix of documents (the first
    megabytes are corpus plans with many figures, the bench after them has fewer)."""
    n = min(max(1, -(-cover // size)), max(1, len(base) // size))
    span = len(base) - size
    out = []
    for i in range(n):
        start = 0 if n == 1 else span * i // (n - 1)
        if start:
            start = base.find("\n", start) + 1 or start
        piece = base[start:start + size]
        cut = piece.rfind("\n")
        out.append(piece[:cut] if cut > size // 2 else piece)
    return out


def _row(label: str, m: dict[str, float], ref: dict[str, float] | None) -> str:
    cells = [f"{m.get(s, 0.0):.3f}" for s in STAGES] + [f"{m['total']:.3f}"]
    ratio = f"{m['total'] / ref['total']:.2f}" if ref else "-"
    return f"| {label} | " + " | ".join(cells) + f" | {ratio} | {int(m['records'])} |"


def _header(first: str) -> str:
    names = [*STAGES, "total"]
    return (f"| {first} | " + " | ".join(names) + " | x 100 KB | records |\n"
            + "|---" * (len(names) + 3) + "|")


def ladder(sizes: list[int], cover: int) -> None:
    print("Size ladder: µs/char per stage (process CPU time)\n")
    print(_header("size"))
    base = build_document(max(sizes))
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        texts = _chunks(base, size, cover)
        results[size] = measure(texts)
        ref = results.get(100_000)
        print(_row(f"{size:,} x {len(texts)}", results[size], ref), flush=True)
    if 100_000 in results and len(results) > 1:
        big = max(results)
        ref = results[100_000]
        mine_big = sum(results[big].get(s, 0.0) for s in MINE)
        mine_ref = sum(ref.get(s, 0.0) for s in MINE)
        worst = max(STAGES, key=lambda s: results[big].get(s, 0.0) - ref.get(s, 0.0))
        print(f"\n{big:,} chars vs 100 KB: total {results[big]['total'] / ref['total']:.2f}x, "
              f"det-rest stages ({', '.join(MINE)}) {mine_big / max(mine_ref, 1e-9):.2f}x; "
              f"most µs/char added: {worst}")


def adversarial(size: int, families: list[str]) -> None:
    print(f"\nAdversarial single lines: µs/char at {size // 8:,} and {size:,} chars; "
          "ratio = (µs/char big) / (µs/char small), 1.0 is linear\n")
    print("| family | unit | small µs/char | big µs/char | ratio | records | worst stage "
          "(ratio) | det-rest stages ratio |")
    print("|---|---|---:|---:|---:|---:|---|---:|")
    for name in families:
        unit = FAMILIES[name]
        # the same line 8 times: it is all one repeated unit, there is nothing to cache
        small = measure([(unit * (size // 8 // len(unit) + 1))[:size // 8]] * 8)
        big = measure([(unit * (size // len(unit) + 1))[:size]])
        ratios = {s: big.get(s, 0.0) / small[s] for s in STAGES if small.get(s, 0.0) > 0.005}
        worst = max(ratios, key=lambda s: ratios[s]) if ratios else "-"
        mine_small = sum(small.get(s, 0.0) for s in MINE)
        mine_big = sum(big.get(s, 0.0) for s in MINE)
        print(f"| {name} | `{unit.strip()}` | {small['total']:.3f} | {big['total']:.3f} | "
              f"{big['total'] / small['total']:.2f} | {int(big['records'])} | {worst} "
              f"({ratios.get(worst, 0.0):.2f}) | {mine_big / max(mine_small, 1e-9):.2f} |",
              flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10k,100k,1m,4m,16m")
    ap.add_argument("--cover", default="4m",
                    help="characters each smaller size parses (pieces spread over the text)")
    ap.add_argument("--adversarial", default="1m", help="size of the big adversarial line")
    ap.add_argument("--families", default=",".join(FAMILIES))
    ap.add_argument("--skip-ladder", action="store_true")
    ap.add_argument("--skip-adversarial", action="store_true")
    args = ap.parse_args()
    _instrument()
    bpextract.parse_text("KẾ HOẠCH\nCó 3 hộ.\n")  # load rules and lazy models once
    if not args.skip_ladder:
        ladder([_size(s) for s in args.sizes.split(",")], _size(args.cover))
    if not args.skip_adversarial:
        adversarial(_size(args.adversarial), args.families.split(","))


if __name__ == "__main__":
    main()
