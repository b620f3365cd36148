"""A signed-in person's own account: who they are signed in as, and signing
out on every device (the pattern of a confirmed, destructive action)."""

from django.contrib.auth import logout
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from spiral.platform.accounts.services import user_sign_out_everywhere
from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import ConfirmPage, Page, signed_in


class AccountPage(Page):
    rule = signed_in
    title = _("My account")
    template_name = "accounts/pages/account.html"


class SignOutEverywherePage(ConfirmPage):
    rule = signed_in
    title = _("Sign out on every device?")
    consequence = _(
        "Every device where you are signed in, this one too, will have to sign in again."
    )
    confirm_label = _("Sign out everywhere")
    cancel_url = reverse_lazy("accounts:account")
    success_url = reverse_lazy("login")
    success_message = _("You have signed out on every device.")

    def perform(self) -> None:
        user_sign_out_everywhere(user=self.request.user)
        logout(self.request)  # and this browser's cookie with it


urlpatterns = [
    path("account/", AccountPage.as_view(), name="account"),
    path(
        "account/sign-out-everywhere/",
        SignOutEverywherePage.as_view(),
        name="sign-out-everywhere",
    ),
]

nav = [NavEntry(label=_("My account"), url_name="accounts:account", rule=signed_in, order=90)]
