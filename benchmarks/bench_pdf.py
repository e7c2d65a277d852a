"""`bpextract.parse` on PDFs against bare pdfplumber `extract_text` of the same pages.

usage: python benchmarks/bench_pdf.py [--repeat R] [--files GLOB] [--engine E] [--plumber]

For each PDF (default: the Công báo PDFs of ../shared/data/pdf and tests/fixtures), in the same
run and interleaved, the best of R repeats (process CPU time, so other jobs on the machine do
not count) of:
  bare    pdfplumber.open + page.extract_text() for every page (the reference)
  reader  bpextract.readers.pdf.read_pdf with engine E (layout, footnotes, tables, headers)
  parse   bpextract.parse with engine E (reader + the whole pipeline)
  plumber (with --plumber) bpextract.parse with the pdfplumber engine
and the speed-up bare / parse, per file and in total. Target (issue 11): bare / parse >= 4 with
the pdfium engine. Not a test: numbers go to benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path

import pdfplumber

import bpextract
from bpextract.readers import pdf as pdf_reader
from bpextract.readers.pdf import ENGINES, PdfEngine, read_pdf

ROOT = Path(__file__).resolve().parent.parent
PDFS = (ROOT.parent / "shared" / "data" / "pdf", ROOT / "tests" / "fixtures")


def bare(path: Path) -> int:
    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        n = 0
        for page in pdf.pages:
            page.extract_text()
            page.close()
            n += 1
    return n


def reader(engine: PdfEngine) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        return read_pdf(path.read_bytes(), str(path), engine).pages or 0

    return run


def parse(engine: PdfEngine) -> Callable[[Path], int]:
    def run(path: Path) -> int:
        # the engine bpextract.parse uses is the reader's module default
        old, pdf_reader.DEFAULT_ENGINE = pdf_reader.DEFAULT_ENGINE, engine
        try:
            return bpextract.parse(path).pages or 0
        finally:
            pdf_reader.DEFAULT_ENGINE = old

    return run


def timed(fn: Callable[[Path], int], path: Path) -> tuple[float, int]:
    """CPU seconds of this process (wall time swings with the load of a shared machine)."""
    t = time.process_time()
    n = fn(path)
    return time.process_time() - t, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--files", default="congbao_*.pdf")
    ap.add_argument("--engine", choices=ENGINES, default="pdfium")
    ap.add_argument("--plumber", action="store_true", help="also parse with pdfplumber")
    ap.add_argument("--no-reader", action="store_true", help="skip the reader-only timing")
    args = ap.parse_args()
    files = sorted({p.name: p for d in PDFS for p in sorted(d.glob(args.files))}.values())
    if not files:
        raise SystemExit(f"no files match {args.files} in {', '.join(map(str, PDFS))}")
    runs: dict[str, Callable[[Path], int]] = {"bare": bare, "reader": reader(args.engine),
                                              "parse": parse(args.engine)}
    if args.no_reader:
        del runs["reader"]
    if args.plumber:
        runs["plumber"] = parse("pdfplumber")
    # rules, pdfium and the word segmenter (loaded lazily) outside the timings
    bpextract.parse_text("Điều 1. Khởi động.")
    bpextract.parse(files[0])
    totals = dict.fromkeys(runs, 0.0)
    pages_total = 0
    cols = "".join(f" {k + ' s':>9}" for k in runs)
    print(f"engine {args.engine}, best of {args.repeat}, process CPU seconds")
    print(f"{'file':44} {'pages':>5}{cols} {'bare/parse':>10} {'parse ms/p':>10}")
    for f in files:
        times: dict[str, float] = {}
        pages = 0
        for _ in range(args.repeat):
            for name, fn in runs.items():
                t, pages = timed(fn, f)
                times[name] = min(times.get(name, t), t)
        for k in totals:
            totals[k] += times[k]
        pages_total += pages
        vals = "".join(f" {times[k]:9.3f}" for k in runs)
        print(f"{f.name:44} {pages:5d}{vals} {times['bare'] / times['parse']:10.2f} "
              f"{1000 * times['parse'] / pages:10.1f}")
    vals = "".join(f" {totals[k]:9.2f}" for k in runs)
    print(f"{'TOTAL':44} {pages_total:5d}{vals} {totals['bare'] / totals['parse']:10.2f} "
          f"{1000 * totals['parse'] / pages_total:10.1f}")
    print("pages/s: " + ", ".join(f"{k} {pages_total / totals[k]:.1f}" for k in runs))


if __name__ == "__main__":
    main()
