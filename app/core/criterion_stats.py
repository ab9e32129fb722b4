"""Per-criterion figures across the committee's cards: how many scores, mean, lowest, highest, spread.

Rules: only points count (a "nie dotyczy" entry is counted apart and leaves the figures); the mean
and the standard deviation (of the population of scores given) are rounded once, half up, to 0.01
point like every aggregated figure (numbers.round_points); the spread is highest − lowest, exact.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from .numbers import round_points, round_share
from .rubric import Rubric
from .scoring import CriterionScore


@dataclass(frozen=True)
class CriterionStats:
    """One criterion's scores across the cards."""

    criterion_id: str
    max_points: Decimal
    scored: int
    not_applicable: int
    mean: Decimal | None
    lowest: Decimal | None
    highest: Decimal | None
    spread: Decimal | None
    stdev: Decimal | None

    @property
    def mean_share(self) -> Decimal | None:
        """The mean as a share of the criterion's maximum (rounded like every share)."""
        if self.mean is None:
            return None
        return round_share(self.mean / self.max_points)


def criterion_stats(rubric: Rubric, cards: Iterable[Mapping[str, CriterionScore]]) -> list[CriterionStats]:
    """The figures of every criterion of the rubric over the given cards (in card order)."""
    points: dict[str, list[Decimal]] = {c.id: [] for c in rubric.criteria}
    not_applicable = dict.fromkeys(points, 0)
    for card in cards:
        for criterion_id, score in card.items():
            if criterion_id not in points:
                continue
            if score.not_applicable:
                not_applicable[criterion_id] += 1
            elif score.points is not None:
                points[criterion_id].append(score.points)
    result = []
    for criterion in rubric.criteria:
        given = points[criterion.id]
        if given:
            mean = round_points(sum(given, Decimal(0)) / len(given))
            low, high = min(given), max(given)
            stdev = round_points(statistics.pstdev(given))
            result.append(CriterionStats(criterion.id, criterion.max_points, len(given),
                                         not_applicable[criterion.id], mean, low, high, high - low, stdev))
        else:
            result.append(CriterionStats(criterion.id, criterion.max_points, 0, not_applicable[criterion.id],
                                         None, None, None, None, None))
    return result
