from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response


class MeSerializer(serializers.Serializer):
    public_id = serializers.UUIDField(read_only=True)
    email = serializers.EmailField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    language = serializers.CharField(read_only=True)
    is_tenant_admin = serializers.BooleanField(read_only=True)


@extend_schema(
    responses=inline_serializer(
        "ApiRoot",
        {
            "organisation": serializers.CharField(),
            "language": serializers.CharField(),
            "time_zone": serializers.CharField(),
            "api_version": serializers.IntegerField(),
        },
    )
)
@api_view(["GET"])
@permission_classes([permissions.AllowAny])
def api_root(request):
    """What an integration needs to know first about the organisation it calls."""
    tenant = request.tenant
    return Response(
        {
            "organisation": tenant.name,
            "language": tenant.default_language,
            "time_zone": settings.TIME_ZONE,
            "api_version": 1,
        }
    )


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The logged-in user of this organisation."""
    return Response(MeSerializer(request.user).data)
