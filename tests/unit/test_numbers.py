from decimal import Decimal

import pytest

from app.core.numbers import canonical_decimal, is_multiple, round_points, round_share, to_decimal


@pytest.mark.parametrize("raw, expected", [(3, "3"), ("2.5", "2.5"), (Decimal("0.50"), "0.50"), (" 7 ", "7")])
def test_to_decimal_reads_exact_numbers(raw, expected):
    assert to_decimal(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", [0.5, True, "abc", "NaN", "Infinity", None, [1]])
def test_to_decimal_refuses_inexact_or_non_numbers(raw):
    with pytest.raises(ValueError):
        to_decimal(raw)


def test_rounding_is_half_up_not_bankers():
    assert round_points(Decimal("2.345")) == Decimal("2.35")
    assert round_points(Decimal("2.325")) == Decimal("2.33")
    assert round_share(Decimal("0.66665")) == Decimal("0.6667")
    assert round_share(Decimal("2") / Decimal("3")) == Decimal("0.6667")


def test_multiples_of_a_step():
    assert is_multiple(Decimal("7.5"), Decimal("0.5"))
    assert not is_multiple(Decimal("7.25"), Decimal("0.5"))
    assert is_multiple(Decimal("0"), Decimal("0.5"))


@pytest.mark.parametrize("value, text", [
    ("10.50", "10.5"), ("1E+1", "10"), ("0.000", "0"), ("-0", "0"), ("33.0", "33"),
])
def test_canonical_decimal(value, text):
    assert canonical_decimal(Decimal(value)) == text
