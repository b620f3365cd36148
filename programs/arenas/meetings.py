"""Writes about what an arena's meetings are about and how they went: topic
proposals and votes (the members shape the content), the facilitator's pick
of a topic for a session, attendance, and a participant's rating. Audited;
the audit trail never holds a comment (private text) or a rating."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from spiral.platform.audit.services import audit_record
from spiral.platform.core.errors import ConflictError
from spiral.programs.arenas.models import RATING_MAX, RATING_MIN, Arena, SessionRating, Topic
from spiral.programs.arenas.models import TopicVote as Vote
from spiral.programs.arenas.services import arena_series
from spiral.programs.org.models import Person
from spiral.programs.sessions.models import Attendance, Session
from spiral.programs.sessions.services import attendance_record

COMMENT_MAX_LENGTH = 2000


@transaction.atomic
def topic_propose(*, arena: Arena, person: Person, title: str, description: str = "") -> Topic:
    title = title.strip()
    if not title:
        raise ValidationError({"title": [_("Give the topic a title.")]})
    topic = Topic.objects.create(
        arena=arena, proposed_by=person, title=title, description=description.strip()
    )
    audit_record(action="arena_topic.proposed", obj=topic, changes={"title": [None, title]})
    return topic


@transaction.atomic
def topic_vote(*, topic: Topic, person: Person, vote: bool = True) -> bool:
    """One vote per person and topic: voting again changes nothing, and a
    vote can be taken back. Returns whether anything changed."""
    if not vote:
        removed, _rows = Vote.objects.filter(topic=topic, person=person).delete()
        if removed:
            audit_record(
                action="arena_topic.unvoted", obj=topic, changes={"voter": [person.pk, None]}
            )
        return bool(removed)
    try:
        with transaction.atomic():  # a vote racing its twin: the constraint decides
            Vote.objects.create(topic=topic, person=person)
    except IntegrityError:
        return False
    audit_record(action="arena_topic.voted", obj=topic, changes={"voter": [None, person.pk]})
    return True


def _of_arena(session: Session, arena: Arena) -> None:
    series = arena_series(arena)
    if series is None or session.series_id != series.pk:
        raise ValidationError({"session": [_("The session is not one of this arena's.")]})


@transaction.atomic
def topic_pick(*, topic: Topic, session: Session) -> Topic:
    """The facilitator takes a proposal up in one of the arena's sessions."""
    _of_arena(session, topic.arena)
    before = topic.session_id
    topic.session, topic.picked_at = session, timezone.now()
    topic.save(update_fields=["session", "picked_at", "updated_at"])
    audit_record(action="arena_topic.picked", obj=topic, changes={"session": [before, session.pk]})
    return topic


@transaction.atomic
def arena_attendance_record(*, arena: Arena, session: Session, present: dict[int, bool]) -> None:
    """Who came to one of the arena's sessions (the sessions app records it)."""
    _of_arena(session, arena)
    if session.starts_at > timezone.now():
        raise ValidationError({"attendance": [_("Attendance is recorded once it has started.")]})
    attendance_record(session=session, present=present)


@transaction.atomic
def session_rate(
    *, session: Session, person: Person, rating: int, comment: str = ""
) -> SessionRating:
    """A participant's rating (1-5) and comment, given once, after the session
    started, by someone it invited who was not recorded absent."""
    if not RATING_MIN <= rating <= RATING_MAX:
        raise ValidationError({"rating": [_("Rate from 1 to 5.")]})
    if len(comment) > COMMENT_MAX_LENGTH:
        raise ValidationError({"comment": [_("The comment is too long.")]})
    if session.starts_at > timezone.now():
        raise ValidationError({"rating": [_("A session is rated once it has started.")]})
    took_part = Attendance.objects.filter(session=session, person=person).exclude(attended=False)
    if not took_part.exists():
        raise ValidationError({"rating": [_("Only those who took part rate the session.")]})
    if SessionRating.objects.filter(session=session, person=person).exists():
        raise ConflictError(_("You have rated this session already."))
    rated = SessionRating.objects.create(
        session=session, person=person, rating=rating, comment=comment.strip()
    )
    # Who rated, never what: the trail is read by HR, who see aggregates only.
    audit_record(action="arena_session.rated", obj=session, changes={"rater": [None, person.pk]})
    return rated
