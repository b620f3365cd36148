"""Which pages exist, and which of them a person is shown.

Every installed app may have a ``pages`` module (``pages.py`` or a ``pages/``
package) that declares, as plain module attributes:

- ``urlpatterns``: its pages' URLs, served on the tenant's host under the app's
  label as namespace (``{% url "audit:events" %}``);
- ``nav`` (optional): its entries in the main navigation, each a ``NavEntry``
  naming one of those URLs and the rule (a django-rules predicate over the
  ``Actor``, from the subdomain's ``rules.py``) that decides who sees it.

Nothing registers itself on import: this module finds the ``pages`` modules
of the installed apps once, and reads what they declare. An entry is shown only
to those its rule allows; the page behind it checks the same rule
(``spiral.platform.web.views.Page``), so a link nobody may follow is never shown.
"""

from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.urls import NoReverseMatch, include, path, reverse
from django.utils.module_loading import module_has_submodule
from rules.predicates import Predicate

from spiral.api.principals import actor_of


@dataclass(frozen=True)
class NavEntry:
    label: str  # gettext_lazy: shown in the active language
    url_name: str  # "audit:events"
    rule: Predicate  # tested with the Actor (and no object)
    # Where it stands in the menu, lowest first. The places in use:
    # 0 start, 10 my programme, 20 programmes, 30 people, 40 organisation,
    # 50 import, 60 API clients, 70 audit trail, 80 settings, 90 my account.
    order: int = 50


@cache
def page_modules() -> tuple[tuple[str, ModuleType], ...]:
    """(namespace, module) for each installed app that has a ``pages`` module."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "pages"):
            found.append((config.label, import_module(f"{config.name}.pages")))
    return tuple(found)


def page_urlpatterns() -> list:
    """Included at the root of the tenant's URLs (platform/urls_tenant.py)."""
    return [
        path("", include((module.urlpatterns, namespace), namespace=namespace))
        for namespace, module in page_modules()
        if getattr(module, "urlpatterns", None)
    ]


@cache
def nav_entries() -> tuple[NavEntry, ...]:
    entries = [entry for _, module in page_modules() for entry in getattr(module, "nav", ())]
    return tuple(sorted(entries, key=lambda entry: (entry.order, str(entry.url_name))))


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool


def nav_for(request) -> list[NavLink]:
    """The entries this request's person may use, in order; none for anyone
    not signed in."""
    actor = actor_of(request)
    if actor is None:
        return []
    links = []
    for entry in nav_entries():
        if not entry.rule.test(actor, None):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:  # an entry for a page that is not served: not shown
            continue
        current = request.path == url or (url != "/" and request.path.startswith(url))
        links.append(NavLink(label=str(entry.label), url=url, current=current))
    return links
