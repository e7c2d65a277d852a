"""The rules loader: validation with file:line errors, user folders that extend the rules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import bpextract
import bpextract.rules as rules_mod
from bpextract.errors import RuleError
from bpextract.rules import (
    PATTERN_FIELDS,
    SCHEMA_MODULES,
    Rules,
    any_user_rule,
    is_user_rule,
    is_user_setting,
    schema_for,
)


def test_shipped_rules_all_validate() -> None:
    assert sorted(Rules().validate_all()) == sorted(SCHEMA_MODULES)


@pytest.mark.parametrize(("content", "message"), [
    ("header:\n  motto: [A]\n  kinf: 1\n", "header.yaml:3: unknown key 'kinf'"),
    ("attachments:\n  - name: x\n    kind: appendix\n",
     "header.yaml:2: missing required key 'pattern'"),
    ("attachments:\n  - name: x\n    kind: 3\n    pattern: a\n",
     "header.yaml:3: 'kind' must be str"),
    ("nonsense:\n  - a\n", "header.yaml:1: unknown section 'nonsense'"),
    ("attachments: [\n", "header.yaml:2: invalid YAML"),
])
def test_errors_name_file_and_line(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "header.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as info:
        Rules(tmp_path)["header"]
    assert message in str(info.value)


def test_unknown_rules_file_in_user_folder(tmp_path: Path) -> None:
    (tmp_path / "unitz.yaml").write_text("version: 1\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"unitz.yaml:1: unknown rules file"):
        Rules(tmp_path)


def test_user_folder_extends_and_overrides(tmp_path: Path) -> None:
    (tmp_path / "header.yaml").write_text(
        "attachments:\n"
        "  - name: form\n    kind: bieu\n    pattern: '^BIỂU\\s+SỐ'\n"
        "  - name: annex\n    kind: annex\n    pattern: '^PHẦN\\s+ĐÍNH\\s+KÈM'\n",
        encoding="utf-8")
    rules = Rules(tmp_path)
    entries = {e["name"]: e for e in rules["header"].entries("attachments")}
    assert entries["form"]["kind"] == "bieu"  # replaced
    assert entries["form"].where == f"{tmp_path.name}/header.yaml:2"
    assert entries["annex"]["kind"] == "annex"  # added
    assert "appendix" in entries  # shipped entries kept
    text = ("KẾ HOẠCH\nViệc a\n\nI. MỤC ĐÍCH\nNội dung.\n\nNơi nhận:\n- Lưu: VT.\n\n"
            "PHẦN ĐÍNH KÈM\nDanh mục xã\n\n1. Xã A\n")
    doc = bpextract.parse_text(text, rules=rules)
    assert [p.kind for p in doc.parts] == ["main", "annex"]
    assert [p.kind for p in bpextract.parse_text(text).parts] == ["main"]


def test_attachment_rules_match_examples_not_counterexamples() -> None:
    """Each example, placed after a signature, starts a part; no counterexample does."""
    from bpextract.parts import split_parts

    rules = Rules()
    before = "KẾ HOẠCH\nViệc a\n\nNơi nhận:\n- Lưu: VT.\n\nNguyễn Văn A\n\n"
    checked = 0
    for e in rules["header"].entries("attachments"):
        for ex in e.get("examples", []):
            parts = split_parts(before + ex + "\n\nI. NỘI DUNG\n", rules)
            assert [p.kind for p in parts] == ["main", e["kind"]], (e.where, ex)
            checked += 1
        for ex in e.get("counterexamples", []):
            parts = split_parts(before + ex + "\n\nI. NỘI DUNG\n", rules)
            assert len(parts) == 1, (e.where, ex)
            checked += 1
    assert checked >= 10


def test_sentence_starting_like_a_title_is_not_a_part() -> None:
    text = ("KẾ HOẠCH\nViệc a\n\nI. MỤC ĐÍCH\nNội dung.\n\nNơi nhận:\n- Lưu: VT.\n\n"
            "Phụ lục kèm theo Kế hoạch này được gửi cho các xã biên giới trước ngày 10/3 để tổng "
            "hợp, đề nghị các xã thực hiện nghiêm túc và báo cáo đúng thời gian quy định.\n")
    assert [p.kind for p in bpextract.parse_text(text).parts] == ["main"]


# ------------------------------------------------------------------ hostile rules files


@pytest.fixture(params=["libyaml", "pure"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the libyaml reader (when installed) and with PyYAML's pure-Python one."""
    if request.param == "pure":
        monkeypatch.setattr(rules_mod, "_LOADER", yaml.SafeLoader)
    elif not hasattr(yaml, "CSafeLoader"):
        pytest.skip("libyaml is not installed")
    return str(request.param)


def _rule_error(folder: Path, name: str = "units") -> str:
    with pytest.raises(RuleError) as info:
        Rules(folder)[name]
    return str(info.value)


def test_alias_bomb_is_refused(tmp_path: Path, loader: str) -> None:
    # 9 levels of 9 aliases: a billion values once expanded
    lines = ["x:", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"  a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    (tmp_path / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = _rule_error(tmp_path)
    assert message.startswith(f"{tmp_path / 'units.yaml'}:")
    assert "aliases expand to more than 10,000 values" in message
    line = int(message.split(":")[1])
    assert 3 <= line <= 11


def test_small_aliases_still_work(tmp_path: Path, loader: str) -> None:
    (tmp_path / "units.yaml").write_text(
        "units:\n"
        "  - unit: hộ dân\n    kind: count\n    forms: &f [hộ dân, hộ gia đình]\n"
        "  - unit: hộ nghèo\n    kind: count\n    forms: *f\n", encoding="utf-8")
    entries = {e["unit"]: e for e in Rules(tmp_path)["units"].entries("units")}
    assert entries["hộ nghèo"]["forms"] == ["hộ dân", "hộ gia đình"]
    assert entries["hộ nghèo"].where == f"{tmp_path.name}/units.yaml:5"


def test_recursive_alias_is_refused(tmp_path: Path, loader: str) -> None:
    (tmp_path / "units.yaml").write_text("version: 1\nx: &a [1, *a]\n", encoding="utf-8")
    assert "units.yaml:2: alias *a refers to a value that contains it" in _rule_error(tmp_path)


def test_deep_brackets_are_a_rule_error(tmp_path: Path, loader: str) -> None:
    (tmp_path / "units.yaml").write_text(
        "version: 1\nunits: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    message = _rule_error(tmp_path)
    assert f"{tmp_path / 'units.yaml'}:2:" in message
    assert "nest" in message  # libyaml: "exceeded maximum nesting depth"; ours: "nested deeper"


def test_deep_indentation_is_a_rule_error(tmp_path: Path, loader: str) -> None:
    body = "".join(" " * i + "- \n" for i in range(1, 60))
    (tmp_path / "units.yaml").write_text("units:\n" + body, encoding="utf-8")
    assert "units.yaml:33: nested deeper than 32 levels" in _rule_error(tmp_path)


def test_oversized_rules_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rules_mod, "MAX_RULES_BYTES", 2**20)
    (tmp_path / "units.yaml").write_text("version: 1\n# " + "x" * 2**20 + "\n", encoding="utf-8")
    assert "units.yaml:1: rules file larger than 1 MiB" in _rule_error(tmp_path)


@pytest.mark.parametrize(("content", "message"), [
    ("version: 1\n---\nversion: 1\n", "units.yaml:2: a rules file holds one YAML document"),
    ("base: &b {kind: count}\nunits:\n  - <<: *b\n    unit: x\n",
     "units.yaml:3: merge keys ('<<') are not supported"),
    ("units: !!python/object:os.system {}\n", "units.yaml:1: the tag"),
    ("units:\n  - unit: x\n    unit: y\n", "units.yaml:3: duplicate key 'unit'"),
    ("units:\n  - __line__: 7\n", "units.yaml:2: reserved key '__line__'"),
    ("version: 1\nunits: *nowhere\n", "units.yaml:2:"),
    ("units:\n  - unit: x\n    kind: count\n    forms: [a]\n    factor: 0x\n",
     "units.yaml:5: 'factor' must be int"),
])
def test_yaml_oddities_name_file_and_line(tmp_path: Path, loader: str, content: str,
                                          message: str) -> None:
    (tmp_path / "units.yaml").write_text(content, encoding="utf-8")
    assert message in _rule_error(tmp_path)


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "units.yaml").write_bytes(b"version: 1\n# caf\xe9\n")
    assert "units.yaml:2: cannot read rules file (not UTF-8" in _rule_error(tmp_path)


def test_ten_thousand_user_units_load(tmp_path: Path) -> None:
    """Merging is by a key index: 10,000 entries load (it was quadratic: 32 s); the shipped
    entry `đồng` is replaced in place, the others appended in order."""
    lines = ["units:"]
    for i in range(10_000):
        lines += [f"  - unit: đơn vị {i}", "    kind: count", f"    forms: [dv{i}, đv {i}]"]
    lines += ["  - unit: đồng", "    kind: money", "    forms: [đồng, đ]"]
    (tmp_path / "units.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shipped = Rules()["units"].entries("units")
    entries = Rules(tmp_path)["units"].entries("units")
    assert len(entries) == len(shipped) + 10_000
    assert sum(e.user for e in entries) == 10_001
    assert [e["unit"] for e in entries[:len(shipped)]] == [e["unit"] for e in shipped]
    dong = entries[[e["unit"] for e in shipped].index("đồng")]
    assert dong.user and dong["forms"] == ["đồng", "đ"]
    assert dong.where == f"{tmp_path.name}/units.yaml:30002"
    assert entries[-1]["unit"] == "đơn vị 9999"
    assert entries[-1]["forms"] == ["dv9999", "đv 9999"]


# ------------------------------------------------------------------ patterns and origin

_BAD = "'^(?P<num>[IVX]+'"  # a missing `)`

_PATTERN_CASES = [
    ("headings", "styles:\n  - name: x\n    style: roman\n    kind: roman\n    number: x\n"
                 f"    pattern: {_BAD}\n", 6),
    ("headings", f"not_headings:\n  - name: x\n    pattern: {_BAD}\n", 3),
    ("headings", f"stops:\n  - name: x\n    pattern: {_BAD}\n", 3),
    ("footnotes", f"markers:\n  - name: x\n    marker: 'a'\n    body: {_BAD}\n", 4),
    ("footnotes", f"joins:\n  - name: x\n    not_before: {_BAD}\n    after: 'a'\n", 3),
    ("header", f"attachments:\n  - name: x\n    kind: annex\n    pattern: {_BAD}\n", 4),
    ("header", "header:\n  motto: [a]\n  authority_prefixes: [a]\n  body_starts: [a]\n"
               f"  recipients_label: a\n  skip_lines:\n    - '^a'\n    - {_BAD}\n", 8),
    ("references", f"named:\n  - name: x\n    types: [Luật]\n    start: 'a'\n    after: {_BAD}\n",
     5),
    ("references", f"aliases:\n  - name: x\n    pattern: {_BAD}\n", 3),
]


@pytest.mark.parametrize(("name", "content", "line"), _PATTERN_CASES)
def test_bad_user_pattern_names_file_and_line(tmp_path: Path, name: str, content: str,
                                              line: int) -> None:
    (tmp_path / f"{name}.yaml").write_text(content, encoding="utf-8")
    message = _rule_error(tmp_path, name)
    assert message.startswith(f"{tmp_path / (name + '.yaml')}:{line}: ")
    assert "is not a valid pattern: missing )" in message


def test_pattern_fields_are_in_the_schemas() -> None:
    for name, sections in PATTERN_FIELDS.items():
        schema = schema_for(name)
        for section, fields in sections.items():
            for f in fields:
                types = schema[section].fields[f][0]
                assert types in (str, list), (name, section, f)


def test_bad_pattern_makes_rules_command_exit_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from bpextract.cli import main

    (tmp_path / "headings.yaml").write_text(
        "not_headings:\n  - name: x\n    pattern: '[a-'\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["rules", str(tmp_path)])
    assert res.exit_code == 2
    assert f"{tmp_path / 'headings.yaml'}:3: 'pattern' is not a valid pattern" in res.output


def test_entries_know_their_origin(tmp_path: Path) -> None:
    (tmp_path / "headings.yaml").write_text(
        "not_headings:\n  - name: mine\n    pattern: '^Mine'\n"
        "outline:\n  max_jump: 4\n", encoding="utf-8")
    shipped = Rules()["headings"]
    assert not any_user_rule(shipped.entries("styles"))
    assert not is_user_setting(shipped, "outline", "max_jump")
    loaded = Rules(tmp_path)["headings"]
    origin = {e["name"]: is_user_rule(e) for e in loaded.entries("not_headings")}
    assert origin["mine"] is True
    assert list(origin.values()).count(True) == 1
    assert any_user_rule(loaded.entries("not_headings"))
    assert not any_user_rule(loaded.entries("styles"))
    assert is_user_setting(loaded, "outline", "max_jump")
    assert not is_user_setting(loaded, "outline", "max_first")
    assert loaded.setting("outline", "max_jump") == 4
