"""Card validation, totals and aggregation, with hand-computed expected values.

The mini rubric (tests/data/mini-rubric.toml) is weighted:
A1 max 10 × 2, A2 max 5 (step 0.5) × 1, B1 max 4 × 0.5 (only "wsparcie"),
B2 max 6 × 1 (only applicants with earlier tasks) — 33 weighted points in all.
"""

from decimal import Decimal as D
from pathlib import Path

import pytest

from app.core.rubric import AssessmentContext, CallMode
from app.core.scoring import (
    AggregationMethod,
    CardProblem,
    CardProblemCode,
    CardTotal,
    CriterionScore,
    MemberCard,
    aggregate,
    card_total,
    justification_problem,
    validate_card,
)
from app.rubrics.loader import load_rubric

DATA = Path(__file__).parents[1] / "data"
RUBRIC = load_rubric(DATA / "mini-rubric.toml", DATA.parent.parent).rubric
SUPPORT_INCUMBENT = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=True)
SUPPORT_NEWCOMER = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=False)
COMMISSION_NEWCOMER = AssessmentContext(CallMode.COMMISSION, applicant_prior_tasks=False)
SUPPORT_UNKNOWN = AssessmentContext(CallMode.SUPPORT, applicant_prior_tasks=None)
WHY = "Oferta opisuje trzy grupy mieszkańców osiedla i ich potrzeby z ankiety."


def card(**points) -> dict[str, CriterionScore]:
    """A card from A1="7", A2="2.5", …; the value "nd" means "nie dotyczy"."""
    return {
        cid: CriterionScore(cid, points=None if value == "nd" else D(value), not_applicable=value == "nd",
                            justification=WHY)
        for cid, value in points.items()
    }


def codes(problems: list[CardProblem]) -> list[tuple[str, str]]:
    return [(p.criterion_id, p.code.value) for p in problems]


def test_weighted_total_for_an_incumbent_in_a_support_call():
    total = card_total(RUBRIC, card(A1="7", A2="2.5", B1="3", B2="6"), SUPPORT_INCUMBENT)
    # 7×2 + 2.5×1 + 3×0.5 + 6×1 = 14 + 2.5 + 1.5 + 6 = 24 of 33
    assert total == CardTotal(points=D("24.0"), max_points=D("33.0"))
    assert total.share == D("0.7273")  # 24/33 = 0.727272…


def test_not_applicable_criteria_leave_the_total_and_the_maximum():
    total = card_total(RUBRIC, card(A1="7", A2="2.5"), COMMISSION_NEWCOMER)
    # B1 only in "wsparcie", B2 only for applicants with earlier tasks: 16.5 of 25
    assert total == CardTotal(points=D("16.5"), max_points=D("25"))
    assert total.share == D("0.6600")


def test_maximum_points_everywhere_give_a_share_of_one():
    total = card_total(RUBRIC, card(A1="10", A2="5", B1="4", B2="6"), SUPPORT_INCUMBENT)
    assert total.points == total.max_points == D(33)
    assert total.share == D("1.0000")


def test_no_reviewer_marks_a_criterion_not_applicable():
    # Only the rubric's rule does; where the office has not settled the applicant's earlier tasks
    # (art. 15 ust. 1 pkt 6), B2 cannot be scored and no card is accepted, draft or final.
    scores = card(A1="7", A2="2.5", B1="3", B2="nd")
    assert codes(validate_card(RUBRIC, scores, SUPPORT_UNKNOWN, final=False)) == [("B2", "fact_unsettled")]
    assert codes(validate_card(RUBRIC, card(A1="7"), SUPPORT_UNKNOWN, final=False)) == [("B2", "fact_unsettled")]
    assert [c.id for c in RUBRIC.unsettled_criteria(SUPPORT_UNKNOWN)] == ["B2"]
    assert RUBRIC.unsettled_criteria(SUPPORT_NEWCOMER) == RUBRIC.unsettled_criteria(SUPPORT_INCUMBENT) == ()
    assert codes(validate_card(RUBRIC, scores, SUPPORT_INCUMBENT, final=True)) == [
        ("B2", "not_applicable_refused")]
    assert codes(validate_card(RUBRIC, card(A1="nd", A2="1", B1="1"), SUPPORT_NEWCOMER, final=True)) == [
        ("A1", "not_applicable_refused")]


def test_every_member_scores_an_offer_out_of_the_same_maximum():
    # 7×2 + 2.5 + 3×0.5 + 4 = 22 of 10×2 + 5 + 4×0.5 + 6 = 33 once the office says "earlier tasks: yes";
    # no member can take B2 out of his own maximum any more.
    assert card_total(RUBRIC, card(A1="7", A2="2.5", B1="3", B2="4"), SUPPORT_INCUMBENT) == CardTotal(
        points=D("22.0"), max_points=D("33.0"))
    assert card_total(RUBRIC, card(A1="7", A2="2.5", B1="3", B2="nd"), SUPPORT_INCUMBENT).max_points == D("33.0")


def test_all_criteria_not_applicable_gives_no_share():
    assert CardTotal(points=D(0), max_points=D(0)).share is None


def test_bounds_and_step():
    problems = validate_card(RUBRIC, card(A1="11", A2="2.25", B1="-1", B2="6"), SUPPORT_INCUMBENT, final=False)
    assert codes(problems) == [("A1", "out_of_range"), ("A2", "off_step"), ("B1", "out_of_range")]


def test_fractional_step_accepts_halves():
    assert validate_card(RUBRIC, card(A1="0", A2="4.5", B1="4", B2="0"), SUPPORT_INCUMBENT, final=True) == []


def test_a_draft_may_be_incomplete_but_a_final_card_may_not():
    partial = card(A1="7")
    assert validate_card(RUBRIC, partial, SUPPORT_INCUMBENT, final=False) == []
    assert codes(validate_card(RUBRIC, partial, SUPPORT_INCUMBENT, final=True)) == [
        ("A2", "missing"), ("B1", "missing"), ("B2", "missing")]


def test_not_applicable_criteria_need_no_entry_on_a_final_card():
    assert validate_card(RUBRIC, card(A1="7", A2="2.5"), COMMISSION_NEWCOMER, final=True) == []


def test_unknown_criterion_on_a_card():
    assert codes(validate_card(RUBRIC, card(A1="7", Z9="1"), COMMISSION_NEWCOMER, final=False)) == [
        ("Z9", "unknown_criterion")]


@pytest.mark.parametrize("text, code", [
    ("", CardProblemCode.JUSTIFICATION_MISSING),
    ("   \n ", CardProblemCode.JUSTIFICATION_MISSING),
    ("Brak uwag.", CardProblemCode.JUSTIFICATION_EMPTY_PHRASE),
    ("OK", CardProblemCode.JUSTIFICATION_EMPTY_PHRASE),
    ("-", CardProblemCode.JUSTIFICATION_EMPTY_PHRASE),
    ("j.w.", CardProblemCode.JUSTIFICATION_EMPTY_PHRASE),
    ("!!! ... 123", CardProblemCode.JUSTIFICATION_EMPTY_PHRASE),
    ("Dobra diagnoza.", CardProblemCode.JUSTIFICATION_TOO_SHORT),
    ("Oferta opisuje społeczność i jej potrzeby na podstawie diagnozy.",
     CardProblemCode.JUSTIFICATION_COPIES_DESCRIPTOR),
    ("W pełni: oferta opisuje społeczność i jej potrzeby na podstawie diagnozy",
     CardProblemCode.JUSTIFICATION_COPIES_DESCRIPTOR),
    ("The offer describes the community and its needs based on a diagnosis.",
     CardProblemCode.JUSTIFICATION_COPIES_DESCRIPTOR),
    (WHY, None),
    ("Oferta opisuje społeczność i jej potrzeby na podstawie diagnozy: ankieta wśród 120 osób "
     "i spacer badawczy z radą osiedla.", None),
])
def test_justification_rules(text, code):
    assert justification_problem(text, RUBRIC.criterion("A1"), RUBRIC.justification_min_chars) == code


def test_justification_is_checked_only_on_a_final_card():
    scores = {"A1": CriterionScore("A1", points=D(5), justification="OK")}
    assert validate_card(RUBRIC, scores, COMMISSION_NEWCOMER, final=False) == []
    assert ("A1", "justification_empty_phrase") in codes(
        validate_card(RUBRIC, scores, COMMISSION_NEWCOMER, final=True))


def test_mean_of_members_not_excluded():
    cards = [
        MemberCard(CardTotal(D("24"), D("33"))),
        MemberCard(CardTotal(D("20"), D("33"))),
        MemberCard(CardTotal(D("30.5"), D("33"))),
        MemberCard(CardTotal(D("2"), D("33")), excluded=True),
        MemberCard(None),  # not submitted yet
    ]
    result = aggregate(cards)
    # (24 + 20 + 30.5) / 3 = 24.8333… → 24.83; shares 0.7273, 0.6061, 0.9242 → mean 0.752533… → 0.7525
    assert (result.points, result.max_points, result.share, result.cards_counted) == (
        D("24.83"), D("33.00"), D("0.7525"), 3)


def test_median_as_an_option():
    cards = [MemberCard(CardTotal(D(p), D("25"))) for p in ("10", "20", "21.5", "24")]
    result = aggregate(cards, AggregationMethod.MEDIAN)
    # middle two: 20 and 21.5 → 20.75; shares 0.8 and 0.86 → 0.83
    assert (result.points, result.share) == (D("20.75"), D("0.8300"))


def test_one_reviewer():
    result = aggregate([MemberCard(CardTotal(D("16.5"), D("25")))])
    assert (result.points, result.max_points, result.share, result.cards_counted) == (
        D("16.50"), D("25.00"), D("0.6600"), 1)


def test_all_excluded_gives_no_result():
    assert aggregate([MemberCard(CardTotal(D(1), D(2)), excluded=True)]) is None
    assert aggregate([]) is None


def test_all_criteria_not_applicable_on_every_card_gives_points_but_no_share():
    result = aggregate([MemberCard(CardTotal(D(0), D(0)))] * 2)
    assert (result.points, result.share) == (D("0.00"), None)


def test_spread_of_points_by_mean_and_median():
    from decimal import Decimal as Dec

    from app.core.scoring import AggregationMethod, PointsSpread, spread_of

    values = [Dec("7"), Dec("8.5"), Dec("10")]
    assert spread_of(values) == PointsSpread(Dec("8.50"), Dec("7"), Dec("10"))
    assert spread_of([Dec(1), Dec(2)]) == PointsSpread(Dec("1.50"), Dec(1), Dec(2))
    assert spread_of([Dec(1), Dec(1), Dec(2)]).aggregate == Dec("1.33")  # 4/3 rounded half up
    assert spread_of([Dec(1), Dec(1), Dec(7)], AggregationMethod.MEDIAN) == PointsSpread(Dec(1), Dec(1), Dec(7))
    assert spread_of([]) is None


def _mini_and_its_deduction():
    """The mini rubric, and the same rubric with B2 as a deduction-only criterion."""
    from dataclasses import replace

    from app.rubrics.loader import load_rubric
    from tests.conftest import DATA

    mini = load_rubric(DATA / "mini-rubric.toml", DATA.parent.parent).rubric
    return mini, replace(mini, sections=tuple(
        replace(s, criteria=tuple(replace(c, deduction=True) if c.id == "B2" else c for c in s.criteria))
        for s in mini.sections))


def test_the_totals_plan_gives_card_total_on_random_cards():
    import random
    from decimal import Decimal

    from app.core.rubric import AssessmentContext, CallMode
    from app.core.scoring import CriterionScore, card_total, plan_total, totals_plan

    rng = random.Random(3)
    for rubric, mode in [(r, m) for r in _mini_and_its_deduction() for m in CallMode]:
        for prior in (True, False, None):
            context = AssessmentContext(mode, prior)
            plan = totals_plan(rubric, context)
            for _ in range(50):
                entries = {}
                for c in rubric.criteria:
                    roll = rng.random()
                    if roll < 0.15:
                        entries[c.id] = CriterionScore(c.id, None, not_applicable=True)
                    elif roll < 0.9:
                        entries[c.id] = CriterionScore(c.id, Decimal(rng.randint(0, int(c.max_points))))
                points = {cid: e.points for cid, e in entries.items()}
                marked = frozenset(cid for cid, e in entries.items() if e.not_applicable)
                assert plan_total(plan, points, marked) == card_total(rubric, entries, context)


def test_plan_terms_added_in_any_order_give_plan_total_while_exact_sums_say_so():
    import random
    from dataclasses import replace
    from decimal import Decimal

    from app.core.rubric import AssessmentContext, CallMode
    from app.core.scoring import ExactSums, plan_maximum, plan_term, plan_total, totals_plan

    rng = random.Random(17)
    for rubric, mode in [(r, m) for r in _mini_and_its_deduction() for m in CallMode]:
        for prior in (True, False, None):
            plan = totals_plan(rubric, AssessmentContext(mode, prior))
            sums = ExactSums()
            for _ in range(50):
                points, marked = {}, set()
                for c in [*rubric.criteria, replace(rubric.criteria[0], id="Z9")]:  # and one no rubric has
                    roll = rng.random()
                    if roll < 0.15:
                        points[c.id] = None
                        marked.add(c.id)
                    elif roll < 0.2:
                        points[c.id] = None  # an empty entry
                    elif roll < 0.9:  # halves, written as SQLite or PostgreSQL write them
                        points[c.id] = Decimal(rng.randint(0, 2 * int(c.max_points))) / 2
                        points[c.id] = points[c.id].quantize(Decimal(rng.choice(("1", "0.1", "0.01")))) \
                            if points[c.id] == points[c.id].to_integral() else points[c.id]
                terms = [plan_term(plan, cid, value, cid in marked) for cid, value in points.items()]
                for cid, term in zip(points, terms, strict=True):
                    if term is not None:
                        sums.add(cid, term)
                rng.shuffle(terms)
                total = sum((t for t in terms if t is not None), Decimal(0))
                expected = plan_total(plan, points, frozenset(marked))
                assert sums.exact and max(total, Decimal(0)) == expected.points
                assert plan_maximum(plan) == expected.max_points


def test_exact_sums_tell_when_a_sum_of_terms_could_round():
    from decimal import Decimal, localcontext

    from app.core.scoring import ExactSums

    sums = ExactSums()
    for criterion_id, term in [("A1", Decimal("18.00")), ("A2", Decimal("4.5")), ("B1", Decimal("0")),
                               ("A1", Decimal("-6.000")), ("A2", Decimal("1"))]:
        sums.add(criterion_id, term)
    assert sums.exact
    # 10^27 and 0.1: 10^28 tenths have 29 digits, and 10^27 + 0.1 - 10^27 is 0 where it should be 0.1
    big = Decimal("1E+27")
    assert big + Decimal("0.1") - big == 0
    sums = ExactSums()
    sums.add("B2", big)
    assert sums.exact
    sums.add("B1", Decimal("0.1"))
    assert not sums.exact
    sums.add("B1", Decimal("0.5"))  # once a sum could round, it stays so
    assert not sums.exact
    with localcontext() as context:  # the bound is the context's precision
        context.prec = 40
        wide = ExactSums()
        wide.add("B2", big)
        wide.add("B1", Decimal("0.1"))
        assert wide.exact
    infinite = ExactSums()
    infinite.add("A1", Decimal("Infinity"))
    assert not infinite.exact


def test_a_deduction_only_criterion_leaves_a_clean_record_where_a_newcomer_stands():
    from dataclasses import replace

    # B2 (6 points, weight 1) as a deduction: 6 of 6 adds nothing, 4 of 6 takes 2 off; the maximum stays 27
    deduction = replace(RUBRIC, sections=tuple(
        replace(s, criteria=tuple(replace(c, deduction=True) if c.id == "B2" else c for c in s.criteria))
        for s in RUBRIC.sections))
    assert deduction.max_points == D(27)  # 10×2 + 5 + 4×0.5
    base = {"A1": "7", "A2": "2.5", "B1": "3"}  # 7×2 + 2.5 + 3×0.5 = 18
    newcomer = card_total(deduction, card(**base), SUPPORT_NEWCOMER)
    clean = card_total(deduction, card(**base, B2="6"), SUPPORT_INCUMBENT)
    late = card_total(deduction, card(**base, B2="4"), SUPPORT_INCUMBENT)
    assert newcomer == clean == CardTotal(points=D("18.0"), max_points=D("27.0"))
    assert late == CardTotal(points=D("16.0"), max_points=D("27.0"))  # 18 − (6 − 4)
    # Never below zero: 0.5 + 0 − 6 would be −5.5
    assert card_total(deduction, card(A1="0", A2="0.5", B1="0", B2="0"), SUPPORT_INCUMBENT).points == 0
