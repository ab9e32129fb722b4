"""The call's allocation rules at the offer where the budget runs out, with hand-computed amounts."""

from decimal import Decimal as D

import pytest

from app.core.allocation import AllocationRule, Claim, allocate
from app.core.ranking import RankingInput, Recommendation, rank
from app.core.scoring import OfferResult

# In ranking order, budget 600 000: A 250 000 + B 300 000 = 550 000, 50 000 left;
# C asks 200 000 (does not fit), D asks 40 000 (fits in 50 000), E is below the threshold.
CLAIMS = [Claim("A", D(250000), True), Claim("B", D(300000), True), Claim("C", D(200000), True),
          Claim("D", D(40000), True), Claim("E", D(10000), False)]


def amounts(rule, min_share=D(0), claims=CLAIMS, budget=D(600000)):
    return [allocate(claims, budget, rule, min_share)[c.key] for c in claims]


def test_stop_gives_nothing_below_the_offer_that_does_not_fit():
    assert amounts(AllocationRule.STOP) == [D(250000), D(300000), D(0), D(0), D(0)]


def test_skip_goes_on_to_the_next_offer_that_fits():
    assert amounts(AllocationRule.SKIP) == [D(250000), D(300000), D(0), D(40000), D(0)]


def test_partial_gives_what_is_left_when_it_is_at_least_the_minimum_share():
    # 50 000 left is 25 % of C's 200 000: enough for a minimum of 25 %, nothing is left for D
    assert amounts(AllocationRule.PARTIAL, D("0.25")) == [D(250000), D(300000), D(50000), D(0), D(0)]


def test_partial_below_the_minimum_share_goes_on_to_the_next_offer():
    # 25 % of the request is less than the minimum of 30 %: C gets nothing, D (40 000) still fits; 10 000 left
    assert amounts(AllocationRule.PARTIAL, D("0.30")) == [D(250000), D(300000), D(0), D(40000), D(0)]


def test_partial_gives_the_rest_to_a_later_offer_when_it_is_enough_for_it():
    claims = [Claim("A", D(90), True), Claim("B", D(50), True), Claim("C", D(12), True)]
    # 10 left: 20 % of B (below 50 %), then 83 % of C (at least 50 %): C gets 10 in part
    assert amounts(AllocationRule.PARTIAL, D("0.5"), claims, D(100)) == [D(90), D(0), D(10)]


def test_an_adjusted_amount_counts_instead_of_the_request():
    # B set to 250 000 by the chair: 500 000 used, C (200 000) still does not fit, D fits: 540 000
    claims = [*CLAIMS[:1], Claim("B", D(300000), True, adjusted=D(250000)), *CLAIMS[2:]]
    assert amounts(AllocationRule.SKIP, claims=claims) == [D(250000), D(250000), D(0), D(40000), D(0)]


@pytest.mark.parametrize("rule", list(AllocationRule))
def test_the_sum_never_exceeds_the_budget(rule):
    claims = [Claim(str(i), D(request), True) for i, request in enumerate([70, 45, 45, 30, 5, 1])]
    assert sum(allocate(claims, D(100), rule, D("0.1")).values()) <= 100


def _input(key, share, requested, rejected=False):
    result = None if rejected else OfferResult(D(share) * 100, D(100), D(share), 2)
    return RankingInput(key, result, D(requested), rejected_formally=rejected)


def test_every_status_of_the_ranking():
    items = [_input("01", "0.90", 60), _input("02", "0.80", 60), _input("03", "0.70", 60),
             _input("04", "0.50", 10), RankingInput("05", None, D(10)), _input("06", "0", 10, rejected=True)]
    ranking = rank(items, D("0.6"), D(150), rule=AllocationRule.PARTIAL, min_partial_share=D("0.5"))
    assert [(o.key, o.recommendation, o.recommended_amount) for o in ranking.offers] == [
        ("01", Recommendation.RECOMMENDED, D(60)), ("02", Recommendation.RECOMMENDED, D(60)),
        ("03", Recommendation.RECOMMENDED_IN_PART, D(30)),  # 30 left is 50 % of 60
        ("04", Recommendation.BELOW_THRESHOLD, D(0)), ("05", Recommendation.NOT_SCORED, D(0)),
        ("06", Recommendation.REJECTED_FORMALLY, D(0))]
    assert (ranking.recommended_total, ranking.remaining) == (D(150), D(0))
    assert ranking.offers[5].position is None


def test_stop_marks_the_rest_as_no_budget_left_and_an_adjustment_is_in_part():
    items = [_input("01", "0.90", 100), _input("02", "0.80", 60), _input("03", "0.70", 10)]
    ranking = rank(items, D("0.6"), D(150), rule=AllocationRule.STOP, adjustments={"01": D(80)})
    assert [(o.recommendation, o.recommended_amount, o.adjusted) for o in ranking.offers] == [
        (Recommendation.RECOMMENDED_IN_PART, D(80), True), (Recommendation.RECOMMENDED, D(60), False),
        (Recommendation.RECOMMENDED, D(10), False)]  # 80 + 60 + 10 = 150


def test_the_disagreement_limit_is_the_calls():
    item = RankingInput("01", OfferResult(D(70), D(100), D("0.7"), 2), D(1), (D("0.60"), D("0.75")))
    assert rank([item], D("0.6"), D(10)).offers[0].disputed is False  # 0.15 ≤ 0.20
    assert rank([item], D("0.6"), D(10), disagreement=D("0.10")).offers[0].disputed is True
