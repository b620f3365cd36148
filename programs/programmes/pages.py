"""Programmes, for HR: the list, the set-up wizard (template → name, period and
owner → target rule → preview and activation) and a programme's own page
(components, enrolments with add and withdraw, upcoming sessions).

The same rules, selectors and services as api/programmes/views.py: creating
is ``administers`` (the API's create); everything on one programme is
``changes_programme`` on that programme (its update, preview, activate, and
the enrolments' create and withdraw), so a programme's owner or process
leaders may use its page as they may use the API.

The wizard keeps its state server-side: the template, name, period and owner
in the session until the draft is created (step 2), then in the draft
programme itself, which the API's create makes too; going back and forth
reads what was saved."""

import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from spiral.platform.core.errors import ConflictError
from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import ConfirmPage, FormPage, ListPage, Page
from spiral.programs.org.models import Person
from spiral.programs.org.rules import administers, reads
from spiral.programs.org.selectors import person_list_visible
from spiral.programs.programmes import enrolment as enrolment_services
from spiral.programs.programmes import selectors, services
from spiral.programs.programmes.kinds import UnknownKindError, kind_of
from spiral.programs.programmes.load import overloaded
from spiral.programs.programmes.models import Enrolment, Programme
from spiral.programs.programmes.rules import changes_programme
from spiral.programs.sessions.selectors import session_list_of_programme

SETUP_KEY = "programme_setup"  # the session's wizard state before the draft exists
PREVIEW_PAGE = 50
UNIT_OPTIONS = 30
SESSIONS_SHOWN = 20
CANDIDATES_SHOWN = 10
ROLE_FIELDS = Person.ROLE_FIELDS
FREQUENCIES = {
    "DAILY": lambda n: ngettext("Every day", "Every %(n)d days", n),
    "WEEKLY": lambda n: ngettext("Every week", "Every %(n)d weeks", n),
    "MONTHLY": lambda n: ngettext("Every month", "Every %(n)d months", n),
    "YEARLY": lambda n: ngettext("Every year", "Every %(n)d years", n),
}


def role_choices() -> list[tuple[str, str]]:
    """The roles a target rule may name (as the API's serializer allows), with
    their names in the active language."""
    return [
        (field.removeprefix("is_"), Person._meta.get_field(field).verbose_name.capitalize())
        for field in ROLE_FIELDS
    ]


def cadence_label(cadence: str) -> str:
    """An RFC 5545 rule, said plainly: "Every 2 weeks"; a one-off says so."""
    parts = dict(part.split("=", 1) for part in cadence.split(";") if "=" in part)
    say = FREQUENCIES.get(parts.get("FREQ", ""))
    if say is None:
        return cadence if cadence else str(_("Once"))
    try:
        every = max(int(parts.get("INTERVAL", "1")), 1)
    except ValueError:
        return cadence
    return say(every) % {"n": every}


def localised(obj, field: str) -> str:
    """``name_sv`` or ``name_en``, as the page speaks."""
    english = (get_language() or "sv").startswith("en")
    return getattr(obj, f"{field}_en" if english else f"{field}_sv") or getattr(obj, f"{field}_sv")


def kind_rhythm(key: str) -> str:
    try:
        return str(kind_of(key).rhythm.label)
    except UnknownKindError:
        return key


# --- the list ------------------------------------------------------------------


class ProgrammeFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *Programme.Status.choices],
    )


class ProgrammesPage(ListPage):
    rule = administers  # the API lets everyone list what they see; this page is HR's
    title = _("Programmes")
    filter_form_class = ProgrammeFilterForm
    template_name = "programmes/pages/programmes.html"
    results_template_name = "programmes/pages/_programmes.html"

    @staticmethod
    def selector(*, actor):
        return (
            selectors.programme_list_visible(actor=actor)
            .order_by("-created_at", "id")
            .annotate(
                enrolled=Count(
                    "enrolments",
                    filter=Q(enrolments__status=Enrolment.Status.ENROLLED),
                    distinct=True,
                )
            )
        )

    def narrow(self, rows, filters):
        return rows.filter(status=filters["status"]) if "status" in filters else rows

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_create=self.may(administers), **kwargs)


# --- one programme -------------------------------------------------------------


class OnProgramme:
    """A page about one programme of the URL: found through the selector, and
    changed only by whom ``changes_programme`` allows. Someone who may not
    change it gets 403 whether or not it exists (nothing is told); an
    administrator asking for an id the tenant does not have gets 404."""

    object_rule = changes_programme

    @cached_property
    def programme(self) -> Programme:
        found = (
            selectors.programme_list_visible(actor=self.actor)
            .filter(public_id=self.kwargs["programme_id"])
            .first()
        )
        if found is not None and self.may(self.object_rule, found):
            return found
        if found is None and self.may(administers):
            raise Http404
        raise PermissionDenied

    def get(self, request, *args, **kwargs):
        self.programme  # noqa: B018 (decides 403/404 before anything is shown)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.programme  # noqa: B018
        return super().post(request, *args, **kwargs)

    def programme_url(self) -> str:
        return reverse("programmes:programme", args=[self.programme.public_id])


class EnrolmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *Enrolment.Status.choices]
    )


class ProgrammePage(OnProgramme, Page):
    rule = reads  # and changes_programme on the programme (OnProgramme)
    template_name = "programmes/pages/programme.html"
    results_template_name = "programmes/pages/_enrolments.html"
    paginate_by = 25

    def get(self, request, *args, **kwargs):
        programme = self.programme
        form = EnrolmentFilterForm(request.GET or None)
        rows = selectors.programme_enrolments(actor=self.actor, programme=programme)
        if form.is_bound and form.is_valid() and form.cleaned_data["status"]:
            rows = rows.filter(status=form.cleaned_data["status"])
        page = Paginator(rows, self.paginate_by).get_page(request.GET.get("page"))
        context = {
            "filter_form": form, "page_obj": page, "rows": page.object_list,
            "results_id": "results", "results_template_name": self.results_template_name,
            "may_enrol": programme.status == Programme.Status.ACTIVE,
        }  # fmt: skip
        if request.htmx and request.htmx.target == "results":
            return self.response_class(
                request=request,
                template=[self.results_template_name],
                context=self.get_context_data(**context),
            )
        sessions = session_list_of_programme(
            actor=self.actor, programme=programme, since=timezone.now()
        )
        search = request.GET.get("q", "").strip()
        context.update(
            components=[
                {
                    "title": localised(c, "title"), "rhythm": kind_rhythm(c.kind),
                    "level": c.get_level_display(), "cadence": cadence_label(c.cadence),
                    "minutes": c.session_minutes,
                }
                for c in programme.components.all()
            ],
            sessions=list(sessions[:SESSIONS_SHOWN]),
            session_count=sessions.count(),
            search=search,
            candidates=list(
                selectors.enrolment_candidates(
                    actor=self.actor, programme=programme, search=search
                )[:CANDIDATES_SHOWN]
            ) if search else [],
            in_setup=programme.status == Programme.Status.DRAFT,
        )  # fmt: skip
        return self.render_to_response(self.get_context_data(**context))

    @property
    def title(self) -> str:
        return self.programme.name

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


class CandidatesPage(OnProgramme, Page):
    """The person picker's options for a search (htmx), as the programme page
    shows them without JavaScript."""

    rule = reads
    template_name = "programmes/pages/_candidates.html"

    def get_context_data(self, **kwargs):
        search = self.request.GET.get("q", "").strip()
        candidates = (
            selectors.enrolment_candidates(
                actor=self.actor, programme=self.programme, search=search
            )[:CANDIDATES_SHOWN]
            if search
            else []
        )
        return super().get_context_data(
            programme=self.programme, search=search, candidates=list(candidates), **kwargs
        )


class EnrolForm(forms.Form):
    person = forms.UUIDField(label=_("Person"), error_messages={"required": _("Choose a person.")})
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=300)


class EnrolPage(OnProgramme, Page):
    """POST: enrols the chosen person by hand (the API's enrolment create)."""

    rule = reads
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        programme = self.programme
        form = EnrolForm(request.POST)
        back = self.programme_url()
        if not form.is_valid():
            messages.error(request, _("Choose a person to enrol."))
            return HttpResponseRedirect(back)
        person = (
            person_list_visible(actor=self.actor)
            .filter(public_id=form.cleaned_data["person"])
            .first()
        )
        if person is None:
            raise Http404
        try:
            enrolment_services.enrolment_add(
                programme=programme, person=person, reason=form.cleaned_data["reason"]
            )
        except ConflictError as error:
            for reason in error.reasons:
                messages.error(request, reason)
            return HttpResponseRedirect(back)
        messages.success(request, _("%(name)s is enrolled.") % {"name": person.name})
        return HttpResponseRedirect(back)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("Kept with the enrolment; the audit trail says only that it changed."),
        error_messages={"required": _("Give a reason for the withdrawal.")},
    )


class WithdrawPage(OnProgramme, ConfirmPage):
    """A question, with the reason it needs, before a person leaves the programme."""

    rule = reads
    title = _("Withdraw from the programme?")
    template_name = "programmes/pages/withdraw.html"
    confirm_label = _("Withdraw")

    @property
    def cancel_url(self) -> str:
        return self.programme_url()

    @cached_property
    def enrolment(self) -> Enrolment:
        found = (
            selectors.programme_enrolments(actor=self.actor, programme=self.programme)
            .filter(public_id=self.kwargs["enrolment_id"], status=Enrolment.Status.ENROLLED)
            .first()
        )
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", WithdrawForm())
        return super().get_context_data(
            enrolment=self.enrolment, programme=self.programme, **kwargs
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        self.programme  # noqa: B018
        form = WithdrawForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            enrolment_services.enrolment_withdraw(
                enrolment=self.enrolment, reason=form.cleaned_data["reason"]
            )
        except ConflictError as error:
            form.add_error(None, error.reasons)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            request, _("%(name)s is withdrawn.") % {"name": self.enrolment.person.name}
        )
        return HttpResponseRedirect(self.programme_url())


# --- the set-up wizard -----------------------------------------------------------


STEPS = [
    ("template", _("Template")),
    ("details", _("Name, period and owner")),
    ("target", _("Who takes part")),
    ("preview", _("Preview and activate")),
]


class Wizard:
    """What every step shows: where it is among the steps."""

    step = ""

    def get_context_data(self, **kwargs):
        current = [key for key, _ in STEPS].index(self.step)
        steps = [
            {"number": n + 1, "label": label, "current": n == current, "done": n < current}
            for n, (key, label) in enumerate(STEPS)
        ]
        return super().get_context_data(
            steps=steps, step_number=current + 1, step_count=len(STEPS), **kwargs
        )


class TemplateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Template"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a template.")},
    )

    def __init__(self, *args, templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {str(t.public_id): t for t in templates}
        self.fields["template"].choices = [
            (key, localised(t, "name")) for key, t in self.templates.items()
        ]


class SetupTemplatePage(Wizard, FormPage):
    rule = administers  # the API's create
    title = _("New programme")
    step = "template"
    form_class = TemplateForm
    template_name = "programmes/pages/setup_template.html"
    submit_label = _("Next")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["templates"] = selectors.template_list_visible(actor=self.actor)
        kwargs["initial"] = self.request.session.get(SETUP_KEY, {})
        return kwargs

    def perform(self, form):
        state = self.request.session.get(SETUP_KEY, {})
        template = form.templates[form.cleaned_data["template"]]
        if state.get("template") != form.cleaned_data["template"]:
            state = {"name": localised(template, "name")}  # a new choice, a new start
        state["template"] = form.cleaned_data["template"]
        self.request.session[SETUP_KEY] = state

    def get_success_url(self):
        return reverse("programmes:new-details")

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        summaries = {
            key: localised(t, "summary") for key, t in getattr(form, "templates", {}).items()
        }
        return super().get_context_data(summaries=summaries, **kwargs)


class DetailsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    owner = forms.ChoiceField(
        label=_("Owner"),
        help_text=_("HR, senior managers and process leaders can own a programme."),
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owners = {str(person.public_id): person for person in owners}
        self.fields["owner"].choices = [("", _("Choose an owner"))] + [
            (key, f"{person.name}{f', {person.unit.name}' if person.unit else ''}")
            for key, person in self.owners.items()
        ]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The programme ends before it starts."))
        return data


class SetupDetailsPage(Wizard, FormPage):
    """Step 2: before the draft exists (the template is in the session), or of
    a draft (back from a later step)."""

    rule = administers
    title = _("New programme")
    step = "details"
    form_class = DetailsForm
    template_name = "programmes/pages/setup_details.html"
    submit_label = _("Next")

    @cached_property
    def state(self) -> dict:
        return self.request.session.get(SETUP_KEY, {})

    @cached_property
    def template(self):
        key = self.state.get("template")
        return (
            selectors.template_list_visible(actor=self.actor).filter(public_id=key).first()
            if key
            else None
        )

    def get(self, request, *args, **kwargs):
        if self.template is None:
            return HttpResponseRedirect(reverse("programmes:new"))
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.template is None:
            return HttpResponseRedirect(reverse("programmes:new"))
        if "back" in request.POST:  # what was typed is kept, valid or not
            fields = ("name", "starts_on", "ends_on", "owner")
            self.state.update({f: request.POST.get(f, "") for f in fields})
            request.session[SETUP_KEY] = self.state
            return HttpResponseRedirect(reverse("programmes:new"))
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["owners"] = selectors.owner_candidates(actor=self.actor)
        initial = {k: v for k, v in self.state.items() if k != "template" and v}
        if "owner" not in initial and self.actor.person_id:
            me = person_list_visible(actor=self.actor).filter(pk=self.actor.person_id)
            initial["owner"] = str(me.values_list("public_id", flat=True).first() or "")
        kwargs["initial"] = initial
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        try:
            self.created = services.programme_create(
                name=data["name"], template=self.template, owner=form.owners[data["owner"]],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
            )  # fmt: skip
        except ConflictError as error:
            raise ValidationError(error.reasons) from error
        self.request.session.pop(SETUP_KEY, None)

    def get_success_url(self):
        return reverse("programmes:setup-target", args=[self.created.public_id])

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            template_name_shown=localised(self.template, "name") if self.template else "",
            may_go_back=True, **kwargs,
        )  # fmt: skip


class DraftDetailsPage(OnProgramme, Wizard, FormPage):
    """Step 2 of a draft that exists: its name, period and owner, changed with
    the API's update."""

    rule = reads
    title = _("Set up the programme")
    step = "details"
    form_class = DetailsForm
    template_name = "programmes/pages/setup_details.html"
    submit_label = _("Next")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        programme = self.programme
        owners = list(selectors.owner_candidates(actor=self.actor))
        if programme.owner and programme.owner not in owners:
            owners.append(programme.owner)
        kwargs["owners"] = owners
        kwargs["initial"] = {
            "name": programme.name, "starts_on": programme.starts_on,
            "ends_on": programme.ends_on,
            "owner": str(programme.owner.public_id) if programme.owner else "",
        }  # fmt: skip
        return kwargs

    def perform(self, form):
        data = form.cleaned_data
        try:
            services.programme_update(
                programme=self.programme, name=data["name"], owner=form.owners[data["owner"]],
                starts_on=data["starts_on"], ends_on=data["ends_on"],
            )  # fmt: skip
        except ConflictError as error:
            raise ValidationError(error.reasons) from error

    def get_success_url(self):
        return reverse("programmes:setup-target", args=[self.programme.public_id])

    def get_context_data(self, **kwargs):
        template = self.programme.template
        return super().get_context_data(
            template_name_shown=localised(template, "name") if template else "",
            programme=self.programme, **kwargs,
        )  # fmt: skip


class TargetForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People with any of these roles take part."),
        error_messages={"required": _("Choose at least one role.")},
    )
    units = forms.MultipleChoiceField(label=_("Units"), required=False)
    q = forms.CharField(label=_("Search units"), required=False, max_length=100)

    def __init__(self, *args, unit_options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices()
        self.fields["units"].choices = [(str(u.public_id), u.name) for u in unit_options]


class UnitOptions:
    """The unit picker's options: the units ticked, then (up to a limit) the
    units whose name holds the search words, in tree order."""

    def unit_options(self, chosen: list[str], search: str) -> dict:
        units = selectors.unit_choices(actor=self.actor)
        ticked = list(units.filter(public_id__in=_uuids(chosen)))
        found = selectors.unit_choices(actor=self.actor, search=search).exclude(
            public_id__in=[u.public_id for u in ticked]
        )
        shown = list(found[:UNIT_OPTIONS])
        return {
            "ticked": ticked, "found": shown, "found_count": found.count(),
            "unit_limit": UNIT_OPTIONS, "search": search,
        }  # fmt: skip


def _uuids(values) -> list[str]:
    valid = []
    for value in values:
        try:
            valid.append(str(uuid.UUID(str(value))))
        except ValueError:
            continue
    return valid


class SetupTargetPage(OnProgramme, UnitOptions, Wizard, FormPage):
    """Step 3: the target rule, roles and units, with the API's update."""

    rule = reads
    title = _("Set up the programme")
    step = "target"
    form_class = TargetForm
    template_name = "programmes/pages/setup_target.html"

    def post(self, request, *args, **kwargs):
        self.programme  # noqa: B018
        form = self.get_form()
        if "search" in request.POST:  # no JavaScript: the search re-shows the step
            form.is_valid()
            form.errors.clear()
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)

    def chosen_units(self) -> list[str]:
        if self.request.method == "POST":
            return _uuids(self.request.POST.getlist("units"))
        return list(self.programme.target_units)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        units = selectors.unit_choices(actor=self.actor)
        kwargs["unit_options"] = units.filter(public_id__in=self.chosen_units())
        kwargs["initial"] = {
            "roles": self.programme.target_roles, "units": self.programme.target_units,
        }  # fmt: skip
        return kwargs

    def perform(self, form):
        try:
            services.programme_update(
                programme=self.programme,
                target_roles=form.cleaned_data["roles"],
                target_units=sorted(form.cleaned_data["units"]),
            )
        except ConflictError as error:
            raise ValidationError(error.reasons) from error

    def get_success_url(self):
        if "back" in self.request.POST:
            return reverse("programmes:setup-details", args=[self.programme.public_id])
        return reverse("programmes:setup-preview", args=[self.programme.public_id])

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        search = (self.request.POST.get("q") or "").strip() if form and form.is_bound else ""
        return super().get_context_data(
            programme=self.programme, **self.unit_options(self.chosen_units(), search), **kwargs
        )


class UnitOptionsPage(OnProgramme, UnitOptions, Page):
    """The unit picker's options for a search (htmx), keeping the ticked ones."""

    rule = reads
    template_name = "programmes/pages/_unit_options.html"

    def get_context_data(self, **kwargs):
        chosen = _uuids(self.request.GET.getlist("units"))
        search = self.request.GET.get("q", "").strip()
        return super().get_context_data(**self.unit_options(chosen, search), **kwargs)


class SetupPreviewPage(OnProgramme, Wizard, Page):
    """Step 4: who the rule enrols (by name, a page at a time) and who would
    pass the weekly limit, as the API's preview; then activation, as the API's
    activate (one transaction)."""

    rule = reads
    title = _("Set up the programme")
    step = "preview"
    template_name = "programmes/pages/setup_preview.html"
    results_template_name = "programmes/pages/_preview_people.html"

    def get(self, request, *args, **kwargs):
        programme = self.programme
        try:
            requested = max(int(request.GET.get("page", "1")), 1)
        except ValueError:
            requested = 1
        preview = self.preview(requested)
        page = Paginator(range(preview["count"]), PREVIEW_PAGE).get_page(requested)
        if page.number != requested:  # past the end: the last page
            preview = self.preview(page.number)
        context = self.get_context_data(
            preview=preview, page_obj=page, results_id="results",
            results_template_name=self.results_template_name,
            overloaded_shown=preview["overloaded"][:PREVIEW_PAGE],
            problems=services.programme_activation_problems(programme=programme),
        )  # fmt: skip
        if request.htmx and request.htmx.target == "results":
            return self.response_class(
                request=request, template=[self.results_template_name], context=context
            )
        return self.render_to_response(context)

    def preview(self, number: int) -> dict:
        return selectors.programme_preview(
            actor=self.actor, programme=self.programme,
            offset=(number - 1) * PREVIEW_PAGE, limit=PREVIEW_PAGE,
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        programme = self.programme
        try:
            enrolled = services.programme_activate(programme=programme)
        except ConflictError as error:
            for reason in error.reasons:
                messages.error(request, reason)
            return HttpResponseRedirect(request.path)
        visible = list(
            person_list_visible(actor=self.actor)
            .filter(pk__in=enrolled)
            .values_list("pk", flat=True)
        )
        over = overloaded(people=visible, adding=programme)
        text = ngettext(
            "The programme is active: %(count)d person is enrolled.",
            "The programme is active: %(count)d people are enrolled.",
            len(visible),
        ) % {"count": len(visible)}
        if over:
            text += " " + ngettext(
                "%(count)d of them would pass the weekly limit.",
                "%(count)d of them would pass the weekly limit.",
                len(over),
            ) % {"count": len(over)}
        messages.success(request, text)
        return HttpResponseRedirect(self.programme_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(programme=self.programme, **kwargs)


urlpatterns = [
    path("programmes/", ProgrammesPage.as_view(), name="programmes"),
    path("programmes/new/", SetupTemplatePage.as_view(), name="new"),
    path("programmes/new/details/", SetupDetailsPage.as_view(), name="new-details"),
    path("programmes/<uuid:programme_id>/", ProgrammePage.as_view(), name="programme"),
    path(
        "programmes/<uuid:programme_id>/setup/details/",
        DraftDetailsPage.as_view(),
        name="setup-details",
    ),
    path(
        "programmes/<uuid:programme_id>/setup/target/",
        SetupTargetPage.as_view(),
        name="setup-target",
    ),
    path(
        "programmes/<uuid:programme_id>/setup/units/", UnitOptionsPage.as_view(), name="setup-units"
    ),
    path(
        "programmes/<uuid:programme_id>/setup/preview/",
        SetupPreviewPage.as_view(),
        name="setup-preview",
    ),
    path("programmes/<uuid:programme_id>/people/", CandidatesPage.as_view(), name="candidates"),
    path("programmes/<uuid:programme_id>/enrol/", EnrolPage.as_view(), name="enrol"),
    path(
        "programmes/<uuid:programme_id>/enrolments/<uuid:enrolment_id>/withdraw/",
        WithdrawPage.as_view(),
        name="withdraw",
    ),
]

nav = [
    NavEntry(label=_("Programmes"), url_name="programmes:programmes", rule=administers, order=20)
]
