"""Who is calling the API."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_oauth_toolkit import DjangoOAuthToolkitScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import authentication, exceptions, permissions

from spiral.tenants.models import OperatorToken
from spiral.tenants.selectors import operator_token_usable
from spiral.tenants.services import operator_token_mark_used


class HeaderTokenAuthentication(OAuth2Authentication):
    """OAuth2 access tokens in the Authorization header only. A token in the
    address ends up in proxy logs, browser history and Referer headers; one in
    a form body is just as easy to send by mistake. Either is refused (the
    provider itself ignores the query string; this says why)."""

    def authenticate(self, request):
        if "access_token" in request.query_params or _in_form_body(request._request):
            raise exceptions.AuthenticationFailed(
                _("Send the access token in the Authorization header, never in the address.")
            )
        return super().authenticate(request)


def _in_form_body(request) -> bool:
    # Only urlencoded forms: parsing a multipart upload here would read files.
    form = request.content_type == "application/x-www-form-urlencoded"
    return form and request.method != "GET" and "access_token" in request.POST


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


class HeaderTokenScheme(DjangoOAuthToolkitScheme):
    """The OpenAPI document describes it as the provider's OAuth2 scheme."""

    target_class = HeaderTokenAuthentication
