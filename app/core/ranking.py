"""The committee's ranking: threshold, tie-break, what the budget allows, and where members disagree.

Rules (stated once):
- offers are compared by their share of the applicable maximum (rounded to 0.0001, see numbers.py);
- ties are broken by the higher mean points, then by the lower requested grant, then by the offer number;
- an offer below the threshold is not recommended;
- going down the ranking, an offer above the threshold is recommended with the grant it requests as long as
  the running total stays within the budget; one that no longer fits is marked "above the budget" and the
  ones after it are still considered (a smaller request may fit);
- members disagree on an offer when their shares differ by more than DISAGREEMENT (0.20 = 20 points in 100).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise

from .scoring import OfferResult

DISAGREEMENT = Decimal("0.20")


class Recommendation(StrEnum):
    """What the ranking says of one offer."""

    RECOMMENDED = "recommended"
    BELOW_THRESHOLD = "below_threshold"
    ABOVE_BUDGET = "above_budget"
    NOT_SCORED = "not_scored"


@dataclass(frozen=True)
class RankingInput:
    """One offer's committee result with what it asks for."""

    key: str  # the offer's number, also the last tie-break
    result: OfferResult | None
    requested: Decimal
    member_shares: tuple[Decimal, ...] = ()


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

    @property
    def disputed(self) -> bool:
        """True when the members' shares differ by more than the disagreement limit."""
        return self.spread is not None and self.spread > DISAGREEMENT


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


def rank(items: Sequence[RankingInput], threshold: Decimal, budget: Decimal) -> Ranking:
    """Order the scored offers and recommend grants within the budget."""
    scored = sorted((i for i in items if i.result is not None and i.result.share is not None), key=_order)
    unscored = sorted((i for i in items if i.result is None or i.result.share is None), key=lambda i: i.key)
    ranked: list[RankedOffer] = []
    total = Decimal(0)
    for position, item in enumerate(scored, start=1):
        shares = item.member_shares
        spread = max(shares) - min(shares) if len(shares) >= 2 else None  # one card cannot disagree
        if item.result.share < threshold:
            recommendation, amount = Recommendation.BELOW_THRESHOLD, Decimal(0)
        elif total + item.requested <= budget:
            recommendation, amount = Recommendation.RECOMMENDED, item.requested
            total += amount
        else:
            recommendation, amount = Recommendation.ABOVE_BUDGET, Decimal(0)
        ranked.append(RankedOffer(item.key, position, item.result, item.requested, recommendation, amount, spread))
    ranked += [RankedOffer(i.key, None, i.result, i.requested, Recommendation.NOT_SCORED, Decimal(0), None)
               for i in unscored]
    return Ranking(tuple(ranked), budget, total)


class TieBreak(StrEnum):
    """Which rule put an offer below the one before it when their shares are equal."""

    POINTS = "points"
    REQUESTED = "requested"
    NUMBER = "number"


def tie_breaks(ranking: Ranking) -> dict[str, TieBreak]:
    """For each ranked offer whose share equals the previous one's: the rule that decided between them."""
    decided: dict[str, TieBreak] = {}
    ranked = [o for o in ranking.offers if o.position is not None]
    for before, after in pairwise(ranked):
        if before.result.share != after.result.share:
            continue
        if before.result.points != after.result.points:
            decided[after.key] = TieBreak.POINTS
        elif before.requested != after.requested:
            decided[after.key] = TieBreak.REQUESTED
        else:
            decided[after.key] = TieBreak.NUMBER
    return decided
