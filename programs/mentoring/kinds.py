"""Mentoring: mentors and mentees are matched once, meet regularly, and the
mentors meet for supervision."""

from django.utils.translation import gettext_noop

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level

MENTORING = ComponentKind(
    key="mentoring",
    level=Level.INDIVIDUAL,
    rhythm=Rhythm.MEETINGS,
    organiser=Organiser.MENTOR,
    audience=Audience.EACH_PARTICIPANT,
    follow_up=gettext_noop("Reflect: what will you try before your next mentoring meeting?"),
)
MENTOR_MATCHING = ComponentKind(
    key="mentor_matching",
    level=Level.INDIVIDUAL,
    rhythm=Rhythm.ONCE,
    organiser=Organiser.PROGRAMME_OWNER,
    audience=Audience.PROGRAMME,
)
SUPERVISION_GROUP = ComponentKind(
    key="supervision_group",
    level=Level.INDIVIDUAL,
    rhythm=Rhythm.MEETINGS,
    organiser=Organiser.PROGRAMME_OWNER,
    audience=Audience.PROGRAMME,
)

KINDS = (MENTORING, MENTOR_MATCHING, SUPERVISION_GROUP)
