"""What a draft is checked against: an open call (its rubric and terms) or a published rubric."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.competitions.models import Competition, CompetitionStatus
from app.core.offer import Offer
from app.core.offer_checks import CallTerms
from app.core.rubric import AssessmentContext, CallMode, Rubric
from app.extensions import db
from app.rubrics.elements import ElementCoverage
from app.rubrics.registry import call_rubric, registry

OPEN_STATUSES = (CompetitionStatus.ANNOUNCED.value, CompetitionStatus.MERIT.value)
PUBLISHED = "published"


@dataclass(frozen=True)
class Target:
    """A rubric with its Model coverage, and the call when a call was chosen."""

    rubric: Rubric
    coverage: ElementCoverage | None
    competition: Competition | None = None

    @property
    def key(self) -> str:
        """How the start page's choice names it: "konkurs:5" or "kryteria:<id>:<version>"."""
        if self.competition is not None:
            return f"konkurs:{self.competition.id}"
        return f"kryteria:{self.rubric.id}:{self.rubric.version}"

    @property
    def terms(self) -> CallTerms | None:
        """The call's terms for the budget checks; None without a call (arithmetic only)."""
        return None if self.competition is None else self.competition.call_terms

    def context(self, offer: Offer | None) -> AssessmentContext:
        """Which criteria apply: the call's mode (co-funding without a call) and the applicant's record."""
        prior = offer.applicant_prior_tasks if offer is not None else None
        if self.competition is not None:
            return self.competition.context_for(prior)
        return AssessmentContext(CallMode.SUPPORT, prior)


def open_calls() -> list[Competition]:
    """Calls a draft can be checked against: announced or in merit assessment, with a sound rubric."""
    calls = db.session.scalars(sa.select(Competition).where(Competition.status.in_(OPEN_STATUSES))
                               .order_by(Competition.reference)).all()
    return [c for c in calls if _call_rubric(c) is not None]


def published_rubrics() -> list[Rubric]:
    """The published rubrics of the installation."""
    return [r for r in registry().rubrics() if r.status == PUBLISHED]


def chosen(key: str | None) -> Target | None:
    """The target the start page's choice names, if it is open for a self-check."""
    kind, _, rest = (key or "").partition(":")
    if kind == "konkurs" and rest.isdigit():
        competition = db.session.get(Competition, int(rest))
        if competition is None or competition.status not in OPEN_STATUSES:
            return None
        return for_call(competition)
    if kind == "kryteria":
        rubric_id, _, version = rest.partition(":")
        rubric = registry().get(rubric_id, version)
        return Target(rubric, _coverage(rubric)) if rubric is not None and rubric.status == PUBLISHED else None
    return None


def sent_back(rubric_id: str, version: str, competition_id: int | None) -> Target | None:
    """The target of a draft sent back by the report's forms or kept in an account (any status of the call)."""
    if competition_id is not None:
        competition = db.session.get(Competition, competition_id)
        if competition is not None and (competition.rubric_id, competition.rubric_version) == (rubric_id, version):
            return for_call(competition)
    rubric = registry().get(rubric_id, version)
    return Target(rubric, _coverage(rubric)) if rubric is not None else None


def for_call(competition: Competition) -> Target | None:
    """A call's target, unless its rubric is missing or changed since the call was announced."""
    rubric = _call_rubric(competition)
    return None if rubric is None else Target(rubric, _coverage(rubric), competition)


def _call_rubric(competition: Competition) -> Rubric | None:
    rubric = call_rubric(competition)
    if rubric is None or (competition.rubric_hash and rubric.content_hash != competition.rubric_hash):
        return None
    return rubric


def _coverage(rubric: Rubric) -> ElementCoverage | None:
    found = registry().file(rubric.id, rubric.version)
    return found.coverage if found is not None else None
