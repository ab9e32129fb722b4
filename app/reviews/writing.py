"""Writing a card's row and its scores with prebuilt statements: a card save is the committee's hot path.

The card's row is written first: its version check (``UPDATE … WHERE version_id = <the version read>``)
locks the row, so of two saves that read the same version only the first writes anything. PostgreSQL
then takes the changed scores in the same statement (the row's write as a CTE, the scores as arrays)
and locks the audit log's head after the row, for the save's audit entry; SQLite takes the scores in a
second statement (executemany), and the audit log reads its head itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from app.audit import log
from app.core.rubric import Rubric
from app.core.scoring import CriterionScore
from app.extensions import db

from .models import CardStatus, Score, ScoreCard

if TYPE_CHECKING:
    from .operations import CardState

_SCORE = Score.__table__
_CARD = ScoreCard.__table__
_ROW_COLUMNS = ("criterion_id", "max_points", "points", "not_applicable", "justification")
_SCORE_COLUMNS = ("card_id", *_ROW_COLUMNS)


def _upsert(insert):
    """INSERT … ON CONFLICT (card, criterion) DO UPDATE: a score row is created or changed by one statement."""
    return insert.on_conflict_do_update(
        index_elements=[_SCORE.c.card_id, _SCORE.c.criterion_id],
        set_={name: insert.excluded[name] for name in ("points", "not_applicable", "justification")})


def _unnested(names: tuple[str, ...]):
    """Rows given as one array per column: the statement stays the same short, prepared text whatever their number."""
    return sa.func.unnest(*(sa.bindparam(name, type_=postgresql.ARRAY(_SCORE.c[name].type)) for name in names)) \
        .table_valued(*names).render_derived()


def _with_scores(card_write):
    """PostgreSQL: the card's row written (as a CTE, first), the scores of the card it returns, and the audit
    log's head locked after the card's row (``log.locked_head_after``). Back comes the card's id with the head's
    hash and row count (NULLs if the log has no head yet), or no row if the card's version had moved on."""
    card = card_write.cte("card")
    rows = _unnested(_ROW_COLUMNS)
    scores = sa.select(card.c.id, *rows.c).select_from(card.join(rows, sa.true()))
    written = _upsert(postgresql.insert(_SCORE).from_select(_SCORE_COLUMNS, scores)).cte("scores_written")
    head = log.locked_head_after(card.c.id)
    return (sa.select(card.c.id, head.c.head_hash, head.c.row_count).select_from(card.outerjoin(head, sa.true()))
            .add_cte(written))


# Built once: a statement object keeps its compiled form's cache key between saves.
_NEW_CARD = sa.insert(_CARD).values(
    offer_id=sa.bindparam("card_offer_id"), user_id=sa.bindparam("card_user_id"),
    rubric_id=sa.bindparam("card_rubric_id"), rubric_version=sa.bindparam("card_rubric_version"),
    rubric_hash=sa.bindparam("card_rubric_hash"), status=sa.bindparam("card_status"),
    created_at=sa.bindparam("card_updated_at"), updated_at=sa.bindparam("card_updated_at"),
    submitted_at=sa.bindparam("card_submitted_at"), version_id=1).returning(_CARD.c.id)
_NEXT_VERSION = sa.update(_CARD).where(
    _CARD.c.id == sa.bindparam("card_key"), _CARD.c.version_id == sa.bindparam("card_version"),
).values(status=sa.bindparam("card_status"), updated_at=sa.bindparam("card_updated_at"),
         submitted_at=sa.bindparam("card_submitted_at"), version_id=_CARD.c.version_id + 1).returning(_CARD.c.id)
_NEW_CARD_WITH_SCORES = _with_scores(_NEW_CARD)
_NEXT_VERSION_WITH_SCORES = _with_scores(_NEXT_VERSION)
_UPSERT_PG = _upsert(postgresql.insert(_SCORE).from_select(_SCORE_COLUMNS, sa.select(_unnested(_SCORE_COLUMNS))))
_UPSERT_SQLITE = _upsert(sqlite.insert(_SCORE))


def score_changes(rubric: Rubric, entries: Mapping[str, CriterionScore],
                  stored: Mapping[str, CriterionScore]) -> tuple[list[dict], list[str]]:
    """The score rows that differ from what is stored (without their card), and the criteria emptied."""
    upserts, removed = [], []
    for criterion in rubric.criteria:
        entry, before = entries.get(criterion.id), stored.get(criterion.id)
        if entry is None:
            if before is not None:
                removed.append(criterion.id)
            continue
        entry = CriterionScore(criterion.id, None if entry.not_applicable else entry.points, entry.not_applicable,
                               entry.justification.strip())
        if entry != before:
            upserts.append({"criterion_id": criterion.id, "max_points": criterion.max_points, "points": entry.points,
                            "not_applicable": entry.not_applicable, "justification": entry.justification})
    return upserts, removed


def _postgresql() -> bool:
    return db.session.get_bind(mapper=Score).dialect.name == "postgresql"


def write_scores(card_id: int, upserts: list[dict], removed: list[str]) -> None:
    """One upsert of the changed scores and, if needed, one delete of the emptied ones."""
    if removed:
        db.session.execute(_SCORE.delete().where(_SCORE.c.card_id == card_id, _SCORE.c.criterion_id.in_(removed)))
    if not upserts:
        return
    rows = [{"card_id": card_id, **row} for row in upserts]
    if _postgresql():
        db.session.execute(_UPSERT_PG, {name: [row[name] for row in rows] for name in _SCORE_COLUMNS})
    else:
        db.session.execute(_UPSERT_SQLITE, rows)


class Written(NamedTuple):
    """What ``write_card`` wrote: the card's id (None if nothing was written) and, if the same statement locked
    the audit log's head, its hash and row count for ``log.record(head=…)``."""

    card_id: int | None
    head: tuple[str, int] | None = None


def write_card(card: CardState | None, new_card: Mapping[str, object], at: datetime, submitted: bool,
               upserts: list[dict], removed: list[str]) -> Written:
    """Insert the card (``card`` None: with ``new_card``'s offer, user and rubric) or move it to its next version
    if it is still at the version read; then write its scores. The card's id is None if its version had moved
    on (another save came first) and nothing was written."""
    values = {"card_status": (CardStatus.SUBMITTED if submitted else CardStatus.DRAFT).value,
              "card_updated_at": at, "card_submitted_at": at if submitted else None}
    if card is None:
        statement, combined = _NEW_CARD, _NEW_CARD_WITH_SCORES
        values.update({f"card_{name}": value for name, value in new_card.items()})
    else:
        statement, combined = _NEXT_VERSION, _NEXT_VERSION_WITH_SCORES
        values.update(card_key=card.id, card_version=card.version_id)
    if upserts and not removed and _postgresql():
        arrays = {name: [row[name] for row in upserts] for name in _ROW_COLUMNS}
        row = db.session.execute(combined, {**values, **arrays}).first()
        if row is None:
            return Written(None)
        return Written(row.id, None if row.head_hash is None else (row.head_hash, row.row_count))
    card_id = db.session.execute(statement, values).scalar()
    if card_id is not None:
        write_scores(card_id, upserts, removed)
    return Written(card_id)
