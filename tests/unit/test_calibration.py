"""The calibration round's spreads per criterion, with hand-computed values."""

from decimal import Decimal as D
from pathlib import Path

from app.core.calibration import chart_rows, criterion_spread, spreads, widest
from app.core.charts import PLOT_LEFT, PLOT_WIDTH
from app.core.scoring import CriterionScore
from app.rubrics.loader import load_rubric

DATA = Path(__file__).resolve().parents[1] / "data"
RUBRIC = load_rubric(DATA / "mini-rubric.toml", DATA.parent.parent).rubric


def card(**entries):
    return {cid: CriterionScore(cid, None, True, "nd") if value == "nd" else CriterionScore(cid, D(value), False,
                                                                                           f"why {cid} {value}")
            for cid, value in entries.items()}


def test_spread_deviation_and_the_level_each_member_chose():
    a1 = RUBRIC.criterion("A1")  # 0–10: brak 0, częściowo 1–6, w pełni 7–10
    result = criterion_spread(a1, {"ala": card(A1="9"), "ola": card(A1="4"), "ela": card(A1="5")})
    # mean 6; deviation √((9 + 4 + 1) / 3) = √(14/3) = 2.1602… → 2.16; spread 9 − 4 = 5, 5/10 = 0.5
    assert (result.lowest, result.highest, result.spread, result.stdev) == (D(4), D(9), D(5), D("2.16"))
    assert (result.spread_share, result.stdev_share) == (D("0.5000"), D("0.2160"))
    assert [(m.member, m.points, m.level.label.pl) for m in result.levels] == [
        ("ala", D(9), "w pełni"), ("ola", D(4), "częściowo"), ("ela", D(5), "częściowo")]
    assert [m.justification for m in result.levels] == ["why A1 9", "why A1 4", "why A1 5"]
    assert result.distinct_levels == 2


def test_not_applicable_and_missing_entries_are_listed_but_not_counted():
    a2 = RUBRIC.criterion("A2")
    result = criterion_spread(a2, {"ala": card(A2="nd"), "ola": card(A2="2.5"), "ela": card()})
    assert (result.lowest, result.highest, result.spread, result.stdev) == (D("2.5"), D("2.5"), D(0), D(0))
    assert [(m.points, m.not_applicable, m.level) for m in result.levels][::2] == [(None, True, None),
                                                                                   (None, False, None)]
    nobody = criterion_spread(a2, {"ala": card(A2="nd")})
    assert (nobody.spread, nobody.stdev, nobody.spread_share, nobody.distinct_levels) == (None, None, None, 0)


def test_the_widest_spread_relative_to_the_maximum_comes_first():
    a1, a2 = RUBRIC.criterion("A1"), RUBRIC.criterion("A2")
    cards = {"ala": card(A1="8", A2="5"), "ola": card(A1="4", A2="1")}
    # A1: 4 of 10 = 0.4; A2: 4 of 5 = 0.8 → A2 first although both spreads are 4 points
    ordered = spreads([a1, a2], cards)
    assert [s.criterion_id for s in ordered] == ["A2", "A1"]
    # equal relative spreads: the larger relative deviation first (A1: 3 of 3 members differ)
    three = {"ala": card(A1="10", A2="5"), "ola": card(A1="5", A2="2.5"), "ela": card(A1="5", A2="5")}
    # A1 spread 5/10 = 0.5, σ = √((11.11+2.78+2.78)/3) = 2.357 → 2.36, /10 = 0.236
    # A2 spread 2.5/5 = 0.5, σ = √((0.69+3.47+0.69)/3) = 1.1785 → 1.18, /5 = 0.236 → the rubric's order decides
    assert [s.criterion_id for s in spreads([a1, a2], three)] == ["A1", "A2"]
    assert [s.criterion_id for s in spreads([a2, a1], three)] == ["A2", "A1"]


def test_unscored_criteria_go_last_and_widest_skips_agreement():
    a1, a2 = RUBRIC.criterion("A1"), RUBRIC.criterion("A2")
    ordered = spreads([a1, a2], {"ala": card(A2="3"), "ola": card(A2="3")})
    assert [(s.criterion_id, s.spread) for s in ordered] == [("A2", D(0)), ("A1", None)]
    assert widest(ordered) == []
    disagree = spreads([a1, a2], {"ala": card(A1="2", A2="3"), "ola": card(A1="9", A2="3")})
    assert [s.criterion_id for s in widest(disagree)] == ["A1"]


def test_chart_rows_run_from_the_lowest_to_the_highest_share():
    a1, a2 = RUBRIC.criterion("A1"), RUBRIC.criterion("A2")
    rows = chart_rows(spreads([a1, a2], {"ala": card(A1="2", A2="5"), "ola": card(A1="7")}))
    # A1 from 2/10 to 7/10 of the plot, A2 5/5 to 5/5
    assert rows[0].label == "A1"
    assert (rows[0].start, rows[0].end) == (PLOT_LEFT + PLOT_WIDTH * 0.2, PLOT_LEFT + PLOT_WIDTH * 0.7)
    assert rows[1].start == rows[1].end == PLOT_LEFT + PLOT_WIDTH
    assert chart_rows(spreads([a1], {"ala": card()}))[0].start == PLOT_LEFT
