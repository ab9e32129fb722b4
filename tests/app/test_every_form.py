"""Every form of the app, found from the WTForms classes, validates when every field holds valid data.

A validator whose package is missing (WTForms' ``Email()`` without ``email-validator``) raises
instead of validating: submitting every field of every form finds it. Forms are discovered, not
listed: every subclass of ``wtforms.Form`` defined in ``app.*`` and every form builder (a public
function annotated to return ``type[…Form]``). A new form without a recipe below fails the test.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
import wtforms
from werkzeug.datastructures import CombinedMultiDict, FileStorage, MultiDict
from wtforms.fields import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    PasswordField,
    RadioField,
    SelectField,
    SubmitField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, EqualTo, Length

import app as app_package
from app.core.formal import DEFAULT_CHECKLIST
from app.core.rubric import AssessmentContext, CallMode
from app.rubrics.loader import load_rubric

DATA = Path(__file__).resolve().parents[1] / "data"
PASSWORD = "Dobre-hasło-na-2027"


def _mini_rubric():
    return load_rubric(DATA / "mini-rubric.toml", DATA.parents[1]).rubric


def _contexts():
    # prior tasks unknown: the "nie dotyczy" checkbox appears; known: it does not
    return [AssessmentContext(CallMode.SUPPORT, None), AssessmentContext(CallMode.SUPPORT, True)]


# How to call each form builder (its dotted name → a function returning the classes it builds).
BUILDERS = {
    "app.offers.formal_forms.build_formal_form": lambda: [build("app.offers.formal_forms.build_formal_form")(
        DEFAULT_CHECKLIST, "pl")],
    "app.reviews.forms.build_card_form": lambda: [
        build("app.reviews.forms.build_card_form")(_mini_rubric(), context, correction=correction)
        for context in _contexts() for correction in (False, True)],
    "app.results.forms.build_decision_form": lambda: [build("app.results.forms.build_decision_form")(
        [SimpleNamespace(id=7, number="Z/1"), SimpleNamespace(id=8, number="Z/2")])],
    "app.selfcheck.forms.report_form_class": lambda: [
        build("app.selfcheck.forms.report_form_class")(_mini_rubric(), context) for context in _contexts()],
}


@dataclass
class Recipe:
    """Valid data for one form: values for the fields a generic value does not fit, and set-up the view does."""

    values: dict[str, str] = field(default_factory=dict)  # field name (a regular expression) → value
    setup: object = None  # called with the form instance, as the view prepares it (choices …)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


AMOUNT = "1 234,50"
OFFER_VALUES = {r"(costs-\d+-(unit_cost|units|value|year\d)|total_costs|grant|own_.*|participant_payments)": AMOUNT,
                r"contact_email": "biuro@stowarzyszenie.pl", r"costs-\d+-number": "I.1"}

# Valid data per form class (module.qualname); a discovered form missing here fails the test.
RECIPES = {
    "app.auth.forms.LoginForm": Recipe(),
    "app.calibration.forms.StartCalibrationForm": Recipe({"samples": "podworko"}),
    "app.calibration.forms.CloseCalibrationForm": Recipe(),
    "app.calibration.forms.SampleEntryForm": Recipe({**OFFER_VALUES, "also_shipped": "festyn"}),
    "app.jobs.forms.StartJobForm": Recipe({"kind": "audit_csv"}),
    "app.exports.forms.MeetingForm": Recipe({"present": "7", "version": "1"}, setup=lambda form: setattr(
        form.present, "choices", [(7, "Osoba Testowa")])),
    "app.exports.forms.OpinionsForm": Recipe({"version": "1"}),
    "app.results.forms.AdjustAmountForm": Recipe({"amount": AMOUNT}),
    "app.results.forms.build_decision_form.<locals>.DecisionForm": Recipe(
        {"number": "1234/27", r"amount_\d+": AMOUNT, "decided_on": "2027-03-15"}),
    "app.accounts.forms.ChangePasswordForm": Recipe({"current|password|confirm": PASSWORD}),
    "app.accounts.forms.SetPasswordForm": Recipe({"password|confirm": PASSWORD}),
    "app.accounts.forms.ResetRequestForm": Recipe({"email": "biuro@stowarzyszenie.pl"}),
    "app.accounts.forms.InviteForm": Recipe({"email": "biuro@stowarzyszenie.pl"}),
    "app.competitions.committee_forms.AddMemberForm": Recipe({"email": "biuro@stowarzyszenie.pl", "role": "member"}),
    "app.competitions.committee_forms.RoleForm": Recipe({"role": "chair"}),
    "app.competitions.committee_forms.ExcludeMemberForm": Recipe(),
    "app.competitions.forms.CloseScoringForm": Recipe(),
    "app.competitions.settings_forms.CompetitionForm": Recipe(
        {"budget": "3 200 000,00", "threshold": "60", "min_own_share": "1,5", "rubric": "mini 1.0",
         "own_share_base": "grant", "own_share_rows": "3.1", "prior_tasks_years": "3",
         "window_start": "2027-01-01", "window_end": "2028-12-31", "rubric_options": "mini 1.0:prevention"},
        # the test rubrics are not published; the view offers the published versions the same way
        setup=lambda form: (form.rubric.choices.append(SelectChoice("mini 1.0", "mini 1.0")),
                            form.rubric_options.choices.append(SelectChoice("mini 1.0:prevention", "prevention")))),
    "app.competitions.forms.StatusForm": Recipe({"target": "announced"}),
    "app.competitions.forms.DeclarationForm": Recipe(),
    "app.offers.forms.ConflictForm": Recipe(),
    "app.offers.forms.ExclusionForm": Recipe({"member": "7"}, setup=lambda form: setattr(
        form.member, "choices", [("7", "Osoba Testowa")])),
    "app.offers.forms.CommentForm": Recipe(),
    "app.offers.entry_forms.ActionForm": Recipe(),
    "app.offers.entry_forms.ResultForm": Recipe(),
    "app.offers.entry_forms.CostForm": Recipe({r"(unit_cost|units|value|year\d)": AMOUNT}),
    "app.offers.entry_forms.EntryCostForm": Recipe({r"(unit_cost|units|value|year\d)": AMOUNT}),
    "app.offers.forms.WithdrawalForm": Recipe(),
    "app.offers.entry_forms.ImportForm": Recipe(files={"document": ("oferty.csv", b"numer;wnioskodawca\n")}),
    "app.offers.forms.WithdrawalDecisionForm": Recipe(),
    "app.offers.entry_forms.OfferEntryForm": Recipe(OFFER_VALUES),
    "app.offers.formal_forms.build_formal_form.<locals>.FormalForm": Recipe({"supplement_by": "2027-02-01"}),
    "app.reviews.forms._card_form_class.<locals>.CardForm": Recipe({r"points_.*": "1", "version": "3"}),
    "app.selfcheck.forms.OfferDraftForm": Recipe(OFFER_VALUES),
    "app.selfcheck.forms.UploadForm": Recipe(files={"document": ("szkic.docx", b"PK\x03\x04 draft")}),
    "app.selfcheck.forms.report_form_class.<locals>.ReportForm": Recipe({r"points_.*": "1", "version": "3"}),
    "app.selfcheck.forms.RegisterForm": Recipe({"email": "biuro@stowarzyszenie.pl", "password|repeat": PASSWORD}),
}


def build(dotted: str):
    module, name = dotted.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def app_modules():
    for info in pkgutil.walk_packages(app_package.__path__, "app."):
        yield importlib.import_module(info.name)


def form_builders() -> set[str]:
    """Public functions of the app annotated to return a form class."""
    found = set()
    for module in app_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            annotation = str(inspect.signature(function).return_annotation)
            if function.__module__ == module.__name__ and not name.startswith("_") and re.search(
                    r"type\[\w*Form\]", annotation):
                found.add(f"{module.__name__}.{name}")
    return found


def subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from subclasses(sub)


def form_classes() -> dict[str, list[type]]:
    """Every form class defined in the app, after the builders have built theirs."""
    list(app_modules())
    # held here: a built class nothing else refers to would vanish from __subclasses__()
    built = [cls for name in form_builders() for cls in BUILDERS[name]()]
    classes: dict[str, list[type]] = {}
    for cls in {*subclasses(wtforms.Form), *built}:
        if cls.__module__.startswith("app."):
            classes.setdefault(f"{cls.__module__}.{cls.__qualname__}", []).append(cls)
    return classes


def generic_value(f) -> str:
    """A valid value for a field from its type and validators."""
    if isinstance(f, BooleanField | SubmitField):
        return "y"
    if isinstance(f, SelectField | RadioField):
        return next(str(value) for value, *_rest in f.iter_choices() if str(value))
    if isinstance(f, DateField):
        return "2027-03-01"
    if isinstance(f, PasswordField):
        return PASSWORD
    if any(isinstance(v, Email) for v in f.validators):
        return "biuro@stowarzyszenie.pl"
    text = "Tekst próbny z polskimi znakami: zażółć gęślą jaźń."
    for validator in f.validators:
        if isinstance(validator, Length):
            text = text.ljust(max(validator.min, 0), "a")
            if validator.max and validator.max > 0:
                text = text[:validator.max]
    return text


def leaves(fields):
    """The fields that carry data, FieldList and FormField rows unfolded."""
    for f in fields:
        if isinstance(f, FieldList):
            yield from leaves(f.entries)
        elif isinstance(f, FormField):
            yield from leaves(f.form)
        else:
            yield f


def valid_formdata(form, recipe: Recipe) -> MultiDict:
    data = MultiDict()
    for f in leaves(form):
        if f.type == "CSRFTokenField" or f.type == "FileField":
            continue
        short = f.short_name if f.name.count("-") else f.name
        value = next((v for pattern, v in recipe.values.items()
                      if re.fullmatch(pattern, f.name) or re.fullmatch(pattern, short)), None)
        data[f.name] = value if value is not None else generic_value(f)
    return data


def make(cls, app, formdata=None):
    from flask_wtf import FlaskForm

    if issubclass(cls, FlaskForm):
        return cls(formdata=formdata, meta={"csrf": False})
    return cls(formdata=formdata)


def test_every_form_has_a_recipe_and_every_builder_is_called(app):
    with app.test_request_context():
        builders = form_builders()
        classes = form_classes()
    assert builders - set(BUILDERS) == set(), "a form builder without a way to call it in BUILDERS"
    assert set(classes) - set(RECIPES) == set(), "a form without valid data in RECIPES"
    assert set(RECIPES) - set(classes) == set(), "a recipe for a form that no longer exists"
    assert len(classes) >= 15


def test_every_form_validates_with_every_field_filled(app):
    with app.test_request_context():
        classes = form_classes()
    checked = 0
    for name, variants in sorted(classes.items()):
        recipe = RECIPES[name]
        for cls in variants:
            with app.test_request_context(method="POST"):
                blank = make(cls, app)
                if recipe.setup:
                    recipe.setup(blank)
                formdata = valid_formdata(blank, recipe)
                files = MultiDict({key: FileStorage(io.BytesIO(content), filename=filename)
                                   for key, (filename, content) in recipe.files.items()})
                form = make(cls, app, CombinedMultiDict([formdata, files]))
                if recipe.setup:
                    recipe.setup(form)
                assert form.validate(), f"{name}: {form.errors}"
                empty = [f.name for f in leaves(form) if f.type != "CSRFTokenField" and f.data in (None, "", False)]
                assert not empty, f"{name}: fields left empty {empty}"
                assert all(not isinstance(v, EqualTo) or form[v.fieldname].data == f.data
                           for f in leaves(form) for v in f.validators)
                checked += 1
    assert checked >= 20


@pytest.mark.parametrize("bad", ["not-an-address", "biuro@", "@stowarzyszenie.pl"])
def test_the_offers_contact_e_mail_is_checked_in_polish(app, bad):
    from app.offers.entry_forms import OfferEntryForm

    with app.test_request_context(method="POST"):
        blank = OfferEntryForm(meta={"csrf": False})
        data = valid_formdata(blank, RECIPES["app.offers.entry_forms.OfferEntryForm"])
        data["contact_email"] = bad
        form = OfferEntryForm(formdata=data, meta={"csrf": False})
        assert not form.validate()
        assert form.errors == {"contact_email": ["Wpisz adres e-mail, np. biuro@stowarzyszenie.pl."]}


ROW = re.compile(r"-\d+-")
BUTTONS = {"csrf_token", "add_action", "add_result", "add_cost"}


def _entry_data(app, client, url) -> dict:
    """Every field the offer entry page shows (each row of its tables too), filled with valid data."""
    from app.offers.entry_forms import OfferEntryForm

    with app.test_request_context(method="POST"):
        valid = valid_formdata(OfferEntryForm(meta={"csrf": False}),
                               RECIPES["app.offers.entry_forms.OfferEntryForm"])
    valid.update({"start_date": "2027-01-01", "end_date": "2027-12-31"})
    by_kind = {ROW.sub("-N-", name): value for name, value in valid.items()}
    page = client.get(url).get_data(as_text=True)
    names = set(re.findall(r'<(?:input|select|textarea)[^>]* name="([^"]+)"', page)) - BUTTONS
    assert {ROW.sub("-N-", name) for name in names} == set(by_kind) - BUTTONS, "the page and the form differ"
    return {name: by_kind[ROW.sub("-N-", name)] for name in names}


@pytest.fixture
def entry_page(app, client, db_session, create_competition, create_member):
    """A signed-in secretary on the offer entry page of an announced call: (its address, every field filled)."""
    from tests.conftest import login

    competition = create_competition(status="announced")
    login(client, create_member(competition, "secretary"))
    url = f"/konkursy/{competition.id}/oferty/nowa"
    return url, _entry_data(app, client, url)


def test_the_offer_entry_page_saves_every_field_the_e_mail_included(client, db_session, entry_page):
    import sqlalchemy as sa

    from app.core.offer import offer_from_dict
    from app.offers.models import Offer
    from tests.conftest import post

    url, data = entry_page
    response = post(client, url, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    stored = offer_from_dict(db_session.scalar(sa.select(Offer)).form_data)
    assert stored.contact.email == "biuro@stowarzyszenie.pl"
    assert len(stored.actions) == len([n for n in data if n.endswith("-performer")]) >= 1
    assert stored.costs[0].by_year[2] == Decimal("1234.50") and stored.funding.grant == Decimal("1234.50")


def test_an_error_on_the_offer_entry_page_loses_nothing_typed(client, entry_page):
    from markupsafe import escape

    from tests.conftest import post

    url, data = entry_page
    data["contact_email"] = "biuro(at)stowarzyszenie.pl"
    response = post(client, url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Wpisz adres e-mail, np. biuro@stowarzyszenie.pl." in html
    for name, value in data.items():
        if name != "save" and value != "y":
            assert str(escape(value)) in html, f"{name} lost"
