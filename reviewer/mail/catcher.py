"""A local SMTP server that keeps every message it receives: the demo's mail catcher.

`reviewer demo` starts one on a free port on 127.0.0.1 and points the worker's REVIEWER_MAIL_SERVER and
REVIEWER_MAIL_PORT at it, so the demo sends real mail over SMTP without reaching anyone. What it catches is
kept as a Maildir (instance/caught-mail, readable with any mail client or `mailbox.Maildir`), and the
outbox page (/admin/mail) shows every message with its status. aiosmtpd runs in a thread of the demo
process: starting it takes milliseconds.
"""

from __future__ import annotations

import socket
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def start_catcher(directory: Path, host: str = "127.0.0.1", port: int | None = None) -> Controller:
    """Start catching mail into the Maildir `directory`; stop it with `.stop()`. `.port` says where."""
    directory.parent.mkdir(parents=True, exist_ok=True)  # Maildir makes its cur, new and tmp itself
    controller = Controller(Mailbox(directory), hostname=host, port=port or free_port(host))
    controller.start()
    return controller
