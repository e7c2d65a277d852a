"""Plain text and markdown: the encoding is detected, never assumed.

UTF-8 (with or without BOM) and UTF-16 (BOM, or NUL bytes in every other byte) are recognized
directly; otherwise the bytes are tried as Windows-1258 and kept only if the result reads as
Vietnamese, then as legacy TCVN3 (ABC) / VNI bytes, converted line by line (`legacy.py`) with a
warning naming the encoding. Legacy text that reached a UTF-8 file as Windows-1252 characters
(`Uû ban nh©n d©n`, what catdoc or a copy from a legacy-font document gives) is converted too.
Anything else is an InputError that says what the file seems to be, never silent mojibake.

NUL bytes: a file that is not UTF-16 but has NUL bytes is not text (a binary file renamed
.txt/.md); it is an InputError, except NUL padding at the very end, which is dropped with a
warning. UTF-16 text that decodes to NUL characters is refused the same way.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from .. import legacy
from ..errors import InputError
from . import Source, doc_id_of

_VI_LETTERS = set(
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
)
_VI_LETTERS |= {c.upper() for c in _VI_LETTERS}
_PUNCT_OK = set("–—‘’“”…•·°²³¹€№§×")  # common in real documents


def _vietnamese_share(text: str) -> float:
    """Share of non-space characters that are ASCII, Vietnamese letters or common punctuation."""
    good = bad = 0
    for ch in text:
        if ch.isspace():
            continue
        if ch.isascii() or ch in _VI_LETTERS or ch in _PUNCT_OK:
            good += 1
        else:
            bad += 1
    total = good + bad
    return 1.0 if total == 0 else good / total


def _has_vietnamese(text: str) -> bool:
    return any(ch in _VI_LETTERS and not ch.isascii() for ch in text)


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Bytes -> (text, encoding name)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: starts with a UTF-8 BOM but is not valid UTF-8 "
                             f"(byte {exc.start}); re-save it as UTF-8") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: starts with a UTF-16 BOM but is not valid UTF-16") from exc
    enc16 = _utf16_without_bom(data)
    if enc16 is not None:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: looks like UTF-16 but cannot be decoded") from exc
    if 0 in data:
        raise InputError(f"{path}: contains NUL bytes ({data.count(0)}): a binary file, not "
                         "text; open it in the program that made it and save it as text")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if "\ufffd" not in text and _has_vietnamese(text) and _vietnamese_share(text) >= 0.995:
        return data.decode("cp1258"), "cp1258"
    raw = _as_cp1252(data)
    conv, used = legacy.convert_text(raw)
    if used and _reads_as_vietnamese(conv):
        return conv, "+".join(used)
    raise InputError(
        f"{path}: cannot decode the text: it is not UTF-8, UTF-16, Vietnamese Windows-1258 or "
        "legacy TCVN3 (ABC) / VNI text; check how the file was saved"
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 has NULs in one byte of each pair (ASCII), almost none in the other."""
    if len(data) < 4 or data.count(0) <= len(data) // 4:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) // 2
    if odd >= half * 0.3 and even <= odd * 0.05:
        return "utf-16-le"
    if even >= half * 0.3 and odd <= even * 0.05:
        return "utf-16-be"
    return None


_C1_AS_1252 = {b: bytes([b]).decode("cp1252", errors="ignore") or chr(b)
               for b in range(0x80, 0xA0)}


def _as_cp1252(data: bytes) -> str:
    """Bytes as the Windows-1252 characters legacy tables are keyed on (the five bytes 1252
    leaves undefined keep their Latin-1 value)."""
    return data.decode("latin-1").translate(_C1_AS_1252)


def _reads_as_vietnamese(text: str) -> bool:
    good, bad = legacy.spelling(text)
    return good > 0 and good >= 4 * bad


def _suspect_legacy(text: str) -> bool:
    """Cheap test before the spelling test: Windows-1252 symbols and letters that are no
    Vietnamese letter, as legacy text in a UTF-8 file has them in most words."""
    n = len(_LEGACY_ONLY.findall(text))
    return n >= 3 and n * 50 >= len(_NON_ASCII.findall(text))


_LEGACY_ONLY = re.compile("[" + re.escape("".join(sorted(
    frozenset(chr(c) for c in range(0xA1, 0x100)) - _VI_LETTERS - {"×", "°", "·"}))) + "]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def _legacy_in_unicode(text: str) -> tuple[str, list[str]]:
    """UTF-8 text whose lines are legacy codes read as Windows-1252 -> converted lines."""
    if not _suspect_legacy(text):
        return text, []
    good, bad = legacy.spelling(text)
    if bad <= good // 4:
        return text, []
    conv, used = legacy.convert_text(text)
    if not used or not _reads_as_vietnamese(conv):
        return text, []
    return conv, used


def read_text_bytes(data: bytes, path: str, fmt: str) -> Source:
    warnings: list[str] = []
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or \
        _utf16_without_bom(data) is not None
    body = data if utf16 else data.rstrip(b"\0")
    if not body and data:
        raise InputError(f"{path}: contains only NUL bytes ({len(data)}): a binary file, not "
                         "text")
    if len(body) < len(data):
        warnings.append(f"{len(data) - len(body)} NUL bytes of padding at the end were dropped")
    text, encoding = decode(body, path)
    if "\0" in text:
        raise InputError(f"{path}: contains NUL characters: a binary file, not text; open it "
                         "in the program that made it and save it as text")
    if encoding in ("utf-8", "utf-8-sig"):
        text, used = _legacy_in_unicode(text)
        if used:
            encoding += "+" + "+".join(used)
    legacy_names = [n for n in encoding.split("+") if n in ("tcvn3", "vni")]
    if legacy_names:
        warnings.append(legacy.warning(legacy_names))
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return Source(path=path, format=fmt, text=text, doc_id=doc_id_of(data), encoding=encoding,
                  warnings=tuple(warnings))
