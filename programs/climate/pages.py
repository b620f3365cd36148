"""The climate pulse's pages: a member answers; the group sees the results
and the trend over pulses (figures only where the anonymity engine shows
them); the leader records what the group chose to improve. The same
selectors, services and rules as /api/v1/climate-pulses/."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from spiral.platform.core.errors import ConflictError
from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import FormPage, Page
from spiral.programs.climate import rules, selectors, services
from spiral.programs.climate.aspects import ASPECTS, RATING_MAX, RATING_MIN
from spiral.programs.climate.charts import trend_chart
from spiral.programs.org.selectors import person_of

SCALE = [(value, str(value)) for value in range(RATING_MIN, RATING_MAX + 1)]


def _pulse(actor, public_id):
    found = selectors.climate_pulse_list_visible(actor=actor).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


def _as_form_error(error: ConflictError) -> ValidationError:
    return ValidationError(str(error))


class ClimatePage(Page):
    rule = rules.reads_climate_pulses
    title = _("Group climate")
    template_name = "climate/pages/pulses.html"

    def get_context_data(self, **kwargs):
        pulses = list(selectors.climate_pulse_list_visible(actor=self.actor))
        return super().get_context_data(pulses=pulses, **kwargs)


class PulseForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for aspect in ASPECTS:
            self.fields[aspect.key] = forms.TypedChoiceField(
                label=aspect.label, choices=SCALE, coerce=int, widget=forms.RadioSelect,
                help_text=_("1 = not at all, 5 = fully"),
            )  # fmt: skip


class PulseMixin:
    def pulse(self):
        if not hasattr(self, "_pulse"):
            self._pulse = _pulse(self.actor, self.kwargs["public_id"])
            if not self.may(self.object_rule, self._pulse):
                raise PermissionDenied
        return self._pulse

    def get_context_data(self, **kwargs):
        return super().get_context_data(pulse=self.pulse(), **kwargs)

    def get_success_url(self):
        return reverse("climate:results", args=[self.pulse().public_id])


class PulseAnswerPage(PulseMixin, FormPage):
    rule = rules.reads_climate_pulses
    object_rule = rules.answers_climate_pulse
    title = _("Rate your group's climate")
    form_class = PulseForm
    template_name = "climate/pages/answer.html"
    submit_label = _("Send my answer")
    success_message = _("Thank you. Your answer is saved without your name.")

    def get(self, request, *args, **kwargs):
        if self.pulse().answered:
            return redirect(self.get_success_url())  # an answer is given once
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.pulse()
        return super().post(request, *args, **kwargs)

    def perform(self, form) -> None:
        try:
            services.climate_answer_submit(
                pulse=self.pulse(),
                person=person_of(actor=self.actor),
                ratings={aspect.key: form.cleaned_data[aspect.key] for aspect in ASPECTS},
            )
        except ConflictError as error:
            raise _as_form_error(error) from error


class PulseResultsPage(PulseMixin, Page):
    rule = rules.reads_climate_pulses
    object_rule = rules.sees_climate_results
    title = _("Group climate results")
    template_name = "climate/pages/results.html"

    def get_context_data(self, **kwargs):
        pulse = self.pulse()
        trend = selectors.climate_trend(actor=self.actor, pulse=pulse)
        # The trend ends with this pulse: publishing it twice would cost as much again.
        results = trend[-1] if trend else selectors.climate_results(actor=self.actor, pulse=pulse)
        return super().get_context_data(
            results=results, aspects=ASPECTS, trend=trend, chart=trend_chart(trend),
            rows=_rows(results, trend),
            improvement=selectors.climate_improvement_of(actor=self.actor, pulse=pulse),
            chooses=self.may(rules.chooses_climate_improvement, pulse), **kwargs,
        )  # fmt: skip


def _rows(results, trend) -> list[dict]:
    """Per aspect: this pulse's mean and the mean of each pulse of the trend."""
    return [
        {
            "label": aspect.label,
            "mean": results.means.get(aspect.key),
            "trend": [point.means.get(aspect.key) for point in trend],
        }
        for aspect in ASPECTS
    ]


class ImprovementForm(forms.Form):
    aspects = forms.MultipleChoiceField(
        label=_("Aspects to improve"), choices=[(a.key, a.label) for a in ASPECTS],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    activity = forms.CharField(
        label=_("One concrete activity"), max_length=services.ACTIVITY_MAX_LENGTH,
        help_text=_("It becomes an action of the group, followed up at its meetings."),
    )  # fmt: skip
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {person.pk: person for person in people}
        choices = [(pk, str(person)) for pk, person in self.people.items()]
        self.fields["owner"].choices = [("", "—"), *choices]


class ImprovementPage(PulseMixin, FormPage):
    rule = rules.reads_climate_pulses
    object_rule = rules.chooses_climate_improvement
    title = _("What will the group improve?")
    form_class = ImprovementForm
    template_name = "climate/pages/improve.html"
    submit_label = _("Save the group's choice")
    success_message = _("The choice is saved and becomes an action of the group.")

    def get(self, request, *args, **kwargs):
        self.pulse()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.pulse()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        """The two aspects rated lowest, as a start for the group's talk, when
        the engine shows the figures; nothing otherwise."""
        results = selectors.climate_results(actor=self.actor, pulse=self.pulse())
        if not results.published:
            return {}
        lowest = sorted(results.means, key=lambda key: (results.means[key], key))[:2]
        return {"aspects": lowest}

    def get_form_kwargs(self):
        group = self.pulse().work_group
        people = list(
            services.group_members(work_group=group).order_by("family_name", "given_name", "id")
        )
        if group.leader is not None and group.leader not in people:
            people.append(group.leader)
        return {**super().get_form_kwargs(), "people": people}

    def perform(self, form) -> None:
        data = form.cleaned_data
        try:
            services.climate_improvement_choose(
                pulse=self.pulse(), chosen_by=person_of(actor=self.actor),
                aspects=data["aspects"], activity=data["activity"],
                owner=form.people.get(data["owner"]), due=data["due"],
            )  # fmt: skip
        except ConflictError as error:
            raise _as_form_error(error) from error


urlpatterns = [
    path("climate/", ClimatePage.as_view(), name="pulses"),
    path("climate/<uuid:public_id>/answer/", PulseAnswerPage.as_view(), name="answer"),
    path("climate/<uuid:public_id>/results/", PulseResultsPage.as_view(), name="results"),
    path("climate/<uuid:public_id>/improve/", ImprovementPage.as_view(), name="improve"),
]

nav = [
    NavEntry(
        label=_("Group climate"), url_name="climate:pulses",
        rule=rules.offers_climate_pulses, order=17,
    )
]  # fmt: skip
