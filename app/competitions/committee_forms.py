"""Forms of the committee page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from app.accounts.forms import email_field

from .messages import ROLE_NAMES
from .models import Role


def role_choices() -> list[SelectChoice]:
    """Every role of the Role enum (a role added there appears here)."""
    return [SelectChoice(role.value, ROLE_NAMES.get(role.value, role.value)) for role in Role]


class AddMemberForm(FlaskForm):
    """Add a person by e-mail; a person without an account is invited."""

    email = email_field()
    display_name = StringField(_l("Full name (for a person without an account yet)"), validators=[Length(max=200)],
                               render_kw={"autocomplete": "off"})
    role = SelectField(_l("Role"), validators=[DataRequired()], default=Role.MEMBER.value)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class RoleForm(FlaskForm):
    """Another role for a member."""

    role = SelectField(_l("Role"), validators=[DataRequired()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class ExcludeMemberForm(FlaskForm):
    """Exclude a member who already has cards, with a reason."""

    reason = TextAreaField(_l("Reason for the exclusion"), validators=[DataRequired(), Length(min=10, max=2000)])
