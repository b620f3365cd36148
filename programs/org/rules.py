"""Who may do what, in one table (django-rules predicates over an Actor).

Visibility is decided by the selectors; these rules decide what a visible
object may be changed by. Every API resource family names its rules here.
"""

import rules

from spiral.programs.org.actors import Actor

permissions = rules.RuleSet()


@rules.predicate
def is_tenant_admin(actor: Actor) -> bool:
    return actor.is_tenant_admin


@rules.predicate
def is_integration(actor: Actor) -> bool:
    return actor.is_client


@rules.predicate
def is_person(actor: Actor) -> bool:
    return actor.person_id is not None or actor.is_tenant_admin


@rules.predicate
def leads_work_group(actor: Actor, group) -> bool:
    return group is not None and group.pk in actor.led_work_group_ids


@rules.predicate
def chairs_management_group(actor: Actor, group) -> bool:
    return group is not None and actor.person_id is not None and group.chair_id == actor.person_id


administers = is_tenant_admin | is_integration

# <family>.read: may list and retrieve (what the selectors let them see).
# <family>.write: may create, change or delete the object (None: create).
permissions.add_rule("org.read", is_person | is_integration)
permissions.add_rule("org.write", administers)
permissions.add_rule("people.read", is_person | is_integration)
permissions.add_rule("people.write", administers)
permissions.add_rule("work_groups.read", is_person | is_integration)
permissions.add_rule("work_groups.write", administers | leads_work_group)
permissions.add_rule("management_groups.read", is_person | is_integration)
permissions.add_rule("management_groups.write", administers | chairs_management_group)
permissions.add_rule("imports.write", administers)
permissions.add_rule("integrations.read", is_tenant_admin)
permissions.add_rule("integrations.write", is_tenant_admin)


@rules.predicate
def runs_programme(actor: Actor, obj) -> bool:
    """The owner or a process leader of the programme (of an enrolment's programme)."""
    programme = getattr(obj, "programme", obj)
    if programme is None or actor.person_id is None:
        return False
    if programme.owner_id == actor.person_id:
        return True
    # all(): uses the leaders the selectors prefetch, with no query of its own.
    return any(leader.pk == actor.person_id for leader in programme.process_leaders.all())


permissions.add_rule("programme_templates.read", is_person | is_integration)
permissions.add_rule("programme_templates.write", administers)
permissions.add_rule("programmes.read", is_person | is_integration)
permissions.add_rule("programmes.write", administers | runs_programme)
permissions.add_rule("enrolments.read", is_person | is_integration)
permissions.add_rule("enrolments.write", administers | runs_programme)


@rules.predicate
def organises_session(actor: Actor, session) -> bool:
    return (
        session is not None
        and actor.person_id is not None
        and session.organiser_id == actor.person_id
    )


permissions.add_rule("sessions.read", is_person | is_integration)
permissions.add_rule("sessions.write", administers | organises_session)
