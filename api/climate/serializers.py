from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.programs.climate.aspects import ASPECT_KEYS, LABELS, RATING_MAX, RATING_MIN
from spiral.programs.climate.models import ClimatePulse
from spiral.programs.climate.services import ACTIVITY_MAX_LENGTH
from spiral.programs.org.selectors import person_list_visible


def _fields(make) -> dict:
    return {key: make(help_text=str(LABELS[key])) for key in ASPECT_KEYS}


RatingsSerializer = type(
    "ClimateRatingsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "A rating from 1 (not at all) to 5 (fully) for each aspect of the climate.",
        **_fields(
            lambda **kw: serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX, **kw)
        ),
    },
)
MeansSerializer = type(
    "ClimateMeansSerializer",
    (serializers.Serializer,),
    _fields(lambda **kw: serializers.FloatField(allow_null=True, **kw)),
)


class ClimatePulseSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    work_group = serializers.UUIDField(source="work_group.public_id", read_only=True)
    work_group_name = serializers.CharField(source="work_group.name", read_only=True)
    answerable = serializers.BooleanField(read_only=True, default=False)
    answered = serializers.BooleanField(read_only=True, default=False)
    # Plain text in the schema: an enum named "status" would clash with others'.
    status = serializers.CharField(read_only=True, help_text="open or closed")

    class Meta:
        model = ClimatePulse
        fields = [
            "id", "work_group", "work_group_name", "title", "sequence", "status", "opened_at",
            "closes_on", "closed_at", "answerable", "answered", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ClimateAnswerSerializer(serializers.Serializer):
    """The caller's answer: given once, never shown back (not even to them:
    nothing links it to them). ``answered`` says whether they have."""

    answered = serializers.BooleanField(read_only=True)
    ratings = RatingsSerializer(write_only=True)


class ClimateResultsSerializer(serializers.Serializer):
    pulse = serializers.UUIDField()
    threshold = serializers.IntegerField()
    published = serializers.BooleanField(help_text="False below the threshold: no figures.")
    reason = serializers.ChoiceField(
        choices=["too_few", "differencing", "changed"], allow_null=True
    )
    held = serializers.BooleanField(help_text="Figures as shown before the latest answers.")
    count = serializers.IntegerField(allow_null=True)
    means = MeansSerializer(allow_null=True)


class ClimateTrendSerializer(serializers.Serializer):
    work_group = serializers.UUIDField()
    pulses = ClimateResultsSerializer(many=True)


class ClimateImprovementSerializer(serializers.Serializer):
    """What the group chose to improve after the pulse (one per pulse)."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    aspects = serializers.ListField(
        child=serializers.ChoiceField(choices=list(ASPECT_KEYS)), min_length=1
    )
    activity = serializers.CharField(max_length=ACTIVITY_MAX_LENGTH)
    owner = VisibleField(person_list_visible, required=False, allow_null=True)
    due = serializers.DateField(required=False, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
