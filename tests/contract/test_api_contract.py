"""The API contract, checked by a fuzzer we did not write (schemathesis) against
a live server (gunicorn, real PostgreSQL and Redis), over every operation, as
HR (a signed-in session) and as an integration (an OAuth2 token with every
scope): no 5xx, responses as documented, every status code documented, and no
other tenant's object reachable by its id. Destructive operations run in two
tenants of the run's own, dropped afterwards. Bounded: CONTRACT_MAX_EXAMPLES
cases per operation and phase (default 12)."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from django_tenants.utils import schema_context

from spiral.platform.accounts.models import User
from spiral.platform.outbox.relay import outbox_relay
from spiral.tenants.models import Tenant
from spiral.tenants.services import tenant_create
from tests.conftest import REPO_ROOT, host
from tests.world import build_world, integration_client, running_programme

pytestmark = pytest.mark.contract

SPECS = {
    "a": dict(name="Kontraktstest A", slug="kontrakt-a", org_number="212000-0142"),
    "b": dict(name="Kontraktstest B", slug="kontrakt-b", org_number="212000-0134"),
}


# Not part of the contract: whether a schema-valid body is accepted (a
# reference to an id that does not exist is schema-valid and a 400) and whether
# every schema-invalid value is refused (DRF takes "yes" for true, as forms send).
LENIENCY_CHECKS = ("positive_data_acceptance", "negative_data_rejection")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _in_schema(tenant):
    return schema_context(tenant.schema_name)


def _provision():
    tenants = {}
    for key, spec in SPECS.items():
        tenant = tenant_create(
            kind="municipality", admin_email=f"hr@{spec['slug']}.example.se", **spec
        ).tenant
        world = build_world(tenant, _in_schema)
        running_programme(world)
        with _in_schema(tenant):
            outbox_relay()  # sessions, arenas, coaching tracks for the programme
            _component_objects(world)
        tenants[key] = (tenant, world)
    return tenants


def _component_objects(world) -> None:
    """One of each of the components' resources that a programme does not make
    by itself, so that the replay check has another tenant's id to try."""
    from spiral.programs.climate.services import climate_pulse_open
    from spiral.programs.groups.actions import action_add
    from spiral.programs.groups.services import contract_version_add
    from spiral.programs.mentoring.services import profile_save
    from spiral.programs.programmes.models import ComponentInstance

    pulse_instance = ComponentInstance.objects.filter(component__kind="climate_pulse").first()
    if pulse_instance is not None:
        climate_pulse_open(instance=pulse_instance)
    contract_version_add(work_group=world.work_group, rules=["Vi lyssnar klart"])
    action_add(work_group=world.work_group, text="Boka nästa möte")
    profile_save(
        person=world.people["senior"], profession="Sjuksköterska", interests=["ledarskap"],
        languages=["sv"], capacity=2,
    )  # fmt: skip


def _foreign_ids(world) -> dict[str, str]:
    """Public ids of tenant B's objects, one per resource, for the replay check."""
    from spiral.programs.programmes.models import Enrolment, Programme, ProgrammeTemplate
    from spiral.programs.sessions.models import Session

    with _in_schema(world.tenant):
        ids = {
            "people": world.people["staff"].public_id,
            "org-units": world.units["e1"].public_id,
            "work-groups": world.work_group.public_id,
            "management-groups": world.management_group.public_id,
            "programmes": Programme.objects.first().public_id,
            "programme-templates": ProgrammeTemplate.objects.first().public_id,
            "enrolments": Enrolment.objects.first().public_id,
            "sessions": Session.objects.first().public_id,
        }
        # The components' own resources, where the running programme made one.
        for resource, model in COMPONENT_RESOURCES.items():
            found = apps.get_model(model).objects.values_list("public_id", flat=True).first()
            if found is not None:
                ids[resource] = found
    return {resource: str(public_id) for resource, public_id in ids.items()}


# API resource -> the model its {public_id} names (tenant B's first, if any).
COMPONENT_RESOURCES = {
    "arenas": "arenas.Arena",
    "arena-topics": "arenas.Topic",
    "coaching-tracks": "coaching.CoachingTrack",
    "coaching-goals": "coaching.Goal",
    "coaching-notes": "coaching.Note",
    "climate-pulses": "climate.ClimatePulse",
    "feedback-rounds": "feedback.FeedbackRound",
    "group-contracts": "groups.GroupContract",
    "group-meetings": "groups.GroupMeeting",
    "group-actions": "groups.GroupAction",
    "mentor-profiles": "mentoring.MentorProfile",
    "mentorships": "mentoring.Mentorship",
    "supervision-groups": "mentoring.SupervisionGroup",
    "reports": "progress.Report",
    "kpi-values": "progress.KpiValue",
    "milestones": "progress.Milestone",
    "next-steps": "progress.NextStep",
}


def _session_headers(world) -> list[str]:
    """A signed-in HR session (cookie and CSRF token) usable from outside."""
    client = world.client("hr")
    csrf = _get_new_csrf_string()
    cookies = f"sessionid={client.cookies['sessionid'].value}; csrftoken={csrf}"
    return [f"Cookie: {cookies}", f"X-CSRFToken: {csrf}"]


def _token_headers(world) -> list[str]:
    from spiral.api.scopes import SCOPES

    with _in_schema(world.tenant):
        client = integration_client(world.tenant, list(SCOPES))
    return [f"Authorization: {client.defaults['HTTP_AUTHORIZATION']}"]


@pytest.fixture
def contract_server(real_commits, subprocess_env, tmp_path):
    """gunicorn serving the test database; yields its base URL and the tenants."""
    tenants = _provision()
    port = _free_port()
    env = {**subprocess_env, "API_RATE_PER_CLIENT": "100000/minute"}
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "spiral.platform.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "3", "--timeout", "60"],
        cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/healthz", timeout=5)
                break
            except requests.RequestException:  # not up yet
                time.sleep(0.2)
        yield base, tenants, tmp_path
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        connection.set_schema_to_public()
        for tenant, _ in tenants.values():
            Tenant.objects.get(pk=tenant.pk).delete(force_drop=True)


def _fuzz(base, tenant, headers, schema_path, report, foreign_ids) -> subprocess.CompletedProcess:
    examples = os.environ.get("CONTRACT_MAX_EXAMPLES", "12")
    command = [
        str(Path(sys.executable).parent / "st"), "run", str(schema_path), "--url", base,
        "--header", f"Host: {host(tenant)}", *[arg for h in headers for arg in ("--header", h)],
        "--checks", "all", "--exclude-checks", ",".join(LENIENCY_CHECKS),
        "--max-examples", examples, "--workers", "2",
        "--phases", "examples,coverage,fuzzing", "--generation-database", "none",
        "--request-timeout", "30", "--no-color", "--seed", "1",
        "--report", "junit", "--report-junit-path", str(report),
    ]  # fmt: skip
    env = {
        **os.environ,
        "SCHEMATHESIS_HOOKS": "tests.contract.hooks",
        "CONTRACT_FOREIGN_IDS": json.dumps(foreign_ids),
        "PYTHONPATH": str(REPO_ROOT),
    }
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


def _summary(report: Path, done: subprocess.CompletedProcess) -> str:
    """One line per failed operation and check, from the JUnit report."""
    import xml.etree.ElementTree as ET

    if not report.exists():
        return f"{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
    lines = []
    for case in ET.parse(report).iter("testcase"):  # noqa: S314
        for failure in [*case.iter("failure"), *case.iter("error")]:
            text = (failure.get("message") or failure.text or "").strip()
            checks = sorted({ln.strip() for ln in text.splitlines() if ln.strip().startswith("- ")})
            lines.append(f"{case.get('name')}: {'; '.join(checks) or text[:300]}")
    return "\n".join(lines) or done.stdout[-6000:]


def test_the_api_keeps_its_contract_under_a_fuzzer(contract_server):
    base, tenants, tmp_path = contract_server
    (tenant, world), (_, world_b) = tenants["a"], tenants["b"]
    schema = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(schema))
    foreign = _foreign_ids(world_b)
    # The integration first: the HR run may delete its client.
    runs = {
        "integration": _token_headers(world),
        "hr": _session_headers(world),
    }
    failures = []
    for name, headers in runs.items():
        done = _fuzz(base, tenant, headers, schema, tmp_path / f"{name}.xml", foreign)
        if done.returncode != 0:
            failures.append(f"--- as {name} ---\n{_summary(tmp_path / f'{name}.xml', done)}")
    assert not failures, "\n".join(failures)
    with _in_schema(tenant):
        assert User.objects.filter(is_tenant_admin=True).exists()
