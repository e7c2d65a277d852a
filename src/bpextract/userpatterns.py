"""Patterns from rule entries: shipped ones run bare, a user's own run under a safety net.

Shipped patterns are linear by construction (no nested unbounded repetition over the same
characters), so they run with no clock at all and a document's tables never depend on the load
of the machine. A pattern a user writes in a rules folder may backtrack badly; it runs with a
regex timeout, and when that fires the document fails with `RuleTimeoutError` naming the rule
(an error row), never a document with fewer records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TypeAlias

import regex

from .errors import RuleError, RuleTimeoutError
from .rules import Entry, Rules, get_rules

USER_TIMEOUT = 10.0  # seconds per call of a user's pattern; shipped patterns have none


class UserPattern:
    """A user's compiled pattern with the methods the stages call, each under `USER_TIMEOUT`."""

    def __init__(self, pattern: regex.Pattern[str], where: str,
                 limit: float | None = None) -> None:
        self.pattern = pattern
        self.where = where
        self.limit = USER_TIMEOUT if limit is None else limit

    def _fail(self) -> RuleTimeoutError:
        return RuleTimeoutError(
            f"{self.where}: this pattern from your rules folder ran past its {self.limit:g} s "
            "safety limit on one document (it backtracks too much), which was therefore not "
            "extracted. Rewrite it without nested repetition over the same characters (such as "
            "`(\\w+\\s?)+`) or overlapping alternatives, bound each repeat as {0,N}, or remove "
            "it (to rewrite it safely, try it on a long line of its near-matches).")

    def match(self, string: str, pos: int = 0,
              endpos: int | None = None) -> regex.Match[str] | None:
        try:
            return self.pattern.match(string, pos, endpos, timeout=self.limit)
        except TimeoutError:
            raise self._fail() from None

    def fullmatch(self, string: str, pos: int = 0,
                  endpos: int | None = None) -> regex.Match[str] | None:
        try:
            return self.pattern.fullmatch(string, pos, endpos, timeout=self.limit)
        except TimeoutError:
            raise self._fail() from None

    def search(self, string: str, pos: int = 0,
               endpos: int | None = None) -> regex.Match[str] | None:
        try:
            return self.pattern.search(string, pos, endpos, timeout=self.limit)
        except TimeoutError:
            raise self._fail() from None

    def finditer(self, string: str, pos: int = 0,
                 endpos: int | None = None) -> Iterator[regex.Match[str]]:
        try:
            yield from self.pattern.finditer(string, pos, endpos, timeout=self.limit)
        except TimeoutError:
            raise self._fail() from None


Matcher: TypeAlias = "regex.Pattern[str] | UserPattern"


@lru_cache(maxsize=64)
def _shipped_keys(file: str, section: str) -> frozenset[tuple[str, str]]:
    """Where and content of every shipped entry of a section (computed once)."""
    shipped = get_rules(None)[file]
    return frozenset((e.where, repr(sorted(e.data.items()))) for e in shipped.entries(section))


def user_entries(rules: Rules, file: str, section: str,
                 entries: Sequence[Entry]) -> list[bool]:
    """For each entry of `rules[file]`'s `section`: True when it comes from a user's folder."""
    if len(rules.dirs) < 2:
        return [False] * len(entries)
    keys = _shipped_keys(file, section)
    return [(e.where, repr(sorted(e.data.items()))) not in keys for e in entries]


def compile_pattern(source: str, where: str, user: bool, flags: int = 0) -> Matcher:
    """Compile one rule pattern; a pattern that does not compile names its rule."""
    try:
        pattern = regex.compile(source, flags)
    except (regex.error, TypeError, ValueError, OverflowError) as exc:
        raise RuleError(f"{where}: the pattern does not compile ({exc})") from None
    return UserPattern(pattern, where) if user else pattern


def compile_entry(rules: Rules, file: str, section: str, entry: Entry, key: str,
                  flags: int = 0, prefix: str = "") -> Matcher:
    """`entry[key]` compiled (with `prefix` before it), under the net when the entry is a user's."""
    user = user_entries(rules, file, section, [entry])[0]
    return compile_pattern(prefix + str(entry[key]), entry.where, user, flags)


def compile_alternation(rules: Rules, file: str, section: str, entries: Sequence[Entry],
                        key: str, flags: int = 0) -> Matcher | None:
    """One pattern matching any of the entries' `key` patterns (None when there are none)."""
    if not entries:
        return None
    for e in entries:  # name the entry that does not compile, not the joined pattern
        compile_pattern(str(e[key]), e.where, False, flags)
    users = [e.where for e, u in zip(entries, user_entries(rules, file, section, entries),
                                     strict=True) if u]
    joined = "|".join(f"(?:{e[key]})" for e in entries)
    return compile_pattern(joined, ", ".join(users) or entries[0].where, bool(users), flags)
