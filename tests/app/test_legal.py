"""The accessibility statement and the personal-data notice come from settings."""

from datetime import date

import pytest


def test_accessibility_statement_states_the_settings(app, client):
    saved = {k: app.config[k] for k in ("LEGAL_CONTACT_EMAIL", "LEGAL_CHECKED_ON")}
    app.config.update(LEGAL_CONTACT_EMAIL="dostepnosc@example.org", LEGAL_CHECKED_ON=date(2026, 11, 20))
    try:
        html = client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    finally:
        app.config.update(saved)
    assert "<h1 id=\"a11y-title\">Deklaracja dostępności</h1>" in html
    assert "ustawą z dnia 4 kwietnia 2019 r. o dostępności cyfrowej" in html
    assert "dostepnosc@example.org" in html and "20.11.2026" in html
    assert "Procedura wnioskowo-skargowa" in html


CONTACT_KEYS = ("LEGAL_CONTACT_NAME", "LEGAL_CONTACT_EMAIL", "LEGAL_CONTACT_PHONE", "LEGAL_DPO_EMAIL")


@pytest.fixture
def contacts(app):
    """Set some legal contacts for one test (None: unset)."""
    saved = {key: app.config[key] for key in CONTACT_KEYS}

    def _set(**values):
        app.config.update({key: None for key in CONTACT_KEYS})
        app.config.update({f"LEGAL_{k.upper()}": v for k, v in values.items()})

    yield _set
    app.config.update(saved)


@pytest.mark.parametrize("language", ["pl", "en"])
def test_unset_contacts_are_left_out_never_shown_as_a_placeholder(client, db_session, contacts, language):
    contacts()
    client.get(f"/language/{language}")
    for url in ("/deklaracja-dostepnosci", "/informacja-o-danych-osobowych"):
        html = client.get(url).get_data(as_text=True)
        for placeholder in ("nie ustawiono", "not set", "None", "uzupełnia administrator", 'class="unset"'):
            assert placeholder not in html, (url, placeholder)
    statement = client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    privacy = client.get("/informacja-o-danych-osobowych").get_data(as_text=True)
    if language == "pl":
        assert ("prosimy o kontakt z jednostką prowadzącą aplikację: Wydział Partycypacji Społecznej Urzędu "
                "Miejskiego Wrocławia, pl. Nowy Targ 1-8, 50-141 Wrocław.") in statement
        assert "Osobą kontaktową" not in statement and "a11y-kontakt-email" not in statement
        assert "listownie, pod adresem administratora podanym powyżej" in privacy
        assert "Administratorem danych osobowych jest Prezydent Wrocławia" in privacy
    else:
        assert "please contact us through the unit that runs the application: Wydział" in statement
        assert "by post at the controller's address" in privacy


def test_only_the_contacts_that_are_set_are_stated(client, db_session, contacts):
    contacts(contact_email="dostepnosc@um.wroc.pl")
    html = client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    assert ('prosimy o kontakt pod adresem poczty elektronicznej <span id="a11y-kontakt-email">'
            '<a href="mailto:dostepnosc@um.wroc.pl">dostepnosc@um.wroc.pl</a></span>.') in html
    assert "telefonu" not in html and "Osobą kontaktową" not in html
    contacts(contact_name="Jan Kowalski", contact_email="dostepnosc@um.wroc.pl", contact_phone="71 777 77 77",
             dpo_email="iod@um.wroc.pl")
    html = client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    assert 'lub pod numerem telefonu <span id="a11y-kontakt-telefon">71 777 77 77</span>.' in html
    assert 'Osobą kontaktową jest <span id="a11y-kontakt-osoba">Jan Kowalski</span>.' in html
    assert "iod@um.wroc.pl" in client.get("/informacja-o-danych-osobowych").get_data(as_text=True)
    contacts(contact_phone="71 777 77 77")
    assert "prosimy o kontakt pod numerem telefonu" in client.get("/deklaracja-dostepnosci").get_data(as_text=True)


def test_the_demo_states_fictional_contacts_only_for_the_unset_ones(app, client, db_session, contacts, rubrics_dir):
    from tests.conftest import REPO

    rubrics_dir(REPO / "rubrics", REPO)
    contacts(contact_phone="71 777 77 77")
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    html = client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    assert "dostepnosc@example.org" in html and "osoba fikcyjna, dane demonstracyjne" in html
    assert "71 777 77 77" in html and "numer fikcyjny" not in html  # a real setting wins
    assert "iod@example.org" in client.get("/informacja-o-danych-osobowych").get_data(as_text=True)


def test_legal_pages_in_english(client):
    client.get("/language/en")
    assert "<h1>Accessibility statement</h1>" in client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    assert "<h1>Personal data notice</h1>" in client.get("/informacja-o-danych-osobowych").get_data(as_text=True)
