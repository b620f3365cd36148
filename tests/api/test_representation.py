"""The fast list representation gives exactly what DRF itself would."""

import pytest
from django.test import RequestFactory
from rest_framework import serializers

from spiral.api.org import serializers as org
from spiral.api.programmes import serializers as prog
from spiral.api.representation import FastRepresentationMixin
from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, WorkGroup
from spiral.programs.programmes.models import ProgrammeTemplate

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


@pytest.mark.parametrize(
    "url, serializer_class, model",
    [
        ("/api/v1/people/", org.PersonSerializer, Person),
        ("/api/v1/org-units/", org.OrgUnitSerializer, OrgUnit),
    ],
)
def test_lists_read_from_values_give_what_drf_gives(world, in_tenant, url, serializer_class, model):
    import json

    from rest_framework.renderers import JSONRenderer

    response = world.client("hr").get(url)
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
