"""CI floor: the extraction must not score below corpus/floors.json on the annotated corpus.

Floors are kept per document set (`sets` in floors.json): the v1 development documents, the
wave-2 documents in archive forms, the task-table plans. A set's scores are micro-averaged over
its own documents only, so adding a harder document to the corpus starts a new set (or joins
one at its measured level) and never lowers the floor an older set holds. Floors only go up (see
`_how_to_raise`). Attribute accuracies over matched pairs (`references.issuer` ...) have no
floor: they can fall when recall rises.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import bpextract
from bpextract.model import Document
from bpextract.quality import HEADER_FIELDS, Report, load_corpus, load_gold, score
from conftest import CORPUS, ROOT, SEEDS, seed_doc

FLOORS_FILE = CORPUS / "floors.json"
TOLERANCE = 1e-9  # floors are rounded down, so equality with the value reached passes


def floors() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(FLOORS_FILE.read_text(encoding="utf-8"))
    return data


def sets() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = floors()["sets"]
    return out


def members(spec: dict[str, Any]) -> list[tuple[Path, Path]]:
    """The (document, gold) pairs of a set: its folder, document prefixes `lo`..`hi`."""
    lo, hi = spec["documents"]
    return [(d, g) for d, g in load_corpus(ROOT / spec["folder"]) if lo <= d.name[:3] <= hi]


@cache
def report(name: str) -> Report:
    spec = next(s for s in sets() if s["name"] == name)
    pairs: list[tuple[Document, Any]] = []
    for path, gold_path in members(spec):
        key = path.name[:3]
        in_corpus = path.parent == CORPUS and SEEDS.get(key) == path.name
        doc = seed_doc(key) if in_corpus else bpextract.parse(path)
        pairs.append((doc, load_gold(gold_path)))
    return score(pairs)


def reached(rep: Report) -> str:
    tables = {k: round(c.f1, 4) for k, c in rep.tables.items()}
    fields = {k: None if a.accuracy is None else round(a.accuracy, 4)
              for k, a in rep.fields.items() if k.startswith("header.")}
    return json.dumps({"tables": tables, "fields": fields}, ensure_ascii=False, indent=1)


def test_floors_file_is_well_formed() -> None:
    data = floors()
    assert set(data) == {"_how_to_raise", "sets"}
    names = [s["name"] for s in data["sets"]]
    assert len(names) == len(set(names)) >= 3
    for spec in data["sets"]:
        assert set(spec) == {"name", "folder", "documents", "tables", "fields"}, spec["name"]
        lo, hi = spec["documents"]
        assert len(lo) == len(hi) == 3 and lo <= hi, spec["name"]
        for group in ("tables", "fields"):
            for name, value in spec[group].items():
                assert type(value) in (int, float) and 0.0 <= value <= 1.0, (group, name, value)
        assert set(spec["fields"]) <= {f"header.{f}" for f in HEADER_FIELDS}


def test_every_annotated_document_is_in_exactly_one_set() -> None:
    seen: dict[Path, str] = {}
    for spec in sets():
        got = members(spec)
        assert got, f"set {spec['name']} holds no annotated document"
        for doc, _ in got:
            assert doc not in seen, f"{doc.name} is in {seen[doc]} and {spec['name']}"
            seen[doc] = spec["name"]
    folders = {ROOT / s["folder"] for s in sets()}
    every = {d for f in folders for d, _ in load_corpus(f)}
    assert every == set(seen), sorted(p.name for p in every - set(seen))
    assert CORPUS in folders


@pytest.mark.parametrize("name", [s["name"] for s in sets()])
def test_every_scored_table_and_header_field_has_a_floor(name: str) -> None:
    rep, spec = report(name), next(s for s in sets() if s["name"] == name)
    assert set(rep.tables) == set(spec["tables"]), reached(rep)
    scored = {k for k, a in rep.fields.items()
              if k.startswith("header.") and a.accuracy is not None}
    assert scored == set(spec["fields"]), reached(rep)


@pytest.mark.parametrize("name", [s["name"] for s in sets()])
def test_no_table_or_header_field_below_its_floor(name: str) -> None:
    rep, spec = report(name), next(s for s in sets() if s["name"] == name)
    below = []
    for table, floor in spec["tables"].items():
        f1 = rep.tables[table].f1
        if f1 < floor - TOLERANCE:
            below.append(f"{name}: table {table}: F1 {f1:.4f} < floor {floor}")
    for field, floor in spec["fields"].items():
        acc = rep.fields[field].accuracy
        if acc is not None and acc < floor - TOLERANCE:
            below.append(f"{name}: field {field}: accuracy {acc:.4f} < floor {floor}")
    assert not below, "\n".join([*below, "values reached now:", reached(rep)])
