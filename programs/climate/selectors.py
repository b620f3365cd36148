"""Every read of the climate pulse, for an Actor. Results and the trend come
from the anonymity engine and nowhere else: the API and the pages both read
``climate_results`` and ``climate_trend``. No read returns a single answer,
not even to its author: nothing links an answer to them."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Value

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.services import publish_subjects
from spiral.programs.climate.aspects import ASPECT_KEYS
from spiral.programs.climate.models import (
    ClimateAnswer,
    ClimateImprovement,
    ClimateParticipation,
    ClimatePulse,
)
from spiral.programs.org.actors import Actor
from spiral.programs.org.models import Person, WorkGroup

TREND_PULSES = 12  # three years of a quarterly pulse


def _groups_of(actor: Actor) -> Q:
    """The work groups the actor is in: a member, or the leader."""
    return Q(members__id=actor.person_id) | Q(leader_id=actor.person_id)


def climate_work_groups_of(*, actor: Actor) -> QuerySet[WorkGroup]:
    if actor.person_id is None:
        return WorkGroup.objects.none()
    return WorkGroup.objects.filter(_groups_of(actor)).distinct()


def climate_pulse_list_visible(*, actor: Actor) -> QuerySet[ClimatePulse]:
    """The pulses of the work groups the actor is in (HR: every pulse), each
    annotated ``answerable`` (a member, the pulse open) and ``answered``."""
    pulses = ClimatePulse.objects.select_related("work_group")
    if actor.is_client or not (actor.person_id or actor.is_tenant_admin):
        return pulses.none()
    if actor.person_id is None:
        return pulses.annotate(answerable=Value(False), answered=Value(False))
    if not actor.is_tenant_admin:
        pulses = pulses.filter(work_group__in=climate_work_groups_of(actor=actor))
    member = WorkGroup.members.through.objects.filter(
        workgroup_id=OuterRef("work_group_id"), person_id=actor.person_id
    ).exclude(person__status=Person.Status.LEFT)
    mine = ClimateParticipation.objects.filter(pulse_id=OuterRef("pk"), person_id=actor.person_id)
    answerable = Q(Exists(member), status=ClimatePulse.Status.OPEN)
    return pulses.annotate(
        answerable=ExpressionWrapper(answerable, output_field=BooleanField()),
        answered=Exists(mine),
    )


def climate_pulse_open_mine(*, actor: Actor) -> QuerySet[ClimatePulse]:
    return climate_pulse_list_visible(actor=actor).filter(answerable=True, answered=False)


def climate_improvement_of(*, actor: Actor, pulse: ClimatePulse) -> ClimateImprovement | None:
    """The improvement chosen after a visible pulse (the caller got ``pulse``
    from ``climate_pulse_list_visible``)."""
    return ClimateImprovement.objects.select_related("owner").filter(pulse_id=pulse.pk).first()


@dataclass(frozen=True)
class PulseResults:
    """A pulse's figures: shown only when the engine shows every aspect's
    cell; else ``reason`` says why (fewer than the threshold answered...)."""

    pulse: ClimatePulse
    threshold: int
    published: bool
    count: int | None = None
    reason: str | None = None
    held: bool = False
    means: dict[str, float | None] = field(default_factory=dict)


def _subject(pulse: ClimatePulse, aspect: str) -> str:
    return f"climate-pulse:{pulse.public_id}:{aspect}"


def _publish(pulses: list[ClimatePulse], rows: dict[int, list[tuple]]) -> list[PulseResults]:
    """One subject per pulse and aspect, all asked of the engine at once. Each
    answer's respondent is its own random key (answers are never linked to
    people, and one person answers once), and no unit: the work group is the
    only cell, never split smaller."""
    published = publish_subjects(
        {
            _subject(pulse, aspect): [
                Answer(key, None, float(ratings[aspect])) for key, ratings in rows[pulse.pk]
            ]
            for pulse in pulses
            for aspect in ASPECT_KEYS
        },
        tree={},
    )
    return [
        _results(pulse, {aspect: published[_subject(pulse, aspect)] for aspect in ASPECT_KEYS})
        for pulse in pulses
    ]


def _results(pulse: ClimatePulse, cells: dict) -> PulseResults:
    threshold = cells[ASPECT_KEYS[0]].threshold
    hidden = next((c.everyone for c in cells.values() if not c.everyone.published), None)
    if hidden is not None:
        reason = str(hidden.reason) if hidden.reason else None
        return PulseResults(pulse, threshold, False, reason=reason)
    first = cells[ASPECT_KEYS[0]].everyone
    means = {aspect: cells[aspect].everyone.mean for aspect in ASPECT_KEYS}
    return PulseResults(pulse, threshold, True, count=first.count, held=first.held, means=means)


def climate_results(*, actor: Actor, pulse: ClimatePulse) -> PulseResults:
    """A visible pulse's results through the anonymity engine: shown once at
    least the tenant's threshold of members answered, open or closed (answers
    never change, and a late one moves the figures only when the engine
    allows). A fixed number of queries, however many answers."""
    rows = list(ClimateAnswer.objects.filter(pulse_id=pulse.pk).values_list("id", "ratings"))
    return _publish([pulse], {pulse.pk: rows})[0]


def climate_trend(*, actor: Actor, pulse: ClimatePulse) -> list[PulseResults]:
    """The work group's pulses up to ``pulse``, oldest first (at most
    ``TREND_PULSES``), each with what the engine shows of it: a pulse below
    the threshold is a gap in the trend, never a figure."""
    pulses = list(
        climate_pulse_list_visible(actor=actor)
        .filter(work_group_id=pulse.work_group_id, sequence__lte=pulse.sequence)
        .order_by("-sequence")[:TREND_PULSES]
    )[::-1]
    by_pulse = defaultdict(list)
    answers = ClimateAnswer.objects.filter(pulse_id__in=[p.pk for p in pulses])
    for pulse_id, key, ratings in answers.values_list("pulse_id", "id", "ratings"):
        by_pulse[pulse_id].append((key, ratings))
    return _publish(pulses, by_pulse)
