"""Writes the demo tenant from its plan, through the product's own services
and bulk paths: the HR import (units, people, managers, work groups,
management groups), the group services (goals, philosophy versions, the
municipality's own management group), programme creation and activation
(enrolments, component instances), the sessions' bulk materialiser (sessions,
attendance, invitations) and the bulk history service (held sessions, who
came). Then each component adds its own history (``world.demo_histories``).

Runs in the tenant's schema, in the caller's transaction, acting as
``system:demo``. The programme started about three months ago: the sessions
since are held, the coming ones scheduled; everything the past sent by
email (the invitations of its first day, the cancellations of a few
sessions) is recorded as sent, so a developer's mail folder gets only what
happens from now on (reminders for the coming day, follow-ups)."""

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from dateutil.easter import easter
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from spiral.platform.accounts.models import User
from spiral.platform.accounts.services import user_create
from spiral.platform.audit.services import audit_record, audit_record_many
from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.org.hr_import.service import people_import
from spiral.programs.org.models import (
    ManagementGroup,
    OrgUnit,
    Person,
    SupportAssignment,
)
from spiral.programs.org.services import (
    management_goal_add,
    management_group_create,
    philosophy_version_add,
)
from spiral.programs.programmes.kinds import Rhythm, kind_of
from spiral.programs.programmes.models import ComponentInstance, ProgrammeTemplate
from spiral.programs.programmes.services import programme_activate, programme_create
from spiral.programs.sessions.components import series_defaults_for_component
from spiral.programs.sessions.models import Attendance, Session, SessionSeries
from spiral.programs.sessions.services import (
    session_cancel,
    sessions_history_record,
    sessions_materialise_horizon,
)
from spiral.tenants.demo import organisation
from spiral.tenants.demo.plan import COUNCIL, EMAIL_DOMAIN, DemoPlan
from spiral.tenants.demo.world import DemoWorld, demo_histories

TEMPLATE = "first-line-managers"
WEEKS_BEHIND = 13  # the programme started about three months ago
DAYS = ("MO", "TU", "WE", "TH", "FR")
CANCELLED_SHARE = 0.03  # past meetings that did not take place
# How likely someone was at a held session; whoever organised it nearly always was.
PRESENT = {"group_meetings": 0.86, "feedback_loop": 0.9, "learning_arena": 0.8}
PRESENT_DEFAULT = 0.93
ORGANISER_PRESENT = 0.97


def programme_start(today: date) -> date:
    """The Monday WEEKS_BEHIND weeks before this week's."""
    return today - timedelta(days=today.weekday(), weeks=WEEKS_BEHIND)


def demo_build(*, plan: DemoPlan, today: date, password: str) -> DemoWorld:
    start = programme_start(today)
    report = people_import(data=plan.hr_export(), filename="demo.csv", full=False, dry_run=False)
    if report.errors:
        raise RuntimeError(f"The demo's HR export has errors: {report.errors[:5]}")
    units = {unit.external_id: unit for unit in OrgUnit.objects.all()}
    people = {person.external_id: person for person in Person.objects.all()}
    _management_groups(plan, people, start)
    _support(plan, people)
    _logins(plan, people, password)
    programme = _programme(plan, people, start)
    world = DemoWorld(
        seed=plan.seed, rng=random.Random(plan.seed), today=today, now=timezone.now(),  # noqa: S311
        plan=plan, programme=programme, units=units, people=people,
    )  # fmt: skip
    keys = _series(world.for_component("demo:series"), start)
    sessions_materialise_horizon()
    _past(world, keys)
    demo_histories(world)
    _past_mail_sent()
    return world


# --- organisation -----------------------------------------------------------


def _management_groups(plan: DemoPlan, people: dict[str, Person], start: date) -> None:
    """The import made a group for each chief; the kommundirektör's own group
    is made here. Then every group's goals and leadership philosophy."""
    by_unit = {g.unit.external_id: g for g in ManagementGroup.objects.select_related("unit")}
    for planned in plan.management_groups:
        if planned.unit is None:
            group = management_group_create(
                name=COUNCIL,
                chair=people[planned.chair],
                members=[people[member] for member in planned.members],
            )
        else:
            group = by_unit[planned.unit]
        for title, text, months in planned.goals:
            management_goal_add(
                group=group, title=title, description=text,
                target_date=start + relativedelta(months=months, day=31),
            )  # fmt: skip
        first = (start - relativedelta(months=planned.philosophy_months_before)).replace(day=1)
        for number, principles in enumerate(planned.philosophy):
            in_force = first if number == 0 else start
            philosophy_version_add(group=group, principles=list(principles), in_force_from=in_force)


def _support(plan: DemoPlan, people: dict[str, Person]) -> None:
    """Coaches and mentors, assigned when the programme started (no service
    writes these yet: the coaching and mentoring components will)."""
    assignments = SupportAssignment.objects.bulk_create(
        [
            SupportAssignment(kind=kind, supporter=people[supporter], person=people[person])
            for kind, pairs in (("coach", plan.coaches), ("mentor", plan.mentors))
            for person, supporter in pairs.items()
        ]
    )
    audit_record_many(
        action="support_assignment.created",
        objects=assignments,
        changes=lambda a: {"kind": [None, a.kind], "supporter": [None, a.supporter_id],
                           "person": [None, a.person_id]},
    )  # fmt: skip


def _logins(plan: DemoPlan, people: dict[str, Person], password: str) -> None:
    """The four people whose logins are printed. The HR person's is the
    tenant's first administrator (made with the tenant). One password, hashed once."""
    hashed = make_password(password)
    for key in ("hr", "senior", "manager", "staff"):
        person = people[plan.logins[key]]
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = user_create(email=person.email, full_name=person.name)
        user.full_name = person.name
        user.password = hashed
        user.save(update_fields=["full_name", "password", "updated_at"])
        audit_record(action="user.updated", obj=user, changes={"password": None})
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user
        audit_record(action="person.updated", obj=person, changes={"user": [None, user.pk]})


# --- the programme ----------------------------------------------------------


def _programme(plan: DemoPlan, people: dict[str, Person], start: date):
    template = ProgrammeTemplate.objects.get(key=TEMPLATE)
    end = start + timedelta(weeks=52, days=-1)
    week = timedelta(weeks=1)
    programme = programme_create(
        name=f"{template.name_sv} {start.year}/{end.year % 100:02d}",
        template=template,
        owner=people[plan.logins["hr"]],
        process_leaders=[p for p in people.values() if p.is_process_leader],
        starts_on=start,
        ends_on=end,
        phases=[
            {"name": "Uppstart", "starts_on": start, "ends_on": start + 6 * week - timedelta(1)},
            {
                "name": "Fördjupning",
                "starts_on": start + 6 * week,
                "ends_on": start + 34 * week - timedelta(1),
            },
            {"name": "Spridning och uppföljning", "starts_on": start + 34 * week, "ends_on": end},
        ],
        goals=[
            {
                "horizon": "short",
                "target_date": start + 16 * week,
                "text": "Alla första linjens chefer har kommit igång med coachning och mentorskap "
                "och håller lärande gruppmöten varannan vecka.",
            },
            {
                "horizon": "short",
                "target_date": start + 26 * week,
                "text": "Varje ledningsgrupp har gett ömsesidig återkoppling mot sin "
                "ledningsfilosofi minst fem gånger.",
            },
            {
                "horizon": "long",
                "target_date": end,
                "text": "Cheferna upplever att de har tid och stöd för att leda lärande; "
                "sjukfrånvaron och personalomsättningen i enheterna minskar.",
            },
        ],
        milestones=[
            {"title": "Uppstartsdag för alla chefer", "due_on": start, "reached_on": start},
            {
                "title": "Alla har en coach och en mentor",
                "due_on": start + 2 * week,
                "reached_on": start + week,
            },
            {"title": "Första gruppklimatpulsen", "due_on": start + 13 * week, "reached_on": None},
            {
                "title": "Halvtidsuppföljning i kommunledningsgruppen",
                "due_on": start + 26 * week,
                "reached_on": None,
            },
        ],
    )
    programme_activate(programme=programme)
    programme.refresh_from_db()
    return programme


def _subject(instance: ComponentInstance) -> str:
    if instance.enrolment_id:
        return instance.enrolment.person.external_id
    if instance.work_group_id:
        return instance.work_group.unit.external_id
    if instance.management_group_id:
        return instance.management_group.name
    return ""


def _series(world: DemoWorld, start: date) -> dict[int, str]:
    """Every component instance that meets gets its series from the first
    day of the programme, as the scheduler would have made it then (the same
    organiser, people, title, length and rule), at a time of its own: a
    coach's coachees on different days, a work group's meetings when that
    kind of work can meet. Made in bulk; materialised by the product's
    materialiser, which also writes the invitations. Returns each series' key
    (its kind and subject), for draws that must not depend on row ids."""
    instances = sorted(
        ComponentInstance.objects.filter(component__programme=world.programme).select_related(
            "component__programme__owner", "enrolment__person", "work_group__leader",
            "work_group__unit", "management_group__chair", "management_group__unit",
        ),
        key=lambda instance: (instance.component.position, _subject(instance)),
    )  # fmt: skip
    slots = _Slots(world, start)
    drafts: list[tuple[SessionSeries, list[int]]] = []
    for instance in instances:
        component = instance.component
        if kind_of(component.kind).rhythm != Rhythm.MEETINGS or not component.cadence:
            continue
        planned = series_defaults_for_component(instance=instance, starts_on=start)
        if planned is None:
            continue
        defaults, participants = planned
        series = SessionSeries(component_instance=instance, **defaults)
        slots.place(series, instance)
        series._demo_key = f"{component.kind}:{_subject(instance)}"
        drafts.append((series, participants))
    SessionSeries.objects.bulk_create([series for series, _ in drafts], batch_size=1000)
    through = SessionSeries.participants.through
    through.objects.bulk_create(
        [
            through(sessionseries_id=series.pk, person_id=person)
            for series, participants in drafts
            for person in participants
        ],
        batch_size=5000,
    )
    people = {series.pk: participants for series, participants in drafts}
    audit_record_many(
        action="session_series.created",
        objects=[series for series, _ in drafts],
        changes=lambda series: {"participants": [[], people[series.pk]]},
    )
    return {series.pk: series._demo_key for series, _ in drafts}


class _Slots:
    """Days and times for the series, so that nobody is booked twice at once
    and nothing falls on a weekend, a public holiday or in July."""

    TIMES = (time(8, 30), time(10, 0), time(13, 0), time(14, 30))

    def __init__(self, world: DemoWorld, start: date):
        self.world, self.start = world, start
        self.taken: dict[str, int] = defaultdict(int)  # organiser -> series placed so far

    def place(self, series: SessionSeries, instance: ComponentInstance) -> None:
        kind, rng = series.kind, self.world.rng
        organiser = series.organiser.external_id if series.organiser else ""
        n = self.taken[f"{kind}:{organiser}"]
        self.taken[f"{kind}:{organiser}"] += 1
        if kind == "coaching_track":  # every four weeks: a coach's coachees spread over them
            day = self.start + timedelta(weeks=n % 4, days=(n // 4) % 5)
            series.start_time = self.TIMES[(n // 20) % 4]
            series.video_link = f"https://video.{EMAIL_DOMAIN}/coachning-{organiser}"
        elif kind == "group_meetings":
            day = self.start + timedelta(weeks=rng.randrange(2), days=rng.randrange(4))
            series.start_time = _meeting_time(self.world, instance, rng)
            series.place = f"Personalrummet, {instance.work_group.unit.name}"
        elif kind == "mentoring":  # a mentor's mentees in different weeks of the month
            day = _nth_weekday(self.start, week=1 + n % 3, weekday=(1 + 2 * n) % 5)
            series.start_time = time(15, 0)
            series.place = "Enligt överenskommelse"
        elif kind == "feedback_loop":
            day = _nth_weekday(self.start, week=1 + rng.randrange(2), weekday=1 + rng.randrange(3))
            series.start_time = time(13, 0)
            unit = instance.management_group.unit
            series.place = f"Sammanträdesrummet, {unit.name if unit else 'Stadshuset'}"
        else:  # a learning arena and anything new: the second Wednesday, in the afternoon
            day = _nth_weekday(self.start, week=2, weekday=2)
            series.start_time = time(13, 0)
            series.place = "Stadshuset, Stora sessionssalen"
        series.starts_on = day
        series.rule = _pinned(series.rule, day)
        series.exceptions = _days_off(series)


def _meeting_time(world: DemoWorld, instance: ComponentInstance, rng) -> time:
    work = world.plan.unit(instance.work_group.unit.external_id).work
    if work in (organisation.CARE, organisation.NIGHT):
        return time(13, 30)  # when the day and evening shifts overlap
    if work in (organisation.SCHOOL, organisation.UPPER, organisation.ADULT):
        return time(15, 30)  # after the last lesson
    if work is organisation.PRESCHOOL:
        return time(17, 0)  # after the children have gone home
    return rng.choice(_Slots.TIMES)


def _nth_weekday(after: date, *, week: int, weekday: int) -> date:
    """The first day on or after ``after`` that is the ``week``-th such
    weekday of its month (the second Tuesday...)."""
    month = after.replace(day=1)
    while True:
        first = month + timedelta(days=(weekday - month.weekday()) % 7)
        day = first + timedelta(weeks=week - 1)
        if day >= after:
            return day
        month = month + relativedelta(months=1)


def _pinned(rule: str, day: date) -> str:
    """A monthly rule keeps to its weekday ("the second Tuesday") rather than
    its date, which falls on a weekend now and then."""
    parts = [part for part in rule.split(";") if part]
    names = {part.split("=", 1)[0] for part in parts}
    if "FREQ=MONTHLY" not in parts or names & {"BYDAY", "BYMONTHDAY"}:
        return rule
    nth = (day.day - 1) // 7 + 1
    return ";".join([parts[0], f"BYDAY=+{nth}{DAYS[day.weekday()]}", *parts[1:]])


def _days_off(series: SessionSeries) -> list[str]:
    """The series' dates that fall on a Swedish public holiday (or its eve)
    or in July, when municipal programmes rest."""
    first = datetime.combine(series.starts_on, series.start_time)
    dates = [moment.date() for moment in rrulestr(f"RRULE:{series.rule}", dtstart=first)]
    holidays = set().union(*(_holidays(year) for year in {d.year for d in dates}))
    return [d.isoformat() for d in dates if d in holidays or d.month == 7]


def _holidays(year: int) -> set[date]:
    easter_day = easter(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4)
    all_saints = next(
        date(year, m, d) for m, d in ((10, 31), *((11, n) for n in range(1, 7)))
        if date(year, m, d).weekday() == 5
    )  # fmt: skip
    fixed = [(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)]
    return {date(year, m, d) for m, d in fixed} | {
        easter_day - timedelta(days=2),  # långfredag
        easter_day + timedelta(days=1),  # annandag påsk
        easter_day + timedelta(days=39),  # Kristi himmelfärd
        midsummer_eve,
        all_saints - timedelta(days=1),  # allhelgonaafton
    }


# --- the past ---------------------------------------------------------------


def _past(world: DemoWorld, keys: dict[int, str]) -> None:
    """A few past meetings were cancelled (through the product's service, so
    their people were told); the rest were held, with who came."""
    now = timezone.now()
    past = Session.objects.filter(
        component_instance__component__programme=world.programme,
        ends_at__lte=now,
        status=Session.Status.SCHEDULED,
    )
    cancelled = [
        session
        for session in past.filter(kind__in=["group_meetings", "coaching_track"]).order_by("pk")
        if world.chance("cancelled", keys[session.series_id], session.occurrence) < CANCELLED_SHARE
    ]
    for session in cancelled:
        session_cancel(session=session)
    held = {
        pk: {} for pk in past.exclude(status=Session.Status.CANCELLED).values_list("pk", flat=True)
    }
    external = {person.pk: ext for ext, person in world.people.items()}
    rows = Attendance.objects.filter(session_id__in=list(held)).values_list(
        "session_id", "person_id", "session__kind", "session__occurrence", "session__organiser_id"
    )
    for session_id, person_id, kind, occurrence, organiser_id in rows:
        likely = (
            ORGANISER_PRESENT if person_id == organiser_id else PRESENT.get(kind, PRESENT_DEFAULT)
        )
        chance = world.chance("present", kind, occurrence.isoformat(), external[person_id])
        held[session_id][person_id] = chance < likely
    sessions_history_record(attendance=held)


def _past_mail_sent() -> None:
    """The past's emails went out when it happened: recorded as sent, not
    sent now. Other messages (the scheduler's, enrolment's) stay for the
    worker, which finds their work done."""
    OutboxMessage.objects.filter(topic=EMAIL, relayed_at=None).update(relayed_at=timezone.now())
