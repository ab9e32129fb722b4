"""Who may download which document: named functions used by the documents' views AND templates.

Rules (issue #12, "Who may download what"):
- the secretary (and an administrator) downloads everything at any stage; until the call is closed
  every document says "wersja robocza";
- an official (urzędnik) downloads the documents once the committee's work is closed, never before;
- the chair downloads as the secretary does, except that a document built from the members' scores of
  an offer waits until the chair may see those scores (``can_see_scores``: their own card submitted or,
  for an offer the chair is excluded from, scoring closed);
- a member (and the chair) downloads their own cards;
- the formal-stage letters carry no scores: the secretary, the chair and (once closed) officials.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import g

from app.competitions.models import Competition, Role
from app.competitions.permissions import access, can_see_scores
from app.extensions import db
from app.offers.models import Offer
from app.reviews.models import CardStatus, ScoreCard


def _official_after_closing(user, competition: Competition) -> bool:
    return access(user, competition).role is Role.OFFICIAL and competition.is_closed


def _submitted_offer_ids(user, competition: Competition) -> frozenset[int]:
    """The offers of the call the user has submitted a card for, read once per request."""
    cache = g.setdefault("_cal_submitted", {})
    key = (user.id, competition.id)
    if key not in cache:
        cache[key] = frozenset(db.session.scalars(sa.select(ScoreCard.offer_id).join(Offer).where(
            Offer.competition_id == competition.id, ScoreCard.user_id == user.id,
            ScoreCard.status == CardStatus.SUBMITTED.value)))
    return cache[key]


def _own_submitted(user, offer: Offer) -> bool:
    return offer.id in _submitted_offer_ids(user, offer.competition)


def can_see_documents(user, competition: Competition) -> bool:
    """The documents page: the secretary, the chair, members (their own cards) and officials once closed."""
    a = access(user, competition)
    return a.manages or a.role in (Role.CHAIR, Role.MEMBER) or _official_after_closing(user, competition)


def can_download_formal_letters(user, competition: Competition) -> bool:
    """Requests to supplement and notices of formal rejection: no scores in them."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR or _official_after_closing(user, competition)


def can_download_offer_documents(user, offer: Offer) -> bool:
    """The summary of an offer's assessment and the reasons letter: built from every member's scores."""
    a = access(user, offer.competition)
    if a.manages or _official_after_closing(user, offer.competition):
        return True
    return a.role is Role.CHAIR and can_see_scores(user, offer, _own_submitted(user, offer))


def can_download_call_documents(user, competition: Competition, offers: list[Offer]) -> bool:
    """The protocol and the results list: built from the scores of every admitted offer (``offers``)."""
    a = access(user, competition)
    if a.manages or _official_after_closing(user, competition):
        return True
    if a.role is not Role.CHAIR:
        return False
    submitted = _submitted_offer_ids(user, competition)
    return all(can_see_scores(user, offer, offer.id in submitted) for offer in offers)


def can_download_card(user, card: ScoreCard) -> bool:
    """One member's card: its author always; others' submitted cards as the offer's documents."""
    if card.user_id == getattr(user, "id", None) and access(user, card.offer.competition).role is not None:
        return True
    return card.is_submitted and can_download_offer_documents(user, card.offer)


def can_prepare_protocol(user, competition: Competition) -> bool:
    """The secretary types the date, place and members present while the call is open."""
    return access(user, competition).manages and not competition.is_closed


def can_write_opinions(user, competition: Competition) -> bool:
    """The chair types the reasons for rejection and the dissenting opinions while the call is open."""
    return access(user, competition).role is Role.CHAIR and not competition.is_closed
