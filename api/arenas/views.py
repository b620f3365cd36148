"""Learning arenas (issue 15): arenas and one's place in them, topic proposals
and votes, arena sessions with attendance and ratings. No integration reaches
them (``scope_family = None``): membership is personal."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.arenas import serializers as s
from spiral.api.conventions import ListMixin, ScopedViewSet, on_object
from spiral.programs.arenas import meetings, results, rules, selectors, services
from spiral.programs.arenas.models import Arena, Membership, Topic
from spiral.programs.org import selectors as org
from spiral.programs.org.selectors import person_of
from spiral.programs.sessions.models import Session


def _place(arena: Arena, membership: Membership | None) -> dict:
    return {
        "arena": arena.public_id,
        "status": membership.status if membership else None,
        "position": membership.waitlist_position if membership else None,
    }


class ArenaViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Arenas: the list holds those the caller may join, is in or facilitates
    (HR: all); any arena of the organisation can be read by its id, and
    joining one whose audience rule leaves the caller out is a 403 saying who
    it is for. Facilitators and HR see members, waitlist, requests and results."""

    family = "arenas"
    scope_family = None
    rules = {
        "list": rules.reads_arenas,
        "retrieve": rules.reads_arenas,
        "create": rules.creates_arena,
        "join": rules.joins_arena,
        "leave": rules.joins_arena,
        "members": rules.sees_members,
        **dict.fromkeys(("waitlist", "requests", "decide", "results"), rules.runs_arena),
    }
    selector = staticmethod(selectors.arena_list_visible)
    serializer_class = s.ArenaSerializer

    def list(self, request, *args, **kwargs):
        arenas = selectors.arena_list_mine(actor=self.actor).prefetch_related(
            "facilitators", "audience_units"
        )
        page = self.paginate_queryset(self.filter_queryset(arenas))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _fresh(self, arena: Arena, code=status.HTTP_200_OK) -> Response:
        arena = self.get_queryset().prefetch_related("facilitators").get(pk=arena.pk)
        return Response(self.get_serializer(arena).data, status=code)

    @extend_schema(request=s.ArenaCreateSerializer, responses={201: s.ArenaSerializer})
    def create(self, request):
        payload = s.ArenaCreateSerializer(data=request.data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        people = org.person_list_visible(actor=self.actor)
        units = org.unit_list_visible(actor=self.actor)
        data["facilitators"] = list(people.filter(public_id__in=data["facilitators"]))
        data["audience_units"] = list(units.filter(public_id__in=data["audience_units"]))
        return self._fresh(services.arena_create(**data), status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ArenaPlaceSerializer)
    @action(detail=True, methods=["post"])
    def join(self, request, public_id=None):
        """A seat while one is free, else the end of the waitlist (or, by
        approval, a request). Joining again changes nothing."""
        arena = self.get_object()
        try:
            place = services.arena_join(arena=arena, person=person_of(actor=self.actor))
        except services.OutsideAudienceError as refusal:
            raise exceptions.PermissionDenied(str(refusal)) from None
        return Response(s.ArenaPlaceSerializer(_place(arena, place)).data)

    @extend_schema(request=None, responses=s.ArenaPlaceSerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, public_id=None):
        """Out of the arena (or off its waitlist); the first waiting moves up."""
        arena = self.get_object()
        services.arena_leave(arena=arena, person=person_of(actor=self.actor))
        return Response(s.ArenaPlaceSerializer(_place(arena, None)).data)

    def _places(self, status_: str) -> Response:
        rows = selectors.arena_places(arena=self.get_object(), status=status_)
        return Response(s.ArenaMembershipSerializer(rows, many=True).data)

    @extend_schema(responses=s.ArenaMembershipSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def members(self, request, public_id=None):
        return self._places(Membership.Status.MEMBER)

    @extend_schema(responses=s.ArenaMembershipSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def waitlist(self, request, public_id=None):
        """In order: position 1 is next."""
        return self._places(Membership.Status.WAITLISTED)

    @extend_schema(responses=s.ArenaMembershipSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def requests(self, request, public_id=None):
        return self._places(Membership.Status.REQUESTED)

    @extend_schema(request=s.ArenaDecisionSerializer, responses=s.ArenaPlaceSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, public_id=None):
        """Approve (a seat or the waitlist) or decline a request to join."""
        arena = self.get_object()
        payload = s.ArenaDecisionSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        asking = selectors.arena_places(arena=arena, status=Membership.Status.REQUESTED)
        found = asking.filter(person__public_id=payload.validated_data["person"]).first()
        if found is None:
            raise exceptions.ValidationError({"person": ["No request from this person."]})
        place = services.arena_request_decide(
            arena=arena, person=found.person, approve=payload.validated_data["approve"]
        )
        return Response(s.ArenaPlaceSerializer(_place(arena, place)).data)

    @extend_schema(responses=s.ArenaResultsSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request, public_id=None):
        """Participation per held session and cross-unit mixing, through the
        anonymity engine."""
        found = results.arena_results(arena=self.get_object())
        return Response(s.ArenaResultsSerializer(found).data)


class TopicFilter(django_filters.FilterSet):
    arena = django_filters.UUIDFilter(field_name="arena__public_id")

    class Meta:
        model = Topic
        fields = ["arena"]


class ArenaTopicViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Topic proposals of the arenas the caller is in or facilitates: members
    propose and vote (one vote each), facilitators take one up in a session."""

    family = "arenas"
    scope_family = None
    rules = {
        "list": rules.reads_topics,
        "retrieve": rules.reads_topics,
        "create": on_object(rules.takes_part),
        "vote": rules.votes,
        "unvote": rules.votes,
        "pick": rules.picks_topic,
    }
    selector = staticmethod(selectors.topic_list_visible)
    serializer_class = s.ArenaTopicSerializer
    filterset_class = TopicFilter

    def _fresh(self, topic: Topic, code=status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=topic.pk)).data, status=code)

    @extend_schema(request=s.ArenaTopicSerializer, responses={201: s.ArenaTopicSerializer})
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        arena = payload.validated_data["arena"]
        self.check_object_permissions(request, arena)
        topic = meetings.topic_propose(
            arena=arena, person=person_of(actor=self.actor),
            title=payload.validated_data["title"],
            description=payload.validated_data.get("description", ""),
        )  # fmt: skip
        return self._fresh(topic, status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=s.ArenaTopicSerializer)
    @action(detail=True, methods=["post"])
    def vote(self, request, public_id=None):
        """One vote per person and topic: voting again changes nothing."""
        topic = self.get_object()
        meetings.topic_vote(topic=topic, person=person_of(actor=self.actor))
        return self._fresh(topic)

    @extend_schema(request=None, responses=s.ArenaTopicSerializer)
    @action(detail=True, methods=["post"])
    def unvote(self, request, public_id=None):
        topic = self.get_object()
        meetings.topic_vote(topic=topic, person=person_of(actor=self.actor), vote=False)
        return self._fresh(topic)

    @extend_schema(request=s.ArenaTopicPickSerializer, responses=s.ArenaTopicSerializer)
    @action(detail=True, methods=["post"])
    def pick(self, request, public_id=None):
        """Takes the topic up in one of the arena's sessions."""
        topic = self.get_object()
        payload = s.ArenaTopicPickSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        return self._fresh(meetings.topic_pick(topic=topic, **payload.validated_data))


class SessionFilter(django_filters.FilterSet):
    arena = django_filters.UUIDFilter(field_name="series__arena__public_id")

    class Meta:
        model = Session
        fields = ["arena"]


class ArenaSessionViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The sessions of the arenas the caller is in or facilitates: facilitators
    record attendance and read the ratings (through the anonymity engine);
    those who took part rate a session once."""

    family = "arenas"
    scope_family = None
    rules = {
        "list": rules.reads_topics,
        "retrieve": rules.reads_topics,
        "attendance": rules.runs_arena,
        "rate": rules.rates_session,
        "feedback": rules.runs_arena,
    }
    selector = staticmethod(selectors.arena_session_list_visible)
    serializer_class = s.ArenaSessionSerializer
    filterset_class = SessionFilter

    @extend_schema(request=s.ArenaAttendanceSerializer, responses=s.ArenaSessionSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request, public_id=None):
        session = self.get_object()
        payload = s.ArenaAttendanceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rows = payload.validated_data["attendance"]
        ids = dict(selectors.session_invited(session=session).values_list("public_id", "pk"))
        if {r["person"] for r in rows} - ids.keys():
            raise exceptions.ValidationError({"attendance": ["Only invited people can attend."]})
        meetings.arena_attendance_record(
            arena=session.series.arena, session=session,
            present={ids[r["person"]]: r["attended"] for r in rows},
        )  # fmt: skip
        return Response(self.get_serializer(session).data)

    @extend_schema(request=s.ArenaRatingSerializer, responses={201: s.ArenaSessionSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, public_id=None):
        """A rating (1-5) and a comment, given once; shown only in aggregates."""
        session = self.get_object()
        payload = s.ArenaRatingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        meetings.session_rate(
            session=session, person=person_of(actor=self.actor), **payload.validated_data
        )
        fresh = self.get_queryset().get(pk=session.pk)
        return Response(self.get_serializer(fresh).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=s.ArenaSessionFeedbackSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def feedback(self, request, public_id=None):
        """The session's ratings as the anonymity engine shows them."""
        found = results.session_feedback(session=self.get_object())
        return Response(s.ArenaSessionFeedbackSerializer(found).data)
