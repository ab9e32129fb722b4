"""Registering offers and commenting on them: validate → change → audit log."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User, utcnow
from app.competitions.models import Competition
from app.competitions.operations import OperationRefused
from app.competitions.permissions import forget_access
from app.core.offer import Offer as OfferForm
from app.core.offer import offer_to_dict
from app.extensions import db

from .models import ConflictWithdrawal, Exclusion, ExclusionKind, ExpertComment, FormalStatus, Offer, WithdrawalStatus


def register_offer(actor: User | None, competition: Competition, form: OfferForm, *, number: str,
                   formal_status: FormalStatus = FormalStatus.PENDING) -> Offer:
    """Enter an offer once, from the form's content; the summary columns are derived from it."""
    if competition.status in LOCKED_STAGES:
        raise OperationRefused("offer_locked")
    applicant = " / ".join(a.name for a in form.applicants) or "—"
    offer = Offer(competition_id=competition.id, number=number, applicant_name=applicant, title=form.title,
                  requested_grant=form.funding.grant, applicant_prior_tasks=form.applicant_prior_tasks,
                  formal_status=formal_status.value, form_data=offer_to_dict(form))
    db.session.add(offer)
    db.session.flush()
    log.record(db.session, actor=actor, action="offer.register", object_type="offer", object_id=offer.id,
               competition_id=competition.id,
               new={"number": number, "applicant": applicant, "title": form.title, "grant": form.funding.grant,
                    "formal_status": formal_status.value})
    return offer


def add_comment(actor: User, offer: Offer, text: str) -> ExpertComment:
    """An advisory expert's comment on an offer."""
    comment = ExpertComment(offer_id=offer.id, user_id=actor.id, text=text.strip())
    db.session.add(comment)
    db.session.flush()
    log.record(db.session, actor=actor, action="comment.add", object_type="offer", object_id=offer.id,
               competition_id=offer.competition_id, new={"text": comment.text})
    return comment


LOCKED_STAGES = ("merit", "closed")


def update_offer(actor: User, offer: Offer, form: OfferForm, *, number: str, expected_version: int) -> None:
    """Change an entered offer; refused once merit assessment has started (corrections are logged elsewhere)."""
    if offer.competition.status in LOCKED_STAGES:
        raise OperationRefused("offer_locked")
    if offer.version_id != expected_version:
        raise OperationRefused("offer_changed")
    old = {"number": offer.number, "form": offer.form_data}
    offer.number = number
    offer.applicant_name = " / ".join(a.name for a in form.applicants) or "—"
    offer.title = form.title
    offer.requested_grant = form.funding.grant
    offer.applicant_prior_tasks = form.applicant_prior_tasks
    offer.form_data = offer_to_dict(form)
    db.session.flush()
    log.record(db.session, actor=actor, action="offer.update", object_type="offer", object_id=offer.id,
               competition_id=offer.competition_id, old=old, new={"number": number, "form": offer.form_data})


MIN_WITHDRAWAL_REASON = 10


def request_conflict_withdrawal(actor: User, offer: Offer, reason: str) -> ConflictWithdrawal:
    """A member asks to withdraw a conflict declared by mistake; the exclusion stays until the secretary accepts."""
    exclusion = db.session.scalar(sa.select(Exclusion).where(Exclusion.offer_id == offer.id,
                                                             Exclusion.user_id == actor.id))
    if exclusion is None or exclusion.kind != ExclusionKind.CONFLICT:
        raise OperationRefused("no_conflict")
    if _pending(offer.id, actor.id) is not None:
        raise OperationRefused("withdrawal_pending")
    if len(reason.strip()) < MIN_WITHDRAWAL_REASON:
        raise OperationRefused("reason_too_short", minimum=MIN_WITHDRAWAL_REASON)
    request = ConflictWithdrawal(offer_id=offer.id, user_id=actor.id, category=exclusion.category,
                                 explanation=exclusion.reason, reason=reason.strip())
    db.session.add(request)
    db.session.flush()
    log.record(db.session, actor=actor, action="conflict.withdrawal_request", object_type="offer",
               object_id=offer.id, competition_id=offer.competition_id,
               new={"member": actor.email, "request": request.id, "reason": request.reason})
    return request


def decide_conflict_withdrawal(actor: User, offer: Offer, request_id: int, *, accept: bool) -> ConflictWithdrawal:
    """The secretary accepts (the exclusion ends, the member may assess the offer) or refuses the request."""
    # Locked (PostgreSQL; SQLite writes one at a time): of two secretaries deciding at once, the second sees
    # the request already decided.
    request = db.session.get(ConflictWithdrawal, request_id, with_for_update=True)
    if request is None or request.offer_id != offer.id or request.status != WithdrawalStatus.PENDING:
        raise OperationRefused("no_pending_withdrawal")
    request.status = (WithdrawalStatus.ACCEPTED if accept else WithdrawalStatus.REFUSED).value
    request.decided_by_id, request.decided_at = actor.id, utcnow()
    old = None
    if accept:
        exclusion = db.session.scalar(sa.select(Exclusion).where(Exclusion.offer_id == offer.id,
                                                                 Exclusion.user_id == request.user_id))
        if exclusion is not None:
            old = {"kind": exclusion.kind, "category": exclusion.category, "reason": exclusion.reason}
            db.session.delete(exclusion)
    db.session.flush()
    log.record(db.session, actor=actor, action=f"conflict.withdrawal_{request.status}", object_type="offer",
               object_id=offer.id, competition_id=offer.competition_id, old=old,
               new={"member": request.user.email, "request": request.id, "status": request.status})
    forget_access()
    return request


def _pending(offer_id: int, user_id: int) -> ConflictWithdrawal | None:
    return db.session.scalar(sa.select(ConflictWithdrawal).where(
        ConflictWithdrawal.offer_id == offer_id, ConflictWithdrawal.user_id == user_id,
        ConflictWithdrawal.status == WithdrawalStatus.PENDING.value))
