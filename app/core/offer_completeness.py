"""How complete a draft offer is, section by section of the 2018 form."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from .offer import CostCategory, Offer
from .offer_checks import cost_row_label
from .source_text import word_count

_ZERO = Decimal(0)


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
