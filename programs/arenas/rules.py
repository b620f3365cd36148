"""Who may do what with learning arenas (django-rules predicates over an
Actor). The selectors annotate each arena, topic and session with the actor's
place in it (``my_status``, ``facilitates``), so these decide without a query.

- anyone of the organisation looks arenas up, and joins one whose audience
  rule admits them (the join says why not, otherwise), leaves, and sees their
  place on the waitlist;
- members propose topics, vote, and rate the sessions they took part in;
- facilitators (and HR) see members, waitlist and requests, approve requests,
  pick topics for sessions, record attendance and read the results;
- HR makes standing arenas.
Integrations reach none of it (no scope family): membership is personal.
"""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import is_tenant_admin
from spiral.programs.sessions.rules import is_someone


@rules.predicate
def facilitates(actor: Actor, obj) -> bool:
    return obj is not None and bool(getattr(obj, "facilitates", False))


@rules.predicate
def is_member(actor: Actor, arena) -> bool:
    return arena is not None and getattr(arena, "my_status", None) == "member"


@rules.predicate
def facilitates_something(actor: Actor) -> bool:
    from spiral.programs.arenas.models import Arena

    return (
        actor.person_id is not None and Arena.objects.filter(facilitators=actor.person_id).exists()
    )


reads_arenas = is_someone | is_tenant_admin
joins_arena = is_someone
runs_arena = facilitates | is_tenant_admin
creates_arena = is_tenant_admin
sees_members = runs_arena | is_member
takes_part = is_member | facilitates
# Topics and sessions come from selectors that only list those of arenas the
# actor is in or facilitates (HR: all); HR reads but does not vote or rate.
reads_topics = is_someone | is_tenant_admin
votes = is_someone
picks_topic = runs_arena
rates_session = is_someone
offers_facilitation = facilitates_something | is_tenant_admin
