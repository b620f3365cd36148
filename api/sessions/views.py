import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet, VisibleField
from spiral.api.principals import actor_of
from spiral.api.representation import FastModelSerializer
from spiral.programs.org import rules as org_rules
from spiral.programs.org.selectors import person_list_visible, person_of
from spiral.programs.sessions import feeds, selectors, services
from spiral.programs.sessions import rules as session_rules
from spiral.programs.sessions.models import NotificationPreference, Session


class IsPerson(permissions.BasePermission):
    """A logged-in person of the organisation (integrations have no calendar)."""

    def has_permission(self, request, view) -> bool:
        return bool(session_rules.is_someone.test(actor_of(request), None))


class OneObjectSchema(AutoSchema):
    """The caller's own resource: ``list`` answers one object, not a list."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


class SessionSerializer(FastModelSerializer):
    list_from_values = True  # plain columns: lists read values() rows (spiral.api.representation)
    id = serializers.UUIDField(source="public_id", read_only=True)
    organiser = VisibleField(person_list_visible, read_only=True)
    # A URL, or empty when there is none (a URL format would refuse the empty value).
    video_link = serializers.CharField(read_only=True)

    class Meta:
        model = Session
        fields = [
            "id", "kind", "title", "organiser", "starts_at", "ends_at", "place", "video_link",
            "status", "sequence", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class MoveSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class AttendanceSerializer(serializers.Serializer):
    person = VisibleField(person_list_visible)
    attended = serializers.BooleanField()


class SessionFilter(django_filters.FilterSet):
    programme = django_filters.UUIDFilter(
        field_name="component_instance__component__programme__public_id"
    )
    kind = django_filters.CharFilter()
    status = django_filters.ChoiceFilter(choices=Session.Status.choices)
    starts_after = django_filters.IsoDateTimeFilter(field_name="starts_at", lookup_expr="gte")

    class Meta:
        model = Session
        fields = ["programme", "kind", "status", "starts_after"]


class SessionViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Sessions of every component: the caller's own (organised or invited), or
    all of them for administrators. Times are UTC instants; people see them in
    Europe/Stockholm."""

    family = "sessions"
    scope_family = "programmes"
    rules = {
        "list": org_rules.reads,
        "retrieve": org_rules.reads,
        **dict.fromkeys(("move", "cancel", "held", "attendance"), session_rules.changes_session),
    }
    selector = staticmethod(selectors.session_list_visible)
    serializer_class = SessionSerializer
    filterset_class = SessionFilter

    @extend_schema(request=MoveSerializer, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, public_id=None):
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        session = services.session_move(session=self.get_object(), **payload.validated_data)
        return Response(self.get_serializer(session).data)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, public_id=None):
        session = services.session_cancel(session=self.get_object())
        return Response(self.get_serializer(session).data)

    @extend_schema(request=None, responses=SessionSerializer)
    @action(detail=True, methods=["post"])
    def held(self, request, public_id=None):
        session = services.session_mark_held(session=self.get_object())
        return Response(self.get_serializer(session).data)

    @extend_schema(request=AttendanceSerializer(many=True), responses={204: None})
    @action(detail=True, methods=["post"])
    def attendance(self, request, public_id=None):
        session = self.get_object()
        payload = AttendanceSerializer(data=request.data, many=True, context={"request": request})
        payload.is_valid(raise_exception=True)
        services.attendance_record(
            session=session,
            present={row["person"].pk: row["attended"] for row in payload.validated_data},
        )
        return Response(status=204)


class CalendarFeedSerializer(serializers.Serializer):
    url = serializers.URLField(allow_null=True)
    active = serializers.BooleanField()


class CalendarFeedViewSet(viewsets.ViewSet):
    """The caller's own calendar feed: show its address, renew it (the old one
    stops working) or revoke it."""

    permission_classes = [IsPerson]
    schema = OneObjectSchema()

    def _respond(self, request, feed):
        # the tenant's public address, whatever host the request used
        return Response({"url": feeds.feed_url(feed), "active": bool(feed and feed.active)})

    def _person(self, request):
        return person_of(actor=actor_of(request))

    @extend_schema(responses=CalendarFeedSerializer)
    def list(self, request):
        return self._respond(request, feeds.feed_get_or_create(person=self._person(request)))

    @extend_schema(request=None, responses=CalendarFeedSerializer)
    @action(detail=False, methods=["post"])
    def renew(self, request):
        return self._respond(request, feeds.feed_renew(person=self._person(request)))

    @extend_schema(request=None, responses=CalendarFeedSerializer)
    @action(detail=False, methods=["post"])
    def revoke(self, request):
        feeds.feed_revoke(person=self._person(request))
        return self._respond(request, None)


@extend_schema_field(
    {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9](:[0-5][0-9])?$", "example": "21:00"}
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in Europe/Stockholm, as HH:MM: no zone, which the
    OpenAPI time format would ask for."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class NotificationPreferenceSerializer(serializers.ModelSerializer):
    quiet_from = LocalTimeField(allow_null=True, required=False)
    quiet_until = LocalTimeField(allow_null=True, required=False)

    class Meta:
        model = NotificationPreference
        fields = ["reminders", "follow_ups", "quiet_from", "quiet_until"]

    def validate(self, data):
        quiet = [
            data.get(f, getattr(self.instance, f, None)) for f in ("quiet_from", "quiet_until")
        ]
        if (quiet[0] is None) != (quiet[1] is None):
            raise serializers.ValidationError(
                {"quiet_until": [_("Give both ends of the quiet hours, or neither.")]}
            )
        return data


class NotificationPreferenceViewSet(viewsets.ViewSet):
    """The caller's own notification preferences and quiet hours."""

    permission_classes = [IsPerson]
    schema = OneObjectSchema()

    def _preference(self, request) -> NotificationPreference:
        return services.preference_get_or_create(person_id=actor_of(request).person_id)

    @extend_schema(responses=NotificationPreferenceSerializer)
    def list(self, request):
        return Response(NotificationPreferenceSerializer(self._preference(request)).data)

    @extend_schema(
        request=NotificationPreferenceSerializer, responses=NotificationPreferenceSerializer
    )
    @action(detail=False, methods=["patch"], url_path="update")
    def change(self, request):
        preference = self._preference(request)
        payload = NotificationPreferenceSerializer(preference, data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        preference = services.preference_update(preference=preference, **payload.validated_data)
        return Response(NotificationPreferenceSerializer(preference).data)
