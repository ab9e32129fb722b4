"""Who may do what with self-check drafts: named functions used by views AND templates.

Rules: the self-check itself is open to everyone, without an account; only an NGO account
keeps drafts; a draft is seen by its owner alone — never by an administrator or any
committee role, so an NGO can be sure the committee does not read its work in progress.
"""

from __future__ import annotations

from .models import SelfCheckDraft


def can_keep_drafts(user) -> bool:
    """True for a signed-in NGO account (the only accounts that save drafts)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_ngo", False))


def can_view_draft(user, draft: SelfCheckDraft) -> bool:
    """True only for the draft's owner."""
    return can_keep_drafts(user) and draft.owner_id == user.id


def can_change_draft(user, draft: SelfCheckDraft) -> bool:
    """Updating and deleting a draft: its owner only."""
    return can_view_draft(user, draft)
