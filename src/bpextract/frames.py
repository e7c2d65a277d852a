"""pandas DataFrames, one per table (pandas is imported only here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .api import ErrorRecord
from .model import Document
from .tables import COLUMNS, TABLES, rows_of

if TYPE_CHECKING:
    import pandas as pd

DTYPES = {"str": "string", "int": "Int64", "float": "Float64", "bool": "boolean",
           "date": "datetime64[ns]"}
# closed vocabularies: pandas categoricals (smaller, and `value_counts` lists every value)
CATEGORIES: dict[str, tuple[str, ...]] = {
    "documents": ("format", "doc_type", "issuer_code"),
    "sections": ("style",),
    "references": ("type", "relation", "issuer_code"),
    "dates": ("kind", "role", "precision"),
    "indicators": ("unit", "quantity", "qualifier", "role", "currency"),
    "checks": ("check", "table"),
    "errors": ("error",),
}


def to_frames(docs: Iterable[Document | ErrorRecord] | Document) -> dict[str, pd.DataFrame]:
    """{table name: DataFrame} with the table columns, even for empty tables: nullable
    integers, floats and booleans, `string` text with NA for empty values, datetime64 dates,
    and categoricals for the closed vocabularies (CATEGORIES). A `parse_folder` run passed
    whole also gives its `errors` rows."""
    import pandas as pd

    from .api import FolderRun

    items: list[Document | ErrorRecord] = [docs] if isinstance(docs, Document) else list(docs)
    if isinstance(docs, FolderRun):
        items += [e for e in docs.errors if e not in items]
    rows = rows_of(items)
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        cols = COLUMNS[table]
        df = pd.DataFrame(rows[table], columns=[c for c, _ in cols])
        df = df.astype({c: DTYPES[k] for c, k in cols})
        for c in CATEGORIES.get(table, ()):
            df[c] = df[c].astype("category")
        frames[table] = df
    return frames
