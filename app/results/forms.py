"""Forms of the chair's adjusted amount and the secretary's record of the decision."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.offers.entry_forms import amount_validator

MAX_NOTE = 2000


class AdjustAmountForm(FlaskForm):
    """The amount the committee proposes for one offer instead of its request, and why."""

    amount = StringField(_l("Amount proposed (PLN)"), validators=[
        DataRequired(message=_l("Type an amount, e.g. 1 234,50.")), amount_validator])
    reason = TextAreaField(_l("Reason"), validators=[
        DataRequired(message=_l("Say why the amount differs from the request.")), Length(max=MAX_NOTE)])


def build_decision_form(offers) -> type[FlaskForm]:
    """The decision's number and date, and an amount and a note for each offer (fields named by offer id)."""

    class DecisionForm(FlaskForm):
        number = StringField(_l("Number of the order (zarządzenie)"), validators=[
            DataRequired(message=_l("Type the number of the order.")), Length(max=60)])
        decided_on = DateField(_l("Date of the order"), validators=[
            DataRequired(message=_l("Give the date of the order, e.g. 2027-03-15."))])

    for offer in offers:
        setattr(DecisionForm, f"amount_{offer.id}", StringField(
            _l("Amount granted to %(number)s (PLN)", number=offer.number),
            validators=[DataRequired(message=_l("Type an amount, e.g. 1 234,50.")), amount_validator]))
        setattr(DecisionForm, f"note_{offer.id}", TextAreaField(
            _l("Note on %(number)s", number=offer.number), validators=[Length(max=MAX_NOTE)]))
    return DecisionForm
