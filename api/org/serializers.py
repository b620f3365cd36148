from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.api.representation import FastModelSerializer
from spiral.programs.org import selectors
from spiral.programs.org.models import (
    ManagementGoal,
    ManagementGroup,
    OrgUnit,
    Person,
    PhilosophyVersion,
    WorkGroup,
)


def _person_field(**kwargs):
    return VisibleField(selectors.person_list_visible, **kwargs)


class OrgUnitSerializer(FastModelSerializer):
    list_from_values = True  # plain columns: lists read values() rows (spiral.api.representation)
    id = serializers.UUIDField(source="public_id", read_only=True)
    parent = VisibleField(selectors.unit_list_visible, allow_null=True, required=False)
    manager = _person_field(allow_null=True, required=False)

    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "external_id",
            "name",
            "parent",
            "manager",
            "depth",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["depth", "created_at", "updated_at"]
        extra_kwargs = {"external_id": {"required": False, "allow_null": True}}


class PersonSerializer(FastModelSerializer):
    list_from_values = True  # plain columns: lists read values() rows (spiral.api.representation)
    id = serializers.UUIDField(source="public_id", read_only=True)
    unit = VisibleField(selectors.unit_list_visible, allow_null=True, required=False)

    class Meta:
        model = Person
        fields = [
            "id",
            "external_id",
            "given_name",
            "family_name",
            "email",
            "phone",
            "title",
            "unit",
            "status",
            *Person.ROLE_FIELDS,
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class WorkGroupSerializer(FastModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    unit = VisibleField(selectors.unit_list_visible, allow_null=True, required=False)
    leader = _person_field(allow_null=True, required=False)
    members = _person_field(many=True, required=False)

    class Meta:
        model = WorkGroup
        fields = ["id", "name", "unit", "leader", "members", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]


class ManagementGoalSerializer(FastModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = ManagementGoal
        fields = ["id", "title", "description", "target_date", "created_at"]
        read_only_fields = ["created_at"]


class PhilosophyVersionSerializer(FastModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    principles = serializers.ListField(child=serializers.CharField(max_length=1000), min_length=1)

    class Meta:
        model = PhilosophyVersion
        fields = ["id", "number", "principles", "in_force_from", "created_at"]
        read_only_fields = ["number", "created_at"]


class ManagementGroupSerializer(FastModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    unit = VisibleField(selectors.unit_list_visible, allow_null=True, required=False)
    chair = _person_field(allow_null=True, required=False)
    members = _person_field(many=True, required=False)
    goals = ManagementGoalSerializer(many=True, read_only=True)
    philosophy_versions = PhilosophyVersionSerializer(many=True, read_only=True)

    class Meta:
        model = ManagementGroup
        fields = [
            "id",
            "name",
            "unit",
            "chair",
            "members",
            "goals",
            "philosophy_versions",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
