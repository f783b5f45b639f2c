"""A real SMTP server for a running stack: it records what it accepts, and it can be broken.

aiosmtpd serves on 127.0.0.1 in a thread of the test process. The sink can be stopped
(the port refuses connections) and started again on the same port, and it can stall
DATA: the reply to a message is held until the test releases it, so a sender can be
caught in the middle of a send.
"""

import asyncio
import email
import email.policy
import threading
from dataclasses import dataclass

from aiosmtpd.controller import Controller

from .processes import poll

# A stalled reply is never held longer than this, whatever the test does.
STALL_LIMIT = 120


@dataclass(frozen=True)
class Mail:
    recipients: tuple
    subject: str
    body: str
    message_id: str

    @property
    def text(self):
        return f"To: {', '.join(self.recipients)}\nSubject: {self.subject}\n\n{self.body}"


class _Handler:
    def __init__(self, sink):
        self.sink = sink

    async def handle_DATA(self, server, session, envelope):
        release = self.sink._stall_if_asked()
        if release is not None:
            loop = asyncio.get_running_loop()
            await loop.run_in_executor(None, release.wait, STALL_LIMIT)
            if not self.sink._accept_stalled:
                return "451 Requested action aborted: local error in processing"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        body = message.get_body(preferencelist=("plain", "html"))
        self.sink._record(
            Mail(
                recipients=tuple(envelope.rcpt_tos),
                subject=str(message.get("Subject", "")),
                body=body.get_content() if body is not None else "",
                message_id=str(message.get("Message-ID", "")),
            )
        )
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, port):
        self.port = port
        self.url = f"smtp://127.0.0.1:{port}"
        self._lock = threading.Lock()
        self._mails = []
        self._controller = None
        self._stall = False
        self._stalled = 0
        self._release = threading.Event()
        self._accept_stalled = False

    # Serving
    def start(self):
        self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        """Close the port: new connections are refused. A stalled reply is answered 451."""
        self.release(accept=False)
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    # Stalling DATA
    def stall(self):
        """Hold the reply to every message from now on, until `release`."""
        with self._lock:
            self._stall, self._stalled = True, 0
            self._release = threading.Event()

    def _stall_if_asked(self):
        with self._lock:
            if not self._stall:
                return None
            self._stalled += 1
            return self._release

    def wait_until_stalled(self, *, timeout=60):
        """Wait until a sender is inside DATA, its reply held."""
        poll(lambda: self.stalled, timeout=timeout, interval=0.05, what="a sender stalled in DATA")

    @property
    def stalled(self):
        with self._lock:
            return self._stalled

    def release(self, *, accept):
        """Answer the held replies: accept the messages (250) or refuse them (451)."""
        with self._lock:
            self._stall = False
            self._accept_stalled = accept
            self._release.set()

    # What was accepted
    def _record(self, mail):
        with self._lock:
            self._mails.append(mail)

    @property
    def mails(self):
        with self._lock:
            return list(self._mails)

    def matching(self, pattern, *, to=None):
        """The accepted mails whose text `pattern` (compiled) finds, optionally to `to`."""
        return [
            mail
            for mail in self.mails
            if pattern.search(mail.text)
            and (to is None or to.lower() in (r.lower() for r in mail.recipients))
        ]
