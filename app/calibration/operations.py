"""Calibration round state changes: validate → change → audit log (own action names, kept apart from cards)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from app.audit import log
from app.auth.models import User, utcnow
from app.competitions.models import Competition, CompetitionStatus
from app.competitions.operations import OperationRefused
from app.core.offer import Offer, offer_to_dict
from app.core.rubric import Rubric
from app.core.scoring import CriterionScore, validate_card
from app.core.text import words_only
from app.extensions import db
from app.reviews.models import CardStatus
from app.reviews.operations import SaveResult, StaleCard, entries_of
from app.reviews.operations import _snapshot as snapshot_of_entries

from . import queries
from .models import MAX_SAMPLES, CalibrationCard, CalibrationRound, CalibrationSample, CalibrationScore, SampleSource
from .samples import shipped_sample

MIN_CLOSE_REASON = 20
STARTS_IN = (CompetitionStatus.DRAFT.value, CompetitionStatus.ANNOUNCED.value)


def start_round(actor: User, competition: Competition, sample_keys: Sequence[str],
                entered: Sequence[Offer] = ()) -> CalibrationRound:
    """The secretary starts the call's one calibration round with one or two sample offers, before merit assessment.

    ``sample_keys`` name shipped samples; ``entered`` are sample offers the secretary typed in.
    """
    if competition.status not in STARTS_IN:
        raise OperationRefused("calibration_too_late")
    if queries.round_of(competition) is not None:
        raise OperationRefused("calibration_exists")
    shipped = [shipped_sample(key) for key in dict.fromkeys(sample_keys)]
    if any(s is None for s in shipped):
        raise OperationRefused("calibration_unknown_sample")
    if not 1 <= len(shipped) + len(entered) <= MAX_SAMPLES:
        raise OperationRefused("calibration_sample_count", maximum=MAX_SAMPLES)
    calibration = CalibrationRound(competition=competition, started_by_id=actor.id)
    samples = [(SampleSource.ENTERED, f"entered-{i}", offer.title, offer.applicants[0].had_prior_tasks
                if offer.applicants else None, offer_to_dict(offer)) for i, offer in enumerate(entered, 1)]
    samples += [(SampleSource.SHIPPED, s.key, s.label, s.applicant_prior_tasks, s.form_data) for s in shipped]
    for position, (source, key, label, prior, form) in enumerate(samples, 1):
        applicant = form["applicants"][0]["name"] if form.get("applicants") else ""
        calibration.samples.append(CalibrationSample(
            position=position, source=source.value, key=key, label=label[:200], applicant_name=applicant[:300],
            title=form.get("title", "")[:500], applicant_prior_tasks=prior, form_data=form))
    db.session.add(calibration)
    log.record(db.session, actor=actor, action="calibration.round.start", object_type="calibration_round",
               object_id=calibration.id, competition_id=competition.id,
               new={"samples": [{"position": s.position, "source": s.source, "key": s.key, "label": s.label}
                                for s in calibration.samples]})
    return calibration


def stored_entries(card: CalibrationCard | None) -> dict[str, CriterionScore]:
    """A stored calibration card as the core's entries (its scores have a real card's columns)."""
    return entries_of(card)


def save_calibration_card(actor: User, sample: CalibrationSample, rubric: Rubric,
                          entries: Mapping[str, CriterionScore], expected_version: int | None, *,
                          submit: bool) -> SaveResult:
    """Store a draft, or submit the calibration card when complete: the same rules as a real card.

    The last card of the round to be submitted closes the round (every member's reading is in).
    """
    calibration = sample.round
    if calibration.is_closed:
        raise OperationRefused("calibration_closed")
    card = queries.card_of(sample, actor)
    if card is not None and card.is_submitted:
        raise OperationRefused("card_submitted")
    if (card.version_id if card else None) != expected_version:
        raise StaleCard()
    context = calibration.competition.context_for(sample.applicant_prior_tasks)
    problems = validate_card(rubric, entries, context, final=False)
    if problems:
        return SaveResult(None, problems=problems)
    before = stored_entries(card)
    if card is None:
        card = CalibrationCard(sample=sample, user_id=actor.id, rubric_hash=rubric.content_hash)
        db.session.add(card)
    final_problems = validate_card(rubric, entries, context, final=True) if submit else []
    submitted = submit and not final_problems
    card.updated_at = utcnow()
    card.rubric_hash = rubric.content_hash
    if submitted:
        card.status = CardStatus.SUBMITTED.value
        card.submitted_at = card.updated_at
    try:
        db.session.flush()  # the version check: a save from a stale form stops here
        _write_scores(card, rubric, entries)
        round_complete = submitted and queries.round_is_complete(calibration)
        if round_complete:
            calibration.closed_at = card.submitted_at
        log.record(db.session, actor=actor,
                   action="calibration.card.submit" if submitted else "calibration.card.save_draft",
                   object_type="calibration_card", object_id=card.id, competition_id=calibration.competition_id,
                   old=snapshot_of_entries(before), new={**snapshot_of_entries(entries), "sample": sample.position,
                                                "round_complete": round_complete})
        db.session.commit()
    except (StaleDataError, sa.exc.IntegrityError) as error:
        db.session.rollback()
        raise StaleCard() from error
    return SaveResult(None, saved=True, submitted=submitted, problems=final_problems)


def _write_scores(card: CalibrationCard, rubric: Rubric, entries: Mapping[str, CriterionScore]) -> None:
    existing = {s.criterion_id: s for s in card.scores}
    for criterion in rubric.criteria:
        entry, score = entries.get(criterion.id), existing.get(criterion.id)
        if entry is None:
            if score is not None:
                card.scores.remove(score)
            continue
        if score is None:
            score = CalibrationScore(criterion_id=criterion.id, max_points=criterion.max_points)
            card.scores.append(score)
        score.points = None if entry.not_applicable else entry.points
        score.not_applicable = entry.not_applicable
        score.justification = entry.justification.strip()
    db.session.flush()


def close_round(actor: User, calibration: CalibrationRound, reason: str) -> None:
    """The secretary closes the round before every card is in, with a reason; the committee then sees it all."""
    if calibration.is_closed:
        raise OperationRefused("calibration_closed")
    reason = reason.strip()
    if len(words_only(reason)) < MIN_CLOSE_REASON:
        raise OperationRefused("reason_too_short", minimum=MIN_CLOSE_REASON)
    missing = queries.missing_cards(calibration)
    calibration.closed_at = utcnow()
    calibration.closed_by_id = actor.id
    calibration.close_reason = reason
    log.record(db.session, actor=actor, action="calibration.round.close", object_type="calibration_round",
               object_id=calibration.id, competition_id=calibration.competition_id,
               new={"reason": reason, "missing": [{"sample": s.position, "member": u.email} for s, u in missing]})
