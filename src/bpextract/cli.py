"""The `bpextract` command: a thin layer over the library, one subcommand per capability.

Exit status: 0 success, 1 some input failed (or quality check failed), 2 usage error.
Library errors become one line that says what to do.
"""

from __future__ import annotations

import json
import os
import sys
import warnings
from collections import Counter
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from .errors import BpextractError, InputError, RuleError, UsageError
from .walk import escape_surrogates

F = TypeVar("F", bound=Callable[..., Any])

rules_option = click.option(
    "--rules", "rules_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None, help="Folder of your own rules/*.yaml that extend the shipped rules.")


def _friendly(func: F) -> F:
    """Turn typed library errors into a one-line message and the right exit status."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            click.echo(f"error: {escape_surrogates(str(exc))}", err=True)
            sys.exit(1)
        except (RuleError, UsageError) as exc:
            click.echo(f"error: {escape_surrogates(str(exc))}", err=True)
            sys.exit(2)
        except BpextractError as exc:
            click.echo(f"error: {escape_surrogates(str(exc))}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="bpextract")
def main() -> None:
    """Structured records from Vietnamese plans and reports (Kế hoạch, Báo cáo).

    \b
    Example:
      bpextract extract reports/ -o out/ --format xlsx
    """


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document as contract JSON.")
@click.option("--text/--no-text", default=True, help="Include the normalized text in the JSON.")
@rules_option
@_friendly
def parse(file: Path, as_json: bool, text: bool, rules_dir: Path | None) -> None:
    """Parse one FILE (.txt, .md, .pdf, .docx) and print its header and record counts.

    \b
    Example:
      bpextract parse corpus/003_1f92b6282767ab84.txt --json > 003.json
    """
    from .api import parse as parse_file

    doc = parse_file(file, rules_dir)
    if as_json:
        data = doc.to_dict()
        if not text:
            data.pop("text")
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    h = doc.header
    click.echo(f"{escape_surrogates(doc.source)}  [{doc.format}, doc_id {doc.doc_id}]")
    for label, value in [("type", h.doc_type), ("number", h.number), ("date", h.issue_date),
                         ("place", h.place), ("issuer", h.issuer), ("title", h.title),
                         ("signer", h.signer.name)]:
        click.echo(f"  {label:<8}{value if value is not None else '-'}")
    click.echo(f"  {len(doc.sections)} sections, {len(doc.footnotes)} footnotes, "
               f"{len(doc.references)} references, {len(doc.dates)} dates, "
               f"{len(doc.indicators)} indicators")
    for w in doc.warnings:
        click.echo(f"  warning: {w}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=str)  # paths, or URLs with --scheduler
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path),
              help="Output folder (csv, jsonl, parquet) or file (.xlsx, .sqlite/.db); the "
                   "format follows its suffix.")
@click.option("-f", "--format", "fmt", default=None,
              type=click.Choice(["csv", "jsonl", "parquet", "xlsx", "sqlite"]),
              help="Output format (default: from the suffix of -o, else csv).")
@click.option("-j", "--jobs", default=1, show_default=True, type=click.IntRange(1, 256),
              help="Worker processes.")
@click.option("--resume", is_flag=True,
              help="Continue an interrupted run to the same output: files already done are "
                   "not parsed again.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar (default: only on a terminal).")
@click.option("--pdf-engine", type=click.Choice(["pdfium", "pdfplumber"]), default=None,
              help="PDF character source: pdfium (fast, the default) or pdfplumber.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Run on a Dask cluster: tcp://HOST:8786, or 'local' for a local cluster of "
                   "-j worker processes. Writes Parquet datasets; PATHS may be fsspec URLs "
                   "(s3://...). Needs bpextract[dask].")
@rules_option
@_friendly
def extract(paths: tuple[str, ...], out: Path, fmt: str | None, jobs: int, resume: bool,
            progress: bool | None, pdf_engine: str | None, scheduler: str | None,
            rules_dir: Path | None) -> None:
    """Extract every document under PATHS into tables (documents, sections, footnotes,
    references, dates, indicators, errors).

    Folders are walked recursively in a stable order. A path that cannot be read (undecodable,
    corrupt, a FIFO or device, a broken link, a ZIP bomb...) becomes a row of `errors` and the
    run goes on; exit status 1 tells that some files failed. The output appears whole or not
    at all; after an interrupted run, `--resume` continues it.

    \b
    Example:
      bpextract extract reports/ -o out/ --format parquet -j 4
      bpextract extract reports/ -o tables.xlsx
      bpextract extract s3://bucket/reports/ -o out/ --scheduler tcp://10.0.0.5:8786
    """
    from .batch import extract as run

    if scheduler is not None:
        _extract_on_cluster(paths, out, fmt, jobs, resume, scheduler, rules_dir)
        return
    for p in map(Path, paths):
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")
    try:
        summary = run([Path(p) for p in paths], out, fmt=fmt, jobs=jobs, rules=rules_dir,
                      progress=progress, resume=resume, pdf_engine=pdf_engine)
    except KeyboardInterrupt:
        click.echo("interrupted: nothing written; run the same command with --resume to "
                   "continue where it stopped", err=True)
        sys.exit(130)
    click.echo(summary.text())
    sys.exit(1 if summary.errors else 0)


def _extract_on_cluster(paths: tuple[str, ...], out: Path, fmt: str | None, jobs: int,
                        resume: bool, scheduler: str, rules_dir: Path | None) -> None:
    from .cluster import write_parquet
    from .writers import SUFFIXES

    fmt = fmt or SUFFIXES.get(out.suffix.lower(), "parquet")
    if fmt != "parquet":
        raise UsageError(f"--scheduler writes Parquet datasets, not {fmt}")
    if resume:
        raise UsageError("--resume is for local runs; a cluster run writes its output whole")
    for p in paths:
        if "://" not in p and not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")
    counts = write_parquet(list(paths), out, scheduler=scheduler,
                           workers=max(jobs, 1), rules=rules_dir)
    click.echo(f"{counts['documents']} documents, {counts['errors']} errors -> {out} "
               "(Parquet datasets, one folder per table)")
    sys.exit(1 if counts["errors"] else 0)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@rules_option
@_friendly
def show(file: Path, rules_dir: Path | None) -> None:
    """Print the outline tree of FILE: parts, section labels and titles, footnote markers.

    \b
    Example:
      bpextract show corpus/004_019c82b1cf276d3c.txt
    """
    from .api import parse as parse_file
    from .show import render_outline

    click.echo(render_outline(parse_file(file, rules_dir)))


@main.command()
@click.argument("corpus_dir", required=False, type=click.Path(path_type=Path))
@click.option("--diff", is_flag=True, help="List every miss and false positive.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable report.")
@click.option("--html", "html_dir", type=click.Path(path_type=Path), default=None,
              help="Also write a page per document showing right, extra and missed records "
                   "in context (HTML_DIR/index.html).")
@rules_option
@_friendly
def check(corpus_dir: Path | None, diff: bool, as_json: bool, html_dir: Path | None,
          rules_dir: Path | None) -> None:
    """Score the extraction against gold annotations (CORPUS_DIR/gold/*.json; default: the
    bundled corpus): precision, recall and F1 per table, accuracy per header field.

    \b
    Example:
      bpextract check corpus --diff
      bpextract check corpus --html check-pages/
    """
    from .quality import run_check

    output, code = run_check(corpus_dir, diff=diff, as_json=as_json, rules=rules_dir,
                             html=html_dir)
    click.echo(output)
    sys.exit(code)


def _read_all(paths: tuple[Path, ...], rules_dir: Path | None) -> tuple[list[Any], list[Any]]:
    """Every document under `paths` and the error rows of the files that failed (counted in
    the command's summary line, so their warnings are not printed one by one)."""
    from .api import parse_folder

    for p in paths:
        if not os.path.lexists(p):
            raise UsageError(f"{p}: no such file or folder")
    run = parse_folder(*paths, rules=rules_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = list(run)
    return docs, list(run.errors)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path),
              help="Folder for the pages (one per document, plus index.html).")
@rules_option
@_friendly
def review(paths: tuple[Path, ...], out: Path, rules_dir: Path | None) -> None:
    """Write a review page per document of PATHS: the text with every record highlighted
    (a colour and a toggle per table), the outline, the header, footnotes and warnings; click
    a record to see its fields. Pages are self-contained HTML; open OUT/index.html.

    \b
    Example:
      bpextract review reports/ -o review/ && xdg-open review/index.html
    """
    from .review import write_review

    docs, errors = _read_all(paths, rules_dir)
    pages = write_review(docs, out, errors)
    click.echo(f"{len(pages)} page(s), {len(errors)} error(s) -> {out / 'index.html'}")
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--out", required=True, type=click.Path(path_type=Path),
              help="Output folder: nodes and edges tables, and graph.graphml.")
@click.option("-f", "--format", "fmt", default="csv", show_default=True,
              type=click.Choice(["csv", "jsonl", "parquet", "xlsx", "sqlite"]))
@rules_option
@_friendly
def link(paths: tuple[Path, ...], out: Path, fmt: str, rules_dir: Path | None) -> None:
    """The citation graph of the documents under PATHS: `nodes` (documents in the folder and
    the ones they cite) and `edges` (each citation, its relation, and whether a report reports
    on a plan or a plan implements a higher document), plus GraphML for graph tools.

    \b
    Example:
      bpextract link reports/ -o graph/ && head graph/edges.csv
    """
    from .link import link as build
    from .link import write_graphml, write_tables

    docs, errors = _read_all(paths, rules_dir)
    graph = build(docs)
    out.mkdir(parents=True, exist_ok=True)
    write_tables(graph, out, fmt)
    write_graphml(graph, out / "graph.graphml")
    kinds = Counter(e.kind for e in graph.edges)
    click.echo(f"{len(graph.nodes)} nodes ({sum(n.in_folder for n in graph.nodes)} in the "
               f"folder), {len(graph.edges)} edges ({kinds['reports_on']} reports_on, "
               f"{kinds['implements']} implements) -> {out}")
    sys.exit(1 if errors else 0)


@main.command()
@click.argument("plan", type=click.Path(path_type=Path))
@click.argument("reports", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), default=None,
              help="Output folder for the `targets` table (printed when not given).")
@click.option("-f", "--format", "fmt", default="csv", show_default=True,
              type=click.Choice(["csv", "jsonl", "parquet", "xlsx", "sqlite"]))
@rules_option
@_friendly
def compare(plan: Path, reports: tuple[Path, ...], out: Path | None, fmt: str,
            rules_dir: Path | None) -> None:
    """Targets against results: the figures PLAN sets (status target) joined to what REPORTS
    (files or folders; PLAN itself when none is given) say was achieved, by subject words,
    unit and period. One row per target: target, achieved, ratio, and the provenance of both
    sides; `linked` says the report cites the plan (citation graph).

    \b
    Example:
      bpextract compare ke_hoach_2024.docx bao_cao_6_thang.pdf bao_cao_nam.pdf -o cmp/
    """
    from .api import parse
    from .targets import compare as join
    from .targets import format_rows, linked_reports, write_targets

    if not os.path.lexists(plan) or not plan.is_file():
        raise UsageError(f"{plan}: no such file (PLAN is one document)")
    plan_doc = parse(plan, rules=rules_dir)
    docs, errors = _read_all(reports, rules_dir) if reports else ([plan_doc], [])
    reps = [d for d in docs if d.source != plan_doc.source] or [plan_doc]
    rows = join(plan_doc, reps, linked=linked_reports(plan_doc, reps))
    found = sum(r.achieved is not None for r in rows)
    if out is None:
        click.echo(format_rows(rows))
    else:
        dest = write_targets(rows, out, fmt)
        click.echo(f"{len(rows)} target(s), {found} with a result, {len(reps)} report(s) "
                   f"-> {dest}")
    sys.exit(1 if errors else 0)


@main.command("rules")
@click.argument("rules_dir", required=False,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@_friendly
def rules_cmd(rules_dir: Path | None) -> None:
    """Validate the shipped rules plus RULES_DIR (your own rules folder) and list them.

    \b
    Example:
      bpextract rules my_rules/
    """
    from .rules import Rules

    loaded = Rules(rules_dir)
    for name in loaded.validate_all():
        rf = loaded[name]
        n = sum(len(v) for v in rf.sections.values())
        files = ", ".join(str(f) for f in rf.files)
        click.echo(f"{name:<10} {n:>4} entries  ({files})")


if __name__ == "__main__":
    main()
