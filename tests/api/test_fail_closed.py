"""The API's scoping fails closed: a resource that could leak rows past its
selector, or that forgets a declaration, is refused when its class is made;
every URL is either a scoped resource or on one named list; and the API layer
never reads a model manager itself."""

import ast
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework import mixins
from rest_framework.views import APIView

from spiral.api.conventions import ListMixin, ScopedViewSet
from spiral.platform.web.views import Page
from spiral.programs.org import rules
from spiral.programs.org.models import Person
from spiral.programs.org.selectors import person_list_visible
from tests.conftest import REPO_ROOT


def _declared(**extra):
    """The attributes a scoped resource must declare, for a read-only list."""
    return {
        "selector": staticmethod(person_list_visible),
        "family": "people",
        "scope_family": "people",
        "rules": {"list": rules.reads},
        **extra,
    }


def test_a_well_declared_resource_is_accepted():
    resource = type("Fine", (ListMixin, ScopedViewSet), _declared())
    assert resource.rule_for("list") is rules.reads


@pytest.mark.parametrize(
    "forbidden",
    [
        "get_queryset",
        "queryset",
        "filter_queryset",
        "get_object",
        "permission_classes",
        "get_permissions",
    ],
)
def test_a_resource_cannot_supply_its_own_rows_or_permissions(forbidden):
    from rest_framework.permissions import AllowAny

    supplies = {
        "get_queryset": lambda self: Person.objects.all(),
        "queryset": Person.objects.all(),
        "filter_queryset": lambda self, queryset: Person.objects.all(),
        "get_object": lambda self: Person.objects.first(),
        "permission_classes": [AllowAny],
        "get_permissions": lambda self: [AllowAny()],
    }[forbidden]
    with pytest.raises(TypeError, match=forbidden):
        type("Leaky", (ListMixin, ScopedViewSet), _declared(**{forbidden: supplies}))


def test_a_mixin_placed_before_the_base_cannot_supply_rows_either():
    class AllPeople:
        def get_queryset(self):
            return Person.objects.all()

    with pytest.raises(TypeError, match="AllPeople"):
        type("Leaky", (AllPeople, ListMixin, ScopedViewSet), _declared())


def test_a_later_assignment_is_refused():
    resource = type("Fine", (ListMixin, ScopedViewSet), _declared())
    with pytest.raises(TypeError, match="queryset"):
        resource.queryset = Person.objects.all()
    with pytest.raises(TypeError, match="get_queryset"):
        resource.get_queryset = lambda self: Person.objects.all()
    assert resource.get_queryset is ScopedViewSet.get_queryset


@pytest.mark.parametrize("missing", ["selector", "family", "scope_family"])
def test_a_resource_must_declare_selector_family_and_scope_family(missing):
    declared = _declared()
    del declared[missing]
    with pytest.raises(TypeError, match=missing):
        type("Undeclared", (ListMixin, ScopedViewSet), declared)


def test_an_unknown_scope_family_is_refused():
    with pytest.raises(TypeError, match="scope family"):
        type("Odd", (ListMixin, ScopedViewSet), _declared(scope_family="everything"))


def test_every_action_needs_a_rule():
    with pytest.raises(TypeError, match="create"):
        type("NoCreateRule", (mixins.CreateModelMixin, ListMixin, ScopedViewSet), _declared())
    # partial_update follows update's rule
    resource = type(
        "Updatable",
        (mixins.UpdateModelMixin, ListMixin, ScopedViewSet),
        _declared(rules={"list": rules.reads, "update": rules.administers}),
    )
    assert resource.rule_for("partial_update") is rules.administers
    assert resource.rule_for("metadata") is None  # OPTIONS and the like: refused


# Views that are not scoped resources, each with the reason it need not be.
NOT_SCOPED = {
    "login": "a page: signing in",
    "logout": "a page: signing out",
    "set-password": "a page: a one-time link, checked by its token",
    "password-reset": "a page: asks for an email, answers the same for any",
    "password-reset-sent": "a page: says to look in the inbox",
    "set-language": "the language switch: a cookie, and the signed-in person's own choice",
    "calendar-feed": "a personal .ics feed, found by its signed secret, no login",
    "api-root": "organisation facts any caller may read (name, language, time zone)",
    "api-me": "the caller's own login",
    "oauth-token": "OAuth2 client credentials: where integrations get their tokens",
    "api-schema": "the OpenAPI document",
    "api-docs": "Swagger UI for the OpenAPI document",
    "calendar-feed-list": "the caller's own feed address: no rows of anyone else",
    "calendar-feed-renew": "the caller's own feed",
    "calendar-feed-revoke": "the caller's own feed",
    "notification-preferences-list": "the caller's own preferences",
    "notification-preferences-change": "the caller's own preferences",
    "platform-tenant-list": "platform operators (public schema), with an operator token",
    "platform-tenant-detail": "platform operators",
    "platform-tenant-suspend": "platform operators",
    "platform-tenant-activate": "platform operators",
}


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _view_class(callback):
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None)


@pytest.mark.parametrize(
    "urlconf", ["spiral.platform.urls_tenant", "spiral.platform.urls_platform"]
)
def test_every_view_is_a_scoped_resource_or_named_with_its_reason(urlconf):
    unexplained, found = [], set()
    for route, pattern in _patterns(get_resolver(urlconf)):
        view = _view_class(pattern.callback)
        if view is not None and issubclass(view, ScopedViewSet | Page):
            continue  # a page names its rule, or its class is refused (spiral.platform.web)
        found.add(pattern.name)
        if pattern.name not in NOT_SCOPED:
            unexplained.append(f"{route} ({pattern.name})")
    assert unexplained == []
    assert found, "the walk found no unscoped view at all: is it walking the patterns?"


def test_the_walk_sees_scoped_resources_and_drf_views():
    kinds = {
        pattern.name: _view_class(pattern.callback)
        for _, pattern in _patterns(get_resolver("spiral.platform.urls_tenant"))
    }
    assert issubclass(kinds["person-list"], ScopedViewSet)
    assert issubclass(kinds["calendar-feed-list"], APIView)


API = REPO_ROOT / "api"
# The API reads through selectors and writes through services. Its own records
# (integration clients, idempotency claims) have theirs in these files, which
# may touch only the API's own models.
DATA_MODULES = {"selectors.py", "services.py", "models.py"}
OWN_MODELS = {"spiral.api.models", "oauth2_provider.models"}
MANAGERS = {"objects", "_default_manager", "_base_manager"}
# Shortcuts that read a model's manager for you.
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def _manager_reads(tree: ast.AST) -> list[tuple[int, str]]:
    reads = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            reads.append((node.lineno, ast.unparse(node.value)))
        elif isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] in SHORTCUTS:
            reads.append((node.lineno, ast.unparse(node.func)))
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) == "getattr"
            and len(node.args) > 1
            and isinstance(node.args[1], ast.Constant)
            and node.args[1].value in MANAGERS
        ):
            reads.append((node.lineno, ast.unparse(node.args[0])))
    return reads


def _own_model_names(tree: ast.AST) -> set[str]:
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module in OWN_MODELS
        for alias in node.names
    }


def _api_modules():
    return [p for p in API.rglob("*.py") if "migrations" not in p.parts]


def test_the_api_never_reads_a_model_manager_directly():
    offences = []
    for path in _api_modules():
        tree = ast.parse(path.read_text())
        own = _own_model_names(tree) if path.name in DATA_MODULES else set()
        for line, owner in _manager_reads(tree):
            if owner.split(".")[0] not in own:
                offences.append(f"{path.relative_to(REPO_ROOT)}:{line} {owner}")
    assert offences == []


def test_the_manager_check_would_see_an_offence():
    tree = ast.parse(
        "from spiral.programs.org.models import Person\nPerson.objects.all()\n"
        "get_object_or_404(Person, pk=1)\ngetattr(Person, 'objects')\n"
    )
    assert sorted(_manager_reads(tree)) == [(2, "Person"), (3, "get_object_or_404"), (4, "Person")]
    assert _own_model_names(tree) == set()
    assert len(_api_modules()) > 20
    assert Path(API / "conventions.py") in _api_modules()
