"""The secretary's desk: the formal check and the dashboard that shows what blocks the protocol."""

from datetime import date, timedelta

import sqlalchemy as sa

from app.core.formal import DEFAULT_CHECKLIST
from app.offers.models import FormalCheck, Offer
from tests.app.test_impartiality import submitted_card
from tests.conftest import login, post


def answers(**overrides) -> dict:
    data = {f"item_{item.id}": "tak" for item in DEFAULT_CHECKLIST}
    data.update({f"item_{key}": value for key, value in overrides.items()})
    return data


def formal_url(offer):
    return f"/konkursy/{offer.competition_id}/oferty/{offer.id}/ocena-formalna"


def test_secretary_admits_an_offer(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="announced")
    offer = create_offer(competition, formal_status="pending")
    secretary = create_member(competition, "secretary")
    login(client, secretary)
    page = client.get(formal_url(offer)).get_data(as_text=True)
    assert "Oferta została złożona w terminie określonym w ogłoszeniu." in page
    assert "Sprawdzenie spójności nie wykazało błędów" in page
    response = post(client, formal_url(offer), {**answers(power_of_attorney="nie_dotyczy"), "outcome": "admitted"})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).formal_status == "admitted"
    check = db_session.scalar(sa.select(FormalCheck))
    assert check.answers["power_of_attorney"] == "nie_dotyczy" and check.checked_by_id == secretary.id


def test_an_offer_with_a_no_cannot_be_admitted_and_nothing_is_lost(client, db_session, create_competition,
                                                                   create_member, create_offer):
    competition = create_competition(status="announced")
    offer = create_offer(competition, formal_status="pending")
    login(client, create_member(competition, "secretary"))
    response = post(client, formal_url(offer), {**answers(signed="nie"), "outcome": "admitted",
                                                "reason": "Podpis tylko jednej osoby."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Oferty z odpowiedzią NIE nie można dopuścić" in html
    assert '<input checked id="item_signed-1" name="item_signed" required type="radio" value="nie">' in html
    assert "Podpis tylko jednej osoby." in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(FormalCheck)) == 0


def test_to_be_supplemented_then_reopened(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="announced")
    offer = create_offer(competition, formal_status="pending")
    login(client, create_member(competition, "secretary"))
    deadline = (date.today() + timedelta(days=7)).isoformat()
    response = post(client, formal_url(offer), {**answers(krs="nie"), "outcome": "to_supplement",
                                                "reason": "Brak aktualnego odpisu z KRS.", "supplement_by": deadline})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).formal_status == "to_supplement"
    response = post(client, f"/konkursy/{competition.id}/oferty/{offer.id}/uzupelnienie")
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).formal_status == "pending"


def test_rejection_needs_a_reason(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="announced")
    offer = create_offer(competition, formal_status="pending")
    login(client, create_member(competition, "secretary"))
    response = post(client, formal_url(offer), {**answers(on_time="nie"), "outcome": "rejected"})
    assert response.status_code == 400 and "Podaj uzasadnienie" in response.get_data(as_text=True)


def test_a_scored_offer_keeps_its_formal_outcome(client, db_session, create_competition, create_member,
                                                 create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    submitted_card(db_session, offer, member, {"A1": "5", "A2": "2", "B1": "2", "B2": "3"})
    login(client, create_member(competition, "secretary"))
    response = post(client, formal_url(offer), {**answers(on_time="nie"), "outcome": "rejected",
                                                "reason": "Oferta wpłynęła po terminie."})
    assert response.status_code == 409
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).formal_status == "admitted"


def test_dashboard_lists_blockers_until_the_committee_finishes(client, db_session, create_competition,
                                                              create_member, create_offer):
    competition = create_competition()
    first = create_offer(competition)
    pending = create_offer(competition, formal_status="pending")
    secretary = create_member(competition, "secretary")
    member = create_member(competition, "member", display_name="Anna Członkini")
    late = create_member(competition, "member", declared=False, display_name="Jan Spóźniony")
    login(client, secretary)
    url = f"/konkursy/{competition.id}/pulpit"
    html = client.get(url).get_data(as_text=True)
    assert "Jan Spóźniony nie złożył(a) oświadczenia o bezstronności." in html
    assert f'href="/konkursy/{competition.id}/oferty/{pending.id}/ocena-formalna">{pending.number}</a>' in html
    assert "Anna Członkini: brakuje 1 karty:" in html
    # the committee finishes: declaration, formal check, cards
    from app.competitions.models import ImpartialityDeclaration

    db_session.add(ImpartialityDeclaration(competition_id=competition.id, user_id=late.id, statement_version="t"))
    pending.formal_status = "rejected"
    db_session.commit()
    for person in (member, late):
        submitted_card(db_session, first, person, {"A1": "5", "A2": "2", "B1": "2", "B2": "3"})
    html = client.get(url).get_data(as_text=True)
    assert "Nic nie blokuje protokołu" in html
    assert "2 / 2" in html
