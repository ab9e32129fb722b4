"""The chair's adjusted amounts and the mayor's decision (zarządzenie) with its amounts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User, utcnow
from app.competitions.models import MONEY
from app.extensions import db
from app.offers.models import Offer


class GrantAdjustment(db.Model):
    """The chair's amount in place of an offer's request in the committee's opinion, with the reason."""

    __tablename__ = "grant_adjustments"
    __table_args__ = (
        UniqueConstraint("offer_id"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("length(reason) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    reason: Mapped[str] = mapped_column(Text)
    adjusted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    adjusted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    offer: Mapped[Offer] = relationship()
    adjusted_by: Mapped[User] = relationship()


class Decision(db.Model):
    """The mayor's order (zarządzenie) awarding the grants: the opinion is advice, this decides."""

    __tablename__ = "decisions"
    __table_args__ = (
        UniqueConstraint("competition_id"),
        CheckConstraint("length(number) > 0", name="number_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="RESTRICT"))
    number: Mapped[str] = mapped_column(String(60))  # e.g. "1234/26"
    decided_on: Mapped[date] = mapped_column(Date)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    grants: Mapped[list[DecisionGrant]] = relationship(back_populates="decision", cascade="all, delete-orphan",
                                                       order_by="DecisionGrant.id")
    recorded_by: Mapped[User] = relationship()


class DecisionGrant(db.Model):
    """One offer's amount in the decision, beside what the committee's opinion proposed."""

    __tablename__ = "decision_grants"
    __table_args__ = (
        UniqueConstraint("decision_id", "offer_id"),
        CheckConstraint("amount >= 0", name="amount_not_negative"),
        CheckConstraint("amount = opinion_amount OR length(note) > 0", name="difference_has_note"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decisions.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="RESTRICT"))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    opinion_amount: Mapped[Decimal] = mapped_column(MONEY)  # the committee's proposal when it was recorded
    note: Mapped[str] = mapped_column(Text, default="")

    decision: Mapped[Decision] = relationship(back_populates="grants")
    offer: Mapped[Offer] = relationship()


class OfferUpdate(db.Model):
    """Aktualizacja oferty: the budget and schedule of an offer granted less than it asked for, as entered."""

    __tablename__ = "offer_updates"
    __table_args__ = (UniqueConstraint("offer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="RESTRICT"))
    form_data: Mapped[dict] = mapped_column(JSON)  # the core's Offer in JSON, like offers.form_data
    entered_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    entered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    offer: Mapped[Offer] = relationship()
