"""Zestawienie oceny oferty and Uzasadnienie oceny: an offer's cards side by side, as plain dataclasses.

Both read ``competition_results`` (the ranking page's function) so their totals are the ranking's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.core.ranking import RankedOffer, Recommendation
from app.core.rubric import Rubric
from app.core.scoring import AggregationMethod, CardTotal, OfferResult, PointsSpread, spread_of
from app.offers.models import Offer
from app.reviews.queries import CallResults

from .heading import Heading, heading_of


@dataclass(frozen=True)
class Assessment:
    """One counted member's entry for a criterion: points (None when "nie dotyczy") and why."""

    points: Decimal | None
    not_applicable: bool
    justification: str


@dataclass(frozen=True)
class CriterionLine:
    """A criterion across the counted cards, with the aggregate, the lowest and the highest points."""

    criterion_id: str
    title: str
    max_points: Decimal
    assessments: tuple[Assessment, ...]
    spread: PointsSpread | None


@dataclass(frozen=True)
class ExcludedMember:
    """A member who did not assess the offer: named, without scores."""

    name: str
    kind: str  # conflict | secretary


@dataclass(frozen=True)
class OfferOutcome:
    """The offer's place in the committee's ranking."""

    result: OfferResult | None
    threshold: Decimal
    passes_threshold: bool | None
    position: int | None
    recommendation: Recommendation
    requested: Decimal
    recommended_amount: Decimal


@dataclass(frozen=True)
class OfferSummaryDocument:
    """Everything the summary (and, without the names, the reasons letter) says."""

    heading: Heading
    offer_number: str
    applicant: str
    title: str
    aggregation: str
    members: tuple[str, ...]  # the counted members, in the order of the assessments
    member_totals: tuple[CardTotal, ...]
    excluded: tuple[ExcludedMember, ...]
    lines: tuple[CriterionLine, ...]
    total_spread: PointsSpread | None
    outcome: OfferOutcome


def offer_outcome(offer: Offer, ranked: RankedOffer) -> OfferOutcome:
    """The ranking's verdict on one offer."""
    result = ranked.result
    threshold = offer.competition.threshold
    passes = None if result is None or result.share is None else result.share >= threshold
    return OfferOutcome(result, threshold, passes, ranked.position, ranked.recommendation, ranked.requested,
                        ranked.recommended_amount)


def offer_summary_document(offer: Offer, rubric: Rubric, results: CallResults, locale: str) -> OfferSummaryDocument:
    """The summary of an admitted offer's assessment (``results`` from ``competition_results``)."""
    summary = results.summaries[offer.id]
    ranked = next(r for r in results.ranking.offers if r.key == offer.number)
    counted = [row for row in summary.rows if not row.excluded]
    method = AggregationMethod(offer.competition.aggregation)
    lines = []
    for criterion in rubric.criteria:
        assessments = []
        for row in counted:
            score = next((s for s in row.card.scores if s.criterion_id == criterion.id), None)
            if score is None:
                assessments.append(Assessment(None, True, ""))
            else:
                assessments.append(Assessment(None if score.not_applicable else score.points, score.not_applicable,
                                              score.justification))
        given = [a.points for a in assessments if a.points is not None]
        lines.append(CriterionLine(criterion.id, criterion.title.get(locale), criterion.max_points,
                                   tuple(assessments), spread_of(given, method)))
    excluded = tuple(ExcludedMember(e.user.display_name, e.kind)
                     for e in sorted(offer.exclusions, key=lambda e: e.user.display_name))
    return OfferSummaryDocument(
        heading_of(offer.competition), offer.number, offer.applicant_name, offer.title, method.value,
        tuple(row.card.user.display_name for row in counted), tuple(row.total for row in counted), excluded,
        tuple(lines), spread_of([row.total.points for row in counted], method), offer_outcome(offer, ranked))
