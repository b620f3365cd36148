"""Who may do what with progress (django-rules predicates over an Actor).

- HR (tenant administrators) asks for any report, sees every report, records
  KPIs and sets the schedule; integrations with the ``kpis`` scope record and
  read KPIs, nothing else here.
- A programme's owner and process leaders ask for and read its reports, and
  keep its milestones and next steps.
- Top management (senior managers) asks for and reads reports of the whole
  organisation (the tenant view), in aggregates only.
- Everyone of the organisation reads milestones and next steps of the
  programmes they can see, and the KPIs (figures about units, no persons).
"""

import rules

from spiral.programs.org.actors import Actor
from spiral.programs.org.rules import is_integration, is_person, is_tenant_admin
from spiral.programs.programmes.rules import runs_programme


@rules.predicate
def is_top_management(actor: Actor) -> bool:
    return actor.is_senior_manager or actor.is_tenant_admin


@rules.predicate
def owns_report(actor: Actor, report) -> bool:
    return (
        report is not None and actor.person_id is not None and report.owner_id == (actor.person_id)
    )


@rules.predicate
def may_report_on(actor: Actor, scope) -> bool:
    """``scope``: the programme a report is asked for, or None (the tenant)."""
    if actor.is_client:
        return False
    if actor.is_tenant_admin:
        return True
    if scope is None:
        return actor.is_senior_manager
    return runs_programme.test(actor, scope)


@rules.predicate
def runs_a_programme(actor: Actor) -> bool:
    from spiral.programs.progress.selectors import programmes_reported_by

    return actor.person_id is not None and programmes_reported_by(actor=actor).exists()


asks_for_reports = is_tenant_admin | is_top_management | runs_a_programme
reads_reports = asks_for_reports
reads_report = is_tenant_admin | owns_report | asks_for_reports
retries_report = is_tenant_admin | owns_report
reads_kpis = is_person | is_integration
records_kpis = is_tenant_admin | is_integration
reads_timeline = is_person
keeps_timeline = is_tenant_admin | runs_programme
sets_schedule = is_tenant_admin
