"""The protocol's charts and agreement figures: the agreement page's, from its functions, never leniency.

The figures come from ``results.queries.agreement_data`` and the charts' geometry from
``core.charts.agreement_charts``, as on the page (`/konkursy/<id>/zgodnosc`). The protocol is downloaded
only by those who may see every offer's scores (exports.permissions), so every admitted offer counts.
Members' leniency is computed by the same function but never copied here: it stays on the chair's page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.competitions.models import Competition
from app.core.charts import Histogram, RangeRow, agreement_charts
from app.core.committee_agreement import Alpha, CriterionAgreement, IccFigures, OfferAgreement
from app.core.rubric import Rubric
from app.results.queries import agreement_data


@dataclass(frozen=True)
class FlaggedOffer:
    """An offer whose members' shares differ by more than the limit, with the criterion furthest apart."""

    agreement: OfferAgreement
    applicant: str
    criterion_title: str | None
    criterion_max: Decimal | None


@dataclass(frozen=True)
class ProtocolFigures:
    """The distribution of results with the threshold, points and agreement per criterion, alpha and ICC."""

    threshold: Decimal
    limit: Decimal
    distribution: Histogram
    criteria_chart: tuple[RangeRow, ...]
    alpha_chart: tuple[RangeRow, ...]
    criteria: tuple[tuple[CriterionAgreement, str], ...]  # with the criterion's title
    offers: int
    total_alpha: Alpha
    icc: IccFigures
    flagged: tuple[FlaggedOffer, ...]


def protocol_figures(competition: Competition, rubric: Rubric, locale: str) -> ProtocolFigures:
    """The figures the protocol shows beside the ranking (every admitted offer)."""
    data = agreement_data(competition, rubric, 0, lambda offer, own_submitted: True)
    figures = data.figures
    charts = agreement_charts(figures, competition.threshold, {})
    titles = {c.id: c.title.get(locale) for c in rubric.criteria}
    maxima = {c.id: c.max_points for c in rubric.criteria}
    flagged = tuple(FlaggedOffer(o, data.offers[o.key].applicant_name, titles.get(o.widest_criterion),
                                 maxima.get(o.widest_criterion)) for o in figures.flagged)
    return ProtocolFigures(competition.threshold, competition.disagreement_limit, charts.distribution,
                           charts.criteria, charts.alpha, tuple((c, titles[c.id]) for c in figures.criteria),
                           len(figures.offers), figures.total_alpha, figures.icc, flagged)
