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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache

from .errors import RuleError
from .rules import Schema, Section, get_rules

SCHEMAS: Mapping[str, Schema] = {
    "legacy": {
        "encodings": Section({"name": (str, True), "label": (str, True), "fonts": (list, True),
                              "upper_fonts": (list, False), "chars": (dict, True),
                              "bases": (dict, False), "marks": (dict, False),
                              "aliases": (dict, False)}, key="name"),
        "orthography": Section({"onsets": (list, True), "codas": (list, True),
                                "nuclei": (list, True)}, mapping=True),
    },
}

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

    @property
    def sources(self) -> frozenset[str]:
        """Characters that mean something in this encoding (never ASCII)."""
        return frozenset(self.chars) | frozenset(self.marks) | frozenset(self.aliases)


@dataclass(frozen=True)
class _Tables:
    encodings: tuple[Encoding, ...]
    onsets: tuple[str, ...]
    codas: tuple[str, ...]
    nuclei: frozenset[str]
    letters: frozenset[str]


def _one_char_keys(d: dict[str, str], where: str, field: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in d.items():
        if not isinstance(k, str) or len(k) != 1 or not isinstance(v, str) or not v:
            raise RuleError(f"{where}: '{field}' maps one character to a non-empty text; "
                            f"got {k!r}: {v!r}")
        if k.isascii() and field != "bases":
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


@cache
def tables() -> _Tables:
    """The shipped tables, validated once (RuleError names file:line on a fault)."""
    rf = get_rules()["legacy"]
    encs = []
    for e in rf.entries("encodings"):
        encs.append(Encoding(
            name=e["name"], label=e["label"],
            fonts=_compile(e["fonts"], e.where, re.IGNORECASE),
            upper_fonts=_compile(e.get("upper_fonts") or [], e.where, re.IGNORECASE),
            chars=_one_char_keys(e["chars"], e.where, "chars"),
            bases=_one_char_keys(e.get("bases") or {}, e.where, "bases"),
            marks=_one_char_keys(e.get("marks") or {}, e.where, "marks"),
            aliases=_one_char_keys(e.get("aliases") or {}, e.where, "aliases")))
    onsets = tuple(sorted((str(x) for x in rf.setting("orthography", "onsets", [])),
                          key=len, reverse=True))
    codas = tuple(sorted((str(x) for x in rf.setting("orthography", "codas", [])),
                         key=len, reverse=True))
    nuclei = frozenset(unicodedata.normalize("NFC", str(x))
                       for x in rf.setting("orthography", "nuclei", []))
    letters = frozenset("abcdefghijklmnopqrstuvwxyzđ") | {
        ch for n in nuclei for ch in n}
    return _Tables(tuple(encs), onsets, codas, nuclei, letters)


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
    for e in tables().encodings:
        if any(p.match(name) for p in e.fonts):
            return e, any(p.match(name) for p in e.upper_fonts)
    return None, False


def convert(text: str, enc: Encoding | str) -> str:
    """Apply one encoding's table to `text`; NFC result."""
    e = encoding(enc) if isinstance(enc, str) else enc
    if not any(ch in e.sources for ch in text):
        return text
    if e.aliases:
        text = _apply_aliases(text, e.aliases)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if i + 1 < n and ch in e.bases and text[i + 1] in e.marks:
            composed = unicodedata.normalize("NFC", e.bases[ch] + e.marks[text[i + 1]])
            if len(composed) == 1:
                out.append(composed)
                i += 2
                continue
        out.append(e.chars.get(ch, ch))
        i += 1
    return unicodedata.normalize("NFC", "".join(out))


def _apply_aliases(text: str, aliases: Mapping[str, str]) -> str:
    chars = list(text)
    for i, ch in enumerate(chars):
        if ch in aliases and ((i > 0 and chars[i - 1].isalpha())
                              or (i + 1 < len(chars) and chars[i + 1].isalpha())):
            chars[i] = aliases[ch]
    return "".join(chars)


@lru_cache(maxsize=65536)
def _word_ok(word: str) -> bool:
    """_syllable_ok with the shipped tables; words repeat, so the answer is kept."""
    return _syllable_ok(word, tables())


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
    for text, font in runs:
        if not font:
            continue
        for enc, gain in run_gains(text, font).items():
            per = score.setdefault(font, {})
            per[enc] = per.get(enc, 0) + (1 if gain > 0 else -1)
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
