"""What every page is built on. A page is a class that names its rule, reads
through the subdomain's selectors for the acting person and writes through its
services, as the API does (api/conventions.py), so that what a person sees and
may change is the same in both.

- ``Page``: signed in, and the ``rule`` (a django-rules predicate over the
  ``Actor``) allows it, or 403. A class without a rule is refused when it is
  defined. ``self.actor`` is the acting person; ``self.may(rule, obj)`` decides
  what the page offers on one object (a button it does not show).
- ``ListPage``: a server-rendered table from a selector, filters as a GET form,
  page numbers; an htmx request aimed at ``#results`` gets the results alone.
- ``FormPage``: a form whose ``perform`` writes through a service; a service's
  ValidationError lands on its fields, or in the summary.
- ``ConfirmPage``: a question before a destructive action, which a POST performs.
"""

from collections.abc import Callable

import rules
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.views.generic import FormView, TemplateView
from rules.predicates import Predicate

from spiral.api.principals import actor_of
from spiral.programs.org.actors import Actor


@rules.predicate
def signed_in(actor: Actor) -> bool:
    """Any signed-in login, with or without a place in the organisation (the
    start page, their own account). Pages of the organisation name its rules."""
    return actor is not None and not actor.is_client


class Page(LoginRequiredMixin, TemplateView):
    rule: Predicate  # required: who may open the page
    title = ""  # gettext_lazy: the page's one h1 and its <title>
    abstract = True  # the bases below; every concrete page names its rule

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("abstract"):
            return
        if not isinstance(getattr(cls, "rule", None), Predicate):
            raise ImproperlyConfigured(
                f"{cls.__name__} must name its rule: a predicate of a rules.py"
            )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()  # to sign-in, and back here after
        self.actor: Actor | None = actor_of(request)
        if self.actor is None or not self.rule.test(self.actor, None):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def may(self, rule: Predicate, obj=None) -> bool:
        return bool(self.actor is not None and rule.test(self.actor, obj))

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, **kwargs)


class ListPage(Page):
    """Set ``selector`` (called with ``actor=``), ``template_name`` (the page)
    and ``results_template_name`` (the results: a table and its pagination,
    which the page includes); optionally ``filter_form_class`` and ``narrow``."""

    abstract = True
    selector: Callable[..., QuerySet]
    filter_form_class: type[forms.Form] | None = None
    results_template_name = ""
    paginate_by = 25
    results_id = "results"  # the element htmx replaces

    def narrow(self, rows: QuerySet, filters: dict) -> QuerySet:
        """Apply valid filters: call the subdomain's filter selector here."""
        return rows

    def get_filter_form(self) -> forms.Form | None:
        """The filter form, bound to the query string; override to give it
        what it needs from the request (choices the actor may see)."""
        if self.filter_form_class is None:
            return None
        return self.filter_form_class(self.request.GET or None)

    def get(self, request, *args, **kwargs):
        form = self.get_filter_form()
        rows = type(self).selector(actor=self.actor)
        if form is not None and form.is_bound and form.is_valid():
            rows = self.narrow(rows, {k: v for k, v in form.cleaned_data.items() if v})
        page = Paginator(rows, self.paginate_by).get_page(request.GET.get("page"))
        context = self.get_context_data(
            filter_form=form, page_obj=page, rows=page.object_list, results_id=self.results_id,
            results_template_name=self.results_template_name,
        )  # fmt: skip
        if request.htmx and request.htmx.target == self.results_id:
            return self.response_class(
                request=request, template=[self.results_template_name], context=context
            )
        return self.render_to_response(context)


class FormPage(Page, FormView):
    """Set ``form_class``, ``template_name`` (or use "web/form.html"),
    ``success_url`` and ``perform(form)``, which calls the service."""

    abstract = True
    template_name = "web/form.html"
    submit_label = ""
    success_message = ""

    def perform(self, form) -> None:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            form.add_error(None, error)  # a dict of errors lands on its fields
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(submit_label=self.submit_label, **kwargs)


class ConfirmPage(Page):
    """GET asks; POST performs. Set ``question`` (the h1 is ``title``),
    ``consequence``, ``confirm_label``, ``cancel_url``, ``success_url``,
    ``success_message`` and ``perform()``."""

    abstract = True
    template_name = "web/confirm.html"
    consequence = ""
    confirm_label = ""
    cancel_url = "/"
    success_url = "/"
    success_message = ""

    def perform(self) -> None:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consequence=self.consequence, confirm_label=self.confirm_label,
            cancel_url=self.cancel_url, **kwargs,
        )  # fmt: skip

    def post(self, request, *args, **kwargs):
        self.perform()
        if self.success_message:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(self.success_url)
