"""What the secretary and the chair type for the committee's protocol (the rest is read from the record)."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from sqlalchemy import JSON, CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.auth.models import utcnow
from app.extensions import db


class ProtocolDetails(db.Model):
    """Date, place and members present (the secretary); reasons for rejection and dissenting opinions (the chair)."""

    __tablename__ = "protocol_details"
    __table_args__ = (
        UniqueConstraint("competition_id"),
        CheckConstraint("by_circulation OR length(place) > 0", name="place_unless_by_circulation"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"))
    meeting_date: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(300), default="")
    by_circulation: Mapped[bool] = mapped_column(default=False)  # "tryb obiegowy": no meeting, no place
    present_user_ids: Mapped[list] = mapped_column(JSON, default=list)
    rejection_reasons: Mapped[str] = mapped_column(Text, default="")
    dissenting_opinions: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__: ClassVar[dict] = {"version_id_col": version_id}
