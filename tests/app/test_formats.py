"""Polish formats from Babel: amounts, dates, points, shares (and English as the second language)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from babel.numbers import format_currency

from app.i18n import format_day, format_money, format_points, format_share, local_today


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
    assert format_money(Decimal("1234.5")) == "PLN\u00a01,234.50"
    assert format_money(Decimal("4000")) == "PLN\u00a04,000.00"
    assert format_money(Decimal("3200000")) == "PLN\u00a03,200,000.00"
    assert format_money(Decimal("-15.5")) == "-PLN\u00a015.50"
    assert format_points(Decimal("22.50")) == "22.5"
    assert format_day(date(2026, 3, 12)) == "Mar 12, 2026"


@pytest.mark.parametrize("utc, wroclaw", [
    (datetime(2026, 11, 25, 23, 30, tzinfo=UTC), date(2026, 11, 26)),  # 00:30 in winter (UTC+1)
    (datetime(2026, 6, 30, 21, 59, tzinfo=UTC), date(2026, 6, 30)),  # 23:59 in summer (UTC+2)
    (datetime(2026, 6, 30, 22, 0, tzinfo=UTC), date(2026, 7, 1)),
])
def test_today_is_the_day_in_wroclaw_not_on_the_servers_clock(polish, monkeypatch, utc, wroclaw):
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return utc.astimezone(tz)

    monkeypatch.setattr("app.i18n.datetime", Clock)
    assert local_today() == wroclaw


def test_equal_amounts_are_written_alike_in_polish(polish):
    assert format_points(Decimal("12.50")) == format_points(Decimal("12.5")) == "12,5"
    assert format_money(Decimal("1234.50")) == format_money(Decimal("1234.5")) == "1\u00a0234,50\u00a0zł"


def test_the_formats_remembered_for_polish_are_not_used_for_english(polish, app):
    assert format_points(Decimal("7.5")) == "7,5"
    with app.test_request_context():
        from flask import session

        session["lang"] = "en"
        from flask_babel import refresh

        refresh()  # the outer test context has already chosen Polish
        assert format_points(Decimal("7.5")) == "7.5"
        assert format_money(Decimal("1234.5")) == "PLN\u00a01,234.50"


@pytest.mark.parametrize(("mode", "polish", "english"), [("wsparcie", "wsparcie", "support"),
                                                         ("powierzenie", "powierzenie", "entrusting")])
def test_the_form_of_commissioning_is_named_in_the_users_language(client, db_session, create_competition,
                                                                 create_member, mode, polish, english):
    from tests.conftest import login

    competition = create_competition(mode=mode, budget=Decimal("4000"))
    login(client, create_member(competition, "secretary"))
    page = client.get(f"/konkursy/{competition.id}").get_data(as_text=True)
    assert f"<dt>Forma zlecenia</dt><dd>{polish}</dd>" in page and "4\u00a0000,00\u00a0zł" in page
    client.get("/language/en")
    page = client.get(f"/konkursy/{competition.id}").get_data(as_text=True)
    assert f"<dt>Form of commissioning</dt><dd>{english}</dd>" in page
    assert "<dd>PLN\u00a04,000.00</dd>" in page


def test_templates_translate_in_the_language_forced_within_a_request(polish, app):
    """The templates' gettext keeps the request's translations, and still follows force_locale (e.g. a job)."""
    from flask_babel import force_locale

    template = app.jinja_env.from_string("{{ _('Score card') }}")
    assert template.render() == "Karta oceny"
    with force_locale("en"):
        assert template.render() == "Score card"
    assert template.render() == "Karta oceny"


def test_templates_translate_in_the_language_chosen_in_the_session(english, app):
    assert app.jinja_env.from_string("{{ _('Score card') }}").render() == "Score card"


def test_the_templates_gettext_bound_per_render_says_what_the_global_one_says(app):
    """render_template binds gettext & co. to the language once per render (app/i18n.py); a template rendered
    without the context processors uses the global callables. Both translate, format and escape alike."""
    from flask import render_template_string
    from flask_babel import force_locale

    source = ('{{ _("Draft saved.") }}|{{ _("Points (0–%(max)s)", max="<4>") }}|'
              '{{ ngettext("%(num)s offer", "%(num)s offers", 3) }}|'
              '{{ ngettext("%(num)s offer", "%(num)s offers", 1) }}|'
              '{{ _("Draft saved.") }}')
    with app.test_request_context("/"):
        for locale in ("pl", "en"):
            with force_locale(locale):
                bound = render_template_string(source)
                plain = app.jinja_env.from_string(source).render()
            assert bound == plain, locale
            assert "&lt;4&gt;" in bound
        with force_locale("pl"):
            shown = render_template_string(source)
        assert shown.startswith("Szkic został zapisany.|Punkty (0–&lt;4&gt;)|3 oferty|1 oferta")
