"""Forms of the documents area: the protocol's meeting (the secretary) and opinions (the chair)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.validators import DataRequired, Length, Optional

MAX_OPINIONS = 20000


class MeetingForm(FlaskForm):
    """Date, place and members present; a committee working by circulation has no place."""

    meeting_date = DateField(_l("Date of the meeting (or of the last vote by circulation)"),
                             validators=[DataRequired(message=_l("Enter the date as dd.mm.rrrr or pick it."))])
    by_circulation = BooleanField(_l("The committee worked by circulation (no meeting)"))
    place = StringField(_l("Place of the meeting"), validators=[Optional(), Length(max=300)])
    present = SelectMultipleField(_l("Members present"), coerce=int, option_widget=widgets.CheckboxInput(),
                                  widget=widgets.ListWidget(prefix_label=False))
    version = HiddenField()


class OpinionsForm(FlaskForm):
    """The chair's part: reasons for rejection and dissenting opinions, quoted in the protocol."""

    rejection_reasons = TextAreaField(_l("Reasons for not recommending offers"),
                                      validators=[Length(max=MAX_OPINIONS)])
    dissenting_opinions = TextAreaField(_l("Dissenting opinions (zdania odrębne)"),
                                        validators=[Length(max=MAX_OPINIONS)])
    version = HiddenField()
