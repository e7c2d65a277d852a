"""Document numbers (số, ký hiệu): find, parse and canonicalize every family of DOMAIN §2.

Families: administrative `74/KH-BCĐ`, official letter `115/BĐBP-CT`, normative `140/2004/NĐ-CP`,
law `06/2003/QH11`, old/short `16/HĐBT`, Party `33-NQ/TW`. The canonical form drops spaces around
`/` and `-`, turns every dash into `-`, and restores the hyphen a PDF lost between a known type
code and a known organ code (`61/2018/NĐCP` -> `61/2018/NĐ-CP`, `QĐ.UB` -> `QĐ-UB`). The type and
the issuer are read from the codes through `rules/doc_types.yaml` and `rules/organs.yaml`.

The pattern is structural (digits, separators, upper-case code segments) plus the mixed-case codes
of the rules (`TTg`, `CTr`, ...); it is compiled once per Rules object.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import regex

from .rules import Entry, Rules, Schema, Section

SCHEMAS: Mapping[str, Schema] = {
    "doc_types": {
        "types": Section({"code": (str, True), "name": (str, True), "family": (str, False),
                          "party_name": (str, False), "coded": (bool, False),
                          "aliases": (list, False), "examples": (list, False),
                          "counterexamples": (list, False)}, key="code"),
    },
    "organs": {
        "organs": Section({"code": (str, True), "name": (str, True), "variants": (list, False),
                           "party": (bool, False), "party_name": (str, False),
                           "deduce": (bool, False), "old_number": (bool, False),
                           "dash_number": (bool, False),
                           "aliases": (list, False), "examples": (list, False),
                           "counterexamples": (list, False)}, key="code"),
        "organ_units": Section({"code": (str, True), "name": (str, True),
                                "units": (list, True), "examples": (list, False),
                                "counterexamples": (list, False)}, key="code"),
    },
}

FAMILIES = ("administrative", "normative", "party", "other")


@dataclass(frozen=True)
class DocNumber:
    number: str  # canonical
    raw: str
    year: int | None = None
    type_code: str | None = None
    type_name: str | None = None
    issuer_code: str | None = None
    issuer_name: str | None = None
    family: str | None = None  # administrative | normative | law | old | party | letter
    complete: bool = True  # False for `587/KH` (type code without organ): a short form
    # the issuer a reader may deduce from the code alone (`CT-TTg` -> Thủ tướng Chính phủ);
    # None for codes that do not say which organ (UBND, TW, BCĐ: `deduce: false` in organs.yaml)
    deduced_issuer: str | None = None


@dataclass
class CodeTables:
    """Type and organ codes of one Rules object, and the compiled number pattern."""

    types: dict[str, Entry] = field(default_factory=dict)  # code -> entry (coded types only)
    type_by_name: dict[str, Entry] = field(default_factory=dict)  # lower-case name -> entry
    organs: dict[str, Entry] = field(default_factory=dict)  # code or variant -> entry
    # a type code that is also an organ's code -> (organ name, the organ's unit codes)
    organ_units: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    pattern: regex.Pattern[str] | None = None
    parsed: dict[str, DocNumber] = field(default_factory=dict)  # `from_match`'s, by string


_TABLES: weakref.WeakKeyDictionary[Rules, CodeTables] = weakref.WeakKeyDictionary()

_SP = r"[ \t\u00a0]{0,3}"
_SPN = r"[ \t\u00a0\n]{0,3}"  # after a dash: a PDF line may break there (`52-` / `CT/TW`)
_DASH = r"[-‐‑–—]"


def _check_tables(rules: Rules) -> None:
    for e in rules["doc_types"].entries("types"):
        fam = e.get("family")
        if fam is not None and fam not in FAMILIES:
            from .errors import RuleError
            raise RuleError(f"{e.where}: family must be one of {', '.join(FAMILIES)}, got '{fam}'")


def tables(rules: Rules) -> CodeTables:
    """The code tables and number pattern for `rules` (built once per Rules object)."""
    t = _TABLES.get(rules)
    if t is not None:
        return t
    _check_tables(rules)
    t = CodeTables()
    for e in rules["doc_types"].entries("types"):
        t.type_by_name.setdefault(str(e["name"]).lower(), e)
        for a in e.get("aliases") or []:
            t.type_by_name.setdefault(str(a).lower(), e)
        if e.get("coded", True):
            t.types[str(e["code"])] = e
    for e in rules["organs"].entries("organs"):
        t.organs[str(e["code"])] = e
        for v in e.get("variants") or []:
            t.organs.setdefault(str(v), e)
    for e in rules["organs"].entries("organ_units"):
        t.organ_units[str(e["code"])] = (str(e["name"]), frozenset(str(u) for u in e["units"]))
    mixed = sorted({c for c in [*t.types, *t.organs] if not c.isupper()}, key=len, reverse=True)
    mixed_alt = "|".join(regex.escape(c) for c in mixed)
    seg = rf"(?:{mixed_alt}|\p{{Lu}}[\p{{Lu}}\d]*+)" if mixed_alt else r"\p{Lu}[\p{Lu}\d]*+"
    # pre-1990s numbers written `169-CP`, `200-TTg`: only organs flagged `dash_number`
    dash = sorted((c for c, e in t.organs.items() if e.get("dash_number")), key=len, reverse=True)
    dash_alt = "|".join(regex.escape(c) for c in dash) or "(?!)"
    sep = rf"(?:{_SP}{_DASH}{_SPN}|\.)"
    t.pattern = regex.compile(
        rf"""(?<![\w/.,-])(?<!\d:)(?<!\d:[ \t])
        (?P<num>\d{{1,5}}+[a-zđ]?)
        (?:
            {_SP}{_DASH}{_SPN}(?P<pcode>{seg}){_SP}/{_SP}(?P<porg>{seg}(?:{sep}{seg}){{0,4}})
          | {_SP}/{_SP}(?:(?P<year>(?:1[89]|20)\d\d){_SP}/{_SP})?
            (?P<codes>{seg}(?:(?:{sep}|{_SP}/{_SP}){seg}){{0,5}})
          | {_DASH}(?P<dorg>{dash_alt})
        )
        (?![\w/])""",
        regex.VERBOSE,
    )
    _TABLES[rules] = t
    return t


def number_pattern(rules: Rules) -> regex.Pattern[str]:
    """The compiled pattern that finds a full number in text (group `num`, `year`, codes)."""
    p = tables(rules).pattern
    assert p is not None
    return p


def _organ_key(code: str, t: CodeTables) -> str | None:
    """The organ code `code` stands for (`QH11` -> `QH`, `BDBP` -> `BĐBP`), or None."""
    if code in t.organs:
        return str(t.organs[code]["code"])
    base = code.rstrip("0123456789")
    if base and base != code and base in t.organs:
        return str(t.organs[base]["code"])
    return None


def _split_fused(seg: str, t: CodeTables) -> list[str]:
    """`NĐCP` -> [`NĐ`, `CP`] when the segment is a known type code glued to a known organ."""
    if seg in t.types or _organ_key(seg, t) is not None:
        return [seg]
    for i in range(len(seg) - 1, 0, -1):
        head, tail = seg[:i], seg[i:]
        if head in t.types and _organ_key(tail, t) is not None:
            return [head, tail]
    return [seg]


_SEG_SPLIT = regex.compile(rf"{_SP}{_DASH}{_SPN}|\.")


def _segments(codes: str, t: CodeTables) -> list[str]:
    """Code segments; only the first (type position) may be a fused `NĐCP`."""
    out: list[str] = []
    for s in _SEG_SPLIT.split(codes):
        if s:
            out.extend(_split_fused(s, t) if not out else [s])
    return out


def _type_name(code: str | None, party: bool, t: CodeTables) -> str | None:
    if code is None or code not in t.types:
        return None
    e = t.types[code]
    if party and e.get("party_name"):
        return str(e["party_name"])
    return str(e["name"])


def _organ_name(code: str | None, party: bool, t: CodeTables) -> str | None:
    key = None if code is None else _organ_key(code, t)
    if key is None:
        return None
    e = t.organs[key]
    if party and e.get("party_name"):
        return str(e["party_name"])
    return str(e["name"])


def from_match(m: regex.Match[str], rules: Rules) -> DocNumber:
    """A DocNumber from a match of `number_pattern(rules)`.

    Read once per distinct number string (per Rules object): the groups of a match are decided
    by the matched characters alone (the pattern's lookbehinds only admit the start, its final
    lookahead only the end), so a number cited again is the same DocNumber (frozen)."""
    t = tables(rules)
    raw = m.group(0)
    num = t.parsed.get(raw)
    if num is None:
        num = _deduced(_from_match(m, t), t)
        if len(t.parsed) >= _PARSED_MAX:
            t.parsed.clear()
        t.parsed[raw] = num
    return num


# distinct number strings kept per Rules object (a bound for a long batch; a document cites
# a few dozen)
_PARSED_MAX = 4096
_CODE_SEP = re.compile(r"[/\-]")


def _deduced(num: DocNumber, t: CodeTables) -> DocNumber:
    """`num` with the issuer a reader may deduce from its organ codes."""
    party = num.family == "party"
    codes = _CODE_SEP.split(num.number.split("/", 1)[1] if "/" in num.number else "")
    sure = [c for c in codes if (k := _organ_key(c, t)) is not None
            and t.organs[k].get("deduce", True)]
    if not sure:
        return num
    if num.type_code is not None and num.type_code.endswith("LT") and len(sure) > 1:
        # a joint document (Thông tư liên tịch): every issuing organ
        names = [_organ_name(c, party, t) or c for c in sure]
        return replace(num, deduced_issuer=" - ".join(dict.fromkeys(names)))
    # `15/CP-TTg`: the last organ code is the signing one
    return replace(num, deduced_issuer=_organ_name(sure[-1], party, t))


def _from_match(m: regex.Match[str], t: CodeTables) -> DocNumber:
    num = m.group("num")
    raw = m.group(0)
    if m.group("pcode") is not None:
        tcode = m.group("pcode")
        orgs = _segments(m.group("porg"), t)
        canon = f"{num}-{tcode}/{'-'.join(orgs)}"
        org = orgs[0]
        return DocNumber(canon, raw, None, tcode if tcode in t.types else None,
                         _type_name(tcode, True, t), _organ_key(org, t) or org,
                         _organ_name(org, True, t), "party", True)
    if m.group("dorg") is not None:  # `169-CP`
        org = m.group("dorg")
        return DocNumber(f"{num}-{org}", raw, None, None, None, _organ_key(org, t) or org,
                         _organ_name(org, False, t), "old", True)
    year = int(m.group("year")) if m.group("year") else None
    # old style keeps a slash between type and organ (`144/2002/QĐ/BTC`): kept as written
    groups = [_segments(g.strip(), t) for g in m.group("codes").split("/")]
    segs = [s for g in groups for s in g]
    canon = "/".join([num, *([str(year)] if year else []), *("-".join(g) for g in groups)])
    first = segs[0]
    ou = t.organ_units.get(first)
    if ou is not None and year is None and len(segs) == 2 and segs[1] in ou[1]:
        # `4567/CT-CS`: organ (Cục Thuế) then one of its units, a letter; `01/CT-TTg` is a type
        return DocNumber(canon, raw, None, None, "Công văn", first, ou[0], "letter")
    if first in t.types:
        unit: str | None = segs[1] if len(segs) > 1 else None
        fam = "normative" if year else "administrative"
        return DocNumber(canon, raw, year, first, _type_name(first, False, t),
                         None if unit is None else (_organ_key(unit, t) or unit),
                         _organ_name(unit, False, t), fam, unit is not None)
    okey = _organ_key(first, t)
    if okey is not None and year and okey == "QH" and len(segs) == 1:
        return DocNumber(canon, raw, year, "L", "Luật", okey, _organ_name(first, False, t), "law")
    if okey is not None:
        letter = len(segs) > 1 and _organ_key(segs[1], t) is None
        return DocNumber(canon, raw, year, None, "Công văn" if letter else None, okey,
                         _organ_name(first, False, t), "letter" if letter else "old")
    return DocNumber(canon, raw, year, None, None, None, None, None, True)


# spaces before a separator are read from the start of their run only, so a long run of spaces
# is not scanned again from each of its characters
_LOOSE = regex.compile(r"(?:(?<!\s)\s++)?+([/\-–—])\s*+")


def parse_number(raw: str, rules: Rules) -> DocNumber | None:
    """Canonical form of one number string (`74 /KH-BCĐ` -> `74/KH-BCĐ`); None without digits."""
    s = raw.strip().rstrip(".,;:")
    if not s[:1].isdigit():
        return None
    m = number_pattern(rules).match(s)
    if m is not None and m.end() == len(s):
        return from_match(m, rules)
    canon = _LOOSE.sub(lambda x: "-" if x.group(1) in "-–—" else "/", s)
    if not any(ch.isalpha() for ch in canon):
        return None  # digits and slashes only: a date or a fraction, not a number
    year_m = regex.search(r"/((?:19|20)\d\d)/", canon)
    return DocNumber(number=canon, raw=raw.strip(),
                     year=int(year_m.group(1)) if year_m else None)
