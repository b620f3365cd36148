"""A work group's contract, learning meetings, goals (their trend), actions
and backspeglingar (issue 17). Only the group's leader and members see any of
it; anyone else gets 404s and empty lists. No integration reaches it
(``scope_family = None``): it is the group's own room."""

import django_filters
from django.utils.translation import get_language
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet, on_object
from spiral.api.groups import serializers as s
from spiral.programs.groups import actions as group_actions
from spiral.programs.groups import backspegling, rules, selectors, services
from spiral.programs.groups.contract_template import contract_template
from spiral.programs.groups.models import GroupAction
from spiral.programs.org.selectors import person_of


class _GroupResource(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    abstract = True
    scope_family = None

    def _fresh(self, obj, serializer_class=None) -> Response:
        row = self.get_queryset().get(pk=obj.pk)
        serializer_class = serializer_class or self.get_serializer_class()
        return Response(serializer_class(row, context=self.get_serializer_context()).data)

    def _payload(self, serializer_class):
        payload = serializer_class(data=self.request.data)
        payload.is_valid(raise_exception=True)
        return payload.validated_data


class GroupContractViewSet(_GroupResource):
    """Versions of the contracts of the caller's work groups. The leader adds
    a version (in force at once); each member accepts the version in force."""

    family = "group_contracts"
    rules = {
        "list": rules.takes_part,
        "retrieve": rules.takes_part,
        "create": on_object(rules.leads_group_of),
        "accept": rules.takes_part,
    }
    selector = staticmethod(selectors.contract_list_visible)
    serializer_class = s.GroupContractSerializer

    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        work_group = payload.validated_data["work_group"]
        self.check_object_permissions(request, work_group)
        rules_given = payload.validated_data.get("rules")
        contract = services.contract_version_add(
            work_group=work_group,
            rules=contract_template(get_language() or "sv") if rules_given is None else rules_given,
            written_by=person_of(actor=self.actor),
        )
        response = self._fresh(contract)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=None, responses=s.GroupContractSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, public_id=None):
        contract = self.get_object()
        services.contract_accept(contract=contract, person=person_of(actor=self.actor))
        return self._fresh(contract)


class MeetingFilter(django_filters.FilterSet):
    work_group = django_filters.UUIDFilter(field_name="work_group__public_id")


class GroupMeetingViewSet(_GroupResource):
    """Learning group meetings, one per session of a work group's meeting
    series. The leader opens one (``session``) and runs check-in and check-out;
    each participant writes their own expectations, fears and takeaway (``note``)."""

    family = "group_meetings"
    rules = {
        "list": rules.takes_part,
        "retrieve": rules.takes_part,
        "create": on_object(rules.leads_group_of),
        "check_in": rules.runs_group,
        "check_out": rules.runs_group,
        "note": rules.takes_part,
    }
    selector = staticmethod(selectors.meeting_list_visible)
    serializer_class = s.GroupMeetingSerializer
    filterset_class = MeetingFilter

    def get_serializer_class(self):
        return s.GroupMeetingDetailSerializer if self.action != "list" else s.GroupMeetingSerializer

    def _detail(self, meeting) -> Response:
        meeting = self.get_queryset().get(pk=meeting.pk)
        meeting.note_rows = selectors.meeting_notes(meeting=meeting)
        meeting.position_rows = selectors.meeting_positions(meeting=meeting)
        meeting.open_action_rows = list(
            selectors.actions_open_before(actor=self.actor, meeting=meeting)
        )
        return Response(
            s.GroupMeetingDetailSerializer(meeting, context=self.get_serializer_context()).data
        )

    def retrieve(self, request, public_id=None):
        return self._detail(self.get_object())

    @extend_schema(
        request=s.GroupMeetingSerializer, responses={201: s.GroupMeetingDetailSerializer}
    )
    def create(self, request):
        session = self._payload_session()
        self.check_object_permissions(request, session.component_instance.work_group)
        response = self._detail(services.meeting_open(session=session))
        response.status_code = status.HTTP_201_CREATED
        return response

    def _payload_session(self):
        payload = s.GroupMeetingSerializer(
            data=self.request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        return payload.validated_data["session"]

    @extend_schema(request=s.MeetingCheckInSerializer, responses=s.GroupMeetingDetailSerializer)
    @action(detail=True, methods=["put"], url_path="check-in")
    def check_in(self, request, public_id=None):
        meeting = self.get_object()
        services.meeting_check_in(meeting=meeting, **self._payload(s.MeetingCheckInSerializer))
        return self._detail(meeting)

    @extend_schema(request=s.MeetingCheckOutSerializer, responses=s.GroupMeetingDetailSerializer)
    @action(detail=True, methods=["put"], url_path="check-out")
    def check_out(self, request, public_id=None):
        meeting = self.get_object()
        data = self._payload(s.MeetingCheckOutSerializer)
        services.meeting_check_out(
            meeting=meeting, goals=[dict(goal) for goal in data["goals"]],
            activities=data["activities"], next_purpose=data["next_purpose"],
        )  # fmt: skip
        return self._detail(meeting)

    @extend_schema(
        methods=["PUT"], request=s.MeetingNoteSerializer, responses=s.MeetingNoteSerializer
    )
    @extend_schema(methods=["GET"], request=None, responses=s.MeetingNoteSerializer)
    @action(detail=True, methods=["get", "put"])
    def note(self, request, public_id=None):
        meeting = self.get_object()
        person = person_of(actor=self.actor)
        if request.method == "PUT":
            note = services.note_write(
                meeting=meeting, person=person, **self._payload(s.MeetingNoteSerializer)
            )
        else:
            note = meeting.notes.filter(person=person).first()
        data = {"person": person, **{f: getattr(note, f, "") for f in services.NOTE_FIELDS}}
        return Response(s.MeetingNoteSerializer(data).data)


class GroupGoalViewSet(_GroupResource):
    """The goals of the caller's groups, each with its 0-10 positions in
    meeting order: the group's trend."""

    family = "group_meetings"
    rules = {"list": rules.takes_part, "retrieve": rules.takes_part}
    selector = staticmethod(selectors.goal_list_visible)
    serializer_class = s.GroupGoalSerializer


class ActionFilter(django_filters.FilterSet):
    work_group = django_filters.UUIDFilter(field_name="work_group__public_id")
    status = django_filters.ChoiceFilter(choices=GroupAction.Status.choices)
    due_before = django_filters.DateFilter(field_name="due", lookup_expr="lt")

    class Meta:
        model = GroupAction
        fields = ["work_group", "status", "due_before"]


class GroupActionViewSet(_GroupResource, mixins.CreateModelMixin):
    """Actions of the caller's groups: anyone of the group adds one (from a
    meeting or not); the owner or the leader closes it."""

    family = "group_meetings"
    rules = {
        "list": rules.takes_part,
        "retrieve": rules.takes_part,
        "create": rules.takes_part,
        "close": rules.closes_action,
    }
    selector = staticmethod(selectors.action_list_visible)
    serializer_class = s.GroupActionSerializer
    filterset_class = ActionFilter

    def perform_create(self, serializer):
        created = group_actions.action_add(**serializer.validated_data)
        serializer.instance = self.get_queryset().get(pk=created.pk)

    @extend_schema(request=None, responses=s.GroupActionSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, public_id=None):
        return self._fresh(group_actions.action_close(action=self.get_object()))


class BackspeglingViewSet(_GroupResource, mixins.CreateModelMixin):
    """Backspeglingar of the caller's groups. Each person's answers to the four
    questions are theirs alone (``answer``) until they ``share`` them; ``answers``
    lists the shared ones; the group records its joint picture (``joint``)."""

    family = "backspeglingar"
    rules = {
        **dict.fromkeys(("list", "retrieve", "create", "answer", "share"), rules.takes_part),
        **dict.fromkeys(("answers", "joint"), rules.takes_part),
    }
    selector = staticmethod(selectors.backspegling_list_visible)
    serializer_class = s.BackspeglingSerializer

    def perform_create(self, serializer):
        created = backspegling.backspegling_start(
            work_group=serializer.validated_data["work_group"],
            event=serializer.validated_data["event"],
            started_by=person_of(actor=self.actor),
        )
        serializer.instance = self.get_queryset().get(pk=created.pk)

    def _mine(self, found) -> Response:
        mine = selectors.backspegling_answer_mine(actor=self.actor, backspegling=found)
        data = {
            "author": person_of(actor=self.actor),
            "shared_at": getattr(mine, "shared_at", None),
        }
        data.update({q: getattr(mine, q, "") for q in backspegling.QUESTIONS})
        return Response(s.BackspeglingAnswerSerializer(data).data)

    @extend_schema(
        methods=["PUT"],
        request=s.BackspeglingAnswerSerializer,
        responses=s.BackspeglingAnswerSerializer,
    )
    @extend_schema(methods=["GET"], request=None, responses=s.BackspeglingAnswerSerializer)
    @action(detail=True, methods=["get", "put"])
    def answer(self, request, public_id=None):
        found = self.get_object()
        if request.method == "PUT":
            backspegling.backspegling_answer(
                backspegling=found, person=person_of(actor=self.actor),
                **self._payload(s.BackspeglingAnswerSerializer),
            )  # fmt: skip
        return self._mine(found)

    @extend_schema(request=None, responses=s.BackspeglingAnswerSerializer)
    @action(detail=True, methods=["post"])
    def share(self, request, public_id=None):
        found = self.get_object()
        backspegling.backspegling_share(backspegling=found, person=person_of(actor=self.actor))
        return self._mine(found)

    @extend_schema(request=None, responses=s.BackspeglingAnswerSerializer(many=True))
    @action(detail=True, methods=["get"])
    def answers(self, request, public_id=None):
        """The answers others have shared (each read is audited)."""
        rows = selectors.backspegling_answers_shared(
            actor=self.actor, backspegling=self.get_object()
        )
        return Response(s.BackspeglingAnswerSerializer(rows, many=True).data)

    @extend_schema(request=s.BackspeglingJointSerializer, responses=s.BackspeglingSerializer)
    @action(detail=True, methods=["put"])
    def joint(self, request, public_id=None):
        found = self.get_object()
        backspegling.backspegling_joint(
            backspegling=found,
            person=person_of(actor=self.actor),
            **self._payload(s.BackspeglingJointSerializer),
        )
        return self._fresh(found)
