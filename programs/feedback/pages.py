"""Feedback rounds in the browser: the rounds a person takes part in, chairs
or (HR) oversees; a round's page where a participant gives feedback to each
colleague on one page (the goals and principles beside the form, saved as
they type with htmx, or with the button without JavaScript), reads what they
received once it closes, and where the chair follows completion, nudges late
givers, opens and closes the round. The same selectors, services and rules as
the API (/api/v1/feedback-rounds/, /api/v1/feedback/)."""

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import FormPage, Page
from spiral.programs.feedback import rules, selectors, services
from spiral.programs.feedback.components import deadline_on
from spiral.programs.feedback.models import RATING_MAX, RATING_MIN, FeedbackRound
from spiral.programs.org import rules as org_rules
from spiral.programs.org.selectors import person_of


class StartForm(forms.Form):
    group = forms.ChoiceField(label=gettext_lazy("Management group"))
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"),
        choices=FeedbackRound.Mode.choices,
        initial=FeedbackRound.Mode.NAMED,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Confidential: receivers read the feedback without its giver, and the chair "
            "sees only who has finished."
        ),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Feedback is given until 16:00 that day."),
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = {str(group.public_id): group for group in groups}
        self.fields["group"].choices = [(key, g.name) for key, g in self.groups.items()]
        if "deadline" not in self.initial:
            self.initial["deadline"] = timezone.localdate() + timedelta(weeks=2)


class RoundsPage(Page):
    rule = rules.reads_round
    title = gettext_lazy("Feedback rounds")
    template_name = "feedback/pages/rounds.html"

    def get_context_data(self, **kwargs):
        rounds = selectors.round_list_visible(actor=self.actor).order_by("-deadline", "id")
        context = super().get_context_data(rounds=list(rounds[:100]), **kwargs)
        groups = list(selectors.management_groups_chaired(actor=self.actor))
        if groups:
            context["start_form"] = StartForm(groups=groups)
        return context


class StartPage(FormPage):
    """A chair starts a round of a group they chair, outside programmes: a
    draft, which they then open on its page."""

    rule = rules.starts_own_round
    title = gettext_lazy("Start a feedback round")
    form_class = StartForm
    submit_label = gettext_lazy("Start the round")

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {
            "groups": selectors.management_groups_chaired(actor=self.actor)
        }

    def perform(self, form) -> None:
        group = form.groups[form.cleaned_data["group"]]
        if not self.may(org_rules.chairs_management_group, group):
            raise PermissionDenied
        self.round = services.round_create(
            group=group,
            title=form.cleaned_data["title"],
            mode=form.cleaned_data["mode"],
            deadline=deadline_on(form.cleaned_data["deadline"]),
        )

    def get_success_url(self):
        return reverse("feedback:round", args=[self.round.public_id])


class _RoundMixin:
    def round(self, public_id) -> FeedbackRound:
        round = selectors.round_list_visible(actor=self.actor).filter(public_id=public_id).first()
        if round is None:
            raise Http404
        return round


class ItemForm(forms.Form):
    goals = forms.MultipleChoiceField(
        label=gettext_lazy("Goals"), required=False, widget=forms.CheckboxSelectMultiple
    )
    principles = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Principles"), required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    works = forms.CharField(
        label=gettext_lazy("What works"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    develop = forms.CharField(
        label=gettext_lazy("What to develop"), required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, round: FeedbackRound, prefix: str, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.round = round
        self.fields["goals"].choices = [(str(g.public_id), g.title) for g in round.goals.all()]
        principles = round.philosophy.principles if round.philosophy else []
        self.fields["principles"].choices = list(enumerate(principles))
        choices = [("", _("No rating"))] + [(n, n) for n in range(RATING_MIN, RATING_MAX + 1)]
        for position, text in enumerate(principles):
            self.fields[f"rating_{position}"] = forms.TypedChoiceField(
                label=_("Rating of “%(principle)s”, 1 to 5") % {"principle": text},
                choices=choices, required=False, coerce=int, empty_value=None,
            )  # fmt: skip

    def content(self) -> dict:
        data = self.cleaned_data
        goals = {str(g.public_id): g for g in self.round.goals.all()}
        ratings = {
            str(n): data.get(f"rating_{n}")
            for n in data.get("principles", [])
            if data.get(f"rating_{n}")
        }
        return {
            "goals": [goals[g] for g in data.get("goals", []) if g in goals],
            "principles": data.get("principles", []),
            "works": data.get("works", ""),
            "develop": data.get("develop", ""),
            "ratings": ratings,
        }


def _initial(item) -> dict:
    if item is None:
        return {}
    initial = {
        "goals": [str(g.public_id) for g in item.goals.all()],
        "principles": list(item.principles),
        "works": item.works,
        "develop": item.develop,
    }
    initial |= {f"rating_{key}": value for key, value in item.ratings.items()}
    return initial


class RoundPage(_RoundMixin, Page):
    rule = rules.reads_round
    template_name = "feedback/pages/round.html"
    bound: dict = {}  # a colleague's pk -> the form posted without JavaScript, with its errors

    def get_context_data(self, **kwargs):
        round = self.round(self.kwargs["public_id"])
        context = super().get_context_data(**kwargs)
        context.update(round=round, title=round.title, **selectors.round_topics(round=round))
        takes_part = self.may(rules.takes_part, round)
        if takes_part and round.status == FeedbackRound.Status.OPEN:
            given = {
                item.receiver_id: item
                for item in selectors.item_list_given(actor=self.actor).filter(round=round)
            }
            context["colleagues"] = [
                {
                    "person": person,
                    "form": self.bound.get(person.pk)
                    or ItemForm(
                        round=round,
                        prefix=f"p{person.public_id.hex[:8]}",
                        initial=_initial(given.get(person.pk)),
                    ),
                    "saved": person.pk in given,
                }
                for person in round.participants.all()
                if person.pk != self.actor.person_id
            ]
        if takes_part and round.status == FeedbackRound.Status.CLOSED:
            context["received"] = selectors.item_list_received(actor=self.actor, round=round)
            context["withheld"] = selectors.received_withheld(actor=self.actor, round=round)
        if self.may(rules.runs_round, round):
            context["runs"] = True
            context["completion"] = selectors.round_completion_shown(round=round)
        if self.may(rules.sees_aggregates, round) and round.status == FeedbackRound.Status.CLOSED:
            context["themes"] = selectors.round_themes(round=round)
            context["reciprocity"] = selectors.round_reciprocity_shown(round=round)
        return context


class SavePage(RoundPage):
    """POST only: saves the actor's feedback to one colleague. htmx (saving as
    one types) gets only the form's status line back, never the form, so
    nothing typed meanwhile is lost; without JavaScript a saved form redirects
    to the round's page, an unsaved one shows that page with its errors."""

    template_name = "feedback/pages/round.html"
    http_method_names = ["post"]

    def post(self, request, public_id, receiver):
        round = self.round(public_id)
        if not self.may(rules.gives_feedback, round):
            raise PermissionDenied
        person = next((p for p in round.participants.all() if p.public_id == receiver), None)
        if person is None or person.pk == self.actor.person_id:
            raise Http404
        form = ItemForm(request.POST, round=round, prefix=f"p{person.public_id.hex[:8]}")
        saved = False
        if form.is_valid():
            try:
                services.feedback_save(
                    round=round, giver=person_of(actor=self.actor), receiver=person,
                    **form.content(),
                )  # fmt: skip
                saved = True
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
        if request.htmx:
            context = {"saved": saved, "reason": _reason(form) if not saved else ""}
            return TemplateResponse(request, "feedback/pages/_status.html", context)
        if saved:
            message = _("Your feedback to %(name)s is saved.") % {"name": person.name}
            messages.success(request, message)
            return redirect(reverse("feedback:round", args=[round.public_id]))
        self.bound = {person.pk: form}
        return self.render_to_response(self.get_context_data())


def _reason(form) -> str:
    """Why a form was not saved, in one sentence for its status line."""
    reason = " ".join(str(error) for errors in form.errors.values() for error in errors)
    return reason[:1].lower() + reason[1:]


class RoundActionPage(_RoundMixin, Page):
    """POST only: the chair opens, closes or nudges."""

    rule = rules.reads_round
    http_method_names = ["post"]
    template_name = "feedback/pages/round.html"
    actions = {
        "open": (services.round_open, gettext_lazy("The round is open.")),
        "close": (services.round_close, gettext_lazy("The round is closed.")),
        "nudge": (services.round_nudge, gettext_lazy("Late givers get a reminder by email.")),
    }

    def post(self, request, public_id, what):
        round = self.round(public_id)
        if what not in self.actions or not self.may(rules.runs_round, round):
            raise PermissionDenied
        service, done = self.actions[what]
        options = {}
        if what == "open" and request.POST.get("deadline"):
            try:
                day = date.fromisoformat(request.POST["deadline"])
            except ValueError:
                messages.error(request, _("Choose a deadline in the future."))
                return redirect(reverse("feedback:round", args=[round.public_id]))
            options["deadline"] = deadline_on(day)
        try:
            service(round=round, **options)
            messages.success(request, done)
        except ValidationError as error:
            for errors in error.message_dict.values():
                for message in errors:
                    messages.error(request, message)
        return redirect(reverse("feedback:round", args=[round.public_id]))


urlpatterns = [
    path("feedback/", RoundsPage.as_view(), name="rounds"),
    path("feedback/start/", StartPage.as_view(), name="start"),
    path("feedback/<uuid:public_id>/", RoundPage.as_view(), name="round"),
    path("feedback/<uuid:public_id>/to/<uuid:receiver>/", SavePage.as_view(), name="save"),
    path("feedback/<uuid:public_id>/<slug:what>/", RoundActionPage.as_view(), name="act"),
]
nav = [
    NavEntry(label=gettext_lazy("Feedback rounds"), url_name="feedback:rounds",
             rule=rules.offers_rounds, order=15),
]  # fmt: skip
