"""The formal-check form, built from the call's checklist."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.core.formal import Answer, ChecklistItem, Outcome

ANSWER_NAMES = {Answer.YES: _l("YES"), Answer.NO: _l("NO"), Answer.NOT_APPLICABLE: _l("NOT APPLICABLE")}
OUTCOME_NAMES = {Outcome.ADMITTED: _l("admitted to merit assessment"), Outcome.REJECTED: _l("rejected"),
                 Outcome.TO_SUPPLEMENT: _l("to be supplemented")}


PRIOR_TASKS_NAMES = {"yes": _l("YES: the criterion of art. 15 ust. 1 pkt 6 is scored"),
                     "no": _l("NO: the criterion of art. 15 ust. 1 pkt 6 does not apply to this offer")}


def build_formal_form(items: tuple[ChecklistItem, ...], locale: str, prior_tasks_label: str | None = None
                      ) -> type[FlaskForm]:
    """Radio buttons TAK / NIE / NIE DOTYCZY per item, the outcome, its reason and a date to supplement by.

    prior_tasks_label: the question of art. 15 ust. 1 pkt 6 in the call's scope, when the rubric needs it.
    """

    class FormalForm(FlaskForm):
        outcome = RadioField(_l("Outcome of the formal check"),
                             choices=[SelectChoice(k.value, v) for k, v in OUTCOME_NAMES.items()],
                             validators=[DataRequired(message=_l("Choose the outcome."))])
        reason = TextAreaField(_l("Reason (for a rejection) or what must be supplemented"),
                               validators=[Length(max=3000)])
        supplement_by = DateField(_l("Supplement by"), validators=[Optional()])

    if prior_tasks_label is not None:
        FormalForm.prior_tasks = RadioField(prior_tasks_label, validators=[Optional()],
                                            choices=[SelectChoice(k, v) for k, v in PRIOR_TASKS_NAMES.items()])
    for item in items:
        setattr(FormalForm, f"item_{item.id}", RadioField(
            item.text.get(locale), choices=[SelectChoice(k.value, v) for k, v in ANSWER_NAMES.items()],
            validators=[DataRequired(message=_l("Answer this question."))]))
    return FormalForm
