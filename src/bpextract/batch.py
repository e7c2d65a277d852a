"""`extract`: many files -> tables. Stable order, optional worker processes, one error row per
file that cannot be read, outputs written whole or not at all."""

from __future__ import annotations

import dataclasses
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .api import ErrorRecord, error_record, iter_files, parse
from .model import Document
from .rules import Rules, get_rules
from .tables import TABLES, document_rows, error_rows
from .writers import Sink


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def text(self) -> str:
        lines = [f"{self.files} files: {self.documents} documents, {len(self.errors)} errors "
                 f"in {self.seconds:.1f} s"]
        lines.append("  " + ", ".join(f"{t} {self.counts.get(t, 0)}" for t in TABLES))
        lines += [f"  error: {e.message}" for e in self.errors]
        if self.written:
            where = self.written[0].parent if len(self.written) > 1 else self.written[0]
            lines.append(f"  written: {where}")
        return "\n".join(lines)


def _one(path: Path, rules: Rules) -> Document | ErrorRecord:
    try:
        doc = parse(path, rules)
    except Exception as exc:  # one bad file never stops a run
        return error_record(path, exc)
    return dataclasses.replace(doc, textmap=None)  # smaller to send between processes


def _results(files: Sequence[Path], rules: Rules, jobs: int) -> Iterator[Document | ErrorRecord]:
    if jobs <= 1 or len(files) <= 1:
        for f in files:
            yield _one(f, rules)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from pool.map(_one, files, [rules] * len(files), chunksize=1)


def extract(paths: Sequence[str | Path], out: str | Path, fmt: str = "csv", jobs: int = 1,
            rules: Rules | str | Path | None = None, progress: bool | None = None) -> Summary:
    """Parse every file under `paths` and write the tables of DESIGN §4 to `out`."""
    start = time.perf_counter()
    loaded = get_rules(rules)
    loaded.validate_all()  # a broken rules file is a usage error before any work is done
    files = list(iter_files(paths))
    out_path = Path(out)
    if fmt in ("xlsx", "sqlite") and out_path.suffix == "":
        out_path = out_path / f"bpextract.{fmt}"
    sink = Sink(out_path, fmt)
    summary = Summary(files=len(files))
    show = sys.stderr.isatty() if progress is None else progress
    try:
        results = _results(files, loaded, jobs)
        if show:
            from tqdm import tqdm

            results = tqdm(results, total=len(files), unit="file", file=sys.stderr)
        for item in results:
            if isinstance(item, Document):
                summary.documents += 1
                rows = document_rows(item)
            else:
                summary.errors.append(item)
                rows = error_rows(item)
            for table, table_rows in rows.items():
                sink.add(table, table_rows)
    except BaseException:
        sink.abort()
        raise
    summary.written = sink.close()
    summary.counts = dict(sink.counts)
    summary.seconds = time.perf_counter() - start
    return summary
