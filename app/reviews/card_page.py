"""What the scoring page shows around each criterion's two fields, built once and shared by every member.

A card's legend, level table, guidance, quotes, notes and field labels depend only on the rubric
version, the language and which criteria apply to the offer; they are most of the page. They are
rendered once per such combination and reused for every offer and every member, so that a request
renders only what is its own: the fields' values and errors. The offer's column (the consistency
checks' findings and the form) is rendered once per version of the offer, for every member who scores it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from app.core.offer import offer_from_dict
from app.core.offer_checks import check_offer
from app.core.rubric import Applicability, AssessmentContext, Criterion, Rubric
from app.core.scoring import CriterionScore
from app.i18n import format_points
from app.offers.models import Offer

from .forms import entry_text, field_key


@dataclass(frozen=True)
class CriterionBlock:
    """One criterion on the scoring page: the fields' key, whether they are shown, and the shared HTML."""

    criterion: Criterion
    key: str  # the criterion id as a part of the fields' names
    applies: bool  # False: "does not apply" (no fields)
    opening: str  # the fieldset's start tag, the legend and what is read beside the fields, as HTML
    points_label: str
    justification_label: str
    max_points: Decimal
    weight: Decimal

    def fields(self, values: FieldValues, hint: str, min_chars: int, max_chars: int) -> Markup:
        """The criterion's two fields (points, justification) with their values and errors."""
        points, why = "points_" + self.key, "why_" + self.key
        points_html, why_html = _field_templates(self, hint, min_chars, max_chars)
        return Markup(  # noqa: S704 - the templates hold escaped text; each value is escaped here
            _filled(points_html, points, values.text.get(points, ""), values.errors.get(points)) + "\n          "
            + _filled(why_html, why, values.text.get(why, ""), values.errors.get(why)))


_FIELDSET_END = "\n      </fieldset>\n"


def criteria_fields(blocks: Sequence[CriterionBlock], values: FieldValues, hint: str, min_chars: int,
                    max_chars: int) -> Markup:
    """A card's fieldsets, criterion by criterion (the scoring and calibration pages): each block's shared HTML
    and, where the criterion applies, its two fields with their values and errors."""
    return Markup("".join(  # noqa: S704 - the openings are built from escaped HTML, the fields escape their values
        block.opening + ("\n        " + str(block.fields(values, hint, min_chars, max_chars)) if block.applies else "")
        + _FIELDSET_END for block in blocks))


@dataclass(frozen=True)
class FieldValues:
    """What a card's fields show: each field's text by its name, and the errors of those that have any."""

    text: Mapping[str, str]
    errors: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def of_form(cls, form) -> FieldValues:
        """A card's form as posted: what was typed, and the errors found."""
        fields = [f for f in form if f.name.startswith(("points_", "why_"))]
        return cls({f.name: f._value() if f.name.startswith("points_") else f.data or "" for f in fields},
                   {f.name: f.errors for f in fields if f.errors})

    @classmethod
    def of_entries(cls, blocks: Sequence[CriterionBlock], entries: Mapping[str, CriterionScore]) -> FieldValues:
        """A card's stored entries as its form shows them (as ``forms.fill_form`` puts them into a form)."""
        text = {}
        for block in blocks:
            entry = entries.get(block.criterion.id)
            if block.applies and entry is not None:
                text["points_" + block.key], text["why_" + block.key] = entry_text(entry)
        return cls(text)


def _escaped(text: str) -> str:
    """What markupsafe.escape writes (the same entities), as a plain string: no Markup object for each value."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


# The fields are written out here rather than by WTForms' widgets or Jinja macros: a card has dozens of
# them, and this is the part of the page that differs for every request. What is the same for every
# request (ids, labels, limits) is escaped once into the criterion's templates; a request escapes its
# values and errors.
_POINTS = ('<div class="field{{has_error}}">\n  <label for="{id}">{label}</label>\n'
           '  <input type="text" id="{id}" name="{id}" value="{{value}}" inputmode="decimal" autocomplete="off"\n'
           '         size="6" maxlength="12" class="points-input" data-max="{max}" data-weight="{weight}"'
           ' data-deduction="{deduction}"{{invalid}}>\n  {{error}}\n</div>')
_JUSTIFICATION = ('<div class="field{{has_error}}">\n  <label for="{id}">{label}</label>\n'
                  '  <p class="hint" id="{id}-hint">{hint}</p>\n'
                  '  <textarea id="{id}" name="{id}" rows="4" maxlength="{max_chars}" class="justification"\n'
                  '            data-min="{min_chars}" aria-describedby="{id}-hint{{described_error}}"{{invalid}}>\n'
                  '{{value}}</textarea>\n  {{error}}\n'
                  '  <p class="counter" aria-live="polite" data-for="{id}"></p>\n</div>')
_FIELD_TEMPLATES: dict[tuple, tuple[str, str]] = {}


def _constant(value) -> str:
    """A value escaped for HTML and for the second ``str.format`` that fills in the request's values."""
    return str(escape(value)).replace("{", "{{").replace("}", "}}")


def _field_templates(block: CriterionBlock, hint: str, min_chars: int, max_chars: int) -> tuple[str, str]:
    """The criterion's two fields with everything but their values and errors (kept per criterion and hint)."""
    key = (block.criterion.id, block.points_label, block.justification_label, block.max_points, block.weight,
           block.criterion.deduction, hint, min_chars, max_chars)
    if key not in _FIELD_TEMPLATES:
        _FIELD_TEMPLATES[key] = (
            _POINTS.format(id=_constant("points_" + block.key), label=_constant(block.points_label),
                           max=_constant(block.max_points), weight=_constant(block.weight),
                           deduction=1 if block.criterion.deduction else 0),
            _JUSTIFICATION.format(id=_constant("why_" + block.key), label=_constant(block.justification_label),
                                  hint=_constant(hint), max_chars=_constant(max_chars),
                                  min_chars=_constant(min_chars)))
    return _FIELD_TEMPLATES[key]


def _filled(template: str, name: str, value: str, errors: Sequence[str] | None) -> str:
    """A field's template with its value and, if it has any, its errors (all escaped here)."""
    value = _escaped(value)
    if not errors:
        return template.format(has_error="", value=value, invalid="", described_error="", error="")
    error = f'<p class="error" id="{name}-error">{escape(" ").join(errors)}</p>'
    invalid = ' aria-invalid="true"' if name.startswith("why_") else \
        f' aria-invalid="true" aria-describedby="{name}-error"'
    return template.format(has_error=" has-error", value=value, invalid=invalid,
                           described_error=f" {name}-error", error=error)


def button(name: str, label: str, css_class: str) -> Markup:
    """A submit button, as WTForms writes a SubmitField: the page needs no form object to show it."""
    return Markup(  # noqa: S704 - every value is escaped
        f'<input class="{escape(css_class)}" id="{escape(name)}" name="{escape(name)}" type="submit"'
        f' value="{escape(label)}">')


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
    blocks = []
    for criterion, applies in zip(rubric.criteria, statuses, strict=True):
        key, html = field_key(criterion.id), head(criterion, applies, locale)
        blocks.append(CriterionBlock(
            criterion=criterion, key=key, applies=applies,
            opening=f'      <fieldset class="criterion-card" id="c-{escape(key)}">\n        {html}',
            points_label=_("Points (0–%(max)s)", max=format_points(criterion.max_points)),
            justification_label=justification, max_points=criterion.max_points, weight=criterion.effective_weight))
    return tuple(blocks)


@dataclass(frozen=True)
class OfferColumn:
    """The offer's side of the scoring page as HTML: the consistency checks' findings, and the form."""

    issues: Markup
    form: Markup


# Offers of the calls being scored, least recently shown dropped first: a call of a thousand offers
# fits whole; a few kilobytes to a few dozen an offer.
OFFER_COLUMNS_KEPT = 1000
_OFFER_COLUMNS: OrderedDict[tuple, OfferColumn] = OrderedDict()
_OFFER_COLUMNS_LOCK = threading.Lock()  # the development server serves requests in threads


def _fragment(template: str, **context) -> Markup:
    """A partial template rendered on its own, as its include would render it (autoescaped, so it is markup)."""
    return Markup(render_template(template, **context))  # noqa: S704


def offer_column(offer: Offer) -> OfferColumn:
    """The offer's column, rendered once per version of the offer, the call's terms its figures are checked
    against, and the language. Any change to an offer moves its version (the mapper's version counter), and
    the row's creation time tells apart two offers that got the same id in different databases. The offer's
    form is read only when the column is rendered (``offer_or_404(..., with_form=False)`` defers it)."""
    terms = offer.competition.call_terms
    key = (offer.id, offer.version_id, offer.created_at, terms, str(get_locale()))
    with _OFFER_COLUMNS_LOCK:
        column = _OFFER_COLUMNS.get(key)
        if column is not None:
            _OFFER_COLUMNS.move_to_end(key)
            return column
    form = offer_from_dict(offer.form_data)
    column = OfferColumn(_fragment("offers/_issues.html", issues=check_offer(form, terms), ih="h3"),
                         _fragment("offers/_form.html", form=form, h="h3"))
    with _OFFER_COLUMNS_LOCK:
        _OFFER_COLUMNS[key] = column
        while len(_OFFER_COLUMNS) > OFFER_COLUMNS_KEPT:
            _OFFER_COLUMNS.popitem(last=False)
    return column
