"""spaCy export: a Document as a `spacy.tokens.Doc` with one span group per record table, and
an HTML view of it through displaCy. spaCy is imported only here.

Span groups: `references`, `dates`, `indicators` (main-text records only: footnote records have
offsets into their footnote's text) and `sections` (each heading's label). A span's label is the
record's kind (`Chỉ thị`, `date`, `count`, `roman` ...); its character offsets are the record's,
so the record is found again by `start`/`end`.

spaCy is an extra (`pip install "bpextract[spacy]"`); without it these functions raise
MissingExtraError saying so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .extras import require
from .model import Document, Located

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

GROUPS = ("references", "dates", "indicators", "sections")
_NLP: list[Language] = []


def _nlp() -> Language:
    """A blank Vietnamese pipeline (whitespace and punctuation tokens; no pyvi needed)."""
    if not _NLP:
        spacy = require("spacy", "spacy", "The spaCy export (to_spacy)")
        _NLP.append(spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}}))
    return _NLP[0]


def _label(group: str, rec: Any) -> str:
    if group == "references":
        return str(rec.type or "reference")
    if group == "dates":
        return str(rec.kind)
    if group == "indicators":
        return str(rec.quantity or "indicator")
    return str(rec.style)


def to_spacy(doc: Document) -> Doc:
    """`doc.text` tokenized by spaCy, with span groups for the main-text records."""
    sdoc = _nlp()(doc.text)
    for group in GROUPS:
        spans = []
        for rec in getattr(doc, group):
            if isinstance(rec, Located) and rec.footnote is not None:
                continue
            start = rec.start
            end = rec.end if isinstance(rec, Located) else rec.start + len(rec.label)
            span = sdoc.char_span(start, end, label=_label(group, rec), alignment_mode="expand")
            if span is not None:
                spans.append(span)
        sdoc.spans[group] = spans
    return sdoc


def render_html(doc: Document, group: str = "references") -> str:
    """A standalone HTML page that highlights one span group (displaCy's span view)."""
    displacy = require("spacy.displacy", "spacy", "The HTML view (render_html)")
    sdoc = to_spacy(doc)
    html: str = displacy.render(sdoc, style="span", page=True, jupyter=False,
                                options={"spans_key": group})
    return html
