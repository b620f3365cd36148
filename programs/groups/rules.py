"""Who may do what with a work group's learning (django-rules predicates).
Visibility is the selectors' (only the group's leader and members see any of
it); these decide the actions on what is visible."""

import rules

from spiral.programs.org.actors import Actor


def _leader_id(obj) -> int | None:
    """The leader of a work group, or of the work group an object belongs to.
    Read from the group rather than the Actor: an administrator's Actor does
    not list the groups they lead, and an HR person may lead one too."""
    group = getattr(obj, "work_group", obj)
    return getattr(group, "leader_id", None)


@rules.predicate
def is_someone(actor: Actor) -> bool:
    """A person of the organisation (not an integration): the selectors then
    show only the groups they belong to."""
    return actor is not None and actor.person_id is not None and not actor.is_client


@rules.predicate
def leads_group_of(actor: Actor, obj) -> bool:
    """The leader of a work group, or of the object's (a contract, meeting, action...)."""
    return obj is not None and actor.person_id is not None and _leader_id(obj) == actor.person_id


@rules.predicate
def owns_action(actor: Actor, action) -> bool:
    return action is not None and actor.person_id is not None and action.owner_id == actor.person_id


# Every reading and the group's shared writing (check-in notes, actions,
# backspegling answers) is for the group's people, whom the selectors find.
takes_part = is_someone
# The leader versions the contract and runs the meeting's shared parts.
runs_group = leads_group_of
closes_action = leads_group_of | owns_action


@rules.predicate
def in_a_work_group(actor: Actor) -> bool:
    """Leads or belongs to a work group: the menu offers the group's pages."""
    from spiral.programs.groups.membership import groups_of

    if actor is None or actor.person_id is None or actor.is_client:
        return False
    return groups_of(actor.person_id).exists()
