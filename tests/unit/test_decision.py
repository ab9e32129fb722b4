"""The decision against the opinion, on hand-computed cases."""

from decimal import Decimal as D

from app.core.decision import DecisionEntry, DecisionProblem, decision_problems, final_amounts, within_budget

OPINION = {"01": D(60000), "02": D(40000), "03": D(0)}


def test_the_same_amounts_need_no_note():
    entries = [DecisionEntry("01", D(60000), D(60000)), DecisionEntry("02", D(50000), D(40000))]
    assert decision_problems(entries, OPINION) == {}


def test_a_difference_needs_a_note_and_amounts_stay_within_the_request():
    entries = [DecisionEntry("01", D(60000), D(50000)), DecisionEntry("02", D(50000), D(50001), "więcej"),
               DecisionEntry("03", D(10000), D(10000), "  "), DecisionEntry("04", D(5), D(-1), "x")]
    assert decision_problems(entries, OPINION) == {
        "01": DecisionProblem.NOTE_REQUIRED, "02": DecisionProblem.AMOUNT_OUT_OF_RANGE,
        "03": DecisionProblem.NOTE_REQUIRED, "04": DecisionProblem.AMOUNT_OUT_OF_RANGE}
    assert decision_problems([DecisionEntry("01", D(60000), D(50000), "Zmniejszono koszty")], OPINION) == {}


def test_budget():
    entries = [DecisionEntry("01", D(60000), D(60000)), DecisionEntry("02", D(50000), D(40000))]
    assert within_budget(entries, D(100000)) and not within_budget(entries, D("99999.99"))


def test_results_follow_the_decision():
    assert final_amounts(OPINION, None) == OPINION
    assert final_amounts(OPINION, {"01": D(55000), "03": D(5000)}) == {"01": D(55000), "02": D(0), "03": D(5000)}
