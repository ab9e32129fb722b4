"""Language choice (Polish by default, English second) and Polish formatting helpers."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask, current_app, request, session
from flask_babel import Babel, format_currency, format_date, format_decimal, format_percent, get_locale


def select_locale() -> str:
    """The language the user chose in this session, Polish otherwise."""
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def format_points(value: Decimal | None) -> str:
    """Points in the user's locale, without trailing zeros: 12,5 or 10."""
    if value is None:
        return "–"
    return format_decimal(value.normalize() if value == value.to_integral() else value, format="#,##0.##")


def format_money(value: Decimal | None) -> str:
    """An amount in złoty in the user's locale: 1 234,50 zł (with a non-breaking space)."""
    if value is None:
        return "–"
    return format_currency(value, "PLN")


def format_day(value) -> str:
    """A date as dd.mm.rrrr in Polish, the locale's short form otherwise."""
    if value is None:
        return "–"
    return format_date(value, format="dd.MM.yyyy" if str(get_locale()) == "pl" else "medium")


def format_share(value: Decimal | None) -> str:
    """A share of the maximum as a percentage with up to two decimals: 72,73%."""
    if value is None:
        return "–"
    return format_percent(value, format="#,##0.##%")


def init_i18n(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel and expose the helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)

    @app.context_processor
    def _i18n_context():
        return {
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": app.config["LANGUAGES"],
        }

    app.jinja_env.filters["points"] = format_points
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["share"] = format_share
    app.jinja_env.globals["request_path"] = lambda: request.full_path.rstrip("?")
