"""Dates: long, numeric, partial, ranges, recurring, placeholders, each with a role.

Values are ISO 8601 at the precision written (DESIGN §3): `2022-01-11`, `2025-04`, `2022`,
recurring `--03-03`; a range keeps its end in `end_value`. A template blank
(`.....ngày....tháng.....năm 2022`) is a `placeholder` with no value, never a date. Impossible
dates (`31/02/2024`) are dropped. A bare 4-digit number is a year only after `năm` or as one end
of a range of years (`giai đoạn 2015 - 2025`, `(2019- 2024)`); `Khóa VII/2023`, quantities,
phone numbers and document numbers are not dates.

Roles: `reference` inside a reference span, `issue` on a place line (`Hà Quảng, ngày ...`),
`deadline`/`period` after the words of `rules/dates.yaml`, `period` for every range, else `other`.
Every pattern is bounded by construction (no nested unbounded repetition, fixed windows), and
overlaps and roles are found through indexes, so the pass is linear in the text and its result
never depends on the clock.
"""

from __future__ import annotations

import datetime
import re
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate

import regex

from . import fastscan
from .model import DateRecord, Reference
from .rules import Rules, Schema, Section, literal_alternation

SCHEMAS: Mapping[str, Schema] = {
    "dates": {
        "roles": Section({"role": (str, True), "words": (list, True), "reach": (int, False),
                          "examples": (list, False), "counterexamples": (list, False)},
                         key="role"),
        "settings": Section({"range_words": (list, False), "max_range_years": (int, False),
                             "recurring_words": (list, False), "earliest_year": (int, False),
                             "latest_year": (int, False)}, mapping=True),
    },
}

ROLES = ("issue", "deadline", "reference", "period", "other")

_S = r"[ \t\u00a0]"
_D = r"(?:0?[1-9]|[12]\d|3[01])"
_M = r"(?:0?[1-9]|1[0-2])"
_Y = r"(?:1[89]\d\d|2[01]\d\d)"
_DOTS = r"[ \t\u00a0.…_*\-/]"

# one pattern per date form; the group names say what was written
_FORMS: list[tuple[str, regex.Pattern[str]]] = [
    # the dots of the blank before `ngày` (`.....ngày....`) are added by `_dotted_lead`
    ("placeholder", regex.compile(
        rf"(?<!\w)(?:ngày|Ngày|NGÀY)(?P<gap1>{_DOTS}{{0,40}})"
        rf"(?:tháng|THÁNG)(?P<gap2>{_DOTS}{{0,40}})(?:năm|NĂM)"
        rf"(?:(?P<gap3>{_DOTS}{{0,40}})(?P<y>{_Y}))?(?!\w)")),
    ("long", regex.compile(
        r"(?<!\w)(?:ngày|Ngày|NGÀY)\s{0,3}(?P<d>\d{1,2})\s{0,3}(?:tháng|THÁNG)\s{0,3}"
        r"(?P<m>\d{1,2})\s{0,3}(?:,\s{0,2})?(?:năm|NĂM)\s{1,3}(?P<y>\d{4})(?!\d)")),
    # an unsigned draft: `Hà Nội, ngày    tháng 11 năm 2025` keeps the month written
    ("blank-day", regex.compile(
        rf"(?<!\w)(?:ngày|Ngày|NGÀY)[ \t\u00a0.…_]{{1,40}}(?:tháng|THÁNG)\s{{0,3}}"
        rf"(?P<m>\d{{1,2}})\s{{0,3}}(?:,\s{{0,2}})?(?:năm|NĂM)\s{{1,3}}(?P<y>{_Y})(?!\d)")),
    ("long-numeric-year", regex.compile(
        r"(?<!\w)(?:ngày|Ngày)\s{0,3}(?P<d>\d{1,2})\s{0,3}tháng\s{1,3}"
        r"(?P<m>\d{1,2})\s{0,2}/\s{0,2}(?P<y>\d{4})(?!\d)")),
    ("numeric", regex.compile(
        rf"(?:(?<!\w)(?:ngày|Ngày|NGÀY){_S}{{1,3}})?(?<![\w/.,\-])(?P<d>\d{{1,2}})"
        rf"(?P<sep>{_S}?[/.\-]{_S}?)(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d{{4}})(?![\w/]|[.,]\d)")),
    ("iso", regex.compile(
        rf"(?<![\w/.,\-])(?P<y>{_Y})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\w/]|-\d)")),
    ("quarter", regex.compile(
        rf"(?<!\w)(?:quý|Quý|QUÝ)\s{{1,3}}(?P<q>IV|I{{1,3}}|[1-4])(?!\w)"
        rf"{_S}{{0,2}}(?:/|{_S}năm|,{_S}{{0,2}}năm){_S}{{0,2}}(?P<y>{_Y})(?!\d)"
        rf"(?:{_S}{{0,3}}[-–—]{_S}{{0,3}}(?P<y2>{_Y})(?![\w/]|[.,]\d))?")),
    ("months-of-year", regex.compile(
        rf"(?<!\w)(?P<n>\d{{1,2}}|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Bb]ảy|[Tt]ám|[Cc]hín|[Mm]ười"
        rf"|[Mm]ười một){_S}{{1,3}}tháng{_S}{{1,3}}(?P<edge>đầu|cuối){_S}{{1,3}}năm{_S}{{1,3}}"
        rf"(?P<y>{_Y})(?!\d)")),
    ("month-in-phrase", regex.compile(
        rf"(?<!\w)(?:tháng|Tháng|THÁNG){_S}{{1,3}}(?P<m>\d{{1,2}})"
        rf"(?![\d/\-]|{_S}{{0,2}},?{_S}{{0,2}}năm)"
        rf"(?=[^.;:\n]{{1,40}}?(?<!\w)năm{_S}{{1,3}}(?P<y>{_Y})(?!\d))")),
    ("month", regex.compile(
        rf"(?<!\w)(?:tháng|Tháng|THÁNG){_S}{{1,3}}(?P<m>\d{{1,2}}){_S}{{0,2}}"
        rf"(?:[/\-]|{_S}năm|,{_S}{{0,2}}năm){_S}{{0,2}}(?P<y>\d{{4}})(?!\d)")),
    ("long-no-year", regex.compile(
        r"(?<!\w)(?:ngày|Ngày)\s{0,3}(?P<d>\d{1,2})\s{0,3}tháng\s{1,3}(?P<m>\d{1,2})"
        r"(?!\d|\s{0,3},?\s{0,3}năm|\s{0,2}/)")),
    ("day-month", regex.compile(
        rf"(?:(?<!\w)(?P<ngay>ngày|Ngày){_S}{{1,3}})?(?<![\w/.,\-])(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})"
        rf"(?![\w/]|[.,]\d|-\d)")),
    ("year-range", regex.compile(
        rf"(?<![\w/.,\-])(?P<y>{_Y}){_S}{{0,3}}[-–—]{_S}{{0,3}}(?P<y2>{_Y})(?![\w/]|[.,]\d)")),
    ("year-span", regex.compile(
        rf"(?<!\w)(?:từ|Từ){_S}{{1,3}}năm{_S}{{1,3}}(?P<y>{_Y}){_S}{{1,3}}(?:đến|tới)"
        rf"{_S}{{1,3}}(?:năm{_S}{{1,3}})?(?P<y2>{_Y})(?!\d)")),
    ("year", regex.compile(
        rf"(?<!\w)(?:năm|Năm|NĂM){_S}{{1,3}}(?P<y>{_Y})(?![\w/]|[.,]\d)")),
]

# where a form opening with a word may match (the word: a superset of the matches): every
# occurrence of each spelling, found by `str.find` (3x faster than one `re` alternation of the
# spellings, which tries every position); forms proposed by the same words share one search.
# Forms opening with a digit are scanned faster by `regex` alone
_NGAY = ("ngày", "Ngày", "NGÀY")
_THANG = ("tháng", "Tháng", "THÁNG")
_PROPOSE: dict[str, tuple[str, ...]] = {
    "placeholder": _NGAY, "long": _NGAY, "blank-day": _NGAY, "long-numeric-year": _NGAY,
    "long-no-year": _NGAY, "month-in-phrase": _THANG, "month": _THANG,
    "quarter": ("quý", "Quý", "QUÝ"), "year": ("năm", "Năm", "NĂM"),
}


_word_starts = fastscan.word_starts  # every offset of one of the words, in order


_LONG_ONE = regex.compile(
    r"(?P<d>\d{1,2})\s{0,3}(?i:tháng)\s{0,3}(?P<m>\d{1,2})\s{0,3},?\s{0,3}(?i:năm)\s{1,3}"
    r"(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s?[/.\-]\s?(?P<m2>\d{1,2})\s?[/.\-]\s?(?P<y2>\d{4})(?!\d)")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return datetime.date(y, m, d).isoformat()
    except ValueError:
        return None


def _valid_dm(d: int, m: int) -> bool:
    return _iso(2024, m, d) is not None  # 2024 is a leap year: 29/02 is a valid day-month


def parse_date_text(s: str) -> str | None:
    """ISO date of one long-form or numeric date string; None for placeholders and bad dates.

    `Hà Quảng, ngày 11 tháng 01 năm 2022` -> `2022-01-11`; `30/12/2021` -> `2021-12-30`;
    `ngày 05tháng 11 năm 2025` -> `2025-11-05`; a blank day keeps the month written:
    `Hà Nội, ngày    tháng 11 năm 2025` -> `2025-11` (see `blank_day`);
    `ngày    tháng    năm 2022` -> None; `31/02/2024` -> None.
    """
    m = _LONG_ONE.search(s)
    if m is None:
        b = _BLANK_DAY.search(s)
        if b is not None and 1 <= int(b.group("m")) <= 12:
            return f"{int(b.group('y')):04d}-{int(b.group('m')):02d}"
        return None
    if m.group("d") is not None:
        return _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return _iso(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))


_BLANK_DAY = dict(_FORMS)["blank-day"]


def blank_day(s: str) -> bool:
    """True when `s` is a long date whose day is left blank (`ngày    tháng 11 năm 2025`): its
    value has month precision and the reader should be told the day is missing."""
    iso = parse_date_text(s)
    return iso is not None and len(iso) == 7


@dataclass
class _Compiled:
    roles: list[tuple[str, regex.Pattern[str], int]]
    range_words: regex.Pattern[str]
    recurring: regex.Pattern[str]
    max_range: int
    years: tuple[int, int]


_CACHE: weakref.WeakKeyDictionary[Rules, _Compiled] = weakref.WeakKeyDictionary()


def _alt(words: Sequence[str]) -> str:
    return literal_alternation(words, cases=True)


def _compile(rules: Rules) -> _Compiled:
    c = _CACHE.get(rules)
    if c is not None:
        return c
    rf = rules["dates"]
    roles = []
    for e in rf.entries("roles"):
        if e["role"] not in ROLES:
            from .errors import RuleError
            raise RuleError(f"{e.where}: role must be one of {', '.join(ROLES)}")
        pat = regex.compile(rf"(?<!\w)(?:{_alt([str(w) for w in e['words']])})(?!\w)")
        roles.append((str(e["role"]), pat, int(e.get("reach", 3))))
    st = rf.setting
    rw = [str(w) for w in st("settings", "range_words", ["giai đoạn"])]
    rec = [str(w) for w in st("settings", "recurring_words", ["hàng năm", "hằng năm"])]
    c = _Compiled(
        roles=roles,
        range_words=regex.compile(rf"(?<!\w)(?:{_alt(rw)})(?!\w)"),
        recurring=regex.compile(rf"{_S}{{1,3}}(?:{_alt(rec)})(?!\w)"),
        max_range=int(st("settings", "max_range_years", 50)),
        years=(int(st("settings", "earliest_year", 1800)),
               int(st("settings", "latest_year", 2100))),
    )
    _CACHE[rules] = c
    return c


@dataclass
class _Cand:
    start: int
    end: int
    value: str | None
    end_value: str | None
    kind: str
    rule: str


_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
          "mười": 10, "mười một": 11}


def _count(s: str) -> int | None:
    return int(s) if s.isdecimal() else _WORDS.get(s.lower())


def _year_ok(y: int, c: _Compiled) -> bool:
    return c.years[0] <= y <= c.years[1]


def _dotted_lead(text: str, pos: int, floor: int) -> int:
    """Start of the blank written before a placeholder's `ngày` at `pos`: up to 40 dots (or
    `…`, `_`) then at most 3 spaces, not before `floor` (the end of the previous match). Read
    backwards here rather than tried by the pattern at each dot of a long dotted line."""
    q = pos
    while q > floor and pos - q < 4 and text[q - 1] in " \t\u00a0":
        q -= 1
    if pos - q > 3:
        return pos
    d = q
    while d > floor and q - d < 40 and text[d - 1] in ".…_":
        d -= 1
    return d if d < q else pos


def _candidate(form: str, m: regex.Match[str], text: str, c: _Compiled,
               s: int) -> _Cand | None:
    g = m.groupdict()
    e = m.end()
    if form == "placeholder":
        gaps = (g.get("gap1") or "") + (g.get("gap2") or "")
        has_mark = any(ch in gaps for ch in ".…_")
        wide = len(g.get("gap1") or "") >= 3 and len(g.get("gap2") or "") >= 3
        if not (has_mark or g.get("y") or wide):
            return None
        return _Cand(s, e, g.get("y"), None, "placeholder", form)
    if form == "quarter":
        y, q = int(g["y"]), _QUARTERS[g["q"]]
        if not _year_ok(y, c):
            return None
        if g.get("y2"):
            if not y < int(g["y2"]) <= y + c.max_range:
                return None
            return _Cand(s, e, f"{y:04d}-{3 * q - 2:02d}", g["y2"], "range", form)
        return _Cand(s, e, f"{y:04d}-{3 * q - 2:02d}", f"{y:04d}-{3 * q:02d}", "range", form)
    if form == "months-of-year":
        y, n = int(g["y"]), _count(g["n"])
        if not (_year_ok(y, c) and n is not None and 1 < n < 12):
            return None
        lo, hi = (1, n) if g["edge"] == "đầu" else (13 - n, 12)
        return _Cand(s, e, f"{y:04d}-{lo:02d}", f"{y:04d}-{hi:02d}", "range", form)
    if form == "month-in-phrase":
        y, mo = int(g["y"]), int(g["m"])
        if not (1 <= mo <= 12) or not _year_ok(y, c):
            return None
        return _Cand(s, e, f"{y:04d}-{mo:02d}", None, "date", form)
    if form in ("long", "long-numeric-year", "numeric", "iso"):
        y = int(g["y"])
        iso = _iso(y, int(g["m"]), int(g["d"]))
        if iso is None or not _year_ok(y, c):
            # an impossible date (31/02/2024) is no date, nor is any part of it
            return _Cand(s, e, None, None, "invalid", form)
        return _Cand(s, e, iso, None, "date", form)
    if form in ("month", "blank-day"):
        y, mo = int(g["y"]), int(g["m"])
        if not (1 <= mo <= 12) or not _year_ok(y, c):
            return None
        return _Cand(s, e, f"{y:04d}-{mo:02d}", None, "date", form)
    if form in ("long-no-year", "day-month"):
        d, mo = int(g["d"]), int(g["m"])
        if not _valid_dm(d, mo):
            return None
        rec = c.recurring.match(text, e)
        if form == "day-month" and not g.get("ngay") and rec is None:
            return None  # a bare `3/4` is a fraction or a count, not a date
        end = rec.end() if rec is not None else e
        return _Cand(s, end, f"--{mo:02d}-{d:02d}", None, "recurring", form)
    if form in ("year-range", "year-span"):
        y1, y2 = int(g["y"]), int(g["y2"])
        if not (_year_ok(y1, c) and _year_ok(y2, c) and y1 < y2 <= y1 + c.max_range):
            return None
        return _Cand(s, e, str(y1), str(y2), "range", form)
    if form == "year":
        y = int(g["y"])
        if not _year_ok(y, c):
            return None
        return _Cand(s, e, str(y), None, "date", form)
    return None


_RANGE_JOIN = regex.compile(
    r"\s{0,3}(?:[-–—]|đến|tới)\s{0,3}(?:ngày\s{1,3}|tháng\s{1,3}|năm\s{1,3})?")
_JOIN_MAX = 20  # longest text _RANGE_JOIN can match (3 + 3 + 3 + 5 + 3 characters)
_FROM = regex.compile(r"(?:từ|Từ)\s{1,3}$")
_PLACE_LINE = regex.compile(
    r"(?:^|[\t|]| {3})[ \t*#]*(?:\p{Lu}[\p{L} .'\-]{0,40}|[.…_ ]{1,30}),[ \t]*$")


def _merge_ranges(cands: list[_Cand], text: str) -> list[_Cand]:
    """`từ ngày 01/01/2025 đến ngày 31/3/2025` -> one range (dates of the same precision)."""
    out: list[_Cand] = []
    for cd in cands:
        if out and cd.start - out[-1].end <= _JOIN_MAX:  # every merge needs a short join
            prev = out[-1]
            gap = text[prev.end:cd.start]
            same = (prev.kind == cd.kind == "date" and prev.value and cd.value
                    and len(prev.value) == len(cd.value) and prev.value < cd.value)
            quarters = prev.rule == cd.rule == "quarter" and prev.end_value and cd.end_value
            if quarters and _RANGE_JOIN.fullmatch(gap) and \
                    (prev.value or "") < (cd.value or ""):
                out[-1] = _Cand(prev.start, cd.end, prev.value, cd.end_value, "range",
                                "quarter")
                continue
            first = f"{(cd.value or '')[:4]}{(prev.value or '')[1:]}"
            if prev.kind == "recurring" and "năm" not in text[prev.start:prev.end] \
                    and cd.kind == "date" and len(cd.value or "") == 10 \
                    and ("đến" in gap or "tới" in gap) and first < (cd.value or "") \
                    and _RANGE_JOIN.fullmatch(gap):
                # `từ ngày 15/3 đến ngày 30/3/2024`: the start takes the end's year
                fm = _FROM.search(text[max(0, prev.start - 8):prev.start])
                start = prev.start - (len(fm.group(0)) if fm is not None else 0)
                out[-1] = _Cand(start, cd.end, first, cd.value, "range", "range-merge")
                continue
            if same and _RANGE_JOIN.fullmatch(gap):
                fm = _FROM.search(text[max(0, prev.start - 8):prev.start])
                if fm is not None or "đến" in gap or "tới" in gap or len(prev.value or "") > 4:
                    start = prev.start - (len(fm.group(0)) if fm is not None else 0)
                    out[-1] = _Cand(start, cd.end, prev.value, cd.value, "range", "range-merge")
                    continue
        out.append(cd)
    return out


class _Index:
    """References of one text, indexed once: a date's role is found by bisect, never by a pass
    over every reference."""

    def __init__(self, refs: Sequence[Reference]) -> None:
        self.refs = sorted(refs, key=lambda r: r.start)
        self.starts = [r.start for r in self.refs]
        self.reach = list(accumulate((r.end for r in self.refs), max))

    def in_reference(self, cd: _Cand, text: str) -> bool:
        i = bisect_right(self.starts, cd.start)
        if i and self.reach[i - 1] >= cd.end:
            return True  # some reference with start <= cd.start holds the whole date
        # `Ngày 09/01/2015, Thủ tướng Chính phủ đã ban hành Chỉ thị số 01/CT-TTg`
        j = bisect_left(self.starts, cd.end)
        while j < len(self.refs) and self.starts[j] < cd.end + 200:
            r = self.refs[j]
            if r.date is not None and r.date == cd.value and text.find("\n", cd.end,
                                                                       r.start) < 0:
                return True
            j += 1
        return False


# the part of a line before a date that decides its role; a place line (`Hà Quảng, `) is short
_LINE_WINDOW = 200


def _role(cd: _Cand, text: str, index: _Index, c: _Compiled) -> str:
    if index.in_reference(cd, text):
        return "reference"
    # the line before the date, at most _LINE_WINDOW characters of it: its start is the last
    # newline of the window or the one right before it, or the start of the text
    lo = max(0, cd.start - _LINE_WINDOW)
    nl = text.rfind("\n", max(0, lo - 1), cd.start)
    whole = nl >= 0 or lo == 0
    lo = nl + 1 if nl >= 0 else lo
    # a cut line gets a NUL in front, so `^` in the place-line pattern means a real line start
    before = text[lo:cd.start] if whole else "\0" + text[lo:cd.start]
    if cd.kind in ("date", "placeholder") and _PLACE_LINE.search(before):
        return "issue"
    window = before[-80:]
    for role, pat, reach in c.roles:
        for rm in pat.finditer(window):
            gap = window[rm.end():].replace("*", " ")
            if any(ch in ";.:!?,()" for ch in gap) or len(gap.split()) > reach:
                continue
            return role
    if cd.rule == "quarter":
        return "deadline"  # `Quý I/2027`: a completion time in plans
    if cd.kind == "range":
        return "period"
    if cd.kind == "date" and cd.value is not None and len(cd.value) <= 7 and \
            cd.rule != "blank-day":
        return "period"  # `năm 2022`, `tháng 4/2025` name the time of an activity
    return "other"


# `numeric` opens with an optional `ngày` and a lookbehind, so `regex` tries it at every
# position. Its matches start at the digits of `dd/mm/yyyy` or at the `ngày` written 1-3 blanks
# before them: `re` finds every first separator of that shape (`/`, `.` or `-` followed by the
# month, the same separator and the year; only the separator is consumed, so none is skipped),
# the 1-3 characters before it that are digits may start the day (2x faster than trying the
# shape at every digit), and the `ngày` before those is looked up by hand (issue 11)
_NUMERIC_SEP = re.compile(rf"[/.\-](?={_S}?\d{{1,2}}{_S}?[/.\-]{_S}?\d{{4}})")
_NGAY_WORDS = frozenset(_NGAY)
_BLANK = " \t\u00a0"


def _numeric_starts(text: str) -> list[int]:
    """Every position where the `numeric` form may match (a superset, in order): a digit
    (`re`'s `\\d`, `str.isdecimal`) 1-3 characters before a separator of the shape."""
    out: list[int] = []
    for m in _NUMERIC_SEP.finditer(text):
        s = m.start()
        for q in range(max(0, s - 3), s):
            if not text[q].isdecimal():
                continue
            k = q
            while k > q - 3 and k > 0 and text[k - 1] in _BLANK:
                k -= 1
                if text[k - 4:k] in _NGAY_WORDS:
                    out.append(k - 4)
            out.append(q)
    return sorted(set(out))


def find_dates_checked(text: str, rules: Rules, references: Sequence[Reference] = ()
                       ) -> tuple[list[DateRecord], list[str]]:
    """Every date in `text` with its role, plus warnings (a day left blank)."""
    c = _compile(rules)
    cands: list[_Cand] = []
    proposed: dict[tuple[str, ...], list[int]] = {}  # forms opening with the same word share it
    for form, pat in _FORMS:
        floor = 0
        if form in _PROPOSE:
            key = _PROPOSE[form]
            if key not in proposed:
                proposed[key] = _word_starts(key, text)
            found = fastscan.finditer_at(proposed[key], pat, text)
        elif form == "numeric":
            found = fastscan.finditer_at(_numeric_starts(text), pat, text)
        else:
            found = pat.finditer(text)
        for m in found:
            start = _dotted_lead(text, m.start(), floor) if form == "placeholder" else m.start()
            floor = m.end()
            cd = _candidate(form, m, text, c, start)
            if cd is not None:
                cands.append(cd)
    # longest first; a shorter match overlapping a longer one is dropped. Matches are short, so
    # one byte per character marks what is taken and each check reads only the match's span.
    chosen: list[_Cand] = []
    occupied = bytearray(len(text))
    for cd in sorted(cands, key=lambda x: (-(x.end - x.start), x.start)):
        if occupied.find(1, cd.start, cd.end) >= 0:
            continue
        chosen.append(cd)
        occupied[cd.start:cd.end] = b"\x01" * (cd.end - cd.start)
    chosen = sorted((x for x in chosen if x.kind != "invalid"), key=lambda x: x.start)
    chosen = _merge_ranges(chosen, text)
    index = _Index(references)
    out = [DateRecord(text=text[cd.start:cd.end], start=cd.start, end=cd.end, value=cd.value,
                      end_value=cd.end_value, kind=cd.kind, role=_role(cd, text, index, c),
                      rule=cd.rule) for cd in chosen]
    warnings = [f"dates: the day is left blank in '{d.text}' (at offset {d.start}); "
                f"kept the month {d.value}" for d in out if d.rule == "blank-day"]
    return out, warnings


def find_dates(text: str, rules: Rules, references: Sequence[Reference] = ()) -> list[DateRecord]:
    """Every date in `text`; dates inside a reference get role `reference`."""
    return find_dates_checked(text, rules, references)[0]
