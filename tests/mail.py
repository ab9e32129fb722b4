"""A real SMTP server (aiosmtpd) started by a test, and the app pointed at it."""

from __future__ import annotations

import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    """Every message the server accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[email.message.EmailMessage]:
        """Messages sent to one address."""
        return [m for m in self.messages if address in m["To"]]

    def link(self, address: str, path: str) -> str:
        """The path of the last link to ``path`` sent to an address."""
        body = self.to(address)[-1].get_body(preferencelist=("plain",)).get_content()
        match = re.findall(rf"https?://[^/\s]+(/{path}/\S+)", body)
        assert match, body
        return match[-1]


PUBLIC_URL = "https://ocena-cal.example.org"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(app):
    """Start an SMTP server on a free port; the app sends through it for this test."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {key: app.config.get(key) for key in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USE_SSL",
                                                  "PUBLIC_URL")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_USE_SSL=False,
                      PUBLIC_URL=PUBLIC_URL)
    try:
        yield inbox
    finally:
        app.config.update(saved)
        controller.stop()


def deliver_reset_links(app) -> int:
    """Do what the job worker does with the reset links the requests asked for (``send_reset_link``), here in
    the test's own database session; drop whatever else is queued. The number of links asked for."""
    from app.accounts.delivery import mail_reset_link
    from app.jobs.queue import RESET_LINK_TASK, queue

    huey, asked = queue(app), 0
    while (task := huey.dequeue()) is not None:
        if task.name == RESET_LINK_TASK:
            with app.app_context():  # as the worker's task runs it
                mail_reset_link(*task.args)
            asked += 1
    return asked
