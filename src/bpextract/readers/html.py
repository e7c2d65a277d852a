"""HTML pages saved from the legal portals (issue 12: not yet implemented)."""

from __future__ import annotations

from ..errors import InputError
from . import Source


def read_html(data: bytes, path: str) -> Source:
    raise InputError(f"{path}: HTML input is not supported yet; save the page as text")
