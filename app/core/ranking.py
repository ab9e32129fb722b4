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
  (DISAGREEMENT, 0.20 = 20 points in 100, unless the call sets another);
- while cards are missing (and scoring was not closed) the ranking is preliminary: an offer that would get
  money is only "provisionally within the budget", never "recommended";
- a committee member sees an offer's figures only when allowed (see can_see_offer_results); while any row is
  hidden from him, places, proposals and the budget's use are hidden too, because they are built from every
  offer's result.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise

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
    PROVISIONAL = "provisional"  # would get money, but the ranking is still preliminary
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
    final: bool = True
    missing_cards: int = 0

    @property
    def remaining(self) -> Decimal:
        """Budget not yet recommended."""
        return self.budget - self.recommended_total


def _order(item: RankingInput) -> tuple:
    result = item.result
    return (-result.share, -result.points, item.requested, item.key)


def rank(items: Sequence[RankingInput], threshold: Decimal, budget: Decimal, *,
         rule: AllocationRule = AllocationRule.SKIP, min_partial_share: Decimal = Decimal(0),
         disagreement: Decimal = DISAGREEMENT, adjustments: Mapping[str, Decimal] | None = None,
         missing_cards: int = 0, scoring_closed: bool = False) -> Ranking:
    """Order the scored offers and recommend grants by the call's rule (provisionally while cards are missing)."""
    final = missing_cards == 0 or scoring_closed
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
        elif not final:
            recommendation = Recommendation.PROVISIONAL
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
    return Ranking(tuple(ranked), budget, sum(amounts.values(), Decimal(0)), final, missing_cards)


@dataclass(frozen=True)
class RankingRow:
    """A row of the ranking as one reader sees it: the offer's figures, or hidden."""

    key: str
    offer: RankedOffer | None  # None: hidden from this reader


@dataclass(frozen=True)
class RankingView:
    """The ranking for one reader: rows he may see in ranking order, then hidden rows by number."""

    ranking: Ranking
    rows: tuple[RankingRow, ...]

    @property
    def complete(self) -> bool:
        """True when no row is hidden: only then are places, proposals and the budget's use shown."""
        return all(r.offer is not None for r in self.rows)

    @property
    def hidden(self) -> int:
        """How many rows are hidden from this reader."""
        return sum(r.offer is None for r in self.rows)


def view_of(ranking: Ranking, visible: Collection[str]) -> RankingView:
    """The ranking for a reader who may see the offers whose keys are in visible."""
    shown = tuple(RankingRow(o.key, o) for o in ranking.offers if o.key in visible)
    hidden = tuple(RankingRow(key, None) for key in sorted(o.key for o in ranking.offers if o.key not in visible))
    return RankingView(ranking, shown + hidden)


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
