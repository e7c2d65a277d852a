"""bpextract: structured records from Vietnamese plans and reports.

    import bpextract
    doc = bpextract.parse("bao_cao.txt")
    doc.header.number, doc.references, doc.indicators
    frames = bpextract.to_frames([doc])

Importing is light: heavy libraries (pandas, underthesea, spaCy, pdfplumber) load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import BpextractError, InputError, RuleError, UsageError

__version__ = "0.1.0"

_LAZY = {
    "parse": "api", "parse_text": "api", "parse_folder": "api", "ErrorRecord": "api",
    "parse_bytes": "api", "parse_or_error": "api", "iter_files": "api", "FolderRun": "api",
    "to_frames": "frames", "to_spacy": "spacy_export", "render_html": "spacy_export",
    "Document": "model", "Rules": "rules", "get_rules": "rules",
}

if TYPE_CHECKING:
    from .api import (
        ErrorRecord,
        FolderRun,
        iter_files,
        parse,
        parse_bytes,
        parse_folder,
        parse_or_error,
        parse_text,
    )
    from .frames import to_frames
    from .model import Document
    from .rules import Rules, get_rules
    from .spacy_export import render_html, to_spacy


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'bpextract' has no attribute '{name}'")
    import importlib

    return getattr(importlib.import_module(f".{mod}", __name__), name)


__all__ = ["BpextractError", "Document", "ErrorRecord", "FolderRun", "InputError", "RuleError",
           "Rules", "UsageError", "get_rules", "iter_files", "parse", "parse_bytes",
           "parse_folder", "parse_or_error", "parse_text", "render_html", "to_frames",
           "to_spacy"]
