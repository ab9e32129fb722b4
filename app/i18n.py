"""Language choice (Polish by default, English second) and Polish formatting helpers."""

from __future__ import annotations

from decimal import Decimal

from flask import Flask, current_app, request, session
from flask_babel import Babel, format_decimal, get_locale


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
    app.jinja_env.globals["request_path"] = lambda: request.full_path.rstrip("?")
