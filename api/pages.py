"""API clients (integrations), for the tenant's administrators: the list, a
new client with its scopes (its secret shown once, in the answer that created
it, and never again: it is stored only as a hash), and revoking one. The same
rule, selector and services as /api/v1/api-clients/ (api/integrations/)."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spiral.api.integrations.rules import manages_integrations
from spiral.api.integrations.selectors import api_client_list_visible
from spiral.api.integrations.services import api_client_create, api_client_revoke
from spiral.api.scopes import SCOPES
from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import ConfirmPage, FormPage, ListPage


def scope_label(scope: str) -> str:
    """What the scope grants, translated (the descriptions of api/scopes.py
    have Swedish entries in the catalogue), and the scope's name."""
    return f"{gettext(SCOPES[scope])} ({scope})"


class ApiClientsPage(ListPage):
    rule = manages_integrations  # GET /api/v1/api-clients/
    title = _("API clients")
    selector = staticmethod(api_client_list_visible)
    template_name = "api/pages/clients.html"
    results_template_name = "api/pages/_clients.html"


class ApiClientForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("For example the HR system or the intranet.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Give it no more than it needs."),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = [(scope, scope_label(scope)) for scope in SCOPES]


class ApiClientCreatePage(FormPage):
    rule = manages_integrations  # POST /api/v1/api-clients/
    title = _("New API client")
    form_class = ApiClientForm
    submit_label = _("Create the client")

    def perform(self, form):
        return api_client_create(
            name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
            created_by=self.request.user,
        )  # fmt: skip

    def form_valid(self, form):
        """The answer itself shows the secret, once: nothing keeps it, so no
        later page (nor this one, reloaded from a cache) can show it again."""
        try:
            client, secret = self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        self.title = _("API client created")
        response = self.response_class(
            request=self.request,
            template=["api/pages/client_created.html"],
            context=self.get_context_data(
                client=client, secret=secret,
                scopes=[scope_label(scope) for scope in client.scopes],
            ),
        )  # fmt: skip
        response["Cache-Control"] = "no-store"
        return response


class ApiClientRevokePage(ConfirmPage):
    rule = manages_integrations  # DELETE /api/v1/api-clients/<id>/
    confirm_label = _("Revoke")
    cancel_url = reverse_lazy("api:clients")
    success_url = reverse_lazy("api:clients")
    success_message = _("The client is revoked: its tokens no longer work.")
    consequence = _(
        "The integration can no longer sign in, and the tokens it holds stop working at once. "
        "This cannot be undone."
    )

    def get_client(self):
        found = api_client_list_visible(actor=self.actor).filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404
        return found

    def get(self, request, *args, **kwargs):
        self.client = self.get_client()
        return super().get(request, *args, **kwargs)

    @property
    def title(self):
        client = getattr(self, "client", None)
        name = client.name if client else ""
        return _("Revoke %(name)s?") % {"name": name}

    def post(self, request, *args, **kwargs):
        self.client = self.get_client()
        return super().post(request, *args, **kwargs)

    def perform(self) -> None:
        api_client_revoke(client=self.client)


urlpatterns = [
    path("integrations/", ApiClientsPage.as_view(), name="clients"),
    path("integrations/new/", ApiClientCreatePage.as_view(), name="client-create"),
    path("integrations/<int:pk>/revoke/", ApiClientRevokePage.as_view(), name="client-revoke"),
]

nav = [
    NavEntry(label=_("API clients"), url_name="api:clients", rule=manages_integrations, order=60)
]
