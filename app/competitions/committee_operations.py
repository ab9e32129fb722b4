"""Naming the committee: add a person with a role, change a role, remove or exclude a member."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User
from app.extensions import db
from app.offers.models import Exclusion, ExclusionKind, FormalStatus, Offer
from app.reviews.models import ScoreCard

from .models import Competition, CompetitionStatus, Membership, Role
from .operations import OperationRefused, add_member, exclude_from_offer
from .permissions import forget_access

MIN_REASON = 10


def has_cards(membership: Membership) -> bool:
    """True when the person has a card (draft or submitted) in this competition."""
    return db.session.scalar(sa.select(sa.func.count(ScoreCard.id)).join(Offer).where(
        Offer.competition_id == membership.competition_id, ScoreCard.user_id == membership.user_id)) > 0


def add_person(actor: User, competition: Competition, person: User, role: Role) -> Membership:
    """Add a person (never an NGO account, never twice, never a deactivated account)."""
    if not person.is_active:
        raise OperationRefused("account_inactive")
    if db.session.scalar(sa.select(Membership.id).where(Membership.competition_id == competition.id,
                                                        Membership.user_id == person.id)) is not None:
        raise OperationRefused("already_member")
    membership = add_member(actor, competition, person, role)
    forget_access()
    return membership


def _guard_record(membership: Membership) -> None:
    competition = membership.competition
    if competition.is_closed:
        raise OperationRefused("competition_closed")
    if competition.status != CompetitionStatus.DRAFT.value and has_cards(membership):
        raise OperationRefused("member_has_cards")


def _last_secretary(membership: Membership) -> bool:
    return membership.role == Role.SECRETARY.value and sum(
        m.role == Role.SECRETARY.value for m in membership.competition.memberships) == 1


def change_role(actor: User, membership: Membership, role: Role) -> None:
    """Give a member another role (not once their cards count, never leaving the call without a secretary)."""
    if membership.role == role.value:
        return
    _guard_record(membership)
    if _last_secretary(membership):
        raise OperationRefused("last_secretary")
    old = membership.role
    membership.role = role.value
    log.record(db.session, actor=actor, action="membership.role", object_type="membership", object_id=membership.id,
               competition_id=membership.competition_id, old={"user": membership.user.email, "role": old},
               new={"user": membership.user.email, "role": role.value})
    forget_access()


def remove_member(actor: User, membership: Membership) -> None:
    """Take a person off the committee (before their cards exist; afterwards they are excluded instead)."""
    _guard_record(membership)
    if _last_secretary(membership):
        raise OperationRefused("last_secretary")
    log.record(db.session, actor=actor, action="membership.remove", object_type="membership",
               object_id=membership.id, competition_id=membership.competition_id,
               old={"user": membership.user.email, "role": membership.role})
    db.session.delete(membership)
    db.session.flush()
    forget_access()


def exclude_member(actor: User, membership: Membership, reason: str) -> int:
    """Exclude a member from every admitted offer they are not yet excluded from; the record stays. Returns how many."""
    competition = membership.competition
    if competition.is_closed:
        raise OperationRefused("competition_closed")
    if len(reason.strip()) < MIN_REASON:
        raise OperationRefused("reason_too_short", minimum=MIN_REASON)
    already = set(db.session.scalars(sa.select(Exclusion.offer_id).join(Offer).where(
        Offer.competition_id == competition.id, Exclusion.user_id == membership.user_id)))
    offers = db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id,
                                                       Offer.formal_status == FormalStatus.ADMITTED.value)
                                .order_by(Offer.number)).all()
    count = 0
    for offer in offers:
        if offer.id not in already:
            exclude_from_offer(actor, offer, membership.user, kind=ExclusionKind.SECRETARY, reason=reason)
            count += 1
    if count == 0:
        raise OperationRefused("nothing_to_exclude")
    return count
