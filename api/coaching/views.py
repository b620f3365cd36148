"""Coaching tracks (issue 16). A track (who, counts, goal progress) is seen
by its coachee, its coach and HR; its goals, notes and exercise answers by the
coachee and the coach alone: for anyone else their selectors hold no rows, so
every id is a 404. No integration reaches any of it (``scope_family = None``):
coaching is personal. Every read of a note or an answer by someone other than
its author is written to the audit trail with the reader."""

import django_filters
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from spiral.api.coaching import serializers as s
from spiral.api.conventions import ListMixin, ScopedViewSet, on_object
from spiral.programs.coaching import rules, selectors, services, tracks
from spiral.programs.coaching.exercises import EXERCISES
from spiral.programs.coaching.models import ExerciseAnswer, Goal, Note
from spiral.programs.org.selectors import person_of


class CoachingTrackViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Coaching tracks: the coachee's, the coach's, and (HR) all of them, as
    counts and goal progress. HR assigns a coach by hand, with a reason."""

    family = "coaching"
    scope_family = None
    rules = {
        "list": rules.reads_tracks,
        "retrieve": rules.reads_tracks,
        "assign": rules.assigns_coach,
        "sessions": rules.in_track,
        "exercises": rules.reads_tracks,
    }
    selector = staticmethod(selectors.track_list_visible)
    serializer_class = s.CoachingTrackSerializer

    @extend_schema(request=s.CoachingAssignSerializer, responses=s.CoachingTrackSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, public_id=None):
        """Chooses the coach by hand (over capacity if need be, never in the
        coachee's reporting line); the reason goes to the audit trail."""
        track = self.get_object()
        payload = s.CoachingAssignSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        payload.is_valid(raise_exception=True)
        tracks.track_coach_set(track=track, **payload.validated_data)
        return Response(self.get_serializer(self.get_queryset().get(pk=track.pk)).data)

    @extend_schema(responses=s.CoachingSessionRefSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def sessions(self, request, public_id=None):
        """The track's coaching sessions, which its coach organises."""
        rows = selectors.track_sessions(track=self.get_object())
        return Response(s.CoachingSessionRefSerializer(rows, many=True).data)

    @extend_schema(responses=s.CoachingExerciseSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def exercises(self, request):
        """The four reflection exercises and their questions, in the caller's language."""
        return Response(s.CoachingExerciseSerializer(EXERCISES, many=True).data)


class TrackFilter(django_filters.FilterSet):
    track = django_filters.UUIDFilter(field_name="track__public_id")


class GoalFilter(TrackFilter):
    class Meta:
        model = Goal
        fields = ["track"]


class GoalViewSet(ListMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Development goals of a track, with their 0-10 progress history."""

    family = "coaching"
    scope_family = None
    rules = {
        "list": rules.reads_tracks,
        "retrieve": rules.in_track,
        "update": rules.in_track,
        "create": on_object(rules.writes_private),
        "progress": rules.in_track,
    }
    selector = staticmethod(selectors.goal_list_private)
    filterset_class = GoalFilter

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.CoachingGoalEditSerializer
        return s.CoachingGoalSerializer

    @extend_schema(request=s.CoachingGoalSerializer, responses={201: s.CoachingGoalSerializer})
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        self.check_object_permissions(request, data["track"])
        goal = services.goal_create(
            track=data["track"], title=data["title"], description=data.get("description", "")
        )
        return Response(self._fresh(goal), status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        serializer.instance = services.goal_update(
            goal=serializer.instance, **serializer.validated_data
        )

    def _fresh(self, goal) -> dict:
        return s.CoachingGoalSerializer(
            self.get_queryset().get(pk=goal.pk), context=self.get_serializer_context()
        ).data

    @extend_schema(request=s.CoachingProgressReadingSerializer, responses=s.CoachingGoalSerializer)
    @action(detail=True, methods=["post"])
    def progress(self, request, public_id=None):
        """A new reading, 0-10; the earlier ones stay as its history."""
        goal = self.get_object()
        payload = s.CoachingProgressReadingSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        by = person_of(actor=self.actor)
        services.goal_progress_record(goal=goal, value=payload.validated_data["value"], by=by)
        return Response(self._fresh(goal), status=status.HTTP_201_CREATED)


class _PrivateReads:
    """Lists and reads of private text record who read what they did not write."""

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        services.private_reads_record(reader_id=self.actor.person_id, rows=rows)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        row = self.get_object()
        services.private_reads_record(reader_id=self.actor.person_id, rows=[row])
        return Response(self.get_serializer(row).data)


class NoteFilter(TrackFilter):
    class Meta:
        model = Note
        fields = ["track"]


class NoteViewSet(_PrivateReads, mixins.UpdateModelMixin, ScopedViewSet):
    """Session notes: private to the track's coachee and coach; changed by their author."""

    family = "coaching"
    scope_family = None
    rules = {
        "list": rules.reads_tracks,
        "retrieve": rules.in_track,
        "update": rules.changes_own,
        "create": on_object(rules.writes_private),
    }
    selector = staticmethod(selectors.note_list_private)
    filterset_class = NoteFilter

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.CoachingNoteEditSerializer
        return s.CoachingNoteSerializer

    @extend_schema(request=s.CoachingNoteSerializer, responses={201: s.CoachingNoteSerializer})
    @sensitive_variables("payload", "data")
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        track = data["track"]
        self.check_object_permissions(request, track)
        session = None
        session_id = (data.get("session") or {}).get("public_id")
        if session_id is not None:
            session = selectors.track_sessions(track=track).filter(public_id=session_id).first()
            if session is None:
                message = _("Choose a session of this coaching track.")
                raise ValidationError({"session": [message]})
        note = services.note_write(
            track=track, author=person_of(actor=self.actor), text=data["text"], session=session
        )
        return Response(self.get_serializer(note).data, status=status.HTTP_201_CREATED)

    @sensitive_variables("serializer")
    def perform_update(self, serializer):
        serializer.instance = services.note_edit(
            note=serializer.instance, text=serializer.validated_data["text"]
        )


class AnswerFilter(TrackFilter):
    class Meta:
        model = ExerciseAnswer
        fields = ["track", "exercise"]


class ExerciseAnswerViewSet(_PrivateReads, ScopedViewSet):
    """Answers to the exercises: private to the track's coachee and coach.
    POST makes the caller's answers to an exercise, or replaces them."""

    family = "coaching"
    scope_family = None
    rules = {
        "list": rules.reads_tracks,
        "retrieve": rules.in_track,
        "create": on_object(rules.writes_private),
    }
    selector = staticmethod(selectors.answer_list_private)
    serializer_class = s.CoachingExerciseAnswerSerializer
    filterset_class = AnswerFilter

    @extend_schema(
        request=s.CoachingExerciseAnswerSerializer,
        responses={201: s.CoachingExerciseAnswerSerializer},
    )
    @sensitive_variables("payload", "data")
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        self.check_object_permissions(request, data["track"])
        answer = services.answer_save(
            track=data["track"], author=person_of(actor=self.actor),
            exercise=data["exercise"], answers=data["answers"],
        )  # fmt: skip
        return Response(self.get_serializer(answer).data, status=status.HTTP_201_CREATED)
