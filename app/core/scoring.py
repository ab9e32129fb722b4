"""One reviewer's card: validation, totals, and aggregation across the committee."""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, getcontext
from enum import StrEnum

from .numbers import is_multiple, round_points, round_share
from .rubric import Applicability, AssessmentContext, Criterion, Rubric
from .text import words_only

# Phrases that say nothing to the applicant who will read the justification.
EMPTY_PHRASES = frozenset({
    "brak", "brak uwag", "bez uwag", "uwag brak", "nie mam uwag", "ok", "okej", "okay",
    "jw", "j w", "jak wyżej", "tak", "nie", "dobrze", "bardzo dobrze", "poprawnie",
    "zgodnie z kryteriami", "spełnia", "spełnia kryterium", "nie spełnia", "x", "n a",
    "nie dotyczy", "no comment", "no comments", "none", "fine", "good",
})
_SPACES = re.compile(r"\s+")


class CardProblemCode(StrEnum):
    """What can be wrong on a card; the UI turns a code into a sentence."""

    UNKNOWN_CRITERION = "unknown_criterion"
    MISSING = "missing"
    OUT_OF_RANGE = "out_of_range"
    OFF_STEP = "off_step"
    NOT_APPLICABLE_REFUSED = "not_applicable_refused"
    FACT_UNSETTLED = "fact_unsettled"
    JUSTIFICATION_MISSING = "justification_missing"
    JUSTIFICATION_TOO_SHORT = "justification_too_short"
    JUSTIFICATION_EMPTY_PHRASE = "justification_empty_phrase"
    JUSTIFICATION_COPIES_DESCRIPTOR = "justification_copies_descriptor"


@dataclass(frozen=True)
class CriterionScore:
    """What a reviewer entered for one criterion: points or "nie dotyczy", and why."""

    criterion_id: str
    points: Decimal | None = None
    not_applicable: bool = False
    justification: str = ""


@dataclass(frozen=True)
class CardProblem:
    """A defect of one card entry."""

    criterion_id: str
    code: CardProblemCode


class _Share:
    """CardTotal.share: computed on the first read and kept in the instance, as functools.cached_property does but
    without the lock that takes in Python 3.11 (a ranking totals 3,000 cards for a thousand offers)."""

    def __get__(self, total: CardTotal | None, owner: type | None = None):
        if total is None:
            return self
        share = None if total.max_points == 0 else round_share(total.points / total.max_points)
        total.__dict__["share"] = share  # read from the instance from now on: this descriptor has no __set__
        return share


@dataclass(frozen=True)
class CardTotal:
    """A card's total and the maximum of the criteria that apply (both weighted)."""

    points: Decimal
    max_points: Decimal

    share = _Share()  # Decimal | None: the total as a share of the applicable maximum; None when nothing applies


def validate_card(
    rubric: Rubric,
    scores: Mapping[str, CriterionScore],
    context: AssessmentContext,
    *,
    final: bool,
) -> list[CardProblem]:
    """Problems of a card; a draft (final=False) only has its entered values checked."""
    problems = [CardProblem(cid, CardProblemCode.UNKNOWN_CRITERION)
                for cid in scores if cid not in rubric.criteria_by_id]
    for criterion in rubric.criteria:
        score = scores.get(criterion.id)
        status = criterion.applicability_for(context)
        for code in _entry_problems(criterion, score, status, rubric.justification_min_chars, final):
            problems.append(CardProblem(criterion.id, code))
    return problems


def _entry_problems(criterion: Criterion, score: CriterionScore | None, status: Applicability,
                    min_chars: int, final: bool) -> list[CardProblemCode]:
    if status is Applicability.NOT_APPLICABLE:
        return []
    if status is Applicability.FACT_UNSETTLED:
        return [CardProblemCode.FACT_UNSETTLED]  # nothing is saved until the office settles the fact
    entered = score is not None and (score.points is not None or score.not_applicable)
    if not entered:
        return [CardProblemCode.MISSING] if final else []
    codes = []
    if score.not_applicable:  # only the rubric's rule, never a reviewer, makes a criterion "nie dotyczy"
        codes.append(CardProblemCode.NOT_APPLICABLE_REFUSED)
    elif not 0 <= score.points <= criterion.max_points:
        codes.append(CardProblemCode.OUT_OF_RANGE)
    elif not is_multiple(score.points, criterion.step):
        codes.append(CardProblemCode.OFF_STEP)
    if final:
        code = justification_problem(score.justification, criterion, min_chars)
        if code is not None:
            codes.append(code)
    return codes


def justification_problem(text: str, criterion: Criterion, min_chars: int) -> CardProblemCode | None:
    """Why a justification cannot be read by the applicant as a reason, or None if it can."""
    flat = _SPACES.sub(" ", text or "").strip()
    if not flat:
        return CardProblemCode.JUSTIFICATION_MISSING
    words = words_only(flat)
    if not words or words in EMPTY_PHRASES:
        return CardProblemCode.JUSTIFICATION_EMPTY_PHRASE
    if _copies_descriptor(words, criterion, min_chars):
        return CardProblemCode.JUSTIFICATION_COPIES_DESCRIPTOR
    if len(flat) < min_chars:
        return CardProblemCode.JUSTIFICATION_TOO_SHORT
    return None


def _copies_descriptor(words: str, criterion: Criterion, min_chars: int) -> bool:
    """True when what is left after removing a descriptor's text is too short to say anything."""
    return any(copied in words and len(words.replace(copied, "").strip()) < min_chars
               for copied in criterion.descriptor_words)


def card_total(rubric: Rubric, scores: Mapping[str, CriterionScore], context: AssessmentContext) -> CardTotal:
    """Weighted total of the points given and weighted maximum of the criteria that apply.

    A criterion that is "nie dotyczy" by the rubric's rule leaves both the total and the
    maximum; one whose fact is unsettled stays in the maximum (its card cannot be saved).
    """
    points = max_points = Decimal(0)
    for criterion in rubric.criteria:
        status = criterion.applicability_for(context)
        score = scores.get(criterion.id)
        if status is Applicability.NOT_APPLICABLE:
            continue
        max_points += criterion.counted_max
        if score is not None and score.points is not None and not score.not_applicable:
            points += criterion.counted_points(score.points)
    # A deduction takes points off what the card earned, never below zero.
    return CardTotal(points=max(points, Decimal(0)), max_points=max_points)


class AggregationMethod(StrEnum):
    """How the members' cards are combined into the offer's result."""

    MEAN = "mean"
    MEDIAN = "median"


@dataclass(frozen=True)
class MemberCard:
    """One member's submitted card total for an offer, or None when not submitted."""

    total: CardTotal | None
    excluded: bool = False


@dataclass(frozen=True)
class OfferResult:
    """The committee's result for one offer."""

    points: Decimal
    max_points: Decimal
    share: Decimal | None
    cards_counted: int


def aggregate(cards: Iterable[MemberCard], method: AggregationMethod = AggregationMethod.MEAN) -> OfferResult | None:
    """Combine the submitted cards of members not excluded; None when there are none.

    Points and maximum are the mean (or median) of the members' figures, rounded to
    0.01; the share is the mean (or median) of the members' shares, rounded to 0.0001.
    Where every member has the same applicable maximum, share = points / maximum.
    """
    return aggregate_totals([c.total for c in cards if not c.excluded and c.total is not None], method)


def aggregate_totals(totals: Sequence[CardTotal], method: AggregationMethod = AggregationMethod.MEAN
                     ) -> OfferResult | None:
    """aggregate of the counted cards' totals (those of the members not excluded); None when there are none."""
    if not totals:
        return None
    combine = _mean if method is AggregationMethod.MEAN else statistics.median
    shares = [t.share for t in totals if t.share is not None]
    return OfferResult(
        points=round_points(combine([t.points for t in totals])),
        max_points=round_points(combine([t.max_points for t in totals])),
        share=round_share(combine(shares)) if shares else None,
        cards_counted=len(totals),
    )


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


@dataclass(frozen=True)
class PointsSpread:
    """The aggregate (mean or median), the lowest and the highest of several members' points."""

    aggregate: Decimal
    minimum: Decimal
    maximum: Decimal


def spread_of(values: Iterable[Decimal], method: AggregationMethod = AggregationMethod.MEAN) -> PointsSpread | None:
    """Aggregate, minimum and maximum of the points given (None when nobody gave any); rounded as results are."""
    points = list(values)
    if not points:
        return None
    combine = _mean if method is AggregationMethod.MEAN else statistics.median
    return PointsSpread(round_points(combine(points)), min(points), max(points))


@dataclass(frozen=True)
class TotalsPlan:
    """The criteria that count in one assessment context, decided once: totals of many cards, fast.

    Gives the same CardTotal as card_total (a test compares them, deductions included); the agreement
    page totals thousands of cards and need not decide each criterion's applicability for each of them.
    """

    rows: tuple[tuple[str, Decimal, Decimal, Decimal, bool], ...]  # id, weight, counted max, max points, deduction


def totals_plan(rubric: Rubric, context: AssessmentContext) -> TotalsPlan:
    """The plan of card_total for one context."""
    return TotalsPlan(tuple((c.id, c.effective_weight, c.counted_max, c.max_points, c.deduction)
                            for c in rubric.criteria
                            if c.applicability_for(context) is not Applicability.NOT_APPLICABLE))


def plan_total(plan: TotalsPlan, points: Mapping[str, Decimal | None], not_applicable: frozenset[str]) -> CardTotal:
    """card_total of one card's points (criterion id → points) and the criteria it marked "nie dotyczy"."""
    total = maximum = Decimal(0)
    for criterion_id, weight, counted_max, max_points, deduction in plan.rows:
        maximum += counted_max
        value = points.get(criterion_id)
        if value is not None and criterion_id not in not_applicable:
            total += _counted(value, max_points, weight, deduction)
    return CardTotal(points=max(total, Decimal(0)), max_points=maximum)


def _counted(points: Decimal, max_points: Decimal, weight: Decimal, deduction: bool) -> Decimal:
    """Criterion.counted_points from a plan's row: weighted points, or −(max − points) × weight for a deduction."""
    return ((points - max_points) if deduction else points) * weight


def plan_maximum(plan: TotalsPlan) -> Decimal:
    """The maximum plan_total gives every card of the plan, summed as it sums it."""
    maximum = Decimal(0)
    for _criterion_id, _weight, counted_max, _max_points, _deduction in plan.rows:
        maximum += counted_max
    return maximum


def plan_term(plan: TotalsPlan, criterion_id: str, points: Decimal | None, not_applicable: bool) -> Decimal | None:
    """What one entry of a card adds to plan_total's sum, computed as it computes it; None when it adds nothing."""
    if points is None or not_applicable:
        return None
    for row_id, weight, _counted_max, max_points, deduction in plan.rows:
        if row_id == criterion_id:
            return _counted(points, max_points, weight, deduction)
    return None


class ExactSums:
    """Whether every sum of the terms seen, at most one per criterion, is exact in the current decimal context.

    While it is, a card's total does not depend on the order of its terms: summed in the order a database returns
    them, it is plan_total's, which adds them in the rubric's order. Each term not zero is a whole multiple of 10^e
    (e the smallest exponent among them), and no partial sum exceeds the sum of each criterion's largest term in
    magnitude; if that is below 10^(precision + e), every partial sum has at most `precision` digits: none rounds.
    """

    def __init__(self) -> None:
        self._largest: dict[str, Decimal] = {}  # criterion id → the largest magnitude of its terms
        self._unit: int | None = None  # the smallest exponent of a term not zero
        self.exact = True

    def add(self, criterion_id: str, term: Decimal) -> None:
        """Take one more term into account (a zero changes no sum)."""
        if not term.is_finite():
            self.exact = False
            return
        if not term:
            return
        exponent = term.as_tuple().exponent
        largest = self._largest.get(criterion_id)
        if largest is not None and abs(term) <= largest and exponent >= self._unit:
            return  # neither the bound nor the unit changes
        self._largest[criterion_id] = abs(term) if largest is None else max(largest, abs(term))
        self._unit = exponent if self._unit is None else min(self._unit, exponent)
        self.exact = self.exact and sum(_in_units(d, self._unit) for d in self._largest.values()) \
            < 10 ** getcontext().prec


def _in_units(value: Decimal, unit: int) -> int:
    """A Decimal whose exponent is at least `unit` as a whole number of 10^unit (exactly)."""
    _sign, digits, exponent = value.as_tuple()
    return int("".join(map(str, digits))) * 10 ** (exponent - unit)
