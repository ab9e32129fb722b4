"""The audit log of one call as a page: filtered, paged, with card values shown only to those who may see them."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.audit.models import AuditEntry
from app.auth.models import User
from app.extensions import db
from app.offers.models import Offer
from app.reviews.models import ScoreCard

from .models import Competition
from .permissions import can_see_scores, sees_whole_audit_log

PAGE_SIZE = 50
CARD_ACTIONS = ("card.save_draft", "card.submit", "card.correct")


@dataclass(frozen=True)
class Filters:
    """What the reader narrowed the log to (None: everything)."""

    person: int | None = None
    kind: str | None = None
    offer: int | None = None
    page: int = 1


@dataclass(frozen=True)
class LogRow:
    """One entry as shown: values are None with a reason when they must stay hidden."""

    entry: AuditEntry
    offer: Offer | None
    old: object
    new: object
    hidden: str | None  # draft | before_own_card


@dataclass(frozen=True)
class LogPage:
    """One page of entries and whether there are more."""

    rows: list[LogRow]
    page: int
    has_next: bool


def _card_offer(competition: Competition):
    """(card id as text, offer id, card owner, card status) of the call's cards, as a subquery."""
    return (sa.select(sa.cast(ScoreCard.id, sa.String).label("card_key"), ScoreCard.offer_id, ScoreCard.user_id)
            .join(Offer).where(Offer.competition_id == competition.id).subquery())


def log_page(user: User, competition: Competition, filters: Filters) -> LogPage:
    """PAGE_SIZE entries, newest first, after the filters (members only ever see their own entries)."""
    cards = _card_offer(competition)
    offer_of_entry = sa.case((AuditEntry.object_type == "offer", AuditEntry.object_id),
                             else_=sa.cast(cards.c.offer_id, sa.String))
    query = (sa.select(AuditEntry, offer_of_entry.label("offer_key"))
             .outerjoin(cards, sa.and_(AuditEntry.object_type == "score_card",
                                       cards.c.card_key == AuditEntry.object_id))
             .where(AuditEntry.competition_id == competition.id))
    if not sees_whole_audit_log(user, competition):
        query = query.where(AuditEntry.actor_id == user.id)
    if filters.person is not None:
        query = query.where(AuditEntry.actor_id == filters.person)
    if filters.kind:
        query = query.where(AuditEntry.action == filters.kind)
    if filters.offer is not None:
        query = query.where(offer_of_entry == str(filters.offer))
    found = db.session.execute(query.order_by(AuditEntry.id.desc()).offset((filters.page - 1) * PAGE_SIZE)
                               .limit(PAGE_SIZE + 1)).all()
    offers = {str(o.id): o for o in db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id))}
    own_submitted = set(db.session.scalars(sa.select(ScoreCard.offer_id).join(Offer).where(
        Offer.competition_id == competition.id, ScoreCard.user_id == user.id, ScoreCard.status == "submitted")))
    rows = [_row(user, entry, offers.get(offer_key) if offer_key else None, own_submitted)
            for entry, offer_key in found[:PAGE_SIZE]]
    return LogPage(rows, filters.page, len(found) > PAGE_SIZE)


def _row(user: User, entry: AuditEntry, offer: Offer | None, own_submitted: set[int]) -> LogRow:
    if entry.action in CARD_ACTIONS:
        if entry.action == "card.save_draft":
            return LogRow(entry, offer, None, None, "draft")  # a draft is nobody's business, not even in the log
        if offer is None or (entry.actor_id != user.id and not can_see_scores(user, offer, offer.id in own_submitted)):
            return LogRow(entry, offer, None, None, "before_own_card")
    return LogRow(entry, offer, entry.old_values, entry.new_values, None)


def filter_choices(user: User, competition: Competition) -> tuple[list[User], list[str], list[Offer]]:
    """People who acted in the call, kinds of operation that occur, and the call's offers."""
    whole = sees_whole_audit_log(user, competition)
    scope = AuditEntry.competition_id == competition.id
    people = list(db.session.scalars(sa.select(User).where(User.id.in_(
        sa.select(AuditEntry.actor_id).where(scope).distinct())).order_by(User.display_name))) if whole else [user]
    kinds = list(db.session.scalars(sa.select(AuditEntry.action).where(
        scope, sa.true() if whole else AuditEntry.actor_id == user.id).distinct().order_by(AuditEntry.action)))
    offers = list(db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)
                                     .order_by(Offer.number)))
    return people, kinds, offers
