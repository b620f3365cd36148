"""Work-group learning: the group's contract (versioned, accepted by each
member), its learning meetings (check-in and check-out, one per session of
its meeting series), goals with their 0-10 positions, actions, and
backspeglingar (an event looked back on, alone first, then together)."""

import uuid

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import Person, TimeStamped, WorkGroup
from spiral.programs.sessions.models import Session

POSITION_MAX = 10


class GroupContract(TimeStamped):
    """One version of a work group's rules for dialogue. The latest version is
    in force; a new one asks every member to accept it again."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="contracts")
    number = models.PositiveIntegerField()
    rules = models.JSONField(default=list)  # the rules, each a sentence, in order
    written_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["work_group_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_group", "number"], name="group_contract_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_group_id} v{self.number}"


class ContractAcceptance(models.Model):
    contract = models.ForeignKey(
        GroupContract, on_delete=models.CASCADE, related_name="acceptances"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    accepted_at = models.DateTimeField()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "person"], name="contract_accepted_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} accepts {self.contract_id}"


class GroupGoal(TimeStamped):
    """What the group works towards; the check-out of each meeting places the
    group on a 0-10 scale for it, and the positions form its trend."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                "work_group", models.functions.Lower("title"), name="group_goal_title_unique"
            )
        ]

    def __str__(self) -> str:
        return self.title


class GroupMeeting(TimeStamped):
    """A learning group meeting: what was said at check-in and check-out of one
    session of the work group's meeting series."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="meetings")
    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="group_meeting")
    # The contract version in force when the meeting checked in.
    contract = models.ForeignKey(
        GroupContract, null=True, blank=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    purpose = models.TextField(_("purpose and goals"), blank=True)
    roles = models.TextField(_("roles"), blank=True)
    time_frame = models.CharField(_("time frame"), max_length=200, blank=True)
    agenda = models.JSONField(default=list, blank=True)  # items, in order
    open_questions = models.TextField(_("open questions"), blank=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    activities = models.TextField(_("activities that move us one step"), blank=True)
    next_purpose = models.TextField(_("purpose of the next meeting"), blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.work_group_id} @ {self.session_id}"


class ParticipantNote(TimeStamped):
    """One participant's words in a meeting, said in the room: expectations and
    fears at check-in, a one-sentence takeaway at check-out."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="notes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    expectations = models.TextField(_("expectations"), blank=True)
    fears = models.TextField(_("fears"), blank=True)
    takeaway = models.CharField(_("takeaway"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="note_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.meeting_id}"


class GoalPosition(models.Model):
    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="positions")
    goal = models.ForeignKey(GroupGoal, on_delete=models.CASCADE, related_name="positions")
    position = models.PositiveSmallIntegerField(validators=[MaxValueValidator(POSITION_MAX)])

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "goal"], name="position_once_per_goal"),
            models.CheckConstraint(
                condition=Q(position__lte=POSITION_MAX), name="position_at_most_ten"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.position}"


class GroupAction(TimeStamped):
    """Something the group decided to do: open until closed, shown at every
    check-in until then. ``pulse_id`` marks one chosen after a climate pulse."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_group = models.ForeignKey(WorkGroup, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(
        GroupMeeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="group_actions"
    )
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    pulse_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["work_group", "pulse_id"],
                condition=Q(pulse_id__isnull=False),
                name="action_once_per_pulse",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="action_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "due"], name="action_open_due")]

    def __str__(self) -> str:
        return self.text


class Backspegling(TimeStamped):
    """An event the group looks back on: each person answers the four
    questions alone (private until they share), then the group records its
    joint picture."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    work_group = models.ForeignKey(
        WorkGroup, on_delete=models.CASCADE, related_name="backspeglingar"
    )
    event = models.CharField(_("the event"), max_length=300)
    started_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joint_happened = models.TextField(_("what happened and what we felt"), blank=True)
    joint_learned = models.TextField(_("what we learned and how we will use it"), blank=True)
    joint_recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.event


class BackspeglingAnswer(TimeStamped):
    """One person's answers to the four questions: private text, seen by its
    author alone until ``shared_at``."""

    backspegling = models.ForeignKey(Backspegling, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    happened = models.TextField(_("what happened?"), blank=True)
    felt = models.TextField(_("what did you feel and think?"), blank=True)
    learned = models.TextField(_("what did you learn?"), blank=True)
    use = models.TextField(_("when can you use it?"), blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["backspegling", "author"], name="backspegling_answer_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_id} on {self.backspegling_id}"
