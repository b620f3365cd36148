"""The periodic work of the climate pulse: the same shape as the support
assessment's rounds (``spiral.programs.support.services.support_rounds_due``),
one pulse per work group of the programme."""

from datetime import date, datetime, timedelta

from dateutil.rrule import rrulestr
from django.db.models import Max
from django.utils import timezone

from spiral.programs.climate.kinds import CLIMATE_PULSE
from spiral.programs.climate.models import ClimatePulse
from spiral.programs.climate.services import PULSE_DAYS, climate_pulse_close, climate_pulse_open
from spiral.programs.programmes.models import ComponentInstance, Programme


def _last_occurrence(cadence: str, starts_on: date, today: date) -> date | None:
    start = datetime.combine(starts_on, datetime.min.time())
    try:
        moment = rrulestr(f"RRULE:{cadence}", dtstart=start).before(
            datetime.combine(today, datetime.max.time()), inc=True
        )
    except (ValueError, TypeError):
        return None
    return moment.date() if moment else None


def _due_instances():
    return (
        ComponentInstance.objects.filter(
            component__kind=CLIMATE_PULSE.key,
            component__programme__status=Programme.Status.ACTIVE,
            work_group__isnull=False,
        )
        .exclude(component__cadence="")
        .select_related("component__programme")
        .annotate(last_opened=Max("climate_pulses__opened_at"))
    )


def climate_pulses_due(*, now: datetime | None = None) -> dict[str, int]:
    """A worker runs it every hour, per tenant: pulses past their closing day
    close, and each work group whose cadence came round since its last pulse
    gets a new one (the first on the programme's first day). Safe to run twice."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    closed = opened = 0
    for pulse in ClimatePulse.objects.filter(status=ClimatePulse.Status.OPEN, closes_on__lt=today):
        climate_pulse_close(pulse=pulse)
        closed += 1
    still_open = set(
        ClimatePulse.objects.filter(status=ClimatePulse.Status.OPEN).values_list(
            "instance_id", flat=True
        )
    )
    for instance in _due_instances():
        programme = instance.component.programme
        if instance.pk in still_open or (programme.ends_on and programme.ends_on < today):
            continue
        due = _last_occurrence(instance.component.cadence, programme.starts_on or today, today)
        if due is None or (
            instance.last_opened and timezone.localdate(instance.last_opened) >= due
        ):
            continue
        closes_on = due + timedelta(days=PULSE_DAYS)
        if closes_on < today:
            continue  # that occurrence's pulse would be over already
        if programme.ends_on:
            closes_on = min(closes_on, programme.ends_on)
        climate_pulse_open(instance=instance, closes_on=max(closes_on, today), now=now)
        opened += 1
    return {"opened": opened, "closed": closed}
