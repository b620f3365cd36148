"""Who may do what in the organisation (django-rules predicates over an Actor).

Visibility is decided by the selectors; these rules decide which actions a
person or integration may take on what they can see. The API's viewsets name
one of them per action; other subdomains build their rules on the predicates
here.
"""

import rules

from spiral.api.scopes import ADMIN_SCOPE
from spiral.programs.org.actors import Actor


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


@rules.predicate
def is_manager(actor: Actor) -> bool:
    """A first-line manager (of a unit) or a senior manager."""
    return actor.person_id is not None and (bool(actor.managed_unit_ids) or actor.is_senior_manager)


@rules.predicate
def may_grant_administration(actor: Actor) -> bool:
    """Giving or taking an administering role (HR), or a login: tenant
    administrators, and integrations only with the scope granted for it, so that
    an integration cannot make a login more powerful than itself."""
    return actor.is_tenant_admin or (actor.is_client and ADMIN_SCOPE in actor.scopes)


# Anyone of the organisation may read what the selectors show them.
reads = is_person | is_integration
# Administration: tenant administrators (HR) and integrations, within their scopes.
administers = is_tenant_admin | is_integration
changes_work_group = administers | leads_work_group
changes_management_group = administers | chairs_management_group
