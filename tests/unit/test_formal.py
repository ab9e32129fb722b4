"""Formal-check rules, with the default checklist."""

from datetime import date

import pytest

from app.core.formal import DEFAULT_CHECKLIST, Answer, FormalProblem, Outcome, checklist_problems

TODAY = date(2026, 11, 25)
ALL_YES = {item.id: Answer.YES for item in DEFAULT_CHECKLIST}


def problems(answers, outcome, reason="", supplement_by=None):
    return checklist_problems(DEFAULT_CHECKLIST, answers, outcome, reason, supplement_by, TODAY)


def test_default_checklist_covers_the_brief():
    ids = [item.id for item in DEFAULT_CHECKLIST]
    assert ids[:7] == ["on_time", "eligible", "form", "statute", "signed", "own_share", "budget"]
    assert [item.id for item in DEFAULT_CHECKLIST if item.attachment] == ["krs", "power_of_attorney", "partnership"]


def test_admitted_with_every_answer_yes_or_not_applicable():
    answers = {**ALL_YES, "power_of_attorney": Answer.NOT_APPLICABLE}
    assert problems(answers, Outcome.ADMITTED) == []


def test_an_offer_with_a_no_cannot_be_admitted():
    assert problems({**ALL_YES, "signed": Answer.NO}, Outcome.ADMITTED) == [FormalProblem.ADMITTED_WITH_NO]


def test_every_item_must_be_answered():
    partial = dict(ALL_YES)
    del partial["krs"]
    assert problems(partial, Outcome.ADMITTED) == [FormalProblem.UNANSWERED]
    assert problems({**ALL_YES, "bogus": Answer.YES}, Outcome.ADMITTED) == [FormalProblem.UNKNOWN_ITEM]


def test_rejection_needs_a_reason():
    answers = {**ALL_YES, "on_time": Answer.NO}
    assert problems(answers, Outcome.REJECTED, "za późno") == [FormalProblem.REASON_MISSING]
    assert problems(answers, Outcome.REJECTED, "Oferta wpłynęła po terminie (03.12.2026).") == []


@pytest.mark.parametrize("answers, reason, deadline, expected", [
    ({**ALL_YES, "krs": Answer.NO}, "Brak odpisu z KRS.", date(2026, 12, 2), []),
    (ALL_YES, "Brak odpisu z KRS.", date(2026, 12, 2), [FormalProblem.NOTHING_TO_SUPPLEMENT]),
    ({**ALL_YES, "krs": Answer.NO}, "", date(2026, 12, 2), [FormalProblem.REASON_MISSING]),
    ({**ALL_YES, "krs": Answer.NO}, "Brak odpisu z KRS.", None, [FormalProblem.DEADLINE_MISSING]),
    ({**ALL_YES, "krs": Answer.NO}, "Brak odpisu z KRS.", date(2026, 11, 24), [FormalProblem.DEADLINE_PAST]),
    ({**ALL_YES, "krs": Answer.NO}, "Brak odpisu z KRS.", TODAY, []),
])
def test_to_be_supplemented(answers, reason, deadline, expected):
    assert problems(answers, Outcome.TO_SUPPLEMENT, reason, deadline) == expected
