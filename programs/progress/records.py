"""Writes of KPIs, milestones and next steps: keyword-only, one transaction
each, audited. A KPI value is one per KPI, unit and month: recording it again
replaces it (an HR system that pushes the same month twice changes nothing)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record, audit_record_many
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.models import Programme
from spiral.programs.progress.kpis import UploadRow
from spiral.programs.progress.models import Kpi, KpiValue, Milestone, NextStep


@transaction.atomic
def kpi_define(*, name: str, key: str = "", measure: str = "", direction: str = "up") -> Kpi:
    """The KPI named ``key`` (made from the name if not given), made if new."""
    name = (name or "").strip()
    key = slugify(key or name)[:80]
    if not key:
        raise ValidationError({"kpi": [_("Name the key figure.")]})
    if direction not in Kpi.Direction.values:
        raise ValidationError({"direction": [_("Higher or lower is better: up or down.")]})
    kpi, made = Kpi.objects.get_or_create(
        key=key, defaults={"name": name or key, "measure": measure, "direction": direction}
    )
    if made:
        audit_record(action="kpi.defined", obj=kpi, changes={"key": [None, key]})
    return kpi


@transaction.atomic
def kpi_value_record(
    *,
    kpi: Kpi,
    unit: OrgUnit,
    period: date,
    value: Decimal,
    goal: Decimal | None,
    source: str = "manual",
) -> KpiValue:
    row, made = KpiValue.objects.update_or_create(
        kpi=kpi,
        unit=unit,
        period=period.replace(day=1),
        defaults={"value": value, "goal": goal, "source": source},
    )
    audit_record(
        action="kpi_value.recorded" if made else "kpi_value.changed",
        obj=row,
        changes={"value": [None, str(value)], "goal": [None, str(goal)]},
    )
    return row


@transaction.atomic
def kpi_values_import(*, rows: list[UploadRow], source: str = "upload") -> dict[str, int]:
    """An uploaded file's rows, all or nothing: units by external id, KPIs by
    key (made if new). Errors name the file's lines."""
    units = dict(
        OrgUnit.objects.filter(external_id__in={r.unit for r in rows}).values_list(
            "external_id", "pk"
        )
    )
    errors = [
        _("Line %(line)d: no unit with the external id %(unit)s.")
        % {"line": r.line, "unit": r.unit}
        for r in rows
        if r.unit not in units
    ]
    errors += [_("Line %(line)d: name the KPI.") % {"line": r.line} for r in rows if not r.kpi]
    if errors:
        raise ValidationError({"file": errors[:20]})
    kpis = {key: kpi_define(name=key) for key in {r.kpi for r in rows}}
    objects = [
        KpiValue(
            kpi=kpis[r.kpi],
            unit_id=units[r.unit],
            period=r.period,
            value=r.value,
            goal=r.goal,
            source=source,
        )
        for r in rows
    ]
    written = KpiValue.objects.bulk_create(
        objects,
        update_conflicts=True,
        unique_fields=["kpi", "unit", "period"],
        update_fields=["value", "goal", "source", "updated_at"],
        batch_size=1000,
    )
    audit_record_many(action="kpi_value.imported", objects=written, changes={"source": source})
    return {"rows": len(written), "kpis": len(kpis)}


@transaction.atomic
def milestone_add(*, programme: Programme, title: str, due_on: date) -> Milestone:
    if not (title or "").strip():
        raise ValidationError({"title": [_("Give the milestone a title.")]})
    milestone = Milestone.objects.create(programme=programme, title=title.strip(), due_on=due_on)
    audit_record(action="milestone.added", obj=milestone, changes={"due_on": [None, due_on]})
    return milestone


@transaction.atomic
def milestone_reach(*, milestone: Milestone, reached_on: date | None) -> Milestone:
    before = milestone.reached_on
    milestone.reached_on = reached_on
    milestone.save(update_fields=["reached_on", "updated_at"])
    audit_record(
        action="milestone.reached", obj=milestone, changes={"reached_on": [before, reached_on]}
    )
    return milestone


@transaction.atomic
def next_step_add(*, programme: Programme, what: str, who: Person | None, due_on: date) -> NextStep:
    if not (what or "").strip():
        raise ValidationError({"what": [_("Say what is to be done.")]})
    step = NextStep.objects.create(programme=programme, what=what.strip(), who=who, due_on=due_on)
    audit_record(action="next_step.added", obj=step, changes={"due_on": [None, due_on]})
    return step


@transaction.atomic
def next_step_done(*, step: NextStep, done_on: date | None) -> NextStep:
    before = step.done_on
    step.done_on = done_on
    step.save(update_fields=["done_on", "updated_at"])
    audit_record(action="next_step.done", obj=step, changes={"done_on": [before, done_on]})
    return step
