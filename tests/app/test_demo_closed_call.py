"""The demo's closed call: flags, an adjusted amount, an offer in part, and a decision that differs once."""

import sqlalchemy as sa

from app.auth.models import User
from app.competitions.models import Competition
from app.results.models import Decision, GrantAdjustment
from tests.conftest import REPO, login


def test_the_closed_demo_call(app, client, db_session, rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    call = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2026-U"))
    assert (call.status, call.allocation_rule) == ("closed", "partial") and "dane fikcyjne" in call.title
    assert db_session.scalar(sa.select(sa.func.count()).select_from(GrantAdjustment)) == 1
    decision = db_session.scalar(sa.select(Decision).where(Decision.competition_id == call.id))
    differing = [g for g in decision.grants if g.amount != g.opinion_amount]
    assert len(differing) == 1 and differing[0].note
    chair = db_session.scalar(sa.select(User).where(User.email == "przewodniczacy@example.org"))
    login(client, chair, "demo-CAL-2027")
    ranking = client.get(f"/konkursy/{call.id}/wyniki").get_data(as_text=True)
    for status in ("rekomendowana w części", "ustalona przez przewodniczącego", "poniżej progu",
                   "odrzucona na etapie oceny formalnej", "przyznano: 296\u00a0920,00\u00a0zł"):
        assert status in ranking, status
    twelve = next(g for g in differing)
    update = client.get(f"/konkursy/{call.id}/oferty/{twelve.offer_id}/aktualizacja").get_data(as_text=True)
    assert "Zaktualizowana dotacja jest równa kwocie przyznanej" in update and "-21\u00a0500,00\u00a0zł" in update
    assert "Wyniki sprawdzenia spójności oferty" not in update  # the update adds up
    agreement = client.get(f"/konkursy/{call.id}/zgodnosc").get_data(as_text=True)
    assert "WPS-CAL/2026-U/05" in agreement.split('id="flagged"')[1].split("</table>")[0]
    assert "Jak łagodnie" in agreement and "za mało danych" not in agreement.split('id="summary"')[1][:2000]


def test_the_closed_demo_call_held_a_finished_calibration_round(app, client, db_session, rubrics_dir):
    from app.calibration import queries
    from app.calibration.models import CalibrationCard

    rubrics_dir(REPO / "rubrics", REPO)
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    call = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2026-U"))
    calibration = queries.round_of(call)
    assert calibration.is_closed and calibration.close_reason is None  # every card came in
    assert [s.key for s in calibration.samples] == ["podworko", "festyn"]
    cards = db_session.scalars(sa.select(CalibrationCard)).all()
    assert len(cards) == 6 and all(c.is_submitted for c in cards)
    assert len({c.scores[1].justification for c in cards}) == 6  # every member wrote his own
    open_call = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2027"))
    assert queries.round_of(open_call) is None  # in merit assessment, never calibrated
    member = db_session.scalar(sa.select(User).where(User.email == "czlonek1@example.org"))
    login(client, member, "demo-CAL-2027")
    first, second = calibration.samples
    page = client.get(f"/konkursy/{call.id}/kalibracja/probki/{first.id}").get_data(as_text=True)
    sections = page.split('class="calibration-criterion"')
    assert "B4. Partnerstwo lokalne" in sections[1] and "Paweł Zieliński (demo)" in sections[1]
    page = client.get(f"/konkursy/{call.id}/kalibracja/probki/{second.id}").get_data(as_text=True)
    assert "B3. Metody pracy CAL" in page.split('class="calibration-criterion"')[1]
