"""A background job: what is being built, for whom, how far it has got, and where the file is."""

from __future__ import annotations

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User, utcnow
from app.competitions.models import Competition
from app.extensions import db


class JobStatus(StrEnum):
    """queued → running → done | failed."""

    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


def new_job_id() -> str:
    """An id nobody can guess: the job's page and file are still checked against the user."""
    return secrets.token_hex(16)


class BackgroundJob(db.Model):
    """One export started by a person for one competition."""

    __tablename__ = "background_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'done', 'failed')", name="known_status"),
        CheckConstraint("done >= 0 AND total >= 0 AND done <= total", name="progress_in_range"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_job_id)
    kind: Mapped[str] = mapped_column(String(40))
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id", ondelete="CASCADE"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    locale: Mapped[str] = mapped_column(String(5), default="pl")
    status: Mapped[str] = mapped_column(String(16), default=JobStatus.QUEUED.value)
    done: Mapped[int] = mapped_column(Integer, default=0)
    total: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str | None] = mapped_column(String(255))  # the name the download gets
    stored_name: Mapped[str | None] = mapped_column(String(80))  # the file under EXPORTS_DIR/jobs
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    competition: Mapped[Competition] = relationship()
    requested_by: Mapped[User] = relationship()

    @property
    def is_finished(self) -> bool:
        """Done or failed: the page stops refreshing."""
        return self.status in (JobStatus.DONE, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        """How far the job has got, 0–100."""
        return 100 if self.status == JobStatus.DONE else (100 * self.done // self.total if self.total else 0)

    def __repr__(self) -> str:
        return f"<BackgroundJob {self.id[:8]} {self.kind} {self.status} {self.done}/{self.total}>"
