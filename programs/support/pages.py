"""The support assessment's pages: a manager answers a round; HR sees the
results by unit, with the cells the anonymity engine hides said in words.
The same selectors, services and rules as /api/v1/support-assessments/."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import path, reverse_lazy
from django.utils.translation import gettext_lazy as _

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import FormPage, Page
from spiral.programs.org.selectors import person_of
from spiral.programs.support import rules, selectors, services
from spiral.programs.support.questions import NEED_LABEL, RATING_MAX, RATING_MIN, SUPPORT_KINDS

SCALE = [(value, str(value)) for value in range(RATING_MIN, RATING_MAX + 1)]


def _round(actor, public_id):
    found = selectors.support_round_list_visible(actor=actor).filter(public_id=public_id).first()
    if found is None:
        raise Http404
    return found


class SupportPage(Page):
    rule = rules.reads_support_rounds
    title = _("Support assessment")
    template_name = "support/pages/rounds.html"

    def get_context_data(self, **kwargs):
        rounds = list(selectors.support_round_list_visible(actor=self.actor))
        return super().get_context_data(
            rounds=rounds,
            sees_results=self.may(rules.sees_support_results),
            **kwargs,
        )


class SupportAnswerForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in SUPPORT_KINDS:
            self.fields[kind.key] = forms.TypedChoiceField(
                label=kind.label, choices=SCALE, coerce=int, widget=forms.RadioSelect,
                help_text=_("1 = not at all, 5 = fully"),
            )  # fmt: skip
        self.fields["need"] = forms.CharField(
            label=NEED_LABEL, required=False, widget=forms.Textarea(attrs={"rows": 4}),
            max_length=services.NEED_MAX_LENGTH,
            help_text=_(
                "Shown only together with at least as many others' answers as the "
                "anonymity threshold, and never with your name."
            ),
        )  # fmt: skip


class SupportAnswerPage(FormPage):
    rule = rules.reads_support_rounds
    title = _("Answer the support assessment")
    form_class = SupportAnswerForm
    template_name = "support/pages/answer.html"
    submit_label = _("Save my answer")
    success_message = _("Your answer is saved. You can change it until the round closes.")
    success_url = reverse_lazy("support:rounds")

    def support_round(self):
        if not hasattr(self, "_support_round"):
            self._support_round = _round(self.actor, self.kwargs["public_id"])
            if not self.may(rules.answers_support_round, self._support_round):
                raise PermissionDenied
        return self._support_round

    def get(self, request, *args, **kwargs):
        self.support_round()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.support_round()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        mine = selectors.support_answer_mine(actor=self.actor, support_round=self.support_round())
        if mine is None:
            return {}
        return {**mine.ratings, "need": mine.need}

    def get_context_data(self, **kwargs):
        return super().get_context_data(support_round=self.support_round(), **kwargs)

    def perform(self, form) -> None:
        data = form.cleaned_data
        services.support_answer_submit(
            support_round=self.support_round(),
            person=person_of(actor=self.actor),
            ratings={kind.key: data[kind.key] for kind in SUPPORT_KINDS},
            need=data.get("need", ""),
        )


class SupportResultsPage(Page):
    rule = rules.sees_support_results
    title = _("Support assessment results")
    template_name = "support/pages/results.html"

    def get_context_data(self, **kwargs):
        support_round = _round(self.actor, self.kwargs["public_id"])
        results = selectors.support_results(actor=self.actor, support_round=support_round)
        return super().get_context_data(
            support_round=support_round, results=results, kinds=SUPPORT_KINDS, **kwargs
        )


urlpatterns = [
    path("support/", SupportPage.as_view(), name="rounds"),
    path("support/<uuid:public_id>/answer/", SupportAnswerPage.as_view(), name="answer"),
    path("support/<uuid:public_id>/results/", SupportResultsPage.as_view(), name="results"),
]

nav = [
    NavEntry(
        label=_("Support assessment"), url_name="support:rounds",
        rule=rules.offers_support_rounds, order=45,
    )
]  # fmt: skip
