"""The 2018 offer form as WTForms, section by section, with growing tables; converted to the core's Offer."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    Form,
    FormField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields import FieldList
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.core.offer import (
    Action,
    Applicant,
    ContactPerson,
    CostCategory,
    CostRow,
    FundingSources,
    Offer,
    ResultRow,
    TaskSummary,
)

BLANK_ROWS = {"actions": 3, "results": 2, "costs": 4}
MAX_ROWS = 60
TEXT = 5000


def parse_amount(text: str | None) -> Decimal:
    """An amount as typed in Poland: "1 234,50" or "1234.50"; empty is 0; ValueError otherwise."""
    cleaned = (text or "").replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("zł", "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        return Decimal(0)
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        raise ValueError(text)
    return value


def amount_validator(form, field) -> None:
    """An amount field must read as a number with at most two decimals."""
    try:
        parse_amount(field.data)
    except ValueError:
        raise ValidationError(_l("Type an amount, e.g. 1 234,50.")) from None


def amount_field(label) -> StringField:
    return StringField(label, validators=[Length(max=20), amount_validator],
                       render_kw={"inputmode": "decimal", "class": "amount", "autocomplete": "off"})


class ActionForm(Form):
    """III.4: one action of the plan and schedule."""

    name = StringField(_l("Name of the action"), validators=[Length(max=300)])
    description = TextAreaField(_l("Description of the action"), validators=[Length(max=TEXT)])
    target_group = StringField(_l("Target group"), validators=[Length(max=300)])
    period = StringField(_l("Planned period"), validators=[Length(max=100)])
    performer = StringField(_l("Who carries it out"), validators=[Length(max=300)])


class ResultForm(Form):
    """III.6: one result."""

    result = StringField(_l("Name of the result"), validators=[Length(max=300)])
    planned_value = StringField(_l("Planned level of the result (target value)"), validators=[Length(max=200)])
    monitoring = StringField(_l("How the result is monitored (source of information)"),
                             validators=[Length(max=500)])


class CostForm(Form):
    """V.A: one cost row; the value is what the applicant wrote, checked against unit cost × units."""

    number = StringField(_l("No."), validators=[Length(max=10)], render_kw={"size": 4})
    category = SelectField(_l("Part"), choices=[
        SelectChoice(CostCategory.ACTIONS.value, _l("I. costs of the actions")),
        SelectChoice(CostCategory.ADMINISTRATIVE.value, _l("II. administrative costs"))])
    cost_type = StringField(_l("Type of cost"), validators=[Length(max=300)])
    unit = StringField(_l("Unit of measure"), validators=[Length(max=50)], render_kw={"size": 8})
    unit_cost = amount_field(_l("Unit cost"))
    units = amount_field(_l("Units"))
    value = amount_field(_l("Value"))
    year1 = amount_field(_l("Year 1"))
    year2 = amount_field(_l("Year 2"))
    year3 = amount_field(_l("Year 3"))


class EntryCostForm(CostForm):
    """A cost row on the secretary's page: the type of cost in a textarea, as it is often longer than a line."""

    cost_type = TextAreaField(_l("Type of cost"), validators=[Length(max=300)], render_kw={"rows": 2})


class OfferEntryForm(FlaskForm):
    """The whole offer; the add_* buttons grow a table and keep everything typed."""

    number = StringField(_l("Registry number of the offer"), validators=[DataRequired(), Length(max=40)])
    applicant_name = StringField(_l("Name of the applicant"), validators=[DataRequired(), Length(max=300)])
    legal_form = StringField(_l("Legal form"), validators=[Length(max=100)])
    register_number = StringField(_l("Number in the National Court Register (KRS) or another register"),
                                  validators=[Length(max=40)])
    address = StringField(_l("Address of the registered office"), validators=[Length(max=300)])
    had_prior_tasks = SelectField(_l("Commissioned public tasks carried out in earlier years"),
                                  choices=[SelectChoice("", _l("not established")), SelectChoice("yes", _l("yes")),
                                           SelectChoice("no", _l("no"))])
    contact_name = StringField(_l("Name of the contact person"), validators=[Length(max=200)])
    contact_email = StringField(_l("E-mail address"), validators=[
        Optional(), Email(message=_l("Type an e-mail address, e.g. biuro@stowarzyszenie.pl.")), Length(max=254)])
    contact_phone = StringField(_l("Telephone"), validators=[Length(max=40)])
    title = StringField(_l("Title of the task"), validators=[DataRequired(), Length(max=500)])
    start_date = DateField(_l("Start date"), validators=[Optional()])
    end_date = DateField(_l("End date"), validators=[Optional()])
    place = TextAreaField(_l("Place where the task is carried out"), validators=[Length(max=TEXT)])
    target_group = TextAreaField(_l("Target group"), validators=[Length(max=TEXT)])
    needs = TextAreaField(_l("How the problems or needs of the target group are addressed"),
                          validators=[Length(max=TEXT)])
    complementarity = TextAreaField(_l("Complementarity with other actions of the applicant or other entities"),
                                    validators=[Length(max=TEXT)])
    actions = FieldList(FormField(ActionForm), min_entries=1, max_entries=MAX_ROWS)
    expected_results = TextAreaField(_l("Expected results"), validators=[Length(max=TEXT)])
    results = FieldList(FormField(ResultForm), min_entries=1, max_entries=MAX_ROWS)
    experience = TextAreaField(_l("Previous activity of the applicant"), validators=[Length(max=TEXT)])
    resources = TextAreaField(_l("Staff, material and financial resources"), validators=[Length(max=TEXT)])
    costs = FieldList(FormField(EntryCostForm), min_entries=1, max_entries=MAX_ROWS)
    total_costs = amount_field(_l("Total costs of the task (row 1)"))
    grant = amount_field(_l("Planned grant (row 2)"))
    own_financial = amount_field(_l("Own financial contribution (row 3.1)"))
    own_non_financial = amount_field(_l("Own personal and in-kind contribution (row 3.2)"))
    participant_payments = amount_field(_l("Payments from participants (row 4)"))
    other_information = TextAreaField(_l("Other information"), validators=[Length(max=TEXT)])

    add_action = SubmitField(_l("Add a row to the plan"))
    add_result = SubmitField(_l("Add a result"))
    add_cost = SubmitField(_l("Add a cost row"))
    save = SubmitField(_l("Save the offer"))

    def grow(self) -> bool:
        """Add an empty row to the table whose button was pressed; True if one was pressed."""
        for button, table in ((self.add_action, self.actions), (self.add_result, self.results),
                              (self.add_cost, self.costs)):
            if button.data and len(table.entries) < MAX_ROWS:
                table.append_entry()
                return True
        return False


def _clean(value) -> str:
    return (value or "").strip()


def _filled(row: dict) -> bool:
    return any(_clean(v) for k, v in row.items() if k != "category")


def _years(row: dict) -> tuple[Decimal, ...]:
    years = [parse_amount(row[f"year{n}"]) for n in (1, 2, 3)]
    while years and years[-1] == 0:
        years.pop()
    return tuple(years)


def form_to_offer(form: OfferEntryForm) -> Offer:
    """The typed form as the core's Offer (call only after the form validated)."""
    text = {name: _clean(form[name].data) for name in (
        "applicant_name", "legal_form", "register_number", "address", "contact_name", "contact_email",
        "contact_phone", "title", "place", "target_group", "needs", "complementarity", "expected_results",
        "experience", "resources", "other_information")}
    prior = {"yes": True, "no": False}.get(form.had_prior_tasks.data)
    return Offer(
        applicants=(Applicant(text["applicant_name"], text["legal_form"], text["register_number"], text["address"],
                              prior),),
        contact=ContactPerson(text["contact_name"], text["contact_email"], text["contact_phone"]),
        title=text["title"], start_date=form.start_date.data, end_date=form.end_date.data,
        summary=TaskSummary(text["place"], text["target_group"], text["needs"], text["complementarity"]),
        actions=tuple(Action(**{k: _clean(v) for k, v in row.items()}) for row in form.actions.data if _filled(row)),
        expected_results=text["expected_results"],
        results=tuple(ResultRow(**{k: _clean(v) for k, v in row.items()}) for row in form.results.data
                      if _filled(row)),
        experience=text["experience"], resources=text["resources"],
        costs=tuple(CostRow(number=_clean(row["number"]), category=CostCategory(row["category"] or "actions"),
                            cost_type=_clean(row["cost_type"]), unit=_clean(row["unit"]),
                            unit_cost=parse_amount(row["unit_cost"]), units=parse_amount(row["units"]),
                            value=parse_amount(row["value"]), by_year=_years(row))
                    for row in form.costs.data if _filled(row)),
        funding=FundingSources(parse_amount(form.total_costs.data), parse_amount(form.grant.data),
                               parse_amount(form.own_financial.data), parse_amount(form.own_non_financial.data),
                               parse_amount(form.participant_payments.data)),
        other_information=text["other_information"],
    )


def _amount_text(value: Decimal) -> str:
    return "" if value == 0 else format(value, "f").replace(".", ",")


def offer_to_form_data(offer: Offer, number: str) -> dict:
    """Form data that shows a stored offer for editing."""
    applicant = offer.applicants[0] if offer.applicants else Applicant()
    prior = {True: "yes", False: "no"}.get(applicant.had_prior_tasks, "")
    return {
        "number": number, "applicant_name": applicant.name, "legal_form": applicant.legal_form,
        "register_number": applicant.register_number, "address": applicant.address, "had_prior_tasks": prior,
        "contact_name": offer.contact.name, "contact_email": offer.contact.email,
        "contact_phone": offer.contact.phone, "title": offer.title, "start_date": offer.start_date,
        "end_date": offer.end_date, "place": offer.summary.place, "target_group": offer.summary.target_group,
        "needs": offer.summary.needs, "complementarity": offer.summary.complementarity,
        "actions": [vars(a) for a in offer.actions] or [{}], "expected_results": offer.expected_results,
        "results": [vars(r) for r in offer.results] or [{}], "experience": offer.experience,
        "resources": offer.resources,
        "costs": [{"number": c.number, "category": c.category.value, "cost_type": c.cost_type, "unit": c.unit,
                   "unit_cost": _amount_text(c.unit_cost), "units": _amount_text(c.units),
                   "value": _amount_text(c.value),
                   **{f"year{n}": _amount_text(c.by_year[n - 1]) if len(c.by_year) >= n else "" for n in (1, 2, 3)}}
                  for c in offer.costs] or [{}],
        "total_costs": _amount_text(offer.funding.total_costs), "grant": _amount_text(offer.funding.grant),
        "own_financial": _amount_text(offer.funding.own_financial),
        "own_non_financial": _amount_text(offer.funding.own_non_financial),
        "participant_payments": _amount_text(offer.funding.participant_payments),
        "other_information": offer.other_information,
    }


class ImportForm(FlaskForm):
    """A CSV or XLSX file of offers, one offer per row as in the template."""

    document = FileField(_l("File with the offers (.csv or .xlsx)"),
                         validators=[FileRequired(_l("Choose a file to import."))])
    submit = SubmitField(_l("Import the offers"))
