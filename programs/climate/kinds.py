"""The climate pulse: on its cadence a pulse opens in each work group of the
programme, its members rate the group's climate (``aspects.ASPECTS``), and the
group picks what to improve. It opens rounds; it does not meet."""

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level

CLIMATE_PULSE = ComponentKind(
    key="climate_pulse",
    level=Level.GROUP,
    rhythm=Rhythm.ROUNDS,
    organiser=Organiser.WORK_GROUP_LEADER,
    audience=Audience.EACH_WORK_GROUP,
)

KINDS = (CLIMATE_PULSE,)
