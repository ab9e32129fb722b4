"""The formal check (ocena formalna): a checklist answered TAK / NIE / NIE DOTYCZY and its outcome.

Rules: every item is answered; an offer is admitted only when no item is answered NIE; a
rejection states its reason; "to be supplemented" names what is missing and a date, not in
the past, by which the applicant supplements it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .rubric import LocalizedText

MIN_REASON_CHARS = 10


class Answer(StrEnum):
    """An answer on the checklist."""

    YES = "tak"
    NO = "nie"
    NOT_APPLICABLE = "nie_dotyczy"


class Outcome(StrEnum):
    """What the formal check decides."""

    ADMITTED = "admitted"
    REJECTED = "rejected"
    TO_SUPPLEMENT = "to_supplement"


class FormalProblem(StrEnum):
    """Why a formal check cannot be recorded as it stands."""

    UNANSWERED = "unanswered"
    UNKNOWN_ITEM = "unknown_item"
    ADMITTED_WITH_NO = "admitted_with_no"
    REASON_MISSING = "reason_missing"
    NOTHING_TO_SUPPLEMENT = "nothing_to_supplement"
    DEADLINE_MISSING = "deadline_missing"
    DEADLINE_PAST = "deadline_past"
    PRIOR_TASKS_UNSETTLED = "prior_tasks_unsettled"


@dataclass(frozen=True)
class ChecklistItem:
    """One question of the checklist; attachments are items too ("the statute is attached")."""

    id: str
    text: LocalizedText
    attachment: bool = False


# The usual checklist of a Polish municipal call (procedure brief); a call can replace it.
DEFAULT_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("on_time", LocalizedText("Oferta została złożona w terminie określonym w ogłoszeniu.",
                                           "The offer was submitted by the deadline in the call.")),
    ChecklistItem("eligible", LocalizedText("Oferent jest podmiotem uprawnionym do udziału w konkursie.",
                                            "The applicant is eligible to take part in the competition.")),
    ChecklistItem("form", LocalizedText("Oferta została złożona na formularzu określonym w ogłoszeniu.",
                                        "The offer was submitted on the form required by the call.")),
    ChecklistItem("statute", LocalizedText(
        "Zadanie mieści się w działalności statutowej oferenta.",
        "The task falls within the applicant's statutory activity.")),
    ChecklistItem("signed", LocalizedText(
        "Oferta została podpisana przez osoby upoważnione do reprezentowania oferenta.",
        "The offer is signed by the persons authorised to represent the applicant.")),
    ChecklistItem("own_share", LocalizedText(
        "Wkład własny nie jest niższy niż wymagany w ogłoszeniu.",
        "The own contribution is not lower than the call requires.")),
    ChecklistItem("budget", LocalizedText(
        "Wnioskowana kwota dotacji mieści się w limitach określonych w ogłoszeniu.",
        "The grant requested is within the limits set by the call.")),
    ChecklistItem("krs", LocalizedText(
        "Załączono aktualny odpis z Krajowego Rejestru Sądowego lub innego właściwego rejestru.",
        "A current extract from the National Court Register or another register is attached."), attachment=True),
    ChecklistItem("power_of_attorney", LocalizedText(
        "Załączono pełnomocnictwo, jeżeli ofertę podpisał pełnomocnik.",
        "A power of attorney is attached if the offer was signed by a proxy."), attachment=True),
    ChecklistItem("partnership", LocalizedText(
        "Załączono umowę partnerską lub list intencyjny, jeżeli oferta je przewiduje.",
        "A partnership agreement or letter of intent is attached if the offer provides for one."),
        attachment=True),
)


def checklist_problems(items: Sequence[ChecklistItem], answers: Mapping[str, Answer], outcome: Outcome,
                       reason: str, supplement_by: date | None, today: date, *,
                       prior_tasks: bool | None = None, prior_tasks_needed: bool = False) -> list[FormalProblem]:
    """Everything that stops this formal check from being recorded.

    prior_tasks_needed: the rubric has a criterion of art. 15 ust. 1 pkt 6 (the applicant's earlier
    commissioned tasks); then an admitted offer needs the office's answer, so that every member
    scores it out of the same maximum.
    """
    known = {item.id for item in items}
    problems: list[FormalProblem] = []
    if any(item_id not in known for item_id in answers):
        problems.append(FormalProblem.UNKNOWN_ITEM)
    if any(item.id not in answers for item in items):
        problems.append(FormalProblem.UNANSWERED)
    negative = any(answers.get(item.id) is Answer.NO for item in items)
    has_reason = len(reason.strip()) >= MIN_REASON_CHARS
    if outcome is Outcome.ADMITTED and negative:
        problems.append(FormalProblem.ADMITTED_WITH_NO)
    if outcome is Outcome.REJECTED and not has_reason:
        problems.append(FormalProblem.REASON_MISSING)
    if outcome is Outcome.ADMITTED and prior_tasks_needed and prior_tasks is None:
        problems.append(FormalProblem.PRIOR_TASKS_UNSETTLED)
    if outcome is Outcome.TO_SUPPLEMENT:
        if not negative:
            problems.append(FormalProblem.NOTHING_TO_SUPPLEMENT)
        if not has_reason:
            problems.append(FormalProblem.REASON_MISSING)
        if supplement_by is None:
            problems.append(FormalProblem.DEADLINE_MISSING)
        elif supplement_by < today:
            problems.append(FormalProblem.DEADLINE_PAST)
    return problems
