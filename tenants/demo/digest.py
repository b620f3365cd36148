"""The demo tenant read back from the database in the form of
``DemoPlan.shape()``: equal shapes (and digests) mean the tenant holds exactly
what the seed planned. Runs in the current tenant's schema."""

from spiral.programs.org.models import (
    ManagementGroup,
    OrgUnit,
    Person,
    SupportAssignment,
    WorkGroup,
)
from spiral.programs.programmes.models import Enrolment
from spiral.tenants.demo.plan import shape_digest


def tenant_shape() -> dict:
    person_ids = dict(Person.objects.values_list("pk", "external_id"))
    units = dict(OrgUnit.objects.values_list("pk", "external_id"))

    def ext(pk):
        return person_ids.get(pk, "") if pk else ""

    def members(group) -> list[str]:
        return sorted(person_ids[p.pk] for p in group.members.all())

    return {
        "units": sorted(
            [u.external_id, u.name, units.get(u.parent_id) or "", ext(u.manager_id)]
            for u in OrgUnit.objects.all()
        ),
        "people": sorted(
            [
                p.external_id,
                p.given_name,
                p.family_name,
                p.email,
                p.phone,
                p.title,
                units[p.unit_id],
                p.status,
                sorted(role for role in Person.ROLE_FIELDS if getattr(p, role)),
            ]
            for p in Person.objects.all()
        ),
        "work_groups": sorted(
            [units[g.unit_id], g.name, ext(g.leader_id), members(g)]
            for g in WorkGroup.objects.prefetch_related("members")
        ),
        "management_groups": sorted(
            [
                g.name,
                units.get(g.unit_id) or "",
                ext(g.chair_id),
                members(g),
                sorted(goal.title for goal in g.goals.all()),
                [v.principles for v in g.philosophy_versions.order_by("number")],
            ]
            for g in ManagementGroup.objects.prefetch_related("members", "goals")
        ),
        "support": sorted(
            [a.kind, ext(a.supporter_id), ext(a.person_id)] for a in SupportAssignment.objects.all()
        ),
        "enrolled": sorted(
            ext(person)
            for person in Enrolment.objects.filter(status=Enrolment.Status.ENROLLED).values_list(
                "person_id", flat=True
            )
        ),
    }


def tenant_digest() -> str:
    return shape_digest(tenant_shape())
