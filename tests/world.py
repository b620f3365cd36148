"""A small organisation in tenant A with one person per role, for the
authorization matrix, the isolation suite and the query-count guards."""

from dataclasses import dataclass

from django.test import Client

from spiral.api.integrations.services import api_client_create
from spiral.platform.outbox.relay import outbox_relay
from spiral.programs.org.models import SupportAssignment
from spiral.programs.org.services import philosophy_version_add
from tests.conftest import host
from tests.factories import (
    ManagementGroupFactory,
    OrgUnitFactory,
    PersonFactory,
    WorkGroupFactory,
    login_for,
)


@dataclass
class World:
    tenant: object
    units: dict
    people: dict
    work_group: object
    management_group: object
    clients: dict  # role -> logged-in Client

    def client(self, role: str) -> Client:
        return self.clients[role]


def build_world(tenant, in_tenant) -> World:
    with in_tenant(tenant):
        root = OrgUnitFactory(name="Vård- och omsorgsförvaltningen")
        verksamhet = OrgUnitFactory(name="Hemtjänst", parent=root)
        e1 = OrgUnitFactory(name="Hemtjänst Norr", parent=verksamhet)
        e2 = OrgUnitFactory(name="Hemtjänst Söder", parent=verksamhet)
        people = {
            "hr": PersonFactory(unit=root, is_hr=True),
            "senior": PersonFactory(unit=verksamhet, is_senior_manager=True),
            "manager": PersonFactory(unit=e1, is_first_line_manager=True),
            "staff": PersonFactory(unit=e1),
            "other_staff": PersonFactory(unit=e2),
            "coach": PersonFactory(unit=root, is_coach=True),
        }
        verksamhet.manager = people["senior"]
        verksamhet.save()
        e1.manager = people["manager"]
        e1.save()
        SupportAssignment.objects.create(
            kind="coach", supporter=people["coach"], person=people["other_staff"]
        )
        work_group = WorkGroupFactory(
            unit=e1, leader=people["manager"], members=[people["staff"], people["manager"]]
        )
        management_group = ManagementGroupFactory(
            unit=verksamhet, chair=people["senior"], members=[people["manager"]]
        )
        philosophy_version_add(
            group=management_group, principles=["Vi litar på varandra"], in_force_from="2026-01-01"
        )
        clients = {"anonymous": Client(HTTP_HOST=host(tenant))}
        for role, person in people.items():
            client = Client(HTTP_HOST=host(tenant))
            client.force_login(login_for(person))
            clients[role] = client
        units = {"root": root, "verksamhet": verksamhet, "e1": e1, "e2": e2}
        clients["integration"] = integration_client(
            tenant,
            [
                f"{family}:{access}"
                for family in ("org", "people", "programmes")
                for access in ("read", "write")
            ],
        )
        clients["reader"] = integration_client(
            tenant, ["org:read", "people:read", "programmes:read"]
        )
        outbox_relay()  # what the world's making published is done, as a worker would
    return World(tenant, units, people, work_group, management_group, clients)


def integration_client(tenant, scopes: list[str]) -> Client:
    """A Client carrying an OAuth2 client-credentials token of the tenant."""
    _, secret = api_client_create(name="HR-system", scopes=scopes)
    from spiral.api.models import ApiClient

    client_id = ApiClient.objects.latest("id").application.client_id
    client = Client(HTTP_HOST=host(tenant))
    response = client.post(
        "/api/oauth/token/",
        {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    assert response.status_code == 200, response.content
    token = response.json()["access_token"]
    return Client(HTTP_HOST=host(tenant), HTTP_AUTHORIZATION=f"Bearer {token}")


def running_programme(world: World, *, owner: str = "hr"):
    """The first-line-manager programme, activated in the world's tenant: its
    one participant is the manager."""
    from django_tenants.utils import schema_context

    from spiral.programs.programmes.models import ProgrammeTemplate
    from spiral.programs.programmes.services import programme_activate, programme_create

    with schema_context(world.tenant.schema_name):
        programme = programme_create(
            name="Chefsprogram", template=ProgrammeTemplate.objects.get(key="first-line-managers"),
            owner=world.people[owner], starts_on="2027-01-01", ends_on="2027-12-31",
            target_roles=["first_line_manager"],
        )  # fmt: skip
        programme_activate(programme=programme)
    return programme
