"""URLs served on a tenant's host, in the tenant's schema."""

from django.urls import include, path

from spiral.platform.accounts import views as account_views
from spiral.platform.web.nav import page_urlpatterns
from spiral.programs.sessions.views import calendar_feed

urlpatterns = [
    # Signing in and out, passwords and the language: named without a
    # namespace, as settings (LOGIN_URL) and the invitation links name them.
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        account_views.SetPasswordView.as_view(),
        name="set-password",
    ),
    path(
        "accounts/password-reset/",
        account_views.PasswordResetView.as_view(),
        name="password-reset",
    ),
    path(
        "accounts/password-reset/sent/",
        account_views.PasswordResetSentView.as_view(),
        name="password-reset-sent",
    ),
    path("language/", account_views.set_language, name="set-language"),
    path("calendar/<str:secret>.ics", calendar_feed, name="calendar-feed"),
    path("api/", include("spiral.api.urls_tenant")),
    # Every installed app's pages module, under its label (spiral.platform.web.nav).
    *page_urlpatterns(),
]

handler400 = "spiral.platform.core.problems.bad_request"
handler403 = "spiral.platform.core.problems.permission_denied"
handler404 = "spiral.platform.core.problems.page_not_found"
handler500 = "spiral.platform.core.problems.server_error"
