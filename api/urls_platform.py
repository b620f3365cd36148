from django.urls import include, path
from rest_framework.routers import SimpleRouter

from spiral.api.platform.views import TenantViewSet

router = SimpleRouter()
router.register("tenants", TenantViewSet, basename="platform-tenant")

urlpatterns = [
    path("v1/platform/", include(router.urls)),
]
