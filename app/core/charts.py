"""Geometry of the server-drawn SVG charts (templates/results/_charts.html draws them, no JavaScript).

Charts are drawn by Jinja templates rather than pygal or matplotlib: four simple bar shapes do not need
a plotting library, the SVG stays free of scripts and inline styles (the content security policy allows
neither), the same markup renders in WeasyPrint for the protocol, and every chart sits beside its data
table. The functions here turn the figures into coordinates; they never compute a figure themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .committee_agreement import CommitteeAgreement

WIDTH = 640
PLOT_LEFT = 190  # room for labels (members' names are cut to fit)
PLOT_WIDTH = WIDTH - PLOT_LEFT - 20
ROW = 22


@dataclass(frozen=True)
class Column:
    """One histogram column: the bin [lower, upper) in percent, its count, and where it is drawn."""

    lower: int
    upper: int
    count: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Histogram:
    """Offers by their share of the maximum in bins of 10 percentage points, with the threshold line."""

    columns: tuple[Column, ...]
    threshold_x: float
    top: int  # the highest count (the scale's top)
    height: int = 200


def histogram(shares: Sequence[Decimal], threshold: Decimal, *, height: int = 200, bins: int = 10) -> Histogram:
    """Count shares (0–1) in `bins` equal bins; 100 % goes into the last one."""
    counts = [0] * bins
    for share in shares:
        index = int((share * bins).to_integral_value(rounding=ROUND_FLOOR))
        counts[min(max(index, 0), bins - 1)] += 1
    top = max(counts, default=0) or 1
    width = PLOT_WIDTH / bins
    step = 100 // bins
    columns = tuple(Column(i * step, (i + 1) * step, count, PLOT_LEFT + i * width, height - height * count / top,
                           width - 2, height * count / top) for i, count in enumerate(counts))
    return Histogram(columns, PLOT_LEFT + PLOT_WIDTH * float(threshold), top, height)


@dataclass(frozen=True)
class RangeRow:
    """A horizontal row: a bar from `start` to `end` (e.g. lowest to highest) and a mark (e.g. the mean)."""

    label: str
    y: float
    start: float
    end: float
    mark: float | None


def range_rows(rows: Sequence[tuple[str, Decimal | float | None, Decimal | float | None, Decimal | float | None]],
               lowest: float, highest: float) -> tuple[RangeRow, ...]:
    """Rows of (label, start, mark, end) on one scale from `lowest` to `highest`; a missing value draws nothing."""
    span = (highest - lowest) or 1.0

    def x(value) -> float:
        clamped = min(max(float(value), lowest), highest)
        return PLOT_LEFT + PLOT_WIDTH * (clamped - lowest) / span

    result = []
    for i, (label, start, mark, end) in enumerate(rows):
        if start is None or end is None:
            result.append(RangeRow(label, i * ROW, x(lowest), x(lowest), None))
            continue
        result.append(RangeRow(label, i * ROW, x(start), x(end), None if mark is None else x(mark)))
    return tuple(result)


def scale_x(value: float, lowest: float, highest: float) -> float:
    """Where a value sits on a horizontal scale from `lowest` to `highest`."""
    return range_rows([("", value, None, value)], lowest, highest)[0].start


@dataclass(frozen=True)
class AgreementCharts:
    """The agreement page's charts."""

    distribution: Histogram
    criteria: tuple[RangeRow, ...]  # lowest to highest points as a share of the maximum, the mean marked
    alpha: tuple[RangeRow, ...]  # 0 to each criterion's alpha (a negative alpha draws nothing)
    leniency: tuple[RangeRow, ...]  # 0 to each member's mean deviation
    leniency_zero: float
    leniency_bound: Decimal  # the scale runs from −bound to +bound


def agreement_charts(figures: CommitteeAgreement, threshold: Decimal, member_names: dict[int, str]) -> AgreementCharts:
    """Every chart of the agreement page from its figures."""
    shares = [o.share for o in figures.offers if o.share is not None]
    criteria = range_rows([(c.id, _of(c.lowest, c.max_points), _of(c.mean, c.max_points), _of(c.highest, c.max_points))
                           for c in figures.criteria], 0, 1)
    alpha = range_rows([(c.id, 0, None, None if c.alpha.value is None else max(c.alpha.value, 0))
                        for c in figures.criteria], 0, 1)
    # a symmetric scale wide enough for the largest deviation, at least ±5 percentage points
    bound = max([abs(m.mean_deviation) for m in figures.leniency] + [Decimal("0.05")])
    leniency = range_rows([(member_names.get(m.member, str(m.member)), min(m.mean_deviation, 0), None,
                            max(m.mean_deviation, 0)) for m in figures.leniency], -float(bound), float(bound))
    return AgreementCharts(histogram(shares, threshold), criteria, alpha, leniency,
                           scale_x(0, -float(bound), float(bound)), bound)


def _of(value: Decimal | None, maximum: Decimal) -> Decimal | None:
    return None if value is None else value / maximum
