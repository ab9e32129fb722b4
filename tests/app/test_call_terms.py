"""The call's terms end to end: the base of the minimum own contribution on the entry and self-check pages.

The issue's example (Wrocław's 2023 call: 1,5 % "finansowy"): a 100 000,00 zł grant, 1 500,00 zł of own
money, 101 500,00 zł in all. Of the grant the minimum is 1 500,00 zł (met); of the total costs it is
1 522,50 zł (not met).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.core.offer import FundingSources
from tests.conftest import REPO, login, post
from tests.unit.test_offer import cost, make_offer

from .test_offer_entry import entry
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
    assert 'data-min-share="0.0150" data-base="grant" data-rows="3.1+3.2+4"' in page


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
