"""A member's way through a competition: declare, open, score, submit, correct — and the refusals."""

import re
from decimal import Decimal

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.reviews.models import CardCorrection, ScoreCard
from tests.conftest import login, post

WHY = "Oferta opisuje diagnozę potrzeb mieszkańców osiedla na podstawie ankiety i rozmów z radą osiedla."


def score_url(offer):
    return f"/konkursy/{offer.competition_id}/oferty/{offer.id}/ocena"


def card_data(version="", **points):
    """Form data for the mini rubric's criteria that apply (A1, A2, B1; B2 depends on the applicant)."""
    data = {"version": version}
    for cid, value in points.items():
        data[f"points_{cid}"] = value
        data[f"why_{cid}"] = WHY
    return data


def version_on(html: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d*)"', html).group(1)


def test_member_declares_then_scores_and_submits(client, db_session, create_competition, create_member,
                                                  create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member", declared=False)
    login(client, member)

    assert client.get(f"/konkursy/{competition.id}/oferty/{offer.id}").status_code == 403  # not declared yet
    page = client.get(f"/konkursy/{competition.id}/oswiadczenie").get_data(as_text=True)
    assert "Oświadczenie o bezstronności" in page
    response = post(client, f"/konkursy/{competition.id}/oswiadczenie", {"confirm": "y"})
    assert response.status_code == 302
    assert client.get(f"/konkursy/{competition.id}/oferty/{offer.id}").status_code == 200

    form = client.get(score_url(offer)).get_data(as_text=True)
    assert "Karta oceny" in form and 'name="points_A1"' in form
    assert 'name="points_B1"' in form  # "wsparcie": pkt 4 applies
    response = post(client, score_url(offer), {**card_data(A1="7", A2="2,5"), "save_draft": "1"})
    assert response.status_code == 302
    card = db_session.scalar(sa.select(ScoreCard).where(ScoreCard.user_id == member.id))
    assert card.status == "draft" and {s.criterion_id: s.points for s in card.scores} == {
        "A1": Decimal("7.00"), "A2": Decimal("2.50")}

    page = client.get(score_url(offer)).get_data(as_text=True)
    assert 'value="2.5"' in page and "Oferta opisuje diagnozę" in page
    response = post(client, score_url(offer), {**card_data(version_on(page), A1="7", A2="2,5", B1="3", B2="6"),
                                               "submit_card": "1"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/karty")
    db_session.expire_all()
    card = db_session.get(ScoreCard, card.id)
    assert card.status == "submitted" and card.submitted_at is not None
    cards_page = client.get(response.headers["Location"]).get_data(as_text=True)
    # 7×2 + 2.5 + 3×0.5 + 6 = 24 of 33 (the mini rubric is weighted)
    assert "24 / 33" in cards_page
    actions = db_session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-3:] == ["declaration.sign", "card.save_draft", "card.submit"]


def test_submitting_an_incomplete_card_keeps_the_draft_and_says_what_is_missing(
        client, db_session, create_competition, create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    data = card_data(A1="7", A2="2")
    data["why_A2"] = "OK"
    response = post(client, score_url(offer), {**data, "submit_card": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "zapisana jako szkic, ale nie została złożona" in html
    assert "Podaj liczbę punktów za to kryterium." in html  # B1, B2 missing
    assert "nie wyjaśniają oceny" in html  # "OK"
    assert "diagnozę potrzeb mieszkańców" in html  # what was typed is kept
    card = db_session.scalar(sa.select(ScoreCard).where(ScoreCard.user_id == member.id))
    assert card.status == "draft"


def test_points_out_of_range_are_refused_and_nothing_is_saved(client, db_session, create_competition,
                                                              create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    response = post(client, score_url(offer), {**card_data(A1="11", A2="2,25"), "save_draft": "1"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "między 0 a maksymalną liczbą punktów" in html and "wielokrotnością kroku" in html
    assert 'value="11"' in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)) == 0
    response = post(client, score_url(offer), {**card_data(A1="siedem"), "save_draft": "1"})
    assert response.status_code == 400 and "Wpisz liczbę punktów" in response.get_data(as_text=True)


def test_a_second_tab_cannot_overwrite_the_first(client, db_session, create_competition, create_member,
                                                 create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    post(client, score_url(offer), {**card_data(A1="5"), "save_draft": "1"})
    opened = version_on(client.get(score_url(offer)).get_data(as_text=True))
    # tab 1 saves
    assert post(client, score_url(offer), {**card_data(opened, A1="6"), "save_draft": "1"}).status_code == 302
    # tab 2, opened at the same time, saves with the old version
    response = post(client, score_url(offer), {**card_data(opened, A1="9"), "save_draft": "1"})
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "NIE zostały zapisane" in html and 'value="9"' in html
    card = db_session.scalar(sa.select(ScoreCard).where(ScoreCard.user_id == member.id))
    db_session.refresh(card)
    assert [s.points for s in card.scores if s.criterion_id == "A1"] == [Decimal("6.00")]


def test_correction_needs_a_reason_and_keeps_history(client, db_session, create_competition, create_member,
                                                     create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    page = client.get(score_url(offer)).get_data(as_text=True)
    post(client, score_url(offer), {**card_data(version_on(page), A1="7", A2="2", B1="3", B2="6"),
                                    "submit_card": "1"})
    assert client.get(score_url(offer)).status_code == 302  # submitted: no more editing there
    page = client.get(score_url(offer) + "/korekta").get_data(as_text=True)
    data = card_data(version_on(page), A1="8", A2="2", B1="3", B2="6")
    response = post(client, score_url(offer) + "/korekta", {**data, "reason": "bo tak", "submit_correction": "1"})
    assert response.status_code == 400 and "co najmniej 15 znaków" in response.get_data(as_text=True)
    reason = "Po ponownej lekturze części III.4 uznaję harmonogram za pełniejszy."
    response = post(client, score_url(offer) + "/korekta", {**data, "reason": reason, "submit_correction": "1"})
    assert response.status_code == 302
    [correction] = db_session.scalars(sa.select(CardCorrection)).all()
    assert (correction.criterion_id, correction.old_points, correction.new_points, correction.reason) == (
        "A1", Decimal("7.00"), Decimal("8.00"), reason)
    assert correction.user_id == member.id
    history = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Korekty" in history and reason in history


def test_other_members_scores_are_hidden_until_ones_own_card_is_submitted(
        client, db_session, create_competition, create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    first = create_member(competition, "member")
    second = create_member(competition, "member")
    login(client, first)
    page = client.get(score_url(offer)).get_data(as_text=True)
    post(client, score_url(offer), {**card_data(version_on(page), A1="7", A2="2", B1="3", B2="6"),
                                    "submit_card": "1"})
    client.post("/wylogowanie", data={"csrf_token": ""})
    second_client = client.application.test_client()
    login(second_client, second)
    cards = f"/konkursy/{competition.id}/oferty/{offer.id}/karty"
    assert second_client.get(cards).status_code == 403
    first_card = db_session.scalar(sa.select(ScoreCard).where(ScoreCard.user_id == first.id))
    assert second_client.get(f"{cards}/{first_card.id}").status_code == 403


def test_the_scoring_page_shows_the_offer_with_its_checks(client, db_session, create_competition, create_member,
                                                         create_offer):
    from dataclasses import replace
    from decimal import Decimal

    from tests.factories import sample_offer_form

    competition = create_competition()
    form = sample_offer_form()
    wrong = replace(form, funding=replace(form.funding, grant=Decimal("65000.00")))  # 65 000 + 2 000 ≠ 66 000
    offer = create_offer(competition, form=wrong)
    login(client, create_member(competition, "member"))
    html = client.get(score_url(offer)).get_data(as_text=True)
    assert "Wyniki sprawdzenia spójności oferty" in html
    assert "66\u00a0000,00\u00a0zł" in html and "65\u00a0000,00\u00a0zł" in html


def test_a_criterion_emptied_in_a_later_save_is_removed_and_the_rest_kept(client, db_session, create_competition,
                                                                         create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    post(client, score_url(offer), {**card_data(A1="5", A2="2"), "save_draft": "1"})
    opened = version_on(client.get(score_url(offer)).get_data(as_text=True))
    emptied = {**card_data(opened, A2="3"), "points_A1": "", "why_A1": "", "save_draft": "1"}
    assert post(client, score_url(offer), emptied).status_code == 302
    card = db_session.scalar(sa.select(ScoreCard).where(ScoreCard.user_id == member.id))
    db_session.refresh(card)
    assert {s.criterion_id: s.points for s in card.scores} == {"A2": Decimal("3.00")}
    assert card.version_id == int(opened) + 1 and card.status == "draft"
    entry = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "card.save_draft")
                               .order_by(AuditEntry.id.desc())).first()
    assert entry.object_id == str(card.id) and '"A1"' in entry.old and '"A1"' not in entry.new
