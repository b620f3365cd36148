from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.programs.groups import selectors
from spiral.programs.groups.models import (
    POSITION_MAX,
    Backspegling,
    GroupAction,
    GroupContract,
    GroupMeeting,
)


def _group():
    return VisibleField(selectors.work_group_list_mine)


class GroupPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class GroupContractSerializer(serializers.ModelSerializer):
    """One version of a group's contract. Without ``rules``, the new version
    is the template in the caller's language."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    work_group = _group()
    rules = serializers.ListField(
        child=serializers.CharField(max_length=300), max_length=30, required=False
    )
    in_force = serializers.BooleanField(read_only=True, default=False)
    accepted = serializers.BooleanField(read_only=True, default=False)
    accepted_by = serializers.ListField(
        child=serializers.UUIDField(), read_only=True, default=list,
        help_text="Public ids of the people who accepted this version.",
    )  # fmt: skip

    class Meta:
        model = GroupContract
        fields = [
            "id", "work_group", "number", "rules", "in_force", "accepted", "accepted_by",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["number", "created_at", "updated_at"]


class GroupMeetingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    work_group = serializers.UUIDField(source="work_group.public_id", read_only=True)
    session = VisibleField(selectors.meeting_sessions_visible)
    starts_at = serializers.DateTimeField(source="session.starts_at", read_only=True)
    contract = serializers.UUIDField(source="contract.public_id", read_only=True, allow_null=True)

    class Meta:
        model = GroupMeeting
        fields = [
            "id", "work_group", "session", "starts_at", "contract", "purpose", "roles",
            "time_frame", "agenda", "open_questions", "checked_in_at", "activities",
            "next_purpose", "checked_out_at", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [f for f in fields if f != "session"]


class MeetingCheckInSerializer(serializers.Serializer):
    purpose = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    roles = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    time_frame = serializers.CharField(allow_blank=True, required=False, max_length=200)
    agenda = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, max_length=30
    )
    open_questions = serializers.CharField(allow_blank=True, required=False, max_length=4000)


class GoalPositionInSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    position = serializers.IntegerField(min_value=0, max_value=POSITION_MAX)


class MeetingCheckOutSerializer(serializers.Serializer):
    """Where the group stands on each goal: 0 = today, 10 = where it wants to be."""

    goals = GoalPositionInSerializer(many=True)
    activities = serializers.CharField(allow_blank=True, required=False, default="")
    next_purpose = serializers.CharField(allow_blank=True, required=False, default="")


class MeetingNoteSerializer(serializers.Serializer):
    """The caller's own words in the meeting (said in the room)."""

    person = GroupPersonSerializer(read_only=True)
    expectations = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    fears = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    takeaway = serializers.CharField(allow_blank=True, required=False, max_length=300)


class GoalPositionSerializer(serializers.Serializer):
    goal = serializers.UUIDField(source="goal.public_id")
    title = serializers.CharField(source="goal.title")
    position = serializers.IntegerField()


class GroupActionSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    work_group = _group()
    meeting = VisibleField(selectors.meeting_list_visible, required=False, allow_null=True)
    owner = VisibleField(selectors.group_people_visible, required=False, allow_null=True)
    # Not an enum in the schema: "open"/"closed" would collide with the
    # support rounds' status enum of the same values.
    status = serializers.CharField(read_only=True, help_text="open or closed")

    class Meta:
        model = GroupAction
        fields = [
            "id", "work_group", "meeting", "text", "owner", "due", "status", "closed_at",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "closed_at", "created_at", "updated_at"]


class GroupMeetingDetailSerializer(GroupMeetingSerializer):
    """The meeting with what its page shows: the contract in force at its
    check-in, each participant's words, the positions and the open actions
    brought back from earlier meetings."""

    contract_rules = serializers.ListField(
        source="contract.rules", read_only=True, default=list, child=serializers.CharField()
    )
    notes = MeetingNoteSerializer(many=True, read_only=True, source="note_rows")
    positions = GoalPositionSerializer(many=True, read_only=True, source="position_rows")
    open_actions = GroupActionSerializer(many=True, read_only=True, source="open_action_rows")

    class Meta(GroupMeetingSerializer.Meta):
        fields = [
            *GroupMeetingSerializer.Meta.fields,
            "contract_rules",
            "notes",
            "positions",
            "open_actions",
        ]


class GoalTrendPointSerializer(serializers.Serializer):
    meeting = serializers.UUIDField(source="meeting.public_id")
    starts_at = serializers.DateTimeField(source="meeting.session.starts_at")
    position = serializers.IntegerField()


class GroupGoalSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    work_group = serializers.UUIDField(source="work_group.public_id", read_only=True)
    title = serializers.CharField(read_only=True)
    positions = GoalTrendPointSerializer(many=True, read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)


class BackspeglingSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    work_group = _group()
    shared_count = serializers.IntegerField(read_only=True, default=0, allow_null=True)

    class Meta:
        model = Backspegling
        fields = [
            "id", "work_group", "event", "joint_happened", "joint_learned", "joint_recorded_at",
            "shared_count", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "joint_happened", "joint_learned", "joint_recorded_at", "created_at", "updated_at",
        ]  # fmt: skip


class BackspeglingAnswerSerializer(serializers.Serializer):
    """Answers to the four questions; private to their author until shared."""

    author = GroupPersonSerializer(read_only=True)
    happened = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    felt = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    learned = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    use = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    shared_at = serializers.DateTimeField(read_only=True, allow_null=True)


class BackspeglingJointSerializer(serializers.Serializer):
    joint_happened = serializers.CharField(allow_blank=True, required=False, max_length=4000)
    joint_learned = serializers.CharField(allow_blank=True, required=False, max_length=4000)
