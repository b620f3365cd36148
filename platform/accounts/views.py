"""Signing in and out, choosing a password (the invitation's one-time link and
a reset asked for by email), and the language switch. The pages of a signed-in
person's own account are in pages.py."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views import i18n
from django.views.decorators.http import require_POST
from django.views.generic import FormView, TemplateView

from spiral.platform.accounts.lockout import (
    Attempt,
    attempt_failed,
    attempt_locked,
    attempt_over_limit,
    attempt_succeeded,
    client_address,
)
from spiral.platform.accounts.services import password_reset_send, user_language_set


class LockoutAuthenticationForm(AuthenticationForm):
    """Refuses an account or address with too many recent failures before the
    password is even checked: the right password is refused too, until the
    cool-off ends."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "username", "autofocus": True}
        )
        self.fields["password"].label = _("Password")

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

    def form_valid(self, form):
        response = super().form_valid(form)
        # The language the person chose before, on any device, unless they
        # just chose one here.
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            _set_language_cookie(response, form.get_user().language)
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's): a link cannot sign anyone out."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Where the one-time link of an invitation, or of a password reset, leads."""

    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved. Sign in with it."))
        return response


class PasswordResetForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        help_text=_("The address you sign in with."),
    )


class PasswordResetView(FormView):
    """Asks for an email and answers the same whether a login has it or not.
    Requests are counted per account and per address (the lockout's window):
    past the limit, nothing more is sent, and the answer is still the same."""

    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    success_url = reverse_lazy("password-reset-sent")

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        attempt = Attempt(
            kind="password-reset", account=email, address=client_address(self.request)
        )
        if not attempt_over_limit(
            attempt,
            account_limit=settings.PASSWORD_RESET_ACCOUNT_REQUESTS,
            address_limit=settings.PASSWORD_RESET_ADDRESS_REQUESTS,
        ):
            password_reset_send(email=email)
        return super().form_valid(form)


class PasswordResetSentView(TemplateView):
    template_name = "accounts/password_reset_sent.html"


def _set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request):
    """Django's set_language (a form that works without JavaScript: POST
    ``language`` and ``next``), which also keeps a signed-in person's choice."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=language)
    if response.status_code == 204:  # no safe place to go back to
        return redirect("web:home")
    return response
