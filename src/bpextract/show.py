"""`bpextract show FILE`: the outline tree as text, to check at a glance how a document was read.

Parts are top headers; each section is a line `label title`, indented by its level; under a
section come the footnote markers that stand in it, with the start of their bodies. Footnotes
whose marker has no body (or body no marker) are listed too: nothing the layer kept is hidden.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Document, Footnote, Part, Section

INDENT = "  "
TITLE_WIDTH = 90
NOTE_WIDTH = 60


def _cut(text: str | None, width: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _section_line(s: Section) -> str:
    head = f"{s.label} {_cut(s.title, TITLE_WIDTH)}" if s.label else _cut(s.title, TITLE_WIDTH)
    return f"{INDENT * (s.level - 1)}{head.rstrip()}"


def _note_line(f: Footnote, depth: int) -> str:
    marker = f.marker or f.id
    if f.marker_start is None:
        where = "no marker in the text"
    elif not f.text:
        where = f"at {f.marker_start}, no body"
    else:
        where = f"at {f.marker_start}"
    body = f": {_cut(f.text, NOTE_WIDTH)}" if f.text else ""
    return f"{INDENT * depth}{marker} [footnote {f.id}, {where}]{body}"


def _part_of(doc: Document, pos: int | None) -> int:
    if pos is None:
        return -1
    for p in doc.parts:
        if p.start <= pos < p.end:
            return p.id
    return doc.parts[0].id if doc.parts else 0


def _part_header(p: Part | None, pid: int) -> str:
    if p is None:
        return f"== part {pid}"
    title = f": {_cut(p.title, TITLE_WIDTH)}" if p.title else ""
    return f"== part {p.id} ({p.kind}){title}"


def render_outline(doc: Document) -> str:
    """The outline tree of `doc` (labels, titles, footnote markers) as printable text."""
    notes_in: dict[int, list[Footnote]] = defaultdict(list)
    loose: dict[int, list[Footnote]] = defaultdict(list)  # in a part, outside every section
    unplaced: list[Footnote] = []
    for f in doc.footnotes:
        if f.section is not None:
            notes_in[f.section].append(f)
        elif f.marker_start is not None:
            loose[_part_of(doc, f.marker_start)].append(f)
        else:
            unplaced.append(f)
    by_part: dict[int, list[Section]] = defaultdict(list)
    for s in doc.sections:
        by_part[s.part].append(s)
    parts = {p.id: p for p in doc.parts}
    part_ids = sorted(set(parts) | set(by_part) | set(loose))
    lines = [f"{doc.source}: {len(doc.sections)} sections, {len(doc.parts)} parts, "
             f"{len(doc.footnotes)} footnotes"]
    for pid in part_ids:
        lines.append(_part_header(parts.get(pid), pid))
        if loose.get(pid):
            lines.append(f"{INDENT}(outside the outline)")
            lines += [_note_line(f, 2) for f in loose[pid]]
        if not by_part.get(pid):
            lines.append(f"{INDENT}(no headings)")
        for s in by_part.get(pid, []):
            lines.append(_section_line(s))
            lines += [_note_line(f, s.level) for f in notes_in.get(s.id, [])]
    if unplaced:
        lines.append("== footnotes without a marker in the text")
        lines += [_note_line(f, 1) for f in unplaced]
    return "\n".join(lines) + "\n"
