"""bpextract as a spaCy pipeline component: `nlp.add_pipe("bpextract")`.

The component parses `doc.text` with bpextract and puts each record table on
`doc.spans[table]` (`references`, `dates`, `indicators`, `sections`): a span per main-text record,
labelled with the record's kind, whose text is exactly the record's text. Every record boundary
is made a token boundary: the tokenizer here splits Vietnamese punctuation off words (`;` `.`
`)` `“` ...), and where a record still starts or ends inside a token (a glued `1.Công`), that
token is split, so spans are created with `alignment_mode="strict"` and never widened.

The record's fields are on the span as `span._.bpextract` (a dict, stored in `doc.user_data`,
so a `DocBin(store_user_data=True)` round trip keeps them). The language is spaCy's
multi-language `xx`, so a saved Doc loads back with `spacy.blank("xx").vocab` and no extra
configuration (the `vi` language wants the pyvi package by default).

spaCy is imported only here and only when used; it is the `bpextract[spacy]` extra.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .extras import require
from .model import Document, Located

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

GROUPS = ("references", "dates", "indicators", "sections")
EXTENSION = "bpextract"

# split off a word: Vietnamese quotes, brackets and sentence punctuation; a dot after a
# number glued to the next word (`1.Công`); a footnote-style digit glued after a letter is left
_PREFIXES = [r"[“‘\"'(\[{«]", r"[-–—•·*+](?=\S)"]
_SUFFIXES = [r"[”’\"')\]}»]", r"[.,;:!?…]+", r"(?<=\d)%"]
_INFIXES = [r"(?<=[0-9])[.)](?=[^\W\d_])", r"(?<=[^\W\d_])[,;:](?=[^\W\d_])",
            r"(?<=\w)[()“”\"](?=\w)"]


def _label(group: str, rec: Any) -> str:
    if group == "references":
        return str(rec.type or "reference")
    if group == "dates":
        return str(rec.kind)
    if group == "indicators":
        return str(rec.quantity or "indicator")
    return str(rec.style)


_FEATURE = "the spaCy component"


def _ensure_extension() -> None:
    Span = require("spacy.tokens", "spacy", _FEATURE).Span

    if not Span.has_extension(EXTENSION):
        Span.set_extension(EXTENSION, default=None)


def customize_tokenizer(nlp: Language) -> Language:
    """Add the Vietnamese punctuation rules to `nlp`'s tokenizer (in place)."""
    util = require("spacy.util", "spacy", _FEATURE)
    compile_prefix_regex = util.compile_prefix_regex
    compile_suffix_regex = util.compile_suffix_regex
    compile_infix_regex = util.compile_infix_regex
    d = nlp.Defaults
    tok: Any = nlp.tokenizer
    tok.prefix_search = compile_prefix_regex([*_PREFIXES, *(d.prefixes or ())]).search
    tok.suffix_search = compile_suffix_regex([*_SUFFIXES, *(d.suffixes or ())]).search
    tok.infix_finditer = compile_infix_regex([*_INFIXES, *(d.infixes or ())]).finditer
    return nlp


def blank() -> Language:
    """A blank pipeline with bpextract's tokenizer rules (language `xx`, no pyvi needed)."""
    nlp: Language = require("spacy", "spacy", _FEATURE).blank("xx")
    return customize_tokenizer(nlp)


def _records(doc: Document, group: str) -> Iterable[tuple[int, int, Any]]:
    for rec in getattr(doc, group):
        if isinstance(rec, Located):
            if rec.footnote is None:  # footnote records point into their footnote's text
                yield rec.start, rec.end, rec
        else:
            yield rec.start, rec.start + len(rec.label), rec


def split_at(sdoc: Doc, cuts: Iterable[int]) -> Doc:
    """Make every offset in `cuts` a token boundary by splitting the tokens it falls inside."""
    inside: dict[int, set[int]] = defaultdict(set)
    starts = {t.idx: t.i for t in sdoc}
    for c in cuts:
        if c in starts or c >= len(sdoc.text) or c <= 0:
            continue
        span = sdoc.char_span(c, c + 1, alignment_mode="expand")
        if span is None:
            continue
        tok = sdoc[span.start]
        if tok.idx < c < tok.idx + len(tok.text):
            inside[tok.i].add(c - tok.idx)
    if not inside:
        return sdoc
    with sdoc.retokenize() as retok:
        for i, offs in inside.items():
            tok = sdoc[i]
            bounds = [0, *sorted(offs), len(tok.text)]
            orths = [tok.text[a:b] for a, b in itertools.pairwise(bounds)]
            heads: list[Any] = [(tok, k) for k in range(len(orths))]
            retok.split(tok, orths, heads=heads)
    return sdoc


def annotate(sdoc: Doc, doc: Document) -> Doc:
    """Put `doc`'s main-text records on `sdoc.spans`, splitting tokens where a boundary needs it.

    `sdoc.text` must equal `doc.text`.
    """
    if sdoc.text != doc.text:
        raise ValueError("the spaCy Doc's text differs from the bpextract Document's text")
    _ensure_extension()
    cuts = {x for g in GROUPS for s, e, _r in _records(doc, g) for x in (s, e)}
    sdoc = split_at(sdoc, cuts)
    for group in GROUPS:
        spans = []
        for start, end, rec in _records(doc, group):
            span = sdoc.char_span(start, end, label=_label(group, rec), alignment_mode="strict")
            if span is None:  # cannot happen after split_at; kept as a guard, never widened
                raise ValueError(f"{group} record [{start}:{end}] is not on token boundaries")
            span._.set(EXTENSION, rec.to_dict())
            spans.append(span)
        sdoc.spans[group] = spans
    return sdoc


class BpextractComponent:
    """The pipeline component: parse the Doc's text and annotate it."""

    def __init__(self, rules: str | None = None) -> None:
        self.rules = rules

    def __call__(self, sdoc: Doc) -> Doc:
        from .api import parse_text

        return annotate(sdoc, parse_text(sdoc.text, source="<spacy>", rules=self.rules))


def make_component(nlp: Language, name: str, rules: str | None) -> BpextractComponent:
    """Factory registered with spaCy (entry point `spacy_factories`)."""
    return BpextractComponent(rules)

