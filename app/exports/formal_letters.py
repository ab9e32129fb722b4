"""Formal-stage letters: the request to supplement an offer and the notice of formal rejection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from app.core.formal import Answer
from app.core.offer import offer_from_dict
from app.extensions import db
from app.offers.formal_operations import checklist_of
from app.offers.models import FormalCheck, FormalStatus, Offer

from .heading import Heading, heading_of

LETTER_KINDS = {FormalStatus.TO_SUPPLEMENT.value: "supplement", FormalStatus.REJECTED.value: "rejection"}


@dataclass(frozen=True)
class FormalLetterDocument:
    """A letter to the applicant about the formal check of its offer."""

    heading: Heading
    kind: str  # supplement | rejection
    offer_number: str
    applicant: str
    address: str
    title: str
    failed_items: tuple[str, ...]  # the checklist's requirements answered NIE
    reason: str
    supplement_by: date | None
    checked_on: date


def letter_kind(offer: Offer) -> str | None:
    """Which letter the offer's formal check calls for, if any."""
    return LETTER_KINDS.get(offer.formal_status)


def formal_letter_document(offer: Offer, locale: str) -> FormalLetterDocument | None:
    """The letter the offer's last formal check calls for, or None when it calls for none."""
    kind = letter_kind(offer)
    check = db.session.scalar(sa.select(FormalCheck).where(FormalCheck.offer_id == offer.id))
    if kind is None or check is None:
        return None
    failed = tuple(item.text.get(locale) for item in checklist_of(offer)
                   if check.answers.get(item.id) == Answer.NO.value)
    form = offer_from_dict(offer.form_data or {})
    address = form.applicants[0].address if form.applicants else ""
    return FormalLetterDocument(heading_of(offer.competition), kind, offer.number, offer.applicant_name, address,
                                offer.title, failed, check.reason, check.supplement_by, check.checked_at.date())
