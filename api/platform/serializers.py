from rest_framework import serializers

from spiral.tenants.models import Tenant


class TenantSerializer(serializers.ModelSerializer):
    domains = serializers.SerializerMethodField()

    class Meta:
        model = Tenant
        fields = [
            "public_id",
            "name",
            "slug",
            "kind",
            "org_number",
            "default_language",
            "status",
            "anonymity_threshold",
            "domains",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_domains(self, tenant: Tenant) -> list[str]:
        return [domain.domain for domain in tenant.domains.all()]


class TenantCreateSerializer(serializers.Serializer):
    """Shape checks only; the provisioning service owns the rules (slug, org
    number, uniqueness) so that the CLI and the API agree."""

    name = serializers.CharField(max_length=200)
    slug = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Tenant.Kind.choices)
    org_number = serializers.CharField(max_length=20)
    admin_email = serializers.EmailField()
    default_language = serializers.ChoiceField(
        choices=Tenant.Language.choices, default=Tenant.Language.SWEDISH
    )


class ProvisionedTenantSerializer(serializers.Serializer):
    tenant = TenantSerializer()
    admin_email = serializers.EmailField()
    set_password_url = serializers.URLField()
