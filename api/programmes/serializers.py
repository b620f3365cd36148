from datetime import datetime

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _
from rest_framework import serializers

from spiral.api.conventions import VisibleField, VisibleIdsField
from spiral.api.representation import FastModelSerializer
from spiral.programs.org import selectors as org
from spiral.programs.org.models import Person
from spiral.programs.programmes import selectors, services
from spiral.programs.programmes.kinds import (
    Organiser,
    Rhythm,
    UnknownKindError,
    kind_of,
    registered,
)
from spiral.programs.programmes.models import (
    Enrolment,
    Programme,
    ProgrammeComponent,
    ProgrammeTemplate,
    TemplateComponent,
)

COMPONENT_FIELDS = [*services.COMPONENT_FIELDS, "rhythm", "organiser"]
ROLES = [field.removeprefix("is_") for field in Person.ROLE_FIELDS]


class KindField(serializers.ChoiceField):
    """One of the registered kinds. The choices are read when a serializer is
    built (DRF rebuilds declared fields per serializer), not at import, so they
    are the registry's once the apps are ready."""

    def __init__(self, **kwargs):
        super().__init__(choices=[kind.key for kind in registered()], **kwargs)


class KindAttributeField(serializers.ChoiceField):
    """A read-only attribute of the component's kind, from the registry. A kind
    stored before the registry existed and since unregistered reads as null."""

    def __init__(self, attribute: str, choices, **kwargs):
        self.attribute = attribute
        super().__init__(choices=choices, source="kind", read_only=True, **kwargs)

    def to_representation(self, key):
        try:
            return str(getattr(kind_of(key), self.attribute))
        except UnknownKindError:
            return None


def _rhythm():
    return KindAttributeField("rhythm", Rhythm.choices, allow_null=True)


def _organiser():
    return KindAttributeField("organiser", Organiser.choices, allow_null=True)


class TemplateComponentSerializer(FastModelSerializer):
    kind = KindField()
    rhythm, organiser = _rhythm(), _organiser()

    class Meta:
        model = TemplateComponent
        fields = COMPONENT_FIELDS
        # The kind decides these (services write them from the registry).
        read_only_fields = ["position", "level", "audience"]

    def validate_cadence(self, cadence: str) -> str:
        if cadence:
            try:
                rrulestr(f"RRULE:{cadence}", dtstart=datetime(2027, 1, 1))
            except (ValueError, TypeError) as exc:
                raise serializers.ValidationError(
                    _("Not an RFC 5545 rule: %(reason)s") % {"reason": exc}
                ) from exc
        return cadence


class ProgrammeComponentSerializer(FastModelSerializer):
    rhythm, organiser = _rhythm(), _organiser()

    class Meta:
        model = ProgrammeComponent
        fields = COMPONENT_FIELDS


class ProgrammeTemplateSerializer(FastModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    components = TemplateComponentSerializer(many=True, required=False)
    target_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ROLES),
        required=False,
        help_text="Roles a programme made from this template targets unless it names its own.",
    )

    class Meta:
        model = ProgrammeTemplate
        fields = [
            "id", "key", "is_shipped", "name_sv", "name_en", "summary_sv", "summary_en",
            "target_roles", "components", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["key", "is_shipped", "created_at", "updated_at"]


class PhaseSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()

    def validate(self, phase):
        if phase["ends_on"] < phase["starts_on"]:
            raise serializers.ValidationError({"ends_on": [_("Ends before it starts.")]})
        return phase


class GoalSerializer(serializers.Serializer):
    horizon = serializers.ChoiceField(choices=["short", "long"])
    text = serializers.CharField(max_length=1000)
    target_date = serializers.DateField()


class MilestoneSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField()
    reached_on = serializers.DateField(required=False, allow_null=True)


class ProgrammeSerializer(FastModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    template = VisibleField(selectors.template_list_visible, required=False, allow_null=True)
    owner = VisibleField(org.person_list_visible, required=False, allow_null=True)
    process_leaders = VisibleField(org.person_list_visible, many=True, required=False)
    phases = PhaseSerializer(many=True, required=False)
    goals = GoalSerializer(many=True, required=False)
    milestones = MilestoneSerializer(many=True, required=False)
    target_roles = serializers.ListField(
        child=serializers.ChoiceField(choices=ROLES), required=False
    )
    target_units = VisibleIdsField(org.unit_list_visible, required=False)
    include_people = VisibleIdsField(org.person_list_visible, required=False)
    exclude_people = VisibleIdsField(org.person_list_visible, required=False)
    components = ProgrammeComponentSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id", "name", "template", "owner", "process_leaders", "starts_on", "ends_on",
            "status", "phases", "goals", "milestones", "target_roles", "target_units",
            "include_people", "exclude_people", "components", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["status", "created_at", "updated_at"]

    def validate(self, data):
        starts = data.get("starts_on", getattr(self.instance, "starts_on", None))
        ends = data.get("ends_on", getattr(self.instance, "ends_on", None))
        if starts and ends and ends < starts:
            raise serializers.ValidationError(
                {"ends_on": [_("The programme ends before it starts.")]}
            )
        if self.instance is not None and "template" in data:
            raise serializers.ValidationError({"template": [_("Set the template when creating.")]})
        return data


class EnrolmentSerializer(FastModelSerializer):
    list_from_values = True  # plain columns: lists read values() rows (spiral.api.representation)
    id = serializers.UUIDField(source="public_id", read_only=True)
    programme = VisibleField(selectors.programme_list_visible)
    person = VisibleField(org.person_list_visible)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "programme",
            "person",
            "status",
            "reason",
            "withdrawn_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "withdrawn_at", "created_at", "updated_at"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ActivationSerializer(serializers.Serializer):
    enrolled = serializers.IntegerField()
    overloaded = serializers.ListField(child=serializers.DictField())


class PreviewUnitSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class PreviewPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    unit = PreviewUnitSerializer(allow_null=True)
    hours_per_week = serializers.FloatField(
        help_text="Weekly programme hours with this programme added to their active ones."
    )


class OverloadSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    hours_per_week = serializers.FloatField()


class PreviewSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    people = PreviewPersonSerializer(many=True)
    overloaded = OverloadSerializer(many=True)
