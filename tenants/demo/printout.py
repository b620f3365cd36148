"""What ``spiral demo`` prints: where the demo tenant is, what is in it, and
four logins with what each of them will see. Read from the tenant as it is
now (a developer may have changed it since it was made)."""

from django.db.models import Count, Q
from django.utils import timezone
from django_tenants.utils import schema_context

from spiral.programs.org.models import ManagementGroup, OrgUnit, Person, SupportAssignment
from spiral.programs.programmes.models import Enrolment, Programme
from spiral.programs.sessions.models import Session
from spiral.tenants.demo import DEMO_PASSWORD, DemoTenant
from spiral.tenants.links import tenant_url

ROLES = (
    ("hr", "HR"),
    ("senior", "senior manager"),
    ("manager", "first-line manager"),
    ("staff", "staff"),
)
LEVELS = ("förvaltningar", "verksamheter", "enheter")


def demo_printout(demo: DemoTenant) -> list[str]:
    url = tenant_url("/", demo.tenant)
    with schema_context(demo.tenant.schema_name):
        lines = [f"Spiral demo: {url}", *_contents(demo)]
        logins = [_login(demo, key, label) for key, label in ROLES]
    if all(logins):
        lines.append(f"Log in (password {DEMO_PASSWORD} for all four, development only) as:")
        for login in logins:
            lines += login
    else:
        lines.append(
            "This demo tenant was made by an earlier version of Spiral and lacks the demo's "
            "people: `spiral demo --reset` makes it afresh."
        )
    if demo.created:
        lines.append(
            f"Made in {demo.seconds:.1f} s from seed {demo.plan.seed}. The emails of its past "
            "(invitations, cancellations) are recorded as sent, not mailed."
        )
    lines.append(f"API docs: {url}api/docs/")
    return lines


def _contents(demo: DemoTenant) -> list[str]:
    depths = dict(OrgUnit.objects.values_list("depth").annotate(n=Count("id")))
    people = Person.objects.exclude(status=Person.Status.LEFT).count()
    units = ", ".join(f"{depths.get(depth, 0)} {name}" for depth, name in enumerate(LEVELS))
    lines = [f"{demo.tenant.name}: {sum(depths.values())} units ({units}), {people:,} people."]
    programme = (
        Programme.objects.filter(template__key="first-line-managers").order_by("created_at").first()
    )
    if programme is not None:
        now = timezone.now()
        sessions = Session.objects.filter(component_instance__component__programme=programme)
        counts = sessions.aggregate(
            held=Count("id", filter=Q(status=Session.Status.HELD)),
            coming=Count(
                "id",
                filter=Q(
                    starts_at__gt=now,
                    status__in=[Session.Status.SCHEDULED, Session.Status.MOVED],
                ),
            ),
        )
        enrolled = programme.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
        lines.append(
            f'Programme "{programme.name}": {programme.status} since '
            f"{programme.starts_on:%Y-%m-%d}, {enrolled} first-line managers enrolled, "
            f"{counts['held']:,} sessions held, {counts['coming']:,} coming."
        )
    return lines


def _login(demo: DemoTenant, key: str, label: str) -> list[str] | None:
    person = (
        Person.objects.select_related("unit", "user")
        .filter(external_id=demo.plan.logins[key])
        .first()
    )
    if person is None or person.user is None:
        return None
    unit = person.unit.name if person.unit else ""
    return [
        f"  {label:<20}{person.name} <{person.user.email}>, {person.title}, {unit}",
        f"  {'':<20}{_sees(key, person)}",
    ]


def _sees(key: str, person: Person) -> str:
    if key == "hr":
        owned = Programme.objects.filter(owner=person).count()
        return (
            "administers the tenant: every unit, person, group, programme, session and the "
            f"audit trail; owns {owned} programme{'s' if owned != 1 else ''}"
        )
    managed = person.managed_units.first()
    if key == "senior" and managed is not None:
        under = OrgUnit.objects.filter(path__startswith=managed.path)
        staff = Person.objects.filter(unit__in=under).exclude(status=Person.Status.LEFT).count()
        chaired = ManagementGroup.objects.filter(chair=person).order_by("name").first()
        chairs = f"; chairs {chaired.name} (goals, leadership philosophy)" if chaired else ""
        mentees = SupportAssignment.objects.filter(supporter=person, kind="mentor").count()
        mentors = f"; mentors {mentees} first-line managers" if mentees else ""
        return f"{under.count()} units and {staff} people under {managed.name}{chairs}{mentors}"
    if key == "manager" and managed is not None:
        staff = managed.people.exclude(pk=person.pk).exclude(status=Person.Status.LEFT).count()
        support = {
            a.kind: a.supporter.name
            for a in SupportAssignment.objects.filter(person=person).select_related("supporter")
        }
        held = Session.objects.filter(
            attendances__person=person, attendances__attended=True
        ).count()
        return (
            f"the {staff} people of {managed.name} and its work group; in the programme with "
            f"coach {support.get('coach', '-')} and mentor {support.get('mentor', '-')}, "
            f"at {held} sessions so far"
        )
    group = person.work_groups.order_by("name").first()
    coming = (
        Session.objects.filter(attendances__person=person, starts_at__gt=timezone.now())
        .exclude(status=Session.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )
    when = f", next {timezone.localtime(coming.starts_at):%Y-%m-%d %H:%M}" if coming else ""
    name = group.name if group else "no work group"
    return f"themselves and their work group, {name}: its learning meetings{when}"
