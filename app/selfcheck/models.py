"""An NGO's saved self-check draft: private to its owner, deleted after the retention period."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from app.auth.models import utcnow
from app.extensions import db


class SelfCheckDraft(db.Model):
    """A draft offer kept in an NGO account, with the rubric (and call) it is checked against.

    ``content`` holds the draft as app.selfcheck.payload.draft_to_dict writes it, and the
    NGO's own scores; nothing here is ever shown to a committee role.
    """

    __tablename__ = "selfcheck_drafts"
    __table_args__ = (CheckConstraint("length(title) > 0", name="title_not_empty"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    rubric_id: Mapped[str] = mapped_column(String(60))
    rubric_version: Mapped[str] = mapped_column(String(40))
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competitions.id", ondelete="SET NULL"))
    content: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The retention period runs from the last change.
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<SelfCheckDraft {self.id} of user {self.owner_id}>"
