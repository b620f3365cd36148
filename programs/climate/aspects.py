"""What a climate pulse asks: each aspect of the group's climate, rated on one
scale (1 = not at all, 5 = fully), the same scale as the support assessment."""

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

RATING_MIN, RATING_MAX = 1, 5


class Aspect(NamedTuple):
    key: str
    label: str


ASPECTS = (
    Aspect("trust_each_other", _("We trust each other in the group")),
    Aspect("trust_manager", _("I trust my closest manager")),
    Aspect("trust_management", _("I trust higher management")),
    Aspect("understood", _("I feel understood and accepted")),
    Aspect("appreciation", _("I feel appreciated")),
    Aspect("cooperation", _("We cooperate and support each other")),
    Aspect("encouragement", _("We encourage each other")),
    Aspect("sharing", _("We share experiences and discuss problems")),
    Aspect("listening", _("We listen to each other")),
)
ASPECT_KEYS = tuple(aspect.key for aspect in ASPECTS)
LABELS = {aspect.key: aspect.label for aspect in ASPECTS}
