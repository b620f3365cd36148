from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response

from spiral.api.climate import serializers as s
from spiral.api.climate.serializers import ClimateAnswerSerializer as AnswerIn
from spiral.api.climate.serializers import ClimateImprovementSerializer as Improvement
from spiral.api.conventions import ListMixin, ScopedViewSet
from spiral.programs.climate import rules, selectors, services
from spiral.programs.org.selectors import person_of


def _results(row: selectors.PulseResults) -> dict:
    return {
        "pulse": row.pulse.public_id, "threshold": row.threshold, "published": row.published,
        "reason": row.reason, "held": row.held, "count": row.count,
        "means": row.means if row.published else None,
    }  # fmt: skip


class ClimatePulseViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The climate pulses of the work groups the caller is in (HR: all).
    Members answer once (``answer``); no one, the author included, ever sees
    a single answer. ``results`` and ``trend`` come only from the anonymity
    engine: no figures below the tenant's threshold. The group's leader
    records the improvement the group chose (``improvement``), which becomes
    an action of the group. Integrations have no scope here."""

    family = "climate_pulses"
    scope_family = None
    rules = {
        "list": rules.reads_climate_pulses,
        "retrieve": rules.reads_climate_pulses,
        "answer": rules.answers_climate_pulse,
        "results": rules.sees_climate_results,
        "trend": rules.sees_climate_results,
        "improvement": rules.sees_climate_results,
    }
    selector = staticmethod(selectors.climate_pulse_list_visible)
    serializer_class = s.ClimatePulseSerializer

    @extend_schema(methods=["GET"], request=None, responses=s.ClimateAnswerSerializer)
    @extend_schema(
        methods=["POST"], request=s.ClimateAnswerSerializer, responses=s.ClimateAnswerSerializer
    )
    @action(detail=True, methods=["get", "post"])
    def answer(self, request, public_id=None):
        pulse = self.get_object()
        if request.method == "POST":
            payload = AnswerIn(data=request.data)
            payload.is_valid(raise_exception=True)
            services.climate_answer_submit(
                pulse=pulse,
                person=person_of(actor=self.actor),
                ratings=dict(payload.validated_data["ratings"]),
            )
            pulse = self.get_queryset().get(pk=pulse.pk)
        return Response({"answered": pulse.answered})

    @extend_schema(responses=s.ClimateResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request, public_id=None):
        results = selectors.climate_results(actor=self.actor, pulse=self.get_object())
        return Response(_results(results))

    @extend_schema(responses=s.ClimateTrendSerializer)
    @action(detail=True, methods=["get"])
    def trend(self, request, public_id=None):
        """The group's pulses up to this one, oldest first: published values only."""
        pulse = self.get_object()
        trend = selectors.climate_trend(actor=self.actor, pulse=pulse)
        return Response(
            {"work_group": pulse.work_group.public_id, "pulses": [_results(r) for r in trend]}
        )

    @extend_schema(methods=["GET"], request=None, responses=s.ClimateImprovementSerializer)
    @extend_schema(
        methods=["POST"],
        request=s.ClimateImprovementSerializer,
        responses=s.ClimateImprovementSerializer,
    )
    @action(detail=True, methods=["get", "post"])
    def improvement(self, request, public_id=None):
        pulse = self.get_object()
        if request.method == "POST":
            # Recorded by the leader alone: the object rule lets the group read it.
            self.permission_denied_unless(rules.chooses_climate_improvement, pulse)
            payload = s.ClimateImprovementSerializer(
                data=request.data, context={"request": request}
            )
            payload.is_valid(raise_exception=True)
            chosen = services.climate_improvement_choose(
                pulse=pulse, chosen_by=person_of(actor=self.actor), **payload.validated_data
            )
            return Response(
                s.ClimateImprovementSerializer(chosen).data, status=status.HTTP_201_CREATED
            )
        chosen = selectors.climate_improvement_of(actor=self.actor, pulse=pulse)
        if chosen is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(Improvement(chosen).data)

    def permission_denied_unless(self, rule, obj) -> None:
        if not rule.test(self.actor, obj):
            self.permission_denied(self.request)
