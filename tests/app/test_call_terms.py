"""The call's terms end to end: the own contribution's base (entry, self-check) and the G1 fact (formal stage,
scoring, ranking).

The issue's example (Wrocław's 2023 call: 1,5 % "finansowy"): a 100 000,00 zł grant, 1 500,00 zł of own
money, 101 500,00 zł in all. Of the grant the minimum is 1 500,00 zł (met); of the total costs it is
1 522,50 zł (not met).
"""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.core.offer import FundingSources
from app.offers.models import Offer
from app.reviews.models import ScoreCard
from tests.conftest import REPO, login, post
from tests.unit.test_offer import cost, make_offer

from .test_offer_entry import entry
from .test_scoring_flow import card_data, score_url
from .test_secretary import answers, formal_url
from .test_selfcheck import check_form, text_of

SHORT = ("wymagane jest co najmniej 1\u00a0522,50\u00a0zł, tj. 1,5% całkowitych kosztów zadania w wysokości "
         "101\u00a0500,00\u00a0zł")
EXAMPLE = {"costs-0-unit_cost": "95 500,00", "costs-0-units": "1", "costs-0-value": "95 500,00",
           "costs-0-year1": "95 500,00", "total_costs": "101 500,00", "grant": "100 000,00",
           "own_financial": "1 500,00", "own_non_financial": "0"}  # V.A: 95 500,00 + 12 × 500,00 = 101 500,00


@pytest.mark.parametrize("base, short", [("grant", False), ("total_costs", True)])
def test_the_entry_page_checks_the_minimum_on_the_calls_base(client, create_competition, create_member, base, short):
    competition = create_competition(status="announced", min_own_share=Decimal("0.015"), own_share_base=base,
                                     own_share_rows="3.1")
    login(client, create_member(competition, "secretary"))
    response = post(client, f"/konkursy/{competition.id}/oferty/nowa", entry(**EXAMPLE))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert (SHORT in page) is short
    assert "Ocena ofert" in page


def test_the_entry_page_gives_the_script_the_calls_terms(client, create_competition, create_member):
    competition = create_competition(status="announced", min_own_share=Decimal("0.015"), own_share_base="grant",
                                     own_share_rows="3.1+3.2+4")
    login(client, create_member(competition, "secretary"))
    page = client.get(f"/konkursy/{competition.id}/oferty/nowa").get_data(as_text=True)
    checks = json.loads(html.unescape(re.search(r'data-checks="([^"]*)"', page).group(1)))
    assert checks["own"] == {"applies": True, "base": "grant", "rows": "3.1+3.2+4",
                             "code": "own_share_of_grant_too_low", "minShare": "0.0150", "minSharePercent": "1,5"}
    # the script says what the server would: the message of that code, with the grant as the base
    assert "wnioskowanej kwoty dotacji" in checks["bad"]["own_share_of_grant_too_low"]
    assert "wnioskowanej kwoty dotacji" in checks["ok"]["own_share_of_grant_too_low"]


@pytest.fixture
def cal_rubrics(rubrics_dir):
    rubrics_dir(REPO / "rubrics", REPO)


@pytest.mark.parametrize("base, short", [("grant", False), ("total_costs", True)])
def test_the_self_check_uses_the_calls_base(client, app, cal_rubrics, create_competition, base, short):
    from app.rubrics.registry import registry

    with app.app_context():
        rubric = registry().get("cal-wroclaw", "2021.1")
    call = create_competition(rubric_id=rubric.id, rubric_version=rubric.version, rubric_hash=rubric.content_hash,
                              status="announced", min_own_share=Decimal("0.015"), own_share_base=base,
                              own_share_rows="3.1")
    offer = make_offer(costs=(cost("I.1", "101500.00", "1", "101500.00"),),
                       funding=FundingSources(Decimal("101500.00"), Decimal("100000.00"), Decimal("1500.00")))
    response = check_form(client, app, offer, key=f"konkurs:{call.id}")
    assert response.status_code == 200
    assert (SHORT in text_of(response)) is short


# --- art. 15 ust. 1 pkt 6 (G1; B2 of the tests' mini rubric) -------------------------------------------------


def test_the_formal_check_settles_the_prior_tasks_fact_in_the_calls_scope(client, db_session, create_competition,
                                                                          create_member, create_offer):
    competition = create_competition(status="announced", prior_tasks_authority="Gminę Wrocław", prior_tasks_years=2)
    offer = create_offer(competition, formal_status="pending", applicant_prior_tasks=None)
    login(client, create_member(competition, "secretary"))
    page = client.get(formal_url(offer)).get_data(as_text=True)
    assert ("Czy oferent realizował zadania publiczne zlecone przez Gminę Wrocław w ciągu ostatnich 2 lat "
            "(art. 15 ust. 1 pkt 6)?") in page
    # Admitting without the answer is refused, and what was typed stays
    response = post(client, formal_url(offer), {**answers(), "outcome": "admitted", "reason": "Bez uwag formalnych."})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "komisja nie może oceniać oferty, dopóki nie zostanie to ustalone" in html
    assert "Bez uwag formalnych." in html
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).formal_status == "pending"
    response = post(client, formal_url(offer), {**answers(), "outcome": "admitted", "prior_tasks": "no"})
    assert response.status_code == 302
    db_session.expire_all()
    assert db_session.get(Offer, offer.id).applicant_prior_tasks is False
    entry = db_session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "offer.formal_check")).one()
    assert entry.new_values["applicant_prior_tasks"] is False


def test_a_rejected_offer_needs_no_answer(client, db_session, create_competition, create_member, create_offer):
    competition = create_competition(status="announced")
    offer = create_offer(competition, formal_status="pending", applicant_prior_tasks=None)
    login(client, create_member(competition, "secretary"))
    response = post(client, formal_url(offer), {**answers(on_time="nie"), "outcome": "rejected",
                                                "reason": "Oferta wpłynęła po terminie."})
    assert response.status_code == 302


def test_scoring_waits_for_the_fact_and_no_member_marks_g1_not_applicable(client, db_session, create_competition,
                                                                         create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition, applicant_prior_tasks=None)
    login(client, create_member(competition, "member"))
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert "Ocena tej oferty nie może się jeszcze rozpocząć" in page and 'name="points_A1"' not in page
    response = post(client, score_url(offer), {**card_data(A1="7", B2="3"), "na_B2": "y", "save_draft": "1"})
    assert response.status_code == 409
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)) == 0
    # Settled as "no earlier tasks": B2 is not on the card and no box offers "nie dotyczy" anywhere
    offer.applicant_prior_tasks = False
    db_session.commit()
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert 'name="points_A1"' in page and 'name="points_B2"' not in page and 'name="na_' not in page
    # 10×2 + 5 + 4×0.5 = 27: B2's 6 points leave the maximum for every member alike
    assert '<strong id="running-total">0</strong> / <span id="running-max">27</span>' in page


def test_settled_yes_keeps_g1_on_every_card_and_a_box_cannot_remove_it(client, db_session, create_competition,
                                                                       create_member, create_offer):
    competition = create_competition()
    offer = create_offer(competition, applicant_prior_tasks=True)
    login(client, create_member(competition, "member"))
    page = client.get(score_url(offer)).get_data(as_text=True)
    assert 'name="points_B2"' in page and 'name="na_B2"' not in page
    assert '<strong id="running-total">0</strong> / <span id="running-max">33</span>' in page  # 10×2 + 5 + 4×0.5 + 6
    # A forged "nie dotyczy" is ignored: B2 stays required on a submitted card
    response = post(client, score_url(offer), {**card_data(A1="7", A2="3", B1="2"), "na_B2": "y",
                                               "submit_card": "1"})
    assert response.status_code == 400
    card = db_session.scalar(sa.select(ScoreCard))
    assert card.status == "draft" and all(not s.not_applicable for s in card.scores)
