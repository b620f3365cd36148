"""Writes to accounts. Runs in the current tenant's schema."""

from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from spiral.platform.accounts.models import User
from spiral.platform.audit.services import audit_record


@dataclass(frozen=True)
class AdminInvitation:
    """The first administrator's one-time link, as a path: the tenant's public
    address goes in front of it (``ProvisionedTenant.set_password_url``)."""

    email: str
    set_password_path: str


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


def user_create(*, email: str, full_name: str = "", language: str = "sv") -> User:
    """A login without a password: the person sets one through a one-time link."""
    if connection.schema_name == "public":
        raise RuntimeError("Users live in a tenant's schema, never in public.")
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [gettext("A login with this email already exists.")]})
    user = User.objects.create_user(email=email, full_name=full_name, language=language)
    audit_record(action="user.created", obj=user, changes={"email": [None, user.email]})
    return user


def send_invitation(*, email: str, link: str) -> None:
    subject = gettext("Your login to Spiral")
    body = gettext(
        "You have been given a login to Spiral. Choose your password here "
        "(the link works once and for three days):\n\n%(link)s\n"
    ) % {"link": link}
    send_mail(subject, body, None, [email])


@transaction.atomic
def user_create_first_admin(*, email: str, language: str = "sv") -> AdminInvitation:
    if connection.schema_name == "public":
        raise RuntimeError("Users live in a tenant's schema, never in public.")
    user = User.objects.create_user(email=email, is_tenant_admin=True, language=language)
    audit_record(action="user.created", obj=user, changes={"is_tenant_admin": [None, True]})
    return AdminInvitation(email=user.email, set_password_path=set_password_path(user))


def session_clear_expired() -> int:
    """Deletes this tenant's expired login sessions. Safe to run twice."""
    from django.utils import timezone

    from spiral.platform.accounts.models import LoginSession

    deleted, _ = LoginSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
