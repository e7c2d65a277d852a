"""Optional features and the pip extras that install them.

The core install reads documents and writes CSV, JSONL, XLSX and SQLite. Heavier parts are
extras (see pyproject.toml): `bpextract[spacy]` for the spaCy export, `bpextract[parquet]` for
Parquet output, `bpextract[dask]` for dask, `bpextract[all]` for everything. Code that needs one
imports it through `require`, so a missing extra is a one-line message naming what to install
instead of a bare ImportError.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import UsageError


class MissingExtraError(UsageError, ImportError):
    """A feature needs an optional dependency that is not installed (also an ImportError)."""


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import `module` for `feature`, or raise MissingExtraError naming the extra to install.

    Example: `spacy = require("spacy", "spacy", "the spaCy export")`.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{feature} needs {module.split('.')[0]}, which is not installed: "
            f'pip install "bpextract[{extra}]"') from exc


__all__ = ["MissingExtraError", "require"]
