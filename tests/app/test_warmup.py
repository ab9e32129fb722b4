"""The master's warm-up (app/warmup.py): what it loads, and what a forked worker gets of its own."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa
from limits.storage import MemoryStorage
from simplemma.strategies.dictionaries import LOW_MEMORY_DICTIONARY_FACTORY

from app import create_app
from app.extensions import db, limiter
from app.jobs.queue import EXTENSION_KEY, queue
from app.warmup import after_fork, warm_up
from tests.conftest import REPO


@pytest.fixture()
def fresh_app(tmp_path):
    """An app as gunicorn's master builds it: the project's rubrics, nothing loaded yet."""
    application = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'warm.sqlite3'}",
                              "JOBS_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}", "RUBRICS_DIR": REPO / "rubrics",
                              "REPOSITORY_ROOT": REPO, "EXPORTS_DIR": tmp_path / "exports"})
    yield application
    with application.app_context():
        db.engine.dispose()


def test_the_warm_up_loads_the_dictionary_rubrics_catalogues_and_templates(fresh_app, caplog):
    factory = LOW_MEMORY_DICTIONARY_FACTORY  # the one the self-check's strategy reads (low_memory=True)
    factory._get_dictionary.cache_clear()  # as in a new process: the Polish dictionary not read yet

    with caplog.at_level(logging.ERROR, logger="app.warmup"):
        seconds = warm_up(fresh_app)

    assert set(seconds) == {"lemmatiser", "self-check and a PDF", "templates"}
    assert caplog.records == []  # no step failed
    assert factory._get_dictionary.cache_info().currsize == 1  # Polish, read once for the whole process
    registry = fresh_app.extensions["cal_rubrics"]
    assert registry._files and all(f.rubric is not None for f in registry._files)
    assert "selfcheck/report.html" in _compiled(fresh_app) and "exports/protocol.html" in _compiled(fresh_app)
    translations = fresh_app.extensions["babel"].instance.domain_instance.cache
    assert {locale for locale, _domain in translations} >= {"pl", "en"}


def test_a_step_that_fails_is_logged_and_the_others_still_run(fresh_app, caplog, monkeypatch):
    import app.warmup as warmup

    def broken():
        raise RuntimeError("no dictionary today")

    monkeypatch.setattr(warmup, "_lemmatiser", broken)
    with caplog.at_level(logging.ERROR, logger="app.warmup"):
        seconds = warm_up(fresh_app)
    assert [r.getMessage() for r in caplog.records] == ["warm-up step 'lemmatiser' failed"]
    assert "selfcheck/report.html" in _compiled(fresh_app) and len(seconds) == 3


def test_after_fork_the_worker_opens_its_own_connections_and_queue(fresh_app, monkeypatch):
    # The limiter is one object for every app of the test session (and off in most): give it a storage here.
    storage = MemoryStorage()
    monkeypatch.setattr(limiter, "enabled", True)
    monkeypatch.setattr(limiter, "_storage", storage)
    with fresh_app.app_context():
        master_connection = db.engine.connect()
        master_connection.execute(sa.text("SELECT 1"))
        old_pool = db.engine.pool
        queue(fresh_app)
        assert EXTENSION_KEY in fresh_app.extensions
        storage.incr("login/127.0.0.1", 60)

    after_fork(fresh_app)

    with fresh_app.app_context():
        assert db.engine.pool is not old_pool  # the worker's pool starts empty
        assert db.session.execute(sa.text("SELECT 2")).scalar() == 2
        db.session.remove()
    assert master_connection.execute(sa.text("SELECT 3")).scalar() == 3  # the master's was not closed
    master_connection.close()
    assert EXTENSION_KEY not in fresh_app.extensions  # Huey is built again, in the worker
    assert storage.get("login/127.0.0.1") == 0  # the master's counts (none in practice) are not the worker's


def _compiled(app) -> set[str]:
    return {name for (_loader, name) in app.jinja_env.cache}
