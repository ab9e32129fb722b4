"""Starting a job (validate → record → audit log → enqueue) and running it in the worker."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import update

from app.audit import log
from app.auth.models import User, utcnow
from app.competitions.models import Competition
from app.competitions.operations import OperationRefused
from app.extensions import db

from .kinds import KINDS
from .models import BackgroundJob, JobStatus
from .queue import enqueue

logger = logging.getLogger(__name__)
MAX_ERROR_CHARS = 2000


def jobs_folder() -> Path:
    """Where finished files wait for their download: private, never under static/."""
    folder = Path(current_app.config["EXPORTS_DIR"]) / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def start_job(actor: User, competition: Competition, kind_name: str, locale: str) -> BackgroundJob:
    """Record a job for the competition and put it on the queue."""
    kind = KINDS.get(kind_name)
    if kind is None:
        raise OperationRefused("job_unknown")
    if not kind.may_start(actor, competition):
        raise OperationRefused("job_not_allowed")
    job = BackgroundJob(kind=kind.name, competition_id=competition.id, requested_by_id=actor.id, locale=locale)
    db.session.add(job)
    db.session.flush()
    log.record(db.session, actor=actor, action="job.start", object_type="job", object_id=job.id,
               competition_id=competition.id, new={"kind": kind.name})
    db.session.commit()
    enqueue(job.id)
    return job


def record_download(actor: User, job: BackgroundJob) -> None:
    """A finished job's file was downloaded: who and which."""
    log.record(db.session, actor=actor, action="job.download", object_type="job", object_id=job.id,
               competition_id=job.competition_id, new={"kind": job.kind, "filename": job.filename})
    db.session.commit()


def _progress(job_id: str):
    def report(done: int, total: int) -> None:
        db.session.execute(update(BackgroundJob).where(BackgroundJob.id == job_id).values(done=done, total=total))
        db.session.commit()
    return report


def run_job(job_id: str) -> None:
    """Build the job's file (in the worker); a failure is recorded on the job, never swallowed."""
    job = db.session.get(BackgroundJob, job_id)
    if job is None or job.status != JobStatus.QUEUED:
        return  # already run (a retried message) or deleted with its competition
    job.status, job.started_at = JobStatus.RUNNING.value, utcnow()
    db.session.commit()
    kind = KINDS[job.kind]
    stored_name = f"{job.id}.{kind.extension}"
    target = jobs_folder() / stored_name
    partial = target.with_suffix(".part")
    try:
        with current_app.test_request_context(), force_locale(job.locale):
            kind.build(job, partial, _progress(job.id))
        os.replace(partial, target)
    except Exception as error:  # the person who started it must see that it failed, and why
        logger.exception("background job %s (%s) failed", job.id, job.kind)
        db.session.rollback()
        partial.unlink(missing_ok=True)
        job = db.session.get(BackgroundJob, job_id)
        job.status, job.finished_at = JobStatus.FAILED.value, utcnow()
        job.error = f"{type(error).__name__}: {error}"[:MAX_ERROR_CHARS]
        db.session.commit()
        return
    db.session.refresh(job)
    job.status, job.finished_at, job.stored_name = JobStatus.DONE.value, utcnow(), stored_name
    job.filename = kind.download_name(job.competition)
    db.session.commit()
