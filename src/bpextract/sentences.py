"""Sentence starts by a sentence-end rule, in one linear pass.

The rule is underthesea's Punkt-style `sent_tokenize` (version 9.5), which the indicators used
on the whole text: a sentence ends at `.`, `?` or `!` (with the marks that follow it), except a
`.` between two digits (`1.500`) or after an abbreviation (`TP.`, `a.`), and at an ellipsis of
three or more dots followed by a capital or the end. Re-implemented here because underthesea's
loop walks back over the whole run of letters, digits and dots before every full stop
(quadratic on `a.a.a.a...`) and costs 0.5 s to import; the abbreviations are underthesea's own
(its `punkt_params.json`, read without importing it, plus the ones its loader adds), so the
sentences are the same.
"""

from __future__ import annotations

import importlib.util
import json
import re
import string
from functools import lru_cache
from pathlib import Path

# what underthesea's loader adds to the abbreviations of its punkt_params.json
_EXTRA = [
    "g.m.t", "e.g", "dr", "vs", "000", "mr", "mrs", "prof", "inc", "tp", "ts", "ths", "th",
    "k.l", "a.w.a.k.e", "t", "a.i", "</i", "g.w", "ass", "u.n.c.l.e", "t.e.s.t", "d.c", "ve…",
    "f.t", "b.b", "z.e", "s.g", "m.p", "g.u.y", "l.c", "g.i", "j.f", "r.r", "v.i", "m.h", "a.s",
    "bs", "c.k", "aug", "t.d.q", "b…", "ph", "j.k", "e.l", "o.t", "s.a",
]
# ASCII classes only, so the stdlib `re` reads them as `regex` would, and finds the next mark
# several times faster (issue 11)
_MARK = re.compile(r"[.?!]")
_MARKS = re.compile(r"[.?!]*+")
_DOTS = re.compile(r"\.++")
_BLANKS = re.compile(r"[ \t]*+")
_SPACES = re.compile(r"[ \t\n\r]*+")


def _params_file() -> Path | None:
    spec = importlib.util.find_spec("underthesea")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    for root in spec.submodule_search_locations:
        p = Path(root) / "pipeline" / "sent_tokenize" / "punkt_params.json"
        if p.is_file():
            return p
    return None


@lru_cache(maxsize=1)
def abbreviations() -> tuple[frozenset[str], int]:
    """(abbreviations, length of the longest one)."""
    words = set(_EXTRA) | set(string.ascii_letters)
    path = _params_file()
    if path is not None:
        words |= set(json.loads(path.read_text(encoding="utf-8")).get("abbrev_types", []))
    # lower() never shortens a word: a run longer than every abbreviation is none of them
    return frozenset(words), max(len(w) for w in words)


def _after_abbreviation(text: str, pos: int) -> bool:
    """The letters, digits and dots right before `pos` form a known abbreviation.

    Only the last `longest + 1` characters are read: a longer run is no abbreviation."""
    words, longest = abbreviations()
    stop = max(-1, pos - longest - 2)
    k = pos - 1
    while k > stop and (text[k].isalnum() or text[k] == "."):
        k -= 1
    if k == stop and k >= 0 and (text[k].isalnum() or text[k] == "."):
        return False
    word = text[k + 1:pos]
    return bool(word) and word.lower() in words


def _ends_here(text: str, pos: int) -> bool:
    if text[pos] != ".":
        return True
    if 0 < pos < len(text) - 1 and text[pos - 1].isdigit() and text[pos + 1].isdigit():
        return False  # 1.500.000, 15.12.2025
    return not _after_abbreviation(text, pos)


def _spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence before stripping, as underthesea cuts them."""
    n = len(text)
    spans: list[tuple[int, int]] = []
    start = i = 0
    while True:
        m = _MARK.search(text, i)
        if m is None:
            break
        i = m.start()
        if text[i] == ".":
            dots = _DOTS.match(text, i)
            dot_end = dots.end() if dots else i + 1
            if dot_end - i >= 3:  # an ellipsis ends a sentence before a capital or the end
                after = _BLANKS.match(text, dot_end)
                a = after.end() if after else dot_end
                if a >= n or text[a].isupper():
                    spans.append((start, dot_end))
                    ws = _SPACES.match(text, dot_end)
                    dot_end = ws.end() if ws else dot_end
                    start = dot_end
                i = dot_end
                continue
        if _ends_here(text, i):
            marks = _MARKS.match(text, i + 1)
            end = marks.end() if marks else i + 1
            spans.append((start, end))
            ws = _SPACES.match(text, end)
            start = i = ws.end() if ws else end
            continue
        i += 1
    spans.append((start, n))
    return spans


def sentence_starts(text: str) -> list[int]:
    """Where each sentence of `text` starts: the first occurrence of its first 20 characters
    at or after the previous sentence's head (as the indicators located underthesea's
    sentences in the text)."""
    if not text or not text.strip():
        return []
    starts: list[int] = []
    cur = 0
    for s, e in _spans(text):
        head = text[s:e].strip()[:20]
        if not head:
            continue
        k = text.find(head, cur)
        if k < 0:
            continue
        starts.append(k)
        cur = k + len(head)
    return starts
