"""Agreement between members: Krippendorff's alpha and the intraclass correlations of Shrout & Fleiss.

Implemented from the published formulas rather than with the `krippendorff` package: that package
needs numpy (tens of megabytes) for what is a few dozen lines over a coincidence matrix, and
ICC needs only the two-way ANOVA mean squares. Both are tested against their authors' own
worked examples (tests/unit/test_agreement.py) to three decimals.

Statistics are floats: they are descriptive figures shown rounded, never used to rank or to pay.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

LEVELS = ("nominal", "ordinal", "interval", "ratio")
ICC_KINDS = ("ICC1_1", "ICC2_1", "ICC3_1", "ICC1_k", "ICC2_k", "ICC3_k")

Number = int | float
Observer = Sequence[Number | None]


def krippendorff_alpha(reliability_data: Sequence[Observer], level: str = "interval") -> float | None:
    """Krippendorff's alpha of observers × units (None = missing); None when it is undefined.

    Units with fewer than two values are not pairable and are left out (Krippendorff 2011).
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level of measurement: {level!r}")
    units = _pairable_units(reliability_data)
    if level == "interval":
        return interval_alpha(units)
    counts: Counter = Counter()  # n_c: how often each value is pairable
    for values in units:
        counts.update(values)
    n = sum(counts.values())
    if n < 2 or len(counts) < 2:
        return None  # no variation at all: alpha is undefined
    delta = _metric(level, counts)
    observed = sum(_unit_disagreement(values, delta) for values in units)
    distinct = sorted(counts)
    expected = sum(counts[c] * counts[k] * delta(c, k) for c in distinct for k in distinct)
    if expected == 0:
        return None
    return 1.0 - (n - 1) * observed / expected


def interval_alpha(units: Sequence[Sequence[Number]]) -> float | None:
    """The interval alpha of pairable units given as their values (two or more each)."""
    sums = IntervalAlphaSums()
    for values in units:
        sums.add(values)
    return sums.value()


class IntervalAlphaSums:
    """The interval alpha gathered unit by unit, in closed form (ints, floats or Decimals, exactly as given).

    Σ over a unit's ordered pairs of (a − b)² is 2(m·Σv² − (Σv)²), and Σ over all pairs of pairable
    values likewise: the same figure as the coincidence matrix, without a loop over every pair of
    distinct values (shares of the maximum take thousands of distinct values in a large call).
    """

    def __init__(self) -> None:
        self.units = self.n = 0
        self.observed = self.total = self.total_sq = 0

    def add(self, values: Sequence) -> None:
        """Add one pairable unit's values."""
        m = len(values)
        s = sum(values)
        sq = sum(v * v for v in values)
        self.units += 1
        self.n += m
        self.observed += 2 * (m * sq - s * s) / (m - 1)
        self.total += s
        self.total_sq += sq

    def value(self) -> float | None:
        """Alpha, or None when there is no variation at all (alpha is undefined)."""
        n = self.n
        expected = float(2 * (n * self.total_sq - self.total * self.total))
        if n < 2 or expected <= 1e-12 * max(1.0, float(n * self.total_sq)):
            return None
        return 1.0 - (n - 1) * float(self.observed) / expected


def pairable_units(reliability_data: Sequence[Observer]) -> int:
    """How many units alpha rests on: those with at least two values."""
    return len(_pairable_units(reliability_data))


def _pairable_units(reliability_data: Sequence[Observer]) -> list[list[Number]]:
    width = max((len(row) for row in reliability_data), default=0)
    units = []
    for u in range(width):
        values = [row[u] for row in reliability_data if u < len(row) and row[u] is not None]
        if len(values) >= 2:
            units.append(values)
    return units


def _unit_disagreement(values: list[Number], delta) -> float:
    """Σ over ordered pairs of a unit's values of δ², divided by m_u − 1 (the unit's coincidences)."""
    m = len(values)
    here = Counter(values)
    total = sum(here[c] * here[k] * delta(c, k) for c in here for k in here)
    return total / (m - 1)


def _metric(level: str, counts: Counter):
    """The squared difference function δ²(c, k) of a level of measurement."""
    if level == "nominal":
        return lambda c, k: 0.0 if c == k else 1.0
    if level == "interval":
        return lambda c, k: float(c - k) ** 2
    if level == "ratio":
        return lambda c, k: 0.0 if c == k else (float(c - k) / float(c + k)) ** 2
    # ordinal: the distance between two ranks counts the values between them (Krippendorff 2011, eq. 6)
    ordered = sorted(counts)
    cumulative, position = {}, 0.0
    for value in ordered:
        cumulative[value] = position + counts[value] / 2  # midpoint of the value's block of pairable values
        position += counts[value]
    return lambda c, k: (cumulative[c] - cumulative[k]) ** 2


@dataclass(frozen=True)
class MeanSquares:
    """The two-way ANOVA of targets × judges (Shrout & Fleiss 1979, Table 1)."""

    targets: int
    judges: int
    between_targets: float  # BMS
    within_target: float  # WMS
    between_judges: float  # JMS
    residual: float  # EMS


def mean_squares(ratings: Sequence[Sequence[Number]]) -> MeanSquares:
    """BMS, WMS, JMS and EMS of a complete targets × judges table."""
    n = len(ratings)
    k = len(ratings[0]) if n else 0
    if n < 2 or k < 2 or any(len(row) != k for row in ratings) or any(v is None for row in ratings for v in row):
        raise ValueError("ICC needs a complete table of at least 2 targets × 2 judges")
    rows = [[float(v) for v in row] for row in ratings]
    grand = sum(map(sum, rows)) / (n * k)
    target_means = [sum(row) / k for row in rows]
    judge_means = [sum(row[j] for row in rows) / n for j in range(k)]
    total_ss = sum((v - grand) ** 2 for row in rows for v in row)
    targets_ss = k * sum((m - grand) ** 2 for m in target_means)
    judges_ss = n * sum((m - grand) ** 2 for m in judge_means)
    residual_ss = total_ss - targets_ss - judges_ss
    return MeanSquares(n, k, targets_ss / (n - 1), (total_ss - targets_ss) / (n * (k - 1)),
                       judges_ss / (k - 1), residual_ss / ((n - 1) * (k - 1)))


def icc(ratings: Sequence[Sequence[Number]], kind: str) -> float | None:
    """Shrout & Fleiss's intraclass correlation of targets × judges; None when undefined (no variance)."""
    if kind not in ICC_KINDS:
        raise ValueError(f"unknown ICC: {kind!r}")
    ms = mean_squares(ratings)
    n, k = ms.targets, ms.judges
    bms, wms, jms, ems = ms.between_targets, ms.within_target, ms.between_judges, ms.residual
    numerator, denominator = {
        "ICC1_1": (bms - wms, bms + (k - 1) * wms),
        "ICC2_1": (bms - ems, bms + (k - 1) * ems + k * (jms - ems) / n),
        "ICC3_1": (bms - ems, bms + (k - 1) * ems),
        "ICC1_k": (bms - wms, bms),
        "ICC2_k": (bms - ems, bms + (jms - ems) / n),
        "ICC3_k": (bms - ems, bms),
    }[kind]
    return None if denominator == 0 else numerator / denominator


def spread(values: Sequence[Number]) -> Number | None:
    """Largest minus smallest of two or more values; None for fewer (one value cannot disagree)."""
    return max(values) - min(values) if len(values) >= 2 else None
