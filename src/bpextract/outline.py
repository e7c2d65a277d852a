"""Outline: the section tree from heading rules (rules/headings.yaml).

Levels are not looked up in a fixed table: each part's tree is built from the order in which its
heading styles nest. A style seen for the first time goes under the heading above it; a style
already open closes everything below it (a sibling). So a document that starts at `1.` has `1.`
on top, `A.` under `I.` works as well as `I.` under `A.`, and skipped levels, a `c.` among `a)`
`b)` or a jump from `2.` to `4.` leave the tree intact. Bullets (`-`, `+`, `*`) and `Một là,`
paragraphs are items of their section, given a section only when they hold something: items of
their own or a block of paragraphs they title. The header area before the first numbered heading
and everything from `Nơi nhận` / the signature on are not sections.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress, count, repeat
from operator import itemgetter, or_, sub
from typing import Any

import regex

from .errors import RuleError
from .model import Part, Section
from .rules import Entry, Rules, Schema, literal_alternation
from .rules import Section as RuleSection
from .userpatterns import (
    Matcher,
    UserPattern,
    compile_alternation,
    compile_entry,
    compile_pattern,
    user_entries,
)

SCHEMAS: Mapping[str, Schema] = {
    "headings": {
        "styles": RuleSection({"name": (str, True), "style": (str, True), "kind": (str, True),
                               "number": (str, True), "pattern": (str, True),
                               "restart": (bool, False), "examples": (list, False),
                               "counterexamples": (list, False)}, key="name"),
        "outline": RuleSection({"caps_min_letters": (int, False), "caps_max_words": (int, False),
                                "caps_max_chars": (int, False), "title_lines": (int, False),
                                "item_heading_paragraphs": (int, False),
                                "max_jump": (int, False), "max_first": (int, False),
                                "wrap_ratio": (float, False), "wrap_max_width": (int, False),
                                "wrap_min_blocks": (int, False),
                                "wrap_block_ratio": (float, False),
                                "wrap_name_heads": (list, False),
                                "ordinals": (dict, False)}, mapping=True),
        "not_headings": RuleSection({"name": (str, True), "pattern": (str, True),
                                     "examples": (list, False), "counterexamples": (list, False)},
                                    key="name"),
        "stops": RuleSection({"name": (str, True), "pattern": (str, True),
                              "examples": (list, False), "counterexamples": (list, False)},
                             key="name"),
        "article_words": RuleSection({"word": (str, True), "note": (str, False)}, key="word"),
    },
}

KINDS = ("division", "heading", "item")
CAPS = "caps"
_LOWER = regex.compile(r"\p{Ll}")
_LETTER = regex.compile(r"\p{L}")
_COLON = regex.compile(r":[ \t]++(?=\S)")
_COLON_TITLE_MAX = 80
# a full stop that ends a sentence: not in numbers (1.2), codes or abbreviations (TP. Hà Nội)
_SENTENCE_END = regex.compile(r"(?<=[\p{Ll}\d)”\"])\.[ \t]++(?=\p{Lu}\p{Ll})")
_TRAIL = " \t.;:,/"
_OPEN_END = regex.compile(r"[.;!?…][\"”’)\]]*+[ \t]*+$")
_OPEN_END_MARKS = ".;!?…"  # `_OPEN_END` read from the end of the line: its marks, its closers
_OPEN_END_CLOSERS = "\"”’)]"
_HYPHEN_END = regex.compile(r"\S-[ \t]*+$")  # `số 52-` / `CT/TW`: a code cut at its hyphen
_BARE_NUMBER = regex.compile(r"\d{1,4}+[.)]?[ \t]*+$")  # a table's row number, not title text
# a label alone on its line (`1.4.`, `Điều 1.`), in flattened web text: it titles the next
# line (`Config.alone`: with the article words of the rules)
_ALONE = r"(?:(?:{words})[ \t]+\d+|[IVXLC]+|\d+(?:\.\d+)*+)\."
_NUMBERS_ALONE = regex.compile(_ALONE.format(words="(?!)"))  # with no article words
_CLOSERS = "\"”’)]/."  # what may follow the mark that closes a line (`...).`, `2025/.`)
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_ROMAN_CHARS = "IVXLC"
_ALPHA = "abcdđefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Style:
    name: str
    style: str
    kind: str
    number: str
    pattern: Matcher
    restart: bool
    has_num: bool = False  # the pattern has a `num` group


@dataclass(frozen=True)
class Config:
    styles: tuple[Style, ...]
    any_label: Matcher
    not_headings: Matcher | None
    stops: Matcher | None
    settings: dict[str, Any]
    fast: _Fast | None = None  # joined patterns (None: a pattern is not self-contained)
    max_jump: int = 3
    max_first: int = 5
    # a line holding only one of these words takes the article number opening the next line
    article_words: frozenset[str] = frozenset()
    # the first characters (with digits) of every line `_unflatten` may change
    opening: frozenset[str] = frozenset()
    name_heads: frozenset[str] = frozenset()  # settings wrap_name_heads
    # a label alone on its line (`1.4.`, `Điều 1.`): it titles the next line
    alone: regex.Pattern[str] = _NUMBERS_ALONE


@dataclass(frozen=True)
class _Fast:
    """The heading rules' patterns joined, so that one call asks what several did.

    A branch of a joined pattern is tried only when the branches before it failed, and nothing
    follows it: anchored at a line start, the pattern matches iff one of its parts matches
    alone, and the branch that matched is the first part that does. An empty marker group
    closing a branch names it."""

    # label_from[k]: the styles k.. with their markers' group numbers
    label_from: tuple[tuple[Matcher, tuple[int, ...]], ...]
    # once a part's outline has started: a stop (its marker's group number), else the styles
    stop_or_label: tuple[Matcher, int, tuple[int, ...]] | None
    wrap_break: Matcher  # a bare number, a label or a stop: a heading's text ends before it


# what could make a pattern match otherwise inside an alternation than alone: references to
# groups (by number or name), recursion and subroutine calls, conditionals, backtracking verbs,
# fuzzy constraints (a false alarm only keeps the plain calls)
_NOT_SELF_CONTAINED = regex.compile(
    r"\\[1-9gkK]|\(\?(?:[R0-9&(]|[+\-][0-9]|P[>=])|\(\*|\{[^}]*[eisd]")
_MARKER = "_bpx_branch"


def _groups(pattern: Matcher) -> Mapping[str, int]:
    """The group numbers of a pattern by name."""
    groups: Mapping[str, int] = (pattern.pattern if isinstance(pattern, UserPattern)
                                 else pattern).groupindex
    return groups


def _fast(rules: Rules, styles: Sequence[Entry], stops: Sequence[Entry]) -> _Fast | None:
    """The joined patterns of `_Fast`, or None when a pattern might not match inside an
    alternation as it does alone (a global flag, a group taken by number, a verb)."""
    plain = regex.compile("").flags
    for e in (*styles, *stops):
        src = str(e["pattern"])
        if _NOT_SELF_CONTAINED.search(src) or _MARKER in src or regex.compile(src).flags != plain:
            return None
    users = dict(zip(map(id, styles), user_entries(rules, "headings", "styles", styles),
                     strict=True))
    users.update(zip(map(id, stops), user_entries(rules, "headings", "stops", stops),
                     strict=True))

    def join(branches: Sequence[str], entries: Sequence[Entry]) -> Matcher:
        mine = [e.where for e in entries if users[id(e)]]  # a user's: under the safety net
        return compile_pattern("|".join(branches), ", ".join(mine) or entries[0].where,
                               bool(mine))

    def markers(pattern: Matcher, names: Sequence[str]) -> tuple[int, ...]:
        return tuple(_groups(pattern)[f"{_MARKER}{n}"] for n in names)

    marked = [f"(?:{e['pattern']})(?P<{_MARKER}{j}>)" for j, e in enumerate(styles)]
    label_from = []
    for k in range(len(styles)):
        pattern = join(marked[k:], styles[k:])
        label_from.append((pattern, markers(pattern, [str(j) for j in range(k, len(styles))])))
    stop_or_label = None
    if stops:
        any_stop = "|".join(f"(?:{e['pattern']})" for e in stops)
        pattern = join([f"(?:{any_stop})(?P<{_MARKER}stop>)", *marked], [*stops, *styles])
        stop_or_label = (pattern, markers(pattern, ["stop"])[0],
                         markers(pattern, [str(j) for j in range(len(styles))]))
    wrap_break = join([f"(?:{_BARE_NUMBER.pattern})",
                       *(f"(?:{e['pattern']})" for e in (*styles, *stops))], [*styles, *stops])
    return _Fast(tuple(label_from), stop_or_label, wrap_break)


def _article_word(e: Entry) -> str:
    """An article word as a line holds it alone: no blanks around it, no line break in it."""
    word = str(e["word"])
    if not word or word != word.strip() or "\n" in word:
        raise RuleError(f"{e.where}: article word {word!r} must be a word with no blanks around "
                        "it (a line holding it alone is compared without them)")
    return word


@lru_cache(maxsize=8)
def compiled(rules: Rules) -> Config:
    """The heading rules of `rules`, compiled once per Rules object."""
    rf = rules["headings"]
    styles = []
    for e in rf.entries("styles"):
        if e["kind"] not in KINDS:
            raise RuleError(f"{e.where}: kind must be one of {', '.join(KINDS)}")
        pattern = compile_entry(rules, "headings", "styles", e, "pattern")
        groups = _groups(pattern)
        styles.append(Style(e["name"], e["style"], e["kind"], e["number"], pattern,
                            bool(e.get("restart", True)), "num" in groups))
    settings: dict[str, Any] = {
        "caps_min_letters": 4, "caps_max_words": 12, "caps_max_chars": 120, "title_lines": 3,
        "item_heading_paragraphs": 2, "max_jump": 3, "max_first": 5, "ordinals": {},
        "wrap_ratio": 0.75, "wrap_max_width": 140, "wrap_min_blocks": 8,
        "wrap_block_ratio": 0.5, "wrap_name_heads": []}
    settings.update(rf.settings.get("outline", {}))
    words = frozenset(_article_word(e) for e in rf.entries("article_words"))
    any_label = compile_alternation(rules, "headings", "styles", rf.entries("styles"), "pattern")
    if any_label is None:
        raise RuleError(f"{rf.files[0] if rf.files else 'headings.yaml'}: no heading styles")
    return Config(tuple(styles), any_label,
                  compile_alternation(rules, "headings", "not_headings",
                                      rf.entries("not_headings"), "pattern"),
                  compile_alternation(rules, "headings", "stops", rf.entries("stops"), "pattern"),
                  settings, _fast(rules, rf.entries("styles"), rf.entries("stops")),
                  int(settings["max_jump"]), int(settings["max_first"]), words,
                  frozenset(_ROMAN_CHARS) | {w[0] for w in words},
                  frozenset(w for w in settings["wrap_name_heads"] if isinstance(w, str)),
                  regex.compile(_ALONE.format(words=literal_alternation(words) or "(?!)")))


def number_of(num: str | None, kind: str, cfg: Config) -> int | None:
    """The value of a heading number written as Roman, Arabic, a letter or an ordinal word."""
    if not num:
        return None
    if num.isdigit():
        return int(num)
    if kind == "roman" and all(c in _ROMAN for c in num.upper()):
        total = 0
        vals = [_ROMAN[c] for c in num.upper()]
        for i, v in enumerate(vals):
            total += -v if i + 1 < len(vals) and vals[i + 1] > v else v
        return total
    if kind == "alpha" and len(num) == 1 and num.lower() in _ALPHA:
        return _ALPHA.index(num.lower()) + 1
    if kind == "ordinal":
        value = cfg.settings["ordinals"].get(num.lower())
        return int(value) if value is not None else None
    return None


@dataclass
class _Node:
    start: int
    line_end: int
    label: str
    style: str
    kind: str
    title: str
    parent: int | None
    open_end: bool  # the line ends without a full stop (can title a block)
    standalone: bool = True  # a paragraph of its own (a blank line follows)
    children: int = 0
    paragraphs: int = 0


@dataclass
class _Open:
    style: str
    kind: str
    node: int
    num: int | None


@dataclass
class _Scan:
    """State of one part's scan: the open styles, the numbers seen, the nodes found."""

    cfg: Config
    stack: list[_Open] = field(default_factory=list)
    last_seen: dict[str, int] = field(default_factory=dict)
    nodes: list[_Node] = field(default_factory=list)
    below: dict[str, set[str]] = field(default_factory=dict)  # styles seen under a style

    def judge(self, st: Style, num: int | None) -> tuple[int, int | None]:
        """(score, stack index it closes to): 0 = not a heading here, 3 = the next number."""
        style = st.style
        pos = None  # the index of the style's last entry, in the stack without items for a
        last = None  # heading (items never hold one); the number it holds
        if st.kind == "item":
            for i, o in enumerate(self.stack):
                if o.style == style:
                    pos, last = i, o.num
        else:
            k = -1
            for o in self.stack:
                if o.kind != "item":
                    k += 1
                    if o.style == style:
                        pos, last = k, o.num
        if num is None:
            return (2, pos)
        if not st.restart:
            last = self.last_seen.get(style)
        if last is not None and (pos is not None or not st.restart):
            if num == last + 1:
                return (3, pos)
            if last <= num <= last + self.cfg.max_jump or (num == 1 and st.restart):
                return (2, pos)
            return (0, pos)
        if not st.restart or num <= self.cfg.max_first:
            return (2, pos)
        return (0, pos)

    def place(self, st_style: str, kind: str, num: int | None, pos: int | None) -> int | None:
        """Close what the new heading closes; return its parent node index."""
        stack = self.stack
        if kind != "item":
            while stack and stack[-1].kind == "item":
                stack.pop()
        else:
            # an item that ends with a full stop holds no items of its own
            while (stack and stack[-1].kind == "item"
                   and stack[-1].style != st_style
                   and not self.nodes[stack[-1].node].open_end):
                stack.pop()
        if kind == CAPS or (kind == "division" and pos is None):
            # dividers (Phần, Chương, un-numbered all-caps lines) never nest under a numbered
            # heading: a list before the first `Chương I` ends there
            stack = self.stack = [o for o in stack if o.kind == "division"]
        elif pos is not None:
            # `pos` was computed on the stack without items; find the same entry here
            at = len(stack) - 1
            while stack[at].style != st_style:
                at -= 1
            del stack[at:]
        elif kind != "item":
            # a style that earlier held the open ones never nests under them (`Điều 6.` after
            # a `2.` whose `Điều 5.` was lost closes the `2.`)
            held = self.below.get(st_style)
            if held:
                while stack and stack[-1].style in held:
                    stack.pop()
        below = self.below
        for o in stack:
            seen = below.get(o.style)
            if seen is None:
                below[o.style] = {st_style}
            else:
                seen.add(st_style)
        parent = stack[-1].node if stack else None
        stack.append(_Open(st_style, kind, len(self.nodes), num))
        if num is not None:
            self.last_seen[st_style] = num
        return parent


def _open_end(line: str) -> bool:
    """`_OPEN_END.search(line)`: a sentence mark, closing quotes or brackets, blanks, the end.

    Read from the end of the line (a search would try every mark of a long paragraph)."""
    if line[-1:] == "\n":  # `$` also matches before a final line break (lines hold none)
        return _OPEN_END.search(line) is not None
    u = line.rstrip(" \t").rstrip(_OPEN_END_CLOSERS)
    return u != "" and u[-1] in _OPEN_END_MARKS


def _hyphen_end(line: str) -> bool:
    """`_HYPHEN_END.search(line)`, tried only where it can match: its `-` is the last character
    before the blanks that end the line."""
    return _HYPHEN_END.search(line, max(0, len(line.rstrip()) - 2)) is not None


def _closed(line: str) -> bool:
    """The line ends with `.`, `:`, `!`, `?` or `…`, then closing marks and blanks.

    Read from the end of the line: a regex search would try every dot of `......x`."""
    t = line.rstrip(" \t")
    u = t.rstrip(_CLOSERS)
    return "." in t[len(u):] or u[-1:] in (":", "!", "?", "…")


_CONTENT = itemgetter(2)  # a line's content
_FIRST = itemgetter(slice(0, 1))  # a string's first character ("" for none)
_MARK = "\x00"  # stands in for a footnote marker's characters, so offsets stay exact


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """`text` with every span's characters replaced by `_MARK` (titles drop them)."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for a, b in sorted(spans):  # slices, not a list of every character (texts of 16 MB)
        a = max(a, pos)
        if b <= a:
            continue
        out += [text[pos:a], _MARK * (b - a)]
        pos = b
    out.append(text[pos:])
    return "".join(out)


def _title(rest: str) -> str:
    """Heading text after the label: up to `: ` when a short title is followed by its text on
    the same line (`Mục đích: Nhằm ...`, not `Chánh văn phòng, Giám đốc: Sở ...`), and never past
    the first sentence of a numbered paragraph."""
    rest = rest.replace(_MARK, "").strip()
    m = _COLON.search(rest)
    if m and m.start() <= _COLON_TITLE_MAX and "," not in rest[:m.start()]:
        rest = rest[:m.start()]
    end = _SENTENCE_END.search(rest)
    if end:
        rest = rest[:end.start()]
    return rest.rstrip(_TRAIL).strip()


def _is_caps(line: str, cfg: Config, as_title: bool = False) -> bool:
    """An all-caps line: a heading on its own, or (`as_title`) the title under a label."""
    s = cfg.settings
    limit = int(s["caps_max_chars"]) * (3 if as_title else 1)
    if len(line) > limit or "|" in line or "\t" in line:
        return False
    if _LOWER.search(line):
        return False
    if len(_LETTER.findall(line)) < int(s["caps_min_letters"]):
        return False
    if not as_title and len(line.split()) > int(s["caps_max_words"]):
        return False
    return not (cfg.not_headings and cfg.not_headings.match(line))


def _lines(text: str, start: int, end: int,
           opening: frozenset[str] = frozenset()) -> tuple[list[tuple[int, int, str]], list[int]]:
    """(content start, line end, content) of every line in [start, end), and the indices of the
    lines whose content opens with a digit (`isdigit`) or a character of `opening`.

    Built by C-level maps over the split lines, no Python step per line."""
    raws = text[start:end].split("\n") if end > start else []
    if raws and not raws[-1]:
        raws.pop()  # the text ends with a line break: no line after it
    lefts = list(map(str.lstrip, raws, repeat(" \t")))
    ends = list(accumulate(map((1).__add__, map(len, raws)), initial=start - 1))  # + the breaks
    del ends[0]
    lines = list(zip(map(sub, ends, map(len, lefts)), ends, map(str.rstrip, lefts), strict=True))
    firsts = list(map(_FIRST, lefts))
    opens = list(compress(count(), map(or_, map(opening.__contains__, firsts),
                                       map(str.isdigit, firsts))))
    return lines, opens


# flattened web text: a label alone on its line (`1.4.`, `Điều 1.`) titles the next line; a
# child label glued to the end or middle of its parent's line (`2. Nâng cao ... 2.1.`,
# `III. TỔ CHỨC THỰC HIỆN 1.`) starts a line of its own
# an article word alone on its line, its number opening the next (`Điều` / `1. Công bố ...`):
# the words are rules (headings.yaml article_words)
_ARTICLE_NUMBER = regex.compile(r"\d{1,3}+[a-zđ]?\.[ \t]")
_OWN = regex.compile(r"(?:(?P<num>\d+(?:\.\d+)*+)|(?P<roman>[IVXLC]+))\.[ \t]")
_GLUED = regex.compile(r"(?<=[^\s\d.,/])[ \t]++(?P<lab>\d+(?:\.\d+)*+)\.(?=[ \t]+\p{Lu}|$)")


def _alone(line: str, cfg: Config) -> bool:
    """`cfg.alone.fullmatch(line)`, asked only of a line that opens as a label may (a digit,
    a roman letter, an article word's first letter) and ends with a full stop."""
    return line[-1:] == "." and (line[:1].isdigit() or line[:1] in cfg.opening) and \
        cfg.alone.fullmatch(line) is not None


def _glued_cuts(line: str, ls: int, le: int) -> list[tuple[int, int, str]] | None:
    """The pieces of a line that opens with a numbered label (`2. ...`) and holds its children's
    labels glued in (`... 2.1. ...`), or None when it holds none (or opens with no label)."""
    if not (line[:1].isdigit() or line[:1] in _ROMAN_CHARS):
        return None
    own = _OWN.match(line)
    if own is None:
        return None
    parent = f"{own.group('num')}." if own.group("num") else ""
    # a child's label follows a blank and opens with its parent's: none without that text
    if parent and f" {parent}" not in line and f"\t{parent}" not in line:
        return None
    cut = []
    a = 0
    for g in _GLUED.finditer(line):
        lab = g.group("lab")
        if (parent and lab.startswith(parent) and lab.count(".") == parent.count(".")) or \
                (not parent and "." not in lab):
            cut.append((ls + a, ls + g.start(), line[a:g.start()]))
            a = g.start("lab")
    if not cut:
        return None
    cut.append((ls + a, le, line[a:]))
    return cut


def _unflatten(text: str, lines: list[tuple[int, int, str]], opens: Sequence[int],
               cfg: Config) -> list[tuple[int, int, str]]:
    """Lines of flattened web text with glued child labels cut apart and lone labels joined to
    the line they title (offsets stay exact; a joined line shows its line break as a space).

    Only the lines of `opens` (see `_lines`, with `cfg.opening`) can change: `lines` is returned
    as it is when none does."""
    cuts = [(i, pieces) for i in opens
            if (pieces := _glued_cuts(lines[i][2], lines[i][0], lines[i][1])) is not None]
    if cuts:
        cut: list[tuple[int, int, str]] = []
        a = 0
        for i, pieces in cuts:
            cut += lines[a:i]
            cut += pieces
            a = i + 1
        cut += lines[a:]
        opening = cfg.opening
        opens = [i for i, x in enumerate(cut) if x[2][:1] in opening or x[2][:1].isdigit()]
    else:
        cut = lines
    joins = []
    words = cfg.article_words
    after = -1  # the line a join took as its second line
    n = len(cut)
    for i in opens:
        if i == after or i + 1 >= n:
            continue
        line = cut[i][2]
        nxt = cut[i + 1][2]
        if nxt and ((_alone(line, cfg) and not _alone(nxt, cfg))
                    or (line in words and _ARTICLE_NUMBER.match(nxt))):
            joins.append(i)
            after = i + 1
    if not joins:
        return cut
    out: list[tuple[int, int, str]] = []
    a = 0
    for i in joins:
        out += cut[a:i]
        ls, nle = cut[i][0], cut[i + 1][1]
        out.append((ls, nle, regex.sub(r"\s", " ", text[ls:nle]).rstrip()))
        a = i + 2
    out += cut[a:]
    return out


def _indent(text: str, content_start: int) -> int:
    """Width of the indentation before `content_start` (a tab counts 4)."""
    seg = text[text.rfind("\n", 0, content_start) + 1:content_start]
    return len(seg) + 3 * seg.count("\t")


@lru_cache(maxsize=256)
def _deeper(base: Style, depth: int) -> Style:
    """An item style indented `depth` steps: a ladder step of its own."""
    return dataclasses.replace(base, style=f"{base.style}>{depth}")


def _matching(line: str, first: regex.Match[str], markers: tuple[int, ...],
              cfg: Config) -> list[tuple[Style, regex.Match[str]]]:
    """Every style whose pattern matches at the start of `line`, in rule order, with its match.

    `first` is the line's match by a pattern joining all styles, `markers` the group numbers
    of its styles' markers (`_Fast`); without `cfg.fast`, by `cfg.any_label`."""
    styles = cfg.styles
    if cfg.fast is None:
        return [(st, m) for st in styles if (m := st.pattern.match(line))]
    label_from = cfg.fast.label_from
    out = []
    k = 0
    m0: regex.Match[str] | None = first
    while m0 is not None:
        # the branch that matched: its marker is the one group of them that took part
        j = k + m0.group(*markers).index("") if len(markers) > 1 else k
        m = styles[j].pattern.match(line)
        if m is None:  # cannot happen (the branch is the pattern); stay exact anyway
            return [(st, m) for st in styles if (m := st.pattern.match(line))]
        out.append((styles[j], m))
        k = j + 1
        if k == len(styles):
            break
        m0, markers = label_from[k][0].match(line), label_from[k][1]
    return out


def _best(line: str, first: regex.Match[str], markers: tuple[int, ...], scan: _Scan,
          cfg: Config, text: str,
          start: int) -> tuple[Style, regex.Match[str], int | None, int | None] | None:
    """The style this line's label belongs to, or None when it is not a heading here.

    Bullets indented deeper than bullets of the same kind are a ladder step of their own (the
    indentation before `start`, the line's content start in `text`, is measured only for them).
    Asked only of a line some style matches (`first`, `markers`: see `_matching`)."""
    best: tuple[int, Style, regex.Match[str], int | None, int | None] | None = None
    indent = -1
    for base, m in _matching(line, first, markers, cfg):
        st = base
        if base.kind == "item":
            if indent < 0:
                indent = _indent(text, start)
            if indent >= 2:
                st = _deeper(base, indent // 2)
        num = number_of(m.group("num") if base.has_num else None, st.number, cfg)
        score, pos = scan.judge(st, num)
        if score and (best is None or score > best[0]):
            best = (score, st, m, num, pos)
    return None if best is None else best[1:]


def _scan_part(text: str, part: Part, cfg: Config) -> tuple[list[_Node], int]:
    """Every heading candidate of one part (items included) and where its outline stops."""
    scan = _Scan(cfg)
    lines = _unflatten(text, *_lines(text, part.start, part.end, cfg.opening), cfg)
    started = False
    stop = part.end
    consumed: set[int] = set()
    sizes = list(map(len, map(_CONTENT, lines)))
    full = _full_width(sizes, cfg)
    blocks = _wrapped_blocks(sizes, cfg)
    prev_blank = True
    after_heading = False  # the last line with text was a heading
    prev_line = ""
    fast = cfg.fast
    label0, markers0 = (cfg.any_label, ()) if fast is None else fast.label_from[0]
    # once started, a stop is asked first: with the labels in one call when the rules allow
    stops = cfg.stops if fast is None or fast.stop_or_label is None else None
    stop_or_label = None if fast is None else fast.stop_or_label
    joined_match, stop_group, joined_markers = (None, 0, ()) if stop_or_label is None \
        else (stop_or_label[0].match, stop_or_label[1], stop_or_label[2])
    for i, (ls, le, line) in enumerate(lines):
        if not line:
            prev_blank = True
            continue
        if i in consumed:
            prev_blank, prev_line = False, line
            continue
        if started and joined_match is not None:
            first = joined_match(line)
            if first is not None and first.start(stop_group) >= 0:
                stop = ls
                break
            markers = joined_markers
        else:
            if started and stops and stops.match(line):
                stop = ls
                break
            first, markers = label0.match(line), markers0
        found = _best(line, first, markers, scan, cfg, text, ls) if first is not None else None
        if found is not None and (started or found[0].kind != "item"):
            st, m, num, pos = found
            started = True
            parent = scan.place(st.style, st.kind, num, pos)
            rest = line[m.end():]
            if not _COLON.search(rest):
                rest = _wrapped(lines, i, rest, full, blocks, consumed, cfg)
            title = _title(rest)
            if not title:
                title = _caps_title(lines, i, consumed, cfg)
            # the label as written (`Điều` / `1.` joined keeps its line break: exact offsets)
            label = text[ls + m.start("label"):ls + m.end("label")].strip()
            scan.nodes.append(_Node(ls + m.start("label"), le, label,
                                    st.style, st.kind, title, parent,
                                    not _open_end(line),
                                    i + 1 >= len(lines) or not lines[i + 1][2]))
            if parent is not None:
                scan.nodes[parent].children += 1
            prev_blank, after_heading, prev_line = False, True, line
            continue
        if started and prev_blank and _caps_heading(lines, i, prev_line, after_heading, cfg):
            parent = scan.place(CAPS, CAPS, None, None)
            scan.nodes.append(_Node(ls, le, "", CAPS, CAPS,
                                    line.replace(_MARK, "").rstrip(_TRAIL).strip(),
                                    parent, True))
            if parent is not None:
                scan.nodes[parent].children += 1
            prev_blank, after_heading, prev_line = False, True, line
            continue
        if started and scan.nodes and prev_blank:
            scan.nodes[-1].paragraphs += 1
        prev_blank, after_heading, prev_line = False, False, line
    return scan.nodes, stop


def _caps_heading(lines: Sequence[tuple[int, int, str]], i: int, prev_line: str,
                  after_heading: bool, cfg: Config) -> bool:
    """An un-numbered all-caps line standing alone between paragraphs: the text before it is
    finished (a heading, or a full stop), and the line after it is not all-caps too (a block of
    all-caps lines is a banner, a signature or a table, not a heading)."""
    if not _is_caps(lines[i][2], cfg) or cfg.any_label.match(lines[i][2]):
        return False
    if not after_heading and not _closed(prev_line):
        return False
    nxt = next((lines[k][2] for k in range(i + 1, len(lines)) if lines[k][2]), "")
    return not nxt or bool(cfg.any_label.match(nxt)) or not _is_caps(nxt, cfg)


def _full_width(sizes: Sequence[int], cfg: Config) -> int:
    """Length from which a line counts as filled up to the wrap width (0: text is not wrapped);
    `sizes` are the lengths of the lines' contents.

    Text extracted from PDFs breaks lines at a fixed width; text with one line per paragraph
    has long lines and no title ever wraps."""
    lengths = sorted(filter(None, sizes))  # lines with text
    if len(lengths) < 10:
        return 0
    width = lengths[int(len(lengths) * 0.9)]
    if width > int(cfg.settings["wrap_max_width"]):
        return 0
    return int(width * float(cfg.settings["wrap_ratio"]))


def _wrapped_blocks(sizes: Sequence[int], cfg: Config) -> bool:
    """Paragraphs are blocks of lines broken at hard line ends, with blank lines between them
    (web pages flattened to markdown keep the source's line breaks): most blocks of body text
    hold several lines, so a line followed by a line with text is a line cut short, not a
    paragraph's end. `sizes` are the lengths of the lines' contents."""
    filled = bytes(map(bool, sizes))  # 1 for a line with text: a block is a run of 1s
    blocks = filled.count(b"\x00\x01") + filled.startswith(b"\x01")
    if blocks < int(cfg.settings["wrap_min_blocks"]):
        return False
    multi = filled.count(b"\x00\x01\x01") + filled.startswith(b"\x01\x01")
    return multi >= blocks * float(cfg.settings["wrap_block_ratio"])


def _goes_on(line: str, nxt: str, full: int, blocks: bool, cfg: Config) -> bool:
    """`nxt` continues the heading text that ends with `line`: a line filled to the wrap width
    or cut at a hyphen (PDF text), a line cut after a comma, a next line that opens in lower case
    (no sentence starts there), or, inside a hard-wrapped block, an all-caps line under an
    all-caps title (`II. NỘI DUNG` / `THỰC HIỆN`). A line in capitals after a title that is not
    all-caps starts the body (`Điều 1. Phạm vi điều chỉnh` / `Thông tư này quy định ...`)."""
    if full and (len(line) >= full or _hyphen_end(line)):
        return True
    if not blocks and _open_end(line):  # `;` ends an item in one-line-per-paragraph text
        return False
    if line.rstrip()[-1:] == "," or _LOWER.match(nxt) is not None:
        return True
    words = line.rsplit(None, 1)  # the last word, not a split of the whole line
    if words and words[-1] in cfg.name_heads and nxt[:1].isupper():
        return True  # a name cut after its head word: `Giám đốc Sở` / `Dân tộc và Tôn giáo`
    return blocks and _is_caps(line, cfg, as_title=True) and _is_caps(nxt, cfg, as_title=True)


def _wrapped(lines: Sequence[tuple[int, int, str]], i: int, rest: str, full: int,
             blocks: bool, consumed: set[int], cfg: Config) -> str:
    """A heading wrapped over several lines: add the lines that go on from it."""
    line = lines[i][2]
    j = i + 1
    n = len(lines)
    pieces: list[str] = []
    tail = ""
    wrap_break = None if cfg.fast is None else cfg.fast.wrap_break
    while (j < n and not _closed(line)
           and lines[j][2] and j not in consumed
           and _goes_on(line, lines[j][2], full, blocks, cfg)):
        nxt = lines[j][2]
        if wrap_break is not None:
            if wrap_break.match(nxt):
                break
        elif (_BARE_NUMBER.match(nxt) or cfg.any_label.match(nxt)
                or (cfg.stops and cfg.stops.match(nxt))):
            break
        if not pieces:
            pieces.append(rest.rstrip())
            tail = pieces[0][-2:]  # the joined text never ends in blanks: its last 2 chars decide
        glue = "" if _HYPHEN_END.search(tail) else " "
        pieces.append(glue + nxt.strip())
        tail = (tail + pieces[-1])[-2:]
        consumed.add(j)
        line = nxt
        j += 1
        if _COLON.search(nxt):
            break
    return "".join(pieces) if pieces else rest


def _caps_title(lines: Sequence[tuple[int, int, str]], i: int, consumed: set[int],
                cfg: Config) -> str:
    """Title of a label-only heading (`Phần thứ nhất`): the all-caps lines right after it."""
    parts: list[str] = []
    j = i + 1
    while j < len(lines) and len(parts) < int(cfg.settings["title_lines"]):
        line = lines[j][2]
        if line:
            if not _is_caps(line, cfg, as_title=True) or cfg.any_label.match(line):
                break
            parts.append(line.strip())
            consumed.add(j)
        j += 1
    return " ".join(parts).replace(_MARK, "").rstrip(_TRAIL)


def _kept(nodes: Sequence[_Node], cfg: Config) -> list[bool]:
    """Items become sections only when they hold items of their own or title a block of
    paragraphs (and do not end with a full stop)."""
    need = int(cfg.settings["item_heading_paragraphs"])
    keep = []
    for n in nodes:
        if n.kind != "item":
            keep.append(True)
        else:
            keep.append(n.children > 0
                        or (n.open_end and n.standalone and n.paragraphs >= need))
    # an item kept for its children keeps its item ancestors too
    for idx in range(len(nodes) - 1, -1, -1):
        p = nodes[idx].parent
        if keep[idx] and p is not None and not keep[p]:
            keep[p] = True
    return keep


def build_outline(text: str, parts: Sequence[Part], rules: Rules,
                  markers: Sequence[tuple[int, int]] = ()) -> list[Section]:
    """Every heading of every part, as a tree (parent ids), in text order.

    `markers` are the footnote markers' spans: they stay out of titles (`Chính phủ[2]`)."""
    return _outline(text, parts, compiled(rules), markers)


def _outline(text: str, parts: Sequence[Part], cfg: Config,
             markers: Sequence[tuple[int, int]] = ()) -> list[Section]:
    """`build_outline` with the compiled rules."""
    text = _blank(text, markers)
    out: list[Section] = []
    for part in sorted(parts, key=lambda p: p.start):
        nodes, stop = _scan_part(text, part, cfg)
        keep = _kept(nodes, cfg)
        out.extend(_sections(nodes, keep, part, stop, len(out) + 1))
    return out


def _sections(nodes: Sequence[_Node], keep: Sequence[bool], part: Part, stop: int,
              first_id: int) -> list[Section]:
    """Kept nodes as Sections: ids, levels, paths and ends.

    A section's level is one below its parent's, but never above the level its style took
    earlier in the part (a `1.` directly under `Phần thứ hai` stays at the level `1.` has under
    `Phần thứ nhất`); an item style seen for the first time goes below every level seen so far.
    """
    ids: dict[int, int] = {}
    levels: dict[int, int] = {}
    paths: dict[int, str] = {}
    style_level: dict[str, int] = {}
    deepest = 0
    order = [i for i, k in enumerate(keep) if k]
    ends = _ends(nodes, order, stop)
    out = []
    for i in order:  # a parent comes before its children: its id, level and path are known
        n = nodes[i]
        parent = n.parent
        ids[i] = ident = first_id + len(ids)
        level = (levels[parent] if parent is not None else 0) + 1
        seen = style_level.get(n.style)
        if seen is not None:
            level = max(level, seen)
        else:
            if n.kind == "item":
                level = max(level, deepest + 1)
            style_level[n.style] = level
        deepest = max(deepest, level)
        levels[i] = level
        step = n.label.rstrip(".):") or n.title
        paths[i] = path = f"{paths[parent]}/{step}" if parent is not None else step
        out.append(Section(id=ident, parent=ids.get(parent) if parent is not None else None,
                           level=level, label=n.label, style=n.style, title=n.title or None,
                           path=path, start=n.start, end=ends[i], part=part.id))
    return out


def _ends(nodes: Sequence[_Node], order: Sequence[int], stop: int) -> dict[int, int]:
    """A section ends where the next section that is not inside it starts (or at the stop)."""
    ends: dict[int, int] = {}
    open_: list[int] = []  # the kept node last added and its ancestors, outermost first
    # nodes come from a stack, so a node's ancestors are all open when it starts and every
    # ancestor of a kept node is kept: close down to its parent (not a walk up the whole chain)
    for i in order:
        while open_ and open_[-1] != nodes[i].parent:
            ends[open_.pop()] = nodes[i].start
        open_.append(i)
    for i in open_:
        ends[i] = stop
    return ends
