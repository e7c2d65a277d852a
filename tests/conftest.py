"""Shared test helpers: the corpus, ../shared, and parsed seeds (parsed once per session).

Tests that read the real data in ../shared get their paths from `shared_path`: on a fresh clone
without ../shared they skip with the reason; under CI (`CI=true`) they fail, since CI must run
them.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

import bpextract
from bpextract.model import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

SEEDS = {
    "000": "000_8b4ae3eac95484b2.txt",
    "001": "001_d53edbe71fc89d4f.txt",
    "002": "002_2e1d0f46c89fc400.txt",
    "003": "003_1f92b6282767ab84.txt",
    "004": "004_019c82b1cf276d3c.txt",
}


@cache
def seed_doc(key: str) -> Document:
    """The parsed seed `key` ('000'..'004'), parsed once for the whole test session."""
    return bpextract.parse(CORPUS / SEEDS[key])


@pytest.fixture(scope="session")
def seeds() -> dict[str, Document]:
    return {k: seed_doc(k) for k in SEEDS}


def in_ci() -> bool:
    """True under continuous integration (`CI=true`, as CI services set it)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def shared_path(*parts: str) -> Path:
    """A path under ../shared. When it is missing the test is skipped with the reason, or
    failed under CI, where the shared data must be present."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        reason = f"{p} is missing: this test reads the shared data next to the repo (../shared)"
        if in_ci():
            pytest.fail(f"{reason}; under CI (CI=true) it must be there", pytrace=False)
        pytest.skip(reason)
    return p


@cache
def bench_text(record_id: str) -> str:
    """The text of one record of ../shared/data/bench/vn_legal_fulltext.jsonl.gz (by its `id`),
    read once per test process; skipped (failed under CI) without ../shared, as shared_path."""
    quoted = json.dumps(record_id)  # as the record's line writes it, to skip the others unparsed
    with gzip.open(shared_path("data", "bench", "vn_legal_fulltext.jsonl.gz"), "rt",
                   encoding="utf-8") as f:
        for line in f:
            if quoted in line or record_id in line:
                rec = json.loads(line)
                if rec["id"] == record_id:
                    return str(rec["text"])
    raise AssertionError(f"bench record {record_id} missing")


def bench_texts(n: int) -> Iterator[str]:
    """The texts of the first `n` records of the bench file, in file order; skipped (failed
    under CI) without ../shared, as shared_path."""
    with gzip.open(shared_path("data", "bench", "vn_legal_fulltext.jsonl.gz"), "rt",
                   encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n:
                break
            yield str(json.loads(line)["text"])
