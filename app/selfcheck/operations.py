"""State changes of the self-check: NGO accounts and their drafts, each written to the audit log.

The audit entries name the draft and its rubric, never its title or text: the log is read by
administrators, and an NGO's work in progress is not theirs to read.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app

from app.audit import log
from app.auth.models import User, utcnow
from app.auth.operations import create_user
from app.extensions import db

from .models import SelfCheckDraft
from .payload import Sealed, draft_to_dict
from .permissions import can_change_draft
from .reports import scores_to_dict

DEFAULT_RETENTION_DAYS = 180
RODO_NOTICE_VERSION = "2026-1"


class DraftRefused(Exception):
    """The draft cannot be changed by this user."""


def register_ngo(email: str, password: str) -> User:
    """An NGO account: never an administrator, never on a committee; it keeps self-check drafts."""
    user = create_user(email, email.strip().lower(), password)
    user.is_ngo = True
    log.record(db.session, actor=user, action="user.register_ngo", object_type="user", object_id=user.id,
               new={"is_ngo": True, "rodo_notice": RODO_NOTICE_VERSION})
    return user


def save_draft(owner: User, sealed: Sealed, scores: dict, title: str) -> SelfCheckDraft:
    """Keep a draft in the owner's account: a new one, or the one it was opened from."""
    content = {"draft": draft_to_dict(sealed.draft), "scores": scores_to_dict(scores)}
    values = {"rubric_id": sealed.rubric_id, "rubric_version": sealed.rubric_version,
              "competition_id": sealed.competition_id}
    title = title.strip()[:300] or sealed.draft.filename or "–"
    draft = db.session.get(SelfCheckDraft, sealed.draft_id) if sealed.draft_id is not None else None
    if draft is not None:
        if not can_change_draft(owner, draft):
            raise DraftRefused("not the owner")
        old = {"rubric": f"{draft.rubric_id}@{draft.rubric_version}", "competition_id": draft.competition_id}
        for key, value in values.items():
            setattr(draft, key, value)
        draft.title, draft.content, draft.updated_at = title, content, utcnow()
        db.session.flush()
        action = "selfcheck_draft.update"
    else:
        draft = SelfCheckDraft(owner_id=owner.id, title=title, content=content, **values)
        db.session.add(draft)
        db.session.flush()
        old, action = None, "selfcheck_draft.create"
    log.record(db.session, actor=owner, action=action, object_type="selfcheck_draft", object_id=draft.id, old=old,
               new={"rubric": f"{draft.rubric_id}@{draft.rubric_version}", "competition_id": draft.competition_id})
    return draft


def delete_draft(owner: User, draft: SelfCheckDraft) -> None:
    """The owner deletes a draft."""
    if not can_change_draft(owner, draft):
        raise DraftRefused("not the owner")
    log.record(db.session, actor=owner, action="selfcheck_draft.delete", object_type="selfcheck_draft",
               object_id=draft.id, old={"rubric": f"{draft.rubric_id}@{draft.rubric_version}"})
    db.session.delete(draft)
    db.session.flush()


def retention_days() -> int:
    """The retention period the RODO notice states (CAL_DRAFT_RETENTION_DAYS, 180 unless set)."""
    return int(current_app.config.get("LEGAL_DRAFT_RETENTION_DAYS", DEFAULT_RETENTION_DAYS))


def retention_cutoff(days: int, now: datetime | None = None) -> datetime:
    """Drafts not changed since this moment are past the retention period."""
    return (now or datetime.now(UTC)) - timedelta(days=days)


def purge_drafts(days: int, now: datetime | None = None) -> int:
    """Delete every draft not changed for ``days`` days; one audit entry per draft, by the system."""
    cutoff = retention_cutoff(days, now)
    expired = db.session.scalars(sa.select(SelfCheckDraft).where(SelfCheckDraft.updated_at < cutoff)
                                 .order_by(SelfCheckDraft.id)).all()
    for draft in expired:
        log.record(db.session, actor=None, action="selfcheck_draft.purge", object_type="selfcheck_draft",
                   object_id=draft.id, old={"owner_id": draft.owner_id, "updated_at": draft.updated_at},
                   new={"retention_days": days})
        db.session.delete(draft)
    db.session.flush()
    return len(expired)


def delete_account(owner: User) -> int:
    """The NGO deletes its account: every draft goes, and the account is emptied of personal data.

    The row itself stays, anonymised and inactive, because the audit log refers to it.
    """
    drafts = db.session.scalars(sa.select(SelfCheckDraft).where(SelfCheckDraft.owner_id == owner.id)).all()
    for draft in drafts:
        db.session.delete(draft)
    log.record(db.session, actor=owner, action="user.delete_account", object_type="user", object_id=owner.id,
               old={"drafts": len(drafts)})
    owner.email = f"usuniete-konto-{owner.id}@invalid"
    owner.display_name = "—"
    owner.password_hash = None
    owner.is_active = False
    db.session.flush()
    return len(drafts)
