"""Hostile variants of real documents, shared by tests/test_robust.py (hypothesis drives the
random source, so failures shrink) and benchmarks/fuzz.py (a seeded `random.Random`).

`mutate(text, rng, corpus)` applies 1-8 edits drawn from MUTATIONS; `check_document(doc)` lists
every broken provenance invariant of a parsed Document (empty list: all good).
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path

from bpextract.model import Document, Located

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# Characters that have broken text pipelines: lone surrogates, C0/C1 controls (several of them
# end a line for str.splitlines but not for `\n`-based code), combining marks with no base,
# zero-width and bidi marks, odd spaces, superscripts, replacement and private-use characters.
ODD_CHARS = (
    "\ud800", "\udfff", "\udc80", "\ud83d",
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x7f", "\x85", "\x9f",
    "\u2028", "\u2029", "\r", "\r\n", "\n\r", "\t",
    "\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b", "\u0338",
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u034f",
    "\u200e", "\u200f", "\u061c", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
    "\u2066", "\u2067", "\u2068", "\u2069",
    "\u00a0", "\u2007", "\u202f", "\u2009", "\u3000", "\u1680",
    "¹", "²", "³", "⁴", "⁰", "₁", "½", "Ⅳ", "٣", "૩", "𝟙", "①",
    "\ufffd", "\ue000", "\U0010ffff", "\U0001f600", "ǅ", "ß", "İ", "ﬁ", "Å",
)

# Near-matches of every pattern family, repeated to make scanners work hard.
FRAGMENTS = (
    "số 12/KH-UBND ", "Số: 1999a/BXD", "ngày 1 tháng ", "ngày 31 tháng 2 năm 2021", "năm 99999",
    "1.000.000.", "1,5,", "Điều 1. ", "Chương I ", "Mục 2. ", "Phần thứ nhất ", "I. ", "a) ",
    "- ", "+ ", "/", "//", "-", "%", "tỷ đồng ", "từ 1/1/2020 đến ", "Nghị định số ",
    "Luật ", "Quyết định số 12/2020/QĐ-TTg ngày ", "QĐ 144 ", "(1)", "[1]", "^1", "1/", "/2021",
    "15-20%", "khoảng ", "hàng trăm ", "Nơi nhận:", "KT. CHỦ TỊCH", "TM. ", "\n\n", "**", "__",
    "*", "\\", "|", "¹", "[^1]", "[1]", "(1)", "PHỤ LỤC", "0,5 ha/hộ", "1.234,5 triệu đồng",
)


def _pos(rng: random.Random, text: str) -> int:
    return rng.randint(0, len(text))


def _line_bounds(rng: random.Random, text: str) -> tuple[int, int]:
    """A random line: [start, end) including its newline."""
    if not text:
        return 0, 0
    p = rng.randrange(len(text))
    start = text.rfind("\n", 0, p) + 1
    end = text.find("\n", p)
    return start, (len(text) if end < 0 else end + 1)


def insert_line(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """A line from this or another document, somewhere else."""
    other = rng.choice(corpus) if corpus else text
    a, b = _line_bounds(rng, other)
    line = other[a:b] if other[a:b].endswith("\n") else other[a:b] + "\n"
    p, _ = _line_bounds(rng, text)
    return text[:p] + line + text[p:]


def delete_lines(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """One line or a run of up to 11."""
    a, b = _line_bounds(rng, text)
    for _ in range(rng.choice((0, 0, 1, 3, 10))):
        nl = text.find("\n", b)
        b = len(text) if nl < 0 else nl + 1
    return text[:a] + text[b:]


def duplicate_lines(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    a, b = _line_bounds(rng, text)
    return text[:b] + text[a:b] * rng.choice((1, 2, 5, 50)) + text[b:]


def odd_chars(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    out = text
    for _ in range(rng.choice((1, 2, 5, 20))):
        p = _pos(rng, out)
        ch = rng.choice(ODD_CHARS) * rng.choice((1, 1, 2, 30))
        out = out[:p] + ch + out[p:]
    return out


def random_codepoints(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """Any code point of any plane, surrogates included."""
    chars = "".join(chr(rng.choice((rng.randrange(0x80), rng.randrange(0x3000),
                                    rng.randrange(0x110000))))
                    for _ in range(rng.choice((1, 3, 10, 40))))
    p = _pos(rng, text)
    return text[:p] + chars + text[p:]


def combining_after_letters(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """Decomposed or doubled tone marks over a stretch of text."""
    import unicodedata

    a = _pos(rng, text)
    b = min(len(text), a + rng.choice((10, 200, 2000)))
    mid = unicodedata.normalize("NFD", text[a:b])
    if rng.random() < 0.5:
        mid = "".join(c + ("\u0301" if c.isalpha() and rng.random() < 0.3 else "") for c in mid)
    return text[:a] + mid + text[b:]


def line_ends(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """CR-only, CRLF, LFCR, U+2028 or form feeds as line ends (whole text or one stretch)."""
    new = rng.choice(("\r", "\r\n", "\n\r", "\u2028", "\x0c", "\x85", "\r\r\n"))
    if rng.random() < 0.5:
        return text.replace("\n", new)
    a = _pos(rng, text)
    b = min(len(text), a + rng.choice((100, 1000, 5000)))
    return text[:a] + text[a:b].replace("\n", new) + text[b:]


def digit_run(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    unit = rng.choice(("1", "9", "0", "12.", "1.000", "1,", "1/", "1-", "²", "٣"))
    run = unit * rng.choice((20, 300, 3000))
    p = _pos(rng, text)
    return text[:p] + run + text[p:]


def nested_numbering(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """`1.1.1.1...` headings, deep and many, at line starts."""
    lines = []
    for i in range(rng.choice((1, 5, 40))):
        depth = rng.choice((2, 5, 12, 60))
        label = ".".join(str(rng.choice((1, 1, 2, i + 1))) for _ in range(depth))
        lines.append(label + rng.choice((". ", " ", ".", ") ")) + rng.choice(("Nội dung", "", "1")))
    p, _ = _line_bounds(rng, text)
    return text[:p] + "\n".join(lines) + "\n" + text[p:]


def fragments(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """Near-matches of the pattern families, alone or repeated on one line."""
    frag = rng.choice(FRAGMENTS) * rng.choice((1, 1, 3, 100, 1000))
    p = _pos(rng, text)
    return text[:p] + frag + text[p:]


def random_slice(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    a, b = sorted((_pos(rng, text), _pos(rng, text)))
    return text[a:b]


def delete_chars(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    a = _pos(rng, text)
    return text[:a] + text[a + rng.choice((1, 2, 7, 50)):]


def swap_digits(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """Change digits over a stretch: dates, numbers and figures become odd or invalid."""
    a = _pos(rng, text)
    b = min(len(text), a + rng.choice((50, 500, 5000)))
    mid = "".join(rng.choice("0123456789") if c.isdigit() and rng.random() < 0.5 else c
                  for c in text[a:b])
    return text[:a] + mid + text[b:]


def case_flip(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    a = _pos(rng, text)
    b = min(len(text), a + rng.choice((50, 500, 5000)))
    mid = text[a:b].upper() if rng.random() < 0.5 else text[a:b].lower()
    return text[:a] + mid + text[b:]


def join_lines(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """Line breaks over a stretch become spaces (or vanish): long lines."""
    a = _pos(rng, text)
    b = min(len(text), a + rng.choice((500, 5000, 50000)))
    return text[:a] + text[a:b].replace("\n", rng.choice((" ", ""))) + text[b:]


_SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_MARKS = ("{s}", "[^{n}]", "[{n}]", "({n})", "{n}")
_BODIES = ("{s} ", "{s}", "[^{n}]: ", "[^{n}]:", "[{n}] ", "({n}) ", "{n} ", "{n}. ")


def footnote_marks(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """Footnote markers after words and bodies on lines of their own, matched or not."""
    out = text
    for _ in range(rng.choice((1, 3, 10, 60))):
        n = str(rng.choice((0, 1, 1, 2, 3, 9, 10, 12, 99, 100, 999, 1000, 12345)))
        form = rng.choice(_MARKS if rng.random() < 0.5 else _BODIES)
        mark = form.format(s=n.translate(_SUP), n=n)
        if form in _BODIES:
            a, _ = _line_bounds(rng, out)
            other = rng.choice(corpus) if corpus else out
            b, e = _line_bounds(rng, other)
            out = out[:a] + mark + other[b:e].rstrip("\n") + "\n" + out[a:]
        else:
            p = _pos(rng, out)
            out = out[:p] + mark + out[p:]
    return out


_STRUCTURE = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 12/KH-UBND",
    "Hà Nội, ngày 1 tháng 2 năm 2020", "QUYẾT ĐỊNH", "KẾ HOẠCH", "Về việc", "Nơi nhận:",
    "- Như trên;", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "PHỤ LỤC I",
    "Phụ lục", "(Kèm theo Quyết định số 12/QĐ-UBND ngày 1/2/2020)", "Chương II", "Chương",
    "Điều 5. Tên", "Điều", "Mục 1", "Phần I", "Phần thứ hai", "I.", "II. NHIỆM VỤ", "1.", "1.2.",
    "a)", "đ)", "-", "+", "*", "#", "## Tiêu đề", "| a | b |", "|---|---|", "| 1 | 2 |", "**",
    "__x__", "*x*", "\\*", "---", "____", "...", "…", "(*)", "Ghi chú:", "", " ", "\t",
)


def structure_lines(text: str, rng: random.Random, corpus: Sequence[str]) -> str:
    """Header, signature, appendix, heading and markdown lines at random line starts."""
    out = text
    for _ in range(rng.choice((1, 3, 10, 40))):
        a, _ = _line_bounds(rng, out)
        line = rng.choice(_STRUCTURE)
        if rng.random() < 0.3:
            line = line + " " + rng.choice(_STRUCTURE)
        out = out[:a] + line + rng.choice(("\n", "\n", " ", "")) + out[a:]
    return out


Mutation = Callable[[str, random.Random, Sequence[str]], str]
MUTATIONS: tuple[Mutation, ...] = (
    insert_line, delete_lines, duplicate_lines, odd_chars, random_codepoints,
    combining_after_letters, line_ends, digit_run, nested_numbering, fragments, random_slice,
    delete_chars, swap_digits, case_flip, join_lines, footnote_marks, structure_lines,
)


def corpus_texts() -> list[tuple[str, str]]:
    """(name, text) of every corpus/*.txt, sorted by name."""
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))]


def mutate(text: str, rng: random.Random, corpus: Sequence[str] = (),
           max_edits: int = 8) -> tuple[str, list[str]]:
    """`text` after 1..max_edits random edits, and the names of the edits applied."""
    applied = []
    for _ in range(rng.randint(1, max_edits)):
        m = rng.choice(MUTATIONS)
        text = m(text, rng, corpus)
        applied.append(m.__name__)
    return text, applied


def _check_located(kind: str, recs: Sequence[Located], doc: Document) -> list[str]:
    bad = []
    for i, r in enumerate(recs):
        if r.footnote is None:
            base = doc.text
        else:
            fn = doc.footnote_by_id(r.footnote)
            if fn is None:
                bad.append(f"{kind}[{i}]: footnote {r.footnote!r} does not exist")
                continue
            base = fn.text
        if not 0 <= r.start <= r.end <= len(base):
            bad.append(f"{kind}[{i}]: offsets {r.start}..{r.end} outside text of {len(base)}")
        elif base[r.start:r.end] != r.text:
            bad.append(f"{kind}[{i}]: text[{r.start}:{r.end}] = {base[r.start:r.end]!r} "
                       f"!= {r.text!r}")
    return bad


def check_document(doc: Document) -> list[str]:
    """Every broken provenance invariant of `doc`, as one line each."""
    bad = []
    t, n = doc.text, len(doc.text)
    bad += _check_located("references", doc.references, doc)
    bad += _check_located("dates", doc.dates, doc)
    bad += _check_located("indicators", doc.indicators, doc)
    for i, s in enumerate(doc.sections):
        if not 0 <= s.start <= s.end <= n:
            bad.append(f"sections[{i}]: offsets {s.start}..{s.end} outside text of {n}")
        elif t[s.start:s.start + len(s.label)] != s.label:
            bad.append(f"sections[{i}]: label {s.label!r} is not at its start "
                       f"({t[s.start:s.start + len(s.label)]!r})")
    for i, p in enumerate(doc.parts):
        if not 0 <= p.start <= p.end <= n:
            bad.append(f"parts[{i}]: offsets {p.start}..{p.end} outside text of {n}")
    for f in doc.footnotes:
        if (f.marker_start is None) != (f.marker_end is None):
            bad.append(f"footnote {f.id}: marker_start/marker_end half set")
        elif f.marker_start is not None and f.marker_end is not None:
            if not 0 <= f.marker_start <= f.marker_end <= n:
                bad.append(f"footnote {f.id}: marker {f.marker_start}..{f.marker_end} outside")
            elif t[f.marker_start:f.marker_end] != f.marker:
                bad.append(f"footnote {f.id}: text at marker {t[f.marker_start:f.marker_end]!r}"
                           f" != {f.marker!r}")
    for name, (a, b) in doc.header.spans.items():
        if not 0 <= a <= b <= n:
            bad.append(f"header.spans[{name}]: {a}..{b} outside text of {n}")
    try:  # what every writer needs: the contract form, as UTF-8 JSON
        json.dumps(doc.to_dict(), ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError) as exc:
        bad.append(f"to_dict/JSON/UTF-8: {type(exc).__name__}: {exc}")
    return bad
