"""Who may do what with the climate pulse (django-rules predicates)."""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import is_person, is_tenant_admin


@rules.predicate
def answers_climate_pulse(actor: Actor, pulse) -> bool:
    """A member of the pulse's work group, while it is open (``answerable``,
    annotated by the selectors for the actor)."""
    return pulse is not None and bool(getattr(pulse, "answerable", False))


@rules.predicate
def leads_pulse_group(actor: Actor, pulse) -> bool:
    return pulse is not None and pulse.work_group_id in actor.led_work_group_ids


@rules.predicate
def in_a_work_group(actor: Actor) -> bool:
    from spiral.programs.climate.selectors import climate_work_groups_of

    return climate_work_groups_of(actor=actor).exists()


# The selectors show a pulse only to its group (and HR); whoever sees it sees
# its results, which come only through the anonymity engine.
reads_climate_pulses = is_person
sees_climate_results = is_person
# The leader writes down what the group chose together.
chooses_climate_improvement = leads_pulse_group
offers_climate_pulses = in_a_work_group | is_tenant_admin
