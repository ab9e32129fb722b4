"""Recording the formal check of an offer: validate → change → audit log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User
from app.competitions.operations import OperationRefused
from app.core.formal import DEFAULT_CHECKLIST, Answer, ChecklistItem, FormalProblem, Outcome, checklist_problems
from app.extensions import db
from app.reviews.models import ScoreCard

from .models import FormalCheck, FormalStatus, Offer

OUTCOME_STATUS = {Outcome.ADMITTED: FormalStatus.ADMITTED, Outcome.REJECTED: FormalStatus.REJECTED,
                  Outcome.TO_SUPPLEMENT: FormalStatus.TO_SUPPLEMENT}


def checklist_of(offer: Offer) -> tuple[ChecklistItem, ...]:
    """The checklist of the offer's call (the usual one unless the call defines its own)."""
    return DEFAULT_CHECKLIST


def formal_check_of(offer: Offer) -> FormalCheck | None:
    """The recorded formal check of the offer, if any."""
    return db.session.scalar(sa.select(FormalCheck).where(FormalCheck.offer_id == offer.id))


def record_formal_check(actor: User, offer: Offer, answers: Mapping[str, Answer], outcome: Outcome, reason: str,
                        supplement_by: date | None, today: date) -> list[FormalProblem]:
    """Record the check and set the offer's formal status; returns the problems instead when there are any."""
    if offer.competition.is_closed:
        raise OperationRefused("competition_closed")
    problems = checklist_problems(checklist_of(offer), answers, outcome, reason, supplement_by, today)
    if problems:
        return problems
    has_cards = db.session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)
                                  .where(ScoreCard.offer_id == offer.id)) > 0
    if has_cards and outcome is not Outcome.ADMITTED:
        raise OperationRefused("offer_has_cards")
    check = formal_check_of(offer)
    old = None if check is None else {"answers": check.answers, "outcome": check.outcome, "reason": check.reason}
    if check is None:
        check = FormalCheck(offer_id=offer.id)
        db.session.add(check)
    check.answers = {key: Answer(value).value for key, value in answers.items()}
    check.outcome = outcome.value
    check.reason = reason.strip()
    check.supplement_by = supplement_by if outcome is Outcome.TO_SUPPLEMENT else None
    check.checked_by_id = actor.id
    offer.formal_status = OUTCOME_STATUS[outcome].value
    db.session.flush()
    log.record(db.session, actor=actor, action="offer.formal_check", object_type="offer", object_id=offer.id,
               competition_id=offer.competition_id, old=old,
               new={"answers": check.answers, "outcome": outcome.value, "reason": check.reason,
                    "supplement_by": check.supplement_by})
    return []


def reopen_after_supplement(actor: User, offer: Offer) -> None:
    """The applicant supplemented the offer: the check is open again (pending) until recorded anew."""
    if offer.formal_status != FormalStatus.TO_SUPPLEMENT:
        raise OperationRefused("not_to_supplement")
    offer.formal_status = FormalStatus.PENDING.value
    log.record(db.session, actor=actor, action="offer.supplemented", object_type="offer", object_id=offer.id,
               competition_id=offer.competition_id, old={"formal_status": FormalStatus.TO_SUPPLEMENT.value},
               new={"formal_status": FormalStatus.PENDING.value})
