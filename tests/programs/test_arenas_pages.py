"""The arena pages' writes: a facilitator approves a request, records
attendance and takes a topic up; a member rates a session once; the results
page shows only what the anonymity engine shows (issue 15)."""

from django.utils import timezone
from django_tenants.utils import schema_context

from spiral.platform.audit.models import AuditEvent
from spiral.programs.arenas.models import Arena, Membership, SessionRating, Topic
from spiral.programs.arenas.services import arena_join
from spiral.programs.sessions.models import Attendance, Session
from spiral.programs.sessions.services import sessions_history_record
from tests.programs.arena_helpers import arena_make


def test_a_facilitator_approves_records_attendance_and_picks_a_topic(world):
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, capacity=5, admission=Arena.Admission.APPROVAL)
        arena_join(arena=arena, person=world.people["staff"])
        past = Session.objects.filter(series=arena.series, starts_at__lt=timezone.now()).first()
    coach, run = world.client("coach"), f"/arenas/{arena.public_id}/run/"
    assert world.client("staff").get(run).status_code == 403
    page = coach.get(run)
    assert page.status_code == 200 and world.people["staff"].name in page.content.decode()
    # When the facilitator approves the request, staff is a member
    person = str(world.people["staff"].public_id)
    coach.post(f"{run}approve/", {"person": person})
    with schema_context(world.tenant.schema_name):
        place = Membership.objects.get(arena=arena, person=world.people["staff"])
        assert place.status == "member"
        sessions_history_record(attendance={past.pk: {world.people["staff"].pk: False}})
    # and records that staff came to the past session
    form = f"/arenas/sessions/{past.public_id}/attendance/"
    assert coach.get(form).status_code == 200
    field = f"p{world.people['staff'].public_id.hex}"
    assert coach.post(form, {field: "on"}).status_code == 302
    with schema_context(world.tenant.schema_name):
        assert Attendance.objects.get(session=past, person=world.people["staff"]).attended
    # A member proposes a topic; the facilitator takes it up in a coming session
    staff = world.client("staff")
    staff.post(f"/arenas/{arena.public_id}/propose/", {"title": "Arbetsmiljö"})
    with schema_context(world.tenant.schema_name):
        topic = Topic.objects.get(arena=arena)
        coming = Session.objects.filter(series=arena.series, starts_at__gt=timezone.now()).first()
    coach.post(f"{run}pick/", {"topic": str(topic.public_id), "session": str(coming.public_id)})
    with schema_context(world.tenant.schema_name):
        topic.refresh_from_db()
        assert topic.session_id == coming.pk
    assert "togs upp" in staff.get(f"/arenas/{arena.public_id}/").content.decode()


def test_a_member_rates_once_and_the_comment_stays_out_of_the_trail(world):
    with schema_context(world.tenant.schema_name):
        arena = arena_make(world, capacity=5)
        arena_join(arena=arena, person=world.people["staff"])
        past = Session.objects.filter(series=arena.series, starts_at__lt=timezone.now()).first()
        sessions_history_record(attendance={past.pk: {world.people["staff"].pk: True}})
    staff, rate = world.client("staff"), f"/arenas/sessions/{past.public_id}/rate/"
    assert staff.post(rate, {"rating": "5", "comment": "Hemligt omdöme"}).status_code == 302
    again = staff.post(rate, {"rating": "1"})
    assert again.status_code == 200 and "redan betygsatt" in again.content.decode()
    with schema_context(world.tenant.schema_name):
        assert SessionRating.objects.get(session=past).rating == 5
        trail = " ".join(str(e.changes) for e in AuditEvent.objects.all())
        assert "Hemligt" not in trail
    # One rating is too few: the facilitator's page shows no figure and no comment
    page = world.client("coach").get(f"/arenas/{arena.public_id}/run/").content.decode()
    assert "Hemligt omdöme" not in page
    # Someone in no arena cannot open the rating form
    assert world.client("other_staff").get(rate).status_code == 404
