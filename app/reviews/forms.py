"""The score card form, built from the rubric for one call and applicant."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.rubric import Applicability, AssessmentContext, Criterion, Rubric
from app.core.scoring import CardProblem, CriterionScore
from app.i18n import format_points

from .messages import CARD_PROBLEMS, JUSTIFICATION_CODES

MAX_JUSTIFICATION = 5000
_UNSAFE = re.compile(r"[^A-Za-z0-9]")


def field_key(criterion_id: str) -> str:
    """A criterion id as a safe part of a form field name."""
    return _UNSAFE.sub("_", criterion_id)


def scored_criteria(rubric: Rubric, context: AssessmentContext) -> list[tuple[Criterion, Applicability]]:
    """The criteria a reviewer fills in for this call and applicant (not the ones that never apply)."""
    return [(c, status) for c in rubric.criteria
            if (status := c.applicability_for(context)) is not Applicability.NOT_APPLICABLE]


_FORM_CLASSES: dict[tuple, type[FlaskForm]] = {}


def build_card_form(rubric: Rubric, context: AssessmentContext, *, correction: bool = False) -> type[FlaskForm]:
    """A form class with points, "nie dotyczy" where allowed, and a justification per criterion.

    Built once per rubric version, set of applicable criteria, language and purpose: the class holds
    no data, each request makes its own instance.
    """
    statuses = tuple(status.value for _criterion, status in scored_criteria(rubric, context))
    key = (rubric.content_hash, statuses, correction, str(get_locale()))
    if key not in _FORM_CLASSES:
        _FORM_CLASSES[key] = _card_form_class(rubric, context, correction)
    return _FORM_CLASSES[key]


def _card_form_class(rubric: Rubric, context: AssessmentContext, correction: bool) -> type[FlaskForm]:

    class CardForm(FlaskForm):
        version = HiddenField(label="")  # a label would load WTForms' catalogue on every request
        save_draft = SubmitField(_l("Save draft"))
        save_next = SubmitField(_l("Save and go to the next offer"))
        submit_card = SubmitField(_l("Submit the card"))
        criterion_of: ClassVar[dict[str, str]] = {}

        def summary_label(self, field) -> str:
            """The error summary names the criterion: every criterion has a "Justification"."""
            criterion_id = self.criterion_of.get(field.name)
            return f"{criterion_id}: {field.label.text}" if criterion_id else str(field.label.text)

    CardForm.criterion_of = {f"{kind}_{field_key(c.id)}": c.id
                             for c, _status in scored_criteria(rubric, context) for kind in ("points", "why")}
    for criterion, _status in scored_criteria(rubric, context):
        key = field_key(criterion.id)
        setattr(CardForm, f"points_{key}", StringField(
            _l("Points (0–%(max)s)", max=format_points(criterion.max_points)), validators=[Optional(), Length(max=12)],
            render_kw={"inputmode": "decimal", "autocomplete": "off", "size": 6, "data-max": criterion.max_points,
                       "data-deduction": "1" if criterion.deduction else "0",
                       "data-weight": criterion.effective_weight, "class": "points-input"}))
        setattr(CardForm, f"why_{key}", TextAreaField(
            _l("Justification"), validators=[Optional(), Length(max=MAX_JUSTIFICATION)],
            render_kw={"rows": 4, "maxlength": MAX_JUSTIFICATION, "data-min": rubric.justification_min_chars,
                       "class": "justification"}))
    if correction:
        CardForm.reason = TextAreaField(_l("Reason for the correction"), validators=[DataRequired(), Length(max=2000)])
        CardForm.submit_correction = SubmitField(_l("Save the correction"))
    return CardForm


def parse_points(text: str | None) -> Decimal | None:
    """Points as typed, with a comma or a dot: "7,5" → 7.5; empty → None; ValueError if not a number."""
    text = (text or "").strip().replace(",", ".").replace(" ", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


def read_entries(form: FlaskForm, rubric: Rubric, context: AssessmentContext, *,
                 partial: bool = False) -> dict[str, CriterionScore] | None:
    """The entries typed into the form; None (with field errors set) when a number cannot be read.

    With ``partial`` the entries that can be read are returned even then (the others only carry
    their error), for a page that shows what it can, such as the NGO's self-score."""
    entries: dict[str, CriterionScore] = {}
    readable = True
    for criterion, _status in scored_criteria(rubric, context):
        key = field_key(criterion.id)
        points_field = form[f"points_{key}"]
        justification = (form[f"why_{key}"].data or "").strip()
        try:
            points = parse_points(points_field.data)
        except ValueError:
            points_field.errors = [*points_field.errors, _l("Type a number of points, e.g. 7 or 7,5.")]
            readable = False
            continue
        if points is not None or justification:
            entries[criterion.id] = CriterionScore(criterion.id, points, False, justification)
    return entries if readable or partial else None


def apply_problems(form: FlaskForm, problems: Iterable[CardProblem], rubric: Rubric) -> None:
    """Each problem of a card as an error message on its field (points, or the justification)."""
    for problem in problems:
        key = field_key(problem.criterion_id)
        target = f"why_{key}" if problem.code in JUSTIFICATION_CODES else f"points_{key}"
        if target in form:
            message = str(CARD_PROBLEMS[problem.code]) % {"min": rubric.justification_min_chars}
            form[target].errors = [*form[target].errors, message]


def fill_form(form: FlaskForm, rubric: Rubric, context: AssessmentContext,
              entries: dict[str, CriterionScore], version: int | None) -> None:
    """Put stored entries into a fresh form."""
    form.version.data = "" if version is None else str(version)
    for criterion, _status in scored_criteria(rubric, context):
        key = field_key(criterion.id)
        entry = entries.get(criterion.id)
        if entry is None:
            continue
        form[f"points_{key}"].data, form[f"why_{key}"].data = entry_text(entry)


def entry_text(entry: CriterionScore) -> tuple[str, str]:
    """A stored entry as its two fields show it: the points without trailing zeros ("7.5"), the justification."""
    return "" if entry.points is None else format(entry.points.normalize(), "f"), entry.justification
