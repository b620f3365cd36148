"""Mentoring in the browser: a person's mentoring page (proposals to accept or
decline with the reasons for each, their mentorships with goals, their
supervision groups), the mentor profile form, the mentee request form, and
HR's matching runs with every proposal and its reasons. The same selectors,
services and rules as the API (/api/v1/mentor-profiles/, ...)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import ConfirmPage, FormPage, Page
from spiral.programs.mentoring import matching, rules, selectors, services
from spiral.programs.mentoring.models import MatchProposal
from spiral.programs.org.selectors import person_of

WORDS_HELP = gettext_lazy("Separate them with commas.")


def _words(text: str) -> list[str]:
    return [word for word in (part.strip() for part in text.split(",")) if word]


class ProfileForm(forms.Form):
    profession = forms.CharField(label=gettext_lazy("Profession"), max_length=200)
    interests = forms.CharField(
        label=gettext_lazy("Interests"), required=False, help_text=WORDS_HELP
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages"), required=False, help_text=WORDS_HELP
    )
    capacity = forms.TypedChoiceField(
        label=gettext_lazy("How many mentees you can take"),
        choices=[(n, n) for n in range(matching.CAPACITY_MIN, matching.CAPACITY_MAX + 1)],
        coerce=int,
    )
    active = forms.BooleanField(
        label=gettext_lazy("I take part in the next matching"), required=False, initial=True
    )


class ProfilePage(FormPage):
    rule = rules.keeps_profile
    title = gettext_lazy("My mentor profile")
    form_class = ProfileForm
    submit_label = gettext_lazy("Save the profile")
    success_message = gettext_lazy("Your mentor profile is saved.")

    def get_initial(self):
        profile = selectors.profile_of(actor=self.actor)
        if profile is None:
            return {"active": True, "capacity": 1}
        return {
            "profession": profile.profession,
            "interests": ", ".join(profile.interests),
            "languages": ", ".join(profile.languages),
            "capacity": profile.capacity,
            "active": profile.active,
        }

    def perform(self, form) -> None:
        data = form.cleaned_data
        services.profile_save(
            person=person_of(actor=self.actor), profession=data["profession"],
            interests=_words(data["interests"]), languages=_words(data["languages"]),
            capacity=data["capacity"], active=data["active"],
        )  # fmt: skip

    def get_success_url(self):
        return reverse("mentoring:home")


class RequestForm(forms.Form):
    profession = forms.CharField(
        label=gettext_lazy("A mentor of this profession"), max_length=200, required=False,
        help_text=gettext_lazy("Leave it empty to be matched on your own profession."),
    )  # fmt: skip
    interests = forms.CharField(
        label=gettext_lazy("Interests to share"), required=False, help_text=WORDS_HELP
    )
    languages = forms.CharField(
        label=gettext_lazy("Languages you speak"), required=False, help_text=WORDS_HELP
    )
    wishes = forms.CharField(
        label=gettext_lazy("What you hope for"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("HR reads it when matching; your mentor does not."),
    )  # fmt: skip


class RequestPage(FormPage):
    rule = rules.keeps_profile
    title = gettext_lazy("Ask for a mentor")
    form_class = RequestForm
    submit_label = gettext_lazy("Send the request")
    success_message = gettext_lazy("Your request is sent. HR matches mentors and mentees.")

    def perform(self, form) -> None:
        data = form.cleaned_data
        services.request_create(
            mentee=person_of(actor=self.actor), profession=data["profession"],
            interests=_words(data["interests"]), languages=_words(data["languages"]),
            wishes=data["wishes"],
        )  # fmt: skip

    def get_success_url(self):
        return reverse("mentoring:home")


class HomePage(Page):
    rule = rules.reads_mentoring
    title = gettext_lazy("Mentoring")
    template_name = "mentoring/pages/home.html"

    def get_context_data(self, **kwargs):
        actor = self.actor
        context = super().get_context_data(**kwargs)
        # HR sees every mentorship in the API; here, as anyone, their own.
        mentorships = list(_own(selectors.mentorship_list_visible(actor=actor), actor.person_id))
        goals = selectors.goal_list_visible(actor=actor).filter(mentorship__in=mentorships)
        by_mentorship: dict[int, list] = {}
        for goal in goals:
            by_mentorship.setdefault(goal.mentorship_id, []).append(goal)
        context.update(
            proposals=list(selectors.proposals_to_answer(actor=actor)),
            mentorships=[(m, by_mentorship.get(m.pk, [])) for m in mentorships],
            profile=selectors.profile_of(actor=actor),
            requests=list(
                selectors.request_list_visible(actor=actor).filter(mentee_id=actor.person_id)
            ),
            groups=list(
                selectors.supervision_group_list_visible(actor=actor).filter(
                    _member_or_supervisor(actor.person_id)
                )
            ),
            runs=self.may(rules.manages_matching),
            person_id=actor.person_id,
        )
        return context


def _own(mentorships, person_id):
    return mentorships.filter(Q(mentor_id=person_id) | Q(mentee_id=person_id), status="active")


def _member_or_supervisor(person_id) -> Q:
    return Q(supervisor_id=person_id) | Q(members__id=person_id)


class AnswerPage(Page):
    """POST only: the mentor or the mentee accepts or declines."""

    rule = rules.reads_mentoring
    http_method_names = ["post"]
    template_name = "mentoring/pages/home.html"

    def post(self, request, public_id, answer):
        proposal = (
            selectors.proposal_list_visible(actor=self.actor).filter(public_id=public_id).first()
        )
        if proposal is None:
            raise Http404
        if answer not in ("accepted", "declined") or not self.may(rules.answers_proposal, proposal):
            raise PermissionDenied
        try:
            services.proposal_answer(
                proposal=proposal, person=person_of(actor=self.actor), answer=answer
            )
            messages.success(request, _ANSWERED[answer])
        except ValidationError as error:
            for errors in error.message_dict.values():
                for message in errors:
                    messages.error(request, message)
        return redirect(reverse("mentoring:home"))


_ANSWERED = {
    "accepted": gettext_lazy("You accepted the proposal."),
    "declined": gettext_lazy("You declined the proposal. A new match is being looked for."),
}


class GoalPage(Page):
    """POST only: the mentor or the mentee adds a goal to their mentorship."""

    rule = rules.reads_mentoring
    http_method_names = ["post"]
    template_name = "mentoring/pages/home.html"

    def post(self, request, public_id):
        mentorship = (
            selectors.mentorship_list_visible(actor=self.actor).filter(public_id=public_id).first()
        )
        if mentorship is None or not self.may(rules.in_mentorship, mentorship):
            raise Http404
        title = request.POST.get("title", "").strip()
        if title:
            try:
                services.goal_add(mentorship=mentorship, title=title[:300])
                messages.success(request, _("The goal is added."))
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
        else:
            messages.error(request, _("Write the goal first."))
        return redirect(reverse("mentoring:home"))


class RunsPage(Page):
    rule = rules.manages_matching
    title = gettext_lazy("Mentor matching")
    template_name = "mentoring/pages/runs.html"

    def get_context_data(self, **kwargs):
        runs = selectors.run_list_visible(actor=self.actor)[:50]
        return super().get_context_data(runs=list(runs), formula=FORMULA, **kwargs)


class RunStartPage(ConfirmPage):
    """GET asks before a run (the runs page's button posts here straight)."""

    rule = rules.manages_matching
    title = gettext_lazy("Start a matching run?")
    consequence = gettext_lazy(
        "Everyone with an open request is proposed a mentor where one has room; "
        "proposals already answered stay as they are."
    )
    confirm_label = gettext_lazy("Start the run")
    cancel_url = reverse_lazy("mentoring:runs")

    def post(self, request):
        started_by = person_of(actor=self.actor) if self.actor.person_id else None
        run = services.run_start(started_by=started_by)
        messages.success(request, _("The matching run is done."))
        return redirect(reverse("mentoring:run", args=[run.public_id]))


class RunPage(Page):
    rule = rules.manages_matching
    title = gettext_lazy("Matching run")
    template_name = "mentoring/pages/run.html"

    def get_context_data(self, **kwargs):
        run = (
            selectors.run_list_visible(actor=self.actor)
            .filter(public_id=self.kwargs["public_id"])
            .first()
        )
        if run is None:
            raise Http404
        proposals = (
            selectors.proposal_list_visible(actor=self.actor)
            .filter(run=run)
            .order_by("round", "id")
        )
        return super().get_context_data(
            run=run, proposals=list(proposals), formula=FORMULA,
            live=(MatchProposal.Status.PROPOSED, MatchProposal.Status.ACCEPTED), **kwargs,
        )  # fmt: skip


FORMULA = [
    gettext_lazy("10 points for every pair that is allowed;"),
    gettext_lazy("30 points when the mentor has the profession the mentee asks for;"),
    gettext_lazy("10 points per interest they share, at most 40;"),
    gettext_lazy("20 points when they share a language."),
]


urlpatterns = [
    path("mentoring/", HomePage.as_view(), name="home"),
    path("mentoring/profile/", ProfilePage.as_view(), name="profile"),
    path("mentoring/request/", RequestPage.as_view(), name="request"),
    path(
        "mentoring/proposals/<uuid:public_id>/<slug:answer>/", AnswerPage.as_view(), name="answer"
    ),
    path("mentoring/mentorships/<uuid:public_id>/goals/", GoalPage.as_view(), name="goal"),
    path("mentoring/runs/", RunsPage.as_view(), name="runs"),
    path("mentoring/runs/start/", RunStartPage.as_view(), name="start"),
    path("mentoring/runs/<uuid:public_id>/", RunPage.as_view(), name="run"),
]
nav = [
    NavEntry(label=gettext_lazy("Mentoring"), url_name="mentoring:home",
             rule=rules.reads_mentoring, order=14),
]  # fmt: skip
