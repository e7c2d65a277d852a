"""Word 97-2003 .doc and .rtf files (issue 12: not yet implemented)."""

from __future__ import annotations

from ..errors import InputError
from . import Source


def read_doc(data: bytes, path: str, fmt: str) -> Source:
    raise InputError(f"{path}: .{fmt} input is not supported yet; save it as .docx")
