"""The climate pulse in the demo tenant (``spiral demo``): in each work group
of the programme a pulse opened on the programme's first day, as its
quarterly cadence does, and one each quarter since. Some groups answered in
numbers the anonymity engine shows, some too few; where the first pulse's
results are shown the group chose something to improve."""

from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from spiral.programs.climate.aspects import ASPECT_KEYS, RATING_MAX, RATING_MIN
from spiral.programs.climate.kinds import CLIMATE_PULSE
from spiral.programs.climate.models import ClimateAnswer
from spiral.programs.climate.selectors import climate_results
from spiral.programs.climate.services import (
    PULSE_DAYS,
    climate_answer_submit,
    climate_improvement_choose,
    climate_pulse_close,
    climate_pulse_open,
    group_members,
)
from spiral.programs.org.actors import Actor
from spiral.programs.programmes.models import ComponentInstance

# Where the groups tend to stand: trust upwards lower than in the group.
MEANS = dict.fromkeys(ASPECT_KEYS, 3.6) | {"trust_management": 2.7, "appreciation": 3.1}
SPREAD = 0.8
ACTIVITIES = (
    ("listening", "Varje möte börjar med en runda där alla får tala till punkt."),
    ("appreciation", "Vi avslutar fredagsmötet med att lyfta något bra en kollega gjort."),
    ("sharing", "En kvart på arbetsplatsträffen för ett ärende som vi lär av tillsammans."),
    ("trust_management", "Vi bjuder in verksamhetschefen till ett samtal om prioriteringar."),
)


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _ratings(world) -> dict[str, int]:
    return {
        key: min(RATING_MAX, max(RATING_MIN, round(world.rng.gauss(MEANS[key], SPREAD))))
        for key in ASPECT_KEYS
    }


def _pulse(world, instance, opens_on, share: float):
    closes_on = opens_on + timedelta(days=PULSE_DAYS)
    pulse = climate_pulse_open(instance=instance, closes_on=closes_on, now=_at(opens_on, 8))
    members = sorted(group_members(work_group=instance.work_group), key=lambda p: p.external_id)
    for person in members:
        if world.chance("climate", pulse.sequence, person.external_id) < share:
            day = min(world.today, opens_on + timedelta(days=world.rng.randrange(PULSE_DAYS)))
            climate_answer_submit(
                pulse=pulse, person=person, ratings=_ratings(world), now=_at(day, 13)
            )
    if closes_on < world.today:
        climate_pulse_close(pulse=pulse, now=_at(closes_on + timedelta(days=1), 1))
    return pulse


def _choose(world, pulse) -> None:
    if not ClimateAnswer.objects.filter(pulse=pulse).exists():
        return
    if not climate_results(actor=Actor(is_tenant_admin=True), pulse=pulse).published:
        return
    group = pulse.work_group
    aspect, activity = world.rng.choice(ACTIVITIES)
    climate_improvement_choose(
        pulse=pulse, chosen_by=group.leader, aspects=[aspect], activity=activity,
        owner=group.leader, due=world.today + timedelta(days=30),
    )  # fmt: skip


def demo_history(world) -> None:
    """See spiral.tenants.demo.world."""
    programme = world.programme
    if programme.starts_on is None:
        return
    instances = (
        ComponentInstance.objects.filter(
            component__programme=programme, component__kind=CLIMATE_PULSE.key,
            work_group__isnull=False,
        )
        .select_related("work_group__leader")
        .order_by("work_group__unit__external_id", "pk")
    )  # fmt: skip
    for instance in instances:
        # A willing group answers in numbers, a busy one leaves it to a few.
        share = world.rng.choice((0.35, 0.8, 0.95))
        opens_on, pulses = programme.starts_on, []
        while opens_on <= world.today:
            pulses.append(_pulse(world, instance, opens_on, share))
            opens_on += relativedelta(months=3)
        _choose(world, pulses[0])
