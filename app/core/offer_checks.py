"""Consistency checks of an offer's figures and dates against the call's terms.

The one rounding rule: the required minimum own contribution, min_own_share × the call's
base (the requested grant or the total costs), is rounded UP to the grosz (0.01), so that an
offer short of the minimum by a fraction of a grosz is never passed. Every other comparison is exact; a share shown in
a warning is rounded only for display, by numbers.round_share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any

from .numbers import round_share
from .offer import CostCategory, CostRow, FundingSources, Offer, category_totals, cost_total
from .rubric import CallMode

MONEY_QUANTUM = Decimal("0.01")
DEFAULT_ADMINISTRATIVE_WARNING_SHARE = Decimal("0.15")
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


class OwnShareBase(StrEnum):
    """What the minimum own contribution is a share of, as the call announcement says.

    Wrocław's CAL calls (2021 Księże: 1 %, 2023: 1,5 %) set it as a share of the requested
    grant; other calls use the total costs of the task.
    """

    GRANT = "grant"  # V.B row 2
    TOTAL_COSTS = "total_costs"  # V.B row 1


class OwnShareRows(StrEnum):
    """Which rows of V.B the call counts as the own contribution."""

    FINANCIAL = "3.1"  # "wkład finansowy"
    OWN = "3.1+3.2"  # "finansowy i/lub osobowy, rzeczowy"
    OWN_AND_PAYMENTS = "3.1+3.2+4"  # also the participants' payments (row 4)


@dataclass(frozen=True)
class OwnShareCheck:
    """The figures of the minimum own contribution for one offer: what counts, of what, and what is required."""

    counted: Decimal
    base: Decimal
    required: Decimal

    @property
    def met(self) -> bool:
        """True when the counted contribution reaches the required minimum."""
        return self.counted >= self.required


@dataclass(frozen=True)
class CallTerms:
    """What the call announcement fixes for the offers' figures and dates.

    In "wsparcie" the minimum own contribution always applies. "Powierzenie" funds the
    task in full, so there the minimum applies only when the call sets min_own_share > 0.
    """

    mode: CallMode
    min_own_share: Decimal = _ZERO
    own_share_base: OwnShareBase = OwnShareBase.TOTAL_COSTS
    own_share_rows: OwnShareRows = OwnShareRows.OWN
    window_start: date | None = None
    window_end: date | None = None
    max_grant: Decimal | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "own_share_base", OwnShareBase(self.own_share_base))
        object.__setattr__(self, "own_share_rows", OwnShareRows(self.own_share_rows))
        if not _ZERO <= self.min_own_share <= 1:
            raise ValueError(f"min_own_share must be a share between 0 and 1, got {self.min_own_share}")
        if self.window_start and self.window_end and self.window_start > self.window_end:
            raise ValueError(f"call window starts {self.window_start} after it ends {self.window_end}")
        if self.max_grant is not None and self.max_grant < 0:
            raise ValueError(f"max_grant must not be negative, got {self.max_grant}")

    @property
    def own_share_applies(self) -> bool:
        """True when the offer must reach the minimum own contribution."""
        return self.mode is CallMode.SUPPORT or self.min_own_share > 0


def minimum_own_contribution(terms: CallTerms, funding: FundingSources) -> Decimal:
    """min_own_share × the call's base (grant or total costs), rounded up to the grosz."""
    return (terms.min_own_share * own_share_base(terms, funding)).quantize(MONEY_QUANTUM, rounding=ROUND_CEILING)


def own_share_base(terms: CallTerms, funding: FundingSources) -> Decimal:
    """The amount the minimum is a share of: V.B row 2 (grant) or row 1 (total costs)."""
    return funding.grant if terms.own_share_base is OwnShareBase.GRANT else funding.total_costs


def counted_own_contribution(terms: CallTerms, funding: FundingSources) -> Decimal:
    """The sum of the V.B rows the call counts as the own contribution."""
    counted = funding.own_financial
    if terms.own_share_rows in (OwnShareRows.OWN, OwnShareRows.OWN_AND_PAYMENTS):
        counted += funding.own_non_financial
    if terms.own_share_rows is OwnShareRows.OWN_AND_PAYMENTS:
        counted += funding.participant_payments
    return counted


def own_share_check(terms: CallTerms, funding: FundingSources) -> OwnShareCheck | None:
    """The one rule of the minimum own contribution, for entry, self-check, import and updated budget."""
    if not terms.own_share_applies:
        return None
    return OwnShareCheck(counted_own_contribution(terms, funding), own_share_base(terms, funding),
                         minimum_own_contribution(terms, funding))


class Severity(StrEnum):
    """An error makes the offer inconsistent; a warning asks the reader to look again."""

    ERROR = "error"
    WARNING = "warning"


class IssueCode(StrEnum):
    """What check_offer can find, with the params each code carries.

    "units" is a Decimal number of units, *_percent a Decimal percentage (1.5 for 1.5 %),
    "year" and "task_years" are ints, start/end/window_* are dates; every other param is
    an amount in PLN (Decimal). A message may also use %(row)s (OfferIssue.row).
    """

    START_DATE_MISSING = "start_date_missing"  # —
    END_DATE_MISSING = "end_date_missing"  # —
    DATES_REVERSED = "dates_reversed"  # start, end
    STARTS_BEFORE_WINDOW = "starts_before_window"  # start, window_start
    STARTS_AFTER_WINDOW = "starts_after_window"  # start, window_end
    ENDS_BEFORE_WINDOW = "ends_before_window"  # end, window_start
    ENDS_AFTER_WINDOW = "ends_after_window"  # end, window_end
    NEGATIVE_AMOUNT = "negative_amount"  # amount
    COST_VALUE_MISMATCH = "cost_value_mismatch"  # unit_cost, units, product, value
    COST_UNITS_MISSING = "cost_units_missing"  # value, units
    COST_YEARS_MISMATCH = "cost_years_mismatch"  # years_total, value
    COST_AFTER_TASK_END = "cost_after_task_end"  # year, task_years (int)
    ADMINISTRATIVE_SHARE_HIGH = "administrative_share_high"  # administrative_total, costs_total, *_percent
    COSTS_TOTAL_MISMATCH = "costs_total_mismatch"  # costs_total, total_costs
    COST_TABLE_TOTAL_MISMATCH = "cost_table_total_mismatch"  # stated_total, costs_total (a file's own V.A total row)
    FUNDING_SUM_MISMATCH = "funding_sum_mismatch"  # total_costs, grant, own_total, participant_payments, sources_total
    OWN_SHARE_TOO_LOW = "own_share_too_low"  # own, required, min_share_percent, base; row: the rows counted
    OWN_SHARE_OF_GRANT_TOO_LOW = "own_share_of_grant_too_low"  # as OWN_SHARE_TOO_LOW; base is the grant
    GRANT_ABOVE_MAXIMUM = "grant_above_maximum"  # grant, max_grant
    GRANT_COVERS_ALL_COSTS = "grant_covers_all_costs"  # grant, total_costs
    COST_SPLIT_MISSING = "cost_split_missing"  # —
    COST_SPLIT_MISMATCH = "cost_split_mismatch"  # split_total, costs_total


WARNINGS = frozenset({IssueCode.COST_AFTER_TASK_END, IssueCode.ADMINISTRATIVE_SHARE_HIGH,
                      IssueCode.GRANT_COVERS_ALL_COSTS})


@dataclass(frozen=True)
class OfferIssue:
    """One inconsistency: where on the form (section, row label, row position) and the figures involved."""

    code: IssueCode
    section: str
    row: str | None = None
    index: int | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def severity(self) -> Severity:
        """Error or warning, fixed per code."""
        return Severity.WARNING if self.code in WARNINGS else Severity.ERROR


def check_offer(offer: Offer, terms: CallTerms, *,
                administrative_warning_share: Decimal = DEFAULT_ADMINISTRATIVE_WARNING_SHARE) -> list[OfferIssue]:
    """Every inconsistency of the offer's dates and figures, in the order of the form."""
    return [
        *_date_issues(offer, terms),
        *_cost_row_issues(offer),
        *_cost_total_issues(offer, administrative_warning_share),
        *_funding_issues(offer, terms),
        *_cost_split_issues(offer),
    ]


def cost_row_label(row: CostRow, index: int) -> str:
    """How a V.A row is referred to: its number ("I.2"), or "#3" when it has none."""
    return row.number.strip() or f"#{index + 1}"


def task_years(offer: Offer) -> int | None:
    """How many calendar years the task spans (the Rok columns it may use); None without valid dates."""
    start, end = offer.start_date, offer.end_date
    if start is None or end is None or start > end:
        return None
    return end.year - start.year + 1


def _date_issues(offer: Offer, terms: CallTerms) -> list[OfferIssue]:
    start, end = offer.start_date, offer.end_date
    first, last = terms.window_start, terms.window_end
    found: list[tuple[IssueCode, dict[str, Any]]] = []
    if start is None:
        found.append((IssueCode.START_DATE_MISSING, {}))
    if end is None:
        found.append((IssueCode.END_DATE_MISSING, {}))
    if start and end and start > end:
        found.append((IssueCode.DATES_REVERSED, {"start": start, "end": end}))
    if start and first and start < first:
        found.append((IssueCode.STARTS_BEFORE_WINDOW, {"start": start, "window_start": first}))
    if start and last and start > last:
        found.append((IssueCode.STARTS_AFTER_WINDOW, {"start": start, "window_end": last}))
    if end and first and end < first:
        found.append((IssueCode.ENDS_BEFORE_WINDOW, {"end": end, "window_start": first}))
    if end and last and end > last:
        found.append((IssueCode.ENDS_AFTER_WINDOW, {"end": end, "window_end": last}))
    return [OfferIssue(code, "III.2", params=params) for code, params in found]


def _cost_row_issues(offer: Offer) -> list[OfferIssue]:
    years = task_years(offer)
    return [OfferIssue(code, "V.A", cost_row_label(row, index), index, params)
            for index, row in enumerate(offer.costs) for code, params in _cost_row_findings(row, years)]


def _cost_row_findings(row: CostRow, years: int | None) -> list[tuple[IssueCode, dict[str, Any]]]:
    found: list[tuple[IssueCode, dict[str, Any]]] = [
        (IssueCode.NEGATIVE_AMOUNT, {"amount": amount})
        for amount in (row.unit_cost, row.units, row.value, *row.by_year) if amount < 0]
    product = row.unit_cost * row.units
    if row.value > 0 and row.units <= 0:
        # The product is then 0 too; "give the number of units" alone is the useful message.
        found.append((IssueCode.COST_UNITS_MISSING, {"value": row.value, "units": row.units}))
    elif product != row.value:
        found.append((IssueCode.COST_VALUE_MISMATCH,
                      {"unit_cost": row.unit_cost, "units": row.units, "product": product, "value": row.value}))
    years_total = sum(row.by_year, _ZERO)
    if years_total != row.value:
        found.append((IssueCode.COST_YEARS_MISMATCH, {"years_total": years_total, "value": row.value}))
    if years is not None:
        found += [(IssueCode.COST_AFTER_TASK_END, {"year": year, "task_years": years})
                  for year, amount in enumerate(row.by_year[years:], start=years + 1) if amount != 0]
    return found


def _cost_total_issues(offer: Offer, warning_share: Decimal) -> list[OfferIssue]:
    issues = []
    costs_total = cost_total(offer.costs)
    administrative = category_totals(offer.costs)[CostCategory.ADMINISTRATIVE]
    # Compared without dividing, so the threshold itself is never rounded.
    if costs_total > 0 and administrative > warning_share * costs_total:
        issues.append(OfferIssue(IssueCode.ADMINISTRATIVE_SHARE_HIGH, "V.A", "II", params={
            "administrative_total": administrative, "costs_total": costs_total,
            "administrative_percent": round_share(administrative / costs_total) * _HUNDRED,
            "threshold_percent": warning_share * _HUNDRED}))
    if costs_total != offer.funding.total_costs:
        issues.append(OfferIssue(IssueCode.COSTS_TOTAL_MISMATCH, "V.B", "1", params={
            "costs_total": costs_total, "total_costs": offer.funding.total_costs}))
    return issues


def _funding_issues(offer: Offer, terms: CallTerms) -> list[OfferIssue]:
    funding = offer.funding
    rows = (("1", funding.total_costs), ("2", funding.grant), ("3.1", funding.own_financial),
            ("3.2", funding.own_non_financial), ("4", funding.participant_payments))
    issues = [OfferIssue(IssueCode.NEGATIVE_AMOUNT, "V.B", row, params={"amount": amount})
              for row, amount in rows if amount < 0]
    if funding.total_costs != funding.sources_total:
        issues.append(OfferIssue(IssueCode.FUNDING_SUM_MISMATCH, "V.B", "1", params={
            "total_costs": funding.total_costs, "grant": funding.grant, "own_total": funding.own_total,
            "participant_payments": funding.participant_payments, "sources_total": funding.sources_total}))
    own_share = own_share_check(terms, funding)
    if own_share is not None and not own_share.met:
        # The issue's code names the base, so that the message can say "of the grant" or "of the total costs".
        code = (IssueCode.OWN_SHARE_TOO_LOW if terms.own_share_base is OwnShareBase.TOTAL_COSTS
                else IssueCode.OWN_SHARE_OF_GRANT_TOO_LOW)
        issues.append(OfferIssue(code, "V.B", terms.own_share_rows.value, params={
            "own": own_share.counted, "required": own_share.required,
            "min_share_percent": terms.min_own_share * _HUNDRED, "base": own_share.base}))
    if terms.max_grant is not None and funding.grant > terms.max_grant:
        issues.append(OfferIssue(IssueCode.GRANT_ABOVE_MAXIMUM, "V.B", "2", params={
            "grant": funding.grant, "max_grant": terms.max_grant}))
    # "Wsparcie" is co-funding (dofinansowanie): a grant that pays for everything is worth a second look.
    if terms.mode is CallMode.SUPPORT and 0 < funding.total_costs <= funding.grant:
        issues.append(OfferIssue(IssueCode.GRANT_COVERS_ALL_COSTS, "V.B", "2", params={
            "grant": funding.grant, "total_costs": funding.total_costs}))
    return issues


def _cost_split_issues(offer: Offer) -> list[OfferIssue]:
    if not offer.cost_split:
        return [OfferIssue(IssueCode.COST_SPLIT_MISSING, "V.C")] if offer.is_joint else []
    issues = [OfferIssue(IssueCode.NEGATIVE_AMOUNT, "V.C", str(index + 1), index, {"amount": share.amount})
              for index, share in enumerate(offer.cost_split) if share.amount < 0]
    # V.C divides the costs of V.A between the applicants, so it is compared with the V.A total.
    split_total = sum((share.amount for share in offer.cost_split), _ZERO)
    costs_total = cost_total(offer.costs)
    if split_total != costs_total:
        issues.append(OfferIssue(IssueCode.COST_SPLIT_MISMATCH, "V.C", params={
            "split_total": split_total, "costs_total": costs_total}))
    return issues
