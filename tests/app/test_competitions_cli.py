"""Creating a competition, giving roles and importing offers from the command line (all or nothing)."""

import json

import sqlalchemy as sa

from app.competitions.models import Competition, Membership
from app.core.offer import offer_to_dict
from app.offers.models import Offer
from tests.conftest import REPO
from tests.factories import sample_offer_form


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_create_a_competition_and_give_a_role(app, db_session, rubrics_dir, create_user):
    rubrics_dir(REPO / "rubrics", REPO)
    result = run(app, "competitions", "create", "--reference", "WPS-CAL/2029", "--title", "Konkurs CAL 2029",
                 "--rubric", "cal-wroclaw:2021.1", "--budget", "3 200 000,00", "--min-own-share", "0.015",
                 "--window", "2029-01-01", "2029-12-31")
    assert result.exit_code == 0, result.output
    competition = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2029"))
    assert (competition.status, competition.budget, str(competition.window_end)) == ("draft", 3200000, "2029-12-31")
    user = create_user(email="sekretarz2029@example.org")
    assert run(app, "competitions", "add-member", "WPS-CAL/2029", "--email", user.email,
               "--role", "secretary").exit_code == 0
    assert db_session.scalar(sa.select(Membership.role).where(Membership.user_id == user.id)) == "secretary"
    again = run(app, "competitions", "add-member", "WPS-CAL/2029", "--email", user.email, "--role", "member")
    assert again.exit_code == 1 and "already has a role" in again.output
    unknown = run(app, "competitions", "create", "--reference", "X", "--title", "X", "--rubric", "nie-ma:1",
                  "--budget", "1")
    assert unknown.exit_code == 1 and "rubric_missing" in unknown.output


def test_import_is_all_or_nothing_with_row_level_errors(app, db_session, create_competition, tmp_path):
    competition = create_competition(status="announced", reference="IMP/1")
    good = {"number": "IMP/01", "form": offer_to_dict(sample_offer_form())}
    bad_amount = {"number": "IMP/02", "form": {**offer_to_dict(sample_offer_form()),
                                               "funding": {"grant": "dużo"}}}
    no_number = {"form": offer_to_dict(sample_offer_form())}
    path = tmp_path / "oferty.json"
    path.write_text(json.dumps([good, bad_amount, no_number, good]), encoding="utf-8")
    result = run(app, "competitions", "import-offers", "IMP/1", str(path))
    assert result.exit_code == 1
    assert "row 2 (IMP/02): offer.funding.grant" in result.output
    assert 'row 3: missing "number"' in result.output
    assert "row 4 (IMP/01): the number is already used" in result.output
    assert "nothing imported: 3 row(s) with problems" in result.output
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Offer)) == 0

    path.write_text(json.dumps([good, {**good, "number": "IMP/02"}]), encoding="utf-8")
    result = run(app, "competitions", "import-offers", "IMP/1", str(path))
    assert result.exit_code == 0, result.output
    numbers = db_session.scalars(sa.select(Offer.number).where(Offer.competition_id == competition.id)).all()
    assert sorted(numbers) == ["IMP/01", "IMP/02"]


def test_import_refuses_a_file_that_is_not_json(app, db_session, create_competition, tmp_path):
    create_competition(status="announced", reference="IMP/2")
    path = tmp_path / "oferty.json"
    path.write_text("to nie jest JSON", encoding="utf-8")
    result = run(app, "competitions", "import-offers", "IMP/2", str(path))
    assert result.exit_code == 1 and "cannot be read as JSON" in result.output


def test_demo_offers_file_imports(app, db_session, create_competition):
    create_competition(status="announced", reference="IMP/3")
    result = run(app, "competitions", "import-offers", "IMP/3", str(REPO / "app" / "demo" / "data" / "offers.json"))
    assert result.exit_code == 0 and "imported 14 offer(s)" in result.output
