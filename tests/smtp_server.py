"""A real SMTP server for tests (aiosmtpd in a thread) that keeps what it receives, and can be stopped
and started again on the same port to play a mail-server outage."""

from __future__ import annotations

import re
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from reviewer.mail.catcher import free_port

PUBLIC_URL = "https://reviewer.example.org"


class SmtpServer:
    """What arrived, in order, as parsed messages; `down()` and `up()` for outages."""

    def __init__(self) -> None:
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self._controller: Controller | None = None

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def up(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


def body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def link_in(message: EmailMessage, path_prefix: str) -> str:
    """The path of the first link to `path_prefix` on the public address, as the test client takes it."""
    found = re.search(re.escape(PUBLIC_URL) + r"(" + re.escape(path_prefix) + r"\S*)", body(message))
    assert found, body(message)
    return found.group(1)


def use_server(app: Flask, server: SmtpServer) -> None:
    """Point the app at the test's server, with retries due at once (tests do not wait out backoffs)."""
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_TLS="none",
                      MAIL_FROM="Reviewer <reviewer@example.org>", MAIL_RETRY_SECONDS=[0], PUBLIC_URL=PUBLIC_URL)


@pytest.fixture
def smtp(app: Flask) -> Iterator[SmtpServer]:
    """A running server the app sends to (import this fixture into a test module to use it)."""
    server = SmtpServer()
    server.up()
    use_server(app, server)
    yield server
    server.down()
