"""Lista wyników: applicant, title, points and the amount (or "nie przyznano"), in ranking order, for the BIP."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.competitions.models import Competition
from app.core.ranking import Recommendation
from app.core.scoring import OfferResult
from app.extensions import db
from app.offers.models import Offer
from app.results.queries import decision_of
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
    decision_number: str | None = None  # the mayor's order the amounts come from
    decided_on: date | None = None


def results_list_document(competition: Competition, results: CallResults) -> ResultsListDocument:
    """The ranking of ``competition_results`` (its offers' names read here: the ranking alone will do) as a list
    for publication; once the mayor's decision is recorded, its amounts replace the committee's proposals."""
    offers = {row.number: row for row in db.session.execute(
        sa.select(Offer.number, Offer.id, Offer.applicant_name, Offer.title).where(
            Offer.competition_id == competition.id))}
    decision = decision_of(competition)
    granted = {grant.offer_id: grant.amount for grant in decision.grants} if decision else {}

    def amount(row) -> Decimal:
        return granted.get(offers[row.key].id, Decimal(0)) if decision else row.recommended_amount

    rows = tuple(ResultRow(r.position, offers[r.key].applicant_name, offers[r.key].title, r.result, r.recommendation,
                           amount(r)) for r in results.ranking.offers)
    total = sum(granted.values(), Decimal(0)) if decision else results.ranking.recommended_total
    return ResultsListDocument(heading_of(competition), decision is None, rows, results.ranking.budget, total,
                               decision.number if decision else None, decision.decided_on if decision else None)
