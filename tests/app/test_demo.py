"""`flask demo load`: a complete fictional competition, loaded through the real operations."""

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User
from app.competitions.models import Competition, ImpartialityDeclaration
from app.core.offer import offer_from_dict
from app.core.offer_checks import check_offer
from app.offers.models import Exclusion, Offer
from app.reviews.models import ScoreCard
from tests.conftest import REPO, login


def test_demo_loads_once_with_cards_in_every_state(app, db_session, rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    competition = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2027"))
    assert "dane fikcyjne" in competition.title
    assert competition.status == "merit" and competition.rubric_hash
    # The 2021.2 rubric with the city's premises (B5's variant) and the prevention option (B8), locked together
    assert (competition.rubric_version, competition.rubric_options) == ("2021.2", ["city-premises", "prevention"])
    with app.app_context():
        from app.rubrics.registry import call_rubric

        locked = call_rubric(competition)
    assert competition.rubric_hash == locked.content_hash
    assert locked.criterion("B5").title.pl.startswith("Wykorzystanie lokalu udostępnionego przez Gminę")
    assert locked.criterion("G1").deduction and locked.max_points == 105  # 100 + B8's 5
    from app.reviews.models import Score

    scored = set(db_session.scalars(sa.select(Score.criterion_id)).all())
    assert {"B7", "B8"} <= scored
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) == 9
    offers = db_session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)).all()
    assert len(offers) == 14
    assert sorted({o.formal_status for o in offers}) == ["admitted", "pending", "rejected"]
    assert len({o.form_data["applicants"][0]["name"] for o in offers}) == 14
    statuses = db_session.scalars(sa.select(ScoreCard.status).join(Offer)
                                  .where(Offer.competition_id == competition.id)).all()
    assert statuses.count("submitted") == 12 + 6 + 3 and statuses.count("draft") == 2 + 1 + 2
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Exclusion)) == 1
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ImpartialityDeclaration)
                             .where(ImpartialityDeclaration.competition_id == competition.id)) == 5
    with app.app_context():
        assert log.verify(db_session).ok
    issues = {o.number: {i.code.value for i in check_offer(offer_from_dict(o.form_data), competition.call_terms)}
              for o in offers}
    assert issues["WPS-CAL/2027/06"] == {"cost_value_mismatch"}
    assert issues["WPS-CAL/2027/10"] == {"funding_sum_mismatch"}
    assert all(not found for number, found in issues.items() if number[-2:] not in ("06", "10"))
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 1 and "not empty" in again.output
    assert runner.invoke(args=["demo", "load", "--if-empty"]).exit_code == 0


def test_demo_logins_work(app, client, db_session, rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)
    app.test_cli_runner().invoke(args=["demo", "load"])
    member = db_session.scalar(sa.select(User).where(User.email == "czlonek2@example.org"))
    competition_id = db_session.scalar(sa.select(Competition.id).where(Competition.reference == "WPS-CAL/2027"))
    login(client, member, "demo-CAL-2027")
    page = client.get(f"/konkursy/{competition_id}/moja-praca").get_data(as_text=True)
    assert "6 z 12 ocenionych" in page


def test_the_demo_official_downloads_once_the_secretary_closes_the_call(app, client, db_session, rubrics_dir):
    from tests.app.documents_helpers import pdf_text
    from tests.conftest import post

    rubrics_dir(REPO / "rubrics", REPO)
    app.test_cli_runner().invoke(args=["demo", "load"])
    people = {u.email: u for u in db_session.scalars(sa.select(User))}
    competition_id = db_session.scalar(sa.select(Competition.id).where(Competition.reference == "WPS-CAL/2027"))
    documents = f"/konkursy/{competition_id}/dokumenty"
    official = app.test_client()
    login(official, people["urzednik@example.org"], "demo-CAL-2027")
    assert official.get(documents).status_code == 403
    login(client, people["sekretarz@example.org"], "demo-CAL-2027")
    assert "protokol.pdf" in client.get(documents).get_data(as_text=True)
    # cards are still missing in the demo: the secretary closes with a written reason
    assert post(client, f"/konkursy/{competition_id}/status", {
        "target": "closed", "reason": "Komisja kończy pracę mimo braku kart dwóch członków."}).status_code == 302
    page = official.get(documents).get_data(as_text=True)
    assert "lista-wynikow.pdf" in page and "zestawienie.pdf" in page and "pismo.pdf" in page
    text = pdf_text(official.get(f"{documents}/protokol.pdf").get_data())
    assert "Protokół z prac komisji konkursowej" in text and "WERSJA ROBOCZA" not in text
