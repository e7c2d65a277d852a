"""`extract`: many files -> tables. Stable order, optional worker processes, one error row per
file that cannot be read, outputs whole or not at all, resumable after a kill.

Every finished file's rows go first to the journal of the run's work folder (see `workdir`);
the tables are then written from the journal in walk order and moved into place in one step.
So `--resume` after a kill parses only what the journal lacks, and its tables equal those of an
uninterrupted run.
"""

from __future__ import annotations

import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from . import __version__
from .api import ErrorRecord, duplicate_warning, parse_or_error
from .engine import ordered_map
from .errors import InputError
from .model import Document
from .readers import doc_id_of, read_file_bytes
from .rules import Rules, get_rules
from .tables import TABLES, document_rows, error_rows
from .walk import escape_surrogates, iter_files, undecodable_name_warning
from .workdir import Journal, WorkDir
from .writers import Sink, check_output, resolve_output


@dataclass
class Summary:
    files: int = 0
    documents: int = 0
    errors: list[ErrorRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    resumed: int = 0
    seconds: float = 0.0

    def text(self) -> str:
        lines = [f"{self.files} files: {self.documents} documents, {len(self.errors)} errors "
                 f"in {self.seconds:.1f} s"]
        if self.resumed:
            lines[0] += f" ({self.resumed} taken from the interrupted run)"
        lines.append("  " + ", ".join(f"{t} {self.counts.get(t, 0)}" for t in TABLES))
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += [f"  error: {e.message}" for e in self.errors]
        if self.written:
            lines.append(f"  written: {self.written[0]}")
        return escape_surrogates("\n".join(lines))


def rules_fingerprint(rules: Rules) -> str:
    """Hash of every rules file in use: a resumed run must use the same rules."""
    h = hashlib.sha256(__version__.encode())
    for d in rules.dirs:
        for f in sorted(d.glob("*.yaml")):
            h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def _committed(journal: Journal, key: str, path: Path) -> bool:
    """True if the journal holds this path with the file's current content."""
    found = journal.index.get(key)
    if found is None or found[2] is None:
        return False
    try:
        return doc_id_of(read_file_bytes(path)) == found[2]
    except InputError:
        return False


def extract(paths: Sequence[str | Path], out: str | Path, fmt: str | None = None,
            jobs: int = 1, rules: Rules | str | Path | None = None,
            progress: bool | None = None, resume: bool = False,
            pdf_engine: str | None = None) -> Summary:
    """Parse every file under `paths` and write the tables of DESIGN §4 to `out`.

    `fmt` defaults to the one the suffix of `out` names (csv if none). With `resume`, an
    interrupted run to the same output (same rules) is continued instead of started over.
    """
    start = time.perf_counter()
    out_path, fmt = resolve_output(Path(out), fmt)
    check_output(out_path, fmt)
    loaded = get_rules(rules)
    loaded.validate_all()  # a broken rules file is a usage error before any work is done
    summary = Summary()
    # the walk's paths kept as strings: a Path object costs about 400 bytes more a document,
    # which is what grew with the folder (0.6 KB a document in all, 600 MB for a million)
    keys = [str(f) for f in iter_files(paths, exclude=[out_path], warnings=summary.warnings)]
    summary.files = len(keys)
    meta = {"rules": rules_fingerprint(loaded)}
    if pdf_engine is not None:  # a resumed run reuses only files read with the same engine
        meta["pdf_engine"] = pdf_engine
    work = WorkDir.open(out_path, fmt, meta, resume)
    summary.notes = work.notes
    journal = Journal(work.journal)
    sink: Sink | None = None
    try:
        todo = [k for k in keys if not _committed(journal, k, Path(k))]
        summary.resumed = len(keys) - len(todo)
        work_fn = partial(parse_or_error, rules=loaded, pdf_engine=pdf_engine)
        results: Any = ordered_map(work_fn, map(Path, todo), jobs)
        show = sys.stderr.isatty() if progress is None else progress
        if show:
            from tqdm import tqdm

            results = tqdm(results, total=len(todo), unit="file", file=sys.stderr)
        for key, item in zip(todo, results, strict=True):
            if isinstance(item, Document):
                journal.add(key, item.doc_id, "doc", document_rows(item))
            else:
                journal.add(key, item.doc_id, "error", error_rows(item))
        sink = Sink(work.fresh_stage(), fmt)
        seen: dict[str, str] = {}
        for key, entry in zip(keys, journal.entries(keys), strict=True):
            if entry["kind"] == "doc":
                if entry["doc_id"] in seen:
                    summary.warnings.append(duplicate_warning(key, seen[entry["doc_id"]]))
                    continue
                seen[entry["doc_id"]] = key
                summary.documents += 1
                name_warning = undecodable_name_warning(key)
                if name_warning:
                    summary.warnings.append(name_warning)
            else:
                summary.errors.append(ErrorRecord(**entry["rows"]["errors"][0]))
            for table, rows in entry["rows"].items():
                sink.add(table, rows)
        sink.close()
        journal.close()
        work.commit()
    except BaseException:
        if sink is not None:
            sink.abort()
        journal.close()
        if journal.index:
            work.release()  # the journal stays for `--resume`; any later run clears it
        else:
            work.remove()
        raise
    summary.written = [out_path]
    summary.counts = dict(sink.counts)
    summary.seconds = time.perf_counter() - start
    return summary
