"""Every read of a work group's learning, for an Actor. Only the group's
leader and members see any of it (anyone else, HR included, finds nothing:
the group's room is its own); integrations have no way in. Backspegling
answers are their author's alone until shared."""

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)

from spiral.platform.audit.services import audit_record_many
from spiral.programs.groups.kinds import GROUP_MEETINGS
from spiral.programs.groups.membership import groups_of
from spiral.programs.groups.models import (
    Backspegling,
    BackspeglingAnswer,
    ContractAcceptance,
    GoalPosition,
    GroupAction,
    GroupContract,
    GroupGoal,
    GroupMeeting,
    ParticipantNote,
)
from spiral.programs.org.actors import Actor
from spiral.programs.org.models import Person, WorkGroup
from spiral.programs.sessions.models import Session


def _mine(actor: Actor):
    if actor is None or actor.is_client or actor.person_id is None:
        return WorkGroup.objects.none().values("pk")
    return groups_of(actor.person_id).values("pk")


def work_group_list_mine(*, actor: Actor) -> QuerySet[WorkGroup]:
    return (
        WorkGroup.objects.filter(pk__in=_mine(actor))
        .select_related("leader")
        .order_by("name", "id")
    )


def contract_list_visible(*, actor: Actor) -> QuerySet[GroupContract]:
    """Every version of the contracts of the actor's groups, each annotated:
    ``in_force`` (the latest), ``accepted`` (by the actor) and
    ``accepted_by`` (the public ids of those who accepted it)."""
    latest = (
        GroupContract.objects.filter(work_group_id=OuterRef("work_group_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    mine = ContractAcceptance.objects.filter(contract_id=OuterRef("pk"), person_id=actor.person_id)
    return (
        GroupContract.objects.filter(work_group_id__in=_mine(actor))
        .select_related("work_group")
        .annotate(
            in_force=ExpressionWrapper(Q(number=Subquery(latest)), output_field=BooleanField()),
            accepted=Exists(mine),
            accepted_by=ArrayAgg(
                "acceptances__person__public_id", filter=Q(acceptances__isnull=False), default=[]
            ),
        )
    )


def contract_in_force(*, actor: Actor, work_group: WorkGroup) -> GroupContract | None:
    return (
        contract_list_visible(actor=actor).filter(work_group=work_group).order_by("-number").first()
    )


def meeting_list_visible(*, actor: Actor) -> QuerySet[GroupMeeting]:
    return (
        GroupMeeting.objects.filter(work_group_id__in=_mine(actor))
        .select_related("work_group", "session", "contract")
        .annotate(starts_at=F("session__starts_at"))
    )


def meeting_sessions_visible(*, actor: Actor) -> QuerySet[Session]:
    """The sessions of the actor's groups' meeting series, each with its
    meeting if one was opened."""
    return (
        Session.objects.filter(
            kind=GROUP_MEETINGS.key, component_instance__work_group_id__in=_mine(actor)
        )
        .select_related("component_instance__work_group", "group_meeting")
        .order_by("starts_at", "id")
    )


def meeting_notes(*, meeting: GroupMeeting) -> list[ParticipantNote]:
    """What each participant said in the room (the caller sees the meeting)."""
    return list(meeting.notes.select_related("person").order_by("person__given_name", "id"))


def meeting_positions(*, meeting: GroupMeeting) -> list[GoalPosition]:
    return list(meeting.positions.select_related("goal").order_by("goal_id"))


def action_list_visible(*, actor: Actor) -> QuerySet[GroupAction]:
    return GroupAction.objects.filter(work_group_id__in=_mine(actor)).select_related(
        "work_group", "owner", "meeting"
    )


def actions_open_before(*, actor: Actor, meeting: GroupMeeting) -> QuerySet[GroupAction]:
    """What the check-in brings back: the group's open actions that did not
    come out of this meeting."""
    return (
        action_list_visible(actor=actor)
        .filter(work_group_id=meeting.work_group_id, status=GroupAction.Status.OPEN)
        .exclude(meeting=meeting)
        .order_by(F("due").asc(nulls_last=True), "id")
    )


def actions_overdue_led(*, actor: Actor, today) -> QuerySet[GroupAction]:
    """The overdue open actions of the groups the actor leads."""
    return action_list_visible(actor=actor).filter(
        work_group__leader_id=actor.person_id, status=GroupAction.Status.OPEN, due__lt=today
    )


def goal_list_visible(*, actor: Actor) -> QuerySet[GroupGoal]:
    """The goals of the actor's groups, each with its positions in the order
    of the meetings (``positions``: its trend)."""
    positions = GoalPosition.objects.select_related("meeting__session").order_by(
        "meeting__session__starts_at", "id"
    )
    return (
        GroupGoal.objects.filter(work_group_id__in=_mine(actor))
        .select_related("work_group")
        .annotate(measured=Count("positions"))
        .prefetch_related(Prefetch("positions", queryset=positions))
    )


def backspegling_list_visible(*, actor: Actor) -> QuerySet[Backspegling]:
    shared = BackspeglingAnswer.objects.filter(
        backspegling_id=OuterRef("pk"), shared_at__isnull=False
    )
    return (
        Backspegling.objects.filter(work_group_id__in=_mine(actor))
        .select_related("work_group")
        .annotate(shared_count=Subquery(_count(shared)))
    )


def _count(queryset):
    return queryset.order_by().values("backspegling_id").annotate(n=Count("pk")).values("n")


def backspegling_answer_mine(
    *, actor: Actor, backspegling: Backspegling
) -> BackspeglingAnswer | None:
    return BackspeglingAnswer.objects.filter(
        backspegling=backspegling, author_id=actor.person_id
    ).first()


def backspegling_answers_shared(
    *, actor: Actor, backspegling: Backspegling
) -> list[BackspeglingAnswer]:
    """The answers others chose to share (the actor's own is read apart).
    Private text read by someone other than its author: each read is audited."""
    answers = list(
        BackspeglingAnswer.objects.filter(backspegling=backspegling, shared_at__isnull=False)
        .exclude(author_id=actor.person_id)
        .select_related("author")
        .order_by("shared_at", "id")
    )
    if answers:
        audit_record_many(
            action="backspegling_answer.read", objects=answers,
            changes={"reader": actor.person_id},
        )  # fmt: skip
    return answers


def group_people_visible(*, actor: Actor) -> QuerySet[Person]:
    """The leaders and members of the actor's groups (an action's owner is one)."""
    groups = _mine(actor)
    return Person.objects.filter(
        Q(work_groups__in=groups) | Q(led_work_groups__in=groups)
    ).distinct()
