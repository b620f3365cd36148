"""The tenant's own settings, for its administrators: how long before a session
reminders go out, how many programme hours a week a person may be asked for,
the quiet hours of everyone who has not chosen their own, and the anonymity
threshold every aggregate respects."""

from django import forms
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import FormPage
from spiral.programs.org.rules import administers
from spiral.tenants.selectors import tenant_settings_of
from spiral.tenants.services import (
    ANONYMITY_THRESHOLD,
    REMINDER_HOURS,
    TENANT_SETTINGS,
    WEEKLY_HOURS,
    tenant_settings_update,
)

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class TenantSettingsForm(forms.Form):
    anonymity_threshold = forms.IntegerField(
        label=_("Anonymity threshold, people"),
        help_text=_(
            "Results such as feedback themes and the support assessment are shown only "
            "where at least this many people answered. From 3 to 50; a change applies at "
            "once to every view, closed rounds included."
        ),
        widget=forms.NumberInput(
            attrs={"min": ANONYMITY_THRESHOLD[0], "max": ANONYMITY_THRESHOLD[1]}
        ),
    )
    reminder_hours_before = forms.IntegerField(
        label=_("Reminders, hours before a session"),
        help_text=_("From 1 to 168 hours (a week)."),
        widget=forms.NumberInput(attrs={"min": REMINDER_HOURS[0], "max": REMINDER_HOURS[1]}),
    )
    weekly_programme_hours_limit = forms.DecimalField(
        label=_("Programme hours per person and week"),
        help_text=_("From 0.5 to 40. When a programme starts, you are told who would spend more."),
        widget=forms.NumberInput(
            attrs={"min": WEEKLY_HOURS[0], "max": WEEKLY_HOURS[1], "step": "0.5"}
        ),
    )
    quiet_from = forms.TimeField(
        label=_("Quiet from"),
        required=False,
        widget=TIME,
        help_text=_(
            "For everyone who has not chosen their own quiet hours. Leave both empty for none."
        ),
    )
    quiet_until = forms.TimeField(label=_("Quiet until"), required=False, widget=TIME)


class TenantSettingsPage(FormPage):
    rule = administers  # the predicate the API's administration names
    title = _("Settings")
    form_class = TenantSettingsForm
    template_name = "tenants/pages/settings.html"
    submit_label = _("Save the settings")
    success_message = _("The settings are saved.")
    success_url = reverse_lazy("tenants:settings")

    def get_initial(self):
        tenant = tenant_settings_of(tenant=self.request.tenant)
        return {name: getattr(tenant, name) for name in TENANT_SETTINGS}

    def perform(self, form) -> None:
        tenant_settings_update(tenant=self.request.tenant, **form.cleaned_data)


urlpatterns = [path("settings/", TenantSettingsPage.as_view(), name="settings")]

nav = [NavEntry(label=_("Settings"), url_name="tenants:settings", rule=administers, order=80)]
