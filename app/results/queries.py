"""The score rows behind the agreement page, read as plain rows (no ORM objects per score), and the adjustments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.core.committee_agreement import CommitteeAgreement, CountedCard, CriterionMax, committee_agreement
from app.core.rubric import Rubric
from app.core.scoring import (
    AggregationMethod,
    CardTotal,
    ExactSums,
    TotalsPlan,
    plan_maximum,
    plan_term,
    plan_total,
    totals_plan,
)
from app.extensions import db
from app.offers.models import Exclusion, FormalStatus, Offer
from app.reviews.models import CardStatus, Score, ScoreCard

from .models import Decision, GrantAdjustment

SCORE_ROWS = (sa.select(ScoreCard.offer_id, ScoreCard.user_id, Score.criterion_id, Score.points,
                        Score.not_applicable)
              .join(Score, Score.card_id == ScoreCard.id).join(Offer, Offer.id == ScoreCard.offer_id)
              .where(Offer.competition_id == sa.bindparam("competition_id"),
                     Offer.formal_status == FormalStatus.ADMITTED.value,
                     ScoreCard.status == CardStatus.SUBMITTED.value))

# The same rows, one per card: "A1=8.00,B1=-,…" ("-" for "nie dotyczy"). A thousand offers make 75,000
# score rows; the driver and SQLAlchemy spend most of the page's time on rows, so they get 3,000.
_ENTRY = Score.criterion_id + "=" + sa.case(
    (Score.not_applicable, "-"), else_=sa.func.coalesce(sa.cast(Score.points, sa.String), ""))
CARD_ROWS = (sa.select(ScoreCard.offer_id, ScoreCard.user_id, sa.func.aggregate_strings(_ENTRY, ","))
             .join(Score, Score.card_id == ScoreCard.id).join(Offer, Offer.id == ScoreCard.offer_id)
             .where(Offer.competition_id == sa.bindparam("competition_id"),
                    Offer.formal_status == FormalStatus.ADMITTED.value,
                    ScoreCard.status == CardStatus.SUBMITTED.value)
             .group_by(Offer.id, ScoreCard.id))  # in the order SQLite reads them (offer, card): no sort to group

# Every submitted card of the call's admitted offers, as CARD_ROWS, a card without any entry included (None): the
# ranking counts such a card (card_total gives it 0 points), and so do the missing cards. As fast as CARD_ROWS.
SUBMITTED_CARD_ROWS = (
    sa.select(ScoreCard.offer_id, ScoreCard.user_id, sa.func.aggregate_strings(_ENTRY, ","))
    .join(Offer, Offer.id == ScoreCard.offer_id).outerjoin(Score, Score.card_id == ScoreCard.id)
    .where(Offer.competition_id == sa.bindparam("competition_id"), Offer.formal_status == FormalStatus.ADMITTED.value,
           ScoreCard.status == CardStatus.SUBMITTED.value)
    .group_by(Offer.id, ScoreCard.id).order_by(Offer.id, ScoreCard.id))


# "K1=4.00" → ("K1", Decimal("4.00"), False): a call's cards repeat a few hundred distinct entries 75,000 times.
_ENTRIES: dict[str, tuple[str, Decimal | None, bool]] = {}
_ENTRIES_KEPT = 50_000


def _entry(entry: str) -> tuple[str, Decimal | None, bool]:
    criterion_id, _, value = entry.partition("=")
    parsed = (criterion_id, Decimal(value) if value not in ("-", "") else None, value == "-")
    if len(_ENTRIES) < _ENTRIES_KEPT:
        _ENTRIES[entry] = parsed
    return parsed


def read_entries(text: str) -> tuple[dict[str, Decimal | None], frozenset[str]]:
    """Points per criterion and the criteria marked "nie dotyczy", from a card's aggregated string."""
    points, marked = {}, []
    for entry in text.split(","):
        criterion_id, value, not_applicable = _ENTRIES.get(entry) or _entry(entry)
        points[criterion_id] = value
        if not_applicable:
            marked.append(criterion_id)
    return points, frozenset(marked)


class CardTotals:
    """plan_total(plan, *read_entries(text)) of many cards' strings under one plan, without looping in Python.

    Each distinct entry ("K1=4.00") is valued once (core.scoring.plan_term) and a card's total is the sum of its
    entries' values, added in C. A card holds one entry per criterion (scores are unique per card and criterion),
    so while core.scoring.ExactSums finds no sum that could round, that is plan_total's total; otherwise, and for
    a plan that names a criterion twice, each card is totalled by plan_total itself.
    """

    def __init__(self, plan: TotalsPlan) -> None:
        ids = [row[0] for row in plan.rows]
        self._plan, self._maximum, self._sums = plan, plan_maximum(plan), ExactSums()
        self._fast = len(set(ids)) == len(ids)
        self._term = _Terms(plan, self._sums).__getitem__
        self._known = _KNOWN_TOTALS.setdefault(plan, {})

    def __call__(self, text: str | None) -> CardTotal:
        """The total of one card's aggregated string (None: a card without entries)."""
        total = self._known.get(text)
        if total is None:
            total = self._total(text)
            if _KNOWN_TOTALS_COUNT[0] < _KNOWN_TOTALS_KEPT:
                self._known[text] = total
                _KNOWN_TOTALS_COUNT[0] += 1
        return total

    def _total(self, text: str | None) -> CardTotal:
        if text is None:
            return plan_total(self._plan, {}, frozenset())
        if self._fast:
            total = sum(map(self._term, text.split(",")), _ZERO)
            if self._sums.exact:  # every term of this card is in the bound by now
                return CardTotal(points=max(total, _ZERO), max_points=self._maximum)
        return plan_total(self._plan, *read_entries(text))


_ZERO = Decimal(0)

# A card's total is a function of its plan and its aggregated string alone, so it is kept by those two: every
# download of an offer's documents ranks the whole call again, from the same 3,000 strings while no card changes.
# A changed card makes a new string; what is kept is never wrong, only unused. CardTotal is immutable.
_KNOWN_TOTALS: dict[TotalsPlan, dict[str, CardTotal]] = {}
_KNOWN_TOTALS_COUNT = [0]  # strings kept, over every plan
_KNOWN_TOTALS_KEPT = 50_000


class _Terms(dict):
    """Entry → what it adds to a card's total under one plan (zero when nothing), computed on first sight."""

    def __init__(self, plan: TotalsPlan, sums: ExactSums) -> None:
        super().__init__()
        self._plan, self._sums = plan, sums

    def __missing__(self, entry: str) -> Decimal:
        criterion_id, points, not_applicable = _ENTRIES.get(entry) or _entry(entry)
        term = plan_term(self._plan, criterion_id, points, not_applicable)
        if term is None:
            term = _ZERO  # adding a zero changes no total's value
        else:
            self._sums.add(criterion_id, term)
        self[entry] = term
        return term


def adjusted_amounts(competition) -> dict[str, Decimal]:
    """The chair's amounts in place of requests, by offer number."""
    return dict(db.session.execute(sa.select(Offer.number, GrantAdjustment.amount).join(GrantAdjustment.offer)
                                   .where(Offer.competition_id == competition.id)).all())


def adjustments(competition) -> dict[str, GrantAdjustment]:
    """The chair's adjustments with their reasons, by offer number."""
    rows = db.session.execute(sa.select(Offer.number, GrantAdjustment).join(GrantAdjustment.offer)
                              .where(Offer.competition_id == competition.id)).all()
    return {number: adjustment for number, adjustment in rows}


@dataclass(frozen=True)
class AgreementData:
    """The figures and what they rest on."""

    figures: CommitteeAgreement
    offers: dict[str, Offer]  # by number: the offers whose scores the user may see
    members: dict[int, str]  # user id → display name
    hidden_offers: int  # admitted offers left out because the user may not yet see their scores


def agreement_data(competition, rubric: Rubric, viewer_id: int,
                   may_see: Callable[[Offer, bool], bool]) -> AgreementData:
    """Counted cards of the admitted offers whose scores may_see(offer, viewer's card submitted) allows (4 queries).

    Every figure is built from the visible offers only: no figure reveals a score the viewer may not see.
    """
    from app.auth.models import User

    offers = db.session.scalars(sa.select(Offer).where(
        Offer.competition_id == competition.id, Offer.formal_status == FormalStatus.ADMITTED.value)
        .order_by(Offer.number)).all()
    excluded = set(db.session.execute(sa.select(Exclusion.offer_id, Exclusion.user_id).join(Offer)
                                      .where(Offer.competition_id == competition.id)).all())
    by_offer: dict[int, list[tuple[int, str]]] = {}
    for offer_id, user_id, text in db.session.connection().execute(CARD_ROWS, {"competition_id": competition.id}):
        if (offer_id, user_id) not in excluded:
            by_offer.setdefault(offer_id, []).append((user_id, text))
    plans: dict[object, TotalsPlan] = {}
    visible, cards_by_offer = {}, {}
    for offer in offers:
        cards = by_offer.get(offer.id, [])
        if not may_see(offer, any(user_id == viewer_id for user_id, _ in cards)):
            continue
        visible[offer.number] = offer
        context = competition.context_for(offer.applicant_prior_tasks)
        plan = plans.get(context) or plans.setdefault(context, totals_plan(rubric, context))
        counted = []
        for user_id, text in sorted(cards):
            points, marked = read_entries(text)
            counted.append(CountedCard(user_id, plan_total(plan, points, marked).share, points))
        cards_by_offer[offer.number] = counted
    criteria = [CriterionMax(c.id, c.max_points) for c in rubric.criteria]
    member_ids = {c.member for cards in cards_by_offer.values() for c in cards}
    members = dict(db.session.execute(sa.select(User.id, User.display_name).where(User.id.in_(member_ids))).all())
    return AgreementData(committee_agreement(cards_by_offer, criteria, competition.disagreement_limit,
                                             AggregationMethod(competition.aggregation)),
                         visible, members, len(offers) - len(visible))


def decision_of(competition) -> Decision | None:
    """The mayor's order on the competition's results, with its amounts, if the secretary has recorded it."""
    return db.session.scalar(sa.select(Decision).where(Decision.competition_id == competition.id)
                             .options(selectinload(Decision.grants)))
