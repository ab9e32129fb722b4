"""The declaration names the applicants; a conflict declared by mistake is withdrawn only with the secretary's
consent; explanations and reasons are for the secretary and the chair (issue 11)."""

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.offers.models import ConflictWithdrawal, Exclusion
from tests.conftest import login, post

EXPLANATION = "Do 2025 r. byłam wolontariuszką oferenta przy festynie osiedlowym."
REASON = "Pomyliłam stowarzyszenia o podobnych nazwach; z tym oferentem nic mnie nie łączy."


@pytest.fixture
def call(db_session, create_competition, create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    people = {role: create_member(competition, role) for role in ("secretary", "chair", "member", "expert")}
    people["conflicted"] = create_member(competition, "member")
    return competition, offer, people


def base(offer) -> str:
    return f"/konkursy/{offer.competition_id}/oferty/{offer.id}"


def as_user(client, user):
    """A browser of its own, signed in as the user."""
    other = client.application.test_client()
    login(other, user)
    return other


def declare(client, offer, member):
    client = as_user(client, member)
    response = post(client, base(offer) + "/konflikt", {"category": "volunteering", "explanation": EXPLANATION})
    assert response.status_code == 302
    return client


def actions(db_session) -> list[str]:
    """The audit log's actions, sign-ins left out."""
    return list(db_session.scalars(sa.select(AuditEntry.action).where(AuditEntry.action != "user.login")
                                   .order_by(AuditEntry.id)))


def test_declaration_lists_every_applicant_and_title_but_no_content(client, db_session, create_competition,
                                                                    create_member, create_offer):
    competition = create_competition(status="announced")
    admitted = create_offer(competition, applicant_name="Fundacja „Zielone Podwórko”", title="CAL na Kozanowie")
    pending = create_offer(competition, applicant_name="Stowarzyszenie „Sąsiedzi Leśnicy”", title="CAL w Leśnicy",
                           formal_status="pending")
    login(client, create_member(competition, "member", declared=False))
    html = client.get(f"/konkursy/{competition.id}/oswiadczenie").get_data(as_text=True)
    for offer in (admitted, pending):
        assert offer.number in html
    assert "Fundacja „Zielone Podwórko”" in html and "CAL na Kozanowie" in html
    assert "Stowarzyszenie „Sąsiedzi Leśnicy”" in html and "CAL w Leśnicy" in html
    assert "Animator" not in html and "ul. Testowa 1" not in html and "64\u00a0000" not in html
    post(client, f"/konkursy/{competition.id}/oswiadczenie", {"confirm": "y"})
    signed = client.get(f"/konkursy/{competition.id}/oswiadczenie").get_data(as_text=True)
    assert "Oferenci w tym konkursie" in signed and "CAL na Kozanowie" in signed


def test_withdrawal_request_accepted_by_the_secretary_reopens_the_offer(client, db_session, call):
    competition, offer, people = call
    client = declare(client, offer, people["conflicted"])
    my_work = client.get(f"/konkursy/{competition.id}/moja-praca").get_data(as_text=True)
    assert f'href="{base(offer)}/konflikt/wycofanie"' in my_work

    short = post(client, base(offer) + "/konflikt/wycofanie", {"reason": "pomyłka"})
    assert short.status_code == 400 and "Wpisz od 10 do 2000 znaków." in short.get_data(as_text=True)
    assert "pomyłka" in short.get_data(as_text=True)  # what was typed stays
    assert post(client, base(offer) + "/konflikt/wycofanie", {"reason": REASON}).status_code == 302
    assert client.get(base(offer)).status_code == 403  # still excluded until the secretary accepts
    assert client.get(base(offer) + "/konflikt/wycofanie").status_code == 403  # one request at a time
    [request] = db_session.scalars(sa.select(ConflictWithdrawal)).all()
    assert (request.status, request.reason, request.explanation, request.category) == (
        "pending", REASON, EXPLANATION, "volunteering")

    member = as_user(client, people["member"])  # another member may not decide
    assert post(member, f"{base(offer)}/konflikt/wycofanie/{request.id}", {"accept": "y"}).status_code == 403

    secretary = as_user(client, people["secretary"])
    dashboard = secretary.get(f"/konkursy/{competition.id}/pulpit").get_data(as_text=True)
    assert EXPLANATION in dashboard and REASON in dashboard and "oczekuje na decyzję sekretarza" in dashboard
    response = post(secretary, f"{base(offer)}/konflikt/wycofanie/{request.id}", {"accept": "y"})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.scalar(sa.select(Exclusion).where(Exclusion.user_id == people["conflicted"].id)) is None
    assert db_session.get(ConflictWithdrawal, request.id).status == "accepted"
    assert db_session.get(ConflictWithdrawal, request.id).decided_by_id == people["secretary"].id
    again = post(secretary, f"{base(offer)}/konflikt/wycofanie/{request.id}", {"refuse": "y"})
    assert "Ten wniosek został już rozpatrzony" in secretary.get(again.headers["Location"]).get_data(as_text=True)

    assert client.get(base(offer)).status_code == 200
    assert client.get(base(offer) + "/ocena").status_code == 200
    assert actions(db_session)[-3:] == ["exclusion.conflict", "conflict.withdrawal_request",
                                        "conflict.withdrawal_accepted"]


def test_refused_withdrawal_keeps_the_exclusion(client, db_session, call):
    _competition, offer, people = call
    client = declare(client, offer, people["conflicted"])
    post(client, base(offer) + "/konflikt/wycofanie", {"reason": REASON})
    request = db_session.scalar(sa.select(ConflictWithdrawal))
    secretary = as_user(client, people["secretary"])
    assert post(secretary, f"{base(offer)}/konflikt/wycofanie/{request.id}", {"refuse": "y"}).status_code == 302
    db_session.expire_all()
    assert db_session.get(ConflictWithdrawal, request.id).status == "refused"
    assert db_session.scalar(sa.select(Exclusion).where(Exclusion.user_id == people["conflicted"].id)) is not None
    assert actions(db_session)[-1] == "conflict.withdrawal_refused"
    assert client.get(base(offer)).status_code == 403
    # a refused request may be followed by a new one, with a better reason
    assert client.get(base(offer) + "/konflikt/wycofanie").status_code == 200


def test_a_decision_without_a_choice_or_a_token_changes_nothing(client, db_session, call):
    _competition, offer, people = call
    client = declare(client, offer, people["conflicted"])
    post(client, base(offer) + "/konflikt/wycofanie", {"reason": REASON})
    request = db_session.scalar(sa.select(ConflictWithdrawal))
    client = as_user(client, people["secretary"])
    post(client, f"{base(offer)}/konflikt/wycofanie/{request.id}", {})
    assert client.post(f"{base(offer)}/konflikt/wycofanie/{request.id}", data={"accept": "y"}).status_code == 400
    db_session.expire_all()
    assert db_session.get(ConflictWithdrawal, request.id).status == "pending"


def test_exclusion_by_the_secretary_cannot_be_withdrawn_by_the_member(client, db_session, call):
    _competition, offer, people = call
    secretary = as_user(client, people["secretary"])
    post(secretary, base(offer) + "/wylaczenie", {"member": str(people["member"].id),
                                                  "reason": "Powiązanie rodzinne z członkiem zarządu oferenta."})
    client = as_user(client, people["member"])
    assert client.get(base(offer) + "/konflikt/wycofanie").status_code == 403
    assert post(client, base(offer) + "/konflikt/wycofanie", {"reason": REASON}).status_code == 403
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ConflictWithdrawal)) == 0


def test_explanations_and_reasons_are_for_the_secretary_and_the_chair_only(client, db_session, call):
    competition, offer, people = call
    declare(client, offer, people["conflicted"])
    secretary = as_user(client, people["secretary"])
    post(secretary, base(offer) + "/wylaczenie", {"member": str(people["expert"].id),
                                                  "reason": "Ekspert przygotowywał tę ofertę z oferentem."})
    for role in ("secretary", "chair"):
        browser = as_user(client, people[role])
        for url in (f"/konkursy/{competition.id}/pulpit", base(offer)):
            html = browser.get(url).get_data(as_text=True)
            assert EXPLANATION in html and "Ekspert przygotowywał tę ofertę z oferentem." in html, (role, url)
    client = as_user(client, people["member"])
    html = client.get(base(offer)).get_data(as_text=True)
    assert EXPLANATION not in html and "Ekspert przygotowywał" not in html
    assert client.get(f"/konkursy/{competition.id}/pulpit").status_code == 403


def test_a_request_is_decided_only_on_its_own_offer(client, db_session, call, create_offer):
    competition, offer, people = call
    other = create_offer(competition)
    client = declare(client, offer, people["conflicted"])
    post(client, base(offer) + "/konflikt/wycofanie", {"reason": REASON})
    request = db_session.scalar(sa.select(ConflictWithdrawal))
    secretary = as_user(client, people["secretary"])
    response = post(secretary, f"{base(other)}/konflikt/wycofanie/{request.id}", {"accept": "y"})
    assert "Ten wniosek został już rozpatrzony albo nie istnieje." in secretary.get(
        response.headers["Location"]).get_data(as_text=True)
    assert post(secretary, f"{base(offer)}/konflikt/wycofanie/{2**64}", {"accept": "y"}).status_code == 404
    db_session.expire_all()
    assert db_session.get(ConflictWithdrawal, request.id).status == "pending"
