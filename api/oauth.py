"""OAuth2 client credentials for integrations (django-oauth-toolkit)."""

from oauth2_provider.oauth2_validators import OAuth2Validator

from spiral.api.models import ApiClient


class ClientScopesValidator(OAuth2Validator):
    """A client gets at most the scopes its tenant administrator gave it; asking
    for none gives all of them."""

    def _granted(self, client) -> set[str]:
        spiral_client = ApiClient.objects.filter(application=client).first()
        return set(spiral_client.scopes) if spiral_client else set()

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return set(scopes) <= self._granted(client)

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return sorted(self._granted(request.client))
