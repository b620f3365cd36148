"""OAuth2 client credentials for integrations (django-oauth-toolkit)."""

import base64
import binascii
import hashlib
import json
from urllib.parse import unquote_plus

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils.translation import gettext as _
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import TokenView

from spiral.api.integrations.selectors import api_client_scopes
from spiral.platform.accounts.lockout import (
    Attempt,
    attempt_failed,
    attempt_locked,
    attempt_succeeded,
    client_address,
)
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


class LockoutTokenView(TokenView):
    """The token endpoint, refusing a client id or an address with too many
    recent failures. The answer is the same whether the client exists or not."""

    def post(self, request, *args, **kwargs):
        attempt = Attempt(
            kind="token", account=_client_id(request), address=client_address(request)
        )
        if attempt_locked(attempt):
            return _locked_response()
        response = super().post(request, *args, **kwargs)
        if response.status_code in {400, 401} and _is_client_failure(response):
            attempt_failed(attempt)
        elif response.status_code == 200:
            attempt_succeeded(attempt)
        return response


def _client_id(request) -> str:
    """From the form, or from HTTP Basic authentication (RFC 6749 2.3.1)."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(credentials, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return ""
        return unquote_plus(decoded.partition(":")[0])
    return request.POST.get("client_id", "")


def _is_client_failure(response) -> bool:
    try:
        error = json.loads(response.content).get("error")
    except (ValueError, AttributeError):
        return False
    return error in {"invalid_client", "unauthorized_client"}


def _locked_response() -> HttpResponse:
    body = {
        "error": "invalid_client",
        "error_description": _("Too many failed attempts. Try again later."),
    }
    response = HttpResponse(json.dumps(body), status=429, content_type="application/json")
    response["Retry-After"] = str(settings.LOCKOUT_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
