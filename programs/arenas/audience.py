"""An arena's audience rule: who may join. A person may join when they have
one of the arena's roles (none named: any role, or none) and work in one of
its units' subtrees (none named: anywhere). Decided for one arena in Python
(the join service) and for many in SQL (the selectors), from the same rule."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from spiral.programs.arenas.models import ROLES, Arena
from spiral.programs.org.models import OrgUnit, Person


def roles_of(person: Person) -> list[str]:
    return [role for role in ROLES if getattr(person, f"is_{role}")]


def unit_ancestry(person: Person) -> list[int]:
    """The ids of the person's unit and every unit above it (one query): an
    arena open to any of them is open to the person."""
    if person.unit_id is None:
        return []
    path = OrgUnit.objects.filter(pk=person.unit_id).values_list("path", flat=True).first() or ""
    segments = [segment for segment in path.split("/") if segment]
    prefixes = ["/" + "".join(f"{s}/" for s in segments[: i + 1]) for i in range(len(segments))]
    return list(OrgUnit.objects.filter(path__in=prefixes).values_list("pk", flat=True))


def admits(arena: Arena, person: Person) -> bool:
    if person.status == Person.Status.LEFT:
        return False
    if arena.audience_roles and not set(arena.audience_roles) & set(roles_of(person)):
        return False
    units = set(arena.audience_units.values_list("pk", flat=True))
    return not units or bool(units & set(unit_ancestry(person)))


def admits_q(person: Person) -> Q:
    """The arenas whose audience rule admits ``person``, as a filter."""
    through = Arena.audience_units.through
    any_unit = Exists(through.objects.filter(arena_id=OuterRef("pk")))
    mine = Exists(
        through.objects.filter(arena_id=OuterRef("pk"), orgunit_id__in=unit_ancestry(person))
    )
    roles = Q(audience_roles=[]) | Q(audience_roles__overlap=roles_of(person) or ["-"])
    return roles & (~any_unit | mine)


ROLE_WORDS = {
    "first_line_manager": gettext_noop("first-line managers"),
    "senior_manager": gettext_noop("senior managers"),
    "hr": gettext_noop("HR"),
    "process_leader": gettext_noop("process leaders"),
    "coach": gettext_noop("coaches"),
    "mentor": gettext_noop("mentors"),
}


def describe(arena: Arena) -> str:
    """Who the arena is for, in words of the active language."""
    roles = [_(ROLE_WORDS[role]) for role in arena.audience_roles]
    units = [unit.name for unit in arena.audience_units.all()]
    if not roles and not units:
        return _("everyone")
    who = ", ".join(roles) if roles else _("everyone")
    if units:
        return _("%(who)s in %(units)s") % {"who": who, "units": ", ".join(units)}
    return who
