from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.programs.programmes.selectors import programme_list_visible
from spiral.programs.support.models import SupportRound
from spiral.programs.support.questions import RATING_MAX, RATING_MIN, SUPPORT_KINDS
from spiral.programs.support.services import NEED_MAX_LENGTH


def _rating(**kwargs):
    return serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX, **kwargs)


class RatingsSerializer(serializers.Serializer):
    """A rating from 1 (not at all) to 5 (fully) for each kind of support."""

    administrative = _rating(help_text=str(SUPPORT_KINDS[0].label))
    trust = _rating(help_text=str(SUPPORT_KINDS[1].label))
    rules = _rating(help_text=str(SUPPORT_KINDS[2].label))
    mandate = _rating(help_text=str(SUPPORT_KINDS[3].label))
    quality = _rating(help_text=str(SUPPORT_KINDS[4].label))


class MeansSerializer(serializers.Serializer):
    administrative = serializers.FloatField(allow_null=True)
    trust = serializers.FloatField(allow_null=True)
    rules = serializers.FloatField(allow_null=True)
    mandate = serializers.FloatField(allow_null=True)
    quality = serializers.FloatField(allow_null=True)


class SupportRoundSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    programme = VisibleField(programme_list_visible)
    answerable = serializers.BooleanField(read_only=True, default=False)
    answered = serializers.BooleanField(read_only=True, default=False)
    closes_on = serializers.DateField(required=False)

    class Meta:
        model = SupportRound
        fields = [
            "id", "programme", "title", "sequence", "status", "opened_at", "closes_on",
            "closed_at", "answerable", "answered", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = [
            "title", "sequence", "status", "opened_at", "closed_at", "created_at", "updated_at",
        ]  # fmt: skip


class AnswerSerializer(serializers.Serializer):
    """The caller's own answer: ``answered`` false (and no ratings) until given."""

    answered = serializers.BooleanField(read_only=True)
    ratings = RatingsSerializer(allow_null=False)
    need = serializers.CharField(
        allow_blank=True, required=False, default="", max_length=NEED_MAX_LENGTH,
        help_text="What do you need? Private: shown only in aggregates, never with its author.",
    )  # fmt: skip
    unit = serializers.UUIDField(read_only=True, allow_null=True)
    updated_at = serializers.DateTimeField(read_only=True, allow_null=True)


class UnitResultSerializer(serializers.Serializer):
    unit = serializers.UUIDField(allow_null=True, help_text="None: the whole organisation.")
    name = serializers.CharField()
    depth = serializers.IntegerField()
    published = serializers.BooleanField()
    count = serializers.IntegerField(allow_null=True)
    reason = serializers.ChoiceField(
        choices=["too_few", "differencing", "changed"], allow_null=True
    )
    rolled_into = serializers.UUIDField(
        allow_null=True, help_text="The shown unit its answers count in (None: the whole)."
    )
    rolled_into_name = serializers.CharField(allow_null=True)
    means = MeansSerializer(allow_null=True)
    needs = serializers.ListField(child=serializers.CharField(), help_text="Sorted, no authors.")


class AggregateSerializer(serializers.Serializer):
    round = serializers.UUIDField()
    available = serializers.BooleanField(help_text="False while the round is open.")
    threshold = serializers.IntegerField(allow_null=True)
    whole = UnitResultSerializer(allow_null=True)
    units = UnitResultSerializer(many=True)
