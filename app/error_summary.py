"""The error summary at the top of every page whose forms have errors (the GOV.UK "error summary" pattern).

Found from the template's context, not passed by each view: any WTForms form a page renders, under
any name, gets its errors listed, each linked to its field.
"""

from __future__ import annotations

from dataclasses import dataclass

import wtforms
from flask import Flask
from flask_babel import lazy_gettext as _l
from jinja2 import pass_context
from wtforms.fields import FieldList, FormField, RadioField


@dataclass(frozen=True)
class SummaryItem:
    """One error: the id of the field it links to (None for a form-wide error), the field's name, the message."""

    target: str | None
    label: str
    message: str


def _label(form: wtforms.Form, field, row: int | None) -> str:
    # a form may name its fields more fully (a score card's "Uzasadnienie" belongs to a criterion)
    namer = getattr(form, "summary_label", None)
    text = namer(field) if namer else str(field.label.text)
    return str(_l("%(label)s (row %(row)s)", label=text, row=row)) if row else text


def _field_items(form: wtforms.Form, field, row: int | None):
    if isinstance(field, FieldList):
        for number, entry in enumerate(field.entries, 1):
            yield from _field_items(form, entry, number)
    elif isinstance(field, FormField):
        for sub in field.form:
            yield from _field_items(field.form, sub, row)
    elif field.errors and field.type != "CSRFTokenField":
        # a group of radio buttons has no element with its own id: the link goes to the first button
        target = f"{field.id}-0" if isinstance(field, RadioField) else field.id
        for message in field.errors:
            yield SummaryItem(target, _label(form, field, row), str(message))


def summary_items(form: wtforms.Form) -> list[SummaryItem]:
    """Every error of a form, in the order of its fields, then the form-wide ones."""
    items = [item for field in form for item in _field_items(form, field, None)]
    items += [SummaryItem(None, "", str(message)) for message in form.form_errors]
    return items


@pass_context
def error_summary(context) -> list[SummaryItem]:
    """The errors of every form the page being rendered was given."""
    items: list[SummaryItem] = []
    seen: set[int] = set()
    for value in context.get_all().values():
        if isinstance(value, wtforms.Form) and id(value) not in seen and value.errors:
            seen.add(id(value))
            items += summary_items(value)
    return items


def init_error_summary(app: Flask) -> None:
    """base.html calls it once per page, as form_error_summary()."""
    app.jinja_env.globals["form_error_summary"] = error_summary
