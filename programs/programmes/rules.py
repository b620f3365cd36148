"""Who may run programmes and enrol people (django-rules predicates)."""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import administers


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


changes_programme = administers | runs_programme
