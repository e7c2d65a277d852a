"""The outline's fast paths (issue 11) give what the plain ones gave, and its article words are
rules: the joined patterns against one call per pattern, the lines `_unflatten` changes found
while splitting against the old line-by-line pass, the end-of-line readers against their
regexes; each on real text, with concrete values pinned."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex
from tests.conftest import CORPUS, FIXTURES, bench_texts

from bpextract import outline
from bpextract.errors import RuleError
from bpextract.model import Part
from bpextract.outline import build_outline, compiled
from bpextract.rules import Rules, get_rules

RULES = get_rules()


def _texts(bench: int = 30) -> Iterator[str]:
    for p in sorted(CORPUS.glob("*.txt")):
        yield p.read_text(encoding="utf-8")
    for p in sorted((FIXTURES / "mdweb").glob("*.md")):
        yield p.read_text(encoding="utf-8")
    yield from bench_texts(bench)


def _whole(text: str) -> list[Part]:
    return [Part(0, "main", None, 0, len(text))]


# ------------------------------------------------------- joined patterns = one call per pattern

def test_joined_patterns_give_what_each_pattern_gave_on_real_text() -> None:
    cfg = compiled(RULES)
    assert cfg.fast is not None  # the shipped patterns are self-contained
    plain = dataclasses.replace(cfg, fast=None)
    sections = 0
    for text in _texts():
        got = outline._outline(text, _whole(text), cfg)
        assert got == outline._outline(text, _whole(text), plain)
        sections += len(got)
    assert sections > 2000


def test_first_matching_style_named_by_its_branch() -> None:
    cfg = compiled(RULES)
    assert cfg.fast is not None
    names = [st.name for st in cfg.styles]
    for line, want in [("I. MỤC ĐÍCH", ["roman", "upper_alpha"]), ("1.2. Kết quả", ["arabic_2"]),
                       ("- Tuyên truyền;", ["dash"]), ("Điều 3. Hiệu lực", ["article"]),
                       ("c) Xây dựng", ["lower_alpha"]), ("Một là, triển khai", ["ordinal_item"])]:
        pattern, markers = cfg.fast.label_from[0]
        first = pattern.match(line)
        assert first is not None
        got = outline._matching(line, first, markers, cfg)
        assert [names[cfg.styles.index(st)] for st, _ in got] == want, line
        assert [m.span("label") for _, m in got] == [
            st.pattern.match(line).span("label") for st, _ in got]  # type: ignore[union-attr]


def test_a_stop_is_asked_before_the_labels() -> None:
    cfg = compiled(RULES)
    assert cfg.fast is not None and cfg.fast.stop_or_label is not None
    pattern, stop_group, _ = cfg.fast.stop_or_label
    for line, stop in [("Nơi nhận:", True), ("KT. CHỦ TỊCH", True), ("1. Mục đích", False)]:
        m = pattern.match(line)
        assert m is not None and (m.start(stop_group) >= 0) is stop, line
    assert pattern.match("Nội dung") is None


def _user_rules(tmp_path: Path, yaml_text: str) -> Rules:
    (tmp_path / "headings.yaml").write_text(yaml_text, encoding="utf-8")
    return Rules(tmp_path)


def test_a_pattern_that_is_not_self_contained_keeps_the_plain_calls(tmp_path: Path) -> None:
    # a global flag would reach every branch of a joined pattern: no joins, same outline
    rules = _user_rules(tmp_path, """
styles:
  - name: clause
    style: clause
    kind: heading
    number: arabic
    pattern: '(?i)(?P<label>khoản[ \\t]++(?P<num>\\d{1,2}+)\\.)(?=[ \\t]++\\S)'
""")
    cfg = compiled(rules)
    assert cfg.fast is None
    text = ("KẾ HOẠCH\n\nI. MỤC TIÊU\n\nKHOẢN 1. Phạm vi\n\nNội dung.\n\nKhoản 2. Đối tượng\n\n"
            "- Cán bộ;\n")
    got = [(s.label, s.style, s.level) for s in build_outline(text, _whole(text), rules)]
    assert got == [("I.", "roman", 1), ("KHOẢN 1.", "clause", 2), ("Khoản 2.", "clause", 2)]


# ------------------------------------------- lines changed by _unflatten = the old full pass

def _old_unflatten(text: str, lines: list[tuple[int, int, str]],
                   cfg: outline.Config) -> list[tuple[int, int, str]]:
    """`_unflatten` as it was before the lines it changes were found while splitting."""
    def alone(line: str) -> bool:
        return cfg.alone.fullmatch(line) is not None

    cut: list[tuple[int, int, str]] = []
    for ls, le, line in lines:
        own = outline._OWN.match(line)
        if own is None:
            cut.append((ls, le, line))
            continue
        parent = f"{own.group('num')}." if own.group("num") else ""
        a = 0
        for g in outline._GLUED.finditer(line):
            lab = g.group("lab")
            if (parent and lab.startswith(parent) and lab.count(".") == parent.count(".")) or \
                    (not parent and "." not in lab):
                cut.append((ls + a, ls + g.start(), line[a:g.start()]))
                a = g.start("lab")
        cut.append((ls + a, le, line[a:]))
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(cut):
        ls, le, line = cut[i]
        nxt = cut[i + 1][2] if i + 1 < len(cut) else ""
        if nxt and ((alone(line) and not alone(nxt))
                    or (line in cfg.article_words and outline._ARTICLE_NUMBER.match(nxt))):
            nle = cut[i + 1][1]
            out.append((ls, nle, regex.sub(r"\s", " ", text[ls:nle]).rstrip()))
            i += 2
            continue
        out.append((ls, le, line))
        i += 1
    return out


def _old_blocks(lines: list[tuple[int, int, str]], cfg: outline.Config) -> tuple[int, bool]:
    lengths = sorted(len(x[2]) for x in lines if x[2])
    full = 0
    if len(lengths) >= 10:
        width = lengths[int(len(lengths) * 0.9)]
        if width <= int(cfg.settings["wrap_max_width"]):
            full = int(width * float(cfg.settings["wrap_ratio"]))
    sizes: list[int] = []
    run = 0
    for _, _, line in lines:
        if line:
            run += 1
        elif run:
            sizes.append(run)
            run = 0
    if run:
        sizes.append(run)
    blocks = len(sizes) >= int(cfg.settings["wrap_min_blocks"]) and \
        sum(1 for n in sizes if n > 1) >= len(sizes) * float(cfg.settings["wrap_block_ratio"])
    return full, blocks


def test_unflatten_and_line_measures_equal_the_old_passes_on_real_text() -> None:
    cfg = compiled(RULES)
    changed = 0
    for text in _texts():
        lines, opens = outline._lines(text, 0, len(text), cfg.opening)
        got = outline._unflatten(text, lines, opens, cfg)
        want = _old_unflatten(text, lines, cfg)
        assert got == want
        changed += got != lines
        sizes = [len(x[2]) for x in got]
        assert (outline._full_width(sizes, cfg), outline._wrapped_blocks(sizes, cfg)) == \
            _old_blocks(got, cfg)
    assert changed >= 2  # the flattened web pages have glued and lone labels


def test_glued_child_labels_and_lone_labels() -> None:
    cfg = compiled(RULES)
    text = ("2. Nâng cao chất lượng 2.1. Tuyên truyền 2.2. Kiểm tra\n1.4.\nKết quả thực hiện\n"
            "ĐIỀU 5.\nHiệu lực thi hành\n")
    lines, opens = outline._lines(text, 0, len(text), cfg.opening)
    assert opens == [0, 1, 3]
    got = outline._unflatten(text, lines, opens, cfg)
    assert [x[2] for x in got] == ["2. Nâng cao chất lượng", "2.1. Tuyên truyền",
                                   "2.2. Kiểm tra", "1.4. Kết quả thực hiện",
                                   "ĐIỀU 5. Hiệu lực thi hành"]
    assert all(text[a:b].replace("\n", " ") == s for a, b, s in got)


# ------------------------------------------------------- end-of-line readers = their regexes

_EDGES = ["", " ", "abc.", "abc. ", "abc.\t", 'abc.")', 'abc." )', "abc.\n", "abc;\n ", "a…",
          "a.\xa0", "a)", "số 52-", "số 52- ", "52-\n", "x-\xa0", "-", " -", "a--", "a -"]


def test_end_of_line_readers_equal_their_regexes() -> None:
    lines = [ln for text in _texts(10) for ln in text.split("\n")] + _EDGES
    for line in lines:
        assert outline._open_end(line) is (outline._OPEN_END.search(line) is not None), line
        assert outline._hyphen_end(line) is (outline._HYPHEN_END.search(line) is not None), line


# ------------------------------------------------------------------------- article words

def test_article_words_are_the_rules_list() -> None:
    words = [e["word"] for e in RULES["headings"].entries("article_words")]
    assert words == ["Điều", "ĐIỀU"]
    cfg = compiled(RULES)
    assert cfg.article_words == frozenset(words)
    assert cfg.alone.fullmatch("ĐIỀU 5.") and cfg.alone.fullmatch("Điều 12.")
    assert not cfg.alone.fullmatch("Khoản 2.")


_LAW = ("LUẬT\nTHỦY LỢI\n\nChương I\nNHỮNG QUY ĐỊNH CHUNG\n\nMục\n1. PHẠM VI VÀ ĐỐI TƯỢNG\n\n"
        "Điều\n1. Phạm vi điều chỉnh\nLuật này quy định về điều tra cơ bản, chiến lược, quy "
        "hoạch thủy lợi.\n\nĐiều\n2. Giải thích từ ngữ\nTrong Luật này, các từ ngữ dưới đây được "
        "hiểu như sau:\n")


def test_a_user_article_word_joins_its_number_line(tmp_path: Path) -> None:
    shipped = [(s.label, s.style, s.level, s.title)
               for s in build_outline(_LAW, _whole(_LAW), RULES)]
    assert shipped == [
        ("Chương I", "chapter", 1, "NHỮNG QUY ĐỊNH CHUNG"),
        ("1.", "arabic", 2, "PHẠM VI VÀ ĐỐI TƯỢNG"),
        ("Điều\n1.", "article", 3, "Phạm vi điều chỉnh"),
        ("Điều\n2.", "article", 3, "Giải thích từ ngữ")]
    # `Mục` added by a user's folder: its line takes the number below, as `Điều` does
    rules = _user_rules(tmp_path, "article_words:\n  - word: Mục\n")
    assert compiled(rules).article_words == frozenset({"Điều", "ĐIỀU", "Mục"})
    got = [(s.label, s.style, s.level, s.start, s.end)
           for s in build_outline(_LAW, _whole(_LAW), rules)]
    mark = _LAW.index("Mục")
    assert got == [
        ("Chương I", "chapter", 1, _LAW.index("Chương"), len(_LAW)),
        ("Mục\n1", "section", 2, mark, len(_LAW)),
        ("Điều\n1.", "article", 3, _LAW.index("Điều"), _LAW.rindex("Điều")),
        ("Điều\n2.", "article", 3, _LAW.rindex("Điều"), len(_LAW))]


@pytest.mark.parametrize(("entry", "message"), [
    ("  - word: ' Điều'\n", "headings.yaml:3: article word ' Điều' must be a word"),
    ("  - word: ''\n", "headings.yaml:3: article word '' must be a word"),
    ("  - note: no word\n", "headings.yaml:3: missing required key 'word'"),
    ("  - word: Điều\n    kind: article\n", "headings.yaml:4: unknown key 'kind'"),
])
def test_article_word_errors_name_file_and_line(tmp_path: Path, entry: str,
                                                message: str) -> None:
    (tmp_path / "headings.yaml").write_text("# user words\narticle_words:\n" + entry,
                                            encoding="utf-8")
    with pytest.raises(RuleError, match=regex.escape(message)):
        compiled(Rules(tmp_path))
