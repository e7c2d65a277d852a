"""spaCy export: a Document as a `spacy.tokens.Doc` with one span group per record table, and
an HTML view of the records.

Span groups: `references`, `dates`, `indicators` (main-text records only: footnote records have
offsets into their footnote's text) and `sections` (each heading's label). A span's label is the
record's kind (`Chỉ thị`, `date`, `count`, `roman` ...), its text is exactly the record's text
(tokens are split at record boundaries, see `spacy_pipe`), and the record's fields are on
`span._.bpextract`.

spaCy is an extra (`pip install "bpextract[spacy]"`); without it `to_spacy` raises
MissingExtraError saying so. `render_html` needs no spaCy: it is the review page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import Document

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

GROUPS = ("references", "dates", "indicators", "sections")
_NLP: list[Language] = []


def _nlp() -> Language:
    """spaCy's multi-language pipeline with bpextract's tokenizer rules (no pyvi needed)."""
    if not _NLP:
        from .spacy_pipe import blank

        _NLP.append(blank())
    return _NLP[0]


def to_spacy(doc: Document) -> Doc:
    """`doc.text` tokenized by spaCy, with a span group per record table (strict spans)."""
    from .spacy_pipe import annotate

    return annotate(_nlp()(doc.text), doc)


def render_html(doc: Document, group: str = "references") -> str:
    """A standalone HTML page of the document with the records of `group` highlighted (the
    other tables can be switched on in its legend): `review.review_page` opened on one table."""
    from .review import TABLES, review_page

    if group not in TABLES:
        raise ValueError(f"unknown group {group!r}; choose one of: {', '.join(TABLES)}")
    return review_page(doc, only=group)
