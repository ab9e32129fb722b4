"""Registering offers and commenting on them: validate → change → audit log."""

from __future__ import annotations

from app.audit import log
from app.auth.models import User
from app.competitions.models import Competition
from app.competitions.operations import OperationRefused
from app.core.offer import Offer as OfferForm
from app.core.offer import offer_to_dict
from app.extensions import db

from .models import ExpertComment, FormalStatus, Offer


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
