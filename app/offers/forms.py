"""Forms on an offer's page: conflict of interest, exclusion by the secretary, expert comment."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

CONFLICT_CATEGORY_NAMES = {
    "family": _l("family ties with a person representing the applicant"),
    "employment": _l("employment by the applicant (in the last three years)"),
    "board": _l("membership of the applicant's governing bodies"),
    "volunteering": _l("volunteering for the applicant"),
    "other": _l("another tie that raises a justified doubt about impartiality"),
}


class ConflictForm(FlaskForm):
    """A member declares a conflict of interest for one offer."""

    category = RadioField(_l("Kind of tie"), validators=[DataRequired(message=_l("Choose the kind of tie."))])
    explanation = TextAreaField(_l("Explanation (optional)"), validators=[Length(max=2000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category.choices = [SelectChoice(c, CONFLICT_CATEGORY_NAMES.get(c, c))
                                 for c in current_app.config["CONFLICT_CATEGORIES"]]


class ExclusionForm(FlaskForm):
    """The secretary excludes a member from an offer, with a reason."""

    member = SelectField(_l("Member"), coerce=int, validators=[DataRequired()])
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(min=10, max=2000)])


class CommentForm(FlaskForm):
    """An advisory expert's comment."""

    text = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(min=3, max=5000)])


class WithdrawalForm(FlaskForm):
    """A member asks to withdraw a conflict of interest declared by mistake."""

    reason = TextAreaField(_l("Why the declaration was a mistake"), validators=[
        DataRequired(message=_l("Say why the declaration was a mistake.")),
        Length(min=10, max=2000, message=_l("Write between %(min)d and %(max)d characters."))])


class WithdrawalDecisionForm(FlaskForm):
    """The secretary accepts or refuses a request to withdraw a declared conflict."""

    accept = SubmitField(_l("Accept: the member may assess the offer"))
    refuse = SubmitField(_l("Refuse: the exclusion stays"))
