"""Per-stage time of the pipeline, shared by the benchmarks: one list of the stages and one
wrapper that sums the time spent inside each stage function (a script in benchmarks/ imports
it as `stagetimes`; its folder is the first entry of sys.path)."""

from __future__ import annotations

import time
from collections.abc import Callable, MutableMapping
from typing import Any

# stage name -> (module of bpextract.pipeline, "" for the pipeline itself; the function it calls)
STAGES: dict[str, tuple[str, str]] = {
    "normalize": ("", "normalize"),
    "footnotes": ("footnotes", "detach_footnotes"),
    "parts": ("parts", "split_parts"),
    "header": ("header", "extract_header"),
    "outline": ("outline", "build_outline"),
    "references": ("references", "find_references_checked"),
    "dates": ("dates", "find_dates_checked"),
    "indicators": ("indicators", "find_indicators"),
    "resolve": ("resolve", "resolve_references"),
}


def timed(spent: MutableMapping[str, float], name: str, fn: Callable[..., Any],
          clock: Callable[[], float] = time.process_time) -> Callable[..., Any]:
    """`fn`, adding the `clock` time of every call to `spent[name]`."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += clock() - t
    return wrapper


# the stages after extraction (text dumps, tables, meaning, tasks, findings): bench_text
# reports them too, so that nothing of a parse hides in a remainder
LATER_STAGES: dict[str, tuple[str, str]] = {
    "dump chrome": ("", "strip_chrome"),
    "dump footnotes": ("footnotes", "dump_footnotes"),
    "cell tables": ("celltables", "find_tables"),
    "enrich": ("", "enrich"),
    "meaning": ("", "annotate_meaning"),
    "tasks": ("tasks", "find_tasks"),
    "deadline roles": ("", "_deadline_roles"),
    "checks": ("checks", "check_document"),
}


def instrument(spent: MutableMapping[str, float],
               clock: Callable[[], float] = time.process_time,
               stages: dict[str, tuple[str, str]] | None = None) -> None:
    """Wrap every stage function the pipeline calls (`stages`, by default STAGES), so its
    time adds up in `spent`."""
    from bpextract import pipeline

    for name, (mod_name, attr) in (STAGES if stages is None else stages).items():
        mod = getattr(pipeline, mod_name) if mod_name else pipeline
        setattr(mod, attr, timed(spent, name, getattr(mod, attr), clock))
