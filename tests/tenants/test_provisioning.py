import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from spiral.platform.accounts.models import User
from spiral.tenants import services
from spiral.tenants.models import Domain, Tenant
from spiral.tenants.services import tenant_create

VALID = dict(
    name="Borås stad",
    slug="boras",
    kind="municipality",
    org_number="2120001561",
    admin_email="HR@Example.se",
)


def _footprint() -> tuple:
    """What provisioning can leave behind: tenant rows, domains and schemas."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace ORDER BY nspname")
        schemas = [row[0] for row in cursor.fetchall()]
    return (
        list(Tenant.objects.values_list("slug", flat=True)),
        list(Domain.objects.values_list("domain", flat=True)),
        schemas,
    )


@pytest.mark.django_db
def test_provisioning_creates_schema_domain_and_first_admin(provisioned_tenants):
    # when
    provisioned = tenant_create(**VALID)
    # then
    tenant = Tenant.objects.get(slug="boras")
    assert tenant.status == Tenant.Status.ACTIVE
    assert tenant.org_number == "212000-1561"
    assert tenant.anonymity_threshold == 5
    assert tenant.default_language == "sv"
    assert schema_exists("boras")
    assert provisioned.domain.domain == "boras.spiral.test"
    assert provisioned.domain.is_primary
    with schema_context("boras"):
        admin = User.objects.get()
        assert admin.email == "hr@example.se"
        assert admin.is_tenant_admin
        assert not admin.has_usable_password()
    assert provisioned.admin_invitation.set_password_path.startswith("/accounts/set-password/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "override, field",
    [
        ({"slug": "public"}, "slug"),
        ({"slug": "pg-stats"}, "slug"),
        ({"slug": "information_schema"}, "slug"),
        ({"slug": "Boras"}, "slug"),
        ({"slug": "bo ras"}, "slug"),
        ({"slug": "bo'ras"}, "slug"),
        ({"slug": "boras;drop schema public"}, "slug"),
        ({"slug": "b" * 64}, "slug"),
        ({"org_number": "212000-1562"}, "org_number"),
        ({"kind": "county"}, "kind"),
    ],
)
def test_bad_input_is_rejected_naming_the_field_and_leaves_nothing(
    provisioned_tenants, override, field
):
    before = _footprint()
    with pytest.raises(ValidationError) as caught:
        tenant_create(**{**VALID, **override})
    assert field in caught.value.message_dict
    assert _footprint() == before


@pytest.mark.django_db
def test_duplicate_slug_org_number_and_domain_are_rejected(provisioned_tenants, tenant_a):
    with pytest.raises(ValidationError) as caught:
        tenant_create(**{**VALID, "slug": tenant_a.slug})
    assert "slug" in caught.value.message_dict

    with pytest.raises(ValidationError) as caught:
        tenant_create(**{**VALID, "org_number": tenant_a.org_number})
    assert "org_number" in caught.value.message_dict

    # a custom domain already pointing at A blocks the same host for a new slug
    Domain.objects.create(tenant=tenant_a, domain="boras.spiral.test", is_primary=False)
    with pytest.raises(ValidationError) as caught:
        tenant_create(**VALID)
    assert "slug" in caught.value.message_dict
    assert not Tenant.objects.filter(slug="boras").exists()


def test_a_failure_halfway_leaves_no_schema_no_tenant_and_no_domain(real_commits, monkeypatch):
    # given a step after the schema was created and migrated that fails
    def failing_admin(**kwargs):
        assert connection.schema_name == "boras"  # the schema exists by now
        raise RuntimeError("mail server exploded")

    monkeypatch.setattr(services, "user_create_first_admin", failing_admin)
    before = _footprint()
    # when
    with pytest.raises(RuntimeError):
        tenant_create(**VALID)
    # then
    connection.set_schema_to_public()
    assert _footprint() == before
    assert not schema_exists("boras")


def test_a_migration_error_leaves_nothing_behind(real_commits, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    original = MigrationExecutor.apply_migration

    def apply_then_break(self, state, migration, *args, **kwargs):
        if migration.app_label == "accounts":
            raise RuntimeError("broken migration")
        return original(self, state, migration, *args, **kwargs)

    monkeypatch.setattr(MigrationExecutor, "apply_migration", apply_then_break)
    before = _footprint()
    with pytest.raises(RuntimeError, match="broken migration"):
        tenant_create(**VALID)
    connection.set_schema_to_public()
    assert _footprint() == before
    assert not schema_exists("boras")


@pytest.mark.django_db
def test_suspend_and_activate(tenant_a):
    services.tenant_suspend(tenant=tenant_a)
    assert Tenant.objects.get(pk=tenant_a.pk).status == Tenant.Status.SUSPENDED
    services.tenant_activate(tenant=tenant_a)
    assert Tenant.objects.get(pk=tenant_a.pk).status == Tenant.Status.ACTIVE


@pytest.mark.django_db
def test_anonymity_threshold_can_never_go_below_three(tenant_a):
    from django.db import IntegrityError, transaction

    tenant_a.anonymity_threshold = 2
    with pytest.raises(ValidationError):
        tenant_a.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Tenant.objects.filter(pk=tenant_a.pk).update(anonymity_threshold=2)
