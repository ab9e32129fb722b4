"""Who may do what in a competition: named functions used by views AND templates.

Rules (procedure.md, "What the software must guarantee"):
- the secretary runs the call and sees everything but never scores; an admin may do what a secretary may;
- chair and members score; an advisory expert reads and comments, never scores;
- nobody on the committee sees an offer's content before signing the impartiality declaration;
- a member excluded from an offer (declared conflict or the secretary's decision) cannot open it,
  score it or see its scores;
- other members' scores of an offer are hidden from a member until their own card for it is submitted;
- a closed competition is read-only for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import g

from app.extensions import db
from app.offers.models import Exclusion, Offer

from .models import SCORING_ROLES, Competition, CompetitionStatus, ImpartialityDeclaration, Membership, Role

OPEN_FOR_READING = (CompetitionStatus.MERIT, CompetitionStatus.CLOSED)


@dataclass(frozen=True)
class Access:
    """What one user is in one competition, loaded once per request (one query)."""

    is_admin: bool
    role: Role | None
    declared: bool
    excluded_offer_ids: frozenset[int]

    @property
    def manages(self) -> bool:
        """Secretary or administrator."""
        return self.is_admin or self.role is Role.SECRETARY

    @property
    def scores(self) -> bool:
        """Chair or member."""
        return self.role in SCORING_ROLES


# One round trip: the membership row (role, declaration) and the offers the user is excluded from.
_ACCESS = sa.union_all(
    sa.select(Membership.role, ImpartialityDeclaration.id, sa.null().label("offer_id"))
    .outerjoin(ImpartialityDeclaration, sa.and_(ImpartialityDeclaration.competition_id == Membership.competition_id,
                                                ImpartialityDeclaration.user_id == Membership.user_id))
    .where(Membership.competition_id == sa.bindparam("competition_id"), Membership.user_id == sa.bindparam("user_id")),
    sa.select(sa.null(), sa.null(), Exclusion.offer_id).join(Offer)
    .where(Offer.competition_id == sa.bindparam("competition_id"), Exclusion.user_id == sa.bindparam("user_id")))


def access(user, competition: Competition) -> Access:
    """The user's access to a competition, cached for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Access(False, None, False, frozenset())
    cache = g.setdefault("_cal_access", {})
    key = (user.id, competition.id)
    if key not in cache:
        rows = db.session.execute(_ACCESS, {"competition_id": competition.id, "user_id": user.id}).all()
        role, declared = next(((r[0], r[1] is not None) for r in rows if r[2] is None), (None, False))
        excluded = frozenset(r[2] for r in rows if r[2] is not None) if role else frozenset()
        cache[key] = Access(bool(user.is_admin), Role(role) if role else None, declared, excluded)
    return cache[key]


def forget_access() -> None:
    """Drop the cached access after an operation changed it (declaration, conflict)."""
    g.pop("_cal_access", None)


def can_view_competition(user, competition: Competition) -> bool:
    """Anyone on the committee, and administrators."""
    a = access(user, competition)
    return a.is_admin or a.role is not None


def can_manage_competition(user, competition: Competition) -> bool:
    """Secretary or administrator: lifecycle, offers, exclusions."""
    return access(user, competition).manages


def can_change_competition(user, competition: Competition) -> bool:
    """Managing rights on a competition that is not closed."""
    return can_manage_competition(user, competition) and not competition.is_closed


def can_sign_declaration(user, competition: Competition) -> bool:
    """Chair, members and experts sign once, before merit assessment ends."""
    a = access(user, competition)
    return (a.role in (Role.CHAIR, Role.MEMBER, Role.EXPERT) and not a.declared
            and competition.status in (CompetitionStatus.ANNOUNCED, CompetitionStatus.MERIT))


def needs_declaration(user, competition: Competition) -> bool:
    """A committee member who has not yet signed the declaration."""
    a = access(user, competition)
    return a.role in (Role.CHAIR, Role.MEMBER, Role.EXPERT) and not a.declared


def can_open_offer(user, offer: Offer) -> bool:
    """See an offer's content: managers always; the committee after declaring, if not excluded."""
    competition = offer.competition
    a = access(user, competition)
    if a.manages:
        return True
    return (a.role is not None and a.declared and offer.is_admitted
            and offer.id not in a.excluded_offer_ids and competition.status in OPEN_FOR_READING)


def can_score(user, offer: Offer) -> bool:
    """Fill in one's own card: chair or member, during merit assessment, not excluded."""
    a = access(user, offer.competition)
    return (a.scores and can_open_offer(user, offer)
            and offer.competition.status == CompetitionStatus.MERIT)


def can_declare_conflict(user, offer: Offer) -> bool:
    """A committee member may withdraw from an offer while the competition is not closed."""
    a = access(user, offer.competition)
    return (a.role in (Role.CHAIR, Role.MEMBER, Role.EXPERT) and offer.id not in a.excluded_offer_ids
            and offer.is_admitted and offer.competition.status in (CompetitionStatus.ANNOUNCED,
                                                                   CompetitionStatus.MERIT))


def can_enter_offers(user, competition: Competition) -> bool:
    """The secretary enters offers until merit assessment starts."""
    return can_manage_competition(user, competition) and competition.status in (
        CompetitionStatus.DRAFT, CompetitionStatus.ANNOUNCED)


def can_check_formally(user, offer: Offer) -> bool:
    """The secretary records the formal check while the competition is open."""
    return can_change_competition(user, offer.competition)


def can_see_results(user, competition: Competition) -> bool:
    """The ranking reveals every member's scores: the secretary, the chair and administrators."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR


def can_see_dashboard(user, competition: Competition) -> bool:
    """The secretary, the chair and administrators follow the committee's progress."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR


def can_exclude_member(user, offer: Offer) -> bool:
    """The secretary excludes a member from an offer, with a reason."""
    return can_change_competition(user, offer.competition)


def can_see_scores(user, offer: Offer, own_card_submitted: bool) -> bool:
    """Others' scores: managers always; chair and members once their own card is submitted."""
    a = access(user, offer.competition)
    if a.manages:
        return True
    return a.scores and own_card_submitted and can_open_offer(user, offer)


def can_comment(user, offer: Offer) -> bool:
    """Advisory experts comment on offers they may open, while the competition is open."""
    a = access(user, offer.competition)
    return (a.role is Role.EXPERT and can_open_offer(user, offer)
            and offer.competition.status == CompetitionStatus.MERIT)


def can_read_comments(user, offer: Offer) -> bool:
    """The committee reads the experts' comments on offers it may open."""
    return can_open_offer(user, offer)


# Roles that download the workbook only once the competition is closed. The "official" (urzędnik)
# role is being added separately: when Role.OFFICIAL exists, it goes here and nothing else changes.
DOWNLOADS_ONCE_CLOSED: tuple[Role, ...] = ()


def can_download_workbook(user, competition: Competition) -> bool:
    """The workbook and its CSV: managers at any stage, the chair (scores filtered per offer by
    can_see_scores), the roles of DOWNLOADS_ONCE_CLOSED once the competition is closed."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR or (a.role in DOWNLOADS_ONCE_CLOSED and competition.is_closed)
