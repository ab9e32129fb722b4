"""Lista wyników: applicant, title, points and the amount (or "nie przyznano"), in ranking order, for the BIP."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.competitions.models import Competition
from app.core.ranking import Recommendation
from app.core.scoring import OfferResult
from app.reviews.queries import CallResults

from .heading import Heading, heading_of


@dataclass(frozen=True)
class ResultRow:
    """One offer on the published list; organisations only, no personal data."""

    position: int | None
    applicant: str
    title: str
    result: OfferResult | None
    recommendation: Recommendation
    amount: Decimal  # 0 means "nie przyznano"


@dataclass(frozen=True)
class ResultsListDocument:
    """The list, marked "projekt" until the mayor's decision is recorded."""

    heading: Heading
    draft_of_decision: bool
    rows: tuple[ResultRow, ...]
    budget: Decimal
    total: Decimal


def mayor_decision_recorded(competition: Competition) -> bool:
    """Whether the mayor's order (zarządzenie) on the results is recorded; no such record exists yet."""
    return False


def results_list_document(competition: Competition, results: CallResults) -> ResultsListDocument:
    """The ranking of ``competition_results`` as a list for publication."""
    offers = {o.number: o for o in results.offers}
    rows = tuple(ResultRow(r.position, offers[r.key].applicant_name, offers[r.key].title, r.result, r.recommendation,
                           r.recommended_amount) for r in results.ranking.offers)
    return ResultsListDocument(heading_of(competition), not mayor_decision_recorded(competition), rows,
                               results.ranking.budget, results.ranking.recommended_total)
