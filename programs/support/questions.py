"""The five kinds of organisational support a manager rates, fixed and
translatable: the keys are the API's, the labels the pages'."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RATING_MIN, RATING_MAX = 1, 5


@dataclass(frozen=True)
class SupportKind:
    key: str
    label: Promise


SUPPORT_KINDS = (
    SupportKind("administrative", _("Administrative support close at hand")),
    SupportKind(
        "trust",
        _(
            "Trust-based support from your own manager and from resource functions "
            "such as HR, finance, IT and communication"
        ),
    ),
    SupportKind("rules", _("Rules and policies that help you in your role")),
    SupportKind("mandate", _("Clear responsibility, mandate and authority")),
    SupportKind("quality", _("A clear quality level for the resources you have")),
)
SUPPORT_KEYS = tuple(kind.key for kind in SUPPORT_KINDS)
NEED = "need"  # the free-text question: what do you need?
NEED_LABEL = _("What do you need?")
