"""spiral dev: the whole product on one machine, for development.

Migrates, creates a demo tenant on first run, then runs the web server, a
Celery worker and the beat scheduler together until interrupted.

Mail is never lost: unless EMAIL_BACKEND is set, every message is written to a
file under the checkout (``.spiral/mail/``, Django's file-based backend), and
the command says where when it starts. Links (set-password, invitations,
calendar feeds) carry the port the web server listens on unless
SPIRAL_PUBLIC_PORT says otherwise (a proxy in front of it).
"""

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test import override_settings

FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Command(BaseCommand):
    help = "Run web server, worker and scheduler together, with a demo tenant (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        if not settings.DEBUG:
            raise CommandError(
                "spiral dev is for development: run it with DEBUG=true (make run does)."
            )
        environment = child_environment(os.environ, port=port)
        public_port = environment["SPIRAL_PUBLIC_PORT"]
        with override_settings(SPIRAL_PUBLIC_PORT=int(public_port) if public_port else None):
            call_command("demo", migrate=True)
        self.stdout.write(f"Mail: {mail_destination(environment)}")
        self.stdout.write("Starting web server, worker and scheduler; Ctrl-C stops them all.")
        self._supervise(
            environment,
            {
                "web": [
                    sys.executable,
                    "-m",
                    "spiral.platform.cli",
                    "runserver",
                    f"0.0.0.0:{port}",
                ],
                "worker": _celery("worker", "--loglevel=INFO", "--concurrency=2"),
                "beat": _celery("beat", "--loglevel=INFO"),
            },
        )

    def _supervise(self, environment: dict[str, str], commands: dict[str, list[str]]) -> None:
        """Runs the processes; when one stops or Ctrl-C is pressed, stops them all."""
        processes = {
            name: subprocess.Popen(cmd, env=environment)  # noqa: S603
            for name, cmd in commands.items()
        }
        stopping = False

        def stop(*_):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            while not stopping:
                ended = [name for name, proc in processes.items() if proc.poll() is not None]
                if ended:
                    self.stderr.write(f"{', '.join(ended)} stopped; stopping the rest.")
                    break
                time.sleep(0.5)
        finally:
            for proc in processes.values():
                if proc.poll() is None:
                    proc.terminate()
            for proc in processes.values():
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    proc.kill()


def _celery(*args: str) -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "spiral.workers.app", *args]


def child_environment(environ, *, port: int) -> dict[str, str]:
    """The environment of the web server, worker and scheduler: what is set
    wins; otherwise mail goes to files under the checkout and links carry the
    web server's port."""
    environment = dict(environ)
    if not environment.get("EMAIL_BACKEND"):
        environment["EMAIL_BACKEND"] = FILE_BACKEND
        environment["EMAIL_FILE_PATH"] = str(settings.EMAIL_FILE_PATH)
    environment.setdefault("SPIRAL_PUBLIC_PORT", str(port))
    return environment


def mail_destination(environment: dict[str, str]) -> str:
    """Where the started processes deliver mail, in words (and makes the folder)."""
    backend = environment["EMAIL_BACKEND"]
    if backend == FILE_BACKEND:
        folder = environment.get("EMAIL_FILE_PATH") or str(settings.EMAIL_FILE_PATH)
        os.makedirs(folder, exist_ok=True)
        return (
            f"written to files in {folder}/ (one file per delivery run, nothing is sent; "
            "set EMAIL_BACKEND to send it)"
        )
    if backend == SMTP_BACKEND:
        host = environment.get("EMAIL_HOST") or settings.EMAIL_HOST
        port = environment.get("EMAIL_PORT") or settings.EMAIL_PORT
        return f"sent by SMTP to {host}:{port}"
    return f"handed to {backend}"
