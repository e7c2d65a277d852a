"""Review pages: one self-contained HTML page per document, to see where every record came from.

A person checks an extraction by reading the text with the records marked in place. Each page
holds the text with its line breaks, every record table highlighted in its own colour (a legend
with a toggle per table), the outline as navigation, the header panel, the footnotes linked to
their markers, the warnings, and a panel that shows a record's fields when it is clicked. No
network, no external files: a page opens from a folder, an e-mail or an archive.

`#rec=ID` in a page's address clicks record ID once the page has loaded, so a browser run from
the command line (or a link in a note) opens straight on one record.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .model import Document, Located

# table -> (colour, label); the order is the legend's and the drawing priority (later on top)
TABLES: dict[str, tuple[str, str]] = {
    "tables": ("#eeeeee", "tables"),
    "sections": ("#d9d2e9", "section labels"),
    "references": ("#ffd966", "references"),
    "dates": ("#9fc5e8", "dates"),
    "indicators": ("#b6d7a8", "indicators"),
    "footnotes": ("#f4cccc", "footnote markers"),
}

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#222}
nav{width:18rem;flex:none;height:100vh;overflow:auto;position:sticky;top:0;
 background:#f6f6f6;border-right:1px solid #ddd;padding:.5rem;box-sizing:border-box;font-size:13px}
nav a{display:block;color:#234;text-decoration:none;padding:1px 0}
nav a:hover{text-decoration:underline}
main{flex:1;min-width:0;padding:1rem 2rem;max-width:60rem}
#text,.fn-text{white-space:pre-wrap;font-family:Georgia,serif;line-height:1.6}
.rec{cursor:pointer;border-radius:2px}
.rec:hover{outline:1px solid #555}
#legend{position:sticky;top:0;background:#fff;border-bottom:1px solid #ddd;padding:.4rem 0;
 z-index:2}
#legend label{margin-right:1rem;white-space:nowrap}
.sw{display:inline-block;width:.9em;height:.9em;vertical-align:middle;border:1px solid #999}
#panel{position:fixed;right:1rem;bottom:1rem;width:24rem;max-height:50vh;overflow:auto;
 background:#fffbe6;border:1px solid #c9b;padding:.5rem;font-size:13px;box-shadow:0 2px 6px #0003}
#panel:empty{display:none}
#panel table,.kv{border-collapse:collapse}
#panel td,.kv td{border-bottom:1px solid #eee;padding:1px 6px;vertical-align:top}
.warn{color:#a40}
table.idx{border-collapse:collapse}
table.idx td,table.idx th{border:1px solid #ccc;padding:2px 6px;font-size:13px}
table.grid{border-collapse:collapse;margin:.5rem 0 1rem}
table.grid td,table.grid th{border:1px solid #bbb;padding:2px 6px;font-size:13px;vertical-align:top}
table.grid th{background:#f3f3f3}
table.grid td.ind{background:#b6d7a8}
"""

_JS = """
const RECS=JSON.parse(document.getElementById('recs').textContent);
function show(ids){
 const p=document.getElementById('panel');p.innerHTML='';
 for(const id of ids){const r=RECS[id];if(!r)continue;
  const h=document.createElement('h4');h.textContent=r.table+' '+id;p.appendChild(h);
  const t=document.createElement('table');t.className='fields';t.dataset.rec=id;
  for(const [k,v] of Object.entries(r.fields)){
   if(v===null||v===''||(Array.isArray(v)&&!v.length))continue;
   const tr=t.insertRow();tr.insertCell().textContent=k;
   tr.insertCell().textContent=typeof v==='object'?JSON.stringify(v):String(v);}
  p.appendChild(t);}
}
document.addEventListener('click',e=>{const m=e.target.closest('.rec');
 if(m){show(m.dataset.recs.split(' '));}});
for(const box of document.querySelectorAll('#legend input')){
 box.addEventListener('change',()=>document.body.classList.toggle('hide-'+box.value,!box.checked));}
function openHash(){const m=location.hash.match(/^#rec=(.+)$/);if(!m)return;
 const el=document.querySelector('[data-recs~="'+CSS.escape(m[1])+'"]');
 if(el){el.scrollIntoView();el.click();}}
window.addEventListener('hashchange',openHash);openHash();
"""


@dataclass(frozen=True)
class _Mark:
    start: int
    end: int
    table: str
    rid: str


def _esc(s: object) -> str:
    return html.escape(str(s), quote=True)


# the check view: gold against predicted
CHECK_TABLES: dict[str, tuple[str, str]] = {
    "right": ("#b6d7a8", "right (in gold and predicted)"),
    "extra": ("#f9cb9c", "extra (predicted, not in gold)"),
    "missed": ("#ea9999", "missed (in gold, not predicted)"),
}


def _style(tables: dict[str, tuple[str, str]]) -> str:
    rules = [_CSS]
    for table, (colour, _label) in tables.items():
        rules.append(f".t-{table}{{background:{colour}}}")
        rules.append(f"body.hide-{table} .rec.t-{table}{{background:none}}")
    return "\n".join(rules)


def _marks_for(doc: Document, footnote: str | None) -> tuple[list[_Mark], dict[str, Any]]:
    """Marks in the main text (footnote None) or in one footnote's text, and their fields."""
    marks: list[_Mark] = []
    recs: dict[str, Any] = {}
    for table in ("references", "dates", "indicators"):
        for i, rec in enumerate(getattr(doc, table)):
            assert isinstance(rec, Located)
            if rec.footnote != footnote:
                continue
            rid = f"{table[0]}{i}"
            marks.append(_Mark(rec.start, rec.end, table, rid))
            recs[rid] = {"table": table, "fields": rec.to_dict()}
    if footnote is None:
        for t in doc.tables:
            rid = f"t{t.id}"
            marks.append(_Mark(t.start, t.end, "tables", rid))
            fields = {k: v for k, v in t.to_dict().items() if k not in ("cells", "text")}
            recs[rid] = {"table": "tables", "fields": fields}
        for s in doc.sections:
            rid = f"s{s.id}"
            marks.append(_Mark(s.start, s.start + len(s.label), "sections", rid))
            recs[rid] = {"table": "sections", "fields": s.to_dict()}
        for f in doc.footnotes:
            if f.marker_start is None:
                continue
            end = f.marker_end if f.marker_end is not None else f.marker_start
            rid = f"f{f.id}"
            marks.append(_Mark(f.marker_start, max(end, f.marker_start), "footnotes", rid))
            fields = {k: v for k, v in f.to_dict().items() if k != "text"}
            recs[rid] = {"table": "footnotes", "fields": fields}
    return marks, recs


def _highlight(text: str, marks: Sequence[_Mark],
               tables: dict[str, tuple[str, str]] = TABLES) -> str:
    """Escaped text with a span per stretch covered by the same set of records.

    Records may overlap (a date inside a section title): the text is cut at every record
    boundary, so each stretch knows all the records over it and a click shows them all.
    """
    n = len(text)
    cuts = {0, n}
    for m in marks:
        if 0 <= m.start < m.end <= n:
            cuts.update((m.start, m.end))
    bounds = sorted(cuts)
    # sweep: records active over each stretch
    opening: dict[int, list[_Mark]] = {}
    for m in marks:
        if 0 <= m.start < m.end <= n:
            opening.setdefault(m.start, []).append(m)
    active: list[_Mark] = []
    order = list(tables)
    out: list[str] = []
    for a, b in itertools.pairwise(bounds):
        active = [m for m in active if m.end > a] + opening.get(a, [])
        chunk = _esc(text[a:b])
        if not active:
            out.append(chunk)
            continue
        names = sorted({m.table for m in active}, key=order.index)
        classes = " ".join(f"t-{t}" for t in names)
        ids = " ".join(m.rid for m in active)
        anchor = ""
        for m in active:
            if m.start != a:
                continue
            if m.table == "footnotes":  # the marker links to its body, the body back here
                anchor += f'<a id="ref-{_esc(m.rid[1:])}" href="#fn-{_esc(m.rid[1:])}"></a>'
            elif m.table == "sections":  # the outline's links land on the label
                anchor += f'<a id="sec-{_esc(m.rid[1:])}"></a>'
        out.append(f'{anchor}<span class="rec {classes}" data-recs="{_esc(ids)}">{chunk}</span>')
    return "".join(out)


def _header_panel(doc: Document) -> str:
    h = doc.header.to_dict()
    h.pop("spans", None)
    signer = h.pop("signer", {}) or {}
    for k, v in signer.items():
        h[f"signer_{k}"] = v
    rows = "".join(f"<tr><td>{_esc(k)}</td><td>{_esc('; '.join(v) if isinstance(v, list) else v)}"
                   "</td></tr>" for k, v in h.items() if v not in (None, "", [], False))
    return f'<h2>Header</h2><table class="kv" id="header">{rows}</table>'


def _tables_panel(doc: Document) -> str:
    """Each table drawn as a grid (merged cells spanning, header cells as th); a cell an
    indicator was read from is green and opens that indicator."""
    by_cell = {(i.table, i.row, i.col): f"i{k}" for k, i in enumerate(doc.indicators)
               if i.table is not None}
    parts = []
    for t in doc.tables:
        rows: dict[int, list[str]] = {}
        for c in t.cells:
            tag = "th" if c.header else "td"
            rid = by_cell.get((t.id, c.row, c.col))
            attrs = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (
                f' colspan="{c.colspan}"' if c.colspan > 1 else "")
            if rid is not None:
                attrs += f' class="rec ind" data-recs="{rid}"'
            rows.setdefault(c.row, []).append(f"<{tag}{attrs}>{_esc(c.text)}</{tag}>")
        body = "".join(f"<tr>{''.join(cells)}</tr>" for _r, cells in sorted(rows.items()))
        parts.append(f'<h3 id="table-{t.id}">Table {t.id}: {_esc(t.kind)}, {_esc(t.form)}, '
                     f'{t.rows}×{t.cols}, page {_esc(t.page or "-")}</h3>'
                     f'<table class="grid" data-table="{t.id}">{body}</table>')
    return f'<h2>Tables ({len(doc.tables)})</h2><div id="tables">{"".join(parts)}</div>'


def _outline(doc: Document) -> str:
    links = []
    for s in sorted(doc.sections, key=lambda s: s.start):
        title = f"{s.label} {s.title or ''}".strip()
        pad = 0.8 * max(s.level - 1, 0)
        links.append(f'<a href="#sec-{s.id}" style="padding-left:{pad}rem">{_esc(title[:80])}</a>')
    return "<nav><b>Outline</b>" + "".join(links) + "</nav>"


def _json_script(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, default=str)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def review_page(doc: Document, only: str | None = None) -> str:
    """One self-contained HTML page reviewing `doc`'s extraction (with `only`, that table
    highlighted and the others switched off in the legend)."""
    marks, recs = _marks_for(doc, None)
    fn_marks: dict[str, list[_Mark]] = {}
    for f in doc.footnotes:
        fn_marks[f.id], frecs = _marks_for(doc, f.id)
        recs.update(frecs)
    return _page(doc, marks, fn_marks, recs, TABLES, "bpextract review", "", only)


def _page(doc: Document, marks: Sequence[_Mark], fn_marks: dict[str, list[_Mark]],
          recs: dict[str, Any], tables: dict[str, tuple[str, str]], kind: str,
          extra: str, only: str | None = None) -> str:
    """The page around a document's text: outline, legend, header, warnings, footnotes."""
    body = _highlight(doc.text, marks, tables)
    notes = []
    for f in doc.footnotes:
        back = f' <a href="#ref-{_esc(f.id)}">↩</a>' if f.marker_start is not None else ""
        text = _highlight(f.text, fn_marks.get(f.id, []), tables)
        notes.append(f'<li id="fn-{_esc(f.id)}" value="{_esc(f.id) if f.id.isdigit() else ""}">'
                     f'<div class="fn-text">{text}</div>{back}</li>')
    counts = {t: sum(1 for r in recs.values() if r["table"] == t) for t in tables}
    on = {t: only is None or t == only for t in tables}
    legend = "".join(
        f'<label><input type="checkbox" value="{t}"{" checked" if on[t] else ""}> '
        f'<span class="sw t-{t}"></span> {_esc(label)} ({counts[t]})</label>'
        for t, (_c, label) in tables.items())
    hidden = " ".join(f"hide-{t}" for t in tables if not on[t])
    warnings = "".join(f'<li class="warn">{_esc(w)}</li>' for w in doc.warnings)
    title = doc.header.title or Path(doc.source).name
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{_esc(title)} — {_esc(kind)}</title><style>{_style(tables)}</style></head>
<body class="{hidden}">{_outline(doc)}<main>
<p><a href="index.html">All documents</a> · <code>{_esc(doc.source)}</code> ·
{_esc(doc.format)} · doc_id {_esc(doc.doc_id)}</p>
<div id="legend">{legend}</div>
{extra}{_header_panel(doc)}
<h2>Warnings ({len(doc.warnings)})</h2><ul id="warnings">{warnings}</ul>
<h2>Text</h2><div id="text">{body}</div>
{_tables_panel(doc)}
<h2>Footnotes ({len(doc.footnotes)})</h2><ol id="footnotes">{"".join(notes)}</ol>
</main><div id="panel"></div>
<script type="application/json" id="recs">{_json_script(recs)}</script>
<script>{_JS}</script></body></html>
"""


def _write(path: Path, html_text: str) -> None:
    """A page written beside its place and moved in: a reader never sees half a page."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(html_text, encoding="utf-8")
    tmp.replace(path)


def page_name(doc: Document) -> str:
    """File name of a document's page: its doc_id, stable across runs."""
    return f"{doc.doc_id}.html"


def index_page(docs: Sequence[Document], errors: Iterable[Any] = ()) -> str:
    """The list of reviewed documents with their counts, and the files that could not be read."""
    rows = []
    for d in docs:
        h = d.header
        rows.append(
            f'<tr><td><a href="{_esc(page_name(d))}">{_esc(Path(d.source).name)}</a></td>'
            f"<td>{_esc(h.doc_type or '')}</td><td>{_esc(h.number or '')}</td>"
            f"<td>{_esc(h.issue_date or '')}</td><td>{_esc((h.title or '')[:100])}</td>"
            f"<td>{len(d.sections)}</td><td>{len(d.references)}</td><td>{len(d.dates)}</td>"
            f"<td>{len(d.indicators)}</td><td>{len(d.footnotes)}</td><td>{len(d.warnings)}</td></tr>")
    err_rows = "".join(f"<tr><td>{_esc(e.source)}</td><td>{_esc(e.error)}</td>"
                       f"<td>{_esc(e.message)}</td></tr>" for e in errors)
    errs = (f'<h2>Errors</h2><table class="idx" id="errors"><tr><th>file</th><th>error</th>'
            f"<th>message</th></tr>{err_rows}</table>") if err_rows else ""
    return f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>bpextract review</title>
<style>{_CSS}</style></head><body><main><h1>bpextract review: {len(docs)} documents</h1>
<table class="idx" id="documents"><tr><th>file</th><th>type</th><th>number</th><th>date</th>
<th>title</th><th>sections</th><th>references</th><th>dates</th><th>indicators</th>
<th>footnotes</th><th>warnings</th></tr>{"".join(rows)}</table>{errs}</main></body></html>
"""


def write_review(docs: Iterable[Document], out_dir: str | Path,
                 errors: Iterable[Any] = ()) -> list[Path]:
    """Write one page per document and `index.html` into `out_dir`; return the pages written."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    kept: list[Document] = []
    for doc in docs:
        p = out / page_name(doc)
        _write(p, review_page(doc))
        written.append(p)
        kept.append(doc)
    index = out / "index.html"
    _write(index, index_page(kept, list(errors)))
    return written


# --------------------------------------------------------------------------- check view

SPAN_TABLES = ("references", "dates", "indicators")


def check_page(doc: Document, entries: Sequence[Any]) -> str:
    """Gold against predicted in context: right, extra and missed records of the span tables
    highlighted in the text; wrong header fields and structural differences listed above it.

    `entries` are the `quality.DiffEntry` items of this document.
    """
    extra_keys = {(e.table, e.start, e.end, e.footnote) for e in entries
                  if e.kind == "false_positive"}
    marks: dict[str | None, list[_Mark]] = {}
    recs: dict[str, Any] = {}
    for table in SPAN_TABLES:
        for i, rec in enumerate(getattr(doc, table)):
            assert isinstance(rec, Located)
            cls = "extra" if (table, rec.start, rec.end, rec.footnote) in extra_keys else "right"
            rid = f"{table[0]}{i}"
            marks.setdefault(rec.footnote, []).append(_Mark(rec.start, rec.end, cls, rid))
            recs[rid] = {"table": cls, "fields": {"table": table, **rec.to_dict()}}
    listed: list[Any] = []
    for j, e in enumerate(entries):
        if e.kind == "miss" and e.table in SPAN_TABLES and e.start is not None:
            rid = f"m{j}"
            end = e.end if e.end is not None else e.start
            marks.setdefault(e.footnote, []).append(_Mark(e.start, end, "missed", rid))
            recs[rid] = {"table": "missed", "fields": e.to_dict()}
        elif e.kind != "false_positive" or e.table not in SPAN_TABLES:
            listed.append(e)
    rows = "".join(
        f"<tr><td>{_esc(e.table)}</td><td>{_esc(e.kind)}</td><td>{_esc(e.text[:120])}</td>"
        f"<td>{_esc(e.expected or '')}</td><td>{_esc(e.got or '')}</td></tr>" for e in listed)
    other = (f'<h2>Other differences ({len(listed)})</h2><table class="idx" id="other">'
             "<tr><th>table</th><th>kind</th><th>text</th><th>expected</th><th>got</th></tr>"
             f"{rows}</table>")
    fn_marks = {k: v for k, v in marks.items() if k is not None}
    return _page(doc, marks.get(None, []), fn_marks, recs, CHECK_TABLES, "bpextract check",
                 other)


def write_check_review(scored: Sequence[tuple[Document, str]], diff: Sequence[Any],
                       out_dir: str | Path) -> list[Path]:
    """One check page per scored document (`(doc, name)` pairs, name as in the report's diff)
    and an index with each document's counts of missed, extra and wrong items."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    rows = []
    for doc, name in scored:
        entries = [e for e in diff if e.document == name]
        p = out / page_name(doc)
        _write(p, check_page(doc, entries))
        written.append(p)
        kinds = [e.kind for e in entries]
        rows.append(f'<tr><td><a href="{_esc(p.name)}">{_esc(name)}</a></td>'
                    f'<td>{kinds.count("miss")}</td><td>{kinds.count("false_positive")}</td>'
                    f'<td>{kinds.count("wrong")}</td></tr>')
    index = out / "index.html"
    _write(index, f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>bpextract check</title>
<style>{_CSS}</style></head><body><main><h1>bpextract check: {len(scored)} documents</h1>
<table class="idx" id="documents"><tr><th>document</th><th>missed</th><th>extra</th>
<th>wrong</th></tr>{"".join(rows)}</table></main></body></html>
""")
    return written
