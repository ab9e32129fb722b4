"""State changes of a competition and its committee: validate → change → audit log."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User, utcnow
from app.core import lifecycle
from app.core.allocation import AllocationRule
from app.core.offer_checks import OwnShareBase, OwnShareRows
from app.core.ranking import DISAGREEMENT
from app.core.rubric import CallMode
from app.extensions import db
from app.offers.models import Exclusion, ExclusionKind, Offer
from app.rubrics.registry import call_rubric, registry

from . import queries
from .models import (
    Competition,
    CompetitionStatus,
    ImpartialityDeclaration,
    LifecycleEvent,
    LifecycleEventKind,
    Membership,
    Role,
)
from .permissions import forget_access

DECLARATION_VERSION = "2026.1"
NEXT_STATUS = {
    CompetitionStatus.DRAFT: CompetitionStatus.ANNOUNCED,
    CompetitionStatus.ANNOUNCED: CompetitionStatus.MERIT,
    CompetitionStatus.MERIT: CompetitionStatus.CLOSED,
}


class OperationRefused(Exception):
    """The operation is not allowed in the current state; the code names why (for a message)."""

    def __init__(self, code: str, **params) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def create_competition(actor: User | None, *, reference: str, title: str, rubric_id: str, rubric_version: str,
                       budget: Decimal, mode: CallMode = CallMode.SUPPORT, min_own_share: Decimal = Decimal(0),
                       own_share_base: OwnShareBase = OwnShareBase.TOTAL_COSTS,
                       own_share_rows: OwnShareRows = OwnShareRows.OWN, threshold: Decimal = Decimal("0.6"),
                       window_start: date | None = None, window_end: date | None = None,
                       scoring_deadline: date | None = None, allocation_rule: AllocationRule = AllocationRule.SKIP,
                       min_partial_share: Decimal = Decimal(0), disagreement_limit: Decimal = DISAGREEMENT,
                       rubric_options: tuple[str, ...] = ()) -> Competition:
    """A new competition in draft."""
    rubric = registry().get(rubric_id, rubric_version)
    if rubric is None:
        raise OperationRefused("rubric_missing", rubric=f"{rubric_id} {rubric_version}")
    try:
        rubric.with_options(rubric_options)
    except ValueError:
        raise OperationRefused("rubric_option_unknown", options=", ".join(rubric_options)) from None
    competition = Competition(reference=reference, title=title, rubric_id=rubric_id, rubric_version=rubric_version,
                              budget=budget, mode=mode.value, min_own_share=min_own_share,
                              own_share_base=OwnShareBase(own_share_base).value,
                              own_share_rows=OwnShareRows(own_share_rows).value, threshold=threshold,
                              window_start=window_start, window_end=window_end, scoring_deadline=scoring_deadline,
                              allocation_rule=allocation_rule.value, min_partial_share=min_partial_share,
                              disagreement_limit=disagreement_limit, rubric_options=sorted(rubric_options))
    db.session.add(competition)
    db.session.flush()
    log.record(db.session, actor=actor, action="competition.create", object_type="competition",
               object_id=competition.id, competition_id=competition.id,
               new={"reference": reference, "title": title, "rubric": f"{rubric_id} {rubric_version}",
                    "budget": budget, "mode": mode.value, "threshold": threshold,
                    "allocation_rule": allocation_rule.value, "min_partial_share": min_partial_share,
                    "disagreement_limit": disagreement_limit, "rubric_options": sorted(rubric_options)})
    return competition


def add_member(actor: User | None, competition: Competition, user: User, role: Role) -> Membership:
    """Give a person a role in the competition's committee."""
    if competition.is_closed:
        raise OperationRefused("competition_closed")
    if user.is_ngo:  # an NGO's self-check account never sees committee work
        raise OperationRefused("ngo_account")
    membership = Membership(competition=competition, user=user, role=role.value)
    db.session.add(membership)
    db.session.flush()
    log.record(db.session, actor=actor, action="membership.add", object_type="membership",
               object_id=membership.id, competition_id=competition.id,
               new={"user": user.email, "role": role.value})
    return membership


def advance_status(actor: User | None, competition: Competition, target: CompetitionStatus, *,
                   reason: str = "") -> list[dict]:
    """Move the competition one step on; blockers need the mover's written reason, kept for the protocol.

    Announcing locks the rubric version by its hash. Returns the blockers overridden (as stored).
    """
    current = CompetitionStatus(competition.status)
    if NEXT_STATUS.get(current) is not target:
        raise OperationRefused("status_order", current=current.value, target=target.value)
    if target is CompetitionStatus.ANNOUNCED:
        rubric = call_rubric(competition)
        if rubric is None:
            raise OperationRefused("rubric_missing", rubric=f"{competition.rubric_id} {competition.rubric_version}")
        if rubric.status != "published":
            raise OperationRefused("rubric_not_published", rubric=f"{rubric.id} {rubric.version}")
        competition.rubric_hash = rubric.content_hash  # of the file and the chosen options together
    board = queries.committee(competition)
    found = lifecycle.transition_blockers(target, board.snapshot)
    overridden = board.describe(found)
    reason = _override_reason(reason, required=bool(found))
    competition.status = target.value
    _record_event(actor, competition, LifecycleEventKind.STATUS, current, target, reason, overridden)
    log.record(db.session, actor=actor, action="competition.status", object_type="competition",
               object_id=competition.id, competition_id=competition.id, old={"status": current.value},
               new={"status": target.value, "rubric_hash": competition.rubric_hash, "reason": reason,
                    "overridden": overridden})
    return overridden


def close_scoring(actor: User, competition: Competition, reason: str = "") -> list[dict]:
    """The chair closes scoring: the ranking becomes final; missing cards need a written reason."""
    if competition.status != CompetitionStatus.MERIT.value or competition.scoring_is_closed:
        raise OperationRefused("scoring_not_open")
    board = queries.committee(competition)
    missing = [b for b in lifecycle.protocol_blockers(board.snapshot) if b.kind is lifecycle.BlockerKind.CARDS]
    overridden = board.describe(missing)
    reason = _override_reason(reason, required=bool(missing))
    competition.scoring_closed_at = utcnow()
    status = CompetitionStatus.MERIT
    _record_event(actor, competition, LifecycleEventKind.CLOSE_SCORING, status, status, reason, overridden)
    log.record(db.session, actor=actor, action="competition.close_scoring", object_type="competition",
               object_id=competition.id, competition_id=competition.id, old={"scoring_closed_at": None},
               new={"scoring_closed_at": competition.scoring_closed_at, "reason": reason,
                    "missing_cards": overridden})
    forget_access()
    return overridden


MIN_OVERRIDE_REASON = 20


def _override_reason(reason: str, *, required: bool) -> str | None:
    text = (reason or "").strip()
    if required and len(text) < MIN_OVERRIDE_REASON:
        raise OperationRefused("override_reason", minimum=MIN_OVERRIDE_REASON)
    return text or None


def _record_event(actor, competition, kind, current, target, reason, overridden) -> None:
    db.session.add(LifecycleEvent(competition_id=competition.id, kind=kind.value, from_status=current.value,
                                  to_status=target.value, actor_id=actor.id if actor else None, reason=reason,
                                  overridden=overridden))


def sign_declaration(actor: User, competition: Competition) -> ImpartialityDeclaration:
    """The member declares impartiality for the whole call (before opening any offer)."""
    declaration = ImpartialityDeclaration(competition_id=competition.id, user_id=actor.id,
                                          statement_version=DECLARATION_VERSION)
    db.session.add(declaration)
    db.session.flush()
    log.record(db.session, actor=actor, action="declaration.sign", object_type="declaration",
               object_id=declaration.id, competition_id=competition.id,
               new={"statement_version": DECLARATION_VERSION})
    forget_access()
    return declaration


def exclude_from_offer(actor: User, offer: Offer, member: User, *, kind: ExclusionKind, reason: str,
                       category: str | None = None) -> Exclusion:
    """Exclude a member from one offer: a declared conflict, or the secretary's decision."""
    existing = db.session.scalar(sa.select(Exclusion).where(Exclusion.offer_id == offer.id,
                                                            Exclusion.user_id == member.id))
    if existing is not None:
        raise OperationRefused("already_excluded")
    if kind is ExclusionKind.SECRETARY and len(reason.strip()) < 10:
        raise OperationRefused("reason_too_short", minimum=10)
    exclusion = Exclusion(offer_id=offer.id, user_id=member.id, kind=kind.value, category=category,
                          reason=reason.strip(), created_by_id=actor.id)
    db.session.add(exclusion)
    db.session.flush()
    log.record(db.session, actor=actor, action=f"exclusion.{kind.value}", object_type="offer", object_id=offer.id,
               competition_id=offer.competition_id,
               new={"member": member.email, "category": category, "reason": exclusion.reason})
    forget_access()
    return exclusion
