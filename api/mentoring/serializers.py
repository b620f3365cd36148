from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.programs.mentoring.matching import CAPACITY_MAX, CAPACITY_MIN
from spiral.programs.mentoring.models import (
    MatchingRun,
    MatchProposal,
    MentoringRequest,
    MentorProfile,
    Mentorship,
    MentorshipGoal,
    SupervisionGroup,
)
from spiral.programs.org import selectors as org


class PersonRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class MentorProfileSerializer(serializers.ModelSerializer):
    """The caller's own profile is made (POST) or changed (PATCH); HR and the
    mentees proposed a mentor read it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    person = PersonRefSerializer(read_only=True)
    interests = serializers.ListField(child=serializers.CharField(max_length=80), max_length=20)
    languages = serializers.ListField(child=serializers.CharField(max_length=80), max_length=10)
    unit = VisibleField(org.unit_list_visible, required=False, allow_null=True)
    capacity = serializers.IntegerField(min_value=CAPACITY_MIN, max_value=CAPACITY_MAX)

    class Meta:
        model = MentorProfile
        fields = ["id", "person", "profession", "interests", "languages", "unit", "capacity",
                  "active", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]


class MentoringRequestSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    mentee = PersonRefSerializer(read_only=True)
    interests = serializers.ListField(
        child=serializers.CharField(max_length=80), max_length=20, required=False
    )
    languages = serializers.ListField(
        child=serializers.CharField(max_length=80), max_length=10, required=False
    )

    class Meta:
        model = MentoringRequest
        fields = ["id", "mentee", "profession", "interests", "languages", "wishes", "status",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = ["status", "created_at", "updated_at"]
        extra_kwargs = {
            "wishes": {
                "help_text": "The mentee's own words: in lists only to the mentee; HR reads "
                "them on the request itself, and that read is audited. Null when withheld."
            }
        }

    def to_representation(self, request):
        data = super().to_representation(request)
        context = self.context
        if request.mentee_id != context.get("person_id") and not context.get("show_wishes"):
            data["wishes"] = None
        return data


class MatchingRunSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    started_by = PersonRefSerializer(read_only=True)

    class Meta:
        model = MatchingRun
        fields = ["id", "started_by", "rounds", "total_score", "mentees", "mentors",
                  "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class ReasonsSerializer(serializers.Serializer):
    parts = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="The score's parts: base, profession, interests, language.",
    )
    total = serializers.IntegerField()
    shared_interests = serializers.ListField(child=serializers.CharField())
    shared_languages = serializers.ListField(child=serializers.CharField())


class MatchProposalSerializer(serializers.ModelSerializer):
    """A proposed pair and why: the parts of its compatibility score."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    run = serializers.UUIDField(source="run.public_id", read_only=True)
    mentor = PersonRefSerializer(source="mentor.person", read_only=True)
    mentee = PersonRefSerializer(source="request.mentee", read_only=True)
    reasons = ReasonsSerializer(read_only=True)
    # Plain strings: the two answers share one set of choices.
    mentor_answer = serializers.CharField(
        read_only=True, help_text="accepted, declined, or empty while unanswered."
    )
    mentee_answer = serializers.CharField(
        read_only=True, help_text="accepted, declined, or empty while unanswered."
    )

    class Meta:
        model = MatchProposal
        fields = ["id", "run", "mentor", "mentee", "score", "reasons", "round", "status",
                  "mentor_answer", "mentee_answer", "created_at", "updated_at"]  # fmt: skip
        read_only_fields = fields


class MentorshipGoalSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    mentorship = serializers.UUIDField(source="mentorship.public_id", read_only=True)

    class Meta:
        model = MentorshipGoal
        fields = ["id", "mentorship", "title", "achieved", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class MentorshipSerializer(serializers.ModelSerializer):
    """A mentorship; its meetings are the sessions of ``series``
    (/api/v1/sessions/). Its goals are read at .../goals/ by the pair alone."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    mentor = PersonRefSerializer(read_only=True)
    mentee = PersonRefSerializer(read_only=True)
    series = serializers.UUIDField(source="series.public_id", read_only=True, allow_null=True)

    class Meta:
        model = Mentorship
        fields = ["id", "mentor", "mentee", "series", "status", "started_on", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = fields


class SupervisionGroupSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    supervisor = VisibleField(org.person_list_visible)
    members = serializers.SerializerMethodField()
    member_ids = serializers.ListField(
        child=VisibleField(org.person_list_visible), write_only=True, min_length=1, max_length=30
    )
    series = serializers.UUIDField(source="series.public_id", read_only=True, allow_null=True)

    class Meta:
        model = SupervisionGroup
        fields = ["id", "name", "supervisor", "members", "member_ids", "series", "created_at",
                  "updated_at"]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]

    def get_members(self, group) -> list[dict]:
        return PersonRefSerializer(group.members.all(), many=True).data

    def to_representation(self, group):
        data = super().to_representation(group)
        data["supervisor"] = PersonRefSerializer(group.supervisor).data
        return data


class AnswerSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=["accepted", "declined"])


class SupervisionMembersSerializer(serializers.Serializer):
    member_ids = serializers.ListField(
        child=VisibleField(org.person_list_visible), min_length=1, max_length=30
    )
