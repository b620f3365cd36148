"""The conventions every tenant API resource follows, built once.

- ``ScopedViewSet``: the queryset always comes from the resource's selector for
  the acting person; a subclass cannot override ``get_queryset``. Objects that
  exist but are not visible are 404s.
- ``FamilyPermission``: read/write rules per resource family (spiral.programs.org.rules)
  and, for integrations, the matching OAuth2 scope.
- ``VisibleField``: ids in request bodies resolve through the same selectors, so
  a reference to something the caller cannot see is a 400 naming the field.
- Cursor pagination ordered by last change, with ``updated_after`` for syncs.
- ``Idempotency-Key`` on POST and per-client throttling.
"""

from collections.abc import Callable

from django.db.models import QuerySet
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters, permissions, serializers, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from spiral.api.idempotency import IdempotentPostMixin
from spiral.api.principals import actor_of
from spiral.api.representation import rows_from_values, values_columns
from spiral.platform.audit.context import act_as, stop_acting
from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import permissions as rules

Selector = Callable[..., QuerySet]


class FamilyPermission(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        actor = actor_of(request)
        if actor is None:
            raise exceptions.NotAuthenticated()
        read = request.method in permissions.SAFE_METHODS
        if actor.is_client and f"{view.scope_family}:{'read' if read else 'write'}" not in (
            actor.scopes
        ):
            return False
        if read:
            return rules.test_rule(f"{view.family}.read", actor)
        if view.detail or getattr(view, "create_checked_per_object", False):
            return True  # decided per object, once it is known (and visible)
        return rules.test_rule(f"{view.family}.write", actor, None)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return rules.test_rule(f"{view.family}.write", actor_of(request), obj)


class UpdatedCursorPagination(CursorPagination):
    """Stable order by last change: an integration pages through everything and
    later asks only for what changed (``updated_after``)."""

    ordering = ("updated_at", "id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class UpdatedAfterFilter(filters.BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        raw = request.query_params.get("updated_after")
        if not raw:
            return queryset
        moment = parse_datetime(raw)
        if moment is None or moment.tzinfo is None:
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
    filters (building and validating its form costs as much as a query)."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None or not (
            set(request.query_params) & set(filterset_class.base_filters)
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class ScopedViewSet(IdempotentPostMixin, viewsets.GenericViewSet):
    family: str  # the rules family: org, people, work_groups, ...
    scope_family: str  # the OAuth2 scope family: org, people
    selector: Selector  # (actor=) -> the rows this actor may see

    permission_classes = [FamilyPermission]
    pagination_class = UpdatedCursorPagination
    filter_backends = [UpdatedAfterFilter, QueryFilterBackend]
    lookup_field = "public_id"
    lookup_value_converter = "uuid"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for forbidden in ("get_queryset", "queryset"):
            if forbidden in cls.__dict__:
                raise TypeError(
                    f"{cls.__name__} must not define {forbidden}: scope it with `selector`."
                )

    @property
    def actor(self) -> Actor:
        return actor_of(self.request) or Actor()

    def get_queryset(self):
        return type(self).selector(actor=self.actor)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # Audit events written while this request is served name its actor.
        self._acting = act_as(actor_of(request), label="anonymous")

    def dispatch(self, request, *args, **kwargs):
        # Reset here rather than in finalize_response, which DRF skips when an
        # exception escapes: the actor must not outlive the request on its thread.
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            if getattr(self, "_acting", None) is not None:
                stop_acting(self._acting)
                self._acting = None


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
            raise serializers.ValidationError(f"Unknown or not visible: {', '.join(missing)}.")
        return sorted({str(public_id) for public_id in ids})

    def to_representation(self, value):
        return list(value)
