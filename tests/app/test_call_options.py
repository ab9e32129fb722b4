"""Call options end to end: chosen on the call form (and the CLI), locked with the rubric hash at announcement,
applied on the scoring page, the formal check and the ranking's maximum."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.competitions.models import Competition
from app.core.formal import DEFAULT_CHECKLIST
from tests.conftest import login, post
from tests.unit.test_rubric_options import OPTIONS
from tests.unit.test_rubric_validation import DATA, MINI

from .test_competition_settings import EVERY_FIELD
from .test_scoring_flow import score_url
from .test_secretary import answers, formal_url


@pytest.fixture
def with_options(tmp_path, rubrics_dir, app):
    """The mini rubric, published, declaring the three options of tests/unit/test_rubric_options.py."""
    (tmp_path / "mini.toml").write_text((MINI + OPTIONS).replace('status = "draft"', 'status = "published"', 1),
                                        encoding="utf-8")
    (tmp_path / "source-mini.txt").write_bytes((DATA / "source-mini.txt").read_bytes())
    rubrics_dir(tmp_path, tmp_path)
    from app.rubrics.registry import registry

    with app.app_context():
        return registry().get("mini", "1.0")


def test_options_are_chosen_on_the_call_form_and_locked_with_the_hash(client, db_session, create_user,
                                                                      with_options):
    admin = create_user(is_admin=True)
    login(client, admin)
    page = client.get("/konkursy/nowy").get_data(as_text=True)
    assert 'value="mini 1.0:prevention"' in page and "1.0 — Profilaktyka: Konkurs finansuje też profilaktykę." in page
    chosen = {**EVERY_FIELD, "rubric_options": ["mini 1.0:prevention", "mini 1.0:opening-hours"]}
    response = post(client, "/konkursy/nowy", chosen)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    competition = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2031"))
    assert competition.rubric_options == ["opening-hours", "prevention"]
    assert post(client, f"/konkursy/{competition.id}/status", {"target": "announced"}).status_code == 302
    db_session.expire_all()
    assert competition.rubric_hash == with_options.with_options(["prevention", "opening-hours"]).content_hash
    assert competition.rubric_hash != with_options.content_hash
    # Announced: the options are shown but cannot be changed
    settings = client.get(f"/konkursy/{competition.id}/ustawienia").get_data(as_text=True)
    assert '<input checked disabled id="rubric_options-0" name="rubric_options" type="checkbox" ' \
           'value="mini 1.0:prevention">' in settings
    assert '<input disabled id="rubric_options-1" name="rubric_options" type="checkbox" ' \
           'value="mini 1.0:city-premises">' in settings
    # A forged post cannot add an option once the call is announced
    forged = {**EVERY_FIELD, "rubric_options": ["mini 1.0:city-premises"]}
    post(client, f"/konkursy/{competition.id}/ustawienia", forged)
    db_session.expire_all()
    assert db_session.get(Competition, competition.id).rubric_options == ["opening-hours", "prevention"]


def test_an_option_of_another_rubric_version_is_refused_and_nothing_is_lost(client, db_session, create_user,
                                                                            with_options):
    login(client, create_user(is_admin=True))
    response = post(client, "/konkursy/nowy", {**EVERY_FIELD, "rubric_options": ["cal-wroclaw 2021.1:prevention"]})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Wybierz wyłącznie opcje wersji kryteriów wybranej powyżej." in html
    assert "Prowadzenie Centrum Aktywności Lokalnej na Nadodrzu" in html
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Competition)) == 0


def test_scoring_follows_the_chosen_options(client, db_session, create_competition,
                                                               create_member, create_offer, with_options):
    options = ["city-premises", "opening-hours", "prevention"]
    competition = create_competition(rubric_options=options,
                                     rubric_hash=with_options.with_options(options).content_hash)
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert "Działania profilaktyczne" in page and 'name="points_B3"' in page  # the extra criterion
    assert "Wykorzystanie lokalu" in page and "(0–3)" in page  # A2's variant, out of 3
    assert '<strong id="running-total">0</strong> / <span id="running-max">35</span>' in page  # 20+3+2+6+4


def test_a_chosen_condition_is_asked_in_the_formal_check(client, create_competition, create_member, create_offer,
                                                         with_options):
    options = ["opening-hours"]
    competition = create_competition(status="announced", rubric_options=options,
                                     rubric_hash=with_options.with_options(options).content_hash)
    pending = create_offer(competition, formal_status="pending")
    login(client, create_member(competition, "secretary"))
    assert "CAL jest otwarty co najmniej 5 dni w tygodniu." in client.get(formal_url(pending)).get_data(as_text=True)
    response = post(client, formal_url(pending), {**answers(), "outcome": "admitted"})
    assert response.status_code == 400  # the condition is a question like any other: it must be answered
    response = post(client, formal_url(pending), {**answers(**{"option_opening-hours": "tak"}), "outcome": "admitted"})
    assert response.status_code == 302


def test_a_call_whose_options_no_longer_match_its_hash_stops_scoring(client, create_competition, create_member,
                                                                     create_offer, with_options):
    competition = create_competition(rubric_options=["prevention"],
                                     rubric_hash=with_options.with_options(["city-premises"]).content_hash)
    offer = create_offer(competition)
    login(client, create_member(competition, "member"))
    assert client.get(score_url(offer)).status_code == 409


def test_the_default_checklist_is_unchanged_without_conditions(create_competition, create_offer, app):
    from app.offers.formal_operations import checklist_of

    offer = create_offer(create_competition())
    with app.test_request_context():
        assert checklist_of(offer) == DEFAULT_CHECKLIST


def test_the_cli_creates_a_call_with_options_and_the_own_contribution_terms(app, db_session, with_options):
    from tests.app.test_competitions_cli import run

    result = run(app, "competitions", "create", "--reference", "WPS-CAL/2030", "--title", "Konkurs CAL 2030",
                 "--rubric", "mini:1.0", "--budget", "1000000", "--min-own-share", "0.015",
                 "--own-share-base", "grant", "--own-share-rows", "3.1", "--option", "prevention",
                 "--option", "city-premises")
    assert result.exit_code == 0, result.output
    competition = db_session.scalar(sa.select(Competition).where(Competition.reference == "WPS-CAL/2030"))
    assert competition.rubric_options == ["city-premises", "prevention"]
    assert (competition.own_share_base, competition.own_share_rows) == ("grant", "3.1")
    unknown = run(app, "competitions", "create", "--reference", "WPS-CAL/2031", "--title", "X", "--rubric", "mini:1.0",
                  "--budget", "1", "--option", "nightlife")
    assert unknown.exit_code == 1 and "rubric_option_unknown" in unknown.output


def test_the_ranking_counts_the_chosen_options(client, db_session, create_competition, create_member, create_offer,
                                               with_options):
    from decimal import Decimal

    from app.reviews.models import Score, ScoreCard

    options = ["city-premises", "prevention"]
    competition = create_competition(rubric_options=options,
                                     rubric_hash=with_options.with_options(options).content_hash)
    offer = create_offer(competition, number="O/1")
    chair = create_member(competition, "chair")
    card = ScoreCard(offer_id=offer.id, user_id=chair.id, status="submitted", rubric_id="mini", rubric_version="1.0",
                     rubric_hash=competition.rubric_hash, submitted_at=competition.created_at)
    maxima = {"A1": 10, "A2": 3, "B1": 4, "B2": 6, "B3": 4}  # A2 is the 3-point variant, B3 the extra criterion
    for cid, value in {"A1": "8", "A2": "3", "B1": "2", "B2": "5", "B3": "4"}.items():
        card.scores.append(Score(criterion_id=cid, points=Decimal(value), max_points=Decimal(maxima[cid]),
                                 justification="Uzasadnienie testowe wystarczająco długie, by przejść walidację."))
    db_session.add(card)
    db_session.commit()
    login(client, chair)
    html = client.get(f"/konkursy/{competition.id}/wyniki").get_data(as_text=True)
    # 8×2 + 3 + 2×0.5 + 5 + 4 = 29 of 10×2 + 3 + 4×0.5 + 6 + 4 = 35 → 82,86 %
    assert "29 / 35" in html and "82,86%" in html
