"""What the scoring page shows around each criterion's two fields, built once and shared by every member.

A card's legend, level table, guidance, quotes, notes and field labels depend only on the rubric
version, the language and which criteria apply to the offer; they are most of the page. They are
rendered once per such combination and reused for every offer and every member, so that a request
renders only what is its own: the fields' values and errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup

from app.core.rubric import Applicability, AssessmentContext, Criterion, Rubric
from app.i18n import format_points

from .forms import field_key


@dataclass(frozen=True)
class CriterionBlock:
    """One criterion on the scoring page: the fields' key, whether they are shown, and the shared HTML."""

    criterion: Criterion
    key: str  # the criterion id as a part of the fields' names
    applies: bool  # False: "does not apply" (no fields)
    head: Markup  # the legend and what is read beside the fields
    points_label: str
    justification_label: str
    max_points: Decimal
    weight: Decimal


_BLOCKS: dict[tuple, tuple[CriterionBlock, ...]] = {}


def criterion_blocks(rubric: Rubric, context: AssessmentContext) -> tuple[CriterionBlock, ...]:
    """Every criterion of the rubric as shown to a member scoring an offer in this context (cached)."""
    statuses = tuple(c.applicability_for(context) is not Applicability.NOT_APPLICABLE for c in rubric.criteria)
    locale = str(get_locale())
    key = (rubric.content_hash, statuses, locale)
    if key not in _BLOCKS:
        _BLOCKS[key] = _build(rubric, statuses, locale)
    return _BLOCKS[key]


def _build(rubric: Rubric, statuses: tuple[bool, ...], locale: str) -> tuple[CriterionBlock, ...]:
    head = current_app.jinja_env.get_template("reviews/_reference.html").module.criterion_head
    justification = _("Justification")
    return tuple(
        CriterionBlock(criterion=c, key=field_key(c.id), applies=applies, head=head(c, applies, locale),
                       points_label=_("Points (0–%(max)s)", max=format_points(c.max_points)),
                       justification_label=justification, max_points=c.max_points, weight=c.effective_weight)
        for c, applies in zip(rubric.criteria, statuses, strict=True))
