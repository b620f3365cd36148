"""spiral demo [--migrate]: the demo tenant, created on first run."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from spiral.tenants.demo import DEMO_PASSWORD, demo_tenant_ensure


class Command(BaseCommand):
    help = "Create the demo tenant and its administrator if missing, and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--migrate", action="store_true", help="Migrate all schemas first.")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, migrate, port, **options):
        if migrate:
            call_command("migrate_schemas", interactive=False, verbosity=0)
        tenant, admin_email = demo_tenant_ensure()
        url = f"http://{tenant.slug}.{settings.SPIRAL_BASE_DOMAIN}:{port}/"
        self.stdout.write(self.style.SUCCESS(f"Spiral demo: {url}"))
        self.stdout.write(f"Log in as {admin_email} with password {DEMO_PASSWORD}")
        self.stdout.write(f"API docs: {url}api/docs/")
