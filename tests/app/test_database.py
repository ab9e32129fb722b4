"""The test databases: migrations applied, per-test rollback, constraints enforced."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app.auth.models import User
from app.extensions import db


def test_migrations_match_the_models(app, db_session):
    context = MigrationContext.configure(db_session.connection())
    assert compare_metadata(context, db.metadata) == []


def test_a_committed_row_is_rolled_back_after_the_test_part_one(db_session, create_user):
    create_user(email="rollback@example.org")
    db_session.commit()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_a_committed_row_is_rolled_back_after_the_test_part_two(db_session):
    assert db_session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_email_must_be_unique(db_session, create_user):
    create_user(email="ta-sama@example.org")
    with pytest.raises(sa.exc.IntegrityError):
        create_user(email="ta-sama@example.org")


def test_email_must_be_lower_case_in_the_database(db_session, create_user):
    with pytest.raises(sa.exc.IntegrityError):
        create_user(email="Wielka@Example.org")


def test_the_migrations_make_the_audit_log_append_only_on_postgresql(db_session):
    if db_session.get_bind().dialect.name != "postgresql":
        pytest.skip("the append-only guard is a PostgreSQL trigger; SQLite relies on `flask audit verify`")
    triggers = db_session.scalars(sa.text(
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal")).all()
    assert len(triggers) >= 2
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db_session.begin_nested():
        db_session.execute(sa.text("DELETE FROM audit_log"))
