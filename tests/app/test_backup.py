"""`flask backup` makes a consistent SQLite copy; restored into an empty database, `flask audit verify` passes."""

import sqlite3
from decimal import Decimal

import flask_migrate

from app import create_app
from app.auth.operations import create_user
from app.competitions.operations import create_competition
from app.extensions import db
from tests.conftest import DATA


def _app(path, **config):
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "RUBRICS_DIR": DATA,
                       "REPOSITORY_ROOT": DATA.parent.parent, **config})


def test_a_backup_restored_into_an_empty_database_verifies(tmp_path):
    live = _app(tmp_path / "live.sqlite3", AUDIT_KEY="klucz-dziennika-do-kopii")
    with live.app_context():
        flask_migrate.upgrade()
        admin = create_user("admin@example.org", "Administrator", "bardzo-dlugie-haslo", is_admin=True)
        create_competition(admin, reference="WPS-CAL/2040", title="Konkurs do kopii", rubric_id="mini",
                           rubric_version="1.0", budget=Decimal("1000.00"))
        db.session.commit()
        db.session.remove()
    backup_file = tmp_path / "kopie" / "cal.sqlite3"
    result = live.test_cli_runner().invoke(args=["backup", "--output", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert "CAL_AUDIT_KEY" in result.output and oct(backup_file.stat().st_mode)[-3:] == "600"
    again = live.test_cli_runner().invoke(args=["backup", "--output", str(backup_file)])
    assert again.exit_code == 1 and "exists" in again.output

    # Restore: an empty database file receives the copy through the same backup API.
    restored_file = tmp_path / "restored.sqlite3"
    with sqlite3.connect(backup_file) as source, sqlite3.connect(restored_file) as empty:
        assert empty.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
        source.backup(empty)
    restored = _app(restored_file, AUDIT_KEY="klucz-dziennika-do-kopii")
    verified = restored.test_cli_runner().invoke(args=["audit", "verify"])
    assert verified.exit_code == 0 and verified.output.startswith("OK: 2 rows"), verified.output
    with restored.app_context():
        assert db.session.execute(db.text("SELECT reference FROM competitions")).scalar() == "WPS-CAL/2040"
        db.engine.dispose()

    # Without the audit key the chain cannot be verified: the README says to keep it with the backup.
    without_key = _app(restored_file, AUDIT_KEY=None, SECRET_KEY="inny-klucz")
    failed = without_key.test_cli_runner().invoke(args=["audit", "verify"])
    assert failed.exit_code == 1 and "audit key" in failed.output
    for application in (live, without_key):
        with application.app_context():
            db.engine.dispose()


def test_backup_refuses_a_database_that_is_not_sqlite():
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://127.0.0.1:1/none"})
    result = app.test_cli_runner().invoke(args=["backup"])
    assert result.exit_code == 1 and "pg_dump" in result.output


def test_the_audit_key_comes_from_cal_audit_key(monkeypatch, tmp_path):
    from app.config import from_environment

    monkeypatch.setenv("CAL_AUDIT_KEY", "z-zmiennej")
    assert from_environment(tmp_path)["AUDIT_KEY"] == "z-zmiennej"
