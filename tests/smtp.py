"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives."""

import email
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SmtpSink:
    def __init__(self):
        self.port = free_port()
        self._raw: list[bytes] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self._raw.append(envelope.content)  # parsed only when asked: cheap here
        return "250 OK"

    @property
    def count(self) -> int:
        return len(self._raw)

    @property
    def messages(self) -> list[email.message.Message]:
        with self._lock:
            raw = list(self._raw)
        return [email.message_from_bytes(content) for content in raw]

    @property
    def ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]

    def __enter__(self):
        self._controller.start()
        return self

    def __exit__(self, *exc):
        self._controller.stop()
