"""The audit trail, for the tenant's administrators: who changed what, when,
and which fields (private fields by name only), filtered by object, actor and time."""

import django_filters
from rest_framework import mixins, serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from spiral.api.conventions import ListMixin, QueryFilterBackend, ScopedViewSet
from spiral.platform.audit.models import AuditEvent
from spiral.platform.audit.rules import reads_audit_trail
from spiral.platform.audit.selectors import audit_event_filter, audit_event_list_visible


class AuditEventSerializer(serializers.ModelSerializer):
    actor_person = serializers.UUIDField(
        source="actor_person_public_id", read_only=True, allow_null=True
    )

    class Meta:
        model = AuditEvent
        fields = [
            "id", "occurred_at", "action", "object_type", "object_id", "changes",
            "actor_person", "actor_client", "actor_label",
        ]  # fmt: skip
        read_only_fields = fields


class AuditEventFilter(django_filters.FilterSet):
    object_type = django_filters.CharFilter(method="narrow", label="Model label: org.person")
    object_id = django_filters.CharFilter(method="narrow", label="The object's public id")
    actor_person = django_filters.UUIDFilter(method="narrow", label="The acting person's id")
    actor_client = django_filters.CharFilter(method="narrow", label="An integration's client id")
    since = django_filters.IsoDateTimeFilter(method="narrow", label="From this moment")
    until = django_filters.IsoDateTimeFilter(method="narrow", label="Before this moment")

    class Meta:
        model = AuditEvent
        fields = ["object_type", "object_id", "actor_person", "actor_client", "since", "until"]

    def narrow(self, queryset, name, value):
        return audit_event_filter(queryset, **{name: value})


class NewestFirst(CursorPagination):
    # By id alone: a bulk write's events share their time, and a cursor on a
    # time that thousands of rows share cannot move past them.
    ordering = ("-id",)
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and not cursor.position.isdigit():
            raise NotFound(self.invalid_cursor_message)  # as DRF answers any broken cursor
        return cursor


class AuditEventViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    family = "audit"
    scope_family = None  # integrations never read the trail
    rules = {"list": reads_audit_trail, "retrieve": reads_audit_trail}
    selector = staticmethod(audit_event_list_visible)
    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    filter_backends = [QueryFilterBackend]  # events are never updated: no updated_after
    pagination_class = NewestFirst
    lookup_field = "pk"
    lookup_value_converter = "int"
