"""Every role, every endpoint, read and write, generated from one table.

Roles: hr (tenant admin), senior (manages Hemtjänst, so Norr and Söder too),
manager (first-line manager of Norr, leads its work group), staff (in Norr, in
the work group), other_staff (in Söder, coached by coach), coach, integration
(all scopes), reader (read scopes only), anonymous.
"""

import pytest

ROLES = ["hr", "senior", "manager", "staff", "other_staff", "coach"]
ROLES += ["integration", "reader", "anonymous"]

# Who each role sees in GET /people/.
VISIBLE_PEOPLE = {
    "hr": {"hr", "senior", "manager", "staff", "other_staff", "coach"},
    "senior": {"senior", "manager", "staff", "other_staff"},
    "manager": {"manager", "staff"},
    "staff": {"staff"},
    "other_staff": {"other_staff"},
    "coach": {"coach", "other_staff"},
    "integration": {"hr", "senior", "manager", "staff", "other_staff", "coach"},
    "reader": {"hr", "senior", "manager", "staff", "other_staff", "coach"},
}
# Who sees the work group (Norr's) and the management group (Hemtjänst's).
SEES_WORK_GROUP = {"hr", "senior", "manager", "staff", "integration", "reader"}
SEES_MANAGEMENT_GROUP = {"hr", "senior", "manager", "integration", "reader"}
EVERYONE = set(ROLES) - {"anonymous"}


def _status(role, *, visible: bool, allowed: bool, ok: int) -> int:
    if role == "anonymous":
        return 401
    if not visible:
        return 404
    return ok if allowed else 403


# (endpoint, operation) -> expected status per role
def _table():
    for role in ROLES:
        admin = role in {"hr", "integration"}
        yield role, "org-units list", _status(role, visible=True, allowed=role in EVERYONE, ok=200)
        yield role, "org-units create", _status(role, visible=True, allowed=admin, ok=201)
        yield role, "org-units update", _status(role, visible=True, allowed=admin, ok=200)
        yield role, "people list", _status(role, visible=True, allowed=True, ok=200)
        yield role, "people create", _status(role, visible=True, allowed=admin, ok=201)
        sees_staff = role in {"hr", "senior", "manager", "staff", "integration", "reader"}
        yield role, "people retrieve staff", _status(role, visible=sees_staff, allowed=True, ok=200)
        yield role, "people update staff", _status(role, visible=sees_staff, allowed=admin, ok=200)
        yield role, "work-groups create", _status(role, visible=True, allowed=admin, ok=201)
        yield (
            role,
            "work-groups update",
            _status(
                role, visible=role in SEES_WORK_GROUP, allowed=admin or role == "manager", ok=200
            ),
        )
        yield (
            role,
            "management-groups update",
            _status(
                role,
                visible=role in SEES_MANAGEMENT_GROUP,
                allowed=admin or role == "senior",
                ok=200,
            ),
        )
        yield (
            role,
            "management-groups philosophy",
            _status(
                role,
                visible=role in SEES_MANAGEMENT_GROUP,
                allowed=admin or role == "senior",
                ok=201,
            ),
        )
        yield role, "imports people", _status(role, visible=True, allowed=admin, ok=200)
        yield role, "api-clients list", _status(role, visible=True, allowed=role == "hr", ok=200)
        yield role, "programmes list", _status(role, visible=True, allowed=True, ok=200)
        yield role, "programmes create", _status(role, visible=True, allowed=admin, ok=201)
        yield role, "programme-templates copy", _status(role, visible=True, allowed=admin, ok=201)


CSV = "anställnings-id;förnamn;efternamn;enhets-id\nN1;Nils;Nyman;NY\n"


def _call(world, operation: str):
    client = world.client(operation.role)
    units, people = world.units, world.people
    staff = f"/api/v1/people/{people['staff'].public_id}/"
    wg = f"/api/v1/work-groups/{world.work_group.public_id}/"
    mg = f"/api/v1/management-groups/{world.management_group.public_id}/"
    json = "application/json"
    calls = {
        "org-units list": lambda: client.get("/api/v1/org-units/"),
        "org-units create": lambda: client.post(
            "/api/v1/org-units/", {"name": "Ny", "parent": str(units["e2"].public_id)}, json
        ),
        "org-units update": lambda: client.patch(
            f"/api/v1/org-units/{units['e2'].public_id}/", {"name": "Söder 2"}, json
        ),
        "people list": lambda: client.get("/api/v1/people/"),
        "people create": lambda: client.post(
            "/api/v1/people/",
            {"external_id": "X1", "given_name": "Ny", "family_name": "Person"},
            json,
        ),
        "people retrieve staff": lambda: client.get(staff),
        "people update staff": lambda: client.patch(staff, {"title": "Undersköterska"}, json),
        "work-groups create": lambda: client.post("/api/v1/work-groups/", {"name": "Ny"}, json),
        "work-groups update": lambda: client.patch(wg, {"name": "Norr dag"}, json),
        "management-groups update": lambda: client.patch(mg, {"name": "LG"}, json),
        "management-groups philosophy": lambda: client.post(
            f"{mg}philosophy-versions/",
            {"principles": ["Vi ger återkoppling"], "in_force_from": "2026-06-01"},
            json,
        ),
        "imports people": lambda: client.post(
            "/api/v1/imports/people/", {"file": _upload(), "dry_run": "true"}
        ),
        "api-clients list": lambda: client.get("/api/v1/api-clients/"),
        "programmes list": lambda: client.get("/api/v1/programmes/"),
        "programmes create": lambda: client.post("/api/v1/programmes/", {"name": "P"}, json),
        "programme-templates copy": lambda: client.post(
            f"/api/v1/programme-templates/{_template_id(world)}/copy/", {}, json
        ),
    }
    return calls[operation.name]()


def _template_id(world):
    from django_tenants.utils import schema_context

    from spiral.programs.programmes.models import ProgrammeTemplate

    with schema_context(world.tenant.schema_name):
        return ProgrammeTemplate.objects.get(key="mentoring").public_id


def _upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("hr.csv", CSV.encode(), content_type="text/csv")


class Operation:
    def __init__(self, role, name):
        self.role, self.name = role, name


@pytest.mark.parametrize(
    "role, operation, expected", list(_table()), ids=[f"{r}:{o}" for r, o, _ in _table()]
)
def test_authorization_matrix(world, role, operation, expected):
    response = _call(world, Operation(role, operation))
    # The reader integration has no write scopes: its writes are refused (403)
    # for objects it can see.
    if role == "reader" and operation.split()[1] not in {"list", "retrieve"}:
        expected = 403 if expected in {200, 201} else expected
    assert response.status_code == expected, response.content[:300]


@pytest.mark.parametrize("role", sorted(VISIBLE_PEOPLE))
def test_people_lists_hold_exactly_what_the_role_may_see(world, role):
    response = world.client(role).get("/api/v1/people/")
    ids = {row["id"] for row in response.json()["results"]}
    expected = {str(world.people[name].public_id) for name in VISIBLE_PEOPLE[role]}
    assert ids == expected
