"""Mentoring (DOMAIN.md, "Individual level").

A mentor keeps a profile in the mentor pool (profession, interests,
languages, unit, how many mentees they take). A mentee asks for a mentor with
a request that states their wishes. HR starts a matching run over the open
requests and the active profiles (programs/mentoring/matching.py): it
proposes pairs, each with the parts of its score. Mentor and mentee each
accept or decline; when both accept, the pair becomes a mentorship with goals
and meetings (a session series of kind ``mentoring`` that the mentor
organises). A decline makes the run match again without that pair.

A supervision group (handledning) is a supervisor and members who meet in a
session series of kind ``supervision_group``.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.mentoring.matching import CAPACITY_MAX, CAPACITY_MIN
from spiral.programs.org.models import OrgUnit, Person, TimeStamped
from spiral.programs.sessions.models import SessionSeries


def _words():
    return ArrayField(models.CharField(max_length=80), default=list, blank=True)


class MentorProfile(TimeStamped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mentor_profile")
    profession = models.CharField(_("profession"), max_length=200)
    interests = _words()
    languages = _words()
    # The unit the mentor works in (the person's own when made).
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=1,
        validators=[MinValueValidator(CAPACITY_MIN), MaxValueValidator(CAPACITY_MAX)],
    )
    active = models.BooleanField(_("in the pool"), default=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=CAPACITY_MIN, capacity__lte=CAPACITY_MAX),
                name="mentor_capacity_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class MentoringRequest(TimeStamped):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentoring_requests")
    profession = models.CharField(_("profession wished for"), max_length=200, blank=True)
    interests = _words()
    languages = _words()
    wishes = models.TextField(_("what I hope for"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"], condition=Q(status="open"), name="mentoring_request_one_open"
            )
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class MatchingRun(TimeStamped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    started_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Raised by every rematch after a decline.
    rounds = models.PositiveSmallIntegerField(default=1)
    total_score = models.PositiveIntegerField(default=0)
    mentees = models.PositiveIntegerField(default=0)
    mentors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return str(self.public_id)


class Answer(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MatchProposal(TimeStamped):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted by both")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Replaced by a rematch")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals")
    request = models.ForeignKey(MentoringRequest, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="proposals")
    score = models.PositiveSmallIntegerField()
    # Why: {"parts": {...}, "total": n, "shared_interests": [...], ...}
    reasons = models.JSONField(default=dict)
    round = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    mentor_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)
    mentee_answer = models.CharField(max_length=10, choices=Answer.choices, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="proposal_one_live_per_request",
            )
        ]
        indexes = [models.Index(fields=["run", "status"], name="proposal_run_status")]

    def __str__(self) -> str:
        return str(self.public_id)


class Mentorship(TimeStamped):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentor = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentoring")
    mentee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mentored_by")
    proposal = models.OneToOneField(
        MatchProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentorship"
    )
    series = models.OneToOneField(
        SessionSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.ACTIVE)
    started_on = models.DateField()

    class Meta:
        ordering = ["-started_on", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(mentor=F("mentee")), name="mentorship_not_self")
        ]

    def __str__(self) -> str:
        return str(self.public_id)


class MentorshipGoal(TimeStamped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=300)
    achieved = models.BooleanField(_("achieved"), default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class SupervisionGroup(TimeStamped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    supervisor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervising")
    members = models.ManyToManyField(Person, blank=True, related_name="supervision_groups")
    series = models.OneToOneField(
        SessionSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
