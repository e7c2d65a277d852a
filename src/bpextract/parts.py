"""Split a document into its main part and what is attached after the signature.

An attachment (ĐỀ CƯƠNG, Phụ lục, a form, a regulation issued with a decision) starts at a line
matching a rule of `rules/header.yaml: attachments`, after the signature anchor (the first
`Nơi nhận` line, else the first signature block `KT. ...` + name, else the last third).
Consecutive title lines belong to one part; its title runs up to the blank line or the
`(Kèm theo ...)` line.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from .model import Part
from .rules import Rules
from .userpatterns import Matcher, compile_entry

_LINE = regex.compile(r"(?m)^[ \t]*(\S[^\n]*)$")
_KEM_THEO = regex.compile(r"^\(?\s*(?:Ban\s+hành\s+)?[Kk]èm\s+theo")


@lru_cache(maxsize=8)
def _compiled(rules: Rules) -> tuple[list[tuple[Matcher, str]],
                                    regex.Pattern[str], regex.Pattern[str]]:
    hdr = rules["header"]
    pats = [(compile_entry(rules, "header", "attachments", e, "pattern", prefix="(?m)"),
             str(e["kind"])) for e in hdr.entries("attachments")]
    label = regex.escape(str(hdr.setting("header", "recipients_label", "Nơi nhận")))
    prefixes = "|".join(regex.escape(p) for p in hdr.setting("header", "authority_prefixes"))
    # a signature: an authority line (TM./KT. ...) followed within a few lines by a name
    signature = regex.compile(
        rf"(?m)^[ \t]*(?:{prefixes})[ \t]*\S[^\n]*\n(?:[^\n]*\n){{0,5}}?[ \t\[]*"
        r"(?:\p{Lu}\p{Ll}+[ \t]+){1,4}\p{Lu}\p{Ll}+[ \t]*$")
    return pats, regex.compile(rf"(?mi)^[ \t]*{label}\s*:?"), signature


def _title(text: str, start: int) -> str:
    """The part's title: its first lines up to a blank line or the `(Kèm theo` line."""
    lines: list[str] = []
    for line in text[start:start + 600].split("\n"):
        s = line.strip()
        if not s or _KEM_THEO.match(s) or len(lines) >= 6:
            break
        lines.append(s)
    return " ".join(lines)


def split_parts(text: str, rules: Rules) -> list[Part]:
    """Part 0 is the main document; each attachment (ĐỀ CƯƠNG, Phụ lục, form...) is a part."""
    patterns, recipients, signature = _compiled(rules)
    anchor_m = recipients.search(text) or signature.search(text)
    anchor = anchor_m.end() if anchor_m else (2 * len(text)) // 3
    starts: list[tuple[int, str]] = []
    last_end = -1
    for m in _LINE.finditer(text, anchor):
        line = m.group(1)
        if len(line) > 120 or line.rstrip().endswith((".", ";", ",")) or m.start(1) < last_end:
            continue  # a title line is short and is not a sentence
        for pat, kind in patterns:
            if pat.match(text, m.start(1)):
                title = _title(text, m.start(1))
                starts.append((m.start(1), kind))
                last_end = m.start(1) + len(title) + 1  # title lines are not new parts
                break
    bounds = [0] + [s for s, _ in starts] + [len(text)]
    parts = [Part(id=0, kind="main", title=None, start=0, end=bounds[1])]
    for i, (s, kind) in enumerate(starts, start=1):
        parts.append(Part(id=i, kind=kind, title=_title(text, s), start=s, end=bounds[i + 1]))
    return parts
