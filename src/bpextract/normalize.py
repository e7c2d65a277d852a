"""Normalize raw text: NFC, one tone-mark placement, clean spaces and line ends, markdown markup
removed. Returns a TextMap so every clean character points back to its source offset.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from array import array

import regex

from . import fastscan
from .textmap import TextBuilder, TextMap

# Invisible or odd characters: dropped (BOM, zero-width) or made a plain space.
_DROP = {"\ufeff", "\u200b", "\u200c", "\u200d", "\u2060", "\u00ad"}
_SPACE = {"\u00a0", "\u2007", "\u202f", "\u2009", "\u200a", "\u3000"}

# New-style tone placement (hoà, thuỷ) -> old style (hòa, thủy): same length, so offsets hold.
# Only at the end of a syllable and never after q (quý is right in both styles).
_TONE_PAIRS = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_TONE_PAIRS.update({k.upper(): v.upper() for k, v in list(_TONE_PAIRS.items())})
_TONE_PAIRS.update({k[0].upper() + k[1]: v[0].upper() + v[1] for k, v in list(_TONE_PAIRS.items())
                    if k.islower()})
_TONE_RE = regex.compile(
    r"(?<![qQ])(" + "|".join(sorted(_TONE_PAIRS, key=len, reverse=True)) + r")(?!\p{L})"
)

# Markdown markup that carries no text: heading hashes, bold/italic asterisks, escapes.
_MD_HEADING = regex.compile(r"(?m)^[ \t]{0,3}#{1,6}[ \t]+")
_MD_BOLD = regex.compile(r"\*\*|__(?=\S)|(?<=\S)__")
# a line of markup only (`**` closing a bold organ line, `** **`, `* *`, a lone `#`): dropped
# with its line end, so it never leaves an empty line that splits a header block
_MD_EMPTY_LINE = regex.compile(
    r"(?m)^[ \t]*+(?:\*{1,3}|#{1,6})(?:[ \t]*+\*{1,3})*+[ \t]*+(?:\n|\Z)")
# italic may wrap over lines of one paragraph (`*Cần Thơ, ngày 21` / `tháng 11 năm 2025 *`);
# a space before the closing star only at a line end (`a * b * c` is no italic)
_MD_ITALIC = regex.compile(r"(?m)(?<![\*\w])\*(?=[^\s*])((?:[^*\n]|\n(?![ \t]*+\n)){1,1000}?)"
                           r"(?:(?<=[^\s*])|[ \t]++(?=\*[ \t]*+$))\*(?![\*\w])")
_MD_ESCAPE = regex.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
# the markup removals in order: (pattern, group kept, the strings one of which every match
# holds). A text holding none of them is not scanned (issue 11: most plain texts have no `*`
# or `#`, and the empty-line pattern costs a scan as long as the text)
_MD_STEPS: tuple[tuple[regex.Pattern[str], int | None, tuple[str, ...]], ...] = (
    (_MD_EMPTY_LINE, None, ("*", "#")),
    (_MD_HEADING, None, ("#",)),
    (_MD_BOLD, None, ("**", "__")),
    (_MD_ITALIC, 1, ("*",)),
    (_MD_ESCAPE, 1, ("\\",)),
)


# where a pair may stand, for `fastscan` (the pattern opens with a lookbehind: tried at every
# position; the stdlib `re` finds the literal pairs first, 0.20 -> 0.12 s on 200 bench documents)
_TONE_AT = re.compile("|".join(sorted(_TONE_PAIRS, key=len, reverse=True)))


def fold_tones(text: str) -> str:
    """`hoà` -> `hòa`, `thuỷ` -> `thủy`; length is unchanged."""
    out: list[str] = []
    pos = 0
    for m in fastscan.finditer(_TONE_AT, _TONE_RE, text):  # the matches `sub` replaces
        out += (text[pos:m.start()], _TONE_PAIRS[m.group(1)])
        pos = m.end()
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


_COUNT: array[int] = array("l")  # 0, 1, 2, ...: a prefix of it is an identity offset map
_COUNT_MAX = 1 << 20  # kept up to 1 M entries (8 MB); longer texts build their own


def _identity(text: str, page_starts: tuple[int, ...]) -> TextMap:
    """`TextMap.identity`, its offsets copied from a prefix of `_COUNT` (a memory copy)
    instead of built from `range` one int at a time (0.5 s CPU on 200 bench documents)."""
    global _COUNT
    n = len(text)
    if n > _COUNT_MAX:
        return TextMap.identity(text, page_starts)
    if n > len(_COUNT):
        _COUNT = array("l", range(min(_COUNT_MAX, max(n, 2 * len(_COUNT)))))
    return TextMap(text, _COUNT[:n], tuple(page_starts))


# literal characters only: the stdlib `re` reads it as `regex` does, and scans faster
_SPECIAL = re.compile("\r\n?|[" + "".join(sorted(_DROP | _SPACE)) + "]")


def _nfc(raw: str, page_starts: tuple[int, ...]) -> TextMap:
    """NFC by clusters (a base and its combining marks) so each output char maps to a source."""
    if unicodedata.is_normalized("NFC", raw):  # the usual case: only odd spaces and line ends
        src = _identity(raw, page_starts)
        specials = _SPECIAL.finditer(raw)
        first = next(specials, None)
        if first is None:
            return src
        fast = TextBuilder(page_starts)
        pos = 0
        for m in itertools.chain([first], specials):
            fast.add_from(src, pos, m.start())
            ch = m.group()
            if ch[0] == "\r":
                fast.add("\n", m.start())
            elif ch in _SPACE:
                fast.add(" ", m.start())
            pos = m.end()
        fast.add_from(src, pos, len(raw))
        return fast.build()
    b = TextBuilder(page_starts)
    i, n = 0, len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        cluster = raw[i:j]
        if cluster == "\r":
            if j < n and raw[j] == "\n":
                j += 1  # CRLF: one line end, mapped to the CR as in the fast path
            cluster = "\n"
        elif cluster in _DROP:
            i = j
            continue
        elif cluster in _SPACE:
            cluster = " "
        elif j - i > 1 or not cluster.isascii():
            cluster = unicodedata.normalize("NFC", cluster)
        b.add(cluster, i)
        i = j
    return b.build()


def _glue(text: str, start: int, end: int) -> str:
    """What replaces markup between two letters: `nghị**HỘI` lost a paragraph break (lower case
    then capitals), `từ**ngữ` a space; elsewhere nothing, so no words are glued together."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if not (before.isalpha() and after.isalpha()):
        return ""
    return "\n" if before.islower() and after.isupper() else " "


def _remove(tm: TextMap, pattern: regex.Pattern[str], keep_group: int | None = None) -> TextMap:
    """Drop every match of `pattern` (keeping group `keep_group` of it, if given)."""
    matches = pattern.finditer(tm.text)
    first = next(matches, None)
    if first is None:
        return tm  # nothing to drop: no copy of the text and its offsets
    b = TextBuilder(tm.page_starts)
    pos = 0
    for m in itertools.chain([first], matches):
        b.add_from(tm, pos, m.start())
        if keep_group is not None:
            b.add_from(tm, m.start(keep_group), m.end(keep_group))
        else:
            b.add(_glue(tm.text, m.start(), m.end()), tm.source_offset(m.start()))
        pos = m.end()
    b.add_from(tm, pos, len(tm.text))
    return b.build()


def normalize(raw: str, page_starts: tuple[int, ...] = (), markdown: bool = True) -> TextMap:
    """Clean `raw` for matching; offsets of the result map back to `raw` via `origin`."""
    tm = _nfc(raw, page_starts)
    if markdown:
        for pattern, keep, needs in _MD_STEPS:
            if any(s in tm.text for s in needs):
                tm = _remove(tm, pattern, keep)
    return TextMap(fold_tones(tm.text), tm.origin, tm.page_starts)
