from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from spiral.api.accounts import views as account_views

urlpatterns = [
    path("v1/", account_views.api_root, name="api-root"),
    path("v1/me/", account_views.me, name="api-me"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]
