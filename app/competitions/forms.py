"""Forms of the competition pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import AnyOf, DataRequired

from .models import CompetitionStatus


class StatusForm(FlaskForm):
    """Move the competition to its next stage."""

    target = HiddenField(validators=[AnyOf([s.value for s in CompetitionStatus])])


class DeclarationForm(FlaskForm):
    """The member confirms the statement of impartiality."""

    confirm = BooleanField(
        _l("I declare that I am impartial towards the applicants in this competition, as stated above."),
        validators=[DataRequired(message=_l("Tick the box to sign the declaration."))])
