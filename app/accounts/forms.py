"""Forms of the account pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Regexp

from app.auth.operations import MIN_PASSWORD_LENGTH

# Enough to catch a typo; whether the address exists shows when the message arrives.
EMAIL_SHAPE = Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Type an e-mail address, e.g. jan.kowalski@wroclaw.pl."))


def email_field() -> EmailField:
    return EmailField(_l("E-mail address"), validators=[DataRequired(), Length(max=254), EMAIL_SHAPE],
                      render_kw={"autocomplete": "email"})


def new_password_fields():
    password = PasswordField(_l("New password"), validators=[
        DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200,
                               message=_l("The password needs at least %(min)d characters."))],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least %(min)d characters; a phrase of several words is easy to remember.",
                       min=MIN_PASSWORD_LENGTH))
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(), EqualTo("password", message=_l("The two passwords differ."))],
        render_kw={"autocomplete": "new-password"})
    return password, confirm


class SetPasswordForm(FlaskForm):
    """A new password, from an invitation or a reset link."""

    password, confirm = new_password_fields()


class ChangePasswordForm(FlaskForm):
    """The signed-in user changes their password."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=200)],
                            render_kw={"autocomplete": "current-password"})
    password, confirm = new_password_fields()


class ResetRequestForm(FlaskForm):
    """Ask for a link to set a new password."""

    email = email_field()


class InviteForm(FlaskForm):
    """The administrator invites a person."""

    email = email_field()
    display_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)],
                               render_kw={"autocomplete": "name"})
