"""Lifecycle steps: a confirmation page with what the step does and what blocks it; overrides need a reason."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.competitions.models import Competition, LifecycleEvent
from app.competitions.queries import lifecycle_overrides
from tests.app.test_impartiality import submitted_card
from tests.conftest import login, post

REASON = "Oferta nr 2 czeka na uzupełnienie; termin komisji jest nieprzekraczalny."
POINTS = {"A1": "5", "A2": "2", "B1": "2", "B2": "3"}


def status_of(db_session, competition) -> str:
    db_session.expire_all()
    return db_session.get(Competition, competition.id).status


@pytest.fixture
def ready(db_session, create_competition, create_member, create_offer):
    """An announced call whose committee and offers are ready for merit assessment."""
    competition = create_competition(status="announced")
    offer = create_offer(competition)
    people = {"secretary": create_member(competition, "secretary"), "chair": create_member(competition, "chair"),
              "member": create_member(competition, "member"), "expert": create_member(competition, "expert")}
    return competition, offer, people


def test_starting_merit_assessment_with_nothing_blocking_is_confirmed_on_its_own_page(client, db_session, ready):
    competition, _, people = ready
    login(client, people["secretary"])
    url = f"/konkursy/{competition.id}/status"
    show = client.get(f"/konkursy/{competition.id}").get_data(as_text=True)
    assert f'<a class="button" href="{url}">Rozpocznij ocenę merytoryczną</a>' in show  # a link, not a one-click form
    page = client.get(url).get_data(as_text=True)
    assert "Rozpoczyna się ocena merytoryczna." in page and "Nic nie blokuje tego kroku." in page
    assert status_of(db_session, competition) == "announced"  # showing the page changes nothing
    assert post(client, url, {"target": "merit"}).status_code == 302
    assert status_of(db_session, competition) == "merit"
    assert lifecycle_overrides(competition) == []
    event = db_session.scalar(sa.select(LifecycleEvent))
    assert (event.from_status, event.to_status, event.reason, event.overridden) == ("announced", "merit", None, [])


def test_merit_assessment_without_a_committee_and_with_open_checks_is_refused_without_a_reason(
        client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="announced")
    pending = create_offer(competition, formal_status="pending", number="P/1")
    secretary = create_member(competition, "secretary")
    login(client, secretary)
    url = f"/konkursy/{competition.id}/status"
    page = client.get(url).get_data(as_text=True)
    for text in ("Komisja nie ma przewodniczącego.", "Komisja ma mniej niż dwie osoby oceniające oferty",
                 "Żadna oferta nie została dopuszczona w ocenie formalnej.",
                 f'href="/konkursy/{competition.id}/oferty/{pending.id}/ocena-formalna">P/1</a>'):
        assert text in page
    for reason in ("", "   ", "za krótko"):
        response = post(client, url, {"target": "merit", "reason": reason})
        assert response.status_code == 400
        assert "Ten krok nadal coś blokuje" in response.get_data(as_text=True)
        assert status_of(db_session, competition) == "announced"
    typed = post(client, url, {"target": "merit", "reason": "za krótko"}).get_data(as_text=True)
    assert "za krótko</textarea>" in typed  # what was typed is kept
    assert post(client, url, {"target": "merit", "reason": REASON}).status_code == 302
    assert status_of(db_session, competition) == "merit"
    [override] = lifecycle_overrides(competition)
    assert (override.actor, override.from_status, override.to_status, override.reason) == (
        secretary.display_name, "announced", "merit", REASON)
    assert {b["kind"] for b in override.blockers} == {"no_chair", "no_scorers", "no_admitted", "formal_check"}
    assert {"kind": "formal_check", "subject": "", "offers": ["P/1"]} in override.blockers
    audit = db_session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "competition.status"))
    assert audit.new_values["reason"] == REASON and len(audit.new_values["overridden"]) == 4


def test_closing_with_missing_cards_and_an_open_check_needs_a_reason_then_the_dashboard_says_closed(
        client, db_session, create_competition, create_member, create_offer):
    competition = create_competition()
    scored = create_offer(competition, number="Z/1")
    waiting = create_offer(competition, number="Z/2", formal_status="to_supplement")
    secretary = create_member(competition, "secretary")
    chair = create_member(competition, "chair", display_name="Ewa Przewodnicząca")
    member = create_member(competition, "member", display_name="Jan Członek")
    submitted_card(db_session, scored, chair, POINTS)
    login(client, secretary)
    url = f"/konkursy/{competition.id}/status"
    page = client.get(url).get_data(as_text=True)
    assert "Konkurs zostaje zamknięty." in page and "Tego kroku nie można cofnąć." in page
    assert "Jan Członek: brakuje 1 karty:" in page
    assert f'href="/konkursy/{competition.id}/oferty/{waiting.id}/ocena-formalna">Z/2</a>' in page
    assert post(client, url, {"target": "closed"}).status_code == 400  # one click no longer closes it
    assert status_of(db_session, competition) == "merit"
    assert post(client, url, {"target": "closed", "reason": REASON}).status_code == 302
    assert status_of(db_session, competition) == "closed"
    [override] = lifecycle_overrides(competition)
    assert {"kind": "cards", "subject": "Jan Członek", "offers": ["Z/1"]} in override.blockers
    board = client.get(f"/konkursy/{competition.id}/pulpit").get_data(as_text=True)
    assert "Co jeszcze wstrzymuje sporządzenie protokołu" not in board and "brakuje 1 karty" not in board
    assert "Konkurs jest zamknięty" in board and REASON in board
    assert client.get(url).status_code == 403  # nothing after closed
    assert member.display_name in override.blockers[-1]["subject"]  # his card stays missing: the override says so


def test_a_second_confirmation_of_a_step_already_taken_is_refused(client, db_session, ready):
    competition, _, people = ready
    login(client, people["secretary"])
    url = f"/konkursy/{competition.id}/status"
    assert post(client, url, {"target": "merit"}).status_code == 302
    response = post(client, url, {"target": "merit"})  # e.g. the form sent again from another tab
    assert response.status_code == 409
    assert status_of(db_session, competition) == "merit"


@pytest.mark.parametrize("role, allowed", [("secretary", True), ("admin", True), ("chair", False),
                                           ("member", False), ("expert", False), ("outsider", False)])
@pytest.mark.parametrize("with_reason", [False, True])
def test_who_may_move_the_call(client, db_session, ready, create_user, create_competition, create_member, role,
                               allowed, with_reason):
    competition, _, people = ready
    people["admin"] = create_user(is_admin=True)
    people["outsider"] = create_member(create_competition(), "secretary")
    login(client, people[role])
    response = post(client, f"/konkursy/{competition.id}/status",
                    {"target": "merit", **({"reason": REASON} if with_reason else {})})
    assert response.status_code == (302 if allowed else 403)
    assert status_of(db_session, competition) == ("merit" if allowed else "announced")


def test_the_chair_closes_scoring_with_a_reason_and_the_ranking_becomes_final(client, db_session,
                                                                              create_competition, create_member,
                                                                              create_offer):
    from decimal import Decimal

    competition = create_competition(budget=Decimal("100000.00"))
    first = create_offer(competition, number="K/1", requested_grant=Decimal("64000.00"))
    second = create_offer(competition, number="K/2", requested_grant=Decimal("10000.00"))
    chair = create_member(competition, "chair")
    member = create_member(competition, "member", display_name="Jan Spóźniony")
    secretary = create_member(competition, "secretary")
    for offer in (first, second):
        submitted_card(db_session, offer, chair, {"A1": "9", "A2": "4", "B1": "4", "B2": "6"})
    submitted_card(db_session, first, member, {"A1": "9", "A2": "4", "B1": "4", "B2": "6"})
    ranking_url = f"/konkursy/{competition.id}/wyniki"
    close_url = ranking_url + "/zamkniecie-oceny"
    login(client, chair)
    html = client.get(ranking_url).get_data(as_text=True)
    assert "<h1>Ranking wstępny</h1>" in html and "Brakuje jeszcze 1 karty." in html
    assert "<td>rekomendowana</td>" not in html and "na razie mieści się w budżecie (wstępnie)" in html
    assert f'href="{close_url}"' in html
    page = client.get(close_url).get_data(as_text=True)
    assert "Jan Spóźniony: brakuje 1 karty:" in page and "Tego kroku nie można cofnąć." in page
    assert post(client, close_url, {"reason": "krótko"}).status_code == 400
    assert db_session.get(Competition, competition.id).scoring_closed_at is None
    assert post(client, close_url, {"reason": REASON}).status_code == 302
    db_session.expire_all()
    assert db_session.get(Competition, competition.id).scoring_closed_at is not None
    html = client.get(ranking_url).get_data(as_text=True)
    assert "<h1>Ranking ofert</h1>" in html and "<td>rekomendowana</td>" in html and REASON in html
    assert "wstępn" not in html
    assert client.get(close_url).status_code == 403  # once
    audit = db_session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "competition.close_scoring"))
    assert audit.new_values["reason"] == REASON
    assert audit.new_values["missing_cards"] == [{"kind": "cards", "subject": "Jan Spóźniony", "offers": ["K/2"]}]
    # no more scoring: the late member's card stays out
    client2 = client.application.test_client()
    login(client2, member)
    assert client2.get(f"/konkursy/{competition.id}/oferty/{second.id}/ocena").status_code == 403
    client3 = client.application.test_client()
    login(client3, secretary)
    assert client3.get(close_url).status_code == 403  # only the chair closes scoring


def test_with_every_card_in_the_chair_closes_scoring_without_a_reason(client, db_session, create_competition,
                                                                     create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    chair = create_member(competition, "chair")
    submitted_card(db_session, offer, chair, POINTS)
    login(client, chair)
    html = client.get(f"/konkursy/{competition.id}/wyniki").get_data(as_text=True)
    assert "<h1>Ranking ofert</h1>" in html  # every card is in: final already
    url = f"/konkursy/{competition.id}/wyniki/zamkniecie-oceny"
    assert "Wszystkie karty zostały złożone." in client.get(url).get_data(as_text=True)
    assert post(client, url).status_code == 302
    event = db_session.scalar(sa.select(LifecycleEvent).where(LifecycleEvent.kind == "close_scoring"))
    assert (event.reason, event.overridden) == (None, [])
