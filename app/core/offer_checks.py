"""Consistency checks of an offer against the call's terms, and how complete a draft is.

The one rounding rule: the required minimum own contribution, min_own_share × total
costs, is rounded UP to the grosz (0.01), so that an offer short of the minimum by a
fraction of a grosz is never passed. Every other comparison is exact; a share shown in
a warning is rounded only for display, by numbers.round_share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any

from .numbers import round_share
from .offer import CostCategory, CostRow, Offer, category_totals, cost_total
from .rubric import CallMode
from .source_text import word_count

MONEY_QUANTUM = Decimal("0.01")
DEFAULT_ADMINISTRATIVE_WARNING_SHARE = Decimal("0.15")
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CallTerms:
    """What the call announcement fixes for the offers' figures and dates.

    In "wsparcie" the minimum own contribution always applies. "Powierzenie" funds the
    task in full, so there the minimum applies only when the call sets min_own_share > 0.
    """

    mode: CallMode
    min_own_share: Decimal = _ZERO
    own_share_financial_only: bool = False
    window_start: date | None = None
    window_end: date | None = None
    max_grant: Decimal | None = None

    def __post_init__(self) -> None:
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


def minimum_own_contribution(terms: CallTerms, total_costs: Decimal) -> Decimal:
    """min_own_share × total costs, rounded up to the grosz."""
    return (terms.min_own_share * total_costs).quantize(MONEY_QUANTUM, rounding=ROUND_CEILING)


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
    FUNDING_SUM_MISMATCH = "funding_sum_mismatch"  # total_costs, grant, own_total, participant_payments, sources_total
    OWN_SHARE_TOO_LOW = "own_share_too_low"  # own, required, min_share_percent, total_costs
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
    if terms.own_share_applies:
        own = funding.own_financial if terms.own_share_financial_only else funding.own_total
        required = minimum_own_contribution(terms, funding.total_costs)
        row = "3.1" if terms.own_share_financial_only else "3"
        if own < required:
            issues.append(OfferIssue(IssueCode.OWN_SHARE_TOO_LOW, "V.B", row, params={
                "own": own, "required": required, "min_share_percent": terms.min_own_share * _HUNDRED,
                "total_costs": funding.total_costs}))
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


class SectionState(StrEnum):
    """How far a section of a draft is filled in."""

    MISSING = "missing"
    THIN = "thin"
    COMPLETE = "complete"


class CompletenessCode(StrEnum):
    """Why a section is missing or thin, with what each code carries.

    "field" is Gap.field_name (shown as a label), "row" is Gap.row; the rest are Gap.params, all ints.
    """

    COMPLETE = "complete"  # —
    SECTION_EMPTY = "section_empty"  # —
    FIELD_MISSING = "field_missing"  # field
    TOO_FEW_WORDS = "too_few_words"  # field, words, min_words
    ROW_FIELD_MISSING = "row_field_missing"  # row, field
    ROW_TOO_FEW_WORDS = "row_too_few_words"  # row, field, words, min_words
    TOO_FEW_ACTIONS = "too_few_actions"  # actions, min_actions
    TOO_FEW_RESULTS = "too_few_results"  # results, min_results
    NO_CONTACT_CHANNEL = "no_contact_channel"  # —
    NO_ACTION_COSTS = "no_action_costs"  # —


@dataclass(frozen=True)
class Gap:
    """One concrete thing missing from a section: a field (named as in the dataclasses), maybe in a table row."""

    code: CompletenessCode
    field_name: str | None = None
    row: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False)


@dataclass(frozen=True)
class SectionStatus:
    """A section's state and every gap found in it, in the order of the form."""

    section: str
    state: SectionState
    gaps: tuple[Gap, ...] = ()

    @property
    def reason(self) -> CompletenessCode:
        """The first gap's code, or COMPLETE."""
        return self.gaps[0].code if self.gaps else CompletenessCode.COMPLETE


@dataclass(frozen=True)
class CompletenessThresholds:
    """Below these a filled-in text (in words) or table (in rows) is "thin".

    Set for a year-long CAL programme: the needs (III.3), the results (III.5) and the
    experience (IV.1) must each be argued in a paragraph (40 words); the place and a
    title can be short; a CAL plan has several actions, so one or two is thin.
    Where a call waives III.6 (the form allows it), the UI leaves that section out.
    """

    title_words: int = 3
    place_words: int = 3
    target_group_words: int = 10
    needs_words: int = 40
    complementarity_words: int = 20
    min_actions: int = 3
    action_description_words: int = 8
    expected_results_words: int = 40
    min_results: int = 2
    experience_words: int = 40
    resources_words: int = 30


def completeness(offer: Offer, thresholds: CompletenessThresholds | None = None) -> list[SectionStatus]:
    """The state of each section II.1–V.B of a draft, with the concrete gaps."""
    t = thresholds or CompletenessThresholds()
    summary = offer.summary
    sections: list[tuple[str, bool, list[Gap]]] = [
        ("II.1", any(_filled(a.name, a.legal_form, a.register_number, a.address) for a in offer.applicants),
         _applicant_gaps(offer)),
        ("II.2", _filled(offer.contact.name, offer.contact.email, offer.contact.phone), _contact_gaps(offer)),
        ("III.1", _filled(offer.title), _text_gaps({"title": (offer.title, t.title_words)})),
        ("III.2", offer.start_date is not None or offer.end_date is not None,
         [Gap(CompletenessCode.FIELD_MISSING, name) for name in ("start_date", "end_date")
          if getattr(offer, name) is None]),
        ("III.3", _filled(summary.place, summary.target_group, summary.needs, summary.complementarity),
         _text_gaps({"place": (summary.place, t.place_words),
                     "target_group": (summary.target_group, t.target_group_words),
                     "needs": (summary.needs, t.needs_words),
                     "complementarity": (summary.complementarity, t.complementarity_words)})),
        ("III.4", bool(offer.actions), _action_gaps(offer, t)),
        ("III.5", _filled(offer.expected_results),
         _text_gaps({"expected_results": (offer.expected_results, t.expected_results_words)})),
        ("III.6", bool(offer.results), _result_gaps(offer, t)),
        ("IV.1", _filled(offer.experience), _text_gaps({"experience": (offer.experience, t.experience_words)})),
        ("IV.2", _filled(offer.resources), _text_gaps({"resources": (offer.resources, t.resources_words)})),
        ("V.A", bool(offer.costs), _cost_gaps(offer)),
        ("V.B", any(amount != 0 for amount in _funding_rows(offer)), _funding_gaps(offer)),
    ]
    return [_status(section, entered, gaps) for section, entered, gaps in sections]


def _status(section: str, entered: bool, gaps: list[Gap]) -> SectionStatus:
    if not entered:
        return SectionStatus(section, SectionState.MISSING, (Gap(CompletenessCode.SECTION_EMPTY),))
    return SectionStatus(section, SectionState.THIN if gaps else SectionState.COMPLETE, tuple(gaps))


def _filled(*texts: str) -> bool:
    return any(text.strip() for text in texts)


def _text_gaps(texts: dict[str, tuple[str, int]], row: str | None = None) -> list[Gap]:
    """FIELD_MISSING for an empty text, TOO_FEW_WORDS below its threshold (ROW_* inside a table row)."""
    missing, short = ((CompletenessCode.FIELD_MISSING, CompletenessCode.TOO_FEW_WORDS) if row is None
                      else (CompletenessCode.ROW_FIELD_MISSING, CompletenessCode.ROW_TOO_FEW_WORDS))
    gaps = []
    for name, (text, min_words) in texts.items():
        words = word_count(text)
        if not text.strip():
            gaps.append(Gap(missing, name, row))
        elif words < min_words:
            gaps.append(Gap(short, name, row, {"words": words, "min_words": min_words}))
    return gaps


def _applicant_gaps(offer: Offer) -> list[Gap]:
    return _table_gaps([{"name": (a.name, 1), "legal_form": (a.legal_form, 1),
                         "register_number": (a.register_number, 1), "address": (a.address, 1)}
                        for a in offer.applicants])


def _contact_gaps(offer: Offer) -> list[Gap]:
    gaps = _text_gaps({"name": (offer.contact.name, 1)})
    if not _filled(offer.contact.email, offer.contact.phone):
        gaps.append(Gap(CompletenessCode.NO_CONTACT_CHANNEL))
    return gaps


def _action_gaps(offer: Offer, t: CompletenessThresholds) -> list[Gap]:
    # The performer column stays empty when the applicant itself carries the action out.
    rows = [{"name": (a.name, 1), "description": (a.description, t.action_description_words),
             "target_group": (a.target_group, 1), "period": (a.period, 1)} for a in offer.actions]
    return _table_gaps(rows, (CompletenessCode.TOO_FEW_ACTIONS, "actions", t.min_actions))


def _result_gaps(offer: Offer, t: CompletenessThresholds) -> list[Gap]:
    rows = [{"result": (r.result, 1), "planned_value": (r.planned_value, 1), "monitoring": (r.monitoring, 1)}
            for r in offer.results]
    return _table_gaps(rows, (CompletenessCode.TOO_FEW_RESULTS, "results", t.min_results))


def _table_gaps(rows: list[dict[str, tuple[str, int]]],
                minimum: tuple[CompletenessCode, str, int] | None = None) -> list[Gap]:
    """The row-count gap (code, name of the count, minimum) if any, then each row's gaps; rows count from 1."""
    gaps = []
    if minimum is not None and len(rows) < minimum[2]:
        code, name, least = minimum
        gaps.append(Gap(code, params={name: len(rows), f"min_{name}": least}))
    for number, texts in enumerate(rows, start=1):
        gaps += _text_gaps(texts, row=str(number))
    return gaps


def _cost_gaps(offer: Offer) -> list[Gap]:
    gaps = []
    if not any(row.category is CostCategory.ACTIONS and row.value > 0 for row in offer.costs):
        gaps.append(Gap(CompletenessCode.NO_ACTION_COSTS))
    for index, row in enumerate(offer.costs):
        label = cost_row_label(row, index)
        gaps += _text_gaps({"cost_type": (row.cost_type, 1), "unit": (row.unit, 1)}, row=label)
        if row.value == 0:
            gaps.append(Gap(CompletenessCode.ROW_FIELD_MISSING, "value", label))
    return gaps


def _funding_rows(offer: Offer) -> tuple[Decimal, ...]:
    f = offer.funding
    return f.total_costs, f.grant, f.own_financial, f.own_non_financial, f.participant_payments


def _funding_gaps(offer: Offer) -> list[Gap]:
    return [Gap(CompletenessCode.FIELD_MISSING, name) for name in ("total_costs", "grant")
            if getattr(offer.funding, name) == 0]
