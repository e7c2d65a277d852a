"""The gold annotations of corpus/ are consistent with their documents (DESIGN §5).

Every corpus/gold/*.json must load (known keys, well-formed values) and every annotated `text`
must be found, at its `occurrence`, in the parsed document's main text or in its footnote's text.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

import bpextract
from bpextract.model import Document
from bpextract.quality import (
    ITEM_SPECS,
    SPAN_TABLES,
    TABLE_SPECS,
    TOP_KEYS,
    gold_problems,
    load_corpus,
    load_gold,
    locate,
    valid_iso,
)
from conftest import CORPUS, SEEDS, seed_doc

GOLD_DIR = CORPUS / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))
QUANTITIES = {"count", "money", "percent", "length", "area", "duration", "rate", "fraction",
              "volume", "weight"}


@cache
def parsed(name: str) -> Document:
    key = name[:3]
    if SEEDS.get(key) == name:
        return seed_doc(key)
    return bpextract.parse(CORPUS / name)


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_every_seed_has_gold() -> None:
    assert len(GOLD_FILES) >= 5
    stems = {p.stem for p in GOLD_FILES}
    assert {Path(name).stem for name in SEEDS.values()} <= stems


def test_every_gold_file_has_its_document() -> None:
    pairs = load_corpus(CORPUS)
    assert sorted(g for _, g in pairs) == GOLD_FILES
    for document, gold_path in pairs:
        assert raw(gold_path)["document"] == document.name


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_gold_file_loads_with_known_keys_only(path: Path) -> None:
    data = raw(path)
    assert set(data) <= set(TOP_KEYS), set(data) - set(TOP_KEYS)
    gold = load_gold(path)  # validates every key and value type, raises on the first problem
    # a tables-only gold file (`"scope": "tables"`, issue 15) annotates the two table keys;
    # every other gold file annotates the header and every table of ITEM_SPECS
    specs = TABLE_SPECS if data.get("scope") == "tables" else ITEM_SPECS
    for table in specs if specs is TABLE_SPECS else ("header", *specs):
        assert table in data, f"{path.name}: '{table}' not annotated"
    for table, spec in {**specs, **{t: TABLE_SPECS[t] for t in TABLE_SPECS if t in data}}.items():
        for i, item in enumerate(data[table]):
            unknown = {k for k in item if not k.startswith("_")} - set(spec)
            assert not unknown, f"{path.name}: {table}[{i}] unknown keys {unknown}"
        assert len(gold.tables[table]) == len(data[table])


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_gold_values_are_well_formed(path: Path) -> None:
    data = raw(path)
    for i, ind in enumerate(data.get("table_indicators", [])):
        v = ind.get("value")
        assert v is None or (type(v) in (int, float) and v == v), (i, ind)
        if ind.get("quantity") is not None:
            assert ind["quantity"] in QUANTITIES | {"other"}, (i, ind)
    if data.get("scope") == "tables":
        return
    header = data["header"]
    if header.get("issue_date") is not None:
        assert valid_iso(header["issue_date"]), header["issue_date"]
    for i, s in enumerate(data["sections"]):
        assert type(s["level"]) is int and s["level"] >= 1, (i, s)
        assert type(s.get("part", 0)) is int and s.get("part", 0) >= 0, (i, s)
    parts = [s.get("part", 0) for s in data["sections"]]
    assert parts == sorted(parts), "sections must be in document order (part by part)"
    assert max(parts, default=0) <= len(data["parts"]), "a section names a part not annotated"
    for i, d in enumerate(data["dates"]):
        for key in ("value", "end_value"):
            if d.get(key) is not None:
                assert valid_iso(d[key]), (i, d)
        assert d["value"] is not None or d.get("kind") == "placeholder", (i, d)
    for i, r in enumerate(data["references"]):
        if r.get("date") is not None:
            assert valid_iso(r["date"]), (i, r)
        if r.get("year") is not None and r.get("date") is not None:
            assert r["date"].startswith(str(r["year"])), (i, r)
    for i, ind in enumerate(data["indicators"]):
        for key in ("value", "end_value", "total"):
            v = ind.get(key)
            assert v is None or (type(v) in (int, float) and v == v), (i, ind)  # no NaN
        if ind.get("quantity") is not None:
            assert ind["quantity"] in QUANTITIES, (i, ind)


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem[:3])
def test_gold_texts_are_found_at_their_occurrence(path: Path) -> None:
    gold = load_gold(path)
    assert gold.document is not None
    doc = parsed(gold.document)
    assert gold_problems(gold, doc) == []
    # the same lookup, spelled out, so this test does not only trust gold_problems
    notes = {f["id"]: f["text"] for f in gold.tables.get("footnotes", ())}
    checked = 0
    located = (*SPAN_TABLES, *TABLE_SPECS)
    for table in located:
        for item in gold.tables.get(table, ()):
            where = doc.text if item.get("footnote") is None else notes[item["footnote"]]
            start = locate(where, item["text"], item.get("occurrence", 1))
            assert start is not None and where[start:start + len(item["text"])] == item["text"]
            checked += 1
    assert checked == sum(len(gold.tables.get(t, ())) for t in located)
