"""The form that starts an export."""

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import AnyOf

from .kinds import KINDS


class StartJobForm(FlaskForm):
    """Start one kind of export (the kind is the button's hidden field)."""

    kind = HiddenField(validators=[AnyOf(list(KINDS))])
