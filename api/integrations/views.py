from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet
from spiral.api.integrations import services
from spiral.api.integrations.rules import manages_integrations
from spiral.api.integrations.selectors import api_client_list_visible
from spiral.api.integrations.serializers import ApiClientCreatedSerializer, ApiClientSerializer


class ApiClientViewSet(
    ListMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, ScopedViewSet
):
    """Integrations of this organisation, for its administrators."""

    family = "integrations"
    scope_family = None  # no scope reaches it: integrations cannot manage integrations
    rules = dict.fromkeys(("list", "retrieve", "create", "destroy"), manages_integrations)
    selector = staticmethod(api_client_list_visible)
    serializer_class = ApiClientSerializer
    lookup_field = "pk"
    lookup_value_converter = "int"
    idempotent = False  # the response shows the secret once: it is never stored

    @extend_schema(request=ApiClientSerializer, responses={201: ApiClientCreatedSerializer})
    def create(self, request):
        payload = ApiClientSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        client, secret = services.api_client_create(
            **payload.validated_data, created_by=request.user
        )
        body = ApiClientCreatedSerializer(client).data | {"client_secret": secret}
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        services.api_client_revoke(client=instance)
