"""Who belongs to a work group: its leader and its members. Kept in one place
because every write and every read of the group's learning asks it."""

from django.db.models import Q, QuerySet

from spiral.programs.org.models import Person, WorkGroup


def group_people(*, work_group: WorkGroup) -> QuerySet[Person]:
    """The leader and the members, who have not left the organisation."""
    return (
        Person.objects.filter(Q(work_groups=work_group) | Q(pk=work_group.leader_id))
        .exclude(status=Person.Status.LEFT)
        .distinct()
    )


def belongs(*, work_group: WorkGroup, person_id: int | None) -> bool:
    if person_id is None:
        return False
    if work_group.leader_id == person_id:
        return True
    return work_group.members.filter(pk=person_id).exists()


def groups_of(person_id: int | None) -> QuerySet[WorkGroup]:
    """The work groups a person leads or is a member of."""
    if person_id is None:
        return WorkGroup.objects.none()
    return WorkGroup.objects.filter(Q(leader_id=person_id) | Q(members__pk=person_id)).distinct()
