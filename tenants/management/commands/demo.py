"""spiral demo [--migrate] [--reset]: the demo tenant, made on the first run."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from spiral.tenants.demo import demo_tenant_ensure, demo_tenant_remove
from spiral.tenants.demo.printout import demo_printout


class Command(BaseCommand):
    help = (
        "Make the demo tenant (a municipality of 2,000 people with a programme three months "
        "under way) if it is missing, and print its address and four logins."
    )

    def add_arguments(self, parser):
        parser.add_argument("--migrate", action="store_true", help="Migrate all schemas first.")
        parser.add_argument(
            "--reset", action="store_true", help="Remove the demo tenant first and make it afresh."
        )

    def handle(self, *args, migrate, reset, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "spiral demo makes logins with a known password: not with SPIRAL_ENV=production."
            )
        if migrate:
            call_command("migrate_schemas", interactive=False, verbosity=0)
        if reset and demo_tenant_remove():
            self.stdout.write("Removed the demo tenant.")
        demo = demo_tenant_ensure()
        # Addresses on the tenant's public address (SPIRAL_PUBLIC_*).
        lines = demo_printout(demo)
        self.stdout.write(self.style.SUCCESS(lines[0]))
        for line in lines[1:]:
            self.stdout.write(line)
