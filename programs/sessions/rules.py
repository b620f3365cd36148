"""Who may change sessions (django-rules predicates)."""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import administers


@rules.predicate
def organises_session(actor: Actor, session) -> bool:
    return (
        session is not None
        and actor.person_id is not None
        and session.organiser_id == actor.person_id
    )


changes_session = administers | organises_session
