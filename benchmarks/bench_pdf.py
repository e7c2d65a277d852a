"""Pages per second of our PDF reader and of `bpextract.parse`, next to bare pdfplumber.

usage: python benchmarks/bench_pdf.py [--repeat R] [--files GLOB]

For each gazette PDF in ../shared/data/pdf, in the same run and interleaved, the best of R
repeats (process CPU time, so other jobs on the machine do not count) of:
  bare    pdfplumber.open + page.extract_text() for every page (the reference)
  reader  bpextract.readers.pdf.read_pdf (layout, footnotes, tables, headers removed)
  parse   bpextract.parse (reader + the whole pipeline)
Target: reader time <= 1.25 x bare time. Not a test: numbers go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

import bpextract
from bpextract.readers.pdf import read_pdf

ROOT = Path(__file__).resolve().parent.parent
PDFS = ROOT.parent / "shared" / "data" / "pdf"


def bare(path: Path) -> int:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        n = 0
        for page in pdf.pages:
            page.extract_text()
            page.close()
            n += 1
    return n


def reader(path: Path) -> int:
    src = read_pdf(path.read_bytes(), str(path))
    return src.pages or 0


def parse(path: Path) -> int:
    return bpextract.parse(path).pages or 0


def timed(fn: Callable[[Path], int], path: Path) -> tuple[float, int]:
    """CPU seconds of this process (wall time swings with the load of a shared machine)."""
    t = time.process_time()
    n = fn(path)
    return time.process_time() - t, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--files", default="congbao_*.pdf")
    args = ap.parse_args()
    files = sorted(PDFS.glob(args.files))
    if not files:
        raise SystemExit(f"no files match {PDFS / args.files}")
    totals = {"bare": 0.0, "reader": 0.0, "parse": 0.0}
    pages_total = 0
    print(f"{'file':48} {'pages':>5} {'bare s':>7} {'reader s':>8} {'parse s':>8} "
          f"{'reader/bare':>11} {'parse p/s':>9}")
    for f in files:
        times: dict[str, float] = {}
        pages = 0
        for _ in range(args.repeat):
            for name, fn in (("bare", bare), ("reader", reader), ("parse", parse)):
                t, pages = timed(fn, f)
                times[name] = min(times.get(name, t), t)
        for k in totals:
            totals[k] += times[k]
        pages_total += pages
        print(f"{f.name:48} {pages:5d} {times['bare']:7.2f} {times['reader']:8.2f} "
              f"{times['parse']:8.2f} {times['reader'] / times['bare']:11.2f} "
              f"{pages / times['parse']:9.1f}")
    print(f"{'TOTAL':48} {pages_total:5d} {totals['bare']:7.2f} {totals['reader']:8.2f} "
          f"{totals['parse']:8.2f} {totals['reader'] / totals['bare']:11.2f} "
          f"{pages_total / totals['parse']:9.1f}")
    print(f"pages/s: bare {pages_total / totals['bare']:.1f}, reader "
          f"{pages_total / totals['reader']:.1f}, parse {pages_total / totals['parse']:.1f}")


if __name__ == "__main__":
    main()
