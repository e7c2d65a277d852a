"""`finditer` of a `regex` pattern, found faster with a stdlib `re` pattern that proposes where
it may match.

The `regex` engine tries a pattern that opens with a lookbehind or an alternation of words at
every position of the text; the stdlib `re` finds a literal word or a small class far faster
(issue 11: the reference type-word trie 2.2 -> 0.7 s, on 200 bench documents). The two do not
read `\\w`, `\\d` or `\\s` alike (Unicode versions, superscripts), so `re` only proposes: its
pattern must match wherever the `regex` one does (a superset), and `regex` decides there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex


def finditer(propose: re.Pattern[str], decide: regex.Pattern[str],
             text: str) -> Iterator[regex.Match[str]]:
    """The matches of `decide.finditer(text)`, provided `propose` matches at every position
    where `decide` does. As `finditer`: the leftmost match, then on from its end (one further
    after an empty match); a proposal `decide` rejects moves the search on by one."""
    pos = 0
    scan, match = propose.search, decide.match
    while True:
        cand = scan(text, pos)
        if cand is None:
            return
        q = cand.start()
        m = match(text, q)
        if m is None:
            pos = q + 1
            continue
        yield m
        pos = m.end() if m.end() > q else q + 1
