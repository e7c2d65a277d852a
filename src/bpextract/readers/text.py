"""Plain text and markdown: the encoding is detected, never assumed.

UTF-8 (with or without BOM) and UTF-16 (BOM, or NUL-byte pattern) are recognized directly;
otherwise the bytes are tried as Windows-1258 and kept only if the result reads as Vietnamese.
Anything else is an InputError that says what the file seems to be, never silent mojibake.
"""

from __future__ import annotations

import codecs
import unicodedata

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
    if len(data) >= 4 and data.count(0) > len(data) // 4:
        # UTF-16 without BOM: NULs in every other byte
        enc = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: looks like UTF-16 but cannot be decoded") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    if "\ufffd" not in text and _has_vietnamese(text) and _vietnamese_share(text) >= 0.995:
        return data.decode("cp1258"), "cp1258"
    raise InputError(
        f"{path}: cannot decode the text: it is not UTF-8, UTF-16 or Vietnamese Windows-1258 "
        "(legacy TCVN3/ABC or VNI text must be converted to Unicode first, e.g. with UniKey)"
    )


def read_text_bytes(data: bytes, path: str, fmt: str) -> Source:
    text, encoding = decode(data, path)
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return Source(path=path, format=fmt, text=text, doc_id=doc_id_of(data), encoding=encoding)
