"""Every read of progress, for an Actor: which reports, KPIs, milestones and
next steps they see. Reports are aggregates (the anonymity engine ran when
they were built); who sees which follows ``rules.py``."""

from django.db.models import Q, QuerySet

from spiral.programs.org.actors import Actor
from spiral.programs.org.models import OrgUnit
from spiral.programs.programmes.models import Programme
from spiral.programs.programmes.selectors import programme_list_visible
from spiral.programs.progress.models import Kpi, KpiValue, Milestone, NextStep, Report


def programmes_reported_by(*, actor: Actor) -> QuerySet[Programme]:
    """The programmes whose reports the actor asks for and reads: all for HR,
    those they own or lead otherwise."""
    if actor.is_tenant_admin:
        return Programme.objects.all()
    if actor.person_id is None:
        return Programme.objects.none()
    return Programme.objects.filter(
        Q(owner_id=actor.person_id) | Q(process_leaders=actor.person_id)
    ).distinct()


def report_list_visible(*, actor: Actor) -> QuerySet[Report]:
    # Not the files: a list never needs their bytes.
    reports = Report.objects.select_related("programme", "unit").defer("document")
    if actor.is_tenant_admin:
        return reports
    if actor.is_client or actor.person_id is None:
        return reports.none()
    visible = Q(owner_id=actor.person_id) | Q(
        programme__in=programmes_reported_by(actor=actor).values("pk")
    )
    if actor.is_senior_manager:
        visible |= Q(programme__isnull=True)
    return reports.filter(visible)


def report_file(*, report: Report, format: str):
    return report.files.filter(format=format).first()


def kpi_list_visible(*, actor: Actor) -> QuerySet[Kpi]:
    if actor.person_id is None and not (actor.is_tenant_admin or actor.is_client):
        return Kpi.objects.none()
    return Kpi.objects.all()


def kpi_value_list_visible(*, actor: Actor) -> QuerySet[KpiValue]:
    if actor.person_id is None and not (actor.is_tenant_admin or actor.is_client):
        return KpiValue.objects.none()
    return KpiValue.objects.select_related("kpi", "unit")


def unit_list_for_kpis(*, actor: Actor) -> QuerySet[OrgUnit]:
    if actor.person_id is None and not (actor.is_tenant_admin or actor.is_client):
        return OrgUnit.objects.none()
    return OrgUnit.objects.order_by("path")


def milestone_list_visible(*, actor: Actor) -> QuerySet[Milestone]:
    programmes = programme_list_visible(actor=actor).values("pk")
    return Milestone.objects.filter(programme__in=programmes).select_related("programme")


def next_step_list_visible(*, actor: Actor) -> QuerySet[NextStep]:
    programmes = programme_list_visible(actor=actor).values("pk")
    return NextStep.objects.filter(programme__in=programmes).select_related("programme", "who")
