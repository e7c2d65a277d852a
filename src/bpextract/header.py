"""Header fields from the header block, the signature block and `Nơi nhận` (DOMAIN §1).

Works on lines of part 0 only, so a template report inside an attachment (`Số: /BC-UBND`,
`ngày tháng năm 2025`) never leaks into the document's own header. When the header has no number
or date, an attachment line `(Kèm theo Kế hoạch số 219 /KH-UBND, ngày 14/02/2025 ...)` supplies
them, with a warning saying so. Blank numbers and dates become null with a warning, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any, NamedTuple

import regex

from .dates import parse_date_text
from .docnumbers import parse_number
from .model import Header, Part, Signer
from .rules import Rules, Schema, Section, literal_alternation

SCHEMAS: Mapping[str, Schema] = {
    "header": {
        "header": Section({
            "motto": (list, True), "authority_prefixes": (list, True),
            "organ_heads": (list, False),
            "body_starts": (list, True), "recipients_label": (str, True),
            "not_names": (list, False), "positions": (list, False),
            "skip_lines": (list, False), "ranks": (list, False),
            "addressees_label": (str, False), "form_labels": (list, False),
            "surnames": (list, False), "not_name_words": (list, False),
            "organ_open_ends": (list, False), "places": (list, False),
            "subject_prefixes": (list, False), "letter_type": (str, False),
            "title_open_ends": (list, False), "inline_breaks": (list, False),
            "sub_organ_heads": (list, False), "draft_marks": (list, False),
            "title_notes": (str, False),
            "page_title": (str, False),
            "enacting_suffixes": (list, False), "organ_expansions": (list, False),
            "consolidation_marks": (list, False), "consolidation_banners": (list, False),
            "on_behalf_prefixes": (list, False),
        }, mapping=True),
        "site": Section({
            "number": (list, False), "issue_date": (list, False), "issuer": (list, False),
            "doc_type": (list, False), "title": (list, False), "signer": (list, False),
            "position": (list, False), "heading": (list, False),
            "heading_pattern": (str, False),
        }, mapping=True),
        "attachments": Section({
            "name": (str, True), "kind": (str, True), "pattern": (str, True),
            "examples": (list, False), "counterexamples": (list, False),
        }, key="name"),
    },
}

class Line(NamedTuple):
    """A line of the document, stripped, with its span (or a piece of one, or lines joined).
    A tuple: the header builds one per line of every document, and a tuple is built 2x faster
    than a frozen dataclass."""
    start: int
    end: int
    text: str


def _lines(text: str, start: int, end: int) -> list[Line]:
    out: list[Line] = []
    pos = start
    for raw in text[start:end].split("\n"):
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(s), s))
        pos += len(raw) + 1
    return out


def _first_lines(text: str, start: int, end: int, n: int) -> list[Line]:
    """`_lines(text, start, end)[:n]`, reading no further than its n-th non-blank line."""
    out: list[Line] = []
    pos = start
    while len(out) < n:
        nl = text.find("\n", pos, end)
        raw = text[pos:end if nl < 0 else nl]
        s = raw.strip()
        if s:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(s), s))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _fold(s: str) -> str:
    return _ws(s).casefold()


_BLANKS = regex.compile(r"\s+")
_DASHES = regex.compile(r"[-–—]")


def _ws(s: str) -> str:
    """Whitespace collapsed (a joined line of web text keeps its line break)."""
    return str(_BLANKS.sub(" ", s)).strip()


_ASCII_BLANKS = bytes(range(0x09, 0x0e)) + bytes(range(0x1c, 0x21))
# the blocks that hold every character read as ASCII once folded and decomposed (`Ấ` -> `a`,
# `ﬁ` -> `fi`, the Kelvin sign -> `k`): ASCII to Cyrillic, Latin Extended Additional and Greek
# Extended, letterlike symbols and mathematical operators, alphabetic presentation forms
# (tests/test_header.py reads the whole of Unicode and finds no other)
_READABLE = ((0x00, 0x400), (0x1E00, 0x2000), (0x2100, 0x2300), (0xFB00, 0xFB50))


def _ascii_reading(s: str) -> bytes:
    """`s` folded and decomposed, ASCII only, without blanks: a line read without accents
    (`_bare`) holds an ASCII mark only where this reading of the line holds the mark's."""
    return unicodedata.normalize("NFD", s.casefold()).encode("ascii", "ignore") \
        .translate(None, _ASCII_BLANKS)


@lru_cache(maxsize=1)
def _readings() -> dict[str, bytes]:
    """Every character with a non-empty ASCII reading, and that reading."""
    out: dict[str, bytes] = {}
    for lo, hi in _READABLE:
        for cp in range(lo, hi):
            r = _ascii_reading(chr(cp))
            if r:
                out[chr(cp)] = r
    return out


def _char_class(chars: Sequence[str], negate: bool = False) -> str:
    escaped = "".join(f"\\u{ord(ch):04x}" for ch in chars)
    return f"[^{escaped}]" if negate else f"[{escaped}]"


@dataclass(frozen=True)
class _Finder:
    """Where the ASCII reading of a mark may start in a raw text, found by `re` in one pass
    over the text without reading any line: each letter of the reading is one character whose
    reading is that letter, with characters read as nothing (accents, blanks, `Đ`) between
    them. A character read as two letters or more (`ß`, `ﬁ`) can stand for a piece of a mark
    the pattern does not see, when its reading overlaps the mark's (`ﬅ` reads `st`: a mark
    starting with `t`): a text that holds such a character is read line by line."""
    kinds: dict[str, re.Pattern[str] | None]  # kind -> its marks (None: any line may hold one)
    multi: dict[str, re.Pattern[str] | None]  # kind -> the characters read as two letters
    # whose reading overlaps one of its marks (None: no such character)


def _overlaps(reading: bytes, needle: bytes) -> bool:
    """A piece of `reading` can be a piece of an occurrence of `needle`: it holds the needle's
    start, its end, or lies inside it."""
    return any(reading[i:] == needle[:len(reading) - i] or reading[:i] == needle[-i:]
               for i in range(1, len(reading))) or reading in needle or needle in reading


def _finder(kinds: Mapping[str, Sequence[str]]) -> _Finder:
    readings = _readings()
    by_letter: dict[int, list[str]] = {}
    for ch, r in readings.items():
        if len(r) == 1:
            by_letter.setdefault(r[0], []).append(ch)
    gap = _char_class(sorted(readings), negate=True) + "*+"
    out: dict[str, re.Pattern[str] | None] = {}
    multi: dict[str, re.Pattern[str] | None] = {}
    for kind, marks in kinds.items():
        bare = [_bare(str(m)) for m in marks]
        if not bare or not all(m.isascii() and _ascii_reading(m) for m in bare):
            out[kind] = multi[kind] = None
            continue
        needles = [_ascii_reading(m) for m in bare]
        out[kind] = re.compile("|".join(gap.join(_char_class(by_letter[b]) for b in n)
                                        for n in needles))
        two = [ch for ch, r in readings.items()
               if len(r) > 1 and any(_overlaps(r, n) for n in needles)]
        multi[kind] = re.compile(_char_class(two)) if two else None
    return _Finder(out, multi)


def _mark_starts(text: str, lo: int, hi: int, find: _Finder) -> dict[str, list[int] | None]:
    """Every offset in `text[lo:hi]` where a mark of each kind may start, overlapping ones
    too (None: any line may hold one)."""
    out: dict[str, list[int] | None] = {}
    for kind, p in find.kinds.items():
        two = find.multi[kind]
        if p is None or (two is not None and two.search(text, lo, hi)):
            out[kind] = None
            continue
        found: list[int] = []
        m = p.search(text, lo, hi)
        while m is not None:
            found.append(m.start())
            m = p.search(text, m.start() + 1, hi)
        out[kind] = found
    return out


def _holding(lines: Sequence[Line], starts: Sequence[int] | None) -> Sequence[int]:
    """Indices of the lines that hold one of `starts` (all of them when None), in order;
    `lines` are pieces of the text in order."""
    if starts is None:
        return range(len(lines))
    out: list[int] = []
    for at in starts:
        i = bisect_right(lines, at, key=_line_start) - 1
        if i >= 0 and at < lines[i].end and (not out or out[-1] != i):
            out.append(i)
    return out


def _line_start(ln: Line) -> int:
    return ln.start


@dataclass(frozen=True)
class _Compiled:
    motto: frozenset[str]
    authority: regex.Pattern[str]
    body_start: regex.Pattern[str]
    recipients: regex.Pattern[str]
    addressees: regex.Pattern[str]
    form_label: regex.Pattern[str]
    surnames: frozenset[str]
    not_name_words: frozenset[str]
    type_line: regex.Pattern[str]
    type_prefix: regex.Pattern[str]
    type_names: dict[str, str]  # folded name -> display name
    organ_head: regex.Pattern[str]
    not_names: tuple[str, ...]
    skip: regex.Pattern[str]
    motto_re: regex.Pattern[str]
    position: regex.Pattern[str]
    split_position: regex.Pattern[str]
    prefix_split: regex.Pattern[str]
    rank: regex.Pattern[str]
    open_end: regex.Pattern[str]
    places: regex.Pattern[str]
    subject: regex.Pattern[str]
    letter_type: str
    motto_folds: tuple[str, ...]
    motto_longest: int
    title_open_end: regex.Pattern[str]
    breaks: regex.Pattern[str]
    authority_tail: regex.Pattern[str]
    sub_organ: regex.Pattern[str]
    second_position: regex.Pattern[str]
    title_note: regex.Pattern[str]
    page_title_line: regex.Pattern[str]
    page_title: regex.Pattern[str]
    enacting_suffix: regex.Pattern[str]
    expansions: tuple[tuple[regex.Pattern[str], str], ...]  # an abbreviation, spelled out
    bare_types: dict[str, str]  # type name without accents -> name (OCR: `QUYET ĐỊNH`)
    cited_doc: regex.Pattern[str]  # a line opening with a document's type and number
    recipients_bare: regex.Pattern[str]  # the label without accents (OCR: `Noi nhận`)
    recipients_head: str  # the first letter of that bare label ('' if none)
    on_behalf: regex.Pattern[str]  # authority prefixes followed by an organ (`TM.`)
    consolidation_marks: tuple[str, ...]  # without accents
    consolidation_banners: tuple[str, ...]  # without accents
    marks_find: _Finder  # where a line may hold a consolidation mark or the recipients label
    titles_need_letters: bool  # every authority prefix and position holds an ASCII letter


class _MarkStrip(dict[int, "int | None"]):
    """`str.translate` table: a combining mark (category Mn) to None, any other character to
    itself, each filled in the first time it is seen (the header reads every line of a
    document without accents: a table lookup in C per character, not a Python call)."""

    def __missing__(self, code: int) -> int | None:
        out = None if unicodedata.category(chr(code)) == "Mn" else code
        self[code] = out
        return out


_STRIP_MARKS = _MarkStrip()


def _bare(s: str) -> str:
    """Folded without accents: an OCR that lost them (`QUYET ĐỊNH`, `VAN BẢN HỢP NHAT`) still
    reads a type line or a mark."""
    return unicodedata.normalize("NFD", _fold(s)).translate(_STRIP_MARKS)


def _bare_names(names: Mapping[str, str]) -> dict[str, str]:
    """Type names keyed without accents, only where that key names one type."""
    out: dict[str, set[str]] = {}
    for k, v in names.items():
        out.setdefault(_bare(k), set()).add(v)
    return {k: next(iter(v)) for k, v in out.items() if len(v) == 1}


def _alt(words: Sequence[str]) -> str:
    return literal_alternation(words, space=r"\s+")


@lru_cache(maxsize=8)
def _compile(rules: Rules) -> _Compiled:
    h = rules["header"]
    get = h.setting
    names: dict[str, str] = {}
    for e in rules["doc_types"].entries("types"):
        for n in [e["name"], *(e.get("aliases") or [])]:
            names.setdefault(_fold(str(n)), str(e["name"]))
    type_alt = _alt(sorted({n.upper() for n in names.values()} | {n.upper() for n in names}))
    positions = _alt(get("header", "positions", []) or ["CHỦ TỊCH"])
    prefixes = _alt(get("header", "authority_prefixes"))
    titles = [*get("header", "authority_prefixes"), *(get("header", "positions", []) or [])]
    return _Compiled(
        titles_need_letters=all(regex.search("[A-Za-z]", str(t)) for t in titles),
        motto=frozenset(_fold(m) for m in get("header", "motto")),
        authority=regex.compile(rf"(?i)^(?:{_alt(get('header', 'authority_prefixes'))})\s*\S"),
        body_start=regex.compile(rf"^(?:{_alt(get('header', 'body_starts'))})"),
        recipients=regex.compile(
            rf"(?i)^{regex.escape(get('header', 'recipients_label'))}\s*:?\s*(.*)$"),
        on_behalf=regex.compile(
            rf"(?i)^(?:{_alt(get('header', 'on_behalf_prefixes', []) or ['TM.'])})\s*\S"),
        recipients_bare=regex.compile(
            rf"^{regex.escape(_bare(get('header', 'recipients_label')))}\s*:?\s*(.*)$"),
        recipients_head=_bare(get("header", "recipients_label"))[:1],
        surnames=frozenset(get("header", "surnames", [])),
        not_name_words=frozenset(get("header", "not_name_words", [])),
        form_label=regex.compile(
            rf"(?i)(?:^|\s)(?:{_alt(get('header', 'form_labels', []) or ['Mẫu'])})\s+số\b"),
        addressees=regex.compile(
            rf"(?i)^{regex.escape(get('header', 'addressees_label', 'Kính gửi'))}\s*:?\s*(.*)$"),
        type_line=regex.compile(rf"^(?:{type_alt or 'KẾ HOẠCH|BÁO CÁO'})$"),
        type_prefix=regex.compile(
            rf"(?i)^(?P<type>{type_alt or 'KẾ HOẠCH|BÁO CÁO'})"
            r"\s+(?P<rest>(?!(?:số(?!\s*:?\s*\d\S*\s+của\s)|này|\d))\S.*)$"),
        type_names=names,
        bare_types=_bare_names(names),
        cited_doc=regex.compile(rf"^(?:{_alt(sorted(set(names.values())))})\s+(?:số\s*:?\s*)?\d"),
        consolidation_marks=tuple(_bare(m) for m in get("header", "consolidation_marks", [])),
        consolidation_banners=tuple(_bare(m)
                                    for m in get("header", "consolidation_banners", [])),
        marks_find=_finder({"consolidation": get("header", "consolidation_marks", []),
                            "recipients": [get("header", "recipients_label")]}),
        organ_head=regex.compile(rf"^(?:{_alt(get('header', 'organ_heads', []) or ['BỘ'])})\b"),
        not_names=tuple(get("header", "not_names", [])),
        skip=regex.compile("|".join(f"(?:{p})" for p in get("header", "skip_lines", []))
                           or r"(?!)"),
        motto_re=regex.compile(  # `Độc lập- Tự do – Hạnh phúc`: any spacing, any dash
            "(?i)(?:" + literal_alternation(get("header", "motto"), space=r"\s*")
            .replace(r"\-", "[-–—]") + r")[\s\-–—_]*"),
        position=regex.compile(rf"(?i)^(?:PHÓ\s+)?(?:{positions})\b"),
        split_position=regex.compile(
            rf"(?i)^(?P<auth>(?:{prefixes})\s*.+?)\s+(?P<pos>(?:PHÓ\s+)?(?:{positions})\b.*)$"),
        prefix_split=regex.compile(rf"\s+(?=(?:{prefixes})\s)"),
        rank=regex.compile(
            rf"(?:^|\s)(?:{_alt(get('header', 'ranks', []) or ['Đại tá'])})(?:\s+|$)"),
        open_end=regex.compile(
            rf"(?:^|\s)(?:{_alt(get('header', 'organ_open_ends', []) or ['VÀ'])})$"),
        # a known place name right before `, ngày` (longest first: `Thành phố Hồ Chí Minh`)
        places=regex.compile(
            rf"(?:^|(?<=[\s:;|/]))(?P<place>{_alt(get('header', 'places', []) or ['Hà Nội'])})"
            r"\s*+,?\s*+$"),
        subject=regex.compile(
            rf"^(?:{_alt(get('header', 'subject_prefixes', []) or ['V/v'])})(?:\s|$)"),
        letter_type=str(get("header", "letter_type", "Công văn")),
        motto_folds=tuple(_fold_motto(m) for m in get("header", "motto")),
        motto_longest=max((len(_fold_motto(m)) for m in get("header", "motto")), default=0),
        title_open_end=regex.compile(
            rf"(?i)(?:^|\s)(?:{_alt(get('header', 'title_open_ends', []) or ['của'])})$"),
        breaks=_breaks(get),
        sub_organ=_sub_organ(get),
        title_note=regex.compile(str(get("header", "title_notes", "") or r"(?!)")),
        second_position=regex.compile(rf"(?<=\p{{Lu}})\s+(?:PHÓ\s+)?(?:{positions})\b"),
        authority_tail=regex.compile(  # `... TỈNH TUYÊN QUANG CHỦ TỊCH UỶ BAN NHÂN DÂN TỈNH`
            rf"\s+(?:PHÓ\s+)?(?:{positions})"
            rf"(?:\s+(?:{_alt(get('header', 'organ_heads', []) or ['BỘ'])})\b[^\p{{Ll}}]*)?$"),
        page_title=regex.compile(str(get("header", "page_title", "") or r"(?!)")
                                 .replace("{types}", _alt(sorted(names.values())))),
        page_title_line=regex.compile(str(get("header", "page_title", "") or r"(?!)")
                                      .replace("{types}", _alt(sorted(names.values()))),
                                      regex.MULTILINE),
        enacting_suffix=regex.compile(
            rf"(?i)\s+(?:{_alt(get('header', 'enacting_suffixes', []))})$"
            if get("header", "enacting_suffixes", []) else r"(?!)"),
        expansions=tuple((regex.compile(rf"(?<!\w){regex.escape(_fold(str(a)))}(?!\w)"),
                          _fold(str(z)))
                         for a, z in get("header", "organ_expansions", []) or []),
    )


def _breaks(get: Callable[..., Any]) -> regex.Pattern[str]:
    """Where a line of flattened web text holds two header cells: before `Số:`, a `V/v`
    subject, a place-date (`Kon Tum, ngày`), a body start (`Căn cứ`, `Kính gửi`), after the
    date's year (`năm 2020 QUYẾT ĐỊNH`) and after the enacting session (`Khoá XI, kỳ họp thứ 8
    (Từ ngày ...) LUẬT ...`)."""
    words = _alt(get("header", "inline_breaks", []) or ["Căn cứ"])
    subj = _alt(get("header", "subject_prefixes", []) or ["V/v"])
    places = _alt(get("header", "places", []) or ["Hà Nội"])
    drafts = "|".join(str(p) for p in get("header", "draft_marks", []) or [r"(?!)"])
    return regex.compile(
        r"(?<=\S)\s+(?="
        rf"(?:\p{{Lu}}\p{{Ll}}+\s+\p{{Ll}}+\s+số|Số|SỐ)\s*:|(?:{subj})\s|(?:{words})\b"
        rf"|(?:{places}|(?<!\p{{Lu}}\p{{L}}*\s+)\p{{Lu}}\p{{Ll}}+(?:\s+\p{{Lu}}\p{{Ll}}+){{0,2}}),?\s+ngày\s+(?:\d{{1,2}}\s+tháng|[.…])"
        r")"
        r"|(?<=\bngày[\s.…]*+\d{0,2}[\s.…]+tháng[\s.…]*+\d{0,2}[\s.…]+năm\s+\d{4})\s+(?=\S)"
        r"|(?<=\b[Kk]ỳ\s+họp\s+thứ\s+\w+(?:\s*\([^()\n]{0,80}\))?)\s+(?=\p{Lu}{2})"
        rf"|(?<=\b(?:{drafts}))\s+(?=\p{{Lu}}{{2}})")


def _sub_organ(get: Callable[..., Any]) -> regex.Pattern[str]:
    """Where a second organ name starts on one issuer line (`BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN`),
    never inside a longer head (`TỔNG CỤC`) nor after an open end (`... VÀ`)."""
    heads = get("header", "sub_organ_heads", []) or ["TỔNG CỤC"]
    inner = [h.rsplit(" ", 1)[0] for h in heads if " " in h]
    keep = _alt([*(get("header", "organ_open_ends", []) or ["VÀ"]), *inner])
    return regex.compile(rf"(?<=\p{{Lu}}{{2}})(?<!(?:^|\s)(?:{keep}))\s+(?=(?:{_alt(heads)})\s)")


def _fold_motto(s: str) -> str:
    return _fold(_DASHES.sub(" ", s))


_NUMBER_LINE = regex.compile(
    r"(?:^|(?<=[\s*—–\-_]))(?:\p{Lu}\p{Ll}+\s+(?:\p{Ll}+\s+)?)?(?:[Ss]ố|SỐ)\s*(?:hiệu|HIỆU)?\s*(?::|(?=\d))\s*"
    r"(?P<num>(?:\d[\w.]*+)?(?:\s?[/\-–]\s?[\w.Đđ]++)*)")
_DECOR = " .…,*_-–—|"
# a place name: capitalized words (`Hà Nội`, `TP.Cần Thơ`, `Hà-Nội`), no digits, no sentence
_PLACE = regex.compile(r"^\p{Lu}[\p{L}.\-]*(?:\s+\p{Lu}[\p{L}.\-]*|\s+\p{Ll}+){0,5}$")
_PLACE_DATE = regex.compile(
    r"(?P<place>[^\d\n\t,;:]{2,60}?)?\s*,?\s*ngày\s*(?P<d>[\d.…]*)\s*tháng\s*(?P<m>[\d.…]*)\s*"
    r"năm\s*(?P<y>\d{4}|[.…]*)", regex.IGNORECASE)
_KEM_THEO = regex.compile(
    r"[Kk]èm\s+theo\s+(?P<type>[^\d\n]{2,40}?)\s+số\s*:?\s*(?P<num>\d[^\s,;)]*+(?:\s?[/\-]\s?[^\s,;)]++)*+)"
    r"(?:\s*,?\s*ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}))?")
_NAME = regex.compile(r"^(?:\p{Lu}[\p{Ll}]*\.?\s+){1,5}\p{Lu}[\p{Ll}]+$")
_CAPS = regex.compile(r"^[\p{Lu}\d\s.,\-–()/&]+$")
_LOWER = regex.compile(r"\p{Ll}")
_LETTER = regex.compile(r"\p{L}")
_DIGIT = regex.compile(r"\d")
_DIGITS = regex.compile(r"\d+")
_OF = regex.compile(r"(?i)của\b")
_RULE_LINE = regex.compile(r"[-–—_=*\s]+")
_BRACKETS = regex.compile(r"[\[\]|*]")
_BLANK_RUN = regex.compile(r"\s{2,}")


def _has_letter(s: str) -> bool:
    """A letter for the `regex` patterns or for `str.isalpha` (their Unicode versions may
    differ); without one, no name, authority prefix or position can match a signature cell
    (a letter of those, matched ignoring case, matches only a letter)."""
    return bool(_LETTER.search(s)) or any(ch.isalpha() for ch in s)


def _is_caps(s: str) -> bool:
    return bool(_CAPS.match(s)) and any(c.isalpha() for c in s)


class _Builder:
    """Collects header values and their spans; keeps the first value found for each field."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.spans: dict[str, tuple[int, int]] = {}
        self.warnings: list[str] = []

    def set(self, key: str, value: object, span: tuple[int, int] | None = None) -> None:
        if key not in self.values:
            self.values[key] = value
            if span is not None:
                self.spans[key] = span


_HEADING = regex.compile(r"^(?:[IVX]+|\d+)\.\s")
_PIPE_LINE = regex.compile(r"^\|[|\s]*+$")
_NUMBER_LABEL = regex.compile(r"(?i)^(?:\p{L}+\s+){0,2}số\s*+(?:hiệu\s*+)?:?$")
# the label closing the motto cell's line: `... Hạnh phúc --------------- Luật số:` / `91/2015/QH13`
_NUMBER_LABEL_END = regex.compile(
    r"(?i)(?:phúc|[-*_—–]{3,}+)\s*+(?:\p{L}+\s+)?số\s*+(?:hiệu\s*+)?:$")
_DATE_OPEN = regex.compile(r"(?i)\bngày\b(?!.*\bnăm\s*+\d{4})")
_DATE_REST = regex.compile(r"(?i)^(?:ngày|tháng|năm|\d{1,2}\s*+tháng)\b")  # `ngày` / `21 tháng`
_DATE_CUE = regex.compile(r"(?i),\s*+ngày\b")
_PLACE_OPEN = regex.compile(r"^\p{Lu}[^\d,;:]{1,50},$")
_ONE_WORD = regex.compile(r"^\p{Lu}\p{L}{0,9}$")
_PLACE_START = regex.compile(r"^(?P<place>\p{Lu}\p{L}*+(?:\s++\p{Lu}\p{L}*+){0,4})\s*+,\s*+ngày\b")


def _joins(a: Line, nxt: Line, c: _Compiled) -> bool:
    """Two lines of web text that are one header cell cut in two: `Số:` / `12/2023/QĐ-UBND`,
    `Hà Nội, ngày 15` / `tháng 3 năm 2023`, `CỘNG HÒA XÃ HỘI` / `CHỦ NGHĨA VIỆT NAM`."""
    if (_NUMBER_LABEL.match(a.text) or _NUMBER_LABEL_END.search(a.text)) and \
            nxt.text[:1].isdigit():
        return True
    if len(a.text) <= 60 and _DATE_REST.match(nxt.text) and \
            (_DATE_OPEN.search(a.text) or _PLACE_OPEN.match(a.text)):
        return True
    if _ONE_WORD.match(a.text):  # a word cut from its line by a narrow web column
        both = f"{a.text} {nxt.text}"
        if c.type_line.match(both) and not c.type_line.match(a.text):
            return True  # `QUYẾT` / `ĐỊNH`
        if c.organ_head.match(both) and not c.organ_head.match(a.text):
            return True  # `ỦY` / `BAN NHÂN DÂN`
        pd = _PLACE_START.match(both)
        if pd and (c.places.search(both, 0, pd.end("place")) or _PLACE.match(pd.group("place"))):
            return True  # `Tam` / `Kỳ, ngày 19 tháng 6 năm 2007`
    if len(a.text) <= 40 and not any(ch.isdigit() for ch in a.text):
        both = f"{a.text} {nxt.text}"
        cue = _DATE_CUE.search(both, len(a.text))
        pm = c.places.search(both, 0, cue.start()) if cue else None
        if pm and pm.start("place") == 0 and pm.end("place") > len(a.text):
            return True  # a known place cut by the column: `Thành phố Hồ Chí` / `Minh, ngày`
    head = a.text[:1]
    if head not in "-–—" and not _BLANKS.match(head) and \
            not any(m.startswith(head.casefold()) for m in c.motto_folds):
        return False  # no motto starts with its first letter (folding keeps that letter first)
    fa = _fold_motto(a.text)
    if not fa or len(fa) >= c.motto_longest:
        return False  # no motto starts with it and goes on (most lines: a paragraph)
    both = _fold_motto(a.text + " " + nxt.text)
    if both == fa:
        return False
    return any(m != fa and m.startswith(fa + " ") and m.startswith(both) for m in c.motto_folds)


def _merge_flat(lines: list[Line], text: str, c: _Compiled, upto: int = 30) -> list[Line]:
    """Header lines of flattened web text made whole: `|` cell-separator lines dropped and
    cells cut over two lines joined (the joined line's text keeps the line break, so offsets
    into the document text stay exact)."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i >= upto:
            out.extend(lines[i:])
            break
        if _PIPE_LINE.match(ln.text):
            continue
        if out and i - 1 >= 0 and out[-1].end == lines[i - 1].end and _joins(out[-1], ln, c):
            prev = out.pop()
            ln = Line(prev.start, ln.end, text[prev.start:ln.end])
        out.append(ln)
    return out


# a mixed-case sentence after an all-caps title on the same line: `... CẢ NƯỚC Ngày 24 tháng`,
# `LUẬT THỦY SẢN Luật Thủy sản số 18/2017/QH14 ...` (a consolidated text's history)
_SENTENCE = regex.compile(
    r"(?<=[\p{Lu}\d”\").]\s+)(?=\p{Lu}\p{Ll}+\s+(?:\p{Lu}\p{Ll}*+\s+)?(?:\d+\s+)?\p{Ll}+\b)")


def _in_place(s: str, at: int, c: _Compiled) -> bool:
    """`at` falls inside a known place name before `, ngày` (`Thành phố | Hồ Chí Minh`)."""
    cue = _DATE_CUE.search(s, at)
    pm = c.places.search(s, 0, cue.start()) if cue else None
    return pm is not None and pm.start("place") < at < pm.end("place")


def _split_flat(lines: list[Line], c: _Compiled, upto: int = 8,
                memo: dict[str, list[tuple[int, str]]] | None = None) -> list[Line]:
    """Header lines of flattened web text cut where one cell ends and the next begins
    (`Số: 435/QĐ-UBND Kon Tum, ngày 04 tháng 5 năm 2020 QUYẾT ĐỊNH V/V ...`); an all-caps
    title glued to the first body sentence is cut before it. Offsets stay exact. The pieces
    of a line depend on its text alone: `memo` keeps them for a second pass over the lines."""
    out: list[Line] = []
    for i, ln in enumerate(lines):
        if i >= upto or _HEADING.match(ln.text):
            out.extend(lines[i:])
            break
        pieces = memo.get(ln.text) if memo is not None else None
        if pieces is None:
            pieces = _split_line(ln.text, c)
            if memo is not None:
                memo[ln.text] = pieces
        out += [Line(ln.start + a, ln.start + a + len(piece), piece) for a, piece in pieces]
    return out


def _split_line(s: str, c: _Compiled) -> list[tuple[int, str]]:
    """(offset, text) of each piece of one line, for `_split_flat`."""
    cuts = [0] + [m.end() for m in c.breaks.finditer(s) if not _in_place(s, m.end(), c)] + \
        [len(s)]
    out: list[tuple[int, str]] = []
    for a, z in pairwise(cuts):
        piece = s[a:z].rstrip()
        if not piece:
            continue
        if c.type_prefix.match(piece) and piece[:2].isupper():
            m = _SENTENCE.search(piece)
            if m and _is_caps(piece[:m.start()].strip()):
                out.append((a, piece[:m.start()].rstrip()))
                a, piece = a + m.start(), piece[m.start():]
        out.append((a, piece))
    return out


def _header_zone(lines: list[Line], c: _Compiled) -> tuple[int, int | None, int | None]:
    """(index of the first body line, index of the type line, offset where a title written on
    the type line itself starts: `BÁO CÁO ĐỊNH KỲ VỀ ...`, `Báo cáo về tình hình ...`; negated
    when the rest of the type line names the issuer instead: `quyết định của bộ trưởng ...`)."""
    body = min(len(lines), 12)
    for i, ln in enumerate(lines[:25]):
        bare = ln.text.rstrip(_SUPERSCRIPTS)  # `QUYẾT ĐỊNH¹`: a footnote marker on the line
        if c.type_line.match(bare) or c.type_line.match(bare.upper()) or \
                (bare.isupper() and len(bare) < 40 and _bare(bare) in c.bare_types):
            return i + 1, i, None  # `KẾ HOẠCH`, `Thông tư`: a line that is only a type name
        if (c.body_start.match(ln.text) and i > 0) or _HEADING.match(ln.text):
            body = min(body, i)
            break
    for i, ln in enumerate(lines[:8]):
        m = c.type_prefix.match(ln.text)
        if m and _OF.match(m.group("rest")) and \
                not _PREAMBLE_NUM_TITLE.match(m.group("rest")):
            # `quyết định của bộ trưởng bộ tài chính`: type line naming its issuer; the title
            # follows on the next lines
            return i + 1, i, -(ln.start + m.end("type"))
        if m and (ln.text.isupper() or i == 0 or ln.text[:1].islower() or
                  (m.group("type").isupper() and not m.group("rest").isupper())):
            return i + 1, i, ln.start + m.start("rest")
        if _HEADING.match(ln.text) or c.body_start.match(ln.text):
            break
    return body, None, None


def _read_top(lines: list[Line], zone_end: int, c: _Compiled, b: _Builder, rules: Rules,
              text: str) -> None:
    organs: list[Line] = []
    for i, ln in enumerate(lines[:zone_end]):
        for cell_text, cell_start in _cells(ln, c):
            nm = _NUMBER_LINE.search(cell_text)
            if nm and c.form_label.search(cell_text[:nm.start() + 8]):
                nm = None  # `Mẫu số 5` labels a form, it is not the document's number
            if nm:
                before = cell_text[:nm.start()].rstrip(_DECOR)
                if before and _is_caps(before) and "number" not in b.values and \
                        not _DIGIT.search(before):
                    organs.append(Line(cell_start, cell_start + len(before), before))
                raw = nm.group("num").strip()
                if _DIGITS.fullmatch(raw) and i + 1 < len(lines) and \
                        lines[i + 1].text.startswith("/"):
                    raw = raw + lines[i + 1].text.split()[0]  # `Số: 63` / `/2025/QĐ-CTUBND`
                num = parse_number(raw, rules) if raw[:1].isdigit() else None
                if num is None:
                    b.warnings.append(f"header: document number is blank ('{cell_text}')")
                    b.set("number", None)
                    b.set("number_raw", raw.strip(" .…") or None)  # what is written: `/BC-UBND`
                    b.set("_placeholder", True)
                else:
                    b.set("number", num.number, (cell_start + nm.start("num"),
                                                 cell_start + nm.end("num")))
                    b.set("number_raw", num.raw)
                    if num.type_name:
                        b.set("_type_from_code", num.type_name)
                rest = cell_text[nm.end():]
                if "ngày" not in rest:
                    continue
                cell_start += nm.end()
                cell_text = rest
            pd = _PLACE_DATE.search(cell_text)
            if pd and "tháng" in cell_text and "ngày" in cell_text:
                raw_place = pd.group("place") or ""
                place = raw_place.strip(_DECOR)
                known = c.places.search(cell_text, 0, pd.start("place") + len(raw_place)) \
                    if raw_place else None
                kp = known.group("place") if known else ""
                before = place[:-len(kp)].strip(_DECOR) if kp and place.endswith(kp) else ""
                wrapped = bool(kp) and kp != place and "\n" in kp  # `Hồ Chí` / `Minh, ngày`
                if known and (not _PLACE.match(place) or (before and _is_caps(before))
                              or wrapped):
                    # a known place wins over words of another cell before it (`QUỐC HỘI Hà Nội`)
                    at = cell_start + known.start("place")
                    b.set("place", kp, (at, at + len(kp)))
                elif _PLACE.match(place):
                    at = cell_start + pd.start("place") + raw_place.index(place)
                    b.set("place", place, (at, at + len(place)))
                iso = parse_date_text(pd.group(0))
                if iso is None:
                    b.warnings.append(f"header: issue date is blank or invalid ('{cell_text}')")
                    b.set("issue_date", None)
                    b.set("_placeholder", True)
                else:
                    b.set("issue_date", iso, (cell_start + pd.start("d") - 5,
                                              cell_start + pd.end("y")))
                continue
            if "number" not in b.values and "issue_date" not in b.values and \
                    (_is_caps(cell_text) or (i < 3 and c.organ_head.match(cell_text.upper())
                                             and len(cell_text) < 60)) and \
                    len(cell_text) < 120 and \
                    not _DIGIT.search(cell_text) and \
                    not (organs and organs[-1].text == cell_text):  # repeated in Công báo
                cuts = [0, *(m.end() for m in c.sub_organ.finditer(cell_text)), len(cell_text)]
                for a, z in pairwise(cuts):  # `BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN`: two organs
                    organs.append(Line(cell_start + a, cell_start + z,
                                       cell_text[a:z].rstrip()))
    joined: list[Line] = []
    for o in organs:  # a line that does not start an organ name continues the one above
        if joined and (not c.organ_head.match(o.text) or c.open_end.search(joined[-1].text)) \
                and _next_row(text[joined[-1].end:o.start]):
            prev = joined.pop()
            o = Line(prev.start, o.end, f"{prev.text} {o.text}")
        joined.append(o)
    organs = joined
    if organs:
        b.values["_organ_lines"] = " ".join(o.text for o in organs)
        b.set("issuer", _ws(organs[-1].text), (organs[-1].start, organs[-1].end))
        if len(organs) >= 2:
            b.set("parent_issuer", _ws(organs[-2].text), (organs[-2].start, organs[-2].end))


# tab (HTML/Word tables), pipe (text tables), or a wide gap (columns laid out with spaces)
_CELL_SEP = regex.compile(r"[\t|]| {3,}+(?!(?:tháng|năm)\b)")  # not inside `ngày  tháng  năm`


def _cells(ln: Line, c: _Compiled | None = None) -> list[tuple[str, int]]:
    """Cells of a line (two-column header tables), with their offsets; with `c`,
    the motto is cut out of a cell and page furniture cells are dropped."""
    out: list[tuple[str, int]] = []
    pos = ln.start
    for cell in _CELL_SEP.split(ln.text):
        cell = cell.replace("\n", " ")  # a joined line of web text: same length, offsets hold
        s = cell.strip()
        start = pos + cell.index(s) if s else pos
        if s and c is not None:
            m = c.motto_re.search(s)
            while m:
                if m.start() > 0:
                    out.append((s[:m.start()].rstrip(" -–—_*"), start))
                start += m.end()
                s = s[m.end():]
                m = c.motto_re.search(s)
            s = s.rstrip(" -–—_")
            if c.skip.search(s):
                s = ""
        if s:
            out.append((s, start))
        pos += len(cell) + 1
    return [(t, o) for t, o in out if t]


def _read_title(lines: list[Line], type_idx: int, inline: int | None, c: _Compiled,
                b: _Builder, text: str, rules: Rules, consolidated: bool = False) -> None:
    """Type from the type line; title from the lines after it (or the rest of the type line),
    up to a blank line, the body (`Căn cứ`, a heading), a rule line, a change from mixed case
    to an all-caps line (the enacting authority `ỦY BAN NHÂN DÂN TỈNH`), or, in a consolidated
    text, the line naming the consolidated document (`Quyết định số 44/2007/QĐ-BGDĐT ngày ...`)."""
    t = lines[type_idx]
    type_end = abs(inline) if inline is not None else t.end
    type_text = text[t.start:type_end].strip().rstrip(_SUPERSCRIPTS)
    name = c.type_names.get(_fold(type_text)) or c.bare_types.get(_bare(type_text))
    if name:
        b.set("doc_type", name, (t.start, t.start + len(type_text)))
    picked: list[Line] = []
    if inline is not None and inline > 0:
        picked.append(Line(inline, t.end, text[inline:t.end]))
    organs = _organ_forms(b, c)
    for ln in lines[type_idx + 1: type_idx + 8]:
        if c.body_start.match(ln.text) or _HEADING.match(ln.text) or c.skip.search(ln.text):
            break
        pre = _PREAMBLE.fullmatch(ln.text)
        if not picked and pre and (pre.group("org") or pre.group("date")):
            _preamble(pre, ln.start, b, rules)  # `CỦA BỘ ... SỐ 07/2008/CT-BTTTT` / `NGÀY ...`
            continue
        if picked:
            if text[picked[-1].end:ln.start].count("\n") >= 2 and \
                    not (ln.text[:1].islower() and picked[-1].text[-1:] not in ".;:!?"
                         and not c.position.match(ln.text)):
                break  # a blank line ends the title, unless a wrapped lowercase line follows
            if _is_caps(ln.text) and not any(_is_caps(x.text) for x in picked):
                break
            if (_enacting(ln.text, organs, c) or
                    (_is_caps(ln.text) and c.position.match(ln.text))) \
                    and not c.title_open_end.search(picked[-1].text):
                # the enacting authority under the title (`ỦY BAN NHÂN DÂN TỈNH X`), unless the
                # title line above is unfinished (`... CỦA` / `BỘ TƯ PHÁP`)
                break
            if _LOWER.search(ln.text) and not any(_LOWER.search(x.text) for x in picked) and \
                    ln.text[:1].isupper():
                break  # an all-caps title (`;`, quotes and all), then the body's first sentence
            if consolidated and c.cited_doc.match(ln.text) and \
                    not c.title_open_end.search(picked[-1].text):
                break
        if _RULE_LINE.fullmatch(ln.text):
            if picked:
                break
            continue
        picked.append(ln)
        if len(" ".join(x.text for x in picked)) > 800:
            break
    if picked:
        title = " ".join(_ws(x.text) for x in picked)
        end = picked[-1].end
        start = picked[0].start
        note = c.title_note.search(title)
        while note is not None and (note.start() == 0 or note.end() == len(title)):
            # the portal's notes on the document's force, in brackets before or after the title
            if note.start() == 0:
                start = _raw_end(text, start, note.end())
                title = title[note.end():]
                end = _raw_end(text, start, len(title))
            else:
                title = title[:note.start()].rstrip()
                end = _raw_end(text, start, len(title))
            note = c.title_note.search(title) if title else None
        pre = _PREAMBLE_NUM.match(title)
        if pre and pre.end() < len(title):
            _preamble(pre, start, b, rules)  # `CỦA CHÍNH PHỦ SỐ 61-CP NGÀY ... VỀ MUA BÁN ...`
            start = _raw_end(text, start, pre.end())
            title = title[pre.end():]
        if not title:
            return
        picked = [Line(start, end, text[start:end]), *picked[1:]] if len(picked) == 1 else \
            [Line(start, picked[0].end, text[start:picked[0].end]), *picked[1:-1],
             Line(picked[-1].start, end, text[picked[-1].start:end])]
        caps = any(ch.isalpha() for ch in title) and not _LOWER.search(title)
        cut = _enacting_tail(title, organs, c) if caps else None
        if cut is not None:
            # `... CÓ HIỆU LỰC CHÍNH PHỦ`, `... NĂM 1991 QUỐC HỘI NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA
            # VIỆT NAM`: the enacting authority glued to the title
            title = title[:cut].rstrip()
            end = _raw_end(text, picked[0].start, len(title))
        if caps:
            title = _own_tail(title, b)
            end = _raw_end(text, picked[0].start, len(title))
        tail = c.authority_tail.search(title) if caps else None
        if tail and tail.start() > 0 and not c.title_open_end.search(title[:tail.start()]):
            # the enacting authority glued to the title in flattened web text
            title = title[:tail.start()]
            end = _raw_end(text, picked[0].start, len(title))
        b.set("title", title, (picked[0].start, end))


def _next_row(between: str) -> bool:
    """Two organ lines on consecutive rows: the next line, or the one after a blank line (a
    Word table's rows); the rest of the first row (the motto cell) does not matter."""
    rows = between.split("\n")
    return len(rows) in (2, 3) and not "".join(rows[1:-1]).strip()


def _organ_forms(b: _Builder, c: _Compiled) -> set[str]:
    """The issuer lines, folded, as written and with abbreviations spelled out (`UBND TỈNH X`
    is enacted as `ỦY BAN NHÂN DÂN TỈNH X` under the title)."""
    out = {_fold(str(x)) for x in (b.values.get("issuer"), b.values.get("parent_issuer"),
                                   b.values.get("_organ_lines")) if isinstance(x, str)}
    for f in list(out):
        for short, full in c.expansions:
            f = short.sub(full, f)
        out.add(f)
    return {f for f in out if f}


def _enacting(s: str, organs: set[str], c: _Compiled) -> bool:
    """A line that repeats the issuer as the enacting authority, maybe with the state's name
    (`QUỐC HỘI NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM`)."""
    m = c.enacting_suffix.search(s)
    return _fold(s[:m.start()] if m and m.start() > 0 else s) in organs


def _enacting_tail(title: str, organs: set[str], c: _Compiled) -> int | None:
    """Where an enacting-authority line glued to the end of an all-caps title starts, unless
    the title before it is unfinished (`... CỦA` + `BỘ TƯ PHÁP`)."""
    m = c.enacting_suffix.search(title)
    head = title[:m.start()] if m and m.start() > 0 else title
    fh = _fold(head)
    for o in sorted(organs, key=len, reverse=True):
        if fh.endswith(" " + o) and len(o) < len(fh):
            at = len(head) - len(o)
            if not c.title_open_end.search(title[:at].rstrip()):
                return at
    return None


_NAME_THEN_CAPS = regex.compile(
    r"^(?P<head>[^\p{Ll}]*?\s(?:\p{Lu}\p{Ll}*+\s+){1,4}\p{Lu}\p{Ll}+)\s+\p{Lu}{2}[^\p{Ll}]{8}")
# the old title block `CHỈ THỊ / CỦA <ISSUER> SỐ <number> / NGÀY <date> / VỀ ...`: the issuer,
# number and date lines between the type and the title
_PREAMBLE = regex.compile(
    r"(?:CỦA\s+(?P<org>[^\d\p{Ll}]{3,120}?)(?:\s+SỐ\s*:?\s*(?P<num>\d\S*))?)?"
    r"(?:\s*,?\s*(?P<date>NGÀY\s+\d{1,2}\s+THÁNG\s+\d{1,2}\s+NĂM\s+\d{4}))?\s*")
# the preamble followed by the title on the type line:
# `LUẬT CỦA QUỐC HỘI ... SỐ 28/2001/QH10 VỀ DI SẢN VĂN HOÁ`
_PREAMBLE_NUM_TITLE = regex.compile(
    r"CỦA\s+[^\d\p{Ll}]{3,120}?\s+SỐ\s*:?\s*\d\S*(?:\s*,?\s*NGÀY\s+\d{1,2}\s+THÁNG\s+\d{1,2}"
    r"\s+NĂM\s+\d{4})?\s+\p{Lu}")
# the enacting session after a law's name: `... CỦA NHÀ NƯỚC CỦA QUỐC HỘI KHOÁ XII, KỲ HỌP THỨ 5`
_SESSION_TAIL = regex.compile(
    r"\s+CỦA\s+(?:(?!CỦA\s)[^\d\p{Ll}]){3,60}?\s+KH(?:ÓA|OÁ)\s+[IVXLC]+\b[^\p{Ll}]*$")
_PREAMBLE_NUM = regex.compile(  # the same run into the title: the number is required
    r"(?:CỦA\s+(?P<org>[^\d\p{Ll}]{3,120}?)\s+SỐ\s*:?\s*(?P<num>\d\S*)"
    # or number first: `LUẬT SỐ13/2003/QH11 CỦA QUỐC HỘI NƯỚC ... VỀ ĐẤT ĐAI`
    r"|SỐ\s*:?\s*(?P<num>\d\S*)\s+CỦA\s+(?P<org>[^\d\p{Ll}]{3,120}?)(?=\s+VỀ\s))"
    r"(?:\s*,?\s*(?P<date>NGÀY\s+\d{1,2}\s+THÁNG\s+\d{1,2}\s+NĂM\s+\d{4}))?\s*")


def _preamble(m: regex.Match[str], at: int, b: _Builder, rules: Rules) -> None:
    """Issuer, number and date of an old title block, where the header lacks them."""
    if m.group("org"):
        b.set("issuer", _ws(m.group("org")), (at + m.start("org"), at + m.end("org")))
    if m.group("num"):
        num = parse_number(m.group("num").rstrip(".,;"), rules)
        if num is not None:
            b.set("number", num.number, (at + m.start("num"), at + m.end("num")))
            b.set("number_raw", num.raw)
    if m.group("date"):
        iso = parse_date_text(m.group("date").lower())
        if iso is not None:
            b.set("issue_date", iso, (at + m.start("date"), at + m.end("date")))


def _own_tail(title: str, b: _Builder) -> str:
    """An all-caps title without the tail that restates the document's own number, date or
    enacting session (`ĐẤT ĐAI SỐ 24-L/CTN NGÀY 14/07/1993 CỦA QUỐC HỘI`, `... LUẬT HẢI QUAN
    CỦA QUỐC HỘI NƯỚC ... SỐ 42/2005/QH11 NGÀY ...`); another document's number stays."""
    m = _SESSION_TAIL.search(title)
    if m and m.start() > 0:
        title = title[:m.start()]
    num = b.values.get("number")
    if isinstance(num, str) and num:
        m = regex.search(rf"\s+(?:CỦA\s+(?:(?!CỦA\s)[^\d\p{{Ll}}]){{3,120}}?\s+)?SỐ\s*:?\s*"
                         rf"{regex.escape(num.upper())}(?![\w/-])[^\p{{Ll}}]*$", title.upper())
        if m and m.start() > 0:
            title = title[:m.start()]
    return title


def _raw_end(text: str, start: int, n: int) -> int:
    """Offset in `text` after the first `n` characters of its whitespace-collapsed form from
    `start` (a title cut short keeps an exact span over joined web lines)."""
    i, k, blank = start, 0, False
    while i < len(text) and k < n:
        if text[i].isspace():
            if not blank:
                k += 1
            blank = True
        else:
            k += 1
            blank = False
        i += 1
    return i


_SIGNED = regex.compile(r"\(?\s*(?:Đã\s+ký|Đã\s+kí|đã\s+ký|Signed)\s*\)?")
_TRAILING_NAME = regex.compile(r"(?:^|\s)((?:\p{Lu}\p{Ll}*\.?\s+){1,5}\p{Lu}\p{Ll}+)$")
_ITEM_SPLIT = regex.compile(r"(?:^|(?<=[;.,:])\s*)\s*[-+•]\s+")


@dataclass
class _Signature:
    authority: list[str]
    positions: list[str]
    name: Line | None = None


def _is_person(name: str, c: _Compiled, sig: _Signature) -> bool:
    """A signer's name starts with a family name, or stands right under the signer's title."""
    first = name.split()[0]
    if first in c.not_name_words:
        return False
    return first in c.surnames or bool(sig.authority or sig.positions)


def _signature_cell(s: str, start: int, c: _Compiled, sig: _Signature) -> None:
    """Read authority prefixes, positions and the name from one cell of the signature block,
    written on separate lines or run together (`KT. BỘ TRƯỞNG THỨ TRƯỞNG (Đã ký) Trần Văn A`)."""
    orig = s
    s = _BRACKETS.sub(" ", _SIGNED.sub(" ", s))
    s = c.rank.sub(" ", s)  # a rank stays out of the name and of the position
    s = _BLANK_RUN.sub(" ", s).strip()
    glued = _NAME_THEN_CAPS.match(s)
    if glued and not _TRAILING_NAME.search(s):  # `... PHÓ CHỦ TỊCH Nguyễn Hữu Tháp CHƯƠNG TRÌNH`
        s = glued.group("head")
    found: str | None = None
    if _NAME.match(s) and not s.startswith(c.not_names):
        found, s = s, ""
    else:
        m = _TRAILING_NAME.search(s)
        if m and _is_caps(s[:m.start()]) and s[:m.start()].strip():
            found, s = m.group(1), s[:m.start()].strip()
    name: Line | None = None
    for chunk in c.prefix_split.split(s) if s else []:
        chunk = chunk.strip()
        if not chunk:
            continue
        if len(chunk) <= 6 and c.authority.fullmatch(chunk + " X"):
            sig.authority.append(chunk)  # a bare `TL.` line: its title is on the next line
        elif c.authority.match(chunk):
            sp = c.split_position.match(chunk)
            if sp:
                sig.authority.append(sp.group("auth"))
                sig.positions.append(sp.group("pos"))
            else:
                sig.authority.append(chunk)
        elif (sig.authority and not sig.positions and c.on_behalf.match(sig.authority[-1])
              and not c.position.match(chunk) and _is_caps(chunk) and len(chunk) < 40
              and c.open_end.search(sig.authority[-1]) is None
              and not c.organ_head.match(chunk)):
            # `TM. ỦY BAN NHÂN` / `DÂN`: the organ a TM. line names, wrapped
            sig.authority[-1] = f"{sig.authority[-1]} {chunk}"
        elif len(chunk) < 80 and (c.position.match(chunk) or (_is_caps(chunk) and sig.authority)):
            second = c.second_position.search(chunk)
            if second and sig.authority and c.authority.fullmatch(sig.authority[-1] + " X") \
                    and not sig.positions:
                # `TL.` / `BỘ TRƯỞNG CHÁNH VĂN PHÒNG`: the bare prefix's title, then the position
                sig.authority[-1] = f"{sig.authority[-1]} {chunk[:second.start()].strip()}"
                chunk = chunk[second.start():].strip()
            sig.positions.append(chunk)
    if found is not None and not _is_person(found, c, sig):
        found = None  # checked after this cell's own titles: `PHÓ THỦ TƯỚNG Tố Hữu` run together
    if found is not None:
        at = orig.rfind(found)
        name = Line(start + max(at, 0), start + (at + len(found) if at >= 0 else len(orig)), found)
    if name is not None and (sig.authority or sig.positions or not s):
        sig.name = name


def _recipients_label(line: str, c: _Compiled) -> int | None:
    """Where the text after a `Nơi nhận:` label starts (also written without its accents by an
    OCR, `Noi nhận:`), or None."""
    m = c.recipients.match(line)
    if m is None:
        head = line.lstrip()[:1]
        if c.recipients_head and (not head or (head.isascii() and head.casefold()
                                                != c.recipients_head)):
            return None  # an ASCII first letter is its own bare form: not the label's
        bare = _bare(line)
        m = c.recipients_bare.match(bare) if len(bare) == len(line) else None
    return None if m is None else m.start(1)


def _read_signature(lines: list[Line], c: _Compiled, b: _Builder, text: str,
                    labels: Sequence[int] | None) -> None:
    """Recipients from `Nơi nhận`, and the signer from the signature block (authority prefixes,
    position, name), which may come before, after or beside (tab cell) the recipients."""
    rec_idx = next((i for i in reversed(_holding(lines, labels))
                    if _recipients_label(lines[i].text, c) is not None), None)  # the last one
    tail_start = rec_idx if rec_idx is not None else max(0, len(lines) - 14)
    recipients: list[str] = []
    sig = _Signature([], [])
    in_list = recipients_seen = False
    surname: tuple[str, int] | None = None
    for ln in lines[tail_start:]:
        cells = _cells(ln)
        if not cells:  # a table rule line such as `| --- | --- |`
            continue
        first, fstart = cells[0]
        rest = cells[1:]  # right-hand cells of a two-column line belong to the signature
        label = _recipients_label(first, c)
        if len(first) == 1 and not rest:
            continue  # a letter alone: OCR debris of a seal or a signature
        if label is not None:
            in_list = recipients_seen = True
            inline = first[label:]
            if c.authority.match(inline):  # `Nơi nhận: KT. BỘ TRƯỞNG` run together
                rest = [(inline, fstart + label), *rest]
                inline = ""
            recipients += [x.strip().rstrip(" ;.") for x in _ITEM_SPLIT.split(inline)
                           if x.strip(" ;.,")]
        elif (in_list or (recipients_seen and sig.name is None)) and first[:1] in "-+•":
            # a dash line is never part of the signature: two columns flattened line by line
            # interleave the list with it (`Nơi nhận:` / `KT. GIÁM ĐỐC` / `- Như trên;`)
            in_list = True
            item = first.lstrip("-+• ").rstrip(" ;.")
            if item:
                recipients.append(item)
        elif in_list and recipients and (first[:1].islower() or (ln.start > 0 and
                                         text[ln.start - 1] in " \t")):
            recipients[-1] = f"{recipients[-1]} {first.rstrip(' ;.')}"  # wrapped item
        else:
            in_list = False
            rest = cells
        for cell, cstart in rest:
            if sig.name is not None:
                break
            if cell in c.surnames and (sig.authority or sig.positions) and surname is None:
                surname = (cell, cstart)  # `Lê` / `Quang Sơn`: a name broken after the surname
                continue
            if surname is not None:
                if _NAME.match(f"{surname[0]} {cell}"):
                    cell, cstart = f"{surname[0]} {cell}", surname[1]
                surname = None
            if (c.titles_need_letters and not _has_letter(cell)) or c.skip.search(cell):
                continue  # `2008`, `1,21`: a cell of a table's numbers is no part of a signature
            _signature_cell(cell, cstart, c, sig)
        if sig.name is not None and not in_list:
            break
    b.set("recipients", tuple(r.rstrip(" ,") for r in recipients))
    if sig.name is not None or sig.authority or sig.positions:
        b.set("signer", Signer(
            name=sig.name.text if sig.name else None,
            position=sig.positions[0] if sig.positions else None,
            authority=" / ".join(sig.authority) if sig.authority else None,
        ), (sig.name.start, sig.name.end) if sig.name else None)


def _read_addressees(lines: list[Line], c: _Compiled, b: _Builder) -> None:
    """`Kính gửi: ...` names the addressees when there is no `Nơi nhận` list."""
    for i, ln in enumerate(lines):
        m = c.addressees.match(ln.text)
        if not m:
            continue
        items = [x.strip().rstrip(" ;.,") for x in _ITEM_SPLIT.split(m.group(1)) if x.strip(" ;.,")]
        for nxt in lines[i + 1:i + 12]:
            if nxt.text[:1] not in "-+•":
                break
            items.append(nxt.text.lstrip("-+• ").rstrip(" ;.,"))
        b.values["recipients"] = tuple(items)
        return


def _recover_from_attachments(text: str, parts: Sequence[Part], b: _Builder,
                              rules: Rules) -> None:
    """Fill a missing number/date from `(Kèm theo <type> số N, ngày D ...)` in an attachment."""
    for p in parts[1:]:
        m = _KEM_THEO.search(text, p.start, min(p.end, p.start + 800))
        if not m:
            continue
        typ = _fold(m.group("type"))
        doc_type = b.values.get("doc_type")
        if isinstance(doc_type, str) and _fold(doc_type) != typ:
            continue
        num = parse_number(m.group("num"), rules)
        if num is not None and b.values.get("number") is None:
            b.values["number"], b.values["number_raw"] = num.number, num.raw
            b.spans["number"] = (m.start("num"), m.end("num"))
            b.warnings.append(f"header: number {num.number} recovered from the attachment line "
                              f"'{m.group(0)}'")
        date = m.group("date")
        iso = parse_date_text(date) if date else None
        if iso and b.values.get("issue_date") is None:
            b.values["issue_date"] = iso
            b.spans["issue_date"] = (m.start("date"), m.end("date"))
            b.warnings.append(f"header: issue date {date} recovered from the attachment line")
        return


_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_ACRONYM = regex.compile(r"\p{Lu}{2,8}+[.;,]?")
_LETTER_NUMBER = regex.compile(r"^\d+[a-zA-Z]?/[^\s/\d]+-[^\s/]+$")


def _read_subject(lines: list[Line], c: _Compiled, b: _Builder, text: str) -> None:
    """A Công văn: no type line; its type comes from the number's code (`123/UBND-NC` has no
    type code) and its title is the `V/v ...` line with the lines it wraps onto."""
    num = b.values.get("number")
    if "doc_type" not in b.values and isinstance(num, str) and _LETTER_NUMBER.match(num):
        b.set("doc_type", c.letter_type)
    if "title" in b.values:
        return
    for i, ln in enumerate(lines):
        first = _cells(ln)[0] if _cells(ln) else ("", ln.start)
        if not c.subject.match(first[0]):
            continue
        picked = [Line(first[1], first[1] + len(first[0]), first[0])]
        for nxt in lines[i + 1:i + 6]:
            cell, at = _cells(nxt)[0] if _cells(nxt) else ("", nxt.start)
            # a subject cut before a number or an acronym (`V/v thuế suất thuế` / `GTGT`)
            number_on = (cell[:1].isdigit() and _LOWER.search(picked[-1].text)) or \
                (_ACRONYM.fullmatch(cell) and _LOWER.match(picked[-1].text[-1:]))
            if not cell or text[picked[-1].end:at].count("\n") >= 2 or \
                    _PIPE_LINE.match(nxt.text) or c.body_start.match(cell) or \
                    c.addressees.match(cell) or c.motto_re.match(cell) or \
                    _PLACE_DATE.search(cell) or _NUMBER_LINE.match(cell) or \
                    (_is_caps(cell) and not number_on):
                break  # a caps line ends it, not a document number the subject runs on into
            picked.append(Line(at, at + len(cell), cell))
        title = " ".join(_ws(x.text) for x in picked)
        b.set("title", title, (picked[0].start, picked[-1].end))
        return


def _fill_from_site(site: Mapping[str, str], b: _Builder, rules: Rules) -> dict[str, str]:
    """Fields the document text lacks, taken from the web page's own attribute block; each is
    marked `site` in Header.sources and warned about (the text itself never said so)."""
    if not site:
        return {}
    spec = rules["header"].settings.get("site", {})
    found: dict[str, tuple[str, str]] = {}  # field -> (value, label)
    for fld in ("number", "issue_date", "issuer", "doc_type", "title", "signer", "position"):
        for label in spec.get(fld) or []:
            if site.get(label):
                found.setdefault(fld, (site[label], label))
    pattern = spec.get("heading_pattern")
    for label in spec.get("heading") or []:
        m = regex.match(pattern, site.get(label, "")) if pattern and site.get(label) else None
        if m:
            for fld in ("number", "doc_type", "title"):
                grp = "type" if fld == "doc_type" else fld
                found.setdefault(fld, (m.group(grp).strip(), label))
    sources: dict[str, str] = {}

    def take(fld: str, value: object) -> None:
        if b.values.get(fld) is None and value is not None:
            b.values[fld] = value
            b.spans.pop(fld, None)
            sources[fld] = "site"
            b.warnings.append(f"header: {fld} {value!r} taken from the site metadata "
                              f"('{found[fld][1]}'); the document text lacks it")

    if "number" in found:
        num = parse_number(found["number"][0], rules)
        if num is not None:
            if b.values.get("number") is None:
                b.values["number_raw"] = num.raw
            take("number", num.number)
    if "issue_date" in found:
        take("issue_date", parse_date_text(found["issue_date"][0]))
    for fld in ("issuer", "doc_type", "title"):
        if fld in found:
            take(fld, found[fld][0])
    signer = b.values.get("signer")
    if "signer" in found and (not isinstance(signer, Signer) or signer.name is None):
        old = signer if isinstance(signer, Signer) else Signer()
        pos = old.position or (found["position"][0] if "position" in found else None)
        b.values["signer"] = Signer(name=found["signer"][0], position=pos,
                                    authority=old.authority)
        sources["signer"] = "site"
        b.warnings.append(f"header: signer {found['signer'][0]!r} taken from the site metadata "
                          f"('{found['signer'][1]}'); the document text lacks it")
    return sources


def _is_page_title(lines: Sequence[Line], c: _Compiled) -> bool:
    return len(lines) >= 2 and bool(c.page_title.match(lines[0].text)) and \
        any(c.motto_re.search(x.text) for x in lines[1:4])


def page_title_spans(text: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans of web-portal page-title lines (`Công văn 2739/VPCP-ĐMDN năm 2019 ...`), each
    followed by the motto within three lines, so the document's own type and number that open
    one are not read as a reference (documents it names later, `... tại Luật Doanh nghiệp`,
    still are). Line by line, so a text's position in a larger text does not matter."""
    c = _compile(rules)
    out: list[tuple[int, int]] = []
    for m in c.page_title_line.finditer(text):
        lines = _first_lines(text, m.start(), min(len(text), m.end() + 1200), 4)
        if _is_page_title(lines, c):
            out.append((lines[0].start, lines[0].end))
    return out


def extract_header(text: str, parts: Sequence[Part], rules: Rules,
                   site: Mapping[str, str] | None = None) -> tuple[Header, list[str]]:
    """Header fields of the document (part 0), with a warning for each blank or recovered one."""
    c = _compile(rules)
    main = parts[0] if parts else Part(0, "main", None, 0, len(text))
    lines = _lines(text, main.start, main.end)
    if not lines:
        return Header(), ["header: the document has no text"]
    b = _Builder()
    if _is_page_title(lines, c):
        lines = lines[1:]  # the portal's page title above the document, not the document
    memo: dict[str, list[tuple[int, str]]] = {}
    lines = _split_flat(_merge_flat(_split_flat(lines, c, memo=memo), text, c), c, memo=memo)
    starts = _mark_starts(text, lines[0].start, lines[-1].end, c.marks_find) if lines else \
        dict.fromkeys(c.marks_find.kinds)
    auth = _read_consolidation(lines, c, b, rules, starts["consolidation"])
    if auth is not None:
        mark = lines[auth]
        lines = _drop_banner(lines, c)
        auth = next((i for i, ln in enumerate(lines) if ln is mark), None)  # after the drop
    zone_end, type_idx, inline = _header_zone(lines, c)
    _read_top(lines, type_idx if type_idx is not None else zone_end, c, b, rules, text)
    if type_idx is not None:
        _read_title(lines, type_idx, inline, c, b, text, rules, auth is not None)
    if "doc_type" not in b.values and isinstance(b.values.get("_type_from_code"), str):
        b.set("doc_type", b.values["_type_from_code"])
    if type_idx is None:
        _read_subject(lines[:max(zone_end, 1)], c, b, text)  # before `Kính gửi`, `Căn cứ`
    _read_signature(lines if auth is None else lines[:auth + 10], c, b, text,
                    starts["recipients"])
    _recover_from_attachments(text, parts, b, rules)
    if not b.values.get("recipients"):
        _read_addressees(lines[:40], c, b)
    sources = _fill_from_site(site or {}, b, rules)
    v = b.values
    signer = v.get("signer")
    # a form to fill in: blanks where the number or date go, and nobody signed it
    is_template = bool(v.get("_placeholder")) and (
        not isinstance(signer, Signer) or signer.name is None)
    header = Header(
        issuer=_str(v.get("issuer")), parent_issuer=_str(v.get("parent_issuer")),
        number=_str(v.get("number")), number_raw=_str(v.get("number_raw")),
        doc_type=_str(v.get("doc_type")), place=_str(v.get("place")),
        issue_date=_str(v.get("issue_date")), title=_str(v.get("title")),
        signer=signer if isinstance(signer, Signer) else Signer(),
        recipients=tuple(str(x) for x in v.get("recipients", ()) or ()),  # type: ignore[attr-defined]
        is_template=is_template, spans=dict(b.spans), sources=sources,
    )
    return header, b.warnings


def _read_consolidation(lines: list[Line], c: _Compiled, b: _Builder, rules: Rules,
                        marks: Sequence[int] | None) -> int | None:
    """A văn bản hợp nhất is signed in its authentication block at the end (organ line,
    `Số: 28/VBHN-BGDĐT`, `XÁC THỰC VĂN BẢN HỢP NHẤT`, place-date line, in either order): its
    number, date, place and issuer are the header's; the top holds only the banner and the
    consolidated document's own line. Returns the index of the mark's line."""
    if not c.consolidation_marks:
        return None
    k = next((i for i in reversed(_holding(lines, marks))
              if any(m in _bare(lines[i].text) for m in c.consolidation_marks)), None)
    if k is None:
        return None
    near = lines[max(0, k - 4):k + 6]
    organ = None
    for ln in near:
        nm = _NUMBER_LINE.match(ln.text)  # the `Số:` line, not `số` inside a sentence
        if nm and nm.group("num")[:1].isdigit() and "number" not in b.values:
            num = parse_number(nm.group("num").strip(), rules)
            if num is not None:
                b.set("number", num.number, (ln.start + nm.start("num"), ln.start + nm.end("num")))
                b.set("number_raw", num.raw)
            continue
        pd = _PLACE_DATE.match(ln.text)
        if pd and pd.end() >= len(ln.text.rstrip(" .")) and "issue_date" not in b.values:
            iso = parse_date_text(pd.group(0))
            place = (pd.group("place") or "").strip(_DECOR)
            if iso is not None:
                b.set("issue_date", iso, (ln.start + pd.start("d") - 5, ln.start + pd.end("y")))
                if place and _PLACE.match(place):
                    at = ln.start + ln.text.index(place)
                    b.set("place", place, (at, at + len(place)))
            continue
        if ln.start < lines[k].start and _is_caps(ln.text) and \
                not any(m in _bare(ln.text) for m in c.consolidation_marks):
            # the caps lines right above the mark; one that starts no organ name continues
            # the line above it (`BỘ LAO ĐỘNG - THƯƠNG BINH` / `VÀ XÃ HỘI`)
            if organ is not None and (not c.organ_head.match(ln.text)
                                      or c.open_end.search(organ.text)):
                organ = Line(organ.start, ln.end, f"{organ.text} {ln.text}")
            else:
                organ = ln
    if organ is not None:
        b.set("issuer", _ws(organ.text), (organ.start, organ.end))
        b.set("parent_issuer", None)
    return k


def _drop_banner(lines: list[Line], c: _Compiled) -> list[Line]:
    """A consolidated text's banner (`VĂN BẢN HỢP NHẤT - BỘ Y TẾ`) above the motto is neither
    its organ nor its type line: the type line under the motto names the consolidated type."""
    head = lines[:8]
    keep = [ln for ln in head
            if not any(_bare(ln.text).startswith(m) for m in c.consolidation_banners)]
    return keep + lines[8:] if len(keep) < len(head) else lines


def _str(x: object) -> str | None:
    return x if isinstance(x, str) else None
