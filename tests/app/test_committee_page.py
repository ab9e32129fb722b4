"""Naming the committee in the browser: add by e-mail with a role, change, remove, exclude; NGO accounts refused."""

import re

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.competitions.models import Membership, Role
from app.offers.models import Exclusion
from app.reviews.models import ScoreCard
from tests.conftest import login, post


@pytest.fixture
def call(create_competition, create_member):
    competition = create_competition(status="draft")
    return competition, create_member(competition, "secretary")


def _membership(db_session, competition, user):
    return db_session.scalar(sa.select(Membership).where(Membership.competition_id == competition.id,
                                                         Membership.user_id == user.id))


def test_every_role_of_the_enum_is_offered(client, call):
    competition, secretary = call
    login(client, secretary)
    page = client.get(f"/konkursy/{competition.id}/komisja").get_data(as_text=True)
    for role in Role:
        assert f'value="{role.value}"' in page


def test_an_existing_account_is_added_with_a_role_and_logged(client, db_session, call, create_user):
    competition, secretary = call
    person = create_user(email="anna.nowak@example.org")
    login(client, secretary)
    response = post(client, f"/konkursy/{competition.id}/komisja",
                    {"email": "Anna.Nowak@example.org", "display_name": "Anna Nowak", "role": "chair"})
    assert response.status_code == 200
    assert "została dodana do komisji" in response.get_data(as_text=True)
    assert _membership(db_session, competition, person).role == "chair"
    entry = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "membership.add")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.new_values == {"user": "anna.nowak@example.org", "role": "chair"}


def test_a_person_without_an_account_is_invited_and_the_link_shown_once(client, db_session, call):
    competition, secretary = call
    login(client, secretary)
    response = post(client, f"/konkursy/{competition.id}/komisja",
                    {"email": "nowy.czlonek@example.org", "display_name": "Jan Nowy", "role": "member"})
    html = response.get_data(as_text=True)
    link = re.search(r'value="(http://localhost/zaproszenie/[^"]+)"', html)
    assert link, html[:3000]
    assert "jest wyświetlany tylko teraz" in html
    again = client.get(f"/konkursy/{competition.id}/komisja").get_data(as_text=True)
    assert "/zaproszenie/" not in again  # shown once, never stored


def test_a_new_person_needs_a_name(client, call):
    competition, secretary = call
    login(client, secretary)
    response = post(client, f"/konkursy/{competition.id}/komisja",
                    {"email": "bez.nazwiska@example.org", "display_name": "", "role": "member"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "podaj imię i nazwisko" in html and 'value="bez.nazwiska@example.org"' in html


@pytest.mark.parametrize(("fields", "message"), [
    ({"is_ngo": True}, "nie można mu nadać roli w komisji konkursowej"),
    ({"is_active": False}, "zostało dezaktywowane"),
])
def test_ngo_and_deactivated_accounts_are_refused(client, db_session, call, create_user, fields, message):
    competition, secretary = call
    person = create_user(**fields)
    login(client, secretary)
    response = post(client, f"/konkursy/{competition.id}/komisja",
                    {"email": person.email, "display_name": "X", "role": "member"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _membership(db_session, competition, person) is None


def test_role_change_and_removal_before_any_card(client, db_session, call, create_member):
    competition, secretary = call
    member = create_member(competition, "member")
    membership = _membership(db_session, competition, member)
    login(client, secretary)
    post(client, f"/konkursy/{competition.id}/komisja/{membership.id}/rola", {"role": "expert"})
    db_session.refresh(membership)
    assert membership.role == "expert"
    post(client, f"/konkursy/{competition.id}/komisja/{membership.id}/usun")
    assert _membership(db_session, competition, member) is None
    actions = db_session.scalars(sa.select(AuditEntry.action).where(AuditEntry.competition_id == competition.id)).all()
    assert "membership.role" in actions and "membership.remove" in actions


def test_the_last_secretary_stays(client, db_session, call):
    competition, secretary = call
    membership = _membership(db_session, competition, secretary)
    login(client, secretary)
    response = post(client, f"/konkursy/{competition.id}/komisja/{membership.id}/usun", follow_redirects=True)
    assert "Konkurs musi mieć sekretarza" in response.get_data(as_text=True)
    assert _membership(db_session, competition, secretary) is not None


def test_a_member_with_cards_is_excluded_not_removed(client, db_session, create_competition, create_member,
                                                    create_offer):
    competition = create_competition(status="merit")
    secretary = create_member(competition, "secretary")
    member = create_member(competition, "member")
    offers = [create_offer(competition), create_offer(competition)]
    db_session.add(ScoreCard(offer_id=offers[0].id, user_id=member.id, status="draft", rubric_id="mini",
                             rubric_version="1.0", rubric_hash=competition.rubric_hash))
    db_session.commit()
    membership = _membership(db_session, competition, member)
    login(client, secretary)
    page = client.get(f"/konkursy/{competition.id}/komisja").get_data(as_text=True)
    assert "Wyłącz z oceny" in page
    refused = post(client, f"/konkursy/{competition.id}/komisja/{membership.id}/usun", follow_redirects=True)
    assert "nie można go usunąć" in refused.get_data(as_text=True)
    assert _membership(db_session, competition, member) is not None
    short = post(client, f"/konkursy/{competition.id}/komisja/{membership.id}/wylaczenie", {"reason": "krótko"},
                 follow_redirects=True)
    assert "co najmniej 10 znaków" in short.get_data(as_text=True)
    done = post(client, f"/konkursy/{competition.id}/komisja/{membership.id}/wylaczenie",
                {"reason": "Członek komisji zrezygnował z udziału w pracach komisji."}, follow_redirects=True)
    assert "został wyłączony z oceny" in done.get_data(as_text=True)
    excluded = set(db_session.scalars(sa.select(Exclusion.offer_id).where(Exclusion.user_id == member.id)))
    assert excluded == {offers[0].id, offers[1].id}
    assert db_session.scalar(sa.select(sa.func.count(ScoreCard.id)).where(ScoreCard.user_id == member.id)) == 1


def test_the_committee_page_shows_who_has_not_signed_in(client, call, create_member):
    competition, secretary = call
    create_member(competition, "member", display_name="Zofia Jeszcze-Nie")
    login(client, secretary)
    page = client.get(f"/konkursy/{competition.id}/komisja").get_data(as_text=True)
    row = page[page.index("Zofia Jeszcze-Nie"):]
    assert "jeszcze bez logowania" in row[:600]


def test_a_closed_call_shows_the_committee_without_changes(client, create_competition, create_member):
    competition = create_competition(status="closed")
    secretary = create_member(competition, "secretary")
    login(client, secretary)
    page = client.get(f"/konkursy/{competition.id}/komisja").get_data(as_text=True)
    assert "Dodaj do komisji" not in page
    response = post(client, f"/konkursy/{competition.id}/komisja",
                    {"email": "ktos@example.org", "display_name": "Ktoś", "role": "member"})
    assert response.status_code == 403
