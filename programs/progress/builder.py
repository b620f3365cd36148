"""Builds a report's document in memory: the scope it covers, and every
section the component apps contribute (``sections.py`` is the contract).
Nothing here writes a report; ``services.report_produce`` stores the result."""

from datetime import date

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from spiral.programs.anonymity.selectors import anonymity_threshold
from spiral.programs.org.models import OrgUnit, Person
from spiral.programs.programmes.models import Enrolment, Programme
from spiral.programs.progress.sections import LEVELS, Scope, section_providers

FORMAT_VERSION = 1


def scope_of(
    *,
    programme: Programme | None,
    unit: OrgUnit | None,
    start: date,
    end: date,
    language: str = "sv",
) -> Scope:
    """The people and units a report covers: a programme's participants
    during the period (within the unit's subtree if one is given), or, without
    a programme, everyone of the subtree or of the tenant."""
    unit_ids = None
    if unit is not None:
        unit_ids = frozenset(
            OrgUnit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
        )
    if programme is not None:
        people = Enrolment.objects.filter(programme=programme).filter(
            Q(status=Enrolment.Status.ENROLLED) | Q(withdrawn_at__date__gte=start)
        )
        people = people.values_list("person_id", flat=True)
        if unit_ids is not None:
            people = people.filter(person__unit_id__in=unit_ids)
    else:
        people = Person.objects.exclude(status=Person.Status.LEFT)
        if unit_ids is not None:
            people = people.filter(unit_id__in=unit_ids)
        people = people.values_list("pk", flat=True)
    key = "-".join(
        part
        for part in (
            f"p{programme.pk}" if programme else "",
            f"u{unit.pk}" if unit else "",
        )
        if part
    )
    return Scope(
        key=key or "tenant",
        start=start,
        end=end,
        threshold=anonymity_threshold(),
        language=language,
        programme=programme,
        unit_ids=unit_ids,
        person_ids=frozenset(people),
    )


def build_document(*, scope: Scope, unit: OrgUnit | None = None, now=None) -> dict:
    """The report as plain data: every provider's sections, in level order."""
    with override(scope.language):
        sections = []
        for _order, _label, provider in section_providers():
            sections.extend(provider(scope))
        sections.sort(key=lambda section: LEVELS.index(section.level))
        if scope.programme is not None:
            title = _("Progress report: %(name)s") % {"name": scope.programme.name}
        else:
            title = _("Progress report: the whole organisation")
        if unit is not None:
            title = f"{title} ({unit.name})"
        return {
            "version": FORMAT_VERSION,
            "title": title,
            "language": scope.language,
            "programme": str(scope.programme.public_id) if scope.programme else None,
            "unit": str(unit.public_id) if unit else None,
            "period": {"start": scope.start.isoformat(), "end": scope.end.isoformat()},
            "threshold": scope.threshold,
            "participants": len(scope.person_ids),
            "generated_at": (now or timezone.now()).isoformat(),
            "levels": {level: level_label(level) for level in LEVELS},
            "sections": [section.as_dict() for section in sections],
        }


def level_label(level: str) -> str:
    return {
        "individual": _("Individual level"),
        "group": _("Group level"),
        "organisation": _("Organisation level"),
    }[level]
