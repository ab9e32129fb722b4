"""The impartiality gate, enforced by the permission functions, and the competition's lifecycle."""

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.competitions import operations, permissions
from app.competitions.models import CompetitionStatus
from app.offers.models import Exclusion, ExclusionKind
from app.reviews.models import Score, ScoreCard
from app.reviews.queries import offer_cards
from app.rubrics.registry import registry
from tests.conftest import login, post


def submitted_card(db_session, offer, user, points: dict[str, str]):
    card = ScoreCard(offer_id=offer.id, user_id=user.id, status="submitted", rubric_id="mini", rubric_version="1.0",
                     rubric_hash=offer.competition.rubric_hash, submitted_at=offer.competition.created_at)
    maxima = {"A1": 10, "A2": 5, "B1": 4, "B2": 6}
    for cid, value in points.items():
        card.scores.append(Score(criterion_id=cid, points=Decimal(value), max_points=Decimal(maxima[cid]),
                                 justification="Uzasadnienie testowe wystarczająco długie, by przejść walidację."))
    db_session.add(card)
    db_session.commit()
    return card


def test_declaring_a_conflict_closes_the_offer_to_the_member(client, db_session, create_competition,
                                                             create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    base = f"/konkursy/{competition.id}/oferty/{offer.id}"
    assert client.get(base).status_code == 200
    page = client.get(base + "/konflikt").get_data(as_text=True)
    assert "zatrudnienie u oferenta" in page
    assert post(client, base + "/konflikt", {}).status_code == 400  # no category chosen
    response = post(client, base + "/konflikt", {"category": "employment", "explanation": "Pracowałam tam w 2025 r."})
    assert response.status_code == 302
    exclusion = db_session.scalar(sa.select(Exclusion).where(Exclusion.user_id == member.id))
    assert (exclusion.kind, exclusion.category) == ("conflict", "employment")
    for path in ("", "/ocena", "/karty", "/konflikt"):
        assert client.get(base + path).status_code == 403, path
    my_work = client.get(f"/konkursy/{competition.id}/moja-praca").get_data(as_text=True)
    assert "wyłączenie (konflikt interesów)" in my_work
    assert "0 z 0 ocenionych" in my_work


def test_an_excluded_members_card_does_not_count(app, db_session, create_competition, create_member,
                                                 create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    first, second, excluded = (create_member(competition, "member") for _ in range(3))
    points = {"A2": "2", "B1": "2", "B2": "3"}
    submitted_card(db_session, offer, first, {"A1": "8", **points})  # 16 + 2 + 1 + 3 = 22
    submitted_card(db_session, offer, second, {"A1": "6", **points})  # 12 + 2 + 1 + 3 = 18
    submitted_card(db_session, offer, excluded, {"A1": "0", **points})  # 0 + 2 + 1 + 3 = 6
    db_session.add(Exclusion(offer_id=offer.id, user_id=excluded.id, kind="secretary", reason="Powód testowy.",
                             created_by_id=first.id))
    db_session.commit()
    with app.test_request_context():
        summary = offer_cards(offer, registry().get("mini", "1.0"))
    assert summary.result.cards_counted == 2
    assert summary.result.points == Decimal("20.00")  # (22 + 18) / 2; the excluded 6 is ignored
    assert summary.result.share == Decimal("0.6061")  # (22/33 + 18/33) / 2 = 0.60606…


def test_secretary_excludes_a_member_with_a_reason(client, db_session, create_competition, create_member,
                                                   create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    secretary = create_member(competition, "secretary")
    member = create_member(competition, "member")
    login(client, secretary)
    url = f"/konkursy/{competition.id}/oferty/{offer.id}/wylaczenie"
    post(client, url, {"member": member.id, "reason": "krótko"})
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Exclusion)) == 0
    post(client, url, {"member": member.id, "reason": "Członek komisji jest członkiem zarządu oferenta."})
    exclusion = db_session.scalar(sa.select(Exclusion))
    assert (exclusion.user_id, exclusion.kind, exclusion.created_by_id) == (member.id, "secretary", secretary.id)


def test_no_offer_content_before_the_declaration(app, db_session, create_competition, create_member,
                                                 create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    member = create_member(competition, "member", declared=False)
    with app.test_request_context():
        assert not permissions.can_open_offer(member, offer)
        assert not permissions.can_score(member, offer)
        assert permissions.can_sign_declaration(member, competition)
        operations.sign_declaration(member, competition)
        db_session.commit()
        assert permissions.can_open_offer(member, offer) and permissions.can_score(member, offer)


def test_experts_read_and_comment_but_never_score(client, app, db_session, create_competition, create_member,
                                                  create_offer):
    competition = create_competition()
    offer = create_offer(competition)
    expert = create_member(competition, "expert")
    with app.test_request_context():
        assert permissions.can_open_offer(expert, offer) and permissions.can_comment(expert, offer)
        assert not permissions.can_score(expert, offer)
    login(client, expert)
    base = f"/konkursy/{competition.id}/oferty/{offer.id}"
    post(client, base + "/komentarze", {"text": "Budżet działań w przestrzeni publicznej wydaje się zaniżony."})
    assert "wydaje się zaniżony" in client.get(base).get_data(as_text=True)
    assert client.get(base + "/ocena").status_code == 403


@pytest.mark.parametrize("start, target, allowed", [
    ("draft", "announced", True), ("announced", "merit", True), ("merit", "closed", True),
    ("draft", "merit", False), ("closed", "merit", False), ("merit", "announced", False),
])
def test_lifecycle_moves_one_step_forward(app, db_session, create_competition, rubrics_dir, start, target,
                                          allowed):
    from tests.conftest import REPO

    rubrics_dir(REPO / "rubrics", REPO)
    competition = create_competition(status=start, rubric_hash=None, rubric_id="cal-wroclaw",
                                     rubric_version="2021.1")
    with app.test_request_context():
        if allowed:  # an empty committee blocks merit assessment: the reason overrides it
            operations.advance_status(None, competition, CompetitionStatus(target),
                                      reason="Komisja zostanie powołana w przyszłym tygodniu.")
            assert competition.status == target
        else:
            with pytest.raises(operations.OperationRefused):
                operations.advance_status(None, competition, CompetitionStatus(target))


def test_announcing_locks_the_rubric_hash_and_requires_a_published_rubric(app, db_session, create_competition,
                                                                         rubrics_dir):
    from tests.conftest import REPO

    rubrics_dir(REPO / "rubrics", REPO)
    competition = create_competition(status="draft", rubric_id="cal-wroclaw", rubric_version="2021.1",
                                     rubric_hash=None)
    with app.test_request_context():
        operations.advance_status(None, competition, CompetitionStatus.ANNOUNCED)
        assert competition.rubric_hash == registry().get("cal-wroclaw", "2021.1").content_hash
    draft_rubric = create_competition(status="draft", rubric_hash=None)  # the mini rubric is a draft
    rubrics_dir(REPO / "tests" / "data", REPO)
    with app.test_request_context(), pytest.raises(operations.OperationRefused) as refused:
        operations.advance_status(None, draft_rubric, CompetitionStatus.ANNOUNCED)
    assert refused.value.code == "rubric_not_published"


def test_a_changed_rubric_file_stops_scoring(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(rubric_hash="0" * 64)
    offer = create_offer(competition)
    member = create_member(competition, "member")
    login(client, member)
    response = client.get(f"/konkursy/{competition.id}/oferty/{offer.id}/ocena")
    assert response.status_code == 409


def test_a_closed_competition_is_read_only(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="closed")
    offer = create_offer(competition)
    member = create_member(competition, "member")
    secretary = create_member(competition, "secretary")
    login(client, member)
    base = f"/konkursy/{competition.id}/oferty/{offer.id}"
    assert client.get(base).status_code == 200  # still readable
    assert client.get(base + "/ocena").status_code == 403
    assert client.get(base + "/konflikt").status_code == 403
    client2 = client.application.test_client()
    login(client2, secretary)
    assert post(client2, f"/konkursy/{competition.id}/status", {"target": "merit"}).status_code == 403
    assert post(client2, base + "/wylaczenie", {"member": member.id, "reason": "x" * 20}).status_code == 403


def test_exclusion_kinds_are_known():
    assert {k.value for k in ExclusionKind} == {"conflict", "secretary"}
