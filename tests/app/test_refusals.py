"""A refused committee page says why (issue 11), without showing anything of the offer."""

import pytest
import sqlalchemy as sa

from app.offers.models import Exclusion
from tests.conftest import login, post

# What an offer's page shows that a refused visitor must not see: its title, applicant, cost rows, address.
CONTENT = ("Centrum Aktywności Lokalnej na osiedlu testowym", "Stowarzyszenie Testowe", "Animator",
           "ul. Testowa 1", "60\u00a0000,00")


@pytest.fixture
def call(db_session, create_competition, create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    secretary = create_member(competition, "secretary")
    return competition, offer, secretary


def refused(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 403, url
    html = response.get_data(as_text=True)
    for text in CONTENT:
        assert text not in html, f"{text!r} leaks on the 403 page of {url}"
    return html


def offer_urls(offer):
    base = f"/konkursy/{offer.competition_id}/oferty/{offer.id}"
    return [base, base + "/ocena", base + "/karty"]


def test_not_a_member_of_this_committee(client, call, create_competition, create_member):
    competition, offer, _secretary = call
    outsider = create_member(create_competition(), "member")
    login(client, outsider)
    for url in [*offer_urls(offer), f"/konkursy/{competition.id}", f"/konkursy/{competition.id}/moja-praca"]:
        html = refused(client, url)
        assert "Nie jesteś członkiem komisji konkursowej w tym konkursie." in html
        assert "/oswiadczenie" not in html


def test_declaration_not_signed_yet_links_to_signing_it(client, call, create_member):
    competition, offer, _secretary = call
    login(client, create_member(competition, "member", declared=False))
    for url in offer_urls(offer):
        html = refused(client, url)
        assert "Twoje oświadczenie o bezstronności w tym konkursie nie zostało jeszcze złożone." in html
        assert f'href="/konkursy/{competition.id}/oswiadczenie"' in html


def test_declared_conflict_says_so_and_offers_the_withdrawal(client, call, create_member):
    competition, offer, _secretary = call
    member = create_member(competition, "member")
    login(client, member)
    post(client, offer_urls(offer)[0] + "/konflikt", {"category": "board", "explanation": "Zasiadam w zarządzie."})
    for url in offer_urls(offer):
        html = refused(client, url)
        assert "W odniesieniu do tej oferty masz zgłoszony konflikt interesów" in html
        assert f'href="{offer_urls(offer)[0]}/konflikt/wycofanie"' in html


def test_exclusion_by_the_secretary_gives_the_secretarys_reason(client, call, create_member):
    competition, offer, secretary = call
    member = create_member(competition, "member")
    login(client, secretary)
    response = post(client, offer_urls(offer)[0] + "/wylaczenie",
                    {"member": str(member.id), "reason": "Członek <b>rady</b> stowarzyszenia oferenta do 2026 r."})
    assert response.status_code == 302
    client = client.application.test_client()
    login(client, member)
    for url in offer_urls(offer):
        html = refused(client, url)
        assert "Sekretarz komisji wyłączył Cię z oceny tej oferty." in html
        assert "Członek &lt;b&gt;rady&lt;/b&gt; stowarzyszenia oferenta do 2026 r." in html  # escaped
        assert "/konflikt/wycofanie" not in html  # only a declared conflict can be withdrawn


def test_other_refusals_keep_a_general_reason(client, call, create_member):
    competition, offer, _secretary = call
    login(client, create_member(competition, "expert"))
    html = refused(client, offer_urls(offer)[1])  # experts read and comment, never score
    assert "Nie pozwala na to Twoja rola w tym konkursie albo jego obecny etap." in html


def test_scores_hidden_until_ones_own_card_is_in(client, call, create_member):
    competition, offer, _secretary = call
    login(client, create_member(competition, "member"))
    html = refused(client, offer_urls(offer)[2])
    assert "Oceny pozostałych członków komisji zobaczysz po złożeniu własnej karty oceny tej oferty." in html


def test_reason_is_told_in_english_too(client, call, create_member):
    competition, offer, _secretary = call
    login(client, create_member(competition, "member", declared=False))
    client.get("/language/en")
    html = refused(client, offer_urls(offer)[0])
    assert "You have not signed the impartiality declaration for this competition yet." in html


def test_refusal_reason_function_orders_the_reasons(app, db_session, call, create_member):
    from app.competitions.permissions import refusal

    competition, offer, secretary = call
    undeclared = create_member(competition, "member", declared=False)
    db_session.add(Exclusion(offer_id=offer.id, user_id=undeclared.id, kind="secretary", reason="Powód testowy.",
                             created_by_id=secretary.id))
    db_session.commit()
    with app.test_request_context():
        # the missing declaration comes first: nothing else about the offer is worth saying before it
        assert refusal(undeclared, competition, offer).code == "declaration_missing"
        assert refusal(secretary, competition, offer).code == "other"
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Exclusion)) == 1


def test_no_link_to_a_declaration_that_cannot_be_signed_yet(client, db_session, create_competition, create_member,
                                                           create_offer):
    competition = create_competition(status="draft")  # declarations are signed once the call is announced
    offer = create_offer(competition)
    login(client, create_member(competition, "member", declared=False))
    html = refused(client, offer_urls(offer)[0])
    assert "Twoje oświadczenie o bezstronności w tym konkursie nie zostało jeszcze złożone." in html
    assert "/oswiadczenie" not in html
