"""The whole setup of a new call in a real browser, without the CLI (issue #14, "Done when").

The administrator invites the secretary; the secretary sets the password from the e-mail caught by the
test's own SMTP server, creates the call, names a committee of four, announces the call, enters two offers,
runs the formal check and starts merit assessment; an invited member signs in from the e-mail link, signs
the declaration and scores.
"""

from __future__ import annotations

import re

import flask_migrate
import pytest
from aiosmtpd.controller import Controller

from app import create_app
from tests.browser.conftest import serving
from tests.conftest import REPO
from tests.mail import Inbox, free_port

PASSWORDS = {"admin": "Hasło administratora 2031", "secretary": "Hasło sekretarza 2031!",
             "member": "Hasło członka 2031!"}
COMMITTEE = [("przewodniczaca@example.org", "Irena Przewodnicząca", "chair"),
             ("czlonek.a@example.org", "Adam Członek", "member"),
             ("czlonek.b@example.org", "Beata Członkini", "member"),
             ("ekspertka@example.org", "Celina Ekspertka", "expert")]


def offer_fields(number: str, place: str) -> dict:
    """A small offer whose figures add up (as in tests/app/test_offer_entry.py)."""
    return {
        "number": number, "applicant_name": f"Stowarzyszenie „Sąsiedzi z {place}”", "legal_form": "stowarzyszenie",
        "had_prior_tasks": "no", "title": f"Centrum Aktywności Lokalnej: {place}", "start_date": "2032-01-01",
        "end_date": "2032-12-31", "place": place, "needs": "Brak miejsca spotkań sąsiadów.",
        "actions-0-name": "Kawiarenka sąsiedzka", "actions-0-period": "01–12.2032",
        "results-0-result": "Liczba spotkań", "results-0-planned_value": "40",
        "costs-0-number": "I.1", "costs-0-category": "actions", "costs-0-cost_type": "Animator",
        "costs-0-unit": "miesiąc", "costs-0-unit_cost": "5 000,00", "costs-0-units": "12",
        "costs-0-value": "60 000,00", "costs-0-year1": "60 000,00",
        "total_costs": "61 000,00", "grant": "60 000,00", "own_financial": "1 000,00", "own_non_financial": "0",
    }


def fill(page, fields: dict) -> None:
    """Type into each field by name, choosing in selects and ticking radios as a person would."""
    for name, value in fields.items():
        field = page.locator(f"form [name='{name}']").last
        tag = field.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
        if tag.startswith("select"):
            field.select_option(value)
        elif tag.endswith(":radio"):
            page.check(f"[name='{name}'][value='{value}']")
        else:
            field.fill(value)


def sign_in(page, base, email, password):
    page.goto(base + "/logowanie")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/konkursy/")


def set_password_from_mail(page, base, inbox, email, password):
    page.goto(base + inbox.link(email, "zaproszenie"))
    page.fill("#password", password)
    page.fill("#confirm", password)
    page.get_by_role("button", name="Ustaw hasło").click()
    assert "Hasło zostało ustawione" in page.locator(".flash-success").inner_text()


@pytest.fixture
def installation(tmp_path):
    """An empty installation with one administrator (made once from the CLI) and an SMTP server."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    app = create_app({"TESTING": True, "RUBRICS_DIR": REPO / "rubrics", "RATELIMIT_ENABLED": False,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'setup.sqlite3'}",
                      "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": controller.port, "MAIL_USE_TLS": False})
    with app.app_context():
        flask_migrate.upgrade()
    result = app.test_cli_runner().invoke(args=["users", "create", "--email", "admin@example.org", "--name",
                                                "Administratorka", "--admin", "--password", PASSWORDS["admin"]])
    assert result.exit_code == 0, result.output
    with serving(app) as base:
        yield base, inbox
    controller.stop()
    from app.extensions import db

    with app.app_context():
        db.engine.dispose()


def test_a_call_is_set_up_and_scored_without_the_cli(browser, installation):
    base, inbox = installation
    admin = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(admin, base, "admin@example.org", PASSWORDS["admin"])
    admin.goto(base + "/admin/konta")
    admin.fill("#email", "sekretarka@example.org")
    admin.fill("#display_name", "Sabina Sekretarka")
    admin.get_by_role("button", name="Zaproś", exact=True).click()
    assert "wysłana na adres sekretarka@example.org" in admin.locator(".flash-success").inner_text()
    admin.get_by_role("button", name="Pozwól tworzyć konkursy Sabina Sekretarka").click()

    secretary = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    set_password_from_mail(secretary, base, inbox, "sekretarka@example.org", PASSWORDS["secretary"])
    sign_in(secretary, base, "sekretarka@example.org", PASSWORDS["secretary"])
    secretary.get_by_role("link", name="Nowy konkurs").click()
    fill(secretary, {"reference": "WPS-CAL/2032", "title": "Prowadzenie CAL na Ołbinie i Nadodrzu w 2032 r.",
                     "mode": "wsparcie", "rubric": "cal-wroclaw 2021.1", "budget": "200 000,00", "threshold": "60",
                     "aggregation": "mean", "scoring_deadline": "2031-12-15", "window_start": "2032-01-01",
                     "window_end": "2032-12-31", "min_own_share": "1,5"})
    secretary.get_by_role("button", name="Utwórz konkurs").click()
    assert "Pełnisz w nim funkcję sekretarza" in secretary.locator(".flash-success").inner_text()
    call_url = secretary.url

    secretary.get_by_role("link", name="Komisja: dodawanie osób, zmiana funkcji").click()
    for email, name, role in COMMITTEE:
        fill(secretary, {"email": email, "display_name": name})
        secretary.select_option("#role", role)  # the add form's select (each row has its own "role" too)
        secretary.get_by_role("button", name="Dodaj do komisji").click()
        assert f"Osoba {name} została dodana do komisji." in secretary.locator(".flashes").inner_text()
    assert all(inbox.to(email) for email, _, _ in COMMITTEE)

    secretary.goto(call_url)
    secretary.get_by_role("link", name=re.compile("^Ogłoś konkurs")).click()
    secretary.get_by_role("button", name=re.compile("^Potwierdź")).click()  # the confirmation page lists no blockers
    assert secretary.locator(".flash-success").count() == 1

    competition_id = call_url.rstrip("/").rsplit("/", 1)[-1]
    for number, place in (("WPS/1", "Ołbin"), ("WPS/2", "Nadodrze")):
        secretary.goto(f"{base}/konkursy/{competition_id}/oferty/nowa")
        fill(secretary, offer_fields(number, place))
        secretary.get_by_role("button", name="Zapisz ofertę").click()
        secretary.wait_for_load_state()
        assert secretary.locator(".flash-success").count() == 1, secretary.content()[:2000]
    secretary.goto(f"{base}/konkursy/{competition_id}/pulpit")
    for number in ("WPS/1", "WPS/2"):
        secretary.locator("tr", has_text=number).get_by_role("link", name="Ocena formalna").click()
        for radio in secretary.locator("input[type=radio][value=tak]").all():
            radio.check()
        secretary.check("input[name=outcome][value=admitted]")
        secretary.get_by_role("button", name="Zapisz ocenę formalną").click()
        assert secretary.locator(".flash-success").count() == 1, secretary.content()[:2000]
        secretary.goto(f"{base}/konkursy/{competition_id}/pulpit")
    secretary.goto(call_url)
    secretary.get_by_role("link", name="Rozpocznij ocenę merytoryczną").click()
    secretary.get_by_role("button", name=re.compile("^Potwierdź")).click()
    assert "ocena merytoryczna" in secretary.locator("dl.facts").inner_text()

    member = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    set_password_from_mail(member, base, inbox, "czlonek.a@example.org", PASSWORDS["member"])
    sign_in(member, base, "czlonek.a@example.org", PASSWORDS["member"])
    member.goto(f"{base}/konkursy/{competition_id}/oswiadczenie")
    member.check("#confirm")
    member.get_by_role("button", name="Złóż oświadczenie").click()
    member.get_by_role("link", name="Oceń").first.click()
    points = member.locator(".points-input")
    for index in range(points.count()):
        field = points.nth(index)
        field.fill(field.get_attribute("data-max"))
        key = field.get_attribute("id").removeprefix("points_")
        member.fill(f"#why_{key}", f"W kryterium {key} oferent podał konkretne działania, terminy i osoby "
                                   f"odpowiedzialne, opisane w sekcji {index + 3} oferty.")
    member.get_by_role("button", name="Złóż kartę").click()
    assert "Karta została złożona" in member.locator(".flash-success").inner_text()

    # The secretary sees the whole setup in the audit log, and the chain verifies.
    secretary.goto(f"{base}/konkursy/{competition_id}/dziennik")
    assert secretary.locator("table.audit-log").get_by_text("złożenie karty").count() == 1
    secretary.get_by_role("button", name="Sprawdź integralność").click()
    assert "Dziennik jest nienaruszony." in secretary.locator("[role=status]").inner_text()
