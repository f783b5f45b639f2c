"""`smtp_server`: a real SMTP server on 127.0.0.1 that a test can stop and start.

The project's mail goes to it over SMTP, as in production, so a test proves what happens
when the mail server is down by really stopping it, not by mocking the send.
"""

import asyncio
import email
import socket
import threading

import pytest
from aiosmtpd.controller import Controller

# The longest a held mail waits, so a failing test cannot hang.
HOLD_SECONDS = 10


class SMTPServer:
    def __init__(self, port):
        self.port = port
        self.messages = []
        self._controller = None
        # Cleared to hold each mail in DATA until set again, as a slow server does.
        self.accepting = threading.Event()
        self.accepting.set()
        self.receiving = threading.Event()

    def start(self):
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        """Stop listening: connections to the port are refused from now on."""
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook)
        self.receiving.set()
        await asyncio.to_thread(self.accepting.wait, HOLD_SECONDS)
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def sent_to(self, address):
        return [message for message in self.messages if message["To"] == address]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """The project's mail goes to this server, which starts stopped: call `.start()`."""
    server = SMTPServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()
