"""The job queue: Huey, on an SQLite file by default (no extra server), on Redis by one setting.

The web process only enqueues; `huey_consumer app.jobs.worker.huey` runs the jobs. Both build
the Huey instance the same way from the app's JOBS_URL, so they talk to the same queue. Two tasks:
a background export (``run_job``, its state in the database) and a password reset link to mail
(``send_reset_link``: the request that asks for one does the same work for any address).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from flask import Flask, current_app

if TYPE_CHECKING:
    from huey import Huey
    from huey.api import TaskWrapper

EXTENSION_KEY = "cal_jobs"


def make_huey(url: str, name: str) -> Huey:
    """A Huey instance for ``url``: redis://… or rediss://… for Redis, sqlite:///PATH for a file."""
    from huey import RedisHuey, SqliteHuey  # loaded when a job is queued or run, not with every web process

    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteHuey(name, filename=str(path))
    raise ValueError(f"CAL_JOBS_URL must start with redis:// or sqlite:///, not {url!r}")


RESET_LINK_TASK = "send_reset_link"


class _Tasks(NamedTuple):
    huey: Huey
    run_job: TaskWrapper
    send_reset_link: TaskWrapper


def _register(app: Flask) -> _Tasks:
    huey = make_huey(app.config["JOBS_URL"], app.config["JOBS_QUEUE"])

    @huey.task(name="run_job")
    def run_job(job_id: str) -> None:
        from .operations import run_job as run

        with app.app_context():
            run(job_id)

    @huey.task(name=RESET_LINK_TASK)
    def send_reset_link(email: str, locale: str) -> None:
        from app.accounts.delivery import mail_reset_link

        with app.app_context():
            mail_reset_link(email, locale)

    tasks = app.extensions[EXTENSION_KEY] = _Tasks(huey, run_job, send_reset_link)
    return tasks


def _tasks(app: Flask | None = None) -> _Tasks:
    app = app or current_app._get_current_object()
    return app.extensions.get(EXTENSION_KEY) or _register(app)


def queue(app: Flask | None = None) -> Huey:
    """The app's Huey instance, with its tasks registered on it."""
    return _tasks(app).huey


def enqueue(job_id: str) -> None:
    """Put the job on the queue (the worker picks it up)."""
    _tasks().run_job(job_id)


def enqueue_reset_link(email: str, locale: str) -> None:
    """Ask the worker to mail a reset link to the account with this address, if there is one (in ``locale``)."""
    _tasks().send_reset_link(email, locale)
