"""A learning arena: one programme-wide meeting place that people join."""

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level

LEARNING_ARENA = ComponentKind(
    key="learning_arena",
    level=Level.ORGANISATION,
    rhythm=Rhythm.MEETINGS,
    organiser=Organiser.FACILITATOR,
    audience=Audience.PROGRAMME,
)

KINDS = (LEARNING_ARENA,)
