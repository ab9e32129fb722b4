"""Fixtures: the app on SQLite and on PostgreSQL, a rolled-back session per test, factories."""

from __future__ import annotations

import os
import re
from pathlib import Path

import flask_migrate
import pytest
import sqlalchemy as sa
from flask_sqlalchemy.session import Session as FlaskSession

from app import create_app
from app.config import normalise_database_url
from app.extensions import db

from .app.documents_helpers import call  # noqa: F401  (fixture: a call with every kind of document)
from .factories import *  # factory fixtures create_*
from .factories import TEST_PASSWORD
from .mail import smtp_inbox  # noqa: F401  (fixture: a real SMTP server for one test)

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
POSTGRES_DEFAULT = "postgresql+psycopg://127.0.0.1:5432/test"
POSTGRES_SCHEMA = "cal_test"
BACKENDS = ("sqlite", "postgresql")

os.environ.setdefault("SECRET_KEY", "test-only-secret")


def postgres_url() -> str:
    """The PostgreSQL server the tests use (TEST_DATABASE_URL overrides)."""
    return normalise_database_url(os.environ.get("TEST_DATABASE_URL", POSTGRES_DEFAULT))


def prepare_postgres(url: str, schema: str = POSTGRES_SCHEMA) -> str | None:
    """Recreate a test schema; return why PostgreSQL cannot be used, or None."""
    engine = sa.create_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as error:
        return str(error.orig).strip().splitlines()[0]
    finally:
        engine.dispose()
    return None


def backend_config(name: str, tmp_dir: Path, schema: str = POSTGRES_SCHEMA) -> dict:
    """App settings that point at one test database."""
    if name == "sqlite":
        return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_dir / 'test.sqlite3'}"}
    return {
        "SQLALCHEMY_DATABASE_URI": postgres_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {
            "pool_pre_ping": True,
            "connect_args": {"options": f"-c search_path={schema}"},
        },
    }


def missing(message: str) -> None:
    """Something the suite needs is not on this machine: a loud skip locally, a failure under CI=true."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: it is required)", pytrace=False)
    pytest.skip(message)


def require_postgres(schema: str = POSTGRES_SCHEMA) -> None:
    """Recreate the schema, or report PostgreSQL missing."""
    reason = prepare_postgres(postgres_url(), schema)
    if reason is not None:
        missing(f"POSTGRESQL UNREACHABLE at {postgres_url()}: {reason} — the PostgreSQL half of the suite did NOT run")


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request, tmp_path_factory) -> str:
    """Each database test runs once on SQLite and once on PostgreSQL."""
    if request.param == "postgresql":
        require_postgres()
    return request.param


@pytest.fixture(scope="session")
def app(backend, tmp_path_factory):
    """The application on a freshly migrated test database."""
    tmp_dir = tmp_path_factory.mktemp(f"app-{backend}")
    application = create_app({
        "TESTING": True,
        "RATELIMIT_ENABLED": False,
        "EXPORTS_DIR": tmp_dir / "exports",
        "JOBS_URL": f"sqlite:///{tmp_dir / 'jobs.sqlite3'}",
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


class _RequestScopedTestSession(sa.orm.scoped_session):
    """Flask-SQLAlchemy calls remove() when each app context ends; here that only rolls back."""

    def remove(self) -> None:
        if self.registry.has():
            self.registry().rollback()


@pytest.fixture
def db_session(app):
    """One session for the whole test, inside a transaction that is rolled back afterwards.

    The session joins the outer transaction with savepoints, so code under test may
    commit. Requests run in app contexts of their own, as in production; at the end of
    each, what the request did not commit is rolled back (as closing the session would
    do), but the test's objects stay attached — so factories commit what they create.
    """
    with app.app_context():
        connection = db.engine.connect()
    transaction = connection.begin()
    original = db.session
    factory = db._make_session_factory({
        "class_": _OneConnectionSession,
        "bind": connection,
        "join_transaction_mode": "create_savepoint",
    })
    db.session = _RequestScopedTestSession(factory, scopefunc=lambda: "test")
    try:
        yield db.session
    finally:
        sa.orm.scoped_session.remove(db.session)
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


CSRF_FIELD = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token(client, url: str | None = None) -> str:
    """A CSRF token of the client's session, read from a page's form (the logout or the login form)."""
    match = None
    for page in [url] if url else ["/", "/logowanie"]:
        match = CSRF_FIELD.search(client.get(page).get_data(as_text=True))
        if match:
            break
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def login(client, user, password: str = TEST_PASSWORD):
    """Sign in through the real login form (CSRF included)."""
    response = client.post("/logowanie", data={"email": user.email, "password": password,
                                               "csrf_token": csrf_token(client, "/logowanie")})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST a form as a browser would, with the session's CSRF token."""
    return client.post(url, data={"csrf_token": csrf_token(client), **(data or {})}, **kwargs)
