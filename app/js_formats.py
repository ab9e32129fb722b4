"""How the server writes numbers, told to the pages' scripts so that both write them alike.

The scripts (app/static/card.js, offer-entry.js) get each format as a pattern with "{}" where
the number goes, and the locale's decimal and group symbols. The patterns come from the same
helpers that format the server's messages, so a change of format reaches both at once.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache

from babel import numbers
from flask_babel import get_locale

from .i18n import format_money, format_share

_SAMPLE_MONEY = Decimal("1234567.89")
_SAMPLE_SHARE = Decimal("0.1234")


def _pattern(formatted: str, number: str) -> str:
    if number not in formatted:  # a format this module does not understand: the scripts fall back to plain
        return "{}"
    return formatted.replace(number, "{}", 1)


def number_formats() -> str:
    """The locale's number formats as JSON, for a data attribute."""
    return _number_formats(str(get_locale()))


@lru_cache(maxsize=8)
def _number_formats(locale: str) -> str:
    decimal, group = numbers.get_decimal_symbol(locale), numbers.get_group_symbol(locale)
    return json.dumps({
        "decimal": decimal, "group": group,
        "money": _pattern(format_money(_SAMPLE_MONEY), f"1{group}234{group}567{decimal}89"),
        "share": _pattern(format_share(_SAMPLE_SHARE), f"12{decimal}34"),
    }, ensure_ascii=False)
