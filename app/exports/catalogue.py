"""The documents of a call one user may download, for the "Dokumenty" page."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.competitions.models import Competition
from app.extensions import db
from app.offers.models import FormalStatus, Offer
from app.reviews.models import CardStatus, ScoreCard

from . import permissions
from .formal_letters import letter_kind


@dataclass(frozen=True)
class OfferDocuments:
    """An offer's downloads for this user: the summary and reasons, cards, a formal letter."""

    offer: Offer
    summary: bool
    cards: tuple[ScoreCard, ...]
    letter: str | None  # supplement | rejection


@dataclass(frozen=True)
class Catalogue:
    """Everything the page lists."""

    call_documents: bool
    offers: tuple[OfferDocuments, ...]
    prepare_protocol: bool
    write_opinions: bool

    @property
    def offer_rows(self) -> tuple[OfferDocuments, ...]:
        """The offers with at least one document for this user."""
        return tuple(o for o in self.offers if o.summary or o.cards or o.letter)

    @property
    def empty(self) -> bool:
        """True when the user may download nothing yet."""
        return not self.call_documents and not self.offer_rows


def catalogue(user, competition: Competition) -> Catalogue:
    """What ``user`` may download of ``competition`` now (3 queries)."""
    offers = db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)
                                .order_by(Offer.number)).all()
    cards = db.session.scalars(sa.select(ScoreCard).join(Offer).where(
        Offer.competition_id == competition.id,
        sa.or_(ScoreCard.status == CardStatus.SUBMITTED.value, ScoreCard.user_id == user.id))
        .options(joinedload(ScoreCard.user), joinedload(ScoreCard.offer)).order_by(ScoreCard.id)).all()
    by_offer: dict[int, list[ScoreCard]] = {}
    for card in cards:
        by_offer.setdefault(card.offer_id, []).append(card)
    admitted = [o for o in offers if o.formal_status == FormalStatus.ADMITTED.value]
    letters = permissions.can_download_formal_letters(user, competition)
    rows = []
    for offer in offers:
        summary = offer.is_admitted and permissions.can_download_offer_documents(user, offer)
        own_cards = tuple(c for c in by_offer.get(offer.id, []) if permissions.can_download_card(user, c))
        rows.append(OfferDocuments(offer, summary, own_cards, letter_kind(offer) if letters else None))
    return Catalogue(permissions.can_download_call_documents(user, competition, admitted), tuple(rows),
                     permissions.can_prepare_protocol(user, competition),
                     permissions.can_write_opinions(user, competition))
