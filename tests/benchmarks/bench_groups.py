"""Group actions (make bench BENCH_ARGS='-k groups'): the hourly overdue task
over 1,000 overdue actions of 200 work groups (one nudge per owner and day),
run twice (the second run writes nothing), against one plain
``outbox_publish`` of the same 1,000 messages."""

import time
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.platform.outbox.services import Publication, outbox_publish
from spiral.programs.groups.actions import actions_overdue_nudge
from spiral.programs.groups.models import GroupAction
from spiral.programs.org.models import Person, WorkGroup
from tests.benchmarks.conftest import report
from tests.factories import OrgUnitFactory

GROUPS, PER_GROUP = 200, 5
NOW = datetime(2027, 3, 3, 10, tzinfo=ZoneInfo("Europe/Stockholm"))


def _overdue_actions() -> list[GroupAction]:
    unit = OrgUnitFactory(name="Bänkenheten", external_id="BENCH-G")
    people = Person.objects.bulk_create(
        Person(external_id=f"G{n:05d}", given_name="Med", family_name=f"Arbetare {n}",
               email=f"med{n}@bench.example.se", unit=unit)
        for n in range(GROUPS * PER_GROUP)
    )  # fmt: skip
    groups = WorkGroup.objects.bulk_create(
        WorkGroup(name=f"Grupp {n}", unit=unit, leader=people[n * PER_GROUP]) for n in range(GROUPS)
    )
    WorkGroup.members.through.objects.bulk_create(
        WorkGroup.members.through(workgroup_id=group.pk, person_id=people[g * PER_GROUP + i].pk)
        for g, group in enumerate(groups)
        for i in range(PER_GROUP)
    )
    return GroupAction.objects.bulk_create(
        GroupAction(work_group=groups[n // PER_GROUP], text=f"Åtgärd {n}", owner=person,
                    due=date(2027, 2, 1))
        for n, person in enumerate(people)
    )  # fmt: skip


def _timed(call):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        result = call()
        seconds = time.perf_counter() - started
    return seconds, len(captured), result


def test_the_overdue_task_over_1000_actions(db, provisioned_tenants):
    tenant = provisioned_tenants["a"]
    with schema_context(tenant.schema_name):
        actions = _overdue_actions()
        first, first_queries, written = _timed(lambda: actions_overdue_nudge(now=NOW))
        again, again_queries, rewritten = _timed(lambda: actions_overdue_nudge(now=NOW))
        assert written == len(actions) and rewritten == 0
        OutboxMessage.objects.filter(key__startswith="nudges:group-action:").delete()
        messages = [
            Publication(EMAIL, f"bench:{a.public_id}", {"to": "x@bench.example.se",
                        "subject": "s", "body": "b"})
            for a in actions
        ]  # fmt: skip
        baseline, _, _ = _timed(lambda: outbox_publish(messages))
    report(
        "groups: overdue actions, 1,000 owners",
        [
            ("first run (1,000 nudges written)", f"{first * 1000:.0f} ms, {first_queries} queries"),
            ("second run the same day (nothing written)",
             f"{again * 1000:.0f} ms, {again_queries} queries"),
            ("baseline: one outbox_publish of 1,000 messages", f"{baseline * 1000:.0f} ms"),
            ("ratio first run / baseline", f"{first / baseline:.1f}"),
        ],
    )  # fmt: skip
