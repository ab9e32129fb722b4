"""The allocation rule, the minimum partial share and the disagreement limit are settings of the call."""

from decimal import Decimal

import sqlalchemy as sa

from app.competitions.models import Competition
from tests.conftest import REPO


def run(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


BASE = ["competitions", "create", "--title", "Konkurs CAL", "--rubric", "cal-wroclaw:2021.1", "--budget", "1000"]


def test_the_cli_sets_the_allocation_rule_and_the_disagreement_limit(app, db_session, rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)
    result = run(app, *BASE, "--reference", "ALLOC/1", "--allocation", "partial", "--min-partial-share", "0,5",
                 "--disagreement", "0.25")
    assert result.exit_code == 0, result.output
    competition = db_session.scalar(sa.select(Competition).where(Competition.reference == "ALLOC/1"))
    assert (competition.allocation_rule, competition.min_partial_share, competition.disagreement_limit) == (
        "partial", Decimal("0.5"), Decimal("0.25"))


def test_the_defaults_keep_todays_behaviour(app, db_session, rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)
    assert run(app, *BASE, "--reference", "ALLOC/2").exit_code == 0
    competition = db_session.scalar(sa.select(Competition).where(Competition.reference == "ALLOC/2"))
    assert (competition.allocation_rule, competition.min_partial_share, competition.disagreement_limit) == (
        "skip", Decimal(0), Decimal("0.20"))


def test_out_of_range_and_unknown_settings_are_refused(app, db_session, rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)
    too_big = run(app, *BASE, "--reference", "ALLOC/3", "--allocation", "partial", "--min-partial-share", "1.5")
    assert too_big.exit_code == 1 and "shares from 0 to 1" in too_big.output
    unknown = run(app, *BASE, "--reference", "ALLOC/4", "--allocation", "lottery")
    assert unknown.exit_code == 2 and "lottery" in unknown.output
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Competition)) == 0
