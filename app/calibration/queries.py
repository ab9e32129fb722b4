"""Reading a calibration round: its participants, who has submitted, and the spreads once it may be shown."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.competitions.models import SCORING_ROLES, Competition, Membership
from app.core.calibration import CriterionSpread, spreads
from app.core.rubric import Applicability, Rubric
from app.core.scoring import CriterionScore
from app.extensions import db
from app.offers.models import Exclusion, ExclusionKind, FormalStatus, Offer
from app.reviews.models import CardStatus

from .models import CalibrationCard, CalibrationRound, CalibrationSample


def round_of(competition: Competition) -> CalibrationRound | None:
    """The call's calibration round, if one was started (the samples' texts are read when used)."""
    return db.session.scalar(sa.select(CalibrationRound).where(CalibrationRound.competition_id == competition.id)
                             .options(selectinload(CalibrationRound.samples).defer(CalibrationSample.form_data)))


def card_of(sample: CalibrationSample, user: User) -> CalibrationCard | None:
    """The member's calibration card for a sample, if any."""
    return db.session.scalar(sa.select(CalibrationCard).where(CalibrationCard.sample_id == sample.id,
                                                              CalibrationCard.user_id == user.id))


def participants(competition: Competition) -> list[User]:
    """The scoring members (chair and members) who calibrate, by name; not one the secretary excluded from
    the whole assessment (excluded from every admitted offer)."""
    members = list(db.session.scalars(
        sa.select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.competition_id == competition.id, Membership.role.in_([r.value for r in SCORING_ROLES]))
        .order_by(User.display_name, User.id)))
    admitted = db.session.scalar(sa.select(sa.func.count()).select_from(Offer).where(
        Offer.competition_id == competition.id, Offer.formal_status == FormalStatus.ADMITTED.value))
    if not admitted:
        return members
    excluded_from = dict(db.session.execute(
        sa.select(Exclusion.user_id, sa.func.count()).join(Offer)
        .where(Offer.competition_id == competition.id, Offer.formal_status == FormalStatus.ADMITTED.value,
               Exclusion.kind == ExclusionKind.SECRETARY.value).group_by(Exclusion.user_id)).all())
    return [m for m in members if excluded_from.get(m.id, 0) < admitted]


def excluded_from_assessment(competition: Competition, user: User) -> bool:
    """True when the secretary excluded the member from every admitted offer of the call (one query)."""
    admitted = (sa.select(Offer.id).where(Offer.competition_id == competition.id,
                                          Offer.formal_status == FormalStatus.ADMITTED.value))
    offers = sa.select(sa.func.count()).select_from(admitted.subquery()).scalar_subquery()
    excluded = (sa.select(sa.func.count()).select_from(Exclusion)
                .where(Exclusion.user_id == user.id, Exclusion.kind == ExclusionKind.SECRETARY.value,
                       Exclusion.offer_id.in_(admitted)).scalar_subquery())
    count, gone = db.session.execute(sa.select(offers, excluded)).one()
    return bool(count) and gone >= count


def is_participant(competition: Competition, user: User) -> bool:
    """True when the user calibrates in this call: a scoring member not excluded from the whole assessment."""
    from app.competitions.permissions import access

    a = access(user, competition)  # read once per request
    return a.scores and not (a.excluded_offer_ids and excluded_from_assessment(competition, user))


def _cards(calibration: CalibrationRound) -> list[CalibrationCard]:
    return list(db.session.scalars(
        sa.select(CalibrationCard).join(CalibrationSample).where(CalibrationSample.round_id == calibration.id)
        .options(selectinload(CalibrationCard.scores))))


def missing_cards(calibration: CalibrationRound) -> list[tuple[CalibrationSample, User]]:
    """Every (sample, member) whose calibration card is not submitted yet."""
    submitted = {(c.sample_id, c.user_id) for c in _cards(calibration) if c.is_submitted}
    people = participants(calibration.competition)
    return [(s, u) for s in calibration.samples for u in people if (s.id, u.id) not in submitted]


def round_is_complete(calibration: CalibrationRound) -> bool:
    """True when every participant has submitted a card for every sample."""
    return not missing_cards(calibration)


@dataclass(frozen=True)
class ProgressRow:
    """A member and the state of their calibration card for each sample (not_started | draft | submitted)."""

    user: User
    states: tuple[str, ...]


def progress(calibration: CalibrationRound) -> list[ProgressRow]:
    """Who has submitted which sample's card (no scores): for the secretary and the chair."""
    states = {(c.sample_id, c.user_id): c.status for c in _cards(calibration)}
    return [ProgressRow(u, tuple(states.get((s.id, u.id), "not_started") for s in calibration.samples))
            for u in participants(calibration.competition)]


def sample_finished(sample: CalibrationSample) -> bool:
    """The sample's figures may be shown: the round is closed, or every participant submitted this sample."""
    if sample.round.is_closed:
        return True
    people = participants(sample.round.competition)
    submitted = set(db.session.scalars(sa.select(CalibrationCard.user_id).where(
        CalibrationCard.sample_id == sample.id, CalibrationCard.status == CardStatus.SUBMITTED.value)))
    return bool(people) and all(p.id in submitted for p in people)


@dataclass(frozen=True)
class SampleComparison:
    """One sample's submitted calibration cards side by side: per criterion the spread, levels and reasons."""

    sample: CalibrationSample
    members: dict[int, User]  # who scored, by user id, in the order shown
    criteria: list[CriterionSpread]  # widest spread first


def comparison(sample: CalibrationSample, rubric: Rubric) -> SampleComparison:
    """The submitted calibration cards of a sample compared per criterion (drafts never count)."""
    cards = list(db.session.scalars(
        sa.select(CalibrationCard).where(CalibrationCard.sample_id == sample.id,
                                         CalibrationCard.status == CardStatus.SUBMITTED.value)
        .options(selectinload(CalibrationCard.scores), selectinload(CalibrationCard.user))))
    cards.sort(key=lambda c: (c.user.display_name, c.user_id))
    entries = {c.user_id: {s.criterion_id: CriterionScore(s.criterion_id, s.points, s.not_applicable,
                                                          s.justification) for s in c.scores} for c in cards}
    context = sample.round.competition.context_for(sample.applicant_prior_tasks)
    criteria = [c for c in rubric.criteria if c.applicability_for(context) is not Applicability.NOT_APPLICABLE]
    return SampleComparison(sample, {c.user_id: c.user for c in cards}, spreads(criteria, entries))


@dataclass(frozen=True)
class CalibrationTask:
    """A sample offer on the member's task list, the state of his calibration card, and whether he may score."""

    sample: CalibrationSample
    state: str  # not_started | draft | submitted
    open: bool  # the round is open and the call not closed


def my_tasks(competition: Competition, user: User) -> list[CalibrationTask]:
    """The member's calibration tasks ("Moje zadania"): one per sample while he calibrates in this call."""
    if not is_participant(competition, user):
        return []
    calibration = round_of(competition)
    if calibration is None:
        return []
    cards = {c.sample_id: c.status for c in db.session.scalars(sa.select(CalibrationCard).where(
        CalibrationCard.user_id == user.id, CalibrationCard.sample_id.in_([s.id for s in calibration.samples])))}
    is_open = not calibration.is_closed and not competition.is_closed
    return [CalibrationTask(s, cards.get(s.id, "not_started"), is_open) for s in calibration.samples]
