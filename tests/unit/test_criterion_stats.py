"""Per-criterion figures over the committee's cards, with hand-computed values."""

from decimal import Decimal as D
from pathlib import Path

from app.core.criterion_stats import criterion_stats
from app.core.scoring import CriterionScore
from app.rubrics.loader import load_rubric

DATA = Path(__file__).resolve().parents[1] / "data"
RUBRIC = load_rubric(DATA / "mini-rubric.toml", DATA.parent.parent).rubric


def card(**entries):
    return {cid: CriterionScore(cid, None, True) if value == "nd" else CriterionScore(cid, D(value))
            for cid, value in entries.items()}


def test_mean_lowest_highest_spread_and_deviation():
    stats = {s.criterion_id: s for s in criterion_stats(RUBRIC, [card(A1="10", A2="3"), card(A1="7", A2="nd"),
                                                                  card(A1="8")])}
    a1 = stats["A1"]
    # (10 + 7 + 8) / 3 = 8.333… → 8.33; deviation √(((10−8⅓)² + (7−8⅓)² + (8−8⅓)²) / 3) = √(14/9) = 1.247… → 1.25
    assert (a1.scored, a1.mean, a1.lowest, a1.highest, a1.spread, a1.stdev) == (3, D("8.33"), D(7), D(10), D(3),
                                                                                 D("1.25"))
    assert a1.mean_share == D("0.8330")
    a2 = stats["A2"]
    assert (a2.scored, a2.not_applicable, a2.mean, a2.spread, a2.stdev) == (1, 1, D(3), D(0), D(0))


def test_a_criterion_nobody_scored_has_no_figures_and_unknown_ids_are_ignored():
    stats = {s.criterion_id: s for s in criterion_stats(RUBRIC, [card(A1="5", Z9="4")])}
    assert "Z9" not in stats
    other = [s for cid, s in stats.items() if cid != "A1"]
    assert all(s.scored == 0 and s.mean is None and s.mean_share is None for s in other)
    assert [s.criterion_id for s in criterion_stats(RUBRIC, [])] == [c.id for c in RUBRIC.criteria]
