"""Who may do what with the support assessment (django-rules predicates)."""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import is_manager, is_person, is_tenant_admin


@rules.predicate
def answers_support_round(actor: Actor, support_round) -> bool:
    """One of the round's respondents: an enrolled manager of its programme
    (``answerable``, annotated by the selectors for the actor)."""
    return support_round is not None and bool(getattr(support_round, "answerable", False))


# Rounds (title, dates, status) hold no personal data: anyone of the
# organisation may read them; integrations have no scope that reaches them.
reads_support_rounds = is_person
# HR opens and closes rounds, and sees the results, in aggregate only.
runs_support_rounds = is_tenant_admin
sees_support_results = is_tenant_admin
# The menu offers the assessment to those it is for: managers answer, HR reads.
offers_support_rounds = is_manager | is_tenant_admin
