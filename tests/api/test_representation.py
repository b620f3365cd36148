"""The fast list representation gives exactly what DRF itself would."""

import pytest
from django.test import RequestFactory
from rest_framework import serializers

from spiral.api.org import serializers as org
from spiral.api.programmes import serializers as prog
from spiral.api.representation import FastRepresentationMixin
from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup
from spiral.programs.programmes.models import ProgrammeTemplate
from tests.world import running_programme

CASES = [
    (org.OrgUnitSerializer, OrgUnit),
    (org.PersonSerializer, Person),
    (org.WorkGroupSerializer, WorkGroup),
    (org.ManagementGroupSerializer, ManagementGroup),
    (prog.ProgrammeTemplateSerializer, ProgrammeTemplate),
]


@pytest.mark.parametrize("serializer_class, model", CASES)
def test_fast_representation_equals_drf(world, in_tenant, serializer_class, model):
    assert issubclass(serializer_class, FastRepresentationMixin)
    request = RequestFactory().get("/")
    with in_tenant(world.tenant):
        objects = list(model.objects.all())
        assert objects
        for instance in objects:
            serializer = serializer_class(context={"request": request})
            drf = serializers.ModelSerializer.to_representation(serializer, instance)
            assert serializer.to_representation(instance) == dict(drf)


def _lists_from_values():
    """Every tenant list whose serializer opts in to values() rows."""
    from spiral.api.urls_tenant import router

    for prefix, viewset, _ in router.registry:
        serializer_class = getattr(viewset, "serializer_class", None)
        if hasattr(viewset, "list") and getattr(serializer_class, "list_from_values", False):
            yield prefix, viewset, serializer_class


def test_the_lists_that_read_values_are_the_expected_ones():
    assert {prefix for prefix, _, _ in _lists_from_values()} == {
        "org-units", "people", "enrolments", "sessions",
    }  # fmt: skip


@pytest.mark.parametrize(
    "prefix, viewset, serializer_class",
    list(_lists_from_values()),
    ids=[prefix for prefix, _, _ in _lists_from_values()],
)
def test_lists_read_from_values_give_what_drf_gives(
    world, in_tenant, prefix, viewset, serializer_class
):
    import json

    from rest_framework.renderers import JSONRenderer

    from spiral.api.representation import values_columns
    from spiral.platform.outbox.relay import outbox_relay

    running_programme(world)  # enrolments, and sessions once the relay has run
    with in_tenant(world.tenant):
        outbox_relay()
    model = serializer_class.Meta.model
    assert values_columns(serializer_class, model) is not None  # the fast path is taken
    response = world.client("hr").get(f"/api/v1/{prefix}/?page_size=200")
    request = RequestFactory().get("/")
    with in_tenant(world.tenant):
        expected = {
            str(obj.public_id): json.loads(
                JSONRenderer().render(serializer_class(obj, context={"request": request}).data)
            )
            for obj in model.objects.all()
        }
    rows = response.json()["results"]
    assert rows and {row["id"]: row for row in rows} == expected


class RedactingPersonSerializer(org.PersonSerializer):
    """Opts in, but shapes its output: the fast path must not skip it."""

    list_from_values = True

    def to_representation(self, instance):
        return {**super().to_representation(instance), "email": "(hidden)"}


class RedactedEmailField(serializers.EmailField):
    def to_representation(self, value):
        return "(hidden)"


class PersonWithRedactedEmail(org.PersonSerializer):
    list_from_values = True
    email = RedactedEmailField(required=False)


class HiddenEmailField(serializers.EmailField):
    def get_attribute(self, instance):
        return "(hidden)"


class PersonWithHiddenEmail(org.PersonSerializer):
    list_from_values = True
    email = HiddenEmailField(required=False)


class PersonRedactedPerRequest(org.PersonSerializer):
    """Hides the email from everyone the usual DRF way: a field dropped in __init__."""

    list_from_values = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"] = serializers.SerializerMethodField()

    def get_email(self, instance):
        return "(hidden)"


class RedactingList(serializers.ListSerializer):
    def to_representation(self, data):
        return [{**row, "email": "(hidden)"} for row in super().to_representation(data)]


class PersonWithRedactingList(org.PersonSerializer):
    list_from_values = True

    class Meta(org.PersonSerializer.Meta):
        list_serializer_class = RedactingList


@pytest.mark.parametrize(
    "serializer_class",
    [
        RedactingPersonSerializer, PersonWithRedactedEmail, PersonWithHiddenEmail,
        PersonRedactedPerRequest, PersonWithRedactingList,
    ],
)  # fmt: skip
def test_a_serializer_that_shapes_its_output_is_never_bypassed(world, in_tenant, serializer_class):
    from rest_framework.test import APIRequestFactory, force_authenticate

    from spiral.api.conventions import ListMixin, ScopedViewSet
    from spiral.api.org.views import PersonViewSet
    from spiral.api.representation import values_columns

    assert values_columns(serializer_class, Person) is None
    redacting = type(
        "RedactingPeople",
        (ListMixin, ScopedViewSet),
        {
            "selector": PersonViewSet.selector,
            "family": "people",
            "scope_family": "people",
            "rules": {"list": PersonViewSet.rules["list"]},
            "serializer_class": serializer_class,
        },
    )
    with in_tenant(world.tenant):
        hr = world.people["hr"].user
        request = APIRequestFactory().get("/api/v1/people/")
        force_authenticate(request, user=hr)
        rows = redacting.as_view({"get": "list"})(request).data["results"]
    assert rows and {row["email"] for row in rows} == {"(hidden)"}


def test_a_serializer_must_opt_in():
    class Plain(org.PersonSerializer):
        list_from_values = False

    from spiral.api.representation import values_columns

    assert values_columns(Plain, Person) is None
    assert values_columns(org.PersonSerializer, Person) is not None
