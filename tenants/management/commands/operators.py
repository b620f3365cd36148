"""spiral operators create --email …: a platform operator and an API token."""

from django.core.management.base import BaseCommand

from spiral.tenants.services import operator_create


class Command(BaseCommand):
    help = "Create a platform operator and print a bearer token for the operator API."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("--email", required=True)
        create.add_argument("--name", default="")

    def handle(self, *args, action, email, name, **options):
        operator, key = operator_create(email=email, name=name)
        self.stdout.write(f"Operator {operator.email}")
        self.stdout.write(f"Token (shown once): {key}")
