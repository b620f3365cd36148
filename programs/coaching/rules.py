"""Who may do what with coaching tracks (django-rules predicates over an Actor).

- the coachee and the coach of a track read and write its goals, progress,
  exercise answers and notes; a note or an answer is changed only by its author;
- HR (tenant administrators) see tracks with counts and goal progress, and
  assign a coach by hand, with a reason;
- nobody else reaches a track: its rows are not in their selectors (404).
Integrations reach none of it (no scope family): coaching is personal.
"""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import is_person, is_tenant_admin


def _track(obj):
    return getattr(obj, "track", obj)


@rules.predicate
def is_coachee(actor: Actor, obj) -> bool:
    track = _track(obj)
    return track is not None and actor.person_id is not None and track.coachee_id == actor.person_id


@rules.predicate
def coaches(actor: Actor, obj) -> bool:
    track = _track(obj)
    return track is not None and actor.person_id is not None and track.coach_id == actor.person_id


@rules.predicate
def wrote(actor: Actor, obj) -> bool:
    return obj is not None and actor.person_id is not None and obj.author_id == actor.person_id


@rules.predicate
def has_track(actor: Actor) -> bool:
    from spiral.programs.coaching.selectors import tracks_as_coachee

    return actor.person_id is not None and tracks_as_coachee(actor=actor).exists()


@rules.predicate
def has_coachees(actor: Actor) -> bool:
    from spiral.programs.coaching.selectors import tracks_as_coach

    return actor.person_id is not None and tracks_as_coach(actor=actor).exists()


in_track = is_coachee | coaches
reads_tracks = is_person
assigns_coach = is_tenant_admin
writes_private = in_track
changes_own = wrote & in_track
# The menu: "Min coachning" for a coachee, "Mina coachees" for a coach.
offers_my_coaching = has_track
offers_coachees = has_coachees
