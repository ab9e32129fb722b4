"""Who may do what in a competition: named functions used by views AND templates.

Rules (procedure.md, "What the software must guarantee"):
- the secretary runs the call and sees everything but never scores; an admin may do what a secretary may;
- chair and members score; an advisory expert reads and comments, never scores;
- nobody on the committee sees an offer's content before signing the impartiality declaration;
- a member excluded from an offer (declared conflict or the secretary's decision) cannot open it,
  score it or see its scores;
- any figure built from other members' scores of an offer is hidden from a scoring member (the chair included)
  until his own card for it is submitted, or, for an offer he is excluded from, until scoring is closed
  (can_see_offer_results); the secretary and administrators follow the progress;
- the chair may close scoring (the ranking becomes final);
- a closed competition is read-only for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NoReturn

import sqlalchemy as sa
from flask import g
from werkzeug.exceptions import Forbidden

from app.auth.models import User
from app.extensions import db
from app.offers.models import Exclusion, Offer
from app.reviews.models import CardStatus, ScoreCard

from .models import SCORING_ROLES, Competition, CompetitionStatus, ImpartialityDeclaration, Membership, Role

OPEN_FOR_READING = (CompetitionStatus.MERIT, CompetitionStatus.CLOSED)


@dataclass(frozen=True)
class Access:
    """What one user is in one competition, loaded once per request (one query)."""

    is_admin: bool
    role: Role | None
    declared: bool
    excluded_offer_ids: frozenset[int]
    submitted_offer_ids: frozenset[int] = frozenset()  # offers the user has submitted his own card for

    @property
    def manages(self) -> bool:
        """Secretary or administrator."""
        return self.is_admin or self.role is Role.SECRETARY

    @property
    def scores(self) -> bool:
        """Chair or member."""
        return self.role in SCORING_ROLES


# One round trip: the membership row (role, declaration), the offers the user is excluded from (kind "x")
# and those he has submitted his card for (kind "s").
_ACCESS = sa.union_all(
    sa.select(Membership.role, ImpartialityDeclaration.id.label("declaration_id"), sa.null().label("offer_id"),
              sa.literal("m").label("kind"))
    .outerjoin(ImpartialityDeclaration, sa.and_(ImpartialityDeclaration.competition_id == Membership.competition_id,
                                                ImpartialityDeclaration.user_id == Membership.user_id))
    .where(Membership.competition_id == sa.bindparam("competition_id"), Membership.user_id == sa.bindparam("user_id")),
    sa.select(sa.null(), sa.null(), Exclusion.offer_id, sa.literal("x")).join(Offer)
    .where(Offer.competition_id == sa.bindparam("competition_id"), Exclusion.user_id == sa.bindparam("user_id")),
    sa.select(sa.null(), sa.null(), ScoreCard.offer_id, sa.literal("s")).join(Offer)
    .where(Offer.competition_id == sa.bindparam("competition_id"), ScoreCard.user_id == sa.bindparam("user_id"),
           ScoreCard.status == CardStatus.SUBMITTED.value))


# The user loader's statement on a competition's pages: the signed-in user and his access in one round trip.
_ACCESS_ROWS = _ACCESS.subquery("access")
_USER_WITH_ACCESS = (sa.select(User, *_ACCESS_ROWS.c).outerjoin(_ACCESS_ROWS, sa.true())
                     .where(User.id == sa.bindparam("user_id")))


def _access_of(is_admin: bool, rows) -> Access:
    """Access from the rows of ``_ACCESS``: (role, declaration id, offer id, kind)."""
    role, declared = next(((r[0], r[1] is not None) for r in rows if r[3] == "m"), (None, False))
    excluded = frozenset(r[2] for r in rows if r[3] == "x") if role else frozenset()
    submitted = frozenset(r[2] for r in rows if r[3] == "s") if role else frozenset()
    return Access(bool(is_admin), Role(role) if role else None, declared, excluded, submitted)


def access(user, competition: Competition) -> Access:
    """The user's access to a competition, cached for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Access(False, None, False, frozenset())
    cache = g.setdefault("_cal_access", {})
    key = (user.id, competition.id)
    if key not in cache:
        rows = db.session.execute(_ACCESS, {"competition_id": competition.id, "user_id": user.id}).all()
        cache[key] = _access_of(user.is_admin, rows)
    return cache[key]


def user_with_access(user_id: int, competition_id: int) -> User | None:
    """The user, with his access to the competition cached for the request, in one statement (the user loader's
    on a competition's pages: ``access`` then needs no query of its own)."""
    rows = db.session.execute(_USER_WITH_ACCESS, {"competition_id": competition_id, "user_id": user_id}).all()
    if not rows:
        return None
    user = rows[0][0]
    g.setdefault("_cal_access", {})[(user.id, competition_id)] = _access_of(
        user.is_admin, [row[1:] for row in rows if row.kind is not None])
    return user


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
    """Fill in one's own card: chair or member, during merit assessment until scoring is closed, not excluded."""
    a = access(user, offer.competition)
    return (a.scores and can_open_offer(user, offer) and offer.competition.status == CompetitionStatus.MERIT
            and not offer.competition.scoring_is_closed)


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
    """The ranking reveals every member's scores: the secretary, the chair, administrators; officials once closed."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR or (a.role is Role.OFFICIAL and competition.is_closed)


def can_see_dashboard(user, competition: Competition) -> bool:
    """The secretary, the chair and administrators follow the committee's progress."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR


def can_exclude_member(user, offer: Offer) -> bool:
    """The secretary excludes a member from an offer, with a reason."""
    return can_change_competition(user, offer.competition)


def can_see_offer_results(user, offer: Offer) -> bool:
    """Any figure built from members' scores of an offer (cards, totals, shares, spreads, places).

    Managers always (they do not score). An official once the competition is closed. A scoring member, the
    chair included: once his own card for the offer is submitted, or, for an offer he is excluded from, once
    scoring is closed. Nobody else.
    """
    competition = offer.competition
    a = access(user, competition)
    if a.manages:
        return True
    if a.role is Role.OFFICIAL:
        return competition.is_closed and offer.is_admitted
    if not a.scores:
        return False
    if offer.id in a.excluded_offer_ids:
        return competition.scoring_is_closed and a.declared and offer.is_admitted
    return offer.id in a.submitted_offer_ids and can_open_offer(user, offer)


def can_see_scores(user, offer: Offer, own_card_submitted: bool | None = None) -> bool:
    """The earlier name of can_see_offer_results (the user's own card is now read with his access)."""
    return can_see_offer_results(user, offer)


def can_close_scoring(user, competition: Competition) -> bool:
    """The chair closes scoring during merit assessment, once."""
    a = access(user, competition)
    return (a.role is Role.CHAIR and competition.status == CompetitionStatus.MERIT
            and not competition.scoring_is_closed)


def can_comment(user, offer: Offer) -> bool:
    """Advisory experts comment on offers they may open, while the competition is open."""
    a = access(user, offer.competition)
    return (a.role is Role.EXPERT and can_open_offer(user, offer)
            and offer.competition.status == CompetitionStatus.MERIT)


def can_read_comments(user, offer: Offer) -> bool:
    """The committee reads the experts' comments on offers it may open."""
    return can_open_offer(user, offer)


def can_create_competition(user) -> bool:
    """Administrators, and people the administrator has given the right; the creator becomes secretary."""
    return bool(getattr(user, "is_authenticated", False) and not user.is_ngo
                and (user.is_admin or user.can_create_competitions))


def can_edit_settings(user, competition: Competition) -> bool:
    """The secretary (or an administrator) edits the call's settings until it is closed."""
    return can_change_competition(user, competition)


def can_copy_competition(user, competition: Competition) -> bool:
    """A new call based on a closed one: someone who may create calls and could see this one."""
    return competition.is_closed and can_create_competition(user) and can_manage_competition(user, competition)


def can_manage_committee(user, competition: Competition) -> bool:
    """The secretary (or an administrator) names the committee until the call is closed."""
    return can_change_competition(user, competition)


def can_see_audit_log(user, competition: Competition) -> bool:
    """The audit log page: everyone on the committee (members see only their own entries)."""
    return can_view_competition(user, competition)


def sees_whole_audit_log(user, competition: Competition) -> bool:
    """The secretary, the chair and administrators see every entry of the call."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR


def can_see_exclusion_reasons(user, competition: Competition) -> bool:
    """Conflict explanations and the secretary's reasons: the secretary, the chair and administrators."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR


def can_send_reminders(user, competition: Competition) -> bool:
    """The secretary (or an administrator) reminds members; nothing is ever sent without this action."""
    return can_change_competition(user, competition)


def can_request_conflict_withdrawal(user, offer: Offer) -> bool:
    """A member who declared a conflict on this offer may ask the secretary to withdraw it."""
    from app.offers.models import ConflictWithdrawal, ExclusionKind

    a = access(user, offer.competition)
    if offer.id not in a.excluded_offer_ids or offer.competition.status not in (CompetitionStatus.ANNOUNCED,
                                                                                 CompetitionStatus.MERIT):
        return False
    kind = db.session.scalar(sa.select(Exclusion.kind).where(Exclusion.offer_id == offer.id,
                                                             Exclusion.user_id == user.id))
    pending = db.session.scalar(sa.select(ConflictWithdrawal.id).where(
        ConflictWithdrawal.offer_id == offer.id, ConflictWithdrawal.user_id == user.id,
        ConflictWithdrawal.status == "pending"))
    return kind == ExclusionKind.CONFLICT and pending is None


def can_decide_conflict_withdrawal(user, offer: Offer) -> bool:
    """The secretary accepts or refuses a member's request to withdraw a declared conflict."""
    return can_change_competition(user, offer.competition)


@dataclass(frozen=True)
class Refusal:
    """Why a page is refused, told without showing anything of the offer (the 403 page says it)."""

    code: str  # not_member | declaration_missing | conflict | excluded | scores_hidden | other
    competition_id: int | None = None
    offer_id: int | None = None
    reason: str = ""  # the secretary's reason for an exclusion, shown to the excluded member
    can_withdraw: bool = False
    can_sign: bool = False


def refusal(user, competition: Competition, offer: Offer | None = None, fallback: str = "other") -> Refusal:
    """Why the user may not see this competition or offer: the most basic reason first."""
    a = access(user, competition)
    if a.role is None and not a.is_admin:
        return Refusal("not_member")
    if needs_declaration(user, competition):
        return Refusal("declaration_missing", competition.id, can_sign=can_sign_declaration(user, competition))
    if offer is not None and offer.id in a.excluded_offer_ids:
        kind, reason = db.session.execute(sa.select(Exclusion.kind, Exclusion.reason).where(
            Exclusion.offer_id == offer.id, Exclusion.user_id == user.id)).one()
        if kind == "conflict":
            return Refusal("conflict", competition.id, offer.id,
                           can_withdraw=can_request_conflict_withdrawal(user, offer))
        return Refusal("excluded", competition.id, offer.id, reason=reason)
    return Refusal(fallback, competition.id)


class Refused(Forbidden):
    """HTTP 403 that carries the reason for the error page."""

    def __init__(self, why: Refusal) -> None:
        super().__init__()
        self.refusal = why


def refuse(user, competition: Competition, offer: Offer | None = None, fallback: str = "other") -> NoReturn:
    """Stop the request with a 403 that says why."""
    raise Refused(refusal(user, competition, offer, fallback))


# Roles that download the workbook only once the competition is closed.
DOWNLOADS_ONCE_CLOSED: tuple[Role, ...] = (Role.OFFICIAL,)


def can_download_workbook(user, competition: Competition) -> bool:
    """The workbook and its CSV: managers at any stage, the chair (scores filtered per offer by
    can_see_scores), the roles of DOWNLOADS_ONCE_CLOSED once the competition is closed."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR or (a.role in DOWNLOADS_ONCE_CLOSED and competition.is_closed)
