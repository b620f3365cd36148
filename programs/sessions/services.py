"""Every write to sessions: materialising series, moving, cancelling, holding
and recording attendance."""

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.changes import changed_fields, created_fields, snapshot
from spiral.platform.audit.services import audit_record, audit_record_many
from spiral.platform.core.errors import ConflictError
from spiral.platform.outbox.services import outbox_publish
from spiral.programs.org.models import Person
from spiral.programs.sessions.invitations import (
    series_cancellations,
    series_invitation_queryset,
    series_invitations,
    session_invitation_queryset,
    session_invitations,
)
from spiral.programs.sessions.models import (
    Attendance,
    NotificationPreference,
    Session,
    SessionSeries,
)
from spiral.tenants.validators import validate_quiet_hours

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


MATERIALISE_BATCH = 500


def series_materialise(*, series: SessionSeries, until: datetime) -> int:
    """Creates the series' sessions up to ``until`` that do not exist yet."""
    return _materialise_batch([series.pk], until=until)


def sessions_materialise_horizon(*, now: datetime | None = None) -> int:
    """Every series of the tenant, up to the rolling horizon (90 days), in
    batches: each batch is one transaction of a few bulk statements."""
    until = (now or timezone.now()) + HORIZON
    due = list(
        SessionSeries.objects.exclude(materialised_until__gte=until)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return sum(
        _materialise_batch(due[i : i + MATERIALISE_BATCH], until=until)
        for i in range(0, len(due), MATERIALISE_BATCH)
    )


@transaction.atomic
def _materialise_batch(series_ids: list[int], *, until: datetime) -> int:
    """Creates the sessions of these series up to ``until``, with an attendance
    row per participant, and invites the participants of the series
    materialised for the first time: one invitation per person and series (the
    rule, not its sessions), so extending the horizon sends nothing. Safe to
    run twice (and beside another run): the series are locked and an
    occurrence is unique."""
    batch = list(
        SessionSeries.objects.select_for_update()
        .filter(pk__in=series_ids)
        .exclude(materialised_until__gte=until)
        .order_by("pk")
    )
    if not batch:
        return 0
    first_time = [s.pk for s in batch if s.materialised_until is None]
    starts = {s.pk: occurrences(s, after=s.materialised_until, until=until) for s in batch}
    Session.objects.bulk_create(
        [
            Session(
                series=series, component_instance_id=series.component_instance_id,
                occurrence=start, kind=series.kind, title=series.title,
                organiser_id=series.organiser_id, starts_at=start,
                ends_at=start + timedelta(minutes=series.duration_minutes),
                place=series.place, video_link=series.video_link,
            )
            for series in batch
            for start in starts[series.pk]
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )  # fmt: skip
    SessionSeries.objects.filter(pk__in=list(starts)).update(
        materialised_until=until, updated_at=timezone.now()
    )
    # One event per series, not per session: the sessions follow from the rule.
    audit_record_many(
        action="session_series.materialised",
        objects=batch,
        changes=lambda series: {"materialised_until": [series.materialised_until, until]},
    )

    # Attendance rows and invitations, for the series that have participants.
    people: dict[int, list[int]] = {}
    for series_id, person_id in SessionSeries.participants.through.objects.filter(
        sessionseries_id__in=list(starts)
    ).values_list("sessionseries_id", "person_id"):
        people.setdefault(series_id, []).append(person_id)
    wanted = {(series_id, start) for series_id in people for start in starts[series_id]}
    if wanted:
        new_sessions = [
            (pk, series_id)
            for pk, series_id, occurrence in Session.objects.filter(
                series_id__in=list(people), occurrence__in={start for _id, start in wanted}
            ).values_list("pk", "series_id", "occurrence")
            if (series_id, occurrence) in wanted
        ]
        Attendance.objects.bulk_create(
            [
                Attendance(session_id=pk, person_id=person_id)
                for pk, series_id in new_sessions
                for person_id in people[series_id]
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
    invited = [pk for pk in first_time if pk in people]
    if invited:
        outbox_publish(series_invitations(series_invitation_queryset().filter(pk__in=invited)))
    return sum(len(times) for times in starts.values())


def _changed(session: Session, action: str, **fields) -> Session:
    """A change the invited must hear of: the sequence goes up and an update
    (or cancellation) of this occurrence goes out with the change."""
    before = snapshot(session, [*fields, "sequence"])
    for name, value in fields.items():
        setattr(session, name, value)
    session.sequence += 1
    session.full_clean()
    session.save()
    after = snapshot(session, [*fields, "sequence"])
    audit_record(action=action, obj=session, changes=changed_fields(before, after))
    outbox_publish(session_invitations(session_invitation_queryset().get(pk=session.pk)))
    return session


@transaction.atomic
def session_move(*, session: Session, starts_at: datetime, ends_at: datetime) -> Session:
    if session.status in {Session.Status.CANCELLED, Session.Status.HELD}:
        raise ConflictError(
            _("A session that is %(status)s cannot be moved.") % {"status": session.status}
        )
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": [_("A session cannot be moved into the past.")]})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": [_("The session must end after it starts.")]})
    return _changed(
        session, "session.moved", starts_at=starts_at, ends_at=ends_at, status=Session.Status.MOVED
    )


@transaction.atomic
def session_cancel(*, session: Session) -> Session:
    if session.status == Session.Status.HELD:
        raise ConflictError(_("A session that was held cannot be cancelled."))
    return _changed(session, "session.cancelled", status=Session.Status.CANCELLED)


@transaction.atomic
def session_mark_held(*, session: Session) -> Session:
    if session.status == Session.Status.CANCELLED:
        raise ConflictError(_("A cancelled session cannot be marked held."))
    if session.starts_at > timezone.now():
        raise ValidationError({"status": [_("A session cannot be marked held before it starts.")]})
    before = session.status
    session.status = Session.Status.HELD
    session.save(update_fields=["status", "updated_at"])
    audit_record(
        action="session.held",
        obj=session,
        changes=changed_fields({"status": before}, {"status": session.status}),
    )
    return session


HISTORY_BATCH = 5000


@transaction.atomic
def sessions_history_record(*, attendance: Mapping[int, Mapping[int, bool]]) -> int:
    """Records sessions that took place, in a few bulk statements whatever
    their number: each session (by id) was held, and each person (by id)
    attended or not. For a past written at once (the demo tenant's, or one
    brought over from another system), where ``session_mark_held`` and
    ``attendance_record`` go one session at a time. The same rules hold: a
    session must have started and not be cancelled. A person the session has
    no attendance row for gets one: they were there, whatever its series says
    now. Running it twice changes nothing the second time. Returns the number
    of sessions newly marked held."""
    sessions = list(
        Session.objects.select_for_update()
        .filter(pk__in=list(attendance))
        .only("pk", "public_id", "status", "starts_at")
    )
    if len(sessions) != len(attendance):
        raise ValueError("Unknown session ids.")
    now = timezone.now()
    if any(session.starts_at > now for session in sessions):
        raise ValidationError({"status": [_("A session cannot be marked held before it starts.")]})
    if any(session.status == Session.Status.CANCELLED for session in sessions):
        raise ConflictError(_("A cancelled session cannot be marked held."))
    newly_held = [s for s in sessions if s.status != Session.Status.HELD]
    audit_record_many(
        action="session.held",
        objects=newly_held,
        changes=lambda session: {"status": [session.status, Session.Status.HELD]},
    )
    for start in range(0, len(newly_held), HISTORY_BATCH):
        Session.objects.filter(
            pk__in=[s.pk for s in newly_held[start : start + HISTORY_BATCH]]
        ).update(status=Session.Status.HELD)
    rows = {
        (session_id, person_id): (pk, attended)
        for pk, session_id, person_id, attended in Attendance.objects.filter(
            session_id__in=list(attendance)
        ).values_list("pk", "session_id", "person_id", "attended")
    }
    before: dict[int, dict[int, bool | None]] = {}
    after: dict[int, dict[int, bool]] = {}
    present, absent, missing = [], [], []
    for session_id, people in attendance.items():
        for person_id, attended in people.items():
            pk, was = rows.get((session_id, person_id), (None, None))
            if pk is not None and was == attended:
                continue
            before.setdefault(session_id, {})[person_id] = was
            after.setdefault(session_id, {})[person_id] = attended
            if pk is None:
                missing.append(
                    Attendance(session_id=session_id, person_id=person_id, attended=attended)
                )
            else:
                (present if attended else absent).append(pk)
    Attendance.objects.bulk_create(missing, batch_size=2000)
    for pks, attended in ((present, True), (absent, False)):
        for start in range(0, len(pks), HISTORY_BATCH):
            Attendance.objects.filter(pk__in=pks[start : start + HISTORY_BATCH]).update(
                attended=attended
            )
    # As attendance_record writes it: on the session, by person id.
    audit_record_many(
        action="session.attendance_recorded",
        objects=[session for session in sessions if session.pk in after],
        changes=lambda session: {"attendance": [before[session.pk], after[session.pk]]},
    )
    return len(newly_held)


SERIES_DETAILS = ("title", "place", "video_link", "duration_minutes")


@transaction.atomic
def series_update(*, series: SessionSeries, **changes) -> SessionSeries:
    """A change to the whole series (its title, place, video link or length):
    its coming sessions follow (a moved one keeps its own times), the series'
    sequence goes up and its people get the updated series."""
    unknown = set(changes) - set(SERIES_DETAILS)
    if unknown:
        raise ValidationError({name: [_("This cannot be changed here.")] for name in unknown})
    series = SessionSeries.objects.select_for_update().get(pk=series.pk)
    before = snapshot(series, [*changes, "sequence"])
    for name, value in changes.items():
        setattr(series, name, value)
    series.sequence += 1
    series.full_clean()
    series.save()
    coming = Session.objects.filter(series=series, starts_at__gte=timezone.now()).exclude(
        status__in=[Session.Status.CANCELLED, Session.Status.HELD]
    )
    same = {name: changes[name] for name in ("title", "place", "video_link") if name in changes}
    if same:
        coming.update(**same)  # the TimeStamped queryset moves updated_at
    if "duration_minutes" in changes:
        coming.filter(status=Session.Status.SCHEDULED).update(
            ends_at=F("starts_at") + timedelta(minutes=series.duration_minutes),
        )
    audit_record(
        action="session_series.updated",
        obj=series,
        changes=changed_fields(before, snapshot(series, [*changes, "sequence"])),
    )
    outbox_publish(series_invitations(series_invitation_queryset().filter(pk=series.pk)))
    return series


@transaction.atomic
def series_participants_set(
    *, series: SessionSeries, people: list[int], update_everyone: bool = True
) -> SessionSeries:
    """Who takes part in the series. Newcomers are invited to its coming
    sessions, people who leave are taken off them and get a cancellation of
    the series; everyone who stays gets the series with its new attendees,
    unless ``update_everyone`` is False: an open group whose people come and go
    one by one (an arena) would otherwise send every member an update per join."""
    series = SessionSeries.objects.select_for_update().get(pk=series.pk)
    current = set(series.participants.values_list("pk", flat=True))
    wanted = set(people)
    added, removed = wanted - current, current - wanted
    if not (added or removed):
        return series
    series.sequence += 1
    series.save(update_fields=["sequence", "updated_at"])
    series.participants.set(sorted(wanted))
    future = Session.objects.filter(series=series, starts_at__gte=timezone.now()).exclude(
        status=Session.Status.HELD
    )
    Attendance.objects.filter(session__in=future, person_id__in=removed).delete()
    coming = future.exclude(status=Session.Status.CANCELLED)
    Attendance.objects.bulk_create(
        [
            Attendance(session_id=pk, person_id=person_id)
            for pk in coming.values_list("pk", flat=True)
            for person_id in added
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    audit_record(
        action="session_series.participants_changed",
        obj=series,
        changes={
            "participants": [sorted(current), sorted(wanted)],
            "sequence": [series.sequence - 1, series.sequence],
        },
    )
    series = series_invitation_queryset().get(pk=series.pk)
    told = None
    if not update_everyone:
        told = {series.pk: [p for p in series.participants.all() if p.pk in added]}
    outbox_publish(
        [
            *series_invitations([series], people=told),
            *series_cancellations(
                series, Person.objects.filter(pk__in=removed).select_related("user")
            ),
        ]
    )
    return series


@transaction.atomic
def attendance_record(*, session: Session, present: dict[int, bool]) -> None:
    """Records who attended; people not invited are refused."""
    rows = {a.person_id: a for a in session.attendances.select_for_update()}
    unknown = set(present) - set(rows)
    if unknown:
        raise ValidationError({"attendance": [_("Only invited people can attend.")]})
    changed = {p: a for p, a in present.items() if rows[p].attended != a}
    # Recorded on the session, so that its trail shows who attended, by person id.
    audit_record(
        action="session.attendance_recorded",
        obj=session,
        changes={"attendance": [{p: rows[p].attended for p in changed}, changed]},
    )
    for person_id, attended in present.items():
        rows[person_id].attended = attended
    Attendance.objects.bulk_update(list(rows.values()), ["attended"])


@transaction.atomic
def preference_get_or_create(*, person_id: int) -> NotificationPreference:
    preference, created = NotificationPreference.objects.get_or_create(person_id=person_id)
    if created:
        audit_record(
            action="notification_preference.created",
            obj=preference,
            changes=created_fields(preference, ["person"]),
        )
    return preference


@transaction.atomic
def preference_update(*, preference: NotificationPreference, **changes) -> NotificationPreference:
    before = snapshot(preference, changes)
    for name, value in changes.items():
        setattr(preference, name, value)
    validate_quiet_hours(preference.quiet_from, preference.quiet_until)
    preference.full_clean()
    preference.save()
    audit_record(
        action="notification_preference.updated",
        obj=preference,
        changes=changed_fields(before, snapshot(preference, changes)),
    )
    return preference
