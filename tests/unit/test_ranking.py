"""Ranking, threshold, budget and disagreement, with hand-computed figures."""

from decimal import Decimal as D

from app.core.ranking import RankingInput, Recommendation, rank, view_of
from app.core.scoring import OfferResult


def offer(key, share, points, requested, shares=()):
    return RankingInput(key, OfferResult(D(points), D(100), D(share), 3), D(requested), tuple(D(s) for s in shares))


def test_order_threshold_and_budget():
    items = [
        offer("03", "0.7200", "72", "200000"),
        offer("01", "0.9100", "91", "250000"),
        offer("02", "0.5500", "55", "100000"),  # below 60 %
        offer("04", "0.8000", "80", "300000"),
        offer("05", "0.6500", "65", "40000"),
    ]
    ranking = rank(items, threshold=D("0.60"), budget=D("600000"))
    assert [o.key for o in ranking.offers] == ["01", "04", "03", "05", "02"]
    # 250 000 + 300 000 = 550 000; 03 (200 000) would make 750 000 > 600 000; 05 (40 000) still fits: 590 000
    assert [o.recommendation for o in ranking.offers] == [
        Recommendation.RECOMMENDED, Recommendation.RECOMMENDED, Recommendation.ABOVE_BUDGET,
        Recommendation.RECOMMENDED, Recommendation.BELOW_THRESHOLD]
    assert [o.recommended_amount for o in ranking.offers] == [D(250000), D(300000), D(0), D(40000), D(0)]
    assert (ranking.recommended_total, ranking.remaining) == (D(590000), D(10000))
    assert [o.position for o in ranking.offers] == [1, 2, 3, 4, 5]


def test_exactly_at_the_threshold_and_exactly_the_budget():
    ranking = rank([offer("01", "0.6000", "60", "100000")], threshold=D("0.60"), budget=D("100000"))
    assert ranking.offers[0].recommendation is Recommendation.RECOMMENDED and ranking.remaining == 0


def test_ties_go_to_more_points_then_the_smaller_request_then_the_number():
    items = [
        offer("09", "0.7500", "67.5", "100000"),  # 67.5 of 90 (newcomer): same share, fewer points
        offer("08", "0.7500", "75", "120000"),
        offer("07", "0.7500", "75", "90000"),
        offer("06", "0.7500", "75", "90000"),
    ]
    assert [o.key for o in rank(items, D("0.6"), D(10**7)).offers] == ["06", "07", "08", "09"]


def test_offers_without_cards_are_listed_last_unranked():
    items = [RankingInput("02", None, D(1)), offer("01", "0.7", "70", "1")]
    ranking = rank(items, D("0.6"), D(10))
    assert [(o.key, o.position, o.recommendation) for o in ranking.offers] == [
        ("01", 1, Recommendation.RECOMMENDED), ("02", None, Recommendation.NOT_SCORED)]


def test_disagreement_between_members():
    calm = offer("01", "0.7", "70", "1", shares=("0.65", "0.70", "0.75"))  # spread 0.10
    split = offer("02", "0.7", "70", "1", shares=("0.55", "0.70", "0.85"))  # spread 0.30
    edge = offer("03", "0.7", "70", "1", shares=("0.60", "0.80"))  # spread 0.20: not more than the limit
    alone = offer("04", "0.7", "70", "1", shares=("0.70",))
    spreads = {o.key: (o.spread, o.disputed) for o in rank([calm, split, edge, alone], D("0.6"), D(10)).offers}
    assert spreads == {"01": (D("0.10"), False), "02": (D("0.30"), True), "03": (D("0.20"), False),
                       "04": (None, False)}


def test_a_preliminary_ranking_recommends_nothing():
    items = [offer("01", "0.9", "90", "100"), offer("02", "0.8", "80", "100"), offer("03", "0.5", "50", "10")]
    preliminary = rank(items, D("0.6"), D("150"), missing_cards=2)
    assert not preliminary.final and preliminary.missing_cards == 2
    # 01 fits (100), 02 would make 200 > 150, 03 is below 60 %: none is called "recommended"
    assert [o.recommendation for o in preliminary.offers] == [
        Recommendation.PROVISIONAL, Recommendation.ABOVE_BUDGET, Recommendation.BELOW_THRESHOLD]
    assert preliminary.recommended_total == D(100)
    closed = rank(items, D("0.6"), D("150"), missing_cards=2, scoring_closed=True)
    assert closed.final and closed.offers[0].recommendation is Recommendation.RECOMMENDED
    complete = rank(items, D("0.6"), D("150"))
    assert complete.final and complete.offers[0].recommendation is Recommendation.RECOMMENDED


def test_a_reader_who_may_not_see_every_row_gets_no_places():
    items = [offer("03", "0.7", "70", "1"), offer("01", "0.9", "90", "1"), offer("02", "0.8", "80", "1")]
    ranking = rank(items, D("0.6"), D(10))
    partial = view_of(ranking, {"03", "01"})
    # visible rows in ranking order (01 before 03), the hidden one after them
    assert [(r.key, r.offer is None) for r in partial.rows] == [("01", False), ("03", False), ("02", True)]
    assert not partial.complete and partial.hidden == 1
    whole = view_of(ranking, {"01", "02", "03"})
    assert whole.complete and whole.hidden == 0 and [r.offer.position for r in whole.rows] == [1, 2, 3]
    nothing = view_of(ranking, set())
    assert [r.key for r in nothing.rows] == ["01", "02", "03"] and nothing.hidden == 3


def _result(points, share):
    return OfferResult(D(points), D(100), D(share), 3)


def test_tie_breaks_name_the_rule_that_separated_equal_shares():
    from app.core.ranking import TieBreak, tie_breaks

    board = rank([RankingInput("A", _result("70", "0.7000"), D(100)),
                  RankingInput("B", _result("71", "0.7000"), D(100)),
                  RankingInput("C", _result("71", "0.7000"), D(50)),
                  RankingInput("D", _result("71", "0.7000"), D(50)),
                  RankingInput("E", _result("90", "0.9000"), D(10))], D("0.6"), D(1000))
    assert [o.key for o in board.offers] == ["E", "C", "D", "B", "A"]
    assert tie_breaks(board) == {"D": TieBreak.NUMBER, "B": TieBreak.REQUESTED, "A": TieBreak.POINTS}


def test_no_tie_breaks_when_shares_differ():
    from app.core.ranking import tie_breaks

    board = rank([RankingInput("A", _result("70", "0.7000"), D(100)),
                  RankingInput("B", _result("60", "0.6000"), D(100)), RankingInput("C", None, D(5))],
                 D("0.6"), D(1000))
    assert tie_breaks(board) == {}
