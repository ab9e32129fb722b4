"""Database engine tuning that depends on the backend.

SQLite has one writer at a time. A request that changes data takes the write lock when its
first transaction begins (BEGIN IMMEDIATE), so that two writers never deadlock upgrading a
read lock. A view that reads a lot before it writes (saving a score card) may instead be marked
``@reads_before_writing``: it reads in an ordinary transaction and calls ``begin_writing()``
when it is ready to write, which ends the read and takes the lock for the write alone.

Between the two, another request may commit. That is what PostgreSQL's READ COMMITTED allows
within a single transaction too, so the write must guard what it rests on in SQL itself, as the
card's version check does (``UPDATE … WHERE version_id = <read>``).
"""

from collections.abc import Callable

from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy import event

from .extensions import db

SQLITE_BUSY_TIMEOUT_MS = 5000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def reads_before_writing(view: Callable) -> Callable:
    """Mark a view that calls ``begin_writing()`` before its first write (see the module's docstring)."""
    view.reads_before_writing = True
    return view


def begin_writing() -> None:
    """Start the write phase of a ``@reads_before_writing`` request (see the module's docstring).

    On SQLite the read transaction ends, keeping what was loaded, and the next one takes the write
    lock. On PostgreSQL row locks suffice and nothing happens.
    """
    if not g.get("_cal_read_phase"):
        return
    g._cal_read_phase = False
    _end_read_transaction()


def write_after_reading() -> None:
    """A GET that records what it did (a download in the audit log) ends its read transaction here;
    on SQLite the next one takes the write lock up front, as a POST's does."""
    g._cal_write_phase = True
    _end_read_transaction()


def _end_read_transaction() -> None:
    session = db.session()
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("the write phase must begin before the request's first change")
    expire, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()  # nothing is pending: this only ends the read transaction, keeping what it loaded
    finally:
        session.expire_on_commit = expire


def _starts_in_read_phase() -> None:
    view = current_app.view_functions.get(request.endpoint)
    if request.method not in SAFE_METHODS and getattr(view, "reads_before_writing", False):
        g._cal_read_phase = True


def register_sqlite_pragmas(app: Flask) -> None:
    """On SQLite: foreign keys on, WAL journal, and a busy timeout instead of instant errors."""
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when a transaction begins,
        # so that SAVEPOINT and transactional DDL work (SQLAlchemy's documented recipe).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        if ":memory:" not in app.config["SQLALCHEMY_DATABASE_URI"]:
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A request that changes data takes the write lock up front: two writers that both
        # read first would otherwise deadlock on upgrading their locks ("database is locked").
        writing = has_request_context() and (g.get("_cal_write_phase") or (
            request.method not in SAFE_METHODS and not g.get("_cal_read_phase")))
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")

    app.before_request(_starts_in_read_phase)
