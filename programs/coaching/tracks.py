"""A track's life: made when enrolment gives a manager the coaching_track
component, a coach assigned (automatically, or by HR with a reason), handed on
when the coach leaves. The coach becomes the organiser of the track's session
series and takes part in it, and gets the support assignment that lets their
login see the coachee; the previous coach loses it. Goals, progress, notes and
answers belong to the track, so they stay through every change of coach."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.coaching.assignment import coach_choose, coach_may_take
from spiral.programs.coaching.kinds import COACHING_TRACK
from spiral.programs.coaching.models import CoachChange, CoachingTrack
from spiral.programs.org.models import Person, SupportAssignment
from spiral.programs.programmes.models import ComponentInstance
from spiral.programs.sessions.models import Session, SessionSeries
from spiral.programs.sessions.services import series_participants_set

Cause = CoachChange.Cause


def track_for_component(message: OutboxMessage) -> None:
    """Subscriber of ``programmes.component_instance.created``."""
    payload = message.payload
    if not payload.get("enrolment"):
        return
    instance = (
        ComponentInstance.objects.select_related("component", "enrolment__person__unit")
        .filter(component_id=payload["component"], enrolment_id=payload["enrolment"])
        .first()
    )
    if instance is None or instance.component.kind != COACHING_TRACK.key:
        return
    track_create(instance=instance)


@transaction.atomic
def track_create(
    *, instance: ComponentInstance, coach: Person | None = None, reason: str = "",
    automatic: bool = True,
) -> CoachingTrack:  # fmt: skip
    """The instance's track, made once, with a coach if one has room (or
    ``coach``, chosen by hand with ``reason``; or none, for HR to choose,
    when not ``automatic``)."""
    track, created = CoachingTrack.objects.get_or_create(
        instance=instance, defaults={"coachee": instance.enrolment.person}
    )
    if created:
        audit_record(action="coaching.track.created", obj=track)
        if coach is not None:
            track = track_coach_set(track=track, coach=coach, reason=reason)
        elif automatic:
            track = track_assign_automatically(track=track)
    return track


@transaction.atomic
def track_assign_automatically(*, track: CoachingTrack, cause: str = Cause.AUTOMATIC,
                               exclude: set[int] = frozenset()) -> CoachingTrack:  # fmt: skip
    coach_id = coach_choose(coachee=track.coachee, exclude=exclude)
    coach = Person.objects.get(pk=coach_id) if coach_id else None
    return _coach_change(track=track, coach=coach, cause=cause, reason="")


@transaction.atomic
def track_coach_set(*, track: CoachingTrack, coach: Person, reason: str) -> CoachingTrack:
    """HR's manual override: any active coach outside the coachee's reporting
    line, over capacity if need be; the reason is kept and audited."""
    if not reason or not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for choosing this coach.")]})
    if not coach_may_take(coach=coach, coachee=track.coachee):
        raise ValidationError(
            {"coach": [_("Choose an active coach outside the coachee's reporting line.")]}
        )
    return _coach_change(track=track, coach=coach, cause=Cause.MANUAL, reason=reason.strip())


def _coach_change(*, track: CoachingTrack, coach: Person | None, cause: str,
                  reason: str) -> CoachingTrack:  # fmt: skip
    track = CoachingTrack.objects.select_for_update().select_related("coachee").get(pk=track.pk)
    previous_id = track.coach_id
    if coach is None and previous_id is None:
        return track
    if coach is not None and coach.pk == previous_id:
        return track
    track.coach = coach
    track.save(update_fields=["coach", "updated_at"])
    CoachChange.objects.create(
        track=track, coach=coach, previous_id=previous_id, cause=cause, reason=reason
    )
    _support_follow(track, previous_id)
    _series_follow(track)
    audit_record(
        action="coaching.track.coach_changed",
        obj=track,
        changes={"coach": [previous_id, coach.pk if coach else None], "cause": cause,
                 "reason": reason},
    )  # fmt: skip
    return track


def _support_follow(track: CoachingTrack, previous_id: int | None) -> None:
    """The support assignment is what lets a coach's login see the coachee."""
    if previous_id is not None:
        still = CoachingTrack.objects.filter(
            coach_id=previous_id, coachee_id=track.coachee_id, status=CoachingTrack.Status.ACTIVE
        ).exists()
        if not still:
            SupportAssignment.objects.filter(
                kind=SupportAssignment.Kind.COACH, supporter_id=previous_id,
                person_id=track.coachee_id,
            ).delete()  # fmt: skip
    if track.coach_id is not None:
        SupportAssignment.objects.get_or_create(
            kind=SupportAssignment.Kind.COACH, supporter_id=track.coach_id,
            person_id=track.coachee_id,
        )  # fmt: skip


def _series_follow(track: CoachingTrack) -> None:
    """The coach organises the track's series and its coming sessions, and
    takes part; a former coach is taken off (and gets a cancellation)."""
    series = SessionSeries.objects.filter(component_instance_id=track.instance_id).first()
    if series is None:
        return  # the scheduler, when it makes it, finds the coach's assignment
    # Without a coach, the programme owner organises, as the scheduler does.
    owner_id = ComponentInstance.objects.filter(pk=track.instance_id).values_list(
        "component__programme__owner_id", flat=True
    )[0]
    organiser = track.coach_id or owner_id
    SessionSeries.objects.filter(pk=series.pk).update(organiser_id=organiser)
    Session.objects.filter(series=series, starts_at__gte=timezone.now()).exclude(
        status=Session.Status.HELD
    ).update(organiser_id=organiser)
    people = {track.coachee_id} | ({track.coach_id} if track.coach_id else set())
    series_participants_set(series=series, people=sorted(people))


def tracks_hand_on(message: OutboxMessage | None = None) -> int:
    """Subscriber of ``org.people_changed``: every active track whose coach is
    leaving, has left or is no longer a coach goes to another coach (or waits
    for HR, when nobody has room), its history intact. Returns how many moved."""
    gone = Q(coach__status__in=[Person.Status.LEAVING, Person.Status.LEFT]) | Q(
        coach__is_coach=False
    )
    moved = 0
    tracks = CoachingTrack.objects.filter(gone, status=CoachingTrack.Status.ACTIVE)
    for track in tracks.select_related("coachee__unit").order_by("id"):
        with transaction.atomic():
            track_assign_automatically(
                track=track, cause=Cause.COACH_LEFT, exclude={track.coach_id}
            )
            moved += 1
    return moved
