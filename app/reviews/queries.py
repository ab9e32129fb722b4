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
    TotalsPlan,
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
    alone; the ranking is then made from the few columns it needs (see _call_ranking), the same ranking (a test
    compares them) without 75,000 objects for 1,000 offers.
    """
    if cards_for is not None:
        return _offers_results(competition, rubric, adjustments, cards_for)
    offers = db.session.scalars(sa.select(Offer).where(*_ranked(competition)).order_by(Offer.number)).all()
    rejected = tuple(o for o in offers if o.formal_status == FormalStatus.REJECTED.value)
    offers = [o for o in offers if o.formal_status == FormalStatus.ADMITTED.value]
    cards = db.session.scalars(_submitted_cards(competition)).all()
    excluded: dict[int, set[int]] = {}
    for offer_id, user_id in _exclusions(competition):
        excluded.setdefault(offer_id, set()).add(user_id)
    by_offer: dict[int, list[ScoreCard]] = {}
    for card in cards:
        by_offer.setdefault(card.offer_id, []).append(card)
    items, summaries = [], {}
    for offer in offers:
        summary = summaries[offer.id] = _offer_cards(competition, offer, by_offer.get(offer.id, []),
                                                     excluded.get(offer.id, set()), rubric)
        shares = tuple(r.total.share for r in summary.rows if not r.excluded and r.total.share is not None)
        items.append(RankingInput(offer.number, summary.result, offer.requested_grant, shares))
    ranking = _rank(competition, items, [(o.number, o.requested_grant) for o in rejected],
                    _stored_adjustments(competition) if adjustments is None else adjustments,
                    missing_card_count_of(competition))
    return CallResults(offers, summaries, ranking, rejected)


def _ranked(competition) -> tuple:
    """The conditions of the offers the ranking lists: admitted, and formally rejected (listed last)."""
    return Offer.competition_id == competition.id, Offer.formal_status.in_(
        (FormalStatus.ADMITTED.value, FormalStatus.REJECTED.value))


def _submitted_cards(competition):
    """The call's submitted cards with their scores and authors, as objects, in the order of their ids."""
    return (sa.select(ScoreCard).join(Offer).where(Offer.competition_id == competition.id,
                                                    ScoreCard.status == CardStatus.SUBMITTED.value)
            .options(selectinload(ScoreCard.scores), joinedload(ScoreCard.user)).order_by(ScoreCard.id))


def _exclusions(competition) -> list[tuple[int, int]]:
    """(offer id, member id) of every exclusion in the call, in that order."""
    return [tuple(row) for row in db.session.execute(
        sa.select(Exclusion.offer_id, Exclusion.user_id).join(Offer).where(Offer.competition_id == competition.id)
        .order_by(Exclusion.offer_id, Exclusion.user_id))]


def _stored_adjustments(competition) -> dict[str, Decimal]:
    from app.results.queries import adjusted_amounts

    return adjusted_amounts(competition)


def _rank(competition, items: list[RankingInput], rejected: list[tuple[str, Decimal]],
          adjustments: dict[str, Decimal], missing: int) -> Ranking:
    """core.ranking.rank by the call's settings; `rejected` as (number, requested grant)."""
    listed_last = [RankingInput(number, None, requested, rejected_formally=True) for number, requested in rejected]
    return rank(items + listed_last, competition.threshold, competition.budget,
                rule=AllocationRule(competition.allocation_rule), min_partial_share=competition.min_partial_share,
                disagreement=competition.disagreement_limit, adjustments=adjustments,
                missing_cards=missing, scoring_closed=competition.scoring_is_closed)


def _offers_results(competition, rubric: Rubric, adjustments: dict[str, Decimal] | None,
                    cards_for: Collection[int]) -> CallResults:
    """competition_results(cards_for=…): those offers' cards as objects, and the ranking from plain rows.

    The ranking is made from the call's facts alone (_call_facts, _call_ranking), and they are read on every
    call: they are the key of the last rankings made, so a download of another offer's documents while nothing
    changed reuses the ranking instead of making it again, and a change anywhere makes a new key.
    """
    facts = _call_facts(competition, rubric, adjustments)
    ranking = _RANKINGS.get(facts)
    if ranking is None:
        ranking = _call_ranking(facts)
        if len(_RANKINGS) >= _RANKINGS_KEPT:
            _RANKINGS.pop(next(iter(_RANKINGS), None), None)  # the oldest (another thread may have taken it)
        _RANKINGS[facts] = ranking
    asked = [(offer_id, status) for offer_id, _number, status, _requested, _prior in facts.offers
             if offer_id in cards_for]
    objects = {offer_id: db.session.get(Offer, offer_id) for offer_id, _status in asked}  # in the session already
    admitted = [objects[offer_id] for offer_id, status in asked if status == FormalStatus.ADMITTED.value]
    summaries = {}
    if admitted:
        by_offer: dict[int, list[ScoreCard]] = {}
        for card in db.session.scalars(_submitted_cards(competition).where(
                ScoreCard.offer_id.in_([o.id for o in admitted]))):
            by_offer.setdefault(card.offer_id, []).append(card)
        for offer in admitted:
            summaries[offer.id] = _offer_cards(competition, offer, by_offer.get(offer.id, []), {
                user_id for offer_id, user_id in facts.exclusions if offer_id == offer.id}, rubric)
    return CallResults(admitted, summaries, ranking,
                       tuple(objects[offer_id] for offer_id, status in asked if status == FormalStatus.REJECTED.value))


@dataclass(frozen=True)
class _CallFacts:
    """Everything a call's ranking is made from, each number as its exact text (1.0 and 1.00 are shown apart)."""

    plans: tuple[tuple[bool | None, TotalsPlan], ...]  # by the offer's applicant_prior_tasks
    aggregation: str
    threshold: str
    budget: str
    allocation_rule: str
    min_partial_share: str
    disagreement_limit: str
    scoring_closed: bool
    missing_cards: int
    adjustments: tuple[tuple[str, str], ...]  # (offer number, amount)
    offers: tuple[tuple[int, str, str, str, bool | None], ...]  # (id, number, status, requested, prior), by number
    cards: tuple[tuple[int, int, str | None], ...]  # (offer id, member id, aggregated string) by offer, card
    exclusions: tuple[tuple[int, int], ...]  # (offer id, member id)


# The last rankings made, by their facts: a ranking is immutable, and made from its facts alone.
_RANKINGS: dict[_CallFacts, Ranking] = {}
_RANKINGS_KEPT = 4


def _call_facts(competition, rubric: Rubric, adjustments: dict[str, Decimal] | None) -> _CallFacts:
    """The call's facts, read afresh: the ranked offers' columns, every submitted card of the admitted ones as one
    aggregated string, the exclusions, the amounts in place of requests, the settings, the missing cards (5 queries).
    """
    from app.competitions.queries import missing_card_count_from
    from app.results.queries import SUBMITTED_CARD_ROWS

    offers = tuple((o.id, o.number, o.formal_status, str(o.requested_grant), o.applicant_prior_tasks)
                   for o in db.session.execute(sa.select(
                       Offer.id, Offer.number, Offer.formal_status, Offer.requested_grant,
                       Offer.applicant_prior_tasks).where(*_ranked(competition)).order_by(Offer.number)))
    priors = {prior for *_offer, prior in offers}
    plans = tuple((prior, totals_plan(rubric, competition.context_for(prior)))
                  for prior in sorted(priors, key=lambda prior: (prior is not None, prior)))
    cards = tuple(map(tuple, db.session.connection().execute(SUBMITTED_CARD_ROWS, {"competition_id": competition.id})))
    exclusions = tuple(_exclusions(competition))
    admitted = {o[0] for o in offers if o[2] == FormalStatus.ADMITTED.value}
    done = [(offer_id, user_id) for offer_id, user_id, _text in cards]
    done += [(offer_id, user_id) for offer_id, user_id in exclusions if offer_id in admitted]
    amounts = _stored_adjustments(competition) if adjustments is None else adjustments
    return _CallFacts(
        plans, competition.aggregation, str(competition.threshold), str(competition.budget),
        competition.allocation_rule, str(competition.min_partial_share), str(competition.disagreement_limit),
        competition.scoring_is_closed, missing_card_count_from(competition, len(admitted), done),
        tuple(sorted((number, str(amount)) for number, amount in amounts.items())), offers, cards, exclusions)


def _card_totals_of(facts: _CallFacts) -> dict[int, list[tuple[int, CardTotal]]]:
    """Every submitted card's total by offer id, as (member id, total) in the order of the cards' ids, from the
    aggregated strings (results.queries.CardTotals)."""
    from app.results.queries import CardTotals

    total_of = {prior: CardTotals(plan) for prior, plan in facts.plans}
    prior_of = {offer_id: prior for offer_id, _number, _status, _requested, prior in facts.offers}
    totals: dict[int, list[tuple[int, CardTotal]]] = {}
    for offer_id, user_id, text in facts.cards:
        totals.setdefault(offer_id, []).append((user_id, total_of[prior_of[offer_id]](text)))
    return totals


def _call_ranking(facts: _CallFacts) -> Ranking:
    """The ranking of competition_results, made from the facts alone: each admitted offer's result from its
    submitted cards' totals, the members excluded from it left out."""
    method = AggregationMethod(facts.aggregation)
    totals = _card_totals_of(facts)
    excluded = set(facts.exclusions)
    items, rejected = [], []
    for offer_id, number, status, requested, _prior in facts.offers:
        if status == FormalStatus.REJECTED.value:
            rejected.append(RankingInput(number, None, Decimal(requested), rejected_formally=True))
            continue
        counted = [total for user_id, total in totals.get(offer_id, ()) if (offer_id, user_id) not in excluded]
        items.append(RankingInput(number, aggregate_totals(counted, method), Decimal(requested),
                                  tuple(t.share for t in counted if t.share is not None)))
    return rank(items + rejected, Decimal(facts.threshold), Decimal(facts.budget),
                rule=AllocationRule(facts.allocation_rule), min_partial_share=Decimal(facts.min_partial_share),
                disagreement=Decimal(facts.disagreement_limit),
                adjustments={number: Decimal(amount) for number, amount in facts.adjustments},
                missing_cards=facts.missing_cards, scoring_closed=facts.scoring_closed)


def competition_ranking(competition, rubric: Rubric, adjustments: dict[str, Decimal] | None = None) -> Ranking:
    """The ranking of the offers from the submitted cards (see competition_results)."""
    return competition_results(competition, rubric, adjustments).ranking
