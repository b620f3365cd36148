"""Mitt program: a person's own programmes, their coming sessions (moved and
cancelled ones say so), their calendar feed and their notification preferences.

The same selectors, services and rule as the API: GET /api/v1/sessions/ (a
person's own), GET /api/v1/enrolments/ (narrowed to their own), GET and POST
/api/v1/calendar-feed/ (renew), /api/v1/notification-preferences/."""

from django import forms
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import ConfirmPage, FormPage, ListPage
from spiral.programs.org.selectors import person_of
from spiral.programs.programmes.selectors import enrolment_list_mine
from spiral.programs.sessions import feeds
from spiral.programs.sessions.rules import is_someone
from spiral.programs.sessions.selectors import session_list_mine_upcoming
from spiral.programs.sessions.services import preference_get_or_create, preference_update


class MyProgrammePage(ListPage):
    rule = is_someone  # the API's IsPerson (calendar feed, preferences); sessions read as `reads`
    title = _("My programme")
    selector = staticmethod(session_list_mine_upcoming)
    template_name = "scheduling/pages/mine.html"
    results_template_name = "scheduling/pages/_sessions.html"
    results_id = "sessions"
    paginate_by = 25

    def get_context_data(self, **kwargs):
        context = super().get_context_data(person_id=self.actor.person_id, **kwargs)
        if self.request.htmx and self.request.htmx.target == self.results_id:
            return context  # the sessions alone
        feed = feeds.feed_get_or_create(person=person_of(actor=self.actor))
        context.update(
            enrolments=list(enrolment_list_mine(actor=self.actor)),
            feed_url=feeds.feed_url(feed),
            preference=preference_get_or_create(person_id=self.actor.person_id),
        )
        return context


class RenewCalendarLinkPage(ConfirmPage):
    rule = is_someone
    title = _("Renew your calendar link?")
    consequence = _(
        "You get a new link. The old one stops working: a calendar that subscribes to it "
        "shows no more sessions until you subscribe again with the new link."
    )
    confirm_label = _("Renew the link")
    cancel_url = reverse_lazy("scheduling:mine")
    success_message = _("Your calendar link is renewed. Subscribe again with the new link.")

    @property
    def success_url(self) -> str:
        return reverse("scheduling:mine") + "#calendar"

    def perform(self) -> None:
        feeds.feed_renew(person=person_of(actor=self.actor))


TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class NotificationPreferenceForm(forms.Form):
    reminders = forms.BooleanField(label=_("Reminders before sessions"), required=False)
    follow_ups = forms.BooleanField(label=_("Follow-up questions after sessions"), required=False)
    nudges = forms.BooleanField(label=_("Nudges from programmes"), required=False)
    digest = forms.BooleanField(
        label=_("A weekly digest"), required=False, help_text=_("On Monday mornings.")
    )
    quiet_from = forms.TimeField(
        label=_("Quiet from"),
        required=False,
        widget=TIME,
        help_text=_("For example 21:00. Messages in your quiet hours wait until they end."),
    )
    quiet_until = forms.TimeField(
        label=_("Quiet until"), required=False, widget=TIME, help_text=_("For example 07:00.")
    )


class NotificationPreferencesPage(FormPage):
    rule = is_someone
    title = _("My notifications")
    form_class = NotificationPreferenceForm
    template_name = "scheduling/pages/notifications.html"
    submit_label = _("Save")
    success_message = _("Your notification settings are saved.")
    success_url = reverse_lazy("scheduling:mine")

    def preference(self):
        return preference_get_or_create(person_id=self.actor.person_id)

    def get_initial(self):
        preference = self.preference()
        return {name: getattr(preference, name) for name in NotificationPreferenceForm.base_fields}

    def perform(self, form) -> None:
        preference_update(preference=self.preference(), **form.cleaned_data)


urlpatterns = [
    path("my-programme/", MyProgrammePage.as_view(), name="mine"),
    path("my-programme/calendar/renew/", RenewCalendarLinkPage.as_view(), name="renew-calendar"),
    path(
        "my-programme/notifications/", NotificationPreferencesPage.as_view(), name="notifications"
    ),
]

nav = [NavEntry(label=_("My programme"), url_name="scheduling:mine", rule=is_someone, order=10)]
