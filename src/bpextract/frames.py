"""pandas DataFrames, one per table (pandas is imported only here)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .api import ErrorRecord
from .model import Document
from .tables import COLUMNS, TABLES, rows_of

if TYPE_CHECKING:
    import pandas as pd

_DTYPES = {"str": "object", "int": "Int64", "float": "Float64", "bool": "boolean"}


def to_frames(docs: Iterable[Document | ErrorRecord] | Document) -> dict[str, pd.DataFrame]:
    """{table name: DataFrame} with the columns of DESIGN §4, even for empty tables."""
    import pandas as pd

    items = [docs] if isinstance(docs, Document) else list(docs)
    rows = rows_of(items)
    frames: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        cols = COLUMNS[table]
        df = pd.DataFrame(rows[table], columns=[c for c, _ in cols])
        frames[table] = df.astype({c: _DTYPES[k] for c, k in cols})
    return frames
