"""Writes to accounts. Runs in the current tenant's schema."""

import uuid
from dataclasses import dataclass

from django.conf import settings
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


# Stands in for a login when none has the address asked for: the reset composes
# its message all the same, so the request does the same work either way.
_NO_LOGIN = User(pk=0, email="")


@transaction.atomic
def password_reset_send(*, email: str) -> bool:
    """Writes a one-time set-password link, on the tenant's public address, to
    the outbox (topic ``email.send``) for the active login with this email, if
    there is one; the relay delivers it. Says whether it wrote one, which the
    page never tells: it answers the same for any address, and the request
    never talks to a mail server, so neither its time nor a mail server's
    failure shows whether the address has a login."""
    from spiral.platform.outbox.email import TOPIC as EMAIL
    from spiral.platform.outbox.services import outbox_publish, outbox_relay_soon
    from spiral.platform.outbox.subscribers import subscribers_of
    from spiral.tenants.links import tenant_url

    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    subject = gettext("Choose a new password for Spiral")
    body = gettext(
        "Someone, hopefully you, asked for a new password for your login to Spiral. "
        "Choose it here (the link works once and for three days):\n\n%(link)s\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n"
    ) % {"link": tenant_url(set_password_path(user or _NO_LOGIN))}
    # Asked for either way: a relay with nothing to send costs the request the same.
    outbox_relay_soon(
        subscribers=[subscriber.name for subscriber in subscribers_of(EMAIL)],
        within_seconds=settings.PASSWORD_RESET_RELAY_SECONDS,
    )
    if user is None:
        return False
    # Each request is its own message; a repeat delivery keeps its Message-ID.
    key = f"password-reset:{user.pk}:{uuid.uuid4().hex}"
    outbox_publish([(EMAIL, key, {"to": user.email, "subject": subject, "body": body})])
    audit_record(action="user.password_reset_sent", obj=user, changes={})
    return True


def user_language_set(*, user: User, language: str) -> User:
    """The language a person reads the product in: pages after they sign in, and
    what is sent to them."""
    if language not in {code for code, _ in User._meta.get_field("language").choices}:
        raise ValidationError({"language": [gettext("Choose Swedish or English.")]})
    if user.language != language:
        before = user.language
        user.language = language
        user.save(update_fields=["language", "updated_at"])
        audit_record(action="user.updated", obj=user, changes={"language": [before, language]})
    return user


def user_sign_out_everywhere(*, user: User) -> int:
    """Ends every signed-in session of this login, on every device; returns how many."""
    from spiral.platform.accounts.sessions import sessions_delete_for

    ended = sessions_delete_for([user.pk])
    audit_record(action="user.signed_out_everywhere", obj=user, changes={"sessions": ended})
    return ended


def session_clear_expired() -> int:
    """Deletes this tenant's expired login sessions. Safe to run twice."""
    from django.utils import timezone

    from spiral.platform.accounts.models import LoginSession

    deleted, _ = LoginSession.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
