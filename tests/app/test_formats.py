"""Polish formats from Babel: amounts, dates, points, shares (and English as the second language)."""

from datetime import date
from decimal import Decimal

import pytest
from babel.numbers import format_currency

from app.i18n import format_day, format_money, format_points, format_share


@pytest.fixture
def polish(app):
    with app.test_request_context():
        yield


@pytest.fixture
def english(app):
    with app.test_request_context():
        from flask import session

        session["lang"] = "en"
        yield


def test_money_in_polish_uses_a_non_breaking_space(polish):
    assert format_money(Decimal("1234.5")) == format_currency(Decimal("1234.5"), "PLN", locale="pl")
    assert format_money(Decimal("1234.5")) == "1\u00a0234,50\u00a0zł"
    assert format_money(Decimal("3200000")) == "3\u00a0200\u00a0000,00\u00a0zł"


def test_dates_points_and_shares_in_polish(polish):
    assert format_day(date(2026, 3, 12)) == "12.03.2026"
    assert format_points(Decimal("22.50")) == "22,5"
    assert format_points(Decimal("10.00")) == "10"
    assert format_share(Decimal("0.7273")) == "72,73%"


def test_english_formats(english):
    assert format_money(Decimal("1234.5")) == format_currency(Decimal("1234.5"), "PLN", locale="en") == "PLN1,234.50"
    assert format_points(Decimal("22.50")) == "22.5"
    assert format_day(date(2026, 3, 12)) == "Mar 12, 2026"
