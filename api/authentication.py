"""Who is calling the API."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from spiral.tenants.models import OperatorToken
from spiral.tenants.selectors import operator_token_usable
from spiral.tenants.services import operator_token_mark_used


class OperatorTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer spo_<prefix>_<secret>`` for platform operators,
    accepted only on the platform host (the public schema's URLs)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _, credentials = header.partition(" ")
        if scheme != self.keyword or not credentials.startswith("spo_"):
            return None
        _, _, rest = credentials.partition("_")
        prefix, _, secret = rest.partition("_")
        token = operator_token_usable(prefix=prefix)
        if token is None or not token.matches(secret):
            raise exceptions.AuthenticationFailed("Invalid or revoked operator token.")
        operator_token_mark_used(token=token)
        return token.operator, token

    def authenticate_header(self, request):
        return self.keyword


class IsPlatformOperator(permissions.BasePermission):
    def has_permission(self, request, view):
        return isinstance(request.auth, OperatorToken)


class OperatorTokenScheme(OpenApiAuthenticationExtension):
    target_class = OperatorTokenAuthentication
    name = "operatorToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer"}
