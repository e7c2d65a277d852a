"""Numeric indicators: values, units, qualifiers, groups and what is being counted.

A report's figures (`tuyên truyền được 480 buổi`, `1.667 hộ/6.139 khẩu`, `hơn 13 tỷ đồng`,
`100% xã`, `hàng trăm triệu đồng`) become records a researcher can sum and trace. The knowledge
(units and their kinds, scale words, qualifiers, vague words, exclusion contexts) is in
`rules/units.yaml`; this module is the mechanism: find every number, drop those that are dates,
document numbers, labels or identifiers, read the value the Vietnamese way (`vnnumbers`), read the
unit after it (known unit, else the noun that follows), then the shape (pair, rate, fraction,
percentage, total with parts) and the activity being counted (`subject`).

underthesea's word segmentation is used only on the short stretch after a figure (to tell
`tổ` from `tổ trưởng` and to read an unknown noun) and before it (the subject); it is imported
lazily and its results are cached.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

import regex

from . import fastscan
from .errors import RuleError
from .model import Indicator
from .rules import Entry, Rules, Schema, Section, literal_alternation
from .sentences import sentence_starts
from .vnnumbers import NUMBER_RE, plain_value, read_number, scaled

_EX = {"examples": (list, False), "counterexamples": (list, False), "note": (str, False)}

SCHEMAS: Mapping[str, Schema] = {
    "units": {
        "units": Section({"unit": (str, True), "kind": (str, True), "forms": (list, True),
                          "glued": (bool, False), "factor": (int, False),
                          "extend": (bool, False), "report_as": (str, False),
                          "currency": (str, False), **_EX},
                         key="unit"),
        "scales": Section({"word": (str, True), "factor": (int, True), **_EX}, key="word"),
        "qualifiers": Section({"word": (str, True), "qualifier": (str, True),
                               "position": (str, False), **_EX}, key="word"),
        "vague": Section({"word": (str, True), "magnitude": (int, False), **_EX}, key="word"),
        "exclusions": Section({"name": (str, True), "before": (list, False),
                               "after": (list, False), "kinds": (list, False),
                               "keep_with_unit": (bool, False), "chain": (bool, False), **_EX},
                              key="name"),
        "subject": Section({"strip_leading": (list, False), "strip_trailing": (list, False),
                            "cut_at": (list, False), "auxiliaries": (list, False),
                            "max_words": (int, False)}, mapping=True),
        "fallback": Section({"stop_words": (list, False), "classifiers": (list, False),
                             "share_skip": (list, False), "verbs": (list, False),
                             "spelled": (list, False),
                             "extend_max": (int, False)}, mapping=True),
        "parts": Section({"markers": (list, False)}, mapping=True),
        "pairs": Section({"links": (list, False)}, mapping=True),
        "rates": Section({"every": (list, False)}, mapping=True),
    },
}

KINDS = ("count", "money", "percent", "length", "area", "duration", "rate", "fraction", "other")
QUALIFIERS = ("=", "~", ">", ">=", "<", "<=")

# --- cheap guards: spans that hold numbers but are not indicators -----------------------------
# Written so that the regex engine can skip ahead to a digit (or a literal) before it tries a
# match: a pattern that opens with a lookbehind is tried at every position of the text (10x
# slower on the bench). `(?<=(WORD[ \t]+))DIGITS` finds the same matches as `WORD[ \t]+DIGITS`
# and its group 1 gives the start of the span. Case-insensitive only where a word is written
# (`(?i:ngày|tháng)`): `regex` scans for a digit 3-4x slower when the whole pattern is
# (issue 11: the guards 1.0 -> 0.6 s on the sample), and the flag changes nothing elsewhere
_GUARDS = [regex.compile(p, regex.M) for p in (
    # dates: 09/01/2015, 22-02-1989, 03/2023, ngày 03/3, ngày 11 tháng 01 năm 2022, năm 2022
    # (one separator throughout: `20-30.000 ha` is an elliptical range, not a date)
    r"[0-9](?<![0-9][0-9])[0-9]?(?:/[0-9]{1,2}/|\.[0-9]{1,2}\.|-[0-9]{1,2}-)[0-9]{2,4}(?![0-9])",
    r"(?<![0-9/.,])[0-9]{1,2}/(?:19|20)[0-9]{2}(?![0-9/])",
    r"(?<=(\b(?i:ngày|đến|từ|trước|sau|hạn|hết|đầu|cuối|dịp|tết)[ \t]+))[0-9]{1,2}[ \t]*/"
    r"[ \t]*[0-9]{1,2}(?![0-9/])",
    r"(?<=(\b(?i:ngày|tháng)[ \t]+))[0-9]{1,2}(?![0-9.,/])(?:[ \t]+(?i:tháng)[ \t]+[0-9]{1,2}"
    r"(?![0-9]))?(?:[ \t]*(?:(?i:năm)|/)[ \t]*[0-9]{4}(?![0-9]))?",
    r"\b(?i:năm)[ \t]+[0-9]{4}(?![0-9])",
    r"(?<![0-9.,])[0-9]{1,2}[ \t]?(?i:giờ|h)[ \t]?[0-9]{2}(?:[ \t]?(?i:phút))?(?![0-9])",
    # document numbers: 01/CT-TTg, 16/HĐBT, 33-NQ/TW, 116/2000/NĐ-CP, 74 /KH-BCĐ, 06/2003/QH11
    r"[0-9](?<![0-9][0-9])(?<![0-9]/[0-9])[0-9]*+(?:/[0-9]++)*+[ \t]?[/-][ \t]?(?-i:\p{Lu})",
    # phone numbers, e-mail, web addresses
    # (the no-digit-before test after the first character, so `regex` skips to a `+`, `8`, `0`)
    r"(?:\+(?<![0-9]\+)84|8(?<![0-9]8)4|0(?<![0-9]0))[0-9]{2,3}[ .]?[0-9]{3}[ .]?[0-9]{3,4}"
    r"(?![0-9])",
    r"[\w.+-]++@[\w-]++(?:\.[\w-]++)++",
    r"(?i:https?://|www\.)\S++",
    # outline labels at the start of a line: `1.`, `2.1.`, `3)`, and `(1)`, `[2]` markers
    r"^[ \t>#*+-]*[0-9]{1,3}(?:\.[0-9]{1,3})*+[.)](?=[ \t]|$)",
    r"^[ \t>#*+-]*[0-9]{1,2}(?:\.[0-9]{1,2})++[.)]?(?=[ \t]+(?-i:\p{Lu}))",
    r"[(\[][ \t]?[0-9]{1,3}[ \t]?[)\]]",
    # a unit header in a table: `(1000đồng)`, `(1.000 đ)`
    r"\([ \t]*1\.?000(?:\.000)?[ \t]*(?i:đồng|đ|vnđ|usd)[ \t]*\)",
    # a page number alone on its line, or next to a running header (`CÔNG BÁO/Số 286/...`)
    r"^[ \t]*[0-9]{1,4}[ \t]*$",
    r"^(?i:CÔNG BÁO)[^\n]{0,80}\n[ \t]*[0-9]{1,4}(?![0-9.,])",
    r"^[ \t]*[0-9]{1,4}[ \t]*\n[ \t]*(?i:CÔNG BÁO)",
)]


def _has_at(text: str, low: Callable[[], str]) -> bool:
    return "@" in text


def _has_web(text: str, low: Callable[[], str]) -> bool:
    return "://" in text or "www." in low()  # case-insensitive: only `w`, `W` fold to `w`


def _guard(source: str) -> int:
    return next(i for i, g in enumerate(_GUARDS) if g.pattern.startswith(source))


# guards that need a character or word the whole text may lack, so their scan is skipped when
# it does (a scan costs the same whether or not it finds anything)
_NEEDS = {_guard(r"[\w.+-]++@"): _has_at, _guard(r"(?i:https?://|www"): _has_web}
# a guard with no letter, no lookaround and no anchor reads the same in the stdlib `re`, which
# scans it 2x faster: the `(12)`, `[3]` markers
_RE_GUARDS = {i: re.compile(_GUARDS[i].pattern) for i in (_guard(r"[(\[][ \t]?[0-9]{1,3}"),)}


def _guard_spans(text: str) -> list[tuple[int, int]]:
    """Every guard match as (start, end); a guard with a group starts its span there."""
    out: list[tuple[int, int]] = []
    lowered: list[str] = []

    def low() -> str:
        if not lowered:
            lowered.append(text.lower())
        return lowered[0]

    for i, g in enumerate(_GUARDS):
        need = _NEEDS.get(i)
        if need is not None and not need(text, low):
            continue
        if i in _RE_GUARDS:
            out += [m.span() for m in _RE_GUARDS[i].finditer(text)]
            continue
        if g.groups:
            out += [(m.start(1), m.end()) for m in g.finditer(text)]
        else:
            out += [m.span() for m in g.finditer(text)]
    return out


# between a number and its unit: blanks and at most one line break (PDF wraps), never a tab
# (a tab is a table cell boundary: `28<TAB>Xã Tam An` is a row number and a name)
_SPACE = r"[ \u00a0]{0,3}(?:\n[ \u00a0]{0,3})?"
_RE_LEAD_BLANKS = re.compile("[ \u00a0\n]*")
_GAP = regex.compile(r"[ \u00a0]{1,3}(?:\n[ \u00a0]{0,3})?|\n[ \u00a0]{0,3}")
_BOUND = r"(?![\p{L}\p{M}0-9])"
_LETTER = regex.compile(r"[\p{L}\p{M}]")
_RE_WORD_NEXT = regex.compile(r"[ \u00a0]{1,2}\p{L}")
_RE_BLANKS = regex.compile(r"[ \u00a0]{1,2}")
_RE_NAME_DASH = regex.compile(r"[ \u00a0]?[-–][ \u00a0]?\p{Lu}[\p{L}\p{M}]*+")
_RE_NAME_LIST = regex.compile(r"[ \u00a0]?,[ \u00a0]?\p{Lu}")
_RE_TAIL_END = regex.compile(r"[\n;:()]|[.,!?](?=\s|$)|[0-9]")
_RE_QUOTED = regex.compile(r"[“\"]([^”\"\n]{1,80})[”\"]")
_RE_RANGE = regex.compile(r"[ \t]?[-–][ \t]?([0-9]{1,15}+(?:[.,][0-9]{1,15}+){0,6}+)")
# `từ 10 đến 15 tỷ đồng`: a range written with words (only after `từ`)
_RE_RANGE_WORD = regex.compile(r"[ \t]+đến[ \t]+([0-9]{1,15}+(?:[.,][0-9]{1,15}+){0,6}+)")
_RE_FROM = regex.compile(r"(?:^|[^\p{L}\p{M}])[Tt]ừ[ \t]+\Z")
_RE_TIME_AFTER = regex.compile(r"[ \t]+(?i:năm|tháng|quý|giai đoạn)[ \t]+[0-9IVX]")
_RE_GROUPED = regex.compile(r"[0-9]{1,3}(?:\.[0-9]{3})++")
_RE_SLASH = regex.compile(r"[ \t]?/[ \t]?")
_RE_PER = regex.compile(r"[ \t]?/[ \t]?([\p{L}\p{M}]{1,20}+)" + _BOUND)
_RE_BARE_PAREN = regex.compile(r"[ \t]*\([ \t]*")
_RE_STOP = regex.compile(r"[.!?](?=\s|$)|\n")
_RE_DOT_DECIMAL = regex.compile(r"[0-9]{1,3}\.[0-9]{1,2}")
_RE_COMMA_THOUSANDS = regex.compile(r"[0-9]{1,3},[0-9]{3}")
_RE_YEAR = regex.compile(r"(?:19|20)[0-9]{2}")
_RE_DASH_NUM = regex.compile(r"[ \t]*[-–][ \t]?[0-9]")
_CHAIN = regex.compile(r"(?:[ \t]*(?:,|;|và|hoặc|-|–|đến))++[ \t]*")  # `mốc 66, 62`
_LIST_SEP = regex.compile(r"[ \t]*(?:,|và|;)?[ \t]*(?:và[ \t]*)?")  # between listed figures
_AFTER_NUMBER = regex.compile(  # only tested for a match: searched from the end
    r"(?<![0-9.,/:-])[0-9]++(?:[.,][0-9]++)*+[A-Z]?[ ]{1,2}\Z", regex.REVERSE)
_SENT_END = regex.compile(r"[.!?](?=\s|$)|[;\n]")
_SENT_END_BACK = regex.compile(_SENT_END.pattern, regex.REVERSE)  # the last end before a point
# the number tokens, scanned by the stdlib `re` (the same pattern, ASCII digits only: the same
# matches, 3x faster than `regex` on the bench)
_NUMBERS = re.compile(NUMBER_RE.pattern)
_EXCL_WINDOW = 40  # characters before a figure that an exclusion rule reads
_CLAUSE = regex.compile(r"[,;:()\n“”\"]|[.!?](?=\s|$)")


@dataclass
class _Fig:
    start: int
    end: int
    value: Decimal | None
    value_text: str
    unit: str | None = None
    key: str | None = None  # canonical unit (for total/part matching)
    kind: str | None = None
    rule: str | None = None
    known: bool = False
    qualifier: str = "="
    per: str | None = None
    share_of: str | None = None
    total: Decimal | None = None
    end_value: Decimal | None = None
    vague: str | None = None
    group: int | None = None
    role: str | None = None
    part_of: int | None = None
    subject: str | None = None
    warn: str | None = None
    extend: bool = False  # may the unit take the nouns that follow it
    qstart: int = -1  # where its qualifier word starts (`_qualifier`), once read


@dataclass
class _Compiled:
    forms: dict[str, Entry] = field(default_factory=dict)
    glued_re: Any = None
    spaced_re: Any = None
    unit_heads: frozenset[str] = frozenset()  # the ASCII characters a unit form may open with
    scale_re: Any = None
    scales: dict[str, int] = field(default_factory=dict)
    qual_before: Any = None
    qual_after: Any = None
    quals: dict[str, Entry] = field(default_factory=dict)
    vague_re: Any = None
    vague_heads: tuple[str, ...] = ()
    vague: dict[str, Entry] = field(default_factory=dict)
    excl: list[tuple[Entry, Any, Any]] = field(default_factory=list)
    # the `before` words of the rules `_excluded_before` tries before its first `after` rule,
    # in one pattern: when it finds none of them, none of those rules does (its answer is
    # `excl_after`) -- one search per number instead of one per rule
    excl_any: Any = None
    excl_after: int = 0
    chains: set[str] = field(default_factory=set)
    strip_leading: set[str] = field(default_factory=set)
    strip_trailing: set[str] = field(default_factory=set)
    cut_at: set[str] = field(default_factory=set)
    max_words: int = 8
    auxiliaries: set[str] = field(default_factory=set)
    stop: set[str] = field(default_factory=set)
    classifiers: set[str] = field(default_factory=set)
    share_skip: set[str] = field(default_factory=set)
    verbs: set[str] = field(default_factory=set)
    extend_max: int = 0
    parts_re: Any = None
    spelled_re: Any = None
    every_re: Any = None
    share_re: Any = None
    link_re: Any = None


def _alt(words: Sequence[str]) -> str:
    """Regex alternation of literal words, longest first, spaces matching any run of blanks."""
    return literal_alternation(words, space=r"[ \t\u00a0]+")


def _unit_alt(forms: Sequence[str]) -> str:
    """Like `_alt`, but a form ending in a letter must end a word (`ha` is not `hai`), while
    `%`, `km²` may be followed by anything (`10,4%27` carries a glued footnote number)."""
    uniq = sorted({f.strip() for f in forms if f.strip()}, key=len, reverse=True)
    return "|".join(regex.escape(f).replace(r"\ ", r"[ \t\u00a0]+")
                    + (_BOUND if _LETTER.match(f[-1]) else "") for f in uniq)


@lru_cache(maxsize=16)  # once per rule set, not once per document
def _compile(rules: Rules) -> _Compiled:
    rf = rules["units"]
    c = _Compiled()
    glued: list[str] = []
    for e in rf.entries("units"):
        if e["kind"] not in KINDS:
            raise RuleError(f"{e.where}: kind '{e['kind']}' not one of {', '.join(KINDS)}")
        for form in e["forms"]:
            k = " ".join(str(form).lower().split())
            if k in c.forms:
                raise RuleError(f"{e.where}: form '{form}' already given at {c.forms[k].where}")
            c.forms[k] = e
            if e.get("glued"):
                glued.append(str(form))
    c.glued_re = regex.compile(rf"(?:{_unit_alt(glued)})", regex.I)
    c.spaced_re = regex.compile(rf"{_SPACE}(?:{_unit_alt(list(c.forms))})", regex.I)
    # asked of the patterns themselves (a partial match: `ch` may begin one of their forms), so
    # the case folding is theirs
    forms_re = regex.compile(rf"(?:{_unit_alt(list(c.forms))})", regex.I)
    c.unit_heads = frozenset(ch for ch in map(chr, range(128))
                             if forms_re.match(ch, partial=True) or
                             c.glued_re.match(ch, partial=True))
    for e in rf.entries("scales"):
        c.scales[e["word"].lower()] = int(e["factor"])
    c.scale_re = regex.compile(rf"{_SPACE}({_alt(list(c.scales))}){_BOUND}", regex.I)
    before: list[str] = []
    after: list[str] = []
    for e in rf.entries("qualifiers"):
        if e["qualifier"] not in QUALIFIERS:
            raise RuleError(f"{e.where}: qualifier '{e['qualifier']}' not one of {QUALIFIERS}")
        c.quals[" ".join(e["word"].lower().split())] = e
        (after if e.get("position") == "after" else before).append(e["word"])
    c.qual_before = regex.compile(rf"(?:^|[^\p{{L}}\p{{M}}])({_alt(before)})[ \t\u00a0]{{1,3}}\Z",
                                  regex.I)
    c.qual_after = regex.compile(rf"[ \t\u00a0]{{1,3}}({_alt(after)}){_BOUND}", regex.I)
    for e in rf.entries("vague"):
        c.vague[" ".join(e["word"].lower().split())] = e
    c.vague_re = regex.compile(rf"(?<![\p{{L}}\p{{M}}])({_alt(list(c.vague))}){_BOUND}", regex.I)
    # the first words of the vague amounts (`hàng`, `vài`), folded: the matches open with one
    c.vague_heads = tuple(sorted({w.split()[0].casefold() for w in c.vague if w.split()}))
    def before_re(words: Sequence[str]) -> Any:
        # anchored at the end of the window and only tested for a match: searched from the
        # end (REVERSE), it fails at once instead of trying every start in the window
        return regex.compile(rf"(?:^|[^\p{{L}}\p{{M}}])(?:{_alt(words)})(?:[ \t\u00a0]+số)?"
                             rf"[ \t\u00a0]*[:.]?[ \t\u00a0]*\Z", regex.I | regex.REVERSE)

    leading: list[str] = []  # the `before` words of the rules before the first `after` rule
    c.excl_after = -1
    for e in rf.entries("exclusions"):
        b = e.get("before") or []
        a = e.get("after") or []
        bre = before_re(b) if b else None
        are = regex.compile(rf"[ \t\u00a0]*(?:{_alt(a)})", regex.I) if a else None
        if c.excl_after < 0:
            if bre is None and are is not None:
                c.excl_after = len(c.excl)
            else:
                leading += b
        c.excl.append((e, bre, are))
        if e.get("chain"):
            c.chains.add(str(e["name"]))
    if c.excl_after < 0:
        c.excl_after = len(c.excl)
    # the same pattern over the union of the words: it matches a window iff one of theirs does
    c.excl_any = before_re(leading) if leading else None
    def low(k: tuple[str, str]) -> set[str]:
        return {" ".join(str(w).lower().split()) for w in rf.setting(*k) or []}

    c.strip_leading = low(("subject", "strip_leading"))
    c.strip_trailing = low(("subject", "strip_trailing"))
    c.cut_at = low(("subject", "cut_at"))
    c.max_words = int(rf.setting("subject", "max_words", 8))
    c.auxiliaries = low(("subject", "auxiliaries"))
    c.stop = low(("fallback", "stop_words"))
    c.classifiers = low(("fallback", "classifiers"))
    c.share_skip = low(("fallback", "share_skip"))
    c.share_re = regex.compile(rf"{_SPACE}({_alt(list(c.share_skip))}){_BOUND}", regex.I) \
        if c.share_skip else None
    c.verbs = low(("fallback", "verbs"))
    c.extend_max = int(rf.setting("fallback", "extend_max", 0))
    markers = rf.setting("parts", "markers") or []
    c.parts_re = regex.compile(
        rf"[ \t]*(?:\([ \t]*(?:(?:{_alt(markers)})[ \t]*:?[ \t]*)?|,?[ \t]*\(?(?:{_alt(markers)})"
        rf"[ \t]*:?)", regex.I) if markers else regex.compile(r"[ \t]*\(")
    spelled = rf.setting("fallback", "spelled") or []
    c.spelled_re = regex.compile(
        rf"[ \u00a0]?\([ \u00a0]?(?:(?:{_alt(spelled)}){_BOUND}[ \u00a0,]*){{1,8}}\)",
        regex.I) if spelled else None
    every = rf.setting("rates", "every") or []
    c.every_re = regex.compile(rf"[ \u00a0]{{1,2}}(?:{_alt(every)}){_BOUND}", regex.I) \
        if every else None
    links = rf.setting("pairs", "links") or []
    c.link_re = regex.compile(rf"[ \t]+(?:{_alt(links)})[ \t]+(?=[0-9])", regex.I) \
        if links else None
    return c


# --- word segmentation (lazy, cached) ---------------------------------------------------------

@lru_cache(maxsize=16384)
def _words(s: str) -> tuple[str, ...]:
    """underthesea word segmentation of a short stretch (multi-syllable words keep spaces)."""
    if not s.strip():
        return ()
    return _segmenter()(s)


# underthesea versions whose `word_tokenize` `_Segmenter` was checked against, call by call
# (tests/test_indicators.py: every stretch of the corpus); any other falls back to it
_SEGMENTER_CHECKED = ("9.5.0",)


class _Segmenter:
    """underthesea's `word_tokenize(s)` (9.5), its steps called directly, with the per-call
    work that depends on nothing but a token done once per token.

    The same steps on the same objects: the characters normalised (NFC, underthesea's character
    map), the tokens of its regex tokenizer (`m.group()`: the pattern is one alternation of
    named groups, each spanning the whole match, so it is the group `extract_match` reads),
    each token normalised (`token_normalize`, a function of the token alone: cached), the CRF's
    featurizer and tagger, the syllables tagged `I-W` joined to the word before. A stretch of
    one token is that token whatever its tag: the CRF is not asked (4 % of the calls)."""

    def __init__(self) -> None:
        from underthesea.pipeline import word_tokenize as wt
        from underthesea.pipeline.text_normalize import token_normalize
        from underthesea.pipeline.text_normalize.character_normalize import (
            normalize_characters_in_text,
        )
        from underthesea.pipeline.word_tokenize import regex_tokenize

        wt.word_tokenize("khởi động")  # loads the model, once
        model = wt.word_tokenize_model
        self._rt = regex_tokenize
        self._chars = normalize_characters_in_text
        self._featurize = model.featurizer.process
        self._tag = model.estimator.tag
        self._token = lru_cache(maxsize=65536)(token_normalize)

    def __call__(self, s: str) -> tuple[str, ...]:
        # the module's pattern read at each call, as `tokenize` does
        text = self._chars(s)
        norm = self._token
        tokens = [norm(m.group()) for m in self._rt.patterns.finditer(text)]
        if len(tokens) <= 1:
            return tuple(tokens)
        tags = self._tag(self._featurize([[[t] for t in tokens]])[0])
        out: list[str] = []
        for tag, token in zip(tags, tokens, strict=False):
            if tag == "I-W" and out:
                out[-1] = out[-1] + " " + token
            else:
                out.append(token)
        return tuple(out)


def _plain_segmenter(s: str) -> tuple[str, ...]:
    from underthesea import word_tokenize

    return tuple(str(w) for w in word_tokenize(s))


@lru_cache(maxsize=1)
def _segmenter() -> Callable[[str], tuple[str, ...]]:
    """The segmentation `_words` uses: `_Segmenter` for a checked underthesea, else
    underthesea's own `word_tokenize` (lazy: a heavy import, only when figures are found)."""
    import underthesea

    if getattr(underthesea, "__version__", None) not in _SEGMENTER_CHECKED:
        return _plain_segmenter
    try:
        return _Segmenter()
    except (ImportError, AttributeError):
        return _plain_segmenter


def _locate(seg: str, word: str, cur: int) -> tuple[int, int] | None:
    """Where `word` (syllables joined by single spaces) sits in `seg` at or after `cur`."""
    sylls = word.split()
    if not sylls:
        return None
    k = seg.find(sylls[0], cur, cur + 40 + len(sylls[0]))  # within 40 chars, never further
    if k < 0:
        return None
    end = k + len(sylls[0])
    for syl in sylls[1:]:
        j = seg.find(syl, end, end + 2 + len(syl))
        if j < 0:
            return None
        end = j + len(syl)
    return k, end


def _extend(text: str, pos: int, c: _Compiled) -> int:
    """End of a count unit once the words that qualify it are added (`mốc` -> `mốc quốc giới`,
    `chi hội` -> `chi hội Cựu chiến binh`): the words of the clause after it, segmented by
    underthesea, until a stop word or a verb (`dự nghe`, `ký cam kết`, `tham gia`)."""
    if c.extend_max <= 0 or not _RE_WORD_NEXT.match(text, pos):
        return pos
    words = _words(_tail(text, pos))
    end, added = pos, 0
    for w in words:
        at = _locate(text, w, end)
        if at is None or not _RE_BLANKS.fullmatch(text, end, at[0]):
            break
        wl = w.lower()
        if not _LETTER.match(w) or wl in c.stop or wl in c.cut_at or wl in c.verbs or \
                wl.split()[0] in c.verbs:
            break
        if w[:1].isupper() and _RE_NAME_LIST.match(text, at[1]):
            break  # `dân tộc Kinh, Khmer, Hoa`: names listed after the unit, not part of it
        if w[:1].isupper():  # `cặp Thôn - Bản`: two names joined by a dash are one
            dash = _RE_NAME_DASH.match(text, at[1])
            if dash is not None:
                at = (at[0], dash.end())
        end, added = at[1], added + 1
        if added >= c.extend_max:
            break
    return end


def _tail(text: str, pos: int, limit: int = 60) -> str:
    """The text after `pos` up to the end of its clause (at most `limit` characters)."""
    chunk = text[pos:pos + limit]
    m = _RE_TAIL_END.search(chunk)
    return chunk[:m.start()] if m else chunk


class _Spans:
    """Sorted, merged intervals with an overlap test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for s, e in sorted((s, e) for s, e in spans if e > s):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def hits(self, s: int, e: int) -> bool:
        i = bisect_right(self.starts, e - 1) - 1
        return i >= 0 and self.ends[i] > s


# --- reading one figure -----------------------------------------------------------------------

def _unit_at(text: str, pos: int, glued_ok: bool, c: _Compiled) -> tuple[Entry, int, int] | None:
    """Known unit starting at `pos` (glued or after blanks): (entry, unit start, unit end)."""
    # a form opens with neither a blank nor a line break, and the blanks before it are all the
    # spaced pattern reads: an ASCII character after them that opens no form (a digit, `,`,
    # `)`) is no unit, without trying the forms one by one
    lead = _RE_LEAD_BLANKS.match(text, pos)
    q = lead.end() if lead is not None else pos  # `*`: always a match
    head = text[q:q + 1]
    if not head or (head < "\x80" and head not in c.unit_heads):
        return None
    m = c.glued_re.match(text, pos) if glued_ok else None
    if m is None:
        m = c.spaced_re.match(text, pos)
        if m is None:
            return None
    us = pos + len(m.group(0)) - len(m.group(0).lstrip(" \t\u00a0\n"))
    form = " ".join(text[us:m.end()].lower().split())
    entry = c.forms.get(form)
    if entry is None:
        return None
    # the unit must not be the first syllable of a longer word (`tổ trưởng`, `đồng bào`)
    if entry["kind"] in ("count", "duration", "money") and _LETTER.match(text[us:us + 1] or " "):
        tail = _tail(text, us)
        # only a word that goes on past the unit can be longer: nothing after it in the clause
        # (`480 buổi, tăng`), nothing to segment
        words = _words(tail) if tail[m.end() - us:].strip() else ()
        if words and len(words[0]) > m.end() - us and words[0].lower().startswith(form + " "):
            return None
    return entry, us, m.end()


def _noun_at(text: str, pos: int, c: _Compiled, max_words: int = 3) -> tuple[str, int] | None:
    """The noun phrase right after `pos` (for counts with no known unit): (phrase, end)."""
    m = _GAP.match(text, pos)
    if m is None:
        return None
    if "\n" in m.group(0):  # across a line break only inside running prose, not table cells
        # (a backward scan to the line start, but `pos` is at a line end: each line once)
        line = text[text.rfind("\n", 0, pos) + 1:pos]
        if "\t" in line or len(line.split()) < 3:
            return None
    s = m.end()
    if text[s:s + 1] in "“\"":  # `03 “Tổ tự quản an ninh trật tự”`
        q = _RE_QUOTED.match(text, s)
        return (q.group(1).strip(), q.end()) if q else None
    words = _words(_tail(text, s))
    out: list[str] = []
    cur = s
    for i, w in enumerate(words):
        wl = w.lower()
        if not _LETTER.match(w) or wl in c.stop or (i > 0 and wl in c.cut_at):
            break
        if i == 0 and wl in c.verbs and wl not in c.forms:
            return None  # `Đồn 325 phối hợp`: a verb follows, nothing is counted
        if i == 0 and len(w) > 1 and w.isupper() and wl not in c.forms and len(words) > 1 and (
                " " in w or words[1] in ("/", "-", "–") or words[1].isupper()):
            return None  # `35 NQ/TW`, `5.209 NGHIÊN CỨU`: a code or a caps title, not a count
        first = w.split()[0]
        at = text.find(first, cur, cur + 3 + len(first))  # within 3 chars, never further
        if at < 0:
            break
        # follow the words through the text (segmentation joins syllables with one space)
        end = at
        for syl in w.split():
            k = text.find(syl, end, end + 3 + len(syl))
            if k < 0:
                end = -1
                break
            end = k + len(syl)
        if end < 0:
            break
        out.append(text[at:end])
        cur = end
        if len(out) >= max_words or (i == 0 and wl not in c.classifiers and max_words == 1):
            break
    if not out:
        return None
    return " ".join(" ".join(o.split()) for o in out), cur


def _read(text: str, s: int, e: int, c: _Compiled, allow_pair: bool = True,
          light: bool = False) -> list[_Fig]:
    """The figure whose number token is text[s:e] (two figures for a pair), or [].

    `light`: the figure is dropped whatever it reads (`_excluded_before`); only whether its
    unit is known and where that unit ends matter, so no noun is read and no unit extended
    (the word segmentation those need is most of the cost of a figure)."""
    token = text[s:e]
    value, warn = read_number(token)
    fig = _Fig(s, e, value, token, warn=warn)
    pos = e
    sp = c.spelled_re.match(text, pos) if c.spelled_re is not None else None
    if sp is not None:  # `05 (năm) ngày`: the number spelled out again, skip it
        pos = sp.end()
    # a range `65-70 USD/thùng`, `250-350 ngàn ha`: the upper end, then scale and unit after it
    rm = _RE_RANGE.match(text, pos)
    if rm is None and _RE_FROM.search(text, max(0, s - 4), s):
        rm = _RE_RANGE_WORD.match(text, pos)
    if rm is not None and value is not None:
        hi, _ = read_number(rm.group(1))
        after = rm.end()
        if hi is not None and hi > value and (c.scale_re.match(text, after)
                                              or _unit_at(text, after, True, c) is not None):
            fig.end_value, pos = hi, after
            fig.value = _elliptical(token, value, rm.group(1), hi)
    factors: list[int] = []
    while len(factors) < 2:
        m = c.scale_re.match(text, pos)
        if m is None:
            break
        whole = _unit_at(text, pos, not factors, c)
        if whole is not None and whole[2] > m.end():  # `tỷ.đ` is one unit, not the scale `tỷ`
            break
        factors.append(c.scales[m.group(1).lower()])
        pos = m.end()
    if factors:
        fig.value = None if fig.value is None else scaled(fig.value, *factors)
        fig.end_value = None if fig.end_value is None else scaled(fig.end_value, *factors)
    hit = _unit_at(text, pos, not factors, c)
    if hit is not None:
        entry, us, ue = hit
        fig.known, fig.rule, fig.kind = True, entry.where, entry["kind"]
        fig.key = entry["unit"]
        fig.unit = str(entry.get("report_as") or " ".join(text[us:ue].split()))
        fig.extend = entry.get("extend", True) and fig.kind in ("count", "other")
        if entry.get("factor") and fig.value is not None:  # `12 trđ`
            fig.value = scaled(fig.value, int(entry["factor"]))
        pos = ue
        if fig.end_value is None and fig.value is not None and not factors:
            pos = _range_same_unit(text, fig, entry, pos, c)
    elif _LETTER.match(text[pos:pos + 1] or " ") and pos == e:
        return []  # glued to letters that are no unit: 5K, 4G, 3D
    elif fig.warn is not None:
        return []  # `4.0`, `2.2 Kinh phí`: a malformed number with no unit is not a figure
    # fraction `171/171 bản`, pair `1.667 hộ/6.139 khẩu`, rate `2 vụ/năm`
    sl = _RE_SLASH.match(text, pos)
    if sl is not None:
        after = sl.end()
        nm = NUMBER_RE.match(text, after)
        if nm is not None and fig.unit is None and not factors:
            den, _ = read_number(nm.group(0))
            u = _unit_at(text, nm.end(), True, c)
            if den is not None and fig.value is not None and fig.value <= den:
                if u is not None:
                    fig.unit = " ".join(text[u[1]:u[2]].split())
                    fig.key, fig.rule, fig.known, pos = u[0]["unit"], u[0].where, True, u[2]
                else:
                    noun = None if light else _noun_at(text, nm.end(), c, max_words=1)
                    if noun is None or noun[0].lower() in c.verbs:
                        return []  # `10/12 hoàn thành` is a date, not a fraction
                    fig.unit, fig.key, fig.rule, pos = noun[0], noun[0].lower(), "noun", noun[1]
                fig.kind, fig.total = "fraction", den
                fig.end = pos
                return [fig]
            return []
        if nm is not None and fig.unit is not None and allow_pair:
            second = _read(text, nm.start(), nm.end(), c, allow_pair=False, light=light)
            if second and second[0].unit is not None:
                fig.end = pos
                return [fig, second[0]]
    if fig.unit is None:
        noun = None if light else _noun_at(text, pos, c, max_words=1)
        if noun is None:
            return []
        fig.unit, fig.key, fig.kind, fig.rule, pos = noun[0], noun[0].lower(), "count", "noun", \
            noun[1]
        fig.extend = True
    if fig.extend and not light:
        more = _extend(text, pos, c)
        if more > pos:
            fig.unit = f"{fig.unit} {' '.join(text[pos:more].split())}"
            pos = more
    ev = c.every_re.match(text, pos) if c.every_re is not None else None
    if ev is not None and fig.kind == "duration":  # `02 năm một lần`: once every two years
        fig.unit = f"{fig.unit} {' '.join(text[pos:ev.end()].split())}"
        fig.kind, pos = "rate", ev.end()
    per: list[str] = []
    p = pos
    while fig.kind != "percent":  # a rate: `2 vụ/năm`, `500.000đ/tháng/em`, `300.000 bộ/năm`
        ps = _RE_PER.match(text, p)
        if ps is None or ps.group(1).lower() in c.stop:
            break
        per.append(ps.group(1))
        p = ps.end()
    if per:
        fig.per = "/".join(per)
        written = text[us:pos].strip() if hit is not None and fig.kind != "count" else ""
        fig.unit = f"{' '.join(written.split()) or fig.unit}/{fig.per}"
        fig.kind = "rate"
        pos = p
    _settle_reading(fig, factors, c)
    if fig.kind == "percent":
        share = _share(text, pos, c)
        if share is not None:
            fig.share_of, pos = share
    fig.end = pos
    return [fig]


def _elliptical(low_text: str, low: Decimal, high_text: str, high: Decimal) -> Decimal:
    """The low end of `350 – 400.000 ha` or `20-30.000 ha`: written without the thousands
    groups the high end carries (350,000-400,000). Only when the low end has no separator and,
    scaled by those groups, stays at or below the high end and within a factor of ten of it;
    `100-1.000 người` keeps 100."""
    if not low_text.isdigit() or not _RE_GROUPED.fullmatch(high_text):
        return low
    scaled_low = low * Decimal(1000) ** high_text.count(".")
    return scaled_low if scaled_low <= high < scaled_low * 10 else low


def _range_same_unit(text: str, fig: _Fig, entry: Entry, pos: int, c: _Compiled) -> int:
    """`60% - 70%`, `10 ha - 15 ha`: a range with the unit written on both ends is one
    figure; returns where it ends (`pos` when there is no such upper end)."""
    rm = _RE_RANGE.match(text, pos)
    if rm is None or fig.value is None:
        return pos
    hi, _ = read_number(rm.group(1))
    u = _unit_at(text, rm.end(), True, c)
    if hi is None or hi <= fig.value or u is None or u[0]["unit"] != entry["unit"]:
        return pos
    if entry.get("factor"):
        hi = scaled(hi, int(entry["factor"]))
    fig.end_value = hi
    return u[2]


def _settle_reading(fig: _Fig, factors: Sequence[int], c: _Compiled) -> None:
    """Use the unit to settle what the digits alone cannot: `10.5%` (a dot before 1-2 digits)
    can only be a decimal in a measure, while `3.60 cá nhân` stays unread; `1,200 hộ` (a comma
    before exactly 3 digits in a count) is probably 1200 written the English way, so it is
    not read as 1.2 households."""
    token = fig.value_text
    if fig.value is None and fig.kind not in ("count", None) and \
            _RE_DOT_DECIMAL.fullmatch(token):
        fig.value = scaled(Decimal(token), *factors)
        fig.warn = f"number {token!r} read as a decimal ({plain_value(fig.value)}), '.' style"
    elif fig.value is not None and fig.kind == "count" and not factors and \
            _RE_COMMA_THOUSANDS.fullmatch(token):
        fig.value = None
        fig.warn = f"number {token!r} in a count: 1 decimal or thousands the English way; not read"


def _share(text: str, pos: int, c: _Compiled) -> tuple[str, int] | None:
    """What a percentage is a share of: `100% xã`, `100% các xã biên giới`; not the period
    written after it (`40% năm 2020`)."""
    if _RE_TIME_AFTER.match(text, pos):
        return None
    p = pos
    for _ in range(2):
        m = c.share_re.match(text, p) if c.share_re is not None else None
        if m is None:
            break
        p = m.end()
    u = _unit_at(text, p, False, c)
    if u is not None and u[0]["kind"] == "count":
        # let a following word finish the unit when segmentation says so (`xã biên giới`)
        noun = _noun_at(text, p, c, max_words=2)
        if noun is not None and noun[1] > u[2]:
            return noun
        return " ".join(text[u[1]:u[2]].split()), u[2]
    return _noun_at(text, p, c, max_words=2)


# --- contexts: exclusions, qualifiers, vague amounts -------------------------------------------

def _excluded(text: str, fig: _Fig, c: _Compiled, line_start: int,
              first: int = 0) -> str | None:
    """Name of the exclusion rule that drops `fig`, or None. Rules before `first` are known
    to pass it by (`_excluded_before`)."""
    window = text[max(line_start, fig.start - _EXCL_WINDOW):fig.start]
    for entry, bre, are in c.excl[first:]:
        kinds = entry.get("kinds")
        if kinds and fig.kind not in kinds:
            continue
        if bre is not None:
            if not bre.search(window):
                continue
            keep = entry.get("keep_with_unit", True)
            if keep and fig.known and fig.kind not in ("duration", None):
                continue
            return str(entry["name"])
        if are is not None and are.match(text, fig.end):
            return str(entry["name"])
    return None


def _excluded_before(text: str, s: int, c: _Compiled,
                     line_start: int) -> tuple[str | None, int]:
    """The exclusion rule that drops the number at `s` whatever it reads (a `before` rule
    without `kinds` or `keep_with_unit`, and no earlier rule that would read the figure:
    `khoản 1`, `Điều 5`, `Nghị quyết 21`), or None when `_excluded` must see the figure; and
    the first rule `_excluded` must try (the ones before pass the figure by)."""
    window = text[max(line_start, s - _EXCL_WINDOW):s]
    if c.excl_any is None or not c.excl_any.search(window):
        return None, c.excl_after  # no rule before the first `after` rule matches
    for k, (entry, bre, are) in enumerate(c.excl):
        if bre is None:
            if are is None:
                continue
            return None, k  # an `after` rule reads the figure's end
        if not bre.search(window):
            continue
        if entry.get("kinds") or entry.get("keep_with_unit", True):
            return None, k
        return str(entry["name"]), k
    return None, len(c.excl)


def _qualifier(text: str, fig: _Fig, c: _Compiled) -> tuple[str, int]:
    """(qualifier, start of its word, or the figure start when it follows the figure)."""
    ws = max(0, fig.start - 25)
    m = c.qual_before.search(text[ws:fig.start])
    if m is not None:
        e = c.quals[" ".join(m.group(1).lower().split())]
        return str(e["qualifier"]), ws + m.start(1)
    a = c.qual_after.match(text, fig.end)
    if a is not None:
        return str(c.quals[" ".join(a.group(1).lower().split())]["qualifier"]), fig.start
    return "=", fig.start


def _vague_figs(text: str, c: _Compiled, blocked: _Spans) -> list[_Fig]:
    """`hàng trăm triệu đồng`, `hàng ngàn lao động`: value None, unit and kind kept."""
    out: list[_Fig] = []
    # `regex` tries the pattern's lookbehind at every position; its first words are found
    # far faster by `str.find` in the folded text (issue 11: 0.21 -> 0.08 s on the sample)
    found = c.vague_re.finditer(text) if not c.vague_heads else \
        fastscan.finditer_folded(c.vague_heads, c.vague_re, text)
    for m in found:
        if blocked.hits(m.start(), m.end()):
            continue
        pos = m.end()
        while True:
            sm = c.scale_re.match(text, pos)
            if sm is None:
                break
            pos = sm.end()
        fig = _Fig(m.start(), pos, None, text[m.start():pos], vague=m.group(1).lower())
        hit = _unit_at(text, pos, False, c)
        if hit is not None:
            entry = hit[0]
            fig.kind, fig.rule, fig.known, fig.key = entry["kind"], entry.where, True, entry["unit"]
            fig.unit = " ".join(text[hit[1]:hit[2]].split()) if fig.kind == "count" \
                else entry["unit"]
            fig.end = hit[2]
        else:
            noun = _noun_at(text, pos, c)
            if noun is None:
                continue
            fig.unit, fig.key, fig.kind, fig.rule, fig.end = noun[0], noun[0].lower(), "count", \
                "noun", noun[1]
        fig.qualifier = "~"
        out.append(fig)
    return out


# --- subject: the activity being counted ---------------------------------------------------

def _clean_words(words: Sequence[str], c: _Compiled) -> list[str]:
    ws = [w for w in words if _LETTER.match(w)]
    while ws and ws[0].lower() in c.strip_leading:
        ws.pop(0)
    if ws and ws[0].lower() in c.cut_at:
        return []  # a place or a beneficiary (`thuộc 12 xã`), not an activity
    for i, w in enumerate(ws):
        if i > 0 and w.lower() in c.cut_at:
            ws = ws[:i]
            break
    while ws and ws[-1].lower() in c.strip_trailing:
        ws.pop()
    # `Hội LHPN tỉnh đã hỗ trợ xây dựng`: the activity is what follows the agent's auxiliary
    for i in range(len(ws) - 2, 0, -1):
        if ws[i].lower() in c.auxiliaries:
            ws = ws[i + 1:]
            break
    return ws[:c.max_words]


def _subject(text: str, start: int, lo: int, c: _Compiled, right: int = -1) -> str | None:
    """The activity before a figure (`tuyên truyền được 480 buổi`); with `right`, after it
    (`63 tập thể và 460 cá nhân tham gia tự quản`), reading text[start:right]."""
    if right >= 0:
        cut = _CLAUSE.search(text, start, right)
        seg = text[start:cut.start() if cut else right]
    else:
        seg = text[lo:start]
        cuts = list(_CLAUSE.finditer(seg))
        if cuts:
            seg = seg[cuts[-1].end():]
    # a stretch with no letter has no word to keep (`_clean_words` keeps words opening with
    # one): nothing to segment
    ws = _clean_words(_words(" ".join(seg.split())), c) if _LETTER.search(seg) else []
    if not ws:
        return None
    out = " ".join(ws)
    if len(out) > 1 and out[0].isupper() and out[1].islower():
        out = out[0].lower() + out[1:]
    return out


# --- entry --------------------------------------------------------------------------------------

def find_indicators(text: str, rules: Rules,
                    exclude: Sequence[tuple[int, int]] = ()) -> tuple[list[Indicator], list[str]]:
    """Indicators in `text`, skipping spans in `exclude`; returns (indicators, warnings)."""
    return _find(text, _compile(rules), exclude)


def _find(text: str, c: _Compiled,
          exclude: Sequence[tuple[int, int]]) -> tuple[list[Indicator], list[str]]:
    blocked = _Spans([*exclude, *_guard_spans(text)])
    figs: list[_Fig] = []
    warnings: list[str] = []
    consumed = -1
    chain_end = -1  # end of the last number dropped as an identifier with `chain: true`
    last_end = -1  # end of the previous number token
    link: tuple[int, _Fig] | None = None  # (where a linked second figure must start, the first)
    next_gid = 0
    for m in _NUMBERS.finditer(text):
        s, e = m.span()
        if chain_end >= 0 and last_end != chain_end:
            chain_end = -1  # a list goes on only from the number just before: digits between
        last_end = e
        if s < consumed:
            continue
        prev = text[s - 1:s] if s > 0 else " "
        if blocked.hits(s, e) or prev in "/“\"‘" or _LETTER.match(prev) or (
                prev in "-_" and _LETTER.match(text[max(0, s - 2):s - 1] or " ")):
            continue
        if _AFTER_NUMBER.search(text, max(0, s - 24), s):
            continue  # `5.110 5.130 5.132`: a run of codes or table cells, not a figure
        if _RE_YEAR.fullmatch(m.group(0)) and not _RE_DASH_NUM.match(text, e):
            u = _unit_at(text, e, True, c)
            if u is None or u[0]["kind"] == "duration":
                continue  # a year
        line_start = text.rfind("\n", max(0, s - _EXCL_WINDOW), s) + 1  # only the window counts
        # dropped whatever it reads: the reading only says whether its unit is known (below)
        # and where that unit ends, and a light reading gives both
        why, first = _excluded_before(text, s, c, line_start)
        got = _read(text, s, e, c, light=why is not None)
        if chain_end >= 0 and (not got or not got[0].known) and \
                _CHAIN.fullmatch(text, chain_end, s):
            chain_end = e  # `khoản 1, 2, 3 và 4 Điều 5`: the whole list is identifiers
            continue
        if why is None:
            why = _excluded(text, got[0] if got else _Fig(s, e, None, m.group(0)), c,
                            line_start, first)
        if why is not None:
            chain_end = e if why in c.chains else -1
            consumed = got[0].end if got and got[0].known else e
            continue
        if not got:
            continue
        chain_end = -1
        if any(blocked.hits(f.start, f.end) for f in got[1:]):
            got = got[:1]
        if len(got) == 1 and link is not None and link[0] == s:
            got = [link[1], *got]  # `237 lượt tổ có 1.186 lượt đồng chí`: one pair
            figs.pop()
        link = None
        if len(got) == 2:
            gid = got[0].group
            if gid is None:
                next_gid += 1
                gid = next_gid
            for f in got:
                f.group = gid
        elif c.link_re is not None:
            lm = c.link_re.match(text, got[0].end)
            link = (lm.end(), got[0]) if lm is not None else None
        for f in got:
            if f.warn:
                warnings.append(f"indicator at {f.start}: {f.warn}")
                f.warn = None  # reported once, even when the figure is re-linked into a pair
            f.qualifier, f.qstart = _qualifier(text, f, c)
        figs.extend(got)
        consumed = got[-1].end
    taken = _Spans([(f.start, f.end) for f in figs])
    figs.extend(v for v in _vague_figs(text, c, blocked) if not taken.hits(v.start, v.end))
    figs.sort(key=lambda f: f.start)
    _link_parts(text, figs, c)
    _add_subjects(text, figs, c)
    return [_to_indicator(text, f) for f in figs], warnings


def _sentence_start(text: str, pos: int, starts: Sequence[int] = ()) -> int:
    """Start of the sentence (or `;`-clause, or line) holding `pos`: the sentence start before
    it, or just after the last sentence end (`_SENT_END`) in the 600 characters before it, if
    later."""
    i = bisect_right(starts, pos) - 1
    best = starts[i] if i >= 0 else 0
    lo = max(best, pos - 600)
    if pos > lo and text[pos - 1] in ".!?":
        return pos  # a full stop right before `pos` ends a sentence there
    # the last end in text[lo:pos], searched backwards from `pos` (issue 11: instead of every
    # end of the text). Its lookahead may read up to `pos` only: a `.!?` at pos - 1 returned
    # above, so every end it can see has its next character inside the window
    m = _SENT_END_BACK.search(text, lo, pos) if pos > lo else None
    if m is not None:
        best = max(best, m.start() + 1)
    return best


def _add_subjects(text: str, figs: list[_Fig], c: _Compiled) -> None:
    prev: _Fig | None = None
    starts = sentence_starts(text) if figs else []
    for f in figs:
        # read in `_find` (start and end are final there); the vague amounts have none yet
        qs = f.qstart if f.qstart >= 0 else _qualifier(text, f, c)[1]
        sent = _sentence_start(text, f.start, starts)
        lo = max(sent, prev.end if prev is not None else 0)
        subj = _subject(text, qs, lo, c)
        if subj is None and prev is not None and prev.end > sent:
            subj = prev.subject
        f.subject = subj
        prev = f
    # still none: the verb after the figures (`63 tập thể và 460 cá nhân tham gia tự quản`),
    # shared back with the figures listed just before it
    for k in range(len(figs) - 1, -1, -1):
        f = figs[k]
        if f.subject is not None:
            continue
        nxt = figs[k + 1] if k + 1 < len(figs) else None
        if nxt is not None and nxt.subject is not None and \
                _LIST_SEP.fullmatch(text[f.end:nxt.start]):
            f.subject = nxt.subject
            continue
        f.subject = _subject(text, f.end, 0, c, right=nxt.start if nxt else len(text))


def _same_kind(a: _Fig, b: _Fig) -> bool:
    """Could `b` be a part of total `a`? Same unit rule (`cột mốc`/`mốc`, `đ/c`/`đồng chí`) or
    same head word (`tin` / `tin có giá trị`)."""
    if a.key is None or b.key is None:
        return False
    if a.key.lower() == b.key.lower():
        return True
    ha, hb = (a.unit or "").lower().split()[:1], (b.unit or "").lower().split()[:1]
    return bool(ha) and ha == hb


def _kind_keys(f: _Fig) -> list[tuple[str, str]]:
    """What `_same_kind` compares, as index keys: the unit rule and the unit's head word."""
    if f.key is None:
        return []
    out = [("key", f.key.lower())]
    head = (f.unit or "").lower().split()[:1]
    if head:
        out.append(("head", head[0]))
    return out


class _NextFree:
    """Slots 0..n-1, some taken: the first free slot at or after i (union-find)."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n + 1))  # slot n means "none"

    def at_or_after(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def take(self, i: int) -> None:
        self.parent[i] = i + 1


class _KindIndex:
    """Figures by kind key, to find the next figure without a role that a total's members
    could count, without walking every figure of the scope (`_link_parts` in linear time)."""

    def __init__(self, figs: Sequence[_Fig]) -> None:
        self.lists: dict[tuple[str, str], list[int]] = {}
        self.slots: list[list[tuple[tuple[str, str], int]]] = []
        for i, f in enumerate(figs):
            mine = []
            for k in _kind_keys(f):
                lst = self.lists.setdefault(k, [])
                mine.append((k, len(lst)))
                lst.append(i)
            self.slots.append(mine)
        self.free = {k: _NextFree(len(v)) for k, v in self.lists.items()}

    def take(self, i: int) -> None:
        for k, slot in self.slots[i]:
            self.free[k].take(slot)

    def first(self, keys: Sequence[tuple[str, str]], lo: int, hi: int) -> int | None:
        """The lowest figure index in [lo, hi) under one of `keys` that is still free."""
        best: int | None = None
        for k in keys:
            lst = self.lists.get(k)
            if not lst:
                continue
            j = self.free[k].at_or_after(bisect_left(lst, lo))
            if j < len(lst) and lst[j] < hi and (best is None or lst[j] < best):
                best = lst[j]
        return best


def _stop_chars(text: str) -> list[int]:
    """Offsets of every `_RE_STOP` match (a sentence end or a line end), in one scan."""
    return [m.start() for m in _RE_STOP.finditer(text)]


def _link_parts(text: str, figs: list[_Fig], c: _Compiled) -> None:
    """`648 tin (329 tin ..., 319 tin ...)` and `156 vụ/780 đối tượng, trong đó 74 vụ/...`."""
    next_group = 1 + max((f.group or 0 for f in figs), default=0)
    starts = [f.start for f in figs]
    index = _KindIndex(figs)
    stops: list[int] | None = None
    for i, f in enumerate(figs):
        if f.role == "part":
            continue
        members = [f]
        if f.group is not None:
            members = [g for g in figs[i:i + 2] if g.group == f.group]
            if members[0] is not f:
                continue
        last = members[-1]
        m = c.parts_re.match(text, last.end)
        if m is None:
            continue
        opened = "(" in m.group(0)
        bare = _RE_BARE_PAREN.fullmatch(m.group(0)) is not None
        if opened:
            depth, stop = 1, len(text)
            for k in range(m.end(), min(len(text), m.end() + 800)):
                ch = text[k]
                depth += ch == "("
                depth -= ch == ")"
                if depth == 0:
                    stop = k
                    break
        else:
            if stops is None:
                stops = _stop_chars(text)
            k = bisect_left(stops, m.end())
            stop = stops[k] if k < len(stops) else len(text)
        # the figures of the scope (figures are sorted by start) that a member could count
        lo = max(i + len(members), bisect_left(starts, m.end()))
        hi = bisect_left(starts, stop, lo=lo)
        keys = [k for t in members for k in _kind_keys(t)]
        found = False
        while lo < hi:
            j = index.first(keys, lo, hi)
            if j is None:
                break
            g = figs[j]
            tot = next(t for t in members if _same_kind(t, g))
            g.role, g.part_of, found = "part", tot.start, True
            index.take(j)
            # a bare parenthesis right after the total (`648 tin (329 ..., 319 ...)`) makes one
            # group; a breakdown opened by `trong đó` keeps only role and part_of
            if g.group is None and bare:
                if tot.group is None:
                    tot.group = next_group
                    next_group += 1
                g.group = tot.group
            lo = j + 1
        if found:
            for t in members:
                t.role = "total"
                index.take(figs.index(t, i))


def _num(v: Decimal | None) -> int | float | None:
    return None if v is None else plain_value(v)


def _to_indicator(text: str, f: _Fig) -> Indicator:
    return Indicator(
        text=text[f.start:f.end], start=f.start, end=f.end,
        value=_num(f.value), unit=f.unit, quantity=f.kind, qualifier=f.qualifier,
        group=f.group, subject=f.subject, rule=f.rule, value_text=f.value_text, per=f.per,
        share_of=f.share_of, total=_num(f.total), end_value=_num(f.end_value), vague=f.vague,
        role=f.role, part_of=f.part_of,
    )

