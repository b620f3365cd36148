import django_filters
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet, on_object
from spiral.api.programmes import serializers as s
from spiral.programs.org import rules as org_rules
from spiral.programs.org.actors import Actor
from spiral.programs.org.selectors import person_list_visible
from spiral.programs.programmes import enrolment, selectors, services
from spiral.programs.programmes import rules as programme_rules
from spiral.programs.programmes.load import overloaded
from spiral.programs.programmes.models import Enrolment, Programme


def _public_ids(actor: Actor, person_pks: list[int]) -> dict[int, str]:
    visible = person_list_visible(actor=actor).filter(pk__in=person_pks)
    return {pk: str(public_id) for pk, public_id in visible.values_list("pk", "public_id")}


def _load_report(actor: Actor, person_pks: list[int], programme: Programme) -> list[dict]:
    report = overloaded(people=person_pks, adding=programme)
    ids = _public_ids(actor, [row["person"] for row in report])
    return [
        {"person": ids[row["person"]], "hours_per_week": row["hours_per_week"]} for row in report
    ]


class ProgrammeTemplateViewSet(
    ListMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """The template library: shipped templates and the tenant's own copies."""

    family = "programme_templates"
    scope_family = "programmes"
    rules = {
        "list": org_rules.reads, "retrieve": org_rules.reads,
        "update": org_rules.administers, "copy": org_rules.administers,
    }  # fmt: skip
    selector = staticmethod(selectors.template_list_visible)
    serializer_class = s.ProgrammeTemplateSerializer

    def perform_update(self, serializer):
        serializer.instance = services.template_update(
            template=serializer.instance, **serializer.validated_data
        )

    @extend_schema(request=None, responses={201: s.ProgrammeTemplateSerializer})
    @action(detail=True, methods=["post"])
    def copy(self, request, public_id=None):
        """An editable copy of the template for this organisation."""
        copy = services.template_copy(template=self.get_object())
        return Response(self.get_serializer(copy).data, status=status.HTTP_201_CREATED)


class ProgrammeViewSet(
    ListMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    ScopedViewSet,
):
    """Programmes: draft → active → completed → archived."""

    family = "programmes"
    scope_family = "programmes"
    rules = {
        "list": org_rules.reads,
        "retrieve": org_rules.reads,
        "create": org_rules.administers,
        **dict.fromkeys(
            ("update", "destroy", "preview", "activate", "complete", "archive"),
            programme_rules.changes_programme,
        ),
    }
    selector = staticmethod(selectors.programme_list_visible)
    serializer_class = s.ProgrammeSerializer

    def perform_create(self, serializer):
        serializer.instance = services.programme_create(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.programme_update(
            programme=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.programme_delete(programme=instance)

    @extend_schema(responses=s.PreviewSerializer)
    @action(detail=True, methods=["get"])
    def preview(self, request, public_id=None):
        """Who the rule would enrol now, of the people the caller may see (at
        most 500 listed, by name, with their unit and the weekly hours they
        would have with this programme), and who would pass the weekly limit."""
        preview = selectors.programme_preview(actor=self.actor, programme=self.get_object())
        return Response(
            {
                "count": preview["count"],
                "people": preview["people"],
                "overloaded": [
                    {"person": row["id"], "hours_per_week": row["hours_per_week"]}
                    for row in preview["overloaded"]
                ],
            }
        )

    @extend_schema(request=None, responses=s.ActivationSerializer)
    @action(detail=True, methods=["post"])
    def activate(self, request, public_id=None):
        programme = self.get_object()
        with transaction.atomic():
            enrolled = services.programme_activate(programme=programme)
            # As in the preview, only people the caller may see are named or counted.
            visible = person_list_visible(actor=self.actor).filter(pk__in=enrolled)
            pks = list(visible.values_list("pk", flat=True))
            report = _load_report(self.actor, pks, programme)
        return Response({"enrolled": len(pks), "overloaded": report})

    @extend_schema(request=None, responses=s.ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request, public_id=None):
        programme = services.programme_complete(programme=self.get_object())
        return Response(self.get_serializer(programme).data)

    @extend_schema(request=None, responses=s.ProgrammeSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, public_id=None):
        programme = services.programme_archive(programme=self.get_object())
        return Response(self.get_serializer(programme).data)


class EnrolmentFilter(django_filters.FilterSet):
    """By public ids, over the rows the selector already lets the caller see:
    an id the caller may not see matches nothing."""

    programme = django_filters.UUIDFilter(field_name="programme__public_id")
    person = django_filters.UUIDFilter(field_name="person__public_id")
    status = django_filters.ChoiceFilter(choices=Enrolment.Status.choices)

    class Meta:
        model = Enrolment
        fields = ["programme", "person", "status"]


class EnrolmentViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Who is (or was) in which programme. Adding or withdrawing one person
    changes the programme's rule (include or exclude), so the rule stays the
    one truth about who is enrolled."""

    family = "enrolments"
    scope_family = "programmes"
    rules = {
        "list": org_rules.reads, "retrieve": org_rules.reads,
        # Who may enrol depends on the programme named in the body: decided in create.
        "create": on_object(programme_rules.changes_programme),
        "withdraw": programme_rules.changes_programme,
    }  # fmt: skip
    selector = staticmethod(selectors.enrolment_list_visible)
    serializer_class = s.EnrolmentSerializer
    filterset_class = EnrolmentFilter

    @extend_schema(request=s.EnrolmentSerializer, responses={201: s.EnrolmentSerializer})
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        programme, person = payload.validated_data["programme"], payload.validated_data["person"]
        self.check_object_permissions(request, programme)
        added = enrolment.enrolment_add(
            programme=programme, person=person, reason=payload.validated_data.get("reason", "")
        )
        return Response(self.get_serializer(added).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.ReasonSerializer, responses=s.EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, public_id=None):
        current = self.get_object()
        payload = s.ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        withdrawn = enrolment.enrolment_withdraw(
            enrolment=current, reason=payload.validated_data["reason"]
        )
        return Response(self.get_serializer(withdrawn).data)
