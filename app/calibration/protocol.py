"""The protocol's "Kalibracja" part: whether a round was held, its samples, when it closed, how many members
took part, the criteria read most differently, and the spreads chart. No member is named here (the
protocol has a copy for publication); the side-by-side view with names stays on the committee's page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.competitions.models import Competition
from app.core.calibration import CriterionSpread, chart_rows, widest
from app.core.charts import RangeRow
from app.rubrics.registry import call_rubric

from . import queries

WIDEST_SHOWN = 3


@dataclass(frozen=True)
class SampleSpreads:
    """One sample of the round: how many cards came in, and (once finished) the spreads."""

    position: int
    label: str
    submitted: int
    finished: bool
    widest: tuple[CriterionSpread, ...]  # up to WIDEST_SHOWN criteria with a spread above zero
    spreads: tuple[CriterionSpread, ...]  # every criterion, widest first (the chart's data)
    chart: tuple[RangeRow, ...]


@dataclass(frozen=True)
class CalibrationSummary:
    """The round as the protocol states it."""

    started_at: datetime
    closed_at: datetime | None
    close_reason: str | None
    participants: int  # scoring members expected to calibrate
    members_submitted: int  # members who submitted at least one calibration card
    samples: tuple[SampleSpreads, ...]
    criterion_titles: dict[str, str]  # criterion id → Polish title


def calibration_summary(competition: Competition) -> CalibrationSummary | None:
    """The call's calibration round for the protocol, or None when none was held."""
    calibration = queries.round_of(competition)
    rubric = call_rubric(competition)
    if calibration is None or rubric is None:
        return None
    samples, submitters = [], set()
    for sample in calibration.samples:
        figures = queries.comparison(sample, rubric)
        submitters.update(figures.members)
        finished = queries.sample_finished(sample)
        items = tuple(figures.criteria) if finished else ()
        samples.append(SampleSpreads(sample.position, sample.label, len(figures.members), finished,
                                     tuple(widest(items, WIDEST_SHOWN)), items, chart_rows(items)))
    return CalibrationSummary(calibration.started_at, calibration.closed_at, calibration.close_reason,
                              len(queries.participants(competition)), len(submitters), tuple(samples),
                              {c.id: c.title.pl for c in rubric.criteria})
