"""The audit trail, for the tenant's administrators: the list-page pattern
(a selector's rows in a table, filters as a GET form, htmx refreshing the
results, page numbers). The same selector and rule as GET /api/v1/audit-events/."""

from datetime import datetime, time, timedelta

from django import forms
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spiral.platform.audit.rules import reads_audit_trail
from spiral.platform.audit.selectors import audit_event_filter, audit_event_list_visible
from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import ListPage


class AuditFilterForm(forms.Form):
    object_type = forms.CharField(
        label=_("Type of object"), required=False, help_text=_("For example org.person")
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To and including"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class AuditEventsPage(ListPage):
    rule = reads_audit_trail
    title = _("Audit trail")
    selector = staticmethod(audit_event_list_visible)
    filter_form_class = AuditFilterForm
    template_name = "audit/pages/events.html"
    results_template_name = "audit/pages/_events.html"

    def narrow(self, rows, filters):
        zone = timezone.get_current_timezone()
        if "since" in filters:
            filters["since"] = datetime.combine(filters["since"], time.min, tzinfo=zone)
        if "until" in filters:  # the whole of that day
            day_after = filters["until"] + timedelta(days=1)
            filters["until"] = datetime.combine(day_after, time.min, tzinfo=zone)
        return audit_event_filter(rows, **filters)


urlpatterns = [path("audit/", AuditEventsPage.as_view(), name="events")]

nav = [NavEntry(label=_("Audit trail"), url_name="audit:events", rule=reads_audit_trail, order=70)]
