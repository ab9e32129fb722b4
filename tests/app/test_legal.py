"""The accessibility statement and the personal-data notice come from settings."""

from datetime import date


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


def test_unset_contacts_are_said_to_be_unset_not_guessed(app, client):
    assert app.config["LEGAL_DPO_EMAIL"] is None
    html = client.get("/informacja-o-danych-osobowych").get_data(as_text=True)
    assert "nie ustawiono – uzupełnia administrator" in html
    assert "Administratorem danych osobowych jest Prezydent Wrocławia" in html
    assert f"po {app.config['LEGAL_DRAFT_RETENTION_DAYS']} dniach od ostatniej zmiany" in html


def test_legal_pages_in_english(client):
    client.get("/language/en")
    assert "<h1>Accessibility statement</h1>" in client.get("/deklaracja-dostepnosci").get_data(as_text=True)
    assert "<h1>Personal data notice</h1>" in client.get("/informacja-o-danych-osobowych").get_data(as_text=True)
