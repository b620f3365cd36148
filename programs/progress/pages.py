"""Progress in the browser: the report list (ask for one, download each
format), a report's dashboard with the three levels side by side and charts
of their trends (withheld figures marked), a programme's dashboard (its latest
report), and KPI entry for HR (one value, or a CSV/XLSX file). The same
selectors, services and rules as the API (/api/v1/reports/, /api/v1/kpi-values/)."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from spiral.platform.web.nav import NavEntry
from spiral.platform.web.views import FormPage, Page
from spiral.programs.org.selectors import person_of
from spiral.programs.progress import records, rules, selectors, services
from spiral.programs.progress.charts import HEIGHT, WIDTH, bars_of
from spiral.programs.progress.kpis import read_upload
from spiral.programs.progress.models import Report, ReportSettings
from spiral.programs.progress.renderers import number_text

TENANT = "tenant"


class AskForm(forms.Form):
    scope = forms.ChoiceField(label=gettext_lazy("Report on"))
    period_start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"), choices=[("sv", "Svenska"), ("en", "English")]
    )

    def __init__(self, *args, programmes, tenant_view: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {str(p.public_id): p for p in programmes}
        choices = [(key, p.name) for key, p in self.programmes.items()]
        if tenant_view:
            choices.insert(0, (TENANT, _("The whole organisation")))
        self.fields["scope"].choices = choices
        today = timezone.localdate()
        self.initial.setdefault("period_end", today.replace(day=1) - timedelta(days=1))
        self.initial.setdefault(
            "period_start", (today.replace(day=1) - timedelta(days=365)).replace(day=1)
        )


class ReportsPage(FormPage):
    rule = rules.reads_reports
    title = gettext_lazy("Progress reports")
    template_name = "progress/pages/reports.html"
    form_class = AskForm
    submit_label = gettext_lazy("Produce the report")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "programmes": selectors.programmes_reported_by(actor=self.actor).order_by("name"),
            "tenant_view": rules.may_report_on.test(self.actor, None),
        }

    def get_context_data(self, **kwargs):
        reports = selectors.report_list_visible(actor=self.actor)[:50]
        return super().get_context_data(
            reports=reports,
            formats=("pdf", "xlsx", "csv", "json"),
            may_set_schedule=self.may(rules.sets_schedule),
            **kwargs,
        )

    def perform(self, form) -> None:
        data = form.cleaned_data
        programme = form.programmes.get(data["scope"])
        if not rules.may_report_on.test(self.actor, programme):
            raise PermissionDenied
        services.report_request(
            owner=person_of(actor=self.actor) if self.actor.person_id else None,
            programme=programme,
            unit=None,
            period_start=data["period_start"],
            period_end=data["period_end"],
            language=data["language"],
            user_id=self.actor.user_id,
        )
        messages.success(
            self.request, _("The report is being produced; you get an email when it is ready.")
        )

    def get_success_url(self):
        return reverse("progress:reports")


def dashboard_context(document: dict) -> dict:
    language = document["language"]

    def text(point) -> str:
        return _("not shown") if point["suppressed"] else number_text(point["value"], language)

    levels = []
    for level, label in document["levels"].items():
        sections = []
        for section in (s for s in document["sections"] if s["level"] == level):
            charts = [
                {"series": s, "bars": bars_of(s, text)}
                for s in section["series"]
                if any(p["value"] is not None or p["suppressed"] for p in s["points"])
            ]
            sections.append({**section, "charts": charts})
        levels.append({"key": level, "label": label, "sections": sections})
    return {
        "document": document,
        "levels": levels,
        "chart_width": WIDTH,
        "chart_height": HEIGHT,
        "language": language,
    }


class ReportPage(Page):
    rule = rules.reads_reports
    title = gettext_lazy("Progress")
    template_name = "progress/pages/dashboard.html"

    def report(self) -> Report | None:
        found = (
            selectors.report_list_visible(actor=self.actor)
            .filter(public_id=self.kwargs["public_id"])
            .first()
        )
        if found is None:
            raise Http404
        return found

    def get_context_data(self, **kwargs):
        report = self.report()
        context = super().get_context_data(report=report, **kwargs)
        if report.status == Report.Status.READY:
            context.update(dashboard_context(report.document))
            context["title"] = report.document["title"]
        return context


class ProgrammeDashboardPage(ReportPage):
    """A programme's dashboard: its latest ready report."""

    def report(self) -> Report | None:
        found = (
            selectors.report_list_visible(actor=self.actor)
            .filter(programme__public_id=self.kwargs["public_id"], status=Report.Status.READY)
            .order_by("-period_end", "-ready_at")
            .first()
        )
        if found is None:
            raise Http404
        return found


class KpiForm(forms.Form):
    kpi = forms.CharField(
        label=gettext_lazy("Key figure"),
        max_length=200,
        help_text=gettext_lazy("For example Sick leave, Staff turnover."),
    )
    unit = forms.ChoiceField(label=gettext_lazy("Unit"))
    period = forms.DateField(
        label=gettext_lazy("Month"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Any day of the month."),
    )
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=12, decimal_places=3)
    goal = forms.DecimalField(
        label=gettext_lazy("Goal"), max_digits=12, decimal_places=3, required=False
    )
    direction = forms.ChoiceField(
        label=gettext_lazy("Better when"),
        choices=[
            ("up", gettext_lazy("Higher is better")),
            ("down", gettext_lazy("Lower is better")),
        ],
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {str(u.public_id): u for u in units}
        self.fields["unit"].choices = [(k, u.name) for k, u in self.units.items()]


class KpiUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy(
            "Columns: kpi, unit (its external id), period (YYYY-MM), value, goal."
        ),
    )


class KpiPage(FormPage):
    rule = rules.records_kpis
    title = gettext_lazy("Key figures")
    template_name = "progress/pages/kpis.html"
    form_class = KpiForm
    submit_label = gettext_lazy("Save the value")
    success_message = gettext_lazy("The value is saved.")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "units": selectors.unit_list_for_kpis(actor=self.actor),
        }

    def get_context_data(self, **kwargs):
        values = selectors.kpi_value_list_visible(actor=self.actor).order_by(
            "-period", "kpi__name", "unit__path"
        )[:50]
        return super().get_context_data(values=values, upload_form=KpiUploadForm(), **kwargs)

    def perform(self, form) -> None:
        data = form.cleaned_data
        kpi = records.kpi_define(name=data["kpi"], direction=data["direction"])
        records.kpi_value_record(
            kpi=kpi,
            unit=form.units[data["unit"]],
            period=data["period"],
            value=data["value"],
            goal=data["goal"],
        )

    def get_success_url(self):
        return reverse("progress:kpis")


class KpiUploadPage(Page):
    rule = rules.records_kpis
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = KpiUploadForm(request.POST, request.FILES)
        try:
            if not form.is_valid():
                raise ValidationError(_("Choose a file."))
            upload = form.cleaned_data["file"]
            result = records.kpi_values_import(rows=read_upload(upload.name, upload.read()))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(rows)d values saved.") % result)
        return redirect("progress:kpis")


class SettingsForm(forms.Form):
    schedule = forms.ChoiceField(
        label=gettext_lazy("Scheduled reports"), choices=ReportSettings.Schedule.choices
    )
    retention_days = forms.IntegerField(
        label=gettext_lazy("Keep reports (days)"), min_value=7, max_value=3650
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of scheduled reports"),
        choices=[("sv", "Svenska"), ("en", "English")],
    )


class SettingsPage(FormPage):
    """HR sets when every active programme gets its report, and how long
    reports are kept."""

    rule = rules.sets_schedule
    title = gettext_lazy("Report schedule")
    form_class = SettingsForm
    submit_label = gettext_lazy("Save")
    success_message = gettext_lazy("The report schedule is saved.")

    def get_initial(self):
        current = services.report_settings()
        return {
            "schedule": current.schedule,
            "retention_days": current.retention_days,
            "language": current.language,
        }

    def perform(self, form) -> None:
        services.report_settings_update(**form.cleaned_data)

    def get_success_url(self):
        return reverse("progress:reports")


urlpatterns = [
    path("progress/settings/", SettingsPage.as_view(), name="settings"),
    path("progress/", ReportsPage.as_view(), name="reports"),
    path("progress/reports/<uuid:public_id>/", ReportPage.as_view(), name="report"),
    path(
        "progress/programmes/<uuid:public_id>/", ProgrammeDashboardPage.as_view(), name="programme"
    ),
    path("progress/kpis/", KpiPage.as_view(), name="kpis"),
    path("progress/kpis/upload/", KpiUploadPage.as_view(), name="kpi-upload"),
]

nav = [
    NavEntry(
        label=gettext_lazy("Progress"),
        url_name="progress:reports",
        rule=rules.reads_reports,
        order=22,
    ),
    NavEntry(
        label=gettext_lazy("Key figures"),
        url_name="progress:kpis",
        rule=rules.records_kpis,
        order=24,
    ),
]
