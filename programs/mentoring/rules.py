"""Who may do what in mentoring (django-rules predicates over an Actor).

- HR (tenant administrators) runs the matching, reads every run with its
  proposals and reasons, and makes supervision groups;
- anyone of the organisation keeps their own mentor profile and asks for a
  mentor;
- the mentor and the mentee of a proposal answer it; of a mentorship, they
  set its goals (HR sees that it exists, not its goals);
- the supervisor and the members of a supervision group read it.
Integrations reach none of it (no scope family): mentoring is personal.
"""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import is_person, is_tenant_admin


@rules.predicate
def is_mentor_of(actor: Actor, obj) -> bool:
    """The mentor of a proposal or a mentorship."""
    if obj is None or actor.person_id is None:
        return False
    mentor = obj.mentor.person_id if hasattr(obj, "request") else obj.mentor_id
    return mentor == actor.person_id


@rules.predicate
def is_mentee_of(actor: Actor, obj) -> bool:
    if obj is None or actor.person_id is None:
        return False
    mentee = obj.request.mentee_id if hasattr(obj, "request") else obj.mentee_id
    return mentee == actor.person_id


@rules.predicate
def owns(actor: Actor, obj) -> bool:
    """A profile's person or a request's mentee."""
    if obj is None or actor.person_id is None:
        return False
    return getattr(obj, "person_id", getattr(obj, "mentee_id", None)) == actor.person_id


@rules.predicate
def supervises(actor: Actor, group) -> bool:
    return group is not None and actor.person_id == group.supervisor_id


@rules.predicate
def has_a_person(actor: Actor) -> bool:
    return actor.person_id is not None


manages_matching = is_tenant_admin
reads_mentoring = is_person
keeps_profile = has_a_person
changes_own = owns
answers_proposal = is_mentor_of | is_mentee_of
in_mentorship = is_mentor_of | is_mentee_of
reads_mentorship = in_mentorship | is_tenant_admin
runs_supervision_group = supervises | is_tenant_admin
