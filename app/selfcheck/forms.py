"""The self-check's forms: the offer form per section, the upload, the report, NGO registration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, FieldList, FormField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from app.auth.operations import MIN_PASSWORD_LENGTH
from app.core.offer import Offer
from app.core.rubric import AssessmentContext, Rubric
from app.offers.entry_forms import (
    MAX_ROWS,
    ActionForm,
    CostForm,
    OfferEntryForm,
    ResultForm,
    offer_to_form_data,
)
from app.reviews.forms import build_card_form

# A new draft starts with a few blank rows in each table, as the paper form has.
BLANK_ROWS = {"actions": 3, "results": 2, "costs": 4}


class OfferDraftForm(OfferEntryForm):
    """The secretaries' offer form for an NGO's draft: every field optional, nothing about the registry.

    The tables grow by one row per "add" button, keeping everything typed (no JavaScript needed).
    """

    number = None
    applicant_name = StringField(_l("Name of the applicant"), validators=[Optional(), Length(max=300)])
    contact_email = StringField(_l("E-mail address"), validators=[Optional(), Length(max=254)])
    title = StringField(_l("Title of the task"), validators=[Optional(), Length(max=500)])
    actions = FieldList(FormField(ActionForm), min_entries=BLANK_ROWS["actions"], max_entries=MAX_ROWS)
    results = FieldList(FormField(ResultForm), min_entries=BLANK_ROWS["results"], max_entries=MAX_ROWS)
    costs = FieldList(FormField(CostForm), min_entries=BLANK_ROWS["costs"], max_entries=MAX_ROWS)
    draft_id = HiddenField()  # the kept draft being edited, if any (its owner is checked when saving)
    save = SubmitField(_l("Check my draft"))


def draft_form(offer: Offer) -> OfferDraftForm:
    """A form showing a draft's offer, with at least one blank row in each table to go on writing."""
    data = offer_to_form_data(offer, "")
    for table in BLANK_ROWS:
        data[table] = [row for row in data[table] if row] + [{}]
    return OfferDraftForm(formdata=None, data=data)


class UploadForm(FlaskForm):
    """A draft as a file."""

    document = FileField(_l("Your draft offer (.docx, .odt or .pdf)"), validators=[FileRequired(
        _l("Choose a file with your draft."))])


def report_form_class(rubric: Rubric, context: AssessmentContext) -> type[FlaskForm]:
    """The report's one form: the signed draft, the members' card fields for a self-score, a title to save it."""
    card = build_card_form(rubric, context)

    class ReportForm(card):
        payload = HiddenField()
        title = StringField(_l("Name of the draft in your account"), validators=[Optional(), Length(max=300)])

    return ReportForm


class RegisterForm(FlaskForm):
    """An NGO account: e-mail, password, and consent to the information notice."""

    email = EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254), Regexp(
        r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Type an e-mail address, e.g. biuro@stowarzyszenie.pl."))],
                       render_kw={"autocomplete": "username"})
    password = PasswordField(_l("Password (at least %(num)s characters)", num=MIN_PASSWORD_LENGTH), validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)], render_kw={"autocomplete": "new-password"})
    repeat = PasswordField(_l("Password again"), validators=[DataRequired(), EqualTo(
        "password", message=_l("The two passwords differ."))], render_kw={"autocomplete": "new-password"})
    consent = BooleanField(_l("I have read the information on the processing of personal data (RODO)"),
                           validators=[DataRequired(_l("Confirm that you have read the information notice."))])
