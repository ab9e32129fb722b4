"""Appending to the audit log and verifying its hash chain.

Each row's hash is an HMAC-SHA256, keyed from the app's secret, over the canonical JSON of
the row (its number, time, actor, action, object, old and new values) and the previous
row's hash. Someone who can write to the database but does not know the key can neither
edit a row nor recompute the chain after an edit. The head (last hash, row count) lives in
a table of its own, so that deleting the last rows shows too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Protocol
from uuid import UUID

from flask import current_app
from sqlalchemy import ColumnElement, Lateral, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from app.core.numbers import canonical_decimal

from .models import HASH_LENGTH, AuditEntry, AuditHead

GENESIS_HASH = "0" * HASH_LENGTH
HEAD_ID = 1
KEY_LABEL = b"cal-audit-v1"
SYSTEM_ACTOR = "system"
MIN_ANCHOR_PREFIX = 16


class Actor(Protocol):
    """Who acts: a user (anything with an id and an email)."""

    id: int
    email: str


class AuditChainError(RuntimeError):
    """The log cannot be appended to without hiding tampering."""


# --- canonical serialisation ------------------------------------------------------------


def iso_utc(moment: datetime) -> str:
    """A moment as ISO 8601 in UTC with microseconds; naive values are UTC (SQLite returns them)."""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="microseconds")


def _plain(value: Any) -> Any:
    """The value as JSON-ready data whose text does not depend on the database it came from."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        raise TypeError(f"audit values must be exact, got the float {value!r}: use Decimal")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise TypeError(f"audit values must be finite, got {value!r}")
        return canonical_decimal(value)
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return _plain(value.value)
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, Mapping):
        plain = {}
        for key, item in value.items():
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise TypeError(f"audit value keys must be str or int, got {key!r}")
            if str(key) in plain:
                raise TypeError(f"audit value keys collide as text: {key!r}")
            plain[str(key)] = _plain(item)
        return plain
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    raise TypeError(f"cannot write {type(value).__name__} to the audit log: {value!r}")


def canonical_json(value: Any) -> str:
    """JSON with sorted keys, no spaces, real UTF-8, Decimal as text and times in UTC ISO."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


# --- hashing ------------------------------------------------------------------------------


def audit_key(config: Mapping[str, Any] | None = None) -> bytes:
    """The HMAC key: derived from AUDIT_KEY if configured, else from SECRET_KEY."""
    config = current_app.config if config is None else config
    secret = config.get("AUDIT_KEY") or config.get("SECRET_KEY")
    if not secret:
        raise RuntimeError("the audit log needs SECRET_KEY (or AUDIT_KEY) to be set")
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return hmac.new(secret, KEY_LABEL, hashlib.sha256).digest()


def entry_content(row: Any) -> str:
    """What a row's hash covers, as canonical JSON; ``row`` is an AuditEntry or a result row."""
    return canonical_json({
        "id": row.id,
        "at": iso_utc(row.at),
        "actor_id": row.actor_id,
        "actor_label": row.actor_label,
        "action": row.action,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "competition_id": row.competition_id,
        "old": row.old,
        "new": row.new,
        "prev_hash": row.prev_hash,
    })


def entry_hash(row: Any, key: bytes) -> str:
    """The HMAC-SHA256 of a row's content, in hex."""
    return hmac.new(key, entry_content(row).encode("utf-8"), hashlib.sha256).hexdigest()


# --- appending ----------------------------------------------------------------------------


_HEAD = AuditHead.__table__
_LOG = AuditEntry.__table__
# Built once: a statement object keeps its cache key, so the hot path does not recompute it.
_READ_HEAD = select(_HEAD.c.head_hash, _HEAD.c.row_count).where(_HEAD.c.id == HEAD_ID).with_for_update()
_MOVE_HEAD = update(_HEAD).where(_HEAD.c.id == HEAD_ID).values(head_hash=bindparam("new_hash"),
                                                                row_count=bindparam("new_count"))
_APPEND = insert(_LOG).values({column.key: bindparam(f"entry_{column.key}") for column in _LOG.columns})
# PostgreSQL: the row and the head's move in one round trip; the head takes what was inserted,
# and moves only if the new row is the next after the count it holds.
_APPENDED = _APPEND.returning(_LOG.c.id, _LOG.c.hash).cte("appended")
_APPEND_AND_MOVE_HEAD = (update(_HEAD).where(_HEAD.c.id == HEAD_ID, _APPENDED.c.id == _HEAD.c.row_count + 1)
                         .values(head_hash=_APPENDED.c.hash, row_count=_APPENDED.c.id).add_cte(_APPENDED))


def locked_head_after(row: ColumnElement) -> Lateral:
    """The head's hash and row count as a LATERAL sub-select that locks the head (FOR UPDATE) for each row that
    ``row``, a column of the statement's row source, comes with (PostgreSQL).

    A statement that writes a row, returns it (a CTE) and joins this to it gets the head back in the same round
    trip: the sub-select runs for the written row only after that row exists, so the head is locked after the
    row, in the order ``record`` takes them (the operation's rows first, the head last): it cannot deadlock with
    another operation. Joined with an outer join, a missing head row comes back as NULLs; no written row, no lock.
    Pass what comes back to ``record(head=…)``.
    """
    return (select(_HEAD.c.head_hash, _HEAD.c.row_count).where(_HEAD.c.id == HEAD_ID, row.is_not(None))
            .with_for_update().lateral("audit_head_locked"))


def _locked_head(session: Session) -> tuple[str, int]:
    """The head's hash and row count, locked until the transaction ends (FOR UPDATE; SQLite's write lock)."""
    head = session.execute(_READ_HEAD).first()
    if head is None:
        dialect = session.get_bind(mapper=AuditHead).dialect.name
        values = {"id": HEAD_ID, "head_hash": GENESIS_HASH, "row_count": 0}
        if dialect in ("postgresql", "sqlite"):
            # Two first appends at once: the second waits for the first's head row and then uses it.
            dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
            session.execute(dialect_insert(_HEAD).values(values).on_conflict_do_nothing())
        else:
            session.execute(insert(_HEAD).values(values))
        head = session.execute(_READ_HEAD).first()
    _refuse_a_reset_head(session, head.row_count)
    return head.head_hash, head.row_count


def _refuse_a_reset_head(session: Session, row_count: int) -> None:
    if row_count == 0 and session.scalar(select(func.count()).select_from(_LOG)):
        # A fresh head over existing rows would hide that the last ones were deleted.
        raise AuditChainError("audit_head is missing or reset but audit_log has rows: run `flask audit verify`")


def record(
    session: Session,
    *,
    actor: Actor | None,
    action: str,
    object_type: str,
    object_id: str | int,
    competition_id: int | None = None,
    old: Any = None,
    new: Any = None,
    head: tuple[str, int] | None = None,
) -> AuditEntry:
    """Append one entry and move the head; writes at once but does not commit (the caller's operation does).

    Plain statements rather than the ORM's unit of work: this runs on every save, under the head's lock.
    ``head`` is the head's hash and row count as the operation's own statement read and locked them in this
    transaction (``locked_head_after``); without it the head is read and locked here.
    The entry returned is not attached to the session.
    """
    session.flush()  # the operation's own changes go first, then the head is locked as briefly as possible
    if head is None:
        head_hash, row_count = _locked_head(session)
    else:
        head_hash, row_count = head
        _refuse_a_reset_head(session, row_count)
    entry = AuditEntry(
        # Rows are numbered under the head's lock, so the number is known before the INSERT.
        id=row_count + 1,
        at=datetime.now(UTC),
        actor_id=None if actor is None else actor.id,
        actor_label=SYSTEM_ACTOR if actor is None else actor.email,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        competition_id=competition_id,
        old=None if old is None else canonical_json(old),
        new=None if new is None else canonical_json(new),
        prev_hash=head_hash,
    )
    entry.hash = entry_hash(entry, audit_key())
    values = {f"entry_{column.key}": getattr(entry, column.key) for column in _LOG.columns}
    if session.get_bind(mapper=AuditHead).dialect.name == "postgresql":
        if session.execute(_APPEND_AND_MOVE_HEAD, values).rowcount != 1:
            raise AuditChainError("the audit head did not move with the appended row")
    else:
        session.execute(_APPEND, values)
        session.execute(_MOVE_HEAD, {"new_hash": entry.hash, "new_count": entry.id})
    return entry


# --- verifying ----------------------------------------------------------------------------


@dataclass
class VerifyReport:
    """What `verify` found: rows walked, the last row's hash and the problems, if any."""

    rows: int = 0
    last_hash: str = GENESIS_HASH
    findings: list[str] = field(default_factory=list)
    complete: bool = True  # False when an unreadable row stopped the walk

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.findings


def _missing(previous_id: int, next_id: int) -> str:
    first, last = previous_id + 1, next_id - 1
    rows = f"row {first}" if first == last else f"rows {first}–{last}"
    return f"{rows} missing: numbers jump from {previous_id} to {next_id} (deleted?)"


def _walk_chain(session: Session, key: bytes, report: VerifyReport, anchor_id: int | None) -> str | None:
    """Check every row's hash and link, in order; return the stored hash of row ``anchor_id``."""
    anchor_hash = None
    mismatched = 0
    previous_id = 0
    table = AuditEntry.__table__
    rows = session.execute(select(table).order_by(table.c.id).execution_options(yield_per=1000))
    try:
        for row in rows:
            if row.id > previous_id + 1:
                report.findings.append(_missing(previous_id, row.id))
            if row.prev_hash != report.last_hash:
                report.findings.append(
                    f"row {row.id}: previous-hash link broken (a row before it deleted or reordered)")
            if not hmac.compare_digest(entry_hash(row, key), str(row.hash)):
                mismatched += 1
                report.findings.append(f"row {row.id}: hash does not match its content (edited?)")
            previous_id, report.last_hash = row.id, str(row.hash)
            if row.id == anchor_id:
                anchor_hash = report.last_hash
            report.rows += 1
    except (ValueError, TypeError) as error:
        report.findings.append(f"row after {previous_id}: cannot be read ({error}) (edited?); "
                               "the rows after it and the head were not checked")
        report.complete = False
    finally:
        rows.close()
    if report.rows > 1 and mismatched == report.rows:
        report.findings.insert(0, "every row fails its hash: the chain was rewritten, "
                                  "or the audit key (AUDIT_KEY / SECRET_KEY) has changed")
    return anchor_hash


def verify(session: Session, *, anchor: tuple[int, str] | None = None) -> VerifyReport:
    """Walk the chain, recompute every hash, compare with the head (and an anchor kept elsewhere)."""
    # FOR SHARE: appends wait until we are done, so the head and the rows we read agree.
    head = session.get(AuditHead, HEAD_ID, with_for_update={"read": True}, populate_existing=True)
    report = VerifyReport()
    anchor_hash = _walk_chain(session, audit_key(), report, None if anchor is None else anchor[0])
    if not report.complete:
        return report
    if head is None:
        if report.rows:
            report.findings.append(f"head: missing, {report.rows} rows found (head deleted?)")
    else:
        if head.row_count != report.rows:
            hint = "rows deleted?" if head.row_count > report.rows else "rows added bypassing record()?"
            report.findings.append(f"head: {head.row_count} rows recorded, {report.rows} found ({hint})")
        if head.head_hash != report.last_hash:
            report.findings.append(f"head: hash {head.head_hash[:16]}… differs from the last row's "
                                   f"{report.last_hash[:16]}… (last row deleted or edited?)")
    if anchor is not None:
        number, prefix = anchor
        if anchor_hash is None:
            report.findings.append(f"anchor: row {number} not found (log cut short?)")
        elif not anchor_hash.startswith(prefix.lower()):
            report.findings.append(f"anchor: row {number} has hash {anchor_hash[:16]}…, the anchor says "
                                   f"{prefix[:16]}… (chain rewritten?)")
    return report
