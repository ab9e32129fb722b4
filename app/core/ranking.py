"""The committee's ranking: threshold, tie-break, what the budget allows, and where members disagree.

Rules (stated once):
- offers are compared by their share of the applicable maximum (rounded to 0.0001, see numbers.py);
- ties are broken by the higher mean points, then by the lower requested grant, then by the offer number;
- an offer below the threshold is not recommended;
- going down the ranking, offers at or above the threshold get money by the call's allocation rule
  (allocation.py: stop, skip or partial; the chair may set an amount in place of a request); one that gets
  nothing is marked "no budget left", one that gets less than it asked "recommended in part";
- offers the formal check rejected are listed last, unranked;
- members disagree on an offer when their shares differ by more than the call's disagreement limit
  (DISAGREEMENT, 0.20 = 20 points in 100, unless the call sets another).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from .allocation import AllocationRule, Claim, allocate
from .scoring import OfferResult

DISAGREEMENT = Decimal("0.20")


class Recommendation(StrEnum):
    """What the ranking says of one offer."""

    RECOMMENDED = "recommended"
    RECOMMENDED_IN_PART = "recommended_in_part"
    BELOW_THRESHOLD = "below_threshold"
    ABOVE_BUDGET = "above_budget"
    NOT_SCORED = "not_scored"
    REJECTED_FORMALLY = "rejected_formally"


@dataclass(frozen=True)
class RankingInput:
    """One offer's committee result with what it asks for."""

    key: str  # the offer's number, also the last tie-break
    result: OfferResult | None
    requested: Decimal
    member_shares: tuple[Decimal, ...] = ()
    rejected_formally: bool = False


@dataclass(frozen=True)
class RankedOffer:
    """An offer's place in the ranking."""

    key: str
    position: int | None
    result: OfferResult | None
    requested: Decimal
    recommendation: Recommendation
    recommended_amount: Decimal
    spread: Decimal | None
    disagreement: Decimal = DISAGREEMENT
    adjusted: bool = False

    @property
    def disputed(self) -> bool:
        """True when the members' shares differ by more than the disagreement limit."""
        return self.spread is not None and self.spread > self.disagreement


@dataclass(frozen=True)
class Ranking:
    """The whole ranking and the budget left."""

    offers: tuple[RankedOffer, ...]
    budget: Decimal
    recommended_total: Decimal

    @property
    def remaining(self) -> Decimal:
        """Budget not yet recommended."""
        return self.budget - self.recommended_total


def _order(item: RankingInput) -> tuple:
    result = item.result
    return (-result.share, -result.points, item.requested, item.key)


def rank(items: Sequence[RankingInput], threshold: Decimal, budget: Decimal, *,
         rule: AllocationRule = AllocationRule.SKIP, min_partial_share: Decimal = Decimal(0),
         disagreement: Decimal = DISAGREEMENT, adjustments: Mapping[str, Decimal] | None = None) -> Ranking:
    """Order the scored offers and recommend grants within the budget by the call's rule."""
    adjustments = adjustments or {}
    rejected = sorted((i for i in items if i.rejected_formally), key=lambda i: i.key)
    items = [i for i in items if not i.rejected_formally]
    scored = sorted((i for i in items if i.result is not None and i.result.share is not None), key=_order)
    unscored = sorted((i for i in items if i.result is None or i.result.share is None), key=lambda i: i.key)
    amounts = allocate([Claim(i.key, i.requested, i.result.share >= threshold, adjustments.get(i.key))
                        for i in scored], budget, rule, min_partial_share)
    ranked: list[RankedOffer] = []
    for position, item in enumerate(scored, start=1):
        shares = item.member_shares
        spread = max(shares) - min(shares) if len(shares) >= 2 else None  # one card cannot disagree
        amount = amounts[item.key]
        if item.result.share < threshold:
            recommendation = Recommendation.BELOW_THRESHOLD
        elif amount == 0 and item.requested > 0:
            recommendation = Recommendation.ABOVE_BUDGET
        elif amount < item.requested:
            recommendation = Recommendation.RECOMMENDED_IN_PART
        else:
            recommendation = Recommendation.RECOMMENDED
        ranked.append(RankedOffer(item.key, position, item.result, item.requested, recommendation, amount, spread,
                                  disagreement, item.key in adjustments and item.result.share >= threshold))
    ranked += [RankedOffer(i.key, None, i.result, i.requested, Recommendation.NOT_SCORED, Decimal(0), None,
                           disagreement) for i in unscored]
    ranked += [RankedOffer(i.key, None, None, i.requested, Recommendation.REJECTED_FORMALLY, Decimal(0), None,
                           disagreement) for i in rejected]
    return Ranking(tuple(ranked), budget, sum(amounts.values(), Decimal(0)))
