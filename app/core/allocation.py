"""What the budget allows, going down the ranking: the call's rule for the offer at which the money runs out.

Rules (stated once; the call chooses one, the ranking page and the protocol state it):
- every offer at or above the threshold asks for its requested grant, or for the amount the chair set
  in its place (an adjustment, always with a reason);
- while the running total plus what an offer asks stays within the budget, the offer gets what it asks;
- at the first offer that no longer fits:
  - STOP: it and every offer below it get nothing;
  - SKIP: it gets nothing, and the offers below it are still considered (a smaller request may fit);
  - PARTIAL: it gets what is left of the budget if that is at least the call's minimum share of its
    request; otherwise it gets nothing and the offers below it are considered in the same way;
- the sum of the amounts never exceeds the budget.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class AllocationRule(StrEnum):
    """What happens at the offer at which the budget runs out."""

    STOP = "stop"
    SKIP = "skip"
    PARTIAL = "partial"


@dataclass(frozen=True)
class Claim:
    """One ranked offer's claim on the budget, in ranking order."""

    key: str
    requested: Decimal
    eligible: bool  # at or above the threshold
    adjusted: Decimal | None = None  # the chair's amount in place of the request

    @property
    def asks(self) -> Decimal:
        """What the offer is to get if the budget allows."""
        return self.requested if self.adjusted is None else self.adjusted


def allocate(claims: Sequence[Claim], budget: Decimal, rule: AllocationRule,
             min_partial_share: Decimal = Decimal(0)) -> dict[str, Decimal]:
    """Amount per offer key (0 for an offer that gets nothing), the claims taken in ranking order."""
    amounts: dict[str, Decimal] = {}
    left = budget
    stopped = False
    for claim in claims:
        amount = Decimal(0)
        if claim.eligible and not stopped:
            if claim.asks <= left:
                amount = claim.asks
            elif rule is AllocationRule.STOP:
                stopped = True
            elif rule is AllocationRule.PARTIAL and left > 0 and left >= min_partial_share * claim.requested:
                amount = left
        amounts[claim.key] = amount
        left -= amount
    return amounts
