"""The workbook's score rows, read so that a call of a thousand offers stays within its memory budget.

Two reads, neither holding the 75,000 scores of a large call at once:
- ``counted_cards``: one row per submitted card of a member not excluded from the offer, its points as one
  string ("A1=8.00,B1=-,…"), parsed card by card into the core's entries (for totals and per-criterion
  figures) and dropped;
- ``score_rows``: the Oceny sheet's rows with the justifications, fetched in chunks while the sheet is
  written (``yield_per``: a server-side cursor on PostgreSQL), never as a list.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from decimal import Decimal

import sqlalchemy as sa

from app.auth.models import User
from app.core.scoring import CriterionScore
from app.extensions import db
from app.offers.models import Exclusion, Offer
from app.reviews.models import CardStatus, Score, ScoreCard

CHUNK_ROWS = 2000
_ENTRY = Score.criterion_id + "=" + sa.case(
    (Score.not_applicable, "-"), else_=sa.func.coalesce(sa.cast(Score.points, sa.String), ""))


def _counted(competition_id: int):
    excluded = sa.select(Exclusion.id).where(Exclusion.offer_id == ScoreCard.offer_id,
                                             Exclusion.user_id == ScoreCard.user_id).exists()
    return (Offer.competition_id == competition_id, ScoreCard.status == CardStatus.SUBMITTED.value, ~excluded)


def counted_cards(competition_id: int) -> Iterator[tuple[int, dict[str, CriterionScore]]]:
    """(offer id, entries) of every counted card, one card at a time."""
    query = (sa.select(ScoreCard.offer_id, sa.func.aggregate_strings(_ENTRY, ","))
             .join(Score, Score.card_id == ScoreCard.id).join(Offer, Offer.id == ScoreCard.offer_id)
             .where(*_counted(competition_id)).group_by(ScoreCard.id, ScoreCard.offer_id).order_by(ScoreCard.id))
    values: dict[str, Decimal] = {}  # the same few point values recur: one Decimal each
    for offer_id, text in db.session.connection().execute(query):
        entries = {}
        for entry in text.split(","):
            criterion_id, _, value = entry.partition("=")
            if value == "-":
                entries[criterion_id] = CriterionScore(criterion_id, None, True)
            else:
                points = (values.get(value) or values.setdefault(value, Decimal(value))) if value else None
                entries[criterion_id] = CriterionScore(criterion_id, points)
        yield offer_id, entries


def score_rows(competition_id: int, visible: Collection[int], criterion_names: dict[str, str], local_time
               ) -> Iterator[tuple]:
    """The Oceny sheet's rows of the visible offers, fetched CHUNK_ROWS at a time."""
    query = (sa.select(ScoreCard.offer_id, Offer.number, Offer.applicant_name, User.display_name, Score.criterion_id,
                       Score.points, Score.not_applicable, Score.max_points, Score.justification,
                       ScoreCard.submitted_at)
             .join(Score, Score.card_id == ScoreCard.id).join(User, User.id == ScoreCard.user_id)
             .join(Offer, Offer.id == ScoreCard.offer_id).where(*_counted(competition_id))
             .order_by(Offer.number, User.display_name, ScoreCard.id, Score.id))
    times: dict = {}
    # On the statement, not the connection: Connection.execution_options would stream every later statement.
    result = db.session.connection().execute(query.execution_options(yield_per=CHUNK_ROWS))
    for offer_id, number, applicant, member, criterion_id, points, not_applicable, maximum, why, submitted in result:
        if offer_id not in visible:
            continue
        moment = times.get(submitted) or times.setdefault(submitted, local_time(submitted))
        yield (number, applicant, member, criterion_id, criterion_names.get(criterion_id, ""), points,
               "TAK" if not_applicable else "NIE", maximum, why, moment)
