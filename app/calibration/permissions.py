"""Who may do what in a calibration round: named functions used by views AND templates.

Rules:
- the secretary (or an administrator) starts the round before merit assessment and may close it early with
  a reason; the secretary and the chair follow who has submitted (never the scores before the end);
- the scoring members (chair and members, not one excluded from the whole assessment) each fill in one
  calibration card per sample, while the round is open and the call is not closed; no declaration is
  needed, the samples are fictional;
- nobody sees the others' calibration scores until the sample is finished (every participant submitted it,
  or the round was closed), and a scoring member only after submitting his own card for it or once the
  round is closed (the principle of can_see_offer_results); advisory experts see the finished comparison;
- calibration is internal to the committee: officials and outsiders see none of it.
"""

from __future__ import annotations

from app.competitions.models import Competition, CompetitionStatus, Role
from app.competitions.permissions import access

from . import queries
from .models import CalibrationRound, CalibrationSample
from .operations import STARTS_IN


def can_see_calibration(user, competition: Competition) -> bool:
    """The round's page: managers, the chair, members and advisory experts."""
    a = access(user, competition)
    return a.manages or a.role in (Role.CHAIR, Role.MEMBER, Role.EXPERT)


def can_start_calibration(user, competition: Competition) -> bool:
    """The secretary starts the round while the call is in preparation or announced."""
    return access(user, competition).manages and competition.status in STARTS_IN


def can_follow_calibration(user, competition: Competition) -> bool:
    """Who has submitted which calibration card (no scores): the secretary, administrators and the chair."""
    a = access(user, competition)
    return a.manages or a.role is Role.CHAIR


def can_score_calibration(user, sample: CalibrationSample) -> bool:
    """Fill in one's own calibration card while the round is open and the call is not closed."""
    competition = sample.round.competition
    return (not sample.round.is_closed and competition.status != CompetitionStatus.CLOSED.value
            and queries.is_participant(competition, user))


def can_see_calibration_results(user, sample: CalibrationSample) -> bool:
    """The side-by-side comparison of a finished sample: see the module's rules."""
    competition = sample.round.competition
    a = access(user, competition)
    if not (a.manages or a.role in (Role.CHAIR, Role.MEMBER, Role.EXPERT)) or not queries.sample_finished(sample):
        return False
    if a.manages or a.role is Role.EXPERT or sample.round.is_closed:
        return True
    card = queries.card_of(sample, user)
    return card is not None and card.is_submitted


def can_close_calibration(user, calibration: CalibrationRound) -> bool:
    """The secretary closes an open round early (with a reason) while the call is not closed."""
    competition = calibration.competition
    return (access(user, competition).manages and not calibration.is_closed
            and competition.status != CompetitionStatus.CLOSED.value)
