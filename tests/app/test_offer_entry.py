"""The secretary enters an offer section by section; the checks show with the applicant's own figures."""

import re

import sqlalchemy as sa

from app.core.offer import offer_from_dict
from app.offers.models import Offer
from tests.conftest import login, post


def entry(number="WPS/1", **overrides) -> dict:
    """Form data of a small offer: 12 × 5 000,00 = 60 000,00 and 12 × 500,00 = 6 000,00; 66 000,00 in all."""
    data = {
        "number": number, "applicant_name": "Stowarzyszenie Testowe „Podwórko”", "legal_form": "stowarzyszenie",
        "had_prior_tasks": "no", "title": "Centrum Aktywności Lokalnej na Ołbinie", "start_date": "2027-01-01",
        "end_date": "2027-12-31", "place": "Ołbin", "needs": "Brak miejsca spotkań sąsiadów.",
        "actions-0-name": "Kawiarenka sąsiedzka", "actions-0-period": "01–12.2027",
        "results-0-result": "Liczba spotkań", "results-0-planned_value": "40",
        "costs-0-number": "I.1", "costs-0-category": "actions", "costs-0-cost_type": "Animator",
        "costs-0-unit": "miesiąc", "costs-0-unit_cost": "5 000,00", "costs-0-units": "12",
        "costs-0-value": "60 000,00", "costs-0-year1": "60 000,00",
        "costs-1-number": "II.1", "costs-1-category": "administrative", "costs-1-cost_type": "Księgowość",
        "costs-1-unit": "miesiąc", "costs-1-unit_cost": "500", "costs-1-units": "12", "costs-1-value": "6000",
        "costs-1-year1": "6000",
        "total_costs": "66 000,00", "grant": "64 000,00", "own_financial": "1 000,00", "own_non_financial": "1000",
        "save": "1",
    }
    data.update(overrides)
    return data


def test_secretary_enters_an_offer_and_sees_the_checks(client, db_session, create_competition, create_member):
    competition = create_competition(status="announced")
    login(client, create_member(competition, "secretary"))
    url = f"/konkursy/{competition.id}/oferty/nowa"
    assert "Wprowadź ofertę" in client.get(url).get_data(as_text=True)
    response = post(client, url, entry(**{"costs-0-value": "61 000,00", "costs-0-year1": "61 000,00"}))
    assert response.status_code == 302
    offer = db_session.scalar(sa.select(Offer))
    form = offer_from_dict(offer.form_data)
    assert (form.costs[0].value, form.funding.grant, form.applicant_prior_tasks) == (61000, 64000, False)
    assert offer.formal_status == "pending" and offer.requested_grant == 64000
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    # 5 000,00 × 12 = 60 000,00, but the applicant wrote 61 000,00: saved as written, flagged
    assert "5\u00a0000,00\u00a0zł × 12 = 60\u00a0000,00\u00a0zł" in page
    assert "61\u00a0000,00\u00a0zł" in page


def test_a_typing_error_keeps_everything_typed(client, db_session, create_competition, create_member):
    competition = create_competition(status="announced")
    login(client, create_member(competition, "secretary"))
    response = post(client, f"/konkursy/{competition.id}/oferty/nowa", entry(grant="sześćdziesiąt tysięcy"))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Wpisz kwotę, np. 1 234,50." in html
    assert 'value="sześćdziesiąt tysięcy"' in html and "Kawiarenka sąsiedzka" in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Offer)) == 0


def test_add_row_buttons_grow_a_table_and_keep_the_data(client, db_session, create_competition, create_member):
    competition = create_competition(status="announced")
    login(client, create_member(competition, "secretary"))
    data = entry()
    del data["save"]
    response = post(client, f"/konkursy/{competition.id}/oferty/nowa", {**data, "add_cost": "1"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'name="costs-2-value"' in html and '>\r\nKsięgowość</textarea>' in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Offer)) == 0


def test_numbers_are_unique_in_a_competition(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="announced")
    create_offer(competition, number="WPS/1")
    login(client, create_member(competition, "secretary"))
    response = post(client, f"/konkursy/{competition.id}/oferty/nowa", entry("WPS/1"))
    assert response.status_code == 400 and "ma już ten numer" in response.get_data(as_text=True)


def test_editing_and_the_lost_update_guard(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="announced")
    offer = create_offer(competition, number="WPS/7")
    login(client, create_member(competition, "secretary"))
    url = f"/konkursy/{competition.id}/oferty/{offer.id}/edycja"
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    assert post(client, url, {**entry("WPS/7", title="Nowy tytuł"), "version": version}).status_code == 302
    response = post(client, url, {**entry("WPS/7", title="Tytuł z drugiej karty"), "version": version})
    assert response.status_code == 409
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).title == "Nowy tytuł"


def test_no_entering_or_editing_once_merit_assessment_started(client, db_session, create_competition,
                                                              create_member, create_offer):
    competition = create_competition(status="merit")
    offer = create_offer(competition)
    login(client, create_member(competition, "secretary"))
    assert client.get(f"/konkursy/{competition.id}/oferty/nowa").status_code == 403
    assert client.get(f"/konkursy/{competition.id}/oferty/{offer.id}/edycja").status_code == 403
