"""spiral tenants create|list|suspend|activate"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from spiral.tenants import selectors, services
from spiral.tenants.models import Tenant


class Command(BaseCommand):
    help = "Provision and manage tenants (municipalities and regions)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Provision a new tenant.")
        create.add_argument("--name", required=True)
        create.add_argument("--slug", required=True)
        create.add_argument("--kind", required=True, choices=Tenant.Kind.values)
        create.add_argument("--org-number", required=True)
        create.add_argument("--admin-email", required=True)
        create.add_argument("--language", default="sv", choices=Tenant.Language.values)
        sub.add_parser("list", help="List tenants.")
        for name in ("suspend", "activate"):
            sub.add_parser(name, help=f"{name.capitalize()} a tenant.").add_argument("slug")

    def handle(self, *args, action, **options):
        try:
            getattr(self, f"_{action}")(**options)
        except ValidationError as exc:
            raise CommandError(_describe(exc)) from exc
        except Tenant.DoesNotExist as exc:
            raise CommandError(f"No tenant with slug {options.get('slug')!r}.") from exc

    def _create(self, *, name, slug, kind, org_number, admin_email, language, **_):
        provisioned = services.tenant_create(
            name=name,
            slug=slug,
            kind=kind,
            org_number=org_number,
            admin_email=admin_email,
            default_language=language,
        )
        host = provisioned.domain.domain
        self.stdout.write(self.style.SUCCESS(f"Created {provisioned.tenant.name} at {host}"))
        self.stdout.write(f"Administrator: {provisioned.admin_invitation.email}")
        self.stdout.write(f"One-time link to set the password: {provisioned.set_password_url}")

    def _list(self, **_):
        for tenant in selectors.tenant_list():
            hosts = ", ".join(domain.domain for domain in tenant.domains.all())
            self.stdout.write(
                f"{tenant.slug}\t{tenant.status}\t{tenant.kind}\t{tenant.name}\t{hosts}"
            )

    def _suspend(self, *, slug, **_):
        tenant = services.tenant_suspend(tenant=selectors.tenant_get_by_slug(slug))
        self.stdout.write(f"{tenant.slug} is {tenant.status}")

    def _activate(self, *, slug, **_):
        tenant = services.tenant_activate(tenant=selectors.tenant_get_by_slug(slug))
        self.stdout.write(f"{tenant.slug} is {tenant.status}")


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items()
        )
    return " ".join(exc.messages)
