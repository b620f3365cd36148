"""Coaching in the browser: a manager's track (sessions, goals with their
progress chart, the exercises, private notes, saying who can read them) and a
coach's list of coachees. Only the coachee and the coach open a track's page;
for anyone else it does not exist (404). The same selectors, services and
rules as the API (/api/v1/coaching-*)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import Page
from spiral.programs.coaching import rules, selectors, services
from spiral.programs.coaching.charts import progress_chart
from spiral.programs.coaching.exercises import BY_KEY, EXERCISES
from spiral.programs.coaching.models import PROGRESS_MAX, PROGRESS_MIN, CoachingTrack
from spiral.programs.org.selectors import person_of


class MyCoachingPage(Page):
    """The coachee's own track (the newest, if a second programme gave another)."""

    rule = rules.offers_my_coaching
    title = gettext_lazy("My coaching")

    def get(self, request, *args, **kwargs):
        track = selectors.tracks_as_coachee(actor=self.actor).order_by("-created_at").first()
        return redirect(reverse("coaching:track", args=[track.public_id]))


class CoacheesPage(Page):
    rule = rules.offers_coachees
    title = gettext_lazy("My coachees")
    template_name = "coaching/pages/coachees.html"

    def get_context_data(self, **kwargs):
        tracks = list(selectors.tracks_as_coach(actor=self.actor))
        for track in tracks:
            track.latest = [_latest(goal) for goal in track.goals.all()]
        return super().get_context_data(tracks=tracks, **kwargs)


def _latest(goal):
    readings = goal.progress.all()
    return readings[len(readings) - 1].value if readings else None


class _TrackMixin:
    def track(self, public_id) -> CoachingTrack:
        track = (
            selectors.track_list_private(actor=self.actor)
            .select_related("coachee", "coach")
            .filter(public_id=public_id)
            .first()
        )
        if track is None:
            raise Http404  # HR, administrators, other coaches: as if it did not exist
        return track


@method_decorator(sensitive_variables("notes", "answers", "context"), name="get_context_data")
class TrackPage(_TrackMixin, Page):
    rule = rules.reads_tracks
    title = gettext_lazy("Coaching track")
    template_name = "coaching/pages/track.html"

    def get_context_data(self, **kwargs):
        track = self.track(self.kwargs["public_id"])
        me = self.actor.person_id
        goals = list(selectors.goal_list_private(actor=self.actor).filter(track=track))
        for goal in goals:
            goal.chart = progress_chart(goal)
        notes = list(selectors.note_list_private(actor=self.actor).filter(track=track))
        answers = list(selectors.answer_list_private(actor=self.actor).filter(track=track))
        services.private_reads_record(reader_id=me, rows=notes)
        services.private_reads_record(reader_id=me, rows=answers)
        exercises = [_exercise_view(exercise, answers, me) for exercise in EXERCISES]
        other = track.coach if track.coachee_id == me else track.coachee
        sessions = list(selectors.track_sessions(track=track)[:50])
        return super().get_context_data(
            track=track, goals=goals, notes=notes, exercises=exercises, other=other,
            is_coach=track.coach_id == me, sessions=sessions,
            scale=range(PROGRESS_MIN, PROGRESS_MAX + 1), **kwargs,
        )  # fmt: skip


def _exercise_view(exercise, answers, me) -> dict:
    mine = next((a for a in answers if a.exercise == exercise.key and a.author_id == me), None)
    theirs = [a for a in answers if a.exercise == exercise.key and a.author_id != me]
    prompts = [
        {"key": p.key, "text": p.text, "mine": (mine.answers if mine else {}).get(p.key, ""),
         "theirs": [(a.author.name, a.answers.get(p.key, "")) for a in theirs
                    if a.answers.get(p.key)]}
        for p in exercise.prompts
    ]  # fmt: skip
    return {"key": exercise.key, "title": exercise.title, "intro": exercise.intro,
            "prompts": prompts}  # fmt: skip


@method_decorator(sensitive_post_parameters(), name="dispatch")
class TrackActionPage(_TrackMixin, Page):
    """POST only: a goal, a progress reading, a note, exercise answers."""

    rule = rules.reads_tracks
    http_method_names = ["post"]
    template_name = "coaching/pages/track.html"

    @method_decorator(sensitive_variables("data"))
    def post(self, request, public_id, what, key=None):
        track = self.track(public_id)
        if not self.may(rules.writes_private, track):
            raise PermissionDenied
        data = request.POST
        try:
            done = self._perform(track, what, key, data)
            messages.success(request, done)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        anchor = {"goal": "goals", "progress": "goals", "note": "notes"}.get(what, "exercises")
        return redirect(reverse("coaching:track", args=[track.public_id]) + f"#{anchor}")

    def _perform(self, track, what, key, data) -> str:
        me = person_of(actor=self.actor)
        if what == "goal":
            services.goal_create(track=track, title=data.get("title", ""),
                                 description=data.get("description", ""))  # fmt: skip
            return _("The goal is added.")
        if what == "progress":
            goal = (
                selectors.goal_list_private(actor=self.actor)
                .filter(track=track, public_id=key)
                .first()
            )
            if goal is None:
                raise Http404
            services.goal_progress_record(goal=goal, value=_int(data.get("value")), by=me)
            return _("The progress is saved.")
        if what == "note":
            services.note_write(track=track, author=me, text=data.get("text", ""))
            return _("The note is saved.")
        if what == "exercise" and key in BY_KEY:
            answers = {p: data.get(p, "") for p in BY_KEY[key].prompt_keys}
            services.answer_save(track=track, author=me, exercise=key, answers=answers)
            return _("Your answers are saved.")
        raise Http404


def _int(raw) -> int | None:
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None


urlpatterns = [
    path("coaching/", MyCoachingPage.as_view(), name="mine"),
    path("coaching/coachees/", CoacheesPage.as_view(), name="coachees"),
    path("coaching/<uuid:public_id>/", TrackPage.as_view(), name="track"),
    path("coaching/<uuid:public_id>/<slug:what>/", TrackActionPage.as_view(), name="act"),
    path("coaching/<uuid:public_id>/<slug:what>/<str:key>/", TrackActionPage.as_view(),
         name="act_on"),
]  # fmt: skip
nav = [
    NavEntry(label=gettext_lazy("My coaching"), url_name="coaching:mine",
             rule=rules.offers_my_coaching, order=13),
    NavEntry(label=gettext_lazy("My coachees"), url_name="coaching:coachees",
             rule=rules.offers_coachees, order=13),
]  # fmt: skip
