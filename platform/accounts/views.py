from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import ngettext

from spiral.platform.accounts.lockout import (
    Attempt,
    attempt_failed,
    attempt_locked,
    attempt_succeeded,
    client_address,
)


class LockoutAuthenticationForm(AuthenticationForm):
    """Refuses an account or address with too many recent failures before the
    password is even checked: the right password is refused too, until the
    cool-off ends."""

    def clean(self):
        attempt = Attempt(
            kind="sign-in",
            account=self.data.get("username", ""),
            address=client_address(self.request),
        )
        if attempt_locked(attempt):
            minutes = max(1, settings.LOCKOUT_SECONDS // 60)
            raise forms.ValidationError(
                ngettext(
                    "Too many failed sign-ins. Try again in %(minutes)d minute.",
                    "Too many failed sign-ins. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            attempt_failed(attempt)
            raise
        attempt_succeeded(attempt)
        return cleaned


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    authentication_form = LockoutAuthenticationForm


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Where the one-time link of an invitation leads."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False


@login_required
def home(request):
    return render(request, "accounts/home.html", {"tenant": request.tenant})
