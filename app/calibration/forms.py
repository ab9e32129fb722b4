"""Forms of the calibration round (the calibration card itself is the score card form, app.reviews.forms)."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.offers.entry_forms import OfferEntryForm

from .models import MAX_SAMPLES
from .samples import shipped_samples


class StartCalibrationForm(FlaskForm):
    """The secretary picks one or two fictional sample offers and starts the round."""

    samples = SelectMultipleField(
        _l("Sample offers"), description=_l("Choose one or two; every scoring member scores each of them."),
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False),
        validators=[DataRequired(message=_l("Choose at least one sample offer."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.samples.choices = [(s.key, s.label) for s in shipped_samples()]

    def validate_samples(self, field) -> None:
        """At most MAX_SAMPLES samples."""
        if len(field.data or []) > MAX_SAMPLES:
            raise ValidationError(_l("Choose at most %(maximum)s sample offers.", maximum=MAX_SAMPLES))


class CloseCalibrationForm(FlaskForm):
    """The secretary closes the round before every calibration card is in."""

    reason = TextAreaField(
        _l("Reason for closing the round while calibration cards are missing"),
        description=_l("At least 20 characters. It is kept in the audit log and shown with the round."),
        validators=[DataRequired(), Length(max=2000)])


class SampleEntryForm(OfferEntryForm):
    """A sample offer of the secretary's own, typed into the offer entry form (no registry number), and
    optionally one shipped sample beside it."""

    number = None
    also_shipped = SelectField(_l("Also score a shipped sample offer"), validators=[Optional()])
    save = SubmitField(_l("Start the round with this sample"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.also_shipped.choices = [SelectChoice("", _l("no, only this sample"))] + [
            SelectChoice(s.key, s.label) for s in shipped_samples()]
