"""An updated offer (aktualizacja oferty): an applicant granted less than it asked for adjusts its budget.

Rules (stated once):
- the update is checked with the same consistency checks as the offer (offer_checks.check_offer);
- and its grant (V.B row 2) must be the amount the decision granted, neither more nor less;
- the original and the updated figures are shown side by side: V.B rows, the V.A parts, and each
  cost row (matched by its number, or its position when it has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import round_share
from .offer import CostCategory, Offer, category_totals
from .offer_checks import CallTerms, OfferIssue, Severity, check_offer, cost_row_label


@dataclass(frozen=True)
class UpdateFindings:
    """What the checks find in an updated offer."""

    issues: list[OfferIssue]  # the offer's own consistency checks
    grant: Decimal  # V.B row 2 of the update
    awarded: Decimal  # what the decision granted

    @property
    def grant_matches(self) -> bool:
        """True when the update asks for exactly the amount awarded."""
        return self.grant == self.awarded

    @property
    def ok(self) -> bool:
        """No error among the checks and the grant as awarded (warnings do not count)."""
        return self.grant_matches and all(i.severity is Severity.WARNING for i in self.issues)


def update_findings(updated: Offer, terms: CallTerms, awarded: Decimal) -> UpdateFindings:
    """The offer's checks, and the grant held to the amount awarded."""
    return UpdateFindings(check_offer(updated, terms), updated.funding.grant, awarded)


@dataclass(frozen=True)
class ComparedFigure:
    """One figure of the original offer and of its update (None where a row exists on one side only)."""

    key: str  # a V.B row ("total_costs", …), a V.A part ("actions", "administrative"), or a cost row's label
    original: Decimal | None
    updated: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        """Updated minus original, where both exist."""
        return None if self.original is None or self.updated is None else self.updated - self.original


@dataclass(frozen=True)
class BudgetComparison:
    """The original and the updated budget side by side."""

    funding: tuple[ComparedFigure, ...]
    parts: tuple[ComparedFigure, ...]
    cost_rows: tuple[ComparedFigure, ...]
    own_share: tuple[Decimal | None, Decimal | None]  # own contribution (row 3) as a share of total costs


FUNDING_ROWS = ("total_costs", "grant", "own_financial", "own_non_financial", "participant_payments")


def compare_budgets(original: Offer, updated: Offer) -> BudgetComparison:
    """The figures of the original offer and of its update, row by row."""
    funding = tuple(ComparedFigure(name, getattr(original.funding, name), getattr(updated.funding, name))
                    for name in FUNDING_ROWS)
    before, after = category_totals(original.costs), category_totals(updated.costs)
    parts = tuple(ComparedFigure(c.value, before[c], after[c]) for c in CostCategory)
    originals = {cost_row_label(row, i): row.value for i, row in enumerate(original.costs)}
    updates = {cost_row_label(row, i): row.value for i, row in enumerate(updated.costs)}
    labels = list(originals) + [label for label in updates if label not in originals]
    rows = tuple(ComparedFigure(label, originals.get(label), updates.get(label)) for label in labels)
    return BudgetComparison(funding, parts, rows, (_own_share(original), _own_share(updated)))


def _own_share(offer: Offer) -> Decimal | None:
    total = offer.funding.total_costs
    return None if total <= 0 else round_share(offer.funding.own_total / total)
