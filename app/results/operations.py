"""The chair's adjusted amounts and the mayor's decision: validate → change → audit log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.audit import log
from app.auth.models import User, utcnow
from app.competitions.models import Competition, CompetitionStatus
from app.competitions.operations import OperationRefused
from app.core.decision import DecisionEntry, decision_problems, within_budget
from app.core.offer import Offer as OfferForm
from app.core.offer import offer_to_dict
from app.core.ranking import Ranking, Recommendation
from app.core.rubric import Rubric
from app.extensions import db
from app.offers.models import Offer
from app.reviews.queries import competition_ranking

from .models import Decision, DecisionGrant, GrantAdjustment, OfferUpdate
from .queries import adjusted_amounts

MIN_REASON = 10
GRANTED = (Recommendation.RECOMMENDED, Recommendation.RECOMMENDED_IN_PART)


def adjust_amount(actor: User, offer: Offer, rubric: Rubric, amount: Decimal, reason: str) -> GrantAdjustment | None:
    """Set the amount the committee proposes for a recommended offer; its request again removes the adjustment."""
    competition = offer.competition
    if competition.status != CompetitionStatus.MERIT:
        raise OperationRefused("competition_not_in_merit")
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise OperationRefused("reason_too_short", minimum=MIN_REASON)
    if not 0 < amount <= offer.requested_grant:
        raise OperationRefused("amount_out_of_range", requested=offer.requested_grant)
    current = adjusted_amounts(competition)
    before = _row(competition_ranking(competition, rubric, current), offer.number)
    if before is None or before.recommendation not in GRANTED:
        raise OperationRefused("not_recommended")
    proposed = {**current, offer.number: amount}
    if amount == offer.requested_grant:
        proposed.pop(offer.number)
    after = _row(competition_ranking(competition, rubric, proposed), offer.number)
    if after.recommended_amount != amount:  # it would no longer fit: the sum never exceeds the budget
        raise OperationRefused("over_budget", available=after.recommended_amount)
    stored = db.session.scalar(sa.select(GrantAdjustment).where(GrantAdjustment.offer_id == offer.id))
    old = None if stored is None else {"amount": stored.amount, "reason": stored.reason}
    if amount == offer.requested_grant:
        if stored is not None:
            db.session.delete(stored)
        stored = None
    elif stored is None:
        stored = GrantAdjustment(offer_id=offer.id, amount=amount, reason=reason, adjusted_by_id=actor.id)
        db.session.add(stored)
    else:
        stored.amount, stored.reason, stored.adjusted_by_id = amount, reason, actor.id
    log.record(db.session, actor=actor, action="ranking.adjust_amount", object_type="offer", object_id=offer.id,
               competition_id=competition.id, old=old,
               new={"amount": amount, "reason": reason, "requested": offer.requested_grant})
    return stored


def _row(ranking: Ranking, number: str):
    return next((row for row in ranking.offers if row.key == number), None)


@dataclass(frozen=True)
class DecisionLine:
    """What the secretary typed for one offer."""

    offer: Offer
    amount: Decimal
    note: str


def record_decision(actor: User, competition: Competition, rubric: Rubric, *, number: str, decided_on: date,
                    lines: list[DecisionLine]) -> Decision:
    """Record (or correct) the mayor's order; an amount other than the committee's proposal needs a note."""
    if competition.status != CompetitionStatus.CLOSED:
        raise OperationRefused("committee_not_closed")
    number = number.strip()
    if not number:
        raise OperationRefused("decision_number_missing")
    opinion = {row.key: row.recommended_amount for row in competition_ranking(competition, rubric).offers}
    entries = [DecisionEntry(line.offer.number, line.offer.requested_grant, line.amount, line.note) for line in lines]
    problems = decision_problems(entries, opinion)
    if problems:
        raise OperationRefused("decision_lines", problems=problems)
    if not within_budget(entries, competition.budget):
        raise OperationRefused("over_budget_decision", budget=competition.budget)
    decision = db.session.scalar(sa.select(Decision).where(Decision.competition_id == competition.id))
    old = None if decision is None else _snapshot(decision)
    if decision is None:
        decision = Decision(competition_id=competition.id, number=number, decided_on=decided_on,
                            recorded_by_id=actor.id)
        db.session.add(decision)
    else:
        decision.number, decision.decided_on, decision.recorded_by_id = number, decided_on, actor.id
    by_offer = {grant.offer_id: grant for grant in decision.grants}
    for line in lines:
        grant = by_offer.get(line.offer.id)
        if grant is None:
            grant = DecisionGrant(offer_id=line.offer.id)
            decision.grants.append(grant)
        grant.amount, grant.note = line.amount, line.note.strip()
        grant.opinion_amount = opinion.get(line.offer.number, Decimal(0))
    db.session.flush()
    log.record(db.session, actor=actor, action="decision.record", object_type="competition",
               object_id=competition.id, competition_id=competition.id, old=old, new=_snapshot(decision))
    return decision


def _snapshot(decision: Decision) -> dict:
    return {"number": decision.number, "decided_on": decision.decided_on.isoformat(),
            "grants": {str(g.offer_id): {"amount": g.amount, "opinion": g.opinion_amount, "note": g.note}
                       for g in decision.grants}}


def record_offer_update(actor: User, offer: Offer, form: OfferForm) -> OfferUpdate:
    """Store (or replace) the updated offer as entered; its findings are shown beside it, as for the offer."""
    if offer.competition.status != CompetitionStatus.CLOSED:
        raise OperationRefused("committee_not_closed")
    stored = db.session.scalar(sa.select(OfferUpdate).where(OfferUpdate.offer_id == offer.id))
    old = None if stored is None else stored.form_data
    data = offer_to_dict(form)
    if stored is None:
        stored = OfferUpdate(offer_id=offer.id, form_data=data, entered_by_id=actor.id)
        db.session.add(stored)
    else:
        stored.form_data, stored.entered_by_id, stored.entered_at = data, actor.id, utcnow()
    log.record(db.session, actor=actor, action="offer.update_after_decision", object_type="offer",
               object_id=offer.id, competition_id=offer.competition_id, old=old, new=data)
    return stored
