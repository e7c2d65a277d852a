"""Shared test helpers: the corpus, ../shared, and parsed seeds (parsed once per session)."""

from __future__ import annotations

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


def shared_path(*parts: str) -> Path:
    """A path under ../shared; the test is failed (not skipped) when it is missing."""
    p = SHARED.joinpath(*parts)
    if not p.exists():
        pytest.fail(f"{p} is missing: tests need the shared data next to the repo")
    return p
