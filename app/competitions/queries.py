"""Read-only views of a competition, each in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.extensions import db
from app.offers.models import Exclusion, FormalStatus, Offer
from app.reviews.models import ScoreCard

from .models import Competition, ImpartialityDeclaration, Membership, Role
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
class CommitteeOverview:
    """For the secretary and the chair: who has declared and how many cards are in."""

    members: list[MemberProgress]
    offers_by_status: dict[str, int]


def committee_overview(competition: Competition) -> CommitteeOverview:
    """The committee's progress in four queries."""
    memberships = db.session.execute(sa.select(Membership, User).join(User).where(
        Membership.competition_id == competition.id).order_by(Membership.role, User.display_name)).all()
    declared = set(db.session.scalars(sa.select(ImpartialityDeclaration.user_id).where(
        ImpartialityDeclaration.competition_id == competition.id)))
    counts: dict[tuple[int, str], int] = {}
    for user_id, status, number in db.session.execute(
            sa.select(ScoreCard.user_id, ScoreCard.status, sa.func.count()).join(Offer)
            .where(Offer.competition_id == competition.id).group_by(ScoreCard.user_id, ScoreCard.status)):
        counts[(user_id, status)] = number
    by_status = dict(db.session.execute(sa.select(Offer.formal_status, sa.func.count()).where(
        Offer.competition_id == competition.id).group_by(Offer.formal_status)).all())
    members = [MemberProgress(user, Role(m.role), user.id in declared, counts.get((user.id, "submitted"), 0),
                              counts.get((user.id, "draft"), 0)) for m, user in memberships]
    return CommitteeOverview(members, by_status)
