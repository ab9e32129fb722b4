"""A link that sets a password goes by e-mail when SMTP is set, else it is shown once to whoever made it."""

from __future__ import annotations

import smtplib

from flask import current_app, flash
from flask_babel import gettext as _

from app.auth.models import User

from .mail import mail_configured, send


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
