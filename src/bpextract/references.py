"""Legal references: documents cited by type, number, date, issuer, subject and relation.

A reference is `<type> [số] <number> [, ngày <date>] [của <issuer>] [về việc ... | “<title>”]`
(DOMAIN §3). The scan is driven by type words (`rules/doc_types.yaml`): at each one, small
anchored patterns read forward the number (full, `587/KH`, or a bare `01` = short form), the date,
the issuer (`của ...`, else deduced from the organ code) and the subject. Other rules:
- `list`: `các Quyết định số 570/QĐ-TTg ...; số 1178/QĐ-TTg ...; số 1179/QĐ-TTg ... của X` gives
  one reference per number; the issuer written after the last one applies to the whole list.
- `named-*` (`rules/references.yaml` `named`): documents cited by name (`Luật Biên giới quốc gia
  năm 2003`, `Nghị quyết Trung ương 8 (Khóa IX)`, `Luật sửa đổi, bổ sung ... của Luật X`, a type
  word with a quoted title, the plan a decision approves: `phê duyệt Kế hoạch ...`).
- `bare-number`: a full number with a known type or organ code and no type word before it
  (never the document's own `Số: ...`, never a standard's year `QCVN 07:2023/BXD`).
- `declared-alias`: `(sau đây viết gọn là Chỉ thị số 01)` right after a reference: the alias gets
  `refers_to` = that reference's number; `resolve.py` resolves the other short forms.
- `described` / `described-alias`: `Kế hoạch thực hiện ... (gọi tắt là Kế hoạch)`: the described
  document (number null) and every later bare `Kế hoạch` (a short form).
- The issuer is the `của ...` phrase (an abbreviation in brackets dropped), else the subject of
  `X ban hành <ref>` / `đề nghị của X tại <ref>`, else the organ deduced from an unambiguous code
  (`deduce: false` in organs.yaml for UBND, TW, BCĐ ...). A `Ngày d/m/y, X đã ban hành <ref>`
  clause gives the date.

Span choice: `text` runs from the type word (or `số` for a list member) through the number, date
and issuer (for a named document through its name, `năm YYYY` and date). The subject (`về việc
...` or the quoted title) is kept in `subject` but left OUTSIDE the span, so spans stay short and
do not swallow the dates and references a long subject holds; a trailing `(nay là ...)` is outside
too. One exception: a document named only by its subject (`Quyết định về việc tổ chức “...”`)
spans through the quoted title, its only name.

Work is bounded by construction, never by the clock: patterns have no nested unbounded repetition
over the same characters, look-behind windows are fixed, a line or paragraph start is looked for
only inside such a window (`rfind` bounded by it), and overlap checks use indexes instead of
comparing each match with the earlier ones. Only a pattern from a user's rules folder runs under
a time limit, and running past it fails the document with a RuleTimeoutError naming the rule.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import accumulate

import regex

from . import fastscan
from .dates import parse_date_text
from .docnumbers import DocNumber, from_match, number_pattern, tables
from .header import page_title_spans
from .model import Reference
from .rules import Entry, Rules, Schema, Section, get_rules, literal_alternation
from .userpatterns import USER_TIMEOUT, UserPattern

SCHEMAS: Mapping[str, Schema] = {
    "references": {
        "relations": Section({"relation": (str, True), "words": (list, True),
                              "examples": (list, False), "counterexamples": (list, False)},
                             key="relation"),
        "named": Section({"name": (str, True), "types": (list, True), "start": (str, True),
                          "lower": (str, False), "after": (str, False), "span": (str, False),
                          "examples": (list, False), "counterexamples": (list, False)},
                         key="name"),
        "aliases": Section({"name": (str, True), "pattern": (str, True),
                            "examples": (list, False), "counterexamples": (list, False)},
                           key="name"),
        "settings": Section({"issuer_words": (list, False), "issuer_stops": (list, False),
                             "issuer_max_words": (int, False), "name_stops": (list, False),
                             "name_max_words": (int, False),
                             "short_number_not_before": (list, False),
                             "short_without_so": (list, False),
                             "relation_reach": (int, False), "subject_leads": (list, False),
                             "lower_case_named": (list, False), "named_not_after": (list, False),
                             "subject_max_chars": (int, False)}, mapping=True),
    },
}

# seconds one call of a pattern from a user's rules folder may run (shipped patterns: no
# limit); one limit for every stage
USER_PATTERN_LIMIT = USER_TIMEOUT

_S = r"[ \t\u00a0]"  # horizontal space
# between a type word and its number: blanks, one line break, `số`, a colon, bold marks
_SO = regex.compile(r"[ \t\u00a0]{0,3}\n?[ \t\u00a0]{0,3}(?<=\s)(?:số|Số|SỐ)?[ \t\u00a0]{0,2}:?"
                    r"[ \t\u00a0]{0,3}\n?[ \t\u00a0]{0,3}\*{0,2}")


def _alt(words: list[str], cases: bool = False) -> str:
    return literal_alternation(words, cases=cases)


def _case_forms(words: list[str]) -> set[str]:
    """Each word as written, capitalised, lower-first, upper and title case (the forms of
    `literal_alternation(..., cases=True)`)."""
    forms: set[str] = set()
    for word in words:
        w = word.strip()
        if w:
            forms |= {w, w[:1].upper() + w[1:], w[:1].lower() + w[1:], w.upper(), w.title()}
    return forms


_Trie = dict[str, "_Trie"]


def _trie(forms: set[str], space: str) -> str:
    """The alternation of literal `forms` factored by common prefixes (`Nghị(?:\\ định|\\ quyết)`
    instead of one branch per word), a space matching `space`.

    The flat alternation is ordered longest first, so at a position it takes the longest form
    followed by what the caller requires. Here every branch comes before the shorter stop at the
    same node (`(?:...)?` is greedy) and, among branches, the one holding the longest form comes
    first: the same choice, found without trying each of the ~180 forms at every position
    (issue 11: the flat scan was 18 % of parse time)."""
    root: _Trie = {}
    for f in forms:
        node = root
        for ch in f:
            node = node.setdefault(ch, {})
        node[""] = {}  # a form ends here

    def longest(node: _Trie) -> int:
        return max((1 + longest(v) for k, v in node.items() if k), default=0)

    def build(node: _Trie) -> str:
        kids = sorted((k for k in node if k), key=lambda k: (-longest(node[k]), k))
        branches = [(space if k == " " else regex.escape(k)) + build(node[k]) for k in kids]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return build(root)


@dataclass(frozen=True)
class _RulePattern:
    """A pattern written in a rules file.

    A shipped pattern runs with no limit: it is linear by construction and tested on hostile
    text. A pattern from a user's rules folder runs under `USER_PATTERN_LIMIT` through
    `userpatterns.UserPattern`; past it the document fails with a RuleTimeoutError naming the
    rule (an error row, never a document with fewer records).
    """

    pattern: regex.Pattern[str]
    where: str | None = None  # file:line of a user's pattern; None for a shipped one

    def _run(self) -> regex.Pattern[str] | UserPattern:
        if self.where is None:
            return self.pattern
        return UserPattern(self.pattern, self.where, USER_PATTERN_LIMIT)

    def match(self, text: str, pos: int = 0) -> regex.Match[str] | None:
        return self._run().match(text, pos)

    def search(self, text: str) -> regex.Match[str] | None:
        return self._run().search(text)

    def finditer(self, text: str) -> Iterator[regex.Match[str]]:
        return self._run().finditer(text)


def _user_where(rules: Rules, file: str, section: str, e: Entry) -> str | None:
    """`file:line` when entry `e` comes from a user's rules folder, None when it is shipped.

    Uses the entry's own `user` flag where rules.py sets one; otherwise an entry is shipped
    when the shipped rules hold the same entry (same place, same data)."""
    flag = getattr(e, "user", None)
    if isinstance(flag, bool):
        return e.where if flag else None
    if len(rules.dirs) == 1:
        return None
    for s in get_rules(None)[file].entries(section):
        if s.where == e.where and s.data == e.data:
            return None
    return e.where


@dataclass
class _Compiled:
    type_word: regex.Pattern[str]
    # `type_word` and, in group `so`, what `_SO` matches right after it (the main scan)
    type_lead: regex.Pattern[str]
    type_scan: re.Pattern[str]  # where `type_word` may match: see `_type_words`
    number: regex.Pattern[str]
    short_number: regex.Pattern[str]
    not_before: regex.Pattern[str]
    short_types: frozenset[str]
    date: regex.Pattern[str]
    year: regex.Pattern[str]
    issuer_lead: regex.Pattern[str]
    issuer_token: regex.Pattern[str]
    issuer_stop: regex.Pattern[str]
    issuer_words: frozenset[str]
    issuer_max: int
    name_token: regex.Pattern[str]
    name_stop: regex.Pattern[str]
    name_max: int
    khoa: regex.Pattern[str]
    subject_lead: regex.Pattern[str]
    quoted: regex.Pattern[str]
    subject_max: int
    list_next: regex.Pattern[str]
    relation: regex.Pattern[str]
    relation_of: dict[str, str]
    relation_reach: int
    alias: list[tuple[str, _RulePattern]]
    named: list[tuple[str, frozenset[str], _RulePattern]]
    named_for: dict[str, list[tuple[str, _RulePattern]]]  # type word -> its `named` rules
    named_after: dict[str, _RulePattern]
    whole_start: frozenset[str]
    lower_names: dict[str, str]
    not_after: regex.Pattern[str]
    lower_named: frozenset[str]
    lower_named_initials: frozenset[str]  # the first letters of `lower_named`
    amending: regex.Pattern[str]
    header_no: regex.Pattern[str]
    type_names: dict[str, str] = field(default_factory=dict)


_CACHE: weakref.WeakKeyDictionary[Rules, _Compiled] = weakref.WeakKeyDictionary()


def _compile(rules: Rules) -> _Compiled:
    c = _CACHE.get(rules)
    if c is not None:
        return c
    rf = rules["references"]
    t = tables(rules)
    words = list(t.type_by_name)  # lower-case names and aliases
    type_names = {w: w[:1].upper() + w[1:] for w in words}
    for e in rules["doc_types"].entries("types"):
        name = str(e["name"])
        type_names[name.lower()] = name
        for a in e.get("aliases") or []:
            if str(a).lower().startswith(name.lower() + " "):
                type_names[str(a).lower()] = name  # `Thông báo kết luận` is a Thông báo
    # a PDF line may wrap inside a type word (`Nghị \nđịnh`)
    type_alt = _trie(_case_forms(words), r"[ \t\u00a0]{0,2}\n?[ \t\u00a0]{0,2}")
    st = rf.setting
    issuer_words = frozenset(str(w) for w in st("settings", "issuer_words", []))
    issuer_stops = [str(w) for w in st("settings", "issuer_stops", [])]
    name_stops = frozenset(str(w) for w in st("settings", "name_stops", []))
    not_before = [str(w) for w in st("settings", "short_number_not_before", [])]
    not_after = [str(w) for w in st("settings", "named_not_after", [])]
    leads = [str(w) for w in st("settings", "subject_leads", ["về việc", "về"])]
    rel_of: dict[str, str] = {}
    for e in rf.entries("relations"):
        for w in e["words"]:
            rel_of[str(w).lower()] = str(e["relation"])
    rel_alt = _alt(list(rel_of)).replace(r"\ ", r"\s{1,3}")
    stop_alt = _alt(list(name_stops)).replace(r"\ ", r"[ \t\u00a0\n]{1,3}")
    named = []
    for e in rf.entries("named"):
        named.append((str(e["name"]), frozenset(str(x).lower() for x in e["types"]),
                      _RulePattern(regex.compile(str(e["start"])),
                                   _user_where(rules, "references", "named", e))))
    date_alt = (r"(?P<d>\d{1,2})\s{0,3}(?i:tháng)\s{0,3}(?P<m>\d{1,2})\s{1,3}(?i:năm)\s{1,3}"
                r"(?P<y>\d{4})"
                r"|(?P<d2>\d{1,2})\s?[/.\-]\s?(?P<m2>\d{1,2})\s?[/.\-]\s?(?P<y2>\d{4})")
    not_before_alt = _alt(not_before) if not_before else "(?!)"
    c = _Compiled(
        type_word=regex.compile(rf"(?<![\w/])(?P<type>{type_alt})(?!\w)"),
        type_lead=regex.compile(rf"(?<![\w/])(?P<type>{type_alt})(?!\w)"
                                rf"(?:(?=(?P<so>{_SO.pattern})))?"),
        # no lookbehind: a pattern that opens with the trie lets `re` skip to the letters a
        # type word can start with (0.54 -> 0.42 s on 200 bench documents, 0.1 % more proposals)
        type_scan=re.compile(rf"(?:{type_alt})"),
        number=number_pattern(rules),
        short_number=regex.compile(r"(?P<num>\d{1,5}+)(?![\w/.,]\w)"),
        short_types=frozenset(str(w).lower() for w in st("settings", "short_without_so", [])),
        not_before=regex.compile(rf"{_S}{{1,3}}(?:{not_before_alt})(?!\w)"),
        date=regex.compile(
            rf"{_S}{{0,3}},?\s{{0,3}}(?:ban hành\s{{1,3}})?(?i:ngày)\s{{0,3}}:?\s{{0,3}}"
            rf"(?:{date_alt})(?!\d)"),
        year=regex.compile(rf"{_S}{{0,3}},?{_S}{{0,3}}(?:năm|Năm){_S}{{1,3}}(?P<y>(?:1[89]|20)\d\d)"
                           rf"(?!\d)"),
        issuer_lead=regex.compile(rf"{_S}{{0,3}},?\s{{0,3}}(?i:của){_S}{{1,3}}"),
        issuer_token=regex.compile(
            r"\((?:\p{Lu}[\p{Lu}\d]{1,9}|nay là[^()\n]{1,40})\)|[“\"][^”\"\n]{1,200}[”\"]"
            r"|[\w\-]+(?:/[\w\-]+)?"),
        issuer_stop=regex.compile(rf"(?i:{_alt(issuer_stops)})(?!\w)") if issuer_stops
        else regex.compile("(?!)"),
        issuer_words=issuer_words,
        issuer_max=int(st("settings", "issuer_max_words", 16)),
        name_token=regex.compile(r"[\w\-]+"),
        name_stop=regex.compile(rf"(?i:{stop_alt})(?!\w)"),
        name_max=int(st("settings", "name_max_words", 12)),
        khoa=regex.compile(rf"{_S}{{0,2}}[\(,]{_S}{{0,2}}(?:[Kk]hóa|[Kk]hoá|KHÓA){_S}{{1,2}}"
                           r"[IVXLC]+(?:\s?[,;-]\s?[IVXLC]+){0,5}\)?"),
        subject_lead=regex.compile(rf"{_S}{{0,3}},?\s{{0,2}}(?i:{_alt(leads)}){_S}{{1,3}}"),
        quoted=regex.compile(rf"{_S}{{0,3}},?\s{{0,2}}[“\"](?P<q>[^”\"\n]{{1,400}})[”\"]"),
        subject_max=int(st("settings", "subject_max_chars", 400)),
        list_next=regex.compile(rf"{_S}{{0,3}}(?:[;,]|,?{_S}{{1,3}}và){_S}{{0,3}}"
                                rf"(?:số|Số){_S}{{0,2}}:?{_S}{{0,2}}"),
        relation=regex.compile(rf"(?<!\w)(?P<rel>(?i:{rel_alt}))(?!\w)"),
        relation_of=rel_of,
        relation_reach=int(st("settings", "relation_reach", 8)),
        alias=[(str(e["name"]), _RulePattern(regex.compile(str(e["pattern"])),
                                             _user_where(rules, "references", "aliases", e)))
               for e in rf.entries("aliases")],
        named=named,
        named_for={low: [(name, start) for name, types, start in named if low in types]
                   for low in {w for _, types, _ in named for w in types}},
        whole_start=frozenset(str(e["name"]) for e in rf.entries("named")
                              if e.get("span") == "start"),
        named_after={str(e["name"]): _RulePattern(
            regex.compile(rf"(?:{e['after']})[ \t\u00a0\n]{{1,3}}$"),
            _user_where(rules, "references", "named", e))
            for e in rf.entries("named") if e.get("after")},
        not_after=regex.compile(
            rf"(?<!\w)(?:{_alt(not_after, cases=True)})(?:{_S}{{1,3}}(?:các|mới|một))?{_S}{{1,3}}$")
        if not_after else regex.compile("(?!)"),
        lower_names={str(e["name"]): str(e["lower"]) for e in rf.entries("named")
                     if e.get("lower")},
        lower_named=frozenset(str(w).lower() for w in st("settings", "lower_case_named", [])),
        lower_named_initials=frozenset(str(w).lower()[:1]
                                       for w in st("settings", "lower_case_named", [])),
        amending=regex.compile(
            r"(?i:sửa\s{1,3}đổi,?\s{1,3}bổ\s{1,3}sung)(?:[^;:.()\n“”\"]|\n(?!\n)){0,300}?"
            r"(?=\s{1,3}(?:(?:ngày|năm)\s|số\s{1,3}\d)|[;:.()“”\"]|\n\n|$)"),
        header_no=regex.compile(r"(?:(?:^|\n)[ \t*#|]{0,6}(?:Số|SỐ|số)[ \t]{0,3}:?"
                                r"|(?<!\w)(?:Số|SỐ)[ \t]{0,3}:)[ \t*]{0,3}$"),
        type_names=type_names,
    )
    _CACHE[rules] = c
    return c


@dataclass
class _Draft:
    start: int
    end: int
    type: str | None
    num: DocNumber | None = None
    number_raw: str | None = None
    short_number: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    subject: str | None = None
    rule: str = "numbered"
    list_id: int | None = None
    issuer_written: bool = False
    refers_to: str | None = None
    after: int = 0  # end of the subject (where a following alias declaration may start)
    short: bool = False  # a bare alias word (`Kế hoạch` after `(gọi tắt là Kế hoạch)`)


def _read_date(text: str, pos: int, c: _Compiled) -> tuple[str | None, int]:
    m = c.date.match(text, pos)
    if m is None:
        return None, pos
    iso = parse_date_text(m.group(0))
    if iso is None:
        return None, pos
    return iso, m.end()


# words that name a part of a document (never part of a document's or an organ's name)
_PARTS = frozenset({"điều", "khoản", "điểm", "chương", "mục", "phần", "phụ lục"})


def _skip_space(text: str, p: int) -> int:
    """Past spaces and at most one line break (a wrapped line, not a new paragraph)."""
    q = p
    newline = False
    while q < len(text) and text[q] in " \t\u00a0\n":
        if text[q] == "\n":
            if newline:
                return p
            newline = True
        q += 1
    return q


def _read_issuer(text: str, pos: int, c: _Compiled) -> tuple[str | None, int, int]:
    """`của <issuer>` at `pos`: (issuer, end of the span, where reading may go on).

    A bracketed abbreviation inside the name (`Ủy ban nhân dân (UBND) tỉnh`) is dropped from the
    issuer; a trailing bracket (`(nay là Chính phủ)`, `(BĐBP)`) is outside the span but skipped.
    """
    m = c.issuer_lead.match(text, pos)
    if m is None:
        return None, pos, pos
    p = m.end()
    taken: list[tuple[int, int]] = []
    while len(taken) < c.issuer_max:
        q = _skip_space(text, p)
        if taken and c.issuer_stop.match(text, q):
            break
        tm = c.issuer_token.match(text, q)
        if tm is None or (taken and q == p and text[q:q + 1] not in "(“\""):
            break
        tok = tm.group(0)
        if tok[0] in "(“\"":
            # a code in brackets, `(nay là ...)`, or a quoted movement name inside the name
            if tok[0] == "(" or taken:
                taken.append((tm.start(), tm.end()))
                p = tm.end()
                continue
            break
        low = tok.lower()
        if tok.isdigit() and len(tok) <= 4 and len(taken) >= 2:
            taken.append((tm.start(), tm.end()))  # `Ban Chỉ đạo 389 tỉnh`
            p = tm.end()
            continue
        if not (tok[0].isupper() or low in c.issuer_words) or low in _PARTS or (
                tok[0].isupper() and c.type_word.match(text, q)):
            break  # `của Nghị định ...`, `Điều 1 của ...`: no organ
        if low == "và":
            nxt = c.issuer_token.match(text, tm.end() + 1)
            if nxt is None or not nxt.group(0)[0].isupper():
                break
        taken.append((tm.start(), tm.end()))
        p = tm.end()
    resume = taken[-1][1] if taken else pos
    while taken:
        s, e = taken[-1]
        tok = text[s:e]
        if tok.lower() in ("và", "các", "cấp") or tok[0] in "(“\"" or tok.isdigit():
            taken.pop()
            if tok[0] != "(":
                resume = taken[-1][1] if taken else pos
            continue
        break
    if not taken:
        return None, pos, pos
    parts = [text[s:e] for s, e in taken if not text[s:e].startswith("(")]
    issuer = " ".join(" ".join(parts).split())
    return issuer, taken[-1][1], max(resume, taken[-1][1])


def _read_subject(text: str, pos: int, c: _Compiled) -> tuple[str | None, int]:
    q = c.quoted.match(text, pos)
    if q is not None:
        return q.group("q").strip(), q.end()
    m = c.subject_lead.match(text, pos)
    if m is None:
        return None, pos
    start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t,\n"))
    limit = min(len(text), m.end() + c.subject_max)
    end = m.end()
    while end < limit:
        ch = text[end]
        if ch in ";\n" or (ch == "." and (end + 1 >= len(text) or text[end + 1] in " \n")):
            break
        if ch == "(" and c.alias and any(a.match(text, end)
                                          for _, a in c.alias):
            break
        end += 1
    subject = text[start:end].strip().rstrip(",")
    return (subject or None), end


def _read_name(text: str, pos: int, c: _Compiled) -> int:
    """End of a document name that starts at `pos` (words up to a stop word or punctuation)."""
    p = pos
    count = 0
    end = pos
    while count < c.name_max:
        q = _skip_space(text, p)
        tm = c.name_token.match(text, q)
        if tm is None:
            break
        low = tm.group(0).lower()
        if count > 0 and low in _PARTS:
            break  # `Luật Doanh nghiệp\nĐiều 12`: a part of a document, not its name
        if count > 0 and c.type_word.match(text, q) is not None:
            break  # another document begins (`Kế hoạch hành động thực hiện Chỉ thị ...`)
        if low == "và" and count > 0:
            # `Luật Tổ chức HĐND và UBND` goes on; `... Việt Nam và Luật X` / `và các` stop
            nx = c.name_token.match(text, tm.end() + 1)
            if nx is not None and nx.group(0)[:1].isupper() and \
                    c.type_word.match(text, nx.start()) is None:
                count += 1
                p = tm.end()
                continue
        if count > 0 and c.name_stop.match(text, q) is not None:
            break
        count += 1
        p = tm.end()
        if any(ch.isalnum() for ch in tm.group(0)):
            end = p
    return end


def _number_at(text: str, pos: int, c: _Compiled, rules: Rules,
               with_so: bool, capital: bool, tw: str) -> tuple[DocNumber | None,
                                                                     str | None, int]:
    """A full number at `pos`, else a bare short number (`01`); (num, short, end)."""
    if not text[pos:pos + 1].isdigit():
        # both patterns open with `\d` (after lookbehinds), and `isdigit` holds for every
        # character `\d` matches: no match, decided without the two regex calls (most type
        # words in prose are not followed by a number)
        return None, None, pos
    m = c.number.match(text, pos)
    if m is not None:
        return from_match(m, rules), None, m.end()
    if with_so or capital:
        s = c.short_number.match(text, pos)
        if s is not None and not with_so and tw.lower() not in c.short_types:
            s = None  # `Dự án 2`: a numbered item, not a document
        if s is not None and (with_so or c.not_before.match(text, s.end()) is None):
            return None, s.group("num"), s.end()
    return None, None, pos


def _finish(d: _Draft, text: str, pos: int, c: _Compiled) -> int:
    """Read the date, issuer and subject after the number; returns the end of the core span."""
    date, p = _read_date(text, pos, c)
    if date is not None:
        d.date = date
    issuer, p2, resume = _read_issuer(text, p, c)
    if issuer is not None:
        d.issuer, d.issuer_written, p = issuer, True, p2
    else:
        resume = p
    if d.date is None:  # `Quyết định số 16 của HĐBT ngày ...` (date after the issuer)
        date, p3 = _read_date(text, p, c)
        if date is not None:
            d.date, p, resume = date, p3, p3
    d.end = p
    subject, after = _read_subject(text, resume, c)
    d.subject = subject
    d.after = after if subject else resume
    return p


def _numbered(text: str, m: regex.Match[str], pos: int, c: _Compiled, rules: Rules,
              list_ids: list[int]) -> list[_Draft]:
    """References that start at type word `m` (a `type_lead` match) followed by a number (one
    or a list); `pos` is the end of its group `so`, where the number may start."""
    tw = m.group("type")
    so = text[m.end():pos]
    with_so = "ố" in so or "Ố" in so
    capital = tw[0].isupper() and "\n" not in so
    num, short, end = _number_at(text, pos, c, rules, with_so, capital, tw)
    if num is None and short is None:
        return []
    tw = " ".join(tw.split())
    tname = c.type_names.get(tw.lower(), tw[:1].upper() + tw[1:])
    first = _Draft(m.start(), end, tname, num, text[pos:end], short,
                   rule="numbered" if num is not None and num.complete else "short")
    drafts = [first]
    _finish(first, text, end, c)
    # a list sharing the type: `...; số 1178/QĐ-TTg ngày ...; số 1179/QĐ-TTg ... của X`
    while True:
        nx = c.list_next.match(text, first.end if len(drafts) == 1 else drafts[-1].end)
        if nx is None:
            break
        nm = c.number.match(text, nx.end())
        if nm is None:
            break
        d = _Draft(_so_start(text, nx), nm.end(), tname, from_match(nm, rules), nm.group(0),
                   rule="list")
        _finish(d, text, nm.end(), c)
        drafts.append(d)
    if len(drafts) > 1:
        list_ids.append(len(list_ids) + 1)
        last_issuer = next((d.issuer for d in reversed(drafts) if d.issuer_written), None)
        for d in drafts:
            d.list_id = list_ids[-1]
            if d is not first:
                d.rule = "list"
            if not d.issuer_written and last_issuer is not None:
                d.issuer = last_issuer
    return drafts


def _so_start(text: str, nx: regex.Match[str]) -> int:
    """Start of `số` in a list continuation match."""
    i = text.find("số", nx.start(), nx.end())
    if i < 0:
        i = text.find("Số", nx.start(), nx.end())
    return i if i >= 0 else nx.start()


def _named(text: str, m: regex.Match[str], c: _Compiled, rules: Rules) -> _Draft | None:
    """A document cited by name (`Luật Biên giới quốc gia năm 2003`)."""
    tw = " ".join(m.group("type").split())
    low = tw.lower()
    named = c.named_for.get(low)
    if named is None:
        return None  # no rule names a document of this type (`Báo cáo`, `Thông tư`)
    after = m.end()
    if after >= len(text) or text[after] not in " \t\u00a0\n":
        return None
    pos = _skip_space(text, after)
    nxt = text[pos:pos + 1]
    # the cheap test first (most type words met in prose are lower case, and no name follows)
    if not tw[0].isupper() and not (low in c.lower_named and nxt.isupper()):
        return None  # `luật Biên phòng Việt Nam` yes, `thi hành luật` no
    if c.not_after.search(text[max(0, m.start() - 30):m.start()]):
        return None  # `xây dựng Luật ...`: a document still to be written
    if _GENERIC_LIST.search(text[max(0, m.start() - 40):m.start()]):
        return None  # `các Chỉ thị, Quyết định về ...`: type words in a list are generic
    for rule, start in named:
        sm = start.match(text, pos)
        if sm is None:
            continue
        need = c.named_after.get(rule)
        if need is not None and need.search(text[max(0, m.start() - 60):m.start()]) is None:
            continue
        mode = c.lower_names.get(rule, "never")
        if nxt.islower() and not (mode == "always" or
                                  (mode == "mid-sentence" and _mid_sentence(text, m.start()))):
            continue
        tname = c.type_names.get(low, tw)
        d = _Draft(m.start(), pos, tname, rule=f"named-{rule}")
        if rule in c.whole_start:  # `Quyết định về việc tổ chức “Ngày Biên phòng toàn dân”`
            d.end = d.after = sm.end()
            d.subject = text[pos:sm.end()]
            return d
        if text[pos] in "“\"":
            subject, end = _read_subject(text, after, c)
            if subject is None:
                return None
            d.subject, d.end, d.after = subject, m.end(), end
            return d
        am = c.amending.match(text, pos)
        end = am.end() if am is not None else _read_name(text, pos, c)
        if end <= pos:
            return None
        if _DRAFT_REVISION.match(text, end):
            return None  # `Luật Bảo hiểm y tế (sửa đổi)`: a revision still to be drafted
        kh = c.khoa.match(text, end)
        if kh is not None:
            end = kh.end()
        # `Luật Tổ chức Chính phủ số 63/2025/QH15`
        so = _SO.match(text, end)
        if so is not None and ("số" in so.group(0) or "Số" in so.group(0)):
            nm = c.number.match(text, so.end())
            if nm is not None:
                d.num, d.number_raw, end = from_match(nm, rules), nm.group(0), nm.end()
        y = c.year.match(text, end)
        if y is not None:
            d.year, end = int(y.group("y")), y.end()
        d.end = end
        _finish(d, text, end, c)
        return d
    return None


_INHERIT = regex.compile(r"[\s;,()]*(?:\([^()\n]{0,80}\)[\s;,]*)?(?:và\s*)?(?:các\s*)?")


_DRAFT_REVISION = regex.compile(r"\s{0,3}\(?(?i:sửa đổi)\)?(?!\w|,?\s{0,3}(?i:bổ sung))")
_GENERIC_LIST = regex.compile(r"(?<!\w)(?i:các|những|mọi)\s[^,;.()\n]{0,25},\s{0,2}$")


def _mid_sentence(text: str, pos: int) -> bool:
    """True when `pos` does not start a sentence, a line or a list item."""
    q = pos - 1
    while q >= 0 and text[q] in " \t\u00a0*":
        q -= 1
    return q >= 0 and text[q] not in ".!?\n:-+•"


_CLAUSE_END = re.compile(r"[;.:!?]")  # a relation word does not reach past these


def _relation(text: str, start: int, prev_core: int, prev_end: int, prev_rel: str | None,
              c: _Compiled) -> str | None:
    """The nearest relation word before `start` (after the previous reference's core) in its
    paragraph (a PDF line may wrap between relation and type), else the previous reference's
    relation when only separators lie between them, in the same paragraph."""
    # the paragraph start matters only within the 120 characters before `start`: the last
    # `\n\n` is looked for there alone
    blank = text.rfind("\n\n", max(0, start - 122), start)
    lo = max(blank + 2 if blank >= 0 else 0, prev_core, start - 120)
    window = text[lo:start]
    best: str | None = None
    for rm in c.relation.finditer(window):
        gap = window[rm.end():]
        if _CLAUSE_END.search(gap) is not None or len(gap.split()) > c.relation_reach:
            continue
        best = c.relation_of.get(" ".join(rm.group("rel").lower().split()))
    if best is not None:
        return best
    if prev_rel is not None and prev_end <= start and \
            _INHERIT.fullmatch(text, prev_end, start) and \
            text.find("\n\n", max(0, prev_end - 1), start) < 0:  # no paragraph starts between
        return prev_rel
    return None


def _bare_numbers(text: str, c: _Compiled, rules: Rules,
                  taken: list[tuple[int, int]]) -> list[_Draft]:
    """Full numbers with no type word before them, outside the spans `taken` (sorted by start).

    A number overlaps a taken span when its start or end falls inside one; the running maximum
    of the taken ends answers that with one bisect instead of a pass over every span."""
    out: list[_Draft] = []
    starts = [s for s, _ in taken]
    reach = list(accumulate((e for _, e in taken), max))

    def inside(pos: int, closed_end: bool) -> bool:
        # some span with start <= pos < end (or start < pos <= end when `closed_end`)
        i = (bisect_left(starts, pos) if closed_end else bisect_right(starts, pos)) - 1
        return i >= 0 and (reach[i] >= pos if closed_end else reach[i] > pos)

    for m in c.number.finditer(text):
        if inside(m.start(), False) or inside(m.end(), True):
            continue
        num = from_match(m, rules)
        if num.type_code is None and num.family not in ("old", "letter", "law"):
            continue
        if not num.complete:
            continue
        digits = m.group("num")
        if num.family == "old" and digits.isdecimal() and 1900 <= int(digits) <= 2100:
            continue  # `QCVN 07:2023/BXD`: the year of a standard, not a document number
        before = text[max(0, m.start() - 20):m.start()]
        if c.header_no.search(before):
            continue  # `Số: 74 /KH-BCĐ`: the document's own number
        d = _Draft(m.start(), m.end(), num.type_name, num, m.group(0), rule="bare-number")
        _finish(d, text, m.end(), c)
        out.append(d)
    return out


_ISSUED_BY = regex.compile(r"(?:đã|vừa|đã\s{1,3}chính\s{1,3}thức)?\s{0,3}ban\s{1,3}hành\s{1,3}$")
_PROPOSED_BY = regex.compile(r"(?i:đề\s{1,3}nghị|đề\s{1,3}xuất)\s{1,3}của\s{1,3}"
                             r"(?P<iss>[^;:.()\n]{3,120}?)\s{1,3}tại\s{1,3}$")
_CLAUSE_DATE = regex.compile(
    r"(?:^|[\n.;])\s{0,3}(?:Ngày|ngày)\s{1,3}(?P<d>[\d/.\-]{6,10}|\d{1,2}\s{0,3}tháng\s{1,3}\d{1,2}"
    r"\s{1,3}năm\s{1,3}\d{4}),")


def _issued_by(d: _Draft, text: str, lo: int, c: _Compiled) -> None:
    """`UBND tỉnh ban hành Công văn số 338/CV-UBND`: the subject of `ban hành` is the issuer;
    `Ngày 09/01/2015, Thủ tướng ... đã ban hành Chỉ thị ...`: that date is the reference's."""
    # the words before the reference on its line, at most 200 characters back
    window = text[max(lo, text.rfind("\n", max(0, d.start - 200), d.start) + 1,
                      d.start - 200):d.start]
    pm = _PROPOSED_BY.search(window)
    if pm is not None and not d.issuer_written:
        # `Xét đề nghị của Sở Nông nghiệp ... tại Tờ trình số 66/TTr-SNN`
        d.issuer, d.issuer_written = " ".join(pm.group("iss").split()), True
    bm = _ISSUED_BY.search(window)
    if bm is None:
        return
    head = window[:bm.start()].rstrip()
    tokens = head.split(" ")
    name: list[str] = []
    while tokens and len(name) < c.issuer_max:
        tok = tokens[-1]
        if not tok or tok.endswith((",", ";", ":", ".")):
            break
        if not (tok[0].isupper() or tok.lower() in c.issuer_words):
            break
        name.insert(0, tokens.pop())
    while name and name[0].lower() in ("và", "các", "cấp"):
        name.pop(0)
    if name and not d.issuer_written:
        d.issuer, d.issuer_written = " ".join(name), True
    if d.date is None:
        dm = _CLAUSE_DATE.search(window)
        if dm is not None:
            d.date = parse_date_text(dm.group("d"))


def _to_reference(d: _Draft, text: str, relation: str | None) -> Reference:
    num = d.num
    year = d.year
    if num is not None and num.year:
        year = num.year
    if year is None and d.date:
        year = int(d.date[:4])
    issuer = d.issuer if d.issuer else (num.deduced_issuer if num is not None else None)
    typ = d.type if d.type else (num.type_name if num is not None else None)
    short = (d.short or (num is None and d.short_number is not None)
             or (num is not None and not num.complete))
    number = num.number if num is not None else d.short_number
    return Reference(
        text=text[d.start:d.end], start=d.start, end=d.end, type=typ, number=number,
        number_raw=d.number_raw, year=year, date=d.date, issuer=issuer, subject=d.subject,
        relation=relation, short_form=short, refers_to=d.refers_to, rule=d.rule,
    )


def _type_words(text: str, c: _Compiled) -> Iterator[regex.Match[str]]:
    """The matches of `c.type_lead.finditer(text)` (those of `c.type_word`, each with what
    follows it in group `so`): `type_scan` (the same trie, no lookbehind, no lookahead)
    proposes, `type_lead` decides (`fastscan`)."""
    return fastscan.finditer(c.type_scan, c.type_lead, text)


def find_references_checked(text: str, rules: Rules) -> tuple[list[Reference], list[str]]:
    """Every reference in `text` (offsets into `text`), in text order, plus warnings (none
    today: nothing is cut short, so there is nothing to warn about; the pair is the stages'
    common interface)."""
    c = _compile(rules)
    drafts: list[_Draft] = []
    list_ids: list[int] = []
    pos = 0
    for m in _type_words(text, c):
        start = m.start()
        if start < pos:
            continue
        at = m.end("so")  # -1: `_SO` does not match after the type word
        if at >= 0 and text[at:at + 1].isdigit():
            found = _numbered(text, m, at, c, rules, list_ids)
        else:
            # no number follows (`_number_at` tests the same character first); most type
            # words met in prose are lower case, and a lower-case one names a document only
            # when it is a `lower_case_named` word (`_named` tests that first)
            found = []
            first = text[start]
            if not first.isupper() and (
                    first.lower()[:1] not in c.lower_named_initials
                    or " ".join(m.group("type").split()).lower() not in c.lower_named):
                continue
        if not found:
            named = _named(text, m, c, rules)
            found = [named] if named is not None else []
        if found:
            drafts += found
            pos = found[-1].end
    taken = sorted((d.start, d.end) for d in drafts)
    drafts += _bare_numbers(text, c, rules, taken)
    own = {a for a, _ in page_title_spans(text, rules)}
    if own:  # a portal's page-title line opens with the document itself
        drafts = [d for d in drafts if d.start not in own]
    drafts.sort(key=lambda d: d.start)
    _declared_aliases(text, drafts, c)
    drafts = _described(text, drafts, c)
    prev = 0
    for d in drafts:
        _issued_by(d, text, prev, c)
        prev = max(d.after, d.end)
    out: list[Reference] = []
    prev_core, prev_end, prev_rel = 0, 0, None
    lists: dict[int, str | None] = {}
    for d in drafts:
        if d.list_id is not None and d.list_id in lists:
            rel = lists[d.list_id]
        else:
            rel = _relation(text, d.start, prev_core, prev_end, prev_rel, c)
            if d.list_id is not None:
                lists[d.list_id] = rel
        out.append(_to_reference(d, text, rel))
        bracket = _INHERIT.fullmatch(text, prev_end, d.start) is not None
        if rel is not None or not bracket:
            prev_rel = rel  # a bracketed repeat `(Chỉ thị số 01/CT-TTg)` passes the relation on
        prev_core, prev_end = d.end, max(d.after, d.end)
    return out, []


def _declared_aliases(text: str, drafts: list[_Draft], c: _Compiled) -> None:
    """`(sau đây viết gọn là Chỉ thị số 01)`: the alias refers to the reference before it."""
    for i, d in enumerate(drafts[:-1]):
        if d.num is None or not d.num.complete:
            continue
        gap_start = d.after
        nxt = drafts[i + 1]
        if nxt.start - gap_start > 60:
            continue
        seg = text[gap_start:nxt.start]
        for name, pat in c.alias:
            am = pat.search(seg)
            if am is not None and not seg[:am.start()].strip(" \t\n,;"):
                nxt.refers_to = d.num.number
                nxt.rule = name
                break


_BLANK = regex.compile(r"\s")
_GAP = regex.compile(r"\s{1,4}+")
_TOKEN = regex.compile(r"\S{1,500}+")


class _Phrases:
    """Every place a description repeats (its words joined by 1-3 blanks), found through an
    index instead of one scan of the whole text per description.

    A match of words w1 ... wk starts where w1 is followed by a blank, continues through the
    whole words w2 ... w(k-1), each after 1-3 blanks, and ends inside a word starting with wk.
    The words after each use of w1 are read once; the uses are grouped by their first k-1
    words once per (w1, k); a description then looks up its own group only.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.uses: dict[str, list[int]] = {}
        self.chains: dict[int, tuple[list[tuple[str, int]], int]] = {}
        self.groups: dict[tuple[str, int],
                          dict[tuple[str, ...], list[tuple[int, str, int]]]] = {}

    def _uses(self, w1: str) -> list[int]:
        got = self.uses.get(w1)
        if got is None:
            got = []
            i = self.text.find(w1)
            while i >= 0:
                if _BLANK.match(self.text, i + len(w1)):
                    got.append(i)
                i = self.text.find(w1, i + 1)
            self.uses[w1] = got
        return got

    def _chain(self, pos: int, w1: str, k: int) -> list[tuple[str, int]]:
        """The words from `pos` (w1 first) with their offsets, read up to `k` of them and kept
        for longer asks; an empty last word marks where the chain stops (a gap of 0 or 4+
        blanks)."""
        chain, q = self.chains.get(pos, ([(w1, pos)], pos + len(w1)))
        while len(chain) < k and chain[-1][0]:
            gap = _GAP.match(self.text, q)
            tok = _TOKEN.match(self.text, gap.end()) if gap is not None and \
                gap.end() - q <= 3 else None
            chain.append((tok.group(0), tok.start()) if tok is not None else ("", q))
            q = tok.end() if tok is not None else q
        self.chains[pos] = (chain, q)
        return chain

    def spans(self, words: list[str]) -> Iterator[tuple[int, int]]:
        """(start, end) of each match of `words`, left to right and not overlapping, as
        `regex.finditer` of the words joined by `\\s{1,3}` gives them."""
        if len(words) < 2:
            pattern = regex.compile(r"\s{1,3}".join(regex.escape(w) for w in words))
            yield from (m.span() for m in pattern.finditer(self.text))
            return
        w1, k = words[0], len(words)
        groups = self.groups.get((w1, k))
        if groups is None:
            groups = {}
            for p in self._uses(w1):
                chain = self._chain(p, w1, k)
                if len(chain) >= k and chain[k - 1][0]:
                    middle = tuple(w for w, _ in chain[1:k - 1])
                    groups.setdefault(middle, []).append((p, *chain[k - 1]))
            self.groups[(w1, k)] = groups
        last = 0
        for p, tail, at in groups.get(tuple(words[1:-1]), []):
            if p >= last and tail.startswith(words[-1]):
                last = at + len(words[-1])
                yield p, last


_ALIAS_TEXT = regex.compile(r"\s{1,3}\*?(?P<alias>[^()\n*]{2,60}?)\*?\s{0,2}\)")
_SENTENCE_END = regex.compile(r"[.;:!?\n]")


def _described(text: str, drafts: list[_Draft], c: _Compiled) -> list[_Draft]:
    """A document named by a description and given a bare alias:
    `Phê duyệt Kế hoạch thực hiện quy hoạch ... (gọi tắt là Kế hoạch)`. The description is a
    reference (number null), so is the same description elsewhere, and every later capitalised
    alias word is a short form of it."""
    out = list(drafts)
    if not c.alias:
        return out
    occupied: bytearray | None = None  # one byte per character: 1 inside a reference
    starts = {d.start for d in drafts}
    scanned: set[str] = set()  # descriptions already looked for in the whole text
    phrases = _Phrases(text)
    bare_from: dict[str, int] = {}  # alias word -> lowest offset its later uses were read from

    def take(s: int, e: int) -> None:
        assert occupied is not None
        occupied[s:e] = b"\x01" * (e - s)
        starts.add(s)

    def free(s: int, e: int) -> bool:
        assert occupied is not None
        return occupied.find(1, s, e) < 0

    def add(s: int, e: int, tname: str, rule: str) -> None:
        out.append(_Draft(s, e, tname, rule=rule, after=e, short=rule == "described-alias"))
        take(s, e)

    for _, pat in c.alias:
        for am in pat.finditer(text):
            at = _ALIAS_TEXT.match(text, am.end())
            if at is None:
                continue
            alias = at.group("alias").strip()
            tm = c.type_word.fullmatch(alias)
            if tm is None or not alias[0].isupper():
                continue  # only a bare type word (`Kế hoạch`); numbered aliases are handled above
            head = text[max(0, am.start() - 400):am.start()]
            cut = max((m.end() for m in _SENTENCE_END.finditer(head)), default=0)
            head_start = am.start() - len(head) + cut
            hits = [m for m in c.type_word.finditer(text, head_start, am.start())
                    if m.group(0) == alias]
            if not hits:
                continue
            start = hits[-1].start()
            end = start + len(text[start:am.start()].rstrip())
            if end - start <= len(alias) + 3:
                continue
            if occupied is None:
                occupied = bytearray(len(text))
                for d in drafts:
                    occupied[d.start:d.end] = b"\x01" * (d.end - d.start)
            tname = c.type_names.get(alias.lower(), alias)
            desc = text[start:end]
            if free(start, end):
                add(start, end, tname, "described")
            elif start not in starts:
                continue  # the words before the alias belong to another reference
            # the same description elsewhere: whole where it repeats, else its first 8 words.
            # A description already looked for is skipped: every place it was found then is
            # taken now, so a second look could add nothing.
            for n_words in (len(desc.split()), 8):
                key = " ".join(desc.split()[:n_words])
                if key in scanned:
                    continue
                scanned.add(key)
                for ms, me in phrases.spans(key.split()):
                    if free(ms, me):
                        add(ms, me, tname, "described")
            # later uses of the alias word; those at or past `bare_from` were read already
            bare = regex.compile(rf"(?<!\w){regex.escape(alias)}(?!\w)(?!\s{{1,3}}(?:số|này|\d))")
            stop = bare_from.get(alias, len(text) + 1)
            if am.end() >= stop:
                continue
            bare_from[alias] = am.end()
            for m in bare.finditer(text, am.end()):
                if m.start() >= stop:
                    break
                if free(m.start(), m.end()):
                    add(m.start(), m.end(), tname, "described-alias")
    out.sort(key=lambda d: d.start)
    return out


def find_references(text: str, rules: Rules) -> list[Reference]:
    """Every reference in `text` (offsets into `text`), in text order."""
    return find_references_checked(text, rules)[0]


__all__ = ["find_references", "find_references_checked"]
