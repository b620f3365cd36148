from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet
from spiral.api.support import serializers as s
from spiral.programs.org.selectors import person_of
from spiral.programs.support import rules, selectors, services


def _result(row) -> dict | None:
    if row is None:
        return None
    return {
        "unit": row.unit, "name": row.name, "depth": row.depth, "published": row.published,
        "count": row.count, "reason": row.reason, "rolled_into": row.rolled_into,
        "rolled_into_name": row.rolled_into_name,
        "means": row.means if row.published else None, "needs": list(row.needs),
    }  # fmt: skip


class SupportAssessmentViewSet(
    ListMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, ScopedViewSet
):
    """Rounds of the organisational support assessment. The programme's
    managers answer (``answer``: their own answer, changeable while the round is
    open); HR opens and closes rounds and sees the results by unit
    (``aggregate``), through the anonymity engine and only once a round is
    closed. No one sees another person's answer. Integrations have no scope here."""

    family = "support_assessments"
    scope_family = None
    rules = {
        "list": rules.reads_support_rounds,
        "retrieve": rules.reads_support_rounds,
        "create": rules.runs_support_rounds,
        "close": rules.runs_support_rounds,
        "answer": rules.answers_support_round,
        "aggregate": rules.sees_support_results,
    }
    selector = staticmethod(selectors.support_round_list_visible)
    serializer_class = s.SupportRoundSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        instance = selectors.support_instance_of(actor=self.actor, programme=data["programme"])
        if instance is None:
            raise ValidationError({"programme": [_("This programme has no support assessment.")]})
        created = services.support_round_open(instance=instance, closes_on=data.get("closes_on"))
        serializer.instance = self.get_queryset().get(pk=created.pk)

    @extend_schema(request=None, responses=s.SupportRoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, public_id=None):
        closed = services.support_round_close(support_round=self.get_object())
        return Response(self.get_serializer(self.get_queryset().get(pk=closed.pk)).data)

    @extend_schema(methods=["GET"], request=None, responses=s.AnswerSerializer)
    @extend_schema(methods=["PUT"], request=s.AnswerSerializer, responses=s.AnswerSerializer)
    @action(detail=True, methods=["get", "put"])
    def answer(self, request, public_id=None):
        support_round = self.get_object()
        if request.method == "PUT":
            payload = s.AnswerSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            services.support_answer_submit(
                support_round=support_round,
                person=person_of(actor=self.actor),
                ratings=dict(payload.validated_data["ratings"]),
                need=payload.validated_data.get("need", ""),
            )
        mine = selectors.support_answer_mine(actor=self.actor, support_round=support_round)
        return Response(
            {
                "answered": mine is not None,
                "ratings": mine.ratings if mine else None,
                "need": mine.need if mine else "",
                "unit": mine.unit.public_id if mine and mine.unit else None,
                "updated_at": mine.updated_at if mine else None,
            }
        )

    @extend_schema(responses=s.AggregateSerializer)
    @action(detail=True, methods=["get"])
    def aggregate(self, request, public_id=None):
        """The round's results by unit (with its subtree): a unit with fewer
        than the tenant's threshold of people is not shown, and says which
        shown unit its answers count in."""
        results = selectors.support_results(actor=self.actor, support_round=self.get_object())
        return Response(
            {
                "round": results.support_round.public_id,
                "available": results.available,
                "threshold": results.threshold,
                "whole": _result(results.whole),
                "units": [_result(row) for row in results.units],
            },
            status=status.HTTP_200_OK,
        )
