"""The conventions every tenant API resource follows, built once.

- ``ScopedViewSet``: the queryset always comes from the resource's selector for
  the acting person. It fails closed: a class that supplies its own queryset
  (``get_queryset``, ``queryset``, ``filter_queryset``, in its body, in a mixin
  placed before it or assigned later) or that lacks its selector, family, scope
  family or a rule for one of its actions is refused when it is defined.
  Objects that exist but are not visible are 404s.
- ``ActionPermission``: one rule per action (list, retrieve, create, update,
  each custom action), declared on the viewset with predicates from the
  subdomain's own rules module; for integrations, the OAuth2 scope of the
  resource's family (spiral.api.scopes).
- ``VisibleField``: ids in request bodies resolve through the same selectors, so
  a reference to something the caller cannot see is a 400 naming the field.
- Cursor pagination ordered by last change, with ``updated_after`` for syncs.
- ``Idempotency-Key`` on POST and per-client throttling.
"""

import binascii
from base64 import b64decode, b64encode
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters, permissions, serializers, viewsets
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rules.predicates import Predicate

from spiral.api.idempotency import IdempotentPostMixin
from spiral.api.principals import actor_of
from spiral.api.representation import rows_from_values, values_columns
from spiral.api.scopes import SCOPE_FAMILIES, scope_for
from spiral.programs.org.actors import Actor

Selector = Callable[..., QuerySet]


class on_object:
    """Marks the rule of a list-level action (``create``) that can only be
    decided once the view knows the object it acts on (an enrolment names its
    programme in the body): the view calls ``check_object_permissions``."""

    def __init__(self, predicate: Predicate):
        self.predicate = predicate


class ActionPermission(permissions.BasePermission):
    """The viewset's rule for the current action; an action without one is
    refused. Detail actions are decided on the (visible) object."""

    def has_permission(self, request, view) -> bool:
        actor = actor_of(request)
        if actor is None:
            raise exceptions.NotAuthenticated()
        rule = view.rule_for(view.action)
        if rule is None:
            return False
        if actor.is_client:
            write = request.method not in permissions.SAFE_METHODS
            if view.scope_family is None or scope_for(view.scope_family, write=write) not in (
                actor.scopes
            ):
                return False
        if view.detail or isinstance(rule, on_object):
            return True  # decided per object, once it is known (and visible)
        return rule.test(actor, None)

    def has_object_permission(self, request, view, obj) -> bool:
        rule = view.rule_for(view.action)
        if isinstance(rule, on_object):
            rule = rule.predicate
        return rule is not None and rule.test(actor_of(request), obj)


class UpdatedCursorPagination(BasePagination):
    """Stable order by last change: an integration pages through everything and
    later asks only for what changed (``updated_after``).

    A keyset on (updated_at, id), forward only: a bulk write gives thousands of
    rows one ``updated_at``, and a cursor on that time alone (DRF's) cannot move
    past more than a thousand of them."""

    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        after = self._decode(request.query_params.get(self.cursor_query_param))
        queryset = queryset.order_by(*self.ordering)
        if after is not None:
            moment, pk = after
            queryset = queryset.filter(Q(updated_at__gt=moment) | Q(updated_at=moment, id__gt=pk))
        rows = list(queryset[: size + 1])
        last = rows[size - 1] if len(rows) > size else None
        self.next_after = None if last is None else _position(last)
        return rows[:size]

    def get_paginated_response(self, data):
        return Response({"next": self._next_link(), "previous": None, "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": self.cursor_query_param, "in": "query", "required": False,
             "description": "The next page's cursor.", "schema": {"type": "string"}},
            {"name": self.page_size_query_param, "in": "query", "required": False,
             "description": f"Rows a page, at most {self.max_page_size}.",
             "schema": {"type": "integer"}},
        ]  # fmt: skip

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        try:
            return max(1, min(int(raw), self.max_page_size)) if raw else self.page_size
        except ValueError:
            return self.page_size

    def _next_link(self) -> str | None:
        if self.next_after is None:
            return None
        moment, pk = self.next_after
        token = b64encode(f"{moment.isoformat()}|{pk}".encode()).decode()
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, token)

    @staticmethod
    def _decode(token: str | None):
        if token is None:
            return None
        try:
            moment, pk = b64decode(token.encode(), validate=True).decode().split("|")
            moment, pk = datetime.fromisoformat(moment), int(pk)
        except (ValueError, UnicodeError, binascii.Error):
            raise exceptions.NotFound(_("Invalid cursor.")) from None
        if moment.tzinfo is None:
            raise exceptions.NotFound(_("Invalid cursor."))
        return moment, pk


def _position(row) -> tuple:
    """(updated_at, id) of a model object or of a values() row."""
    if isinstance(row, dict):
        return row["updated_at"], row["id"]
    return row.updated_at, row.id


# The widest offset of any time zone (Kiribati); PostgreSQL refuses offsets
# past 15:59, which Python accepts.
MAX_UTC_OFFSET = timedelta(hours=14)


class UpdatedAfterFilter(filters.BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get("updated_after")
        if raw is None:
            return queryset
        try:
            moment = parse_datetime(raw)
        except ValueError:  # well-formed but impossible: 2026-02-30, +25:00
            moment = None
        if moment is None or moment.tzinfo is None or abs(moment.utcoffset()) > MAX_UTC_OFFSET:
            raise exceptions.ValidationError(
                {"updated_after": [_("Give an ISO 8601 date and time with a time zone.")]}
            )
        return queryset.filter(updated_at__gt=moment)

    def get_schema_operation_parameters(self, view):
        if view.detail:
            return []
        return [
            {
                "name": "updated_after",
                "in": "query",
                "required": False,
                "description": "Only rows changed after this moment (ISO 8601 with zone).",
                "schema": {"type": "string", "format": "date-time"},
            }
        ]


class QueryFilterBackend(DjangoFilterBackend):
    """django-filter, skipped when the query names none of the resource's
    filters (building and validating its form costs as much as a query). A
    filter named with no value is an error, not silently no filter: a sync that
    sends an empty date would otherwise get everything."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        named = set(request.query_params) & set(getattr(filterset_class, "base_filters", ()))
        if not named:
            return queryset
        empty = sorted(name for name in named if not request.query_params.get(name))
        if empty:
            raise exceptions.ValidationError(
                {name: [_("Give a value, or leave the parameter out.")] for name in empty}
            )
        return super().filter_queryset(request, queryset, view)


class ScopedSchema(AutoSchema):
    """The OpenAPI document groups operations by resource family and names the
    one scope an integration needs for each (none where no scope reaches it)."""

    def get_tags(self) -> list[str]:
        return [self.view.family]

    def get_auth(self) -> list[dict]:
        others = [r for r in super().get_auth() if "oauth2" not in r]
        if self.view.scope_family is None:
            return others
        write = self.method not in permissions.SAFE_METHODS
        return [{"oauth2": [scope_for(self.view.scope_family, write=write)]}, *others]


# What a scoped resource must not define anywhere before ScopedViewSet in its
# class hierarchy: each would let rows past the selector or requests past the
# rules. Defined on ScopedViewSet itself, so a class after it cannot either.
_FORBIDDEN = {
    "get_queryset": "scope it with `selector`",
    "queryset": "scope it with `selector`",
    "filter_queryset": "scope it with `selector`",
    "get_object": "scope it with `selector`; its rule is checked on the object",
    "permission_classes": "declare `rules` per action",
    "get_permissions": "declare `rules` per action",
}
# DRF's own actions; a viewset has those it defines (through its mixins).
_STANDARD_ACTIONS = ("list", "retrieve", "create", "update", "partial_update", "destroy")
_UNSET = object()


class _FailsClosed(type):
    """Checks a scoped resource when its class is made, and refuses a later
    assignment of a forbidden name to it."""

    def __init__(cls, name, bases, namespace, **kwargs):
        super().__init__(name, bases, namespace, **kwargs)
        if "_scoping_root" in namespace:
            return
        for klass in cls.__mro__:
            if "_scoping_root" in klass.__dict__:
                break
            for forbidden, instead in _FORBIDDEN.items():
                if forbidden in klass.__dict__:
                    raise TypeError(
                        f"{name} must not get {forbidden} (from {klass.__name__}): {instead}."
                    )
        if not namespace.get("abstract", False):
            cls._check_declarations()

    def __setattr__(cls, name, value):
        if name in _FORBIDDEN:
            raise TypeError(f"{cls.__name__}.{name} cannot be set: {_FORBIDDEN[name]}.")
        super().__setattr__(name, value)

    def _check_declarations(cls):
        missing = [
            attribute
            for attribute in ("selector", "family", "scope_family")
            if getattr(cls, attribute, _UNSET) is _UNSET
        ]
        if missing:
            raise TypeError(f"{cls.__name__} must declare {', '.join(missing)}.")
        if cls.scope_family is not None and cls.scope_family not in SCOPE_FAMILIES:
            raise TypeError(f"{cls.__name__}: unknown scope family {cls.scope_family!r}.")
        without_rule = [action for action in cls.action_names() if cls.rule_for(action) is None]
        if without_rule:
            raise TypeError(f"{cls.__name__} has no rule for: {', '.join(without_rule)}.")


class ScopedViewSet(IdempotentPostMixin, viewsets.GenericViewSet, metaclass=_FailsClosed):
    """The base of every tenant API resource. A subclass declares:

    - ``selector``: ``(actor=) -> QuerySet`` of the rows the actor may see;
    - ``family``: the resource family, its tag in the API documentation;
    - ``scope_family``: the OAuth2 scope family integrations need (None: no
      integration may use it);
    - ``rules``: ``{action: predicate}`` for each of its actions
      (``partial_update`` follows ``update``).

    A class that only shares code between resources sets ``abstract = True``.
    """

    _scoping_root = True
    abstract = True
    rules: dict[str, Predicate | on_object] = {}

    queryset = None  # never: rows come from `selector`
    schema = ScopedSchema()
    pagination_class = UpdatedCursorPagination
    filter_backends = [UpdatedAfterFilter, QueryFilterBackend]
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    @classmethod
    def action_names(cls) -> list[str]:
        names = [action for action in _STANDARD_ACTIONS if hasattr(cls, action)]
        return names + [extra.__name__ for extra in cls.get_extra_actions()]

    @classmethod
    def rule_for(cls, action: str | None) -> Predicate | on_object | None:
        if action == "partial_update":
            action = "update"
        return cls.rules.get(action) if action else None

    @property
    def actor(self) -> Actor:
        return actor_of(self.request) or Actor()

    def get_queryset(self):
        return type(self).selector(actor=self.actor)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset)

    def get_object(self):
        # From the selector's rows, and checked against the action's rule.
        return super().get_object()

    def get_permissions(self):
        # The rules of the action, always: no class may bring permissions of its own.
        return [ActionPermission()]


class ListMixin:
    """``list`` for a ScopedViewSet (use instead of DRF's ListModelMixin)."""

    def list(self, request, *args, **kwargs):
        """Lists read plain values() rows when the serializer allows it (see
        spiral.api.representation), else model objects."""
        queryset = self.filter_queryset(self.get_queryset())
        columns = values_columns(self.get_serializer_class(), queryset.model)
        if columns is None or queryset._prefetch_related_lookups:
            rows = self._page(queryset)
            data = self.get_serializer(rows, many=True).data
        else:
            ordering = self.paginator.ordering if self.paginator else ()
            wanted = {column for column, _ in columns.values()} | {f.lstrip("-") for f in ordering}
            data = rows_from_values(self._page(queryset.values(*wanted)), columns)
        return self.get_paginated_response(data) if self.paginator else Response(data)

    def _page(self, queryset):
        page = self.paginate_queryset(queryset)
        return queryset if page is None else page


@extend_schema_field(OpenApiTypes.UUID)
class VisibleField(serializers.SlugRelatedField):
    """A reference by public id to something the caller can see."""

    def __init__(self, selector: Selector, **kwargs):
        self.selector = selector
        super().__init__(slug_field="public_id", **kwargs)

    def get_queryset(self):
        return self.selector(actor=actor_of(self.context["request"]) or Actor())

    def to_internal_value(self, data):
        try:
            return self.get_queryset().get(public_id=data)
        except (ValueError, TypeError, exceptions.ValidationError):
            self.fail("invalid")
        except self.get_queryset().model.DoesNotExist:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)


class VisibleIdsField(serializers.ListField):
    """A list of public ids of things the caller can see, kept as strings."""

    def __init__(self, selector: Selector, **kwargs):
        self.selector = selector
        super().__init__(child=serializers.UUIDField(), **kwargs)

    def to_internal_value(self, data):
        ids = super().to_internal_value(data)
        visible = self.selector(actor=actor_of(self.context["request"]) or Actor())
        found = set(visible.filter(public_id__in=ids).values_list("public_id", flat=True))
        missing = [str(public_id) for public_id in ids if public_id not in found]
        if missing:
            raise serializers.ValidationError(
                _("Unknown or not visible: %(ids)s.") % {"ids": ", ".join(missing)}
            )
        return sorted({str(public_id) for public_id in ids})

    def to_representation(self, value):
        return list(value)
