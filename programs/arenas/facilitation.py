"""The facilitator's pages: their arenas; one arena's members, waitlist and
requests (approve or decline), its sessions with attendance and topics to
pick, and its results through the anonymity engine. HR sees them too."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spiral.platform.core.errors import ConflictError
from spiral.platform.web.views import FormPage, Page
from spiral.programs.anonymity.selectors import anonymity_threshold
from spiral.programs.arenas import meetings, results, rules, selectors, services
from spiral.programs.arenas.models import Membership
from spiral.programs.sessions.models import Session


def arena_of(actor, public_id, selector=selectors.arena_list_visible):
    found = selector(actor=actor).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def say(request, error: Exception) -> None:
    """A service's refusal, as messages on the next page."""
    if isinstance(error, ValidationError):
        texts = [t for group in error.message_dict.values() for t in group]
    elif isinstance(error, ConflictError):
        texts = error.reasons
    else:
        texts = [str(error)]
    for text in texts:
        messages.error(request, text)


def _uuid(raw) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


class FacilitatePage(Page):
    rule = rules.offers_facilitation
    title = gettext_lazy("Arenas I facilitate")
    template_name = "arenas/pages/facilitate.html"

    def get_context_data(self, **kwargs):
        arenas = list(selectors.arena_list_facilitated(actor=self.actor))
        return super().get_context_data(arenas=arenas, **kwargs)


class RunPage(Page):
    rule = rules.reads_arenas
    template_name = "arenas/pages/run.html"

    def get_context_data(self, **kwargs):
        arena = arena_of(self.actor, self.kwargs["public_id"])
        if not self.may(rules.runs_arena, arena):
            raise PermissionDenied
        sessions = list(
            selectors.arena_session_list_visible(actor=self.actor)
            .filter(series__arena=arena)
            .order_by("starts_at")
        )
        now = timezone.now()
        past = [s for s in sessions if s.starts_at <= now]
        feedback = [(s, results.session_feedback(session=s)) for s in past if s.status == "held"]
        places = {
            status: list(selectors.arena_places(arena=arena, status=status))
            for status in Membership.Status.values
        }
        self.title = _("Facilitate: %(arena)s") % {"arena": arena.title}
        return super().get_context_data(
            arena=arena,
            members=places["member"], waitlist=places["waitlisted"],
            requests=places["requested"], past=past,
            coming=[s for s in sessions if s.starts_at > now][:6],
            topics=list(
                selectors.topic_list_visible(actor=self.actor)
                .filter(arena=arena).order_by("-vote_count", "title")
            ),
            results=results.arena_results(arena=arena), feedback=feedback,
            threshold=anonymity_threshold(), **kwargs,
        )  # fmt: skip


class RunActionPage(Page):
    """POST only: approve or decline a request, pick a topic for a session."""

    rule = rules.reads_arenas
    http_method_names = ["post"]

    def post(self, request, public_id, what):
        arena = arena_of(self.actor, public_id)
        if not self.may(rules.runs_arena, arena):
            raise PermissionDenied
        try:
            if what in ("approve", "decline"):
                asking = selectors.arena_places(arena=arena, status=Membership.Status.REQUESTED)
                found = asking.filter(person__public_id=_uuid(request.POST.get("person"))).first()
                if found is None:
                    raise Http404
                services.arena_request_decide(
                    arena=arena, person=found.person, approve=what == "approve"
                )
                messages.success(request, _("The request is answered."))
            elif what == "pick":
                self._pick(request, arena)
            else:
                raise Http404
        except (ValidationError, ConflictError) as error:
            say(request, error)
        return redirect(reverse("arenas:run", args=[arena.public_id]))

    def _pick(self, request, arena) -> None:
        topic = (
            selectors.topic_list_visible(actor=self.actor)
            .filter(arena=arena, public_id=_uuid(request.POST.get("topic")))
            .first()
        )
        session = (
            selectors.arena_session_list_visible(actor=self.actor)
            .filter(series__arena=arena, public_id=_uuid(request.POST.get("session")))
            .first()
        )
        if topic is None or session is None:
            raise Http404
        meetings.topic_pick(topic=topic, session=session)
        messages.success(request, _("The topic is taken up in the session."))


class AttendanceForm(forms.Form):
    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        for attendance in people:
            self.fields[f"p{attendance.person.public_id.hex}"] = forms.BooleanField(
                label=attendance.person.name, required=False, initial=bool(attendance.attended)
            )
        self.people = people


class AttendancePage(FormPage):
    rule = rules.reads_arenas
    title = gettext_lazy("Record attendance")
    form_class = AttendanceForm
    submit_label = gettext_lazy("Save attendance")
    success_message = gettext_lazy("Attendance is saved.")

    def session(self) -> Session:
        if not hasattr(self, "_session"):
            found = (
                selectors.arena_session_list_visible(actor=self.actor)
                .filter(public_id=self.kwargs["public_id"])
                .first()
            )
            if found is None:
                raise Http404
            if not self.may(rules.runs_arena, found):
                raise PermissionDenied
            self._session = found
        return self._session

    def get(self, request, *args, **kwargs):
        self.session()
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        people = self.session().attendances.select_related("person").order_by("person__family_name")
        return {**super().get_form_kwargs(), "people": list(people)}

    def get_success_url(self):
        return reverse("arenas:run", args=[self.session().series.arena.public_id])

    def perform(self, form) -> None:
        present = {
            a.person_id: form.cleaned_data[f"p{a.person.public_id.hex}"] for a in form.people
        }
        session = self.session()
        meetings.arena_attendance_record(
            arena=session.series.arena, session=session, present=present
        )


urlpatterns = [
    path("arenas/facilitate/", FacilitatePage.as_view(), name="facilitate"),
    path("arenas/<uuid:public_id>/run/", RunPage.as_view(), name="run"),
    path("arenas/<uuid:public_id>/run/<slug:what>/", RunActionPage.as_view(), name="run-act"),
    path(
        "arenas/sessions/<uuid:public_id>/attendance/",
        AttendancePage.as_view(),
        name="attendance",
    ),
]
