"""Who may change sessions (django-rules predicates)."""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import administers


@rules.predicate
def is_someone(actor: Actor) -> bool:
    """A person of the organisation: someone with sessions, a calendar feed and
    notification preferences of their own (an integration has none)."""
    return actor is not None and actor.person_id is not None


@rules.predicate
def organises_session(actor: Actor, session) -> bool:
    return (
        session is not None
        and actor.person_id is not None
        and session.organiser_id == actor.person_id
    )


changes_session = administers | organises_session
