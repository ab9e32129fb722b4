"""Sending e-mail through the SMTP server of the CAL_MAIL_* settings (Flask-Mailman)."""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for
from flask_mailman import EmailMessage, Mail

mail = Mail()


def mail_configured() -> bool:
    """True when an SMTP server is set: messages are sent; otherwise the text is shown to copy."""
    return bool(current_app.config.get("MAIL_SERVER"))


def resets_by_mail() -> bool:
    """True when a forgotten password can be reset by e-mail: an SMTP server and the public address are set.

    Anyone may ask for a reset, with any Host header: a link built on it could carry a valid token to another
    site (password reset poisoning). So reset links are built on CAL_PUBLIC_URL alone, and without it the
    page sends users to the administrator instead."""
    return mail_configured() and bool(current_app.config.get("PUBLIC_URL"))


def public_link(endpoint: str, **values) -> str:
    """A link for a message that leaves the app: on CAL_PUBLIC_URL when set; otherwise on the address the
    request came to (invitations and reminders, which only signed-in staff send)."""
    base = current_app.config.get("PUBLIC_URL")
    if not base:
        return url_for(endpoint, _external=True, **values)
    path = url_for(endpoint, **values)
    root = request.script_root if has_request_context() else ""
    return base + (path[len(root):] if root and path.startswith(root + "/") else path)


def send(to: list[str], subject: str, body: str) -> None:
    """Send a plain-text message now (raises OSError or smtplib errors if the server refuses)."""
    config = current_app.config
    # The connection is built from the current settings, so a changed configuration is honoured at once.
    connection = mail.get_connection(
        backend="smtp", host=config["MAIL_SERVER"], port=config["MAIL_PORT"],
        username=config.get("MAIL_USERNAME"), password=config.get("MAIL_PASSWORD"),
        use_tls=config.get("MAIL_USE_TLS", False), use_ssl=config.get("MAIL_USE_SSL", False),
        timeout=config.get("MAIL_TIMEOUT", 10))
    EmailMessage(subject=subject, body=body, from_email=config["MAIL_DEFAULT_SENDER"], to=to,
                 connection=connection).send()
