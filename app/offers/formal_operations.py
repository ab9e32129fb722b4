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
from app.rubrics.registry import call_rubric

from .models import FormalCheck, FormalStatus, Offer

OUTCOME_STATUS = {Outcome.ADMITTED: FormalStatus.ADMITTED, Outcome.REJECTED: FormalStatus.REJECTED,
                  Outcome.TO_SUPPLEMENT: FormalStatus.TO_SUPPLEMENT}


def checklist_of(offer: Offer) -> tuple[ChecklistItem, ...]:
    """The usual checklist, then the call conditions chosen among its rubric's options (e.g. opening hours)."""
    rubric = call_rubric(offer.competition)
    conditions = () if rubric is None else rubric.conditions
    return DEFAULT_CHECKLIST + tuple(ChecklistItem(f"option_{o.id}", o.condition) for o in conditions)


def formal_check_of(offer: Offer) -> FormalCheck | None:
    """The recorded formal check of the offer, if any."""
    return db.session.scalar(sa.select(FormalCheck).where(FormalCheck.offer_id == offer.id))


def prior_tasks_needed(offer: Offer) -> bool:
    """True when the call's rubric has a criterion that applies only to applicants with earlier tasks (G1)."""
    rubric = call_rubric(offer.competition)
    return rubric is not None and any(c.applicability is not None and c.applicability.applicant_prior_tasks
                                      is not None for c in rubric.criteria)


def record_formal_check(actor: User, offer: Offer, answers: Mapping[str, Answer], outcome: Outcome, reason: str,
                        supplement_by: date | None, today: date, prior_tasks: bool | None = None
                        ) -> list[FormalProblem]:
    """Record the check and set the offer's formal status; returns the problems instead when there are any.

    prior_tasks is the office's finding of art. 15 ust. 1 pkt 6 (None: not given, the offer keeps what it has).
    """
    if offer.competition.is_closed:
        raise OperationRefused("competition_closed")
    if prior_tasks is None:
        prior_tasks = offer.applicant_prior_tasks
    problems = checklist_problems(checklist_of(offer), answers, outcome, reason, supplement_by, today,
                                  prior_tasks=prior_tasks, prior_tasks_needed=prior_tasks_needed(offer))
    if problems:
        return problems
    has_cards = db.session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)
                                  .where(ScoreCard.offer_id == offer.id)) > 0
    if has_cards and outcome is not Outcome.ADMITTED:
        raise OperationRefused("offer_has_cards")
    if has_cards and prior_tasks != offer.applicant_prior_tasks:
        # Members scored out of the maximum this fact gave; changing it now would change their cards' maximum.
        raise OperationRefused("offer_has_cards")
    check = formal_check_of(offer)
    old = None if check is None else {"answers": check.answers, "outcome": check.outcome, "reason": check.reason,
                                      "applicant_prior_tasks": offer.applicant_prior_tasks}
    if check is None:
        check = FormalCheck(offer_id=offer.id)
        db.session.add(check)
    check.answers = {key: Answer(value).value for key, value in answers.items()}
    check.outcome = outcome.value
    check.reason = reason.strip()
    check.supplement_by = supplement_by if outcome is Outcome.TO_SUPPLEMENT else None
    check.checked_by_id = actor.id
    offer.formal_status = OUTCOME_STATUS[outcome].value
    offer.applicant_prior_tasks = prior_tasks
    db.session.flush()
    log.record(db.session, actor=actor, action="offer.formal_check", object_type="offer", object_id=offer.id,
               competition_id=offer.competition_id, old=old,
               new={"answers": check.answers, "outcome": outcome.value, "reason": check.reason,
                    "supplement_by": check.supplement_by, "applicant_prior_tasks": prior_tasks})
    return []


def reopen_after_supplement(actor: User, offer: Offer) -> None:
    """The applicant supplemented the offer: the check is open again (pending) until recorded anew."""
    if offer.formal_status != FormalStatus.TO_SUPPLEMENT:
        raise OperationRefused("not_to_supplement")
    offer.formal_status = FormalStatus.PENDING.value
    log.record(db.session, actor=actor, action="offer.supplemented", object_type="offer", object_id=offer.id,
               competition_id=offer.competition_id, old={"formal_status": FormalStatus.TO_SUPPLEMENT.value},
               new={"formal_status": FormalStatus.PENDING.value})
