"""A member's score card for one offer, its scores and their corrections."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User, utcnow
from app.competitions.models import _in
from app.extensions import db
from app.offers.models import Offer

POINTS = Numeric(7, 2)


class CardStatus(StrEnum):
    """A card is a draft until submitted; a submitted card changes only by a correction."""

    DRAFT = "draft"
    SUBMITTED = "submitted"


class ScoreCard(db.Model):
    """Karta oceny merytorycznej: one member's assessment of one offer."""

    __tablename__ = "score_cards"
    __table_args__ = (
        UniqueConstraint("offer_id", "user_id"),
        CheckConstraint(_in("status", CardStatus), name="known_status"),
        CheckConstraint("status = 'draft' OR submitted_at IS NOT NULL", name="submitted_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="RESTRICT"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=CardStatus.DRAFT.value)
    rubric_id: Mapped[str] = mapped_column(String(60))
    rubric_version: Mapped[str] = mapped_column(String(40))
    rubric_hash: Mapped[str] = mapped_column(String(64))  # which rubric the points were given under
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version_id: Mapped[int] = mapped_column(default=1)

    offer: Mapped[Offer] = relationship()
    user: Mapped[User] = relationship()
    scores: Mapped[list[Score]] = relationship(back_populates="card", cascade="all, delete-orphan",
                                               order_by="Score.id")
    corrections: Mapped[list[CardCorrection]] = relationship(back_populates="card", order_by="CardCorrection.id")

    # Optimistic locking: an UPDATE carries "AND version_id = <the version read>", so of two
    # saves that read the same version only the first changes the row; the second is refused.
    __mapper_args__: ClassVar[dict] = {"version_id_col": version_id}

    @property
    def is_submitted(self) -> bool:
        """True once the member submitted the card."""
        return self.status == CardStatus.SUBMITTED


class Score(db.Model):
    """Points (or "nie dotyczy") and the justification for one criterion on a card."""

    __tablename__ = "scores"
    __table_args__ = (
        UniqueConstraint("card_id", "criterion_id"),
        CheckConstraint("max_points > 0", name="max_positive"),
        CheckConstraint("points IS NULL OR (points >= 0 AND points <= max_points)", name="points_within_max"),
        CheckConstraint("NOT (not_applicable AND points IS NOT NULL)", name="not_applicable_has_no_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("score_cards.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(20))
    points: Mapped[Decimal | None] = mapped_column(POINTS)
    max_points: Mapped[Decimal] = mapped_column(POINTS)
    not_applicable: Mapped[bool] = mapped_column(default=False)
    justification: Mapped[str] = mapped_column(Text, default="")

    card: Mapped[ScoreCard] = relationship(back_populates="scores")


class CardCorrection(db.Model):
    """A change to a submitted card: old → new, who, when and why."""

    __tablename__ = "card_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("score_cards.id", ondelete="RESTRICT"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(20))
    old_points: Mapped[Decimal | None] = mapped_column(POINTS)
    new_points: Mapped[Decimal | None] = mapped_column(POINTS)
    old_not_applicable: Mapped[bool] = mapped_column()
    new_not_applicable: Mapped[bool] = mapped_column()
    old_justification: Mapped[str] = mapped_column(Text)
    new_justification: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    card: Mapped[ScoreCard] = relationship(back_populates="corrections")
    user: Mapped[User] = relationship()
