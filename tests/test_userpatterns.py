"""The safety net for a user's own patterns: an error that names the rule, never fewer records.

Shipped patterns run with no clock at all; a pattern from a rules folder runs under a timeout,
and when it fires the document fails with RuleTimeoutError naming `file:line`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

import bpextract
from bpextract import footnotes, outline, userpatterns
from bpextract.errors import RuleError, RuleTimeoutError
from bpextract.rules import Rules, get_rules

SLOW_STYLE = r"""styles:
  - name: slow
    style: slow
    kind: heading
    number: arabic
    pattern: '(?P<label>(?:x|xx)+\d)'
"""


def _rules(tmp_path: Path, name: str, body: str) -> Rules:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return Rules(tmp_path)


def test_shipped_patterns_run_bare() -> None:
    cfg = outline.compiled(get_rules())
    assert isinstance(cfg.any_label, regex.Pattern)
    assert all(isinstance(s.pattern, regex.Pattern) for s in cfg.styles)
    markers, joins = footnotes.compiled(get_rules())
    assert all(isinstance(m.marker, regex.Pattern) for m in markers)
    assert all(isinstance(j.after, regex.Pattern) for j in joins)


def test_only_the_users_entries_get_the_net(tmp_path: Path) -> None:
    cfg = outline.compiled(_rules(tmp_path, "headings.yaml", SLOW_STYLE))
    netted = [s.name for s in cfg.styles if isinstance(s.pattern, userpatterns.UserPattern)]
    assert netted == ["slow"]
    assert isinstance(cfg.any_label, userpatterns.UserPattern)
    assert cfg.any_label.where == f"{tmp_path.name}/headings.yaml:2"


def test_a_runaway_user_pattern_names_its_rule(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(userpatterns, "USER_TIMEOUT", 0.05)
    rules = _rules(tmp_path, "headings.yaml", SLOW_STYLE)
    text = "KẾ HOẠCH\n\nI. MỤC ĐÍCH\n\nNội dung.\n\n" + "x" * 60 + "\n"
    with pytest.raises(RuleTimeoutError, match=rf"{tmp_path.name}/headings.yaml:2: .*rewrite"):
        bpextract.parse_text(text, rules=rules)
    # the same document with the shipped rules alone: its sections, no error
    assert [s.label for s in bpextract.parse_text(text).sections] == ["I."]


def test_a_user_pattern_that_does_not_compile_names_its_rule(tmp_path: Path) -> None:
    rules = _rules(tmp_path, "footnotes.yaml", """markers:
  - name: star
    marker: '(?P<n>\\*{1,3}'
    body: '(?P<n>\\*{1,3}) '
""")
    # caught when the rules load (rules.py compiles every pattern), at the line of the field
    with pytest.raises(RuleError, match=rf"{tmp_path.name}/footnotes.yaml:3: 'marker' is not a "
                                        "valid pattern"):
        footnotes.compiled(rules)
