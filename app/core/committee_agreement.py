"""Where the committee agrees and where it does not: the figures of the "Zgodność ocen" page.

Rules (stated once):
- only counted cards: submitted, by members not excluded from the offer;
- totals are compared as shares of the applicable maximum (in percentage points), criteria in points;
- Krippendorff's alpha (interval) rests on the offers that at least two members scored (units); below
  MIN_UNITS units it is not computed ("too few data");
- ICC(2,1) and ICC(2,k) need a complete table: the offers that every one of the chosen members scored.
  Members are chosen by dropping, one at a time, the member with the fewest cards until at least
  MIN_UNITS offers were scored by all who remain (and at least two remain);
- an offer is flagged for discussion when its members' shares differ by more than the call's limit;
  per offer, the criterion where members are furthest apart is the one with the largest spread as a share
  of its maximum;
- a member's leniency is the mean, over the offers they share with others, of their share minus the mean
  of the others' shares; its z (mean / standard error) is given only from MIN_Z_CARDS cards on.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .agreement import IntervalAlphaSums, icc
from .numbers import round_share
from .scoring import AggregationMethod

MIN_UNITS = 5
MIN_Z_CARDS = 20


@dataclass(frozen=True)
class CountedCard:
    """One counted card: its author, its share of the applicable maximum, its points per criterion."""

    member: int
    share: Decimal | None
    points: Mapping[str, Decimal | None]  # criterion id → points; None = "nie dotyczy"


@dataclass(frozen=True)
class CriterionMax:
    """A criterion's id and maximum (for spreads as a share of it)."""

    id: str
    max_points: Decimal


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha and the number of units it rests on; value None = too few data."""

    value: float | None
    units: int


@dataclass(frozen=True)
class IccFigures:
    """ICC(2,1) and ICC(2,k) on the complete table of `offers` offers × `members` members."""

    single: float | None
    average: float | None
    offers: int
    members: int


@dataclass(frozen=True)
class OfferAgreement:
    """One offer: the members' shares, their spread, the flag, the criterion furthest apart."""

    key: str
    shares: tuple[Decimal, ...]
    share: Decimal | None  # the committee's share: mean (or median) of the members', as in scoring.aggregate
    spread: Decimal | None
    flagged: bool
    widest_criterion: str | None
    widest_spread: Decimal | None  # in points


@dataclass(frozen=True)
class CriterionAgreement:
    """One criterion over the call: alpha on its points, mean and range of the points, offers flagged."""

    id: str
    max_points: Decimal
    alpha: Alpha
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    mean_spread: Decimal | None  # mean over offers of (highest − lowest) of the members' points
    offers_apart: int  # offers where the members' points differ by more than the limit × maximum


@dataclass(frozen=True)
class Leniency:
    """A member's mean deviation from the others on the same offers (share points), and its z if enough cards."""

    member: int
    offers: int
    mean_deviation: Decimal
    z: Decimal | None


@dataclass(frozen=True)
class CommitteeAgreement:
    """Everything the agreement page shows."""

    offers: tuple[OfferAgreement, ...]
    criteria: tuple[CriterionAgreement, ...]
    total_alpha: Alpha
    icc: IccFigures
    leniency: tuple[Leniency, ...]

    @property
    def flagged(self) -> tuple[OfferAgreement, ...]:
        """Offers where discussion or a further review is suggested."""
        return tuple(o for o in self.offers if o.flagged)


def _d(value: float | None, places: str = "0.0001") -> Decimal | None:
    return None if value is None else Decimal(repr(value)).quantize(Decimal(places))


def _alpha(sums: IntervalAlphaSums) -> Alpha:
    return Alpha(sums.value() if sums.units >= MIN_UNITS else None, sums.units)


def committee_agreement(cards_by_offer: Mapping[str, Sequence[CountedCard]], criteria: Sequence[CriterionMax],
                        limit: Decimal, method: AggregationMethod = AggregationMethod.MEAN) -> CommitteeAgreement:
    """The agreement figures of the counted cards of the given offers (one pass over the cards)."""
    keys = sorted(cards_by_offer)
    members = sorted({c.member for cards in cards_by_offer.values() for c in cards})
    row = {m: i for i, m in enumerate(members)}
    totals: list[list[float | None]] = [[None] * len(keys) for _ in members]
    total_units = IntervalAlphaSums()
    per_criterion = {c.id: _CriterionTally() for c in criteria}
    offers = []
    for column, key in enumerate(keys):
        cards = cards_by_offer[key]
        shares = [c.share for c in cards if c.share is not None]
        for c in cards:
            if c.share is not None:
                totals[row[c.member]][column] = float(c.share) * 100
        if len(shares) >= 2:
            total_units.add([s * 100 for s in shares])
        by_criterion: dict[str, list[Decimal]] = {}
        for c in cards:  # one pass over the card's entries, not one look-up per criterion and card
            for criterion_id, p in c.points.items():
                if p is not None:
                    by_criterion.setdefault(criterion_id, []).append(p)
        widest, widest_spread, widest_relative = None, None, Decimal(0)
        for criterion in criteria:
            points = by_criterion.get(criterion.id)
            if not points:
                continue
            tally = per_criterion[criterion.id]
            tally.total += sum(points)
            tally.count += len(points)
            low, high = min(points), max(points)
            tally.lowest = low if tally.lowest is None else min(low, tally.lowest)
            tally.highest = high if tally.highest is None else max(high, tally.highest)
            if len(points) >= 2:
                spread = high - low
                tally.units.add(points)
                tally.spreads.append(spread)
                if spread > limit * criterion.max_points:
                    tally.apart += 1
                if spread and spread / criterion.max_points > widest_relative:
                    widest, widest_spread, widest_relative = criterion.id, spread, spread / criterion.max_points
        offers.append(_offer_agreement(key, tuple(shares), method, limit, widest, widest_spread))
    return CommitteeAgreement(tuple(offers), tuple(per_criterion[c.id].result(c) for c in criteria),
                              _alpha(total_units), _icc(totals), _leniency(cards_by_offer))


class _CriterionTally:
    """What one pass over the cards collects for a criterion."""

    def __init__(self) -> None:
        self.total, self.count = Decimal(0), 0
        self.lowest: Decimal | None = None
        self.highest: Decimal | None = None
        self.units = IntervalAlphaSums()
        self.spreads: list[Decimal] = []
        self.apart = 0

    def result(self, criterion: CriterionMax) -> CriterionAgreement:
        spreads = self.spreads
        return CriterionAgreement(
            criterion.id, criterion.max_points, _alpha(self.units),
            (self.total / self.count).quantize(Decimal("0.01")) if self.count else None, self.lowest, self.highest,
            (sum(spreads) / len(spreads)).quantize(Decimal("0.01")) if spreads else None, self.apart)


def _offer_agreement(key: str, shares: tuple[Decimal, ...], method: AggregationMethod, limit: Decimal,
                     widest: str | None, widest_spread: Decimal | None) -> OfferAgreement:
    combine = statistics.median if method is AggregationMethod.MEDIAN else (lambda v: sum(v) / len(v))
    share = round_share(combine(shares)) if shares else None
    spread = max(shares) - min(shares) if len(shares) >= 2 else None
    return OfferAgreement(key, shares, share, spread, spread is not None and spread > limit, widest, widest_spread)


def _icc(totals: list[list[float | None]]) -> IccFigures:
    """ICC(2,1) and ICC(2,k) on the largest complete table found by dropping the members with fewest cards."""
    kept = sorted(range(len(totals)), key=lambda m: -sum(v is not None for v in totals[m]))
    width = len(totals[0]) if totals else 0
    while len(kept) >= 2:
        complete = [u for u in range(width) if all(totals[m][u] is not None for m in kept)]
        if len(complete) >= MIN_UNITS:
            table = [[totals[m][u] for m in kept] for u in complete]
            return IccFigures(icc(table, "ICC2_1"), icc(table, "ICC2_k"), len(complete), len(kept))
        kept.pop()
    return IccFigures(None, None, 0, 0)


def _leniency(cards_by_offer: Mapping[str, Sequence[CountedCard]]) -> tuple[Leniency, ...]:
    deviations: dict[int, list[Decimal]] = {}
    for cards in cards_by_offer.values():
        shares = [(c.member, c.share) for c in cards if c.share is not None]
        if len(shares) < 2:
            continue
        total = sum(s for _, s in shares)
        for member, share in shares:
            others = (total - share) / (len(shares) - 1)
            deviations.setdefault(member, []).append(share - others)
    result = []
    for member, values in sorted(deviations.items()):
        mean = sum(values) / len(values)
        z = None
        if len(values) >= MIN_Z_CARDS:
            sd = _stdev([float(v) for v in values])
            z = _d(float(mean) / (sd / math.sqrt(len(values))), "0.01") if sd > 0 else None
        result.append(Leniency(member, len(values), mean.quantize(Decimal("0.0001")), z))
    return tuple(result)


def _stdev(values: list[float]) -> float:
    """Sample standard deviation in floats (statistics.stdev computes exactly, in fractions: too slow here)."""
    mean = sum(values) / len(values)
    return math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
