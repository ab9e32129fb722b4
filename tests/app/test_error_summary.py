"""Every form page with errors opens with a summary that links to each field at fault (GOV.UK pattern)."""

import re

from markupsafe import escape

from tests.app.test_offer_entry import entry
from tests.app.test_scoring_flow import card_data, score_url
from tests.conftest import login, post

TITLE = "Popraw następujące błędy"


def summary_of(html: str) -> list[tuple[str, str]]:
    """The summary's links (target id, text); asserts it stands at the top of the main content."""
    main = html.split('<main id="content" tabindex="-1">', 1)[1]
    assert main.lstrip().startswith('<div class="error-summary" tabindex="-1" autofocus'), main[:200]
    box = main.split("</div>", 1)[0]
    assert TITLE in box and 'role="alert"' in box
    assert "<title>Błąd: " in html
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', box)
    for target, _text in links:  # every link leads to an element of the page
        assert f'id="{target}"' in html, target
    return links


def test_the_long_offer_entry_page_lists_every_error_with_its_row(client, db_session, create_competition,
                                                                 create_member):
    competition = create_competition(status="announced")
    login(client, create_member(competition, "secretary"))
    data = entry(number="", contact_email="biuro(at)example.org", **{"costs-1-unit_cost": "pięćset"})
    response = post(client, f"/konkursy/{competition.id}/oferty/nowa", data)
    assert response.status_code == 400
    links = summary_of(response.get_data(as_text=True))
    assert [target for target, _ in links] == ["number", "contact_email", "costs-1-unit_cost"]
    texts = [str(escape(text)) for _, text in links]
    assert texts[0].startswith("Numer oferty w rejestrze: ")
    assert texts[1] == str(escape("Adres e-mail: Wpisz adres e-mail, np. biuro@stowarzyszenie.pl."))
    assert texts[2] == str(escape("Koszt jednostkowy (wiersz 2): Wpisz kwotę, np. 1 234,50."))


def test_the_scoring_card_names_the_criterion_of_each_error(client, db_session, create_competition, create_member,
                                                           create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    response = post(client, score_url(offer), {**card_data(A1="dużo", A2="2"), "why_A2": "", "save_draft": "1"})
    assert response.status_code == 400
    links = summary_of(response.get_data(as_text=True))
    assert links[0][0] == "points_A1" and links[0][1].startswith("A1: Punkty (0–10): ")


def test_a_submitted_incomplete_card_links_each_missing_justification(client, db_session, create_competition,
                                                                     create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    response = post(client, score_url(offer), {**card_data(A1="7"), "why_A1": "za krótko", "submit_card": "1"})
    assert response.status_code == 400
    links = summary_of(response.get_data(as_text=True))
    assert [target for target, _ in links] == ["why_A1", "points_A2", "points_B1", "points_B2"]
    assert links[0][1].startswith("A1: Uzasadnienie: Uzasadnienie jest zbyt krótkie")


def test_sign_in_registration_and_the_declaration_get_it(client, db_session, create_competition, create_member):
    from tests.conftest import csrf_token

    response = client.post("/logowanie", data={"email": "", "password": "",
                                               "csrf_token": csrf_token(client, "/logowanie")})
    assert [t for t, _ in summary_of(response.get_data(as_text=True))] == ["email", "password"]
    response = post(client, "/samoocena/rejestracja", {"email": "nie-adres", "password": "krótkie"})
    assert {t for t, _ in summary_of(response.get_data(as_text=True))} >= {"email", "password", "repeat", "consent"}
    competition = create_competition()
    login(client, create_member(competition, "member", declared=False))
    response = post(client, f"/konkursy/{competition.id}/oswiadczenie", {})
    assert [t for t, _ in summary_of(response.get_data(as_text=True))] == ["confirm"]


def test_the_formal_check_links_radio_groups_to_their_first_button(client, db_session, create_competition,
                                                                   create_member, create_offer):
    competition = create_competition(status="announced")
    offer = create_offer(competition, formal_status="pending")
    login(client, create_member(competition, "secretary"))
    response = post(client, f"/konkursy/{competition.id}/oferty/{offer.id}/ocena-formalna", {})
    links = summary_of(response.get_data(as_text=True))
    assert links and all(target.endswith("-0") for target, _ in links)


def test_a_page_without_errors_has_no_summary(client, db_session):
    for url in ("/logowanie", "/samoocena/rejestracja", "/"):
        html = client.get(url).get_data(as_text=True)
        assert "error-summary" not in html and "<title>Błąd" not in html


def test_the_summary_in_english(client, db_session):
    from tests.conftest import csrf_token

    client.get("/language/en")
    response = client.post("/logowanie", data={"email": "", "password": "x",
                                               "csrf_token": csrf_token(client, "/logowanie")})
    html = response.get_data(as_text=True)
    assert "Please correct the following errors" in html and "<title>Error: " in html
