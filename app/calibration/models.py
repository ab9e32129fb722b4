"""A calibration round, its sample offers, and the members' calibration cards and scores.

Kept in tables of their own rather than as flagged offers and score cards: every query that builds
results, rankings, agreement figures, workbooks, protocols and card archives reads `offers` and
`score_cards`, and none of them can pick up a sample offer or a calibration score by forgetting a filter.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import ClassVar

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User, utcnow
from app.competitions.models import Competition, _in
from app.extensions import db
from app.reviews.models import CardStatus

POINTS = Numeric(7, 2)
MAX_SAMPLES = 2


class SampleSource(StrEnum):
    """Where a sample offer's text came from."""

    SHIPPED = "shipped"  # one of the fictional samples that come with the application
    ENTERED = "entered"  # typed in by the secretary with the offer entry form


class CalibrationRound(db.Model):
    """One calibration round per call, started by the secretary before merit assessment."""

    __tablename__ = "calibration_rounds"
    __table_args__ = (
        UniqueConstraint("competition_id"),
        CheckConstraint("closed_at IS NOT NULL OR close_reason IS NULL", name="reason_only_when_closed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"))
    started_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    close_reason: Mapped[str | None] = mapped_column(Text)  # only when closed before every card was in

    competition: Mapped[Competition] = relationship()
    samples: Mapped[list[CalibrationSample]] = relationship(
        back_populates="round", order_by="CalibrationSample.position", cascade="all, delete-orphan")

    @property
    def is_closed(self) -> bool:
        """True once every card is in, or the secretary closed the round."""
        return self.closed_at is not None


class CalibrationSample(db.Model):
    """A fictional sample offer of a round, in the offer form's structure (the core's Offer as JSON)."""

    __tablename__ = "calibration_samples"
    __table_args__ = (
        UniqueConstraint("round_id", "position"),
        CheckConstraint(f"position >= 1 AND position <= {MAX_SAMPLES}", name="position_in_range"),
        CheckConstraint(_in("source", SampleSource), name="known_source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("calibration_rounds.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column()
    source: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(40))  # the shipped sample's key, or "entered-<n>"
    label: Mapped[str] = mapped_column(String(200))
    applicant_name: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(500))
    applicant_prior_tasks: Mapped[bool | None] = mapped_column()
    form_data: Mapped[dict] = mapped_column(JSON, default=dict)

    round: Mapped[CalibrationRound] = relationship(back_populates="samples")


class CalibrationCard(db.Model):
    """One member's calibration card for one sample offer: a draft until submitted, never counted in results."""

    __tablename__ = "calibration_cards"
    __table_args__ = (
        UniqueConstraint("sample_id", "user_id"),
        CheckConstraint(_in("status", CardStatus), name="known_status"),
        CheckConstraint("status = 'draft' OR submitted_at IS NOT NULL", name="submitted_has_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("calibration_samples.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=CardStatus.DRAFT.value)
    rubric_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version_id: Mapped[int] = mapped_column(default=1)

    sample: Mapped[CalibrationSample] = relationship()
    user: Mapped[User] = relationship()
    scores: Mapped[list[CalibrationScore]] = relationship(back_populates="card", cascade="all, delete-orphan",
                                                          order_by="CalibrationScore.id")

    # Optimistic locking as on real cards: of two saves from the same form only the first is kept.
    __mapper_args__: ClassVar[dict] = {"version_id_col": version_id}

    @property
    def is_submitted(self) -> bool:
        """True once the member submitted the card."""
        return self.status == CardStatus.SUBMITTED


class CalibrationScore(db.Model):
    """Points (or "nie dotyczy") and the justification for one criterion on a calibration card."""

    __tablename__ = "calibration_scores"
    __table_args__ = (
        UniqueConstraint("card_id", "criterion_id"),
        CheckConstraint("max_points > 0", name="max_positive"),
        CheckConstraint("points IS NULL OR (points >= 0 AND points <= max_points)", name="points_within_max"),
        CheckConstraint("NOT (not_applicable AND points IS NOT NULL)", name="not_applicable_has_no_points"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("calibration_cards.id", ondelete="CASCADE"), index=True)
    criterion_id: Mapped[str] = mapped_column(String(20))
    points: Mapped[Decimal | None] = mapped_column(POINTS)
    max_points: Mapped[Decimal] = mapped_column(POINTS)
    not_applicable: Mapped[bool] = mapped_column(default=False)
    justification: Mapped[str] = mapped_column(Text, default="")

    card: Mapped[CalibrationCard] = relationship(back_populates="scores")
