"""The job queue: Huey, on an SQLite file by default (no extra server), on Redis by one setting.

The web process only enqueues; `huey_consumer app.jobs.worker.huey` runs the jobs. Both build
the Huey instance the same way from the app's JOBS_URL, so they talk to the same queue.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

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


def _register(app: Flask) -> tuple[Huey, TaskWrapper]:
    huey = make_huey(app.config["JOBS_URL"], app.config["JOBS_QUEUE"])

    @huey.task(name="run_job")
    def run_job(job_id: str) -> None:
        from .operations import run_job as run

        with app.app_context():
            run(job_id)

    app.extensions[EXTENSION_KEY] = (huey, run_job)
    return huey, run_job


def queue(app: Flask | None = None) -> Huey:
    """The app's Huey instance, with the one task that runs a job registered on it."""
    app = app or current_app._get_current_object()
    return (app.extensions.get(EXTENSION_KEY) or _register(app))[0]


def enqueue(job_id: str) -> None:
    """Put the job on the queue (the worker picks it up)."""
    app = current_app._get_current_object()
    (app.extensions.get(EXTENSION_KEY) or _register(app))[1](job_id)
