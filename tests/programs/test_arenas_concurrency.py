"""Capacity holds exactly under concurrency (issue 15, point 2): 200 people
join a 30-seat arena at the same moment, over real HTTP connections, against
a running gunicorn (several processes, several threads each)."""

import time

from django.db.models import Count
from django_tenants.utils import schema_context

from spiral.programs.arenas.models import Membership
from tests.programs.arena_load import (
    arena_for_load,
    fire,
    gunicorn,
    load_tenant,
    people_signed_in,
    warm_up,
)

PEOPLE, SEATS = 200, 30


def test_200_joins_at_once_give_30_members_and_positions_1_to_170(
    real_commits, subprocess_env, tmp_path
):
    begun = time.monotonic()
    with load_tenant("arenor-samtidigt", "212000-2007") as tenant:
        # Given 200 signed-in people and an arena of 30 seats
        print(f"\ntenant {time.monotonic() - begun:.1f} s")
        joiners = people_signed_in(tenant, PEOPLE)
        arena = arena_for_load(tenant, capacity=SEATS)
        print(f"people {time.monotonic() - begun:.1f} s")
        with gunicorn(subprocess_env, tmp_path / "server.log") as port:
            warm_up(port, f"/api/v1/arenas/{arena.public_id}/", joiners)
            print(f"server {time.monotonic() - begun:.1f} s")
            # When they all join at the same moment
            started = time.monotonic()
            codes = fire(port, f"/api/v1/arenas/{arena.public_id}/join/", joiners)
            elapsed = time.monotonic() - started
        log = (tmp_path / "server.log").read_text()
        assert codes == [200] * PEOPLE, (sorted(set(codes)), log[-3000:])
        with schema_context(tenant.schema_name):
            places = Membership.objects.filter(arena=arena)
            # Then exactly 30 are members and 170 wait, at 1..170, no gap, no repeat
            by_status = dict(places.values_list("status").annotate(n=Count("id")))
            assert by_status == {"member": SEATS, "waitlisted": PEOPLE - SEATS}
            positions = sorted(
                places.filter(status="waitlisted").values_list("waitlist_position", flat=True)
            )
            assert positions == list(range(1, PEOPLE - SEATS + 1))
            assert places.values("person").distinct().count() == PEOPLE
            # and the arena's series holds exactly its members
            members = set(places.filter(status="member").values_list("person_id", flat=True))
            arena.refresh_from_db()
            assert set(arena.series.participants.values_list("pk", flat=True)) == members
        print(f"\n200 concurrent joins in {elapsed:.2f} s")
