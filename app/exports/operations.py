"""Downloads of the competition's files, each written to the audit log."""

from __future__ import annotations

from app.audit import log
from app.auth.models import User
from app.competitions.models import Competition
from app.extensions import db


def record_download(actor: User, competition: Competition, *, document: str, filename: str, draft: bool) -> None:
    """Write who downloaded which file of a competition (the caller commits)."""
    log.record(db.session, actor=actor, action="export.download", object_type="competition",
               object_id=competition.id, competition_id=competition.id,
               new={"document": document, "file": filename, "draft": draft})
