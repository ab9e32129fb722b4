"""Forms on an offer's page: conflict of interest, exclusion by the secretary, expert comment."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, TextAreaField
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
