from django.urls import reverse
from rest_framework import serializers

from spiral.api.conventions import VisibleField
from spiral.programs.org.selectors import person_list_visible
from spiral.programs.programmes.selectors import programme_list_visible
from spiral.programs.progress.models import Kpi, KpiValue, Milestone, NextStep, Report
from spiral.programs.progress.selectors import unit_list_for_kpis

FORMATS = ("json", "csv", "xlsx", "pdf")


class ReportSerializer(serializers.ModelSerializer):
    """A report's status; once ready, a link per format."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    programme = VisibleField(programme_list_visible, required=False, allow_null=True)
    unit = VisibleField(unit_list_for_kpis, required=False, allow_null=True)
    language = serializers.ChoiceField(choices=["sv", "en"], default="sv")
    status_url = serializers.SerializerMethodField()
    downloads = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "programme",
            "unit",
            "period_start",
            "period_end",
            "language",
            "status",
            "error",
            "attempts",
            "scheduled",
            "created_at",
            "ready_at",
            "expires_at",
            "status_url",
            "downloads",
            "updated_at",
        ]
        # The scheduled-once constraint is the scheduler's, not a request's.
        validators = []
        read_only_fields = [
            "status",
            "error",
            "attempts",
            "scheduled",
            "created_at",
            "ready_at",
            "expires_at",
            "updated_at",
        ]

    def get_status_url(self, report) -> str:
        return self._absolute(reverse("report-detail", args=[report.public_id]))

    def get_downloads(self, report) -> dict[str, str]:
        if report.status != Report.Status.READY:
            return {}
        return {
            name: self._absolute(reverse("report-download", args=[report.public_id, name]))
            for name in FORMATS
        }

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class KpiValueSerializer(serializers.ModelSerializer):
    """One KPI's value for a unit and a month, with its goal. Recording the
    same KPI, unit and month again replaces it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    kpi = serializers.SlugField(source="kpi.key", max_length=80)
    kpi_name = serializers.CharField(source="kpi.name", required=False, max_length=200)
    unit = VisibleField(unit_list_for_kpis)
    period = serializers.DateField(help_text="Any day of the month; stored as its first day.")

    class Meta:
        model = KpiValue
        fields = [
            "id",
            "kpi",
            "kpi_name",
            "unit",
            "period",
            "value",
            "goal",
            "source",
            "updated_at",
        ]
        read_only_fields = ["source", "updated_at"]


class KpiSerializer(serializers.ModelSerializer):
    class Meta:
        model = Kpi
        fields = ["key", "name", "measure", "direction"]


class KpiUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV or XLSX: kpi, unit, period (YYYY-MM), value, goal")


class TimelineMilestoneSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    programme = VisibleField(programme_list_visible)

    class Meta:
        model = Milestone
        fields = ["id", "programme", "title", "due_on", "reached_on", "updated_at"]
        read_only_fields = ["updated_at"]


class NextStepSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    programme = VisibleField(programme_list_visible)
    who = VisibleField(person_list_visible, required=False, allow_null=True)

    class Meta:
        model = NextStep
        fields = ["id", "programme", "what", "who", "due_on", "done_on", "updated_at"]
        read_only_fields = ["updated_at"]
