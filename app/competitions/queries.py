"""Read-only views of a competition, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.offers.models import Exclusion, FormalStatus, Offer
from app.reviews.models import ScoreCard

from .models import DECLARING_ROLES, Competition, ImpartialityDeclaration, Membership, Role
from .permissions import Access


@dataclass(frozen=True)
class WorkRow:
    """One offer on a member's list: its state for this member."""

    offer: Offer
    state: str  # not_started | draft | submitted | conflict | excluded | to_read
    card: ScoreCard | None


@dataclass(frozen=True)
class MyWork:
    """A member's list of offers and progress ("12 z 40")."""

    rows: list[WorkRow]
    done: int
    total: int


def admitted_offers(competition: Competition) -> list[Offer]:
    """Offers that passed the formal check, by number."""
    return list(db.session.scalars(sa.select(Offer).where(
        Offer.competition_id == competition.id, Offer.formal_status == FormalStatus.ADMITTED.value)
        .order_by(Offer.number)))


def my_work(competition: Competition, user: User, access: Access) -> MyWork:
    """Every admitted offer with the member's card state (2 queries)."""
    offers = admitted_offers(competition)
    cards = {c.offer_id: c for c in db.session.scalars(sa.select(ScoreCard).join(Offer).where(
        Offer.competition_id == competition.id, ScoreCard.user_id == user.id))}
    exclusions = {e.offer_id: e for e in db.session.scalars(sa.select(Exclusion).join(Offer).where(
        Offer.competition_id == competition.id, Exclusion.user_id == user.id))}
    rows = []
    for offer in offers:
        card = cards.get(offer.id)
        if offer.id in exclusions:
            state = "conflict" if exclusions[offer.id].kind == "conflict" else "excluded"
        elif not access.scores:
            state = "to_read"
        elif card is None:
            state = "not_started"
        else:
            state = card.status
        rows.append(WorkRow(offer, state, card))
    to_score = [r for r in rows if r.state in ("not_started", "draft", "submitted")]
    return MyWork(rows, sum(r.state == "submitted" for r in to_score), len(to_score))


@dataclass(frozen=True)
class MemberProgress:
    """A committee member's declaration and cards."""

    user: User
    role: Role
    declared: bool
    submitted: int
    drafts: int


@dataclass(frozen=True)
class OfferProgress:
    """An offer on the dashboard: its formal status and how many of its cards are in."""

    offer: Offer
    submitted: int
    expected: int


@dataclass(frozen=True)
class Blocker:
    """Something that stops the protocol, with the page where it is fixed."""

    kind: str  # declaration | formal_check | cards
    subject: str
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True)
class Dashboard:
    """The secretary's and the chair's view of a competition."""

    offers: list[OfferProgress]
    by_status: dict[str, int]
    members: list[MemberProgress]
    blockers: list[Blocker]


def dashboard(competition: Competition) -> Dashboard:
    """Offers, members and what still blocks the protocol, in five queries."""
    offers = list(db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)
                                     .order_by(Offer.number)))
    memberships = db.session.execute(sa.select(Membership, User).join(User).where(
        Membership.competition_id == competition.id).order_by(Membership.role, User.display_name)).all()
    declared = set(db.session.scalars(sa.select(ImpartialityDeclaration.user_id).where(
        ImpartialityDeclaration.competition_id == competition.id)))
    cards = db.session.execute(sa.select(ScoreCard.offer_id, ScoreCard.user_id, ScoreCard.status).join(Offer)
                               .where(Offer.competition_id == competition.id)).all()
    excluded = {(offer_id, user_id) for offer_id, user_id in db.session.execute(
        sa.select(Exclusion.offer_id, Exclusion.user_id).join(Offer).where(Offer.competition_id == competition.id))}
    submitted = {(offer_id, user_id) for offer_id, user_id, status in cards if status == "submitted"}
    drafts = {(offer_id, user_id) for offer_id, user_id, status in cards if status == "draft"}
    scorers = [user for membership, user in memberships if membership.role in ("chair", "member")]
    admitted = [o for o in offers if o.formal_status == FormalStatus.ADMITTED.value]

    progress = []
    for offer in offers:
        expected = [u for u in scorers if (offer.id, u.id) not in excluded] if offer in admitted else []
        progress.append(OfferProgress(offer, sum((offer.id, u.id) in submitted for u in expected), len(expected)))
    members = [MemberProgress(user, Role(m.role), user.id in declared,
                              sum(1 for o in admitted if (o.id, user.id) in submitted),
                              sum(1 for o in admitted if (o.id, user.id) in drafts)) for m, user in memberships]

    blockers = [Blocker("declaration", user.display_name) for m, user in memberships
                if m.role in DECLARING_ROLES and user.id not in declared]
    open_checks = tuple(o for o in offers if o.formal_status in (FormalStatus.PENDING.value,
                                                                 FormalStatus.TO_SUPPLEMENT.value))
    if open_checks:
        blockers.append(Blocker("formal_check", "", open_checks))
    for user in scorers:
        missing = tuple(o for o in admitted if (o.id, user.id) not in submitted and (o.id, user.id) not in excluded)
        if missing:
            blockers.append(Blocker("cards", user.display_name, missing))
    by_status = {status.value: sum(o.formal_status == status.value for o in offers) for status in FormalStatus}
    return Dashboard(progress, by_status, members, blockers)
