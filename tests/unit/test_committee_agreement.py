"""The agreement page's figures on hand-computed committees."""

from decimal import Decimal as D

import pytest

from app.core.agreement import icc, krippendorff_alpha
from app.core.committee_agreement import MIN_Z_CARDS, CountedCard, CriterionMax, committee_agreement

CRITERIA = [CriterionMax("A", D(10)), CriterionMax("B", D(5))]


def card(member, share, a, b):
    return CountedCard(member, D(share), {"A": None if a is None else D(a), "B": None if b is None else D(b)})


# Six offers, three members (1, 2, 3); member 3 did not score offer 6.
COMMITTEE = {
    "01": [card(1, "0.80", 8, 4), card(2, "0.70", 7, 4), card(3, "0.90", 9, 5)],
    "02": [card(1, "0.50", 5, 2), card(2, "0.40", 4, 2), card(3, "0.60", 6, 3)],
    "03": [card(1, "0.60", 6, 3), card(2, "0.30", 2, 1), card(3, "0.70", 7, 4)],  # 0.40 apart
    "04": [card(1, "0.90", 9, 5), card(2, "0.80", 8, 4), card(3, "0.95", 9, 5)],
    "05": [card(1, "0.40", 4, 2), card(2, "0.40", 4, None), card(3, "0.50", 5, 2)],
    "06": [card(1, "0.70", 7, 3), card(2, "0.60", 6, 3)],
}


def test_flags_and_the_criterion_furthest_apart():
    figures = committee_agreement(COMMITTEE, CRITERIA, D("0.20"))
    assert [o.key for o in figures.flagged] == ["03"]
    third = figures.offers[2]
    # A: 6, 2, 7 → 5 of 10 = 0.5; B: 3, 1, 4 → 3 of 5 = 0.6: B is furthest apart
    assert (third.spread, third.widest_criterion, third.widest_spread) == (D("0.40"), "B", D(3))
    assert figures.offers[0].spread == D("0.20") and not figures.offers[0].flagged  # not more than the limit


def test_alpha_on_totals_matches_the_reference_function_and_counts_units():
    figures = committee_agreement(COMMITTEE, CRITERIA, D("0.20"))
    table = [[80, 50, 60, 90, 40, 70], [70, 40, 30, 80, 40, 60], [90, 60, 70, 95, 50, None]]
    assert figures.total_alpha.units == 6
    assert figures.total_alpha.value == pytest.approx(krippendorff_alpha(table, "interval"))


def test_criterion_figures_by_hand():
    b = committee_agreement(COMMITTEE, CRITERIA, D("0.20")).criteria[1]
    # B's points: 4,4,5, 2,2,3, 3,1,4, 5,4,5, 2,2, 3,3 → 16 values, sum 52, mean 3.25
    assert (b.mean, b.lowest, b.highest) == (D("3.25"), D(1), D(5))
    # spreads 1,1,3,1,0,0 → mean 1; more than 0.2 × 5 = 1 point apart: only offer 03
    assert (b.mean_spread, b.offers_apart) == (D("1.00"), 1)
    assert b.alpha.units == 6


def test_icc_drops_the_member_with_fewest_cards_only_when_needed():
    figures = committee_agreement(COMMITTEE, CRITERIA, D("0.20"))
    # offers 01–05 were scored by all three members: 5 ≥ MIN_UNITS, nobody is dropped
    assert (figures.icc.offers, figures.icc.members) == (5, 3)
    table = [[80, 70, 90], [50, 40, 60], [60, 30, 70], [90, 80, 95], [40, 40, 50]]
    assert figures.icc.single == pytest.approx(icc(table, "ICC2_1"))
    assert figures.icc.average == pytest.approx(icc(table, "ICC2_k"))


def test_too_few_data():
    small = {k: COMMITTEE[k] for k in ("01", "02", "03")}
    figures = committee_agreement(small, CRITERIA, D("0.20"))
    assert (figures.total_alpha.value, figures.total_alpha.units) == (None, 3)
    assert (figures.icc.single, figures.icc.offers) == (None, 0)


def test_leniency_by_hand():
    figures = committee_agreement(COMMITTEE, CRITERIA, D("0.20"))
    by_member = {m.member: m for m in figures.leniency}
    # member 2 against the others' mean: 01: 0.70−0.85, 02: 0.40−0.55, 03: 0.30−0.65, 04: 0.80−0.925,
    # 05: 0.40−0.45, 06: 0.60−0.70 → −0.15 −0.15 −0.35 −0.125 −0.05 −0.10 = −0.925 / 6 = −0.1542
    assert (by_member[2].offers, by_member[2].mean_deviation, by_member[2].z) == (6, D("-0.1542"), None)


def test_z_only_from_twenty_cards():
    many = {f"{i:02d}": [card(1, "0.80", 8, 4), card(2, "0.70" if i % 2 else "0.60", 7, 4)]
            for i in range(MIN_Z_CARDS)}
    first = committee_agreement(many, CRITERIA, D("0.20")).leniency[0]
    # deviations 0.10 and 0.20 alternating: mean 0.15, sd 0.0513 (n−1), se 0.01147 → z 13.08
    assert (first.offers, first.mean_deviation, first.z) == (20, D("0.1500"), D("13.08"))
    fewer = dict(list(many.items())[:MIN_Z_CARDS - 1])
    assert committee_agreement(fewer, CRITERIA, D("0.20")).leniency[0].z is None


def test_the_committees_share_is_the_mean_or_the_median_of_the_members():
    from app.core.scoring import AggregationMethod

    mean = committee_agreement(COMMITTEE, CRITERIA, D("0.20")).offers[2]
    median = committee_agreement(COMMITTEE, CRITERIA, D("0.20"), AggregationMethod.MEDIAN).offers[2]
    assert (mean.share, median.share) == (D("0.5333"), D("0.60"))  # 0.60, 0.30, 0.70
