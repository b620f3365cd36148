"""A real SMTP server on loopback (aiosmtpd) in a process of its own, keeping
every message it accepts as a file in a spool folder, numbered in order of
arrival. Its own process, like a real mail server: in the test process it
would compete with the sender for the interpreter and slow it down.

Run as ``python -m tests.smtp PORT SPOOL`` (SmtpSink does that)."""

import email
import email.message
import itertools
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# tmpfs; the spool is a private folder made inside it by tempfile.
SHARED_MEMORY = Path("/dev/shm")  # noqa: S108


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SpoolHandler:
    """Writes each accepted message to ``<spool>/<arrival number>.eml``; the
    rename makes a file appear only once it is complete."""

    def __init__(self, spool: Path):
        self.spool = spool
        self.arrivals = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        name = f"{next(self.arrivals):08d}.eml"
        partial = self.spool / f".{name}"
        partial.write_bytes(envelope.content)
        partial.rename(self.spool / name)
        return "250 OK"


class SmtpSink:
    def __init__(self):
        self.port = free_port()
        # In memory where the machine has it: the sink should not wait on a disk.
        memory = SHARED_MEMORY if SHARED_MEMORY.is_dir() else None
        self._folder = tempfile.TemporaryDirectory(prefix="spiral-smtp-", dir=memory)
        self.spool = Path(self._folder.name)
        self._process: subprocess.Popen | None = None

    def _files(self) -> list[str]:
        return sorted(name for name in os.listdir(self.spool) if not name.startswith("."))

    @property
    def count(self) -> int:
        return len(self._files())

    @property
    def messages(self) -> list[email.message.Message]:
        return [
            email.message_from_bytes((self.spool / name).read_bytes()) for name in self._files()
        ]

    @property
    def ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]

    def __enter__(self):
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests.smtp", str(self.port), str(self.spool)],
            cwd=REPO_ROOT,
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.__exit__()
                    raise RuntimeError("the SMTP sink did not start") from None
                time.sleep(0.05)

    def __exit__(self, *exc):
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
        self._folder.cleanup()


def serve(port: int, spool: Path) -> None:
    import signal

    from aiosmtpd.controller import Controller

    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)  # before the server thread starts
    controller = Controller(
        SpoolHandler(spool), hostname="127.0.0.1", port=port, server_hostname="sink.test"
    )
    controller.start()
    signal.sigwait(stop)
    controller.stop()


if __name__ == "__main__":
    serve(int(sys.argv[1]), Path(sys.argv[2]))
