"""Dask: every table as a Dask DataFrame, or a partitioned Parquet dataset, from a cluster.

The work of one document is the same function on a laptop and on a cluster
(`api.parse_or_error`, or `parse_bytes` for inputs read through fsspec), so a cluster run gives
the same rows as `bpextract extract`; a file that fails is a row of `errors`, never a lost
partition. Inputs are local paths (walked like `extract` walks them: stable order, hidden and
ignored files left out) or fsspec URLs (`s3://bucket/reports/*.pdf`, `gcs://...`,
`file:///data/*.docx`) that every worker can open. Each partition is a batch of files; a worker
holds one batch's documents at a time, so memory per worker follows the batch, not the folder.

Install with `pip install "bpextract[dask]"`. A scheduler address (`tcp://HOST:8786`) runs on
that cluster; `"local"` starts a LocalCluster of worker processes on this machine.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .errors import UsageError
from .extras import require

BATCH = 8  # files per partition


def _dask(module: str) -> Any:
    """A module of the `dask` extra, or an error naming the extra to install."""
    return require(module, "dask", "running on a Dask cluster")


def _require() -> None:
    _dask("dask.dataframe")
    _dask("distributed")


def _is_url(p: str) -> bool:
    return "://" in p


def input_names(paths: Sequence[str | Path]) -> list[str]:
    """What the run reads, in a stable order: local paths walked like `extract` walks them,
    fsspec URLs expanded (globs) by fsspec."""
    from .api import iter_files

    out: list[str] = []
    local: list[str | Path] = []
    for p in paths:
        s = str(p)
        if _is_url(s):
            fsspec = _dask("fsspec")
            out += sorted(f.full_name if hasattr(f, "full_name") else f.path
                          for f in fsspec.open_files(s))
        else:
            local.append(p)
    out += [str(f) for f in iter_files(local)] if local else []
    return out


def _frames_of(names: Sequence[str], rules: str | None) -> dict[str, Any]:
    """One partition: parse each input (URL or path) and return its rows as DataFrames."""
    import pandas as pd

    from .api import error_record, parse_bytes, parse_or_error
    from .tables import COLUMNS, TABLES, rows_of

    items: list[Any] = []
    for name in names:
        if _is_url(name):
            try:
                fsspec = _dask("fsspec")
                with fsspec.open(name, "rb") as f:
                    data = f.read()
                items.append(parse_bytes(data, name, rules))
            except Exception as exc:  # an unreadable object is an error row
                items.append(error_record(name, exc))
        else:
            items.append(parse_or_error(name, rules))
    rows = rows_of(items)
    return {t: _typed(pd.DataFrame(rows[t], columns=[c for c, _ in COLUMNS[t]]), t)
            for t in TABLES}


def _typed(df: Any, table: str) -> Any:
    from .frames import DTYPES
    from .tables import COLUMNS

    return df.astype({c: DTYPES[k] for c, k in COLUMNS[table]})


def _meta(table: str) -> Any:
    import pandas as pd

    from .tables import COLUMNS

    return _typed(pd.DataFrame({c: [] for c, _ in COLUMNS[table]}), table)


def to_dask(paths: Sequence[str | Path], rules: str | Path | None = None,
            batch: int = BATCH) -> dict[str, Any]:
    """{table: dask.dataframe.DataFrame} for every table; nothing is computed yet.

    Partition i holds the rows of files [i*batch, (i+1)*batch) of `input_names(paths)`.
    """
    _require()
    dd = _dask("dask.dataframe")
    delayed = _dask("dask.delayed").delayed

    from .tables import TABLES

    names = input_names(paths)
    if not names:
        raise UsageError("no input files")
    rules_arg = None if rules is None else str(rules)
    parts = [delayed(_frames_of)(names[i:i + batch], rules_arg)
             for i in range(0, len(names), batch)]
    return {t: dd.from_delayed([delayed(_pick)(p, t) for p in parts], meta=_meta(t),
                               verify_meta=False)
            for t in TABLES}


def _pick(frames: dict[str, Any], table: str) -> Any:
    return frames[table]


@contextmanager
def client_for(scheduler: str | None, workers: int = 2) -> Iterator[Any]:
    """A distributed Client: the scheduler at `scheduler` (tcp://HOST:PORT), or for "local" (or
    None) a LocalCluster of `workers` processes with one thread each, closed afterwards."""
    _require()
    dist = _dask("distributed")
    Client, LocalCluster = dist.Client, dist.LocalCluster
    if scheduler and scheduler != "local":
        with Client(scheduler) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


def _schema(table: str) -> Any:
    pa = _dask("pyarrow")

    from .tables import COLUMNS

    kinds = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.timestamp("ns")}
    return pa.schema([(c, kinds[k]) for c, k in COLUMNS[table]])


def _write_part(names: Sequence[str], rules: str | None, folder: str, i: int) -> dict[str, int]:
    """Parse one batch and write its rows as `folder/<table>/part.<i>.parquet` (every table,
    empty ones too, so each part has the whole schema). Runs on a worker."""
    pa = _dask("pyarrow")
    pq = _dask("pyarrow.parquet")
    frames = _frames_of(names, rules)
    counts: dict[str, int] = {}
    for table, df in frames.items():
        d = Path(folder) / table
        d.mkdir(parents=True, exist_ok=True)
        tab = pa.Table.from_pandas(df, schema=_schema(table), preserve_index=False)
        pq.write_table(tab, d / f"part.{i:06d}.parquet")
        counts[table] = len(df)
    return counts


def write_parquet(paths: Sequence[str | Path], out: str | Path, *,
                  scheduler: str | None = None, workers: int = 2,
                  rules: str | Path | None = None, batch: int = BATCH) -> dict[str, int]:
    """Every table as a partitioned Parquet dataset `out/<table>/part.N.parquet`, each batch of
    files parsed once on a worker, which writes its part of every table. The dataset is built
    in a folder beside `out` (every worker must be able to write there: a shared file system
    on a real cluster) and moved into place when all parts are done, so an interrupted run
    leaves the previous output whole. Returns rows per table."""
    import os
    import shutil
    import tempfile

    _require()
    from .tables import TABLES

    target = Path(out)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target}: exists and is not a folder (Parquet datasets are folders)")
    names = input_names(paths)
    if not names:
        raise UsageError("no input files")
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".bpextract-dask-", dir=target.parent))
    rules_arg = None if rules is None else str(rules)
    try:
        with client_for(scheduler, workers) as client:
            futures = [client.submit(_write_part, names[i:i + batch], rules_arg, str(tmp),
                                     i // batch, pure=False)
                       for i in range(0, len(names), batch)]
            results = client.gather(futures)
        counts = {t: sum(r[t] for r in results) for t in TABLES}
        old = None
        if target.exists():
            old = target.with_name(f".{target.name}.old-{os.getpid()}")
            target.rename(old)
        tmp.rename(target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return counts
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


__all__ = ["client_for", "input_names", "to_dask", "write_parquet"]
