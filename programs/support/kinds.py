"""The organisational support assessment: on its cadence a round opens in
which the programme's managers rate the five kinds of support the
organisation gives them (``questions.SUPPORT_KINDS``)."""

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level

SUPPORT_ASSESSMENT = ComponentKind(
    key="support_assessment",
    level=Level.ORGANISATION,
    rhythm=Rhythm.ROUNDS,
    organiser=Organiser.PROGRAMME_OWNER,
    audience=Audience.PROGRAMME,
)

KINDS = (SUPPORT_ASSESSMENT,)
