"""OAuth2 client credentials for integrations (django-oauth-toolkit)."""

import hashlib

from django.conf import settings
from django.db import connection
from oauth2_provider.oauth2_validators import OAuth2Validator

from spiral.api.integrations.selectors import api_client_scopes
from spiral.platform.core.memo import LocalMemo

_recent_tokens = LocalMemo(lambda: settings.AUTH_LOCAL_SECONDS)


def forget_tokens() -> None:
    """After a revocation: no process-local copy of any token survives here."""
    _recent_tokens.clear()


class ClientScopesValidator(OAuth2Validator):
    """A client gets at most the scopes its tenant administrator gave it; asking
    for none gives all of them."""

    def _granted(self, client) -> set[str]:
        return api_client_scopes(application=client)

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return set(scopes) <= self._granted(client)

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return sorted(self._granted(request.client))

    def _load_access_token(self, token):
        # Tokens live in the tenant's schema: the key names it. Expiry and
        # scopes are still checked on every request, on the kept token.
        key = (connection.schema_name, hashlib.sha256(token.encode()).hexdigest())
        return _recent_tokens.get_or_load(
            key, lambda: super(ClientScopesValidator, self)._load_access_token(token)
        )
