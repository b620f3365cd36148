from rest_framework import serializers

from spiral.api.conventions import VisibleField, VisibleIdsField
from spiral.programs.arenas import selectors
from spiral.programs.arenas.models import RATING_MAX, RATING_MIN, ROLES, Arena, Membership, Topic
from spiral.programs.org import selectors as org
from spiral.programs.sessions.models import Session

KINDS = "managers_network, reflection_forum, mentoring_circle or open_seminar."


class ArenaPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class ArenaSerializer(serializers.ModelSerializer):
    """An arena, with the caller's own place in it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    kind = serializers.CharField(read_only=True, help_text=KINDS)
    admission = serializers.CharField(read_only=True, help_text="open or approval.")
    audience_roles = serializers.ListField(child=serializers.CharField(), read_only=True)
    facilitators = ArenaPersonSerializer(many=True, read_only=True)
    audience_units = serializers.SlugRelatedField(slug_field="public_id", many=True, read_only=True)
    series = serializers.UUIDField(source="series.public_id", read_only=True, allow_null=True)
    member_count = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)
    my_status = serializers.CharField(
        read_only=True, allow_null=True, help_text="member, waitlisted, requested or null."
    )
    my_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The caller's place on the waitlist (1: next)."
    )
    admitted = serializers.BooleanField(
        read_only=True, help_text="Whether the audience rule lets the caller join."
    )

    class Meta:
        model = Arena
        fields = [
            "id", "title", "description", "kind", "admission", "capacity", "audience_roles",
            "audience_units", "facilitators", "series", "member_count", "waitlist_count",
            "my_status", "my_position", "admitted", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ArenaCreateSerializer(serializers.Serializer):
    """A standing arena (HR); with ``starts_on`` and ``start_time`` a series of its own."""

    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    kind = serializers.CharField(help_text=KINDS)
    admission = serializers.CharField(default=Arena.Admission.OPEN, help_text="open or approval.")
    capacity = serializers.IntegerField(min_value=1, max_value=10000)
    audience_roles = serializers.ListField(
        child=serializers.CharField(), required=False, default=list,
        help_text="Any of: " + ", ".join(ROLES) + " (none: any role).",
    )  # fmt: skip
    audience_units = VisibleIdsField(org.unit_list_visible, required=False, default=list)
    facilitators = VisibleIdsField(org.person_list_visible, allow_empty=False)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    start_time = serializers.TimeField(required=False, allow_null=True, default=None)
    rule = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=300,
        help_text="An RFC 5545 rule, e.g. FREQ=MONTHLY.",
    )  # fmt: skip
    place = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ArenaPlaceSerializer(serializers.Serializer):
    """The caller's place in an arena after joining or leaving."""

    arena = serializers.UUIDField()
    status = serializers.CharField(
        allow_null=True, help_text="member, waitlisted, requested, or null after leaving."
    )
    position = serializers.IntegerField(allow_null=True, help_text="On the waitlist: 1 is next.")


class ArenaMembershipSerializer(serializers.ModelSerializer):
    person = ArenaPersonSerializer(read_only=True)
    unit = serializers.CharField(source="person.unit.name", read_only=True, allow_null=True)
    status = serializers.CharField(read_only=True, help_text="member, waitlisted or requested.")
    position = serializers.IntegerField(source="waitlist_position", read_only=True)

    class Meta:
        model = Membership
        fields = ["person", "unit", "status", "position", "promoted_at", "created_at"]
        read_only_fields = fields


class ArenaDecisionSerializer(serializers.Serializer):
    person = serializers.UUIDField(help_text="The person who asked to join.")
    approve = serializers.BooleanField()


class ArenaSessionFigureSerializer(serializers.Serializer):
    session = serializers.UUIDField(source="session.public_id")
    starts_at = serializers.DateTimeField(source="session.starts_at")
    shown = serializers.BooleanField()
    attended = serializers.IntegerField(allow_null=True)
    reason = serializers.CharField(allow_null=True)


class ArenaMixingSerializer(serializers.Serializer):
    shown = serializers.BooleanField()
    participants = serializers.IntegerField(allow_null=True)
    units = serializers.IntegerField(allow_null=True, help_text="Distinct units that met.")
    share = serializers.FloatField(
        allow_null=True,
        help_text="A participant's share of meetings with someone of another unit, averaged.",
    )
    reason = serializers.CharField(allow_null=True)


class ArenaResultsSerializer(serializers.Serializer):
    participation = ArenaSessionFigureSerializer(many=True)
    mixing = ArenaMixingSerializer()


class ArenaTopicSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    arena = VisibleField(selectors.arena_list_visible)
    session = serializers.UUIDField(source="session.public_id", read_only=True, allow_null=True)
    used_on = serializers.DateTimeField(
        source="session.starts_at", read_only=True, allow_null=True,
        help_text="When the session that took it up starts.",
    )  # fmt: skip
    vote_count = serializers.IntegerField(read_only=True)
    voted = serializers.BooleanField(read_only=True)

    class Meta:
        model = Topic
        fields = [
            "id", "arena", "title", "description", "session", "used_on", "picked_at",
            "vote_count", "voted", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["picked_at", "created_at", "updated_at"]


class ArenaTopicPickSerializer(serializers.Serializer):
    session = VisibleField(selectors.arena_session_list_visible)


class ArenaSessionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    arena = serializers.UUIDField(source="series.arena.public_id", read_only=True)
    status = serializers.CharField(read_only=True, help_text="scheduled, moved, cancelled or held.")
    rated = serializers.BooleanField(read_only=True, help_text="Whether the caller rated it.")

    class Meta:
        model = Session
        fields = [
            "id", "arena", "title", "starts_at", "ends_at", "status", "place", "rated",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ArenaAttendanceRowSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    attended = serializers.BooleanField()


class ArenaAttendanceSerializer(serializers.Serializer):
    attendance = ArenaAttendanceRowSerializer(many=True, allow_empty=False)


class ArenaRatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ArenaSessionFeedbackSerializer(serializers.Serializer):
    shown = serializers.BooleanField(help_text="Whether the anonymity engine shows the figures.")
    count = serializers.IntegerField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    distribution = serializers.DictField(child=serializers.IntegerField())
    comments = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField(allow_null=True)
