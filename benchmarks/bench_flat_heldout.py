"""Header fields on held-out flattened web pages (issue 12 item 2), truth written by hand.

benchmarks/flat_heldout/ holds the heads of real thuvienphapluat.vn pages as a crawler stored
them (sources in its SOURCES.md) and truth.tsv (issuer, number, doc_type, place, issue_date,
title; an empty cell means the document has none). The set is split in two halves: rules were
tuned on half A only; half B is the check. A field is right when it equals the truth after
case folding, NFC and punctuation/space folding (the title too: truth is the printed text, so
no similarity slack); an empty truth wants no value.

    PYTHONPATH=src python benchmarks/bench_flat_heldout.py [--half A|B] [--show FIELD]
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import regex

from bpextract.header import extract_header
from bpextract.model import Header
from bpextract.normalize import normalize
from bpextract.parts import split_parts
from bpextract.rules import get_rules

DIR = Path(__file__).resolve().parent / "flat_heldout"
FIELDS = ("issuer", "number", "doc_type", "place", "issue_date", "title")


def _norm(s: str | None) -> str:
    s = unicodedata.normalize("NFC", s or "").casefold()
    s = s.replace("hoà", "hòa").replace("uỷ", "ủy").replace("oá", "óa")
    return " ".join(regex.sub(r"[^\w\s]", " ", s).split())


def _header_of_head(path: Path) -> Header:
    """The header of a page head: normalized text straight into the header stage."""
    rules = get_rules()
    t = normalize(path.read_text(encoding="utf-8")).text
    return extract_header(t, split_parts(t, rules), rules)[0]


def score(half: str = "", show: str = "", folder: Path = DIR,
          header_of: Callable[[Path], Header] = _header_of_head) -> tuple[int, dict[str, int]]:
    """(documents, right per field) over the rows of `half` ('' = all) of `folder`/truth.tsv,
    each page's header read by `header_of`."""
    right = dict.fromkeys(FIELDS, 0)
    n = 0
    with (folder / "truth.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for row in rows:
        if half and row["half"] != half:
            continue
        n += 1
        h = header_of(folder / row["file"])
        for k in FIELDS:
            got = getattr(h, k)
            ok = _norm(got) == _norm(row[k])
            right[k] += ok
            if not ok and show in (k, "all"):
                print(f"{row['file']} {k}: want {row[k]!r}\n{'':>{len(row['file'])}} got  {got!r}")
    return n, right


def main(halves: tuple[str, ...] = ("A", "B"), folder: Path = DIR,
         header_of: Callable[[Path], Header] = _header_of_head) -> int:
    """Print the scores of each half and of all rows (or of `--half` only)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", default="", choices=("", *halves))
    ap.add_argument("--show", default="", help="print the misses of this field (or all)")
    args = ap.parse_args()
    shown = [args.half] if args.half else [*halves, ""]
    print("half  docs  " + "  ".join(f"{k:>10}" for k in FIELDS))
    for hf in shown:
        n, right = score(hf, args.show if hf == shown[0] else "", folder, header_of)
        print(f"{hf or 'all':4}  {n:4}  " + "  ".join(f"{right[k] / max(n, 1):10.3f}"
                                                     for k in FIELDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
