"""Feedback at the organisation level: the management group's feedback loop,
chaired by its chair, and the yearly assessment of organisational support."""

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level

FEEDBACK_LOOP = ComponentKind(
    key="feedback_loop",
    level=Level.ORGANISATION,
    rhythm=Rhythm.MEETINGS,
    organiser=Organiser.CHAIR,
    audience=Audience.EACH_MANAGEMENT_GROUP,
)

KINDS = (FEEDBACK_LOOP,)
