"""spiral import people FILE --tenant SLUG [--commit] [--full]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import tenant_context

from spiral.platform.audit.context import acting_as
from spiral.programs.org.hr_import.reading import UnreadableFileError
from spiral.programs.org.hr_import.service import people_import
from spiral.tenants.models import Tenant


class Command(BaseCommand):
    help = "Import people and units from an HR system's CSV or XLSX export (a dry run by default)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="what", required=True)
        people = sub.add_parser("people", help="People and their units.")
        people.add_argument("file", type=Path)
        people.add_argument("--tenant", required=True, help="The tenant's slug.")
        people.add_argument("--commit", action="store_true", help="Apply (default: dry run).")
        people.add_argument(
            "--full", action="store_true", help="Mark people missing from the file as leaving."
        )

    def handle(self, *args, what, file, tenant, commit, full, **options):
        try:
            target = Tenant.objects.get(slug=tenant)
        except Tenant.DoesNotExist as exc:
            raise CommandError(f"No tenant with slug {tenant!r}.") from exc
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        with tenant_context(target), acting_as(label="system:hr-import"):
            try:
                report = people_import(
                    data=file.read_bytes(), filename=file.name, full=full, dry_run=not commit
                )
            except UnreadableFileError as exc:
                raise CommandError(f"{exc} Nothing was written.") from exc
        self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        if report.errors:
            raise CommandError(f"{len(report.errors)} error(s); nothing was written.")
