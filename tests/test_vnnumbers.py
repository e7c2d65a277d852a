"""Vietnamese number reading: `.` groups thousands, `,` marks decimals; malformed is not guessed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bpextract.vnnumbers import NUMBER_RE, plain_value, read_number, scaled


@pytest.mark.parametrize(("token", "expected"), [
    ("480", 480),
    ("14.209", 14209),
    ("327.900.000", 327900000),
    ("97,229", 97.229),
    ("90,2", 90.2),
    ("1.029,25", 1029.25),
    ("03", 3),
    ("01", 1),
    ("0,5", 0.5),
    ("100", 100),
    ("1.000.000,5", 1000000.5),
])
def test_read_number(token: str, expected: int | float) -> None:
    value, warn = read_number(token)
    assert warn is None
    assert value is not None
    got = plain_value(value)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize(("token", "why"), [
    ("3.60", "groups of 3"),        # 004: could be 360 or 3.600
    ("1.2.3", "groups of 3"),
    ("12.34", "groups of 3"),
    ("1,234.5", "English way"),
    ("1,2,3", "more than one decimal comma"),
    ("1.0000", "groups of 3"),
])
def test_malformed_numbers_are_not_read(token: str, why: str) -> None:
    value, warn = read_number(token)
    assert value is None
    assert warn is not None and why in warn and token in warn


@pytest.mark.parametrize(("value", "factors", "expected"), [
    ("8,3", (10000,), 83000),          # 8,3 vạn
    ("356", (1000000,), 356000000),    # 356 triệu
    ("13", (1000000000,), 13000000000),  # 13 tỷ
    ("1.473", (1000000,), 1473000000),  # 1.473 triệu
    ("2,5", (1000, 1000000000), 2500000000000),  # 2,5 nghìn tỷ
    ("0,34", (1000000,), 340000),
])
def test_scaled_is_exact(value: str, factors: tuple[int, ...], expected: int) -> None:
    v, _ = read_number(value)
    assert v is not None
    got = plain_value(scaled(v, *factors))
    assert got == expected and isinstance(got, int)


def test_plain_value_types() -> None:
    assert isinstance(plain_value(Decimal("83000.0")), int)
    assert isinstance(plain_value(Decimal("97.229")), float)


@pytest.mark.parametrize(("text", "tokens"), [
    ("có 14.209 lượt, 97,229 km", ["14.209", "97,229"]),
    ("năm 2022.", ["2022"]),
    ("1.029,25 km²", ["1.029,25"]),
    ("3.60 cá nhân", ["3.60"]),
])
def test_number_tokens(text: str, tokens: list[str]) -> None:
    assert [m.group(0) for m in NUMBER_RE.finditer(text)] == tokens
