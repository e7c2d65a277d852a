"""Dump every record table of the bench sample and of the corpus, row by row, to one file.

usage: python benchmarks/dump_tables.py OUT [--docs 200] [--seed 11] [--no-corpus]

Speed work must not change a record: dump before a change, dump after, `cmp` the two files.
The sample is bench_text.py's (same draw); the corpus is corpus/, corpus/tasks and
corpus/tables (every readable file). Each document gives its `tables.document_rows` (every
exported table) and the `repr` of the Document (every field but the text map), one JSON line
per row. Not a test: a check to run by hand around a change.
"""

from __future__ import annotations

import argparse
import json
import sys

from bench_text import ROOT, sample


def _lines(doc: object) -> list[str]:
    from bpextract.tables import document_rows

    out = []
    for table, rows in sorted(document_rows(doc).items()):  # type: ignore[arg-type]
        for row in rows:
            out.append(json.dumps([table, row], ensure_ascii=False, default=str,
                                  sort_keys=True))
    out.append(json.dumps(["repr", repr(doc)], ensure_ascii=False))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--no-corpus", action="store_true")
    a = ap.parse_args()
    import bpextract
    from bpextract.readers import FORMATS

    with open(a.out, "w", encoding="utf-8") as f:
        for name, text in sample(a.docs, a.seed):
            f.write("\n".join(_lines(bpextract.parse_text(text, source=name))) + "\n")
        if not a.no_corpus:
            for folder in ("corpus", "corpus/tasks", "corpus/tables"):
                for path in sorted((ROOT / folder).iterdir()):
                    if path.suffix.lower() in FORMATS and path.is_file():
                        doc = bpextract.parse(path)
                        f.write("\n".join(_lines(doc)) + "\n")
    print(f"wrote {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
