"""Every read of coaching tracks, for an Actor.

Private rows (goals, notes, exercise answers) are read only through the
``*_private`` selectors, which give the coachee and the coach of a track what
is theirs and everybody else nothing: HR, administrators, process leaders,
other coaches and integrations get no rows, so the API and the pages answer 404.
HR's view of a track is ``track_list_visible``: counts and goal progress."""

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from spiral.programs.coaching.models import (
    CoachingTrack,
    ExerciseAnswer,
    Goal,
    GoalProgress,
    Note,
)
from spiral.programs.org.actors import Actor
from spiral.programs.sessions.models import Session


def _own(actor: Actor, prefix: str = "") -> Q:
    person = actor.person_id
    return Q(**{f"{prefix}coachee_id": person}) | Q(**{f"{prefix}coach_id": person})


def _with_summary(tracks: QuerySet[CoachingTrack]) -> QuerySet[CoachingTrack]:
    """Counts and goal progress: what anyone who sees a track may know of it."""
    progress = GoalProgress.objects.order_by("recorded_at", "id")
    return (
        tracks.select_related("coachee__unit", "coach")
        .annotate(
            notes_count=Count("notes", distinct=True),
            answers_count=Count("answers", distinct=True),
            goals_count=Count("goals", distinct=True),
        )
        .prefetch_related(
            Prefetch("goals", Goal.objects.prefetch_related(Prefetch("progress", progress)))
        )
    )


def track_list_visible(*, actor: Actor) -> QuerySet[CoachingTrack]:
    """Administrators (HR): every track, as counts and progress; a person: the
    tracks they are coached in or coach; integrations: none."""
    tracks = CoachingTrack.objects.all()
    if actor.is_client:
        return tracks.none()
    if not actor.is_tenant_admin:
        if actor.person_id is None:
            return tracks.none()
        tracks = tracks.filter(_own(actor))
    return _with_summary(tracks)


def tracks_as_coachee(*, actor: Actor) -> QuerySet[CoachingTrack]:
    return CoachingTrack.objects.filter(
        coachee_id=actor.person_id, status=CoachingTrack.Status.ACTIVE
    )


def tracks_as_coach(*, actor: Actor) -> QuerySet[CoachingTrack]:
    """The coach's active tracks, each with ``next_session_at`` (or None)."""
    coming = Session.objects.filter(
        component_instance_id=OuterRef("instance_id"), starts_at__gte=timezone.now()
    ).exclude(status=Session.Status.CANCELLED)
    tracks = CoachingTrack.objects.filter(
        coach_id=actor.person_id, status=CoachingTrack.Status.ACTIVE
    ).annotate(next_session_at=Subquery(coming.order_by("starts_at").values("starts_at")[:1]))
    return _with_summary(tracks).order_by("coachee__family_name", "coachee__given_name", "id")


def track_list_private(*, actor: Actor) -> QuerySet[CoachingTrack]:
    """The tracks whose private side the actor may read: their own, as coachee
    or coach. Nobody else, whatever their role."""
    if actor.is_client or actor.person_id is None:
        return CoachingTrack.objects.none()
    return CoachingTrack.objects.filter(_own(actor))


def goal_list_private(*, actor: Actor) -> QuerySet[Goal]:
    if actor.is_client or actor.person_id is None:
        return Goal.objects.none()
    progress = GoalProgress.objects.order_by("recorded_at", "id")
    return (
        Goal.objects.filter(_own(actor, "track__"))
        .select_related("track")
        .prefetch_related(Prefetch("progress", progress))
    )


def note_list_private(*, actor: Actor) -> QuerySet[Note]:
    if actor.is_client or actor.person_id is None:
        return Note.objects.none()
    return Note.objects.filter(_own(actor, "track__")).select_related("track", "author", "session")


def answer_list_private(*, actor: Actor) -> QuerySet[ExerciseAnswer]:
    if actor.is_client or actor.person_id is None:
        return ExerciseAnswer.objects.none()
    return ExerciseAnswer.objects.filter(_own(actor, "track__")).select_related("track", "author")


def track_sessions(*, track: CoachingTrack) -> QuerySet[Session]:
    """The coaching sessions of the track's series (its component's), in time order."""
    if track.instance_id is None:
        return Session.objects.none()
    return (
        Session.objects.filter(component_instance_id=track.instance_id)
        .select_related("organiser")
        .order_by("starts_at", "id")
    )


def coaching_report(*, actor: Actor) -> dict:
    """For HR's reports: counts and the latest progress of each goal, no text."""
    tracks = track_list_visible(actor=actor)
    latest = [
        goal.progress.all()[len(goal.progress.all()) - 1].value
        for track in tracks
        for goal in track.goals.all()
        if goal.progress.all()
    ]
    return {
        "tracks": len(tracks),
        "with_coach": sum(1 for track in tracks if track.coach_id),
        "notes": sum(track.notes_count for track in tracks),
        "exercise_answers": sum(track.answers_count for track in tracks),
        "goals": len([g for t in tracks for g in t.goals.all()]),
        "latest_progress": latest,
    }
