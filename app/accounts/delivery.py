"""A link that sets a password goes by e-mail when SMTP is set, else it is shown once to whoever made it."""

from __future__ import annotations

import smtplib

from flask import current_app, flash
from flask_babel import force_locale
from flask_babel import gettext as _

from app.auth.models import User
from app.extensions import db

from . import operations
from .mail import mail_configured, public_link, resets_by_mail, send
from .messages import reset_mail


def deliver_link(user: User, subject: str, body: str, link: str | None = None, *, announce: bool = True) -> str | None:
    """Send the message; return the link to show when it was not sent (None when sent or not to be shown)."""
    if mail_configured():
        try:
            send([user.email], subject, body)
        except (OSError, smtplib.SMTPException) as error:
            current_app.logger.warning("mail to %s failed: %s", user.email, error)
            if link is None:
                return None
            flash(_("The e-mail could not be sent; pass the link on yourself."), "error")
            return link
        if announce:
            flash(_("A message with the link has been sent to %(email)s.", email=user.email), "success")
        return None
    return link


def mail_reset_link(email: str, locale: str) -> bool:
    """Mail a link to set a new password to the active account with this address, in ``locale``; nothing for any
    other address. Run by the job worker, so that the request asking for it does the same work, and takes the
    same time, whether or not the address has an account. True when a message was sent.

    The link is built on CAL_PUBLIC_URL (a reset may be asked for with any Host header); the log's entry is
    committed before the message leaves."""
    if not resets_by_mail():
        current_app.logger.warning("a reset link was asked for, but CAL_MAIL_SERVER or CAL_PUBLIC_URL is not set")
        return False
    with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]), force_locale(locale):
        found = operations.reset_token_for(email)
        if found is None:
            return False
        user, token = found
        subject, body = reset_mail(user.display_name, public_link("accounts.reset_password", token=token),
                                   current_app.config["RESET_SECONDS"] // 60)
        db.session.commit()
        try:
            send([user.email], subject, body)
        except (OSError, smtplib.SMTPException) as error:
            current_app.logger.warning("reset mail to %s failed: %s", user.email, error)
            return False
    return True
