"""Joining one arena under 50 concurrent clients (make bench
BENCH_ARGS=tests/benchmarks/bench_arenas.py): 50 signed-in people POST
/api/v1/arenas/<id>/join/ at the same moment against gunicorn (4 processes x 4
threads), each on its own connection, in several rounds (a fresh 10-seat arena
each); against 50 plain INSERTs of the same membership rows from 50
concurrent database connections, in the same run. Every round asserts zero
oversubscription: 10 members, positions 1..40."""

import statistics
import threading
import time

import psycopg
from django.conf import settings
from django_tenants.utils import schema_context

from spiral.programs.arenas.models import Membership
from tests.benchmarks.conftest import report
from tests.programs.arena_load import (
    arena_for_load,
    fire,
    gunicorn,
    load_tenant,
    people_signed_in,
    warm_up,
)

CLIENTS, SEATS, ROUNDS = 50, 10, 5


def _check(tenant, arena) -> None:
    with schema_context(tenant.schema_name):
        places = Membership.objects.filter(arena=arena)
        assert places.filter(status="member").count() == SEATS
        positions = sorted(
            places.filter(status="waitlisted").values_list("waitlist_position", flat=True)
        )
        assert positions == list(range(1, CLIENTS - SEATS + 1))


def _dsn() -> str:
    db = settings.DATABASES["default"]
    password = f" password={db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"host={db['HOST']} port={db['PORT']} dbname={db['NAME']} user={db['USER']}{password}"


def _plain_inserts(tenant, arena, person_ids: list[int]) -> float:
    """Seconds for the same rows as plain INSERTs, one connection per client,
    started together (the connections are opened before the clock starts)."""
    connections = [psycopg.connect(_dsn(), autocommit=True) for _ in person_ids]
    for conn in connections:
        conn.execute(f'SET search_path TO "{tenant.schema_name}", public')
    barrier = threading.Barrier(len(person_ids) + 1)
    sql = (
        "INSERT INTO arenas_membership (arena_id, person_id, status, waitlist_position,"
        " created_at, updated_at) VALUES (%s, %s, %s, %s, now(), now())"
    )

    def one(i: int) -> None:
        status, position = ("member", None) if i < SEATS else ("waitlisted", i - SEATS + 1)
        barrier.wait()
        connections[i].execute(sql, (arena.pk, person_ids[i], status, position))

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(person_ids))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for conn in connections:
        conn.close()
    return elapsed


def test_joins_per_second_under_50_concurrent_clients(real_commits, subprocess_env, tmp_path):
    with load_tenant("arenor-bank", "212000-2015") as tenant:
        joiners = people_signed_in(tenant, CLIENTS)
        arenas = [arena_for_load(tenant, capacity=SEATS, title=f"Arena {n}") for n in range(ROUNDS)]
        joins = []
        with gunicorn(subprocess_env, tmp_path / "server.log") as port:
            warm_up(port, f"/api/v1/arenas/{arenas[0].public_id}/", joiners)
            for arena in arenas:
                started = time.perf_counter()
                codes = fire(port, f"/api/v1/arenas/{arena.public_id}/join/", joiners)
                joins.append(time.perf_counter() - started)
                assert codes == [200] * CLIENTS
                _check(tenant, arena)
        plain = []
        for n in range(ROUNDS):
            arena = arena_for_load(tenant, capacity=SEATS, title=f"Plain {n}")
            plain.append(_plain_inserts(tenant, arena, [j.person_id for j in joiners]))
            _check(tenant, arena)
    join_rate = CLIENTS / statistics.median(joins)
    plain_rate = CLIENTS / statistics.median(plain)
    report(
        "Arenas: 50 concurrent joins of one arena",
        [
            ("joins over HTTP (gunicorn 4x4), median of 5 rounds", f"{join_rate:,.0f} joins/s"),
            ("plain INSERTs of the same rows, 50 connections", f"{plain_rate:,.0f} rows/s"),
            ("ratio (joins / plain inserts)", f"{join_rate / plain_rate:.3f}"),
            ("oversubscription in every round", "0 (10 members, positions 1..40)"),
        ],
    )
