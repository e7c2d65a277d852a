"""Header fields on held-out thuvienphapluat.vn pages flattened to markdown (issue 12 item 2).

benchmarks/data/mdweb/ holds 24 pages of tnt305/tai_lieu_noi_bo (a RAG project that stored
thuvienphapluat.vn pages through `trafilatura.extract(output_format="markdown")`; source and
basis in its SOURCES.md), whole, as the repository stores them, and truth.tsv written by hand
from the page text (issuer, number, doc_type, place, issue_date, title). The rows are split in
halves: rules were tuned on half A only; half B is the check; half C, drawn later, checks the
fixes made after B's first score. Each page goes through the
whole pipeline (`bpextract.parse`: markdown removal, page chrome, footnotes, header). A field is
right when it equals the truth after case folding, NFC and punctuation/space folding (the title
too: truth is the printed text, so no similarity slack).

    PYTHONPATH=src python benchmarks/bench_md_heldout.py [--half A|B] [--show FIELD|all]
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

import regex

from bpextract import parse

DIR = Path(__file__).resolve().parent / "data" / "mdweb"
FIELDS = ("issuer", "number", "doc_type", "place", "issue_date", "title")


def fold(s: str | None) -> str:
    """Case, NFC, old/new tone placement and punctuation folded: the form two values are
    compared in."""
    s = unicodedata.normalize("NFC", s or "").casefold()
    s = s.replace("hoà", "hòa").replace("uỷ", "ủy").replace("oá", "óa")
    return " ".join(regex.sub(r"[^\w\s]", " ", s).split())


def truth_rows() -> list[dict[str, str]]:
    with (DIR / "truth.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def score(half: str = "", show: str = "") -> tuple[int, dict[str, int]]:
    """(documents, right per field) over the rows of `half` ('' = all)."""
    right = dict.fromkeys(FIELDS, 0)
    n = 0
    for row in truth_rows():
        if half and row["half"] != half:
            continue
        n += 1
        h = parse(DIR / row["file"]).header
        for k in FIELDS:
            got = getattr(h, k)
            ok = fold(got) == fold(row[k])
            right[k] += ok
            if not ok and show in (k, "all"):
                print(f"{row['file']} {k}: want {row[k]!r}\n{'':>{len(row['file'])}} got  {got!r}")
    return n, right


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", default="", choices=("", "A", "B", "C"))
    ap.add_argument("--show", default="", help="print the misses of this field (or all)")
    args = ap.parse_args()
    halves = [args.half] if args.half else ["A", "B", "C", ""]
    print("half  docs  " + "  ".join(f"{k:>10}" for k in FIELDS))
    for hf in halves:
        n, right = score(hf, args.show if hf == halves[0] else "")
        print(f"{hf or 'all':4}  {n:4}  " + "  ".join(f"{right[k] / max(n, 1):10.3f}"
                                                     for k in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
