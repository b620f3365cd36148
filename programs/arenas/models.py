"""Learning arenas (sociala arenor för lärande): meeting places that people
join, whose topics the members shape and whose meetings mix the units.

An arena has a capacity. A person who joins is a member while seats are free,
else on the waitlist with a position (1 is next); in an arena by approval the
join is a request until a facilitator approves it. Positions are kept without
gaps: leaving promotes the first on the waitlist and moves everyone after up.
The join service decides a place under a lock on the arena row; the unique
constraints below are the database's backstop against a second seat or a
repeated position. The position constraint is deferred to the end of the
transaction, so closing a gap (every position minus one) is one statement.
"""

import uuid

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import OrgUnit, Person, TimeStamped
from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.sessions.models import Session, SessionSeries

RATING_MIN, RATING_MAX = 1, 5
# The roles an audience rule may name (Person.ROLE_FIELDS without "is_").
ROLES = tuple(field.removeprefix("is_") for field in Person.ROLE_FIELDS)


class Arena(TimeStamped):
    class Kind(models.TextChoices):
        MANAGERS_NETWORK = "managers_network", _("Managers' network across units")
        REFLECTION_FORUM = "reflection_forum", _("Staff reflection forum")
        MENTORING_CIRCLE = "mentoring_circle", _("Mentoring circle")
        OPEN_SEMINAR = "open_seminar", _("Open seminar")

    class Admission(models.TextChoices):
        OPEN = "open", _("Open")
        APPROVAL = "approval", _("By approval")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    admission = models.CharField(
        _("admission"), max_length=10, choices=Admission.choices, default=Admission.OPEN
    )
    capacity = models.PositiveIntegerField(_("capacity"))
    # The audience rule: a person may join if they have one of the roles (none
    # named: any) and work in one of the units' subtrees (none named: anywhere).
    audience_roles = ArrayField(
        models.CharField(max_length=30, choices=[(role, role) for role in ROLES]),
        default=list,
        blank=True,
    )
    audience_units = models.ManyToManyField(OrgUnit, blank=True, related_name="+")
    facilitators = models.ManyToManyField(Person, blank=True, related_name="facilitated_arenas")
    # Set for a programme's arena (the learning_arena component); None for a
    # standing one.
    component_instance = models.OneToOneField(
        ComponentInstance, null=True, blank=True, on_delete=models.CASCADE, related_name="arena"
    )
    series = models.OneToOneField(
        SessionSeries, null=True, blank=True, on_delete=models.SET_NULL, related_name="arena"
    )

    class Meta:
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="arena_capacity_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Membership(TimeStamped):
    class Status(models.TextChoices):
        MEMBER = "member", _("Member")
        WAITLISTED = "waitlisted", _("On the waitlist")
        REQUESTED = "requested", _("Waiting for approval")

    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="arena_memberships")
    status = models.CharField(max_length=10, choices=Status.choices)
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)
    # When they moved up from the waitlist: their page says so.
    promoted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["arena", "waitlist_position", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["arena", "person"], name="arena_membership_once"),
            models.UniqueConstraint(
                fields=["arena", "waitlist_position"],
                name="arena_waitlist_position_once",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=(Q(status="waitlisted", waitlist_position__gte=1))
                | (Q(status__in=["member", "requested"], waitlist_position__isnull=True)),
                name="arena_waitlist_position_iff_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="arena_membership_person")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.arena_id}: {self.status}"


class Topic(TimeStamped):
    """A topic a member proposed; a facilitator may pick it for a session."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    arena = models.ForeignKey(Arena, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    proposed_by = models.ForeignKey(
        Person, null=True, on_delete=models.SET_NULL, related_name="arena_topics"
    )
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="arena_topics"
    )
    picked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["arena", "-created_at", "id"]

    def __str__(self) -> str:
        return self.title


class TopicVote(TimeStamped):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="arena_votes")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "person"], name="arena_vote_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} for {self.topic_id}"


class SessionRating(TimeStamped):
    """A participant's rating of one arena session, and a comment (private
    text: shown only in aggregates, sorted, never with its author). Given
    once: the anonymity engine's ledger needs answers that do not change."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="arena_ratings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="arena_ratings")
    rating = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="arena_rating_once"),
            models.CheckConstraint(
                condition=Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="arena_rating_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} rated {self.session_id}"
