"""Who may start which export, and who may see a job and download its file."""

from __future__ import annotations

from app.competitions.models import Competition

from .kinds import KINDS, JobKind
from .models import BackgroundJob


def startable_kinds(user, competition: Competition) -> list[JobKind]:
    """The kinds of export the user may start for the competition."""
    return [kind for kind in KINDS.values() if kind.may_start(user, competition)]


def can_start_job(user, competition: Competition, kind_name: str) -> bool:
    """The kind exists and the user may start it for this competition."""
    kind = KINDS.get(kind_name)
    return kind is not None and kind.may_start(user, competition)


def can_see_job(user, job: BackgroundJob) -> bool:
    """Only the person who started it, and only while they still may start that kind."""
    return (user.is_authenticated and job.requested_by_id == user.id
            and can_start_job(user, job.competition, job.kind))
