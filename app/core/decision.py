"""The mayor's decision against the committee's opinion.

Rules (stated once):
- the committee only gives an opinion; the decision (zarządzenie) sets the final amounts;
- an amount is from 0 to what the offer requested;
- an amount other than the one the opinion proposed needs a note saying why;
- the amounts together stay within the call's budget;
- the results follow the decision wherever there is one, else the opinion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class DecisionProblem(StrEnum):
    """What is wrong with one offer's line of the decision."""

    AMOUNT_OUT_OF_RANGE = "amount_out_of_range"
    NOTE_REQUIRED = "note_required"


@dataclass(frozen=True)
class DecisionEntry:
    """One offer's amount in the decision, as typed."""

    key: str
    requested: Decimal
    amount: Decimal
    note: str = ""


def decision_problems(entries: Sequence[DecisionEntry], opinion: Mapping[str, Decimal]) -> dict[str, DecisionProblem]:
    """Problems per offer key; empty when every line can be recorded."""
    problems = {}
    for entry in entries:
        if not 0 <= entry.amount <= entry.requested:
            problems[entry.key] = DecisionProblem.AMOUNT_OUT_OF_RANGE
        elif entry.amount != opinion.get(entry.key, Decimal(0)) and not entry.note.strip():
            problems[entry.key] = DecisionProblem.NOTE_REQUIRED
    return problems


def within_budget(entries: Sequence[DecisionEntry], budget: Decimal) -> bool:
    """True when the decision's amounts together do not exceed the budget."""
    return sum((e.amount for e in entries), Decimal(0)) <= budget


def final_amounts(opinion: Mapping[str, Decimal], decided: Mapping[str, Decimal] | None) -> dict[str, Decimal]:
    """What each offer is granted: the decision's amount where there is a decision, else the opinion's proposal."""
    if decided is None:
        return dict(opinion)
    return {key: decided.get(key, Decimal(0)) for key in opinion}
