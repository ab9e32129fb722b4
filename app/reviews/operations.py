"""Saving, submitting and correcting score cards: validate → change → audit log, one commit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from app.audit import log
from app.auth.models import User, utcnow
from app.competitions.operations import OperationRefused
from app.core.rubric import Rubric
from app.core.scoring import CardProblem, CriterionScore, validate_card
from app.core.text import words_only
from app.extensions import db
from app.offers.models import Offer

from . import writing
from .models import CardCorrection, CardStatus, Score, ScoreCard

MIN_CORRECTION_REASON = 15


class StaleCard(Exception):
    """The card changed since the form was opened (another tab or window saved it first)."""


class CardState(NamedTuple):
    """A stored card as the scoring page and the save need it: its id, status and version."""

    id: int
    status: str
    version_id: int

    @property
    def is_submitted(self) -> bool:
        """True once the member submitted the card."""
        return self.status == CardStatus.SUBMITTED


@dataclass
class SaveResult:
    """What happened to a save: the card as stored after it (None before the first save), whether it was saved
    and submitted, and the problems."""

    card: CardState | None
    saved: bool = False
    submitted: bool = False
    problems: list[CardProblem] = field(default_factory=list)


@dataclass(frozen=True)
class StoredCard:
    """A member's card for an offer as stored (None before the first save) and its entries."""

    card: CardState | None
    entries: dict[str, CriterionScore]


def card_of(offer: Offer, user: User) -> ScoreCard | None:
    """The member's card for an offer, if any."""
    return db.session.scalar(sa.select(ScoreCard).where(ScoreCard.offer_id == offer.id,
                                                        ScoreCard.user_id == user.id))


_CARDS, _SCORES = ScoreCard.__table__, Score.__table__
# Rows, not ORM objects: the scoring page and the save read it on every request.
_CARD_WITH_SCORES = (
    sa.select(_CARDS.c.id, _CARDS.c.status, _CARDS.c.version_id, _SCORES.c.criterion_id, _SCORES.c.points,
              _SCORES.c.not_applicable, _SCORES.c.justification)
    .select_from(_CARDS.outerjoin(_SCORES, _SCORES.c.card_id == _CARDS.c.id))
    .where(_CARDS.c.offer_id == sa.bindparam("offer_id"), _CARDS.c.user_id == sa.bindparam("user_id")))


def stored_card(offer: Offer, user: User) -> StoredCard:
    """The member's card for an offer with its entries, in one query (the scoring page's hot path)."""
    rows = db.session.execute(_CARD_WITH_SCORES, {"offer_id": offer.id, "user_id": user.id}).all()
    return StoredCard(CardState(*rows[0][:3]) if rows else None,
                      {r.criterion_id: CriterionScore(*r[3:]) for r in rows if r.criterion_id is not None})


def entries_of(card: ScoreCard | None) -> dict[str, CriterionScore]:
    """A stored card as the core's entries."""
    if card is None:
        return {}
    return {s.criterion_id: CriterionScore(s.criterion_id, s.points, s.not_applicable, s.justification)
            for s in card.scores}


def _snapshot(entries: Mapping[str, CriterionScore]) -> dict:
    return {cid: {"points": e.points, "not_applicable": e.not_applicable, "justification": e.justification}
            for cid, e in sorted(entries.items())}


def save_card(actor: User, offer: Offer, rubric: Rubric, entries: Mapping[str, CriterionScore],
              expected_version: int | None, *, submit: bool, stored: StoredCard | None = None) -> SaveResult:
    """Store a draft, or submit the card when it is complete; refuse a save based on a stale form.

    ``stored`` is the member's card as the caller has already read it in this transaction.
    """
    stored = stored_card(offer, actor) if stored is None else stored
    card = stored.card
    if card is not None and card.is_submitted:
        raise OperationRefused("card_submitted")
    if (card.version_id if card else None) != expected_version:
        raise StaleCard()
    context = offer.competition.context_for(offer.applicant_prior_tasks)
    problems = validate_card(rubric, entries, context, final=False)
    if problems:
        return SaveResult(card, problems=problems)
    old = _snapshot(stored.entries)
    final_problems = validate_card(rubric, entries, context, final=True) if submit else []
    submitted = submit and not final_problems
    new_card = {"offer_id": offer.id, "user_id": actor.id, "rubric_id": rubric.id, "rubric_version": rubric.version,
                "rubric_hash": rubric.content_hash}
    try:
        db.session.flush()  # whatever the caller has pending goes first (the demo scores offers it has just added)
        # Always writes the card's row, so that its version is checked and bumped, then the changed scores.
        card_id, head = writing.write_card(card, new_card, utcnow(), submitted,
                                           *writing.score_changes(rubric, entries, stored.entries))
        if card_id is None:
            raise sa.exc.NoResultFound("score_cards: the card's version moved on")
        log.record(db.session, actor=actor, action="card.submit" if submitted else "card.save_draft",
                   object_type="score_card", object_id=card_id, competition_id=offer.competition_id, old=old,
                   new=_snapshot(entries), head=head)
        db.session.commit()
    except (sa.exc.NoResultFound, sa.exc.IntegrityError) as error:
        db.session.rollback()
        if isinstance(error, sa.exc.IntegrityError) and "score_cards" not in str(error.orig):
            raise
        raise StaleCard() from error
    status = CardStatus.SUBMITTED if submitted else CardStatus.DRAFT
    stored_now = CardState(card_id, status.value, 1 if card is None else card.version_id + 1)
    return SaveResult(stored_now, saved=True, submitted=submitted, problems=final_problems)


def correct_card(actor: User, stored: StoredCard, rubric: Rubric, entries: Mapping[str, CriterionScore],
                 expected_version: int, reason: str) -> SaveResult:
    """Change a submitted card: needs a reason, keeps old → new per criterion, and the card stays complete.

    ``stored`` is the member's card as read in this transaction (``stored_card``).
    """
    if stored.card is None or not stored.card.is_submitted:
        raise OperationRefused("card_not_submitted")
    card, before = db.session.get(ScoreCard, stored.card.id), stored.entries
    # The card as the ORM changes it, read after its entries: if another tab changed it in between, its version
    # has moved on from the form's and the correction is refused, as when it changed before.
    if card.version_id != expected_version:
        raise StaleCard()
    if len(words_only(reason)) < MIN_CORRECTION_REASON:
        raise OperationRefused("reason_too_short", minimum=MIN_CORRECTION_REASON)
    context = card.offer.competition.context_for(card.offer.applicant_prior_tasks)
    problems = validate_card(rubric, entries, context, final=True)
    if problems:
        return SaveResult(stored.card, submitted=True, problems=problems)
    changed = [cid for cid in sorted(set(before) | set(entries)) if before.get(cid) != entries.get(cid)]
    if not changed:
        raise OperationRefused("nothing_changed")
    for cid in changed:
        old, new = before.get(cid, CriterionScore(cid)), entries.get(cid, CriterionScore(cid))
        db.session.add(CardCorrection(
            card=card, criterion_id=cid, old_points=old.points, new_points=new.points,
            old_not_applicable=old.not_applicable, new_not_applicable=new.not_applicable,
            old_justification=old.justification, new_justification=new.justification,
            reason=reason.strip(), user_id=actor.id))
    card.updated_at = utcnow()
    _commit_or_stale(card, rubric, entries, before, lambda: log.record(
        db.session, actor=actor, action="card.correct", object_type="score_card", object_id=card.id,
        competition_id=card.offer.competition_id, old=_snapshot({c: before[c] for c in changed if c in before}),
        new={**_snapshot({c: entries[c] for c in changed if c in entries}), "reason": reason.strip()}))
    return SaveResult(stored.card._replace(version_id=expected_version + 1), saved=True, submitted=True)


def _commit_or_stale(card: ScoreCard, rubric: Rubric, entries: Mapping[str, CriterionScore],
                     stored: Mapping[str, CriterionScore], write_log) -> None:
    """Write the card first (its version check locks the row), then its scores and the log; commit once.

    A lost race on the card's version becomes StaleCard, and nothing of the losing save is kept.
    """
    try:
        db.session.flush()
        writing.write_scores(card.id, *writing.score_changes(rubric, entries, stored))
        db.session.expire(card, ["scores"])
        write_log()
        db.session.commit()
    except (StaleDataError, sa.exc.IntegrityError) as error:
        db.session.rollback()
        if isinstance(error, sa.exc.IntegrityError) and "score_cards" not in str(error.orig):
            raise
        raise StaleCard() from error
