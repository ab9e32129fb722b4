"""The call's settings as one form: every field is named after the Competition column it edits.

A new setting of a call is one field here (named as its column); the create/edit operations,
the audit log (old → new) and the page pick it up. A setting that the announcement fixes goes
into LOCKED_AT_ANNOUNCEMENT as well.
"""

from __future__ import annotations

from decimal import Decimal

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.offer_checks import OwnShareBase, OwnShareRows
from app.core.rubric import CallMode
from app.offers.entry_forms import parse_amount
from app.rubrics.registry import registry

# The rubric and the scoring rules: what members score against must not move once the call is public.
LOCKED_AT_ANNOUNCEMENT = frozenset({"rubric", "rubric_options", "mode", "threshold", "aggregation",
                                    "prior_tasks_authority", "prior_tasks_years"})
MODE_NAMES = {CallMode.SUPPORT.value: _l("wsparcie (support: the applicant adds its own resources)"),
              CallMode.COMMISSION.value: _l("powierzenie (entrusting: the city funds the whole task)")}
OWN_SHARE_BASE_NAMES = {
    OwnShareBase.GRANT.value: _l("of the requested grant (row 2 of V.B), as in Wrocław's CAL calls"),
    OwnShareBase.TOTAL_COSTS.value: _l("of the total costs of the task (row 1 of V.B)")}
OWN_SHARE_ROWS_NAMES = {
    OwnShareRows.FINANCIAL.value: _l("financial contribution only (row 3.1)"),
    OwnShareRows.OWN.value: _l("financial and personal or in-kind contribution (rows 3.1 and 3.2)"),
    OwnShareRows.OWN_AND_PAYMENTS.value: _l("own contribution and payments from participants (rows 3.1, 3.2 and 4)")}
AGGREGATION_NAMES = {"mean": _l("mean of the members' scores"), "median": _l("median of the members' scores")}


class AmountField(StringField):
    """An amount in złoty as typed in Poland ("3 200 000,00"); data is a Decimal."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.raw_text = valuelist[0]
            try:
                self.data = parse_amount(valuelist[0]) if valuelist[0].strip() else None
            except ValueError:
                self.data = None
                raise ValueError(_l("Type an amount, e.g. 3 200 000,00.")) from None

    def _value(self):
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        # As typed in Poland, and as parse_amount reads it back: "3 200 000,00".
        return "" if self.data is None else f"{self.data:,.2f}".replace(",", " ").replace(".", ",")


class PercentField(StringField):
    """A share typed as a percentage ("1,5" for 1,5%); data is the share as a Decimal (0.015)."""

    def process_formdata(self, valuelist):
        if valuelist:
            self.raw_text = valuelist[0]
            try:
                percent = parse_amount(valuelist[0].replace("%", "")) if valuelist[0].strip() else None
            except ValueError:
                percent = None
                self.data = None
                raise ValueError(_l("Type a percentage between 0 and 100, e.g. 1,5.")) from None
            self.data = None if percent is None else percent / 100

    def pre_validate(self, form):
        if self.data is not None and not Decimal(0) <= self.data <= Decimal(1):
            raise ValidationError(_l("Type a percentage between 0 and 100, e.g. 1,5."))

    def _value(self):
        if getattr(self, "raw_text", None) is not None:
            return self.raw_text
        if self.data is None:
            return ""
        return f"{(self.data * 100).normalize():f}".replace(".", ",")


class MultiCheckboxField(SelectMultipleField):
    """Several choices as check boxes (the call options)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def option_value(rubric_ref: str, option_id: str) -> str:
    """How a check box names an option: "cal-wroclaw 2021.2:prevention" (options belong to one version)."""
    return f"{rubric_ref}:{option_id}"


def published_rubrics():
    """Published, sound rubric versions: the only ones a call can use."""
    return [r for r in registry().rubrics() if r.status == "published"]


class CompetitionForm(FlaskForm):
    """Reference, title, form of the task, rubric, budget, scoring rules, deadline, task window, own share."""

    reference = StringField(_l("Reference of the call"), validators=[DataRequired(), Length(max=60)],
                            description=_l("As on the city's documents, e.g. WPS-CAL/2027."))
    title = TextAreaField(_l("Title of the call"), validators=[DataRequired(), Length(max=300)])
    mode = RadioField(_l("Form of commissioning the task"), default=CallMode.SUPPORT.value,
                      choices=[SelectChoice(k, v) for k, v in MODE_NAMES.items()], validators=[DataRequired()])
    rubric = SelectField(_l("Scoring rubric"), validators=[DataRequired()], validate_choice=False,
                         description=_l("Only published versions can be chosen."))
    rubric_options = MultiCheckboxField(_l("Call options of the rubric"), validate_choice=False,
                                        description=_l("Only the options of the chosen rubric version apply."))
    budget = AmountField(_l("Funds for the call (zł)"), validators=[InputRequired()],
                         render_kw={"inputmode": "decimal", "autocomplete": "off"})
    threshold = PercentField(_l("Threshold (per cent of the applicable maximum)"), default=Decimal("0.6"),
                             validators=[InputRequired()], render_kw={"inputmode": "decimal", "autocomplete": "off"},
                             description=_l("An offer below it is not recommended for a grant."))
    aggregation = RadioField(_l("How the members' scores are combined"), default="mean",
                             choices=[SelectChoice(k, v) for k, v in AGGREGATION_NAMES.items()],
                             validators=[DataRequired()])
    scoring_deadline = DateField(_l("Scoring deadline"), validators=[Optional()])
    window_start = DateField(_l("Task may start on"), validators=[Optional()])
    window_end = DateField(_l("Task must end by"), validators=[Optional()])
    min_own_share = PercentField(_l("Minimum own contribution (per cent)"), default=Decimal(0),
                                 validators=[Optional()], render_kw={"inputmode": "decimal", "autocomplete": "off"})
    own_share_base = RadioField(_l("The minimum own contribution is a share"), default=OwnShareBase.GRANT.value,
                                choices=[SelectChoice(k, v) for k, v in OWN_SHARE_BASE_NAMES.items()],
                                validators=[DataRequired()])
    own_share_rows = RadioField(_l("What counts as the own contribution"), default=OwnShareRows.FINANCIAL.value,
                                choices=[SelectChoice(k, v) for k, v in OWN_SHARE_ROWS_NAMES.items()],
                                validators=[DataRequired()])

    prior_tasks_authority = StringField(
        _l("Art. 15 ust. 1 pkt 6: earlier tasks commissioned by"), default="Gminę Wrocław",
        validators=[DataRequired(), Length(max=200)],
        description=_l("As the call words it after “zlecone przez”, e.g. Gminę Wrocław. The office answers the "
                       "question for each offer in the formal check."))
    prior_tasks_years = IntegerField(_l("Art. 15 ust. 1 pkt 6: over how many recent years"), default=3,
                                     validators=[InputRequired(), NumberRange(min=1, max=10)],
                                     render_kw={"inputmode": "numeric", "autocomplete": "off"})

    def __init__(self, *args, locked: frozenset[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = locked
        current = self.rubric.data
        self.rubric.choices = [SelectChoice(f"{r.id} {r.version}", f"{r.title.get(str(get_locale()))} — {r.version}")
                               for r in published_rubrics()]
        if "rubric" in locked and current and current not in {c.value for c in self.rubric.choices}:
            self.rubric.choices.append(SelectChoice(current, current))  # a locked, since-withdrawn version
        locale = str(get_locale())
        self.rubric_options.choices = [
            SelectChoice(option_value(f"{r.id} {r.version}", o.id), f"{r.version} — {o.title.get(locale)}"
                         + (f": {o.description.get(locale)}" if o.description else ""))
            for r in published_rubrics() for o in r.options]
        known = {c.value for c in self.rubric_options.choices}
        self.rubric_options.choices += [SelectChoice(v, v) for v in (self.rubric_options.data or ()) if v not in known
                                        and "rubric_options" in locked]
        for name in locked:
            self[name].render_kw = {**(self[name].render_kw or {}), "disabled": True}
            self[name].validators = ()

    def validate_rubric(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError(_l("Choose one of the published versions of the rubric."))

    def validate_rubric_options(self, field):
        known = {choice.value for choice in field.choices}
        if any(value not in known or value.partition(":")[0] != self.rubric.data for value in field.data or ()):
            raise ValidationError(_l("Choose only options of the rubric version chosen above."))

    def validate_window_end(self, field):
        if field.data and self.window_start.data and field.data < self.window_start.data:
            raise ValidationError(_l("The end of the task window cannot come before its start."))

    def settings(self) -> dict:
        """The typed settings by column name (rubric as its id and version); locked ones left out."""
        values = {f.name: f.data for f in self
                  if f.name not in ("csrf_token", "rubric", "rubric_options") and f.name not in self.locked}
        if "rubric_options" not in self.locked:
            values["rubric_options"] = sorted(v.partition(":")[2] for v in self.rubric_options.data or ())
        if "rubric" not in self.locked:
            rubric_id, _, version = (self.rubric.data or "").partition(" ")
            values.update(rubric_id=rubric_id, rubric_version=version)
        return values

    @classmethod
    def for_competition(cls, competition, locked: frozenset[str] = frozenset(), **kwargs) -> CompetitionForm:
        """The form filled with a competition's settings."""
        data = {name: getattr(competition, name) for name in cls.setting_names() if name != "rubric"}
        data["rubric"] = f"{competition.rubric_id} {competition.rubric_version}"
        data["rubric_options"] = [option_value(data["rubric"], o) for o in competition.rubric_options or ()]
        form = cls(data=data, locked=locked, **kwargs)
        for name in locked:  # disabled inputs are not sent: show what the call keeps
            form[name].data = data[name]
            form[name].raw_text = None
            form[name].errors = []
        return form

    @classmethod
    def setting_names(cls) -> list[str]:
        """The names of the settings (the form's fields)."""
        return [name for name in dir(cls) if isinstance(getattr(cls, name, None), UnboundField)]
