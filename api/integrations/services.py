from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from spiral.api.models import ApiClient
from spiral.api.oauth import forget_tokens
from spiral.api.scopes import SCOPES
from spiral.platform.audit.services import audit_record


@transaction.atomic
def api_client_create(*, name: str, scopes: list[str], created_by=None) -> tuple[ApiClient, str]:
    """Creates an integration client. Returns it with its secret, which is
    stored only as a hash and shown this once."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationError(
            {"scopes": [_("Choose among: %(scopes)s.") % {"scopes": ", ".join(SCOPES)}]}
        )
    secret = generate_client_secret()
    application = Application.objects.create(
        name=name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
    )
    client = ApiClient.objects.create(
        name=name, application=application, scopes=sorted(set(scopes)), created_by=created_by
    )
    audit_record(
        action="api_client.created",
        obj=client,
        changes={  # never the secret
            "name": [None, client.name],
            "client_id": [None, application.client_id],
            "scopes": [None, client.scopes],
        },
    )
    return client, secret


@transaction.atomic
def api_client_revoke(*, client: ApiClient) -> None:
    """Removes the client and, with its application, every token it holds."""
    audit_record(
        action="api_client.revoked",
        obj=client,
        changes={"client_id": [client.application.client_id, None]},
    )
    client.application.delete()
    transaction.on_commit(forget_tokens)
