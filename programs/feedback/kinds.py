"""Feedback at the organisation level: the management group's feedback loop,
chaired by its chair (the support assessment is programs/support/)."""

from types import MappingProxyType

from django.utils.translation import gettext_noop

from spiral.programs.programmes.kinds import ComponentKind, Organiser, Rhythm
from spiral.programs.programmes.models import Audience, Level

ROUND_DUE = "feedback.round_due"


def _round_due(message) -> None:
    """Before a round's deadline, a reminder; after it, a nudge to late givers
    (spiral.programs.feedback.services.round_due)."""
    from spiral.programs.feedback.services import round_due

    round_due(message)


FEEDBACK_LOOP = ComponentKind(
    key="feedback_loop",
    level=Level.ORGANISATION,
    rhythm=Rhythm.MEETINGS,
    organiser=Organiser.CHAIR,
    audience=Audience.EACH_MANAGEMENT_GROUP,
    follow_up=gettext_noop(
        "Is a feedback round open in your management group? Give your feedback to each "
        "colleague in Spiral before its deadline."
    ),
    handlers=MappingProxyType({ROUND_DUE: _round_due}),
)

KINDS = (FEEDBACK_LOOP,)
