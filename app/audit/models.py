"""The audit log table and the single-row table that holds the chain's head outside it."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

HASH_LENGTH = 64  # hex digits of SHA-256


class AuditEntry(db.Model):
    """One operation: who did what to which object, when, and the values before and after."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint("id > 0", name="positive_id"),
        CheckConstraint(f"length(prev_hash) = {HASH_LENGTH} AND length(hash) = {HASH_LENGTH}",
                        name="hash_lengths"),
        Index("ix_audit_log_object", "object_type", "object_id"),
    )

    # Not a sequence: record() numbers rows 1, 2, 3 … under the head's lock, so that the
    # number is known before the INSERT (it is part of the hash) and a gap means a deletion.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    actor_label: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64))
    object_id: Mapped[str] = mapped_column(String(64))
    competition_id: Mapped[int | None] = mapped_column(index=True)
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    hash: Mapped[str] = mapped_column(String(HASH_LENGTH))

    @property
    def old_values(self) -> object:
        """The values before the operation, decoded from JSON."""
        return None if self.old is None else json.loads(self.old)

    @property
    def new_values(self) -> object:
        """The values after the operation, decoded from JSON."""
        return None if self.new is None else json.loads(self.new)

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.object_type}:{self.object_id}>"


class AuditHead(db.Model):
    """The last row's hash and the row count, updated with every append: deleting the last row shows."""

    __tablename__ = "audit_head"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("row_count >= 0", name="row_count_not_negative"),
        CheckConstraint(f"length(head_hash) = {HASH_LENGTH}", name="head_hash_length"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    head_hash: Mapped[str] = mapped_column(String(HASH_LENGTH))
    row_count: Mapped[int] = mapped_column(Integer)

    def __repr__(self) -> str:
        return f"<AuditHead {self.row_count} rows, {self.head_hash[:16]}>"
