"""The calibration round: starting it, scoring the samples, who sees what when, closing, and the audit log."""

import json
import re
from decimal import Decimal

import pytest

from app.audit.models import AuditEntry
from app.calibration import operations, queries
from app.calibration.models import CalibrationCard, CalibrationRound
from app.calibration.permissions import can_score_calibration
from app.competitions.operations import OperationRefused
from app.core.scoring import CriterionScore
from app.extensions import db
from app.offers.models import Offer
from app.rubrics.registry import call_rubric
from tests.app.test_scoring_flow import card_data
from tests.conftest import login, post

WHY = "Oferta opisuje diagnozę potrzeb mieszkańców osiedla na podstawie ankiety i rozmów z radą osiedla."


def signed_in(app, user):
    """A fresh browser signed in as the user."""
    browser = app.test_client()
    login(browser, user)
    return browser


def url(competition, tail=""):
    return f"/konkursy/{competition.id}/kalibracja{tail}"


@pytest.fixture
def call(db_session, create_competition, create_member):
    """An announced call with a secretary, a chair, two members, an expert and an official."""
    competition = create_competition(status="announced")
    people = {"secretary": create_member(competition, "secretary", display_name="Sekretarz"),
              "chair": create_member(competition, "chair", display_name="Anna Przewodnicząca"),
              "member": create_member(competition, "member", display_name="Bogdan Członek"),
              "member2": create_member(competition, "member", declared=False, display_name="Celina Członkini"),
              "expert": create_member(competition, "expert", display_name="Ekspert"),
              "official": create_member(competition, "official", display_name="Urzędnik")}
    return competition, people


def started(app, competition, people, keys=("podworko", "festyn")):
    with app.test_request_context():
        calibration = operations.start_round(people["secretary"], competition, list(keys))
        db.session.commit()
    return calibration


def entries(rubric, points):
    return {cid: CriterionScore(cid, Decimal(value), False, f"{WHY} ({cid}: {value})") for cid, value in points.items()}


def submit(app, user, sample, points):
    with app.test_request_context():
        rubric = call_rubric(sample.round.competition)
        result = operations.save_calibration_card(user, sample, rubric, entries(rubric, points), None, submit=True)
    assert result.submitted, result.problems
    return result


FULL = {"A1": "8", "A2": "4", "B1": "4", "B2": "6"}
LOW = {"A1": "2", "A2": "3,5".replace(",", "."), "B1": "4", "B2": "6"}


def test_the_secretary_starts_a_round_with_the_shipped_samples(app, client, call):
    competition, people = call
    login(client, people["secretary"])
    page = client.get(url(competition)).get_data(as_text=True)
    assert "Nie rozpoczęto" in page or "nie rozpoczęto" in page
    form = client.get(url(competition, "/start")).get_data(as_text=True)
    assert "oferta przykładowa" in form.lower() or "Oferta przykładowa" in form
    assert post(client, url(competition, "/start"), {}).status_code == 400  # none chosen
    response = post(client, url(competition, "/start"), {"samples": ["podworko", "festyn"]})
    assert response.status_code == 302
    calibration = queries.round_of(competition)
    assert [s.key for s in calibration.samples] == ["podworko", "festyn"]
    assert "(fikcyjna)" in calibration.samples[0].label and "fikcyjna" in calibration.samples[0].title
    assert calibration.samples[0].form_data["applicants"][0]["name"].endswith("(oferta przykładowa, fikcyjna)")
    entry = AuditEntry.query.filter_by(action="calibration.round.start").one()
    assert entry.competition_id == competition.id
    # one round per call; not once merit assessment started
    with app.test_request_context(), pytest.raises(OperationRefused, match="calibration_exists"):
        operations.start_round(people["secretary"], competition, ["podworko"])


def test_a_round_starts_only_before_merit_assessment_and_with_one_or_two_samples(db_session, call,
                                                                                create_competition, create_member):
    competition, people = call
    with pytest.raises(OperationRefused, match="calibration_unknown_sample"):
        operations.start_round(people["secretary"], competition, ["nie-ma-takiej"])
    with pytest.raises(OperationRefused, match="calibration_sample_count"):
        operations.start_round(people["secretary"], competition, [])
    merit = create_competition(status="merit")
    secretary = create_member(merit, "secretary")
    with pytest.raises(OperationRefused, match="calibration_too_late"):
        operations.start_round(secretary, merit, ["podworko"])


def test_participants_are_the_scoring_members_only(call):
    competition, _people = call
    names = [u.display_name for u in queries.participants(competition)]
    assert names == ["Anna Przewodnicząca", "Bogdan Członek", "Celina Członkini"]  # no secretary, expert, official


def test_a_member_scores_a_sample_with_the_real_card_rules_from_my_work(app, client, call):
    competition, people = call
    calibration = started(app, competition, people)
    sample = calibration.samples[0]
    login(client, people["member2"])  # no declaration needed: the samples are fictional
    work = client.get(f"/konkursy/{competition.id}/moja-praca").get_data(as_text=True)
    assert "Zadania kalibracyjne" in work and sample.label in work
    score = url(competition, f"/probki/{sample.id}/ocena")
    page = client.get(score).get_data(as_text=True)
    assert 'name="points_A1"' in page and "oferta przykładowa" in page.lower()
    # the justification rules of a real card
    response = post(client, score, {**card_data(A1="7", A2="2,5", B1="3", B2="5"), "why_A1": "OK", "submit_card": "1"})
    assert response.status_code == 400
    card = queries.card_of(sample, people["member2"])
    assert card is not None and not card.is_submitted  # saved as a draft, not submitted
    response = post(client, score, {**card_data(str(card.version_id), A1="7", A2="2,5", B1="3", B2="5"),
                                    "submit_card": "1"})
    assert response.status_code == 302
    assert queries.card_of(sample, people["member2"]).is_submitted
    assert [e.action for e in AuditEntry.query.filter(AuditEntry.action.like("calibration.card.%"))
            .order_by(AuditEntry.id)] == ["calibration.card.save_draft", "calibration.card.submit"]
    assert AuditEntry.query.filter(AuditEntry.action.like("card.%")).count() == 0
    # a submitted card cannot be changed
    assert client.get(score).status_code == 302


def test_nobody_sees_the_comparison_before_every_card_is_in(app, call):
    competition, people = call
    calibration = started(app, competition, people, ("podworko",))
    sample = calibration.samples[0]
    compare = url(competition, f"/probki/{sample.id}")
    submit(app, people["chair"], sample, FULL)
    submit(app, people["member"], sample, LOW)
    for key in ("secretary", "chair", "member", "member2", "expert", "official"):
        assert signed_in(app, people[key]).get(compare).status_code == 403, key
    # the chair follows who has submitted, without scores
    page = signed_in(app, people["chair"]).get(url(competition)).get_data(as_text=True)
    assert "Celina Członkini" in page and "nierozpoczęta" in page
    submit(app, people["member2"], sample, {"A1": "5", "A2": "4", "B1": "4", "B2": "6"})
    assert queries.round_of(competition).is_closed  # the last card closes the round
    for key, status in (("secretary", 200), ("chair", 200), ("member", 200), ("member2", 200), ("expert", 200),
                        ("official", 403)):
        assert signed_in(app, people[key]).get(compare).status_code == status, key
    page = signed_in(app, people["member"]).get(compare).get_data(as_text=True)
    # A1 (spread 6 of 10) comes before A2 (1 of 5) and B1 (0); members named, justifications side by side
    assert page.index("A1. ") < page.index("A2. ") < page.index("B1. ")
    assert "Anna Przewodnicząca" in page and "(A1: 8)" in page and "(A1: 2)" in page
    assert "<svg" in page and "<script" not in page.split("<main", 1)[-1]


def test_the_secretary_closes_the_round_early_with_a_reason(app, client, call):
    competition, people = call
    calibration = started(app, competition, people)
    first = calibration.samples[0]
    submit(app, people["chair"], first, FULL)
    assert signed_in(app, people["chair"]).get(url(competition, "/zamkniecie")).status_code == 403
    login(client, people["secretary"])
    assert post(client, url(competition, "/zamkniecie"), {"reason": "za krótko"}).status_code == 400
    response = post(client, url(competition, "/zamkniecie"),
                    {"reason": "Dwie osoby są na urlopie, a posiedzenie komisji odbywa się jutro rano."})
    assert response.status_code == 302
    closed = queries.round_of(competition)
    assert closed.is_closed and closed.close_reason.startswith("Dwie osoby")
    entry = AuditEntry.query.filter_by(action="calibration.round.close").one()
    assert len(json.loads(entry.new)["missing"]) == 5  # 3 members × 2 samples − the chair's one card
    # everyone on the committee sees the comparison now, the one card there is
    member2 = signed_in(app, people["member2"])
    assert member2.get(url(competition, f"/probki/{first.id}")).status_code == 200
    assert member2.get(url(competition, f"/probki/{first.id}/ocena")).status_code == 403
    with pytest.raises(OperationRefused, match="calibration_closed"):
        submit(app, people["member"], first, FULL)


def test_a_stale_calibration_form_is_refused(app, call):
    from app.reviews.operations import StaleCard

    competition, people = call
    sample = started(app, competition, people, ("podworko",)).samples[0]
    with app.test_request_context():
        rubric = call_rubric(competition)
        operations.save_calibration_card(people["chair"], sample, rubric, entries(rubric, {"A1": "5"}), None,
                                         submit=False)
        with pytest.raises(StaleCard):
            operations.save_calibration_card(people["chair"], sample, rubric, entries(rubric, {"A1": "6"}), None,
                                             submit=False)
    assert CalibrationCard.query.one().scores[0].points == Decimal(5)
    assert CalibrationRound.query.count() == 1


def test_the_protocol_states_the_round_without_naming_members(app, call):
    from app.exports.pdf import render_pdf
    from app.exports.protocol import protocol_document
    from app.reviews.queries import competition_results
    from tests.app.documents_helpers import flat, pdf_text

    competition, people = call
    with app.test_request_context():
        results = competition_results(competition, call_rubric(competition))
        assert protocol_document(competition, results).calibration is None
    sample = started(app, competition, people, ("podworko",)).samples[0]
    submit(app, people["chair"], sample, FULL)
    submit(app, people["member"], sample, LOW)
    submit(app, people["member2"], sample, {"A1": "5", "A2": "4", "B1": "4", "B2": "6"})
    with app.test_request_context():
        doc = protocol_document(competition, competition_results(competition, call_rubric(competition)),
                                public_copy=True)
        summary = doc.calibration
        assert (summary.participants, summary.members_submitted, summary.closed_at is not None) == (3, 3, True)
        (only,) = summary.samples
        # A1: 2–8 of 10; A2: 3,5–4 of 5 (spread 0,5 = 0,1); B1, B2 the same for everyone
        assert [(c.criterion_id, c.spread) for c in only.widest] == [("A1", Decimal(6)), ("A2", Decimal("0.5"))]
        text = flat(pdf_text(render_pdf("protocol.html", doc=doc)))
    assert "Kalibracja" in text and "Kryteria o największym rozrzucie" in text
    assert "Anna Przewodnicząca" not in text and "Bogdan" not in text


def test_the_secretary_types_in_a_sample_of_his_own(client, call):
    competition, people = call
    login(client, people["secretary"])
    page = client.get(url(competition, "/start/wlasna-probka")).get_data(as_text=True)
    assert 'name="applicant_name"' in page and 'name="number"' not in page
    response = post(client, url(competition, "/start/wlasna-probka"), {
        "applicant_name": "Fundacja Przykładowa (fikcyjna)", "title": "CAL na osiedlu wzorcowym (oferta fikcyjna)",
        "had_prior_tasks": "no", "needs": "Diagnoza: ankieta wśród 40 mieszkańców i spacer badawczy.",
        "total_costs": "10 000,00", "grant": "9 800,00", "own_financial": "200,00", "also_shipped": "festyn",
        "costs-0-category": "actions",
        "save": "1"})
    assert response.status_code == 302, re.findall(r'class="error"[^>]*>([^<]*)', response.get_data(as_text=True))
    calibration = queries.round_of(competition)
    entered, shipped = calibration.samples
    assert (entered.source, entered.label, entered.applicant_prior_tasks) == (
        "entered", "CAL na osiedlu wzorcowym (oferta fikcyjna)", False)
    assert entered.form_data["summary"]["needs"].startswith("Diagnoza") and shipped.key == "festyn"
    assert Offer.query.count() == 0  # nothing among the offers of the call


def test_a_member_excluded_from_the_whole_assessment_does_not_calibrate(app, db_session, call, create_offer):
    from app.offers.models import Exclusion

    competition, people = call
    first, second = create_offer(competition), create_offer(competition)
    sample = started(app, competition, people, ("podworko",)).samples[0]
    db_session.add(Exclusion(offer_id=first.id, user_id=people["member"].id, kind="secretary", reason="Powód.",
                             created_by_id=people["secretary"].id))
    db_session.commit()
    with app.test_request_context():
        assert queries.is_participant(competition, people["member"])  # excluded from one offer only
    db_session.add(Exclusion(offer_id=second.id, user_id=people["member"].id, kind="secretary", reason="Powód.",
                             created_by_id=people["secretary"].id))
    db_session.commit()
    with app.test_request_context():
        assert not queries.is_participant(competition, people["member"])
        assert "Bogdan Członek" not in [u.display_name for u in queries.participants(competition)]
        assert not can_score_calibration(people["member"], sample)
    # the round can now be complete without him
    submit(app, people["chair"], sample, FULL)
    submit(app, people["member2"], sample, LOW)
    assert queries.round_of(competition).is_closed
