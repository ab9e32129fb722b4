"""The audit log: appends, hash chain and head, tamper detection, the PostgreSQL guard, `flask audit verify`."""

import hashlib
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from app.audit import pg_guard
from app.audit.cli import audit_cli
from app.audit.log import (
    GENESIS_HASH,
    AuditChainError,
    canonical_json,
    entry_content,
    entry_hash,
    record,
    verify,
)
from app.audit.models import AuditEntry, AuditHead
from app.auth.models import User


def is_postgres(session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


@pytest.fixture(autouse=True)
def audit_tables(app, db_session):
    """The audit tables (and on PostgreSQL the guard) inside the test's transaction, so they vanish after it."""
    connection = db_session.get_bind()
    for table in (AuditEntry.__table__, AuditHead.__table__):
        table.create(bind=connection, checkfirst=True)
    if is_postgres(db_session):
        for statement in pg_guard.install_sql():
            connection.execute(sa.text(statement))  # as Alembic's op.execute() runs it
    with app.app_context():
        yield


@pytest.fixture
def three_entries(db_session, create_user):
    """A committed log of three entries by a user and by the system."""
    official = create_user(email="urzednik@wroclaw.pl")
    entries = [
        record(db_session, actor=official, action="competition.create", object_type="competition", object_id=7,
               competition_id=7, new={"name": "CAL 2026", "budget": Decimal("1234567.50")}),
        record(db_session, actor=None, action="offer.create", object_type="offer", object_id="12",
               competition_id=7, new={"amount": Decimal("45000.00"), "deadline": date(2026, 3, 12)}),
        record(db_session, actor=official, action="card.submit", object_type="score_card", object_id=3,
               competition_id=7, old={"status": "draft"}, new={"status": "submitted"}),
    ]
    db_session.commit()
    return entries


def tamper(session, sql: str, **params) -> None:
    """Change the log behind the application's back; on PostgreSQL the guard must be switched off first."""
    if is_postgres(session):
        session.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
    session.execute(sa.text(sql), params)


def run_cli(app, *args):
    return app.test_cli_runner().invoke(audit_cli, args=["verify", *args])


def test_a_chain_of_records_verifies(db_session, three_entries):
    first, second, third = three_entries
    assert [entry.id for entry in three_entries] == [1, 2, 3]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert (first.actor_label, second.actor_label, second.actor_id) == ("urzednik@wroclaw.pl", "system", None)
    assert second.new == '{"amount":"45000","deadline":"2026-03-12"}'
    assert third.old_values == {"status": "draft"}
    head = db_session.get(AuditHead, 1)
    assert (head.row_count, head.head_hash) == (3, third.hash)
    report = verify(db_session)
    assert report.findings == []
    assert report.ok and report.rows == 3 and report.last_hash == third.hash


def test_an_empty_log_without_a_head_is_sound(db_session):
    report = verify(db_session)
    assert report.ok and report.rows == 0


def test_the_entry_lands_with_the_operation_or_not_at_all(db_session, three_entries):
    with db_session.begin_nested() as operation:
        record(db_session, actor=None, action="offer.withdraw", object_type="offer", object_id=12)
        operation.rollback()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 3
    assert db_session.get(AuditHead, 1, populate_existing=True).row_count == 3
    assert verify(db_session).ok
    assert record(db_session, actor=None, action="offer.withdraw", object_type="offer", object_id=12).id == 4


def test_values_are_serialised_canonically():
    warsaw = timezone(timedelta(hours=1))
    value = {"b": [Decimal("10.50"), date(2026, 3, 12)], "a": "Zażółć", 5: None,
             "at": datetime(2026, 3, 12, 13, 0, tzinfo=warsaw)}
    assert canonical_json(value) == (
        '{"5":null,"a":"Zażółć","at":"2026-03-12T12:00:00.000000+00:00","b":["10.5","2026-03-12"]}')
    with pytest.raises(TypeError, match="float"):
        canonical_json({"points": 4.5})


def test_an_edited_row_is_detected(db_session, three_entries):
    tamper(db_session, """UPDATE audit_log SET new = '{"amount":"99000","deadline":"2026-03-12"}' WHERE id = 2""")
    assert verify(db_session).findings == ["row 2: hash does not match its content (edited?)"]


def test_an_edited_time_is_detected(db_session, three_entries):
    tamper(db_session, "UPDATE audit_log SET at = :at WHERE id = 1", at=datetime(2026, 1, 1, tzinfo=UTC))
    assert verify(db_session).findings == ["row 1: hash does not match its content (edited?)"]
    if not is_postgres(db_session):  # SQLite stores whatever text it is given
        tamper(db_session, "UPDATE audit_log SET at = 'yesterday' WHERE id = 2")
        findings = verify(db_session).findings
        assert len(findings) == 2 and findings[1].startswith("row after 1: cannot be read (")
        assert findings[1].endswith("(edited?); the rows after it and the head were not checked")


def test_a_deleted_middle_row_is_detected(db_session, three_entries):
    tamper(db_session, "DELETE FROM audit_log WHERE id = 2")
    assert verify(db_session).findings == [
        "row 2 missing: numbers jump from 1 to 3 (deleted?)",
        "row 3: previous-hash link broken (a row before it deleted or reordered)",
        "head: 3 rows recorded, 2 found (rows deleted?)",
    ]


def test_a_deleted_last_row_is_detected(db_session, three_entries):
    tamper(db_session, "DELETE FROM audit_log WHERE id = 3")
    findings = verify(db_session).findings
    assert findings[0] == "head: 3 rows recorded, 2 found (rows deleted?)"
    assert findings[1].startswith("head: hash") and "(last row deleted or edited?)" in findings[1]
    assert len(findings) == 2


def test_a_deleted_last_row_stays_visible_after_later_appends(db_session, three_entries):
    tamper(db_session, "DELETE FROM audit_log WHERE id = 3")
    record(db_session, actor=None, action="offer.create", object_type="offer", object_id=13)
    assert verify(db_session).findings == [
        "row 3 missing: numbers jump from 2 to 4 (deleted?)",
        "row 4: previous-hash link broken (a row before it deleted or reordered)",
        "head: 4 rows recorded, 3 found (rows deleted?)",
    ]


def _sha256(row) -> str:
    return hashlib.sha256(entry_content(row).encode()).hexdigest()


def _hmac_with_a_guessed_key(row) -> str:
    return entry_hash(row, b"guessed")


@pytest.mark.parametrize("forge", [_sha256, _hmac_with_a_guessed_key])
def test_a_rewritten_chain_is_detected(db_session, three_entries, forge):
    rows = db_session.execute(sa.select(AuditEntry.__table__).order_by(AuditEntry.id)).all()
    previous = GENESIS_HASH
    for row in rows:
        forged = SimpleNamespace(**row._asdict())
        forged.prev_hash = previous
        if row.id == 3:
            forged.new = '{"status":"rejected"}'
        previous = forge(forged)
        tamper(db_session, "UPDATE audit_log SET new = :new, prev_hash = :prev, hash = :hash WHERE id = :id",
               new=forged.new, prev=forged.prev_hash, hash=previous, id=row.id)
    tamper(db_session, "UPDATE audit_head SET head_hash = :hash", hash=previous)
    assert verify(db_session).findings == [
        "every row fails its hash: the chain was rewritten, or the audit key (AUDIT_KEY / SECRET_KEY) has changed",
        "row 1: hash does not match its content (edited?)",
        "row 2: hash does not match its content (edited?)",
        "row 3: hash does not match its content (edited?)",
    ]


def test_the_key_can_outlive_a_new_secret_key(app, db_session, three_entries, monkeypatch):
    old_secret = app.config["SECRET_KEY"]
    monkeypatch.setitem(app.config, "SECRET_KEY", "rotated")
    assert verify(db_session).findings[0].startswith("every row fails its hash")
    monkeypatch.setitem(app.config, "AUDIT_KEY", old_secret)
    assert verify(db_session).ok


def test_an_anchor_kept_elsewhere_catches_a_cut_tail_with_a_rolled_back_head(db_session, three_entries):
    # Deleting the last row AND setting the head back to the row before it is consistent
    # inside the database; only a head written down outside it can tell.
    second, third = (entry.hash for entry in three_entries[1:])
    tamper(db_session, "DELETE FROM audit_log WHERE id = 3")
    tamper(db_session, "UPDATE audit_head SET row_count = 2, head_hash = :hash", hash=second)
    assert verify(db_session).ok
    assert verify(db_session, anchor=(3, third[:16])).findings == ["anchor: row 3 not found (log cut short?)"]
    assert verify(db_session, anchor=(2, second[:16])).ok
    assert verify(db_session, anchor=(2, third[:16])).findings[0].startswith("anchor: row 2 has hash")


def test_a_missing_head_stops_appends(db_session, three_entries):
    db_session.execute(sa.text("DELETE FROM audit_head"))
    assert verify(db_session).findings == ["head: missing, 3 rows found (head deleted?)"]
    with pytest.raises(AuditChainError, match="audit_head is missing or reset"):
        record(db_session, actor=None, action="offer.create", object_type="offer", object_id=14)


def test_a_user_in_the_log_cannot_be_deleted(db_session, three_entries):
    official = db_session.scalars(sa.select(User).filter_by(email="urzednik@wroclaw.pl")).one()
    db_session.delete(official)
    with pytest.raises(sa.exc.IntegrityError):
        db_session.commit()


@pytest.mark.postgres_only
@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET action = 'card.reopen' WHERE id = 2",
    "DELETE FROM audit_log WHERE id = 3",
    "DELETE FROM audit_log WHERE false",
    "TRUNCATE audit_log",
])
def test_postgresql_refuses_to_change_the_log(db_session, three_entries, statement):
    if not is_postgres(db_session):
        pytest.skip("the append-only guard is a PostgreSQL trigger; SQLite relies on `flask audit verify`")
    refused = f"audit_log is append-only: {statement.split()[0]} refused"
    with pytest.raises(sa.exc.DBAPIError, match=refused), db_session.begin_nested():
        db_session.execute(sa.text(statement))
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 3
    assert verify(db_session).ok


def test_cli_passes_a_sound_log(app, three_entries):
    result = run_cli(app)
    assert result.exit_code == 0, result.output
    assert result.output == f"OK: 3 rows, head {three_entries[2].hash[:16]}\n"
    assert run_cli(app, "--anchor", f"3:{three_entries[2].hash[:16]}").exit_code == 0


def test_cli_passes_an_empty_log(app):
    result = run_cli(app)
    assert result.exit_code == 0 and result.output == f"OK: 0 rows, head {GENESIS_HASH[:16]}\n"


def test_cli_fails_a_tampered_log(app, db_session, three_entries):
    tamper(db_session, "UPDATE audit_log SET actor_label = 'ktos@example.org' WHERE id = 1")
    db_session.commit()
    result = run_cli(app)
    assert result.exit_code == 1
    assert "row 1: hash does not match its content (edited?)" in result.output
    assert "FAILED verification: 1 finding(s) in 3 rows" in result.output


def test_cli_refuses_a_malformed_anchor(app):
    result = run_cli(app, "--anchor", "3:abc")
    assert result.exit_code == 2 and "expected N:HASH" in result.output


def test_a_head_reset_over_existing_rows_stops_a_card_save(db_session, three_entries, create_competition,
                                                           create_member, create_offer):
    """The save reads the head in its own statement on PostgreSQL (``locked_head_after``): a head set back to
    nothing over rows that exist is refused there as in ``record``, and the card is not written."""
    from app.core.scoring import CriterionScore
    from app.reviews import operations
    from app.reviews.models import ScoreCard
    from app.rubrics.registry import registry

    competition = create_competition()
    offer, member = create_offer(competition), create_member(competition, "member")
    db_session.commit()
    db_session.execute(sa.text("UPDATE audit_head SET row_count = 0, head_hash = :genesis"), {"genesis": "0" * 64})
    entries = {"A1": CriterionScore("A1", Decimal(5), justification="Uzasadnienie oceny kryterium A1.")}
    with pytest.raises(AuditChainError, match="audit_head is missing or reset"):
        operations.save_card(member, offer, registry().get("mini", "1.0"), entries, None, submit=False)
    db_session.rollback()
    assert db_session.scalar(sa.select(sa.func.count()).select_from(ScoreCard)) == 0
