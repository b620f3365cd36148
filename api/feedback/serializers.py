from django.utils.translation import gettext as _
from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.programs.feedback import selectors
from spiral.programs.feedback.models import RATING_MAX, RATING_MIN, FeedbackItem, FeedbackRound
from spiral.programs.org import selectors as org


class FeedbackGoalRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    title = serializers.CharField(read_only=True)


class FeedbackParticipantSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(read_only=True)


class FeedbackRoundSerializer(serializers.ModelSerializer):
    """A round; its participants, goals and principles are those fixed when it
    opened (empty while a draft)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    group = VisibleField(org.management_group_list_visible)
    goals = FeedbackGoalRefSerializer(many=True, read_only=True)
    principles = serializers.SerializerMethodField()
    participants = FeedbackParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = FeedbackRound
        fields = [
            "id", "group", "title", "mode", "status", "deadline", "opened_at", "closed_at",
            "goals", "principles", "participants", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "opened_at", "closed_at", "created_at", "updated_at"]

    def get_principles(self, round) -> list[str]:
        return list(round.philosophy.principles) if round.philosophy else []


class FeedbackCompletionSerializer(serializers.Serializer):
    person = serializers.UUIDField(source="person.public_id")
    name = serializers.CharField(source="person.name")
    given = serializers.IntegerField(
        allow_null=True,
        help_text="Colleagues given feedback to; null in a confidential round.",
    )
    expected = serializers.IntegerField(
        allow_null=True,
        help_text="Colleagues to give feedback to; null in a confidential round.",
    )
    complete = serializers.BooleanField(help_text="Whether the participant has finished.")


class FeedbackReciprocitySerializer(serializers.Serializer):
    pairs = serializers.IntegerField(help_text="Unordered pairs of participants.")
    connected = serializers.IntegerField(
        allow_null=True, help_text="Pairs with feedback at least one way; null unless shown."
    )
    mutual = serializers.IntegerField(
        allow_null=True, help_text="Pairs with feedback both ways; null unless shown."
    )
    share = serializers.FloatField(
        allow_null=True,
        help_text="mutual / connected; null unless shown or while nothing is given.",
    )
    shown = serializers.BooleanField(
        help_text="Whether the anonymity engine shows the figures: after closing, where at "
        "least the tenant's threshold of people gave or received feedback."
    )
    reason = serializers.CharField(
        allow_null=True, help_text="Why not shown: open, too_few, differencing or changed."
    )


class FeedbackThemeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["goal", "principle"])
    key = serializers.CharField(help_text="The goal's id, or the principle's position.")
    text = serializers.CharField()
    shown = serializers.BooleanField()
    reason = serializers.CharField(allow_null=True)
    givers = serializers.IntegerField(allow_null=True)
    references = serializers.IntegerField(allow_null=True)
    mean_rating = serializers.FloatField(allow_null=True)


class FeedbackNudgeSerializer(serializers.Serializer):
    nudged = serializers.IntegerField()


class FeedbackGoalIdsField(serializers.ListField):
    """The ids of the round's goals an item refers to."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.UUIDField(), **kwargs)

    def to_representation(self, goals):
        return [str(goal.public_id) for goal in goals.all()]


class FeedbackRatingsField(serializers.DictField):
    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX), **kwargs
        )


class FeedbackItemSerializer(serializers.ModelSerializer):
    """Feedback as its giver sees it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    round = VisibleField(selectors.round_list_visible)
    receiver = serializers.UUIDField(source="receiver.public_id")
    principles = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=1000), required=False
    )
    goals = FeedbackGoalIdsField(required=False)
    ratings = FeedbackRatingsField(required=False, help_text="Principle position -> 1..5.")

    class Meta:
        model = FeedbackItem
        fields = [
            "id", "round", "receiver", "principles", "goals", "works", "develop", "ratings",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]

    def content(self, round) -> dict:
        """The validated body as the services take it, goals and receiver
        resolved among the round's own (an id outside it is a 400 naming it)."""
        data = dict(self.validated_data)
        content = {k: data[k] for k in ("principles", "works", "develop", "ratings") if k in data}
        if "goals" in data:
            by_id = {goal.public_id: goal for goal in round.goals.all()}
            if any(goal_id not in by_id for goal_id in data["goals"]):
                raise serializers.ValidationError({"goals": [_("Choose goals of the round.")]})
            content["goals"] = [by_id[goal_id] for goal_id in data["goals"]]
        return content

    def receiver_in(self, round):
        wanted = self.validated_data.get("receiver", {}).get("public_id")
        for person in round.participants.all():
            if person.public_id == wanted:
                return person
        raise serializers.ValidationError(
            {"receiver": [_("Choose another participant of the round.")]}
        )


class FeedbackItemEditSerializer(FeedbackItemSerializer):
    """A change: the round and the receiver stay."""

    round = serializers.UUIDField(source="round.public_id", read_only=True)
    receiver = serializers.UUIDField(source="receiver.public_id", read_only=True)

    class Meta(FeedbackItemSerializer.Meta):
        read_only_fields = ["round", "receiver", "created_at", "updated_at"]


class FeedbackReceivedSerializer(serializers.Serializer):
    """Feedback as its receiver reads it, once the round is closed: the giver
    only in a named round, no time of giving."""

    id = serializers.UUIDField()
    round = serializers.UUIDField()
    giver = serializers.UUIDField(allow_null=True)
    giver_name = serializers.CharField()
    principles = serializers.ListField(child=serializers.IntegerField())
    goals = serializers.ListField(child=serializers.UUIDField())
    works = serializers.CharField()
    develop = serializers.CharField()
    ratings = serializers.DictField(child=serializers.IntegerField())
