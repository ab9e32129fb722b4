"""Consistency checks and the completeness report, with hand-computed figures.

make_offer() (from test_offer) is consistent: V.A I.1 12 × 450.00 = 5 400.00, II.1 12 × 50.00
= 600.00, total 6 000.00 = grant 5 800.00 + own 100.00 (3.1) + 100.00 (3.2); dates 2027.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from app.core.offer import Action, Applicant, ContactPerson, CostShare, FundingSources, Offer, ResultRow, TaskSummary
from app.core.offer_checks import (
    CallTerms,
    IssueCode,
    OfferIssue,
    OwnShareBase,
    OwnShareCheck,
    OwnShareRows,
    Severity,
    check_offer,
    minimum_own_contribution,
    own_share_check,
    task_years,
)
from app.core.offer_completeness import CompletenessCode, CompletenessThresholds, Gap, SectionState, completeness
from app.core.rubric import CallMode
from app.offers.check_messages import (
    COMPLETENESS_MESSAGES,
    FIELD_LABELS,
    ISSUE_MESSAGES,
    SECTION_TITLES,
    SEVERITY_NAMES,
    STATE_NAMES,
)

from .test_offer import ADMIN, cost, make_offer, nadodrze_offer

SUPPORT = CallTerms(CallMode.SUPPORT, min_own_share=D("0.015"), window_start=date(2027, 1, 1),
                    window_end=date(2027, 12, 31), max_grant=D("10000.00"))
SECTIONS = ["II.1", "II.2", "III.1", "III.2", "III.3", "III.4", "III.5", "III.6", "IV.1", "IV.2", "V.A", "V.B"]


def funding(total="6000.00", grant="5800.00", own_financial="100.00", own_non_financial="100.00",
            participants="0.00") -> FundingSources:
    return FundingSources(D(total), D(grant), D(own_financial), D(own_non_financial), D(participants))


def codes(issues: list[OfferIssue]) -> list[str]:
    return [issue.code.value for issue in issues]


def test_the_small_offer_is_consistent():
    assert check_offer(make_offer(), SUPPORT) == []


def test_the_nadodrze_offer_passes_every_check():
    terms = CallTerms(CallMode.SUPPORT, min_own_share=D("0.015"), own_share_rows=OwnShareRows.FINANCIAL,
                      window_start=date(2027, 3, 1), window_end=date(2028, 2, 29), max_grant=D("250000.00"))
    offer = nadodrze_offer()
    assert check_offer(offer, terms) == []
    # 1.5 % of 213 870.00 = 3 208.05 (exact), and 3.1 gives 3 500.00
    assert minimum_own_contribution(terms, offer.funding) == D("3208.05")
    assert task_years(offer) == 2  # 01.03.2027 – 29.02.2028: Rok 1 and Rok 2
    assert all(status.state is SectionState.COMPLETE for status in completeness(offer))


def test_an_empty_draft_only_lacks_its_dates():
    # Every amount is 0: 0 = 0 + 0 + 0, and the minimum is 1.5 % of 0.00 = 0.00.
    assert codes(check_offer(Offer(), SUPPORT)) == ["start_date_missing", "end_date_missing"]


# --- 1. V.A rows ----------------------------------------------------------------------------------

def test_value_must_be_unit_cost_times_units():
    offer = make_offer(costs=(cost("I.1", "450.00", "12", "5000.00"), make_offer().costs[1]),
                       funding=funding(total="5600.00", grant="5400.00"))
    # 12 × 450.00 = 5 400.00, but 5 000.00 was written
    assert check_offer(offer, SUPPORT) == [OfferIssue(IssueCode.COST_VALUE_MISMATCH, "V.A", "I.1", 0, {
        "unit_cost": D("450.00"), "units": D("12"), "product": D("5400.00"), "value": D("5000.00")})]


def test_the_product_is_exact_not_rounded():
    offer = make_offer(costs=(cost("I.1", "33.33", "2.5", "83.33"),),
                       funding=funding(total="83.33", grant="83.33", own_financial="0", own_non_financial="0"))
    (issue,) = check_offer(offer, replace(SUPPORT, mode=CallMode.COMMISSION, min_own_share=D(0)))
    # 2.5 × 33.33 = 83.325 — not a grosz amount, so no value in grosze can match it
    assert (issue.code, issue.params["product"]) == (IssueCode.COST_VALUE_MISMATCH, D("83.325"))


def test_year_split_must_add_up_to_the_value():
    row = cost("I.1", "450.00", "12", "5400.00", "3000.00", "2000.00")
    offer = make_offer(costs=(row,), start_date=date(2027, 1, 1), end_date=date(2028, 12, 31))
    issues = [i for i in check_offer(offer, replace(SUPPORT, window_end=None)) if i.section == "V.A"]
    # 3 000.00 + 2 000.00 = 5 000.00, not 5 400.00
    assert issues == [OfferIssue(IssueCode.COST_YEARS_MISMATCH, "V.A", "I.1", 0,
                                 {"years_total": D("5000.00"), "value": D("5400.00")})]


def test_a_missing_year_split_adds_up_to_zero():
    row = replace(cost("I.1", "450.00", "12", "5400.00"), by_year=())
    issues = check_offer(make_offer(costs=(row,), funding=funding(total="5400.00", grant="5200.00")), SUPPORT)
    assert [(i.code, i.params) for i in issues] == [
        (IssueCode.COST_YEARS_MISMATCH, {"years_total": D(0), "value": D("5400.00")})]


def test_a_value_without_units_says_so_once():
    row = cost("I.1", "450.00", "0", "5400.00")
    issues = check_offer(make_offer(costs=(row,), funding=funding(total="5400.00", grant="5200.00")), SUPPORT)
    # 0 × 450.00 = 0.00 ≠ 5 400.00 as well, but "give the number of units" is the one message
    assert [(i.code, i.params) for i in issues] == [
        (IssueCode.COST_UNITS_MISSING, {"value": D("5400.00"), "units": D("0")})]


def test_negative_amounts_in_a_row():
    row = cost("I.1", "-450.00", "12", "-5400.00")
    offer = make_offer(costs=(row,), funding=funding(total="-5400.00", grant="-5600.00"))
    issues = check_offer(offer, SUPPORT)
    # 12 × −450.00 = −5 400.00 matches, so only the signs are wrong: unit cost, value, Rok 1; V.B rows 1 and 2
    assert [(i.code, i.section, i.row, i.params["amount"]) for i in issues] == [
        (IssueCode.NEGATIVE_AMOUNT, "V.A", "I.1", D("-450.00")),
        (IssueCode.NEGATIVE_AMOUNT, "V.A", "I.1", D("-5400.00")),
        (IssueCode.NEGATIVE_AMOUNT, "V.A", "I.1", D("-5400.00")),
        (IssueCode.NEGATIVE_AMOUNT, "V.B", "1", D("-5400.00")),
        (IssueCode.NEGATIVE_AMOUNT, "V.B", "2", D("-5600.00")),
    ]


def test_a_row_of_zeros_is_consistent_and_unnumbered_rows_get_their_position():
    offer = make_offer(costs=(*make_offer().costs, replace(cost("", "0", "0", "0"), by_year=())))
    assert check_offer(offer, SUPPORT) == []
    broken = make_offer(costs=(*make_offer().costs, cost("", "10.00", "3", "31.00")))
    assert [(i.row, i.index) for i in check_offer(broken, SUPPORT) if i.section == "V.A"] == [("#3", 2)]


def test_costs_in_a_year_after_the_task_are_a_warning():
    row = cost("I.1", "450.00", "12", "5400.00", "5000.00", "400.00")
    (issue,) = check_offer(make_offer(costs=(row, make_offer().costs[1])), SUPPORT)
    # 01.01.2027 – 31.12.2027 is one calendar year; Rok 2 holds 400.00
    assert (issue.code, issue.severity, issue.params) == (
        IssueCode.COST_AFTER_TASK_END, Severity.WARNING, {"year": 2, "task_years": 1})


# --- 2. and 3. V.A against V.B, and V.B in itself ------------------------------------------------

def test_cost_table_total_must_equal_total_costs():
    offer = make_offer(funding=funding(total="6100.00", grant="5900.00"))
    # V.A: 5 400.00 + 600.00 = 6 000.00; V.B row 1: 6 100.00 (= 5 900.00 + 100.00 + 100.00 + 0.00)
    assert check_offer(offer, SUPPORT) == [OfferIssue(IssueCode.COSTS_TOTAL_MISMATCH, "V.B", "1", params={
        "costs_total": D("6000.00"), "total_costs": D("6100.00")})]


def test_total_costs_must_equal_the_sum_of_the_sources():
    offer = make_offer(funding=funding(participants="50.00"))
    # 5 800.00 + (100.00 + 100.00) + 50.00 = 6 050.00 ≠ 6 000.00
    assert check_offer(offer, SUPPORT) == [OfferIssue(IssueCode.FUNDING_SUM_MISMATCH, "V.B", "1", params={
        "total_costs": D("6000.00"), "grant": D("5800.00"), "own_total": D("200.00"),
        "participant_payments": D("50.00"), "sources_total": D("6050.00")})]


# --- 4. own contribution --------------------------------------------------------------------------

@pytest.mark.parametrize("total, required", [
    ("6000.00", "90.00"),  # 0.015 × 6 000.00 = 90.00
    ("100001.00", "1500.02"),  # 0.015 × 100 001.00 = 1 500.015 → up to 1 500.02
    ("100000.67", "1500.02"),  # 0.015 × 100 000.67 = 1 500.01005 → up, not to the nearest: 1 500.02
    ("100000.00", "1500.00"),  # exact: no rounding
    ("0.00", "0.00"),
])
def test_required_minimum_is_rounded_up_to_the_grosz(total, required):
    assert minimum_own_contribution(SUPPORT, FundingSources(total_costs=D(total))) == D(required)


@pytest.mark.parametrize("own_financial, own_non_financial, issue", [
    ("89.99", "0.00", True),  # 89.99 < 90.00
    ("90.00", "0.00", False),  # the minimum itself is enough
    ("40.00", "50.00", False),  # 3 = 40.00 + 50.00 = 90.00
])
def test_own_contribution_reaches_the_minimum(own_financial, own_non_financial, issue):
    grant = D("6000.00") - D(own_financial) - D(own_non_financial)
    offer = make_offer(funding=funding(grant=str(grant), own_financial=own_financial,
                                       own_non_financial=own_non_financial))
    expected = [OfferIssue(IssueCode.OWN_SHARE_TOO_LOW, "V.B", "3.1+3.2", params={
        "own": D(own_financial) + D(own_non_financial), "required": D("90.00"), "min_share_percent": D("1.5"),
        "base": D("6000.00")})] if issue else []
    assert check_offer(offer, SUPPORT) == expected


def test_rounding_of_the_minimum_decides():
    terms = replace(SUPPORT, max_grant=None)
    costs = (cost("I.1", "100001.00", "1", "100001.00"),)
    short = make_offer(costs=costs, funding=funding("100001.00", "98500.99", "1500.01", "0.00"))
    enough = make_offer(costs=costs, funding=funding("100001.00", "98500.98", "1500.02", "0.00"))
    # 1.5 % of 100 001.00 = 1 500.015 → 1 500.02: 1 500.01 is short by a fraction of a grosz
    assert [(i.code, i.params["required"]) for i in check_offer(short, terms)] == [
        (IssueCode.OWN_SHARE_TOO_LOW, D("1500.02"))]
    assert check_offer(enough, terms) == []


def test_only_the_financial_contribution_counts_when_the_call_says_so():
    offer = make_offer(funding=funding(grant="5850.00", own_financial="50.00", own_non_financial="100.00"))
    assert check_offer(offer, SUPPORT) == []  # 3 = 50.00 + 100.00 = 150.00 ≥ 90.00
    (issue,) = check_offer(offer, replace(SUPPORT, own_share_rows=OwnShareRows.FINANCIAL))
    # 3.1 = 50.00 < 90.00
    assert (issue.code, issue.row, issue.params["own"], issue.params["required"]) == (
        IssueCode.OWN_SHARE_TOO_LOW, "3.1", D("50.00"), D("90.00"))


# The issue's example, from the 2023 call (1,5 % of the grant, "finansowy"): a 100 000,00 zł grant and
# 1 500,00 zł of own money, total costs 101 500,00 zł.
GRANT_2023 = CallTerms(CallMode.SUPPORT, min_own_share=D("0.015"), own_share_base=OwnShareBase.GRANT,
                       own_share_rows=OwnShareRows.FINANCIAL)
EXAMPLE_2023 = FundingSources(D("101500.00"), D("100000.00"), D("1500.00"), D("0.00"), D("0.00"))


def test_the_2023_example_meets_a_minimum_set_on_the_grant():
    # 1,5 % × 100 000,00 = 1 500,00; 3.1 = 1 500,00
    assert own_share_check(GRANT_2023, EXAMPLE_2023) == OwnShareCheck(D("1500.00"), D("100000.00"), D("1500.00"))
    offer = make_offer(costs=(cost("I.1", "101500.00", "1", "101500.00"),), funding=EXAMPLE_2023)
    assert check_offer(offer, GRANT_2023) == []


def test_the_2023_example_falls_short_of_a_minimum_set_on_the_total_costs():
    # 1,5 % × 101 500,00 = 1 522,50 > 1 500,00: what the app wrongly asked before the base was a setting
    terms = replace(GRANT_2023, own_share_base=OwnShareBase.TOTAL_COSTS)
    assert own_share_check(terms, EXAMPLE_2023) == OwnShareCheck(D("1500.00"), D("101500.00"), D("1522.50"))
    offer = make_offer(costs=(cost("I.1", "101500.00", "1", "101500.00"),), funding=EXAMPLE_2023)
    assert check_offer(offer, terms) == [OfferIssue(IssueCode.OWN_SHARE_TOO_LOW, "V.B", "3.1", params={
        "own": D("1500.00"), "required": D("1522.50"), "min_share_percent": D("1.5"), "base": D("101500.00")})]


def test_a_grant_based_minimum_rounds_up_and_names_the_grant():
    # Księże 2021: 1 % of a 123 456,78 zł grant = 1 234,5678 → 1 234,57; 3.1 + 3.2 = 1 000,00 + 234,56 = 1 234,56
    terms = CallTerms(CallMode.SUPPORT, min_own_share=D("0.01"), own_share_base=OwnShareBase.GRANT)
    funds = FundingSources(D("124691.34"), D("123456.78"), D("1000.00"), D("234.56"), D("0.00"))
    offer = make_offer(costs=(cost("I.1", "124691.34", "1", "124691.34"),), funding=funds)
    assert check_offer(offer, terms) == [OfferIssue(IssueCode.OWN_SHARE_OF_GRANT_TOO_LOW, "V.B", "3.1+3.2", params={
        "own": D("1234.56"), "required": D("1234.57"), "min_share_percent": D("1"), "base": D("123456.78")})]


@pytest.mark.parametrize("rows, counted", [
    (OwnShareRows.FINANCIAL, D("50.00")),  # 3.1
    (OwnShareRows.OWN, D("80.00")),  # 3.1 + 3.2 = 50.00 + 30.00
    (OwnShareRows.OWN_AND_PAYMENTS, D("100.00")),  # 3.1 + 3.2 + 4 = 50.00 + 30.00 + 20.00
])
def test_the_call_says_which_rows_count(rows, counted):
    # grant 5 900.00, minimum 1,5 % × 5 900.00 = 88.50: only row 4 lifts the offer over it
    funds = FundingSources(D("6000.00"), D("5900.00"), D("50.00"), D("30.00"), D("20.00"))
    check = own_share_check(CallTerms(CallMode.SUPPORT, min_own_share=D("0.015"), own_share_base="grant",
                                      own_share_rows=rows), funds)
    assert (check.counted, check.required, check.met) == (counted, D("88.50"), counted >= D("88.50"))


def test_no_minimum_applies_when_commissioning_sets_none():
    assert own_share_check(CallTerms(CallMode.COMMISSION), EXAMPLE_2023) is None


def test_commissioning_needs_no_own_contribution_unless_the_call_sets_one():
    offer = make_offer(funding=funding(grant="6000.00", own_financial="0.00", own_non_financial="0.00"))
    assert check_offer(offer, replace(SUPPORT, mode=CallMode.COMMISSION, min_own_share=D(0))) == []
    assert codes(check_offer(offer, replace(SUPPORT, mode=CallMode.COMMISSION))) == ["own_share_too_low"]


def test_a_grant_covering_everything_in_a_co_funding_call_is_a_warning():
    offer = make_offer(funding=funding(grant="6000.00", own_financial="0.00", own_non_financial="0.00"))
    (issue,) = check_offer(offer, replace(SUPPORT, min_own_share=D(0)))
    assert (issue.code, issue.severity, issue.params) == (
        IssueCode.GRANT_COVERS_ALL_COSTS, Severity.WARNING, {"grant": D("6000.00"), "total_costs": D("6000.00")})


# --- 5. maximum grant ------------------------------------------------------------------------------

@pytest.mark.parametrize("max_grant, issue", [("5000.00", True), ("5800.00", False), (None, False)])
def test_grant_within_the_maximum(max_grant, issue):
    terms = replace(SUPPORT, max_grant=None if max_grant is None else D(max_grant))
    expected = [OfferIssue(IssueCode.GRANT_ABOVE_MAXIMUM, "V.B", "2", params={
        "grant": D("5800.00"), "max_grant": D(max_grant)})] if issue else []
    assert check_offer(make_offer(), terms) == expected  # grant 5 800.00


# --- 6. dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, end, expected", [
    (None, date(2027, 12, 31), [("start_date_missing", {})]),
    (date(2027, 1, 1), None, [("end_date_missing", {})]),
    (date(2027, 6, 1), date(2027, 5, 31), [("dates_reversed", {"start": date(2027, 6, 1), "end": date(2027, 5, 31)})]),
    (date(2026, 12, 31), date(2027, 12, 31),
     [("starts_before_window", {"start": date(2026, 12, 31), "window_start": date(2027, 1, 1)})]),
    (date(2027, 1, 1), date(2028, 1, 1),
     [("ends_after_window", {"end": date(2028, 1, 1), "window_end": date(2027, 12, 31)})]),
    (date(2028, 1, 2), date(2028, 3, 31), [
        ("starts_after_window", {"start": date(2028, 1, 2), "window_end": date(2027, 12, 31)}),
        ("ends_after_window", {"end": date(2028, 3, 31), "window_end": date(2027, 12, 31)})]),
    (date(2026, 3, 1), date(2026, 12, 31), [
        ("starts_before_window", {"start": date(2026, 3, 1), "window_start": date(2027, 1, 1)}),
        ("ends_before_window", {"end": date(2026, 12, 31), "window_start": date(2027, 1, 1)})]),
    (date(2027, 1, 1), date(2027, 1, 1), []),  # a one-day task on the window's first day
])
def test_dates_are_given_ordered_and_inside_the_window(start, end, expected):
    issues = check_offer(make_offer(start_date=start, end_date=end), SUPPORT)
    assert [(i.code.value, i.params) for i in issues] == expected
    assert all(i.section == "III.2" for i in issues)


def test_without_a_window_any_ordered_dates_pass():
    open_call = replace(SUPPORT, window_start=None, window_end=None)
    assert check_offer(make_offer(start_date=date(2030, 1, 1), end_date=date(2030, 12, 31)), open_call) == []


# --- 7. V.C -----------------------------------------------------------------------------------------

def joint(*shares: str) -> Offer:
    return make_offer(applicants=(Applicant(name="A"), Applicant(name="B")),
                      cost_split=tuple(CostShare(name, D(amount)) for name, amount in zip("AB", shares, strict=False)))


def test_cost_split_of_a_joint_offer():
    assert check_offer(joint("4000.00", "2000.00"), SUPPORT) == []  # 4 000.00 + 2 000.00 = 6 000.00
    assert check_offer(joint("4000.00", "1900.00"), SUPPORT) == [OfferIssue(
        IssueCode.COST_SPLIT_MISMATCH, "V.C", params={"split_total": D("5900.00"), "costs_total": D("6000.00")})]
    assert codes(check_offer(joint(), SUPPORT)) == ["cost_split_missing"]
    # 8 000.00 + (−2 000.00) = 6 000.00 adds up, but a share cannot be negative
    assert [(i.code, i.row, i.index) for i in check_offer(joint("8000.00", "-2000.00"), SUPPORT)] == [
        (IssueCode.NEGATIVE_AMOUNT, "2", 1)]


# --- 8. administrative costs ---------------------------------------------------------------------

def admin_offer(admin_value: str) -> Offer:
    """I.1 5 400.00 plus part II of the given value, with V.B made to agree."""
    total = D("5400.00") + D(admin_value)
    return make_offer(costs=(make_offer().costs[0], cost("II.1", admin_value, "1", admin_value, category=ADMIN)),
                      funding=funding(total=str(total), grant=str(total - D("200.00"))))


def test_a_high_administrative_share_is_a_warning():
    (issue,) = check_offer(admin_offer("1080.00"), SUPPORT)
    # 1 080.00 / (5 400.00 + 1 080.00) = 1 080 / 6 480 = 0.16666… → 16.67 % > 15 %
    assert (issue.code, issue.severity, issue.section, issue.row) == (
        IssueCode.ADMINISTRATIVE_SHARE_HIGH, Severity.WARNING, "V.A", "II")
    assert issue.params == {"administrative_total": D("1080.00"), "costs_total": D("6480.00"),
                            "administrative_percent": D("16.67"), "threshold_percent": D("15")}


def test_the_administrative_threshold_is_exclusive_and_a_parameter():
    # 952.95 / 6 352.95 = 0.1500012… > 0.15, although shown as 15.00 %
    (issue,) = check_offer(admin_offer("952.95"), SUPPORT)
    assert issue.params["administrative_percent"] == D("15.00")
    # 952.94 / 6 352.94 = 0.1499998… ≤ 0.15
    assert check_offer(admin_offer("952.94"), SUPPORT) == []
    # 600.00 / 6 000.00 = 10 %: above 8 %, not above 10 %
    assert codes(check_offer(make_offer(), SUPPORT, administrative_warning_share=D("0.08"))) == [
        "administrative_share_high"]
    assert check_offer(make_offer(), SUPPORT, administrative_warning_share=D("0.10")) == []


# --- call terms --------------------------------------------------------------------------------------

@pytest.mark.parametrize("changes", [
    {"min_own_share": D("1.5")},  # 1.5 means 150 %: the share is written as 0.015
    {"min_own_share": D("-0.01")},
    {"window_start": date(2028, 1, 1)},  # after window_end 31.12.2027
    {"max_grant": D("-1")},
    {"own_share_base": "budget"},  # neither the grant nor the total costs
    {"own_share_rows": "3.2"},  # 3.2 alone is no option of any call
])
def test_impossible_call_terms_are_refused(changes):
    with pytest.raises(ValueError):
        replace(SUPPORT, **changes)


def test_severity_is_fixed_per_code():
    assert OfferIssue(IssueCode.COST_VALUE_MISMATCH, "V.A").severity is Severity.ERROR
    assert OfferIssue(IssueCode.ADMINISTRATIVE_SHARE_HIGH, "V.A").severity is Severity.WARNING


# --- completeness ------------------------------------------------------------------------------------

def words(count: int) -> str:
    return " ".join(["słowo"] * count)


def status_of(offer: Offer, section: str, thresholds: CompletenessThresholds | None = None):
    return next(s for s in completeness(offer, thresholds) if s.section == section)


def test_an_empty_draft_misses_every_section():
    report = completeness(Offer())
    assert [s.section for s in report] == SECTIONS
    assert {(s.state, s.reason) for s in report} == {(SectionState.MISSING, CompletenessCode.SECTION_EMPTY)}


@pytest.mark.parametrize("needs_words, state", [(39, SectionState.THIN), (40, SectionState.COMPLETE)])
def test_summary_needs_forty_words_of_needs(needs_words, state):
    summary = TaskSummary(place=words(3), target_group=words(10), needs=words(needs_words),
                          complementarity=words(20))
    status = status_of(Offer(summary=summary), "III.3")
    assert status.state is state
    if state is SectionState.THIN:
        assert status.gaps == (Gap(CompletenessCode.TOO_FEW_WORDS, "needs", params={"words": 39, "min_words": 40}),)


def test_a_partly_written_summary_names_each_gap():
    status = status_of(Offer(summary=TaskSummary(place="Nadodrze", needs=words(12))), "III.3")
    assert status.state is SectionState.THIN
    assert status.gaps == (
        Gap(CompletenessCode.TOO_FEW_WORDS, "place", params={"words": 1, "min_words": 3}),
        Gap(CompletenessCode.FIELD_MISSING, "target_group"),
        Gap(CompletenessCode.TOO_FEW_WORDS, "needs", params={"words": 12, "min_words": 40}),
        Gap(CompletenessCode.FIELD_MISSING, "complementarity"),
    )


def test_one_action_is_a_thin_plan():
    action = Action(name="Otwarty lokal", description="Dyżury animatorki", target_group="sąsiedzi")
    status = status_of(Offer(actions=(action,)), "III.4")
    assert status.state is SectionState.THIN
    assert status.reason is CompletenessCode.TOO_FEW_ACTIONS
    assert status.gaps == (
        Gap(CompletenessCode.TOO_FEW_ACTIONS, params={"actions": 1, "min_actions": 3}),
        Gap(CompletenessCode.ROW_TOO_FEW_WORDS, "description", "1", {"words": 2, "min_words": 8}),
        Gap(CompletenessCode.ROW_FIELD_MISSING, "period", "1"),
    )
    fewer = CompletenessThresholds(min_actions=1, action_description_words=2)
    assert status_of(Offer(actions=(replace(action, period="2027"),)), "III.4", fewer).state is SectionState.COMPLETE


def test_results_table_rows_and_columns():
    status = status_of(Offer(results=(ResultRow("Liczba uczestników", "", "listy obecności"),)), "III.6")
    assert status.gaps == (Gap(CompletenessCode.TOO_FEW_RESULTS, params={"results": 1, "min_results": 2}),
                           Gap(CompletenessCode.ROW_FIELD_MISSING, "planned_value", "1"))


def test_applicants_contact_and_dates():
    applicants = (Applicant(name="A", legal_form="fundacja", register_number="0000000000", address="Wrocław"),
                  Applicant(name="B"))
    assert status_of(Offer(applicants=applicants), "II.1").gaps == tuple(
        Gap(CompletenessCode.ROW_FIELD_MISSING, name, "2") for name in ("legal_form", "register_number", "address"))
    assert status_of(Offer(contact=ContactPerson(name="Anna")), "II.2").gaps == (
        Gap(CompletenessCode.NO_CONTACT_CHANNEL),)
    assert status_of(Offer(contact=ContactPerson(phone="71 000 00 00")), "II.2").gaps == (
        Gap(CompletenessCode.FIELD_MISSING, "name"),)
    assert status_of(Offer(start_date=date(2027, 1, 1)), "III.2").gaps == (
        Gap(CompletenessCode.FIELD_MISSING, "end_date"),)


@pytest.mark.parametrize("section, offer, gap", [
    ("III.1", Offer(title="CAL"), Gap(CompletenessCode.TOO_FEW_WORDS, "title", params={"words": 1, "min_words": 3})),
    ("III.5", Offer(expected_results=words(39)),
     Gap(CompletenessCode.TOO_FEW_WORDS, "expected_results", params={"words": 39, "min_words": 40})),
    ("IV.1", Offer(experience=words(10)),
     Gap(CompletenessCode.TOO_FEW_WORDS, "experience", params={"words": 10, "min_words": 40})),
    ("IV.2", Offer(resources=words(29)),
     Gap(CompletenessCode.TOO_FEW_WORDS, "resources", params={"words": 29, "min_words": 30})),
])
def test_short_texts_are_thin(section, offer, gap):
    assert status_of(offer, section).gaps == (gap,)


def test_cost_and_funding_tables():
    only_admin = cost("II.1", "50.00", "12", "600.00", category=ADMIN, unit="")
    status = status_of(Offer(costs=(only_admin, replace(cost("", "0", "0", "0"), cost_type=""))), "V.A")
    assert status.gaps == (Gap(CompletenessCode.NO_ACTION_COSTS),
                           Gap(CompletenessCode.ROW_FIELD_MISSING, "unit", "II.1"),
                           Gap(CompletenessCode.ROW_FIELD_MISSING, "cost_type", "#2"),
                           Gap(CompletenessCode.ROW_FIELD_MISSING, "value", "#2"))
    assert status_of(Offer(funding=funding(grant="0.00")), "V.B").gaps == (
        Gap(CompletenessCode.FIELD_MISSING, "grant"),)
    assert status_of(make_offer(), "V.B").state is SectionState.COMPLETE


# --- messages ----------------------------------------------------------------------------------------

def every_issue() -> list[OfferIssue]:
    """At least one issue of every code, from the broken offers above."""
    offers = [
        (Offer(), SUPPORT),
        (make_offer(start_date=date(2028, 1, 2), end_date=date(2026, 12, 31)), SUPPORT),
        (make_offer(start_date=date(2026, 1, 1), end_date=date(2028, 1, 1),
                    costs=(cost("I.1", "450.00", "0", "5400.00"), cost("I.2", "-1", "2", "5", "1", "0", "3"),
                           cost("II.1", "1000", "1", "1000", category=ADMIN)),
                    funding=funding(grant="12000.00", own_financial="0", own_non_financial="0", participants="7")),
         SUPPORT),
        (make_offer(costs=(cost("I.1", "450.00", "12", "5400.00", "5000.00", "400.00"),)), SUPPORT),
        (joint(), SUPPORT),
        (joint("1"), SUPPORT),
        (make_offer(), replace(GRANT_2023, min_own_share=D("0.5"))),
    ]
    return [issue for offer, terms in offers for issue in check_offer(offer, terms)]


def test_every_issue_code_can_occur_and_has_a_message_that_formats():
    # A file's own V.A total row is compared by the self-check (app.core.selfcheck.budget_issues).
    own_total_row = OfferIssue(IssueCode.COST_TABLE_TOTAL_MISMATCH, "V.A",
                               params={"stated_total": D(1), "costs_total": D(2)})
    issues = [*every_issue(), own_total_row]
    assert {i.code for i in issues} == set(IssueCode)
    assert set(ISSUE_MESSAGES) == set(IssueCode)
    for issue in issues:
        assert str(ISSUE_MESSAGES[issue.code]) % {**issue.params, "row": issue.row}
        assert issue.section in SECTION_TITLES


def test_every_gap_has_a_message_and_every_field_a_label():
    thin = Offer(applicants=(Applicant(),), contact=ContactPerson(name="Anna"), title="CAL",
                 summary=TaskSummary(place="x"), actions=(Action(), Action(description="x")), results=(ResultRow(),),
                 expected_results="x", experience="x", resources="x", start_date=date(2027, 1, 1),
                 costs=(replace(cost("", "0", "0", "0"), cost_type="", unit=""),), funding=funding(total="0.00"))
    report = completeness(Offer()) + completeness(thin) + completeness(nadodrze_offer())
    reasons = {gap.code for status in report for gap in status.gaps} | {s.reason for s in report}
    assert reasons == set(CompletenessCode)
    assert set(COMPLETENESS_MESSAGES) == set(CompletenessCode)
    for status in report:
        assert status.section in SECTION_TITLES
        for gap in status.gaps:
            label = FIELD_LABELS[(status.section, gap.field_name)] if gap.field_name else ""
            assert str(COMPLETENESS_MESSAGES[gap.code]) % {**gap.params, "row": gap.row, "field": label}
    assert set(SEVERITY_NAMES) == set(Severity)
    assert set(STATE_NAMES) == set(SectionState)
