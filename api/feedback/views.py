"""Feedback rounds and feedback (issue 14): no integration reaches them
(``scope_family = None``): feedback is personal."""

import django_filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet, on_object
from spiral.api.feedback import serializers as s
from spiral.programs.feedback import rules, selectors, services
from spiral.programs.feedback.models import FeedbackItem, FeedbackRound
from spiral.programs.org import rules as org_rules
from spiral.programs.org.selectors import person_of


class RoundFilter(django_filters.FilterSet):
    group = django_filters.UUIDFilter(field_name="group__public_id")
    status = django_filters.ChoiceFilter(choices=FeedbackRound.Status.choices)

    class Meta:
        model = FeedbackRound
        fields = ["group", "status"]


class FeedbackRoundViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Feedback rounds of management groups: the chair creates, opens and
    closes them, follows completion and nudges late givers; the chair, HR and
    the participants read reciprocity and, once closed, the themes."""

    family = "feedback_rounds"
    scope_family = None
    rules = {
        "list": rules.reads_round,
        "retrieve": rules.reads_round,
        "create": on_object(org_rules.chairs_management_group),
        **dict.fromkeys(("open", "close", "completion", "nudge"), rules.runs_round),
        **dict.fromkeys(("reciprocity", "themes"), rules.sees_aggregates),
    }
    selector = staticmethod(selectors.round_list_visible)
    serializer_class = s.FeedbackRoundSerializer
    filterset_class = RoundFilter

    @extend_schema(request=s.FeedbackRoundSerializer, responses={201: s.FeedbackRoundSerializer})
    def create(self, request):
        """A draft round, for a management group the caller chairs."""
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        self.check_object_permissions(request, payload.validated_data["group"])
        round = services.round_create(**payload.validated_data)
        return Response(self.get_serializer(round).data, status=status.HTTP_201_CREATED)

    def _fresh(self, round) -> Response:
        return Response(self.get_serializer(self.get_queryset().get(pk=round.pk)).data)

    @extend_schema(request=None, responses=s.FeedbackRoundSerializer)
    @action(detail=True, methods=["post"])
    def open(self, request, public_id=None):
        """Fixes the participants, goals and philosophy version, and schedules
        the reminder and the nudge to late givers."""
        return self._fresh(services.round_open(round=self.get_object()))

    @extend_schema(request=None, responses=s.FeedbackRoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, public_id=None):
        """No feedback can be given or changed after; each receiver is told."""
        return self._fresh(services.round_close(round=self.get_object()))

    @extend_schema(request=None, responses=s.FeedbackNudgeSerializer)
    @action(detail=True, methods=["post"])
    def nudge(self, request, public_id=None):
        """An email to each late giver, naming nobody else."""
        return Response({"nudged": services.round_nudge(round=self.get_object())})

    @extend_schema(responses=s.FeedbackCompletionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def completion(self, request, public_id=None):
        """How many colleagues each participant gave feedback to (never what or
        to whom); in a confidential round only whether each has finished."""
        rows = selectors.round_completion_shown(round=self.get_object())
        return Response(s.FeedbackCompletionSerializer(rows, many=True).data)

    @extend_schema(responses=s.FeedbackReciprocitySerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def reciprocity(self, request, public_id=None):
        """The share of pairs with feedback both ways, of the pairs with any:
        after closing, through the anonymity engine."""
        result = selectors.round_reciprocity_shown(round=self.get_object())
        return Response(s.FeedbackReciprocitySerializer(result).data)

    @extend_schema(responses=s.FeedbackThemeSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def themes(self, request, public_id=None):
        """The goals and principles most referred to, with mean ratings,
        through the anonymity engine (empty until the round closes)."""
        themes = selectors.round_themes(round=self.get_object())
        return Response(s.FeedbackThemeSerializer(themes, many=True).data)


class ItemFilter(django_filters.FilterSet):
    round = django_filters.UUIDFilter(field_name="round__public_id")

    class Meta:
        model = FeedbackItem
        fields = ["round"]


class FeedbackViewSet(ListMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Feedback the caller gave (give, change until the round closes, list),
    and, under ``received/``, what they received in closed rounds."""

    family = "feedback"
    scope_family = None
    rules = {
        "list": org_rules.is_person,
        "retrieve": rules.changes_feedback,
        "update": rules.changes_feedback,
        "create": on_object(rules.gives_feedback),
        "received": org_rules.is_person,
    }
    selector = staticmethod(selectors.item_list_given)
    serializer_class = s.FeedbackItemSerializer
    filterset_class = ItemFilter

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.FeedbackItemEditSerializer
        return s.FeedbackItemSerializer

    @extend_schema(request=s.FeedbackItemSerializer, responses={201: s.FeedbackItemSerializer})
    def create(self, request):
        """Gives one colleague feedback in an open round."""
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        round = payload.validated_data["round"]
        self.check_object_permissions(request, round)
        item = services.feedback_give(
            round=round,
            giver=person_of(actor=self.actor),
            receiver=payload.receiver_in(round),
            **payload.content(round),
        )
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        item = serializer.instance
        serializer.instance = services.feedback_edit(item=item, **serializer.content(item.round))

    @extend_schema(
        parameters=[OpenApiParameter("round", str, description="Only this round (its id).")],
        responses=s.FeedbackReceivedSerializer(many=True),
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def received(self, request):
        """What the caller received in closed rounds (giver named only in a
        named round; in a confidential round, only when at least two gave)."""
        round = None
        if "round" in request.query_params:
            round = (
                selectors.round_list_visible(actor=self.actor)
                .filter(public_id__in=_uuid_or_none(request.query_params["round"]))
                .first()
            )
            if round is None:
                return Response([])
        rows = selectors.item_list_received(actor=self.actor, round=round)
        return Response(s.FeedbackReceivedSerializer(rows, many=True).data)


def _uuid_or_none(raw: str) -> list:
    import uuid

    try:
        return [uuid.UUID(raw)]
    except ValueError:
        return []
