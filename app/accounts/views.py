"""Account pages: my account, password change, reset by e-mail, invitations and the administrator's list."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.models import User
from app.auth.operations import AccountError, sign_in
from app.extensions import db, limiter
from app.jobs.queue import enqueue_reset_link

from . import operations, tokens
from .delivery import deliver_link
from .forms import ChangePasswordForm, InviteForm, ResetRequestForm, SetPasswordForm
from .mail import public_link, resets_by_mail
from .messages import invitation_mail, refusal
from .queries import my_account_overview

bp = Blueprint("accounts", __name__)


@bp.get("/konto")
@login_required
def my_account():
    """The person's roles in each call, and an NGO account's drafts."""
    return render_template("accounts/my_account.html", overview=my_account_overview(current_user))


@bp.route("/konto/haslo", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's password; every other session of the account ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            operations.change_password(user, form.current.data, form.password.data)
        except AccountError as error:
            db.session.rollback()
            form.current.errors.append(refusal(error))
        else:
            sign_in(user)  # this session continues under the new session counter; the others have ended
            flash(_("Your password has been changed. You have been signed out everywhere else."), "success")
            return redirect(url_for(".my_account"))
    return render_template("accounts/change_password.html", form=form), 400 if form.errors else 200


def _reset_key() -> str:
    return "reset:" + (request.form.get("email") or "").strip().lower()[:254]


@bp.route("/haslo", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["RESET_RATE_LIMIT"], methods=["POST"], key_func=_reset_key)
def request_reset():
    """Ask for a link to set a new password: the same answer whether or not the address has an account."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        if resets_by_mail():
            # The worker looks the address up and mails the link, if it has an account: this request does the
            # same, and takes the same time, for any address (nothing here tells whether the account exists).
            enqueue_reset_link(form.email.data, str(get_locale()))
            flash(_("If an account with this address exists, a link to set a new password has been sent to it. "
                    "Check your mailbox (and the spam folder)."), "info")
        else:
            flash(_("Passwords are not reset by e-mail in this installation. Ask the administrator for a link to "
                    "set a new password."), "info")
        return redirect(url_for("auth.login"))
    return render_template("accounts/request_reset.html", form=form), 400 if form.errors else 200


def _set_password_page(token: str, purpose: str, action: str):
    user = tokens.user_for_token(token, purpose)
    if user is None:
        return render_template("accounts/link_invalid.html"), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        operations.set_password(user, form.password.data, action=action)
        db.session.commit()
        flash(_("Your password has been set. You can sign in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("accounts/set_password.html", form=form, user=user,
                           invitation=purpose == tokens.INVITATION), 400 if form.errors else 200


@bp.route("/zaproszenie/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """An invited person sets their password (the link works once)."""
    return _set_password_page(token, tokens.INVITATION, "user.password_set")


@bp.route("/haslo/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """A new password from a reset link (the link works once and briefly)."""
    return _set_password_page(token, tokens.RESET, "user.password_reset")


def _admin_only() -> None:
    if not current_user.is_admin:
        abort(403)


@bp.route("/admin/konta", methods=["GET", "POST"])
@login_required
def users():
    """The administrator's list of accounts, with an invitation form."""
    _admin_only()
    form = InviteForm()
    shown_link = None
    if form.validate_on_submit():
        try:
            user, token = operations.invite(current_user, form.email.data, form.display_name.data)
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(refusal(error))
        else:
            shown_link = send_invitation(user, token)
            db.session.commit()
            form = InviteForm(formdata=None)
    people = db.session.scalars(sa.select(User).where(User.is_ngo.is_(False)).order_by(User.display_name)).all()
    return render_template("accounts/users.html", form=form, people=people, shown_link=shown_link), \
        400 if form.errors else 200


def send_invitation(user: User, token: str | None):
    """E-mail the invitation (or return it to show once); flash what happened. Returns a link to show, or None."""
    if token is None:
        flash(_("%(name)s already has an account and signs in with their own password.", name=user.display_name),
              "info")
        return None
    link = public_link("accounts.accept_invitation", token=token)
    days = current_app.config["INVITATION_SECONDS"] // 86400
    subject, body = invitation_mail(user.display_name, current_user.display_name, link, days)
    return deliver_link(user, subject, body, link=link)


ACTIONS = {"deactivate", "activate", "grant", "revoke", "link"}


@bp.post("/admin/konta/<int:user_id>")
@login_required
def update_user(user_id: int):
    """Deactivate or reactivate an account, give or take the right to create calls, or make a password link."""
    _admin_only()
    user = db.session.get(User, user_id)
    action = request.form.get("action")
    if user is None or user.is_ngo:
        abort(404)
    if action not in ACTIONS:
        abort(400)
    shown_link = None
    try:
        if action in ("deactivate", "activate"):
            operations.set_active(current_user, user, action == "activate")
        elif action in ("grant", "revoke"):
            operations.set_can_create(current_user, user, action == "grant")
        else:
            token = tokens.make_token(user, tokens.INVITATION)
            operations.log_link(current_user, user)
            shown_link = send_invitation(user, token)
    except AccountError as error:
        db.session.rollback()
        flash(refusal(error), "error")
        return redirect(url_for(".users"))
    db.session.commit()
    if shown_link is None:
        flash(_("The account of %(name)s has been updated.", name=user.display_name), "success")
        return redirect(url_for(".users"))
    people = db.session.scalars(sa.select(User).where(User.is_ngo.is_(False)).order_by(User.display_name)).all()
    return render_template("accounts/users.html", form=InviteForm(formdata=None), people=people,
                           shown_link=shown_link)
