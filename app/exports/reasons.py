"""Uzasadnienie oceny: the reasons for an offer's result, per criterion, without the reviewers' names."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.rubric import Rubric
from app.offers.models import Offer
from app.reviews.queries import CallResults

from .heading import Heading
from .offer_summary import CriterionLine, OfferOutcome, offer_summary_document


@dataclass(frozen=True)
class ReasonsDocument:
    """What the applicant (or anyone who asks, art. 15 ust. 2j) reads; assessors are numbered, not named."""

    heading: Heading
    offer_number: str
    applicant: str
    title: str
    aggregation: str
    assessors: int
    lines: tuple[CriterionLine, ...]
    outcome: OfferOutcome


def reasons_document(offer: Offer, rubric: Rubric, results: CallResults, locale: str) -> ReasonsDocument:
    """The summary of the offer with every name left out."""
    summary = offer_summary_document(offer, rubric, results, locale)
    return ReasonsDocument(summary.heading, summary.offer_number, summary.applicant, summary.title,
                           summary.aggregation, len(summary.members), summary.lines, summary.outcome)
