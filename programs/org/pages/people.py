"""People, for HR: the list (search, unit and everything below it, role,
status), a person's page, their roles and status, and an invitation to sign
in. The list narrows with the selector GET /api/v1/people/ filters with
(``person_filter``), so both list the same people."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spiral.platform.web.views import ConfirmPage, FormPage, ListPage, Page
from spiral.programs.org.models import Person
from spiral.programs.org.pages.widgets import UnitSelect
from spiral.programs.org.rules import administers, may_grant_administration
from spiral.programs.org.selectors import (
    management_group_list_visible,
    person_filter,
    person_list_visible,
    unit_list_visible,
    work_group_list_visible,
)
from spiral.programs.org.services import person_invite, person_update
from spiral.programs.programmes.selectors import enrolment_list_visible


def role_choices() -> list[tuple[str, str]]:
    """("first_line_manager", "first-line manager")...: the API's role names,
    labelled with the model's (translated) field names."""
    return [
        (field.removeprefix("is_"), Person._meta.get_field(field).verbose_name)
        for field in Person.ROLE_FIELDS
    ]


def role_labels(person: Person) -> list[str]:
    return [label for role, label in role_choices() if getattr(person, f"is_{role}")]


class PeopleFilterForm(forms.Form):
    search = forms.CharField(label=_("Name or email"), required=False, max_length=200)
    # Any unit's public id: an unknown one finds nobody, as the API's filter.
    # Its options (every unit, thousands in a large tenant) are read when the
    # select is rendered, never to validate, nor for an htmx answer (results only).
    under = forms.UUIDField(
        label=_("Unit"), required=False, widget=UnitSelect,
        help_text=_("The people of the unit and of every unit below it."),
    )  # fmt: skip
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(label=_("Employment status"), required=False)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["under"].widget.unit_choices = UnitChoices(_("All units"), units)
        self.fields["role"].choices = [("", _("All roles")), *role_choices()]
        self.fields["status"].choices = [("", _("All")), *Person.Status.choices]


class UnitChoices:
    """(public id, name, depth) of "everyone" and then of each unit, read from
    ``units`` (rows of public_id, name, depth) only when iterated."""

    def __init__(self, everyone, units):
        self.everyone, self.units = everyone, units

    def __iter__(self):
        yield ("", self.everyone, 0)
        for public_id, name, depth in self.units:
            yield (str(public_id), name, depth)


class PeoplePage(ListPage):
    rule = administers  # as GET /api/v1/people/ lists the whole tenant for HR
    title = _("People")
    selector = staticmethod(person_list_visible)
    template_name = "org/pages/people.html"
    results_template_name = "org/pages/_people.html"

    def get_filter_form(self):
        units = unit_list_visible(actor=self.actor).values_list("public_id", "name", "depth")
        return PeopleFilterForm(self.request.GET or None, units=units)

    def narrow(self, rows, filters):
        return person_filter(rows, **filters)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "rows" in context:
            rows = list(context["rows"])
            for person in rows:
                person.role_labels = role_labels(person)
            context["rows"] = rows
        return context


class PersonMixin:
    """The person named in the URL, if the actor may see them: else 404, as
    the API answers (another tenant's ids included: its schema has no such row)."""

    def get_person(self) -> Person:
        if not hasattr(self, "_person"):
            found = (
                person_list_visible(actor=self.actor)
                .select_related("unit__manager", "user")
                .filter(public_id=self.kwargs["public_id"])
                .first()
            )
            if found is None:
                raise Http404
            self._person = found
        return self._person

    @property
    def person_url(self) -> str:
        return reverse("org:person", args=[self.kwargs["public_id"]])


class PersonPage(PersonMixin, Page):
    rule = administers  # GET /api/v1/people/<id>/, for HR
    template_name = "org/pages/person.html"

    def get_context_data(self, **kwargs):
        person = self.get_person()
        work_groups = (
            work_group_list_visible(actor=self.actor)
            .prefetch_related(None)
            .filter(Q(members=person) | Q(leader=person))
            .distinct()
        )
        management_groups = (
            management_group_list_visible(actor=self.actor)
            .prefetch_related(None)
            .filter(Q(members=person) | Q(chair=person))
            .distinct()
        )
        enrolments = enrolment_list_visible(actor=self.actor).filter(person=person)
        user = person.user
        may_invite = (
            self.may(may_grant_administration, person)
            and bool(person.email)
            and person.status != Person.Status.LEFT
            and (user is None or not user.has_usable_password())
        )
        context = super().get_context_data(**kwargs)
        context.update(
            title=person.name, person=person, roles=role_labels(person),
            work_groups=work_groups, management_groups=management_groups,
            enrolments=enrolments, has_login=user is not None and user.is_active,
            may_change=self.may(administers, person), may_invite=may_invite,
        )  # fmt: skip
        return context


class PersonRolesForm(forms.Form):
    status = forms.ChoiceField(label=_("Employment status"), choices=Person.Status.choices)

    def __init__(self, *args, may_grant_admin: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for field in Person.ROLE_FIELDS:
            if field in Person.ADMIN_ROLE_FIELDS and not may_grant_admin:
                continue
            label = Person._meta.get_field(field).verbose_name
            self.fields[field] = forms.BooleanField(label=label, required=False)


class PersonRolesPage(PersonMixin, FormPage):
    rule = administers  # PATCH /api/v1/people/<id>/
    form_class = PersonRolesForm
    submit_label = _("Save")
    success_message = _("The roles and status are saved.")

    @property
    def title(self):
        return _("Roles and status: %(name)s") % {"name": self.get_person().name}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        person = self.get_person()
        kwargs["may_grant_admin"] = self.may(may_grant_administration, person)
        kwargs["initial"] = {
            "status": person.status,
            **{field: getattr(person, field) for field in Person.ROLE_FIELDS},
        }
        return kwargs

    def perform(self, form):
        person_update(person=self.get_person(), **form.cleaned_data)

    def get_success_url(self):
        return self.person_url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.get_person()
        context["cancel_url"] = self.person_url
        return context


class PersonInvitePage(PersonMixin, ConfirmPage):
    rule = may_grant_administration  # POST /api/v1/people/<id>/invite/
    title = _("Invite to sign in?")
    consequence = _(
        "The person gets an email with a link to choose a password. The link works once."
    )
    confirm_label = _("Send the invitation")
    success_message = _("The invitation is on its way.")

    def get(self, request, *args, **kwargs):
        self.get_person()
        return super().get(request, *args, **kwargs)

    @property
    def cancel_url(self):
        return self.person_url

    @property
    def success_url(self):
        return self.person_url

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:  # no email, left, or already signs in
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(self.person_url)

    def perform(self) -> None:
        person_invite(person=self.get_person())
