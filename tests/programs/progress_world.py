"""A constructed programme whose report figures are known (see the numbers in
``EXPECTED``): 11 managers in two units with coaching sessions in January and
February 2027, three with mentoring (too few to show), KPIs of both units, and
milestones and next steps on the timeline."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django_tenants.utils import schema_context

from spiral.programs.programmes.kinds import kind_of
from spiral.programs.programmes.models import ComponentInstance, Enrolment, ProgrammeComponent
from spiral.programs.programmes.services import programme_create
from spiral.programs.progress import records
from spiral.programs.sessions.models import Attendance, Session
from tests.factories import PersonFactory

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START, END = date(2027, 1, 1), date(2027, 2, 28)
EXPECTED = {
    "coaching_track.participants": 11,
    "coaching_track.planned": 33,  # 3 each (the cancelled one is not planned)
    "coaching_track.held": 22,  # 2 each in January
    "coaching_track.attended": 17,  # Norr 6 x 2, Söder 5 x 1
    "coaching_track.attendance": 77.3,  # 17 / 22
    "kpi.sick-leave": 5.0,  # latest: Norr 5.5, Söder 4.5
    "kpi.sick-leave.units_meeting_goal": 1,  # lower is better, goal 5: Söder
    "milestones.due": 2,
    "milestones.reached": 1,
    "next_steps.due": 1,
    "next_steps.done": 1,
}
SUPPRESSED = ("mentoring.participants", "mentoring.planned", "mentoring.held", "mentoring.attended")
BY_UNIT = {"Hemtjänst Norr": (6, 18, 12, 12), "Hemtjänst Söder": (5, 15, 10, 5)}


def _at(day: int, month: int) -> datetime:
    return datetime(2027, month, day, 9, 0, tzinfo=STOCKHOLM)


def _component(programme, kind: str) -> ComponentInstance:
    declared = kind_of(kind)
    component = ProgrammeComponent.objects.create(
        programme=programme, kind=kind, level=declared.level, audience=declared.audience,
        title_sv=kind, title_en=kind,
    )  # fmt: skip
    return ComponentInstance.objects.create(component=component)


def _session(instance, kind, when, status, people, attended):
    session = Session.objects.create(
        kind=kind, title=kind, component_instance=instance, starts_at=when,
        ends_at=when + timedelta(hours=1), status=status,
    )  # fmt: skip
    Attendance.objects.bulk_create(
        Attendance(session=session, person=p, attended=attended(p)) for p in people
    )


def progress_world(world):
    with schema_context(world.tenant.schema_name):
        norr = [PersonFactory(unit=world.units["e1"], is_first_line_manager=True) for _ in range(6)]
        soder = [
            PersonFactory(unit=world.units["e2"], is_first_line_manager=True) for _ in range(5)
        ]
        managers = norr + soder
        programme = programme_create(
            name="Ledarskap 2027", owner=world.people["hr"], starts_on=START, ends_on=END
        )
        Enrolment.objects.bulk_create(Enrolment(programme=programme, person=p) for p in managers)
        coaching = _component(programme, "coaching_track")
        mentoring = _component(programme, "mentoring")
        held, Status = Session.Status.HELD, Session.Status
        in_norr = {p.pk for p in norr}
        for person in managers:
            for day in (10, 24):  # Söder attend only the first
                _session(coaching, "coaching_track", _at(day, 1), held, [person],
                         lambda p, day=day: p.pk in in_norr or day == 10)  # fmt: skip
            _session(coaching, "coaching_track", _at(14, 2), Status.SCHEDULED, [person],
                     lambda p: None)  # fmt: skip
            _session(coaching, "coaching_track", _at(21, 2), Status.CANCELLED, [person],
                     lambda p: None)  # fmt: skip
        for person in norr[:3]:
            _session(mentoring, "mentoring", _at(12, 1), held, [person], lambda p: True)
        sick = records.kpi_define(name="Sjukfrånvaro", key="sick-leave", measure="%",
                                  direction="down")  # fmt: skip
        for unit, values in (("e1", ("6.0", "5.5")), ("e2", ("4.0", "4.5"))):
            for month, value in zip((1, 2), values, strict=True):
                records.kpi_value_record(kpi=sick, unit=world.units[unit],
                                         period=date(2027, month, 1), value=Decimal(value),
                                         goal=Decimal("5"))  # fmt: skip
        first = records.milestone_add(
            programme=programme, title="Kickoff", due_on=date(2027, 1, 15)
        )
        records.milestone_reach(milestone=first, reached_on=date(2027, 1, 20))
        records.milestone_add(programme=programme, title="Halvtid", due_on=date(2027, 2, 20))
        step = records.next_step_add(programme=programme, what="Boka coacher",
                                     who=world.people["hr"], due_on=date(2027, 2, 10))  # fmt: skip
        records.next_step_done(step=step, done_on=date(2027, 2, 9))
    return SimpleNamespace(programme=programme, norr=norr, soder=soder, managers=managers)
