"""Reading an NGO account's kept drafts, with what each is checked against."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from app.auth.models import User
from app.competitions.models import Competition
from app.core.rubric import Rubric
from app.extensions import db
from app.rubrics.registry import registry

from .models import SelfCheckDraft


@dataclass(frozen=True)
class KeptDraft:
    """A kept draft, the call it was checked against (if one was chosen) and the rubric."""

    draft: SelfCheckDraft
    competition: Competition | None
    rubric: Rubric | None  # None when the rubric file is no longer installed


def kept_drafts(owner: User) -> list[KeptDraft]:
    """The owner's drafts, the most recently changed first, each with its call, in one query."""
    rows = db.session.execute(
        sa.select(SelfCheckDraft, Competition)
        .outerjoin(Competition, Competition.id == SelfCheckDraft.competition_id)
        .where(SelfCheckDraft.owner_id == owner.id)
        .order_by(SelfCheckDraft.updated_at.desc(), SelfCheckDraft.id.desc())).all()
    return [KeptDraft(draft, competition, registry().get(draft.rubric_id, draft.rubric_version))
            for draft, competition in rows]
