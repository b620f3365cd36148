import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from spiral.programs.org.models import Person, TimeStamped
from spiral.programs.programmes.models import ComponentInstance


class SessionSeries(TimeStamped):
    """A repeating session: an RFC 5545 rule over a local start time. Times are
    kept local (Europe/Stockholm) so that a 09:00 meeting stays at 09:00 across
    the daylight-saving changes; sessions store the UTC instant."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=40)  # the component kind: coaching_track, ...
    component_instance = models.ForeignKey(
        ComponentInstance, null=True, blank=True, on_delete=models.CASCADE, related_name="series"
    )
    title = models.CharField(_("title"), max_length=200)
    organiser = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="organised_series"
    )
    participants = models.ManyToManyField(Person, blank=True, related_name="session_series")
    # The first session's local date and wall-clock time.
    starts_on = models.DateField()
    start_time = models.TimeField()
    time_zone = models.CharField(max_length=50, default="Europe/Stockholm")
    duration_minutes = models.PositiveSmallIntegerField(default=60)
    rule = models.CharField(max_length=300, blank=True)  # e.g. FREQ=WEEKLY;INTERVAL=2
    exceptions = models.JSONField(default=list, blank=True)  # local dates without a session
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    materialised_until = models.DateTimeField(null=True, blank=True)
    # Raised on every change to the series as a whole (its details, its
    # people); the series' invitation carries it (RFC 5546).
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_on", "start_time", "id"]
        constraints = [
            # The series a component gets from enrolment; made once.
            models.UniqueConstraint(
                fields=["component_instance"],
                condition=models.Q(component_instance__isnull=False),
                name="series_once_per_component_instance",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Session(TimeStamped):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        MOVED = "moved", _("Moved")
        CANCELLED = "cancelled", _("Cancelled")
        HELD = "held", _("Held")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.ForeignKey(
        SessionSeries, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    # The programme component the session belongs to (a one-off session too).
    component_instance = models.ForeignKey(
        ComponentInstance, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    # The series' occurrence this session is (its original local start): a
    # second materialisation of the same occurrence is a no-op.
    occurrence = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=40)
    title = models.CharField(_("title"), max_length=200)
    organiser = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="organised_sessions"
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # Raised on every change; the calendar invitation carries it (RFC 5546).
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"],
                condition=models.Q(series__isnull=False),
                name="session_once_per_occurrence",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="attendances")
    attended = models.BooleanField(null=True)  # None: not yet recorded

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.session_id}"


class CalendarFeed(TimeStamped):
    """A person's calendar subscription. Its address is signed from the person
    and ``version``: renewing raises the version (the old address stops
    working), revoking switches it off."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="calendar_feed")
    version = models.PositiveIntegerField(default=1)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.person_id} v{self.version}"


class NotificationPreference(TimeStamped):
    """What a person wants to be told, and when not to be disturbed. Messages
    that fall in the quiet hours wait until they end."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="notification_preference"
    )
    reminders = models.BooleanField(_("reminders before sessions"), default=True)
    follow_ups = models.BooleanField(_("follow-ups after sessions"), default=True)
    nudges = models.BooleanField(_("nudges from programmes"), default=True)
    digest = models.BooleanField(_("weekly digest"), default=True)
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"preferences of {self.person_id}"
