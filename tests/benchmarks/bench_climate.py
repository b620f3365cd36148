"""Climate pulse (make bench BENCH_ARGS='-k climate'): a work group of 30 with
12 pulses behind it, 25 answers each; the results of one pulse and the trend
over all 12 through the anonymity engine (9 subjects a pulse), first (the
ledger records every version) and again, against plain SQL means of the same
figures, with no suppression, in the same run."""

import time
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from spiral.programs.climate.aspects import ASPECT_KEYS
from spiral.programs.climate.models import ClimateAnswer, ClimatePulse
from spiral.programs.climate.selectors import climate_results, climate_trend
from spiral.programs.org.actors import Actor
from spiral.programs.org.models import Person, WorkGroup
from spiral.programs.programmes.models import ComponentInstance, Programme, ProgrammeComponent
from tests.benchmarks.conftest import report
from tests.factories import OrgUnitFactory

PULSES, MEMBERS, ANSWERED = 12, 30, 25

SQL = """
SELECT pulse_id, rating.key, count(*), avg(rating.value::int)
FROM climate_climateanswer, jsonb_each_text(ratings) AS rating
WHERE pulse_id = ANY(%s) GROUP BY pulse_id, rating.key
"""


def _group_with_pulses() -> list[ClimatePulse]:
    """Set-up in bulk: the engine's inputs are the answers, however written."""
    unit = OrgUnitFactory(name="Bänkenheten", external_id="BENCH-CLIMATE")
    people = Person.objects.bulk_create(
        Person(external_id=f"C{n:04d}", given_name="Med", family_name=f"Arbetare {n}", unit=unit)
        for n in range(MEMBERS)
    )
    group = WorkGroup.objects.create(name="Bänkgruppen", unit=unit, leader=people[0])
    group.members.set(people)
    programme = Programme.objects.create(name="Bänkprogram", status="active")
    component = ProgrammeComponent.objects.create(
        programme=programme, kind="climate_pulse", level="group", audience="each_work_group",
        title_sv="Gruppklimatpuls", title_en="Group-climate pulse",
    )  # fmt: skip
    instance = ComponentInstance.objects.create(component=component, work_group=group)
    now = timezone.now()
    pulses = ClimatePulse.objects.bulk_create(
        ClimatePulse(instance=instance, work_group=group, sequence=n + 1, title="Puls",
                     opened_at=now - timedelta(days=90 * (PULSES - n)), status="closed",
                     closes_on=(now - timedelta(days=90 * (PULSES - n) - 14)).date())
        for n in range(PULSES)
    )  # fmt: skip
    ClimateAnswer.objects.bulk_create(
        ClimateAnswer(pulse=p, ratings={k: 1 + (i + j + p.sequence) % 5
                                        for j, k in enumerate(ASPECT_KEYS)})
        for p in pulses
        for i in range(ANSWERED)
    )  # fmt: skip
    return pulses


def _timed(func):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = func()
        seconds = time.perf_counter() - started
    return seconds, len(captured), result


def test_results_and_trend_of_12_pulses(db, provisioned_tenants):
    tenant = provisioned_tenants["a"]
    hr = Actor(is_tenant_admin=True)
    with schema_context(tenant.schema_name):
        pulses = _group_with_pulses()
        last = pulses[-1]
        first_trend, first_queries, trend = _timed(lambda: climate_trend(actor=hr, pulse=last))
        again, again_queries, _ = _timed(lambda: climate_trend(actor=hr, pulse=last))
        one, one_queries, _ = _timed(lambda: climate_results(actor=hr, pulse=last))

        def by_hand():
            with connection.cursor() as cursor:
                cursor.execute(SQL, [[p.pk for p in pulses]])
                return cursor.fetchall()

        baseline, _, rows = _timed(by_hand)
    plain = {(pulse, key): (count, float(mean)) for pulse, key, count, mean in rows}
    for point in trend:
        assert point.published and point.count == ANSWERED
        for key in ASPECT_KEYS:
            count, mean = plain[point.pulse.pk, key]
            assert count == ANSWERED and round(point.means[key], 6) == round(mean, 6)
    report(
        f"Climate pulse: a group of {MEMBERS}, {PULSES} pulses of {ANSWERED} answers",
        [
            ("the trend over 12 pulses, first publication (s)", f"{first_trend:.3f}"),
            ("  queries", str(first_queries)),
            ("the trend again, nothing new for the ledger (s)", f"{again:.3f}"),
            ("  queries", str(again_queries)),
            ("one pulse's results (s)", f"{one:.4f}"),
            ("  queries", str(one_queries)),
            ("baseline: one SQL query of the same means, no suppression (s)", f"{baseline:.4f}"),
            ("ratio trend (again) / baseline", f"{again / baseline:.1f}"),
        ],
    )
    assert first_trend < 5 and again_queries < first_queries
