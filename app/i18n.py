"""Language choice (Polish by default, English second) and Polish formatting helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from babel import numbers
from babel.support import Translations
from flask import Flask, current_app, g, request, session
from flask_babel import (
    Babel,
    format_date,
    format_datetime,
    get_locale,
    get_translations,
    to_user_timezone,
)
from jinja2 import pass_context
from markupsafe import Markup


def select_locale() -> str:
    """The language the user chose in this session, Polish otherwise."""
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def local_today() -> date:
    """Today in Wrocław (BABEL_DEFAULT_TIMEZONE), whatever the server's own clock zone: just after
    midnight in Poland a UTC server is still on yesterday."""
    return to_user_timezone(datetime.now(UTC)).date()


def format_points(value: Decimal | None) -> str:
    """Points in the user's locale, without trailing zeros: 12,5 or 10."""
    return "–" if value is None else _points(value, str(get_locale()))


def format_money(value: Decimal | None) -> str:
    """An amount in złoty in the user's locale: 1 234,50 zł (with a non-breaking space)."""
    return "–" if value is None else _money(value, str(get_locale()))


# A page shows the same few maxima and amounts many times; Babel's formatting is not cheap.
# (Equal Decimals such as 12.5 and 12.50 share an entry: they are written alike.)
@lru_cache(maxsize=4096)
def _points(value: Decimal, locale: str) -> str:
    return numbers.format_decimal(value.normalize() if value == value.to_integral() else value,
                                  format="#,##0.##", locale=locale)


@lru_cache(maxsize=4096)
def _money(value: Decimal, locale: str) -> str:
    if locale == "pl":
        return numbers.format_currency(value, "PLN", locale=locale)
    # CLDR puts a space between a currency code and the digits ("PLN 4,000.00"); Babel does not
    # apply that rule and would write "PLN4,000.00"
    return numbers.format_currency(value, "PLN", format="¤\u00a0#,##0.00", locale=locale)


def format_day(value) -> str:
    """A date as dd.mm.rrrr in Polish, the locale's short form otherwise."""
    if value is None:
        return "–"
    return format_date(value, format="dd.MM.yyyy" if str(get_locale()) == "pl" else "medium")


def format_moment(value: datetime | None) -> str:
    """A moment in Wrocław's time: 30.11.2026, 14:05 in Polish, the locale's medium form otherwise."""
    if value is None:
        return "–"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)  # SQLite returns naive UTC
    return format_datetime(value, format="dd.MM.yyyy, HH:mm" if str(get_locale()) == "pl" else "medium")


def format_share(value: Decimal | None) -> str:
    """A share of the maximum as a percentage with up to two decimals: 72,73%."""
    return "–" if value is None else _share(value, str(get_locale()))


@lru_cache(maxsize=4096)
def _share(value: Decimal, locale: str) -> str:
    return numbers.format_percent(value, format="#,##0.##%", locale=locale)


def _translations() -> Translations:
    """Flask-Babel's translations for the current language, kept for the request: a page calls gettext a
    hundred times, and Flask-Babel's own lookup reads its context three times each. A changed locale
    (``force_locale``) is a new Locale object, and gets its own translations."""
    if not g:  # no application context: Flask-Babel's own answer (no translation)
        return get_translations()
    locale = get_locale()
    cached = g.get("_cal_translations")
    if cached is None or cached[0] is not locale:
        cached = g._cal_translations = (locale, get_translations())
    return cached[1]


def _template_gettext(string: str) -> str:
    return _translations().ugettext(string)


def _template_ngettext(singular: str, plural: str, n: int) -> str:
    return _translations().ungettext(singular, plural, n)


def _template_pgettext(message_context: str, string: str) -> str:
    return _translations().upgettext(message_context, string)


def _template_npgettext(message_context: str, singular: str, plural: str, n: int) -> str:
    return _translations().unpgettext(message_context, singular, plural, n)


def _newstyle(lookup, formats):
    """A template's gettext-like callable as Jinja's newstyle i18n makes it: the text translated by ``lookup``,
    marked safe where the template autoescapes, and always formatted with the call's variables
    (``formats(args, variables)`` adds the implicit ones, such as ``num``)."""
    @pass_context
    def translate(context, *args, **variables):
        text = lookup(*args)
        if context.eval_ctx.autoescape:
            text = Markup(text)  # noqa: S704 - a translation is markup, as in Jinja's own newstyle gettext
        return text % formats(args, variables)
    return translate


_PLAIN_KEPT = 10_000


def _newstyle_gettext(translations: Translations):
    """The newstyle gettext; a message without variables is translated and formatted once per language (the
    templates' literal messages: a catalogue's worth, and never more than _PLAIN_KEPT)."""
    plain: dict[tuple[str, bool], str] = {}
    translate = _newstyle(translations.ugettext, lambda args, v: v)

    @pass_context
    def gettext(context, string, **variables):
        if variables:
            return translate(context, string, **variables)
        key = (string, context.eval_ctx.autoescape)
        if key in plain:
            return plain[key]
        text = translate(context, string)
        if len(plain) < _PLAIN_KEPT:
            plain[key] = text
        return text
    return gettext


@lru_cache(maxsize=16)
def _bound_callables(translations: Translations) -> dict[str, object]:
    """gettext, ngettext, pgettext and npgettext bound to one language's translations, for a template's context.

    Templates rendered with ``render_template`` get these from a context processor, which runs once per
    render in the language then in force (``force_locale`` included); a page's hundred lookups then skip
    Flask-Babel's per-call search for the language. Templates rendered without a request's context
    processors (imported macros, ``Template.module``) keep the global callables below."""
    return {
        "gettext": _newstyle_gettext(translations),
        "ngettext": _newstyle(translations.ungettext, lambda args, v: {"num": args[2], **v}),
        "pgettext": _newstyle(translations.upgettext, lambda args, v: {"context": args[0], **v}),
        "npgettext": _newstyle(translations.unpgettext, lambda args, v: {"context": args[0], "num": args[3], **v}),
    }


def init_i18n(app: Flask, babel: Babel) -> None:
    """Bind Flask-Babel and expose the helpers to templates."""
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.install_gettext_callables(gettext=_template_gettext, ngettext=_template_ngettext,
                                            pgettext=_template_pgettext, npgettext=_template_npgettext,
                                            newstyle=True)

    @app.context_processor
    def _i18n_context():
        return {
            "current_locale": str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
            "languages": app.config["LANGUAGES"],
            **_bound_callables(_translations()),
        }

    app.jinja_env.filters["points"] = format_points
    app.jinja_env.filters["money"] = format_money
    app.jinja_env.filters["day"] = format_day
    app.jinja_env.filters["share"] = format_share
    app.jinja_env.filters["moment"] = format_moment
    app.jinja_env.globals["request_path"] = lambda: request.full_path.rstrip("?")
