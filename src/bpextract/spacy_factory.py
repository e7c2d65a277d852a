"""Registers the `bpextract` spaCy factory; spaCy imports this module through the
`spacy_factories` entry point, so `nlp.add_pipe("bpextract")` works after `pip install
bpextract[spacy]` with no import in user code."""

from __future__ import annotations

from spacy.language import Language

from .spacy_pipe import make_component as _make

make_component = (_make if Language.has_factory("bpextract")
                  else Language.factory("bpextract", default_config={"rules": None})(_make))
