"""Agreement statistics against their authors' published worked examples, to three decimals."""

import pytest

from app.core.agreement import icc, krippendorff_alpha, mean_squares, pairable_units, spread

_ = None
# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers × 12 units.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
# Shrout & Fleiss (1979), Table 2: 6 targets × 4 judges.
SHROUT_FLEISS_1979 = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]


@pytest.mark.parametrize(("level", "published"), [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_krippendorff_alpha_matches_the_worked_example(level, published):
    assert round(krippendorff_alpha(KRIPPENDORFF_2011, level), 3) == published


def test_the_unit_with_one_value_is_not_pairable():
    assert pairable_units(KRIPPENDORFF_2011) == 11


def test_alpha_of_perfect_agreement_is_one_and_of_no_variation_undefined():
    assert krippendorff_alpha([[1, 2, 3], [1, 2, 3]], "interval") == 1.0
    assert krippendorff_alpha([[4, 4, 4], [4, 4, None]], "interval") is None
    assert krippendorff_alpha([[1, None], [None, 2]], "interval") is None  # nothing pairable


def test_alpha_of_a_hand_computed_case():
    # Two observers, units (1,2) and (3,3): pairable values 1,2,3,3; D_o = 2·1/1 /4 = 0.5 per value;
    # alpha = 1 − (n−1)·Σo·δ² / Σn_c·n_k·δ² = 1 − 3·2 / (2·(1·1·1 + 1·2·4 + 1·2·1)) = 1 − 6/22.
    assert krippendorff_alpha([[1, 3], [2, 3]], "interval") == pytest.approx(1 - 6 / 22)


def test_unknown_level_is_refused():
    with pytest.raises(ValueError):
        krippendorff_alpha(KRIPPENDORFF_2011, "cardinal")


@pytest.mark.parametrize(("kind", "expected"), [
    ("ICC1_1", 0.166), ("ICC2_1", 0.290), ("ICC3_1", 0.715),
    ("ICC1_k", 0.443), ("ICC2_k", 0.620), ("ICC3_k", 0.909)])
def test_icc_matches_shrout_and_fleiss(kind, expected):
    assert round(icc(SHROUT_FLEISS_1979, kind), 3) == expected


def test_mean_squares_of_the_published_table():
    ms = mean_squares(SHROUT_FLEISS_1979)  # Shrout & Fleiss print BMS 11.24, WMS 6.26, JMS 32.49, EMS 1.02
    assert (round(ms.between_targets, 2), round(ms.within_target, 2), round(ms.between_judges, 2),
            round(ms.residual, 2)) == (11.24, 6.26, 32.49, 1.02)


def test_icc_refuses_an_incomplete_table_and_unknown_kinds():
    with pytest.raises(ValueError):
        icc([[1, 2], [3]], "ICC2_1")
    with pytest.raises(ValueError):
        icc([[1, None], [3, 4]], "ICC2_1")
    with pytest.raises(ValueError):
        icc(SHROUT_FLEISS_1979, "ICC4_1")


def test_icc_without_variance_is_undefined():
    assert icc([[5, 5], [5, 5]], "ICC2_1") is None


def test_spread():
    assert spread([3, 7, 5]) == 4
    assert spread([3]) is None
