"""The calibration round's figures: per criterion, how far apart the members' scores of a sample offer are.

Rules (stated once):
- only points count; a "nie dotyczy" entry or a criterion left empty is listed but leaves the figures;
- the spread is highest − lowest, exact; the standard deviation is that of the population of the
  points given (the members who scored are the whole group being calibrated), rounded half up to
  0.01 point like every aggregated figure (numbers.round_points);
- criteria are compared by the spread as a share of their maximum (a 4-point gap means more on a
  5-point criterion than on a 20-point one): widest relative spread first, then the larger standard
  deviation as a share of the maximum, then the rubric's order;
- the level each member chose is the criterion's descriptor that covers the points given.
"""

from __future__ import annotations

import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .charts import RangeRow, range_rows
from .numbers import round_points, round_share
from .rubric import Criterion, Descriptor
from .scoring import CriterionScore


@dataclass(frozen=True)
class MemberLevel:
    """What one member gave for a criterion: points (or "nie dotyczy"), the level and the justification."""

    member: Hashable
    points: Decimal | None
    not_applicable: bool
    level: Descriptor | None
    justification: str


@dataclass(frozen=True)
class CriterionSpread:
    """How one criterion was read by the members who scored a sample offer."""

    criterion_id: str
    max_points: Decimal
    levels: tuple[MemberLevel, ...]
    lowest: Decimal | None
    highest: Decimal | None
    spread: Decimal | None  # highest − lowest
    stdev: Decimal | None  # population standard deviation, 0.01 point

    @property
    def spread_share(self) -> Decimal | None:
        """The spread as a share of the criterion's maximum (0–1, rounded like every share)."""
        return None if self.spread is None else round_share(self.spread / self.max_points)

    @property
    def stdev_share(self) -> Decimal | None:
        """The standard deviation as a share of the criterion's maximum."""
        return None if self.stdev is None else round_share(self.stdev / self.max_points)

    @property
    def distinct_levels(self) -> int:
        """How many different levels the members chose (1 means they agree on the reading)."""
        return len({id(m.level) for m in self.levels if m.level is not None})


def criterion_spread(criterion: Criterion, cards: Mapping[Hashable, Mapping[str, CriterionScore]]) -> CriterionSpread:
    """One criterion's levels and figures over the members' cards (in the order given)."""
    levels, given = [], []
    for member, card in cards.items():
        entry = card.get(criterion.id, CriterionScore(criterion.id))
        points = None if entry.not_applicable else entry.points
        if points is not None:
            given.append(points)
        levels.append(MemberLevel(member, points, entry.not_applicable,
                                  None if points is None else criterion.descriptor_for(points), entry.justification))
    if not given:
        return CriterionSpread(criterion.id, criterion.max_points, tuple(levels), None, None, None, None)
    low, high = min(given), max(given)
    return CriterionSpread(criterion.id, criterion.max_points, tuple(levels), low, high, high - low,
                           round_points(statistics.pstdev(given)))


def spreads(criteria: Sequence[Criterion],
            cards: Mapping[Hashable, Mapping[str, CriterionScore]]) -> list[CriterionSpread]:
    """Every criterion's spread, the widest (relative to its maximum) first; unscored criteria last."""
    order = {c.id: i for i, c in enumerate(criteria)}
    result = [criterion_spread(c, cards) for c in criteria]

    def key(item: CriterionSpread):
        if item.spread is None:
            return (1, Decimal(0), Decimal(0), order[item.criterion_id])
        return (0, -(item.spread / item.max_points), -(item.stdev / item.max_points), order[item.criterion_id])

    return sorted(result, key=key)


def widest(items: Sequence[CriterionSpread], limit: int = 3) -> list[CriterionSpread]:
    """The criteria the committee should talk about first: up to `limit` with a spread above zero."""
    return [s for s in items if s.spread][:limit]


def chart_rows(items: Sequence[CriterionSpread]) -> tuple[RangeRow, ...]:
    """The spreads chart: per criterion (in the order given) a bar from the lowest to the highest score,
    as shares of the criterion's maximum on one 0–100 % scale; an unscored criterion draws nothing."""
    return range_rows([(s.criterion_id, _share(s.lowest, s.max_points), None, _share(s.highest, s.max_points))
                       for s in items], 0, 1)


def _share(value: Decimal | None, maximum: Decimal) -> Decimal | None:
    return None if value is None else value / maximum
