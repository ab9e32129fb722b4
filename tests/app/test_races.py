"""Concurrent saves with real, separate database sessions: nothing is ever silently overwritten.

These tests commit for real, so they run on a database of their own (a fresh SQLite file, or a
fresh PostgreSQL schema) that is dropped afterwards.
"""

from __future__ import annotations

import threading
from decimal import Decimal

import flask_migrate
import pytest
import sqlalchemy as sa

from app import create_app
from app.audit import log
from app.auth.models import User
from app.competitions.models import Competition
from app.core.scoring import CriterionScore
from app.extensions import db
from app.offers.models import Offer
from app.reviews import operations
from app.reviews.models import ScoreCard
from app.rubrics.registry import registry
from tests.conftest import DATA, POSTGRES_SCHEMA, backend_config, postgres_url

WHY = "Oferta opisuje diagnozę potrzeb mieszkańców osiedla na podstawie ankiety i rozmów z radą osiedla."
RACE_SCHEMA = POSTGRES_SCHEMA + "_race"


@pytest.fixture
def committed_app(backend, tmp_path):
    """An app on its own freshly migrated database, where commits are real."""
    config = backend_config(backend, tmp_path)
    if backend == "postgresql":
        config["SQLALCHEMY_ENGINE_OPTIONS"]["connect_args"]["options"] = f"-c search_path={RACE_SCHEMA}"
        config["SQLALCHEMY_ENGINE_OPTIONS"]["pool_size"] = 12
        admin = sa.create_engine(postgres_url())
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {RACE_SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {RACE_SCHEMA}"))
    app = create_app({"TESTING": True, "RUBRICS_DIR": DATA, **config})
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()
    if backend == "postgresql":
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA {RACE_SCHEMA} CASCADE"))
        admin.dispose()


def seed(app, members: int) -> tuple[int, list[int]]:
    """A competition in merit assessment with one admitted offer and N declared members."""
    from app.competitions.models import ImpartialityDeclaration, Membership
    from tests.factories import sample_offer_form

    with app.app_context():
        rubric = registry().get("mini", "1.0")
        competition = Competition(reference="RACE", title="Wyścig", rubric_id="mini", rubric_version="1.0",
                                  rubric_hash=rubric.content_hash, budget=Decimal(1000), status="merit")
        db.session.add(competition)
        db.session.flush()
        from app.core.offer import offer_to_dict

        offer = Offer(competition_id=competition.id, number="R/1", applicant_name="A", title="T",
                      requested_grant=Decimal(1), applicant_prior_tasks=True, formal_status="admitted",
                      form_data=offer_to_dict(sample_offer_form()))
        db.session.add(offer)
        ids = []
        for number in range(members):
            user = User(email=f"m{number}@example.org", display_name=f"M{number}")
            db.session.add(user)
            db.session.flush()
            db.session.add(Membership(competition_id=competition.id, user_id=user.id, role="member"))
            db.session.add(ImpartialityDeclaration(competition_id=competition.id, user_id=user.id,
                                                   statement_version="t"))
            ids.append(user.id)
        db.session.commit()
        return offer.id, ids


def save_in_request(app, offer_id, user_id, points, expected_version, barrier, outcomes):
    """One browser tab pressing "Zapisz szkic": a POST request with its own session."""
    with app.test_request_context(method="POST"):
        try:
            barrier.wait(timeout=10)
            user = db.session.get(User, user_id)
            offer = db.session.get(Offer, offer_id)
            entries = {"A1": CriterionScore("A1", Decimal(points), justification=WHY)}
            operations.save_card(user, offer, registry().get("mini", "1.0"), entries, expected_version,
                                 submit=False)
            outcomes.append(("saved", points))
        except operations.StaleCard:
            outcomes.append(("refused", points))
        except Exception as error:
            outcomes.append(("error", repr(error)))
        finally:
            db.session.remove()


def run_threads(app, jobs):
    barrier = threading.Barrier(len(jobs))
    outcomes: list = []
    threads = [threading.Thread(target=save_in_request, args=(app, *job, barrier, outcomes)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_ten_concurrent_saves_of_one_card_exactly_one_wins(committed_app):
    offer_id, [user_id] = seed(committed_app, 1)
    first = run_threads(committed_app, [(offer_id, user_id, "1", None)])
    assert first == [("saved", "1")]
    with committed_app.app_context():
        version = db.session.scalar(sa.select(ScoreCard.version_id))
    outcomes = run_threads(committed_app, [(offer_id, user_id, str(points), version) for points in range(10)])
    assert [o for o in outcomes if o[0] == "error"] == []
    winners = [o for o in outcomes if o[0] == "saved"]
    assert len(winners) == 1 and len(outcomes) - 1 == len([o for o in outcomes if o[0] == "refused"])
    with committed_app.app_context():
        card = db.session.scalar(sa.select(ScoreCard))
        assert card.version_id == version + 1
        assert [s.points for s in card.scores] == [Decimal(winners[0][1])]
        assert log.verify(db.session).ok


def test_tabs_racing_on_one_card_while_other_members_save_take_their_locks_in_one_order(committed_app):
    """Every save locks its card's row, then the audit log's head (on PostgreSQL in one statement): ten tabs
    fighting over one card and ten members saving their own cards at the same moment never deadlock."""
    offer_id, user_ids = seed(committed_app, 11)
    assert run_threads(committed_app, [(offer_id, user_ids[0], "1", None)]) == [("saved", "1")]
    with committed_app.app_context():
        version = db.session.scalar(sa.select(ScoreCard.version_id))
    outcomes = run_threads(committed_app, [(offer_id, user_ids[0], str(points), version) for points in range(10)]
                           + [(offer_id, uid, "5", None) for uid in user_ids[1:]])
    assert [o for o in outcomes if o[0] == "error"] == []
    assert sorted(o[0] for o in outcomes) == ["refused"] * 9 + ["saved"] * 11
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)) == 11
        report = log.verify(db.session)
        assert report.ok and report.rows == 12


def test_two_tabs_creating_the_same_new_card(committed_app):
    offer_id, [user_id] = seed(committed_app, 1)
    outcomes = run_threads(committed_app, [(offer_id, user_id, "3", None), (offer_id, user_id, "4", None)])
    assert sorted(o[0] for o in outcomes) == ["refused", "saved"]
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)) == 1


def test_many_members_saving_their_own_cards_at_once_all_succeed(committed_app):
    offer_id, user_ids = seed(committed_app, 12)
    outcomes = run_threads(committed_app, [(offer_id, uid, "5", None) for uid in user_ids])
    assert sorted(outcomes) == [("saved", "5")] * 12
    with committed_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)) == 12
        report = log.verify(db.session)
        assert report.ok and report.rows == 12


def test_a_card_saved_elsewhere_while_the_form_was_read_is_not_overwritten(committed_app, monkeypatch):
    """Through the scoring view: another tab commits between the form's reading and its writing.

    On SQLite this also shows that the form's reading does not hold the write lock (the view is
    ``@reads_before_writing``): the other tab's save goes through at once instead of waiting for it.
    """
    from app.database import begin_writing
    from app.reviews import views
    from tests.conftest import TEST_PASSWORD, login, post

    offer_id, [user_id] = seed(committed_app, 1)
    with committed_app.app_context():
        user = db.session.get(User, user_id)
        user.set_password(TEST_PASSWORD)
        db.session.commit()
    assert run_threads(committed_app, [(offer_id, user_id, "1", None)]) == [("saved", "1")]
    with committed_app.app_context():
        version = db.session.scalar(sa.select(ScoreCard.version_id))

    def another_tab_saves_first():
        elsewhere = run_threads(committed_app, [(offer_id, user_id, "9", version)])
        assert elsewhere == [("saved", "9")]
        begin_writing()

    monkeypatch.setattr(views, "begin_writing", another_tab_saves_first)
    client = committed_app.test_client()
    with committed_app.app_context():
        login(client, db.session.get(User, user_id))
    response = post(client, f"/konkursy/1/oferty/{offer_id}/ocena",
                    {"version": str(version), "save_draft": "1", "points_A1": "2", "why_A1": WHY})
    assert response.status_code == 409
    assert WHY in response.get_data(as_text=True)  # what was typed is still in the form
    with committed_app.app_context():
        card = db.session.scalar(sa.select(ScoreCard))
        assert (card.version_id, [s.points for s in card.scores]) == (version + 1, [Decimal(9)])
        assert log.verify(db.session).ok


REASON = "Po ponownej lekturze części III.4 uznaję harmonogram za pełniejszy."


def full_card(points: str) -> dict[str, CriterionScore]:
    return {cid: CriterionScore(cid, Decimal(value), justification=WHY)
            for cid, value in (("A1", points), ("A2", "2"), ("B1", "3"), ("B2", "6"))}


def correct_in_request(app, offer_id, user_id, points, version, outcomes):
    """Another tab saving a correction of the submitted card, in a request of its own."""
    with app.test_request_context(method="POST"):
        try:
            user, offer = db.session.get(User, user_id), db.session.get(Offer, offer_id)
            operations.correct_card(user, operations.stored_card(offer, user), registry().get("mini", "1.0"),
                                    full_card(points), version, REASON)
            outcomes.append("corrected")
        except Exception as error:
            outcomes.append(repr(error))
        finally:
            db.session.remove()


def test_a_correction_is_refused_when_another_tab_corrected_the_card_after_its_entries_were_read(
        committed_app, backend):
    """The correction reads the card's entries, then the card it changes: a correction committed between the two
    reads moved the card's version on, and the later one is refused instead of overwriting it."""
    if backend == "sqlite":
        pytest.skip("SQLite holds the write lock for the whole correction: nothing can come in between")
    offer_id, [user_id] = seed(committed_app, 1)
    with committed_app.test_request_context(method="POST"):
        user, offer = db.session.get(User, user_id), db.session.get(Offer, offer_id)
        assert operations.save_card(user, offer, registry().get("mini", "1.0"), full_card("7"), None,
                                    submit=True).submitted
        db.session.remove()
    with committed_app.test_request_context(method="POST"):
        user, offer = db.session.get(User, user_id), db.session.get(Offer, offer_id)
        stored = operations.stored_card(offer, user)  # this tab has read the entries …
        outcomes: list = []
        other = threading.Thread(target=correct_in_request,
                                 args=(committed_app, offer_id, user_id, "9", stored.card.version_id, outcomes))
        other.start()
        other.join(timeout=30)
        assert outcomes == ["corrected"]  # … and another tab's correction is committed in between
        with pytest.raises(operations.StaleCard):
            operations.correct_card(user, stored, registry().get("mini", "1.0"), full_card("8"),
                                    stored.card.version_id, REASON)
        db.session.remove()
    with committed_app.app_context():
        card = db.session.scalar(sa.select(ScoreCard))
        assert {s.criterion_id: s.points for s in card.scores}["A1"] == Decimal(9)
        assert log.verify(db.session).ok
