"""Fixtures: the app on SQLite and on PostgreSQL, a rolled-back session per test, factories."""

from __future__ import annotations

import os
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from flask_sqlalchemy.session import Session as FlaskSession

from app import create_app
from app.config import normalise_database_url
from app.extensions import db

from .factories import *  # factory fixtures create_*

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
POSTGRES_DEFAULT = "postgresql+psycopg://127.0.0.1:5432/test"
POSTGRES_SCHEMA = "cal_test"
BACKENDS = ("sqlite", "postgresql")

os.environ.setdefault("SECRET_KEY", "test-only-secret")


def postgres_url() -> str:
    """The PostgreSQL server the tests use (TEST_DATABASE_URL overrides)."""
    return normalise_database_url(os.environ.get("TEST_DATABASE_URL", POSTGRES_DEFAULT))


def _prepare_postgres(url: str) -> str | None:
    """Recreate the test schema; return why PostgreSQL cannot be used, or None."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {POSTGRES_SCHEMA}"))
    except sa.exc.OperationalError as error:
        return str(error.orig).strip().splitlines()[0]
    finally:
        engine.dispose()
    return None


def backend_config(name: str, tmp_dir: Path) -> dict:
    """App settings that point at one test database."""
    if name == "sqlite":
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_dir / 'test.sqlite3'}"}
    return {
        "SQLALCHEMY_DATABASE_URI": postgres_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-c search_path={POSTGRES_SCHEMA}"},
        },
    }


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> str:
    """Each database test runs once on SQLite and once on PostgreSQL."""
    if request.param == "postgresql":
        reason = _prepare_postgres(postgres_url())
        if reason is not None:
            message = f"POSTGRESQL UNREACHABLE at {postgres_url()}: {reason}"
            if os.environ.get("CI") == "true":
                pytest.fail(message + " (CI=true: PostgreSQL is required)", pytrace=False)
            pytest.skip(message + " — the PostgreSQL half of the suite did NOT run")
    return request.param


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    """The application on a freshly migrated test database."""
    tmp_dir = tmp_path_factory.mktemp(f"app-{backend}")
    application = create_app({
        "TESTING": True,
        "EXPORTS_DIR": tmp_dir / "exports",
        "RUBRICS_DIR": DATA,
        **backend_config(backend, tmp_dir),
    })
    with application.app_context():
        flask_migrate.upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()


class _OneConnectionSession(FlaskSession):
    """Flask-SQLAlchemy picks the engine per model; here everything must use the test's connection."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        return self.bind


@pytest.fixture
def db_session(app):
    """One session for the whole test, inside a transaction that is rolled back afterwards.

    The session joins the outer transaction with savepoints, so code under test may
    commit. Requests run in app contexts of their own, as in production; at the end of
    each, Flask-SQLAlchemy closes the session, which discards what was not committed —
    so factories commit what they create.
    """
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    db.session = db._make_scoped_session({
        "class_": _OneConnectionSession,
        "bind": connection,
        "join_transaction_mode": "create_savepoint",
        "scopefunc": lambda: "test",
    })
    try:
        yield db.session
    finally:
        db.session.remove()
        db.session = original
        transaction.rollback()
        connection.close()


@pytest.fixture
def rubrics_dir(app):
    """Point the app at another rubrics folder (and repository root) for one test."""
    saved = {key: app.config[key] for key in ("RUBRICS_DIR", "REPOSITORY_ROOT")}

    def _use(directory: Path, root: Path | None = None) -> None:
        app.config["RUBRICS_DIR"] = directory
        app.config["REPOSITORY_ROOT"] = root or directory
        app.extensions.pop("cal_rubrics", None)

    yield _use
    app.config.update(saved)
    app.extensions.pop("cal_rubrics", None)


@pytest.fixture
def client(app, db_session):
    """A test client whose requests see the test's session."""
    return app.test_client()
