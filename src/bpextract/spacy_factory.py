"""Registers the `bpextract` spaCy factory; spaCy imports this module through the
`spacy_factories` entry point, so `nlp.add_pipe("bpextract")` works after `pip install
bpextract[spacy]` with no import in user code."""

from __future__ import annotations

from typing import Any

from .extras import require
from .spacy_pipe import make_component as _make

_Language: Any = require("spacy.language", "spacy", "the spaCy component").Language
make_component = (_make if _Language.has_factory("bpextract")
                  else _Language.factory("bpextract", default_config={"rules": None})(_make))
