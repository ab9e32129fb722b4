"""Who may see the agreement figures, adjust an amount, and record the decision.

Rules:
- the agreement page is for the secretary, the chair and administrators (like the ranking); the figures
  rest only on offers whose scores the viewer may see (competitions.permissions.can_see_scores);
- a member's leniency is shown to the chair only: never to other members, never in a download;
- the chair adjusts a recommended amount, with a reason, while merit assessment is open;
- the secretary (or an administrator) records the mayor's decision once the committee has closed, and
  then enters the updated offer (aktualizacja) of each offer granted less than it asked for; nothing
  else of a closed call changes.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from app.competitions.models import Competition, CompetitionStatus, Role
from app.competitions.permissions import access, can_see_results


def can_see_agreement(user, competition: Competition) -> bool:
    """The secretary, the chair and administrators."""
    return can_see_results(user, competition)


def can_see_leniency(user, competition: Competition) -> bool:
    """Only the chair sees how lenient each member is."""
    return access(user, competition).role is Role.CHAIR


def can_adjust_amount(user, competition: Competition) -> bool:
    """The chair, while merit assessment is open."""
    return (access(user, competition).role is Role.CHAIR
            and competition.status == CompetitionStatus.MERIT)


def can_record_decision(user, competition: Competition) -> bool:
    """The secretary or an administrator, after the committee closed."""
    return access(user, competition).manages and competition.status == CompetitionStatus.CLOSED


def awarded_in_part(offer) -> Decimal | None:
    """The amount the decision granted the offer when it is more than 0 and less than it asked for, else None."""
    from app.extensions import db

    from .models import Decision, DecisionGrant

    amount = db.session.scalar(sa.select(DecisionGrant.amount).join(Decision).where(
        DecisionGrant.offer_id == offer.id, Decision.competition_id == offer.competition_id))
    return amount if amount is not None and 0 < amount < offer.requested_grant else None


def can_enter_update(user, offer) -> bool:
    """The secretary enters an updated offer once the decision granted it less than it asked for."""
    return can_record_decision(user, offer.competition) and awarded_in_part(offer) is not None
