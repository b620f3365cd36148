"""Mentoring's part of a progress report (contract:
``spiral.programs.progress.sections``): mentorships running and started in the
period with their goals, how often matching proposals were accepted, and the
supervision groups that met.

Mentoring and supervision meetings held against planned are counted in the
sessions section already, so they are not repeated here. Counted per mentee
(or group member) through the anonymity engine; never a goal's title, a
request's wishes or who was matched with whom."""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.mentoring.models import MatchProposal, Mentorship, SupervisionGroup
from spiral.programs.progress.sections import Figure, Scope, Section, Table, shown
from spiral.programs.sessions.models import Session

ORDER = 21
MAX_GROUP_ROWS = 100  # one publication per group shown: a bounded number of queries
DECIDED = (MatchProposal.Status.ACCEPTED, MatchProposal.Status.DECLINED)


def _publish(scope: Scope, name: str, per_person: dict):
    answers = [Answer(person, None, float(value)) for person, value in sorted(per_person.items())]
    return publish_subject(subject=scope.subject(name), answers=answers, tree={}).everyone


def _total(cell) -> int | None:
    return round(cell.mean * cell.count) if cell.published else None


def _count(key: str, label: str, cell, people: dict) -> Figure:
    """A total over people; a plain 0 where nobody is counted."""
    if not people:
        return Figure(key, label, 0)
    return Figure(key, label, _total(cell), **shown(cell))


def _share(key: str, label: str, part, whole, people: dict) -> Figure:
    """part / whole in per cent; withheld if either is, nothing if nobody counts."""
    share = None
    if part.published and whole.published and _total(whole):
        share = round(100 * _total(part) / _total(whole), 1)
    hidden = share is None and any(people.values())
    return Figure(
        key, label, share, measure="%", suppressed=hidden, reason="too_few" if hidden else None
    )


def report_sections(scope: Scope) -> list[Section]:
    figures = [*_mentorship_figures(scope), *_matching_figures(scope)]
    supervision_figures, table = _supervision(scope)
    figures.extend(supervision_figures)
    if not any(f.value or f.suppressed for f in figures):
        return []
    return [
        Section(
            key="mentoring",
            level="individual",
            title=_("Mentoring and supervision"),
            figures=tuple(figures),
            tables=(table,) if table.rows else (),
            note=_(
                "Counted per mentee or group member; meetings held against planned are in "
                "the sessions section. Goals achieved are as marked today."
            ),
        )
    ]


def _mentorship_figures(scope: Scope) -> list[Figure]:
    """Mentorships that ran in the period (begun by its end, not ended before
    its start; an ended mentorship's last change is its end), per mentee."""
    rows = (
        Mentorship.objects.filter(started_on__lte=scope.end)
        .filter(Q(status=Mentorship.Status.ACTIVE) | Q(updated_at__date__gte=scope.start))
        .values_list("mentee_id")
        .annotate(
            n_running=Count("id", distinct=True),
            n_started=Count("id", distinct=True, filter=Q(started_on__gte=scope.start)),
            n_goals=Count("goals", distinct=True),
            n_achieved=Count("goals", distinct=True, filter=Q(goals__achieved=True)),
        )
        .order_by()
    )
    measures = ("running", "started", "goals", "achieved")
    per: dict[str, dict[int, int]] = {m: {} for m in measures}
    for mentee, *values in rows:
        if mentee in scope.person_ids:
            for measure, value in zip(measures, values, strict=True):
                per[measure][mentee] = value
    cells = {m: _publish(scope, f"mentoring:{m}", per[m]) for m in measures}
    mentees = cells["running"]
    return [
        Figure(
            "mentoring.mentees",
            _("Mentees in a mentorship"),
            (mentees.count if mentees.published else None) if per["running"] else 0,
            **(shown(mentees) if per["running"] else {}),
        ),
        _count("mentoring.running", _("Mentorships running"), mentees, per["running"]),
        _count("mentoring.started", _("Mentorships started"), cells["started"], per["started"]),
        _count("mentoring.goals", _("Mentorship goals"), cells["goals"], per["goals"]),
        _share(
            "mentoring.goals_achieved",
            _("Mentorship goals achieved"),
            cells["achieved"],
            cells["goals"],
            per["goals"],
        ),
    ]


def _matching_figures(scope: Scope) -> list[Figure]:
    """Proposals answered in the period (accepted by both, or declined by
    either), per mentee who asked."""
    rows = (
        MatchProposal.objects.filter(
            status__in=DECIDED,
            updated_at__date__gte=scope.start,
            updated_at__date__lte=scope.end,
        )
        .values_list("request__mentee_id")
        .annotate(
            decided=Count("id"),
            accepted=Count("id", filter=Q(status=MatchProposal.Status.ACCEPTED)),
        )
        .order_by()
    )
    decided, accepted = {}, {}
    for mentee, n, yes in rows:
        if mentee in scope.person_ids:
            decided[mentee], accepted[mentee] = n, yes
    whole = _publish(scope, "mentoring:proposals", decided)
    part = _publish(scope, "mentoring:accepted", accepted)
    return [
        _count("mentoring.proposals", _("Matching proposals answered"), whole, decided),
        _share("mentoring.acceptance", _("Proposals accepted by both"), part, whole, decided),
    ]


def _supervision(scope: Scope) -> tuple[list[Figure], Table]:
    """The supervision groups that held a session in the period, with their
    members in scope; a group of fewer members than the threshold is withheld."""
    held = dict(
        Session.objects.filter(
            series__isnull=False,
            status=Session.Status.HELD,
            starts_at__date__gte=scope.start,
            starts_at__date__lte=scope.end,
        )
        .filter(series__in=SupervisionGroup.objects.values("series"))
        .values_list("series_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    groups = SupervisionGroup.objects.filter(series__in=list(held)).order_by("name", "id")
    members: dict[int, set[int]] = defaultdict(set)
    for group, person in SupervisionGroup.members.through.objects.filter(
        supervisiongroup__in=groups
    ).values_list("supervisiongroup_id", "person_id"):
        if person in scope.person_ids:
            members[group].add(person)
    rows, everyone, met = [], {}, 0
    for group in groups.values_list("pk", "public_id", "name", "series_id"):
        pk, public_id, name, series = group
        if not members[pk]:
            continue
        everyone.update(dict.fromkeys(members[pk], 1))
        met += 1
        if len(rows) == MAX_GROUP_ROWS:
            continue
        cell = _publish(scope, f"mentoring:supervision:{public_id}", dict.fromkeys(members[pk], 1))
        shown_row = cell.published
        rows.append((name, cell.count if shown_row else None, held[series] if shown_row else None))
    cell = _publish(scope, "mentoring:supervision", everyone)
    figures = [
        Figure("supervision.groups", _("Supervision groups that met"), met),
        _count("supervision.members", _("Members of supervision groups"), cell, everyone),
    ]
    columns = (_("Supervision group"), _("Members"), _("Sessions held"))
    return figures, Table("supervision.groups", _("Supervision groups"), columns, tuple(rows))
