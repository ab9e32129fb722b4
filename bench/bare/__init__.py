"""Bare baselines: the same work as the app's hot paths at its barest, on the same stack.

Tiny Flask apps served by gunicorn with the project's gunicorn.conf.py, on the same database as the
app's benchmark (``DATABASE_URL``), with SQLAlchemy Core and psycopg or sqlite3 and nothing else: no
sessions, sign-in, CSRF, forms, translations or audit log. ``bench_committee`` measures them
interleaved with the app, so that the ratio app ÷ bare holds however fast this shared machine is.
"""

from __future__ import annotations

import os

import sqlalchemy as sa

CRITERIA = 25


def engine() -> sa.Engine:
    """The benchmark's database, as the app would open it (SQLite: WAL, busy timeout, write lock up front)."""
    url = os.environ["DATABASE_URL"]
    if not url.startswith("sqlite"):
        return sa.create_engine(url)
    database = sa.create_engine(url)

    @sa.event.listens_for(database, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # SQLAlchemy, not sqlite3, begins transactions
        dbapi_connection.execute("PRAGMA busy_timeout = 5000")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @sa.event.listens_for(database, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # every bare transaction writes

    return database


metadata = sa.MetaData()
# The app's table, declared here so that the baseline loads nothing of the app.
scores = sa.Table(
    "scores", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("card_id", sa.Integer),
    sa.Column("criterion_id", sa.String(20)),
    sa.Column("points", sa.Numeric(7, 2)),
    sa.Column("max_points", sa.Numeric(7, 2)),
    sa.Column("not_applicable", sa.Boolean),
    sa.Column("justification", sa.Text),
)


def score_ids(card_id: int) -> list[int]:
    """The primary keys of a seeded card's 25 scores (the seed writes them card after card)."""
    return list(range((card_id - 1) * CRITERIA + 1, card_id * CRITERIA + 1))
