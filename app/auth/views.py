"""Login and logout."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.extensions import limiter
from app.main.views import safe_next

from . import operations
from .forms import LoginForm

bp = Blueprint("auth", __name__)


@bp.route("/logowanie", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    """Sign in with e-mail and password."""
    if current_user.is_authenticated:
        return redirect(url_for("competitions.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user is not None:
            operations.sign_in(user)
            return redirect(safe_next(request.args.get("next"), url_for("competitions.index")))
        form.password.errors.append(_("Wrong e-mail address or password."))
    return render_template("auth/login.html", form=form), 200 if not form.errors else 400


@bp.post("/wylogowanie")
@login_required
def logout():
    """Sign out (a form with a CSRF token, never a link)."""
    operations.sign_out(current_user._get_current_object())
    flash(_("You have signed out."), "info")
    return redirect(url_for("main.index"))
