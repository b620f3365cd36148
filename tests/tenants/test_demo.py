"""The demo tenant (`spiral demo`, run by `make run` and the compose file):
made from a seed on the first run, found on the next; a municipality of 150
units and 2,000 people whose first-line-manager programme has three months
of held sessions behind it; four logins that work; nothing outside its own
schema touched.

The tenant is made once for the module, inside a transaction that is rolled
back after its last test (PostgreSQL's DDL is transactional: the schema goes
too); each test runs in a savepoint of it."""

import os
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.platform.audit.models import AuditEvent
from spiral.platform.outbox.email import TOPIC as EMAIL
from spiral.platform.outbox.models import OutboxMessage
from spiral.programs.org.actors import actor_for_user
from spiral.programs.org.models import (
    ManagementGroup,
    OrgUnit,
    Person,
    SupportAssignment,
    WorkGroup,
)
from spiral.programs.org.selectors import person_list_visible
from spiral.programs.programmes.component_apps import ComponentAppConfig
from spiral.programs.programmes.models import Enrolment, Programme
from spiral.programs.sessions.models import Attendance, Session, SessionSeries
from spiral.tenants.demo import (
    DEMO_PASSWORD,
    DEMO_SEED,
    DEMO_SLUG,
    DemoTenant,
    demo_tenant_ensure,
    demo_tenant_remove,
)
from spiral.tenants.demo.build import programme_start
from spiral.tenants.demo.digest import tenant_shape
from spiral.tenants.demo.plan import COUNCIL, demo_plan
from spiral.tenants.demo.printout import demo_printout
from spiral.tenants.demo.world import DemoWorld, demo_histories
from spiral.tenants.models import Tenant
from tests.conftest import REPO_ROOT

COUNTED = (Person, OrgUnit, WorkGroup, AuditEvent, OutboxMessage, User, Session)


def _counts(tenants) -> dict:
    counts = {}
    for tenant in tenants:
        with schema_context(tenant.schema_name):
            counts[tenant.slug] = {model.__name__: model.objects.count() for model in COUNTED}
    return counts


@dataclass
class Made:
    tenant: Tenant
    result: object
    others_before: dict
    others_after: dict


@pytest.fixture(scope="module")
def made(provisioned_tenants, django_db_blocker):
    others = list(provisioned_tenants.values())
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        outer = transaction.atomic()
        outer.__enter__()
        try:
            before = _counts(others)
            result = demo_tenant_ensure(seed=DEMO_SEED)
            after = _counts(others)
            yield Made(result.tenant, result, before, after)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            connection.set_schema_to_public()


@pytest.fixture
def in_demo(made, db):
    with schema_context(made.tenant.schema_name):
        yield made


# --- the plan: a pure function of the seed -----------------------------------


def test_the_same_seed_plans_the_same_tenant_and_another_seed_another():
    assert demo_plan(DEMO_SEED).digest() == demo_plan(DEMO_SEED).digest()
    assert demo_plan(DEMO_SEED + 1).digest() != demo_plan(DEMO_SEED).digest()


def test_the_plan_does_not_depend_on_the_process():
    """String hashing differs between processes; the plan must not."""
    code = (
        "import django; django.setup(); from spiral.tenants.demo.plan import demo_plan; "
        f"print(demo_plan({DEMO_SEED}).digest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed,
                 "DJANGO_SETTINGS_MODULE": "spiral.platform.settings_test"},
            capture_output=True, text=True, check=True, cwd=REPO_ROOT,
        ).stdout.strip()
        for seed in ("1", "2")
    }  # fmt: skip
    assert digests == {demo_plan(DEMO_SEED).digest()}


def test_the_readme_lists_the_logins_the_demo_makes():
    """A newcomer signs in with what the README's first screen says."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    first_screen = "\n".join(readme.splitlines()[:30])
    plan = demo_plan(DEMO_SEED)
    for key in ("hr", "senior", "manager", "staff"):
        assert plan.person(plan.logins[key]).email in first_screen, key
    assert DEMO_PASSWORD in first_screen


def test_the_hr_export_is_one_the_import_reads_as_written():
    plan = demo_plan(DEMO_SEED)
    text = plan.hr_export().decode("utf-8-sig")
    header, *rows = text.splitlines()
    assert header.startswith("Anställnings-ID;Förnamn;Efternamn;E-post")
    assert len(rows) == 2000


# --- what was made ------------------------------------------------------------


def test_the_tenant_holds_exactly_what_the_seed_planned(in_demo):
    planned = demo_plan(DEMO_SEED).shape()
    held = tenant_shape()
    for part in planned:
        assert held[part] == planned[part], part


def test_a_municipality_of_150_units_in_three_levels_and_2000_people(in_demo):
    assert Counter(OrgUnit.objects.values_list("depth", flat=True)) == {0: 7, 1: 27, 2: 116}
    assert not OrgUnit.objects.filter(manager=None).exists()
    tops = set(OrgUnit.objects.filter(depth=0).values_list("name", flat=True))
    assert {"Socialförvaltningen", "Barn- och utbildningsförvaltningen"} <= tops
    assert Person.objects.count() == 2000
    assert Person.objects.filter(status="active").count() > 1950
    emails = list(Person.objects.values_list("email", flat=True))
    assert len(set(emails)) == 2000 and all(e.endswith("@demo.example.se") for e in emails)
    assert Person.objects.filter(given_name="Anna").exists()
    roles = {role: Person.objects.filter(**{role: True}).count() for role in Person.ROLE_FIELDS}
    assert roles["is_first_line_manager"] == 116 and roles["is_senior_manager"] == 34
    assert all(count > 0 for count in roles.values()), roles
    # first-line managers manage the enheter, senior managers the levels above
    assert not OrgUnit.objects.filter(depth=2, manager__is_first_line_manager=False).exists()
    assert not OrgUnit.objects.filter(depth__lt=2, manager__is_senior_manager=False).exists()


def test_work_and_management_groups_with_goals_and_a_leadership_philosophy(in_demo):
    assert WorkGroup.objects.count() == 150
    assert not WorkGroup.objects.filter(leader=None).exists()
    groups = ManagementGroup.objects.all()
    assert groups.count() == 35  # 7 förvaltningar, 27 verksamheter, the kommunledningsgrupp
    for group in groups:
        assert group.chair.is_senior_manager and group.members.exists()
        assert group.goals.count() == 3
        first = group.philosophy_versions.order_by("number").first()
        assert len(first.principles) >= 4
    assert groups.filter(philosophy_versions__number=2).exists()
    council = groups.get(name="Kommunledningsgruppen")
    assert council.members.count() == 6 and council.chair.title == "Kommundirektör"


def test_every_first_line_manager_has_a_coach_and_a_mentor(in_demo):
    managers = Person.objects.filter(is_first_line_manager=True, status="active")
    for kind in ("coach", "mentor"):
        supported = SupportAssignment.objects.filter(kind=kind).values_list("person", flat=True)
        assert set(supported) == set(managers.values_list("pk", flat=True))
    mentor_load = Counter(
        SupportAssignment.objects.filter(kind="mentor").values_list("supporter", flat=True)
    )
    assert max(mentor_load.values()) <= 4


def test_the_programme_is_active_for_every_first_line_manager_since_three_months(in_demo):
    programme = Programme.objects.get()
    today = timezone.localdate()
    assert programme.status == Programme.Status.ACTIVE
    assert programme.starts_on == programme_start(today)
    assert timedelta(weeks=13) <= today - programme.starts_on < timedelta(weeks=14)
    enrolled = Enrolment.objects.filter(programme=programme, status="enrolled")
    assert set(enrolled.values_list("person", flat=True)) == set(
        Person.objects.filter(is_first_line_manager=True, status="active").values_list(
            "pk", flat=True
        )
    )
    assert programme.owner.is_hr and programme.process_leaders.count() == 2


def test_sessions_held_over_three_months_and_scheduled_ahead(in_demo):
    now = timezone.now()
    start = Programme.objects.get().starts_on
    sessions = Session.objects.all()
    kinds = set(SessionSeries.objects.values_list("kind", flat=True))
    assert kinds == {"coaching_track", "feedback_loop", "group_meetings", "learning_arena",
                     "mentoring", "supervision_group"}  # fmt: skip
    held = sessions.filter(status=Session.Status.HELD)
    assert held.count() > 1000 and not held.filter(starts_at__gt=now).exists()
    first = timezone.localtime(held.order_by("starts_at").first().starts_at).date()
    assert first < start + timedelta(days=7)
    assert sessions.filter(status="scheduled", starts_at__gt=now).count() > 1000
    # nothing of the past is left scheduled; a few meetings were cancelled
    assert not sessions.filter(status="scheduled", ends_at__lte=now).exists()
    assert 0 < sessions.filter(status="cancelled").count() < held.count() / 10
    # who came is recorded for every held session, most came
    attendance = Attendance.objects.filter(session__status="held")
    assert not attendance.filter(attended=None).exists()
    assert 0.8 < attendance.filter(attended=True).count() / attendance.count() < 0.97
    # on weekdays, at working hours, never on Christmas Day
    local = [timezone.localtime(s) for s in sessions.values_list("starts_at", flat=True)]
    assert all(moment.weekday() < 5 and 8 <= moment.hour <= 17 for moment in local)
    assert not any((moment.month, moment.day) == (12, 25) for moment in local)


def test_the_arena_component_added_its_own_history(in_demo):
    (arena,) = SessionSeries.objects.filter(kind="learning_arena")
    members = arena.participants.count()
    assert 30 < members < 50
    held = arena.sessions.filter(status="held")
    assert held.exists()
    for session in held:
        assert session.attendances.count() == members


def test_the_feedback_component_added_its_rounds(in_demo):
    """Every management group has three closed rounds of its feedback loop
    (two named, then a confidential one) and one open now with partial
    completion, all made through the round services."""
    from spiral.programs.feedback.models import FeedbackItem, FeedbackRound
    from spiral.programs.feedback.selectors import round_completion, round_reciprocity

    groups = ManagementGroup.objects.count()
    rounds = FeedbackRound.objects.select_related("group", "component_instance__component")
    closed = [r for r in rounds.order_by("opened_at") if r.status == "closed"]
    open_ = [r for r in rounds if r.status == "open"]
    assert len(closed) == 3 * groups and len(open_) == groups
    assert {r.group_id for r in open_} == set(ManagementGroup.objects.values_list("pk", flat=True))
    # the verksamheter's groups hold the programme's feedback loop; the
    # kommunledning and förvaltningsledningar run rounds of their own
    linked = {r.group.name for r in rounds if r.component_instance}
    assert all(name.startswith("Ledningsgrupp ") for name in linked) and len(linked) > groups / 2
    assert all(
        r.component_instance.component.kind == "feedback_loop"
        and r.component_instance.management_group_id == r.group_id
        for r in rounds
        if r.component_instance
    )
    assert rounds.filter(group__name=COUNCIL, component_instance=None).count() == 4
    now, start = timezone.now(), programme_start(timezone.localdate())
    for r in closed:
        assert r.opened_at.date() >= start and r.opened_at < r.deadline <= r.closed_at < now
        reciprocity = round_reciprocity(round=r)
        assert reciprocity.connected and reciprocity.mutual <= reciprocity.connected
        assert reciprocity.connected <= reciprocity.pairs
    modes = Counter((r.group_id, r.mode) for r in closed)
    assert set(modes.values()) == {1, 2} and len(modes) == 2 * groups
    reciprocity = [round_reciprocity(round=r) for r in closed]
    share = sum(x.mutual for x in reciprocity) / sum(x.connected for x in reciprocity)
    assert 0.7 < share < 0.95
    for r in open_:
        assert r.opened_at < now < r.deadline
        done = [row.complete for row in round_completion(round=r)]
        assert any(done) and not all(done)
    given = FeedbackItem.objects.filter(round__in=open_).count()
    possible = sum(len(r.participants.all()) * (len(r.participants.all()) - 1) for r in open_)
    assert 0.2 < given / possible < 0.8
    # every item refers to a goal or principle of its round
    assert not FeedbackItem.objects.filter(principles=[], goals=None).exists()
    assert (
        AuditEvent.objects.filter(action="feedback.given").count() == FeedbackItem.objects.count()
    )


def test_the_past_mail_is_recorded_as_sent_not_left_for_the_mail_folder(in_demo):
    emails = OutboxMessage.objects.filter(topic=EMAIL)
    assert emails.count() > 1000  # invitations to every series, a few cancellations
    assert not emails.filter(relayed_at=None).exists()


def test_every_write_is_the_demos(in_demo):
    labels = set(AuditEvent.objects.values_list("actor_label", flat=True))
    assert labels == {"system:demo"}
    assert AuditEvent.objects.filter(action="person.created").count() == 2000


# --- logins -------------------------------------------------------------------


def test_the_four_logins_work_and_see_what_the_printout_says(in_demo):
    plan = demo_plan(DEMO_SEED)
    seen = {}
    for key, external_id in plan.logins.items():
        person = Person.objects.select_related("user", "unit").get(external_id=external_id)
        client = Client(HTTP_HOST=f"{DEMO_SLUG}.spiral.test")
        response = client.post(
            "/accounts/login/", {"username": person.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, key
        assert client.get("/api/v1/me/").json()["email"] == person.email
        seen[key] = person_list_visible(actor=actor_for_user(person.user)).count()
    hr = Person.objects.get(external_id=plan.logins["hr"])
    assert hr.is_hr and hr.user.is_tenant_admin and seen["hr"] == 2000
    # a senior manager their subtree, a first-line manager their unit (both: their mentees)
    for key in ("senior", "manager"):
        person = Person.objects.get(external_id=plan.logins[key])
        units = OrgUnit.objects.filter(path__startswith=person.managed_units.get().path)
        if key == "manager":
            units = units.filter(depth=2)
        mentees = SupportAssignment.objects.filter(supporter=person).values("person")
        expected = Person.objects.filter(unit__in=units) | Person.objects.filter(pk__in=mentees)
        assert seen[key] == expected.count(), key
    assert seen["staff"] == 1


def test_the_first_run_printed_and_the_second_finds_the_tenant(made, db, capsys):
    assert made.result.created and made.result.seconds > 0
    with schema_context(made.tenant.schema_name):
        people = Person.objects.count()
        events = AuditEvent.objects.count()
    call_command("demo")
    out = capsys.readouterr().out
    assert "Spiral demo: http://demo.spiral.test:8000/\n" in out
    assert "API docs: http://demo.spiral.test:8000/api/docs/" in out
    assert "Demokommunen: 150 units (7 förvaltningar, 27 verksamheter, 116 enheter)" in out
    assert "2,000 people" in out and "sessions held" in out and "Made in" not in out
    plan = made.result.plan
    for key, label in (("hr", "HR"), ("senior", "senior manager"),
                       ("manager", "first-line manager"), ("staff", "staff")):  # fmt: skip
        person = plan.person(plan.logins[key])
        assert f"  {label}" in out and f"{person.name} <{person.email}>" in out
    assert f"password {DEMO_PASSWORD}" in out
    assert Tenant.objects.filter(slug=DEMO_SLUG).count() == 1
    with schema_context(made.tenant.schema_name):
        assert (Person.objects.count(), AuditEvent.objects.count()) == (people, events)


def test_a_demo_tenant_of_an_earlier_version_is_told_how_to_make_it_afresh(made, db):
    plan = made.result.plan
    with schema_context(made.tenant.schema_name):
        Person.objects.filter(external_id__in=plan.logins.values()).update(user=None)
    earlier = DemoTenant(tenant=made.tenant, plan=plan, created=False)
    lines = "\n".join(demo_printout(earlier))
    assert "spiral demo --reset" in lines and DEMO_PASSWORD not in lines


def test_demo_refuses_to_make_known_passwords_in_production(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="SPIRAL_ENV=production"):
        call_command("demo")


# --- only its own schema ------------------------------------------------------


def test_other_tenants_are_untouched(made, db):
    assert made.others_after == made.others_before
    assert Tenant.objects.filter(slug=DEMO_SLUG).get().schema_name == "demo"


def test_a_failed_first_run_leaves_no_tenant_behind(made, db, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("halfway")

    monkeypatch.setattr("spiral.tenants.demo.build.demo_build", broken)
    with transaction.atomic():
        assert demo_tenant_remove()
        with pytest.raises(RuntimeError, match="halfway"):
            demo_tenant_ensure()
        assert not Tenant.objects.filter(slug=DEMO_SLUG).exists()
        assert connection.schema_name == "public"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'demo'")
            assert cursor.fetchone() is None
        transaction.set_rollback(True)


# --- the extension point -------------------------------------------------------


def test_every_component_app_is_asked_for_its_history_in_label_order(monkeypatch):
    from django.apps import apps

    calls = []
    for config in apps.get_app_configs():
        if isinstance(config, ComponentAppConfig):
            monkeypatch.setattr(
                config, "demo_history",
                lambda world, label=config.label: calls.append((label, world.rng.random())),
            )  # fmt: skip
    world = DemoWorld(
        seed=DEMO_SEED, rng=None, today=None, now=None, plan=None, programme=None, units={},
        people={},
    )  # fmt: skip
    called = demo_histories(world)
    labels = [label for label, _ in calls]
    assert labels == sorted(labels) and set(labels) >= {
        "arenas", "coaching", "feedback", "groups", "mentoring",
    }  # fmt: skip
    assert labels == [label for label in called if label in labels]
    # each its own generator, fixed by the seed and its label
    draws = dict(calls)
    assert len(set(draws.values())) == len(draws)
    assert draws["arenas"] == world.for_component("arenas").rng.random()
