"""Who may do what with feedback rounds (django-rules predicates over an Actor).

- the group's chair runs a round: creates, opens, closes, follows completion
  and nudges late givers;
- a participant gives feedback while the round is open and changes what they
  gave until it closes;
- the chair, HR and the participants see a closed round's themes and its
  reciprocity (aggregates), never who said what.
Integrations reach none of it (no scope family): feedback is personal.
"""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import is_manager, is_person, is_tenant_admin


@rules.predicate
def chairs_round(actor: Actor, round) -> bool:
    return (
        round is not None
        and actor.person_id is not None
        and round.group.chair_id == actor.person_id
    )


@rules.predicate
def takes_part(actor: Actor, round) -> bool:
    if round is None or actor.person_id is None:
        return False
    return any(person.pk == actor.person_id for person in round.participants.all())


@rules.predicate
def gave(actor: Actor, item) -> bool:
    return item is not None and actor.person_id is not None and item.giver_id == actor.person_id


@rules.predicate
def chairs_a_group(actor: Actor) -> bool:
    """Chairs at least one management group (one query)."""
    from spiral.programs.feedback.selectors import management_groups_chaired

    return actor.person_id is not None and management_groups_chaired(actor=actor).exists()


# Starting a round is decided on the management group named in the body.
starts_round = is_person  # and, on the group, chairs_management_group
# The page that starts one offers the groups the actor chairs.
starts_own_round = chairs_a_group
runs_round = chairs_round
reads_round = is_person
sees_aggregates = chairs_round | is_tenant_admin | takes_part
gives_feedback = takes_part
changes_feedback = gave
# The menu offers rounds to those they are for: management groups are managers;
# HR oversees. Anyone a round names may still open it from its email.
offers_rounds = is_manager | is_tenant_admin
