"""spiral dev: the whole product on one machine, for development.

Migrates, creates a demo tenant on first run, then runs the web server, a
Celery worker and the beat scheduler together until interrupted.
"""

import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run web server, worker and scheduler together, with a demo tenant (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port, **options):
        if not settings.DEBUG:
            raise CommandError(
                "spiral dev is for development: run it with DEBUG=true (make run does)."
            )
        call_command("demo", migrate=True, port=port)
        self.stdout.write("Starting web server, worker and scheduler; Ctrl-C stops them all.")
        self._supervise(
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
            }
        )

    def _supervise(self, commands: dict[str, list[str]]) -> None:
        """Runs the processes; when one stops or Ctrl-C is pressed, stops them all."""
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}  # noqa: S603
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
