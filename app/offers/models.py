"""Offers as the committee sees them, and who must not assess which offer."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User, utcnow
from app.competitions.models import MONEY, Competition, _in
from app.extensions import db


class FormalStatus(StrEnum):
    """Outcome of the formal check; only admitted offers reach the committee's members."""

    PENDING = "pending"
    ADMITTED = "admitted"
    REJECTED = "rejected"
    TO_SUPPLEMENT = "to_supplement"


class ExclusionKind(StrEnum):
    """Why a member does not assess an offer."""

    CONFLICT = "conflict"  # declared by the member (KPA art. 24)
    SECRETARY = "secretary"  # decided by the secretary, with a reason


class Offer(db.Model):
    """An offer in a competition; the form's content is kept as the core's Offer in JSON."""

    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("competition_id", "number"),
        CheckConstraint(_in("formal_status", FormalStatus), name="known_formal_status"),
        CheckConstraint("requested_grant >= 0", name="grant_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="RESTRICT"), index=True)
    number: Mapped[str] = mapped_column(String(40))  # the registry number the office gives the offer
    applicant_name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(500))
    requested_grant: Mapped[Decimal] = mapped_column(MONEY)
    applicant_prior_tasks: Mapped[bool | None] = mapped_column()
    formal_status: Mapped[str] = mapped_column(String(20), default=FormalStatus.PENDING.value)
    form_data: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    competition: Mapped[Competition] = relationship()
    exclusions: Mapped[list[Exclusion]] = relationship(back_populates="offer", cascade="all, delete-orphan")
    # Read-only: comments are added as ExpertComment rows. Lets the scoring page read them with the offer.
    comments: Mapped[list[ExpertComment]] = relationship(
        viewonly=True, order_by="[ExpertComment.created_at, ExpertComment.id]")

    __mapper_args__: ClassVar[dict] = {"version_id_col": version_id}

    @property
    def is_admitted(self) -> bool:
        """True once the formal check admitted the offer."""
        return self.formal_status == FormalStatus.ADMITTED

    def __repr__(self) -> str:
        return f"<Offer {self.number}>"


class Exclusion(db.Model):
    """A member excluded from one offer: a declared conflict of interest or the secretary's decision."""

    __tablename__ = "exclusions"
    __table_args__ = (
        UniqueConstraint("offer_id", "user_id"),
        CheckConstraint(_in("kind", ExclusionKind), name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(40))  # from the configurable list, for conflicts
    reason: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    offer: Mapped[Offer] = relationship(back_populates="exclusions")
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class WithdrawalStatus(StrEnum):
    """A request to withdraw a declared conflict waits for the secretary's decision."""

    PENDING = "pending"
    ACCEPTED = "accepted"
    REFUSED = "refused"


class ConflictWithdrawal(db.Model):
    """A member's request to withdraw a conflict declared by mistake, and the secretary's decision.

    It keeps a copy of the declaration, because accepting the request deletes the exclusion.
    """

    __tablename__ = "conflict_withdrawals"
    __table_args__ = (
        CheckConstraint(_in("status", WithdrawalStatus), name="known_status"),
        CheckConstraint("status = 'pending' OR decided_by_id IS NOT NULL", name="decision_has_author"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    category: Mapped[str | None] = mapped_column(String(40))  # of the declaration being withdrawn
    explanation: Mapped[str] = mapped_column(Text, default="")  # of the declaration being withdrawn
    reason: Mapped[str] = mapped_column(Text)  # why the member asks to withdraw it
    status: Mapped[str] = mapped_column(String(20), default=WithdrawalStatus.PENDING.value)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    offer: Mapped[Offer] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class ExpertComment(db.Model):
    """An advisory expert's comment on an offer (experts never score)."""

    __tablename__ = "expert_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()


class FormalCheck(db.Model):
    """The formal check of an offer: the checklist's answers and the outcome, as last recorded."""

    __tablename__ = "formal_checks"
    __table_args__ = (
        UniqueConstraint("offer_id"),
        CheckConstraint("outcome IN ('admitted', 'rejected', 'to_supplement')", name="known_outcome"),
        CheckConstraint("outcome != 'to_supplement' OR supplement_by IS NOT NULL", name="supplement_has_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    answers: Mapped[dict] = mapped_column(JSON, default=dict)  # item id → "tak" | "nie" | "nie_dotyczy"
    outcome: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    supplement_by: Mapped[date | None] = mapped_column(Date)
    checked_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    checked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    checked_by: Mapped[User] = relationship()
