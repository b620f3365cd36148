"""Every write to sessions: materialising series, moving, cancelling, holding
and recording attendance."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.core.errors import ConflictError
from spiral.programs.sessions.invitations import invitations_publish, session_invitation_queryset
from spiral.programs.sessions.models import (
    Attendance,
    NotificationPreference,
    Session,
    SessionSeries,
)

HORIZON = timedelta(days=90)


def occurrences(
    series: SessionSeries, *, after: datetime | None, until: datetime
) -> list[datetime]:
    """The series' sessions (aware datetimes) after ``after`` up to ``until``.
    The rule runs on local wall-clock time, so 09:00 stays 09:00 in summer and
    winter; each local time is then placed in the zone."""
    zone = ZoneInfo(series.time_zone)
    first = datetime.combine(series.starts_on, series.start_time)
    local_until = until.astimezone(zone).replace(tzinfo=None)
    local_after = after.astimezone(zone).replace(tzinfo=None) if after else None
    if series.rule:
        times = rrulestr(f"RRULE:{series.rule}", dtstart=first).between(
            local_after or first - timedelta(seconds=1), local_until, inc=False
        )
    else:
        times = (
            [first] if (local_after is None or first > local_after) and first <= local_until else []
        )
    skipped = set(series.exceptions)
    return [t.replace(tzinfo=zone) for t in times if t.date().isoformat() not in skipped]


@transaction.atomic
def series_materialise(*, series: SessionSeries, until: datetime) -> int:
    """Creates the series' sessions up to ``until`` that do not exist yet, with an
    attendance row per participant. Safe to run twice: an occurrence is unique."""
    series = SessionSeries.objects.select_for_update().get(pk=series.pk)
    starts = occurrences(series, after=series.materialised_until, until=until)
    length = timedelta(minutes=series.duration_minutes)
    Session.objects.bulk_create(
        [
            Session(
                series=series, occurrence=start, kind=series.kind, title=series.title,
                organiser_id=series.organiser_id, starts_at=start, ends_at=start + length,
                place=series.place, video_link=series.video_link,
            )
            for start in starts
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    if starts:
        created = Session.objects.filter(series=series, occurrence__in=starts).values_list(
            "pk", flat=True
        )
        people = list(series.participants.values_list("pk", flat=True))
        Attendance.objects.bulk_create(
            [Attendance(session_id=s, person_id=p) for s in created for p in people],
            ignore_conflicts=True,
        )
    series.materialised_until = until
    series.save(update_fields=["materialised_until", "updated_at"])
    if starts:
        invitations_publish(
            list(session_invitation_queryset().filter(series=series, occurrence__in=starts))
        )
    return len(starts)


def sessions_materialise_horizon(*, now: datetime | None = None) -> int:
    """Every series of the tenant, up to the rolling horizon (90 days)."""
    until = (now or timezone.now()) + HORIZON
    due = SessionSeries.objects.exclude(materialised_until__gte=until)
    return sum(series_materialise(series=series, until=until) for series in due.iterator())


def _changed(session: Session, **fields) -> Session:
    """A change the invited must hear of: the sequence goes up and a new
    invitation (or cancellation) goes out with the change."""
    for name, value in fields.items():
        setattr(session, name, value)
    session.sequence += 1
    session.full_clean()
    session.save()
    invitations_publish([session_invitation_queryset().get(pk=session.pk)])
    return session


@transaction.atomic
def session_move(*, session: Session, starts_at: datetime, ends_at: datetime) -> Session:
    if session.status in {Session.Status.CANCELLED, Session.Status.HELD}:
        raise ConflictError(
            _("A session that is %(status)s cannot be moved.") % {"status": session.status}
        )
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The session must end after it starts.")]})
    return _changed(session, starts_at=starts_at, ends_at=ends_at, status=Session.Status.MOVED)


@transaction.atomic
def session_cancel(*, session: Session) -> Session:
    if session.status == Session.Status.HELD:
        raise ConflictError(_("A session that was held cannot be cancelled."))
    return _changed(session, status=Session.Status.CANCELLED)


@transaction.atomic
def session_mark_held(*, session: Session) -> Session:
    if session.status == Session.Status.CANCELLED:
        raise ConflictError(_("A cancelled session cannot be marked held."))
    session.status = Session.Status.HELD
    session.save(update_fields=["status", "updated_at"])
    return session


@transaction.atomic
def attendance_record(*, session: Session, present: dict[int, bool]) -> None:
    """Records who attended; people not invited are refused."""
    rows = {a.person_id: a for a in session.attendances.select_for_update()}
    unknown = set(present) - set(rows)
    if unknown:
        raise ValidationError({"attendance": [_("Only invited people can attend.")]})
    for person_id, attended in present.items():
        rows[person_id].attended = attended
    Attendance.objects.bulk_update(list(rows.values()), ["attended"])


@transaction.atomic
def preference_get_or_create(*, person_id: int) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(person_id=person_id)
    return preference


@transaction.atomic
def preference_update(*, preference: NotificationPreference, **changes) -> NotificationPreference:
    for name, value in changes.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    return preference
