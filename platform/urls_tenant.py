"""URLs served on a tenant's host, in the tenant's schema."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from spiral.platform.accounts import views as account_views
from spiral.programs.sessions.views import calendar_feed

urlpatterns = [
    path("", account_views.home, name="home"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        account_views.SetPasswordView.as_view(),
        name="set-password",
    ),
    path("calendar/<str:secret>.ics", calendar_feed, name="calendar-feed"),
    path("api/", include("spiral.api.urls_tenant")),
]

handler400 = "spiral.platform.core.problems.bad_request"
handler403 = "spiral.platform.core.problems.permission_denied"
handler404 = "spiral.platform.core.problems.page_not_found"
handler500 = "spiral.platform.core.problems.server_error"
