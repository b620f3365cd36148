"""A learning work group: it agrees a contract, meets, looks back together and
takes its climate's pulse; its leader organises."""

from django.utils.translation import gettext_noop

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level


def _group_kind(key: str, rhythm: Rhythm, follow_up: str | None = None) -> ComponentKind:
    return ComponentKind(
        key=key,
        level=Level.GROUP,
        rhythm=rhythm,
        organiser=Organiser.WORK_GROUP_LEADER,
        audience=Audience.EACH_WORK_GROUP,
        follow_up=follow_up,
    )


# It meets, though the library gives it no cadence: no series until a tenant sets one.
GROUP_CONTRACT = _group_kind("group_contract", Rhythm.MEETINGS)
GROUP_MEETINGS = _group_kind(
    "group_meetings",
    Rhythm.MEETINGS,
    gettext_noop(
        "Check out: what do you take with you from the meeting, and what will you do with it?"
    ),
)
BACKSPEGLING = _group_kind(
    "backspegling",
    Rhythm.MEETINGS,
    gettext_noop("Looking back: what happened, what did you learn, what changes?"),
)
# The climate pulse is a component app of its own: spiral.programs.climate.
KINDS = (GROUP_CONTRACT, GROUP_MEETINGS, BACKSPEGLING)
