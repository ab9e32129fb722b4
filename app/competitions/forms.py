"""Forms of the competition pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from .models import CompetitionStatus

MAX_REASON = 2000


class StatusForm(FlaskForm):
    """Move the competition to its next stage, confirmed; a reason overrides what still blocks it."""

    target = HiddenField(validators=[AnyOf([s.value for s in CompetitionStatus])])
    reason = TextAreaField(
        _l("Reason for going ahead despite what blocks this step"),
        description=_l("Required while something blocks this step (at least 20 characters). It is kept with the "
                       "change and shown in the committee's protocol."),
        validators=[Optional(), Length(max=MAX_REASON)])


class CloseScoringForm(FlaskForm):
    """The chair closes scoring; a reason is needed while cards are missing."""

    reason = TextAreaField(
        _l("Reason for closing scoring while cards are missing"),
        description=_l("Required while any card is missing (at least 20 characters). It is kept and shown in the "
                       "committee's protocol."),
        validators=[Optional(), Length(max=MAX_REASON)])


class DeclarationForm(FlaskForm):
    """The member confirms the statement of impartiality."""

    confirm = BooleanField(
        _l("I declare that I am impartial towards the applicants in this competition, as stated above."),
        validators=[DataRequired(message=_l("Tick the box to sign the declaration."))])
