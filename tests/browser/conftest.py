"""A live server and headless Chromium (Debian's) driven by Playwright, with axe-core."""

from __future__ import annotations

import os
import shutil
import threading
from contextlib import contextmanager

import flask_migrate
import pytest
from werkzeug.serving import make_server

from app import create_app
from tests.conftest import REPO, missing

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    """Debian's chromium (the tests never download a browser of their own)."""
    return os.environ.get("CHROMIUM") or shutil.which("chromium")


def _second_call(demo) -> None:
    """A call still open for entering offers (the demo's is already in merit assessment)."""

    import sqlalchemy as sa

    from app.auth.models import User
    from app.competitions import operations
    from app.competitions.models import CompetitionStatus, Role
    from app.core.offer_checks import OwnShareBase, OwnShareRows
    from app.extensions import db

    secretary = db.session.scalar(sa.select(User).where(User.email == "sekretarz@example.org"))
    call = operations.create_competition(secretary, reference="WPS-CAL/2028", title="Konkurs testowy (dane fikcyjne)",
                                         rubric_id=demo.rubric_id, rubric_version=demo.rubric_version,
                                         budget=demo.budget, min_own_share=demo.min_own_share,
                                         own_share_base=OwnShareBase.GRANT, own_share_rows=OwnShareRows.FINANCIAL)
    operations.add_member(secretary, call, secretary, Role.SECRETARY)
    operations.advance_status(secretary, call, CompetitionStatus.ANNOUNCED)
    db.session.commit()


def demo_app(database: dict):
    """The app with the real rubrics on a freshly migrated database holding the demo and a second call."""
    app = create_app({"TESTING": True, "RUBRICS_DIR": REPO / "rubrics", "RATELIMIT_ENABLED": False, **database})
    with app.app_context():
        flask_migrate.upgrade()
        from app.demo import loader
        from app.extensions import db

        demo = loader.load()  # the fictional demo competition: committee pages have something to show
        db.session.commit()
        _second_call(demo)
        _calibrating_call(demo)
    return app


def _calibrating_call(demo) -> None:
    """An announced call (id 4) whose calibration round is open: czlonek1 and the chair still have to score."""
    import sqlalchemy as sa

    from app.auth.models import User
    from app.calibration.operations import start_round
    from app.competitions import operations
    from app.competitions.models import CompetitionStatus, Role
    from app.extensions import db

    people = {u.email.split("@")[0]: u for u in db.session.scalars(sa.select(User))}
    call = operations.create_competition(people["sekretarz"], reference="WPS-CAL/2029",
                                         title="Konkurs z rundą kalibracyjną (dane fikcyjne)",
                                         rubric_id=demo.rubric_id, rubric_version=demo.rubric_version,
                                         budget=demo.budget, min_own_share=demo.min_own_share)
    for key, role in (("sekretarz", Role.SECRETARY), ("przewodniczacy", Role.CHAIR), ("czlonek1", Role.MEMBER)):
        operations.add_member(people["sekretarz"], call, people[key], role)
    operations.advance_status(people["sekretarz"], call, CompetitionStatus.ANNOUNCED)
    start_round(people["sekretarz"], call, ["podworko"])
    db.session.commit()


@contextmanager
def serving(app):
    """The app served on a free port of 127.0.0.1 while the block runs."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The demo on SQLite, served for the pages' accessibility checks."""
    tmp = tmp_path_factory.mktemp("live")
    with serving(demo_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'live.sqlite3'}",
                           "JOBS_URL": f"sqlite:///{tmp / 'jobs.sqlite3'}", "EXPORTS_DIR": tmp / "exports"})) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        missing("CHROMIUM NOT FOUND (apt-get install chromium): the browser and axe tests did NOT run")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()
