"""Ruled tables from the rules a page draws: pdfplumber's table finder (its `lines` strategy
with the default tolerances), the same algorithm on plain lists.

Why our own copy: the finder runs on every ruled page, and pdfplumber's builds a new dict for
every edge it snaps or joins and rebuilds two sets of edge boxes for every pair of points it
compares; here each point's edge boxes are built once and the points below and to the right
come from per-column and per-row lists. Same arithmetic in the same order, so the same cells
(tests/test_pdfium.py compares both on real pages), several times faster, and the pdfium engine
no longer imports pdfplumber (and pdfminer) at all.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

Box = tuple[float, float, float, float]  # x0, top, x1, bottom
Point = tuple[float, float]

SNAP = 3.0  # snap_x/y_tolerance: rules this close on the cross axis are one rule
JOIN = 3.0  # join_x/y_tolerance: collinear pieces this close are joined
MIN_LENGTH = 3.0  # edge_min_length (after merging)
PREFILTER = 1.0  # edge_min_length_prefilter (before merging)
CROSS = 3.0  # intersection_x/y_tolerance

# an edge: [x0, top, x1, bottom, width, height, orientation ("h", "v" or None)]
Edge = list[Any]

_X0, _TOP, _X1, _BOTTOM, _W, _H, _O = range(7)


def edge(x0: float, top: float, x1: float, bottom: float, o: str | None) -> Edge:
    return [x0, top, x1, bottom, x1 - x0, bottom - top, o]


def find_tables(edges: Sequence[Edge]) -> list[tuple[Box, list[Box]]]:
    """(bbox, cells row by row) of every table the edges form, top to bottom."""
    v = [e for e in edges if e[_O] == "v" and e[_H] >= PREFILTER]
    h = [e for e in edges if e[_O] == "h" and e[_W] >= PREFILTER]
    merged = [e for e in _merge(_snap(v, _X0, _X1) + _snap(h, _TOP, _BOTTOM))
              if e[_H if e[_O] == "v" else _W] >= MIN_LENGTH]
    cells = _cells(_intersections(merged))
    out: list[tuple[Box, list[Box]]] = []
    for group in _cells_to_tables(cells):
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        out.append((bbox, _row_cells(group)))
    return out


def _snap(edges: list[Edge], lo: int, hi: int) -> list[Edge]:
    """Edges whose `lo` coordinates chain within SNAP moved to their mean (pdfplumber's
    snap_objects: clusters in coordinate order, each in input order)."""
    if not edges:
        return []
    values = sorted({e[lo] for e in edges})
    cluster: dict[float, int] = {}
    k, last = 0, values[0]
    for x in values:
        if x > last + SNAP:
            k += 1
        cluster[x] = k
        last = x
    groups: list[list[Edge]] = [[] for _ in range(k + 1)]
    for e in edges:
        groups[cluster[e[lo]]].append(e)
    out: list[Edge] = []
    for g in groups:
        avg = sum(e[lo] for e in g) / len(g)
        for e in g:
            d = avg - e[lo]
            moved = list(e)
            moved[lo], moved[hi] = e[lo] + d, e[hi] + d
            out.append(moved)
    return out


def _merge(edges: list[Edge]) -> list[Edge]:
    """Collinear edges (same row or column after snapping) joined where they touch within
    JOIN (pdfplumber's merge_edges after its snap)."""
    def group(e: Edge) -> tuple[str, float]:
        return ("h", e[_TOP]) if e[_O] == "h" else ("v", e[_X0])

    out: list[Edge] = []
    for (o, _), items in itertools.groupby(sorted(edges, key=group), key=group):
        lo, hi = (_X0, _X1) if o == "h" else (_TOP, _BOTTOM)
        ordered = sorted(items, key=lambda e: e[lo])
        joined = [ordered[0]]
        for e in ordered[1:]:
            last = joined[-1]
            if e[lo] <= last[hi] + JOIN:
                if e[hi] > last[hi]:
                    grown = list(last)
                    if o == "h":
                        grown[_X1], grown[_W] = e[hi], e[hi] - last[_X0]
                    else:
                        grown[_BOTTOM], grown[_H] = e[hi], last[_H] + (e[hi] - last[_BOTTOM])
                    joined[-1] = grown
            else:
                joined.append(e)
        out += joined
    return out


def _intersections(edges: list[Edge]) -> dict[Point, tuple[set[Box], set[Box]]]:
    """Crossing points -> (boxes of the vertical edges, of the horizontal edges) through it:
    a vertical edge meets a horizontal one within CROSS (pdfplumber's edges_to_intersections;
    only the horizontal edges near the vertical one's height band are tried)."""
    hs = sorted((e for e in edges if e[_O] == "h"), key=lambda e: e[_TOP])
    tops = [e[_TOP] for e in hs]
    out: dict[Point, tuple[set[Box], set[Box]]] = {}
    for v in edges:
        if v[_O] != "v":
            continue
        vx, vtop, vbottom = v[_X0], v[_TOP], v[_BOTTOM]
        vbox = (vx, vtop, v[_X1], vbottom)
        for k in range(bisect.bisect_left(tops, vtop - CROSS - 1.0), len(hs)):
            h = hs[k]
            ht = h[_TOP]
            if not ht - CROSS <= vbottom:
                break
            if vtop <= ht + CROSS and h[_X0] - CROSS <= vx <= h[_X1] + CROSS:
                at = out.get((vx, ht))
                if at is None:
                    at = out[(vx, ht)] = (set(), set())
                at[0].add(vbox)
                at[1].add((h[_X0], ht, h[_X1], h[_BOTTOM]))
    return out


def _cells(points: dict[Point, tuple[set[Box], set[Box]]]) -> list[Box]:
    """The smallest cell with its top-left corner at each point (pdfplumber's
    intersections_to_cells: the first point below and the first to the right, in that order,
    joined to it by one edge, whose corner closes the rectangle)."""
    ordered = sorted(points)
    column: dict[float, list[Point]] = {}
    row: dict[float, list[Point]] = {}
    for p in ordered:  # by x then y: each column top-down, each row left to right
        column.setdefault(p[0], []).append(p)
        row.setdefault(p[1], []).append(p)
    place = {p: i for pts in column.values() for i, p in enumerate(pts)}
    place_r = {p: i for pts in row.values() for i, p in enumerate(pts)}
    out: list[Box] = []
    for pt in ordered:
        vset, hset = points[pt]
        below = column[pt[0]][place[pt] + 1:]
        right = row[pt[1]][place_r[pt] + 1:]
        found = None
        for b in below:
            if vset.isdisjoint(points[b][0]):
                continue
            for r in right:
                if hset.isdisjoint(points[r][1]):
                    continue
                corner = (r[0], b[1])
                at = points.get(corner)
                if at is not None and not at[0].isdisjoint(points[r][0]) \
                        and not at[1].isdisjoint(points[b][1]):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found is not None:
                break
        if found is not None:
            out.append(found)
    return out


def _cells_to_tables(cells: list[Box]) -> list[list[Box]]:
    """Cells grouped into tables by shared corners (pdfplumber's cells_to_tables)."""
    def corners(b: Box) -> tuple[Point, Point, Point, Point]:
        return ((b[0], b[1]), (b[0], b[3]), (b[2], b[1]), (b[2], b[3]))

    remaining = list(cells)
    current_corners: set[Point] = set()
    current: list[Box] = []
    tables: list[list[Box]] = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            cc = corners(cell)
            if not current or any(c in current_corners for c in cc):
                current_corners.update(cc)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(list(current))
            current_corners.clear()
            current.clear()
    if current:
        tables.append(list(current))
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _row_cells(cells: Iterable[Box]) -> list[Box]:
    """The cells row by row, left to right, one per x0 in a row (pdfplumber's Table.rows)."""
    out: list[Box] = []
    for _, group in itertools.groupby(sorted(cells, key=lambda c: (c[1], c[0])),
                                      key=lambda c: c[1]):
        by_x = {c[0]: c for c in group}
        out += [by_x[x] for x in sorted(by_x)]
    return out
