"""spiral demo [--migrate]: the demo tenant, created on first run."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from spiral.tenants.demo import DEMO_PASSWORD, demo_tenant_ensure
from spiral.tenants.links import tenant_url


class Command(BaseCommand):
    help = "Create the demo tenant and its administrator if missing, and print how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--migrate", action="store_true", help="Migrate all schemas first.")

    def handle(self, *args, migrate, **options):
        if migrate:
            call_command("migrate_schemas", interactive=False, verbosity=0)
        tenant, admin_email = demo_tenant_ensure()
        url = tenant_url("/", tenant)  # the tenant's public address (SPIRAL_PUBLIC_*)
        self.stdout.write(self.style.SUCCESS(f"Spiral demo: {url}"))
        self.stdout.write(f"Log in as {admin_email} with password {DEMO_PASSWORD}")
        self.stdout.write(f"API docs: {url}api/docs/")
