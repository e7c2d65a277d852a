"""Header fields on held-out thuvienphapluat.vn pages flattened to markdown (issue 12 item 2).

benchmarks/data/mdweb/ holds 24 pages of tnt305/tai_lieu_noi_bo (a RAG project that stored
thuvienphapluat.vn pages through `trafilatura.extract(output_format="markdown")`; source and
basis in its SOURCES.md), whole, as the repository stores them, and truth.tsv written by hand
from the page text (issuer, number, doc_type, place, issue_date, title). The rows are split in
halves: rules were tuned on half A only; half B is the check; half C, drawn later, checks the
fixes made after B's first score. Each page goes through the whole pipeline (`bpextract.parse`:
markdown removal, page chrome, footnotes, header); the scoring (case, NFC and punctuation
folding, no similarity slack on titles) is bench_flat_heldout.py's.

    PYTHONPATH=src python benchmarks/bench_md_heldout.py [--half A|B|C] [--show FIELD|all]
"""

from __future__ import annotations

import sys
from pathlib import Path

from bench_flat_heldout import main as score_halves

from bpextract import parse
from bpextract.model import Header

DIR = Path(__file__).resolve().parent / "data" / "mdweb"


def header_of(path: Path) -> Header:
    """The whole pipeline: markdown removal, page chrome and footnotes come before the header."""
    return parse(path).header


if __name__ == "__main__":
    sys.exit(score_halves(("A", "B", "C", "D"), DIR, header_of))
