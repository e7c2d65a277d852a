"""Resolve short forms and declared aliases to the full number cited elsewhere in the document.

STUB: to be built by the references issue.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Reference
from .rules import Rules


def resolve_references(refs: Sequence[Reference], rules: Rules) -> list[Reference]:
    return list(refs)
