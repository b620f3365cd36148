"""The learning arenas' part of a progress report (contract:
``spiral.programs.progress.sections``): members, attendance per month, and
cross-unit mixing over the period's held sessions, with the same definition
as the arena's own results (``results.py``: distinct units meeting, and each
participant's share of attended sessions where someone of another unit was
present, averaged), but bounded by the period and counted for every arena
of the scope from one query. Every figure through the anonymity engine."""

from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from spiral.programs.anonymity.cells import Answer
from spiral.programs.anonymity.services import publish_subject
from spiral.programs.arenas.models import Arena, Membership
from spiral.programs.progress.sections import Figure, Point, Scope, Section, Series, Table, shown
from spiral.programs.sessions.models import Attendance, Session

ORDER = 65


def _arenas(scope: Scope) -> dict[int, Arena]:
    arenas = Arena.objects.all()
    if scope.programme is not None:
        arenas = arenas.filter(component_instance__component__programme=scope.programme)
    return {arena.pk: arena for arena in arenas.order_by("title", "id")}


def _presence(scope: Scope, arenas) -> list[tuple]:
    """(arena, session, year, month, person, unit) of everyone who attended a
    held session of the arenas in the period, in scope or not: whoever came
    counts as someone another participant met."""
    rows = Attendance.objects.filter(
        attended=True,
        session__status=Session.Status.HELD,
        session__series__arena__in=list(arenas),
        session__starts_at__date__gte=scope.start,
        session__starts_at__date__lte=scope.end,
    )
    rows = rows.annotate(
        year=ExtractYear("session__starts_at"), month=ExtractMonth("session__starts_at")
    ).values_list(
        "session__series__arena", "session_id", "year", "month", "person_id", "person__unit_id"
    )
    return list(rows.order_by())


def report_sections(scope: Scope) -> list[Section]:
    arenas = _arenas(scope)
    if not arenas:
        return []
    everyone = _presence(scope, arenas)
    presence = [row for row in everyone if row[4] in scope.person_ids]
    if not presence:  # members alone are today's, not the period's
        return []
    members = _members(scope, arenas)
    people = _publish(scope, "arenas:members", sorted({p for ps in members.values() for p in ps}))
    attendees = _publish(scope, "arenas:participants", sorted({row[4] for row in presence}))
    mixing, units = _mixing(scope, "arenas:mixing", presence, everyone)
    figures = (
        Figure("arenas.arenas", _("Learning arenas"), len(arenas)),
        Figure("arenas.members", _("Arena members today"), _count(people), **shown(people)),
        Figure(
            "arenas.participants",
            _("Participants at held sessions"),
            _count(attendees),
            **shown(attendees),
        ),
        Figure("arenas.units", _("Units meeting in arenas"), units, **shown(mixing)),
        Figure(
            "arenas.mixing",
            _("Sessions with someone of another unit"),
            round(100 * mixing.mean, 1) if mixing.published else None,
            measure="%",
            **shown(mixing),
        ),
    )
    return [
        Section(
            key="arenas",
            level="organisation",
            title=_("Learning arenas: participation and mixing across units"),
            figures=figures,
            series=(_monthly(scope, presence),),
            tables=(_arena_table(scope, arenas, members, presence, everyone),),
            note=_(
                "Mixing: for each participant, the share of the sessions they attended "
                "where someone of another unit was present, averaged."
            ),
        )
    ]


def _members(scope: Scope, arenas) -> dict[int, set]:
    """The current members of each arena who are in scope."""
    rows = Membership.objects.filter(arena__in=list(arenas), status=Membership.Status.MEMBER)
    if scope.unit_ids is not None:
        rows = rows.filter(person__unit_id__in=scope.unit_ids)
    found: dict[int, set] = defaultdict(set)
    for arena, person in rows.values_list("arena_id", "person_id").order_by():
        if person in scope.person_ids:
            found[arena].add(person)
    return found


def _publish(scope: Scope, name: str, people, values=None):
    answers = [
        Answer(person, None, None if values is None else float(values[person])) for person in people
    ]
    return publish_subject(subject=scope.subject(name), answers=answers, tree={}).everyone


def _count(cell):
    return cell.count if cell.published else None


def _mixing(scope: Scope, name: str, presence, everyone):
    """The engine's cell of the in-scope participants' mixing shares (of the
    sessions they attended, those where anyone of another unit was present),
    and the number of distinct units present at those sessions (None unless
    the cell is shown)."""
    by_session: dict[int, dict[int, int | None]] = defaultdict(dict)
    for _arena, session, _y, _m, person, unit in everyone:
        by_session[session][person] = unit
    attended: dict[int, int] = defaultdict(int)
    crossing: dict[int, int] = defaultdict(int)
    for _arena, session, _y, _m, person, unit in presence:
        attended[person] += 1
        if any(other is not None and other != unit for other in by_session[session].values()):
            crossing[person] += 1
    shares = {person: crossing[person] / attended[person] for person in attended}
    cell = _publish(scope, name, sorted(shares), shares)
    met = {row[1] for row in presence}
    units = {u for s in met for u in by_session[s].values() if u is not None}
    return cell, (len(units) if cell.published else None)


def _monthly(scope: Scope, presence) -> Series:
    """Attendances (person and session) per month, shown when enough people came."""
    per_month: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for _arena, _session, year, month, person, _unit in presence:
        per_month[f"{year}-{month:02d}"][person] += 1
    points = []
    for month in scope.months():
        label = f"{month:%Y-%m}"
        came = per_month.get(label)
        if not came:
            points.append(Point(label, 0))
            continue
        cell = _publish(scope, f"arenas:attendance:{label}", sorted(came), came)
        value = round(cell.mean * cell.count) if cell.published else None
        points.append(Point(label, value, suppressed=not cell.published))
    return Series("arenas.attendance_per_month", _("Attendances per month"), tuple(points))


def _arena_table(scope: Scope, arenas, members, presence, everyone) -> Table:
    by_arena: dict[int, list] = defaultdict(list)
    for row in presence:
        by_arena[row[0]].append(row)
    all_by_arena: dict[int, list] = defaultdict(list)
    for row in everyone:
        all_by_arena[row[0]].append(row)
    sessions = Session.objects.filter(
        series__arena__in=list(arenas), status=Session.Status.HELD,
        starts_at__date__gte=scope.start, starts_at__date__lte=scope.end,
    )  # fmt: skip
    held = dict(
        sessions.values("series__arena").annotate(n=Count("id")).values_list("series__arena", "n")
    )
    rows = []
    for pk, arena in arenas.items():
        if not (members.get(pk) or by_arena.get(pk) or held.get(pk)):
            continue
        seated = _publish(scope, f"arenas:{arena.public_id}:members", sorted(members.get(pk, ())))
        mixing, units = _mixing(
            scope, f"arenas:{arena.public_id}:mixing", by_arena.get(pk, []), all_by_arena[pk]
        )
        share = round(100 * mixing.mean, 1) if mixing.published else None
        rows.append(
            (
                arena.title,
                held.get(pk, 0),
                _count(seated),
                mixing.count if mixing.published else None,
                units,
                share,
            )
        )
    columns = (_("Arena"), _("Sessions held"), _("Members"), _("Participants"), _("Units"),
               _("Mixing (%)"))  # fmt: skip
    return Table("arenas.by_arena", _("By arena"), columns, tuple(rows))
