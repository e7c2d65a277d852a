"""Norm tables: tables of định mức, đơn giá, mức chi, tiêu chuẩn (prescribed figures).

A norm table says how much a task may take (`Ngày công thực hiện | 100`), what a unit costs or
what may be spent; its figures are neither results nor estimates, whatever the words of a
column header (`thực hiện` in `Ngày công thực hiện` is "to perform", not "performed"). So a
value column of a norm table has status `unknown` (a norm is prescribed: neither reached nor
aimed at); and its figures take the unit the header starts with (`Ngày công ...` ->
`ngày công`) when neither the row nor a bracket in the header gives one. A table is a norm
table when its title (the lines right above it: `Phụ lục I` / `ĐỊNH MỨC CHO HOẠT ĐỘNG ...`)
starts with a title cue, or a column header holds a header cue (`Mức chuyên gia`, `Định mức`).
The cue words are in rules/tables.yaml (`norms`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from .rules import Rules, literal_alternation


@dataclass(frozen=True)
class NormRules:
    title_re: regex.Pattern[str] | None
    header_re: regex.Pattern[str] | None
    title_lines: int
    header_units: tuple[str, ...]  # folded, longest first
    row_roles: frozenset[str]  # column roles that name the rows of a norm table without label


def _fold(s: str) -> str:
    return " ".join(s.lower().split())


@lru_cache(maxsize=16)  # once per rule set
def norm_rules(rules: Rules) -> NormRules:
    """The `norms` settings of rules/tables.yaml, compiled once per rule set."""
    rf = rules["tables"]
    titles = [str(w) for w in rf.setting("norms", "title_cues") or ()]
    labels = [str(w) for w in rf.setting("norms", "title_labels") or ()]
    heads = [str(w) for w in rf.setting("norms", "header_cues") or ()]
    units = sorted({_fold(str(w)) for w in rf.setting("norms", "header_units") or ()},
                   key=len, reverse=True)
    space = r"[ \t\u00a0]+"
    # `Phụ lục I`, `Bảng 2.`, `B. Bảng` (an outline marker before the label)
    label = (rf"(?:(?:[A-ZĐ]|[0-9]{{1,2}}|[IVX]{{1,4}})[.)][ \t]+)?"
             rf"(?:(?:{literal_alternation(labels, space=space)})[ \t]*[0-9IVXLCA-Z.]*"
             rf"[ \t]*[.:\-–]?[ \t]*)?") if labels else ""
    title_re = regex.compile(
        rf"^[ \t]*{label}(?:{literal_alternation(titles, space=space)})(?![\p{{L}}\p{{M}}])",
        regex.I | regex.M) if titles else None
    header_re = regex.compile(
        rf"(?<![\p{{L}}\p{{M}}])(?:{literal_alternation(heads, space=space)})"
        rf"(?![\p{{L}}\p{{M}}])", regex.I) if heads else None
    return NormRules(title_re, header_re, int(rf.setting("norms", "title_lines", 3)),
                     tuple(units),
                     frozenset(str(r) for r in rf.setting("norms", "row_roles") or ()))


def title_before(text: str, start: int, lines: int) -> str:
    """The last `lines` non-blank lines before `start` (a table's title and caption)."""
    out: list[str] = []
    end = start
    while len(out) < lines and end > 0:
        k = text.rfind("\n", 0, end - 1)
        line = text[k + 1:end].strip()
        if line:
            out.append(line)
        end = k + 1 if k >= 0 else 0
        if k < 0:
            break
    return "\n".join(reversed(out))


def is_norm_table(title: str, headers: Sequence[str], rules: Rules) -> bool:
    """True when the title starts with a title cue (`ĐỊNH MỨC ...`, `Bảng 2. Đơn giá ...`)
    or a column header holds a header cue (`Mức chuyên gia`, `Định mức lao động`)."""
    n = norm_rules(rules)
    if n.title_re is not None and n.title_re.search(title):
        return True
    return n.header_re is not None and any(n.header_re.search(h) for h in headers)


def header_unit_word(header: str, rules: Rules) -> str | None:
    """The unit a norm column's header starts with (`Ngày công thực hiện` -> `ngày công`)."""
    h = _fold(header)
    for u in norm_rules(rules).header_units:
        if h.startswith(u) and (len(h) == len(u) or not h[len(u)].isalnum()):
            return " ".join(header.split())[:len(u)]
    return None
