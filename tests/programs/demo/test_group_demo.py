"""The group level's part of the demo tenant: work groups with a contract,
meetings checked in and out with a rising trend, actions (closed and open)
and a backspegling with shared and private answers."""

from django_tenants.utils import schema_context

from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.groups.models import (
    Backspegling,
    BackspeglingAnswer,
    GroupAction,
    GroupContract,
    GroupGoal,
    GroupMeeting,
)


def test_the_demo_has_work_groups_that_meet_and_learn(demo, db):
    with schema_context(demo.tenant.schema_name):
        groups = set(GroupMeeting.objects.values_list("work_group", flat=True))
        assert 1 <= len(groups) <= 3
        assert GroupContract.objects.filter(work_group__in=groups).count() == len(groups)
        meetings = GroupMeeting.objects.filter(checked_out_at__isnull=False)
        assert meetings.count() == GroupMeeting.objects.count() >= 2
        for goal in GroupGoal.objects.all():
            trend = [p.position for p in goal.positions.order_by("meeting__session__starts_at")]
            assert trend == sorted(trend)  # the demo's groups move up, unevenly
        assert GroupAction.objects.filter(status="closed").exists()
        assert GroupAction.objects.filter(status="open").exists()
        assert Backspegling.objects.exclude(joint_learned="").count() == len(groups)
        answers = BackspeglingAnswer.objects.all()
        assert answers.filter(shared_at__isnull=True).exists()
        assert answers.filter(shared_at__isnull=False).exists()
        assert not OutboxMessage.objects.filter(
            topic=EMAIL, key__startswith="nudges:group"
        ).exists()
