"""The rules loader: validation with file:line errors, user folders that extend the rules."""

from __future__ import annotations

from pathlib import Path

import pytest

import bpextract
from bpextract.errors import RuleError
from bpextract.rules import SCHEMA_MODULES, Rules


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
