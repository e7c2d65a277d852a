"""Legacy Vietnamese encodings (TCVN3/ABC, VNI Windows) to Unicode NFC.

Why: archives before ~2010 hold text typed with 8-bit "legacy fonts" (.VnTime, VNI-Times). Word,
LibreOffice, catdoc and PDF text layers hand that text over as Windows-1252 characters
(`Uû ban nh©n d©n`), which no later stage can read. The tables are rules data
(`rules/legacy.yaml`); this module holds the mechanism:

- `convert(text, encoding)`: apply one table (single characters, and base + mark pairs for VNI).
- `convert_run(text, font_name)`: one run of text in a known font, for the DOCX and PDF readers.
  The font decides the encoding, the characters decide whether to convert at all (files that
  DECLARE .VnTime often hold Unicode text): a run is converted only when its Vietnamese
  spelling gets better. Returns the text and the encoding used (None when left as is).
- `convert_text(text)`: text without font information (.txt, antiword output): each line is
  converted with whichever encoding makes it read as Vietnamese; documents mix both.

Vietnamese spelling is judged word by word (onset + nucleus + coda, one tone mark; the sets are
in the rules file), so the decision depends only on the text, never on a dictionary or the clock.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import RuleError
from .readers.pdf_chars import Char
from .rules import Rules, Schema, Section, get_rules

SCHEMAS: Mapping[str, Schema] = {
    "legacy": {
        "encodings": Section({"name": (str, True), "label": (str, True), "fonts": (list, True),
                              "upper_fonts": (list, False), "chars": (dict, True),
                              "bases": (dict, False), "marks": (dict, False),
                              "aliases": (dict, False), "word_aliases": (dict, False)},
                             key="name"),
        "orthography": Section({"onsets": (list, True), "codas": (list, True),
                                "nuclei": (list, True)}, mapping=True),
        # more fonts for an encoding, without copying its table (a user's rules folder)
        "fonts": Section({"font": (str, True), "encoding": (str, True),
                          "upper": (bool, False)}, key="font"),
    },
}
# the rule set readers run under (`rules_in_use`); None: the shipped rules
_ACTIVE: ContextVar[Rules | None] = ContextVar("bpextract_legacy_rules", default=None)

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SUBSET = re.compile(r"^[A-Z]{6}\+")
# a "word" for the spelling test: a run of anything but blanks, ASCII punctuation and digits
_WORD = re.compile(r"[^\s!-@\[-`{-~\u2010-\u2027\u00a0]+")


@dataclass(frozen=True)
class Encoding:
    name: str
    label: str
    fonts: tuple[re.Pattern[str], ...]
    upper_fonts: tuple[re.Pattern[str], ...]
    chars: Mapping[str, str]
    bases: Mapping[str, str]
    marks: Mapping[str, str]
    aliases: Mapping[str, str]
    word_aliases: Mapping[str, str] = field(default_factory=dict)

    @property
    def sources(self) -> frozenset[str]:
        """Characters that mean something in this encoding (never ASCII)."""
        return frozenset(self.chars) | frozenset(self.marks) | frozenset(self.aliases)


@dataclass(frozen=True, eq=False)  # hashed by identity: one object per rule set (caches)
class _Tables:
    encodings: tuple[Encoding, ...]
    onsets: tuple[str, ...]
    codas: tuple[str, ...]
    nuclei: frozenset[str]
    letters: frozenset[str]
    fonts: tuple[tuple[re.Pattern[str], str, bool], ...] = ()  # (font, encoding, capitals)


def _one_char_keys(d: dict[str, str], where: str, field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in d.items():
        if not isinstance(k, str) or len(k) != 1 or not isinstance(v, str) or not v:
            raise RuleError(f"{where}: '{field}' maps one character to a non-empty text; "
                            f"got {k!r}: {v!r}")
        if k.isascii() and field not in ("bases", "word_aliases"):
            raise RuleError(f"{where}: '{field}' key {k!r} is ASCII; legacy codes are not")
        out[k] = v
    return out


def _compile(patterns: list[str], where: str, flags: int) -> tuple[re.Pattern[str], ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(str(p), flags))
        except re.error as exc:
            raise RuleError(f"{where}: font pattern {p!r} does not compile: {exc}") from exc
    return tuple(out)


@contextmanager
def rules_in_use(rules: Rules | None) -> Iterator[None]:
    """Readers inside this block use `rules` (shipped legacy.yaml extended by the user's
    folder) for every table and font name; the readers entry point sets it."""
    token = _ACTIVE.set(rules)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def tables() -> _Tables:
    """The tables of the rule set in use (see `rules_in_use`), validated once per rule set
    (RuleError names file:line on a fault)."""
    rules = _ACTIVE.get()
    return _tables_of(rules if rules is not None else get_rules())


@lru_cache(maxsize=8)
def _tables_of(rules: Rules) -> _Tables:
    rf = rules["legacy"]
    encs = []
    for e in rf.entries("encodings"):
        encs.append(Encoding(
            name=e["name"], label=e["label"],
            fonts=_compile(e["fonts"], e.where, re.IGNORECASE),
            upper_fonts=_compile(e.get("upper_fonts") or [], e.where, re.IGNORECASE),
            chars=_one_char_keys(e["chars"], e.where, "chars"),
            bases=_one_char_keys(e.get("bases") or {}, e.where, "bases"),
            marks=_one_char_keys(e.get("marks") or {}, e.where, "marks"),
            aliases=_one_char_keys(e.get("aliases") or {}, e.where, "aliases"),
            word_aliases=_one_char_keys(e.get("word_aliases") or {}, e.where, "word_aliases")))
    names = [e.name for e in encs]
    extra: list[tuple[re.Pattern[str], str, bool]] = []
    for f in rf.entries("fonts"):
        if f["encoding"] not in names:
            raise RuleError(f"{f.where}: font {f['font']!r} names encoding {f['encoding']!r}, "
                            f"which is not defined (known: {', '.join(names)})")
        extra.append((_compile([f["font"]], f.where, re.IGNORECASE)[0], f["encoding"],
                      bool(f.get("upper", False))))
    onsets = tuple(sorted((str(x) for x in rf.setting("orthography", "onsets", [])),
                          key=len, reverse=True))
    codas = tuple(sorted((str(x) for x in rf.setting("orthography", "codas", [])),
                         key=len, reverse=True))
    nuclei = frozenset(unicodedata.normalize("NFC", str(x))
                       for x in rf.setting("orthography", "nuclei", []))
    letters = frozenset("abcdefghijklmnopqrstuvwxyzđ") | {
        ch for n in nuclei for ch in n}
    return _Tables(tuple(encs), onsets, codas, nuclei, letters, tuple(extra))


def encoding(name: str) -> Encoding:
    for e in tables().encodings:
        if e.name == name:
            return e
    raise KeyError(name)


def _named(name: str) -> Encoding:
    return encoding(name)


def font_encoding(font_name: str | None) -> tuple[Encoding | None, bool]:
    """(encoding a font draws, whether it draws capitals only); (None, False) for other fonts."""
    if not font_name:
        return None, False
    name = _SUBSET.sub("", font_name.strip())
    t = tables()
    for e in t.encodings:
        if any(p.match(name) for p in e.fonts):
            return e, any(p.match(name) for p in e.upper_fonts)
    for p, enc, upper in t.fonts:
        if p.match(name):
            return encoding(enc), upper
    return None, False


def convert(text: str, enc: Encoding | str) -> str:
    """Apply one encoding's table to `text`; NFC result."""
    e = encoding(enc) if isinstance(enc, str) else enc
    if not any(ch in e.sources or ch in e.word_aliases for ch in text):
        return text
    return unicodedata.normalize("NFC", "".join(_pieces(text, e)))


def _pieces(text: str, e: Encoding) -> list[str]:
    """What each character of `text` becomes under `e`, one entry per source character: a
    VNI base takes its mark's letter and the mark becomes "" (readers that keep a box per
    character, like the PDF reader, merge the two boxes)."""
    if e.aliases:
        text = _apply_aliases(text, e)
    if e.word_aliases:
        text = _apply_word_aliases(text, e)
    return _map(text, e)


def _map(text: str, e: Encoding) -> list[str]:
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if i + 1 < n and ch in e.bases and text[i + 1] in e.marks:
            composed = unicodedata.normalize("NFC", e.bases[ch] + e.marks[text[i + 1]])
            if len(composed) == 1:
                out += (composed, "")
                i += 2
                continue
        out.append(e.chars.get(ch, ch))
        i += 1
    return out


def _apply_aliases(text: str, e: Encoding) -> str:
    """Alias characters next to a letter or a code of the encoding (`−¬ng` is `ương`)."""
    chars = list(text)
    src = e.sources

    def letter(c: str) -> bool:
        return c.isalpha() or c in src

    for i, ch in enumerate(chars):
        if ch in e.aliases and ((i > 0 and letter(chars[i - 1]))
                                or (i + 1 < len(chars) and letter(chars[i + 1]))):
            chars[i] = e.aliases[ch]
    return "".join(chars)


def _apply_word_aliases(text: str, e: Encoding) -> str:
    """ASCII stand-ins (`-` for TCVN3 `ư` in some PDF text layers: `n-íc`) taken only inside a
    word that then spells one Vietnamese syllable: `NĐ-CP` and `kinh-tế` keep their hyphen."""
    if not any(c in e.word_aliases for c in text):
        return text

    def part(c: str) -> bool:
        return c.isalpha() or c in e.sources or c in e.word_aliases

    out = list(text)
    i, n = 0, len(text)
    while i < n:
        if not part(text[i]):
            i += 1
            continue
        j = i
        while j < n and part(text[j]):
            j += 1
        tok = text[i:j]
        if any(c in e.word_aliases for c in tok) and not all(c in e.word_aliases for c in tok):
            cand = "".join(e.word_aliases.get(c, c) for c in tok)
            if _word_ok(unicodedata.normalize("NFC", "".join(_map(cand, e)))):
                out[i:j] = cand
        i = j
    return "".join(out)


def _word_ok(word: str) -> bool:
    """_syllable_ok with the tables in use; words repeat, so the answer is kept."""
    return _syllable_cached(word, tables())


@lru_cache(maxsize=65536)
def _syllable_cached(word: str, t: _Tables) -> bool:
    return _syllable_ok(word, t)


def _syllable_ok(word: str, t: _Tables) -> bool:
    w = unicodedata.normalize("NFD", word.lower())
    if sum(1 for c in w if c in _TONE_MARKS) > 1:
        return False
    w = unicodedata.normalize("NFC", "".join(c for c in w if c not in _TONE_MARKS))
    if any(c not in t.letters for c in w):
        return False
    for o in t.onsets:
        if w.startswith(o) and len(w) > len(o):
            w = w[len(o):]
            break
    else:
        if w.startswith("gi"):  # `gì`: the i is the nucleus
            w = w[1:]
    for c in t.codas:
        if w.endswith(c) and len(w) > len(c):
            w = w[: -len(c)]
            break
    return w in t.nuclei


def spelling(text: str) -> tuple[int, int]:
    """(words that are Vietnamese syllables, words that are not), counting only words with a
    character outside ASCII (ASCII words read the same in every encoding)."""
    good, bad, _ = _spelling(text)
    return good, bad


def _spelling(text: str) -> tuple[int, int, int]:
    """spelling() and the count of non-ASCII characters inside words that are no letter
    (`§` in `Q§`, `©` in `nh©n`)."""
    good = bad = junk = 0
    for m in _WORD.finditer(text):
        w = m.group()
        if w.isascii():
            continue
        junk += sum(1 for c in w if not c.isascii() and not c.isalpha())
        if _word_ok(w):
            good += 1
        else:
            bad += 1
    return good, bad, junk


def _unicode_evidence(text: str) -> bool:
    """Letters no legacy table produces from Windows-1252 input: the text is Unicode already."""
    return any((ord(ch) > 0x24F and ch.isalpha()) or ch in "ăđơưĂĐƠƯĩĨũŨ" for ch in text)


def _better(text: str, enc: Encoding, least: int = 1) -> tuple[str, int] | None:
    """Converted text and its gain in spelling score (syllables gained, symbols inside words
    lost), or None if the gain is below `least`."""
    conv = convert(text, enc)
    if conv == text:
        return None
    g0, b0, j0 = _spelling(text)
    g1, b1, j1 = _spelling(conv)
    gain = (g1 - b1) - (g0 - b0) + (j0 - j1)
    return (conv, gain) if gain >= least else None


def convert_run(text: str, font_name: str | None, *, trusted: bool = False,
                prefer: str | None = None) -> tuple[str, str | None]:
    """One run of text drawn in `font_name` -> (Unicode NFC text, encoding name or None).

    For readers that know the font of each run (DOCX, PDF). The text is converted only when the
    font is a legacy font AND the run's characters read better converted (a run with Unicode
    Vietnamese letters, or whose spelling does not improve, is returned as is). The font's own
    encoding is preferred, but the characters have the last word: a font named like TCVN3 that
    holds VNI text (`VNSTCVN3` in real files) is converted as VNI when that reads better.
    `prefer` names the encoding to try first instead of the font's own (a reader that judged
    the font over the whole document); another encoding still wins a run it reads better.
    `trusted=True` when the caller has seen that this document really uses the font as a legacy
    font (other runs in it converted): then a run is converted unless that makes it read worse
    (`Sè` is `Số` in such a document, though `Sè` is also a spelling).
    Text in a capitals-only font (.VnTimeH) is upper-cased once it is converted, or when it has
    no letter outside ASCII (the font is what makes it a capital). PDF readers: pass the font
    name as the PDF gives it (`ABCDEF+.VnTimeH,Bold` is fine), but join adjacent characters of
    subsets of one font (`ABCDEF+VnTime`, `ABCDEG+VnTime`) into one run first: a word is often
    split between them, and a run of one letter cannot be judged. benchmarks/bench_legacy.py
    `pdf_text` shows the whole recipe with `judge_fonts`.
    """
    enc, upper = font_encoding(font_name)
    if enc is None or not text:
        return text, None
    if _unicode_evidence(text):
        return text, None
    if text.isascii():
        return (text.upper(), enc.name) if upper and text.upper() != text else (text, None)
    first = _named(prefer) if prefer is not None else enc
    choices = [(_better(text, first, 0 if trusted else 1), first.name)]
    for other in tables().encodings:
        if other is not first:
            choices.append((_better(text, other, 1), other.name))
    best: tuple[str, int] | None = None
    name: str | None = None
    for got, n in choices:
        if got is not None and (best is None or got[1] > best[1]):
            best, name = got, n
    if best is None:
        return text, None
    return (best[0].upper() if upper else best[0]), name


def run_gains(text: str, font_name: str | None) -> dict[str, int]:
    """Spelling gain of converting one run with each encoding (for a reader that judges a
    font over a whole document before converting its runs); empty for non-legacy fonts."""
    enc, _ = font_encoding(font_name)
    if enc is None or not text or text.isascii() or _unicode_evidence(text):
        return {}
    out: dict[str, int] = {}
    for e in tables().encodings:
        got = _better(text, e, -(10**9))
        out[e.name] = got[1] if got is not None else 0
    return out


def judge_fonts(runs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Fonts a document really uses as legacy fonts -> the encoding their runs hold.

    `runs`: (text, font name) of every run of the document. A legacy-named font counts when more
    of its runs with letters outside ASCII read better converted than not (many Unicode files
    merely declare .VnTime); its encoding is the one that wins most runs (a font named like
    TCVN3 may hold VNI). Pass the result to `convert_run(text, font, trusted=True,
    prefer=judged[font])` for the fonts it names, and leave other fonts' runs alone.
    """
    score: dict[str, dict[str, int]] = {}
    _score_runs(runs, score)
    return _judged(score)


def _score_runs(runs: Iterable[tuple[str, str | None]], score: dict[str, dict[str, int]]) -> None:
    """Add each run's vote (font -> encoding -> runs that read better minus worse) to `score`."""
    for text, font in runs:
        if not font:
            continue
        for enc, gain in run_gains(text, font).items():
            per = score.setdefault(font, {})
            per[enc] = per.get(enc, 0) + (1 if gain > 0 else -1)


def _judged(score: Mapping[str, Mapping[str, int]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for font, per in score.items():
        own = font_encoding(font)[0]
        best = sorted(per.items(), key=lambda kv: (-kv[1], own is None or kv[0] != own.name))
        if best and best[0][1] > 0:
            out[font] = best[0][0]
    return out


def convert_text(text: str, *, upper_lines: bool = True) -> tuple[str, list[str]]:
    """Text with no font information -> (converted text, names of encodings used).

    Each line is converted with the encoding that improves its spelling most; a tie goes to
    the encoding that helps the whole text most. With `upper_lines`, a converted TCVN3 line
    whose ASCII letters are all capitals (three or more) is upper-cased: TCVN3 has no accented
    capitals, so headings were typed `QUYÕT §ÞNH` and drawn in a capitals font.
    """
    encs = tables().encodings
    lines = text.split("\n")
    candidates = [i for i, line in enumerate(lines)
                  if not line.isascii() and not _unicode_evidence(line)]
    if not candidates:
        return text, []
    results = {i: [_better(lines[i], e) for e in encs] for i in candidates}
    totals = [0] * len(encs)
    for r in results.values():
        for k, got in enumerate(r):
            if got is not None:
                totals[k] += got[1]
    if max(totals) <= 0:
        return text, []
    dom = totals.index(max(totals))
    used: dict[str, None] = {}
    for i in candidates:
        best: tuple[int, int, str, int] | None = None  # (gain, is dominant, text, encoding)
        for k, got in enumerate(results[i]):
            if got is not None and (best is None or (got[1], int(k == dom)) > best[:2]):
                best = (got[1], int(k == dom), got[0], k)
        if best is None:
            continue
        e = encs[best[3]]
        conv = best[2]
        if upper_lines and e.upper_fonts:
            letters = [c for c in lines[i] if c.isascii() and c.isalpha()]
            if len(letters) >= 3 and all(c.isupper() for c in letters):
                conv = conv.upper()
        lines[i] = conv
        used[e.name] = None
    return "\n".join(lines), [e.name for e in encs if e.name in used]


def label(name: str) -> str:
    """Human name of an encoding for warnings: `TCVN3 (ABC)`."""
    return encoding(name).label


def warning(names: list[str] | tuple[str, ...] | set[str], where: str = "text") -> str:
    labels = " and ".join(label(n) for n in sorted(names))
    return f"legacy encoding: {where} in {labels} converted to Unicode"


class PdfFonts:
    """Legacy-font conversion of a PDF's characters, page by page (the hook of readers/pdf.py).

    Why per character: the PDF layout keeps a box per glyph, and documents mix legacy and
    Unicode fonts, so each glyph is converted by the encoding of its font run. Runs are
    consecutive glyphs of one font on one line (subset prefixes `ABCDEF+` dropped, blanks and a
    legacy table's alias characters drawn from a symbol font joining the run they sit in).
    Fonts are judged as in `judge_fonts` over every run seen so far (this page included), so a
    page is converted as soon as it is read and the result depends only on the file. A VNI mark
    glyph merges into its base glyph's box. `warnings()` names the encodings converted.
    """

    def __init__(self) -> None:
        self._score: dict[str, dict[str, int]] = {}
        self.used: set[str] = set()

    def convert(self, chars: Sequence[Char]) -> Sequence[Char]:
        """One page's glyphs (engine order) -> the same glyphs with legacy runs converted
        (the page itself when no glyph is in a legacy font: one set of font names per page)."""
        if not any(_legacy_font(f) for f in {c.font for c in chars}):
            return chars
        runs = _font_runs(chars)
        _score_runs(((_run_text(chars, r), f) for f, r in runs if f), self._score)
        judged = _judged(self._score)
        if not judged:
            return chars
        out = list(chars)
        drop: set[int] = set()
        for font, idx in runs:
            if font not in judged:
                continue
            text = _run_text(chars, idx)
            conv, enc = convert_run(text, font, trusted=True, prefer=judged[font])
            if enc is None or conv == text:
                continue
            self.used.add(enc)
            upper = font_encoding(font)[1]
            pieces = list(text) if text.isascii() else _pieces(text, encoding(enc))
            base = idx[0]
            for k, piece in zip(idx, pieces, strict=True):
                if piece:
                    out[k] = out[k]._replace(text=piece.upper() if upper else piece)
                    base = k
                else:  # a VNI mark: its box joins the base glyph before it
                    out[base] = out[base]._replace(x1=max(out[base].x1, out[k].x1))
                    drop.add(k)
        return [c for k, c in enumerate(out) if k not in drop] if drop else out

    def warnings(self) -> list[str]:
        return [warning(sorted(self.used), "text set in legacy fonts")] if self.used else []


def _run_text(chars: Sequence[Char], idx: list[int]) -> str:
    return "".join(chars[k].text for k in idx)


def _font_runs(chars: Sequence[Char]) -> list[tuple[str, list[int]]]:
    """(font, glyph indexes) of each run: consecutive glyphs of one font on one line; "" for
    glyphs of no legacy font."""
    aliases = {a for e in tables().encodings for a in e.aliases}
    runs: list[tuple[str, list[int]]] = []
    prev: Char | None = None
    for k, c in enumerate(chars):
        font = _legacy_font(c.font)
        same_line = prev is not None and abs(c.top - prev.top) < 0.5 * max(c.size, prev.size, 1)
        if runs and same_line and (c.text.isspace() or (c.text in aliases and not font)):
            font = runs[-1][0]  # a blank or a symbol-font alias belongs to the run it is in
        if runs and same_line and runs[-1][0] == font:
            runs[-1][1].append(k)
        else:
            runs.append((font, [k]))
        prev = c
    return runs


def _legacy_font(font: str) -> str:
    """A PDF font name without its subset prefix when it names a legacy font, else ""."""
    return _legacy_font_of(font, tables())


@lru_cache(maxsize=4096)
def _legacy_font_of(font: str, t: _Tables) -> str:
    name = _SUBSET.sub("", font)
    return name if font_encoding(name)[0] is not None else ""
