"""The arenas' pages: browse the arenas one may join, join or leave, one's
place on the waitlist, topics and votes, rating a session; and the
facilitator's page (``facilitation.py``). The same selectors, services and
rules as /api/v1/arenas/."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spiral.platform.core.errors import ConflictError
from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import FormPage, Page
from spiral.programs.arenas import facilitation, meetings, rules, selectors, services
from spiral.programs.arenas.facilitation import _uuid, arena_of, say
from spiral.programs.arenas.models import RATING_MAX, RATING_MIN
from spiral.programs.org.selectors import person_of


class ArenasPage(Page):
    rule = rules.reads_arenas
    title = gettext_lazy("Learning arenas")
    template_name = "arenas/pages/arenas.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            arenas=list(selectors.arena_list_mine(actor=self.actor)),
            promotions=list(selectors.promotions_mine(actor=self.actor)),
            **kwargs,
        )


class ArenaPage(Page):
    rule = rules.reads_arenas
    template_name = "arenas/pages/arena.html"

    def get_context_data(self, **kwargs):
        arena = arena_of(self.actor, self.kwargs["public_id"])
        takes_part = self.may(rules.takes_part, arena)
        topics = selectors.topic_list_visible(actor=self.actor).filter(arena=arena)
        sessions = selectors.arena_session_list_visible(actor=self.actor).filter(
            series__arena=arena
        )
        self.title = arena.title
        return super().get_context_data(
            arena=arena, takes_part=takes_part,
            runs=self.may(rules.runs_arena, arena),
            topics=list(topics.order_by("-vote_count", "title")) if takes_part else [],
            sessions=list(sessions.order_by("starts_at")) if takes_part else [],
            **kwargs,
        )  # fmt: skip


class ArenaActionPage(Page):
    """POST only: join, leave, propose a topic, vote or take a vote back."""

    rule = rules.joins_arena
    http_method_names = ["post"]

    def post(self, request, public_id, what):
        arena = arena_of(self.actor, public_id)
        person = person_of(actor=self.actor)
        try:
            if what == "join":
                place = services.arena_join(arena=arena, person=person)
                messages.success(request, _joined_words(place))
            elif what == "leave":
                services.arena_leave(arena=arena, person=person)
                messages.success(request, _("You have left the arena."))
            elif what in ("propose", "vote", "unvote"):
                self._topics(request, arena, person, what)
            else:
                raise Http404
        except (ValidationError, ConflictError, services.OutsideAudienceError) as error:
            say(request, error)
        return redirect(reverse("arenas:arena", args=[arena.public_id]))

    def _topics(self, request, arena, person, what) -> None:
        if not self.may(rules.takes_part, arena):
            raise PermissionDenied
        if what == "propose":
            meetings.topic_propose(
                arena=arena, person=person, title=request.POST.get("title", "")[:200],
                description=request.POST.get("description", ""),
            )  # fmt: skip
            messages.success(request, _("Your topic is proposed."))
            return
        topic = (
            selectors.topic_list_visible(actor=self.actor)
            .filter(arena=arena, public_id=_uuid(request.POST.get("topic")))
            .first()
        )
        if topic is None:
            raise Http404
        meetings.topic_vote(topic=topic, person=person, vote=what == "vote")


def _joined_words(place) -> str:
    if place.status == "member":
        return _("You are a member. You are invited to the arena's coming sessions.")
    if place.status == "waitlisted":
        return _("The arena is full. You are number %(n)s on the waitlist.") % {
            "n": place.waitlist_position
        }
    return _("Your request is sent. A facilitator will answer it.")


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How was the session?"), coerce=int, widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(RATING_MIN, RATING_MAX + 1)],
        help_text=gettext_lazy("1 = not good, 5 = very good"),
    )  # fmt: skip
    comment = forms.CharField(
        label=gettext_lazy("Comment"), required=False, max_length=meetings.COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Shown only together with enough others' comments, and never with your name."
        ),
    )  # fmt: skip


class RatePage(FormPage):
    rule = rules.rates_session
    title = gettext_lazy("Rate the session")
    form_class = RatingForm
    submit_label = gettext_lazy("Send my rating")
    success_message = gettext_lazy("Thank you. Your rating is saved.")

    def session(self):
        found = (
            selectors.arena_session_list_visible(actor=self.actor)
            .filter(public_id=self.kwargs["public_id"])
            .first()
        )
        if found is None:
            raise Http404
        return found

    def get(self, request, *args, **kwargs):
        self.session()  # a session the actor cannot see is a 404 before any form
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("arenas:arena", args=[self.session().series.arena.public_id])

    def perform(self, form) -> None:
        try:
            meetings.session_rate(
                session=self.session(), person=person_of(actor=self.actor), **form.cleaned_data
            )
        except ConflictError as error:
            raise ValidationError(error.reasons) from None


urlpatterns = [
    path("arenas/", ArenasPage.as_view(), name="mine"),
    *facilitation.urlpatterns,
    path("arenas/<uuid:public_id>/", ArenaPage.as_view(), name="arena"),
    path("arenas/<uuid:public_id>/<slug:what>/", ArenaActionPage.as_view(), name="act"),
    path("arenas/sessions/<uuid:public_id>/rate/", RatePage.as_view(), name="rate"),
]

nav = [
    NavEntry(
        label=gettext_lazy("Learning arenas"), url_name="arenas:mine",
        rule=rules.reads_arenas, order=12,
    ),
    NavEntry(
        label=gettext_lazy("Arenas I facilitate"), url_name="arenas:facilitate",
        rule=rules.offers_facilitation, order=13,
    ),
]  # fmt: skip
