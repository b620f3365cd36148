"""A coaching track: a manager's own sessions with their coach."""

from django.utils.translation import gettext_noop

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level

COACHING_TRACK = ComponentKind(
    key="coaching_track",
    level=Level.INDIVIDUAL,
    rhythm=Rhythm.MEETINGS,
    organiser=Organiser.COACH,
    audience=Audience.EACH_PARTICIPANT,
    follow_up=gettext_noop("Reflect: what did the coaching session make clearer to you?"),
)

KINDS = (COACHING_TRACK,)
