"""Census of the table records of the shared files: table kinds, table cells by status, unit and
period, task rows. Not a score (no gold for most of these files): a before/after record of what
a change to the table stage puts into users' tables, to be read against a run of the code
before it (PYTHONPATH of the older checkout), file by file.

    PYTHONPATH=src python benchmarks/table_census.py OUT.json     # writes the census
    python benchmarks/table_census.py --diff BEFORE.json AFTER.json

Files: the PDF, DOCX, DOC, HTML and legacy originals of ../shared/data, the PDF/DOCX and report
tables of tests/fixtures, and the documents of corpus/, corpus/tables/, corpus/tasks/.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = ("../shared/data/pdf/*.pdf", "../shared/data/docx/*.docx", "../shared/data/doc/*.doc",
            "../shared/data/html/*.html", "../shared/data/legacy/original/*/*",
            "tests/fixtures/*.pdf", "tests/fixtures/*.docx", "tests/fixtures/report_tables/*.txt",
            "corpus/*.txt", "corpus/*.doc", "corpus/*.md", "corpus/tables/*.doc",
            "corpus/tables/*.pdf", "corpus/tasks/*.pdf", "corpus/tasks/*.txt")


def census() -> dict[str, Any]:
    from bpextract import parse

    out: dict[str, Any] = {}
    for path in sorted({p for pat in PATTERNS for p in ROOT.glob(pat)}):
        key = str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
        try:
            d = parse(path)
        except Exception as exc:  # an unreadable file is a row, as in `bpextract extract`
            out[key] = {"error": type(exc).__name__}
            continue
        out[key] = {
            "kinds": [t.kind for t in d.tables],
            "cells": [[i.table, i.row, i.col, i.value_text, i.unit, i.quantity, i.status,
                       i.period] for i in d.indicators if i.table is not None],
            "tasks": [[k.table, k.row, k.text[:60]] for k in d.tasks],
        }
    return out


def diff(before: dict[str, Any], after: dict[str, Any]) -> None:
    total: Counter[str] = Counter()
    for f in sorted(set(before) | set(after)):
        x, y = before.get(f, {}), after.get(f, {})
        if "error" in x or "error" in y:
            continue
        for side, rec in (("before", x), ("after", y)):
            total[f"{side} cells"] += len(rec["cells"])
            total[f"{side} tasks"] += len(rec["tasks"])
            for c in rec["cells"]:
                total[f"{side} status {c[6]}"] += 1
                total[f"{side} no unit"] += c[4] is None
                total[f"{side} with period"] += c[7] is not None
        old = {tuple(c[:3]): c for c in x["cells"]}
        new = {tuple(c[:3]): c for c in y["cells"]}
        changed = Counter((tuple(old[k][4:8]) if k in old else None,
                           tuple(new[k][4:8]) if k in new else None)
                          for k in set(old) | set(new) if old.get(k) != new.get(k))
        if changed or Counter(x["kinds"]) != Counter(y["kinds"]) or x["tasks"] != y["tasks"]:
            print(f"{f}: kinds {dict(Counter(x['kinds']))} -> {dict(Counter(y['kinds']))}, "
                  f"cells {len(old)} -> {len(new)}, tasks {len(x['tasks'])} -> {len(y['tasks'])}")
            for (a, b), n in changed.most_common(5):
                print(f"    {n} x (unit, quantity, status, period) {a} -> {b}")
    for k in sorted(total):
        print(f"{k}: {total[k]}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["--diff"]:
        diff(json.loads(Path(argv[1]).read_text(encoding="utf-8")),
             json.loads(Path(argv[2]).read_text(encoding="utf-8")))
        return
    Path(argv[0]).write_text(json.dumps(census(), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
