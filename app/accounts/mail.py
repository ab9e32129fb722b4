"""Sending e-mail through the SMTP server of the CAL_MAIL_* settings (Flask-Mailman)."""

from __future__ import annotations

from flask import current_app
from flask_mailman import EmailMessage, Mail

mail = Mail()


def mail_configured() -> bool:
    """True when an SMTP server is set: messages are sent; otherwise the text is shown to copy."""
    return bool(current_app.config.get("MAIL_SERVER"))


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
