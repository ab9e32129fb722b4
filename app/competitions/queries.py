"""Read-only views of a competition, each in a fixed number of queries."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.auth.models import User
from app.core import lifecycle
from app.extensions import db
from app.offers.models import ConflictWithdrawal, Exclusion, FormalStatus, Offer
from app.reviews.models import CardStatus, ScoreCard

from .models import (
    DECLARING_ROLES,
    Competition,
    ImpartialityDeclaration,
    LifecycleEvent,
    LifecycleEventKind,
    Membership,
    Role,
)
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
    """Something that blocks the protocol or the next stage, with the offers concerned (linked on the page)."""

    kind: str  # a core.lifecycle.BlockerKind value
    subject: str
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True)
class Dashboard:
    """The secretary's and the chair's view of a competition."""

    offers: list[OfferProgress]
    by_status: dict[str, int]
    members: list[MemberProgress]
    blockers: list[Blocker]


@dataclass(frozen=True)
class Committee:
    """One competition's offers, committee, declarations, submitted cards and exclusions (read in five queries)."""

    offers: list[Offer]
    memberships: list[tuple[Membership, User]]
    declared: set[int]
    submitted: set[tuple[int, int]]  # (offer id, user id)
    drafts: set[tuple[int, int]]
    excluded: set[tuple[int, int]]

    @property
    def snapshot(self) -> lifecycle.CommitteeSnapshot:
        """The same facts as the core's lifecycle rules read them."""
        return lifecycle.CommitteeSnapshot(
            offers=tuple(lifecycle.OfferState(o.id, o.formal_status == FormalStatus.ADMITTED.value,
                                              o.formal_status in OPEN_CHECK) for o in self.offers),
            members=tuple(lifecycle.MemberState(u.id, u.display_name, m.role, u.id in self.declared)
                          for m, u in self.memberships if m.role in DECLARING_ROLES),
            submitted=frozenset(self.submitted), excluded=frozenset(self.excluded))

    def blockers(self, found: list[lifecycle.Blocker]) -> list[Blocker]:
        """The core's blockers with the offers themselves, for links."""
        by_id = {o.id: o for o in self.offers}
        return [Blocker(b.kind.value, b.subject, tuple(by_id[k] for k in b.offers)) for b in found]

    def describe(self, found: list[lifecycle.Blocker]) -> list[dict]:
        """The core's blockers as plain data to store with an override (offers by number)."""
        numbers = {o.id: o.number for o in self.offers}
        return lifecycle.describe(found, numbers.__getitem__)


OPEN_CHECK = (FormalStatus.PENDING.value, FormalStatus.TO_SUPPLEMENT.value)


def committee(competition: Competition) -> Committee:
    """Everything the lifecycle rules and the dashboard read, in five queries."""
    offers = list(db.session.scalars(sa.select(Offer).where(Offer.competition_id == competition.id)
                                     .order_by(Offer.number)))
    memberships = [tuple(row) for row in db.session.execute(sa.select(Membership, User).join(User).where(
        Membership.competition_id == competition.id).order_by(Membership.role, User.display_name))]
    declared = set(db.session.scalars(sa.select(ImpartialityDeclaration.user_id).where(
        ImpartialityDeclaration.competition_id == competition.id)))
    cards = db.session.execute(sa.select(ScoreCard.offer_id, ScoreCard.user_id, ScoreCard.status).join(Offer)
                               .where(Offer.competition_id == competition.id)).all()
    excluded = {(offer_id, user_id) for offer_id, user_id in db.session.execute(
        sa.select(Exclusion.offer_id, Exclusion.user_id).join(Offer).where(Offer.competition_id == competition.id))}
    submitted = {(offer_id, user_id) for offer_id, user_id, status in cards if status == "submitted"}
    drafts = {(offer_id, user_id) for offer_id, user_id, status in cards if status == "draft"}
    return Committee(offers, memberships, declared, submitted, drafts, excluded)


def missing_card_count_of(competition: Competition) -> int:
    """lifecycle.missing_card_count(committee(competition).snapshot), counted by the database in three queries.

    The ranking counts the missing cards on every download: a call's 1,000 offers and 3,000 cards read as rows
    (let alone as objects) cost more than that ranking. The pairs done are read as counts per member instead.
    """
    admitted = (Offer.competition_id == competition.id, Offer.formal_status == FormalStatus.ADMITTED.value)
    offers = db.session.scalar(sa.select(sa.func.count()).select_from(Offer).where(*admitted))
    members = [lifecycle.MemberState(user_id, "", role, True) for user_id, role in db.session.execute(
        sa.select(Membership.user_id, Membership.role).where(
            Membership.competition_id == competition.id, Membership.role.in_([r.value for r in DECLARING_ROLES])))]
    pairs = sa.union(  # a card submitted by a member later excluded counts once
        sa.select(ScoreCard.offer_id, ScoreCard.user_id).join(Offer).where(
            *admitted, ScoreCard.status == CardStatus.SUBMITTED.value),
        sa.select(Exclusion.offer_id, Exclusion.user_id).join(Offer).where(*admitted)).subquery()
    done = dict(db.session.execute(sa.select(pairs.c.user_id, sa.func.count()).group_by(pairs.c.user_id)).all())
    return lifecycle.missing_card_total(offers, members, done)


def missing_card_count_from(competition: Competition, admitted_offers: int, done: Iterable[tuple[int, int]]) -> int:
    """missing_card_count_of from what the caller has read: the number of admitted offers, and the pairs (offer id,
    member id) of their submitted cards and of their exclusions, in any number and order (one query, members)."""
    members = [lifecycle.MemberState(user_id, "", role, True) for user_id, role in db.session.execute(
        sa.select(Membership.user_id, Membership.role).where(
            Membership.competition_id == competition.id, Membership.role.in_([r.value for r in DECLARING_ROLES])))]
    return lifecycle.missing_card_total(admitted_offers, members, Counter(user_id for _offer_id, user_id in set(done)))


def dashboard(competition: Competition) -> Dashboard:
    """Offers, members and what still blocks the protocol (nothing once the competition is closed)."""
    board = committee(competition)
    scorers = [user for membership, user in board.memberships if membership.role in ("chair", "member")]
    admitted = [o for o in board.offers if o.formal_status == FormalStatus.ADMITTED.value]
    progress = []
    for offer in board.offers:
        expected = ([u for u in scorers if (offer.id, u.id) not in board.excluded] if offer in admitted else [])
        progress.append(OfferProgress(offer, sum((offer.id, u.id) in board.submitted for u in expected),
                                      len(expected)))
    members = [MemberProgress(user, Role(m.role), user.id in board.declared,
                              sum(1 for o in admitted if (o.id, user.id) in board.submitted),
                              sum(1 for o in admitted if (o.id, user.id) in board.drafts))
               for m, user in board.memberships]
    blockers = [] if competition.is_closed else board.blockers(lifecycle.protocol_blockers(board.snapshot))
    by_status = {status.value: sum(o.formal_status == status.value for o in board.offers) for status in FormalStatus}
    return Dashboard(progress, by_status, members, blockers)


@dataclass(frozen=True)
class LifecycleOverride:
    """A stage change made although something blocked it: for the committee's protocol."""

    actor: str  # the person's name ("system" when made from the command line)
    at: datetime
    from_status: str
    to_status: str
    reason: str
    blockers: list[dict]  # {"kind", "subject", "offers": [offer numbers]} as when it was made


def lifecycle_overrides(competition: Competition) -> list[LifecycleOverride]:
    """Every stage change of the competition that overrode blockers, oldest first (who, when, from → to, why)."""
    events = db.session.scalars(sa.select(LifecycleEvent).where(
        LifecycleEvent.competition_id == competition.id, LifecycleEvent.kind == LifecycleEventKind.STATUS.value,
        LifecycleEvent.reason.is_not(None)).options(joinedload(LifecycleEvent.actor)).order_by(LifecycleEvent.id))
    return [LifecycleOverride(e.actor.display_name if e.actor else "system", e.created_at, e.from_status,
                              e.to_status, e.reason, list(e.overridden)) for e in events if e.overridden]


def scoring_closure(competition: Competition) -> LifecycleEvent | None:
    """The chair's closing of scoring (who, when, why, which cards were still missing), if scoring was closed."""
    return db.session.scalar(sa.select(LifecycleEvent).where(
        LifecycleEvent.competition_id == competition.id,
        LifecycleEvent.kind == LifecycleEventKind.CLOSE_SCORING.value).options(joinedload(LifecycleEvent.actor))
        .order_by(LifecycleEvent.id.desc()).limit(1))


@dataclass(frozen=True)
class Applicant:
    """An offer as named on the impartiality declaration: who applies and for what, nothing of the content."""

    number: str
    applicant_name: str
    title: str


def applicants(competition: Competition) -> list[Applicant]:
    """Every offer's applicant and task title (a member declares impartiality towards them), by number."""
    return [Applicant(*row) for row in db.session.execute(
        sa.select(Offer.number, Offer.applicant_name, Offer.title)
        .where(Offer.competition_id == competition.id).order_by(Offer.number))]


@dataclass(frozen=True)
class ExclusionRow:
    """A member kept from an offer, with the explanation or reason, and a pending request to withdraw it."""

    offer: Offer
    member: User
    exclusion: Exclusion | None
    request: ConflictWithdrawal | None  # a pending request, or the last decided one


def exclusions(competition: Competition) -> list[ExclusionRow]:
    """Exclusions and requests to withdraw declared conflicts (for the secretary and the chair), in two queries."""
    found = db.session.execute(sa.select(Exclusion, Offer, User).join(Offer, Exclusion.offer_id == Offer.id)
                               .join(User, Exclusion.user_id == User.id)
                               .where(Offer.competition_id == competition.id)).all()
    requests = db.session.execute(sa.select(ConflictWithdrawal, Offer, User)
                                  .join(Offer, ConflictWithdrawal.offer_id == Offer.id)
                                  .join(User, ConflictWithdrawal.user_id == User.id)
                                  .where(Offer.competition_id == competition.id)
                                  .order_by(ConflictWithdrawal.requested_at, ConflictWithdrawal.id)).all()
    latest = {(r.offer_id, r.user_id): (r, offer, user) for r, offer, user in requests}
    rows = {(e.offer_id, e.user_id): ExclusionRow(offer, user, e, latest.get((e.offer_id, e.user_id), (None,))[0])
            for e, offer, user in found}
    for key, (request, offer, user) in latest.items():  # accepted withdrawals: the exclusion is gone
        rows.setdefault(key, ExclusionRow(offer, user, None, request))
    return sorted(rows.values(), key=lambda row: (row.offer.number, row.member.display_name))
