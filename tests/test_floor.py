"""CI floor: the extraction must not score below corpus/floors.json on the annotated corpus.

Floors only go up (see `_how_to_raise` in corpus/floors.json). Attribute accuracies over matched
pairs (`references.issuer`, `sections.level` ...) have no floor: they can fall when recall rises.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import bpextract
from bpextract.model import Document
from bpextract.quality import HEADER_FIELDS, Report, load_corpus, load_gold, score
from conftest import CORPUS, SEEDS, seed_doc

FLOORS_FILE = CORPUS / "floors.json"
TOLERANCE = 1e-9  # floors are rounded down, so equality with the value reached passes


def floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return data


@cache
def corpus_report() -> Report:
    pairs: list[tuple[Document, Any]] = []
    for path, gold_path in load_corpus(CORPUS):
        key = path.name[:3]
        doc = seed_doc(key) if SEEDS.get(key) == path.name else bpextract.parse(path)
        pairs.append((doc, load_gold(gold_path)))
    return score(pairs)


def reached(report: Report) -> str:
    tables = {k: round(c.f1, 4) for k, c in report.tables.items()}
    fields = {k: None if a.accuracy is None else round(a.accuracy, 4)
              for k, a in report.fields.items() if k.startswith("header.")}
    return json.dumps({"tables": tables, "fields": fields}, ensure_ascii=False, indent=1)


def test_floors_file_is_well_formed() -> None:
    data = floors()
    assert set(data) == {"_how_to_raise", "tables", "fields"}
    for group in ("tables", "fields"):
        for name, value in data[group].items():
            assert type(value) in (int, float) and 0.0 <= value <= 1.0, (group, name, value)
    assert set(data["fields"]) == {f"header.{f}" for f in HEADER_FIELDS}


def test_every_scored_table_and_header_field_has_a_floor() -> None:
    report, data = corpus_report(), floors()
    assert set(report.tables) == set(data["tables"]), reached(report)
    scored_fields = {k for k in report.fields if k.startswith("header.")}
    assert scored_fields == set(data["fields"]), reached(report)


def test_no_table_or_header_field_below_its_floor() -> None:
    report, data = corpus_report(), floors()
    below = []
    for name, floor in data["tables"].items():
        f1 = report.tables[name].f1
        if f1 < floor - TOLERANCE:
            below.append(f"table {name}: F1 {f1:.4f} < floor {floor}")
    for name, floor in data["fields"].items():
        acc = report.fields[name].accuracy
        if acc is not None and acc < floor - TOLERANCE:
            below.append(f"field {name}: accuracy {acc:.4f} < floor {floor}")
    assert not below, "\n".join([*below, "values reached now:", reached(report)])
