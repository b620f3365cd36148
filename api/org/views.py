from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet
from spiral.api.org import serializers as s
from spiral.api.org.filters import OrgUnitFilter, PersonFilter
from spiral.api.scopes import ADMIN_SCOPE
from spiral.programs.org import rules as org_rules
from spiral.programs.org import selectors, services
from spiral.programs.org.models import Person


class _WriteThroughServices:
    """create/update call the resource's services, never ``serializer.save()``."""

    create_service = None
    update_service = None
    delete_service = None
    instance_argument = None

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            **{self.instance_argument: serializer.instance}, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        type(self).delete_service(**{self.instance_argument: instance})


class _EditableViewSet(
    _WriteThroughServices,
    ListMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """List, retrieve, create and update, all through the resource's services."""

    abstract = True


class OrgUnitViewSet(mixins.DestroyModelMixin, _EditableViewSet):
    """The organisation tree. ``?under=<id>`` lists a unit and everything below it."""

    family = scope_family = "org"
    rules = {
        "list": org_rules.reads, "retrieve": org_rules.reads, "create": org_rules.administers,
        "update": org_rules.administers, "destroy": org_rules.administers,
    }  # fmt: skip
    selector = staticmethod(selectors.unit_list_visible)
    serializer_class = s.OrgUnitSerializer
    filterset_class = OrgUnitFilter
    create_service = staticmethod(services.unit_create)
    update_service = staticmethod(services.unit_update)
    delete_service = staticmethod(services.unit_delete)
    instance_argument = "unit"


class PersonViewSet(_EditableViewSet):
    """People are never deleted: set ``status`` to leaving or left."""

    family = scope_family = "people"
    rules = {
        "list": org_rules.reads, "retrieve": org_rules.reads, "create": org_rules.administers,
        "update": org_rules.administers, "invite": org_rules.may_grant_administration,
    }  # fmt: skip
    selector = staticmethod(selectors.person_list_visible)
    serializer_class = s.PersonSerializer
    filterset_class = PersonFilter
    create_service = staticmethod(services.person_create)
    update_service = staticmethod(services.person_update)
    instance_argument = "person"

    def perform_create(self, serializer):
        self._check_admin_roles(serializer.validated_data, person=None)
        super().perform_create(serializer)

    def perform_update(self, serializer):
        self._check_admin_roles(serializer.validated_data, person=serializer.instance)
        super().perform_update(serializer)

    def _check_admin_roles(self, data: dict, *, person) -> None:
        """An administering role (HR) is given or taken only by whoever may
        grant administration (an integration needs the people:admin scope)."""
        changed = [
            field
            for field in Person.ADMIN_ROLE_FIELDS
            if field in data and data[field] != getattr(person, field, False)
        ]
        if changed and not org_rules.may_grant_administration.test(self.actor):
            raise exceptions.PermissionDenied(
                _("Giving or taking %(fields)s needs the %(scope)s scope.")
                % {"fields": ", ".join(changed), "scope": ADMIN_SCOPE}
            )

    @extend_schema(request=None, responses={202: None})
    @action(detail=True, methods=["post"])
    def invite(self, request, public_id=None):
        """Gives the person a login: an email with a one-time link to set a password."""
        person = self.get_object()
        services.person_invite(person=person)
        return Response(status=status.HTTP_202_ACCEPTED)


class WorkGroupViewSet(mixins.DestroyModelMixin, _EditableViewSet):
    family = "work_groups"
    scope_family = "org"
    rules = {
        "list": org_rules.reads, "retrieve": org_rules.reads, "create": org_rules.administers,
        "update": org_rules.changes_work_group, "destroy": org_rules.changes_work_group,
    }  # fmt: skip
    selector = staticmethod(selectors.work_group_list_visible)
    serializer_class = s.WorkGroupSerializer
    create_service = staticmethod(services.work_group_create)
    update_service = staticmethod(services.work_group_update)
    delete_service = staticmethod(services.group_delete)
    instance_argument = "group"


class ManagementGroupViewSet(mixins.DestroyModelMixin, _EditableViewSet):
    """Chair, members, goals and the versions of the leadership philosophy."""

    family = "management_groups"
    scope_family = "org"
    rules = {
        "list": org_rules.reads, "retrieve": org_rules.reads, "create": org_rules.administers,
        "update": org_rules.changes_management_group, "destroy": org_rules.changes_management_group,
        "goals": org_rules.changes_management_group,
        "philosophy_versions": org_rules.changes_management_group,
    }  # fmt: skip
    selector = staticmethod(selectors.management_group_list_visible)
    serializer_class = s.ManagementGroupSerializer
    create_service = staticmethod(services.management_group_create)
    update_service = staticmethod(services.management_group_update)
    delete_service = staticmethod(services.group_delete)
    instance_argument = "group"

    @extend_schema(request=s.ManagementGoalSerializer, responses={201: s.ManagementGoalSerializer})
    @action(detail=True, methods=["post"])
    def goals(self, request, public_id=None):
        group = self.get_object()
        payload = s.ManagementGoalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        goal = services.management_goal_add(group=group, **payload.validated_data)
        return Response(s.ManagementGoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=s.PhilosophyVersionSerializer, responses={201: s.PhilosophyVersionSerializer}
    )
    @action(detail=True, methods=["post"], url_path="philosophy-versions")
    def philosophy_versions(self, request, public_id=None):
        """Adds a new version of the leadership philosophy; earlier ones stay."""
        group = self.get_object()
        payload = s.PhilosophyVersionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        version = services.philosophy_version_add(group=group, **payload.validated_data)
        return Response(s.PhilosophyVersionSerializer(version).data, status=status.HTTP_201_CREATED)
