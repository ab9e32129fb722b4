"""Exports that run in the background: start one, watch its progress, download the file."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, send_file, url_for
from flask_babel import get_locale
from flask_login import current_user, login_required

from app.competitions.views import competition_or_404
from app.extensions import db

from . import operations, permissions
from .forms import StartJobForm
from .kinds import KINDS
from .models import BackgroundJob, JobStatus

bp = Blueprint("jobs", __name__, url_prefix="/konkursy")
RECENT_JOBS = 20
REFRESH_SECONDS = 2


def _job_or_404(competition_id: int, job_id: str) -> BackgroundJob:
    job = db.session.get(BackgroundJob, job_id)
    if job is None or job.competition_id != competition_id:
        abort(404)
    competition_or_404(competition_id)
    if not permissions.can_see_job(current_user, job):
        abort(403)
    return job


@bp.get("/<int:competition_id>/eksporty")
@login_required
def index(competition_id: int):
    """The exports the user may start, and the ones they started."""
    competition = competition_or_404(competition_id)
    kinds = permissions.startable_kinds(current_user, competition)
    if not kinds:
        abort(403)
    jobs = db.session.scalars(sa.select(BackgroundJob).where(
        BackgroundJob.competition_id == competition.id, BackgroundJob.requested_by_id == current_user.id,
    ).order_by(BackgroundJob.created_at.desc()).limit(RECENT_JOBS)).all()
    return render_template("jobs/index.html", competition=competition, kinds=kinds, jobs=jobs, kind_names=KINDS,
                           form=StartJobForm())


@bp.post("/<int:competition_id>/eksporty/nowy")
@login_required
def start(competition_id: int):
    """Start an export; its page shows the progress."""
    competition = competition_or_404(competition_id)
    if not permissions.startable_kinds(current_user, competition):
        abort(403)
    form = StartJobForm()
    if not form.validate_on_submit():
        abort(400)
    if not permissions.can_start_job(current_user, competition, form.kind.data):
        abort(403)
    job = operations.start_job(current_user, competition, form.kind.data, str(get_locale()))
    return redirect(url_for(".show", competition_id=competition.id, job_id=job.id))


@bp.get("/<int:competition_id>/eksporty/<job_id>")
@login_required
def show(competition_id: int, job_id: str):
    """The job's progress; the page refreshes itself (no JavaScript needed) until the job ends."""
    job = _job_or_404(competition_id, job_id)
    return render_template("jobs/show.html", competition=job.competition, job=job, kind=KINDS[job.kind],
                           refresh=None if job.is_finished else REFRESH_SECONDS)


@bp.get("/<int:competition_id>/eksporty/<job_id>/plik")
@login_required
def download(competition_id: int, job_id: str):
    """The finished file, through this route only (the folder is not served)."""
    job = _job_or_404(competition_id, job_id)
    if job.status != JobStatus.DONE or not job.stored_name:
        return redirect(url_for(".show", competition_id=competition_id, job_id=job.id))
    path = operations.jobs_folder() / job.stored_name
    if not path.is_file():
        abort(410)
    operations.record_download(current_user, job)
    response = send_file(path, as_attachment=True, download_name=job.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.app_context_processor
def _job_helpers():
    return {"startable_exports": permissions.startable_kinds}
