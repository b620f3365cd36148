"""Progress reports, KPIs, milestones and next steps (issue 18).

POST /api/v1/reports/ answers 202 with the report's status URL; a worker
builds it; GET on that URL shows its status and, once ready, a link per
format (``files/<json|csv|xlsx|pdf>/``). Integrations reach only KPIs
(``kpis`` scope): reports are for people."""

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, parsers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from spiral.api.conventions import ListMixin, ScopedViewSet
from spiral.api.progress import serializers as s
from spiral.programs.org.selectors import person_of
from spiral.programs.programmes import rules as programme_rules
from spiral.programs.progress import records, rules, selectors, services
from spiral.programs.progress.kpis import read_upload
from spiral.programs.progress.models import Report
from spiral.programs.progress.renderers import CONTENT_TYPES

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class ReportViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Progress reports of a programme, a unit subtree or the whole tenant."""

    family = "reports"
    scope_family = None
    rules = {
        "list": rules.reads_reports,
        "retrieve": rules.reads_report,
        "create": rules.asks_for_reports,
        "download": rules.reads_report,
        "retry": rules.retries_report,
    }
    selector = staticmethod(selectors.report_list_visible)
    serializer_class = s.ReportSerializer

    @extend_schema(request=s.ReportSerializer, responses={202: s.ReportSerializer})
    def create(self, request):
        """Asks a worker for a report; answers 202 with its status URL."""
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if not rules.may_report_on.test(self.actor, data.get("programme")):
            raise PermissionDenied()
        report = services.report_request(
            owner=person_of(actor=self.actor) if self.actor.person_id else None,
            programme=data.get("programme"),
            unit=data.get("unit"),
            period_start=data["period_start"],
            period_end=data["period_end"],
            language=data["language"],
            user_id=self.actor.user_id,
        )
        body = self.get_serializer(report).data
        return Response(
            body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]}
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"files/(?P<file_format>json|csv|xlsx|pdf)",
        url_name="download",
        pagination_class=None,
        filter_backends=[],
    )
    def download(self, request, public_id=None, file_format=None):
        """The report in one format, once ready (404 before)."""
        report = self.get_object()
        found = selectors.report_file(report=report, format=file_format)
        if report.status != Report.Status.READY or found is None:
            raise Http404
        response = HttpResponse(bytes(found.content), content_type=CONTENT_TYPES[file_format])
        name = f"report-{report.period_start}-{report.period_end}.{file_format}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(request=None, responses={202: s.ReportSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, public_id=None):
        """A failed report (or one whose worker died) is queued again."""
        report = services.report_retry(report=self.get_object())
        return Response(self.get_serializer(report).data, status=status.HTTP_202_ACCEPTED)


class KpiValueViewSet(ListMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Key figures per unit and month, each with its goal: recorded by HR or an
    HR system (``kpis:write``), one at a time or as a CSV/XLSX upload."""

    family = "kpis"
    scope_family = "kpis"
    rules = {
        "list": rules.reads_kpis,
        "retrieve": rules.reads_kpis,
        "create": rules.records_kpis,
        "upload": rules.records_kpis,
    }
    selector = staticmethod(selectors.kpi_value_list_visible)
    serializer_class = s.KpiValueSerializer

    @extend_schema(request=s.KpiValueSerializer, responses={201: s.KpiValueSerializer})
    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        kpi = records.kpi_define(
            name=data["kpi"].get("name") or data["kpi"]["key"], key=data["kpi"]["key"]
        )
        row = records.kpi_value_record(
            kpi=kpi,
            unit=data["unit"],
            period=data["period"],
            value=data["value"],
            goal=data.get("goal"),
            source="api" if self.actor.is_client else "manual",
        )
        return Response(self.get_serializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": s.KpiUploadSerializer},
        responses={200: OpenApiResponse(description="{rows, kpis}"), 400: None},
    )
    @action(
        detail=False,
        methods=["post"],
        parser_classes=[parsers.MultiPartParser],
        pagination_class=None,
        filter_backends=[],
    )
    def upload(self, request):
        """All rows or none: errors name the file's lines."""
        payload = s.KpiUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            from rest_framework.exceptions import ValidationError

            raise ValidationError({"file": [_("At most 20 MB.")]})
        rows = read_upload(upload.name, upload.read())
        return Response(records.kpi_values_import(rows=rows))


class MilestoneViewSet(
    ListMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet
):
    """Milestones on a programme's timeline; its owner, leaders and HR keep them."""

    family = "milestones"
    scope_family = None
    rules = {
        "list": rules.reads_timeline,
        "retrieve": rules.reads_timeline,
        "create": rules.reads_timeline,
        "update": rules.keeps_timeline,
        "partial_update": rules.keeps_timeline,
    }
    selector = staticmethod(selectors.milestone_list_visible)
    serializer_class = s.TimelineMilestoneSerializer

    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if not programme_rules.changes_programme.test(self.actor, data["programme"]):
            raise PermissionDenied()
        milestone = records.milestone_add(
            programme=data["programme"], title=data["title"], due_on=data["due_on"]
        )
        if data.get("reached_on"):
            records.milestone_reach(milestone=milestone, reached_on=data["reached_on"])
        return Response(self.get_serializer(milestone).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        milestone = serializer.instance
        reached_on = serializer.validated_data.get("reached_on", milestone.reached_on)
        serializer.instance = records.milestone_reach(milestone=milestone, reached_on=reached_on)


class NextStepViewSet(ListMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, ScopedViewSet):
    """Next steps of a programme: who does what, by when."""

    family = "next_steps"
    scope_family = None
    rules = {
        "list": rules.reads_timeline,
        "retrieve": rules.reads_timeline,
        "create": rules.reads_timeline,
        "update": rules.keeps_timeline,
        "partial_update": rules.keeps_timeline,
    }
    selector = staticmethod(selectors.next_step_list_visible)
    serializer_class = s.NextStepSerializer

    def create(self, request):
        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        if not programme_rules.changes_programme.test(self.actor, data["programme"]):
            raise PermissionDenied()
        step = records.next_step_add(
            programme=data["programme"],
            what=data["what"],
            who=data.get("who"),
            due_on=data["due_on"],
        )
        return Response(self.get_serializer(step).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        step = serializer.instance
        done_on = serializer.validated_data.get("done_on", step.done_on)
        serializer.instance = records.next_step_done(step=step, done_on=done_on)
