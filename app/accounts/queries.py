"""What "Moje konto" shows."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.competitions.models import Competition, Membership
from app.extensions import db
from app.selfcheck.models import SelfCheckDraft


@dataclass(frozen=True)
class AccountOverview:
    """The person's roles per call, and an NGO account's drafts."""

    user: User
    roles: list[tuple[Competition, str]]
    drafts: list[SelfCheckDraft]


def my_account_overview(user: User) -> AccountOverview:
    """Roles in every call (newest first); drafts only for an NGO account."""
    roles = [(c, role) for c, role in db.session.execute(
        sa.select(Competition, Membership.role).join(Membership).where(Membership.user_id == user.id)
        .order_by(Competition.created_at.desc()))]
    drafts = list(db.session.scalars(sa.select(SelfCheckDraft).where(SelfCheckDraft.owner_id == user.id)
                                     .order_by(SelfCheckDraft.updated_at.desc()))) if user.is_ngo else []
    return AccountOverview(user, roles, drafts)
