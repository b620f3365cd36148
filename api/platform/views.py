"""The platform operators' API, on the bare base domain (public schema)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from spiral.api.authentication import IsPlatformOperator, OperatorTokenAuthentication
from spiral.api.platform.serializers import (
    ProvisionedTenantSerializer,
    TenantCreateSerializer,
    TenantSerializer,
)
from spiral.tenants import selectors, services


class TenantViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    authentication_classes = [OperatorTokenAuthentication]
    permission_classes = [IsPlatformOperator]
    serializer_class = TenantSerializer
    lookup_field = "slug"
    pagination_class = None  # at most about a thousand tenants

    def get_queryset(self):
        return selectors.tenant_list()

    @extend_schema(request=TenantCreateSerializer, responses={201: ProvisionedTenantSerializer})
    def create(self, request):
        payload = TenantCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        provisioned = services.tenant_create(**payload.validated_data)
        tenant = selectors.tenant_list().get(pk=provisioned.tenant.pk)
        body = ProvisionedTenantSerializer(
            {
                "tenant": tenant,
                "admin_email": provisioned.admin_invitation.email,
                # the tenant's public address, never the operator API's host
                "set_password_url": provisioned.set_password_url,
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TenantSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, slug=None):
        tenant = services.tenant_suspend(tenant=self._tenant(slug))
        return Response(TenantSerializer(selectors.tenant_list().get(pk=tenant.pk)).data)

    @extend_schema(request=None, responses=TenantSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, slug=None):
        tenant = services.tenant_activate(tenant=self._tenant(slug))
        return Response(TenantSerializer(selectors.tenant_list().get(pk=tenant.pk)).data)

    def _tenant(self, slug):
        tenant = selectors.tenant_list().filter(slug=slug).first()
        if tenant is None:
            raise NotFound()
        return tenant
