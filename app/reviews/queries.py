"""Cards of an offer for reading, and where "save and next" goes."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa
from flask import url_for
from sqlalchemy.orm import joinedload, selectinload

from app.auth.models import User
from app.competitions.queries import missing_card_count_of
from app.core.allocation import AllocationRule
from app.core.ranking import Ranking, RankingInput, rank
from app.core.rubric import Rubric
from app.core.scoring import (
    AggregationMethod,
    CardTotal,
    MemberCard,
    OfferResult,
    aggregate,
    aggregate_totals,
    card_total,
    totals_plan,
)
from app.extensions import db
from app.offers.models import Exclusion, FormalStatus, Offer

from .models import CardStatus, ScoreCard


@dataclass(frozen=True)
class CardRow:
    """A member's submitted card with its total."""

    card: ScoreCard
    total: CardTotal
    excluded: bool


@dataclass(frozen=True)
class OfferCards:
    """The submitted cards of an offer and the committee's result (mean or median of members not excluded)."""

    rows: list[CardRow]
    result: OfferResult | None


def card_with_scores(card_id: int) -> ScoreCard | None:
    """A card with its scores, corrections and author loaded in one go."""
    return db.session.scalar(sa.select(ScoreCard).where(ScoreCard.id == card_id).options(
        selectinload(ScoreCard.scores), selectinload(ScoreCard.corrections), selectinload(ScoreCard.user)))


def offer_cards(offer: Offer, rubric: Rubric) -> OfferCards:
    """Every submitted card of the offer with totals, and the aggregate (3 queries)."""
    cards = db.session.scalars(sa.select(ScoreCard).where(
        ScoreCard.offer_id == offer.id, ScoreCard.status == CardStatus.SUBMITTED.value)
        .options(selectinload(ScoreCard.scores), joinedload(ScoreCard.user)).order_by(ScoreCard.id)).all()
    excluded = set(db.session.scalars(sa.select(Exclusion.user_id).where(Exclusion.offer_id == offer.id)))
    return _offer_cards(offer.competition, offer, cards, excluded, rubric)


def _offer_cards(competition, offer, cards, excluded_user_ids: set[int], rubric: Rubric) -> OfferCards:
    """Totals of an offer's submitted cards and the aggregate of those not excluded (`offer` an Offer, or a row
    with its applicant_prior_tasks)."""
    from .operations import entries_of

    context = competition.context_for(offer.applicant_prior_tasks)
    rows = [CardRow(c, card_total(rubric, entries_of(c), context), c.user_id in excluded_user_ids) for c in cards]
    method = AggregationMethod(competition.aggregation)
    return OfferCards(rows, aggregate([MemberCard(r.total, r.excluded) for r in rows], method))


def next_offer_url(offer: Offer, user: User) -> str:
    """The next admitted offer (by number) the member still has to score, else their list."""
    done = sa.select(ScoreCard.offer_id).where(ScoreCard.user_id == user.id,
                                               ScoreCard.status == CardStatus.SUBMITTED.value)
    excluded = sa.select(Exclusion.offer_id).where(Exclusion.user_id == user.id)
    candidates = sa.select(Offer).where(
        Offer.competition_id == offer.competition_id, Offer.formal_status == FormalStatus.ADMITTED.value,
        Offer.id != offer.id, Offer.id.not_in(done), Offer.id.not_in(excluded)).order_by(Offer.number)
    following = db.session.scalar(candidates.where(Offer.number > offer.number).limit(1)) \
        or db.session.scalar(candidates.limit(1))
    if following is None:
        return url_for("competitions.my_work", competition_id=offer.competition_id)
    return url_for("reviews.score", competition_id=offer.competition_id, offer_id=following.id)


@dataclass(frozen=True)
class CallResults:
    """The admitted offers, each one's submitted cards with totals, and the ranking built from them."""

    offers: list[Offer]  # admitted, by number
    summaries: dict[int, OfferCards]  # by offer id
    ranking: Ranking  # the formally rejected offers listed last, unranked
    rejected: tuple[Offer, ...] = ()


def competition_results(competition, rubric: Rubric, adjustments: dict[str, Decimal] | None = None, *,
                        cards_for: Collection[int] | None = None) -> CallResults:
    """The cards of every admitted offer and the ranking by the call's allocation rule: preliminary while cards
    are missing; the formally rejected offers listed last.

    The one source of the ranking for the page and the documents. Who may see which row is
    permissions.can_see_offer_results; core.ranking.view_of hides the rest. `adjustments` (offer number →
    amount) replaces the chair's stored ones, to try a change before making it. With `cards_for` (offer ids),
    only those offers' cards are read as objects and ``summaries``, ``offers`` and ``rejected`` hold those offers
    alone: the others are read as the few columns the ranking needs and totalled from one aggregated row per
    card, the same totals (a test compares them) without 75,000 objects for 1,000 offers.
    """
    from app.results.queries import adjusted_amounts

    ranked = Offer.competition_id == competition.id, Offer.formal_status.in_(
        (FormalStatus.ADMITTED.value, FormalStatus.REJECTED.value))
    if cards_for is None:
        offers = db.session.scalars(sa.select(Offer).where(*ranked).order_by(Offer.number)).all()
    else:  # rows with the Offer attributes the ranking reads
        offers = db.session.execute(sa.select(Offer.id, Offer.number, Offer.formal_status, Offer.requested_grant,
                                              Offer.applicant_prior_tasks).where(*ranked)
                                    .order_by(Offer.number)).all()
    rejected = [o for o in offers if o.formal_status == FormalStatus.REJECTED.value]
    offers = [o for o in offers if o.formal_status == FormalStatus.ADMITTED.value]
    query = (sa.select(ScoreCard).join(Offer).where(Offer.competition_id == competition.id,
                                                     ScoreCard.status == CardStatus.SUBMITTED.value)
             .options(selectinload(ScoreCard.scores), joinedload(ScoreCard.user)).order_by(ScoreCard.id))
    if cards_for is not None:
        query = query.where(ScoreCard.offer_id.in_(cards_for))
    cards = db.session.scalars(query).all() if cards_for is None or cards_for else []
    excluded: dict[int, set[int]] = {}
    for offer_id, user_id in db.session.execute(
            sa.select(Exclusion.offer_id, Exclusion.user_id).join(Offer).where(Offer.competition_id == competition.id)):
        excluded.setdefault(offer_id, set()).add(user_id)
    by_offer: dict[int, list[ScoreCard]] = {}
    for card in cards:
        by_offer.setdefault(card.offer_id, []).append(card)
    totals = None if cards_for is None else _card_totals(competition, rubric, offers)
    method = AggregationMethod(competition.aggregation)
    items, summaries = [], {}
    for offer in offers:
        offer_id = offer.id
        if totals is None or offer_id in cards_for:
            summary = summaries[offer_id] = _offer_cards(competition, offer, by_offer.get(offer_id, []),
                                                         excluded.get(offer_id, set()), rubric)
            counted = [r.total for r in summary.rows if not r.excluded]
            result = summary.result
        else:
            out = excluded.get(offer_id, ())
            counted = [total for user_id, total in totals.get(offer_id, ()) if user_id not in out]
            result = aggregate_totals(counted, method)
        shares = tuple(t.share for t in counted if t.share is not None)
        items.append(RankingInput(offer.number, result, offer.requested_grant, shares))
    missing = missing_card_count_of(competition)
    ranking = rank(items + [RankingInput(o.number, None, o.requested_grant, rejected_formally=True) for o in rejected],
                   competition.threshold, competition.budget,
                   rule=AllocationRule(competition.allocation_rule), min_partial_share=competition.min_partial_share,
                   disagreement=competition.disagreement_limit,
                   adjustments=adjusted_amounts(competition) if adjustments is None else adjustments,
                   missing_cards=missing, scoring_closed=competition.scoring_is_closed)
    if cards_for is not None:  # the objects of the offers asked for (already in the session in a download)
        offers = [db.session.get(Offer, o.id) for o in offers if o.id in cards_for]
        rejected = [db.session.get(Offer, o.id) for o in rejected if o.id in cards_for]
    return CallResults(list(offers), summaries, ranking, tuple(rejected))


def _card_totals(competition, rubric: Rubric, offers: list[Offer]) -> dict[int, list[tuple[int, CardTotal]]]:
    """Every submitted card's total by offer id, as (member id, total) in the order of the cards' ids."""
    from app.results.queries import CARD_ROWS, CardTotals

    by_prior: dict[bool | None, CardTotals] = {}  # the offer's context differs by this fact alone
    total_of: dict[int, CardTotals] = {}
    for offer in offers:
        prior = offer.applicant_prior_tasks
        if prior not in by_prior:
            by_prior[prior] = CardTotals(totals_plan(rubric, competition.context_for(prior)))
        total_of[offer.id] = by_prior[prior]
    totals: dict[int, list[tuple[int, CardTotal]]] = {}
    for offer_id, user_id, text in db.session.connection().execute(
            CARD_ROWS.order_by(Offer.id, ScoreCard.id), {"competition_id": competition.id}):
        totals.setdefault(offer_id, []).append((user_id, total_of[offer_id](text)))
    return totals


def competition_ranking(competition, rubric: Rubric, adjustments: dict[str, Decimal] | None = None) -> Ranking:
    """The ranking of the offers from the submitted cards (see competition_results)."""
    return competition_results(competition, rubric, adjustments).ranking
