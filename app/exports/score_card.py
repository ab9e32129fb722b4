"""Karta oceny: one member's card for one offer, as a plain dataclass for the PDF."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from app.core.rubric import Applicability, Rubric
from app.core.scoring import CardTotal, card_total
from app.reviews.models import ScoreCard
from app.reviews.operations import entries_of

from .heading import Heading, heading_of


@dataclass(frozen=True)
class CardLine:
    """One criterion of the card: its maximum, the points and level reached, and the justification."""

    criterion_id: str
    title: str
    max_points: Decimal
    points: Decimal | None
    not_applicable: bool
    level: str | None
    justification: str


@dataclass(frozen=True)
class CorrectionLine:
    """A change to the submitted card, with its reason."""

    at: datetime
    criterion_id: str
    old_points: Decimal | None
    old_not_applicable: bool
    new_points: Decimal | None
    new_not_applicable: bool
    reason: str


@dataclass(frozen=True)
class ScoreCardDocument:
    """Everything the printed card says."""

    heading: Heading
    offer_number: str
    applicant: str
    title: str
    member: str
    submitted: bool
    submitted_at: datetime | None
    rubric_id: str
    rubric_version: str
    rubric_hash: str
    lines: tuple[CardLine, ...]
    total: CardTotal
    corrections: tuple[CorrectionLine, ...]


@dataclass(frozen=True)
class OfferCardsDocument:
    """Every submitted card of one offer, for one PDF: the offer's header, then a card per page."""

    heading: Heading
    offer_number: str
    applicant: str
    title: str
    cards: tuple[ScoreCardDocument, ...]


def offer_cards_document(offer, cards, rubric: Rubric, locale: str) -> OfferCardsDocument:
    """The offer's cards (with their scores, corrections and authors loaded) as one document."""
    return OfferCardsDocument(heading_of(offer.competition), offer.number, offer.applicant_name, offer.title,
                              tuple(score_card_document(card, rubric, locale) for card in cards))


def score_card_document(card: ScoreCard, rubric: Rubric, locale: str) -> ScoreCardDocument:
    """The card with its scores (loaded, e.g. by ``card_with_scores``), totals from app.core.scoring."""
    offer = card.offer
    context = offer.competition.context_for(offer.applicant_prior_tasks)
    entries = entries_of(card)
    lines = []
    for criterion in rubric.criteria:
        entry = entries.get(criterion.id)
        not_applicable = (criterion.applicability_for(context) is Applicability.NOT_APPLICABLE
                          or (entry is not None and entry.not_applicable))
        points = None if entry is None or not_applicable else entry.points
        descriptor = criterion.descriptor_for(points) if points is not None else None
        lines.append(CardLine(criterion.id, criterion.title.get(locale), criterion.max_points, points, not_applicable,
                              descriptor.label.get(locale) if descriptor else None,
                              entry.justification if entry else ""))
    corrections = tuple(CorrectionLine(c.created_at, c.criterion_id, c.old_points, c.old_not_applicable,
                                       c.new_points, c.new_not_applicable, c.reason) for c in card.corrections)
    return ScoreCardDocument(heading_of(offer.competition), offer.number, offer.applicant_name, offer.title,
                             card.user.display_name, card.is_submitted, card.submitted_at, card.rubric_id,
                             card.rubric_version, card.rubric_hash, tuple(lines),
                             card_total(rubric, entries, context), corrections)
