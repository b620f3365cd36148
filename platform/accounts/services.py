"""Writes to accounts. Runs in the current tenant's schema."""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.db import connection, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from spiral.platform.accounts.models import User


@dataclass(frozen=True)
class AdminInvitation:
    email: str
    set_password_path: str

    def url(self, host: str, scheme: str = "https") -> str:
        return f"{scheme}://{host}{self.set_password_path}"


def set_password_path(user: User) -> str:
    """A one-time link: the token is tied to the password hash and last login,
    so it stops working once used (and after PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse(
        "set-password",
        kwargs={"uidb64": uid, "token": token},
        urlconf="spiral.platform.urls_tenant",
    )


@transaction.atomic
def user_create_first_admin(*, email: str, language: str = "sv") -> AdminInvitation:
    if connection.schema_name == "public":
        raise RuntimeError("Users live in a tenant's schema, never in public.")
    user = User.objects.create_user(email=email, is_tenant_admin=True, language=language)
    return AdminInvitation(email=user.email, set_password_path=set_password_path(user))


def session_clear_expired() -> int:
    """Deletes this tenant's expired login sessions. Safe to run twice."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
